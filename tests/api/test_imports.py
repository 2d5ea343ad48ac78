"""Importing a written report through the API: multipart or text, If-Match, dry runs, problems."""

import pytest
from rest_framework.authtoken.models import Token

from gsef_sessions.models import Session
from tests.domain.test_report_import import SEED, projection, report_of
from tests.factories import UserFactory, empty_gsef_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def target(api, gsef_2020):
    rapporteur = UserFactory(groups=["Rapporteurs"])
    session = empty_gsef_session(rapporteur=rapporteur)
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=rapporteur).key}")
    etag = api.get("/api/sessions/gsef-2020/imported/?language=en").headers["ETag"]
    return session, etag


URL = "/api/sessions/gsef-2020/imported/import/"


def test_import_dry_run_answers_the_report_and_writes_nothing(api, target):
    session, etag = target
    with SEED.open("rb") as upload:
        response = api.post(f"{URL}?dry_run=1", {"file": upload}, format="multipart", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["written"] is False
    assert projection(body["report"]) == projection(report_of(Session.objects.get(slug="plenary-3")))
    assert [(p["name"], p["status"]) for p in body["people"]][:2] == [
        ("Marisol Fernández Alonso", "matched"),
        ("Soledad Aragón Martínez", "matched"),
    ]
    assert Session.objects.get(pk=session.pk).participations.count() == 0


def test_import_writes_the_report_with_a_new_etag(api, target):
    session, etag = target
    with SEED.open("rb") as upload:
        response = api.post(URL, {"file": upload}, format="multipart", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.json()
    assert response.json()["written"] is True
    assert response.headers["ETag"] != etag
    assert projection(report_of(session)) == projection(report_of(Session.objects.get(slug="plenary-3")))


def test_import_text_as_json(api, target):
    _session, etag = target
    text = (
        "Name of the moderator:\n\nMarisol Fernández Alonso, Director\n\n"
        "Introduction\n\nMarisol Fernández Alonso\n\n- Hi.\n"
    )
    response = api.post(f"{URL}?dry_run=1", {"text": text}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.json()
    assert response.json()["report"]["rounds"][0]["contributions"][0]["points"][0]["text"] == "Hi."


def test_import_without_if_match_is_428(api, target):
    with SEED.open("rb") as upload:
        response = api.post(URL, {"file": upload}, format="multipart")
    assert response.status_code == 428


def test_import_of_an_image_is_400_and_writes_nothing(api, target):
    session, etag = target
    response = api.post(URL, {"text": ""}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 400
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = api.post(URL, {"file": SimpleUploadedFile("report.docx", png)}, format="multipart", HTTP_IF_MATCH=etag)
    assert response.status_code == 400
    assert list(response.json()) == ["file"]
    assert session.participations.count() == 0


@pytest.mark.parametrize("format", ["multipart", "json"])
def test_import_file_that_is_no_upload_is_400_and_writes_nothing(api, target, format):
    session, etag = target
    response = api.post(URL, {"text": "", "file": "https://u0.io"}, format=format, HTTP_IF_MATCH=etag)
    assert (response.status_code, response.json()) == (
        400,
        {"file": ["Send the file as a multipart upload, or its text as text."]},
    )
    assert session.participations.count() == 0


def test_import_of_a_document_without_a_report_is_400_with_problems(api, target):
    _session, etag = target
    response = api.post(URL, {"text": "Nothing here."}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 400
    assert [p["message"] for p in response.json()["problems"] if p["blocking"]] == [
        "Nothing in this document reads as a report."
    ]


def test_import_anonymous_is_401(api, target):
    api.credentials()
    response = api.post(URL, {"text": "x"}, format="json", HTTP_IF_MATCH='"x"')
    assert response.status_code == 401


def test_import_in_a_language_the_site_lacks_is_400_and_writes_nothing(api, target):
    session, etag = target
    response = api.post(f"{URL}?dry_run=1", {"text": "Round 1\n", "language": "xx"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 400
    assert response.json() == {"detail": ["“xx” is not one of this site's languages: en, es, fr."]}
    assert session.participations.count() == 0


def test_import_match_without_an_id_is_400(api, target):
    _session, etag = target
    response = api.post(URL, {"text": "Round 1\n", "match": ["Audrey Tang"]}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 400
    assert response.json() == {"match": ["Write each as NAME=UUID."]}

"""Writing reports through the API: token sign-in, If-Match, Content-Language, field-keyed 400s,
matching by id, and who may write what (the permission matrix)."""

import datetime
import json
import uuid

import pytest
from rest_framework.authtoken.models import Token

from gsef_sessions.domain.versioning import touch
from gsef_sessions.enums import SessionStatus
from gsef_sessions.models import Forum, Point, Session
from tests.api.conftest import report
from tests.factories import ForumFactory, UserFactory

pytestmark = pytest.mark.django_db

SEED = "/api/sessions/gsef-2020/plenary-3/"


def detail_url(session):
    return f"/api/sessions/{session.forum.slug}/{session.slug}/"


def sign_in(api, user):
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")


def as_written(data):
    """A report as read (GET), turned into what a write takes: references by id or slug."""
    return {
        **{
            key: data[key]
            for key in (
                "slug",
                "number",
                "title",
                "subtitle",
                "description",
                "starts_at",
                "ends_at",
                "interpretation_languages",
                "platforms",
                "room",
                "original_language",
                "rounds",
                "qa",
                "key_takeaways",
                "calls_to_action",
                "materials",
                "not_recorded",
                "attendance",
                "credits",
            )
        },
        "kind": data["kind"]["slug"],
        "participants": [
            {**part, "person": part["person"]["uuid"], "organization": (part["organization"] or {}).get("slug")}
            for part in data["participants"]
        ],
        "sponsors": [{"organization": s["organization"]["slug"]} for s in data["sponsors"] if s["role"] == "session"],
    }


@pytest.fixture
def organiser(api, gsef_2020):
    """Signed in with a token, organiser of GSEF 2020."""
    user = UserFactory(groups=["Organisers"])
    Forum.objects.get(slug="gsef-2020").organisers.add(user)
    sign_in(api, user)
    return user


def test_the_seed_report_read_and_written_back_is_unchanged(api, organiser):
    read = api.get(SEED)
    response = api.put(SEED, as_written(read.json()), format="json", HTTP_IF_MATCH=read["ETag"])
    # Nothing changed: the same version, whose PDF was never asked for.
    assert (response.status_code, response["ETag"]) == (200, 'W/"1-en;pdf-en=missing"')
    assert {**response.json(), "pdfs": None} == {**read.json(), "pdfs": None}


def test_a_write_keeps_ids_and_other_languages_and_answers_the_new_version(api, organiser):
    read = api.get(SEED)
    data = as_written(read.json())
    point = data["rounds"][1]["contributions"][0]["points"][0]
    point["text"] = "Edited."
    spanish = api.patch(
        SEED, {"title": "Nueva era digital"}, format="json", HTTP_IF_MATCH=read["ETag"], HTTP_CONTENT_LANGUAGE="es"
    )
    # The write asked for both languages' PDFs again; If-Match compares the version and language only.
    assert (spanish.status_code, spanish["ETag"], spanish["Content-Language"]) == (
        200,
        'W/"2-es;pdf-en=pending;pdf-es=pending"',
        "es",
    )
    response = api.put(SEED, data, format="json", HTTP_IF_MATCH='W/"2-en"')
    assert (response.status_code, response["ETag"]) == (200, 'W/"3-en;pdf-en=pending;pdf-es=pending"')
    assert Point.objects.get(uuid=point["uuid"]).safe_translation_getter("text", language_code="en") == "Edited."
    assert api.get(SEED, {"lang": "es"}).json()["title"] == "Nueva era digital"
    assert api.get(SEED).json()["title"] == "New Digitalization Era and the Future of Work"


def test_guiding_questions_reordered_by_id_keep_their_other_languages(api, organiser):
    rnd = api.get(SEED).json()["rounds"][1]
    first, second = rnd["guiding_questions"]
    spanish = [{"uuid": first["uuid"], "text": "¿Oportunidades?"}, {"uuid": second["uuid"], "text": "¿Gobierno?"}]
    api.patch(
        SEED,
        {"title": "Nueva era digital", "rounds": [{"uuid": rnd["uuid"], "guiding_questions": spanish}]},
        format="json",
        HTTP_IF_MATCH='W/"1-en"',
        HTTP_CONTENT_LANGUAGE="es",
    )
    reordered = [{"uuid": second["uuid"], "order": 1}, {"uuid": first["uuid"], "order": 2}]
    response = api.patch(
        SEED,
        {"rounds": [{"uuid": rnd["uuid"], "guiding_questions": reordered}]},
        format="json",
        HTTP_IF_MATCH='W/"2-en"',
    )
    assert response.status_code == 200, response.json()
    assert response.json()["rounds"][1]["guiding_questions"] == [{**second, "order": 1}, {**first, "order": 2}]
    in_spanish = api.get(SEED, {"lang": "es"}).json()["rounds"][1]["guiding_questions"]
    assert [(q["uuid"], q["text"]) for q in in_spanish] == [
        (second["uuid"], "¿Gobierno?"),
        (first["uuid"], "¿Oportunidades?"),
    ]


def test_a_guiding_question_listed_twice_is_400_keyed_by_its_path(api, organiser):
    rnd = api.get(SEED).json()["rounds"][1]
    first = rnd["guiding_questions"][0]
    twice = [first, {**first, "order": 3}]
    response = api.patch(
        SEED, {"rounds": [{"uuid": rnd["uuid"], "guiding_questions": twice}]}, format="json", HTTP_IF_MATCH='W/"1-en"'
    )
    assert (response.status_code, response.json()) == (
        400,
        {"rounds.0.guiding_questions.1.uuid": ["This item is listed twice."]},
    )
    assert api.get(SEED).json()["rounds"][1] == rnd


def test_a_write_without_if_match_is_428(api, organiser):
    for headers in ({}, {"HTTP_IF_MATCH": "*"}):
        response = api.patch(SEED, {"title": "Blind"}, format="json", **headers)
        assert response.status_code == 428
        assert "If-Match" in response.json()["detail"]


def test_a_stale_write_is_412_with_the_current_etag_and_loses_nothing(api, organiser):
    read = api.get(SEED)
    first = api.patch(SEED, {"subtitle": "First"}, format="json", HTTP_IF_MATCH=read["ETag"])
    second = api.patch(SEED, {"subtitle": "Second"}, format="json", HTTP_IF_MATCH=read["ETag"])
    assert (second.status_code, second["ETag"]) == (412, first["ETag"])
    assert api.get(SEED).json()["subtitle"] == "First"
    # Changed elsewhere (e.g. in the admin) after the client read it: stale too.
    touch(session=Session.objects.get(slug="plenary-3"))
    assert api.patch(SEED, {"subtitle": "Third"}, format="json", HTTP_IF_MATCH=first["ETag"]).status_code == 412


def test_a_write_overtaken_while_it_was_checked_is_412_too(api, organiser, monkeypatch):
    # Another write commits between the If-Match check and the lock: the domain's check refuses it.
    monkeypatch.setattr(
        "gsef_sessions.api.views.if_match_version", lambda request, session, language: session.version - 1
    )
    response = api.patch(SEED, {"title": "Racing"}, format="json", HTTP_IF_MATCH='W/"1-en"')
    assert (response.status_code, response["ETag"]) == (412, 'W/"1-en;pdf-en=missing"')
    assert api.get(SEED).json()["title"] != "Racing"


def test_the_if_match_language_is_that_of_the_report_as_read(api, organiser):
    # The report has no Spanish yet: read in Spanish, it is shown (and tagged) in English.
    etag = api.get(SEED, {"lang": "es"})["ETag"]
    assert etag == 'W/"1-en;pdf-en=missing"'
    response = api.patch(SEED, {"title": "Nueva era"}, format="json", HTTP_IF_MATCH=etag, HTTP_CONTENT_LANGUAGE="es")
    assert (response.status_code, response["ETag"]) == (200, 'W/"2-es;pdf-en=pending;pdf-es=pending"')


def test_content_language_must_be_one_of_the_sites(api, organiser):
    response = api.patch(SEED, {"title": "Titel"}, format="json", HTTP_IF_MATCH='W/"1-en"', HTTP_CONTENT_LANGUAGE="de")
    assert (response.status_code, list(response.json())) == (400, ["Content-Language"])


def test_invalid_data_is_400_keyed_by_the_apis_field_paths(api, organiser):
    data = as_written(api.get(SEED).json())
    nobody = str(uuid.uuid4())
    data["participants"][0]["organization"] = "no-such-organisation"
    data["rounds"][1]["contributions"][0]["points"][0]["children"] = [{"text": ""}]
    data["qa"]["questions"] = [{"text": "?", "is_answered": True, "answered_by": nobody}]
    data["interpretation_languages"] = ["de"]
    response = api.put(SEED, data, format="json", HTTP_IF_MATCH='W/"1-en"')
    assert (response.status_code, response.json()) == (
        400,
        {"rounds.1.contributions.0.points.0.children.0.text": ["This field may not be blank."]},
    )
    data["rounds"][1]["contributions"][0]["points"][0]["children"] = []
    response = api.put(SEED, data, format="json", HTTP_IF_MATCH='W/"1-en"')
    assert (response.status_code, response.json()) == (
        400,
        {
            "interpretation_languages": ["Not among the forum's languages: de."],
            "participants.0.organization": ["Unknown organisation: “no-such-organisation”."],
            "qa.questions.0.answered_by": [f"Unknown participant: “{nobody}”."],
        },
    )
    assert api.get(SEED)["ETag"] == 'W/"1-en;pdf-en=missing"'


def test_malformed_bodies_are_400(api, organiser):
    for body in ("[1]", "{", '{"rounds": {"a": 1}}'):
        response = api.patch(SEED, body, content_type="application/json", HTTP_IF_MATCH='W/"1-en"')
        assert response.status_code == 400, body
    assert (
        api.patch(
            SEED, "title=x", content_type="application/x-www-form-urlencoded", HTTP_IF_MATCH='W/"1-en"'
        ).status_code
        == 415
    )


def test_organisers_add_sessions_with_their_report(api, organiser):
    data = {
        "forum": "gsef-2020",
        "slug": "workshop-1",
        "kind": "plenary",
        "title": "Taller",
        "original_language": "es",
        "starts_at": "2020-10-22T09:00:00",
        "participants": [
            {"uuid": str(uuid.uuid4()), "person": api.get(SEED).json()["participants"][0]["person"]["uuid"]}
        ],
    }
    response = api.post("/api/sessions/", data, format="json")
    assert response.status_code == 201, response.json()
    assert (response["Location"], response["ETag"], response["Content-Language"]) == (
        "http://127.0.0.1:8000/api/sessions/gsef-2020/workshop-1/",
        'W/"2-es;pdf-es=pending"',
        "es",
    )
    assert response.json()["starts_at"] == "2020-10-22T14:00:00Z"  # 9:00 in Mexico City
    assert response.json()["participants"][0]["uuid"] == data["participants"][0]["uuid"]
    again = api.post("/api/sessions/", data, format="json").json()
    assert again == {"non_field_errors": ["This forum already has a session with this slug."]}
    elsewhere = api.post("/api/sessions/", {**data, "forum": ForumFactory().slug}, format="json")
    assert (elsewhere.status_code, list(elsewhere.json())) == (400, ["forum"])


def test_token_sign_in_and_anonymous_writes(api, gsef_2020):
    anonymous = api.patch(SEED, {"title": "?"}, format="json", HTTP_IF_MATCH='W/"1-en"')
    assert (anonymous.status_code, anonymous["WWW-Authenticate"]) == (401, "Token")
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert api.patch(SEED, {"title": "?"}, format="json", HTTP_IF_MATCH='W/"1-en"').status_code == 401
    # Every endpoint, reads too, says so with a 401 (not the 403 DRF gives when session sign-in comes first).
    for url in (SEED, "/api/forums/", "/api/people/", "/api/forums/gsef-2020/calendar.ics"):
        response = api.get(url)
        assert (response.status_code, response["WWW-Authenticate"]) == (401, "Token"), url


def test_the_schema_documents_every_answer_of_the_writes(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    detail = schema["paths"]["/api/sessions/{forum_slug}/{session_slug}/"]
    for method in ("put", "patch"):
        assert set(detail[method]["responses"]) == {
            "200",
            "400",
            "401",
            "403",
            "404",
            "412",
            "413",
            "415",
            "428",
            "429",
        }
        headers = {p["name"]: p for p in detail[method]["parameters"] if p["in"] == "header"}
        assert headers["If-Match"]["required"] and headers["Content-Language"]["schema"]["enum"] == ["en", "es", "fr"]
        assert "application/json" in detail[method]["requestBody"]["content"]
    post = schema["paths"]["/api/sessions/"]["post"]
    assert set(post["responses"]) == {"201", "400", "401", "403", "413", "415", "429"}
    assert post["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/SessionCreate")
    assert {"200", "304", "404", "429"} <= set(detail["get"]["responses"])


# --- The permission matrix: who may write which report -------------------------------------------

STATUSES = [SessionStatus.DRAFT, SessionStatus.IN_REVIEW, SessionStatus.PUBLISHED, SessionStatus.UNPUBLISHED]
WRITERS = ["anonymous", "assigned", "unassigned", "organiser"]


def expected(writer, method, status):
    if writer == "anonymous":
        return 401
    if method == "POST":
        return 201 if writer == "organiser" else 403
    if writer == "organiser" or (writer == "assigned" and status in (SessionStatus.DRAFT, SessionStatus.IN_REVIEW)):
        return 200
    # Seen (published, or behind the scenes) but not editable: 403; not seen at all: 404.
    return 403 if writer == "assigned" or status == SessionStatus.PUBLISHED else 404


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("method", ["PUT", "PATCH", "POST"])
@pytest.mark.parametrize("writer", WRITERS)
def test_matrix(api, people, writer, method, status):
    forum = ForumFactory(organisers=[people["organiser"]])
    session = report(status=status, forum=forum, rapporteurs=[people["assigned"]], slug="report")
    if people[writer]:
        sign_in(api, people[writer])
    essentials = {"slug": "report", "kind": "plenary", "title": "Rewritten", "starts_at": "2020-10-21T08:30:00-05:00"}
    if method == "POST":
        response = api.post("/api/sessions/", {**essentials, "forum": forum.slug, "slug": "new"}, format="json")
    else:
        send = api.put if method == "PUT" else api.patch
        response = send(detail_url(session), essentials, format="json", HTTP_IF_MATCH=f'W/"{session.version}-en"')
    assert response.status_code == expected(writer, method, status)
    written = Session.objects.filter(translations__title="Rewritten").exists()
    assert written == (response.status_code in (200, 201))


def test_times_keep_their_offsets(api, people):
    session = report(status=SessionStatus.DRAFT, forum=ForumFactory(organisers=[people["organiser"]]))
    sign_in(api, people["organiser"])
    response = api.patch(
        detail_url(session),
        {"ends_at": "2020-10-21T17:00:00+02:00"},
        format="json",
        HTTP_IF_MATCH=f'W/"{session.version}-en"',
    )
    assert Session.objects.get().ends_at == datetime.datetime(2020, 10, 21, 15, 0, tzinfo=datetime.UTC)
    assert response.json()["ends_at"] == "2020-10-21T15:00:00Z"


def unprintable(code, position):
    return (
        f"Remove the character U+{code} at position {position}: a control character or non-character, "
        "which no page, feed or PDF can show."
    )


def test_control_characters_are_400_keyed_by_field_and_write_nothing(api, organiser):
    data = {
        "forum": "gsef-2020",
        "slug": "workshop-1",
        "kind": "plenary",
        "title": "Ctrl\u0001title",
        "starts_at": "2020-10-22T09:00:00",
    }
    response = api.post("/api/sessions/", data, format="json")
    assert (response.status_code, response.json()) == (400, {"title": [unprintable("0001", 5)]})
    assert not Session.objects.filter(slug="workshop-1").exists()
    rnd = api.get(SEED).json()["rounds"][1]
    patch = {
        "subtitle": "Two\nlines",
        "description": "Tabs\tand\nlines\r\nstay.",
        "rounds": [
            {
                "uuid": rnd["uuid"],
                "guiding_questions": [{"text": "Why\uffff?"}],
                "contributions": [{"uuid": rnd["contributions"][0]["uuid"], "points": [{"text": "a\ud800"}]}],
            }
        ],
    }
    # A lone surrogate can only come escaped, as JSON allows.
    response = api.patch(SEED, json.dumps(patch), content_type="application/json", HTTP_IF_MATCH='W/"1-en"')
    assert (response.status_code, response.json()) == (
        400,
        {
            "subtitle": ["Tabs and line breaks are not allowed here (position 4)."],
            "rounds.0.guiding_questions.0.text": [unprintable("FFFF", 4)],
            # DRF's own check says it too.
            "rounds.0.contributions.0.points.0.text": [
                unprintable("D800", 2),
                "Surrogate characters are not allowed: U+D800.",
            ],
        },
    )
    assert api.get(SEED)["ETag"] == 'W/"1-en;pdf-en=missing"'
    response = api.patch(SEED, {"description": "Tabs\tand\nlines\r\nstay."}, format="json", HTTP_IF_MATCH='W/"1-en"')
    assert (response.status_code, response.json()["description"]) == (200, "Tabs\tand\nlines\r\nstay.")


def test_a_new_item_with_an_id_taken_in_a_report_the_writer_cannot_see_is_400_without_saying_so(api, organiser):
    hidden = report(status=SessionStatus.DRAFT).participations.get()
    person = api.get(SEED).json()["participants"][0]["person"]["uuid"]
    response = api.patch(
        SEED, {"participants": [{"uuid": str(hidden.uuid), "person": person}]}, format="json", HTTP_IF_MATCH='W/"1-en"'
    )
    assert (response.status_code, response.json()) == (
        400,
        {
            "participants.0.uuid": ["This id cannot be used for a new item: leave it out, or choose another."],
        },
    )


@pytest.mark.parametrize("moment", ["9999-12-31T17:00:00", "2201-06-01T00:00:00Z", "1899-12-31T12:00:00"])
def test_a_far_start_is_400_keyed_by_field_and_writes_nothing(api, organiser, moment):
    response = api.patch(SEED, {"starts_at": moment}, format="json", HTTP_IF_MATCH='W/"1-en"')
    assert (response.status_code, response.json()) == (
        400,
        {"starts_at": ["Enter a date between the years 1900 and 2200."]},
    )
    assert api.get(SEED)["ETag"] == 'W/"1-en;pdf-en=missing"'

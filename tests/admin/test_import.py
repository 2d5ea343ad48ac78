"""The session page's "Import a report": preview, then confirm or cancel."""

import re

import pytest

from gsef_sessions.models import Person, Session
from tests.domain.test_report_import import SEED, projection, report_of
from tests.factories import PersonFactory, UserFactory, empty_gsef_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def target(client, gsef_2020):
    rapporteur = UserFactory(groups=["Rapporteurs"], is_staff=True)
    session = empty_gsef_session(rapporteur=rapporteur)
    client.force_login(rapporteur)
    return session


def url(session):
    return f"/admin/gsef_sessions/session/{session.pk}/import/"


def preview(client, session):
    with SEED.open("rb") as upload:
        response = client.post(url(session), {"file": upload, "language": "en", "preview": "1"})
    assert response.status_code == 200
    return response


def test_import_change_page_links_to_the_import(client, target):
    response = client.get(f"/admin/gsef_sessions/session/{target.pk}/change/")
    assert f'<a href="{url(target)}">Import a report</a>' in response.content.decode()


def test_import_preview_shows_people_problems_and_report_and_writes_nothing(client, target):
    page = preview(client, target).content.decode()
    assert "Line 5: Not part of the report&#x27;s header: left out. <q>BIENESTAR INAES</q>" in page
    assert "<td>Audrey Tang</td><td>panelist 4</td><td>Digital Minister, Taiwan</td>\n<td>found</td>" in page
    assert "Today, a large proportion of Africans are in their twenties" in page
    assert target.participations.count() == 0


def test_import_confirm_writes_the_report(client, target):
    signed = re.search(r'name="document" value="([^"]+)"', preview(client, target).content.decode()).group(1)
    people = Person.objects.count()
    response = client.post(url(target), {"document": signed, "names": "{}", "confirm": "1"})
    assert response.status_code == 302
    assert Person.objects.count() == people
    assert projection(report_of(target)) == projection(report_of(Session.objects.get(slug="plenary-3")))


def test_import_confirm_asks_which_person_an_ambiguous_name_is(client, target):
    twin = PersonFactory(given_name="Audrey", family_name="Tang")
    page = preview(client, target).content.decode()
    assert f'<option value="{twin.uuid}">Audrey Tang</option>' in page
    signed = re.search(r'name="document" value="([^"]+)"', page).group(1)
    names = '{"Audrey Tang": ""}'
    response = client.post(url(target), {"document": signed, "names": names, "confirm": "1"})
    assert response.status_code == 200
    assert target.participations.count() == 0
    response = client.post(
        url(target), {"document": signed, "names": names, "match-Audrey Tang": str(twin.uuid), "confirm": "1"}
    )
    assert response.status_code == 302
    assert target.participations.filter(person=twin).count() == 1


def test_import_tampered_document_writes_nothing(client, target):
    response = client.post(url(target), {"document": "forged", "names": "{}", "confirm": "1"})
    assert response.status_code == 302
    assert target.participations.count() == 0


def test_import_form_refuses_a_non_document(client, target):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("report.docx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    response = client.post(url(target), {"file": upload, "language": "en", "preview": "1"})
    assert response.status_code == 200
    assert 'class="errornote"' in response.content.decode()
    assert target.participations.count() == 0

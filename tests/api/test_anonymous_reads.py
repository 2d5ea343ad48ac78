"""Anonymous reads of a report, a website's readers and its CDN asking again and again: an ordinary
DRF request (authentication, content negotiation, throttles), a conditional GET on the version
ETag, and the report's JSON bytes stored per (version, language), so that a change is seen at once."""

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.renderers import JSONRenderer

from gsef_sessions.domain import read_model
from gsef_sessions.domain.versioning import touch
from gsef_sessions.enums import SessionStatus
from gsef_sessions.models import Session
from tests.api.conftest import report
from tests.api.test_writes import sign_in
from tests.domain.test_read_model import rich_report
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CURRENT = 'W/"1-en;pdf-en=missing"'


def detail_url(session):
    return f"/api/sessions/{session.forum.slug}/{session.slug}/"


def test_anonymous_read_is_the_stored_report_with_its_headers(api):
    session = report(original_language="en")
    first, stored = api.get(detail_url(session)), api.get(detail_url(session))
    pdfs = [
        {
            "language": "en",
            "status": "missing",
            "url": f"http://127.0.0.1:8000/{session.forum.slug}/{session.slug}/report.en.pdf",
        }
    ]
    built = read_model.build_reports([session.pk], requested="en")[session.pk]
    assert (first.status_code, stored.status_code) == (200, 200)
    assert stored.content == first.content == JSONRenderer().render({**built, "pdfs": pdfs})
    assert {name: stored[name] for name in stored.headers if name not in ("Content-Length",)} == {
        "Allow": "GET, PUT, PATCH, HEAD, OPTIONS",
        "Cache-Control": "public, max-age=60, s-maxage=300, stale-while-revalidate=60",
        "Content-Language": "en",
        "Content-Type": "application/json",
        "Cross-Origin-Opener-Policy": "same-origin",
        "ETag": CURRENT,
        "Referrer-Policy": "same-origin",
        "Vary": "Accept, Accept-Language, Authorization, Cookie",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
    }


@pytest.mark.parametrize(
    ("headers", "status", "etag"),
    [
        ({}, 200, CURRENT),
        ({"QUERY_STRING": "lang=es"}, 200, CURRENT),  # not written in Spanish: its own language
        ({"HTTP_ACCEPT_LANGUAGE": "fr"}, 200, CURRENT),
        ({"HTTP_ACCEPT": "application/json"}, 200, CURRENT),
        ({"HTTP_ACCEPT": "*/*"}, 200, CURRENT),
        ({"HTTP_IF_NONE_MATCH": CURRENT}, 304, CURRENT),
        ({"HTTP_IF_NONE_MATCH": 'W/"0-en"'}, 200, CURRENT),
        ({"HTTP_IF_MATCH": 'W/"0-en"'}, 412, None),
    ],
    ids=["plain", "lang", "accept-language", "accept-json", "accept-any", "current-etag", "old-etag", "if-match"],
)
def test_anonymous_read_answers_conditional_gets_on_the_version(api, headers, status, etag):
    response = api.get(detail_url(report(original_language="en")), **headers)
    assert (response.status_code, response.get("ETag")) == (status, etag)


def test_anonymous_read_negotiates_as_drf_does_and_signed_in_readers_see_drafts(api):
    draft = report(status=SessionStatus.DRAFT)
    organiser = UserFactory(groups=["Organisers"])
    draft.forum.organisers.add(organiser)
    published = report()
    assert api.get(detail_url(published), HTTP_ACCEPT="text/html")["Content-Type"] == "text/html; charset=utf-8"
    assert api.get(detail_url(published), {"format": "json"}).json()["slug"] == published.slug
    assert api.get(detail_url(published), HTTP_ACCEPT="application/json; indent=2").content.startswith(b"{\n  ")
    assert api.get(detail_url(published), HTTP_ACCEPT="application/xml").status_code == 406
    assert api.get(detail_url(draft)).status_code == 404
    sign_in(api, organiser)
    assert api.get(detail_url(draft)).json()["status"] == "draft"
    api.credentials()
    api.force_login(organiser)
    assert api.get(detail_url(draft)).json()["status"] == "draft"


def test_anonymous_reads_are_throttled_and_unknown_reports_are_404(api, settings):
    settings.GSEF_SESSIONS_API_THROTTLE_RATES = {"read": "2/minute"}  # the 404 counts too
    session = report()
    missing = api.get("/api/sessions/no-forum/no-session/")
    allowed, throttled = api.get(detail_url(session)), api.get(detail_url(session))
    assert (missing.status_code, missing.json()) == (404, {"detail": "Not found."})
    assert (allowed.status_code, throttled.status_code, throttled.json()["detail"][:26]) == (
        200,
        429,
        "Request was throttled. Exp",
    )


@pytest.mark.django_db(transaction=True)
def test_a_committed_change_is_read_at_once(api):
    session = report()
    url = detail_url(session)
    first = api.get(url)
    session.title = "A new title"
    session.save()
    touch(session=session)  # its PDF is rendered when it commits (no broker: eagerly)
    changed = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (changed.status_code, changed["ETag"], changed.json()["title"]) == (
        200,
        'W/"2-en"',
        "A new title",
    )
    with connection.cursor() as cursor:  # raw SQL, behind the ORM's back
        cursor.execute("UPDATE gsef_sessions_session SET version = 7 WHERE id = %s", [session.pk])
    assert api.get(url, HTTP_IF_NONE_MATCH=changed["ETag"])["ETag"] == 'W/"7-en"'


@pytest.mark.django_db(transaction=True)
def test_an_unpublished_report_is_404_at_once_even_to_a_current_etag(api):
    session = report()
    url = detail_url(session)
    etag = api.get(url)["ETag"]
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.DRAFT)
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 404


def test_reads_start_no_thread(api):
    session = report()
    before = set(threading.enumerate())
    for _ in range(3):
        api.get(detail_url(session))
    assert set(threading.enumerate()) == before


def test_304_and_stored_report_in_one_query(api):
    session = rich_report()
    url = f"/api/sessions/{session.forum.slug}/{session.slug}/"
    first = api.get(url)
    with CaptureQueriesContext(connection) as stored:
        again = api.get(url)
    with CaptureQueriesContext(connection) as not_modified:
        unchanged = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (again.status_code, again.content, unchanged.status_code) == (200, first.content, 304)
    assert (len(stored), len(not_modified)) == (1, 1)
    touch(session=session)
    changed = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (changed.status_code, changed["ETag"]) == (200, 'W/"2-en;pdf-en=pending;pdf-es=pending"')
    unchanged_fields = {
        key: value for key, value in changed.json().items() if key not in ("version", "updated_at", "pdfs")
    }
    assert unchanged_fields == {
        key: value for key, value in first.json().items() if key not in ("version", "updated_at", "pdfs")
    }
    assert {pdf["status"] for pdf in changed.json()["pdfs"]} == {"pending"}  # the change requested renders


def test_stored_answer_is_what_the_renderer_prints(api):
    session = rich_report()
    url = f"/api/sessions/{session.forum.slug}/{session.slug}/"
    api.get(url)
    stored = api.get(url)
    assert stored.content == JSONRenderer().render(stored.json())
    indented = api.get(url, HTTP_ACCEPT="application/json; indent=2")
    assert indented.json() == stored.json() and b'\n  "language"' in indented.content
    browsable = api.get(url, HTTP_ACCEPT="text/html")
    assert browsable.status_code == 200 and browsable["Content-Type"].startswith("text/html")

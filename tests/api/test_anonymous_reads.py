"""Anonymous reads of a report answered before DRF's dispatch (``SessionDetail.anonymous_read``):
the same answers as DRF's, and everything else left to DRF."""

import pytest

from gsef_sessions.api.views import SessionDetail
from gsef_sessions.enums import SessionStatus
from tests.api.conftest import report
from tests.api.test_writes import sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def detail_url(session):
    return f"/api/sessions/{session.forum.slug}/{session.slug}/"


@pytest.fixture
def answered_early(monkeypatch):
    """Whether each request was answered before DRF's dispatch, in order."""
    answered = []
    read = SessionDetail.anonymous_read.__func__

    def spy(cls, request, **kwargs):
        response = read(cls, request, **kwargs)
        answered.append(response is not None)
        return response

    monkeypatch.setattr(SessionDetail, "anonymous_read", classmethod(spy))
    return answered


def through_drf(monkeypatch, api, url, **headers):
    with monkeypatch.context() as patch:
        patch.setattr(SessionDetail, "anonymous_read", classmethod(lambda cls, request, **kwargs: None))
        return api.get(url, **headers)


@pytest.mark.parametrize("headers", [
    {},
    {"QUERY_STRING": "lang=es"},
    {"HTTP_ACCEPT_LANGUAGE": "fr"},
    {"HTTP_ACCEPT": "application/json"},
    {"HTTP_ACCEPT": "*/*"},
    {"HTTP_IF_NONE_MATCH": 'W/"1-en;pdf-en=missing"'},
    {"HTTP_IF_NONE_MATCH": 'W/"0-en"'},
    {"HTTP_IF_MATCH": 'W/"0-en"'},
], ids=["plain", "lang", "accept-language", "accept-json", "accept-any", "current-etag", "old-etag", "if-match"])
def test_anonymous_read_answers_as_drf_does(api, answered_early, monkeypatch, headers):
    session = report(original_language="en")
    url = detail_url(session)
    early = api.get(url, **headers)
    drf = through_drf(monkeypatch, api, url, **headers)
    assert answered_early == [True]
    assert (early.status_code, early.content, dict(early.headers)) == (drf.status_code, drf.content, dict(drf.headers))


def test_anonymous_read_headers(api, answered_early):
    response = api.get(detail_url(report()))
    assert answered_early == [True]
    assert {name: response[name] for name in ("Allow", "Vary", "Content-Type", "Content-Language", "ETag")} == {
        "Allow": "GET, PUT, PATCH, HEAD, OPTIONS",
        "Vary": "Accept, Accept-Language, Authorization, Cookie",
        "Content-Type": "application/json",
        "Content-Language": "en",
        "ETag": 'W/"1-en;pdf-en=missing"',
    }


def test_signed_in_readers_and_other_formats_go_to_drf(api, answered_early, settings):
    draft = report(status=SessionStatus.DRAFT)
    organiser = UserFactory(groups=["Organisers"])
    draft.forum.organisers.add(organiser)
    published = report()
    assert api.get(detail_url(published), HTTP_ACCEPT="text/html")["Content-Type"] == "text/html; charset=utf-8"
    assert api.get(detail_url(published), {"format": "json"}).json()["slug"] == published.slug
    assert api.get(detail_url(published), HTTP_ACCEPT="application/json; indent=2").content.startswith(b"{\n  ")
    assert api.get(detail_url(draft)).status_code == 404
    sign_in(api, organiser)
    assert api.get(detail_url(draft)).json()["status"] == "draft"
    api.credentials()
    api.force_login(organiser)
    assert api.get(detail_url(draft)).json()["status"] == "draft"
    assert answered_early == [False] * 6


def test_throttled_and_unknown_reads_get_drfs_errors(api, answered_early, settings):
    settings.GSEF_SESSIONS_API_THROTTLE_RATES = {"read": "2/minute"}  # the 404 counts too
    session = report()
    missing = api.get("/api/sessions/no-forum/no-session/")
    assert (missing.status_code, missing.json()) == (404, {"detail": "Not found."})
    allowed, throttled = api.get(detail_url(session)), api.get(detail_url(session))
    assert (allowed.status_code, throttled.status_code, throttled.json()["detail"][:26]) == (200, 429, "Request was throttled. Exp")
    assert answered_early == [False, True, False]

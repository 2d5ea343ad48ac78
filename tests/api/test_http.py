"""Conditional GET, CDN caching, the stored report, throttling, the schema and its docs page."""

import json
import time

import pytest
from django.core.cache import cache
from django.utils import timezone
from django.utils.http import http_date

from gsef_sessions.api.base import AnonScopedThrottle
from gsef_sessions.domain.versioning import touch
from gsef_sessions.enums import RenderStatus
from gsef_sessions.models import Render
from tests.api.conftest import report

pytestmark = pytest.mark.django_db


def detail_url(session):
    return f"/api/sessions/{session.forum.slug}/{session.slug}/"


def ready_pdfs(session):
    """Every written language's PDF rendered, as a worker leaves the rows."""
    for language in session.get_available_languages():
        Render.objects.create(
            forum=session.forum,
            session=session,
            language=language,
            content_hash=f"{session.pk}-{language}",
            renderer="tests",
            version=session.version,
            status=RenderStatus.READY,
            requested_at=timezone.now(),
            finished_at=timezone.now(),
        )


def test_detail_etag_is_version_and_language_and_answers_304(api):
    session = report()
    ready_pdfs(session)
    response = api.get(detail_url(session))
    assert response["ETag"] == 'W/"1-en"'
    assert response["Last-Modified"] == http_date(session.updated_at.timestamp())
    again = api.get(detail_url(session), HTTP_IF_NONE_MATCH='W/"1-en"')
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", 'W/"1-en"')
    assert api.get(detail_url(session), HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304
    touch(session=session)
    changed = api.get(detail_url(session), HTTP_IF_NONE_MATCH='W/"1-en"')
    assert (changed.status_code, changed["ETag"]) == (200, 'W/"2-en;pdf-en=pending"')


def test_detail_etag_names_pdfs_not_ready_and_no_date_is_given_until_they_are(api):
    session = report()
    url = detail_url(session)
    first = api.get(url)
    assert (first["ETag"], first.has_header("Last-Modified")) == ('W/"1-en;pdf-en=missing"', False)
    assert api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    # The session's date says nothing of its PDFs: no 304 by date while one may change.
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=http_date(time.time() + 60)).status_code == 200
    ready_pdfs(session)
    ready = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (ready.status_code, ready["ETag"], [pdf["status"] for pdf in ready.json()["pdfs"]]) == (
        200,
        'W/"1-en"',
        ["ready"],
    )


def test_if_match_mismatch_is_412(api):
    session = report()
    assert api.get(detail_url(session), HTTP_IF_MATCH='W/"0-en"').status_code == 412


def test_list_etag_follows_the_content(api):
    session = report()
    etag = api.get("/api/sessions/")["ETag"]
    assert api.get("/api/sessions/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    touch(session=session)
    assert api.get("/api/sessions/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_cache_control_is_public_for_anonymous_and_private_when_signed_in(api, people):
    session = report()
    response = api.get(detail_url(session))
    assert response["Cache-Control"] == "public, max-age=60, s-maxage=300, stale-while-revalidate=60"
    assert {"Accept-Language", "Authorization", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}
    api.force_login(people["organiser"])
    assert api.get(detail_url(session))["Cache-Control"] == "private, no-cache"


def test_report_is_stored_per_version_and_language(api):
    session = report()
    api.get(detail_url(session))
    key = f"gsef_sessions:api:report-json:{session.pk}:1:en"
    stored = json.loads(cache.get(key))  # the report's JSON bytes (answered with its PDFs' statuses added)
    assert stored["title"] == session.title
    cache.set(key, json.dumps({**stored, "title": "Stored"}).encode())
    assert api.get(detail_url(session)).json()["title"] == "Stored"
    touch(session=session)
    assert api.get(detail_url(session)).json()["title"] == session.title


def test_anonymous_clients_are_throttled_per_scope(api, people, settings):
    settings.GSEF_SESSIONS_API_THROTTLE_RATES = {"read": "2/minute", "export": "1/minute"}
    session = report()
    assert [api.get("/api/sessions/").status_code for _ in range(3)] == [200, 200, 429]
    assert api.get("/api/sessions/")["Retry-After"]
    # Exports have their own budget.
    url = f"/api/forums/{session.forum.slug}/calendar.ics"
    assert [api.get(url).status_code for _ in range(2)] == [200, 429]
    api.force_login(people["organiser"])
    assert api.get("/api/sessions/").status_code == 200


def test_anonymous_overall_rate(api, settings):
    settings.GSEF_SESSIONS_API_THROTTLE_RATES = {"anon": "1/minute"}
    assert [api.get("/api/forums/").status_code for _ in range(2)] == [200, 429]


def test_throttles_count_per_fixed_window_and_retry_after_its_end(api, settings, monkeypatch):
    settings.GSEF_SESSIONS_API_THROTTLE_RATES = {"read": "2/minute"}
    session = report()
    now = [6000.0 + 45.5]  # 45.5 s into a minute
    monkeypatch.setattr(AnonScopedThrottle, "timer", lambda self: now[0])
    answers = [api.get(url) for url in ("/api/sessions/", detail_url(session), "/api/sessions/")]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[2]["Retry-After"] == "15"
    assert cache.get("throttle_read_127.0.0.1:100") == 3  # one counter, not a list of request times
    now[0] = 6060.0
    assert api.get(detail_url(session)).status_code == 200


def test_schema_documents_errors(api):
    response = api.get("/api/schema/", {"format": "json"})
    schema = response.json()
    detail = schema["paths"]["/api/sessions/{forum_slug}/{session_slug}/"]["get"]["responses"]
    assert {"200", "304", "401", "404", "412", "429"} <= set(detail)
    assert "400" in schema["paths"]["/api/sessions/"]["get"]["responses"]
    assert "lang" in {p["name"] for p in schema["paths"]["/api/sessions/"]["get"]["parameters"]}


def test_schema_is_valid_openapi(api):
    from drf_spectacular.validation import validate_schema

    validate_schema(api.get("/api/schema/", {"format": "json"}).json())


def test_docs_page_works_offline(api):
    html = api.get("/api/docs/").content.decode()
    assert "swagger-ui" in html
    assert "cdn." not in html and "unpkg" not in html


def test_search_with_nul_character_is_400_keyed_by_parameter(client, db):
    response = client.get("/api/sessions/", {"search": "\x00"})
    assert (response.status_code, response.json()) == (400, {"search": ["Null characters are not allowed."]})


@pytest.mark.parametrize("path", ["calendar.ics", "schedule.json", "schedule.xml"])
@pytest.mark.parametrize("lang", ["%", "xx", "es-%"])
def test_forum_exports_with_unknown_lang_fall_back_to_default(api, path, lang):
    session = report()
    response = api.get(f"/api/forums/{session.forum.slug}/{path}", {"lang": lang})
    assert response.status_code == 200


def test_detail_with_unknown_lang_and_accept_language_is_in_default_language(api):
    session = report()
    response = api.get(detail_url(session), {"lang": "%"}, HTTP_ACCEPT_LANGUAGE="%;q=1, zz")
    assert (response.status_code, response["Content-Language"]) == (200, "en")


def test_schema_states_query_bounds(api):
    parameters = {
        p["name"]: p["schema"]
        for p in api.get("/api/schema/", {"format": "json"}).json()["paths"]["/api/sessions/"]["get"]["parameters"]
    }
    assert parameters["page"] == {"type": "integer", "minimum": 1}
    assert parameters["page_size"] == {"type": "integer", "minimum": 1}  # larger sizes are served at the largest
    assert parameters["search"] == {"type": "string", "maxLength": 200, "pattern": "^[^\\u0000]*$"}
    assert parameters["lang"] == {"type": "string"}  # an unknown code is not refused: it counts as none
    assert {name: parameters[name] for name in ("forum", "kind", "organization", "country", "language")} == {
        "forum": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
        "kind": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
        "organization": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
        "country": {"type": "string", "pattern": "^[A-Za-z]{2}$"},
        "language": {"type": "string", "pattern": "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"},
    }


SLUG_ERROR = ["Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/api/sessions/", {"forum": SLUG_ERROR, "country": ["Enter a valid value."]}),
        ("/api/people/", {"forum": SLUG_ERROR, "country": ["Enter a valid value."]}),
        ("/api/organizations/", {"country": ["Enter a valid value."]}),
        ("/api/quotes/", {"forum": SLUG_ERROR}),
    ],
)
def test_text_filters_outside_their_pattern_are_400_keyed_by_parameter(api, path, expected):
    response = api.get(path, {"forum": "gsef 2020", "country": "MEX"})
    assert (response.status_code, response.json()) == (400, expected)


def test_search_over_200_characters_is_400(api):
    response = api.get("/api/sessions/", {"search": "a" * 201})
    assert (response.status_code, response.json()) == (400, {"search": ["At most 200 characters."]})


def test_search_counts_only_the_first_8_words(api):
    session = report()
    assert session.title == "New Digitalization Era and the Future of Work"
    response = api.get("/api/sessions/", {"search": "Digitalization " * 8 + "nowhere"})
    assert response.json()["count"] == 1


@pytest.mark.parametrize(
    ("name", "value"),
    [("date_from", "1899-12-31"), ("date_to", "2201-01-01"), ("updated_since", "0001-01-01T00:00:00Z")],
)
def test_dates_outside_supported_years_are_400(api, name, value):
    response = api.get("/api/sessions/", {name: value})
    assert (response.status_code, response.json()) == (400, {name: ["Enter a date between the years 1900 and 2200."]})


UNSUPPORTED = ["de", "it", "pt", "nl", "sv", "da", "fi", "pl", "cs"]  # nine languages the demo lacks


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (", ".join([*UNSUPPORTED, "es"]), "es"),  # the 10th entry is read
        (", ".join([*UNSUPPORTED, "ja", "es"]), "en"),  # the 11th is not: the default language
        (", ".join([*UNSUPPORTED, "ja;q=0.1", "es;q=1"]), "en"),  # whatever its weight
    ],
)
def test_accept_language_reads_the_first_10_entries(api, header, language):
    response = api.get("/api/forums/", HTTP_ACCEPT_LANGUAGE=header)
    assert (response.status_code, response["Content-Language"]) == (200, language)


def test_accept_language_of_5000_entries_is_answered(api):
    response = api.get("/api/forums/", HTTP_ACCEPT_LANGUAGE=", ".join(["zz"] * 4999 + ["es"]))
    assert (response.status_code, response["Content-Language"]) == (200, "en")


def test_api_root_lists_its_endpoints(api):
    response = api.get("/api/")
    assert (response.status_code, response.json()) == (
        200,
        {
            "forums": "http://127.0.0.1:8000/api/forums/",
            "sessions": "http://127.0.0.1:8000/api/sessions/",
            "people": "http://127.0.0.1:8000/api/people/",
            "organizations": "http://127.0.0.1:8000/api/organizations/",
            "quotes": "http://127.0.0.1:8000/api/quotes/",
            "tombstones": "http://127.0.0.1:8000/api/tombstones/",
            "schema": "http://127.0.0.1:8000/api/schema/",
            "docs": "http://127.0.0.1:8000/api/docs/",
        },
    )

"""Write bodies within bounds: too large is a 413, too deep or malformed a 400, each with a message,
before any credential is checked and with nothing written."""

import io
import json

import pytest
from rest_framework.authtoken.models import Token

from gsef_sessions.api.parsers import MAX_DEPTH, BoundedJSONParser, RequestTooLarge, depth
from gsef_sessions.enums import SessionStatus
from gsef_sessions.models import Session
from tests.api.conftest import report
from tests.factories import ForumFactory, UserFactory

pytestmark = pytest.mark.django_db

TOO_DEEP = {"detail": "JSON nested deeper than 32 levels."}


def nested(levels, inner="1"):
    """A JSON array ``levels`` deep."""
    return "[" * levels + inner + "]" * levels


@pytest.fixture
def organiser(api):
    user = UserFactory(username="olga", groups=["Organisers"])
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return user


@pytest.fixture
def session(organiser):
    return report(status=SessionStatus.DRAFT, forum=ForumFactory(organisers=[organiser]))


def detail_url(session):
    return f"/api/sessions/{session.forum.slug}/{session.slug}/"


def patch(api, session, body):
    etag = api.get(detail_url(session))["ETag"]
    return api.generic("PATCH", detail_url(session), body, content_type="application/json", HTTP_IF_MATCH=etag)


def test_unclosed_brackets_are_400_and_write_nothing(api, session):
    response = api.post("/api/sessions/", "[" * 1000, content_type="application/json")
    assert (response.status_code, response.json()) == (400, TOO_DEEP)
    assert Session.objects.count() == 1


def test_too_deep_is_400_before_authentication(api):
    # Anonymous, and with a wrong password for Basic authentication: the body is refused first.
    response = api.post("/api/sessions/", "[" * 1000, content_type="application/json")
    assert (response.status_code, response.json()) == (400, TOO_DEEP)
    api.credentials(HTTP_AUTHORIZATION="Basic b2xnYTp3cm9uZw==")  # olga:wrong
    response = api.post("/api/sessions/", "[" * 1000, content_type="application/json")
    assert (response.status_code, response.json()) == (400, TOO_DEEP)


def test_33_levels_are_400_and_write_nothing(api, session):
    response = patch(api, session, json.dumps({"title": "Changed", "ignored": json.loads(nested(MAX_DEPTH))}))
    assert (response.status_code, response.json()) == (400, TOO_DEEP)
    assert Session.objects.get().title != "Changed"


def test_32_levels_are_read(api, session):
    # The body nests 32 levels (an object, then 31 arrays); unknown fields are ignored.
    response = patch(api, session, json.dumps({"title": "Changed", "ignored": json.loads(nested(MAX_DEPTH - 1))}))
    assert response.status_code == 200, response.json()
    assert Session.objects.get().title == "Changed"


def test_brackets_inside_strings_do_not_count(api, session):
    title = '[{"' * 30 + "\\" + "]}" * 10
    response = patch(api, session, json.dumps({"title": title}))
    assert response.status_code == 200, response.json()
    assert Session.objects.get().title == title


def test_malformed_json_is_400_with_a_message(api, session):
    response = patch(api, session, '{"title": "Changed"')
    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error - ")


def test_a_body_over_the_limit_is_413_and_writes_nothing(api, session, settings):
    settings.GSEF_SESSIONS_API_MAX_BODY_BYTES = 100
    response = patch(api, session, json.dumps({"title": "x" * 100}))
    assert (response.status_code, response.json()) == (413, {"detail": "The request body is larger than 100 bytes."})
    assert Session.objects.get().title != "x" * 100
    assert patch(api, session, json.dumps({"title": "x" * 80})).status_code == 200  # 93 bytes


def test_a_body_longer_than_its_content_length_is_413():
    # Servers cut the body at Content-Length; should one not, the bytes read are counted too.
    with pytest.raises(RequestTooLarge):
        BoundedJSONParser().parse(io.BytesIO(b" " * (4 * 1024 * 1024) + b"[1]"), parser_context={})


def test_the_default_limit_is_4_mb():
    assert BoundedJSONParser().parse(io.BytesIO(b" " * (4 * 1024 * 1024 - 3) + b"[1]"), parser_context={}) == [1]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"", 0),
        (b"1", 0),
        (b"[]", 1),
        (b'{"a": [{"b": []}]}', 4),
        (b'["[[[", "\\"[[", "\\\\"]', 1),
        (b'"unclosed [[[', 0),
        (b"]]][", 0),  # a string never closed holds the rest, as a parser reads it
    ],
)
def test_depth_counts_brackets_outside_strings(body, expected):
    assert depth(body) == expected


def test_a_body_of_escaped_quotes_in_an_unterminated_string_is_scanned_once(api, session):
    # Restarting at each quote inside the string took 65 s for 120 kB; this is 3.9 MB.
    body = '["' + 'a\\"' * 1_300_000
    assert depth(body.encode()) == 1
    response = api.post("/api/sessions/", body, content_type="application/json")
    assert (response.status_code, Session.objects.count()) == (400, 1)


# --- Rapporteurs ----------------------------------------------------------------------------------


def rapporteurs_url(session):
    return f"/api/sessions/{session.forum.slug}/{session.slug}/rapporteurs/"


def test_rapporteurs_too_deep_is_400_and_assigns_nothing(api, session):
    response = api.put(rapporteurs_url(session), "[" * 1000, content_type="application/json")
    assert (response.status_code, response.json()) == (400, TOO_DEEP)
    response = api.put(
        rapporteurs_url(session),
        json.dumps({"rapporteurs": json.loads(nested(MAX_DEPTH))}),
        content_type="application/json",
    )
    assert (response.status_code, response.json()) == (400, TOO_DEEP)
    assert not session.rapporteurs.exists()


def test_rapporteurs_over_the_limit_is_413(api, session, settings):
    UserFactory(username="zoe")
    settings.GSEF_SESSIONS_API_MAX_BODY_BYTES = 20
    response = api.put(rapporteurs_url(session), json.dumps({"rapporteurs": ["zoe"]}), content_type="application/json")
    assert (response.status_code, response.json()) == (413, {"detail": "The request body is larger than 20 bytes."})
    assert not session.rapporteurs.exists()

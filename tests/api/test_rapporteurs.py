"""A session's rapporteurs, read and assigned by its forum's organisers (the permission matrix is
in test_permissions.py)."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token

from gsef_sessions.enums import SessionStatus
from gsef_sessions.models import Session
from tests.api.conftest import report
from tests.factories import ForumFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser():
    return UserFactory(username="olga", groups=["Organisers"])


@pytest.fixture
def session(organiser):
    return report(status=SessionStatus.PUBLISHED, forum=ForumFactory(organisers=[organiser]))


@pytest.fixture
def signed_in(api, organiser):
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=organiser).key}")
    return api


def url(session):
    return f"/api/sessions/{session.forum.slug}/{session.slug}/rapporteurs/"


def test_organisers_read_the_rapporteurs_by_username_never_cached_publicly(signed_in, session):
    session.rapporteurs.add(
        UserFactory(username="zoe", first_name="Zoé", last_name="Martin"), UserFactory(username="bob")
    )
    response = signed_in.get(url(session))
    assert (response.status_code, response.json()) == (
        200,
        {
            "rapporteurs": [
                {"username": "bob", "name": "bob"},
                {"username": "zoe", "name": "Zoé Martin"},
            ]
        },
    )
    assert response["Cache-Control"] == "private, no-cache"


def test_a_put_replaces_the_rapporteurs_and_leaves_the_report_as_it_was(signed_in, session):
    for username in ("alice", "bob"):
        UserFactory(username=username)
    session.rapporteurs.add(UserFactory(username="carl"))
    response = signed_in.put(url(session), {"rapporteurs": ["bob", "alice", "bob"]}, format="json")
    assert (response.status_code, response.json()) == (
        200,
        {
            "rapporteurs": [
                {"username": "alice", "name": "alice"},
                {"username": "bob", "name": "bob"},
            ]
        },
    )
    assert sorted(session.rapporteurs.values_list("username", flat=True)) == ["alice", "bob"]
    assert Session.objects.get(pk=session.pk).version == session.version


def test_unknown_users_are_400_and_nothing_is_written(signed_in, session):
    UserFactory(username="alice")
    response = signed_in.put(url(session), {"rapporteurs": ["alice", "x"]}, format="json")
    assert (response.status_code, response.json()) == (400, {"rapporteurs": ["Unknown user: “x”."]})
    assert not session.rapporteurs.exists()


def test_malformed_bodies_are_400_keyed_by_path(signed_in, session):
    for body, errors in (
        ({}, {"rapporteurs": ["This field is required."]}),
        ({"rapporteurs": "alice"}, {"rapporteurs": ['Expected a list of items but got type "str".']}),
        ({"rapporteurs": ["", "bob"]}, {"rapporteurs.0": ["This field may not be blank."]}),
    ):
        response = signed_in.put(url(session), body, format="json")
        assert (response.status_code, response.json()) == (400, errors)
    assert (
        signed_in.put(url(session), "rapporteurs=x", content_type="application/x-www-form-urlencoded").status_code
        == 415
    )


def test_users_are_named_by_the_user_models_username_field(signed_in, session, monkeypatch):
    monkeypatch.setattr(get_user_model(), "USERNAME_FIELD", "email")
    UserFactory(username="alice", email="alice@example.org")
    response = signed_in.put(url(session), {"rapporteurs": ["alice@example.org"]}, format="json")
    assert response.json() == {"rapporteurs": [{"username": "alice@example.org", "name": "alice@example.org"}]}
    response = signed_in.put(url(session), {"rapporteurs": ["alice"]}, format="json")
    assert (response.status_code, response.json()) == (400, {"rapporteurs": ["Unknown user: “alice”."]})


def test_rapporteurs_never_appear_in_anonymous_answers(api, session):
    session.rapporteurs.add(UserFactory(username="rapporteur-alice", first_name="Alice"))
    response = api.get(url(session))
    assert (response.status_code, response["WWW-Authenticate"], response.json()) == (
        401,
        "Token",
        {"detail": "Authentication credentials were not provided."},
    )
    for page in (f"/api/sessions/{session.forum.slug}/{session.slug}/", "/api/sessions/"):
        assert "alice" not in api.get(page).content.decode().lower()


def test_the_schema_documents_every_answer(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    operations = schema["paths"]["/api/sessions/{forum_slug}/{session_slug}/rapporteurs/"]
    assert set(operations) == {"get", "put"}
    assert set(operations["get"]["responses"]) == {"200", "304", "401", "403", "404", "412", "429"}
    assert set(operations["put"]["responses"]) == {"200", "400", "401", "403", "404", "413", "415", "429"}
    assert operations["put"]["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/RapporteursWrite"
    )

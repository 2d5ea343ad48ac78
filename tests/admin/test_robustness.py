"""Typed or forged admin addresses get Django's answer to a wrong one, never a 500, on SQLite and
PostgreSQL (which refuses NUL in a text parameter)."""

import pytest
from django.contrib.messages import get_messages
from django.utils import translation

from gsef_sessions.models import Session
from tests.factories import (
    ContributionFactory,
    ForumFactory,
    OrganisationFactory,
    PersonFactory,
    SessionFactory,
    SessionKindFactory,
)

pytestmark = pytest.mark.django_db

MODELS = ["session", "round", "contribution", "person", "organisation", "forum", "webhook", "delivery"]
# Quoted as they come in the path: a word, a decimal, a NUL, an emoji.
MALFORMED_IDS = ["abc", "1.5", "1%00", "%F0%9F%98%80"]
INLINES = ["sponsors", "participations", "attendance", "rounds", "audience_questions"]


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("object_id", MALFORMED_IDS)
def test_change_with_malformed_id_redirects_as_missing(admin_client, model, object_id):
    # Django answers an id that names no row with a redirect to the index and a message (302).
    response = admin_client.get(f"/admin/gsef_sessions/{model}/{object_id}/change/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert "doesn’t exist" in str(next(iter(get_messages(response.wsgi_request))))


@pytest.mark.parametrize(
    ("forum", "error"),
    [
        ("abc", "Select a valid choice. That choice is not one of the available choices."),
        ("1.5", "Select a valid choice. That choice is not one of the available choices."),
        ("😀", "Select a valid choice. That choice is not one of the available choices."),
        ("1\x00", "Null characters are not allowed."),
    ],
)
def test_session_add_with_malformed_forum_is_a_form_error(admin_client, forum, error):
    data = {
        "forum": forum,
        "number": "3",
        "slug": "p3",
        "title": "Plenary 3",
        "original_language": "en",
        "starts_at_0": "2020-10-21",
        "starts_at_1": "08:30:00",
    }
    for prefix in INLINES:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = admin_client.post("/admin/gsef_sessions/session/add/", data)
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors["forum"]) == [error]
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("model", "query"),
    [
        ("session", "status=%00"),
        ("session", "forum__id__exact=%00"),
        ("session", "q=a%00b"),
        ("delivery", "status=%00"),
        ("delivery", "event=%00"),
        ("webhook", "forum__id__exact=%00"),
    ],
)
def test_changelist_with_nul_in_parameters_redirects_without_them(admin_client, model, query):
    # Django's answer to lookups it cannot apply: the list without them, flagged ?e=1 (302).
    SessionFactory()
    response = admin_client.get(f"/admin/gsef_sessions/{model}/?{query}")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/gsef_sessions/{model}/?e=1"


def _translatable_objects():
    contribution = ContributionFactory()
    session = contribution.round.session
    return {
        "session": session,
        "round": contribution.round,
        "person": PersonFactory(),
        "organisation": OrganisationFactory(),
        "forum": session.forum,
    }


@pytest.mark.parametrize("model", ["session", "round", "person", "organisation", "forum"])
@pytest.mark.parametrize(
    ("given", "redirected"),
    [
        ("xx", ""),
        ("%00", ""),
        ("es-MX", "?language=es"),
        ("", ""),
    ],
)
def test_change_form_with_unknown_language_redirects_to_a_known_one(admin_client, model, given, redirected):
    obj = _translatable_objects()[model]
    url = f"/admin/gsef_sessions/{model}/{obj.pk}/change/"
    response = admin_client.get(f"{url}?language={given}")
    assert response.status_code == 302
    assert response["Location"] == url + redirected
    assert admin_client.get(response["Location"]).status_code == 200


def test_add_form_with_unknown_language_keeps_other_parameters(admin_client):
    response = admin_client.get("/admin/gsef_sessions/session/add/?language=xx&_popup=1")
    assert response.status_code == 302
    assert response["Location"] == "/admin/gsef_sessions/session/add/?_popup=1"


def test_post_with_unknown_language_saves_nothing(admin_client):
    forum = ForumFactory()
    kind = SessionKindFactory(forum=forum)
    data = {
        "forum": forum.pk,
        "kind": kind.pk,
        "number": "3",
        "slug": "p3",
        "title": "Plenary 3",
        "original_language": "en",
        "starts_at_0": "2020-10-21",
        "starts_at_1": "08:30:00",
    }
    for prefix in INLINES:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = admin_client.post("/admin/gsef_sessions/session/add/?language=xx", data)
    assert response.status_code == 302
    assert response["Location"] == "/admin/gsef_sessions/session/add/"
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("model", "field"),
    [
        ("participation", "person"),
        ("participation", "organisation"),
        ("sessionsponsor", "organisation"),
        ("forumpartner", "organisation"),
    ],
)
def test_autocomplete_with_nul_finds_nothing(admin_client, model, field):
    PersonFactory(given_name="ab")
    OrganisationFactory(name="ab")
    response = admin_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "gsef_sessions",
            "model_name": model,
            "field_name": field,
            "term": "a\x00b",
        },
    )
    assert response.status_code == 200
    assert response.json() == {"results": [], "pagination": {"more": False}}


@pytest.mark.parametrize("language", ["xx", "%00"])
def test_delete_translation_in_unknown_language_is_404(admin_client, language):
    session = SessionFactory()
    response = admin_client.get(f"/admin/gsef_sessions/session/{session.pk}/change/delete-translation/{language}/")
    assert response.status_code == 404


def test_delete_translation_of_session_is_decided_by_its_forum(admin_client):
    session = SessionFactory(title="Plenary 3")
    with translation.override("es"):
        session.set_current_language("es")
        session.title = "Plenaria 3"
        session.save()
    url = f"/admin/gsef_sessions/session/{session.pk}/change/delete-translation/es/"
    assert admin_client.get(url).status_code == 200  # the confirmation page
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert list(Session.objects.get(pk=session.pk).get_available_languages()) == ["en"]


def test_delete_pages_list_what_goes_with_the_object(admin_client):
    # Django 6's confirmation template reads a variable parler's translation page does not give.
    session = SessionFactory(title="Plenary 3")
    with translation.override("es"):
        session.set_current_language("es")
        session.title = "Plenaria 3"
        session.save()
    page = admin_client.get(f"/admin/gsef_sessions/session/{session.pk}/delete/").content.decode()
    assert page.count("<li>Session Translation: ") == 2
    url = f"/admin/gsef_sessions/session/{session.pk}/change/delete-translation/es/"
    page = admin_client.get(url).content.decode()
    assert '<ul id="deleted-objects">\t<li>Session Translation: Español</li></ul>' in page

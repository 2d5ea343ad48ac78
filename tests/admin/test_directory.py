"""People and organisations in the admin: who may change which, and who sees which."""

import pytest
from django.contrib.messages import get_messages

from gsef_sessions.enums import SessionStatus
from gsef_sessions.models import ForumPartner, Organisation, Person, Session
from tests.factories import (
    ForumFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def person_form(**extra):
    return {"given_name": "Audrey", "family_name": "Tang", "honorific": "", "sort_as": "", "country": "",
            "bio": "Changed.", "links": "", **extra}


def test_person_only_in_another_forums_published_report_is_read_only_for_a_rapporteur(client, rapporteur):
    SessionFactory(forum=ForumFactory(name="GSEF 2020"), rapporteurs=[rapporteur])
    published = SessionFactory(forum=ForumFactory(name="GSEF 2018"), status=SessionStatus.PUBLISHED)
    person = ParticipationFactory(session=published).person
    client.force_login(rapporteur)
    url = f"/admin/gsef_sessions/person/{person.pk}/change/?language=en"
    page = client.get(url)
    assert (page.status_code, page.context["has_change_permission"]) == (200, False)
    assert [str(m) for m in get_messages(page.wsgi_request)] == [
        "This person appears in reports of GSEF 2018: only the organisers of GSEF 2018 can change it.",
    ]
    assert client.post(url, person_form()).status_code == 403
    assert (Person.objects.get(pk=person.pk).family_name, Session.objects.get(pk=published.pk).version) == (person.family_name, 1)


def test_person_only_in_the_rapporteurs_draft_is_changed_and_the_draft_bumped(client, rapporteur):
    draft = SessionFactory(rapporteurs=[rapporteur])
    person = ParticipationFactory(session=draft).person
    client.force_login(rapporteur)
    response = client.post(f"/admin/gsef_sessions/person/{person.pk}/change/?language=en", person_form())
    assert response.status_code == 302
    assert (Person.objects.get(pk=person.pk).family_name, Session.objects.get(pk=draft.pk).version) == ("Tang", 2)


def test_rapporteur_creates_a_person_but_links_no_user_account(client, rapporteur):
    client.force_login(rapporteur)
    response = client.post("/admin/gsef_sessions/person/add/?language=en", person_form(user=UserFactory().pk))
    assert response.status_code == 302
    created = Person.objects.get(family_name="Tang")
    assert (created.created_by, created.user) == (rapporteur, None)
    assert client.get(f"/admin/gsef_sessions/person/{created.pk}/change/?language=en").context["has_change_permission"] is True


def test_superuser_links_a_person_to_a_user_account(client):
    account = UserFactory()
    client.force_login(UserFactory(is_superuser=True))
    assert client.post("/admin/gsef_sessions/person/add/?language=en", person_form(user=account.pk)).status_code == 302
    assert Person.objects.get(family_name="Tang").user == account


def test_people_list_shows_those_of_visible_sessions_and_those_the_user_created(client, rapporteur):
    mine = ParticipationFactory(session=SessionFactory(rapporteurs=[rapporteur])).person
    public = ParticipationFactory(session=SessionFactory(status=SessionStatus.PUBLISHED)).person
    created = PersonFactory(created_by=rapporteur)
    ParticipationFactory(session=SessionFactory())  # someone else's draft
    PersonFactory()  # in no report, added by someone else
    client.force_login(rapporteur)
    listed = client.get("/admin/gsef_sessions/person/").context["cl"].result_list
    assert set(listed) == {mine, public, created}


def test_forum_partner_is_read_only_to_organisers_of_other_forums(client, organiser):
    ForumFactory(organisers=[organiser])
    partner = OrganisationFactory(created_by=organiser)
    ForumPartner.objects.create(forum=ForumFactory(), organisation=partner, role="organiser")
    client.force_login(organiser)
    response = client.post(f"/admin/gsef_sessions/organisation/{partner.pk}/change/?language=en",
                           {"name": "Changed", "short_name": "", "slug": partner.slug, "country": "", "website": ""})
    assert response.status_code == 403
    assert str(Organisation.objects.get(pk=partner.pk)) == str(partner)


def test_session_forum_filter_lists_only_the_users_forums(client, rapporteur):
    # Kept here, with the other listings of what a user may see (admin/sessions.py's list_filter).
    for name in ("GSEF 2020", "GSEF 2022"):
        SessionFactory(forum=ForumFactory(name=name), rapporteurs=[rapporteur])
    SessionFactory(forum=ForumFactory(name="Secret summit"))
    client.force_login(rapporteur)
    page = client.get("/admin/gsef_sessions/session/")
    forum_filter = next(spec for spec in page.context["cl"].filter_specs if spec.field_path == "forum")
    assert sorted(name for _pk, name in forum_filter.lookup_choices) == ["GSEF 2020", "GSEF 2022"]


def test_person_autocomplete_offers_unused_people_but_not_other_forums_drafts(client, rapporteur):
    SessionFactory(forum=ForumFactory(name="GSEF 2020"), rapporteurs=[rapporteur])
    PersonFactory(given_name="Soledad", family_name="Aragón Martínez")
    ParticipationFactory(session=SessionFactory(forum=ForumFactory(name="GSEF 2018")),
                         person=PersonFactory(given_name="Soledad", family_name="Hidden"))
    client.force_login(rapporteur)
    query = "term=Soledad&app_label=gsef_sessions&model_name=participation&field_name=person"
    found = client.get(f"/admin/autocomplete/?{query}").json()["results"]
    assert [result["text"] for result in found] == ["Soledad Aragón Martínez"]
    listed = client.get("/admin/gsef_sessions/person/?q=Soledad")
    assert list(listed.context["cl"].result_list) == []

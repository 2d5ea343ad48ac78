import pytest
from django.contrib.auth.models import AnonymousUser

from gsef_sessions.domain.permissions import (
    can_change_directory,
    can_edit,
    can_publish,
    changeable_directory,
    pickable_directory,
    visible_sessions,
    workable_sessions,
)
from gsef_sessions.enums import SessionStatus
from gsef_sessions.models import Organisation, Person
from tests.factories import (
    ForumFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    SessionFactory,
    SessionSponsorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    rapporteur = UserFactory(groups=["Rapporteurs"])
    organiser = UserFactory(groups=["Organisers"])
    forum = ForumFactory(organisers=[organiser])
    other_forum = ForumFactory()
    return {
        "rapporteur": rapporteur,
        "organiser": organiser,
        "mine": SessionFactory(forum=forum, rapporteurs=[rapporteur]),
        "theirs": SessionFactory(forum=forum),
        "published": SessionFactory(forum=other_forum, status=SessionStatus.PUBLISHED),
        "elsewhere": SessionFactory(forum=other_forum),
    }


def test_workable_sessions_rapporteur_gets_only_assigned(world):
    assert list(workable_sessions(world["rapporteur"])) == [world["mine"]]


def test_workable_sessions_organiser_gets_their_forums(world):
    assert set(workable_sessions(world["organiser"])) == {world["mine"], world["theirs"]}


def test_visible_sessions_anonymous_gets_published_only(world):
    assert list(visible_sessions(AnonymousUser())) == [world["published"]]


def test_visible_sessions_rapporteur_adds_assigned(world):
    assert set(visible_sessions(world["rapporteur"])) == {world["mine"], world["published"]}


def test_can_edit_rapporteur_assigned_draft(world):
    assert can_edit(world["rapporteur"], world["mine"]) is True


def test_can_edit_rapporteur_not_assigned(world):
    assert can_edit(world["rapporteur"], world["theirs"]) is False


def test_can_edit_rapporteur_assigned_published(world):
    world["mine"].status = SessionStatus.PUBLISHED
    assert can_edit(world["rapporteur"], world["mine"]) is False


def test_can_edit_organiser_of_forum_published(world):
    world["mine"].status = SessionStatus.PUBLISHED
    assert can_edit(world["organiser"], world["mine"]) is True


def test_can_edit_organiser_of_another_forum(world):
    assert can_edit(world["organiser"], world["elsewhere"]) is False


def test_can_publish_needs_permission_and_forum(world):
    forum = world["mine"].forum
    assert can_publish(world["organiser"], forum) is True
    assert can_publish(world["organiser"], world["elsewhere"].forum) is False
    assert can_publish(world["rapporteur"], forum) is False
    forum.organisers.add(world["rapporteur"])  # listed, but without the publish permission
    assert can_publish(world["rapporteur"], forum) is False


def test_can_edit_inactive_user(world):
    world["rapporteur"].is_active = False
    assert can_edit(world["rapporteur"], world["mine"]) is False


def test_changeable_people_are_those_only_in_reports_the_user_may_edit(world):
    in_mine = ParticipationFactory(session=world["mine"]).person
    in_theirs = ParticipationFactory(session=world["theirs"]).person
    in_published = ParticipationFactory(session=world["published"]).person
    nowhere = PersonFactory()
    assert set(changeable_directory(world["rapporteur"], Person)) == {in_mine, nowhere}
    assert set(changeable_directory(world["organiser"], Person)) == {in_mine, in_theirs, nowhere}
    assert can_change_directory(world["rapporteur"], in_published) is False


def test_person_in_a_report_the_rapporteur_may_no_longer_edit_is_not_changeable(world):
    person = ParticipationFactory(session=world["mine"]).person
    world["mine"].status = SessionStatus.PUBLISHED
    world["mine"].save()
    assert can_change_directory(world["rapporteur"], person) is False
    assert can_change_directory(AnonymousUser(), PersonFactory()) is False


def test_changeable_organisations_exclude_sponsors_and_partners_elsewhere(world):
    SessionSponsorFactory(session=world["elsewhere"])
    partner = OrganisationFactory()
    world["elsewhere"].forum.partners.create(organisation=partner, role="organiser")
    own_sponsor = SessionSponsorFactory(session=world["theirs"]).organisation
    assert set(changeable_directory(world["organiser"], Organisation)) == {own_sponsor}


def test_changeable_organisations_survive_participations_without_organisation(world):
    # A speaker's participation elsewhere holds no organisation: SQL's NOT IN must not see a NULL.
    ParticipationFactory(session=world["elsewhere"], organisation=None)
    own_sponsor = SessionSponsorFactory(session=world["theirs"]).organisation
    assert set(changeable_directory(world["organiser"], Organisation)) == {own_sponsor}


def test_pickable_people_add_unused_entries_but_not_other_forums_drafts(world):
    in_mine = ParticipationFactory(session=world["mine"]).person
    in_published = ParticipationFactory(session=world["published"]).person
    ParticipationFactory(session=world["elsewhere"])
    unused = PersonFactory()
    assert set(pickable_directory(world["rapporteur"], Person)) == {in_mine, in_published, unused}
    assert set(pickable_directory(AnonymousUser(), Person)) == {in_published, unused}

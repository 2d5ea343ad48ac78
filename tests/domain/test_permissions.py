import pytest
from django.contrib.auth.models import AnonymousUser

from gsef_sessions.domain.permissions import (
    can_edit,
    can_publish,
    visible_sessions,
    workable_sessions,
)
from gsef_sessions.enums import SessionStatus
from tests.factories import ForumFactory, SessionFactory, UserFactory

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

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from gsef_sessions.domain.assignments import assign_rapporteurs
from gsef_sessions.domain.permissions import can_edit
from gsef_sessions.models import Session
from tests.factories import ForumFactory, UserFactory

pytestmark = pytest.mark.django_db


def assigned(session):
    return sorted(session.rapporteurs.values_list("username", flat=True))


def test_organisers_replace_the_rapporteurs_without_a_new_version(session, organiser):
    for username in ("alice", "bob"):
        UserFactory(username=username)
    users = assign_rapporteurs(session=session, user=organiser, usernames=["bob", "alice", "bob"])
    assert (sorted(user.username for user in users), assigned(session)) == (["alice", "bob"], ["alice", "bob"])
    assign_rapporteurs(session=session, user=organiser, usernames=["alice"])
    assert assigned(session) == ["alice"]
    assert assign_rapporteurs(session=session, user=organiser, usernames=[]) == []
    assert (assigned(session), Session.objects.get(pk=session.pk).version) == ([], session.version)


def test_assigned_rapporteurs_may_edit_the_report(session, organiser):
    alice = UserFactory(username="alice", groups=["Rapporteurs"])
    assign_rapporteurs(session=session, user=organiser, usernames=["alice"])
    assert can_edit(alice, session)


def test_unknown_and_inactive_users_are_refused_and_nothing_is_written(session, organiser, rapporteur):
    UserFactory(username="carol", is_active=False)
    with pytest.raises(ValidationError) as error:
        assign_rapporteurs(session=session, user=organiser, usernames=["carol", "alice", "ghost"])
    assert error.value.message_dict == {
        "rapporteurs": [
            "Unknown user: “alice”.",
            "Unknown user: “carol”.",
            "Unknown user: “ghost”.",
        ]
    }
    assert assigned(session) == [rapporteur.username]


def test_a_rapporteur_no_longer_active_may_stay_assigned(session, organiser):
    bob = UserFactory(username="bob", is_active=False)
    session.rapporteurs.add(bob)
    UserFactory(username="alice")
    assign_rapporteurs(session=session, user=organiser, usernames=["bob", "alice"])
    assert assigned(session) == ["alice", "bob"]


def test_only_the_forums_organisers_assign(session, rapporteur):
    elsewhere = UserFactory(groups=["Organisers"])
    ForumFactory(organisers=[elsewhere])
    for user in (rapporteur, elsewhere, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            assign_rapporteurs(session=session, user=user, usernames=[])
    assert assigned(session) == [rapporteur.username]

"""The workflow: every transition the table allows, every one it does not, who may make them, and
what each one leaves behind (status change, version, tombstone, signals after the commit)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gsef_sessions.domain import workflow
from gsef_sessions.domain.workflow import (
    available,
    publish,
    send_back,
    submit,
    unpublish,
)
from gsef_sessions.enums import SessionStatus
from gsef_sessions.models import StatusChange, Tombstone
from gsef_sessions.signals import session_published, session_unpublished
from tests.factories import ForumFactory, UserFactory

pytestmark = pytest.mark.django_db

DRAFT, IN_REVIEW, PUBLISHED, UNPUBLISHED = (
    SessionStatus.DRAFT,
    SessionStatus.IN_REVIEW,
    SessionStatus.PUBLISHED,
    SessionStatus.UNPUBLISHED,
)
VALID = [
    ("submit", DRAFT, IN_REVIEW),
    ("send_back", IN_REVIEW, DRAFT),
    ("publish", DRAFT, PUBLISHED),
    ("publish", IN_REVIEW, PUBLISHED),
    ("publish", UNPUBLISHED, PUBLISHED),
    ("unpublish", PUBLISHED, UNPUBLISHED),
]
INVALID = [
    (name, status)
    for name in workflow.TRANSITIONS
    for status in SessionStatus
    if (name, status) not in {(n, source) for n, source, _target in VALID}
]


@pytest.mark.parametrize(("name", "source", "target"), VALID)
def test_valid_transition_by_organiser_records_who_when_and_bumps_version(session, organiser, name, source, target):
    session.status = source
    session.save()
    workflow.apply(name, session=session, user=organiser, comment="Looks good.")
    session.refresh_from_db()
    change = StatusChange.objects.get(session=session)
    assert (session.status, session.version) == (target, 2)
    assert (change.from_status, change.to_status, change.user, change.comment) == (
        source,
        target,
        organiser,
        "Looks good.",
    )
    assert change.at is not None


@pytest.mark.parametrize(("name", "status"), INVALID)
def test_invalid_transition_is_refused_with_message_and_changes_nothing(session, organiser, name, status):
    session.status = status
    session.save()
    with pytest.raises(ValidationError) as caught:
        workflow.apply(name, session=session, user=organiser, comment="Why not.")
    target = workflow.TRANSITIONS[name].target
    assert caught.value.code == "invalid_transition"
    assert caught.value.messages == [f"A report that is {status.label.lower()} cannot become {target.label.lower()}."]
    session.refresh_from_db()
    assert (session.status, session.version, StatusChange.objects.count()) == (status, 1, 0)


def test_unpublish_draft_is_refused_with_message(session, organiser):
    with pytest.raises(ValidationError) as caught:
        unpublish(session=session, user=organiser)
    assert caught.value.messages == ["A report that is draft cannot become unpublished."]


def test_rapporteur_submits_own_draft(session, rapporteur):
    submit(session=session, user=rapporteur)
    session.refresh_from_db()
    assert session.status == IN_REVIEW
    assert StatusChange.objects.get().user == rapporteur


def test_rapporteur_of_another_session_may_not_submit(session):
    stranger = UserFactory(groups=["Rapporteurs"])
    with pytest.raises(PermissionDenied):
        submit(session=session, user=stranger)
    session.refresh_from_db()
    assert session.status == DRAFT


@pytest.mark.parametrize(
    ("name", "source"), [("publish", DRAFT), ("publish", IN_REVIEW), ("send_back", IN_REVIEW), ("unpublish", PUBLISHED)]
)
def test_rapporteur_may_not_publish_unpublish_or_send_back(session, rapporteur, name, source):
    session.status = source
    session.save()
    with pytest.raises(PermissionDenied):
        workflow.apply(name, session=session, user=rapporteur, comment="Please fix.")
    session.refresh_from_db()
    assert (session.status, session.version, StatusChange.objects.count()) == (source, 1, 0)


def test_organiser_of_another_forum_may_not_publish(session):
    elsewhere = UserFactory(groups=["Organisers"])
    ForumFactory(organisers=[elsewhere])
    with pytest.raises(PermissionDenied):
        publish(session=session, user=elsewhere)


def test_publish_needs_the_permission_not_only_the_forum(session):
    """Organisers hold ``publish_session``: someone listed as organiser without it cannot publish."""
    listed = UserFactory()
    session.forum.organisers.add(listed)
    with pytest.raises(PermissionDenied):
        publish(session=session, user=listed)


def test_send_back_without_comment_is_refused(session, organiser):
    session.status = IN_REVIEW
    session.save()
    with pytest.raises(ValidationError) as caught:
        send_back(session=session, user=organiser, comment="  ")
    assert caught.value.code == "comment_required"
    session.refresh_from_db()
    assert session.status == IN_REVIEW


def test_republish_keeps_first_publication_time(session, organiser):
    publish(session=session, user=organiser)
    session.refresh_from_db()
    first = session.published_at
    unpublish(session=session, user=organiser)
    publish(session=session, user=organiser)
    session.refresh_from_db()
    assert (session.published_at, session.version) == (first, 4)
    assert list(StatusChange.objects.order_by("at", "pk").values_list("to_status", flat=True)) == [
        PUBLISHED,
        UNPUBLISHED,
        PUBLISHED,
    ]


def test_unpublish_leaves_a_tombstone(session, organiser):
    publish(session=session, user=organiser)
    unpublish(session=session, user=organiser)
    assert Tombstone.objects.get().reason == Tombstone.Reason.UNPUBLISHED


def test_available_transitions_per_role_and_state(session, organiser, rapporteur):
    def names(user):
        return [t.name for t in available(user=user, session=session)]

    assert (names(rapporteur), names(organiser)) == (["submit"], ["submit", "publish"])
    session.status = IN_REVIEW
    assert (names(rapporteur), names(organiser)) == ([], ["send_back", "publish"])
    session.status = PUBLISHED
    assert (names(rapporteur), names(organiser)) == ([], ["unpublish"])


def test_publication_is_announced_after_commit_with_the_new_version(
    session, organiser, django_capture_on_commit_callbacks
):
    heard = []
    session_published.connect(lambda sender, **kwargs: heard.append(kwargs), weak=False, dispatch_uid="test-heard")
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            publish(session=session, user=organiser)
        assert heard == []  # nothing before the commit
        for callback in callbacks:
            callback()
    finally:
        session_published.disconnect(dispatch_uid="test-heard")
    (kwargs,) = heard
    assert (kwargs["session"].pk, kwargs["session"].version, kwargs["user"], kwargs["change"].to_status) == (
        session.pk,
        2,
        organiser,
        PUBLISHED,
    )


def test_unpublication_is_announced(session, organiser, django_capture_on_commit_callbacks):
    heard = []
    session_unpublished.connect(
        lambda sender, **kwargs: heard.append(kwargs["session"].status), weak=False, dispatch_uid="test-heard"
    )
    try:
        publish(session=session, user=organiser)
        with django_capture_on_commit_callbacks(execute=True):
            unpublish(session=session, user=organiser)
    finally:
        session_unpublished.disconnect(dispatch_uid="test-heard")
    assert heard == [UNPUBLISHED]


def test_rolled_back_publication_is_never_announced(session, organiser, django_capture_on_commit_callbacks):
    class Abort(Exception):
        pass

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(Abort), transaction.atomic():
        publish(session=session, user=organiser)
        raise Abort
    assert callbacks == []
    session.refresh_from_db()
    assert session.status == DRAFT

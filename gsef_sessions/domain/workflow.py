"""Status transitions, in one place for admin, API and commands.

=========  ===============================  ===========  ==========================================
name       from                             to           who
=========  ===============================  ===========  ==========================================
submit     draft                            in review    the session's rapporteurs, its organisers
send_back  in review                        draft        organisers, with a comment (what to change)
publish    draft, in review, unpublished    published    organisers
unpublish  published                        unpublished  organisers (and a tombstone for mirrors)
=========  ===============================  ===========  ==========================================

Each one locks the session, records a ``StatusChange`` (who, when, from, to, comment) and bumps the
version in one transaction; publish and unpublish are announced (``signals``) once it has committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..enums import SessionStatus
from ..models import Session, StatusChange, Tombstone
from ..signals import session_published, session_unpublished
from .permissions import can_publish
from .tombstones import record_session
from .versioning import touch
from .webhooks import record_event

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from .permissions import AnyUser


@dataclass(frozen=True)
class Transition:
    name: str
    target: SessionStatus
    sources: tuple
    label: Promise  # the button
    refusal: Promise  # why someone else may not
    rapporteurs_too: bool = False
    comment_required: bool = False
    signal: Signal | None = None


SUBMIT = Transition(
    "submit",
    SessionStatus.IN_REVIEW,
    (SessionStatus.DRAFT,),
    gettext_lazy("Submit for review"),
    gettext_lazy("Only the session's rapporteurs and the forum's organisers can submit its report for review."),
    rapporteurs_too=True,
)
SEND_BACK = Transition(
    "send_back",
    SessionStatus.DRAFT,
    (SessionStatus.IN_REVIEW,),
    gettext_lazy("Send back to the rapporteurs"),
    gettext_lazy("Only the forum's organisers can send a report back."),
    comment_required=True,
)
PUBLISH = Transition(
    "publish",
    SessionStatus.PUBLISHED,
    (SessionStatus.DRAFT, SessionStatus.IN_REVIEW, SessionStatus.UNPUBLISHED),
    gettext_lazy("Publish"),
    gettext_lazy("Only the forum's organisers can publish or unpublish its reports."),
    signal=session_published,
)
UNPUBLISH = Transition(
    "unpublish",
    SessionStatus.UNPUBLISHED,
    (SessionStatus.PUBLISHED,),
    gettext_lazy("Unpublish"),
    gettext_lazy("Only the forum's organisers can publish or unpublish its reports."),
    signal=session_unpublished,
)
TRANSITIONS = {t.name: t for t in (SUBMIT, SEND_BACK, PUBLISH, UNPUBLISH)}


def may(transition: Transition, *, user: AnyUser, session: Session) -> bool:
    """Whether ``user`` holds the role ``transition`` needs on ``session`` (its current state aside)."""
    if can_publish(user, session.forum):
        return True
    return (
        transition.rapporteurs_too
        and user is not None
        and user.is_authenticated
        and user.is_active
        and session.rapporteurs.filter(pk=user.pk).exists()
    )


def available(*, user: AnyUser, session: Session) -> list[Transition]:
    """The transitions ``user`` can make on ``session`` as it is now (the buttons to offer)."""
    return [t for t in TRANSITIONS.values() if session.status in t.sources and may(t, user=user, session=session)]


def _announce(signal, *, session, user, change):
    def send():
        fresh = Session.objects.filter(pk=session.pk).first()
        if fresh is not None:
            signal.send_robust(sender=Session, session=fresh, user=user, change=change)

    transaction.on_commit(send, robust=True)


def _apply(transition, *, session, user, comment=""):
    comment = (comment or "").strip()
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if not may(transition, user=user, session=session):
            raise PermissionDenied(transition.refusal)
        if session.status not in transition.sources:
            raise ValidationError(
                _("A report that is %(status)s cannot become %(target)s.")
                % {"status": session.get_status_display().lower(), "target": transition.target.label.lower()},
                code="invalid_transition",
            )
        if transition.comment_required and not comment:
            raise ValidationError(
                _("Say what needs changing: a report is sent back with a comment."), code="comment_required"
            )
        change = StatusChange.objects.create(
            session=session,
            from_status=session.status,
            to_status=transition.target,
            user=user,
            comment=comment,
        )
        session.status = transition.target
        if transition.target == SessionStatus.PUBLISHED and session.published_at is None:
            session.published_at = change.at
        session._history_user = user  # the history's author, with or without a request
        session.save(update_fields=["status", "published_at", "updated_at"])
        if transition.target == SessionStatus.UNPUBLISHED:
            record_session(session=session, reason=Tombstone.Reason.UNPUBLISHED)  # mirrors learn of it, or of nothing
        touch(session=session)
        if transition.signal is not None:
            record_event(session=session, event=transition.target)  # webhooks, in this transaction
            _announce(transition.signal, session=session, user=user, change=change)
    return session


def submit(*, session: Session, user: AbstractBaseUser, comment: str = "") -> Session:
    return _apply(SUBMIT, session=session, user=user, comment=comment)


def send_back(*, session: Session, user: AbstractBaseUser, comment: str) -> Session:
    return _apply(SEND_BACK, session=session, user=user, comment=comment)


def publish(*, session: Session, user: AbstractBaseUser, comment: str = "") -> Session:
    return _apply(PUBLISH, session=session, user=user, comment=comment)


def unpublish(*, session: Session, user: AbstractBaseUser, comment: str = "") -> Session:
    return _apply(UNPUBLISH, session=session, user=user, comment=comment)


def apply(name: str, *, session: Session, user: AbstractBaseUser, comment: str = "") -> Session:
    """The transition called ``name`` (a key of ``TRANSITIONS``), for doors that get it as data."""
    return _apply(TRANSITIONS[name], session=session, user=user, comment=comment)

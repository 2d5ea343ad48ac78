"""Tombstones: what a mirror of the public data must drop, and since when.

Recorded on deletion (signals, so every door is covered) and on unpublication (``workflow``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce

from ..models import Participation, Person, Session, SessionSponsor, Tombstone
from .permissions import visible_sessions

if TYPE_CHECKING:
    from uuid import UUID

    from django.db.models import QuerySet

    from ..models import Organisation
    from .permissions import AnyUser


def record_session(*, session: Session, reason: Tombstone.Reason) -> Tombstone:
    return Tombstone.objects.create(
        kind=Tombstone.Kind.SESSION,
        uuid=session.uuid,
        forum_uuid=session.forum.uuid,
        reason=reason,
        was_public=session.published_at is not None,
    )


def record_deleted(*, kind: Tombstone.Kind, uuid: UUID, was_public: bool) -> Tombstone:
    return Tombstone.objects.create(kind=kind, uuid=uuid, reason=Tombstone.Reason.DELETED, was_public=was_public)


def _first_published(ref):
    """When the session ``ref`` names was first published, from its history once it is deleted."""
    live = Session.objects.filter(pk=OuterRef(ref)).values("published_at")[:1]
    gone = Session.history.filter(id=OuterRef(ref)).exclude(published_at=None).values("published_at")[:1]
    return Coalesce(Subquery(live), Subquery(gone))


def was_public(obj: Person | Organisation) -> bool:
    """Whether a published report ever printed ``obj`` (a Person or Organisation): a row naming it,
    now or in the history, still there once its session was first published. Ask before the
    deletion, whose SET_NULLs unlink participants from an organisation."""
    lookup = {"person_id" if isinstance(obj, Person) else "organisation_id": obj.pk}
    parts = [Participation] if isinstance(obj, Person) else [Participation, SessionSponsor]
    return any(
        model.objects.filter(**lookup).exclude(session__published_at=None).exists()
        or model.history.filter(**lookup)
        .annotate(published=_first_published("report_session_id"))
        .filter(history_date__gte=F("published"))
        .exists()
        for model in parts
    )


def visible_tombstones(user: AnyUser) -> QuerySet[Tombstone]:
    """Traces of what may have been public, except sessions the user can (again) see."""
    still_visible = visible_sessions(user).values("uuid")
    return Tombstone.objects.filter(was_public=True).exclude(kind=Tombstone.Kind.SESSION, uuid__in=still_visible)

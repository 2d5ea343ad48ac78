"""Tombstones: what a mirror of the public data must drop, and since when.

Recorded on deletion (signals, so every door is covered) and on unpublication (``workflow``).
"""

from ..models import Tombstone
from .permissions import visible_sessions


def record_session(*, session, reason):
    return Tombstone.objects.create(
        kind=Tombstone.Kind.SESSION, uuid=session.uuid, forum_uuid=session.forum.uuid, reason=reason,
        was_public=session.published_at is not None,
    )


def record_deleted(*, kind, uuid):
    return Tombstone.objects.create(kind=kind, uuid=uuid, reason=Tombstone.Reason.DELETED)


def visible_tombstones(user):
    """Traces of what may have been public, except sessions the user can (again) see."""
    still_visible = visible_sessions(user).values("uuid")
    return Tombstone.objects.filter(was_public=True).exclude(kind=Tombstone.Kind.SESSION, uuid__in=still_visible)

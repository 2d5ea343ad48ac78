"""The session version: ETags, PDF renders and webhooks all key on it.

Every change to a report calls ``touch``, inside the change's transaction; the bump, the PDF
renders the new content needs and the webhook deliveries it causes are recorded in that same
transaction (an outbox), so a committed change always has them on record.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import Session, WebhookEvent
from .rendering import request_renders
from .webhooks import record_event

if TYPE_CHECKING:
    from django.db.models import QuerySet

_batch = contextvars.ContextVar("gsef_sessions_touch_batch", default=None)


def touch(*, session: Session) -> int:
    """Bump the session's version and record the renders it needs (deferred inside ``batched()``)."""
    batch = _batch.get()
    if batch is not None:
        batch.setdefault(session.pk, session)
        return session.version
    with transaction.atomic():
        Session.objects.filter(pk=session.pk).update(version=F("version") + 1, updated_at=timezone.now())
        session.refresh_from_db(fields=["version", "updated_at"])
        request_renders(session=session)
        record_event(session=session, event=WebhookEvent.UPDATED)  # only sent for published reports
    return session.version


def touch_sessions(sessions: QuerySet[Session]) -> None:
    """``touch`` every session of a queryset (a forum, person or organisation they show changed)."""
    for session in sessions.order_by("pk"):
        touch(session=session)


@contextmanager
def batched() -> Iterator[None]:
    """Collect the touches of a multi-step save (a whole admin page) and apply each session's once,
    on leaving the block: one version bump and one set of renders per save. Use it inside the
    save's transaction."""
    if _batch.get() is not None:
        yield
        return
    token = _batch.set({})
    try:
        yield
        touched = _batch.get()
    finally:
        _batch.reset(token)
    for session in touched.values():
        touch(session=session)

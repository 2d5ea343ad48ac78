"""Sending a task's message for an outbox row, without ever failing the change that recorded it.

The row in the database is the source of truth: a message the broker did not take is sent again by
the row's periodic re-queue, so a dead broker costs a few bounded retries and a log line, never a
save that hangs or fails.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import ParamSpec

from celery import current_app
from django.db import transaction

from ..conf import settings

logger = logging.getLogger(__name__)

P = ParamSpec("P")


def runs_eagerly() -> bool:
    """True when the site's Celery app runs tasks in-process (no broker): whatever is queued then runs
    inside the request that saves. ``check --deploy`` warns about it (W001)."""
    return bool(current_app.conf.task_always_eager)


def retry_policy() -> dict[str, float]:
    """Celery's publish retries (``apply_async(retry=True, retry_policy=...)``): few and short."""
    return {
        "max_retries": settings.PUBLISH_MAX_RETRIES,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.5,
    }


def publish(enqueue: Callable[[], object], *, what: str) -> bool:
    """Call ``enqueue()``; a broker that is down is logged, not raised. True if the message went out."""
    try:
        enqueue()
    except Exception:
        logger.warning("Could not queue %s; it will be re-queued.", what, exc_info=True)
        return False
    return True


def on_commit(func: Callable[P, object], *args: P.args, **kwargs: P.kwargs) -> None:
    # robust: whatever goes wrong is logged, never raised into the change that was just committed.
    transaction.on_commit(partial(func, *args, **kwargs), robust=True)

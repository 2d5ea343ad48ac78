"""The Celery tasks, where ``autodiscover_tasks`` looks for them.

Each outbox owns its tasks (``domain.rendering``, ``domain.webhooks``), so queueing a message never
imports back the module that called it; hosts and the beat schedule name the tasks, never this module.
"""

from .domain.attendance_import import count_attendance_task, requeue_stale_attendance
from .domain.rendering import render_pdf, requeue_stale_renders
from .domain.webhooks import deliver_webhook, requeue_stale_deliveries

__all__ = [
    "count_attendance_task",
    "deliver_webhook",
    "render_pdf",
    "requeue_stale_attendance",
    "requeue_stale_deliveries",
    "requeue_stale_renders",
]

"""Celery tasks: thin, re-fetch by id, hand off to ``domain/``.

Render messages are acknowledged only after the task ends (``acks_late``) and given back to the
queue if the worker process dies (``reject_on_worker_lost``); the row's lease in the database
decides who actually renders, so a redelivered message never renders twice.
"""

from celery import shared_task

from .conf import settings
from .domain import queueing, rendering, webhooks


@shared_task(name="gsef_sessions.render_pdf", bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def render_pdf(self, *, render_id):
    try:
        rendering.perform(render_id=render_id)
    except rendering.TransientRenderError as exc:
        # Exponential backoff, capped: 2, 4, 8 … s, at most 5 minutes.
        countdown = min(2 ** (self.request.retries + 1), 300)
        # Returned, not raised: the retry message is sent and this run ends (run eagerly, without a
        # broker, Celery retries at once even where eager errors propagate).
        return self.retry(exc=exc, countdown=countdown, max_retries=settings.RENDER_MAX_ATTEMPTS - 1, throw=False)


@shared_task(name="gsef_sessions.requeue_stale_renders", ignore_result=True)
def requeue_stale_renders():
    return rendering.requeue_stale()


def enqueue_render(*, render_id):
    """Publish a render message; a dead broker costs a few bounded retries, never a hang."""
    render_pdf.apply_async(
        kwargs={"render_id": render_id},
        soft_time_limit=settings.RENDER_TIME_LIMIT,
        time_limit=settings.RENDER_TIME_LIMIT + 10,
        retry=True,
        retry_policy=queueing.retry_policy(),
    )


# --- Webhooks -------------------------------------------------------------------------------------
# The delivery row, not the message, counts attempts and holds the lock: a redelivered message or a
# re-queued row never sends a delivery twice at once, and a receiver that fails never reaches the change.


@shared_task(name="gsef_sessions.deliver_webhook", bind=True, acks_late=True, reject_on_worker_lost=True,
             ignore_result=True)
def deliver_webhook(self, *, delivery_id):
    try:
        webhooks.deliver(delivery_id=delivery_id)
    except webhooks.RetryDelivery as exc:
        # Returned, not raised: the retry message is sent and this run ends. Without a broker nothing
        # queues this task (eagerly, every retry would run at once): deliver_webhooks sends instead.
        return self.retry(exc=exc, countdown=exc.countdown, max_retries=settings.WEBHOOK_MAX_ATTEMPTS - 1, throw=False)


@shared_task(name="gsef_sessions.requeue_stale_deliveries", ignore_result=True)
def requeue_stale_deliveries():
    return webhooks.requeue_stale()


def enqueue_delivery(*, delivery_id):
    """Publish a delivery message; a dead broker costs a few bounded retries, never a hang."""
    deliver_webhook.apply_async(kwargs={"delivery_id": delivery_id}, retry=True, retry_policy=queueing.retry_policy())

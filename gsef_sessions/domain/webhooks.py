"""Outgoing webhooks: the deliveries an event needs, how they are signed and sent, and what a
failing receiver costs (nothing but its own retries).

A delivery is an outbox row recorded in the transaction of the change it announces and queued once
that commits. A worker sends it under a short lock, so a duplicate message never sends it twice at
once; network errors, 429 and 5xx are retried with backoff, any other answer is final. Without a
broker nothing is queued (a request would wait for every attempt): ``deliver_webhooks`` sends what
is due.

The Celery tasks live here, with the outbox that queues them (as pretix's services own theirs), so
nothing imports back the module that calls it; ``gsef_sessions.tasks`` only names them for
autodiscovery.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import socket
import ssl
import time
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from celery import shared_task
from django.conf import settings as django_settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..conf import settings
from ..enums import RenderKind, SessionStatus
from ..models import Delivery, Session, Webhook, WebhookEvent
from ..validators import is_internal_address, resolve
from . import queueing
from .permissions import organised_forums

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from ..models import Render
    from .permissions import AnyUser

SIGNATURE_HEADER = "X-GSEF-Signature"
#: A publication or unpublication is announced as itself, not as the update its version bump also is.
TRANSITIONS = (WebhookEvent.PUBLISHED, WebhookEvent.UNPUBLISHED)
#: How much of a failed answer's body the log keeps.
ERROR_EXCERPT = 300


class RetryDelivery(Exception):
    """The receiver may take it later: the task sends it again in ``countdown`` seconds."""

    def __init__(self, message, *, countdown):
        super().__init__(message)
        self.countdown = countdown


def webhooks_of(user: AnyUser) -> QuerySet[Webhook]:
    """The webhooks a user manages: those of the forums they organise."""
    return Webhook.objects.filter(forum__in=organised_forums(user).values("pk"))


def deliveries_of(user: AnyUser) -> QuerySet[Delivery]:
    return Delivery.objects.filter(webhook__forum__in=organised_forums(user).values("pk"))


# --- Recording (in the event's transaction) -------------------------------------------------------


def _absolute(get_path):
    """The address every reader shares: the default language's, whatever language the change was made in."""
    with translation.override(django_settings.LANGUAGE_CODE):
        return settings.BASE_URL.rstrip("/") + get_path()


def _subscribed(*, forum_id, event):
    hooks = Webhook.objects.filter(forum_id=forum_id, is_active=True).order_by("pk")
    return [hook for hook in hooks if event in hook.events]


def _record(*, webhooks, session, event, version, extra=None):
    now = timezone.now()
    deliveries = []
    for webhook in webhooks:
        delivery = Delivery(
            webhook=webhook, event=event, session=session, version=version, created_at=now, next_attempt_at=now
        )
        delivery.payload = {
            "event": event.value,
            "delivery_id": str(delivery.uuid),
            "session": {
                "uuid": str(session.uuid),
                "url": _absolute(session.get_absolute_url),
                "version": version,
                "forum": {"uuid": str(session.forum.uuid), "slug": session.forum.slug},
            },
            **(extra or {}),
            "occurred_at": now.isoformat(),
        }
        delivery.save()
        queueing.on_commit(_publish, delivery.pk)
        deliveries.append(delivery)
    return deliveries


def record_event(*, session: Session, event: str) -> list[Delivery]:
    """Record the deliveries of a session ``event`` at the session's current version; call it in the
    change's transaction, after its ``touch``. Returns the new deliveries.

    "updated" is recorded only while the report is published, and a publication or unpublication
    replaces the "updated" its own version bump recorded. An event already recorded at this version
    is not recorded twice.
    """
    event = WebhookEvent(event)
    with transaction.atomic():
        session = Session.objects.select_related("forum").filter(pk=session.pk).first()
        if session is None or (event == WebhookEvent.UPDATED and session.status != SessionStatus.PUBLISHED):
            return []
        same_version = Delivery.objects.filter(session=session, version=session.version, redelivery_of=None)
        if event in TRANSITIONS:
            same_version.filter(event=WebhookEvent.UPDATED, status=Delivery.Status.PENDING, attempts=0).delete()
        webhooks = _subscribed(forum_id=session.forum_id, event=event)
        if not webhooks:
            return []
        done = set(same_version.filter(event=event).values_list("webhook_id", flat=True))
        return _record(
            webhooks=[hook for hook in webhooks if hook.pk not in done],
            session=session,
            event=event,
            version=session.version,
        )


def record_pdf_ready(*, render: Render) -> list[Delivery]:
    """Record "pdf_ready" for a report PDF that has just become ready, if the report is published
    (a draft's PDF is not announced). Call it in the transaction that marks the render ready."""
    if render.kind != RenderKind.REPORT or render.session_id is None:
        return []
    with transaction.atomic():
        session = Session.objects.select_related("forum").filter(pk=render.session_id).first()
        if session is None or session.status != SessionStatus.PUBLISHED:
            return []
        webhooks = _subscribed(forum_id=session.forum_id, event=WebhookEvent.PDF_READY)
        if not webhooks:
            return []
        url = _absolute(
            partial(reverse, "gsef_sessions:session-pdf", args=[session.forum.slug, session.slug, render.language])
        )
        return _record(
            webhooks=webhooks,
            session=session,
            event=WebhookEvent.PDF_READY,
            version=render.version,
            extra={"pdf": {"language": render.language, "url": url}},
        )


def redeliver(*, deliveries: QuerySet[Delivery], user: AbstractBaseUser) -> list[Delivery]:
    """Send finished deliveries again, each as a new delivery: same event and data, a new delivery
    id. The log keeps every outcome, and a receiver that deduplicates on the id does not drop a
    resend someone asked for. Pending ones are skipped (they are still being sent); so are those the
    user does not manage. Returns the new deliveries."""
    originals = deliveries_of(user).filter(pk__in=deliveries.values("pk")).exclude(status=Delivery.Status.PENDING)
    created = []
    with transaction.atomic():
        for original in originals.select_related("webhook").order_by("pk"):
            copy = Delivery(
                webhook=original.webhook,
                event=original.event,
                session_id=original.session_id,
                version=original.version,
                redelivery_of=original,
            )
            copy.payload = {**original.payload, "delivery_id": str(copy.uuid)}
            copy.save()
            queueing.on_commit(_publish, copy.pk)
            created.append(copy)
    return created


# --- Queueing -------------------------------------------------------------------------------------


def _publish(delivery_id):
    if queueing.runs_eagerly():
        return False  # the task would run in the request that saves, retries and all; the row stays due
    return queueing.publish(partial(enqueue_delivery, delivery_id=delivery_id), what=f"webhook delivery {delivery_id}")


def _waiting(*, due_before):
    """Pending rows due before ``due_before`` that nobody is sending, the longest-waiting first."""
    return (
        Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lt=due_before)
        .filter(Q(locked_until=None) | Q(locked_until__lt=timezone.now()))
        .order_by("next_attempt_at", "pk")
    )


def stale_deliveries() -> QuerySet[Delivery]:
    """Pending rows whose message may be lost: overdue by REQUEUE_AFTER and not being sent."""
    return _waiting(due_before=timezone.now() - timedelta(seconds=settings.REQUEUE_AFTER))


def _prune_log():
    """Forget finished deliveries after WEBHOOK_LOG_DAYS."""
    old = timezone.now() - timedelta(days=settings.WEBHOOK_LOG_DAYS)
    Delivery.objects.exclude(status=Delivery.Status.PENDING).filter(created_at__lt=old).delete()


def requeue_stale() -> int:
    """Queue again what may have been lost; forget finished deliveries after WEBHOOK_LOG_DAYS."""
    _prune_log()
    ids = list(stale_deliveries().values_list("pk", flat=True))
    for delivery_id in ids:
        # Stamped first: a worker may take the message at once and set the next attempt's time itself.
        Delivery.objects.filter(pk=delivery_id).update(next_attempt_at=timezone.now())
        _publish(delivery_id)
    return len(ids)


# --- Sending (worker side) ------------------------------------------------------------------------


def encode(payload: dict[str, Any]) -> bytes:
    """The exact bytes sent (and signed)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """``t=<unix time>,v1=<hex HMAC-SHA256 of "t.body">``: the time is signed too, so a receiver
    can refuse a replayed request."""
    digest = hmac.new(secret.encode(), b"%d." % timestamp + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def backoff(*, attempts: int, retry_after: float | None = None) -> float:
    """Seconds before the next attempt: WEBHOOK_RETRY_DELAY doubled per attempt made, longer if the
    receiver asked for it (Retry-After), at most WEBHOOK_MAX_RETRY_DELAY."""
    delay = settings.WEBHOOK_RETRY_DELAY * 2 ** (attempts - 1)
    return min(max(delay, retry_after or 0), settings.WEBHOOK_MAX_RETRY_DELAY)


def _lock_seconds():
    # Connecting, sending and reading are each bounded by the timeout; a live worker keeps its lock.
    return 3 * settings.WEBHOOK_TIMEOUT + 30


def _gave_up(attempts, error):
    return _("Gave up after %(count)d attempts. %(error)s") % {"count": attempts, "error": error}


def _claim(delivery_id):
    """Take the row under a fresh lock and count the attempt, or say why not (None)."""
    now = timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None or delivery.status != Delivery.Status.PENDING:
            return None
        if delivery.locked_until and delivery.locked_until > now:
            return None  # another worker is sending it; this is a duplicate message
        if not delivery.webhook.is_active or delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
            delivery.status = Delivery.Status.FAILED
            delivery.last_error = (
                _gave_up(delivery.attempts, delivery.last_error)
                if delivery.webhook.is_active
                else _("The webhook is switched off.")
            )
            delivery.locked_until = None
            delivery.save(update_fields=["status", "last_error", "locked_until"])
            return None
        delivery.attempts += 1
        delivery.locked_until = now + timedelta(seconds=_lock_seconds())
        delivery.save(update_fields=["attempts", "locked_until"])
    return delivery


class RefusedAddress(Exception):
    """The receiver's name leads to an internal address: nothing is sent."""


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the checked ``address``, not to whatever the name resolves to a moment later."""

    def __init__(self, host, port, *, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As ``_PinnedHTTPConnection``, with the certificate checked against the name (SNI too)."""

    def __init__(self, host, port, *, address, **kwargs):
        super().__init__(host, port, context=ssl.create_default_context(), **kwargs)
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _checked_address(host, port):
    """The address to connect to: every address the name resolves to must be allowed, or none is
    used (a name may resolve to a public address when saved and to an internal one later)."""
    addresses = resolve(host, port)
    if not settings.WEBHOOK_ALLOW_PRIVATE and any(is_internal_address(address) for address in addresses):
        raise RefusedAddress(_("%(host)s resolves to an internal address; nothing was sent.") % {"host": host})
    return addresses[0]


def _post(url, body, headers):
    """POST ``body`` to the checked address, through no proxy, following no redirect (it could take
    the payload anywhere); returns the status line, the answer's headers and the start of its body.
    Raises RefusedAddress, or OSError (timeouts included) or HTTPException for a network failure."""
    parts = urlsplit(url)
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    connection_class = _PinnedHTTPSConnection if secure else _PinnedHTTPConnection
    connection = connection_class(
        parts.hostname, port, address=_checked_address(parts.hostname, port), timeout=settings.WEBHOOK_TIMEOUT
    )
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        excerpt = b"" if 200 <= response.status < 300 else response.read(ERROR_EXCERPT)
        return response.status, response.reason, response.headers, excerpt
    finally:
        connection.close()


def _retry_after(headers):
    value = (headers.get("Retry-After") or "").strip()
    return int(value) if value.isdigit() else None


def deliver(*, delivery_id: int) -> Delivery | None:
    """Send one delivery (the body of the task and of ``deliver_due``). Returns the row once delivered
    or failed, None when there was nothing to send; raises ``RetryDelivery`` when a later attempt may
    succeed."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return None
    body = encode(delivery.payload)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "gsef-sessions-webhooks",
        "X-GSEF-Event": delivery.event,
        "X-GSEF-Delivery": str(delivery.uuid),
        SIGNATURE_HEADER: signature(secret=delivery.webhook.secret, timestamp=int(time.time()), body=body),
    }
    try:
        code, reason, answer_headers, excerpt = _post(delivery.webhook.url, body, headers)
    except RefusedAddress as exc:
        return _conclude(delivery, code=None, error=str(exc), retryable=False)
    except (OSError, UnicodeError, http.client.HTTPException) as exc:
        return _conclude(delivery, code=None, error=f"{type(exc).__name__}: {exc}", retryable=True)
    if 200 <= code < 300:
        return _conclude(delivery, code=code, error="", retryable=False)
    error = f"HTTP {code} {reason}".rstrip()
    if text := excerpt.decode(errors="replace").strip():
        error += f": {text}"
    if 300 <= code < 400:
        error += " " + _("(Redirects are not followed: give the webhook its final address.)")
    retryable = code == 429 or code >= 500
    return _conclude(delivery, code=code, error=error, retryable=retryable, retry_after=_retry_after(answer_headers))


def _conclude(delivery, *, code, error, retryable, retry_after=None):
    """Record the attempt's outcome on the row we claimed (unless another worker took it over)."""
    now = timezone.now()
    countdown = None
    with transaction.atomic():
        current = Delivery.objects.select_for_update().filter(pk=delivery.pk).first()
        if current is None or current.status != Delivery.Status.PENDING or current.attempts != delivery.attempts:
            return None  # deleted, or our lock ran out and another worker sent it again
        current.last_status_code, current.last_error, current.locked_until = code, error, None
        if not error:
            current.status, current.delivered_at = Delivery.Status.DELIVERED, now
        elif retryable and current.attempts < settings.WEBHOOK_MAX_ATTEMPTS:
            countdown = backoff(attempts=current.attempts, retry_after=retry_after)
            current.next_attempt_at = now + timedelta(seconds=countdown)
        else:
            current.status = Delivery.Status.FAILED
            if retryable:
                current.last_error = _gave_up(current.attempts, error)
        current.save(
            update_fields=[
                "status",
                "delivered_at",
                "last_status_code",
                "last_error",
                "locked_until",
                "next_attempt_at",
            ]
        )
    if countdown is not None:
        raise RetryDelivery(error, countdown=countdown)
    return current


# --- Sending without a broker (``manage.py deliver_webhooks``) --------------------------------------


@dataclass(frozen=True)
class Pass:
    """What one ``deliver_due`` pass did."""

    attempted: int  # deliveries tried in this pass
    delivered: int  # of those, delivered
    failed: int  # of those, failed for good (the others wait for their retry)
    pending: int  # deliveries pending after the pass, due now or later


def deliver_due() -> Pass:
    """Make one attempt at each delivery that is due and not being sent, as the task would: a failure
    sets the next attempt's time (backoff), it is not retried here. Used where there is no broker; a
    worker or another pass sending the same row at the same time is kept out by the row's lock.
    Also forgets finished deliveries after WEBHOOK_LOG_DAYS (the beat task's other job)."""
    _prune_log()
    attempted = delivered = failed = 0
    for delivery_id in list(_waiting(due_before=timezone.now()).values_list("pk", flat=True)):
        try:
            delivery = deliver(delivery_id=delivery_id)
        except RetryDelivery:
            attempted += 1
            continue
        if delivery is not None:
            attempted += 1
            delivered += delivery.status == Delivery.Status.DELIVERED
            failed += delivery.status == Delivery.Status.FAILED
    pending = Delivery.objects.filter(status=Delivery.Status.PENDING).count()
    return Pass(attempted=attempted, delivered=delivered, failed=failed, pending=pending)


# --- Tasks ----------------------------------------------------------------------------------------
# Thin: by id, into the functions above. The delivery row, not the message, counts attempts and holds
# the lock: a redelivered message or a re-queued row never sends a delivery twice at once.


@shared_task(
    name="gsef_sessions.deliver_webhook", bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True
)
def deliver_webhook(self, *, delivery_id):
    try:
        deliver(delivery_id=delivery_id)
    except RetryDelivery as exc:
        # Returned, not raised: the retry message is sent and this run ends. Without a broker nothing
        # queues this task (eagerly, every retry would run at once): deliver_webhooks sends instead.
        return self.retry(exc=exc, countdown=exc.countdown, max_retries=settings.WEBHOOK_MAX_ATTEMPTS - 1, throw=False)


@shared_task(name="gsef_sessions.requeue_stale_deliveries", ignore_result=True)
def requeue_stale_deliveries() -> int:
    return requeue_stale()


def enqueue_delivery(*, delivery_id: int) -> None:
    """Publish a delivery message; a dead broker costs a few bounded retries, never a hang."""
    deliver_webhook.apply_async(kwargs={"delivery_id": delivery_id}, retry=True, retry_policy=queueing.retry_policy())

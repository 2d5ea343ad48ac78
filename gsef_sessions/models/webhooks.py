import secrets
import uuid
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..conf import settings
from ..validators import validate_public_url


class WebhookEvent(models.TextChoices):
    PUBLISHED = "published", _("Report published")
    UPDATED = "updated", _("Published report updated")
    UNPUBLISHED = "unpublished", _("Report unpublished")
    PDF_READY = "pdf_ready", _("PDF of a published report ready")


def all_events():
    return list(WebhookEvent.values)


def new_secret():
    return secrets.token_hex(32)


def validate_webhook_url(value):
    """HTTPS only: payloads are signed, not encrypted. Plain HTTP only for the hosts a site lists
    in ``GSEF_SESSIONS_WEBHOOK_HTTP_HOSTS`` (a receiver on the same machine while developing)."""
    parts = urlsplit(value)
    if parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in settings.WEBHOOK_HTTP_HOSTS):
        return
    raise ValidationError(_("Webhook addresses must start with https://."), code="insecure_url")


def validate_events(value):
    if not isinstance(value, list) or not value or not set(value) <= set(WebhookEvent.values):
        raise ValidationError(_("Choose at least one of the events."), code="invalid_events")


class Webhook(models.Model):
    """An address of a forum's that is told, by a signed POST, when its reports change."""

    forum = models.ForeignKey(
        "gsef_sessions.Forum", verbose_name=_("forum"), on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField(
        _("address"),
        max_length=500,
        validators=[validate_webhook_url, validate_public_url],
        help_text=_("Receives a JSON POST for each event."),
    )
    # Generated, never typed: a receiver checks each request's signature with it.
    secret = models.CharField(_("signing secret"), max_length=64, default=new_secret, editable=False)
    events = models.JSONField(_("events"), default=all_events, validators=[validate_events])
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["forum", "url", "pk"]

    def __str__(self):
        return self.url


class Delivery(models.Model):
    """One event sent to one webhook: the outbox row recorded with the change, then the log of its
    attempts. Its ``uuid`` is the delivery id receivers see (and may deduplicate on)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    webhook = models.ForeignKey(Webhook, verbose_name=_("webhook"), on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=20, choices=WebhookEvent.choices)
    # Kept when the session is deleted: the log still says what was sent about it.
    session = models.ForeignKey(
        "gsef_sessions.Session",
        verbose_name=_("session"),
        on_delete=models.SET_NULL,
        related_name="webhook_deliveries",
        null=True,
        blank=True,
    )
    version = models.PositiveIntegerField(_("report version"), default=0)
    payload = models.JSONField(_("payload"))
    uuid = models.UUIDField(_("delivery id"), default=uuid.uuid4, unique=True, editable=False)
    redelivery_of = models.ForeignKey(
        "self",
        verbose_name=_("redelivery of"),
        on_delete=models.SET_NULL,
        related_name="redeliveries",
        null=True,
        blank=True,
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_status_code = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    # When the next attempt is due; pending rows overdue by GSEF_SESSIONS_REQUEUE_AFTER are queued again.
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    # Set while a worker sends it, so a duplicate message never sends it a second time at once.
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True, editable=False)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="gsef_delivery_queue")]

    def __str__(self):
        return f"{self.get_event_display()} → {self.webhook} ({self.get_status_display()})"

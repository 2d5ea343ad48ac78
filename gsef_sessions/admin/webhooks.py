"""Webhooks of the forums one organises, and their delivery log with a "Redeliver" action."""

import json

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..domain import webhooks
from ..domain.permissions import organised_forums
from ..models import Delivery, Webhook, WebhookEvent
from ..models.webhooks import all_events
from .base import CheckedRequestMixin


class WebhookForm(forms.ModelForm):
    # The admin adds the model and the other fields (with its formfield_overrides).
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=WebhookEvent.choices,
        initial=all_events,
        widget=forms.CheckboxSelectMultiple,
    )


@admin.register(Webhook)
class WebhookAdmin(CheckedRequestMixin, admin.ModelAdmin):
    form = WebhookForm
    list_display = ["url", "forum", "event_list", "is_active", "created_at"]
    list_filter = ["is_active", ("forum", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["url"]
    fields = ["forum", "url", "events", "is_active", "signing_secret", "delivery_log"]
    readonly_fields = ["signing_secret", "delivery_log"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return webhooks.webhooks_of(request.user).select_related("forum")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "forum":
            kwargs["queryset"] = organised_forums(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("events"))
    def event_list(self, webhook):
        labels = dict(WebhookEvent.choices)
        return ", ".join(str(labels[event]) for event in webhook.events if event in labels)

    @admin.display(description=_("signing secret"))
    def signing_secret(self, webhook):
        if webhook.pk is None:
            return _("Made when the webhook is saved.")
        return format_html(
            "<code>{}</code><div class='help'>{}</div>",
            webhook.secret,
            _("The receiver checks each request's X-GSEF-Signature header with it; keep it secret."),
        )

    @admin.display(description=_("deliveries"))
    def delivery_log(self, webhook):
        if webhook.pk is None:
            return "—"
        url = reverse("admin:gsef_sessions_delivery_changelist", current_app=self.admin_site.name)
        return format_html('<a href="{}?webhook__id__exact={}">{}</a>', url, webhook.pk, _("Delivery log"))


@admin.register(Delivery)
class DeliveryAdmin(CheckedRequestMixin, admin.ModelAdmin):
    """Read-only: a delivery's outcome is the worker's to record; redelivering makes a new one."""

    list_display = [
        "created_at",
        "event",
        "session",
        "webhook",
        "status",
        "attempts",
        "last_status_code",
        "delivered_at",
    ]
    list_filter = [
        "status",
        "event",
        ("webhook__forum", admin.RelatedOnlyFieldListFilter),
        ("webhook", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["webhook", "session"]
    search_fields = ["=uuid"]
    actions = ["redeliver_selected"]
    fields = [
        "uuid",
        "event",
        "webhook",
        "session",
        "version",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "created_at",
        "next_attempt_at",
        "delivered_at",
        "redelivery_of",
        "payload_json",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return webhooks.deliveries_of(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_redeliver_permission(self, request):
        return request.user.has_perm("gsef_sessions.change_webhook")

    @admin.display(description=_("payload"))
    def payload_json(self, delivery):
        return format_html("<pre>{}</pre>", json.dumps(delivery.payload, indent=2, ensure_ascii=False))

    @admin.action(description=_("Redeliver selected deliveries"), permissions=["redeliver"])
    def redeliver_selected(self, request, queryset):
        skipped = queryset.filter(status=Delivery.Status.PENDING).count()
        created = webhooks.redeliver(deliveries=queryset, user=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery queued again, as a new delivery.",
                "%(count)d deliveries queued again, as new deliveries.",
                len(created),
            )
            % {"count": len(created)},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d pending delivery skipped: it is still being sent.",
                    "%(count)d pending deliveries skipped: they are still being sent.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

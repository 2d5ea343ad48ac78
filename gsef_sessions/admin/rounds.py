from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from parler.admin import TranslatableAdmin
from parler.utils.views import get_language_parameter

from ..domain.permissions import can_edit, workable_sessions
from ..models import Contribution, Point, Round
from .base import (
    CheckedRequestMixin,
    PartTabularInline,
    PartTranslatableTabularInline,
    ReportMediaMixin,
    ReportSaveMixin,
    limit_choices,
    participant_choices,
    translated_object,
)
from .forms import ContributionForm, LanguageInlineFormSet, RoundForm


class SessionPartAdminMixin(CheckedRequestMixin, ReportMediaMixin, ReportSaveMixin):
    """Admin pages of a session's parts: listed and writable only where the session is."""

    session_path = "session"

    def report_session(self, obj):
        for name in self.session_path.split("__"):
            obj = getattr(obj, name)
        return obj

    def get_queryset(self, request):
        sessions = workable_sessions(request.user).values("pk")
        return super().get_queryset(request).filter(**{f"{self.session_path}__in": sessions})

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_edit(request.user, self.report_session(obj)))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_edit(request.user, self.report_session(translated_object(obj))))

    def has_module_permission(self, request):
        return False  # reached from their session's page, not the index


class ContributionInline(PartTabularInline):
    model = Contribution
    form = ContributionForm
    formset = LanguageInlineFormSet
    fields = ["order", "participation", "points_text"]
    show_change_link = True
    extra = 3

    def report_session(self, obj):
        return obj.session

    def get_queryset(self, request):
        # Each row prints its speaker and pastes back its points: read once for all rows.
        rows = super().get_queryset(request).select_related("participation__person")
        return rows.prefetch_related("points__translations")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.language_code = get_language_parameter(request, "language")
        return limit_choices(formset, "participation", participant_choices([obj.session] if obj else []))


@admin.register(Round)
class RoundAdmin(SessionPartAdminMixin, TranslatableAdmin):
    form = RoundForm
    fields = ["session", ("kind", "order", "title"), "questions_text"]
    readonly_fields = ["session"]
    inlines = [ContributionInline]
    list_display = ["__str__", "session", "kind", "order"]

    def has_add_permission(self, request):
        return False  # rounds are added on their session's page

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        form.save_extra_if_changed()


class PointInline(PartTranslatableTabularInline):
    model = Point
    fields = ["order", "parent", "text", "is_quote"]
    readonly_fields = ["parent"]
    extra = 0

    def report_session(self, obj):
        return obj.round.session

    def has_add_permission(self, request, obj=None):
        return False  # new points come through the paste box, which keeps sub-points consistent


@admin.register(Contribution)
class ContributionAdmin(SessionPartAdminMixin, admin.ModelAdmin):
    session_path = "round__session"
    fields = ["round", "participation", "order"]
    readonly_fields = ["round", "participation"]
    inlines = [PointInline]
    list_display = ["__str__", "order"]
    verbose_name = _("contribution")

    def has_add_permission(self, request):
        return False

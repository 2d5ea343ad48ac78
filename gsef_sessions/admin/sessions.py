import zoneinfo

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import formats, timezone, translation
from django.utils.translation import get_supported_language_variant
from django.utils.translation import gettext_lazy as _
from parler.admin import TranslatableAdmin

from ..domain.permissions import ORGANISER_FIELDS, can_edit, can_publish, organised_forums, workable_sessions
from ..enums import OutcomeKind
from ..models import (
    AttendanceCount,
    AudienceQuestion,
    Forum,
    Material,
    Outcome,
    ParticipantRole,
    Participation,
    Round,
    Session,
    SessionKind,
    SessionSponsor,
)
from .attendance import SessionAttendanceAdminMixin
from .base import (
    CheckedRequestMixin,
    PartTabularInline,
    PartTranslatableStackedInline,
    PartTranslatableTabularInline,
    ReportMediaMixin,
    ReportSaveMixin,
    limit_choices,
    participant_choices,
    translated_object,
)
from .forms import KnownChoicesAutocomplete, ParticipantFormSet, RoundForm
from .history import ReportHistoryAdminMixin
from .imports import SessionImportAdminMixin
from .pdfs import SessionPdfAdminMixin
from .workflow import SessionWorkflowAdminMixin


class ParticipationInline(PartTranslatableTabularInline):
    model = Participation
    formset = ParticipantFormSet
    fields = ["role", "order", "person", "post", "affiliation", "organisation", "country"]
    autocomplete_fields = ["person", "organisation"]
    extra = 2

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in ParticipantFormSet.known_choices:
            kwargs["widget"] = KnownChoicesAutocomplete(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        # Each row prints its participant ("name (role)") and its person and organisation.
        rows = super().get_queryset(request).select_related("person", "role", "organisation")
        return rows.prefetch_related("role__translations", "organisation__translations")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # The session's forum's roles; a new session's, those of the forums the user may add to.
        forums = [obj.forum_id] if obj else organised_forums(request.user).values("pk")
        roles = ParticipantRole.objects.filter(forum__in=forums).select_related("forum")
        return limit_choices(formset, "role", roles.prefetch_related("translations", "forum__translations"))


class RoundInline(PartTranslatableStackedInline):
    model = Round
    form = RoundForm
    fields = [("kind", "order", "title"), "questions_text"]
    show_change_link = True
    extra = 1


class AttendanceInline(PartTranslatableTabularInline):
    model = AttendanceCount
    fields = ["order", "kind", "count", "platform", "taken_at", "note", "source"]
    readonly_fields = ["source"]
    extra = 1


class AudienceQuestionInline(PartTranslatableStackedInline):
    model = AudienceQuestion
    fields = [("order", "asked_by"), "text", ("is_answered", "answered_by"), "answer"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return limit_choices(formset, "answered_by", participant_choices([obj] if obj else []))


class OutcomeInline(PartTranslatableTabularInline):
    model = Outcome
    fields = ["kind", "order", "text"]
    extra = 1


class MaterialInline(PartTranslatableTabularInline):
    model = Material
    fields = ["order", "kind", "title", "language", "url", "file"]
    extra = 1


class OutcomesFilter(admin.SimpleListFilter):
    """Which sessions still lack their key takeaways or calls to action."""

    title = _("key takeaways and calls to action")
    parameter_name = "outcomes"

    def lookups(self, request, model_admin):
        return [("missing", _("Missing")), ("given", _("Given"))]

    def queryset(self, request, queryset):
        given = Q(has_takeaways=True, has_calls_to_action=True)
        if self.value() == "missing":
            return queryset.exclude(given)
        if self.value() == "given":
            return queryset.filter(given)
        return queryset


class SponsorInline(PartTabularInline):
    model = SessionSponsor
    fields = ["order", "organisation"]
    autocomplete_fields = ["organisation"]


@admin.register(Session)
class SessionAdmin(
    CheckedRequestMixin,
    ReportMediaMixin,
    SessionWorkflowAdminMixin,
    SessionImportAdminMixin,
    SessionAttendanceAdminMixin,
    ReportHistoryAdminMixin,
    SessionPdfAdminMixin,
    ReportSaveMixin,
    TranslatableAdmin,
):
    list_display = ["__str__", "forum", "kind", "number", "starts", "status", "version", "outcomes", "pdf_status"]
    list_select_related = ["forum", "kind"]
    # Only the forums and kinds of sessions listed: the others' names are not the user's to see.
    list_filter = [
        ("forum", admin.RelatedOnlyFieldListFilter),
        "status",
        ("kind", admin.RelatedOnlyFieldListFilter),
        OutcomesFilter,
    ]
    search_fields = ["slug", "translations__title"]
    filter_horizontal = ["rapporteurs"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # what Django 6 assumes
    readonly_fields = [
        "status",
        "version",
        "published_at",
        "uuid",
        "pdf_files",
        "status_history",
        "interpretation_languages",
    ]
    actions = ["submit_selected", "send_back_selected", "publish_selected", "unpublish_selected", "render_pdf_selected"]
    inlines = [
        SponsorInline,
        ParticipationInline,
        AttendanceInline,
        RoundInline,
        AudienceQuestionInline,
        OutcomeInline,
        MaterialInline,
    ]
    fieldsets = [
        (None, {"fields": [("forum", "kind", "number"), "slug", "title", "subtitle"]}),
        (
            _("When and where"),
            {"fields": [("starts_at", "ends_at"), "languages", ("platforms", "room"), "not_recorded"]},
        ),
        (_("Report"), {"fields": ["original_language", "description", "qa_note", "rapporteurs"]}),
        (_("Credits"), {"fields": ["credit_rapporteurs", ("source_credit", "source_url")]}),
        (_("Publication"), {"fields": [("status", "version", "published_at"), "status_history", "uuid", "pdf_files"]}),
    ]

    def get_queryset(self, request):
        sessions = super().get_queryset(request).filter(pk__in=workable_sessions(request.user).values("pk"))
        return sessions.annotate(
            has_takeaways=Exists(Outcome.objects.filter(session=OuterRef("pk"), kind=OutcomeKind.TAKEAWAY)),
            has_calls_to_action=Exists(Outcome.objects.filter(session=OuterRef("pk"), kind=OutcomeKind.CALL_TO_ACTION)),
        )

    @admin.display(description=_("start"), ordering="starts_at")
    def starts(self, session):
        """In the forum's time zone, which it names: times are typed and read there."""
        local = timezone.localtime(session.starts_at, zoneinfo.ZoneInfo(session.forum.timezone))
        return f"{formats.date_format(local, 'DATETIME_FORMAT')} ({session.forum.timezone})"

    @admin.display(description=_("Takeaways and calls to action"))
    def outcomes(self, session):
        missing = [
            str(label)
            for given, label in (
                (session.has_takeaways, _("key takeaways")),
                (session.has_calls_to_action, _("calls to action")),
            )
            if not given
        ]
        return _("Missing: %(parts)s") % {"parts": ", ".join(missing)} if missing else _("Given")

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_publish(request.user, translated_object(obj).forum))

    def get_fieldsets(self, request, obj=None):
        # Read only (a published report, for its rapporteur), the languages read as names, not as JSON.
        if obj is None or self.has_change_permission(request, obj):
            return super().get_fieldsets(request, obj)
        return [
            (name, {**options, "fields": [self._shown(field) for field in options["fields"]]})
            for name, options in super().get_fieldsets(request, obj)
        ]

    @staticmethod
    def _shown(field):
        if isinstance(field, (list, tuple)):
            return type(field)(SessionAdmin._shown(part) for part in field)
        return "interpretation_languages" if field == "languages" else field

    @admin.display(description=Session._meta.get_field("languages").verbose_name)
    def interpretation_languages(self, session):
        return ", ".join(str(translation.get_language_info(code)["name_translated"]) for code in session.languages)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not can_publish(request.user, obj.forum):
            fields += ORGANISER_FIELDS
        return fields

    def get_changeform_initial_data(self, request):
        """A new session's report language: its forum's first, where the user has one forum (which
        is then chosen), else the site's."""
        initial = super().get_changeform_initial_data(request)
        forums = list(organised_forums(request.user)[:2])
        if len(forums) == 1 and "forum" not in initial:
            initial["forum"] = forums[0].pk
        chosen = next((forum for forum in forums if str(forum.pk) == str(initial.get("forum"))), None)
        if "original_language" not in initial:
            initial["original_language"] = (
                chosen.languages[0]
                if chosen and chosen.languages
                else get_supported_language_variant(settings.LANGUAGE_CODE)
            )
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        forums = organised_forums(request.user)
        if db_field.name == "forum":
            kwargs["queryset"] = forums
        elif db_field.name == "kind":
            kwargs["queryset"] = SessionKind.objects.filter(forum__in=forums)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Times are typed in the forum's time zone, whoever types them and wherever.
        forum = self.typing_forum(request, object_id)
        with timezone.override(forum.timezone if forum else None):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()  # widgets format times now, in the forum's time zone
            return response

    def typing_forum(self, request, object_id):
        """The forum posted, else the session's; None for a value that is no id ("abc", "1.5"), which
        the form then refuses, or Django answers as a session that does not exist."""
        try:
            if request.method == "POST" and request.POST.get("forum"):
                return Forum.objects.filter(pk=request.POST["forum"]).first()
            return Forum.objects.filter(sessions__pk=unquote(object_id)).first() if object_id else None
        except (ValueError, ValidationError):  # what Django's get_object catches for the same reason
            return None

    def report_session(self, obj):
        return obj

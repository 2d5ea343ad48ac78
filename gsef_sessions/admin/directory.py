"""People, organisations and forums: shared across sessions, searched as one types."""

from django.contrib import admin
from django.db import models
from parler.admin import TranslatableAdmin, TranslatableTabularInline

from ..domain.permissions import organised_forums
from ..domain.versioning import batched, sessions_showing, touch_sessions
from ..models import Forum, ForumPartner, Organisation, Person, SessionKind


class ShownInReportsMixin:
    """People, organisations and forums are printed in reports: a change is a new version of each."""

    def save_related(self, request, form, formsets, change):
        with batched():
            super().save_related(request, form, formsets, change)
            if change and (form.has_changed() or any(formset.has_changed() for formset in formsets)):
                touch_sessions(sessions_showing(form.instance))


@admin.register(Person)
class PersonAdmin(ShownInReportsMixin, TranslatableAdmin):
    list_display = ["full_name", "country", "hide_from_listings"]
    list_filter = ["hide_from_listings"]
    search_fields = ["given_name", "family_name", "sort_name"]
    fields = [("given_name", "family_name"), ("honorific", "sort_as"), "country", "bio", "photo", "links", "hide_from_listings", "user"]
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(ShownInReportsMixin, TranslatableAdmin):
    list_display = ["__str__", "slug", "country"]
    search_fields = ["slug", "translations__name", "translations__short_name"]
    fields = ["name", "short_name", "slug", "country", "website", "logo"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class ForumPartnerInline(admin.TabularInline):
    model = ForumPartner
    autocomplete_fields = ["organisation"]
    extra = 1


class SessionKindInline(TranslatableTabularInline):
    model = SessionKind
    extra = 1


@admin.register(Forum)
class ForumAdmin(ShownInReportsMixin, TranslatableAdmin):
    list_display = ["__str__", "slug", "start_date", "end_date"]
    search_fields = ["slug", "translations__name"]
    filter_horizontal = ["organisers"]
    inlines = [SessionKindInline, ForumPartnerInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "edition", "theme", "tagline"]}),
        (None, {"fields": [("start_date", "end_date"), "city", "timezone", "slot_minutes", "languages", "organisers"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=organised_forums(request.user).values("pk"))

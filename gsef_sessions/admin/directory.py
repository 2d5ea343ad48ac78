"""People, organisations and forums: shared across sessions, searched as one types."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import models
from django.utils.translation import gettext_lazy as _
from parler.admin import TranslatableAdmin, TranslatableTabularInline

from ..domain.permissions import (
    can_change_directory,
    organised_forums,
    pickable_directory,
    read_only_reason,
    sessions_showing,
    visible_directory,
)
from ..domain.roles import add_default_roles
from ..domain.versioning import batched, touch_sessions
from ..models import Forum, ForumPartner, Organisation, ParticipantRole, Person, SessionKind
from .base import CheckedRequestMixin, translated_object
from .pdfs import ForumPdfAdminMixin


class ShownInReportsMixin:
    """People, organisations and forums are printed in reports: a change is a new version of each."""

    def save_related(self, request, form, formsets, change):
        with batched():
            super().save_related(request, form, formsets, change)
            if change and (form.has_changed() or any(formset.has_changed() for formset in formsets)):
                touch_sessions(sessions_showing(form.instance))


class DirectoryAdminMixin:
    """People and organisations: listed where the user may see them (or created them), changed only
    where every report printing them is one the user may edit; the rest is read-only, saying why."""

    def get_queryset(self, request):
        # Django's autocomplete view asks this admin for what a report's field may pick.
        picking = request.resolver_match is not None and request.resolver_match.url_name == "autocomplete"
        directory = pickable_directory if picking else visible_directory
        return super().get_queryset(request).filter(pk__in=directory(request.user, self.model).values("pk"))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_change_directory(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_change_directory(request.user, translated_object(obj)))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and request.method == "GET" and not can_change_directory(request.user, obj):
            self.message_user(request, read_only_reason(request.user, obj), messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Person)
class PersonAdmin(CheckedRequestMixin, DirectoryAdminMixin, ShownInReportsMixin, TranslatableAdmin):
    list_display = ["full_name", "country", "hide_from_listings"]
    list_filter = ["hide_from_listings"]
    search_fields = ["given_name", "family_name", "sort_name"]
    fields = [
        ("given_name", "family_name"),
        ("honorific", "sort_as"),
        "country",
        "bio",
        "photo",
        "links",
        "hide_from_listings",
        "user",
    ]
    raw_id_fields = ["user"]

    def get_readonly_fields(self, request, obj=None):
        # Linking a person to a user account gives that account their name: superusers only.
        fields = list(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else [*fields, "user"]


@admin.register(Organisation)
class OrganisationAdmin(CheckedRequestMixin, DirectoryAdminMixin, ShownInReportsMixin, TranslatableAdmin):
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


class RoleInline(TranslatableTabularInline):
    model = ParticipantRole
    fields = ["order", "slug", "name", "heading", "category", "numbered"]
    extra = 1


@admin.register(Forum)
class ForumAdmin(CheckedRequestMixin, ShownInReportsMixin, ForumPdfAdminMixin, TranslatableAdmin):
    list_display = ["__str__", "slug", "start_date", "end_date"]
    search_fields = ["slug", "translations__name"]
    filter_horizontal = ["organisers"]
    inlines = [SessionKindInline, RoleInline, ForumPartnerInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "edition", "theme", "tagline"]}),
        (
            None,
            {
                "fields": [
                    ("start_date", "end_date"),
                    "city",
                    "timezone",
                    ("slot_minutes", "fixed_slots"),
                    "languages",
                    "organisers",
                ]
            },
        ),
        (_("Branding"), {"fields": ["logo", ("primary_color", "accent_color")]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=organised_forums(request.user).values("pk"))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            # Whoever creates a forum organises it; without roles of its own, it gets GSEF 2020's.
            form.instance.organisers.add(request.user)
            add_default_roles(forum=form.instance)

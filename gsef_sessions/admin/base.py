"""What every admin page of a session's parts shares: the permission rules from domain/, one
version bump per save, the refusal of a save made on a stale page, one history per report."""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.shortcuts import redirect
from parler.admin import TranslatableStackedInline, TranslatableTabularInline

from ..domain.concurrency import check_version
from ..domain.permissions import can_edit
from ..domain.versioning import batched, touch
from .forms import OrderedInlineFormSet, OrderedTranslatableInlineFormSet


class SessionPartInlineMixin:
    """Inlines of a session (or of one of its parts) are writable only where the session is."""

    def report_session(self, obj):
        return getattr(obj, "session", obj)

    def _editable(self, request, obj):
        return obj is None or can_edit(request.user, self.report_session(obj))

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._editable(request, obj)


class PartTabularInline(SessionPartInlineMixin, admin.TabularInline):
    formset = OrderedInlineFormSet
    extra = 0


class PartTranslatableTabularInline(SessionPartInlineMixin, TranslatableTabularInline):
    formset = OrderedTranslatableInlineFormSet
    extra = 0


class PartTranslatableStackedInline(SessionPartInlineMixin, TranslatableStackedInline):
    formset = OrderedTranslatableInlineFormSet
    extra = 0


def limit_choices(formset, field_name, queryset):
    """Narrow a foreign key of an inline to the session's own rows (e.g. its participants)."""
    field = formset.form.base_fields[field_name]
    field.queryset = queryset
    inner = getattr(field.widget, "widget", None)
    if inner is not None:
        inner.choices = field.choices
    return formset


# The hidden field that carries the report's version as the page was loaded.
REPORT_VERSION = "report_version"


def versioned_form(form_class, session):
    """``form_class`` carrying ``session``'s version; saving refuses if another save moved it since.

    A post without the field (a script, not the admin's page) is not checked."""

    class VersionedForm(form_class):
        report_version = forms.IntegerField(widget=forms.HiddenInput, required=False, initial=session.version)

        def clean(self):
            cleaned = super().clean()
            if cleaned.get(REPORT_VERSION) is not None:
                try:
                    check_version(session=session, seen=cleaned[REPORT_VERSION])
                except ValidationError as error:
                    self.add_error(None, error)
            return cleaned

    VersionedForm.__name__ = VersionedForm.__qualname__ = form_class.__name__
    return VersionedForm


class ReportSaveMixin:
    """For admin pages that save a session's parts: the paste boxes write through domain/ after
    their rows are saved, any change bumps the session's version once more, and a save made on a
    page loaded before someone else's is refused (the page carries the version it showed)."""

    def report_session(self, obj):
        raise NotImplementedError

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj) or REPORT_VERSION in flatten_fieldsets(fieldsets):
            return fieldsets
        return [*fieldsets, (None, {"fields": [REPORT_VERSION], "classes": ["hidden"]})]

    def get_form(self, request, obj=None, **kwargs):
        if kwargs.get("fields"):
            kwargs["fields"] = [name for name in kwargs["fields"] if name != REPORT_VERSION]
        form = super().get_form(request, obj, **kwargs)
        if obj is None or not self.has_change_permission(request, obj):
            return form
        return versioned_form(form, self.report_session(obj))

    def history_view(self, request, object_id, extra_context=None):
        """A part's history is its report's: one page shows every change to the session and its parts."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return super().history_view(request, object_id, extra_context)
        return redirect(f"{self.admin_site.name}:gsef_sessions_session_history", self.report_session(obj).pk)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for inline_form in formset.forms:
            if hasattr(inline_form, "save_extra_if_changed") and not formset._should_delete_form(inline_form):
                inline_form.save_extra_if_changed()

    def changeform_view(self, request, *args, **kwargs):
        # One version bump and one set of PDF renders per page saved, however many of its boxes
        # changed: the touches are collected and applied before this transaction commits.
        with transaction.atomic(using=router.db_for_write(self.model)), batched():
            return super().changeform_view(request, *args, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and (form.has_changed() or any(formset.has_changed() for formset in formsets)):
            touch(session=self.report_session(form.instance))

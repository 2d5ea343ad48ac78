"""What every admin page of a session's parts shares: the permission rules from domain/."""

from django.contrib import admin
from parler.admin import TranslatableStackedInline, TranslatableTabularInline

from ..domain.permissions import can_edit
from ..domain.versioning import touch
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


class ReportSaveMixin:
    """For admin pages that save a session's parts: the paste boxes write through domain/ after
    their rows are saved, and any change bumps the session's version once more."""

    def report_session(self, obj):
        raise NotImplementedError

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for inline_form in formset.forms:
            if hasattr(inline_form, "save_extra_if_changed") and not formset._should_delete_form(inline_form):
                inline_form.save_extra_if_changed()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and (form.has_changed() or any(formset.has_changed() for formset in formsets)):
            touch(session=self.report_session(form.instance))

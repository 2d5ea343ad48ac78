"""What every admin page of a session's parts shares: the permission rules from domain/."""

from django.contrib import admin
from parler.admin import TranslatableStackedInline, TranslatableTabularInline

from ..domain.permissions import can_edit
from .forms import OrderedInlineFormSet, OrderedTranslatableInlineFormSet


class SessionPartInlineMixin:
    """Inlines of a session (or of one of its parts) are writable only where the session is."""

    def _session(self, obj):
        return getattr(obj, "session", obj)

    def _editable(self, request, obj):
        return obj is None or can_edit(request.user, self._session(obj))

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

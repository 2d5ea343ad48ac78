"""What every admin page of a session's parts shares: the permission rules from domain/, one
version bump per save, the refusal of a save made on a stale page, one history per report; and
what every admin page of the app checks in a request's address."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from parler.admin import TranslatableStackedInline, TranslatableTabularInline

from ..domain.concurrency import check_version
from ..domain.languages import site_language
from ..domain.permissions import can_edit
from ..domain.versioning import batched, touch
from ..models import Participation
from .forms import OrderedInlineFormSet, OrderedTranslatableInlineFormSet


def translated_object(obj):
    """``obj``, or the object it translates: parler asks whether a translation may be deleted
    with the translation itself (``delete_translation``), and the object's rules decide."""
    return getattr(obj, "master", obj)


# The parameter parler's admin reads the editing language from (its query_language_key).
LANGUAGE_PARAMETER = "language"


def _once_each(response):
    """A redirect whose address names each parameter value once: Django keeps the page's query on
    "Save and continue", and parler adds its ``language`` to it again."""
    if response.status_code in (301, 302):
        parts = urlsplit(response["Location"])
        pairs = dict.fromkeys(parse_qsl(parts.query, keep_blank_values=True))
        query = urlencode(list(pairs))
        response["Location"] = urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
    return response


class ReportMediaMixin:
    """The report's pages: inline tables that fit the content column."""

    class Media:
        css = {"all": ["gsef_sessions/admin.css"]}


class CheckedRequestMixin:
    """Every admin page of the app: what a typed or forged address carries gets Django's answer to a
    wrong one, never a 500 (PostgreSQL refuses NUL in a text parameter; parler an unknown language).

    - a NUL in a list's parameters: back to the list without them (``?e=1``), as Django does
      for lookups it cannot apply;
    - a NUL in a search (the autocomplete's): no results, since no stored text holds one;
    - ``?language=`` on a change form: the site's language it names (``es-MX`` -> ``es``), or
      none, so the form opens in the default language; a translation to delete in a language
      the site does not have: a 404."""

    delete_confirmation_template = "gsef_sessions/admin/delete_confirmation.html"

    def changelist_view(self, request, extra_context=None):
        if any("\x00" in value for _name, values in request.GET.lists() for value in values):
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return super().changelist_view(request, extra_context)

    def get_search_results(self, request, queryset, search_term):
        if "\x00" in search_term:
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    def add_view(self, request, form_url="", extra_context=None):
        return self.known_language(request) or super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return self.known_language(request) or super().change_view(request, object_id, form_url, extra_context)

    def response_add(self, request, obj, post_url_continue=None):
        return _once_each(super().response_add(request, obj, post_url_continue))

    def response_change(self, request, obj):
        return _once_each(super().response_change(request, obj))

    def known_language(self, request):
        """A redirect to the same page with a language the site has, if ``?language=`` names another."""
        given = request.GET.get(LANGUAGE_PARAMETER)
        known = site_language(given)
        if given is None or known == given:
            return None
        query = request.GET.copy()
        query.pop(LANGUAGE_PARAMETER)
        if known:
            query[LANGUAGE_PARAMETER] = known
        return HttpResponseRedirect(f"{request.path}?{query.urlencode()}" if query else request.path)

    def delete_translation(self, request, object_id, language_code):
        if site_language(language_code) != language_code:
            raise Http404
        return super().delete_translation(request, object_id, language_code)


class SessionPartInlineMixin:
    """Inlines of a session (or of one of its parts) are writable only where the session is."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # what Django 6 assumes

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
    """Narrow a foreign key of an inline to the session's own rows (e.g. its participants), read
    once for every row of the formset: a choice field would read its queryset again in each row."""
    field = formset.form.base_fields[field_name]
    field.queryset = queryset
    field.choices = list(field.choices)
    inner = getattr(field.widget, "widget", None)
    if inner is not None:
        inner.choices = field.choices
    return formset


def participant_choices(sessions):
    """Participants as choices print them ("name (role)"), in two queries however many."""
    return (
        Participation.objects.filter(session__in=sessions)
        .select_related("person", "role")
        .prefetch_related("role__translations")
    )


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
        if (
            obj is None
            or not self.has_change_permission(request, obj)
            or REPORT_VERSION in flatten_fieldsets(fieldsets)
        ):
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
        deleted = formset.deleted_forms
        for inline_form in formset.forms:
            if hasattr(inline_form, "save_extra_if_changed") and inline_form not in deleted:
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

"""The session page's "Import a report": upload a document or paste text, see the report it
becomes (people matched or new, lines not understood, what it replaces), then confirm. The work
is ``domain.report_import``'s; confirming writes it all in one transaction, cancelling writes
nothing."""

import json

from django import forms
from django.conf import settings as django_settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..conf import settings
from ..domain.import_sources import ImportRejected, Source, read_source
from ..domain.permissions import can_edit
from ..domain.presentation import printed_report
from ..domain.report_import import IMPORTABLE, ImportBlocked, import_report

# The document read at the preview travels to the confirmation signed: what is confirmed is what was shown.
SIGNING_SALT = "gsef_sessions.admin.import"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Document"), required=False, help_text=gettext_lazy("A .docx, .md or .txt file.")
    )
    text = forms.CharField(
        label=gettext_lazy("Or paste the report"), required=False, widget=forms.Textarea(attrs={"rows": 12})
    )
    language = forms.ChoiceField(label=gettext_lazy("Written in"), choices=django_settings.LANGUAGES)

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool(data.get("text", "").strip()):
            raise ValidationError(_("Upload a document or paste its text (one of the two)."))
        upload = data.get("file")
        if upload and upload.size > settings.IMPORT_MAX_BYTES:
            raise ValidationError(_("This file is larger than %(limit)d bytes.") % {"limit": settings.IMPORT_MAX_BYTES})
        try:
            data["source"] = (
                read_source(data=upload.read(), filename=upload.name) if upload else read_source(text=data["text"])
            )
        except ImportRejected as error:
            raise ValidationError(str(error)) from None
        return data


def _signed(source: Source, version: int, language: str) -> str:
    payload = {"lines": source.lines, "format": source.format, "unit": source.unit, "v": version, "l": language}
    return signing.dumps(payload, salt=SIGNING_SALT, compress=True)


def _unsigned(value: str):
    payload = signing.loads(value, salt=SIGNING_SALT)
    source = Source(lines=[tuple(line) for line in payload["lines"]], format=payload["format"], unit=payload["unit"])
    return source, payload["v"], payload["l"]


class SessionImportAdminMixin:
    import_template = "gsef_sessions/admin/import_report.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/import/",
                self.admin_site.admin_view(self.import_view),
                name=f"{opts.app_label}_{opts.model_name}_import",
            ),
        ] + super().get_urls()

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.status in IMPORTABLE and can_edit(request.user, obj):
            opts = self.model._meta
            context["import_url"] = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_import", args=[obj.pk], current_app=self.admin_site.name
            )
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def import_view(self, request, object_id):
        session = self.get_object(request, object_id)
        if session is None:
            raise Http404
        if not can_edit(request.user, session) or session.status not in IMPORTABLE:
            raise PermissionDenied
        change_url = reverse(
            f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_change",
            args=[session.pk],
            current_app=self.admin_site.name,
        )
        form = ImportForm(initial={"language": session.original_language})
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm(request, session, change_url)
        if request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                return self._preview(
                    request, session, form.cleaned_data["source"], session.version, form.cleaned_data["language"]
                )
        return self._page(request, session, form=form)

    def _page(self, request, session, **context):
        return TemplateResponse(
            request,
            self.import_template,
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "object": session,
                "title": _("Import a report"),
                "media": self.media,
                **context,
            },
        )

    def _matches(self, request):
        """The people chosen for ambiguous names (the preview's selects)."""
        try:
            names = json.loads(request.POST.get("names", "{}"))
        except ValueError:
            names = {}
        names = names if isinstance(names, dict) else {}
        return {name: request.POST[f"match-{name}"] for name in names if request.POST.get(f"match-{name}")}

    @staticmethod
    def _import(request, session, document, matches, *, dry_run):
        source, version, language = document
        return import_report(
            session=session,
            user=request.user,
            source=source,
            expected_version=version,
            language=language,
            matches=matches,
            dry_run=dry_run,
        )

    def _preview(self, request, session, source, version, language, matches=None):
        try:
            result = self._import(request, session, (source, version, language), matches, dry_run=True)
        except ValidationError as error:  # the report changed since the document was read
            messages.error(request, " ".join(error.messages))
            return self._page(request, session, form=ImportForm(initial={"language": language}))
        return self._page(
            request,
            session,
            result=result,
            problems=result.problems,
            report=printed_report(result.report) if result.report else None,
            signed=_signed(source, version, language),
            names=json.dumps({found.name: found.person or "" for found in result.people if found.candidates}),
            unit=source.unit,
        )

    def _confirm(self, request, session, change_url):
        try:
            source, version, language = _unsigned(request.POST.get("document", ""))
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            messages.error(request, _("The document could not be read again: upload it once more."))
            return HttpResponseRedirect(request.path)
        matches = self._matches(request)
        try:
            result = self._import(request, session, (source, version, language), matches, dry_run=False)
        except ImportBlocked:
            return self._preview(request, session, source, version, language, matches)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(request.path)
        messages.success(
            request, _("The report was imported: it is now at version %(version)d.") % {"version": result.version}
        )
        return HttpResponseRedirect(change_url)

"""The sessions' PDFs in the admin: status per language, the error of a failed render, the warnings
of a rendered one, downloads of the current and the previous good PDF, and a "Render PDF" action;
a forum's proceedings PDFs the same way on the forum's page."""

from django.contrib import admin, messages
from django.http import Http404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import links
from ..domain import rendering
from ..enums import RenderStatus
from ..models import Render
from ..views.pdf import serve


def render_row(parts, render):
    """One language's line: ``parts`` (status, links), then the render's error and warnings."""
    if render.error:
        parts.append(format_html("<code>{}</code>", render.error))
    parts += [
        format_html('<strong class="warning">{}</strong> {}', _("Warning:"), warning) for warning in render.warnings
    ]
    return format_html_join(" · ", "{}", ((part,) for part in parts))


class SessionPdfAdminMixin:
    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(rendering.live_renders_prefetch())

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/pdf/<int:render_id>/",
                self.admin_site.admin_view(self.pdf_view),
                name=f"{opts.app_label}_{opts.model_name}_pdf",
            ),
        ] + super().get_urls()

    def pdf_view(self, request, object_id, render_id):
        session = self.get_object(request, object_id)
        if session is None or not self.has_view_or_change_permission(request, session):
            raise Http404
        render = Render.objects.filter(session=session, pk=render_id, status=RenderStatus.READY).first()
        if render is None:
            raise Http404
        return serve(
            render,
            filename=f"{session.forum.slug}-{session.slug}-{render.language}-v{render.version}.pdf",
            public=False,
        )

    def _download(self, session, render, label):
        opts = self.model._meta
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_pdf",
            args=[session.pk, render.pk],
            current_app=self.admin_site.name,
        )
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.display(description=_("PDF"))
    def pdf_status(self, session):
        latest = rendering.latest_renders(session=session)
        statuses = ((language, self._status(render)) for language, render in sorted(latest.items()))
        return format_html_join(", ", "{} {}", statuses) or "—"

    @staticmethod
    def _status(render):
        status = render.get_status_display().lower()
        return _("%(status)s with warnings") % {"status": status} if render.warnings else status

    @admin.display(description=_("PDFs"))
    def pdf_files(self, session):
        latest = rendering.latest_renders(session=session)
        if not latest:
            return _("None yet: they are made when the report is saved.")
        good = rendering.latest_renders(session=session, ready=True)
        rows = []
        for language, render in sorted(latest.items()):
            parts = [
                format_html("<strong>{}</strong>: {} (v{})", language, render.get_status_display(), render.version)
            ]
            if render.status == RenderStatus.READY:
                parts.append(self._download(session, render, _("download")))
            elif language in good:
                previous = good[language]
                parts.append(
                    self._download(session, previous, _("previous PDF (v%(version)s)") % {"version": previous.version})
                )
            rows.append(render_row(parts, render))
        return format_html_join("", "<div>{}</div>", ((row,) for row in rows))

    @admin.action(description=_("Render PDF of selected reports"))
    def render_pdf_selected(self, request, queryset):
        queued = ready = 0
        for session in queryset:
            for render in rendering.request_renders(session=session, force=True):
                ready += render.status == RenderStatus.READY
                queued += render.status != RenderStatus.READY
        message = ngettext("%(queued)d PDF queued", "%(queued)d PDFs queued", queued) % {"queued": queued}
        message += "; " + ngettext("%(ready)d already up to date.", "%(ready)d already up to date.", ready) % {
            "ready": ready
        }
        self.message_user(request, message, messages.SUCCESS)


class ForumPdfAdminMixin:
    """The forum's proceedings PDFs on its change page: status, error (naming the sessions at
    fault) and warnings (sessions left out, characters no font has) per language."""

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "proceedings_pdfs"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if obj is None else [*fieldsets, (_("Proceedings"), {"fields": ["proceedings_pdfs"]})]

    @admin.display(description=_("PDFs"))
    def proceedings_pdfs(self, forum):
        latest = rendering.latest_proceedings(forum=forum)
        if not latest:
            return _("None yet: they are made when a reader first asks for them.")
        rows = []
        for language, render in sorted(latest.items()):
            parts = [format_html("<strong>{}</strong>: {}", language, render.get_status_display())]
            if render.status == RenderStatus.READY:
                url = links.url("gsef_sessions:proceedings-pdf", forum_slug=forum.slug, language=language)
                parts.append(format_html('<a href="{}">{}</a>', url, _("download")))
            rows.append(render_row(parts, render))
        return format_html_join("", "<div>{}</div>", ((row,) for row in rows))

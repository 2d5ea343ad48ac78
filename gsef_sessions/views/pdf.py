"""PDF and material downloads: the only way out of the private storage, so every request is checked here."""

import mimetypes
from pathlib import PurePosixPath

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..conf import settings
from ..domain import rendering
from ..domain.permissions import visible_sessions
from ..enums import RenderStatus, SessionStatus
from ..models import Forum, Material, Session


def _not_ready(render):
    if render.status == RenderStatus.FAILED:
        message = _("The PDF could not be prepared. The organisers have been told; please try again later.")
    else:
        message = _("The PDF is being prepared. Please try again in a few seconds.")
    response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(settings.PDF_RETRY_AFTER)
    patch_cache_control(response, no_store=True)
    return response


def serve(render, *, filename, public):
    """The file of a ready render: streamed, or a redirect to the storage's own (signed) URL."""
    storage = render.file.storage
    if settings.PDF_REDIRECT:
        response = redirect(storage.url(render.file.name))
    else:
        response = FileResponse(storage.open(render.file.name, "rb"), content_type="application/pdf", filename=filename)
        response["Content-Disposition"] = response["Content-Disposition"].replace("attachment", "inline")
        response["ETag"] = f'"{render.content_hash}"'
    if public:
        patch_cache_control(response, public=True, max_age=300)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    return response


@require_safe
def session_pdf(request, forum_slug, session_slug, language):
    queryset = visible_sessions(request.user).select_related("forum").prefetch_related("translations")
    session = get_object_or_404(queryset, forum__slug=forum_slug, slug=session_slug)
    if language not in session.get_available_languages():
        raise Http404(_("This report has no translation in that language."))
    render = rendering.current_report_pdf(session=session, language=language)
    if render.status != RenderStatus.READY:
        return _not_ready(render)
    return serve(
        render, filename=f"{forum_slug}-{session_slug}-{language}.pdf", public=session.status == SessionStatus.PUBLISHED
    )


@require_safe
def proceedings_pdf(request, forum_slug, language):
    forum = get_object_or_404(Forum, slug=forum_slug)
    if language not in forum.languages or not rendering.published_for_proceedings(forum).exists():
        raise Http404(_("No proceedings in that language."))
    render = rendering.current_proceedings_pdf(forum=forum, language=language)
    if render.status != RenderStatus.READY:
        return _not_ready(render)
    return serve(render, filename=f"{forum_slug}-proceedings-{language}.pdf", public=True)


@require_safe
def session_material(request, forum_slug, session_slug, uuid):
    """An uploaded material of a session the reader may see, always as a download (an uploaded page
    never runs in the site's origin)."""
    sessions = visible_sessions(request.user).filter(forum__slug=forum_slug, slug=session_slug)
    material = get_object_or_404(Material.objects.exclude(file=""), session__in=sessions, uuid=uuid)
    try:
        opened = material.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("This file is no longer available.")) from None
    response = FileResponse(
        opened,
        as_attachment=True,
        filename=f"{session_slug}-{material.kind}{PurePosixPath(material.file.name).suffix}",
        content_type=mimetypes.guess_type(material.file.name)[0] or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    if Session.objects.filter(pk=material.session_id, status=SessionStatus.PUBLISHED).exists():
        patch_cache_control(response, public=True, max_age=300)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    return response

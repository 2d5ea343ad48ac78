"""A report as a document to download (Markdown, DOCX), in each language it is written in.

Visible as its PDFs are (``visible_sessions``: a draft reaches only its rapporteurs and organisers,
anyone else gets a 404); named by the report's version and language (the ETag), so a reader whose
copy is current gets a 304 before anything is built.
"""

from django.http import Http404, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..conf import settings
from ..domain import read_model
from ..domain.read_etag import ReportState, version_tag
from ..domain.report_export import DOCX_TYPE, MARKDOWN_TYPE, report_docx, report_markdown


def _download(request, *, forum_slug, session_slug, language, build, extension, content_type):
    state = ReportState.lookup(user=request.user, forum_slug=forum_slug, session_slug=session_slug)
    if state is None:
        raise Http404
    if language not in state.languages:
        raise Http404(_("This report has no translation in that language."))
    etag = f'W/"{version_tag(session=state, requested=language)}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        report = read_model.report(state=state, requested=language)
        if report is None:  # deleted since it was looked up
            raise Http404
        content = build(report=report)
        response = HttpResponse(content.encode() if isinstance(content, str) else content, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"{forum_slug}-{session_slug}.{language}.{extension}"
        )
        response["Content-Language"] = language
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    if request.user.is_authenticated:  # may be a draft: never kept by a shared cache
        patch_cache_control(response, private=True, no_cache=True)
    else:  # published: the same for every anonymous reader
        response["Cache-Control"] = settings.PAGE_CACHE_CONTROL
        patch_vary_headers(response, ("Cookie",))  # signed in, the same address may show a draft
    return response


@require_safe
def session_markdown(request, forum_slug, session_slug, language):
    return _download(
        request,
        forum_slug=forum_slug,
        session_slug=session_slug,
        language=language,
        build=report_markdown,
        extension="md",
        content_type=MARKDOWN_TYPE,
    )


@require_safe
def session_docx(request, forum_slug, session_slug, language):
    return _download(
        request,
        forum_slug=forum_slug,
        session_slug=session_slug,
        language=language,
        build=report_docx,
        extension="docx",
        content_type=DOCX_TYPE,
    )

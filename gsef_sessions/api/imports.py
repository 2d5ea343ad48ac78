"""``POST /api/sessions/{forum}/{session}/import/``: a written report (a file, or text) into the
session's report, or with ``?dry_run=1`` the report it would become. The work is
``domain.report_import``'s; this view only reads the request and shapes the answer."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, parsers, permissions, views
from rest_framework import serializers as fields
from rest_framework.response import Response

from ..conf import settings
from ..domain.import_sources import ImportRejected, read_source
from ..domain.permissions import can_edit, visible_sessions
from ..domain.read_model import build_reports
from ..domain.report_import import ImportBlocked, ImportResult, import_report, parse_match
from .base import ReadOnlyAPI
from .parsers import BoundedJSONParser, RequestTooLarge
from .writes import (
    ENTITY_TAGS,
    PreconditionFailed,
    TellsTheCurrentETag,
    WriteSchema,
    content_language,
    current_etag,
    if_match_version,
    write_responses,
)

# Room for the multipart envelope and the other fields around the file.
ENVELOPE_BYTES = 64 * 1024


def _problems(problems, unit):
    return [
        {
            "line": problem.line,
            "unit": unit,
            "message": problem.message,
            "text": problem.text,
            "blocking": problem.blocking,
        }
        for problem in problems
    ]


def _answer(result: ImportResult, unit: str, report) -> dict:
    return {
        "written": result.written,
        "version": result.version,
        "report": report,
        "people": [
            {
                "name": found.name,
                "role": found.role,
                "order": found.order,
                "post": found.post,
                "status": found.status,
                "person": found.person,
                "candidates": [{"uuid": uid, "label": label} for uid, label in found.candidates],
            }
            for found in result.people
        ],
        "sponsors": [{"name": name, "organization": slug} for name, slug in result.sponsors],
        "replaced": result.replaced,
        "problems": _problems(result.problems, unit),
    }


IMPORT_REQUEST = inline_serializer(
    "ReportImportRequest",
    {
        "file": fields.FileField(required=False, help_text=_("The report: .txt, .md or .docx.")),
        "text": fields.CharField(required=False, help_text=_("Or the report as text (the template, or Markdown).")),
        "language": fields.CharField(required=False, help_text=_("The language it is written in (a code).")),
        "match": fields.ListField(
            child=fields.CharField(),
            required=False,
            help_text=_("NAME=UUID: who an ambiguous name is (the person's id in the directory)."),
        ),
    },
)


class ReportImport(TellsTheCurrentETag, ReadOnlyAPI, views.APIView):
    """Read before anything else, within ``GSEF_SESSIONS_IMPORT_MAX_BYTES``: a multipart upload or
    JSON ``{"text": …}``."""

    permission_classes = [permissions.IsAuthenticated]
    schema = WriteSchema()
    parser_classes = [parsers.MultiPartParser, BoundedJSONParser]

    def initial(self, request, *args, **kwargs):
        declared = request.META.get("CONTENT_LENGTH", "")
        limit = settings.IMPORT_MAX_BYTES + ENVELOPE_BYTES
        if declared.isdigit() and int(declared) > limit:
            raise RequestTooLarge(limit)
        super().initial(request, *args, **kwargs)

    @extend_schema(
        summary=_("Import a written report into a draft"),
        request={"multipart/form-data": IMPORT_REQUEST, "application/json": IMPORT_REQUEST},
        parameters=[
            OpenApiParameter(
                "If-Match",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                pattern=ENTITY_TAGS,
                description=_("The ETag of the report as read: nothing is imported over someone else's changes."),
            ),
            OpenApiParameter(
                "dry_run",
                OpenApiTypes.STR,
                enum=["0", "1"],
                description=_("1: write nothing; answer the report it would become and the problems."),
            ),
        ],
        responses={
            **write_responses(OpenApiTypes.OBJECT),
            (200, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT,
                description=_(
                    "written, version, report (the read model's JSON), people (matched, new or ambiguous), sponsors, "
                    "replaced (what the report had), problems (line, message, blocking)."
                ),
            ),
            (400, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT,
                description=_("Not a report, or blocked: detail, and problems with their lines."),
            ),
        },
    )
    def post(self, request, forum_slug, session_slug):
        session = get_object_or_404(
            visible_sessions(request.user).select_related("forum", "kind"), forum__slug=forum_slug, slug=session_slug
        )
        if not can_edit(request.user, session):
            raise exceptions.PermissionDenied(_("You may read this report but not edit it."))
        language = content_language(request) or request.data.get("language") or None
        version = if_match_version(request, session=session, language=language or session.original_language)
        upload, text = request.data.get("file"), request.data.get("text")
        if bool(upload) == bool(text) or not isinstance(text or "", str):
            raise exceptions.ValidationError({"file": [_("Send a file or a text, not both.")]})
        if upload and not isinstance(upload, UploadedFile):  # a form field, or JSON, named "file"
            raise exceptions.ValidationError({"file": [_("Send the file as a multipart upload, or its text as text.")]})
        matches = {}
        raw_matches = (
            request.data.getlist("match") if hasattr(request.data, "getlist") else request.data.get("match", [])
        )
        for value in raw_matches if isinstance(raw_matches, list) else [raw_matches]:
            try:
                name, person = parse_match(str(value))
            except ValueError as error:
                raise exceptions.ValidationError({"match": [str(error)]}) from None
            matches[name] = person
        try:
            source = (
                read_source(data=upload.read(settings.IMPORT_MAX_BYTES + 1), filename=upload.name)
                if upload
                else read_source(text=text)
            )
        except ImportRejected as error:
            raise exceptions.ValidationError({"file" if upload else "text": [str(error)]}) from None
        dry_run = request.query_params.get("dry_run") == "1"
        try:
            result = import_report(
                session=session,
                user=request.user,
                source=source,
                expected_version=version,
                language=language,
                matches=matches,
                dry_run=dry_run,
            )
        except ImportBlocked as error:
            return Response(
                {
                    "detail": _("Nothing was imported: see the problems."),
                    "problems": _problems(error.problems, source.unit),
                },
                status=400,
            )
        except PermissionDenied as error:
            raise exceptions.PermissionDenied(str(error)) from None
        except ValidationError as error:
            if getattr(error, "code", None) == "stale_version":
                raise PreconditionFailed(current_etag(session, language or session.original_language)) from None
            raise exceptions.ValidationError({"detail": error.messages}) from None
        if result.blocking:
            return Response(
                {"detail": _("Nothing was imported: see the problems."), **_answer(result, source.unit, result.report)},
                status=400,
            )
        if dry_run:
            return Response(_answer(result, source.unit, result.report))
        written_language = language or session.original_language
        report = build_reports([session.pk], requested=written_language)[session.pk]
        return Response(_answer(result, source.unit, report), headers={"ETag": current_etag(session, written_language)})

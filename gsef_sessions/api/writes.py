"""What the writing endpoints share: the write headers (``If-Match``, ``Content-Language``), the
412/428 answers, field-keyed 400s and the schema of all that.

The rules themselves (who may write what, validation, matching by id) are ``domain.report_writes``."""

from django.conf import settings as django_settings
from django.utils.http import parse_etags
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions, permissions, serializers
from rest_framework.settings import api_settings

from ..domain.languages import site_language, site_languages
from ..domain.read_etag import ReportState, matches_version, report_etag
from .base import ErrorSerializer
from .parsers import BoundedBody

# One or more entity-tags (RFC 9110 8.8.3), as If-Match takes them; "*" names no version.
ENTITY_TAGS = r'^\s*(W/)?"[^"]*"(\s*,\s*(W/)?"[^"]*")*\s*$'


def current_etag(session, language):
    """The ETag a reader of ``session`` in ``language`` would get now (a 412 tells it)."""
    return report_etag(state=ReportState.of(session), requested=language)


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = _("Send If-Match with the ETag of the report you read, so that no one else's changes are lost.")
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_detail = _("The report changed since you read it: read it again (its current ETag is in the ETag header).")
    default_code = "precondition_failed"

    def __init__(self, etag):
        super().__init__()
        self.etag = etag


def content_language(request):
    """The language of a write's texts (``Content-Language``, one of the site's), or None if not given."""
    value = request.headers.get("Content-Language", "").strip().lower()
    if not value:
        return None
    code = site_language(value)
    if code:
        return code
    raise serializers.ValidationError(
        {
            "Content-Language": [
                _("“%(value)s” is not one of this site's languages: %(codes)s.")
                % {"value": value, "codes": ", ".join(sorted(site_languages()))},
            ]
        }
    )


def if_match_version(request, *, session, language):
    """The version the write is based on, if ``If-Match`` names the report's current ETag."""
    header = request.headers.get("If-Match", "").strip()
    etags = [] if header == "*" else parse_etags(header)  # "*" names no version
    if not etags:
        raise PreconditionRequired()
    if not matches_version(etags=etags, session=session, requested=language):
        raise PreconditionFailed(current_etag(session, language))
    return session.version


def flat_errors(detail, path=()):
    """DRF's nested errors as ``{"rounds.0.contributions.1.participant": [...]}``, as the domain's are."""
    if isinstance(detail, str):
        detail = [detail]
    if isinstance(detail, dict):
        items = (
            (path if key == api_settings.NON_FIELD_ERRORS_KEY else (*path, key), value) for key, value in detail.items()
        )
    elif any(isinstance(value, (dict, list)) for value in detail):
        items = (((*path, index), value) for index, value in enumerate(detail))
    else:
        return {".".join(map(str, path)) or api_settings.NON_FIELD_ERRORS_KEY: list(detail)}
    flat = {}
    for where, value in items:
        for key, messages in flat_errors(value, where).items():
            flat.setdefault(key, []).extend(messages)
    return flat


def _by_source(serializer, source):
    """The field of ``serializer`` (or of a ``source="*"`` one in it) written to ``source``, and its path."""
    for name, field in serializer.fields.items():
        if field.source == "*" and isinstance(field, serializers.Serializer):
            found = _by_source(field, source)
            if found:
                return found[0], (name, *found[1])
        elif field.source == source:
            return field, (name,)
    return None


def api_path(serializer, path):
    """A domain error's path (model names, ``participations.0.organisation``) in the API's names."""
    names = []
    for part in path.split("."):
        found = None if part.isdigit() else _by_source(serializer, part)
        if found is None:
            names.append(part)
            continue
        field, where = found
        names += where
        serializer = getattr(field, "child", field)
    return ".".join(names)


def invalid(error, serializer):
    """The domain's ValidationError as a 400, keyed by the API's field paths."""
    flat = {}
    for path, messages in error.message_dict.items():
        key = api_settings.NON_FIELD_ERRORS_KEY if path == "__all__" else api_path(serializer, path)
        flat.setdefault(key, []).extend(messages)
    return serializers.ValidationError(flat)


class WriteSchema(AutoSchema):
    """Adds the write headers to the schema of writes, with the site's languages read when it is built."""

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method in ("PUT", "PATCH"):
            parameters.append(
                OpenApiParameter(
                    "If-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    required=True,
                    pattern=ENTITY_TAGS,
                    description=_('The ETag of the report you read (GET), e.g. W/"7-en".'),
                )
            )
        if self.method in ("POST", "PUT", "PATCH"):
            parameters.append(
                OpenApiParameter(
                    "Content-Language",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    enum=[code for code, _name in django_settings.LANGUAGES],
                    description=_("The language of the texts written; by default the report's original language."),
                )
            )
        return parameters


def write_responses(ok, *, created=False):
    """The answers of a write, for the OpenAPI schema."""
    json = "application/json"

    def error(text):
        return OpenApiResponse(ErrorSerializer, description=text)

    answers = {
        (201 if created else 200, json): OpenApiResponse(
            ok, description=_("The report as written, in the language written, with its new ETag.")
        ),
        (400, json): OpenApiResponse(
            OpenApiTypes.OBJECT,
            description=_(
                "Invalid data: messages by field path, e.g. rounds.0.contributions.1.participant; or a body that is "
                "not JSON (UTF-8), or nests deeper than 32 levels."
            ),
        ),
        (401, json): error(_("Not signed in, or invalid credentials (Authorization: Token …).")),
        (403, json): error(_("Signed in, but not allowed to do this.")),
        (413, json): error(_("The request body is larger than the site allows (4 MB by default).")),
        (415, json): error(_("Unsupported media type: send JSON.")),
        (429, json): error(_("Too many requests; retry after the Retry-After header's seconds.")),
    }
    if not created:
        answers[404, json] = error(_("Not found, or not visible to you."))
        answers[412, json] = error(PreconditionFailed.default_detail)
        answers[428, json] = error(PreconditionRequired.default_detail)
    return answers


class TellsTheCurrentETag:
    """Mixin: a 412 carries the report's current ETag, for the client to read it again."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(exc, PreconditionFailed):
            response["ETag"] = exc.etag
        return response


class ReportWrites(TellsTheCurrentETag, BoundedBody):
    """Mixin for endpoints that also write reports: reads stay public, writes need a signed-in
    user (an anonymous one gets a 401), in JSON within bounds (``parsers``)."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    schema = WriteSchema()

    def validated(self, serializer_class, *, partial=False):
        serializer = serializer_class(data=self.request.data, partial=partial)
        if not serializer.is_valid():
            raise serializers.ValidationError(flat_errors(serializer.errors))
        return serializer.validated_data

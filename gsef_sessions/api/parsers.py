"""Request bodies read within bounds: a body too large is a 413 and one nested too deeply a 400,
found before it is decoded and before the client's credentials are checked (a password hash costs
more than a bounded scan), so a hostile body costs little and never reaches Python's recursion limit."""

import io
import re
from itertools import accumulate

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers
from rest_framework.permissions import SAFE_METHODS

from ..conf import settings

# Far deeper than a report nests (session, rounds, contributions, points, sub-points: about 10 levels).
MAX_DEPTH = 32
# A JSON string (escapes included), whose brackets are text, and what nests: brackets. An
# unterminated string runs to the end: were it no match, the scan would start again at each quote
# inside it, and a body of escaped quotes would cost quadratic time.
_STRING = re.compile(rb'"[^"\\]*(?:\\.?[^"\\]*)*(?:"|\Z)', re.DOTALL)
_NOT_BRACKET = re.compile(rb"[^\[\]{}]+")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "request_too_large"

    def __init__(self, limit):
        super().__init__(_("The request body is larger than %(limit)s bytes.") % {"limit": limit})


def depth(body):
    """How deep ``body`` (JSON bytes) nests, counted without parsing it: outside strings, the most
    brackets open at once. A malformed body may count deeper than a parser would get, never less."""
    skeleton = _NOT_BRACKET.sub(b"", _STRING.sub(b"", body))
    return max(accumulate(map(_STEP.__getitem__, skeleton), initial=0))


class BoundedJSONParser(parsers.JSONParser):
    """DRF's JSON parser, for bodies of at most ``GSEF_SESSIONS_API_MAX_BODY_BYTES`` bytes (the
    declared Content-Length first, then the bytes read) nesting at most ``MAX_DEPTH`` levels, in
    UTF-8 as JSON is exchanged (RFC 8259 8.1): the scan reads its bytes, and no charset parameter
    can make a codec expand the body after its size was checked."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        limit = settings.API_MAX_BODY_BYTES
        declared = parser_context["request"].META.get("CONTENT_LENGTH", "") if "request" in parser_context else ""
        if declared.isdigit() and int(declared) > limit:
            raise RequestTooLarge(limit)
        body = stream.read(limit + 1)
        if len(body) > limit:
            raise RequestTooLarge(limit)
        if depth(body) > MAX_DEPTH:
            raise exceptions.ParseError(_("JSON nested deeper than %(depth)d levels.") % {"depth": MAX_DEPTH})
        return super().parse(io.BytesIO(body), media_type, {**parser_context, "encoding": "utf-8"})


class BoundedBody:
    """Mixin for endpoints that take a body: JSON only, within bounds, read before anything else
    (DRF reads it lazily, after authenticating; here a refused body costs no credential check)."""

    parser_classes = [BoundedJSONParser]

    def initial(self, request, *args, **kwargs):
        if request.method not in SAFE_METHODS:
            request.data  # noqa: B018 -- parsed now: a 400, 413 or 415 before any other work
        super().initial(request, *args, **kwargs)

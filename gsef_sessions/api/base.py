"""What every endpoint shares: the reader's language, conditional GET, CDN caching, throttles,
pagination and the documented error answers."""

import hashlib

from django.apps import apps
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import pagination, permissions, renderers, serializers, throttling
from rest_framework.authentication import TokenAuthentication
from rest_framework.response import Response

from ..conf import settings
from ..domain.languages import requested_language, site_language
from ..links import absolute_url


def file_url(field):
    return absolute_url(field.url) if field else None


def request_language(request):
    """``?lang=`` first, then ``Accept-Language`` (through LocaleMiddleware), then the site's language;
    an unknown or malformed code counts as none."""
    code = request.query_params.get("lang", "")
    return site_language(code) or requested_language(request)


class _FixedWindow:
    """Rates read from ``GSEF_SESSIONS_API_THROTTLE_RATES`` at call time (a missing rate means
    unlimited), counted per client and fixed window: one atomic ``incr``, where DRF's throttles
    read and write a list of every request time in the window, whose cost grows with the rate."""

    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        now = self.timer()
        window = int(now // self.duration)
        self.retry_after = (window + 1) * self.duration - now
        key = f"{key}:{window}"
        try:
            count = self.cache.incr(key)
        except ValueError:  # the window's first request (or its key just expired)
            count = 1 if self.cache.add(key, 1, self.duration + 1) else self.cache.incr(key)
        return count <= self.num_requests

    def wait(self):
        return self.retry_after

    def get_ident(self, request):
        """The client's address: ``REMOTE_ADDR``, or with N trusted proxies (``GSEF_SESSIONS_TRUSTED_PROXIES``)
        the Nth address from the right of ``X-Forwarded-For``. DRF's own reading trusts the header
        by default, so a forged address per request would escape every limit."""
        proxies = settings.TRUSTED_PROXIES
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR") if proxies else None
        if not forwarded:
            return request.META.get("REMOTE_ADDR")
        addresses = [address.strip() for address in forwarded.split(",")]
        return addresses[-min(proxies, len(addresses))]


class AnonThrottle(_FixedWindow, throttling.AnonRateThrottle):
    pass


class AnonScopedThrottle(_FixedWindow, throttling.ScopedRateThrottle):
    """The view's ``throttle_scope`` rate, for anonymous clients only (signed-in staff are not throttled)."""

    def allow_request(self, request, view):
        if request.user and request.user.is_authenticated:
            return True
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)


class Pagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"

    def get_page_size(self, request):
        self.page_size, self.max_page_size = settings.API_PAGE_SIZE, settings.API_MAX_PAGE_SIZE
        # DRF ignores a malformed page_size; a client is better told than silently given another size.
        value = request.query_params.get(self.page_size_query_param, "").strip()
        if value and not (value.isascii() and value.isdigit() and int(value) > 0):
            raise serializers.ValidationError({self.page_size_query_param: [_("A whole number above 0.")]})
        return super().get_page_size(request)

    def get_schema_operation_parameters(self, view):
        """The bounds the answers enforce, so a schema-valid request is never refused (a page_size
        above the largest is served at the largest, not refused, so it states no maximum)."""
        bounds = {self.page_query_param: {"minimum": 1}, self.page_size_query_param: {"minimum": 1}}
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"].update(bounds[parameter["name"]])
        return parameters


class FileRenderer(renderers.BaseRenderer):
    """Bytes built by ``domain.exports`` pass through untouched."""

    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class XMLFileRenderer(FileRenderer):
    media_type = "application/xml"
    format = "xml"


class CalendarRenderer(FileRenderer):
    media_type = "text/calendar"
    format = "ics"


class FileExport:
    """Mixin for endpoints answering a file built by ``domain.exports``: errors stay JSON."""

    throttle_scope = "export"

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response) and not isinstance(response.data, bytes):
            request.accepted_renderer, request.accepted_media_type = renderers.JSONRenderer(), "application/json"
        return super().finalize_response(request, response, *args, **kwargs)


class ReadOnlyAPI:
    """Mixin for every endpoint: public reads filtered by ``domain.permissions``, never by DRF's
    permission classes, so a host's DEFAULT_PERMISSION_CLASSES cannot change who sees what."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [AnonThrottle, AnonScopedThrottle]
    throttle_scope = "read"
    pagination_class = Pagination
    schema = AutoSchema()
    # Set by views that know their validators before building the answer (session detail).
    etag = last_modified = None

    def get_authenticators(self):
        """Token first, then the host's: refused or missing credentials are a 401 with
        ``WWW-Authenticate: Token`` (DRF turns them into a 403 when session sign-in comes first)."""
        authenticators = super().get_authenticators()
        if not apps.is_installed("rest_framework.authtoken"):
            return authenticators
        return [TokenAuthentication(), *(a for a in authenticators if not isinstance(a, TokenAuthentication))]

    @property
    def language(self):
        return request_language(self.request)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "requested": self.language, "language": self.language}

    def not_modified(self, *, etag, last_modified):
        """A 304 (or 412) answer when the client's copy is current, before anything is built."""
        self.etag, self.last_modified = etag, last_modified
        date = None if last_modified is None else int(last_modified.timestamp())
        return get_conditional_response(self.request, etag=etag, last_modified=date)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code not in (200, 304):
            return response
        if response.status_code == 200:
            if self.etag is None:
                response.render()
                response["ETag"] = f'W/"{hashlib.sha256(response.content).hexdigest()[:32]}"'
            else:
                response["ETag"] = self.etag
            if self.last_modified is not None:
                response["Last-Modified"] = http_date(self.last_modified.timestamp())
            response = get_conditional_response(request, etag=response["ETag"], response=response)
        elif self.etag is not None:
            response["ETag"] = self.etag
        if request.user and request.user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            response["Cache-Control"] = settings.API_CACHE_CONTROL
        patch_vary_headers(response, ("Accept-Language", "Authorization", "Cookie"))
        return response


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


LANGUAGE_PARAMETERS = [
    OpenApiParameter(
        "lang",
        OpenApiTypes.STR,
        description=_(
            "Language of translated texts (e.g. es); overrides Accept-Language. An unknown one counts as "
            "none. A report lacking it is shown in its original language."
        ),
    ),
    OpenApiParameter(
        "Accept-Language",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description=_("Preferred languages; without a known one, the site's default language."),
    ),
]


def responses(ok, *, media_type="application/json", not_found=False, filters=False):
    """The answers an endpoint can give, errors (always JSON) included, for the OpenAPI schema."""
    json = "application/json"
    answers = {
        (200, media_type): ok,
        304: OpenApiResponse(
            description=_("Not modified: the ETag (If-None-Match) or date (If-Modified-Since) matches.")
        ),
        (401, json): OpenApiResponse(ErrorSerializer, description=_("Invalid credentials (e.g. an unknown token).")),
        412: OpenApiResponse(description=_("Precondition failed: If-Match does not match the current ETag.")),
        (429, json): OpenApiResponse(
            ErrorSerializer, description=_("Too many requests; retry after the Retry-After header's seconds.")
        ),
    }
    if not_found:
        answers[404, json] = OpenApiResponse(ErrorSerializer, description=_("Not found, or not published."))
    if filters:
        answers[400, json] = OpenApiResponse(OpenApiTypes.OBJECT, description=_("Invalid filter values, by parameter."))
    return answers

"""The endpoints: thin over ``domain/``. Every queryset starts from ``visible_sessions(user)``, so
anything unpublished is a 404 and missing from lists, counts, searches and exports alike. Sessions
are also written here (``domain.report_writes``), by the people ``domain.permissions`` allows."""

import json

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, permissions, renderers, viewsets
from rest_framework import filters as drf_filters
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from ..conf import settings
from ..domain import (
    assignments,
    exports,
    page_cache,
    read_model,
    rendering,
    report_export,
    report_writes,
    statistics,
)
from ..domain.languages import report_language
from ..domain.permissions import can_edit, can_publish, visible_sessions
from ..domain.read_etag import ReportState, report_etag, version_tag
from ..domain.tombstones import visible_tombstones
from ..links import api_url
from ..models import (
    Forum,
    ForumPartner,
    Organisation,
    Participation,
    Person,
    Point,
    SessionSponsor,
)
from . import filters, serializers
from .base import (
    LANGUAGE_PARAMETERS,
    CalendarRenderer,
    ErrorSerializer,
    FileExport,
    FileRenderer,
    ReadOnlyAPI,
    XMLFileRenderer,
    responses,
)
from .parsers import BoundedBody
from .typed import serializer_for
from .writes import (
    PreconditionFailed,
    ReportWrites,
    content_language,
    current_etag,
    flat_errors,
    if_match_version,
    invalid,
    write_responses,
)

FILTERING = [DjangoFilterBackend, filters.SearchFilter, drf_filters.OrderingFilter]


def list_responses(ok):
    """A paginated list's answers: those of any read, a 400 for invalid parameters (filters,
    page_size) and a 404 for a page past the end."""
    page = OpenApiResponse(ErrorSerializer, description=_("No such page."))
    return {**responses(ok, filters=True), (404, "application/json"): page}


def _visible(view):
    return visible_sessions(view.request.user)


def _partners():
    return Prefetch(
        "partners",
        queryset=ForumPartner.objects.select_related("organisation").prefetch_related("organisation__translations"),
    )


def _session_refs(model, related, sessions):
    """``related`` rows (participations, sponsorships) of ``sessions`` only, with what a session reference prints."""
    queryset = (
        model.objects.filter(session__in=sessions)
        .select_related("session__forum", *(["role"] if model is Participation else []))
        .prefetch_related(
            "session__translations",
            *(["translations"] if model is Participation else []),
        )
        .order_by("session__starts_at", "pk")
    )
    return Prefetch(related, queryset=queryset, to_attr=f"visible_{related}")


# --- Forums ------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=_("Forums with something to read"),
        parameters=LANGUAGE_PARAMETERS,
        responses=list_responses(serializers.ForumSerializer(many=True)),
    ),
    retrieve=extend_schema(
        summary=_("A forum"),
        parameters=LANGUAGE_PARAMETERS,
        responses=responses(serializers.ForumSerializer, not_found=True),
    ),
)
class ForumViewSet(ReadOnlyAPI, viewsets.ReadOnlyModelViewSet):
    """Forums with published reports: dates, languages, partners and links to their sessions and exports."""

    serializer_class = serializers.ForumSerializer
    lookup_field = "slug"
    filter_backends = [drf_filters.OrderingFilter]
    ordering_fields = ["start_date", "updated_at", "slug"]
    ordering = ["-start_date", "slug"]

    def get_queryset(self):
        visible = _visible(self).values("pk")
        return (
            Forum.objects.filter(pk__in=_visible(self).values("forum"))
            .annotate(
                session_count=Count("sessions", filter=Q(sessions__pk__in=visible)),
            )
            .prefetch_related("translations", _partners())
        )


@extend_schema(
    summary=_("A forum's statistics"),
    description=_(
        "Figures computed from the forum's published sessions: sessions by kind and language, speakers "
        "by role, countries, interpretation languages and attendance from the platforms' reports. Each "
        "comes with its definition (``definitions``), in the requested language."
    ),
    parameters=LANGUAGE_PARAMETERS,
    responses=responses(serializer_for(statistics.ForumStatistics), not_found=True),
)
class ForumStatisticsView(ReadOnlyAPI, generics.GenericAPIView):
    """``domain.statistics``' figures, as the statistics page prints them."""

    pagination_class = None

    def get(self, request, slug):
        forum = get_object_or_404(Forum.objects.all(), slug=slug, pk__in=_visible(self).values("forum"))
        return Response(statistics.forum_statistics(forum=forum, language=self.language))


# --- Sessions ----------------------------------------------------------------------------------------


def report_response(view, session, *, requested, status=200):
    """The report in ``requested`` (else its own language), stored per (version, language) as the
    JSON bytes the API answers: every change bumps the version (``versioning.touch``), so a stored
    copy is never stale, and a stored one is answered without building or serialising anything.
    Only its PDFs' statuses (which change without a new version) are read each time, with the
    version (``ReportState.lookup``).

    ``session``: a ``ReportState`` (reads) or a Session (after a write)."""
    state = session if isinstance(session, ReportState) else ReportState.of(session)
    language = report_language(session=state, requested=requested)
    key = f"gsef_sessions:api:report-json:{state.pk}:{state.version}:{language}"
    body = cache.get(key)
    if body is None:
        report = read_model.report(state=state, requested=requested)
        if report is None:  # deleted since it was looked up
            raise Http404
        body = renderers.JSONRenderer().render(report)
        if report["version"] == state.version:  # else changed meanwhile: stored by the next read
            cache.set(key, body, settings.API_REPORT_CACHE_SECONDS)
    pdfs = rendering.report_pdf_links(
        forum_slug=state.forum_slug,
        session_slug=state.slug,
        languages=state.languages,
        statuses=state.pdf_statuses,
    )
    headers = {"ETag": report_etag(state=state, requested=requested), "Content-Language": language}
    renderer = view.request.accepted_renderer
    if type(renderer) is renderers.JSONRenderer and renderer.get_indent(view.request.accepted_media_type, {}) is None:
        # The stored object with "pdfs" added last, exactly as the renderer would print the whole.
        separator = b", " if not renderer.compact else b","
        content = body[:-1] + separator + renderer.render({"pdfs": pdfs})[1:]
        return HttpResponse(content, status=status, content_type=renderer.media_type, headers=headers)
    return Response({**json.loads(body), "pdfs": pdfs}, status=status, headers=headers)


@extend_schema_view(
    get=extend_schema(
        summary=_("Sessions"),
        parameters=LANGUAGE_PARAMETERS,
        description=_("Published sessions, and those you work on."),
        responses=list_responses(serializers.SessionSummarySerializer(many=True)),
    ),
    post=extend_schema(
        summary=_("Add a session, with its report (forum organisers)"),
        description=_(
            "Adds a draft session to a forum you organise, with as much of its report as you give, "
            "written as a PUT writes it."
        ),
        request=serializers.SessionCreateSerializer,
        responses=write_responses(serializers.SessionDetailSerializer, created=True),
    ),
)
class SessionList(ReportWrites, ReadOnlyAPI, generics.ListAPIView):
    """Sessions: filters, search, ordering and pagination; organisers create sessions here."""

    serializer_class = serializers.SessionSummarySerializer
    filter_backends = FILTERING
    filterset_class = filters.SessionFilter
    search_fields = [
        "slug",
        "translations__title",
        "translations__subtitle",
        "translations__description",
        "participations__person__given_name",
        "participations__person__family_name",
        "rounds__contributions__points__translations__text",
    ]
    ordering_fields = ["starts_at", "updated_at", "published_at", "number", "slug"]
    ordering = ["starts_at", "kind__order", "number", "slug"]

    def get_queryset(self):
        return _visible(self)

    def list(self, request, *args, **kwargs):
        """The page as last built for the same URL, language, reader and state of the listed sessions
        (one aggregate query): every change to what a summary shows bumps its session's version and
        ``updated_at``, and a session entering or leaving the list changes the count and sums.
        Else built from plain rows (``read_model.session_summaries``): the count and the
        page read the sessions' own columns and indexes only, then three queries read the page's
        sessions with their translations and names, whatever the page size."""
        sessions = self.filter_queryset(self.get_queryset())

        def build():
            pks = sessions.values_list("pk", flat=True)
            page = self.paginate_queryset(pks)
            data = read_model.session_summaries(pks if page is None else page, requested=self.language)
            return data if page is None else self.get_paginated_response(data).data

        # The listing's tag, as the programme page's: whatever changes a summary bumps its session.
        tag = page_cache.listing_tag(sessions=sessions, language=self.language) or f"none-{self.language}"
        url = request.build_absolute_uri()
        key = page_cache.page_key(kind="api-session-list", tag=tag, url=url, params={"reader": str(request.user.pk)})
        return Response(page_cache.cached_page(key=key, render=build))

    def post(self, request):
        data = self.validated(serializers.SessionCreateSerializer)
        language = content_language(request)
        try:
            session = report_writes.create_report(user=request.user, data=data, language=language)
        except ValidationError as error:
            raise invalid(error, serializers.SessionCreateSerializer()) from None
        response = report_response(self, session, requested=language or session.original_language, status=201)
        response["Location"] = serializers.session_url(session)
        return response


_REPORT_WRITE = {
    "request": serializers.ReportWriteSerializer,
    "responses": write_responses(serializers.SessionDetailSerializer),
}


@extend_schema_view(
    get=extend_schema(
        summary=_("A session's full report"),
        parameters=LANGUAGE_PARAMETERS,
        description=_(
            'The ETag is W/"<version>-<language>"; while one of the report\'s PDFs is not ready, '
            'their statuses follow (W/"3-en;pdf-en=pending"), and Last-Modified is left out until '
            "they are. Send it back in If-None-Match for a 304, or in If-Match to write."
        ),
        responses=responses(serializers.SessionDetailSerializer, not_found=True),
    ),
    put=extend_schema(
        summary=_("Write a report in one language (assigned rapporteurs, organisers)"),
        **_REPORT_WRITE,
        description=_(
            "Writes the report in the Content-Language (by default its original language); its other languages "
            "stay. Items are matched by uuid: one with the uuid of an item of its list updates that item in place, "
            "one without is created, and items a list leaves out are deleted; a list left out is left as it is. "
            "Send If-Match with the ETag you read: without it the answer is 428, and 412 if the report changed "
            "since (nothing is written). Assigned rapporteurs write their reports until publication; organisers "
            "any report of their forums."
        ),
    ),
    patch=extend_schema(
        summary=_("Write some of a report in one language"),
        **_REPORT_WRITE,
        description=_("As PUT, but writes only the fields given, and deletes nothing."),
    ),
)
class SessionDetail(ReportWrites, ReadOnlyAPI, generics.GenericAPIView):
    """Reads check the ETag before anything is built; writes check If-Match against it."""

    serializer_class = serializers.SessionDetailSerializer

    def get_object(self):
        sessions = _visible(self).select_related("forum").prefetch_related("translations")
        return get_object_or_404(sessions, forum__slug=self.kwargs["forum_slug"], slug=self.kwargs["session_slug"])

    def get(self, request, forum_slug, session_slug):
        # One query by indexes (the lookup) says whether the client's copy is current; nothing else is
        # read for a 304. A date says nothing of PDFs' statuses, so none is given until they settle.
        state = ReportState.lookup(user=request.user, forum_slug=forum_slug, session_slug=session_slug)
        if state is None:
            raise Http404
        last_modified = None if state.unsettled_pdfs else state.updated_at
        early = self.not_modified(etag=report_etag(state=state, requested=self.language), last_modified=last_modified)
        return early or report_response(self, state, requested=self.language)

    def put(self, request, forum_slug, session_slug):
        return self.write(partial=False)

    def patch(self, request, forum_slug, session_slug):
        return self.write(partial=True)

    def write(self, *, partial):
        session = self.get_object()
        if not can_edit(self.request.user, session):
            raise PermissionDenied(_("You may read this report but not edit it."))
        language = content_language(self.request) or session.original_language
        version = if_match_version(self.request, session=session, language=language)
        data = self.validated(serializers.ReportWriteSerializer, partial=partial)
        try:
            session = report_writes.update_report(
                session=session,
                user=self.request.user,
                data=data,
                language=language,
                expected_version=version,
                partial=partial,
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "stale_version":
                raise PreconditionFailed(current_etag(session, language)) from None
            raise invalid(error, serializers.ReportWriteSerializer()) from None
        return report_response(self, session, requested=language)


@extend_schema_view(
    get=extend_schema(
        summary=_("A session's rapporteurs (forum organisers)"),
        responses={
            **responses(serializers.RapporteursSerializer),
            **{key: answer for key, answer in write_responses(None).items() if key[0] in (401, 403, 404)},
        },
    ),
    put=extend_schema(
        summary=_("Assign a session's rapporteurs (forum organisers)"),
        description=_(
            "Replaces the session's rapporteurs with the users named, who may then see its report and write it "
            "until it is published. The report itself and its version do not change."
        ),
        request=serializers.RapporteursWriteSerializer,
        responses={
            (200, "application/json"): OpenApiResponse(
                serializers.RapporteursSerializer, description=_("The session's rapporteurs, as assigned.")
            ),
            (400, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT,
                description=_(
                    "Unknown users, or not a list of usernames: messages by field path; or a body that is not JSON."
                ),
            ),
            **{
                key: answer for key, answer in write_responses(None).items() if key[0] in (401, 403, 404, 413, 415, 429)
            },
        },
    ),
)
class SessionRapporteurs(BoundedBody, ReadOnlyAPI, generics.GenericAPIView):
    """Who writes a session's report, for its forum's organisers only (``domain.assignments``)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = serializers.RapporteursSerializer

    def get_object(self):
        session = get_object_or_404(
            _visible(self).select_related("forum"),
            forum__slug=self.kwargs["forum_slug"],
            slug=self.kwargs["session_slug"],
        )
        if not can_publish(self.request.user, session.forum):
            raise PermissionDenied(_("You may see this session but not its rapporteurs."))
        return session

    def listed(self, users):
        return Response(
            serializers.RapporteursSerializer({"rapporteurs": sorted(users, key=lambda user: user.get_username())}).data
        )

    def get(self, request, forum_slug, session_slug):
        return self.listed(self.get_object().rapporteurs.all())

    def put(self, request, forum_slug, session_slug):
        session = self.get_object()
        serializer = serializers.RapporteursWriteSerializer(data=request.data)
        if not serializer.is_valid():
            raise exceptions.ValidationError(flat_errors(serializer.errors))
        try:
            users = assignments.assign_rapporteurs(
                session=session,
                user=request.user,
                usernames=serializer.validated_data["rapporteurs"],
            )
        except ValidationError as error:
            raise invalid(error, serializer) from None
        return self.listed(users)


# --- People and organisations ------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=_("People who spoke in visible sessions"),
        parameters=LANGUAGE_PARAMETERS,
        responses=list_responses(serializers.PersonSerializer(many=True)),
    ),
    retrieve=extend_schema(
        summary=_("A person, with their sessions"),
        parameters=LANGUAGE_PARAMETERS,
        responses=responses(serializers.PersonSerializer, not_found=True),
    ),
)
class PersonViewSet(ReadOnlyAPI, viewsets.ReadOnlyModelViewSet):
    """People who took part in published sessions, with their roles in each."""

    serializer_class = serializers.PersonSerializer
    lookup_field = "uuid"
    filter_backends = FILTERING
    filterset_class = filters.PeopleFilter
    search_fields = ["given_name", "family_name"]
    ordering_fields = ["sort_name", "updated_at"]
    ordering = ["sort_name", "pk"]

    def get_queryset(self):
        visible = _visible(self)
        people = Person.objects.filter(pk__in=Participation.objects.filter(session__in=visible).values("person"))
        if self.action == "list":
            people = people.exclude(hide_from_listings=True)  # still reachable from the reports they spoke in
        return people.prefetch_related("translations", _session_refs(Participation, "participations", visible))


@extend_schema_view(
    list=extend_schema(
        summary=_("Organisations in visible sessions and forums"),
        parameters=LANGUAGE_PARAMETERS,
        responses=list_responses(serializers.OrganisationSerializer(many=True)),
    ),
    retrieve=extend_schema(
        summary=_("An organisation, with its sessions"),
        parameters=LANGUAGE_PARAMETERS,
        responses=responses(serializers.OrganisationSerializer, not_found=True),
    ),
)
class OrganisationViewSet(ReadOnlyAPI, viewsets.ReadOnlyModelViewSet):
    """Organisations of participants and sponsors of published sessions."""

    serializer_class = serializers.OrganisationSerializer
    lookup_field = "slug"
    filter_backends = FILTERING
    filterset_class = filters.OrganisationFilter
    search_fields = ["slug", "translations__name", "translations__short_name"]
    ordering_fields = ["slug", "updated_at"]
    ordering = ["slug"]

    def get_queryset(self):
        visible = _visible(self)
        shown = (
            Q(pk__in=Participation.objects.filter(session__in=visible).values("organisation"))
            | Q(pk__in=SessionSponsor.objects.filter(session__in=visible).values("organisation"))
            | Q(pk__in=ForumPartner.objects.filter(forum__sessions__in=visible).values("organisation"))
        )
        return Organisation.objects.filter(shown).prefetch_related(
            "translations",
            _session_refs(Participation, "participations", visible),
            _session_refs(SessionSponsor, "session_sponsorships", visible),
        )


# --- Quotes ------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=_("Direct quotes, for pull-quote widgets"),
        parameters=LANGUAGE_PARAMETERS,
        responses=list_responses(serializers.QuoteSerializer(many=True)),
    ),
    retrieve=extend_schema(
        summary=_("A quote"),
        parameters=LANGUAGE_PARAMETERS,
        responses=responses(serializers.QuoteSerializer, not_found=True),
    ),
)
class QuoteViewSet(ReadOnlyAPI, viewsets.ReadOnlyModelViewSet):
    """Quotes from published reports, for pull-quote widgets."""

    serializer_class = serializers.QuoteSerializer
    lookup_field = "uuid"
    filter_backends = FILTERING
    filterset_class = filters.QuoteFilter
    search_fields = ["translations__text", "contribution__participation__person__family_name"]
    ordering_fields = ["updated_at"]
    ordering = [
        "contribution__round__session__starts_at",
        "contribution__round__order",
        "contribution__order",
        "parent_id",
        "order",
    ]

    def get_queryset(self):
        return (
            Point.objects.filter(is_quote=True, contribution__round__session__in=_visible(self))
            .select_related(
                "contribution__participation__person",
                "contribution__round__session__forum",
            )
            .prefetch_related(
                "translations",
                "contribution__participation__translations",
                "contribution__round__session__translations",
            )
        )


# --- Mirroring ---------------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary=_("Deleted and unpublished objects, for mirrors"),
        responses=list_responses(serializers.TombstoneSerializer(many=True)),
    ),
)
class TombstoneList(ReadOnlyAPI, generics.ListAPIView):
    """What a mirror must drop: deleted or unpublished objects, with their UUID and time."""

    serializer_class = serializers.TombstoneSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.TombstoneFilter

    def get_queryset(self):
        return visible_tombstones(self.request.user).order_by("at", "pk")


# --- Exports -----------------------------------------------------------------------------------------


def file_schema(summary, media_type, description, body=OpenApiTypes.STR):
    return extend_schema_view(
        get=extend_schema(
            summary=summary,
            parameters=LANGUAGE_PARAMETERS,
            responses=responses(OpenApiResponse(body, description=description), media_type=media_type, not_found=True),
        )
    )


class ForumExport(FileExport, ReadOnlyAPI, generics.GenericAPIView):
    """A forum's visible sessions as a file; ``build`` is a ``domain.exports`` function."""

    pagination_class = None
    build = None

    def get(self, request, slug):
        forum = get_object_or_404(
            Forum.objects.prefetch_related("translations"), slug=slug, pk__in=_visible(self).values("forum")
        )
        sessions = _visible(self).filter(forum=forum)
        return Response(self.build(forum=forum, sessions=sessions, language=self.language))


@file_schema(
    _("c3voc schedule.json (version 1)"),
    "application/json",
    "https://c3voc.de/schedule/schema.json",
    OpenApiTypes.OBJECT,
)
class ForumScheduleJSON(ForumExport):
    """The forum's published programme as c3voc schedule.json."""

    build = staticmethod(exports.schedule_json)


@file_schema(_("c3voc schedule.xml"), "application/xml", "https://c3voc.de/schedule/schema.xsd")
class ForumScheduleXML(ForumExport):
    """The forum's published programme as c3voc schedule.xml."""

    renderer_classes = [XMLFileRenderer]
    build = staticmethod(exports.schedule_xml)


@file_schema(_("The forum's sessions as iCalendar"), "text/calendar", "RFC 5545")
class ForumCalendar(ForumExport):
    """The forum's published sessions as an iCalendar file."""

    renderer_classes = [CalendarRenderer]
    build = staticmethod(exports.forum_calendar)


@file_schema(_("A session as iCalendar"), "text/calendar", "RFC 5545")
class SessionCalendar(FileExport, ReadOnlyAPI, generics.GenericAPIView):
    """One published session as an iCalendar file."""

    renderer_classes = [CalendarRenderer]
    pagination_class = None

    def get(self, request, forum_slug, session_slug):
        sessions = _visible(self).select_related("forum")
        session = get_object_or_404(sessions, forum__slug=forum_slug, slug=session_slug)
        return Response(exports.session_calendar(session=session, language=self.language))


class MarkdownRenderer(FileRenderer):
    media_type = "text/markdown"
    format = "md"
    charset = "utf-8"


class DocxRenderer(FileRenderer):
    media_type = report_export.DOCX_TYPE
    format = "docx"


def report_document_schema(summary, media_type, body, *, operation_id):
    return extend_schema_view(
        get=extend_schema(
            operation_id=operation_id,
            summary=summary,
            description=_(
                "The report in the language the path names (one of its available_languages; any other is a 404), "
                'in the format a report is imported from, as an attachment. The ETag is W/"<version>-<language>": '
                "send it back in If-None-Match for a 304."
            ),
            parameters=[
                OpenApiParameter(
                    "language",
                    OpenApiTypes.STR,
                    OpenApiParameter.PATH,
                    description=_("A language the report is written in (e.g. en)."),
                )
            ],
            responses=responses(
                OpenApiResponse(body, description=_("The report as a document.")),
                media_type=media_type,
                not_found=True,
            ),
        )
    )


class SessionReportDocument(FileExport, ReadOnlyAPI, generics.GenericAPIView):
    """A report in one of its languages as a document (``build``: a ``domain.report_export`` writer),
    visible as the report is; checked against its version and language before anything is built."""

    pagination_class = None
    build = None
    extension = ""

    def get(self, request, forum_slug, session_slug, language):
        state = ReportState.lookup(user=request.user, forum_slug=forum_slug, session_slug=session_slug)
        if state is None or language not in state.languages:
            raise Http404
        etag = f'W/"{version_tag(session=state, requested=language)}"'
        early = self.not_modified(etag=etag, last_modified=state.updated_at)
        if early:
            return early
        report = read_model.report(state=state, requested=language)
        if report is None:  # deleted since it was looked up
            raise Http404
        content = self.build(report=report)
        filename = f"{forum_slug}-{session_slug}.{language}.{self.extension}"
        return Response(
            content.encode() if isinstance(content, str) else content,
            headers={
                "Content-Disposition": content_disposition_header(as_attachment=True, filename=filename),
                "Content-Language": language,
                "X-Content-Type-Options": "nosniff",
            },
        )


@report_document_schema(
    _("A session's report as Markdown"),
    "text/markdown",
    OpenApiTypes.STR,
    operation_id="sessions_report_markdown_retrieve",
)
class SessionReportMarkdown(SessionReportDocument):
    renderer_classes = [MarkdownRenderer]
    build = staticmethod(report_export.report_markdown)
    extension = "md"


@report_document_schema(
    _("A session's report as a Word document"),
    report_export.DOCX_TYPE,
    OpenApiTypes.BINARY,
    operation_id="sessions_report_docx_retrieve",
)
class SessionReportDocx(SessionReportDocument):
    renderer_classes = [DocxRenderer]
    build = staticmethod(report_export.report_docx)
    extension = "docx"


# --- The rest ----------------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(summary=_("The API's endpoints"), responses=responses(serializers.ApiRootSerializer))
)
class ApiRoot(ReadOnlyAPI, generics.GenericAPIView):
    """Where a newcomer starts: every collection, the schema and its documentation."""

    pagination_class = None
    serializer_class = serializers.ApiRootSerializer

    def get(self, request):
        names = {
            "forums": "forum-list",
            "sessions": "session-list",
            "people": "person-list",
            "organizations": "organization-list",
            "quotes": "quote-list",
            "tombstones": "tombstone-list",
            "schema": "schema",
            "docs": "docs",
        }
        return Response(self.get_serializer({key: api_url(name) for key, name in names.items()}).data)


@csrf_exempt  # it changes nothing, whatever the method: a CSRF failure would be an HTML 403
def unknown(request, *args, **kwargs):
    """Anything else under the API (a malformed slug or id included): a JSON 404, not the site's HTML page."""
    return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)


def allow_empty_query_values(result, generator, request, public):
    """A drf-spectacular hook: an empty query parameter (``?lang=``) means the same as none, to
    DRF, django-filter and us, so the schema says so (``allowEmptyValue``)."""
    for operations in result["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and not parameter.get("required"):
                    parameter["allowEmptyValue"] = True
    return result

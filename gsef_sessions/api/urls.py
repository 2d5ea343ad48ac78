"""The REST API read by the forum website and partner sites; hosts mount it under any prefix."""

from django.urls import path, re_path
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from . import imports, views

app_name = "gsef_sessions_api"

# The host's schema hooks (drf-spectacular's by default), then ours; as dotted paths, as settings give them.
SCHEMA_HOOKS = [
    *(f"{hook.__module__}.{hook.__qualname__}" for hook in spectacular_settings.POSTPROCESSING_HOOKS),
    "gsef_sessions.api.views.allow_empty_query_values",
]

urlpatterns = [
    path("", views.ApiRoot.as_view(), name="api-root"),
    path("forums/", views.ForumViewSet.as_view({"get": "list"}), name="forum-list"),
    path("forums/<slug:slug>/", views.ForumViewSet.as_view({"get": "retrieve"}), name="forum-detail"),
    path("forums/<slug:slug>/schedule.json", views.ForumScheduleJSON.as_view(), name="forum-schedule-json"),
    path("forums/<slug:slug>/schedule.xml", views.ForumScheduleXML.as_view(), name="forum-schedule-xml"),
    path("forums/<slug:slug>/calendar.ics", views.ForumCalendar.as_view(), name="forum-calendar"),
    path("forums/<slug:slug>/statistics/", views.ForumStatisticsView.as_view(), name="forum-statistics"),
    path("sessions/", views.SessionList.as_view(), name="session-list"),
    path("sessions/<slug:forum_slug>/<slug:session_slug>/", views.SessionDetail.as_view(), name="session-detail"),
    path(
        "sessions/<slug:forum_slug>/<slug:session_slug>/rapporteurs/",
        views.SessionRapporteurs.as_view(),
        name="session-rapporteurs",
    ),
    path(
        "sessions/<slug:forum_slug>/<slug:session_slug>/import/",
        imports.ReportImport.as_view(),
        name="session-import",
    ),
    path(
        "sessions/<slug:forum_slug>/<slug:session_slug>/calendar.ics",
        views.SessionCalendar.as_view(),
        name="session-calendar",
    ),
    path(
        "sessions/<slug:forum_slug>/<slug:session_slug>/report.<str:language>.md",
        views.SessionReportMarkdown.as_view(),
        name="session-report-markdown",
    ),
    path(
        "sessions/<slug:forum_slug>/<slug:session_slug>/report.<str:language>.docx",
        views.SessionReportDocx.as_view(),
        name="session-report-docx",
    ),
    path("people/", views.PersonViewSet.as_view({"get": "list"}), name="person-list"),
    path("people/<uuid:uuid>/", views.PersonViewSet.as_view({"get": "retrieve"}), name="person-detail"),
    path("organizations/", views.OrganisationViewSet.as_view({"get": "list"}), name="organization-list"),
    path(
        "organizations/<slug:slug>/", views.OrganisationViewSet.as_view({"get": "retrieve"}), name="organization-detail"
    ),
    path("quotes/", views.QuoteViewSet.as_view({"get": "list"}), name="quote-list"),
    path("quotes/<uuid:uuid>/", views.QuoteViewSet.as_view({"get": "retrieve"}), name="quote-detail"),
    path("tombstones/", views.TombstoneList.as_view(), name="tombstone-list"),
    path("schema/", SpectacularAPIView.as_view(custom_settings={"POSTPROCESSING_HOOKS": SCHEMA_HOOKS}), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="gsef_sessions_api:schema"), name="docs"),
    re_path(r"", views.unknown),
]

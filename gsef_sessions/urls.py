"""The public pages. Forum and session slugs are free text, so fixed names use characters a slug
cannot have (``feed.atom``) or a path of a length no slug route has (``people/<uuid>/``), and
``report.<language>.pdf`` comes before ``proceedings/<language>.pdf`` so that a session called
"proceedings" keeps its PDFs."""

from django.urls import path

from .views import documents, feeds, pdf, public

app_name = "gsef_sessions"

urlpatterns = [
    path("", public.forum_list, name="forum-list"),
    path("feed.atom", feeds.ReportsFeed(), name="feed"),
    path("<slug:forum_slug>/", public.forum_detail, name="forum-detail"),
    path("<slug:forum_slug>/feed.atom", feeds.ReportsFeed(), name="forum-feed"),
    path("<slug:forum_slug>/people/<uuid:person_uuid>/", public.person_detail, name="person-detail"),
    # Before the sessions' addresses: "statistics" is a slug no session may take (Session.clean).
    path("<slug:forum_slug>/statistics/", public.forum_statistics, name="forum-statistics"),
    path("<slug:forum_slug>/<slug:session_slug>/", public.session_detail, name="session-detail"),
    path("<slug:forum_slug>/<slug:session_slug>/report.<str:language>.pdf", pdf.session_pdf, name="session-pdf"),
    path(
        "<slug:forum_slug>/<slug:session_slug>/report.<str:language>.md",
        documents.session_markdown,
        name="session-markdown",
    ),
    path(
        "<slug:forum_slug>/<slug:session_slug>/report.<str:language>.docx",
        documents.session_docx,
        name="session-docx",
    ),
    path("<slug:forum_slug>/proceedings/<str:language>.pdf", pdf.proceedings_pdf, name="proceedings-pdf"),
    path(
        "<slug:forum_slug>/<slug:session_slug>/materials/<uuid:uuid>/",
        pdf.session_material,
        name="session-material",
    ),
]

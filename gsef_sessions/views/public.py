"""Public pages: thin views over domain/ (what is visible, and the report as data)."""

from django.shortcuts import get_object_or_404, render

from ..domain.languages import requested_language
from ..domain.permissions import visible_sessions
from ..domain.presentation import build_report, report_queryset
from ..models import Forum


def forum_list(request):
    forums = Forum.objects.filter(sessions__in=visible_sessions(request.user)).distinct().prefetch_related("translations")
    return render(request, "gsef_sessions/forum_list.html", {"forums": forums})


def forum_detail(request, forum_slug):
    sessions = visible_sessions(request.user).filter(forum__slug=forum_slug)
    sessions = sessions.select_related("forum", "kind").prefetch_related("translations", "kind__translations")
    forum = get_object_or_404(Forum, slug=forum_slug, pk__in=sessions.values("forum"))
    return render(request, "gsef_sessions/forum_detail.html", {"forum": forum, "sessions": sessions.order_by("starts_at")})


def session_detail(request, forum_slug, session_slug):
    queryset = report_queryset().filter(pk__in=visible_sessions(request.user).values("pk"))
    session = get_object_or_404(queryset, forum__slug=forum_slug, slug=session_slug)
    report = build_report(session=session, requested=requested_language(request))
    return render(request, "gsef_sessions/session_detail.html", {"session": session, "report": report})

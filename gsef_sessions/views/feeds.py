"""Atom feeds of newly published reports: the whole site's, and each forum's.

Feeds are public documents that readers and caches share, so they hold what anyone may see
(``visible_sessions(None)``), whoever asks. Texts go through ``printable``: XML cannot carry
control characters, and one old row must not take the feed down.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from ..domain import read_model
from ..domain.languages import localise, requested_language
from ..domain.permissions import visible_sessions
from ..domain.presentation import session_label
from ..domain.read_etag import ReportState
from ..links import absolute_url
from ..models import Forum, Session
from ..validators import printable


class ReportsAtomFeed(Atom1Feed):
    """Atom whose entries each say the language of their report (the feed's is the reader's)."""

    def item_attributes(self, item):
        return {**super().item_attributes(item), "xml:lang": item["report_language"]}


class ReportsFeed(Feed):
    """Mounted twice: without ``forum_slug`` (every forum) and with it (one forum). Its id is built
    from GSEF_SESSIONS_BASE_URL and the language, so it stays the same whatever host or scheme a
    request came by, and the feed in each language (whose entries differ) has its own."""

    feed_type = ReportsAtomFeed
    limit = 50
    item_guid_is_permalink = False

    def get_object(self, request, forum_slug=None):
        if forum_slug is None:
            return None
        forum = get_object_or_404(
            Forum.objects.prefetch_related("translations"),
            slug=forum_slug,
            pk__in=visible_sessions(None).values("forum"),
        )
        return localise(forum, language=requested_language(), fallback=settings.LANGUAGE_CODE)

    def title(self, forum):
        if forum is None:
            return _("Newly published session reports")
        return printable(_("%(forum)s: newly published session reports") % {"forum": forum})

    def subtitle(self, forum):
        return _("Session reports in the order they were published.")

    def link(self, forum):
        if forum is None:
            return reverse("gsef_sessions:forum-list")
        return reverse("gsef_sessions:forum-detail", args=[forum.slug])

    def feed_guid(self, forum):
        scope = f"forums/{forum.uuid}" if forum else "forums"
        return f"{absolute_url('/')}#feed:{scope}:{requested_language()}"

    def item_extra_kwargs(self, report):
        return {"report_language": report["language"]}

    def items(self, forum):
        sessions = visible_sessions(None).exclude(published_at=None)
        if forum is not None:
            sessions = sessions.filter(forum=forum)
        # The newest first; their states are read by id, a row per language (a LIMIT would cut those).
        pks = list(sessions.order_by("-published_at", "-pk").values_list("pk", flat=True)[: self.limit])
        states = {state.pk: state for state in ReportState.all(Session.objects.filter(pk__in=pks))}
        return read_model.reports([states[pk] for pk in pks if pk in states], requested=requested_language())

    def item_title(self, report):
        return printable(f"{session_label(kind=report['kind']['name'], number=report['number'])}: {report['title']}")

    def item_link(self, report):
        return reverse("gsef_sessions:session-detail", args=[report["forum"]["slug"], report["slug"]])

    def item_guid(self, report):
        return f"urn:uuid:{report['uuid']}"

    def item_description(self, report):
        """Sanitised HTML: the description's Markdown through nh3, else the escaped subtitle."""
        return printable(report["description_html"] or escape(report["subtitle"]))

    def item_pubdate(self, report):
        return parse_datetime(report["published_at"])

    def item_updateddate(self, report):
        return parse_datetime(report["updated_at"])

    def item_author_name(self, report):
        return printable(report["forum"]["name"])

    def item_categories(self, report):
        return [printable(report["kind"]["name"])]

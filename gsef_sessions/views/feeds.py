"""Atom feeds of newly published reports: the whole site's, and each forum's.

Feeds are public documents that readers and caches share, so they hold what anyone may see
(``visible_sessions(None)``), whoever asks. Texts go through ``printable``: XML cannot carry
control characters, and one old row must not take the feed down.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from ..domain.languages import localise, requested_language
from ..domain.markdown import markdown_to_html
from ..domain.permissions import visible_sessions
from ..domain.programme import programme_entry
from ..models import Forum
from ..validators import printable


class ReportsFeed(Feed):
    """Mounted twice: without ``forum_slug`` (every forum) and with it (one forum)."""

    feed_type = Atom1Feed
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
        return f"urn:uuid:{forum.uuid}" if forum else None

    def items(self, forum):
        sessions = visible_sessions(None).exclude(published_at=None)
        if forum is not None:
            sessions = sessions.filter(forum=forum)
        sessions = (
            sessions.select_related("forum", "kind")
            .prefetch_related(
                "translations",
                "kind__translations",
                "forum__translations",
            )
            .order_by("-published_at", "-pk")[: self.limit]
        )
        requested = requested_language()
        return [programme_entry(session, requested=requested) for session in sessions]

    def item_title(self, entry):
        return printable(f"{entry['label']}: {entry['title']}")

    def item_link(self, entry):
        session = entry["session"]
        return reverse("gsef_sessions:session-detail", args=[session.forum.slug, session.slug])

    def item_guid(self, entry):
        return f"urn:uuid:{entry['session'].uuid}"

    def item_description(self, entry):
        """Sanitised HTML: the description's Markdown through nh3, else the escaped subtitle."""
        return printable(markdown_to_html(entry["session"].description) or escape(entry["subtitle"]))

    def item_pubdate(self, entry):
        return entry["session"].published_at

    def item_updateddate(self, entry):
        return entry["session"].updated_at

    def item_author_name(self, entry):
        return printable(str(entry["session"].forum))

    def item_categories(self, entry):
        return [printable(entry["kind"])]

"""The sitemap: published reports, the forums that have them, and the people who spoke in them.

Hosts mount it with ``django.contrib.sitemaps`` (README, "Add it to your site")::

    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="django.contrib.sitemaps.views.sitemap")

Like the feeds, it lists what anyone may see (``visible_sessions(None)``), whoever asks.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from ..domain.languages import site_languages
from ..domain.permissions import visible_sessions
from ..models import Forum, Participation
from .public import language_paths


class LocalisedSitemap(Sitemap):
    """Each page once per language, with ``hreflang`` alternates, where the site gives every
    language an address of its own (``i18n_patterns``); once otherwise."""

    x_default = True

    @property
    def i18n(self):
        return bool(language_paths("gsef_sessions:forum-list", [], site_languages()))

    @property
    def alternates(self):
        return self.i18n


class ForumSitemap(LocalisedSitemap):
    def items(self):
        forums = Forum.objects.filter(sessions__in=visible_sessions(None))
        return forums.annotate(last_change=Max("sessions__updated_at")).order_by("-start_date", "slug")

    def location(self, forum):
        return reverse("gsef_sessions:forum-detail", args=[forum.slug])

    def lastmod(self, forum):
        return forum.last_change


class SessionSitemap(LocalisedSitemap):
    def items(self):
        return (
            visible_sessions(None)
            .select_related("forum")
            .prefetch_related("translations")
            .order_by(
                "forum__start_date",
                "forum__slug",
                "starts_at",
                "slug",
            )
        )

    def lastmod(self, session):
        return session.updated_at

    def get_languages_for_item(self, session):
        """Only the languages the report is written in: another language's page repeats its content."""
        return [code for code in site_languages() if code in session.get_available_languages()]


class PersonSitemap(LocalisedSitemap):
    """A person's page per forum they spoke at, unless they asked to be left out of listings."""

    def items(self):
        return (
            Participation.objects.filter(session__in=visible_sessions(None), person__hide_from_listings=False)
            .values("session__forum__slug", "person__uuid")
            .annotate(session_change=Max("session__updated_at"), person_change=Max("person__updated_at"))
            .order_by("session__forum__slug", "person__uuid")
        )

    def location(self, item):
        return reverse("gsef_sessions:person-detail", args=[item["session__forum__slug"], item["person__uuid"]])

    def lastmod(self, item):
        return max(item["session_change"], item["person_change"])


sitemaps = {"forums": ForumSitemap, "sessions": SessionSitemap, "people": PersonSitemap}

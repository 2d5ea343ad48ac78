"""Atom feeds of newly published reports: newest first, sanitised, nothing unpublished, whoever asks."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gsef_sessions.models import Session
from tests.factories import ForumFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def day(n):
    return datetime.datetime(2020, 11, n, 12, tzinfo=datetime.UTC)


def entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.content)
    return feed, feed.findall(f"{ATOM}entry")


def text(entry, tag):
    return entry.find(f"{ATOM}{tag}").text


@pytest.fixture
def forum():
    forum = ForumFactory(slug="gsef")
    SessionFactory(forum=forum, slug="older", status="published", published_at=day(2), title="Older report")
    newer = SessionFactory(
        forum=forum,
        slug="newer",
        status="published",
        published_at=day(5),
        title="Newer report",
        subtitle="Challenges & <b>Opportunities</b>",
    )
    Session.objects.filter(pk=newer.pk).update(updated_at=day(9))
    SessionFactory(forum=forum, slug="draft", status="draft", title="Draft report")
    SessionFactory(forum=forum, slug="in-review", status="in_review", title="Report in review")
    SessionFactory(forum=forum, slug="gone", status="unpublished", published_at=day(7), title="Unpublished report")
    return forum


def test_global_feed_newest_published_first_with_dates(client, forum):
    SessionFactory(slug="elsewhere", status="published", published_at=day(3), title="Another forum's report")
    feed, items = entries(client, "/feed.atom")
    assert text(feed, "title") == "Newly published session reports"
    assert [text(item, "title") for item in items] == [
        "Plenary 3: Newer report",
        "Plenary 3: Another forum's report",
        "Plenary 3: Older report",
    ]
    newer = items[0]
    assert newer.find(f"{ATOM}link").get("href") == "http://testserver/gsef/newer/"
    assert text(newer, "published") == "2020-11-05T12:00:00+00:00"
    assert text(newer, "updated") == "2020-11-09T12:00:00+00:00"
    assert text(newer, "id") == f"urn:uuid:{Session.objects.get(slug='newer').uuid}"
    assert text(newer, "author/" + ATOM + "name") == "GSEF Global Virtual Forum"
    # The summary is HTML: the plain-text subtitle arrives escaped, never as markup.
    assert newer.find(f"{ATOM}summary").get("type") == "html"
    assert text(newer, "summary") == "Challenges &amp; &lt;b&gt;Opportunities&lt;/b&gt;"


def test_forum_feed_holds_only_that_forum(client, forum):
    SessionFactory(status="published", published_at=day(3), title="Another forum's report")
    feed, items = entries(client, f"/{forum.slug}/feed.atom")
    assert text(feed, "title") == "GSEF Global Virtual Forum: newly published session reports"
    assert text(feed, "id") == f"http://127.0.0.1:8000/#feed:forums/{forum.uuid}:en"
    assert [text(item, "title") for item in items] == ["Plenary 3: Newer report", "Plenary 3: Older report"]


def test_feeds_hold_nothing_unpublished_even_for_organisers(client, forum):
    organiser = UserFactory(groups=["Organisers"])
    forum.organisers.add(organiser)
    client.force_login(organiser)
    for url in ("/feed.atom", f"/{forum.slug}/feed.atom"):
        body = client.get(url).content.decode()
        for title in ("Draft report", "Report in review", "Unpublished report"):
            assert title not in body


def test_forum_feed_of_a_forum_without_published_reports_is_404(client):
    draft = SessionFactory(status="draft")
    assert client.get(f"/{draft.forum.slug}/feed.atom").status_code == 404
    assert client.get("/nope/feed.atom").status_code == 404


def test_summary_is_sanitised_markdown(client):
    SessionFactory(
        status="published",
        published_at=day(1),
        description="**Work** <script>alert(1)</script> [x](javascript:alert(2)) [GSEF](https://gsef-net.org)",
    )
    _feed, items = entries(client, "/feed.atom")
    summary = text(items[0], "summary")
    assert "<strong>Work</strong>" in summary
    assert '<a href="https://gsef-net.org" rel="noopener noreferrer">GSEF</a>' in summary
    for bad in ("<script", "javascript:"):
        assert bad not in summary


def test_feed_in_the_language_of_its_prefix(client):
    session = SessionFactory(status="published", published_at=day(1), title="New Digitalization Era")
    session.set_current_language("es")
    session.title = "Nueva era de la digitalización"
    session.save()
    feed, items = entries(client, "/es/feed.atom")
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "es"
    assert text(items[0], "title") == "Plenary 3: Nueva era de la digitalización"
    assert items[0].find(f"{ATOM}link").get("href") == f"http://testserver/es/{session.forum.slug}/{session.slug}/"


def test_feed_queries_do_not_grow_with_entries(client):
    forum = ForumFactory()

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/{forum.slug}/feed.atom").status_code == 200
        return len(queries)

    SessionFactory(forum=forum, status="published", published_at=day(1))
    few = count()
    for n in range(2, 8):
        SessionFactory(forum=forum, status="published", published_at=day(n))
    assert count() == few


def test_feeds_drop_stored_control_characters(client):
    """One row written around validation must not take a forum's feed down (it answered 500)."""
    forum = ForumFactory(slug="gsef")
    SessionFactory(
        forum=forum, status="published", published_at=day(2), title="Ctrl\x01title\uffff", subtitle="Sub\x0btitle"
    )
    for url in ("/feed.atom", "/gsef/feed.atom"):
        feed, [item] = entries(client, url)
        assert (text(item, "title"), text(item, "summary")) == ("Plenary 3: Ctrltitle", "Subtitle")


def test_feed_limit_counts_sessions_not_their_languages(client, forum, monkeypatch):
    from gsef_sessions.views.feeds import ReportsFeed

    for session in Session.objects.filter(forum=forum):
        session.set_current_language("es")
        session.title = f"{session.title} (es)"
        session.save()
    monkeypatch.setattr(ReportsFeed, "limit", 2)
    _feed, items = entries(client, "/gsef/feed.atom")
    assert [text(item, "title") for item in items] == ["Plenary 3: Newer report", "Plenary 3: Older report"]


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_feed_ids_come_from_the_base_url_and_differ_by_language_and_entries_say_their_own(client, forum, settings):
    settings.GSEF_SESSIONS_BASE_URL = "https://forum.example.org"
    older = Session.objects.get(slug="older")
    Session.objects.filter(pk=older.pk).update(original_language="fr")
    older.translations.update(language_code="fr")
    ids = {}
    for url in ("/feed.atom", "/es/feed.atom", "/gsef/feed.atom", "/es/gsef/feed.atom"):
        feed, items = entries(client, url)
        ids[url] = feed.find(f"{ATOM}id").text
        # The newer report is in English only, the older in French only: each entry says so.
        assert [item.get(XML_LANG) for item in items] == ["en", "fr"], url
    assert ids == {
        "/feed.atom": "https://forum.example.org/#feed:forums:en",
        "/es/feed.atom": "https://forum.example.org/#feed:forums:es",
        "/gsef/feed.atom": f"https://forum.example.org/#feed:forums/{forum.uuid}:en",
        "/es/gsef/feed.atom": f"https://forum.example.org/#feed:forums/{forum.uuid}:es",
    }
    # The same whatever scheme the request came by.
    secure = ET.fromstring(client.get("/feed.atom", secure=True).content)
    assert secure.find(f"{ATOM}id").text == ids["/feed.atom"]

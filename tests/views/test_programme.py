"""The programme page: sessions by day, GET filters and search, nothing unpublished for strangers."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gsef_sessions.domain.pasted import sync_points
from tests.factories import (
    ContributionFactory,
    ForumFactory,
    ParticipationFactory,
    PersonFactory,
    SessionFactory,
    SessionKindFactory,
    UserFactory,
    at,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum():
    forum = ForumFactory(slug="gsef")
    workshop = SessionKindFactory(forum=forum, slug="workshop", name="Workshop", order=2)
    SessionFactory(
        forum=forum, slug="plenary-3", status="published", title="The Future of Work", starts_at=at(21, 8, 30)
    )
    SessionFactory(
        forum=forum,
        slug="w1",
        kind=workshop,
        number=1,
        status="published",
        title="Solidarity Finance",
        starts_at=at(22, 20, 30),
        ends_at=at(22, 22),
        languages=["es"],
    )
    tang = SessionFactory(
        forum=forum,
        slug="w2",
        kind=workshop,
        number=2,
        status="published",
        title="Open Data",
        starts_at=at(22, 9),
        languages=["en", "fr"],
    )
    ParticipationFactory(session=tang, person=PersonFactory(given_name="Audrey", family_name="Tang"))
    draft = SessionFactory(forum=forum, slug="draft", status="draft", title="Secret Draft", starts_at=at(23, 9))
    ParticipationFactory(session=draft, person=PersonFactory(given_name="Hidden", family_name="Speaker"))
    sync_points(contribution=ContributionFactory(round__session=draft), text="- A confidential point.", language="en")
    return forum


def page(client, forum, **params):
    response = client.get(f"/{forum.slug}/", params)
    assert response.status_code == 200
    return response.content.decode()


def titles(html):
    return re.findall(r'<h4 class="title" lang="[a-z]+"><a href="[^"]+"><span class="label">([^<]+)</span>', html)


def test_sessions_by_day_in_forum_time_zone_with_times(client, forum):
    html = page(client, forum)
    days = re.findall(r'<h3 id="day-([0-9-]+)">', html)
    assert days == ["2020-10-21", "2020-10-22"]  # 20:30 in Mexico City stays on the 22nd
    assert titles(html) == ["Plenary 3", "Workshop 2", "Workshop 1"]
    assert (
        '<time datetime="2020-10-22T20:30:00-05:00">8:30 p.m.</time> – '
        '<time datetime="2020-10-22T22:00:00-05:00">10 p.m.</time>'
    ) in html
    assert "Times are in the forum's time zone (America/Mexico_City)." in html
    assert '<h2 class="results">3 sessions</h2>' in html
    assert "Secret Draft" not in html


def test_filter_by_kind(client, forum):
    html = page(client, forum, kind="workshop")
    assert titles(html) == ["Workshop 2", "Workshop 1"]
    assert '<h2 class="results">2 sessions match</h2>' in html
    assert '<option value="workshop" selected>Workshop</option>' in html


def test_filter_by_language(client, forum):
    assert titles(page(client, forum, language="fr")) == ["Plenary 3", "Workshop 2"]
    assert titles(page(client, forum, language="es", kind="workshop")) == ["Workshop 1"]


def test_search_by_title_name_and_point(client, forum):
    assert titles(page(client, forum, q="future")) == ["Plenary 3"]
    assert titles(page(client, forum, q="Audrey Tang")) == ["Workshop 2"]
    html = page(client, forum, q="Audrey Tang")
    assert '<h2 class="results">1 session matches</h2>' in html
    assert 'value="Audrey Tang"' in html


def test_search_never_finds_drafts_for_anonymous(client, forum):
    for query in ("secret", "Hidden Speaker", "confidential"):
        html = page(client, forum, q=query)
        assert titles(html) == []
        assert "Secret Draft" not in html
        assert "No session matches your search and filters." in html


def test_search_finds_draft_for_its_rapporteur_marked_as_draft(client, forum):
    rapporteur = UserFactory(groups=["Rapporteurs"])
    forum.sessions.get(slug="draft").rapporteurs.add(rapporteur)
    client.force_login(rapporteur)
    html = page(client, forum, q="confidential")
    assert titles(html) == ["Plenary 3"]  # the draft's kind and number
    assert "Secret Draft" in html
    assert '<p class="status">Draft: not published</p>' in html


def test_unknown_choice_is_reported_and_not_applied(client, forum):
    html = page(client, forum, kind="nonsense")
    assert "Select a valid choice. nonsense is not one of the available choices." in html
    assert len(titles(html)) == 3


def test_empty_state_offers_the_whole_programme(client, forum):
    html = page(client, forum, q="zzzz")
    assert '<h2 class="results">0 sessions match</h2>' in html
    assert (
        '<p class="empty">No session matches your search and filters. '
        f'<a href="/{forum.slug}/">Show all sessions</a></p>'
    ) in html


def test_filters_are_a_plain_get_form(client, forum):
    html = page(client, forum)
    form = re.search(r'<form class="filters"[^>]*>', html).group()
    assert 'method="get"' in form and 'role="search"' in form
    assert '<input type="search" name="q"' in html
    assert '<label for="id_kind">' in html and '<label for="id_language">' in html
    assert '<button type="submit">Show sessions</button>' in html


def test_forum_of_drafts_only_is_404(client):
    session = SessionFactory(title="Secret")
    assert client.get(f"/{session.forum.slug}/", {"q": "Secret"}).status_code == 404


def test_queries_do_not_grow_with_the_programme(client):
    forum = ForumFactory()

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/{forum.slug}/", {"q": "work"}).status_code == 200
        return len(queries)

    SessionFactory(forum=forum, status="published", title="Future of work")
    few = count()
    for day in range(19, 24):
        SessionFactory(forum=forum, status="published", title="Future of work", starts_at=at(day, 9))
    assert count() == few


def test_programme_shows_the_start_alone_where_no_end_was_entered(client):
    ended = SessionFactory(status="published", slug="ended", ends_at=at(21, 10, 15))
    SessionFactory(status="published", slug="open", forum=ended.forum, starts_at=at(21, 11))
    page = client.get(f"/{ended.forum.slug}/").content.decode()
    times = re.findall(r'<p class="when">(.*?)</p>', page)
    assert [re.sub(r"<[^>]+>", "", when) for when in times] == ["8:30 a.m. – 10:15 a.m.", "11 a.m."]

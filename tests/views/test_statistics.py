"""A forum's statistics page: the API's figures, with their definitions, in the reader's language."""

import html
import re

import pytest

from gsef_sessions.domain.statistics import forum_statistics
from gsef_sessions.models import Session
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def texts(page):
    # Only ASCII spaces collapse: a locale's no-break space between thousands must stay.
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page))).strip()


def test_statistics_page_prints_the_apis_figures_and_definitions(client, forum_in_figures):
    page = texts(client.get(f"/{forum_in_figures.slug}/statistics/").content.decode())
    figures = client.get(f"/api/forums/{forum_in_figures.slug}/statistics/?lang=en").json()
    assert figures == forum_statistics(forum=forum_in_figures, language="en")
    assert "Sessions 2 Published sessions of the forum." in page
    assert "Kind Sessions Plenary 1 Workshop 1" in page
    assert "Role People Moderator 1 Panelist / commentator 3" in page
    assert "Country People France 1 Mexico 1 Senegal 1" in page
    assert "Attendances 3" in page and figures["definitions"]["attendances"] in page
    assert "Largest peak 3 (New Digitalization Era and the Future of Work, Oct. 21, 2020, 9:20 a.m.)" in page
    assert "Person-hours 2.8" in page
    assert "Sessions without an attendance report 1" in page


def test_statistics_page_groups_thousands_as_the_readers_locale(client, forum_in_figures):
    forum_in_figures.sessions.filter(slug="plenary").get().attendance.filter(kind="attendees").update(count=12345)
    english = texts(client.get(f"/{forum_in_figures.slug}/statistics/").content.decode())
    french = texts(client.get(f"/fr/{forum_in_figures.slug}/statistics/").content.decode())
    assert "Attendances 12,345" in english
    assert "Participations 12\xa0345" in french  # French groups thousands with a no-break space


def test_statistics_page_of_a_forum_without_published_sessions_is_404(client, session):
    assert client.get(f"/{session.forum.slug}/statistics/").status_code == 404


def test_session_slug_statistics_is_refused(session):
    from django.core.exceptions import ValidationError

    clash = SessionFactory.build(forum=session.forum, kind=session.kind, slug="statistics")
    with pytest.raises(ValidationError) as refused:
        clash.full_clean()
    assert refused.value.message_dict["slug"] == [
        "“statistics” is the address of a forum's own page: choose another slug."
    ]
    assert not Session.objects.filter(slug="statistics").exists()

"""The programme as plain data: days in the forum's time zone, filters, search, one person's sessions."""

import datetime

import pytest
from django.utils import translation

from gsef_sessions.domain import programme
from gsef_sessions.domain.pasted import sync_points
from gsef_sessions.domain.permissions import visible_sessions
from gsef_sessions.models import Session
from tests.factories import (
    ContributionFactory,
    ForumFactory,
    ParticipationFactory,
    PersonFactory,
    SessionFactory,
    SessionKindFactory,
    at,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum():
    return ForumFactory()


def published(forum, **kwargs):
    return SessionFactory(forum=forum, status="published", **kwargs)


def slugs(sessions):
    return [session.slug for session in sessions]


def test_by_day_groups_in_the_forums_time_zone(forum):
    # 20:30 in Mexico City is already the next day in UTC: the reader of a forum expects Mexico's day.
    late = published(forum, slug="late", starts_at=at(21, 20, 30))
    early = published(forum, slug="early", starts_at=at(21, 8, 30))
    next_day = published(forum, slug="next", starts_at=at(22, 8, 30))
    days = programme.by_day(programme.filter_programme(Session.objects.filter(forum=forum)), requested="en")
    assert [(day["day"], [entry["slug"] for entry in day["entries"]]) for day in days] == [
        (datetime.date(2020, 10, 21), ["early", "late"]),
        (datetime.date(2020, 10, 22), ["next"]),
    ]
    entry = days[0]["entries"][0]
    assert (entry["starts"].hour, entry["starts"].minute, str(entry["starts"].tzinfo)) == (8, 30, "America/Mexico_City")
    assert entry["ends"] is None  # none entered: the programme shows the start alone
    assert (entry["label"], entry["language"], entry["is_published"]) == ("Plenary 3", "en", True)
    assert {str(s.uuid) for s in (late, early, next_day)} == {e["uuid"] for day in days for e in day["entries"]}


def test_session_end_prefers_the_entered_end(forum):
    session = published(forum, starts_at=at(21, 8, 30), ends_at=at(21, 11))
    assert programme.session_end(session) == at(21, 11)
    session.ends_at = None
    assert programme.session_end(session) == at(21, 10)  # the default 90-minute slot


def test_entry_falls_back_to_the_report_language(forum):
    session = published(forum, original_language="es", title="Nueva era de la digitalización")
    session.translations.update(language_code="es")  # the factory writes in the site's language
    (entry,) = programme.entries([session], requested="fr")
    assert (entry["language"], entry["title"]) == ("es", "Nueva era de la digitalización")


def test_filter_by_kind_and_language(forum):
    workshop = SessionKindFactory(forum=forum, slug="workshop", name="Workshop")
    published(forum, slug="plenary", languages=["es", "en"])
    published(forum, slug="workshop-fr", kind=workshop, languages=["fr"])
    published(forum, slug="workshop-es", kind=workshop, languages=["es"])
    sessions = Session.objects.filter(forum=forum)
    assert slugs(programme.filter_programme(sessions, kind="workshop")) == ["workshop-es", "workshop-fr"]
    assert slugs(programme.filter_programme(sessions, language="es")) == ["plenary", "workshop-es"]
    assert slugs(programme.filter_programme(sessions, kind="workshop", language="es")) == ["workshop-es"]


def test_filter_choices_are_what_the_sessions_have_in_the_forums_order(forum):
    workshop = SessionKindFactory(forum=forum, slug="workshop", name="Workshop")
    SessionKindFactory(forum=forum, slug="panel", name="Panel")  # no session: no choice
    published(forum, languages=["fr", "en"])
    published(forum, kind=workshop, languages=["en"])
    with translation.override("en"):
        choices = programme.filter_choices(forum=forum, sessions=Session.objects.filter(forum=forum))
    assert choices == {
        "kinds": [("plenary", "Plenary"), ("workshop", "Workshop")],
        "languages": [("en", "English"), ("fr", "French")],
    }


def test_search_title_subtitle_name_and_point_text(forum):
    by_title = published(forum, slug="by-title", title="The Future of Work")
    by_subtitle = published(forum, slug="by-subtitle", title="Other", subtitle="Challenges and Opportunities")
    by_name = published(forum, slug="by-name", title="Other")
    ParticipationFactory(session=by_name, person=PersonFactory(given_name="Enrique", family_name="Peñaranda"))
    by_point = published(forum, slug="by-point", title="Other")
    sync_points(
        contribution=ContributionFactory(round__session=by_point),
        text="- Intergenerational solidarity matters.",
        language="en",
    )
    sessions = Session.objects.filter(forum=forum)
    assert slugs(programme.search(sessions, "future")) == [by_title.slug]
    assert slugs(programme.search(sessions, "OPPORTUNITIES")) == [by_subtitle.slug]
    assert slugs(programme.search(sessions, "Enrique Peñaranda")) == [by_name.slug]
    assert slugs(programme.search(sessions, "penaranda")) == [by_name.slug]  # accents folded for names
    assert slugs(programme.search(sessions, "solidarity intergenerational")) == [by_point.slug]
    assert slugs(programme.search(sessions, "solidarity nowhere")) == []


def test_search_matches_other_languages_of_the_report(forum):
    session = published(forum, title="New Digitalization Era")
    session.set_current_language("es")
    session.title = "Nueva era de la digitalización"
    session.save()
    assert slugs(programme.search(Session.objects.all(), "digitalización")) == [session.slug]


def test_search_never_widens_what_it_is_given(forum):
    draft = SessionFactory(forum=forum, title="Secret draft")
    sync_points(contribution=ContributionFactory(round__session=draft), text="- Secret point.", language="en")
    assert list(programme.search(visible_sessions(None), "secret")) == []
    assert programme.filter_programme(visible_sessions(None), query="secret") == []


def test_person_profile_lists_roles_and_posts_per_visible_session(forum):
    person = PersonFactory(
        given_name="Audrey", family_name="Tang", country="TW", links="https://example.org\njavascript:alert(1)"
    )
    person.bio = "Digital **Minister** <script>alert(1)</script>"
    person.save()
    first = published(forum, slug="first", starts_at=at(21, 8))
    ParticipationFactory(
        session=first, person=person, role_slug="moderator", post="Digital Minister", affiliation="Taiwan"
    )
    ParticipationFactory(
        session=first, person=person, role_slug="panelist", post="Digital Minister", affiliation="Taiwan"
    )
    draft = SessionFactory(forum=forum, slug="draft")
    ParticipationFactory(session=draft, person=person)
    profile = programme.person_profile(person=person, sessions=visible_sessions(None), requested="en")
    assert (profile["name"], profile["country"], profile["links"]) == ("Audrey Tang", "Taiwan", ["https://example.org"])
    assert profile["bio_html"] == "<p>Digital <strong>Minister</strong> </p>"
    assert [(s["slug"], s["roles"], s["posts"]) for s in profile["sessions"]] == [
        ("first", ["Moderator", "Panelist / commentator"], ["Digital Minister, Taiwan"]),
    ]

"""A forum's figures, computed from its published sessions (drafts never count)."""

import pytest

from gsef_sessions.domain.statistics import definitions, forum_statistics
from tests.factories import ForumFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_forum_statistics_count_published_sessions_only(forum_in_figures):
    assert forum_statistics(forum=forum_in_figures, language="en") == {
        "forum": forum_in_figures.slug,
        "sessions": 2,
        "by_kind": [
            {"code": "plenary", "name": "Plenary", "count": 1},
            {"code": "workshop", "name": "Workshop", "count": 1},
        ],
        "by_language": [{"code": "en", "name": "English", "count": 1}, {"code": "es", "name": "Spanish", "count": 1}],
        "interpretation_languages": [
            {"code": "en", "name": "English", "count": 2},
            {"code": "es", "name": "Spanish", "count": 1},
        ],
        "speakers": 3,
        "speakers_by_role": [
            {"code": "moderator", "name": "Moderator", "category": "moderator", "count": 1},
            {"code": "panelist", "name": "Panelist / commentator", "category": "speaker", "count": 3},
        ],
        "speaker_countries": [
            {"code": "FR", "name": "France", "count": 1},
            {"code": "MX", "name": "Mexico", "count": 1},
            {"code": "SN", "name": "Senegal", "count": 1},
        ],
        "organisation_countries": [
            {"code": "FR", "name": "France", "count": 1},
            {"code": "MX", "name": "Mexico", "count": 1},
        ],
        "attendance": {
            "attendances": 3,
            "peak": {
                "count": 3,
                "session": "plenary",
                "title": "New Digitalization Era and the Future of Work",
                "at": "2020-10-21T14:20:00Z",  # 9:20 in Mexico City (UTC−5)
            },
            "person_hours": 2.8,  # 170 minutes
            "attendee_countries": [],
            "sessions_with_attendance": 1,
            "sessions_without_attendance": 1,
        },
        "definitions": definitions(),
    }


def test_forum_statistics_labels_are_in_the_language_asked(forum_in_figures):
    figures = forum_statistics(forum=forum_in_figures, language="fr")
    assert [row["name"] for row in figures["speaker_countries"]] == ["France", "Mexique", "Sénégal"]
    assert [row["name"] for row in figures["interpretation_languages"]] == ["Anglais", "Espagnol"]
    assert figures["definitions"]["attendances"].startswith("La somme")


def test_forum_statistics_without_published_sessions_are_zeros(organiser):
    forum = ForumFactory(organisers=[organiser])
    SessionFactory(forum=forum)
    figures = forum_statistics(forum=forum, language="en")
    assert (figures["sessions"], figures["speakers"], figures["by_kind"], figures["attendance"]) == (
        0,
        0,
        [],
        {
            "attendances": 0,
            "peak": None,
            "person_hours": 0.0,
            "attendee_countries": [],
            "sessions_with_attendance": 0,
            "sessions_without_attendance": 0,
        },
    )

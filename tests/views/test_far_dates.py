"""Dates stored before the 1900-2200 rule (or by a raw update) never break a page or an export."""

import datetime

import pytest
from django.test import Client

from gsef_sessions.enums import SessionStatus
from gsef_sessions.models import Forum, Session
from tests.factories import ForumFactory, SessionFactory

pytestmark = pytest.mark.django_db

FAR_FUTURE = datetime.datetime(9999, 12, 31, 17, 0, tzinfo=datetime.UTC)
FAR_PAST = datetime.datetime(1, 1, 1, 0, 0, tzinfo=datetime.UTC)


def statuses(session):
    """Each page's and export's status (a 500 is an answer here, so all are seen at once)."""
    client = Client(raise_request_exception=False)
    return {path: client.get(path).status_code for path in paths(session)}


def paths(session):
    forum = session.forum.slug
    return [
        f"/{forum}/",
        f"/{forum}/{session.slug}/",
        "/feed.atom",
        f"/{forum}/feed.atom",
        f"/api/forums/{forum}/schedule.json",
        f"/api/forums/{forum}/schedule.xml",
        f"/api/forums/{forum}/calendar.ics",
        f"/api/sessions/{forum}/{session.slug}/",
        f"/api/sessions/{forum}/{session.slug}/calendar.ics",
        "/api/sessions/",
        f"/api/forums/{forum}/",
    ]


@pytest.mark.parametrize("starts_at", [FAR_FUTURE, FAR_PAST], ids=["9999", "0001"])
@pytest.mark.parametrize("ends_at", [None, "same"], ids=["no-end", "end"])
def test_far_session_times_answer_200_everywhere(starts_at, ends_at):
    session = SessionFactory(status=SessionStatus.PUBLISHED)
    Session.objects.filter(pk=session.pk).update(starts_at=starts_at, ends_at=starts_at if ends_at else None)
    assert statuses(session) == dict.fromkeys(paths(session), 200)


def test_far_forum_dates_answer_200_and_bounded_exports(client):
    forum = ForumFactory()
    session = SessionFactory(forum=forum, status=SessionStatus.PUBLISHED)
    Forum.objects.filter(pk=forum.pk).update(start_date=datetime.date(1, 1, 1), end_date=datetime.date(9999, 12, 31))
    assert statuses(session) == dict.fromkeys(paths(session), 200)
    schedule = client.get(f"/api/forums/{forum.slug}/schedule.json")
    assert len(schedule.content) < 100_000

"""Who sees what, endpoint by endpoint: anything a reader may not see is a 404 and absent from
lists, counts, searches and exports."""

import pytest
from django.utils import timezone

from gsef_sessions.enums import SessionStatus
from gsef_sessions.models import Point
from tests.api.conftest import report
from tests.factories import ForumFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

STATUSES = [SessionStatus.DRAFT, SessionStatus.IN_REVIEW, SessionStatus.PUBLISHED, SessionStatus.UNPUBLISHED]
READERS = ["anonymous", "assigned", "unassigned", "organiser"]
BEHIND_THE_SCENES = {"assigned", "organiser"}


def objects_url(session):
    forum, part = session.forum.slug, session.participations.get()
    quote = Point.objects.get(contribution__round__session=session, is_quote=True)
    return {
        "session": f"/api/sessions/{forum}/{session.slug}/",
        "session calendar": f"/api/sessions/{forum}/{session.slug}/calendar.ics",
        "forum": f"/api/forums/{forum}/",
        "schedule.json": f"/api/forums/{forum}/schedule.json",
        "schedule.xml": f"/api/forums/{forum}/schedule.xml",
        "forum calendar": f"/api/forums/{forum}/calendar.ics",
        "person": f"/api/people/{part.person.uuid}/",
        "organization (sponsor)": f"/api/organizations/{session.sponsors.get().organisation.slug}/",
        "quote": f"/api/quotes/{quote.uuid}/",
    }


def lists_url(session):
    return {
        "sessions": "/api/sessions/",
        "sessions searched": f"/api/sessions/?search={session.slug}",
        "sessions searched by point": "/api/sessions/?search=panelist",
        "sessions of the forum": f"/api/sessions/?forum={session.forum.slug}",
        "forums": "/api/forums/",
        "people": "/api/people/",
        "organizations": "/api/organizations/",
        "quotes": "/api/quotes/",
    }


@pytest.fixture
def world(people):
    """One session per status, each alone in its forum, which the organiser organises."""

    def build(status):
        forum = ForumFactory(organisers=[people["organiser"]])
        return report(
            status=status, forum=forum, rapporteurs=[people["assigned"]], slug=f"report-{status}".replace("_", "-")
        )

    return build


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("reader", READERS)
def test_matrix(api, people, world, reader, status):
    session = world(status)
    if people[reader]:
        api.force_login(people[reader])
    visible = status == SessionStatus.PUBLISHED or reader in BEHIND_THE_SCENES
    answers = {name: api.get(url).status_code for name, url in objects_url(session).items()}
    assert answers == {name: 200 if visible else 404 for name in answers}
    counts = {name: api.get(url).json()["count"] for name, url in lists_url(session).items()}
    assert counts == {name: int(visible) for name in counts}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("reader", READERS)
def test_rapporteurs_matrix(api, people, world, reader, status):
    """Who writes a report is the organisers' business only, whoever else may see the session."""
    session = world(status)
    if people[reader]:
        api.force_login(people[reader])
    url = f"/api/sessions/{session.forum.slug}/{session.slug}/rapporteurs/"
    visible = status == SessionStatus.PUBLISHED or reader in BEHIND_THE_SCENES
    expected = 401 if reader == "anonymous" else 200 if reader == "organiser" else 403 if visible else 404
    usernames = [people["assigned"].get_username(), people["unassigned"].get_username()]
    answers = (api.get(url).status_code, api.put(url, {"rapporteurs": usernames}, format="json").status_code)
    assert answers == (expected, expected)
    assert session.rapporteurs.count() == (2 if expected == 200 else 1)


@pytest.mark.parametrize("reader", READERS)
def test_hidden_session_of_a_visible_forum_is_left_out_everywhere(api, people, reader):
    forum = ForumFactory(organisers=[people["organiser"]])
    published = report(forum=forum, slug="published")
    draft = report(status=SessionStatus.DRAFT, forum=forum, slug="draft", rapporteurs=[people["assigned"]])
    if people[reader]:
        api.force_login(people[reader])
    shown = {published.uuid} | ({draft.uuid} if reader in BEHIND_THE_SCENES else set())
    assert api.get(f"/api/forums/{forum.slug}/").json()["session_count"] == len(shown)
    schedule = api.get(f"/api/forums/{forum.slug}/schedule.json").json()["schedule"]["conference"]
    guids = {event["guid"] for day in schedule["days"] for events in day["rooms"].values() for event in events}
    assert guids == {str(u) for u in shown}
    assert (str(draft.uuid) in api.get(f"/api/forums/{forum.slug}/calendar.ics").content.decode()) == (
        draft.uuid in shown
    )
    sponsor = draft.sponsors.get().organisation
    assert api.get(f"/api/organizations/{sponsor.slug}/").status_code == (200 if draft.uuid in shown else 404)


def test_person_of_draft_and_published_sessions_lists_only_visible_sessions(api):
    published = report(slug="published")
    person = published.participations.get().person
    draft = report(status=SessionStatus.DRAFT, panelists=0, slug="draft")
    draft.participations.create(person=person, order=1, role=draft.forum.roles.get(slug="panelist"))
    sessions = api.get(f"/api/people/{person.uuid}/").json()["sessions"]
    assert [s["session"]["uuid"] for s in sessions] == [str(published.uuid)]


def test_tombstones_of_never_published_sessions_are_not_shown(api):
    draft = report(status=SessionStatus.DRAFT)
    uuid = str(draft.uuid)
    draft.delete()
    assert uuid not in {t["uuid"] for t in api.get("/api/tombstones/").json()["results"]}


def test_tombstones_of_people_and_organisations_never_in_a_published_report_are_not_shown(api):
    draft = report(status=SessionStatus.DRAFT)
    person, sponsor = draft.participations.get().person, draft.sponsors.get().organisation
    draft.delete()
    person.delete()
    sponsor.delete()
    assert api.get("/api/tombstones/").json()["results"] == []


def test_tombstones_of_people_and_organisations_of_a_published_report_are_shown(api):
    published = report(published_at=timezone.now())
    part = published.participations.get()
    person, organisation = part.person, OrganisationFactory()
    part.organisation = organisation
    part.save()
    published.delete()
    person.delete()
    organisation.delete()
    shown = {(t["kind"], t["uuid"]) for t in api.get("/api/tombstones/").json()["results"]}
    assert {("person", str(person.uuid)), ("organization", str(organisation.uuid))} <= shown

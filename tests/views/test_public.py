import glob

import pytest
from django.core.management import call_command
from django.utils.html import escape

from gsef_sessions.domain.reports import sync_points
from gsef_sessions.models import Participation, Point
from tests.factories import AttendanceFactory, ContributionFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_session_page_draft_is_404_for_anonymous(client):
    session = SessionFactory()
    assert client.get(f"/{session.forum.slug}/{session.slug}/").status_code == 404


def test_session_page_draft_is_shown_to_its_rapporteur(client):
    rapporteur = UserFactory(groups=["Rapporteurs"])
    session = SessionFactory(rapporteurs=[rapporteur])
    client.force_login(rapporteur)
    assert client.get(f"/{session.forum.slug}/{session.slug}/").status_code == 200


def test_session_page_published_shows_report(client):
    session = SessionFactory(status="published")
    AttendanceFactory(session=session)
    contribution = ContributionFactory(round__session=session)
    sync_points(contribution=contribution, text='- "A liberal democracy is not just about uploading three bits of information every four years."', language="en")
    response = client.get(f"/{session.forum.slug}/{session.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "441 (Zoom, 9:55 hrs)" in html
    assert "<blockquote>&quot;A liberal democracy is not just about uploading three bits of information every four years.&quot;</blockquote>" in html


def test_forum_page_lists_only_published_for_anonymous(client):
    published = SessionFactory(status="published", title="Published one")
    SessionFactory(forum=published.forum, title="Draft one")
    html = client.get(f"/{published.forum.slug}/").content.decode()
    assert "Published one" in html
    assert "Draft one" not in html


def test_forum_page_without_published_sessions_is_404(client):
    session = SessionFactory()
    assert client.get(f"/{session.forum.slug}/").status_code == 404


def test_session_page_seed_report_shows_every_point_and_person(client):
    call_command("loaddata", *sorted(glob.glob("fixtures/*.json")), verbosity=0)
    html = client.get("/gsef-2020/plenary-3/").content.decode()
    points = Point.objects.filter(contribution__round__session__slug="plenary-3")
    missing = [p.text for p in points if escape(p.text) not in html]
    assert (points.count(), missing) == (111, [])
    for part in Participation.objects.filter(session__slug="plenary-3"):
        assert escape(part.person.full_name) in html
    assert "441 (Zoom, 9:55 hrs)" in html
    assert "Finanzgruppe Sparkassenstiftung für internationale Kooperation" in html

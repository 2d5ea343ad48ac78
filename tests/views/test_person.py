"""The person page: who they are and where they spoke; only while they have a session the reader may see."""

import re

import pytest
from django.urls import resolve

from tests.factories import (
    ForumFactory,
    ParticipationFactory,
    PersonFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def url(forum, person):
    return f"/{forum.slug}/people/{person.uuid}/"


@pytest.fixture
def tang():
    person = PersonFactory(given_name="Audrey", family_name="Tang", country="TW", honorific="Minister")
    person.bio = "Taiwan's first **Digital Minister**."
    person.save()
    return person


def test_person_page_shows_profile_and_sessions_with_roles(client, tang):
    session = SessionFactory(status="published", title="New Digitalization Era")
    ParticipationFactory(
        session=session, person=tang, role_slug="panelist", post="Digital Minister", affiliation="Taiwan"
    )
    SessionFactory(forum=session.forum, status="draft", title="Unpublished one")
    response = client.get(url(session.forum, tang))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1><span class="honorific">Minister</span> Audrey Tang</h1>' in html
    assert '<p class="country">Taiwan</p>' in html
    assert "<p>Taiwan's first <strong>Digital Minister</strong>.</p>" in html
    assert '<section class="bio" lang="en"' in html
    assert (
        f'<a href="/{session.forum.slug}/{session.slug}/">'
        '<span class="label">Plenary 3</span>: New Digitalization Era</a>'
    ) in html
    assert '<p class="roles">Panelist / commentator<span lang="en"> — Digital Minister, Taiwan</span></p>' in html
    assert "Unpublished one" not in html
    assert "noindex" not in html


def test_session_page_links_speakers_to_their_pages(gsef_2020, client):
    html = client.get("/gsef-2020/plenary-3/").content.decode()
    links = set(re.findall(r'href="(/gsef-2020/people/[0-9a-f-]{36}/)"', html))
    assert len(links) == 8
    for link in links:
        assert client.get(link).status_code == 200


def test_person_only_in_drafts_is_404_for_anonymous_and_strangers(client, tang):
    session = SessionFactory(status="draft")
    ParticipationFactory(session=session, person=tang)
    assert client.get(url(session.forum, tang)).status_code == 404
    client.force_login(UserFactory(groups=["Rapporteurs"]))
    assert client.get(url(session.forum, tang)).status_code == 404


@pytest.mark.parametrize("status", ["in_review", "unpublished"])
def test_person_only_in_unpublished_sessions_is_404(client, tang, status):
    session = SessionFactory(status=status)
    ParticipationFactory(session=session, person=tang)
    assert client.get(url(session.forum, tang)).status_code == 404


def test_person_in_a_draft_is_shown_to_its_rapporteur(client, tang):
    rapporteur = UserFactory(groups=["Rapporteurs"])
    session = SessionFactory(status="draft", title="Draft session", rapporteurs=[rapporteur])
    ParticipationFactory(session=session, person=tang)
    client.force_login(rapporteur)
    html = client.get(url(session.forum, tang)).content.decode()
    assert "Draft session" in html
    assert '<p class="status">Draft: not published</p>' in html


def test_person_of_another_forum_is_404(client, tang):
    session = SessionFactory(status="published")
    ParticipationFactory(session=session, person=tang)
    other = ForumFactory()
    SessionFactory(forum=other, status="published")
    assert client.get(url(other, tang)).status_code == 404


def test_hidden_person_keeps_a_page_but_not_indexed(client, tang):
    tang.hide_from_listings = True
    tang.save()
    session = SessionFactory(status="published")
    ParticipationFactory(session=session, person=tang)
    html = client.get(url(session.forum, tang)).content.decode()
    assert '<meta name="robots" content="noindex">' in html


def test_bio_and_links_are_sanitised(client, tang):
    tang.bio = "Hi <script>alert(1)</script> [me](javascript:alert(2)) <b onclick=alert(3)>x</b>"
    tang.links = "https://audreyt.org\njavascript:alert(4)"
    tang.save()
    session = SessionFactory(status="published")
    ParticipationFactory(session=session, person=tang)
    html = client.get(url(session.forum, tang)).content.decode()
    main = re.search(r"<main.*</main>", html, re.DOTALL).group()
    for bad in ("<script", "javascript:", "onclick"):
        assert bad not in main
    assert '<a href="https://audreyt.org" rel="nofollow noopener">https://audreyt.org</a>' in main


def test_person_route_survives_a_session_called_people(client, tang):
    session = SessionFactory(status="published", slug="people", title="The People's Session")
    ParticipationFactory(session=session, person=tang)
    assert resolve(f"/{session.forum.slug}/people/").url_name == "session-detail"
    assert resolve(f"/{session.forum.slug}/people/report.en.pdf").url_name == "session-pdf"
    assert resolve(url(session.forum, tang)).url_name == "person-detail"
    assert "The People&#x27;s Session" in client.get(f"/{session.forum.slug}/people/").content.decode()
    assert client.get(url(session.forum, tang)).status_code == 200


def test_a_session_called_proceedings_keeps_its_pdf_route(db):
    assert resolve("/gsef-2020/proceedings/report.en.pdf").url_name == "session-pdf"
    assert resolve("/gsef-2020/proceedings/en.pdf").url_name == "proceedings-pdf"
    assert resolve("/gsef-2020/proceedings/").url_name == "session-detail"


def test_unknown_person_is_404(client):
    session = SessionFactory(status="published")
    assert client.get(f"/{session.forum.slug}/people/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get(f"/{session.forum.slug}/people/not-a-uuid/").status_code == 404

import datetime
import glob
import re

import pytest
from django.core.management import call_command
from django.utils.html import escape

from gsef_sessions.domain.pasted import sync_points
from gsef_sessions.models import Participation, Point, Session
from tests.factories import (
    AttendanceFactory,
    AudienceQuestionFactory,
    ContributionFactory,
    ParticipationFactory,
    SessionFactory,
    UserFactory,
    policy_dialogue,
)
from tests.pdf.test_typst import TURN_ORDER, in_order

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
    sync_points(
        contribution=contribution,
        text='- "A liberal democracy is not just about uploading three bits of information every four years."',
        language="en",
    )
    response = client.get(f"/{session.forum.slug}/{session.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "441 (Zoom, 9:55 hrs)" in html
    assert (
        "<blockquote>&quot;A liberal democracy is not just about uploading three bits of information every four "
        "years.&quot;</blockquote>"
    ) in html


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


# --- The report page: the full report, in the PDF's order -------------------------------------------


def headings(html):
    """``(level, text)`` of every h1–h3, tags stripped."""
    return [
        (int(level), re.sub(r"<[^>]+>", "", text).strip())
        for level, text in re.findall(r"<h([1-3])[^>]*>(.*?)</h\1>", html, re.DOTALL)
    ]


@pytest.fixture
def seed(gsef_2020, client):
    return client.get("/gsef-2020/plenary-3/").content.decode()


def test_seed_report_headings_follow_the_pdf(seed):
    assert headings(seed) == [
        (1, "New Digitalization Era and the Future of Work: Challenges and Opportunities"),
        (2, "Name of the moderator:"),
        (2, "Name of the panelists/commentators:"),
        (2, "Opening speakers:"),
        (2, "Introduction"),
        (3, "Tomas Damerau"),
        (3, "Marisol Fernández Alonso"),
        (2, "Guiding questions"),
        (3, "Round 1"),
        (3, "Round 2"),
        (2, "Soledad Aragón Martínez"),
        (2, "Oihane Agirregoitia"),
        (3, "1st Round"),
        (3, "2nd Round"),
        (2, "Baudouin Kola"),
        (3, "1st Round"),
        (3, "2nd Round"),
        (2, "Audrey Tang"),
        (3, "1st Round"),
        (3, "2nd Round"),
        (2, "Enrique Peñaranda"),
        (3, "1st Round"),
        (3, "2nd Round"),
        (2, "Beatrice Alain"),
        (3, "1st Round"),
        (3, "2nd Round"),
        (2, "Key questions asked by the audience and answers from the panelists"),
        (2, "Conclusions, guiding question:"),
        (3, "Oihane Agirregoitia"),
        (3, "Baudouin Kola"),
        (3, "Audrey Tang"),
        (3, "Enrique Peñaranda"),
        (3, "Beatrice Alain"),
    ]


def test_seed_report_branding_header_table_and_people(seed):
    assert '<p class="forum-name">GSEF Global Virtual Forum <span class="edition">2020</span></p>' in seed
    assert '<p class="kicker">Plenary 3 · Session report</p>' in seed
    for row in (
        '<th scope="row">Session type:</th><td>Plenary</td>',
        '<th scope="row">Date:</th><td>Oct. 21, 2020</td>',
        '<th scope="row">Time:</th><td>8:30 a.m. (Mexico City, UTC\u22125)</td>',
        '<th scope="row">Language(s):</th><td>Spanish - English - French</td>',
        '<th scope="row">Participants (number of people connected)</th><td>441 (Zoom, 9:55 hrs)</td>',
    ):
        assert row in seed
    panelists = re.search(
        r'<section class="people role-panelist category-speaker">.*?</section>', seed, re.DOTALL
    ).group()
    assert "<ol>" in panelists
    assert re.findall(r'class="name" href="/gsef-2020/people/[0-9a-f-]{36}/">([^<]+)</a>', panelists) == [
        "Soledad Aragón Martínez",
        "Oihane Agirregoitia",
        "Baudouin Kola",
        "Audrey Tang",
        "Enrique Peñaranda",
        "Beatrice Alain",
    ]


def test_seed_report_quotes_sub_points_questions_and_conclusions(seed):
    assert (
        "<blockquote>&quot;A liberal democracy is not just about uploading three bits of information every four years, "
        "but about ensuring digital democracy"
    ) in seed
    sub_points = re.search(
        r"For better practices, there are four points to focus on:\s*<ol class=\"points sub-points\">(.*?)</ol>",
        seed,
        re.DOTALL,
    )
    assert sub_points and sub_points.group(1).count("<li") == 4
    assert (
        "<li>What is the role of the government in terms of strategies and public policies to promote digital "
        "inclusion?</li>"
    ) in seed
    assert (
        '<p class="note">There was no time to answer questions; however, the moderator read out the following:</p>'
        in seed
    )
    assert (
        '<p class="guiding-question"><strong>How to transform the present and build a better future from the '
        "SSE?</strong></p>"
    ) in seed
    assert "With the cooperation of: Finanzgruppe Sparkassenstiftung für internationale Kooperation" in seed


def test_report_page_shows_version_and_last_change(gsef_2020, client):
    assert (
        '<p class="version">Version 1, last changed Nov. 2, 2020</p>'
        in client.get("/gsef-2020/plenary-3/").content.decode()
    )
    Session.objects.filter(slug="plenary-3").update(
        version=4, updated_at=datetime.datetime(2021, 3, 5, 12, tzinfo=datetime.UTC)
    )
    assert (
        '<p class="version">Version 4, last changed March 5, 2021</p>'
        in client.get("/gsef-2020/plenary-3/").content.decode()
    )


def test_report_page_answered_audience_question(client):
    session = SessionFactory(status="published")
    answerer = ParticipationFactory(session=session, person__given_name="Audrey", person__family_name="Tang")
    AudienceQuestionFactory(
        session=session, asked_by="María", is_answered=True, answered_by=answerer, answer="Through open data."
    )
    html = client.get(session.get_absolute_url()).content.decode()
    assert '<p class="asked-by">Asked by María</p>' in html
    assert '<span class="answered-by">Answered by Audrey Tang:</span> Through open data.' in html


def test_report_content_in_requested_language_with_lang_attribute(client):
    session = SessionFactory(status="published", title="New Digitalization Era")
    session.set_current_language("es")
    session.title = "Nueva era de la digitalización"
    session.save()
    spanish = client.get(f"/es/{session.forum.slug}/{session.slug}/").content.decode()
    assert '<html lang="es"' in spanish
    assert '<article class="report" lang="es">' in spanish
    assert "<h1>Nueva era de la digitalización</h1>" in spanish
    english = client.get(f"/{session.forum.slug}/{session.slug}/").content.decode()
    assert '<article class="report" lang="en">' in english
    assert "<h1>New Digitalization Era</h1>" in english


def test_report_missing_language_falls_back_and_says_so(client):
    # The UI is French; the report exists only in English: its content (labels too) stays English.
    session = SessionFactory(status="published", title="New Digitalization Era")
    html = client.get(f"/fr/{session.forum.slug}/{session.slug}/").content.decode()
    assert '<html lang="fr"' in html
    assert '<article class="report" lang="en">' in html
    assert '<div class="report-meta" lang="fr">' in html
    assert "<h1>New Digitalization Era</h1>" in html


# --- No leaks ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["draft", "in_review", "unpublished"])
def test_session_page_not_published_is_404_for_anonymous_and_strangers(client, status):
    session = SessionFactory(status=status)
    assert client.get(session.get_absolute_url()).status_code == 404
    client.force_login(UserFactory(groups=["Rapporteurs"]))
    assert client.get(session.get_absolute_url()).status_code == 404


def test_session_page_draft_shown_to_organiser_marked_and_not_indexed(client):
    organiser = UserFactory(groups=["Organisers"])
    session = SessionFactory(forum__organisers=[organiser])
    client.force_login(organiser)
    html = client.get(session.get_absolute_url()).content.decode()
    assert '<p class="status">Draft: not published</p>' in html
    assert '<meta name="robots" content="noindex">' in html


# --- Rich text is never markup ----------------------------------------------------------------------


def test_point_text_is_escaped(client):
    session = SessionFactory(status="published")
    contribution = ContributionFactory(round__session=session)
    sync_points(
        contribution=contribution, text='- <script>alert(1)</script> <a href="javascript:alert(2)">x</a>', language="en"
    )
    html = client.get(session.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;a href=&quot;javascript:alert(2)&quot;&gt;x&lt;/a&gt;" in html
    assert "<script>alert" not in html
    assert 'href="javascript:' not in html


def test_description_is_sanitised(client):
    session = SessionFactory(
        status="published",
        description=(
            "**Digital** work <script>alert(1)</script> [click](javascript:alert(2)) <img src=x onerror=alert(3)>"
        ),
    )
    html = client.get(session.get_absolute_url()).content.decode()
    description = re.search(r'<section class="description">(.*?)</section>', html, re.DOTALL).group(1)
    assert "<strong>Digital</strong>" in description
    for bad in ("<script", "javascript:", "onerror", "<img"):
        assert bad not in description


def test_pages_need_no_javascript(gsef_2020, client):
    for url in ("/", "/gsef-2020/", "/gsef-2020/?q=digital", "/gsef-2020/plenary-3/"):
        html = client.get(url).content.decode()
        assert set(re.findall(r"<script[^>]*>", html)) <= {'<script type="application/ld+json">'}, url
        assert not re.search(r"<[^>]+\son[a-z]+=", html), url  # no inline event handlers either


def test_session_page_shows_the_venue_where_there_is_one(client):
    held = SessionFactory(status="published", room="Sala Mayor", forum__city="Bilbao")
    online = SessionFactory(status="published", room="")
    page = client.get(f"/{held.forum.slug}/{held.slug}/").content.decode()
    assert '<th scope="row">Venue:</th><td class="venue">Sala Mayor, Bilbao</td>' in page
    assert "Venue:" not in client.get(f"/{online.forum.slug}/{online.slug}/").content.decode()


def test_session_page_prints_segments_under_their_titles_turn_by_turn(client):
    session = policy_dialogue(status="published")
    page = client.get(f"/{session.forum.slug}/{session.slug}/").content.decode()
    assert '<section class="round round-other">\n<h2>Keynote</h2>' in page
    assert '<section class="round round-round">\n<h2>First half of the dialogue</h2>' in page
    assert in_order(page, TURN_ORDER)
    assert (
        '<p class="credits">Report by Rosa Luna.\nBased on notes by <cite><a href="https://enb.iisd.org/" '
        'rel="noopener">IISD ENB</a></cite>.</p>'
    ) in page


def test_report_in_english_only_under_es_says_so_and_dates_follow_the_page(client):
    session = SessionFactory(status="published", title="Digital work")
    page = client.get(f"/es/{session.forum.slug}/{session.slug}/").content.decode()
    assert '<p class="language-notice">Este informe solo está disponible en Inglés.</p>' in page
    assert '<th scope="row">Date:</th><td>21 de octubre de 2020</td>' in page
    english = client.get(f"/{session.forum.slug}/{session.slug}/").content.decode()
    assert "language-notice" not in english

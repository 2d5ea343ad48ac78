"""End to end: a rapporteur enters a complete report like the seed (GSEF 2020, Plenary 3) through
the admin, and finds it again exactly as entered; and what it takes, in page loads and saves.

The admin is driven the way a browser drives it. Each page is fetched, its change form is read from
the HTML (every input, select and textarea with the value the page gives it, as the browser would
submit it back), the rapporteur's typing is laid over it, and the whole form is posted:

- rows beyond the blank ones a page shows are added as Django's inline "Add another" does, from the
  page's ``__prefix__`` template, raising ``TOTAL_FORMS``;
- a ``<select multiple>`` submits its chosen options in the page's order, whatever order they were
  clicked in;
- textareas are submitted with CRLF line breaks, as browsers send them;
- a person or organisation is chosen the way the autocomplete widget does it: one XHR to
  ``/admin/autocomplete/`` with a few typed letters, picking the result with the wanted name. The
  people and organisations of the seed are already in the directory (they were at the forum), so no
  "add person" popup is needed;
- after a save, the browser follows the redirect and loads the page it lands on; those loads are
  counted apart ("landings") from the pages the rapporteur opens.

What the rapporteur types (participants, posts, guiding questions, audience questions, note,
attendance, sponsor) is written below from the seed text; each speaker's points are pasted as one
block built from the reference report: top-level points as "- " lines separated by blank lines,
sub-points as "1) ..." lines right under their opener.
"""

import re
from glob import glob
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.functional import Promise

from gsef_sessions.domain.pasted import sync_guiding_questions
from gsef_sessions.models import Forum, Organisation, Person, Point, Round, Session
from tests.admin.browser import Browser, round_links
from tests.domain.test_presentation import printed
from tests.factories import AttendanceFactory, RoundFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

# --- What the rapporteur types, from the seed ---------------------------------------------------

FORUM = "GSEF Global Virtual Forum"
TITLE = "New Digitalization Era and the Future of Work"
SUBTITLE = "Challenges and Opportunities"

# (role as the select shows it, order, letters typed in the person box, the person picked,
#  post as printed, letters typed in the organisation box, the organisation picked, country)
PARTICIPANTS = [
    ("Opening speaker", 1, "Dame", "Tomas Damerau", "Ministry of Labor and Employment Promotion", None, None, ""),
    (
        "Moderator",
        1,
        "Fern",
        "Marisol Fernández Alonso",
        "Director of Social Investment at Nacional Monte de Piedad, I.A.P., Mexico",
        "Monte",
        "Nacional Monte de Piedad, I.A.P.",
        "MX",
    ),
    (
        "Panelist / commentator",
        1,
        "Arag",
        "Soledad Aragón Martínez",
        "Secretary of Labor and Employment Promotion, Mexico",
        "Mexico City",
        "Mexico City Government",
        "MX",
    ),
    (
        "Panelist / commentator",
        2,
        "Agir",
        "Oihane Agirregoitia",
        "Councillor of the Area of Citizen and International Participation of Bilbao, Spain",
        "Bilbao",
        "Bilbao City Council",
        "ES",
    ),
    ("Panelist / commentator", 3, "Kola", "Baudouin Kola", "National Director of CeRES, Togo", "CeRES", "CeRES", "TG"),
    ("Panelist / commentator", 4, "Tang", "Audrey Tang", "Digital Minister, Taiwan", None, None, "TW"),
    (
        "Panelist / commentator",
        5,
        "Peña",
        "Enrique Peñaranda",
        "Digitalization Project Leader Sparkassen Foundation, Mexico",
        "Sparkassen",
        "Finanzgruppe Sparkassenstiftung für internationale Kooperation",
        "MX",
    ),
    (
        "Panelist / commentator",
        6,
        "Alai",
        "Beatrice Alain",
        "Executive Director of the Chantier de l'économie sociale, Canada",
        "Chantier",
        "Chantier de l'économie sociale",
        "CA",
    ),
]

# (kind as the select shows it, guiding questions typed one per line); orders are left blank.
ROUNDS = [
    ("Introduction", []),
    (
        "Round",
        [
            "What are the opportunities offered by digitalization for the future of work?",
            (
                "What is the role of the government in terms of strategies and public policies to promote "
                "digital inclusion?"
            ),
        ],
    ),
    (
        "Round",
        [
            (
                "What are the good practices of the SSE in the creation and maintenance of decent work, in a "
                "context of digitalization?"
            ),
        ],
    ),
    ("Conclusions", ["How to transform the present and build a better future from the SSE?"]),
]

QA_NOTE = "There was no time to answer questions; however, the moderator read out the following:"
AUDIENCE_QUESTIONS = [
    "What is the strategy for the inclusion of migrants to work in Bilbao?",
    "What would be the mechanisms that could be used to generate intergenerational links for the use of technologies?",
    (
        "What is the role of social programs or public interventions to promote the SSE and what would be their "
        "real impact on people's lives?"
    ),
    "How to deal with digital exclusion, are there other examples of self-managed telecommunications in the SSE?",
    "How could we classify digitalization: use value or harmful use value?",
]
# "441 (Zoom, 9:55 hrs)", typed in the forum's time zone.
ATTENDANCE = {"count": "441", "platform": "Zoom", "taken_at_0": "2020-10-21", "taken_at_1": "09:55"}
SPONSOR = ("Sparkassen", "Finanzgruppe Sparkassenstiftung für internationale Kooperation")


def pasted_block(points):
    """A speaker's points as a rapporteur pastes them into the round page's "Points" box."""
    blocks = []
    for point in points:
        lines = [f"- {point['text']}"]
        lines += [f"{number}) {child['text']}" for number, child in enumerate(point["children"], start=1)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


# --- The reference, and the comparison ----------------------------------------------------------

# Dropped before comparing. Kept: "person_uuid", since the rapporteur picks the seed's own people.
IDENTITY = {"uuid", "slug", "version", "updated_at", "published_at", "status"}


def content(value):
    """The report without what identifies one stored copy (uuids, slug, version, times, status)."""
    if isinstance(value, dict):
        return {key: content(item) for key, item in value.items() if key not in IDENTITY}
    if isinstance(value, list):
        return [content(item) for item in value]
    if isinstance(value, Promise):
        return str(value)
    return value


def report(slug):
    return printed(Session.objects.get(forum__slug="gsef-2020", slug=slug), "en")


@pytest.fixture
def reference(db):
    call_command("loaddata", *sorted(glob(str(ROOT / "fixtures" / "*.json"))), verbosity=0)
    return report("plenary-3")


def create_shell(client, rapporteur):
    """An organiser makes the empty session and assigns the rapporteur."""
    organiser = UserFactory(groups=["Organisers"])
    Forum.objects.get(slug="gsef-2020").organisers.add(organiser)
    client.force_login(organiser)
    browser = Browser(client)
    url = "/admin/gsef_sessions/session/add/?language=en"
    form = browser.open(url)
    form.choose("forum", FORUM)
    form.choose("kind", "Plenary")
    form.type("number", "3")
    form.type("slug", "plenary-3-again")
    form.type("title", TITLE)
    form.type("subtitle", SUBTITLE)
    form.type("starts_at_0", "2020-10-21")
    form.type("starts_at_1", "8:30")
    # The seed's "Spanish - English - French", clicked in that order.
    form.choose("languages", "Spanish (es)", "English (en)", "French (fr)")
    form.type("platforms", "Zoom")
    form.choose("rapporteurs", rapporteur.username)
    browser.save(form)
    client.logout()
    return Session.objects.get(forum__slug="gsef-2020", slug="plenary-3-again"), browser.counts


def enter_report(client, session, reference):
    """The rapporteur enters the whole report: the session page, then each round's page."""
    browser = Browser(client)

    url = f"/admin/gsef_sessions/session/{session.pk}/change/"
    form = browser.open(url)
    form.type("qa_note", QA_NOTE)
    for role, order, person_term, person, post, org_term, organisation, country in PARTICIPANTS:
        row = form.row("participations")
        form.choose(f"{row}role", role)
        form.type(f"{row}order", order)
        form.pick(f"{row}person", browser.autocomplete("participation", "person", person_term, person))
        form.type(f"{row}post", post)
        if organisation:
            form.pick(
                f"{row}organisation", browser.autocomplete("participation", "organisation", org_term, organisation)
            )
        form.choose_value(f"{row}country", country)
    row = form.row("attendance")
    for name, value in ATTENDANCE.items():
        form.type(f"{row}{name}", value)
    for kind, questions in ROUNDS:
        row = form.row("rounds")
        form.choose(f"{row}kind", kind)
        form.type(f"{row}questions_text", "\n".join(questions))
    for text in AUDIENCE_QUESTIONS:
        form.type(f"{form.row('audience_questions')}text", text)
    term, organisation = SPONSOR
    form.pick(
        f"{form.row('sponsors')}organisation",
        browser.autocomplete("sessionsponsor", "organisation", term, organisation),
    )
    landing = browser.save(form, "_continue")

    links = round_links(landing.content.decode())
    assert len(links) == len(ROUNDS) == len(reference["rounds"])
    for link, reference_round in zip(links, reference["rounds"], strict=True):
        assert link in browser.page.content.decode()  # reached from the page the last save landed on
        form = browser.open(link)
        for contribution in reference_round["contributions"]:
            speaker = contribution["speaker"]
            row = form.row("contributions")
            form.choose(f"{row}participation", f"{speaker['name']} ({speaker['role_label']})")
            form.type(f"{row}points_text", pasted_block(contribution["points"]))
        browser.save(form)
    return browser.counts, links


@pytest.fixture
def entered(client, reference):
    rapporteur = UserFactory(groups=["Rapporteurs"])
    session, organiser_counts = create_shell(client, rapporteur)
    client.force_login(rapporteur)
    counts, links = enter_report(client, session, reference)
    return {"session": session, "organiser": organiser_counts, "rapporteur": counts, "round_links": links}


# --- The tests ------------------------------------------------------------------------------------


def test_rapporteur_enters_the_seed_report_and_finds_it_again(reference, entered):
    organiser, rapporteur = entered["organiser"], entered["rapporteur"]
    print(f"\norganiser: {organiser['page']} page loads + {organiser['landing']} landing, {organiser['save']} save")
    print(
        f"rapporteur: {rapporteur['page']} page loads + {rapporteur['landing']} landings after saves, "
        f"{rapporteur['save']} saves, {rapporteur['xhr']} autocomplete requests, {rapporteur['popup']} popups"
    )

    assert (organiser["page"], organiser["landing"], organiser["save"]) == (1, 1, 1)
    # The session page and the 4 round pages, each saved once, each save landing on a page; 8 people,
    # the 6 organisations of participants and the sponsor looked up; no popup.
    assert (rapporteur["page"], rapporteur["landing"], rapporteur["save"], rapporteur["xhr"], rapporteur["popup"]) == (
        5,
        5,
        5,
        15,
        0,
    )
    # Nothing new in the directory: everyone and every organisation was found by autocomplete.
    assert (Person.objects.count(), Organisation.objects.count()) == (8, 8)

    again = content(report("plenary-3-again"))
    assert again["attendance"] == ["441 (Zoom, 9:55 hrs)"]
    assert again == content(reference)


# What saving a page unchanged may write: the page's own row, which Django's admin always saves.
GSEF_WRITE = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"(gsef_sessions_\w+)"', re.IGNORECASE)


def writes(queries, page_model):
    own = f'UPDATE "gsef_sessions_{page_model}" SET "uuid" = '
    return [q["sql"] for q in queries.captured_queries if GSEF_WRITE.match(q["sql"]) and not q["sql"].startswith(own)]


def snapshot(session):
    """What a save that changes nothing must leave as it was."""
    session.refresh_from_db()
    points = Point.objects.filter(contribution__round__session=session).order_by("pk")
    return {
        "version": session.version,
        "starts_at": session.starts_at,
        "languages": session.languages,
        "attendance": list(session.attendance.values_list("uuid", "taken_at", "updated_at")),
        "points": list(points.values_list("uuid", "updated_at")),
    }


@pytest.mark.parametrize("position", [0, 1, 2, 3], ids=["introduction", "round-1", "round-2", "conclusions"])
def test_round_page_saved_unchanged_writes_nothing(client, entered, position):
    """The rapporteur re-opens a round page and saves it as it is: nothing is written, no version."""
    session = entered["session"]
    before = snapshot(session)
    browser = Browser(client)
    form = browser.open(entered["round_links"][position])
    with CaptureQueriesContext(connection) as queries:
        browser.save(form)
    after, written = snapshot(session), writes(queries, "round")
    print(
        f"\n{Round.objects.get(pk=form.url.split('/')[-3])}: {len(written)} writes, "
        f"version {before['version']} -> {after['version']}"
    )
    assert after == before
    assert written == []


def test_session_page_saved_unchanged_writes_nothing(client):
    """The same on the rapporteur's session page, with times and multi-line guiding questions."""
    rapporteur = UserFactory(groups=["Rapporteurs"])
    session = SessionFactory(rapporteurs=[rapporteur], languages=["es", "en", "fr"])
    AttendanceFactory(session=session)  # 441 on Zoom at 9:55 in Mexico City
    round_ = RoundFactory(session=session, order=1)
    sync_guiding_questions(round=round_, text="\n".join(ROUNDS[1][1]), language="en")
    before = snapshot(session)
    client.force_login(rapporteur)
    browser = Browser(client)
    form = browser.open(f"/admin/gsef_sessions/session/{session.pk}/change/")
    with CaptureQueriesContext(connection) as queries:
        browser.save(form, "_continue")
    after, written = snapshot(session), writes(queries, "session")
    print(
        f"\nsession page: {len(written)} writes, version {before['version']} -> {after['version']}, "
        f"starts {before['starts_at']} -> {after['starts_at']}"
    )
    assert after == before
    assert written == []

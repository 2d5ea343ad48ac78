"""The GSEF 2020 fixtures (fixtures/*.json, written by fixtures/build.py), loaded the way the README
says, checked against the rapporteur's report of Plenary 3 (tests/data/, a byte copy of the seed).

The points are checked against the seed text itself, through a small cleaner of its PDF noise
written here independently of the builder's data: every point of the seed must be a Point of
Plenary 3 in English, verbatim, under the right speaker and round, and nothing else.
"""

import datetime
import json
import re
import subprocess
import sys
import zoneinfo
from collections import Counter
from pathlib import Path

import pytest

from gsef_sessions.models import (
    AttendanceCount,
    AudienceQuestion,
    Contribution,
    Forum,
    ForumPartner,
    GuidingQuestion,
    Participation,
    Person,
    Point,
    Round,
    Session,
    SessionSponsor,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES_DIR = ROOT / "fixtures"
SEED = Path(__file__).resolve().parent / "data" / "gsef2020-plenary3-report.txt"
MEXICO_CITY = zoneinfo.ZoneInfo("America/Mexico_City")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _loaded(gsef_2020):
    """Every test here reads the fixtures as loaded."""


# --- The seed, cleaned -------------------------------------------------------------------------

# PDF noise: the page footer ("With the cooperation of: Finanzgruppe Sparkassenstiftung für
# internationale Kooperation", extracted whole, cut in two or three lines, quoted, or with a stray
# "S"), the cover logos and the stray glyphs of the last page.
NOISE = re.compile(
    r"^(?:>\s*)?(?:S\s+)?(?:With the cooperation of:.*|Finanzgruppe Sparkassenstiftung.*"
    r"|Sparkassenstiftung für internationale Kooperation|internationale Kooperation"
    r"|BIENESTAR INAES|Gser Social|\*+ \*\*`\*\*)$"
)
BULLET = re.compile(r"^(?:-|•)\s+")
SUB_POINT_MARKER = re.compile(r"^\d\)\s+")
INTRODUCTION = "Introduction: Tomas Damerau, Ministry of Labor and Employment Promotion. "
PANELISTS = [
    "Soledad Aragón Martínez",
    "Oihane Agirregoitia",
    "Baudouin Kola",
    "Audrey Tang",
    "Enrique Peñaranda",
    "Beatrice Alain",
]
# A speaker's name, a round, or both, on one line: "• Oihane Agirregoitia 1st Round", "2nd Round".
HEADING = re.compile(rf"^(?P<name>{'|'.join(PANELISTS)})?\s*(?P<round>1st Round|2nd Round)?$")
SEED_ROUND = {"1st Round": "Round 1", "2nd Round": "Round 2"}


def seed_paragraphs():
    """The seed's non-empty lines without the noise; a line starting in lower case is the rest of
    a sentence that a page break (and its footer) cut, and is joined back to the line before."""
    paragraphs = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or NOISE.match(line):
            continue
        if line[0].islower():
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
    return paragraphs


def seed_points():
    """``[(round, speaker, text, is_sub_point)]`` in the seed's order.

    Sub-points are the unbulleted paragraphs right after a point that ends with ":" (their bullet
    glyph was lost in extraction, or they are numbered "3)"); their marker and the list's ";" go.
    """
    points = []
    section, rnd, speaker = "cover", None, None
    opener = None  # a point ending with ":" whose unbulleted followers are its sub-points
    for paragraph in seed_paragraphs():
        if paragraph.startswith("Introduction: "):
            section, rnd, speaker = "points", "Introduction", "Tomas Damerau"
            paragraph = paragraph.removeprefix(INTRODUCTION)
        elif paragraph.startswith("Moderator: "):
            speaker = paragraph.removeprefix("Moderator: ")
            continue
        elif paragraph == "Round 1":  # the guiding questions, then the panelists' points
            section = "questions"
            continue
        elif paragraph == PANELISTS[0] and section == "questions":
            section, rnd, speaker = "points", "Round 1", paragraph
            continue
        elif paragraph.startswith("Key questions asked by the audience"):
            section = "audience"
            continue
        elif paragraph.startswith("Conclusions, guiding question: "):
            section, rnd = "conclusions", "Conclusions"
            continue
        if section not in ("points", "conclusions"):
            continue
        bulleted = BULLET.match(paragraph)
        text = BULLET.sub("", paragraph)
        heading = HEADING.match(text)
        if heading:
            if heading["name"]:
                speaker = heading["name"]
                if section == "points":
                    rnd = "Round 1"
            if heading["round"]:
                rnd = SEED_ROUND[heading["round"]]
            opener = None
            continue
        if opener is not None and not bulleted:
            points.append((rnd, speaker, SUB_POINT_MARKER.sub("", text).rstrip(";"), True))
            continue
        points.append((rnd, speaker, text, False))
        opener = text if text.endswith(":") else None
    return points


# --- The fixtures, read back -------------------------------------------------------------------

ROUND_LABELS = {1: "Introduction", 2: "Round 1", 3: "Round 2", 4: "Conclusions"}


def plenary(number):
    return Session.objects.get(forum__slug="gsef-2020", slug=f"plenary-{number}")


def english(obj, field):
    """The English text of a translated field, without any fallback."""
    assert obj.has_translation("en"), obj
    return getattr(obj.get_translation("en"), field)


def db_points():
    """``[(round, speaker, text, is_sub_point)]`` of Plenary 3, in the report's order."""
    points = []
    contributions = Contribution.objects.filter(round__session=plenary(3)).order_by("round__order", "order")
    for contribution in contributions.select_related("round", "participation__person"):
        label, speaker = ROUND_LABELS[contribution.round.order], contribution.participation.person.full_name
        for point in contribution.points.filter(parent=None).order_by("order"):
            points.append((label, speaker, english(point, "text"), False))
            for child in point.children.order_by("order"):
                points.append((label, speaker, english(child, "text"), True))
    return points


# (round, speaker): (points, sub-points), in the order the speakers speak in each round.
POINTS_PER_SPEAKER_AND_ROUND = {
    ("Introduction", "Tomas Damerau"): (2, 0),
    ("Introduction", "Marisol Fernández Alonso"): (1, 0),
    ("Round 1", "Soledad Aragón Martínez"): (15, 0),
    ("Round 1", "Oihane Agirregoitia"): (9, 0),
    ("Round 1", "Baudouin Kola"): (5, 0),
    ("Round 1", "Audrey Tang"): (7, 0),
    ("Round 1", "Enrique Peñaranda"): (8, 0),
    ("Round 1", "Beatrice Alain"): (12, 0),
    ("Round 2", "Oihane Agirregoitia"): (4, 0),
    ("Round 2", "Baudouin Kola"): (2, 0),
    ("Round 2", "Audrey Tang"): (4, 0),
    ("Round 2", "Enrique Peñaranda"): (2, 4),
    ("Round 2", "Beatrice Alain"): (8, 0),
    ("Conclusions", "Oihane Agirregoitia"): (5, 0),
    ("Conclusions", "Baudouin Kola"): (2, 0),
    ("Conclusions", "Audrey Tang"): (4, 0),
    ("Conclusions", "Enrique Peñaranda"): (10, 0),
    ("Conclusions", "Beatrice Alain"): (7, 0),
}
SEED_POINTS = 107
SEED_SUB_POINTS = 4


def count_per_speaker_and_round(points):
    counts = {}
    for rnd, speaker, _text, is_sub in points:
        top, sub = counts.get((rnd, speaker), (0, 0))
        counts[(rnd, speaker)] = (top, sub + 1) if is_sub else (top + 1, sub)
    return counts


# --- Points ------------------------------------------------------------------------------------


def test_seed_cleaner_finds_the_seed_points():
    points = seed_points()
    assert sum(not is_sub for *_, is_sub in points) == SEED_POINTS
    assert sum(is_sub for *_, is_sub in points) == SEED_SUB_POINTS
    assert count_per_speaker_and_round(points) == POINTS_PER_SPEAKER_AND_ROUND
    assert not any("cooperation" in text or "Sparkassenstiftung" in text for _, _, text, _ in points)


def test_points_every_seed_point_is_a_plenary_3_point_verbatim():
    texts = Counter(text for _, _, text, _ in db_points())
    missing = [text for _, _, text, _ in seed_points() if texts[text] == 0]
    assert missing == []


def test_points_total_equals_seed_points():
    session = plenary(3)
    assert Point.objects.filter(contribution__round__session=session).count() == SEED_POINTS + SEED_SUB_POINTS == 111
    assert Point.objects.filter(contribution__round__session=session, parent=None).count() == SEED_POINTS == 107
    assert (
        Point.objects.filter(contribution__round__session=session, parent__isnull=False).count() == SEED_SUB_POINTS == 4
    )
    assert Counter(text for _, _, text, _ in db_points()) == Counter(text for _, _, text, _ in seed_points())


def by_speaker_and_round(points):
    grouped = {}
    for rnd, speaker, text, is_sub in points:
        grouped.setdefault((rnd, speaker), []).append((text, is_sub))
    return grouped


def test_points_in_seed_order_under_each_speaker_and_round():
    # The seed lists each panelist's rounds together; the report goes round by round.
    assert by_speaker_and_round(db_points()) == by_speaker_and_round(seed_points())


def test_points_per_speaker_per_round_match_table():
    counts = count_per_speaker_and_round(db_points())
    assert counts == POINTS_PER_SPEAKER_AND_ROUND
    assert list(counts) == list(POINTS_PER_SPEAKER_AND_ROUND)  # speaking order within each round


def test_points_all_have_english_text_only():
    points = Point.objects.filter(contribution__round__session=plenary(3))
    assert {tuple(point.get_available_languages()) for point in points} == {("en",)}
    assert not any(english(point, "text") != english(point, "text").strip() for point in points)


def test_points_inline_numbering_stays_inside_its_point():
    texts = [text for _, _, text, _ in db_points()]
    inline = [text for text in texts if re.search(r"\b1\) ", text)]
    assert inline == [
        "Taiwan has a national strategy to explain digitalization in four components: 1) Infrastructure "
        "development, 2) Innovation, 3) Governance, and 4) Inclusion.",
        "Digitalization is a great universe of opportunities and its use will depend on the degree of planning "
        "that is done. This process has five elements: 1) the education and training of people; 2) the "
        "strengthening of innovation; 3) the generation of the necessary infrastructure; 4) the creation of a "
        "legal system that frames the work in this context of digitalization; and 5) ethics and supervision.",
        "It is important to highlight three key concepts that must be worked on in an aligned and interconnected "
        "manner: 1) smart cities; 2) digital equity strategies; and 3) digital principles and commitments.",
        "The principles that mark the actions of Bilbao for the development of an intelligent city are: 1) the "
        "people are in the center of any action; 2) the security must be contemplated from the design, an "
        "inclusive design; 3) the privacy; 4) the inclusion; 5) the transparency; 6) the sustainability, and 7) "
        "digitalization from the maximum responsibility.",
        "There are two levels of technology: 1) at the user level, and 2) at the technology creation level.",
    ]
    for text in inline:
        point = Point.objects.get(translations__text=text)
        assert point.parent_id is None and not point.children.exists()


def test_points_page_break_splits_rejoined():
    texts = {text for _, _, text, _ in db_points()}
    for text in [
        "Digitalization and digital transformation are processes that must be consolidated in a sensible, "
        "sustainable and respectful way with people in the face of changing needs.",
        "The government must analyze the conditions of data use and the impact of decisions through digitized "
        "processes, the inequality that has been generated, women's work in the area of care, and the "
        "vulnerability of Afro-descendent communities, among others.",
        "There are global challenges they have to face such as population growth, urban concentration, social "
        "rejuvenation, improving and increasing the quality of public services, sustainability, health, among others.",
        '"The goal is not digitalization; digitalization is only an instrument to achieve the goals that a model '
        'like the SSE seeks"',
        "There is much that can be done to generate jobs, but not in the traditional way that governments have "
        "done it, but to really achieve the promotion of projects that seek the good of the community and that "
        "support SE through collective initiatives.",
    ]:
        assert text in texts


def test_points_seed_typos_kept():
    texts = " ".join(text for _, _, text, _ in db_points())
    for typo in ['exclusión".', "gaps..", "unagency spectators", "this increase job opportunities", "no time late"]:
        assert typo in texts


def test_quotes_exactly_the_quoted_points():
    quotes = [
        (
            ROUND_LABELS[p.contribution.round.order],
            p.contribution.participation.person.full_name,
            p.order,
            english(p, "text")[:40],
        )
        for p in Point.objects.filter(contribution__round__session=plenary(3), is_quote=True).order_by(
            "contribution__round__order",
            "contribution__order",
            "order",
        )
    ]
    assert quotes == [
        ("Round 1", "Soledad Aragón Martínez", 10, '"The opportunities provided by the Inter'),
        ("Round 1", "Soledad Aragón Martínez", 15, '"The actions taken by governments must a'),
        ("Conclusions", "Audrey Tang", 4, '"A liberal democracy is not just about u'),
        ("Conclusions", "Enrique Peñaranda", 1, '"The goal is not digitalization; digital'),
    ]


def test_quotes_points_quoting_only_a_phrase_are_not_quotes():
    # They open with a quotation but go on after it.
    soledad = Point.objects.filter(
        contribution__round__session=plenary(3),
        contribution__participation__person__family_name="Aragón Martínez",
    )
    opening_quote = [p for p in soledad.order_by("order") if english(p, "text").startswith('"')]
    assert [(p.order, p.is_quote) for p in opening_quote] == [
        (7, False),
        (8, False),
        (9, False),
        (10, True),
        (15, True),
    ]


def test_penaranda_four_sub_points_under_their_point():
    parent = Point.objects.get(
        contribution__round__session=plenary(3),
        contribution__round__order=3,
        contribution__participation__person__family_name="Peñaranda",
        parent=None,
        order=1,
    )
    assert english(parent, "text") == "For better practices, there are four points to focus on:"
    children = list(parent.children.order_by("order"))
    assert [(child.order, child.is_quote, child.contribution_id) for child in children] == [
        (1, False, parent.contribution_id),
        (2, False, parent.contribution_id),
        (3, False, parent.contribution_id),
        (4, False, parent.contribution_id),
    ]
    assert [english(child, "text") for child in children] == [
        "Good practice in training and education. There is a constant dialogue with organizations to better focus "
        "on training needs to meet both present and future",
        "Production chains and market. SSE organizations use digitalization to strengthen their productive chains "
        "and reach new markets and have the necessary elements to generate a value offer.",
        "Strategic alliances between organizations for digitalization that will boost the support and solidarity "
        "in terms of productivity and efficiency that will generate much stronger SSE organizations.",
        "Production of understanding. We are in an era where digitalization is creating an enormous amount of "
        "information that has to be used by organizations to understand their local environment and to understand "
        "how the gaps that exist in economic, social, educational and other areas can be reduced. Digitalization "
        "has an enormous potential in SSE organizations to transform information into an understanding of what "
        "their contribution to a more just and prosperous society can be.",
    ]
    second = parent.contribution.points.get(parent=None, order=2)
    assert english(second, "text").startswith("The best practice is long term planning,")
    assert not second.children.exists()


# --- Participants, rounds, audience, attendance, sponsor -----------------------------------------


def test_participants_roles_orders_and_posts_match_seed():
    participants = [
        (
            p.role.slug,
            p.order,
            p.person.given_name,
            p.person.family_name,
            english(p, "post"),
            p.organisation.slug if p.organisation else None,
            p.country.code or "",
            p.person.country.code or "",
        )
        for p in Participation.objects.filter(session=plenary(3))
        .select_related("person", "organisation", "role")
        .order_by("pk")
    ]
    assert participants == [
        ("opening_speaker", 1, "Tomas", "Damerau", "Ministry of Labor and Employment Promotion", None, "", ""),
        (
            "moderator",
            1,
            "Marisol",
            "Fernández Alonso",
            "Director of Social Investment at Nacional Monte de Piedad, I.A.P., Mexico",
            "monte-de-piedad",
            "MX",
            "MX",
        ),
        (
            "panelist",
            1,
            "Soledad",
            "Aragón Martínez",
            "Secretary of Labor and Employment Promotion, Mexico",
            "cdmx",
            "MX",
            "MX",
        ),
        (
            "panelist",
            2,
            "Oihane",
            "Agirregoitia",
            "Councillor of the Area of Citizen and International Participation of Bilbao, Spain",
            "bilbao",
            "ES",
            "ES",
        ),
        ("panelist", 3, "Baudouin", "Kola", "National Director of CeRES, Togo", "ceres", "TG", "TG"),
        ("panelist", 4, "Audrey", "Tang", "Digital Minister, Taiwan", None, "TW", "TW"),
        (
            "panelist",
            5,
            "Enrique",
            "Peñaranda",
            "Digitalization Project Leader Sparkassen Foundation, Mexico",
            "sparkassenstiftung",
            "MX",
            "MX",
        ),
        (
            "panelist",
            6,
            "Beatrice",
            "Alain",
            "Executive Director of the Chantier de l'économie sociale, Canada",
            "chantier",
            "CA",
            "CA",
        ),
    ]


def test_participants_sort_by_first_family_name():
    names = [person.family_name for person in Person.objects.all()]  # ordered by the sort key
    assert names == [
        "Agirregoitia",
        "Alain",
        "Aragón Martínez",
        "Damerau",
        "Fernández Alonso",
        "Kola",
        "Peñaranda",
        "Tang",
    ]


def test_rounds_kinds_and_guiding_questions_match_seed():
    rounds = [
        (r.order, r.kind, [english(q, "text") for q in r.questions.order_by("order")])
        for r in Round.objects.filter(session=plenary(3)).order_by("order")
    ]
    assert rounds == [
        (1, "introduction", []),
        (
            2,
            "round",
            [
                "What are the opportunities offered by digitalization for the future of work?",
                "What is the role of the government in terms of strategies and public policies to promote digital "
                "inclusion?",
            ],
        ),
        (
            3,
            "round",
            [
                "What are the good practices of the SSE in the creation and maintenance of decent work, in a context "
                "of digitalization?",
            ],
        ),
        (4, "conclusions", ["How to transform the present and build a better future from the SSE?"]),
    ]
    assert [
        q.order for q in GuidingQuestion.objects.filter(round__session=plenary(3)).order_by("round__order", "order")
    ] == [1, 2, 1, 1]


def test_audience_questions_note_and_five_questions_unanswered():
    session = plenary(3)
    assert (
        english(session, "qa_note")
        == "There was no time to answer questions; however, the moderator read out the following:"
    )
    questions = [
        (q.order, english(q, "text"), q.is_answered, q.answered_by_id, english(q, "answer"), q.asked_by)
        for q in AudienceQuestion.objects.filter(session=session).order_by("order")
    ]
    assert questions == [
        (1, "What is the strategy for the inclusion of migrants to work in Bilbao?", False, None, "", ""),
        (
            2,
            "What would be the mechanisms that could be used to generate intergenerational links for the use of "
            "technologies?",
            False,
            None,
            "",
            "",
        ),
        (
            3,
            "What is the role of social programs or public interventions to promote the SSE and what would be their "
            "real impact on people's lives?",
            False,
            None,
            "",
            "",
        ),
        (
            4,
            "How to deal with digital exclusion, are there other examples of self-managed telecommunications in the "
            "SSE?",
            False,
            None,
            "",
            "",
        ),
        (5, "How could we classify digitalization: use value or harmful use value?", False, None, "", ""),
    ]


def test_attendance_441_on_zoom_at_955_local():
    counts = list(AttendanceCount.objects.filter(session=plenary(3)))
    assert [(c.order, c.count, c.platform, c.note) for c in counts] == [(1, 441, "Zoom", "")]
    assert counts[0].taken_at == datetime.datetime(2020, 10, 21, 9, 55, tzinfo=MEXICO_CITY)
    assert counts[0].taken_at.astimezone(MEXICO_CITY).strftime("%Y-%m-%d %H:%M") == "2020-10-21 09:55"


def test_sponsor_sparkassenstiftung_only():
    sponsors = [(s.order, s.organisation.slug, english(s.organisation, "name")) for s in SessionSponsor.objects.all()]
    assert sponsors == [(1, "sparkassenstiftung", "Finanzgruppe Sparkassenstiftung für internationale Kooperation")]


# --- Forum and sessions ------------------------------------------------------------------------


def test_forum_header_matches_public_facts():
    forum = Forum.objects.get()
    assert (
        forum.slug,
        forum.edition,
        forum.start_date,
        forum.end_date,
        forum.timezone,
        forum.slot_minutes,
        forum.languages,
    ) == (
        "gsef-2020",
        "2020",
        datetime.date(2020, 10, 19),
        datetime.date(2020, 10, 23),
        "America/Mexico_City",
        90,
        ["es", "en", "fr"],
    )
    assert [english(forum, f) for f in ("name", "theme", "tagline", "city")] == [
        "GSEF Global Virtual Forum",
        "Great Challenges, Greater Solidarity: Power of Community and SSE as a Path for Transformation",
        "110 countries, 35 sessions, three languages",
        "Mexico City",
    ]
    partners = [(p.role, p.order, p.organisation.slug) for p in ForumPartner.objects.order_by("role", "order")]
    assert partners == [("organiser", 1, "gsef"), ("organiser", 2, "inaes"), ("organiser", 3, "cdmx")]
    kinds = [(k.order, k.slug, english(k, "name")) for k in forum.session_kinds.order_by("order")]
    assert kinds == [(1, "plenary", "Plenary"), (2, "session", "Session")]


def test_plenaries_titles_and_times_five_days():
    plenaries = [
        (
            s.number,
            s.slug,
            s.kind.slug,
            english(s, "title"),
            english(s, "subtitle"),
            s.starts_at.astimezone(MEXICO_CITY).replace(tzinfo=None),
            s.languages,
            s.platforms,
            s.original_language,
        )
        for s in Session.objects.order_by("number")
    ]
    langs = ["es", "en", "fr"]
    assert plenaries == [
        (
            1,
            "plenary-1",
            "plenary",
            "SSE in times of great challenges",
            "A strategy for inclusion and well-being",
            datetime.datetime(2020, 10, 19, 8, 30),
            langs,
            "Zoom",
            "en",
        ),
        (
            2,
            "plenary-2",
            "plenary",
            "Civil and public initiatives to consolidate SSE",
            "Convergences among actors and sectors",
            datetime.datetime(2020, 10, 20, 8, 30),
            langs,
            "Zoom",
            "en",
        ),
        (
            3,
            "plenary-3",
            "plenary",
            "New Digitalization Era and the Future of Work",
            "Challenges and Opportunities",
            datetime.datetime(2020, 10, 21, 8, 30),
            langs,
            "Zoom",
            "en",
        ),
        (
            4,
            "plenary-4",
            "plenary",
            "New solidarity for an ecological transition",
            "",
            datetime.datetime(2020, 10, 22, 8, 30),
            langs,
            "Zoom",
            "en",
        ),
        (
            5,
            "plenary-5",
            "plenary",
            "Social economy as a mechanism to solve the great global challenges from the local and territorial "
            "perspective",
            "",
            datetime.datetime(2020, 10, 23, 8, 30),
            langs,
            "Zoom",
            "en",
        ),
    ]


def test_plenaries_only_plenary_3_published():
    assert [
        (s.number, s.status, s.published_at is not None, s.version) for s in Session.objects.order_by("number")
    ] == [
        (1, "draft", False, 1),
        (2, "draft", False, 1),
        (3, "published", True, 1),
        (4, "draft", False, 1),
        (5, "draft", False, 1),
    ]
    for session in Session.objects.exclude(number=3):  # a header only
        assert not session.participations.exists() and not session.rounds.exists()
        assert not session.audience_questions.exists() and not session.attendance.exists()
        assert not session.sponsors.exists() and english(session, "qa_note") == ""


# --- The build script --------------------------------------------------------------------------


def test_build_script_rerun_reproduces_fixtures(tmp_path):
    result = subprocess.run(
        [sys.executable, str(FIXTURES_DIR / "build.py"), "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    built = sorted(path.name for path in tmp_path.glob("*.json"))
    assert built == sorted(path.name for path in FIXTURES_DIR.glob("*.json"))
    for name in built:
        # Byte for byte: the files are the script's output, never edited by hand.
        assert (tmp_path / name).read_bytes() == (FIXTURES_DIR / name).read_bytes(), (
            f"fixtures/{name} differs from what fixtures/build.py writes: rerun the script"
        )
        json.loads((tmp_path / name).read_text(encoding="utf-8"))

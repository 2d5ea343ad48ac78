"""The WeasyPrint engine, read back with poppler-utils as a reader (or an indexer) would."""

import copy
import re
import subprocess
import xml.etree.ElementTree as ET
import zlib
from contextlib import closing
from itertools import pairwise

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils import translation
from fontTools.ttLib import TTFont
from PIL import Image

from gsef_sessions.domain.documents import branding, proceedings_document, report_document
from gsef_sessions.domain.markdown import markdown_to_html
from gsef_sessions.models import Forum, Session
from gsef_sessions.pdf.base import RenderError
from gsef_sessions.pdf.weasyprint import LocalFetcher, WeasyPrintRenderer, css_string, page_counter
from tests.conftest import FIXTURES_DIR
from tests.factories import policy_dialogue
from tests.pdf.test_typst import TURN_ORDER, in_order

# The documents come from a module fixture; the mark is what makes pytest-django create the test
# database when this module runs alone.
pytestmark = pytest.mark.django_db

FOOTER = "With the cooperation of: Finanzgruppe Sparkassenstiftung für internationale Kooperation"
DRAFT = "Draft: not published"
XHTML = "{http://www.w3.org/1999/xhtml}"
DEJAVU_SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # .ci/run installs it


def poppler(tool, pdf, *args, tmp_path):
    """The output of a poppler-utils ``tool`` run on ``pdf``, ``args`` after the file name."""
    path = tmp_path / "read.pdf"
    path.write_bytes(pdf)
    return subprocess.run([f"/usr/bin/{tool}", str(path), *args], capture_output=True, text=True, check=True).stdout


def collapse(text):
    return " ".join(text.split())


def pages(pdf, tmp_path):
    """Each page's text in reading order, whitespace collapsed (pdftotext wraps lines where the PDF does)."""
    return [collapse(page) for page in poppler("pdftotext", pdf, "-", tmp_path=tmp_path).split("\f")[:-1]]


def body(pdf, tmp_path):
    """The text of every page without its footer."""
    return " ".join(re.sub(rf"( {re.escape(FOOTER)})? Page \d+ of \d+$", "", page) for page in pages(pdf, tmp_path))


def stream_text(pdf, tmp_path):
    """The text in content-stream order, without footers and list markers: every point reads whole.

    The reading order drops the hyphen of "decision-" at a line's end ("decisionmaking"); the stream
    order keeps it, and puts a page's list markers last, before its footer.
    """
    raw = poppler("pdftotext", pdf, "-raw", "-", tmp_path=tmp_path)
    texts = [collapse(re.sub(r"(?<=\S)-\n", "-", page)) for page in raw.split("\f")[:-1]]
    return " ".join(re.sub(rf"( •| \d+\))*( {re.escape(FOOTER)})? Page \d+ of \d+$", "", page) for page in texts)


def text_x(pdf, tmp_path, line_start):
    """Where the text of the line starting with ``line_start`` begins, after its list marker (in pt)."""
    xhtml = poppler("pdftotext", pdf, "-bbox-layout", "-", tmp_path=tmp_path)
    for line in ET.fromstring(xhtml).iter(f"{XHTML}line"):
        words = list(line.iter(f"{XHTML}word"))
        if " ".join(word.text for word in words).startswith(line_start):
            return float(words[1].get("xMin"))
    raise AssertionError(f"No line starts with {line_start!r}")


def outline(pdf, tmp_path):
    """The bookmarks as nested ``(title, children)`` pairs."""
    xml = poppler("pdftohtml", pdf, "-xml", "-i", "-stdout", "-q", tmp_path=tmp_path)

    def items(node):
        # An item's children are the <outline> right after it.
        result = []
        for child, following in pairwise([*node, None]):
            if child.tag == "item":
                nested = following is not None and following.tag == "outline"
                result.append((child.text, items(following) if nested else []))
        return result

    return items(ET.fromstring(xml).find("outline"))


def inflated(pdf):
    """The PDF with its streams inflated: the catalog sits in a compressed object stream."""
    streams = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            streams.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return pdf + b"".join(streams)


def walk(points):
    for point in points:
        yield point
        yield from walk(point.get("children", []))


@pytest.fixture(scope="module")
def documents(django_db_setup, django_db_blocker):
    """The GSEF 2020 documents, built once from the fixtures and rolled back: plain data, reusable."""
    with django_db_blocker.unblock(), transaction.atomic(), translation.override("en"):
        cache.clear()  # parler's, keyed by primary key: see the gsef_2020 fixture
        call_command("loaddata", *sorted(str(path) for path in FIXTURES_DIR.glob("*.json")), verbosity=0)
        forum = Forum.objects.get(slug="gsef-2020")
        built = {
            "seed": report_document(session=Session.objects.get(slug="plenary-3"), language="en"),
            "proceedings": proceedings_document(
                forum=forum,
                sessions=Session.objects.filter(forum=forum),
                language="en",
            ),
        }
        transaction.set_rollback(True)
    cache.clear()
    return built


@pytest.fixture
def seed_document(documents):
    return copy.deepcopy(documents["seed"])


@pytest.fixture
def proceedings(documents):
    return copy.deepcopy(documents["proceedings"])


@pytest.fixture(scope="module")
def seed_pdf(documents):
    """Rendered once per module: WeasyPrint takes about a second a render."""
    return WeasyPrintRenderer().render(document=documents["seed"])


@pytest.fixture(scope="module")
def proceedings_pdf(documents):
    return WeasyPrintRenderer().render(document=documents["proceedings"])


def test_css_string_escapes_everything_but_letters_digits_and_spaces():
    assert css_string('Evil"; } </style>') == r'"Evil\22 \3b  \7d  \3c \2f style\3e "'
    assert css_string("Página 2") == r'"P\e1 gina 2"'


def test_page_counter_label_order_kept():
    assert page_counter("Page {page} of {total}") == '"Page " counter(page) " of " counter(pages)'
    assert page_counter("{total} pages, page {page}") == r'counter(pages) " pages\2c  page " counter(page)'


def test_report_participants_printed_with_posts(seed_pdf, tmp_path):
    text = body(seed_pdf, tmp_path)
    assert (
        "Name of the moderator: "
        "Marisol Fernández Alonso, Director of Social Investment at Nacional Monte de Piedad, I.A.P., Mexico "
        "Name of the panelists/commentators:"
    ) in text
    assert (
        "Name of the panelists/commentators: "
        "1. Soledad Aragón Martínez, Secretary of Labor and Employment Promotion, Mexico "
        "2. Oihane Agirregoitia, Councillor of the Area of Citizen and International Participation of Bilbao, Spain "
        "3. Baudouin Kola, National Director of CeRES, Togo "
        "4. Audrey Tang, Digital Minister, Taiwan "
        "5. Enrique Peñaranda, Digitalization Project Leader Sparkassen Foundation, Mexico "
        "6. Beatrice Alain, Executive Director of the Chantier de l'économie sociale, Canada "
        "Opening speakers: Tomas Damerau, Ministry of Labor and Employment Promotion "
        "Introduction Tomas Damerau • The issue of new digitalization"
    ) in text


def test_report_header_table_printed(seed_pdf, tmp_path):
    assert pages(seed_pdf, tmp_path)[0].startswith(
        "GSEF Global Virtual Forum 2020 "
        "Great Challenges, Greater Solidarity: Power of Community and SSE as a Path for Transformation "
        "110 countries, 35 sessions, three languages "
        "Global Social Economy Forum (GSEF) · Institute of Social Economy of Mexico (INAES) · Mexico City Government "
        "Plenary 3 Session report "
        "Version 1, last changed Nov. 2, 2020 "
        "Session title: New Digitalization Era and the Future of Work: Challenges and Opportunities "
        "Session type: Plenary Date: Oct. 21, 2020 Time: 8:30 a.m. (Mexico City, UTC\u22125) "
        "Language(s): Spanish - English - French "
        "Participants (number of people connected) 441 (Zoom, 9:55 hrs) "
    )


def test_report_every_point_printed(seed_pdf, seed_document, tmp_path):
    text = stream_text(seed_pdf, tmp_path)
    points = [p for r in seed_document["report"]["rounds"] for c in r["contributions"] for p in walk(c["points"])]
    assert len(points) == 111
    assert [p["text"] for p in points if collapse(p["text"]) not in text] == []


def test_report_sub_points_numbered_and_indented(seed_pdf, seed_document, tmp_path):
    points = [p for r in seed_document["report"]["rounds"] for c in r["contributions"] for p in walk(c["points"])]
    parent = next(p for p in points if p.get("children"))
    expected = " ".join(f"{n}) {collapse(child['text'])}" for n, child in enumerate(parent["children"], 1))
    assert f"{collapse(parent['text'])} {expected}" in body(seed_pdf, tmp_path)
    indent = text_x(seed_pdf, tmp_path, "1) Good practice") - text_x(seed_pdf, tmp_path, "• For better practices")
    assert round(indent, 2) == 22.68  # 8mm


def test_report_quotes_set_apart(seed_pdf, seed_document, tmp_path):
    points = [p for r in seed_document["report"]["rounds"] for c in r["contributions"] for p in walk(c["points"])]
    quotes = poppler("pdfinfo", seed_pdf, "-struct", tmp_path=tmp_path).count("BlockQuote")
    assert quotes == len([p for p in points if p["is_quote"]]) == 4


def test_report_speakers_in_order_with_rounds(seed_pdf, tmp_path):
    text = body(seed_pdf, tmp_path)
    assert "Oihane Agirregoitia 1st Round • We are in a moment of transcendent change" in text
    assert "2nd Round • The proliferation of remote work" in text
    assert (text.count("1st Round"), text.count("2nd Round")) == (5, 5)
    assert "Soledad Aragón Martínez • Digitalization is closely related" in text


def test_report_questions_printed(seed_pdf, tmp_path):
    text = body(seed_pdf, tmp_path)
    assert (
        "Guiding questions Round 1 "
        "• What are the opportunities offered by digitalization for the future of work? "
        "• What is the role of the government in terms of strategies and public policies to promote digital inclusion? "
        "Round 2 "
        "• What are the good practices of the SSE in the creation and maintenance of decent work, "
        "in a context of digitalization?"
    ) in text
    assert (
        "Key questions asked by the audience and answers from the panelists "
        "There was no time to answer questions; however, the moderator read out the following: "
        "• What is the strategy for the inclusion of migrants to work in Bilbao? "
        "• What would be the mechanisms that could be used to generate intergenerational links "
        "for the use of technologies? "
        "• What is the role of social programs or public interventions to promote the SSE "
        "and what would be their real impact on people's lives? "
        "• How to deal with digital exclusion, are there other examples of self-managed telecommunications in the SSE? "
        "• How could we classify digitalization: use value or harmful use value? "
        "Conclusions Guiding question: How to transform the present and build a better future from the SSE? "
        "Oihane Agirregoitia •"
    ) in text


def test_report_answers_printed_when_present(seed_document):
    seed_document["report"]["audience"]["questions"][0].update(
        asked_by="Ana from Bilbao",
        answer="Through cooperatives.",
        answered_by="Oihane Agirregoitia",
    )
    html = WeasyPrintRenderer().html(document=seed_document)
    assert (
        '<p class="asked-by">Asked by Ana from Bilbao</p>\n'
        '<p class="answer"><span class="answered-by">Answered by Oihane Agirregoitia:</span> Through cooperatives.</p>'
    ) in html


def test_report_footer_on_every_page(seed_pdf, tmp_path):
    texts = pages(seed_pdf, tmp_path)
    assert len(texts) == 10
    assert [page.endswith(f"{FOOTER} Page {n} of 10") for n, page in enumerate(texts, 1)] == [True] * 10


def test_report_metadata_from_document(seed_pdf, tmp_path):
    info = dict(
        line.split(":", 1) for line in poppler("pdfinfo", seed_pdf, tmp_path=tmp_path).splitlines() if ":" in line
    )
    assert info["Title"].strip() == "Plenary 3 — New Digitalization Era and the Future of Work"
    assert info["Author"].strip() == "GSEF Global Virtual Forum"
    assert info["Tagged"].strip() == "yes"
    assert info["ModDate"].strip() == "Mon Nov  2 12:00:00 2020 UTC"
    assert b"/Lang (en)" in inflated(seed_pdf)


def test_report_fonts_embedded(seed_pdf, tmp_path):
    rows = poppler("pdffonts", seed_pdf, tmp_path=tmp_path).splitlines()[2:]
    assert rows
    assert {row.split()[-5] for row in rows} == {"yes"}


def test_report_bookmarks_per_section(seed_pdf, tmp_path):
    assert outline(seed_pdf, tmp_path) == [
        (
            "Plenary 3 — New Digitalization Era and the Future of Work",
            [
                ("Name of the moderator:", []),
                ("Name of the panelists/commentators:", []),
                ("Opening speakers:", []),
                ("Introduction", []),
                ("Guiding questions", [("Round 1", []), ("Round 2", [])]),
                ("Soledad Aragón Martínez", []),
                ("Oihane Agirregoitia", []),
                ("Baudouin Kola", []),
                ("Audrey Tang", []),
                ("Enrique Peñaranda", []),
                ("Beatrice Alain", []),
                ("Key questions asked by the audience and answers from the panelists", []),
                ("Conclusions", []),
            ],
        ),
    ]


def test_report_accents_printed(seed_pdf, tmp_path):
    text = " ".join(pages(seed_pdf, tmp_path))
    assert [word for word in ("Fernández", "Peñaranda", "für", "l'économie", "exclusión") if word not in text] == []


def test_report_published_has_no_draft_mark(seed_pdf, tmp_path):
    assert DRAFT not in body(seed_pdf, tmp_path)


def test_report_draft_marked_on_every_page(seed_document, tmp_path):
    seed_document["report"]["session"]["status"] = "in_review"
    texts = pages(WeasyPrintRenderer().render(document=seed_document), tmp_path)
    # The banner under the branding, then the header of every page.
    assert [page.count(DRAFT) for page in texts] == [2] + [1] * (len(texts) - 1)


def test_report_user_text_printed_literally(seed_document, tmp_path):
    attack = '<script>alert(1)</script> <a href="javascript:alert(1)">x</a>'
    seed_document["report"]["rounds"][0]["contributions"][0]["points"][0]["text"] = attack
    seed_document["report"]["session"]["description_html"] = markdown_to_html(
        "See [GSEF](https://gsef-net.org/) and [the programme](/programme/)."
    )
    pdf = WeasyPrintRenderer().render(document=seed_document)
    text = body(pdf, tmp_path)
    assert f"Tomas Damerau • {attack}" in text
    assert "About the session See GSEF and the programme. Introduction" in text
    urls = [line.split()[-1] for line in poppler("pdfinfo", pdf, "-url", tmp_path=tmp_path).splitlines()[1:]]
    # Only the description's links; a relative one cannot point at anybody's disk.
    assert urls == ["https://gsef-net.org/", "https://invalid/programme/"]


def test_report_logo_printed(seed_document, settings, tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGB", (40, 20), "#c8102e").save(logo)
    settings.GSEF_SESSIONS_PDF_BRANDING = {"logo": str(logo)}
    seed_document["branding"] = branding()  # what report_document puts there
    pdf = WeasyPrintRenderer().render(document=seed_document)
    rows = poppler("pdfimages", pdf, "-list", tmp_path=tmp_path).splitlines()[2:]
    assert [tuple(row.split()[:5]) for row in rows] == [("1", "0", "image", "40", "20")]


def test_report_invalid_branding_kept_out_of_css(seed_document):
    seed_document["branding"].update(
        primary_color="red; } body { display: none",
        accent_color="#00aa00",
        font='Evil"; } </style><script>',
    )
    html = WeasyPrintRenderer().html(document=seed_document)
    assert "--primary: #1f4e79;\n  --accent: #00aa00;\n" in html
    assert (
        r'--font-family: "Evil\22 \3b  \7d  \3c \2f style\3e \3c script\3e ", "DejaVu Sans", "Noto Naskh Arabic", '
        r'"Noto Sans Hebrew", "Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK JP", "Noto Sans CJK KR", '
        r"sans-serif;"
    ) in html
    assert "<script>" not in html


def test_report_font_from_font_paths_embedded(seed_document, settings, tmp_path):
    font = TTFont(DEJAVU_SANS)  # renamed, so only font_paths can provide it
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = "Gsef Test Sans"
        elif record.nameID == 6:
            record.string = "GsefTestSans"
    (tmp_path / "fonts").mkdir()
    font.save(tmp_path / "fonts" / "test.ttf")
    settings.GSEF_SESSIONS_PDF_BRANDING = {"font": "Gsef Test Sans", "font_paths": [tmp_path / "fonts"]}
    seed_document["branding"] = branding()
    rows = poppler("pdffonts", WeasyPrintRenderer().render(document=seed_document), tmp_path=tmp_path).splitlines()[2:]
    # WeasyPrint names a font after its family and style; bold and italic are synthesised from the one face.
    assert {(row.split()[0].split("+")[-1], row.split()[-5]) for row in rows} == {
        ("Gsef-Test-Sans", "yes"),
        ("Gsef-Test-Sans-Bold", "yes"),
        ("Gsef-Test-Sans-Oblique", "yes"),
    }


def test_fetcher_refuses_network_and_other_files(tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGB", (4, 4)).save(logo)
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    fetcher = LocalFetcher([logo])
    for url in ("http://127.0.0.1:9/logo.png", "https://gsef-net.org/logo.png", "ftp://gsef-net.org/logo.png"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(url)
    for url in (secret.as_uri(), f"file://{tmp_path}/../{tmp_path.name}/secret.txt"):
        with pytest.raises(ValueError, match="Only the branding's files may be read"):
            fetcher.fetch(url)
    with closing(fetcher.fetch(logo.as_uri())) as response:
        assert response.read() == logo.read_bytes()
    with closing(fetcher.fetch("data:text/plain,ok")) as response:
        assert response.read() == b"ok"


def test_report_host_template_override_used(seed_document, settings, tmp_path):
    override = tmp_path / "gsef_sessions" / "pdf" / "html"
    override.mkdir(parents=True)
    (override / "_branding.html").write_text("<header><p>{{ forum.city }}, host branding — señal</p></header>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    texts = pages(WeasyPrintRenderer().render(document=seed_document), tmp_path)
    assert texts[0].startswith("Mexico City, host branding — señal Plenary 3 Session report")
    assert "GSEF Global Virtual Forum" not in " ".join(texts)


def test_report_broken_template_raises_render_error(seed_document, settings, tmp_path):
    override = tmp_path / "gsef_sessions" / "pdf" / "html"
    override.mkdir(parents=True)
    (override / "report.html").write_text("{% if %}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    with pytest.raises(
        RenderError,
        match=r"^TemplateSyntaxError: (Template: .*report\.html, )?Unexpected end of expression in if tag\.$",
    ):
        WeasyPrintRenderer().render(document=seed_document)


def test_report_weasyprint_failure_raises_render_error(seed_document, monkeypatch):
    def fail(self, **options):
        raise TypeError("min-content width for TextBox not handled yet")

    monkeypatch.setattr("weasyprint.HTML.write_pdf", fail)
    with pytest.raises(RenderError, match="^WeasyPrint: TypeError: min-content width for TextBox not handled yet$"):
        WeasyPrintRenderer().render(document=seed_document)


def test_report_disk_failure_left_to_retry(seed_document, monkeypatch):
    def fail(self, **options):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("weasyprint.HTML.write_pdf", fail)
    with pytest.raises(OSError, match="No space left on device"):
        WeasyPrintRenderer().render(document=seed_document)


def test_proceedings_cover_printed(proceedings_pdf, tmp_path):
    texts = pages(proceedings_pdf, tmp_path)
    assert texts[0] == (
        "GSEF Global Virtual Forum 2020 "
        "Great Challenges, Greater Solidarity: Power of Community and SSE as a Path for Transformation "
        "110 countries, 35 sessions, three languages "
        "Global Social Economy Forum (GSEF) · Institute of Social Economy of Mexico (INAES) · Mexico City Government "
        "Proceedings Oct. 19, 2020 – Oct. 23, 2020 · Mexico City 5 sessions Version 5, last changed Nov. 2, 2020 "
        f"Page 1 of {len(texts)}"
    )


def test_proceedings_contents_point_to_chapters(proceedings, proceedings_pdf, tmp_path):
    texts = pages(proceedings_pdf, tmp_path)
    headings = [f"{r['session']['label']} — {r['session']['title']}" for r in proceedings["reports"]]
    assert texts[1].startswith("Contents The forum in figures ..")
    headings = ["The forum in figures", *headings]
    contents = {heading: int(re.search(rf"{re.escape(heading)} ?\.+ (\d+)", texts[1])[1]) for heading in headings}
    assert contents == dict(zip(headings, [3, 5, 6, 7, 17, 18], strict=True))  # the figures take two pages
    labels = [f"{r['session']['label']} Session report" for r in proceedings["reports"]]
    starts = [next(n for n, page in enumerate(texts, 1) if label in page) for label in labels]
    assert starts == [5, 6, 7, 17, 18]
    titles = [
        (n, f"Session title: {r['session']['title']}") for n, r in zip(starts, proceedings["reports"], strict=True)
    ]
    assert [title for n, title in titles if title not in texts[n - 1]] == []


def test_proceedings_footer_on_every_page(proceedings_pdf, tmp_path):
    texts = pages(proceedings_pdf, tmp_path)
    assert [page.endswith(f"Page {n} of 18") for n, page in enumerate(texts, 1)] == [True] * 18
    # Only Plenary 3 (pages 7 to 16) has a cooperating organisation: its footer stops with its chapter.
    assert [n for n, page in enumerate(texts, 1) if page.endswith(f"{FOOTER} Page {n} of 18")] == list(range(7, 17))


def test_proceedings_drafts_marked(proceedings, proceedings_pdf, tmp_path):
    drafts = [r["session"]["label"] for r in proceedings["reports"] if r["session"]["status"] != "published"]
    assert drafts == ["Plenary 1", "Plenary 2", "Plenary 4", "Plenary 5"]
    # After the forum's figures (pages 3 and 4), chapters start on pages 5, 6, 7 (the published
    # Plenary 3, after two drafts), 17 and 18.
    assert [n for n, page in enumerate(pages(proceedings_pdf, tmp_path), 1) if DRAFT in page] == [5, 6, 17, 18]


def test_proceedings_bookmarks_per_chapter(proceedings, proceedings_pdf, tmp_path):
    assert [title for title, _ in outline(proceedings_pdf, tmp_path)] == ["Contents", "The forum in figures"] + [
        f"{r['session']['label']} — {r['session']['title']}" for r in proceedings["reports"]
    ]


def test_proceedings_print_the_forum_in_figures_as_its_page_does(proceedings, proceedings_pdf, tmp_path):
    statistics = " ".join(pages(proceedings_pdf, tmp_path)[2:4])
    assert statistics.startswith("The forum in figures Sessions")
    for section in proceedings["statistics"]:
        assert section["title"] in statistics
        for figure in section["figures"]:  # pdftotext reads a table's cells in the order it likes
            assert [part for part in figure.values() if part not in statistics] == []
        for table in section["tables"]:
            for row in table["rows"]:
                assert f"{row['name']} {row['count']}" in statistics


@pytest.mark.django_db
def test_report_venue_printed_in_the_header(gsef_2020, tmp_path):
    Session.objects.filter(slug="plenary-3").update(room="Sala Mayor")
    Forum.objects.get(slug="gsef-2020").translations.update(city="Bilbao")
    document = report_document(session=Session.objects.get(slug="plenary-3"), language="en")
    pdf = WeasyPrintRenderer().render(document=document)
    assert "Venue: Sala Mayor, Bilbao" in " ".join(pages(pdf, tmp_path))


def test_report_segments_printed_under_their_titles_turn_by_turn(tmp_path):
    document = report_document(session=policy_dialogue(), language="en")
    assert in_order(" ".join(pages(WeasyPrintRenderer().render(document=document), tmp_path)), TURN_ORDER)

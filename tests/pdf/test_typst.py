"""The Typst engine against the seed report: what the hand-made PDF said, on every page, from data only.

PDFs are read back with poppler's command-line tools, as a reader's viewer would see them.
"""

import html
import io
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from gsef_sessions.domain.documents import proceedings_document, report_document
from gsef_sessions.domain.pasted import sync_points
from gsef_sessions.models import Forum, Session
from gsef_sessions.pdf.base import RenderError
from gsef_sessions.pdf.typst import TypstRenderer, missing_characters
from tests.factories import (
    ContributionFactory,
    ParticipationFactory,
    PersonFactory,
    RoundFactory,
    SessionFactory,
    policy_dialogue,
)

SPONSOR = "Finanzgruppe Sparkassenstiftung für internationale Kooperation"
INJECTION = "#set page(fill: red) *bold* $x$ ] ["


TURN_ORDER = [
    "Materials",
    "Slides of the dialogue",
    "(Slides, French)",
    "This session was not recorded.",
    "Introduction",
    "Ana",
    "Turn 1",
    "Keynote",
    "Bo",
    "Turn 2",
    "First half of the dialogue",
    "Turn 3",
    "Turn 4",
    "Turn 5",
    "Conclusions",
    "Turn 6",
    "Key takeaways",
    "Takeaway 1",
    "Takeaway 2",
    "Calls to action",
    "Call 1",
    "Report by Rosa Luna.",
    "Based on notes by",
    "IISD ENB",
]


def in_order(text, parts):
    """Whether ``parts`` occur in ``text`` in this order."""
    position = 0
    for part in parts:
        position = text.find(part, position)
        if position < 0:
            return False
        position += len(part)
    return True


def poppler(tool, pdf, tmp_path, *args):
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    to_stdout = ["-"] if tool == "pdftotext" else []
    return subprocess.run([tool, *args, str(path), *to_stdout], capture_output=True, text=True, check=True).stdout


def pages(pdf, tmp_path):
    """The text of each page (pdftotext ends every page with a form feed)."""
    return poppler("pdftotext", pdf, tmp_path).split("\f")[:-1]


def flat(text):
    """Whitespace collapsed: pdftotext wraps lines where the layout did."""
    return " ".join(text.split())


def body(pdf, tmp_path, noise):
    """The whole text without the lines repeated in page headers and footers, which split points across pages."""
    return flat(
        "\n".join(
            line
            for page in pages(pdf, tmp_path)
            for line in page.splitlines()
            if line.strip() not in noise and not re.fullmatch(r"Page \d+ of \d+", line.strip())
        )
    )


def printed(expected, text):
    """Whether ``expected`` is in ``text`` up to line wrapping.

    pdftotext turns a line break into a space, and drops a hyphen that ended a line
    ("decision-making" broken after the hyphen reads "decisionmaking").
    """
    words = (r"-?".join(map(re.escape, word.split("-"))) for word in expected.split())
    return re.search(r"\s+".join(words), text) is not None


def walk(points):
    for point in points:
        yield point
        yield from walk(point.get("children", []))


def report_points(report):
    for rnd in report["rounds"]:
        for contribution in rnd["contributions"]:
            yield from walk(contribution["points"])


def outline(pdf, tmp_path):
    """The PDF's bookmarks as (depth, title), read from the file by pdftohtml."""
    xml = poppler("pdftohtml", pdf, tmp_path, "-xml", "-i", "-stdout")
    start, end = xml.index("<outline>"), xml.rindex("</outline>") + len("</outline>")
    items, depth = [], 0
    for tag in re.finditer(r"<outline>|</outline>|<item[^>]*>(.*?)</item>", xml[start:end]):
        if tag.group(0) == "<outline>":
            depth += 1
        elif tag.group(0) == "</outline>":
            depth -= 1
        else:
            items.append((depth, html.unescape(tag.group(1))))
    return items


@pytest.fixture
def document(gsef_2020):
    return report_document(session=Session.objects.get(slug="plenary-3"), language="en")


@pytest.fixture
def pdf(document):
    return TypstRenderer().render(document=document)


@pytest.fixture
def noise():
    """Footer and running header of the seed report's pages."""
    return {f"With the cooperation of: {SPONSOR}", "Plenary 3 — New Digitalization Era and the Future of Work"}


def test_renderer_name_and_template_version():
    assert (TypstRenderer.name, TypstRenderer.template_version) == ("Typst", "4")


def test_report_participants_printed_with_posts(pdf, tmp_path):
    text = flat(poppler("pdftotext", pdf, tmp_path))
    assert (
        "Name of the moderator: Marisol Fernández Alonso, Director of Social Investment at Nacional Monte de Piedad, "
        "I.A.P., Mexico"
    ) in text
    assert (
        flat("""Name of the panelists/commentators:
        1. Soledad Aragón Martínez, Secretary of Labor and Employment Promotion, Mexico
        2. Oihane Agirregoitia, Councillor of the Area of Citizen and International Participation of Bilbao, Spain
        3. Baudouin Kola, National Director of CeRES, Togo
        4. Audrey Tang, Digital Minister, Taiwan
        5. Enrique Peñaranda, Digitalization Project Leader Sparkassen Foundation, Mexico
        6. Beatrice Alain, Executive Director of the Chantier de l'économie sociale, Canada""")
        in text
    )
    assert "Opening speakers: Tomas Damerau, Ministry of Labor and Employment Promotion" in text
    assert "Introduction Tomas Damerau • The issue of new digitalization is really crucial" in text


def test_report_every_point_and_sub_point_printed(document, pdf, tmp_path, noise):
    text = body(pdf, tmp_path, noise)
    points = list(report_points(document["report"]))
    # Every Point row of fixtures/50_plenary3_report.json: 107 points, 4 of them sub-points of one.
    assert len(points) == 111
    assert [len(point["children"]) for point in points if point.get("children")] == [4]
    assert [point["text"] for point in points if not printed(point["text"], text)] == []


def test_report_sub_points_indented_below_their_point(pdf, tmp_path):
    lines = poppler("pdftotext", pdf, tmp_path, "-layout").splitlines()
    parent = next(line for line in lines if "For better practices, there are four points to focus on:" in line)
    child = next(line for line in lines if "Good practice in training and education." in line)

    def indent(line):
        return len(line) - len(line.lstrip())

    assert parent.lstrip().startswith("• ")
    assert child.lstrip().startswith("– ")
    assert indent(child) > indent(parent)


def test_report_quotes_set_apart_from_bullets(pdf, tmp_path):
    lines = poppler("pdftotext", pdf, tmp_path, "-layout").splitlines()
    quote = next(line for line in lines if "The opportunities provided by the Internet" in line)
    point = next(line for line in lines if "Digitalization is democratizing knowledge" in line)
    assert quote.lstrip().startswith('"The opportunities provided by the Internet')
    assert point.lstrip().startswith('• "Digitalization is democratizing knowledge"')


def test_report_speakers_in_order_with_round_headings(document, pdf, tmp_path, noise):
    text = body(pdf, tmp_path, noise)
    assert [s["speaker"]["name"] for s in document["report"]["speakers"]] == [
        "Soledad Aragón Martínez",
        "Oihane Agirregoitia",
        "Baudouin Kola",
        "Audrey Tang",
        "Enrique Peñaranda",
        "Beatrice Alain",
    ]
    assert "Soledad Aragón Martínez • Digitalization is closely related" in text
    assert "Oihane Agirregoitia 1st Round • We are in a moment of transcendent change" in text
    assert "2nd Round • The proliferation of remote work" in text
    starts = [
        text.index(f"{name} 1st Round")
        for name in ("Oihane Agirregoitia", "Baudouin Kola", "Audrey Tang", "Enrique Peñaranda", "Beatrice Alain")
    ]
    assert starts == sorted(starts)


def test_report_guiding_audience_and_conclusion_questions_printed(document, pdf, tmp_path, noise):
    text = body(pdf, tmp_path, noise)
    report = document["report"]
    assert (
        flat("""Guiding questions Round 1
        • What are the opportunities offered by digitalization for the future of work?
        • What is the role of the government in terms of strategies and public policies to promote
        digital inclusion?
        Round 2
        • What are the good practices of the SSE in the creation and maintenance of decent work, in a
        context of digitalization?""")
        in text
    )
    assert (
        "Key questions asked by the audience and answers from the panelists There was no time to answer questions; "
        "however, the moderator read out the following:"
    ) in text
    assert len(report["audience"]["questions"]) == 5
    assert [q["text"] for q in report["audience"]["questions"] if not printed(f"• {q['text']}", text)] == []
    assert (
        "Conclusions, guiding question: How to transform the present and build a better future from the SSE? "
        "Oihane Agirregoitia"
    ) in text


def test_report_header_facts_printed(pdf, tmp_path):
    text = flat(poppler("pdftotext", pdf, tmp_path, "-layout"))
    for line in (
        "GSEF Global Virtual Forum 2020",
        "Great Challenges, Greater Solidarity: Power of Community and SSE as a Path for Transformation",
        "110 countries, 35 sessions, three languages",
        "Global Social Economy Forum (GSEF) · Institute of Social Economy of Mexico (INAES) · Mexico City Government",
        "Plenary 3 · Session report",
        "Session title: New Digitalization Era and the Future of Work Challenges and Opportunities",
        "Session type: Plenary",
        "Date: Oct. 21, 2020",
        "Time: 8:30 a.m. (Mexico City, UTC\u22125)",
        "Language(s): Spanish - English - French",
        "441 (Zoom, 9:55 hrs)",
        "Version 1, last changed Nov. 2, 2020",
    ):
        assert line in text


def test_report_footer_with_sponsor_and_page_number_on_every_page(pdf, tmp_path):
    texts = pages(pdf, tmp_path)
    assert len(texts) == 8
    for number, text in enumerate(texts, start=1):
        assert f"With the cooperation of: {SPONSOR}" in text
        assert f"Page {number} of 8" in text


def test_report_published_has_no_draft_mark(pdf, tmp_path):
    assert "Draft" not in poppler("pdftotext", pdf, tmp_path)


def test_report_unpublished_marked_draft_on_every_page(document, tmp_path):
    document["report"]["session"]["status"] = "in_review"
    texts = pages(TypstRenderer().render(document=document), tmp_path)
    assert [text.count("Draft: not published") for text in texts] == [2] + [1] * (len(texts) - 1)


def test_report_metadata_title_author_language(pdf, tmp_path):
    info = poppler("pdfinfo", pdf, tmp_path)
    assert re.search(r"^Title: +Plenary 3 — New Digitalization Era and the Future of Work$", info, re.MULTILINE)
    assert re.search(r"^Author: +GSEF Global Virtual Forum$", info, re.MULTILINE)
    assert re.search(r"^Tagged: +yes$", info, re.MULTILINE)
    assert re.search(r"^CreationDate: +Mon Nov +2 12:00:00 2020 UTC$", info, re.MULTILINE)
    meta = poppler("pdfinfo", pdf, tmp_path, "-meta")
    assert "<dc:language><rdf:Bag><rdf:li>en</rdf:li></rdf:Bag></dc:language>" in meta
    assert "<pdfuaid:part>1</pdfuaid:part>" in meta


def test_report_fonts_all_embedded(pdf, tmp_path):
    rows = poppler("pdffonts", pdf, tmp_path).splitlines()[2:]
    assert rows
    # Columns: name, type (may hold spaces), encoding, emb, sub, uni, object ID: emb is 5th from the end.
    assert {row.split()[-5] for row in rows} == {"yes"}


def test_report_outline_bookmarks_every_section(pdf, tmp_path):
    speakers = ["Oihane Agirregoitia", "Baudouin Kola", "Audrey Tang", "Enrique Peñaranda", "Beatrice Alain"]
    two_rounds = [item for name in speakers for item in ((2, name), (3, "1st Round"), (3, "2nd Round"))]
    assert outline(pdf, tmp_path) == [
        (1, "Plenary 3 — New Digitalization Era and the Future of Work: Challenges and Opportunities"),
        (2, "Introduction"),
        (3, "Tomas Damerau"),
        (3, "Marisol Fernández Alonso"),
        (2, "Guiding questions"),
        (3, "Round 1"),
        (3, "Round 2"),
        (2, "Soledad Aragón Martínez"),
        *two_rounds,
        (2, "Key questions asked by the audience and answers from the panelists"),
        (2, "Conclusions, guiding question:"),
        *[(3, name) for name in speakers],
    ]


def test_report_accented_names_extracted_verbatim(pdf, tmp_path):
    text = poppler("pdftotext", pdf, tmp_path)
    for word in ("Peñaranda", "Aragón", "Fernández", "für", "l'économie", "exclusión"):
        assert word in text


def test_report_user_markup_printed_verbatim(document, tmp_path, noise):
    point = document["report"]["rounds"][1]["contributions"][0]["points"][0]
    point["text"] = INJECTION
    point["children"] = [{"uuid": "x", "order": 1, "text": f"{INJECTION} <b>", "is_quote": False, "language": "en"}]
    document["report"]["audience"]["questions"][0]["text"] = INJECTION
    document["report"]["session"]["subtitle"] = "#panic()"
    pdf = TypstRenderer().render(document=document)
    text = body(pdf, tmp_path, noise)
    assert f"• {INJECTION} – {INJECTION} <b>" in text
    assert text.count(INJECTION) == 3  # the point (under its speaker), its sub-point, the audience question
    assert "#panic()" in text


def test_report_spanish_translation_prints_spanish_labels_and_dates(gsef_2020, tmp_path):
    session = Session.objects.get(slug="plenary-3")
    session.create_translation(
        "es", title="Nueva era de la digitalización y el futuro del trabajo", subtitle="Retos y oportunidades"
    )
    document = report_document(session=Session.objects.get(slug="plenary-3"), language="es")
    assert (document["language"], document["labels"]["date"], document["labels"]["time"]) == ("es", "Fecha:", "Hora:")
    pdf = TypstRenderer().render(document=document)
    text = flat(poppler("pdftotext", pdf, tmp_path, "-layout"))
    assert "Plenary 3 — Nueva era de la digitalización y el futuro del trabajo" in text
    assert "Retos y oportunidades" in text
    assert "Fecha: 21 de octubre de 2020" in text
    assert "Hora: 08:30" in text
    assert "Idioma(s): Español - Inglés - Francés" in text
    assert "<rdf:li>es</rdf:li>" in poppler("pdfinfo", pdf, tmp_path, "-meta")


def test_report_missing_translation_falls_back_to_original_language(gsef_2020, tmp_path):
    document = report_document(session=Session.objects.get(slug="plenary-3"), language="fr")
    pdf = TypstRenderer().render(document=document)
    assert document["language"] == "en"
    assert "Date: Oct. 21, 2020" in flat(poppler("pdftotext", pdf, tmp_path, "-layout"))
    assert "<rdf:li>en</rdf:li>" in poppler("pdfinfo", pdf, tmp_path, "-meta")


def test_report_logo_outside_template_directory_embedded(gsef_2020, settings, tmp_path):
    logo = tmp_path / "media" / "logo.png"
    logo.parent.mkdir()
    Image.new("RGB", (37, 23), (200, 16, 46)).save(logo)
    settings.GSEF_SESSIONS_PDF_BRANDING = {"logo": str(logo)}
    document = report_document(session=Session.objects.get(slug="plenary-3"), language="en")
    pdf = TypstRenderer().render(document=document)
    images = poppler("pdfimages", pdf, tmp_path, "-list").splitlines()[2:]
    assert [row.split()[:5] for row in images] == [["1", "0", "image", "37", "23"]]
    assert document["branding"]["logo"] == str(logo)  # the renderer rewrote its own copy


def test_report_description_and_answered_questions_printed(document, tmp_path, noise):
    document["report"]["session"]["description_paragraphs"] = ["Digitalization and work.", "Three languages."]
    document["report"]["audience"]["questions"][0].update(
        asked_by="Ana Ruiz", answer="Through the city's SSE budget.", answered_by="Oihane Agirregoitia"
    )
    text = body(TypstRenderer().render(document=document), tmp_path, noise)
    assert "About the session Digitalization and work. Three languages. Introduction" in text
    assert (
        "• What is the strategy for the inclusion of migrants to work in Bilbao? (Asked by Ana Ruiz) "
        "Answered by Oihane Agirregoitia: Through the city's SSE budget. • What would be"
    ) in text


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def needs_fonts(*paths):
    """A font these tests print with: .ci/run installs Debian's packages; a run without them fails."""
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: apt-get install fonts-dejavu-core fonts-noto-core fonts-noto-cjk")


def test_report_branding_font_from_font_paths_embedded(document, tmp_path):
    needs_fonts(DEJAVU)
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    shutil.copy(DEJAVU, fonts)
    document["branding"].update(font="DejaVu Sans", font_paths=[str(fonts)])
    names = {
        row.split()[0].split("+")[-1]
        for row in poppler("pdffonts", TypstRenderer().render(document=document), tmp_path).splitlines()[2:]
    }
    assert "DejaVuSans" in names
    assert [name for name in names if "Libertinus" in name] == []


def test_report_branding_primary_colour_on_headings(document, tmp_path):
    document["branding"]["primary_color"] = "#00c000"
    path = tmp_path / "out.pdf"
    path.write_bytes(TypstRenderer().render(document=document))
    subprocess.run(
        ["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", str(path), str(tmp_path / "page")], check=True
    )
    with Image.open(next(tmp_path.glob("page*.png"))) as page:
        assert (0, 192, 0) in {rgb for _count, rgb in page.convert("RGB").getcolors(maxcolors=1 << 16)}


def test_report_same_document_same_bytes(document):
    assert TypstRenderer().render(document=document) == TypstRenderer().render(document=document)


def write_host_template(directory, source):
    path = directory / "gsef_sessions" / "pdf" / "typst" / "report.typ"
    path.parent.mkdir(parents=True)
    path.write_text(source)


def host_templates(settings, directory):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [str(directory)]}]


def test_host_template_directory_overrides_app_template(document, settings, tmp_path):
    write_host_template(
        tmp_path / "host",
        "#let doc = json(bytes(sys.inputs.document))\n"
        "#set document(title: doc.meta.title)\n"
        "Host report: #doc.meta.title\n",
    )
    host_templates(settings, tmp_path / "host")
    text = poppler("pdftotext", TypstRenderer().render(document=document), tmp_path)
    assert flat(text) == "Host report: Plenary 3 — New Digitalization Era and the Future of Work"


def test_broken_template_raises_render_error_with_typst_message(document, settings, tmp_path):
    write_host_template(tmp_path / "host", "#let x = (\n")
    host_templates(settings, tmp_path / "host")
    with pytest.raises(RenderError, match="unclosed delimiter"):
        TypstRenderer().render(document=document)


@pytest.fixture
def proceedings(gsef_2020):
    forum = Forum.objects.get(slug="gsef-2020")
    return proceedings_document(forum=forum, sessions=Session.objects.filter(forum=forum), language="en")


def test_proceedings_cover_contents_and_every_session(proceedings, tmp_path):
    pdf = TypstRenderer().render(document=proceedings)
    texts = [flat(text) for text in pages(pdf, tmp_path)]
    titles = [
        f"{r['session']['label']} — {r['session']['title']}"
        + (f": {r['session']['subtitle']}" * bool(r["session"]["subtitle"]))
        for r in proceedings["reports"]
    ]
    assert len(titles) == 5
    assert (
        flat("""GSEF Global Virtual Forum 2020
        Great Challenges, Greater Solidarity: Power of Community and SSE as a Path for Transformation
        110 countries, 35 sessions, three languages
        Global Social Economy Forum (GSEF) · Institute of Social Economy of Mexico (INAES) · Mexico City Government
        Proceedings Oct. 19, 2020 – Oct. 23, 2020 · Mexico City 5 sessions Version 5, last changed Nov. 2, 2020""")
        in texts[0]
    )
    assert texts[1].startswith("GSEF Global Virtual Forum — Proceedings Contents")
    assert [title for title in titles if title not in texts[1]] == []
    assert [depth_title for depth_title in outline(pdf, tmp_path) if depth_title[0] == 1] == [
        (1, "The forum in figures"),
        *((1, title) for title in titles),
    ]
    for title in titles:
        assert sum(title in text for text in texts[3:]) >= 1


def test_proceedings_print_the_forum_in_figures_as_its_page_does(proceedings, tmp_path):
    texts = [flat(text) for text in pages(TypstRenderer().render(document=proceedings), tmp_path)]
    first_report = next(n for n, text in enumerate(texts) if "Session report" in text)
    statistics = " ".join(texts[2:first_report])  # after the cover and the contents
    assert statistics.startswith("The forum in figures Sessions Sessions 1 Published sessions of the forum.")
    for section in proceedings["statistics"]:
        assert section["title"] in statistics
        for figure in section["figures"]:  # a grid split by a page break is read out of order
            assert [part for part in figure.values() if flat(part) not in statistics] == []
        for table in section["tables"]:
            for row in table["rows"]:
                assert flat(f"{row['name']} {row['count']}") in statistics


def test_proceedings_footer_on_every_page_and_sponsor_on_its_session_pages(proceedings, tmp_path):
    texts = pages(TypstRenderer().render(document=proceedings), tmp_path)
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
    plenary_3 = [n for n, text in enumerate(texts, start=1) if n > 2 and "Plenary 3 — New Digitalization Era" in text]
    sponsored = [n for n, text in enumerate(texts, start=1) if f"With the cooperation of: {SPONSOR}" in text]
    assert sponsored == plenary_3
    assert len(sponsored) == 8


def test_report_change_time_with_microseconds_renders(document, tmp_path):
    """A report saved just now has microseconds in its change time; Typst takes whole seconds."""
    document["meta"]["updated_at"] = "2026-11-29T10:52:24.140123+00:00"
    info = poppler("pdfinfo", TypstRenderer().render(document=document), tmp_path)
    assert re.search(r"^CreationDate:\s+Sun Nov 29 10:52:24 2026 UTC$", info, re.M), info


# Names and points in the scripts of GSEF's members; each must be extracted exactly as typed.
SCRIPTS = {
    "Korean": ("박원순", "사회적경제는 지역의 미래입니다."),
    "Japanese": ("山田花子", "社会的連帯経済は東京でも広がっている。"),
    "Chinese": ("王小明", "社会与团结经济需要公共政策。"),
    "Arabic": ("فاطمة الزهراء", "الاقتصاد الاجتماعي والتضامني"),
}
CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")  # Debian's fonts-noto-cjk
NASKH_FONT = Path("/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf")  # fonts-noto-core
PRIVATE_USE = "\U0010fffd"  # allowed by the validator, drawn by no font


def claims_pdf_ua_1(pdf, tmp_path):
    return "<pdfuaid:part>1</pdfuaid:part>" in poppler("pdfinfo", pdf, tmp_path, "-meta")


def speaking_session(speakers):
    """A session whose round has one contribution per ``(name, points text)``, as the admin saves it."""
    session = SessionFactory(languages=["en"])
    rnd = RoundFactory(session=session)
    for order, (name, text) in enumerate(speakers, start=1):
        participation = ParticipationFactory(
            session=session, person=PersonFactory(given_name="", family_name=name), post=""
        )
        sync_points(
            contribution=ContributionFactory(round=rnd, participation=participation, order=order),
            text=text,
            language="en",
        )
    return Session.objects.get(pk=session.pk)


def test_report_korean_japanese_chinese_arabic_extracted_exactly_under_pdf_ua_1(db, tmp_path):
    needs_fonts(CJK_FONT, NASKH_FONT)
    session = speaking_session([(name, f"- {point}") for name, point in SCRIPTS.values()])
    pdf = TypstRenderer().render(document=report_document(session=session, language="en"))
    text = poppler("pdftotext", pdf, tmp_path)
    assert claims_pdf_ua_1(pdf, tmp_path)
    assert (pdf.missing, pdf.dropped) == ("", ())
    assert [part for pair in SCRIPTS.values() for part in pair if part not in text] == []
    # Named before Typst's own fallback (DejaVu Sans), whose Arabic pdftotext misreads.
    fonts = poppler("pdffonts", pdf, tmp_path)
    assert "NotoNaskhArabic" in fonts and "NotoSansCJK" in fonts


def test_missing_characters_read_from_typst_diagnostic():
    diagnostic = (
        'error: PDF/UA-1 error: the text `"\\u{10fffd}"` could not be displayed with font `"Libertinus Serif"`\n'
        'error: PDF/UA-1 error: the text `"\\"x\\u{378}"` could not be displayed with font `"Libertinus Serif"`\n'
        'error: PDF/UA-1 error: the text `"\\u{10fffd}"` could not be displayed with font `"Libertinus Serif"`\n'
    )
    assert missing_characters(diagnostic) == '\U0010fffd"x\u0378'
    assert missing_characters("error: unclosed delimiter") == ""


def test_report_character_no_font_has_printed_as_replacement_keeping_pdf_ua_1(document, tmp_path, noise):
    point = document["report"]["rounds"][1]["contributions"][0]["points"][0]
    point["text"] = f"Before {PRIVATE_USE} after"
    pdf = TypstRenderer().render(document=document)
    assert (pdf.missing, pdf.dropped) == (PRIVATE_USE, ())
    assert claims_pdf_ua_1(pdf, tmp_path)
    assert "Before \ufffd after" in body(pdf, tmp_path, noise)


def test_report_no_replacement_glyph_either_drops_pdf_ua_claim(document, tmp_path, noise, monkeypatch):
    monkeypatch.setattr("gsef_sessions.pdf.typst.REPLACEMENT_CHARACTER", "\U0010fffc")  # no font has it either
    point = document["report"]["rounds"][1]["contributions"][0]["points"][0]
    point["text"] = f"Before {PRIVATE_USE} after"
    pdf = TypstRenderer().render(document=document)
    assert (pdf.missing, pdf.dropped) == (PRIVATE_USE, ("ua-1",))
    assert not claims_pdf_ua_1(pdf, tmp_path)
    assert "Before" in body(pdf, tmp_path, noise)


def test_report_stored_control_character_renders(db, tmp_path):
    """Stored past the validator (raw SQL, old rows): left out of the document, never failing the PDF."""
    session = speaking_session([("Ana Ruiz", "- A point.")])
    Session.objects.filter(pk=session.pk).update(slug="ctrl")
    session.translations.update(title="Ctrl\x01title\uffff")
    session = Session.objects.get(pk=session.pk)
    pdf = TypstRenderer().render(document=report_document(session=session, language="en"))
    assert (pdf.missing, claims_pdf_ua_1(pdf, tmp_path)) == ("", True)
    assert "Ctrltitle" in poppler("pdftotext", pdf, tmp_path)


def test_report_venue_printed_in_the_header(gsef_2020, tmp_path):
    Session.objects.filter(slug="plenary-3").update(room="Sala Mayor")
    Forum.objects.get(slug="gsef-2020").translations.update(city="Bilbao")
    pdf = TypstRenderer().render(document=report_document(session=Session.objects.get(slug="plenary-3"), language="en"))
    assert "Venue: Sala Mayor, Bilbao" in flat(poppler("pdftotext", pdf, tmp_path, "-layout"))


@pytest.mark.django_db
def test_report_segments_printed_under_their_titles_turn_by_turn(tmp_path):
    document = report_document(session=policy_dialogue(), language="en")
    assert in_order(flat(poppler("pdftotext", TypstRenderer().render(document=document), tmp_path)), TURN_ORDER)


def structure_languages(pdf):
    """``{(structure type, /Lang)}`` of every element of the PDF's structure tree that states one."""
    found = set()

    def walk(node):
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary):
            if "/Lang" in node:
                found.add((str(node.get("/S")), str(node["/Lang"])))
            if "/K" in node:
                walk(node["/K"])

    walk(pdf.Root.StructTreeRoot)
    return found


@pytest.mark.parametrize("language", ["es", "fr"])
def test_proceedings_mark_each_report_in_its_own_language_and_date_it_in_theirs(gsef_2020, tmp_path, language):
    forum = Forum.objects.get(slug="gsef-2020")
    sessions = Session.objects.filter(forum=forum, status="published")
    document = proceedings_document(forum=forum, sessions=sessions, language=language)
    pdf = pikepdf.open(io.BytesIO(TypstRenderer().render(document=document)))
    tagged = structure_languages(pdf)
    # The document is Spanish (French); Plenary 3, in English only, says so in the structure tree.
    assert (str(pdf.Root.Lang), ("/H1", "en") in tagged, {lang for _type, lang in tagged}) == (language, True, {"en"})
    version = {
        "es": "Versión 1, última modificación: 2 de noviembre de 2020",
        "fr": "Version 1, dernière modification le 2 novembre 2020",
    }
    assert version[language] in flat(poppler("pdftotext", pdf_bytes(pdf), tmp_path))


def pdf_bytes(pdf):
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_report_first_page_says_its_title_once_later_pages_in_their_running_header(pdf, tmp_path):
    running = "Plenary 3 — New Digitalization Era and the Future of Work"
    first, second = pages(pdf, tmp_path)[:2]
    assert (flat(first).count(running), flat(second).startswith(running)) == (1, True)

"""A report as Markdown and DOCX (``docs/report-format.md``): what the importer reads back."""

import io

import docx
import pytest

from gsef_sessions.domain import read_model
from gsef_sessions.domain.read_etag import ReportState
from gsef_sessions.domain.report_export import report_docx, report_markdown
from gsef_sessions.domain.versioning import touch
from gsef_sessions.models import AudienceQuestion, Participation, Point, Session
from tests.factories import SessionSponsorFactory, policy_dialogue

FRONT_MATTER = """\
---
title: New Digitalization Era and the Future of Work
subtitle: Challenges and Opportunities
type: Plenary
number: 3
date: 2020-10-21
time: 08:30
languages: es, en, fr
platforms: Zoom
attendance: 441 (Zoom, 9:55 hrs)
sponsor: Finanzgruppe Sparkassenstiftung für internationale Kooperation
language: en
---

# Name of the moderator:

- Marisol Fernández Alonso, Director of Social Investment at Nacional Monte de Piedad, I.A.P., Mexico

# Name of the panelists/commentators:

1. Soledad Aragón Martínez, Secretary of Labor and Employment Promotion, Mexico
2. Oihane Agirregoitia, Councillor of the Area of Citizen and International Participation of Bilbao, Spain
3. Baudouin Kola, National Director of CeRES, Togo
4. Audrey Tang, Digital Minister, Taiwan
5. Enrique Peñaranda, Digitalization Project Leader Sparkassen Foundation, Mexico
6. Beatrice Alain, Executive Director of the Chantier de l'économie sociale, Canada

# Opening speakers:

- Tomas Damerau, Ministry of Labor and Employment Promotion

## Introduction

### Tomas Damerau

"""
AUDIENCE = "Key questions asked by the audience and answers from the panelists"


def report_of(session, language="en"):
    return read_model.report(state=ReportState.of(session), requested=language)


@pytest.fixture
def plenary_3(gsef_2020):
    return report_of(Session.objects.get(slug="plenary-3"))


def lines_of(markdown):
    return markdown.splitlines()


def opened(data):
    return docx.Document(io.BytesIO(data))


def styled(document, style):
    return [paragraph.text for paragraph in document.paragraphs if paragraph.style.name == style]


# --- Markdown ------------------------------------------------------------------------------------


def test_markdown_plenary_3_starts_with_front_matter_and_people_by_role(plenary_3):
    assert report_markdown(report=plenary_3).startswith(FRONT_MATTER)


def test_markdown_plenary_3_segments_in_order_then_audience(plenary_3):
    headings = [line for line in lines_of(report_markdown(report=plenary_3)) if line.startswith(("# ", "## "))]
    assert headings == [
        "# Name of the moderator:",
        "# Name of the panelists/commentators:",
        "# Opening speakers:",
        "## Introduction",
        "## Round 1",
        "## Round 2",
        "## Conclusions",
        f"## {AUDIENCE}",
    ]


def test_markdown_plenary_3_prints_each_point_once_sub_points_indented_quotes_quoted(plenary_3):
    lines = lines_of(report_markdown(report=plenary_3))
    points = Point.objects.filter(contribution__round__session__slug="plenary-3")
    assert points.count() == 111
    for point in points:
        if point.parent_id:
            expected = f"    - {point.text}"
        elif point.is_quote:
            expected = f"> {point.text}"
        else:
            expected = f"- {point.text}"
        assert lines.count(expected) == 1, expected
    assert len([line for line in lines if line.startswith("> ")]) == points.filter(is_quote=True).count() == 4
    assert len([line for line in lines if line.startswith("    - ")]) == points.exclude(parent=None).count() == 4


def test_markdown_plenary_3_sub_points_follow_their_point(plenary_3):
    lines = lines_of(report_markdown(report=plenary_3))
    parent = Point.objects.get(translations__text="For better practices, there are four points to focus on:")
    following = Point.objects.get(contribution=parent.contribution, parent=None, order=parent.order + 1)
    start = lines.index(f"- {parent.text}")
    assert lines[start : start + 6] == [
        f"- {parent.text}",
        *(f"    - {child.text}" for child in parent.children.order_by("order")),
        f"- {following.text}",
    ]


def test_markdown_plenary_3_round_has_guiding_questions_under_its_heading(plenary_3):
    lines = lines_of(report_markdown(report=plenary_3))
    start = lines.index("## Round 1")
    assert lines[start : start + 6] == [
        "## Round 1",
        "",
        "What are the opportunities offered by digitalization for the future of work?",
        "What is the role of the government in terms of strategies and public policies to promote digital inclusion?",
        "",
        "### Soledad Aragón Martínez",
    ]


def test_markdown_plenary_3_speakers_turn_by_turn(plenary_3):
    lines = lines_of(report_markdown(report=plenary_3))
    speakers = [line.removeprefix("### ") for line in lines if line.startswith("### ")]
    assert speakers[:3] == ["Tomas Damerau", "Marisol Fernández Alonso", "Soledad Aragón Martínez"]
    assert len(speakers) == sum(len(rnd["contributions"]) for rnd in plenary_3["rounds"]) == 18


def test_markdown_plenary_3_ends_with_audience_note_and_questions(plenary_3):
    lines = lines_of(report_markdown(report=plenary_3))
    assert lines[lines.index(f"## {AUDIENCE}") :] == [
        f"## {AUDIENCE}",
        "",
        "There was no time to answer questions; however, the moderator read out the following:",
        "",
        "- What is the strategy for the inclusion of migrants to work in Bilbao?",
        "- What would be the mechanisms that could be used to generate intergenerational links for the use of "
        "technologies?",
        "- What is the role of social programs or public interventions to promote the SSE and what would be their "
        "real impact on people's lives?",
        "- How to deal with digital exclusion, are there other examples of self-managed telecommunications in the SSE?",
        "- How could we classify digitalization: use value or harmful use value?",
    ]


def test_markdown_question_details_indented_under_it(plenary_3):
    answerer = Participation.objects.get(session__slug="plenary-3", person__given_name="Oihane")
    question = AudienceQuestion.objects.get(session__slug="plenary-3", order=1)
    question.asked_by = "A participant from Bilbao"
    question.answered_by = answerer
    question.answer = "The city council works\nwith migrants' associations."
    question.save()
    touch(session=question.session)
    lines = lines_of(report_markdown(report=report_of(question.session)))
    start = lines.index("- What is the strategy for the inclusion of migrants to work in Bilbao?")
    assert lines[start : start + 5] == [
        "- What is the strategy for the inclusion of migrants to work in Bilbao?",
        "    Asked by: A participant from Bilbao",
        "    Answered by: Oihane Agirregoitia",
        "    Answer: The city council works with migrants' associations.",
        "- What would be the mechanisms that could be used to generate intergenerational links for the use of "
        "technologies?",
    ]


def test_markdown_titled_round_other_segment_outcomes_and_materials(db):
    session = policy_dialogue(subtitle="", number=None, platforms="")
    ana, bo = (str(part.person) for part in session.participations.order_by("person__given_name"))
    assert report_markdown(report=report_of(session)).split("# Name of the moderator:")[0] == (
        "---\n"
        "title: New Digitalization Era and the Future of Work\n"
        "type: Plenary\n"
        "date: 2020-10-21\n"
        "time: 08:30\n"
        "languages: es, en, fr\n"
        "language: en\n"
        "---\n"
        "\n"
    )
    lines = lines_of(report_markdown(report=report_of(session)))
    assert lines[lines.index("## Introduction") :] == [
        "## Introduction",
        "",
        f"### {ana}",
        "",
        "- Turn 1",
        "",
        "## Keynote",
        "",
        f"### {bo}",
        "",
        "- Turn 2",
        "",
        "## Round 1: First half of the dialogue",
        "",
        f"### {ana}",
        "",
        "- Turn 3",
        "",
        f"### {bo}",
        "",
        "- Turn 4",
        "",
        f"### {ana}",
        "",
        "- Turn 5",
        "",
        "## Conclusions",
        "",
        f"### {bo}",
        "",
        "- Turn 6",
        "",
        "## Key takeaways",
        "",
        "- Takeaway 1",
        "- Takeaway 2",
        "",
        "## Calls to action",
        "",
        "- Call 1",
        "",
        "## Materials",
        "",
        "- [Slides of the dialogue](https://example.org/slides.pdf)",
    ]


def test_markdown_point_with_line_breaks_is_one_line(plenary_3):
    point = Point.objects.filter(contribution__round__session__slug="plenary-3", parent=None).order_by("pk").first()
    point.text = "First line\nsecond line\r\n\r\nthird line"
    point.save()
    touch(session=point.contribution.round.session)
    lines = lines_of(report_markdown(report=report_of(point.contribution.round.session)))
    assert lines.count("- First line second line third line") == 1


def test_markdown_spanish_report_has_spanish_headings(gsef_2020):
    session = Session.objects.get(slug="plenary-3")
    session.create_translation("es", title="Nueva era de la digitalización", subtitle="Retos y oportunidades")
    touch(session=session)
    markdown = report_markdown(report=report_of(session, "es"))
    lines = lines_of(markdown)
    assert lines[1:3] == ["title: Nueva era de la digitalización", "subtitle: Retos y oportunidades"]
    assert "language: es" in lines
    assert "attendance: 441 (Zoom, 9:55 h)" in lines
    assert [line for line in lines if line.startswith(("# ", "## "))] == [
        "# Nombre del moderador:",
        "# Nombre de los panelistas/comentaristas:",
        "# Oradores de apertura:",
        "## Introducción",
        "## Ronda 1",
        "## Ronda 2",
        "## Conclusiones",
        "## Preguntas clave del público y respuestas de los panelistas",
    ]


def test_markdown_strips_unprintable_stored_text(plenary_3):
    point = Point.objects.filter(contribution__round__session__slug="plenary-3", parent=None).order_by("pk").first()
    point.translations.filter(language_code="en").update(text="A\x01 point\ufdd0")
    session = point.contribution.round.session
    touch(session=session)
    assert "- A point" in lines_of(report_markdown(report=report_of(session)))


# --- DOCX ----------------------------------------------------------------------------------------


def test_docx_plenary_3_title_header_table_and_properties(plenary_3):
    document = opened(report_docx(report=plenary_3))
    assert styled(document, "Title") == ["New Digitalization Era and the Future of Work"]
    assert styled(document, "Subtitle") == ["Challenges and Opportunities"]
    (table,) = document.tables
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Session title:", "New Digitalization Era and the Future of Work"],
        ["Session type:", "Plenary"],
        ["Date:", "2020-10-21"],
        ["Time:", "08:30"],
        ["Language(s):", "Spanish, English, French"],
        ["Participants (number of people connected)", "441 (Zoom, 9:55 hrs)"],
    ]
    properties = document.core_properties
    assert (properties.title, properties.author, properties.language) == (
        "Plenary 3 — New Digitalization Era and the Future of Work",
        "GSEF Global Virtual Forum",
        "en",
    )


def test_docx_plenary_3_people_segments_and_speakers_by_style(plenary_3):
    document = opened(report_docx(report=plenary_3))
    assert styled(document, "Heading 1") == [
        "Name of the moderator:",
        "Name of the panelists/commentators:",
        "Opening speakers:",
    ]
    assert styled(document, "Heading 2") == ["Introduction", "Round 1", "Round 2", "Conclusions", AUDIENCE]
    assert styled(document, "List Number")[0] == (
        "Soledad Aragón Martínez, Secretary of Labor and Employment Promotion, Mexico"
    )
    assert len(styled(document, "List Number")) == 6
    assert styled(document, "Heading 3")[:3] == ["Tomas Damerau", "Marisol Fernández Alonso", "Soledad Aragón Martínez"]


def test_docx_plenary_3_points_as_list_bullets_sub_points_as_list_bullet_2(plenary_3):
    document = opened(report_docx(report=plenary_3))
    bullets, sub_bullets = styled(document, "List Bullet"), styled(document, "List Bullet 2")
    points = Point.objects.filter(contribution__round__session__slug="plenary-3")
    for point in points.filter(parent=None):
        assert bullets.count(point.text) == 1, point.text
    assert sorted(sub_bullets) == sorted(points.exclude(parent=None).values_list("translations__text", flat=True))
    # The moderator and the opening speaker (bulleted roles), the points, the audience's questions.
    assert len(bullets) == 2 + points.filter(parent=None).count() + 5


def test_docx_plenary_3_sponsors_in_the_footer(plenary_3):
    section = opened(report_docx(report=plenary_3)).sections[0]
    assert [paragraph.text for paragraph in section.footer.paragraphs] == [
        "With the cooperation of: Finanzgruppe Sparkassenstiftung für internationale Kooperation"
    ]
    assert [paragraph.text for paragraph in section.header.paragraphs] == [
        "GSEF Global Virtual Forum · Plenary 3 · Session report"
    ]


def test_docx_audience_details_as_plain_paragraphs_after_the_question(plenary_3):
    question = AudienceQuestion.objects.get(session__slug="plenary-3", order=2)
    question.asked_by = "Ana"
    question.answer = "By mentoring."
    question.save()
    touch(session=question.session)
    paragraphs = opened(report_docx(report=report_of(question.session))).paragraphs
    texts = [paragraph.text for paragraph in paragraphs]
    start = texts.index("What is the strategy for the inclusion of migrants to work in Bilbao?")
    assert [(p.style.name, p.text) for p in paragraphs[start + 1 : start + 4]] == [
        (
            "List Bullet",
            "What would be the mechanisms that could be used to generate intergenerational links for the use of "
            "technologies?",
        ),
        ("Normal", "Asked by: Ana"),
        ("Normal", "Answer: By mentoring."),
    ]


def test_docx_policy_dialogue_outcomes_materials_and_credits(db):
    session = policy_dialogue()
    SessionSponsorFactory(session=session, organisation__name="Fundación Uno")
    document = opened(report_docx(report=report_of(session)))
    assert styled(document, "Heading 2") == [
        "Introduction",
        "Keynote",
        "Round 1: First half of the dialogue",
        "Conclusions",
        "Key takeaways",
        "Calls to action",
        "Materials",
    ]
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[texts.index("Key takeaways") :] == [
        "Key takeaways",
        "Takeaway 1",
        "Takeaway 2",
        "Calls to action",
        "Call 1",
        "Materials",
        "Slides of the dialogue (https://example.org/slides.pdf)",
    ]
    assert [paragraph.text for paragraph in document.sections[0].footer.paragraphs] == [
        "With the cooperation of: Fundación Uno",
        "Report by Rosa Luna. Based on notes by IISD ENB.",
    ]


def test_docx_spanish_report_has_spanish_labels_and_headings(gsef_2020):
    session = Session.objects.get(slug="plenary-3")
    session.create_translation("es", title="Nueva era de la digitalización", subtitle="Retos y oportunidades")
    touch(session=session)
    document = opened(report_docx(report=report_of(session, "es")))
    (table,) = document.tables
    assert [row.cells[0].text for row in table.rows] == [
        "Título de la sesión:",
        "Tipo de sesión:",
        "Fecha:",
        "Hora:",
        "Idioma(s):",
        "Participantes (número de personas conectadas)",
    ]
    assert table.rows[4].cells[1].text == "Español, Inglés, Francés"
    assert styled(document, "Heading 2")[:2] == ["Introducción", "Ronda 1"]
    assert document.core_properties.language == "es"
    assert document.sections[0].footer.paragraphs[0].text == (
        "Con la colaboración de: Finanzgruppe Sparkassenstiftung für internationale Kooperation"
    )

"""The seed report (GSEF 2020, Plenary 3) as .docx files laid out the ways rapporteurs write them.

``seed_docx(style=…)`` builds one with python-docx from ``fixtures/gsef2020_plenary3.py``:

- ``"headings"``: the header as a two-column table, roles as Heading 1, segments as Heading 2 (their
  guiding questions as plain paragraphs), speakers as Heading 3, points as Word's "List Bullet" and
  sub-points as "List Bullet 2"; a quote is a bullet that keeps its quotation marks.
- ``"bold"``: no styles at all: the header as "Label: value" paragraphs, headings and speakers' names
  as bold paragraphs, points as paragraphs typed with "• ", sub-points typed "1) …".
- ``"numbered"``: the header table, panelists as a "List Number" list, speakers' names underlined,
  points as "List Bullet", sub-points as "List Number 2".

Each has the sponsor's "With the cooperation of: …" in its section footer, which an import ignores.
"""

import io

import docx

from fixtures import gsef2020_plenary3 as seed
from gsef_sessions.domain.paste import parse_points

STYLES = ("headings", "bold", "numbered")
FOOTER = "With the cooperation of: Finanzgruppe Sparkassenstiftung für internationale Kooperation"
HEADER = [
    ("Session title:", "New Digitalization Era and the Future of Work"),
    ("", "Challenges and Opportunities"),  # the template's second title line: the subtitle
    ("Session type:", "Plenary"),
    ("Date:", "October, 21 st 2020"),
    ("Time:", "8:30 a.m."),
    ("Language(s):", "Spanish - English - French"),
    ("Participants (number of people connected):", "441 (Zoom, 9:55 hrs)"),  # seed.ATTENDANCE, as printed
]
ROLE_HEADINGS = [
    ("moderator", "Name of the moderator:"),
    ("panelist", "Name of the panelists/commentators:"),
    ("opening_speaker", "Opening speakers:"),
]
QA_HEADING = "Key questions asked by the audience and answers from the panelists"


def people(role):
    """(name, post) of the seed's participants in ``role``, in their order."""
    rows = sorted((row for row in seed.PARTICIPANTS if row[1] == role), key=lambda row: row[2])
    return [(f"{row[3]} {row[4]}", row[6]) for row in rows]


def name_of(key):
    row = next(row for row in seed.PARTICIPANTS if row[0] == key)
    return f"{row[3]} {row[4]}"


def segments():
    """(title, guiding questions, [(speaker's name, points)]) in the report's order: the audience's
    questions come before the conclusions, as the brief's layout has them."""
    titles = {"introduction": "Introduction", "conclusions": "Conclusions"}
    rounds = 0
    found = []
    for _order, kind, questions, contributions in seed.ROUNDS:
        if kind == "round":
            rounds += 1
            title = f"Round {rounds}"
        else:
            title = titles[kind]
        found.append((title, questions, [(name_of(key), parse_points(block)) for key, block in contributions]))
    return found


def all_points():
    """Every point's and sub-point's text in the seed, in order."""
    texts = []
    for _title, _questions, contributions in segments():
        for _name, points in contributions:
            for point in points:
                texts.append(point.text)
                texts.extend(child.text for child in point.children)
    return texts


def seed_docx(*, style="headings"):
    """The seed report as .docx bytes in one of ``STYLES``."""
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}, not {style!r}")
    document = docx.Document()
    document.sections[0].footer.paragraphs[0].text = FOOTER
    writer = _Writer(document, style)
    writer.header()
    writer.roles()
    for title, questions, contributions in segments():
        if title == "Conclusions":
            writer.audience_questions()
        writer.segment(title, questions, contributions)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class _Writer:
    def __init__(self, document, style):
        self.document = document
        self.style = style

    def heading(self, text, level):
        if self.style == "bold":
            self.document.add_paragraph().add_run(text).bold = True
        else:
            self.document.add_heading(text, level=level)

    def header(self):
        if self.style == "bold":
            for label, value in HEADER:
                self.document.add_paragraph(f"{label} {value}" if label else f"Subtitle: {value}")
            return
        table = self.document.add_table(rows=len(HEADER), cols=2)
        for row, (label, value) in zip(table.rows, HEADER, strict=True):
            row.cells[0].text = label
            row.cells[1].text = value
        # As in the template: the title's label spans its two lines.
        table.cell(0, 0).merge(table.cell(1, 0))

    def roles(self):
        for role, heading in ROLE_HEADINGS:
            self.heading(heading, 1)
            for number, (name, post) in enumerate(people(role), start=1):
                if self.style == "headings":
                    self.document.add_paragraph(f"{name}, {post}", style="List Bullet")
                elif self.style == "numbered" and role == "panelist":
                    self.document.add_paragraph(f"{name}, {post}", style="List Number")
                elif self.style == "bold" and role == "panelist":
                    self.document.add_paragraph(f"{number}. {name}, {post}")
                else:
                    self.document.add_paragraph(f"{name}, {post}")

    def speaker(self, name):
        if self.style == "headings":
            self.document.add_heading(name, level=3)
        elif self.style == "bold":
            self.document.add_paragraph().add_run(name).bold = True
        else:
            self.document.add_paragraph().add_run(name).underline = True

    def points(self, points):
        for point in points:
            if self.style == "bold":
                self.document.add_paragraph(f"• {point.text}")
            else:
                self.document.add_paragraph(point.text, style="List Bullet")
            for number, child in enumerate(point.children, start=1):
                if self.style == "headings":
                    self.document.add_paragraph(child.text, style="List Bullet 2")
                elif self.style == "numbered":
                    self.document.add_paragraph(child.text, style="List Number 2")
                else:
                    self.document.add_paragraph(f"{number}) {child.text}")

    def segment(self, title, questions, contributions):
        self.heading(title, 2)
        for question in questions:
            self.document.add_paragraph(question)
        for name, points in contributions:
            self.speaker(name)
            self.points(points)

    def audience_questions(self):
        self.heading(QA_HEADING, 2)
        self.document.add_paragraph(seed.QA_NOTE)
        for question in seed.AUDIENCE_QUESTIONS:
            if self.style == "bold":
                self.document.add_paragraph(f"• {question}")
            else:
                self.document.add_paragraph(question, style="List Bullet")

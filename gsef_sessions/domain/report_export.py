"""A report as a document to download and edit: Markdown and DOCX, in the format
``docs/report-format.md`` describes, so that the importer (``report_import``) reads either back
to the same report.

``exported_report`` builds the document once, from the read model through
``presentation.printed_report`` (people by role in the forum's order, labels, dates, attendance,
sponsors, audience, takeaways, credits), as a header and a list of blocks, every text translated
into the report's language; ``report_markdown`` and ``report_docx`` only print it. Segments are
always printed turn by turn, each under its heading, in their order (conclusions included), so
the reading order is the report's order.
"""

from __future__ import annotations

import io
import zoneinfo
from dataclasses import dataclass
from typing import TYPE_CHECKING

import docx
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from ..enums import RoundKind
from ..validators import printable
from .presentation import printed_report

if TYPE_CHECKING:
    from .read_model import SessionReport

MARKDOWN_TYPE = "text/markdown; charset=utf-8"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

HEADING, TEXT, ITEM, DETAIL, LINK = "heading", "text", "item", "detail", "link"


@dataclass(frozen=True)
class Block:
    """One line of the document.

    ``heading`` (``level`` 1: a role, 2: a segment or section, 3: a speaker); ``text`` (a guiding
    question, a line of the audience's note); ``item`` (a person, a point, a question, a takeaway:
    ``level`` 1 is a sub-point, ``number`` its number in a numbered list, ``quote`` a direct quote);
    ``detail`` (a question's "Asked by:", "Answered by:", "Answer:" line); ``link`` (a material).
    """

    kind: str
    text: str
    level: int = 0
    number: int | None = None
    quote: bool = False
    url: str = ""


@dataclass(frozen=True)
class ExportedReport:
    """A report as a document: what both writers print."""

    language: str
    title: str
    subtitle: str
    # Core properties: title, author, language.
    properties: dict[str, str]
    # ``key: value`` lines of the Markdown's front matter (keys in English, values as the importer reads them).
    front_matter: list[tuple[str, str]]
    # ``(label, value)`` rows of the GSEF template's header table (labels translated).
    header: list[tuple[str, str]]
    # The running head and foot of each page (DOCX): the session, the sponsors and the credits.
    running_head: str
    footer: list[str]
    blocks: list[Block]


def _line(text: str) -> str:
    """``text`` on one line (its line breaks as spaces), without what no output can carry."""
    return printable(" ".join(part.strip() for part in str(text).splitlines() if part.strip()))


def _lines(text: str) -> list[str]:
    """The non-empty lines of ``text``, each as ``_line`` prints it."""
    return [_line(part) for part in str(text).splitlines() if part.strip()]


def _segment_heading(rnd: dict, *, number: int) -> str:
    """A segment's heading, as the importer recognises it: "Introduction", "Conclusions" (their
    kind's name), "Round N" or, for a titled round, "Round N: Title"; any other by its title."""
    if rnd["kind"] in (RoundKind.INTRODUCTION, RoundKind.CONCLUSIONS):
        return str(RoundKind(rnd["kind"]).label)
    if rnd["kind"] == RoundKind.ROUND:
        heading = _("Round %(number)d") % {"number": number}
        return heading if rnd["label"] == heading else f"{heading}: {rnd['label']}"
    return rnd["label"]


def _points(points: list) -> list[Block]:
    blocks = []
    for point in points:
        blocks.append(Block(ITEM, _line(point["text"]), quote=point["is_quote"]))
        blocks.extend(Block(ITEM, _line(child["text"]), level=1) for child in point["children"])
    return blocks


def _blocks(printed: dict) -> list[Block]:
    blocks = []
    for role in printed["roles"]:
        if not role["people"]:
            continue
        blocks.append(Block(HEADING, _line(role["heading"]), level=1))
        blocks.extend(
            Block(
                ITEM,
                _line(", ".join(filter(None, [person["name"], person["post"]]))),
                number=number if role["numbered"] else None,
            )
            for number, person in enumerate(role["people"], start=1)
        )
    # The numbered rounds' numbers only: "Round 1" is the first segment of kind round.
    numbered = 0
    for rnd in printed["rounds"]:
        numbered += rnd["kind"] == RoundKind.ROUND
        blocks.append(Block(HEADING, _line(_segment_heading(rnd, number=numbered)), level=2))
        blocks.extend(Block(TEXT, _line(question)) for question in rnd["questions"])
        for contribution in rnd["contributions"]:
            blocks.append(Block(HEADING, _line(contribution["speaker"]["name"]), level=3))
            blocks.extend(_points(contribution["points"]))
    audience = printed["audience"]
    if audience["note"] or audience["questions"]:
        blocks.append(Block(HEADING, _("Key questions asked by the audience and answers from the panelists"), level=2))
        blocks.extend(Block(TEXT, line) for line in _lines(audience["note"]))
        for question in audience["questions"]:
            blocks.append(Block(ITEM, _line(question["text"])))
            for label, value in (
                (_("Asked by:"), question["asked_by"]),
                (_("Answered by:"), question["answered_by"]),
                (_("Answer:"), question["answer"]),
            ):
                if value:
                    blocks.append(Block(DETAIL, f"{label} {_line(value)}"))
    for heading, statements in (
        (_("Key takeaways"), printed["key_takeaways"]),
        (_("Calls to action"), printed["calls_to_action"]),
    ):
        if statements:
            blocks.append(Block(HEADING, heading, level=2))
            blocks.extend(Block(ITEM, _line(statement["text"])) for statement in statements)
    if printed["materials"]:
        blocks.append(Block(HEADING, _("Materials"), level=2))
        blocks.extend(Block(LINK, _line(material["title"]), url=material["url"]) for material in printed["materials"])
    return blocks


def exported_report(*, report: SessionReport) -> ExportedReport:
    """``report`` as a document, every label in its language."""
    printed = printed_report(report)
    session = printed["session"]
    starts = parse_datetime(report["starts_at"]).astimezone(zoneinfo.ZoneInfo(report["time_zone"]))
    with translation.override(report["language"]):
        front_matter = [
            ("title", session["title"]),
            ("subtitle", session["subtitle"]),
            ("type", session["kind"]),
            ("number", "" if session["number"] is None else str(session["number"])),
            ("date", f"{starts:%Y-%m-%d}"),
            ("time", f"{starts:%H:%M}"),
            ("languages", ", ".join(session["interpretation_languages"])),
            ("platforms", session["platforms"]),
            ("room", session["room"]),
            *(("attendance", count) for count in printed["attendance"]),
            *(("sponsor", sponsor["name"]) for sponsor in printed["sponsors"]),
            ("language", report["language"]),
        ]
        header = [
            (_("Session title:"), session["title"]),
            (_("Session type:"), session["kind"]),
            (_("Date:"), f"{starts:%Y-%m-%d}"),
            (_("Time:"), f"{starts:%H:%M}"),
            (_("Language(s):"), ", ".join(session["languages"])),
            (_("Participants (number of people connected)"), "\n".join(printed["attendance"])),
        ]
        credits = printed["credits"]
        footer = [
            f"{_('With the cooperation of:')} {', '.join(sponsor['name'] for sponsor in printed['sponsors'])}"
            if printed["sponsors"]
            else "",
            " ".join(
                filter(
                    None,
                    [credits["report_by"], f"{credits['based_on']} {credits['source']}." if credits["source"] else ""],
                )
            ),
        ]
        return ExportedReport(
            language=report["language"],
            title=_line(session["title"]),
            subtitle=_line(session["subtitle"]),
            properties={
                "title": _line(" — ".join(filter(None, [session["label"], session["title"]]))),
                "author": _line(printed["forum"]["name"]),
                "language": report["language"],
            },
            front_matter=[(key, _line(value)) for key, value in front_matter if value],
            header=[(label, "\n".join(_lines(value))) for label, value in header if value],
            running_head=_line(
                " · ".join(filter(None, [printed["forum"]["name"], session["label"], _("Session report")]))
            ),
            footer=[_line(line) for line in footer if line],
            blocks=_blocks(printed),
        )


# --- Markdown ------------------------------------------------------------------------------------


def _markdown_link(block: Block) -> str:
    title = block.text.replace("[", "\\[").replace("]", "\\]")
    url = block.url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"- [{title}]({url})"


def _markdown_line(block: Block) -> str:
    if block.kind == HEADING:
        return f"{'#' * block.level} {block.text}"
    if block.kind == DETAIL:
        return f"    {block.text}"
    if block.kind == LINK:
        return _markdown_link(block)
    if block.kind == ITEM:
        if block.level:
            return f"    - {block.text}"
        if block.quote:
            return f"> {block.text}"
        return f"{block.number}. {block.text}" if block.number else f"- {block.text}"
    return block.text


def _markdown_group(block: Block) -> str:
    """Blocks of one group follow each other line by line; a blank line parts groups, and sets
    every heading apart."""
    return block.kind if block.kind in (HEADING, TEXT) else "list"


def report_markdown(*, report: SessionReport) -> str:
    """The report as Markdown (``docs/report-format.md``): front matter, then the blocks."""
    document = exported_report(report=report)
    lines = ["---", *(f"{key}: {value}" for key, value in document.front_matter), "---"]
    previous = None
    for block in document.blocks:
        group = _markdown_group(block)
        if group != previous or group == HEADING:
            lines.append("")
        lines.append(_markdown_line(block))
        previous = group
    return "\n".join(lines) + "\n"


# --- DOCX ----------------------------------------------------------------------------------------


def _docx_style(block: Block) -> str | None:
    """The paragraph style of a block that is not a heading (None: a plain paragraph)."""
    if block.kind == ITEM:
        if block.level:
            return "List Bullet 2"
        return "List Number" if block.number else "List Bullet"
    if block.kind == LINK:
        return "List Bullet"
    return None


def report_docx(*, report: SessionReport) -> bytes:
    """The report as a Word document laid out as the GSEF template (and the PDF): title, header
    table, people by role, segments turn by turn; the sponsors and credits in the page footer."""
    document = exported_report(report=report)
    word = docx.Document()
    properties = word.core_properties
    properties.title = document.properties["title"]
    properties.author = document.properties["author"]
    properties.language = document.properties["language"]
    properties.last_modified_by = document.properties["author"]
    properties.revision = report["version"]
    properties.modified = parse_datetime(report["updated_at"])

    word.add_paragraph(document.title, style="Title")
    if document.subtitle:
        word.add_paragraph(document.subtitle, style="Subtitle")
    table = word.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in document.header:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].text = value
    for block in document.blocks:
        if block.kind == HEADING:
            word.add_heading(block.text, level=block.level)
        elif block.kind == LINK:
            word.add_paragraph(f"{block.text} ({block.url})", style=_docx_style(block))
        else:
            word.add_paragraph(block.text, style=_docx_style(block))

    section = word.sections[0]
    section.header.paragraphs[0].text = document.running_head
    footer = section.footer.paragraphs[0]
    for number, line in enumerate(document.footer):
        (footer if number == 0 else section.footer.add_paragraph()).text = line
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()

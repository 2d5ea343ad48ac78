"""Turn a pasted block of a report into points, and points back into such a block.

The rule, as rapporteurs paste from word processors and PDFs:
- a leading bullet (-, •, *, ) is stripped; a bulleted line always starts a new point;
- a blank line separates points; an unbulleted line right under a point continues it
  (text wrapped by the source);
- ``N)`` lines after a point ending in ``:`` (or indented under a point) become its sub-points, and
  so do indented bulleted lines, and indented lines under a point ending in ``:`` (a PDF-to-text
  conversion drops the numbers' glyphs) unless they continue a sub-point's unfinished sentence; a
  sub-point's closing ";" is the list's separator and goes;
- a point is a direct quote when it starts with a quotation mark and only punctuation follows
  its last quotation mark, or when it is written as ``> text`` (Markdown's quotation).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

BULLET = re.compile(r"^(?:[-*]\s+|[•\u2022\u25aa\u25cf\u25e6\u2023\u2043\u00b7\uf0b7\uf0a7\uf0d8\uf076]\s*)")
NUMBERED = re.compile(r"^\(?(\d{1,2})[)\.]\s+(.*)$")
QUOTED = re.compile(r"^>\s*")
# Where a sentence may end: a sub-point that ends otherwise is continued by the next lowercase line.
SENTENCE_END = '.;:!?"”»’)'
# Opening mark -> the marks that may close it (so a closing possessive apostrophe is no quote end).
CLOSING_MARKS = {
    '"': '"”“',
    "“": '”"“',
    "”": '”"',
    "«": "»",
    "„": '“”"',
    "‘": "’'",
    "'": "'’",
}


@dataclass
class ParsedPoint:
    text: str
    children: list[ParsedPoint] = field(default_factory=list)
    quoted: bool = False  # written as "> text"

    @property
    def is_quote(self) -> bool:
        return self.quoted or is_quote(self.text)


class PointLike(Protocol):
    """What ``format_points`` reads: a ``ParsedPoint``, or an adapter of stored points."""

    @property
    def text(self) -> str: ...

    @property
    def children(self) -> Sequence[PointLike]: ...

    @property
    def is_quote(self) -> bool: ...


def is_quote(text: str) -> bool:
    text = text.strip()
    if not text or text[0] not in CLOSING_MARKS:
        return False
    last = max(text.rfind(mark) for mark in CLOSING_MARKS[text[0]])
    tail = text[last + 1 :]
    return last > 0 and all(unicodedata.category(c).startswith("P") or c.isspace() for c in tail)


def parse_points(text: str) -> list[ParsedPoint]:
    """Parse a pasted block into a list of top-level ``ParsedPoint`` (children one level deep)."""
    return points_from_lines(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def points_from_lines(lines: Iterable[str]) -> list[ParsedPoint]:
    """The paste rule over lines as the source has them (indentation kept)."""
    points = []
    current = None  # the point the next unbulleted line continues
    for raw in lines:
        if not raw.strip():
            current = None
            continue
        indented = raw[:1] in (" ", "\t") and raw.strip() != raw.rstrip()
        line = raw.strip()
        quoted = QUOTED.match(line)
        if quoted:
            line = line[quoted.end() :].strip()
        bullet = BULLET.match(line)
        if bullet:
            line = line[bullet.end() :].strip()
        numbered = NUMBERED.match(line)
        opener = points[-1] if points else None
        in_list = opener is not None and (opener.text.endswith(":") or bool(opener.children))
        # A sub-point's unfinished sentence, carried on by the next line.
        continues = any(child is current for child in opener.children) if opener else False
        continues = continues and (current.text[-1:] not in SENTENCE_END or line[:1].islower())
        if (
            opener
            and not quoted
            and (
                (numbered and (in_list or indented))
                or (bullet and indented)
                or (indented and not bullet and in_list and not continues)
            )
        ):
            current = ParsedPoint(numbered.group(2).strip() if numbered else line)
            opener.children.append(current)
        elif current is not None and not bullet and not numbered and not quoted:
            current.text = f"{current.text} {line}"
        else:
            current = ParsedPoint(line, quoted=bool(quoted))
            points.append(current)
    for point in points:
        for child in point.children:
            child.text = child.text.removesuffix(";").rstrip()  # the list's separator, not the text's
    return points


def format_points(points: Iterable[PointLike]) -> str:
    """The block that ``parse_points`` reads back into the same points."""
    blocks = []
    for point in points:
        lines = [_marked(point)]
        lines += [f"    {number}) {_marked(child)}" for number, child in enumerate(point.children, start=1)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _marked(point: PointLike) -> str:
    """A point's text, marked as a quote where its text alone would not say so."""
    return f"> {point.text}" if point.is_quote and not is_quote(point.text) else point.text

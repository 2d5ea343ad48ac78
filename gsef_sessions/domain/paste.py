"""Turn a pasted block of a report into points, and points back into such a block.

The rule, as rapporteurs paste from word processors and PDFs:
- a leading bullet (-, •, *, ) is stripped; a bulleted line always starts a new point;
- a blank line separates points; an unbulleted line right under a point continues it
  (text wrapped by the source);
- ``N)`` lines after a point ending in ``:`` (or indented under a point) become its sub-points;
- a point is a direct quote when it starts with a quotation mark and only punctuation follows
  its last quotation mark.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

BULLET = re.compile(r"^(?:[-*]\s+|[•\u2022\u25aa\u25cf\u25e6\u2023\u2043\u00b7\uf0b7\uf0a7\uf0d8\uf076]\s*)")
NUMBERED = re.compile(r"^\(?(\d{1,2})[)\.]\s+(.*)$")
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

    @property
    def is_quote(self) -> bool:
        return is_quote(self.text)


class PointLike(Protocol):
    """What ``format_points`` reads: a ``ParsedPoint``, or an adapter of stored points."""

    @property
    def text(self) -> str: ...

    @property
    def children(self) -> Sequence[PointLike]: ...


def is_quote(text: str) -> bool:
    text = text.strip()
    if not text or text[0] not in CLOSING_MARKS:
        return False
    last = max(text.rfind(mark) for mark in CLOSING_MARKS[text[0]])
    tail = text[last + 1 :]
    return last > 0 and all(unicodedata.category(c).startswith("P") or c.isspace() for c in tail)


def parse_points(text: str) -> list[ParsedPoint]:
    """Parse a pasted block into a list of top-level ``ParsedPoint`` (children one level deep)."""
    points = []
    current = None  # the point the next unbulleted line continues
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not raw.strip():
            current = None
            continue
        indented = raw[:1] in (" ", "\t") and raw.strip() != raw.rstrip()
        line = raw.strip()
        bullet = BULLET.match(line)
        if bullet:
            line = line[bullet.end() :].strip()
        numbered = NUMBERED.match(line)
        opener = points[-1] if points else None
        if numbered and opener and (opener.text.endswith(":") or opener.children or indented):
            current = ParsedPoint(numbered.group(2).strip())
            opener.children.append(current)
        elif current is not None and not bullet and not numbered:
            current.text = f"{current.text} {line}"
        else:
            current = ParsedPoint(line)
            points.append(current)
    return points


def format_points(points: Iterable[PointLike]) -> str:
    """The block that ``parse_points`` reads back into the same points."""
    blocks = []
    for point in points:
        lines = [point.text]
        lines += [f"    {number}) {child.text}" for number, child in enumerate(point.children, start=1)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)

"""An uploaded file or pasted text, as the numbered lines that ``report_import`` parses.

Why a module of its own: the parser reads one kind of input (marked-up lines, see
``docs/report-format.md``), whatever the rapporteur gives us. Everything about files lives here:
what a file really is (told from its bytes, never its name), its text encoding, the safety checks a
DOCX needs before it is opened (it is a ZIP, so it may be a zip bomb), and how Word's styles, lists
and tables become ``#`` headings, ``-`` bullets, ``N.`` items, ``**bold**`` lines and ``| … |`` rows.

Every refusal is an ``ImportRejected`` whose message is shown to the user as it is; nothing a user
uploads may end in a server error.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import docx
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from docx.enum.text import WD_UNDERLINE
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from ..conf import settings


class ImportRejected(ValueError):
    """The file or text cannot be imported; the message (translated) is shown to the user as is."""


@dataclass(frozen=True)
class Source:
    """A document as numbered lines, with what it was, for the parser and its messages."""

    lines: list[tuple[int, str]]  # (number in the source, text of the line)
    format: str  # "txt" | "md" | "docx"
    unit: str  # "line" (text) or "paragraph" (DOCX): what the numbers count, for "line 12" / "paragraph 12"


def read_source(*, data: bytes | None = None, text: str | None = None, filename: str = "") -> Source:
    """The lines of an uploaded file (``data``, its name in ``filename``) or of pasted ``text``.

    Raises ``ImportRejected`` for anything that is not a text document or a readable, safe DOCX.
    """
    if (data is None) == (text is None):
        raise TypeError("read_source() takes either data or text.")
    limit = settings.IMPORT_MAX_BYTES
    if text is not None:
        if len(text.encode("utf-8", "replace")) > limit:
            raise ImportRejected(_("The text is too long: the limit is {limit}.").format(limit=filesizeformat(limit)))
        text = text.removeprefix("\ufeff")
        if not text.strip():
            raise ImportRejected(_("The text is empty."))
        lines = _numbered(text)
        _reject_controls(lines)
        return Source(lines=lines, format=_text_format(lines), unit="line")

    data = bytes(data)
    if len(data) > limit:
        raise ImportRejected(
            _("The file is too large ({size}): the limit is {limit}.").format(
                size=filesizeformat(len(data)), limit=filesizeformat(limit)
            )
        )
    if not data:
        raise ImportRejected(_("The file is empty."))
    if data.startswith(ZIP_MAGIC):
        return Source(lines=_docx_lines(data, limit=limit), format="docx", unit="paragraph")
    _reject_known_binary(data)
    decoded = decode_text(data)
    if not decoded.strip():
        raise ImportRejected(_("The file is empty."))
    lines = _numbered(decoded)
    _reject_controls(lines)
    markdown = filename.lower().endswith((".md", ".markdown"))
    return Source(lines=lines, format="md" if markdown else _text_format(lines), unit="line")


# --- Text ---------------------------------------------------------------------------------------------

LINE_BREAK = re.compile(r"\r\n|\r|\n")
MD_HEADING = re.compile(r"#{1,6} ")
# C0 controls a text document may not hold: all but tab, line feed, carriage return and form feed.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _numbered(text: str) -> list[tuple[int, str]]:
    """Lines numbered from 1; a form feed (a PDF-to-text page end) is a line break."""
    lines = LINE_BREAK.split(text.replace("\f", "\n"))
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # the break that ends the last line opens no line of its own
    return list(enumerate(lines, start=1))


def _text_format(lines: list[tuple[int, str]]) -> str:
    """Markdown when the text says so: a front matter opening at the top, or ``#`` headings."""
    if lines and lines[0][1].rstrip() == "---":
        return "md"
    return "md" if any(MD_HEADING.match(line) for _number, line in lines) else "txt"


def _reject_controls(lines: list[tuple[int, str]]) -> None:
    for number, line in lines:
        found = CONTROL.search(line)
        if found:
            raise ImportRejected(
                _("This is not a text document: line {number} holds a control character (U+{code}).").format(
                    number=number, code=f"{ord(found.group()):04X}"
                )
            )


def decode_text(data: bytes) -> str:
    """The text, by its byte order mark, else as UTF-8, else as Windows-1252 (older Windows editors)."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise ImportRejected(_("The file is not UTF-8, UTF-16 or Windows-1252 text.")) from None
    if b"\x00" in data:
        # No 8-bit text holds NUL bytes: this is binary data (or UTF-16 without its byte order mark).
        raise ImportRejected(_("This file is not a text document."))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")  # control characters are refused by the caller, with their line
    except UnicodeDecodeError:
        if CONTROL_BYTES.search(data):
            raise ImportRejected(_("This file is not a text document.")) from None
        raise ImportRejected(_("The file is not UTF-8, UTF-16 or Windows-1252 text.")) from None


# --- What a file is, by its first bytes ---------------------------------------------------------------

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _kinds() -> list[tuple[bytes, str]]:
    # A function so that the names are translated in the language active when a file is refused.
    return [
        (b"%PDF", _("a PDF document")),
        (b"{\\rtf", _("an RTF document")),
        (b"\x89PNG\r\n\x1a\n", _("a PNG image")),
        (b"\xff\xd8\xff", _("a JPEG image")),
        (b"GIF87a", _("a GIF image")),
        (b"GIF89a", _("a GIF image")),
        (b"\x7fELF", _("a program")),
        (b"\x1f\x8b", _("a gzip archive")),
        (b"Rar!\x1a\x07", _("a RAR archive")),
        (b"7z\xbc\xaf\x27\x1c", _("a 7z archive")),
    ]


def _reject_known_binary(data: bytes) -> None:
    if data.startswith(OLE_MAGIC):
        # Word keeps a password-protected DOCX in an OLE container, and .doc files are OLE too.
        raise ImportRejected(
            _("This is an encrypted DOCX or an old .doc: save it as an unprotected .docx and upload that.")
        )
    for magic, kind in _kinds():
        if data.startswith(magic):
            raise ImportRejected(_not_a_document(kind))
    if data.startswith(b"MZ") and len(data) >= 64:
        # A Windows program: "MZ", then at 0x3C the offset of its "PE\0\0" header.
        offset = int.from_bytes(data[0x3C:0x40], "little")
        if data[offset : offset + 4] == b"PE\x00\x00":
            raise ImportRejected(_not_a_document(_("a program")))


def _not_a_document(kind: str) -> str:
    return _("This is {kind}, not a text document or a Word document (.docx).").format(kind=kind)


# --- DOCX: checks before it is opened -----------------------------------------------------------------

MAX_MEMBERS = 1000
MAX_RATIO = 200  # uncompressed / compressed, for members over RATIO_FROM bytes
RATIO_FROM = 1024 * 1024
UNPACKED_FACTOR = 20  # the members together may be 20 × IMPORT_MAX_BYTES unpacked


def _corrupt() -> ImportRejected:
    return ImportRejected(
        _("This is a corrupt DOCX or not a Word document: open it in Word, save it again as .docx and retry.")
    )


def _check_zip(data: bytes, *, limit: int) -> None:
    """Refuse what would be unsafe or pointless to hand to python-docx, from the ZIP directory alone."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception as exc:  # zipfile raises BadZipFile, ValueError, OSError, EOFError… on bad input
        raise _corrupt() from exc
    if len(members) > MAX_MEMBERS:
        raise ImportRejected(_("This DOCX has too many parts ({count}) to be read.").format(count=len(members)))
    names = {member.filename for member in members}
    if "EncryptedPackage" in names or any(member.flag_bits & 0x1 for member in members):
        raise ImportRejected(_("This DOCX is encrypted: save it without a password and upload that."))
    unpacked = sum(member.file_size for member in members)
    if unpacked > UNPACKED_FACTOR * limit or any(
        member.file_size > RATIO_FROM and member.file_size > MAX_RATIO * max(member.compress_size, 1)
        for member in members
    ):
        raise ImportRejected(_("This DOCX is too large once unpacked to be read."))
    if "word/document.xml" not in names:
        if "xl/workbook.xml" in names:
            raise ImportRejected(_not_a_document(_("a spreadsheet (.xlsx)")))
        if "ppt/presentation.xml" in names:
            raise ImportRejected(_not_a_document(_("a presentation (.pptx)")))
        if "content.xml" in names and "mimetype" in names:
            raise ImportRejected(_not_a_document(_("an OpenDocument file (.odt, .ods…)")))
        raise ImportRejected(_not_a_document(_("a ZIP archive")))


def _docx_lines(data: bytes, *, limit: int) -> list[tuple[int, str]]:
    _check_zip(data, limit=limit)
    try:
        document = docx.Document(io.BytesIO(data))
        lines = _DocxReader(document).lines()
        footer = _footer_fields(document)
    except Exception as exc:  # python-docx and lxml raise many kinds of errors on a malformed package
        raise _corrupt() from exc
    if not any(line for _number, line in lines):
        raise ImportRejected(_("The document is empty."))
    return [*footer, *lines]


def _footer_fields(document) -> list[tuple[int, str]]:
    """The page footers' "Label: value" lines (the sponsor's "With the cooperation of: …"), put
    before the body as header lines numbered 0; the rest of a footer (page numbers) is furniture."""
    texts = []
    for section in document.sections:
        for paragraph in section.footer.paragraphs:
            text = " ".join(paragraph.text.split())
            label, colon, value = text.partition(":")
            if colon and label and value.strip() and text not in texts:
                texts.append(text)
    return [line for text in texts for line in ((0, text), (0, ""))]


# --- DOCX: the body as lines ----------------------------------------------------------------------------

# Word's built-in heading styles by their names and ids in English, French, Spanish, Portuguese and
# German (German ids drop the "Ü": "berschrift1").
HEADING_STYLE = re.compile(r"(?:heading|titre|t[ií]tulo|[uü]?berschrift|ueberschrift)\s*([1-9])", re.IGNORECASE)
TITLE_STYLE = re.compile(r"title|titre|t[ií]tulo|titel", re.IGNORECASE)
# A list style's level by its name: "List Bullet 2" is the second level.
STYLE_LEVEL = re.compile(r".*\D([2-9])")
NAMESPACES = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
# A paragraph's runs, also inside hyperlinks, fields, content controls and tracked insertions; not
# tracked deletions, nor text boxes (shapes anchored in the paragraph, often with their text twice).
RUNS = etree.XPath(
    ".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom) and not(ancestor::w:txbxContent)]",
    namespaces=NAMESPACES,
)
# A table's rows and a row's cells, also inside content controls.
ROWS = etree.XPath("./w:tr | ./w:sdt/w:sdtContent/w:tr", namespaces=NAMESPACES)
CELLS = etree.XPath("./w:tc | ./w:sdt/w:sdtContent/w:tc", namespaces=NAMESPACES)
CELL_PARAGRAPHS = etree.XPath(".//w:p[not(ancestor::w:txbxContent)]", namespaces=NAMESPACES)
MAX_STYLE_DEPTH = 20  # "based on" chains are short; a cycle in a malformed file must not loop


@dataclass(frozen=True)
class _Numbering:
    num_id: str
    ilvl: int  # the level in the numbering definition
    level: int  # the level shown: the indentation of the line
    style_name: str


class _DocxReader:
    """Reads a python-docx ``Document``'s body in document order, paragraphs and table rows alike."""

    def __init__(self, document):
        self.document = document
        self.numbering = document.part.numbering_part.element
        self.counters: dict[tuple[str, int], int] = {}
        self.formats: dict[tuple[str, int], tuple[str, int]] = {}
        self.styles: dict[str | None, list] = {}

    def lines(self) -> list[tuple[int, str]]:
        """One blank line between paragraphs (a paragraph is a unit), none between a table's rows.

        A line's number is that of the body paragraph or table row it comes from; a blank line
        between two takes the number of the one before.
        """
        lines: list[tuple[int, str]] = []
        previous = (0, None)  # (number, table) of the last unit read
        for number, text, table in self.units():
            if not text:
                if lines and lines[-1][1]:
                    lines.append((number, ""))
            else:
                same_table = table is not None and table == previous[1]
                if lines and lines[-1][1] and not same_table:
                    lines.append((previous[0], ""))
                lines.append((number, text))
            previous = (number, table)
        while lines and not lines[-1][1]:
            lines.pop()
        return lines

    def units(self) -> Iterator[tuple[int, str, int | None]]:
        """(number, line, the table's index or None) for each body paragraph and table row, in order."""
        number = tables = 0
        for element in self.blocks(self.document.element.body):
            if element.tag == qn("w:p"):
                number += 1
                yield number, self.paragraph_line(element), None
            else:
                tables += 1
                for row in ROWS(element):
                    number += 1
                    yield number, self.row_line(row), tables

    def blocks(self, container) -> Iterator:
        for child in container:
            if child.tag in (qn("w:p"), qn("w:tbl")):
                yield child
            elif child.tag == qn("w:sdt"):  # a content control: its content is part of the body
                for content in child.iterchildren(qn("w:sdtContent")):
                    yield from self.blocks(content)
            elif child.tag == qn("w:customXml"):
                yield from self.blocks(child)

    # --- Rows

    def row_line(self, row) -> str:
        cells = []
        for cell in CELLS(row):
            merge = cell.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
            if merge is not None and merge.get(qn("w:val"), "continue") == "continue":
                cells.append("")  # the cell above holds the text of a vertically merged cell
                continue
            texts = (self.text(p) for p in CELL_PARAGRAPHS(cell))
            cells.append(" ".join(text for text in texts if text))
        return "| " + " | ".join(cells) + " |" if cells else ""

    # --- Paragraphs

    def runs(self, p) -> list[Run]:
        paragraph = Paragraph(p, self.document)
        return [Run(r, paragraph) for r in RUNS(p)]

    def text(self, p) -> str:
        """The visible text on one line: soft line breaks and tabs become spaces."""
        text = "".join(run.text for run in self.runs(p))
        return re.sub(r"[ \t]*[\n\t][ \t]*", " ", text).strip()

    def paragraph_line(self, p) -> str:
        """A paragraph (a ``w:p`` of the body) as one marked-up line."""
        text = self.text(p)
        styles = self.paragraph_styles(p)
        heading = heading_level(styles)
        if heading:
            return "#" * heading + " " + text if text else ""
        numbering = self.numbering_of(p, styles)
        if numbering is not None:
            marker = self.list_marker(numbering)
            return "    " * numbering.level + marker + " " + text if text else ""
        if text and self.emphasised(p, styles):
            return f"**{text}**"
        return text

    def paragraph_styles(self, p) -> list:
        """The paragraph's style chain, looked up once per style: python-docx searches the styles
        part for every paragraph, which costs more than the rest of the reading."""
        p_pr = p.find(qn("w:pPr"))
        p_style = p_pr.find(qn("w:pStyle")) if p_pr is not None else None
        key = p_style.get(qn("w:val")) if p_style is not None else None
        if key not in self.styles:
            self.styles[key] = list(style_chain(Paragraph(p, self.document).style))
        return self.styles[key]

    def emphasised(self, p, styles: list) -> bool:
        """All visible text in bold, or all underlined (whitespace runs aside)."""
        visible = [run for run in self.runs(p) if run.text.strip()]
        if not visible:
            return False
        bold = all(effective(run, styles, "bold") for run in visible)
        return bold or all(effective(run, styles, "underline") for run in visible)

    # --- Lists

    def numbering_of(self, p, styles: list) -> _Numbering | None:
        """The list a paragraph is an item of: its own numbering, else its style's (List Bullet…)."""
        own = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        own_id, own_ilvl = numpr_values(own)
        style_id, style_ilvl, style_name = None, None, ""
        for style in styles:
            found = style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if found is not None:
                style_id, style_ilvl = numpr_values(found)
                style_name = style.name or ""
                break
        num_id = own_id if own_id is not None else style_id
        if num_id is None or num_id == "0":  # numId 0 removes the numbering a style gives
            return None
        ilvl = own_ilvl if own_ilvl is not None else (style_ilvl or 0)
        if own_ilvl is not None:
            level = own_ilvl
        elif match := STYLE_LEVEL.fullmatch(style_name):
            level = int(match.group(1)) - 1
        else:
            level = style_ilvl or 0
        name = style_name or (styles[0].name if styles else "") or ""
        return _Numbering(num_id=num_id, ilvl=min(ilvl, 8), level=min(level, 8), style_name=name)

    def list_marker(self, numbering: _Numbering) -> str:
        # A shallower item restarts the numbering of every deeper level.
        for key in [key for key in self.counters if key[1] > numbering.level]:
            del self.counters[key]
        kind, start = self.level_format(numbering)
        if kind == "bullet":
            return "-"
        key = (numbering.num_id, numbering.level)
        self.counters[key] = self.counters[key] + 1 if key in self.counters else start
        return f"{self.counters[key]}."

    def level_format(self, numbering: _Numbering) -> tuple[str, int]:
        """("bullet" or "number", first number) from the numbering definitions, else the style's name."""
        key = (numbering.num_id, numbering.ilvl)
        if key not in self.formats:
            level = self.definition(numbering)
            fmt = start = None
            if level is not None:
                fmt = level.find(qn("w:numFmt"))
                start = level.find(qn("w:start"))
            if fmt is not None:
                kind = "bullet" if fmt.get(qn("w:val")) in ("bullet", "none") else "number"
            else:
                kind = "number" if re.search(r"num", numbering.style_name, re.IGNORECASE) else "bullet"
            self.formats[key] = (kind, to_int(start.get(qn("w:val")) if start is not None else None, default=1))
        return self.formats[key]

    def definition(self, numbering: _Numbering):
        """The ``w:lvl`` of a list's level: the list's own override, else its abstract definition's."""
        ilvl = str(numbering.ilvl)
        for num in self.numbering.iterchildren(qn("w:num")):
            if num.get(qn("w:numId")) != numbering.num_id:
                continue
            for override in num.iterchildren(qn("w:lvlOverride")):
                if override.get(qn("w:ilvl")) == ilvl and override.find(qn("w:lvl")) is not None:
                    return override.find(qn("w:lvl"))
            abstract = num.find(qn("w:abstractNumId"))
            abstract_id = abstract.get(qn("w:val")) if abstract is not None else None
            for definition in self.numbering.iterchildren(qn("w:abstractNum")):
                if definition.get(qn("w:abstractNumId")) == abstract_id:
                    for level in definition.iterchildren(qn("w:lvl")):
                        if level.get(qn("w:ilvl")) == ilvl:
                            return level
            return None
        return None


def numpr_values(numpr) -> tuple[str | None, int | None]:
    if numpr is None:
        return None, None
    num_id = numpr.find(qn("w:numId"))
    ilvl = numpr.find(qn("w:ilvl"))
    return (
        num_id.get(qn("w:val")) if num_id is not None else None,
        to_int(ilvl.get(qn("w:val")), default=0) if ilvl is not None else None,
    )


def to_int(value: str | None, *, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def style_chain(style) -> Iterator:
    """A style, then the styles it is based on."""
    seen = 0
    while style is not None and seen < MAX_STYLE_DEPTH:
        yield style
        style = style.base_style
        seen += 1


def heading_level(styles: list) -> int:
    """1–6 for a Title or Heading N style (or a style based on one), else 0."""
    for style in styles:
        for name in (style.name or "", style.style_id or ""):
            if TITLE_STYLE.fullmatch(name):
                return 1
            match = HEADING_STYLE.fullmatch(name)
            if match:
                return min(int(match.group(1)), 6)
    return 0


def effective(run: Run, paragraph_styles: list, attribute: str) -> bool:
    """A run's bold or underline: its own, else its character style's, else its paragraph style's."""
    value = getattr(run, attribute)
    if value is None:
        styles = [*style_chain(run.style), *paragraph_styles]
        value = next((v for v in (getattr(s.font, attribute) for s in styles) if v is not None), None)
    return value not in (None, False, WD_UNDERLINE.NONE)

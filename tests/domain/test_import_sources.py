"""What an uploaded file or pasted text becomes before the report parser reads it: numbered lines.

The DOCX cases are built with python-docx here (or from the seed report in ``tests.docx_builders``);
the refusals use the first bytes of real formats and ZIP files built with ``zipfile``.
"""

import io
import random
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_UNDERLINE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from gsef_sessions.checks import RULES
from gsef_sessions.domain.import_sources import ImportRejected, Source, read_source
from tests.docx_builders import FOOTER, STYLES, all_points, seed_docx

NOT_DECODED = "The file is not UTF-8, UTF-16 or Windows-1252 text."
CORRUPT = "This is a corrupt DOCX or not a Word document: open it in Word, save it again as .docx and retry."
UNPACKED = "This DOCX is too large once unpacked to be read."


def rejected(**kwargs):
    with pytest.raises(ImportRejected) as caught:
        read_source(**kwargs)
    return str(caught.value)


def docx_bytes(document):
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_lines(document):
    source = read_source(data=docx_bytes(document), filename="report.docx")
    assert (source.format, source.unit) == ("docx", "paragraph")
    return source.lines


def zip_bytes(members, *, compression=zipfile.ZIP_DEFLATED):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def last_paragraph(document):
    """The ``w:p`` added last (python-docx adds paragraphs before the body's closing ``w:sectPr``)."""
    return document.element.body.findall(qn("w:p"))[-1]


def set_numbering(p, *, num_id, ilvl=None):
    p_pr = p.find(qn("w:pPr"))
    if p_pr is None:
        p_pr = OxmlElement("w:pPr")
        p.insert(0, p_pr)
    num_pr = OxmlElement("w:numPr")
    if ilvl is not None:
        num_pr.append(OxmlElement("w:ilvl", attrs={qn("w:val"): str(ilvl)}))
    num_pr.append(OxmlElement("w:numId", attrs={qn("w:val"): str(num_id)}))
    p_pr.append(num_pr)


# --- Pasted text ------------------------------------------------------------------------------------------


def test_read_source_pasted_text_numbers_lines_split_on_any_line_break():
    source = read_source(text="Round 1\r\nWhat are the opportunities?\rSoledad Aragón Martínez\n- A point.\n")
    assert source == Source(
        lines=[(1, "Round 1"), (2, "What are the opportunities?"), (3, "Soledad Aragón Martínez"), (4, "- A point.")],
        format="txt",
        unit="line",
    )


def test_read_source_pasted_text_keeps_blank_and_indented_lines():
    source = read_source(text="- For better practices:\n\n    1) Good practice.\n\n\n")
    assert source.lines == [(1, "- For better practices:"), (2, ""), (3, "    1) Good practice."), (4, ""), (5, "")]


def test_read_source_form_feed_is_a_line_break():
    source = read_source(text="in a context\fof digitalization\n\fRound 2")
    assert source.lines == [(1, "in a context"), (2, "of digitalization"), (3, ""), (4, "Round 2")]


def test_read_source_pasted_front_matter_is_md():
    source = read_source(text="---\ntitle: New Digitalization Era\n---\n\nName of the moderator:")
    assert source.format == "md"


def test_read_source_pasted_heading_lines_are_md():
    assert read_source(text="Report\n\n## Round 1\n").format == "md"
    assert read_source(text="###### Deepest\n").format == "md"


def test_read_source_pasted_hash_without_heading_is_txt():
    assert read_source(text="#GSEF2020 was virtual\n####### seven\n- # 1 point\n---x").format == "txt"


def test_read_source_pasted_bom_is_dropped():
    assert read_source(text="\ufeff# Title").lines == [(1, "# Title")]


def test_read_source_pasted_control_character_rejected():
    message = rejected(text="Round 1\nA point\x00 with a NUL")
    assert message == "This is not a text document: line 2 holds a control character (U+0000)."


def test_read_source_pasted_empty_rejected():
    assert rejected(text="") == "The text is empty."
    assert rejected(text=" \n\t\f\n") == "The text is empty."


def test_read_source_pasted_text_over_limit_rejected(settings):
    settings.GSEF_SESSIONS_IMPORT_MAX_BYTES = 10
    assert read_source(text="Peñaranda").lines == [(1, "Peñaranda")]  # 10 bytes in UTF-8
    assert rejected(text="Peñarandas") == "The text is too long: the limit is 10\xa0bytes."


def test_read_source_needs_data_or_text_not_both():
    with pytest.raises(TypeError):
        read_source()
    with pytest.raises(TypeError):
        read_source(data=b"a", text="a")


# --- Text files -------------------------------------------------------------------------------------------


def test_read_source_utf8_file_is_txt():
    source = read_source(data="Enrique Peñaranda\n\n- A point.\n".encode(), filename="report.txt")
    assert source == Source(lines=[(1, "Enrique Peñaranda"), (2, ""), (3, "- A point.")], format="txt", unit="line")


def test_read_source_md_name_is_md_whatever_the_content():
    assert read_source(data=b"Round 1\n", filename="Report.MD").format == "md"
    assert read_source(data=b"Round 1\n", filename="report.markdown").format == "md"


def test_read_source_md_content_is_md_whatever_the_name():
    assert read_source(data=b"# Name of the moderator:\n", filename="report.txt").format == "md"
    assert read_source(data=b"---\ntitle: X\n---\n", filename="").format == "md"


def test_read_source_utf8_bom_honoured():
    source = read_source(data=b"\xef\xbb\xbf# Pe\xc3\xb1aranda\r\n", filename="report.txt")
    assert (source.lines, source.format) == ([(1, "# Peñaranda")], "md")


def test_read_source_utf16_le_bom_honoured():
    data = "\ufeffEnrique Peñaranda\r\n- “Digitalization”\r\n".encode("utf-16-le")
    assert read_source(data=data).lines == [(1, "Enrique Peñaranda"), (2, "- “Digitalization”")]


def test_read_source_utf16_be_bom_honoured():
    data = "\ufeffEnrique Peñaranda\n- “Digitalization”".encode("utf-16-be")
    assert read_source(data=data).lines == [(1, "Enrique Peñaranda"), (2, "- “Digitalization”")]


def test_read_source_utf16_odd_length_rejected():
    assert rejected(data=b"\xff\xfea\x00b") == NOT_DECODED


def test_read_source_cp1252_file_decoded():
    data = "Enrique Peñaranda – “Digitalization is democratizing knowledge”".encode("cp1252")
    assert read_source(data=data, filename="report.txt").lines == [
        (1, "Enrique Peñaranda – “Digitalization is democratizing knowledge”")
    ]


def test_read_source_neither_utf8_nor_cp1252_rejected():
    assert rejected(data=b"Pe\xf1aranda \x81", filename="report.txt") == NOT_DECODED


def test_read_source_control_character_in_file_rejected():
    message = rejected(data=b"Round 1\n\nA point\x1b[0m")
    assert message == "This is not a text document: line 3 holds a control character (U+001B)."


def test_read_source_control_character_in_cp1252_file_rejected():
    message = rejected(data="Peñaranda\x7f".encode("cp1252"))
    assert message == "This is not a text document: line 1 holds a control character (U+007F)."


def test_read_source_binary_without_nul_rejected():
    assert rejected(data=b"\x81\x02\x03\x90\x8d") == "This file is not a text document."


def test_read_source_nul_in_file_rejected():
    assert rejected(data=b"Round 1\x00\x00\x00", filename="report.txt") == "This file is not a text document."


def test_read_source_control_character_in_utf16_file_rejected():
    data = "\ufeffRound 1\n\x07".encode("utf-16-le")
    assert rejected(data=data) == "This is not a text document: line 2 holds a control character (U+0007)."


def test_read_source_form_feed_in_file_is_a_line_break():
    assert read_source(data=b"page one\x0cpage two").lines == [(1, "page one"), (2, "page two")]


# --- Refusals by size and kind ----------------------------------------------------------------------------


def test_read_source_empty_file_rejected():
    assert rejected(data=b"", filename="report.txt") == "The file is empty."


def test_read_source_whitespace_file_rejected():
    assert rejected(data=b"\xef\xbb\xbf \r\n\t\n", filename="report.txt") == "The file is empty."


def test_read_source_file_over_limit_rejected(settings):
    settings.GSEF_SESSIONS_IMPORT_MAX_BYTES = 1024
    assert read_source(data=b"a" * 1024).lines == [(1, "a" * 1024)]
    assert rejected(data=b"a" * 1025) == "The file is too large (1.0\xa0KB): the limit is 1.0\xa0KB."


def test_read_source_default_limit_is_10_mb():
    data = b"a" * (10 * 1024 * 1024 + 1)
    assert rejected(data=data) == "The file is too large (10.0\xa0MB): the limit is 10.0\xa0MB."


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
        (b"GIF89a\x01\x00\x01\x00", "a GIF image"),
        (b"\x7fELF\x02\x01\x01\x00", "a program"),
        (b"MZ\x90\x00" + bytes(56) + (64).to_bytes(4, "little") + b"PE\x00\x00", "a program"),
        (b"{\\rtf1\\ansi Round 1}", "an RTF document"),
        (b"\x1f\x8b\x08\x00", "a gzip archive"),
    ],
    ids=["pdf", "png", "jpeg", "gif", "elf", "exe", "rtf", "gzip"],
)
def test_read_source_known_binary_rejected_by_name(data, kind):
    assert rejected(data=data, filename="report.txt") == (
        f"This is {kind}, not a text document or a Word document (.docx)."
    )


def test_read_source_text_starting_with_mz_is_text():
    assert read_source(data=b"MZ Foundation" + b" report" * 20).lines == [(1, "MZ Foundation" + " report" * 20)]


def test_read_source_random_binary_rejected():
    data = random.Random(2020).randbytes(4096)
    assert rejected(data=data, filename="report.docx") == "This file is not a text document."


def test_read_source_ole_file_rejected_as_encrypted_or_doc():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert rejected(data=data, filename="report.docx") == (
        "This is an encrypted DOCX or an old .doc: save it as an unprotected .docx and upload that."
    )


# --- DOCX safety ------------------------------------------------------------------------------------------


def test_read_source_corrupt_zip_rejected():
    assert rejected(data=b"PK\x03\x04" + b"\x14\x00" * 40, filename="report.docx") == CORRUPT


def test_read_source_truncated_docx_rejected():
    data = seed_docx(style="headings")
    assert rejected(data=data[: len(data) // 2], filename="report.docx") == CORRUPT


def test_read_source_zip_without_document_xml_rejected():
    data = zip_bytes({"notes.txt": "Round 1"})
    assert rejected(data=data) == "This is a ZIP archive, not a text document or a Word document (.docx)."


def test_read_source_spreadsheet_rejected_by_name():
    data = zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
    assert rejected(data=data) == "This is a spreadsheet (.xlsx), not a text document or a Word document (.docx)."


def test_read_source_broken_document_xml_rejected_as_corrupt():
    data = zip_bytes({"[Content_Types].xml": "<Types", "word/document.xml": "<w:document"})
    assert rejected(data=data) == CORRUPT


def test_read_source_encrypted_package_member_rejected():
    data = zip_bytes({"EncryptedPackage": b"\x00" * 16, "word/document.xml": "<x/>"})
    assert rejected(data=data) == "This DOCX is encrypted: save it without a password and upload that."


def test_read_source_too_many_members_rejected():
    data = zip_bytes({"word/document.xml": "<x/>", **{f"word/media/image{n}.png": b"" for n in range(1000)}})
    assert rejected(data=data) == "This DOCX has too many parts (1001) to be read."


def test_read_source_zip_bomb_rejected():
    # 300 MB of zeros packs into some 300 KB: well under the 10 MB limit, 1,000 times compressed.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = bytes(1024 * 1024)
            for _ in range(300):
                member.write(chunk)
    assert len(out.getvalue()) < 400_000
    assert rejected(data=out.getvalue(), filename="report.docx") == UNPACKED


def test_read_source_member_compressed_over_200_times_rejected():
    # 2 MB of zeros is well within 20 × 10 MB, but a thousand times compressed.
    data = zip_bytes({"word/document.xml": "<x/>", "word/media/image1.png": bytes(2 * 1024 * 1024)})
    assert rejected(data=data) == UNPACKED


def test_read_source_members_unpacked_over_20_times_limit_rejected(settings):
    settings.GSEF_SESSIONS_IMPORT_MAX_BYTES = 10_000
    members = {"word/document.xml": "<x/>", "word/media/image1.png": bytes(20 * 10_000)}
    data = zip_bytes(members)
    assert len(data) < 10_000
    assert rejected(data=data) == UNPACKED


def test_read_source_empty_docx_rejected():
    document = docx.Document()
    document.add_paragraph("")
    document.add_paragraph("   ")
    assert rejected(data=docx_bytes(document)) == "The document is empty."


def test_import_max_bytes_setting_must_be_positive_integer():
    assert RULES["IMPORT_MAX_BYTES"]("GSEF_SESSIONS_IMPORT_MAX_BYTES", 10 * 1024 * 1024) == []
    [error] = RULES["IMPORT_MAX_BYTES"]("GSEF_SESSIONS_IMPORT_MAX_BYTES", "10M")
    assert (error.id, error.msg) == (
        "gsef_sessions.E010",
        "GSEF_SESSIONS_IMPORT_MAX_BYTES should be a positive integer (bytes), not '10M'.",
    )


# --- DOCX mapping -----------------------------------------------------------------------------------------


def test_docx_headings_by_style():
    document = docx.Document()
    document.add_heading("Plenary 3 Session report", level=0)  # the Title style
    document.add_heading("Name of the moderator:", level=1)
    document.add_heading("Round 1", level=2)
    document.add_heading("Soledad Aragón Martínez", level=3)
    document.add_heading("Deep", level=9)
    assert docx_lines(document) == [
        (1, "# Plenary 3 Session report"),
        (1, ""),
        (2, "# Name of the moderator:"),
        (2, ""),
        (3, "## Round 1"),
        (3, ""),
        (4, "### Soledad Aragón Martínez"),
        (4, ""),
        (5, "###### Deep"),
    ]


def test_docx_localised_heading_styles():
    document = docx.Document()
    for name in ("Titre 1", "Título 2", "Überschrift 3", "heading 2 custom"):
        document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Nom du modérateur :", style="Titre 1")
    document.add_paragraph("Ronda 1", style="Título 2")
    document.add_paragraph("Oihane Agirregoitia", style="Überschrift 3")
    document.add_paragraph("Not a heading", style="heading 2 custom")
    assert docx_lines(document) == [
        (1, "# Nom du modérateur :"),
        (1, ""),
        (2, "## Ronda 1"),
        (2, ""),
        (3, "### Oihane Agirregoitia"),
        (3, ""),
        (4, "Not a heading"),
    ]


def test_docx_style_based_on_a_heading_is_a_heading():
    document = docx.Document()
    style = document.styles.add_style("Segment", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Heading 2"]
    document.add_paragraph("Conclusions", style="Segment")
    assert docx_lines(document) == [(1, "## Conclusions")]


def test_docx_bold_line():
    document = docx.Document()
    document.add_paragraph().add_run("Soledad Aragón Martínez").bold = True
    paragraph = document.add_paragraph()
    paragraph.add_run("Round 1").bold = True
    paragraph.add_run("  ")  # whitespace runs do not count
    assert docx_lines(document) == [(1, "**Soledad Aragón Martínez**"), (1, ""), (2, "**Round 1**")]


def test_docx_partly_bold_line_is_plain():
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("Moderator:").bold = True
    paragraph.add_run(" Marisol Fernández Alonso")
    assert docx_lines(document) == [(1, "Moderator: Marisol Fernández Alonso")]


def test_docx_bold_by_character_or_paragraph_style():
    document = docx.Document()
    document.add_paragraph().add_run("Baudouin Kola", style="Strong")
    style = document.styles.add_style("Speaker", WD_STYLE_TYPE.PARAGRAPH)
    style.font.bold = True
    document.add_paragraph("Audrey Tang", style="Speaker")
    unbold = document.add_paragraph(style="Speaker").add_run("Not bold")
    unbold.bold = False
    assert docx_lines(document) == [(1, "**Baudouin Kola**"), (1, ""), (2, "**Audrey Tang**"), (2, ""), (3, "Not bold")]


def test_docx_underlined_line():
    document = docx.Document()
    document.add_paragraph().add_run("Enrique Peñaranda").underline = True
    document.add_paragraph().add_run("Beatrice Alain").underline = WD_UNDERLINE.DOUBLE
    document.add_paragraph().add_run("Not underlined").underline = WD_UNDERLINE.NONE
    assert docx_lines(document) == [
        (1, "**Enrique Peñaranda**"),
        (1, ""),
        (2, "**Beatrice Alain**"),
        (2, ""),
        (3, "Not underlined"),
    ]


def test_docx_bullets():
    document = docx.Document()
    document.add_paragraph("The pandemic has accelerated the process.", style="List Bullet")
    document.add_paragraph('"Digitalization is democratizing knowledge".', style="List Bullet")
    assert docx_lines(document) == [
        (1, "- The pandemic has accelerated the process."),
        (1, ""),
        (2, '- "Digitalization is democratizing knowledge".'),
    ]


def test_docx_list_bullet_2_is_a_nested_bullet():
    document = docx.Document()
    document.add_paragraph("For better practices, there are four points to focus on:", style="List Bullet")
    document.add_paragraph("Good practice in training and education.", style="List Bullet 2")
    document.add_paragraph("Production chains and market.", style="List Bullet 2")
    document.add_paragraph("Third level.", style="List Bullet 3")
    assert docx_lines(document) == [
        (1, "- For better practices, there are four points to focus on:"),
        (1, ""),
        (2, "    - Good practice in training and education."),
        (2, ""),
        (3, "    - Production chains and market."),
        (3, ""),
        (4, "        - Third level."),
    ]


def test_docx_nested_bullets_by_level():
    # Word's own lists: "List Paragraph" with a numbering and a level (ilvl) on each paragraph.
    document = docx.Document()
    bullets = document.styles["List Bullet"].element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    num_id = bullets.get(qn("w:val"))
    for text, ilvl in (("A point:", 0), ("a sub-point", 1), ("another", 1), ("Next point", 0)):
        document.add_paragraph(text, style="List Paragraph")
        set_numbering(last_paragraph(document), num_id=num_id, ilvl=ilvl)
    assert [line for _n, line in docx_lines(document) if line] == [
        "- A point:",
        "    - a sub-point",
        "    - another",
        "- Next point",
    ]


def test_docx_numbered_list_counts_and_restarts_under_a_shallower_item():
    document = docx.Document()
    document.add_paragraph("Soledad Aragón Martínez", style="List Number")
    document.add_paragraph("Oihane Agirregoitia", style="List Number")
    document.add_paragraph("Good practice.", style="List Number 2")
    document.add_paragraph("Production chains.", style="List Number 2")
    document.add_paragraph("Baudouin Kola", style="List Number")
    document.add_paragraph("Again from one.", style="List Number 2")
    document.add_paragraph("A bullet also restarts deeper levels:", style="List Bullet")
    document.add_paragraph("One.", style="List Number 2")
    assert [line for _n, line in docx_lines(document) if line] == [
        "1. Soledad Aragón Martínez",
        "2. Oihane Agirregoitia",
        "    1. Good practice.",
        "    2. Production chains.",
        "3. Baudouin Kola",
        "    1. Again from one.",
        "- A bullet also restarts deeper levels:",
        "    1. One.",
    ]


def test_docx_numbering_zero_removes_the_style_list():
    document = docx.Document()
    document.add_paragraph("Not a list item", style="List Bullet")
    set_numbering(last_paragraph(document), num_id=0)
    assert docx_lines(document) == [(1, "Not a list item")]


def test_docx_table_rows_between_paragraphs_in_order():
    document = docx.Document()
    document.add_paragraph("Plenary 3 Session report")
    table = document.add_table(rows=3, cols=2)
    for row, (label, value) in zip(
        table.rows,
        [("Session title:", "New Digitalization Era"), ("", "Challenges and Opportunities"), ("Date:", "October")],
        strict=True,
    ):
        row.cells[0].text = label
        row.cells[1].text = value
    document.add_paragraph("Name of the moderator:")
    assert docx_lines(document) == [
        (1, "Plenary 3 Session report"),
        (1, ""),
        (2, "| Session title: | New Digitalization Era |"),
        (3, "|  | Challenges and Opportunities |"),
        (4, "| Date: | October |"),
        (4, ""),
        (5, "Name of the moderator:"),
    ]


def test_docx_merged_cells_read_once():
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "Participants (number of people connected)"
    table.cell(1, 0).text = "Session title:"
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(1, 1).text = "New Digitalization Era"
    table.cell(2, 1).text = "Challenges"
    cell = table.cell(1, 2)
    cell.text = "first paragraph"
    cell.add_paragraph("second paragraph")
    assert docx_lines(document) == [
        (1, "| Participants (number of people connected) |"),
        (2, "| Session title: | New Digitalization Era | first paragraph second paragraph |"),
        (3, "|  | Challenges |  |"),
    ]


def test_docx_two_tables_are_separated():
    document = docx.Document()
    document.add_table(rows=1, cols=1).cell(0, 0).text = "one"
    document.add_table(rows=1, cols=1).cell(0, 0).text = "two"
    assert docx_lines(document) == [(1, "| one |"), (1, ""), (2, "| two |")]


def test_docx_soft_line_break_and_tab_become_spaces():
    document = docx.Document()
    paragraph = document.add_paragraph()
    run = paragraph.add_run("Marisol Fernández Alonso,")
    run.add_break()
    paragraph.add_run("Director\tof Social Investment")
    assert docx_lines(document) == [(1, "Marisol Fernández Alonso, Director of Social Investment")]


def test_docx_empty_paragraphs_are_one_blank_line():
    document = docx.Document()
    document.add_paragraph("Round 1")
    document.add_paragraph("")
    document.add_paragraph("")
    document.add_paragraph("Round 2")
    document.add_paragraph("")
    assert docx_lines(document) == [(1, "Round 1"), (2, ""), (4, "Round 2")]


def test_docx_tracked_insertion_read_and_deletion_not():
    document = docx.Document()
    paragraph = document.add_paragraph("Digitalization ")
    p = last_paragraph(document)
    inserted = OxmlElement("w:ins", attrs={qn("w:id"): "1", qn("w:author"): "R"})
    inserted.append(paragraph.add_run("imposes").element)
    deleted = OxmlElement("w:del", attrs={qn("w:id"): "2", qn("w:author"): "R"})
    deleted.append(paragraph.add_run("brings").element)
    p.append(inserted)
    p.append(deleted)
    assert docx_lines(document) == [(1, "Digitalization imposes")]


def test_docx_content_control_content_read_in_order():
    document = docx.Document()
    document.add_paragraph("before")
    document.add_paragraph("inside")
    document.add_paragraph("after")
    body = document.element.body
    inside = body.findall(qn("w:p"))[1]
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    inside.addprevious(sdt)
    sdt.append(content)
    content.append(inside)
    assert docx_lines(document) == [(1, "before"), (1, ""), (2, "inside"), (2, ""), (3, "after")]


def test_docx_footer_fields_come_first_and_the_page_header_is_ignored():
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "GSEF Global Virtual Forum"
    document.sections[0].footer.paragraphs[0].text = FOOTER
    document.add_paragraph("Round 1")
    assert docx_lines(document) == [(0, FOOTER), (0, ""), (1, "Round 1")]


def test_docx_footer_without_a_label_is_ignored():
    document = docx.Document()
    document.sections[0].footer.paragraphs[0].text = "Page 1"
    document.add_paragraph("Round 1")
    assert docx_lines(document) == [(1, "Round 1")]


def test_docx_detected_by_content_whatever_the_name():
    document = docx.Document()
    document.add_heading("Round 1", level=2)
    source = read_source(data=docx_bytes(document), filename="report.txt")
    assert (source.format, source.lines) == ("docx", [(1, "## Round 1")])


# --- The seed report as rapporteurs write it --------------------------------------------------------------


@pytest.mark.parametrize("style", STYLES)
def test_seed_docx_has_every_point_once_and_the_footer_first(style):
    lines = [line for _n, line in read_source(data=seed_docx(style=style), filename="report.docx").lines]
    points = all_points()
    assert len(points) > 100
    assert [text for text in points if sum(text in line for line in lines) != 1] == []
    assert [line for line in lines if "cooperation" in line or "Sparkassenstiftung" in line] == [FOOTER]
    assert lines[0] == FOOTER


SEED_HEADER_TABLE = [
    "| Session title: | New Digitalization Era and the Future of Work |",
    "|  | Challenges and Opportunities |",
    "| Session type: | Plenary |",
    "| Date: | October, 21 st 2020 |",
    "| Time: | 8:30 a.m. |",
    "| Language(s): | Spanish - English - French |",
    "| Participants (number of people connected): | 441 (Zoom, 9:55 hrs) |",
]


def test_seed_docx_headings_style_lines():
    lines = [line for n, line in read_source(data=seed_docx(style="headings")).lines if line and n]
    assert lines[:19] == [
        *SEED_HEADER_TABLE,
        "# Name of the moderator:",
        "- Marisol Fernández Alonso, Director of Social Investment at Nacional Monte de Piedad, I.A.P., Mexico",
        "# Name of the panelists/commentators:",
        "- Soledad Aragón Martínez, Secretary of Labor and Employment Promotion, Mexico",
        "- Oihane Agirregoitia, Councillor of the Area of Citizen and International Participation of Bilbao, Spain",
        "- Baudouin Kola, National Director of CeRES, Togo",
        "- Audrey Tang, Digital Minister, Taiwan",
        "- Enrique Peñaranda, Digitalization Project Leader Sparkassen Foundation, Mexico",
        "- Beatrice Alain, Executive Director of the Chantier de l'économie sociale, Canada",
        "# Opening speakers:",
        "- Tomas Damerau, Ministry of Labor and Employment Promotion",
        "## Introduction",
    ]
    start = lines.index("## Round 1")
    assert [line[:40] for line in lines[start : start + 5]] == [
        "## Round 1",
        "What are the opportunities offered by di",
        "What is the role of the government in te",
        "### Soledad Aragón Martínez",
        "- Digitalization is closely related to t",
    ]
    start = next(i for i, line in enumerate(lines) if line.startswith("- For better practices"))
    assert [line[:30] for line in lines[start : start + 6]] == [
        "- For better practices, there ",
        "    - Good practice in trainin",
        "    - Production chains and ma",
        "    - Strategic alliances betw",
        "    - Production of understand",
        "- The best practice is long te",
    ]
    start = lines.index("## Key questions asked by the audience and answers from the panelists")
    assert lines[start + 1 : start + 3] == [
        "There was no time to answer questions; however, the moderator read out the following:",
        "- What is the strategy for the inclusion of migrants to work in Bilbao?",
    ]
    assert lines[start + 7 : start + 9] == [
        "## Conclusions",
        "How to transform the present and build a better future from the SSE?",
    ]


def test_seed_docx_bold_style_lines():
    lines = [line for n, line in read_source(data=seed_docx(style="bold")).lines if line and n]
    assert lines[:13] == [
        "Session title: New Digitalization Era and the Future of Work",
        "Subtitle: Challenges and Opportunities",
        "Session type: Plenary",
        "Date: October, 21 st 2020",
        "Time: 8:30 a.m.",
        "Language(s): Spanish - English - French",
        "Participants (number of people connected): 441 (Zoom, 9:55 hrs)",
        "**Name of the moderator:**",
        "Marisol Fernández Alonso, Director of Social Investment at Nacional Monte de Piedad, I.A.P., Mexico",
        "**Name of the panelists/commentators:**",
        "1. Soledad Aragón Martínez, Secretary of Labor and Employment Promotion, Mexico",
        "2. Oihane Agirregoitia, Councillor of the Area of Citizen and International Participation of Bilbao, Spain",
        "3. Baudouin Kola, National Director of CeRES, Togo",
    ]
    start = lines.index("**Round 1**")
    assert [line[:40] for line in lines[start : start + 5]] == [
        "**Round 1**",
        "What are the opportunities offered by di",
        "What is the role of the government in te",
        "**Soledad Aragón Martínez**",
        "• Digitalization is closely related to t",
    ]
    start = next(i for i, line in enumerate(lines) if line.startswith("• For better practices"))
    assert [line[:30] for line in lines[start : start + 3]] == [
        "• For better practices, there ",
        "1) Good practice in training a",
        "2) Production chains and marke",
    ]


def test_seed_docx_numbered_style_lines():
    lines = [line for n, line in read_source(data=seed_docx(style="numbered")).lines if line and n]
    assert lines[:12] == [
        *SEED_HEADER_TABLE,
        "# Name of the moderator:",
        "Marisol Fernández Alonso, Director of Social Investment at Nacional Monte de Piedad, I.A.P., Mexico",
        "# Name of the panelists/commentators:",
        "1. Soledad Aragón Martínez, Secretary of Labor and Employment Promotion, Mexico",
        "2. Oihane Agirregoitia, Councillor of the Area of Citizen and International Participation of Bilbao, Spain",
    ]
    assert lines[15:18] == [
        "6. Beatrice Alain, Executive Director of the Chantier de l'économie sociale, Canada",
        "# Opening speakers:",
        "Tomas Damerau, Ministry of Labor and Employment Promotion",
    ]
    start = lines.index("## Round 1")
    assert [line[:40] for line in lines[start : start + 5]] == [
        "## Round 1",
        "What are the opportunities offered by di",
        "What is the role of the government in te",
        "**Soledad Aragón Martínez**",
        "- Digitalization is closely related to t",
    ]
    start = next(i for i, line in enumerate(lines) if line.startswith("- For better practices"))
    assert [line[:30] for line in lines[start : start + 6]] == [
        "- For better practices, there ",
        "    1. Good practice in traini",
        "    2. Production chains and m",
        "    3. Strategic alliances bet",
        "    4. Production of understan",
        "- The best practice is long te",
    ]


def test_seed_docx_line_numbers_are_paragraphs_and_rows():
    source = read_source(data=seed_docx(style="headings"))
    assert source.lines[2:12] == [
        (1, SEED_HEADER_TABLE[0]),
        (2, SEED_HEADER_TABLE[1]),
        (3, SEED_HEADER_TABLE[2]),
        (4, SEED_HEADER_TABLE[3]),
        (5, SEED_HEADER_TABLE[4]),
        (6, SEED_HEADER_TABLE[5]),
        (7, SEED_HEADER_TABLE[6]),
        (7, ""),
        (8, "# Name of the moderator:"),
        (8, ""),
    ]


def test_read_source_seed_pdf_to_text_conversion_is_txt_line_for_line():
    data = (Path(__file__).resolve().parent.parent / "data" / "gsef2020-plenary3-report.txt").read_bytes()
    source = read_source(data=data, filename="gsef2020-plenary3-report.txt")
    assert (source.format, source.unit, len(source.lines)) == ("txt", "line", 409)
    assert source.lines[18:21] == [
        (19, "| Session title: | New Digitalization Era and the Future of Work: |"),
        (20, "|-------------------------|--|"),
        (21, "| | Challenges and Opportunities |"),
    ]

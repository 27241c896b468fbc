"""Setting a :class:`~excel_eval.write.report.content.Report` as a Word document.

The layout follows the national standard for official documents (GB/T
9704): A4, margins 37/35/28/26 mm, title in 宋体, first-level headings in
黑体, second-level in 楷体, body in 仿宋 三号 at a fixed 28 pt line, page
numbers "— 1 —" in the footer.  Every run names its East-Asian font
explicitly: Word, WPS and LibreOffice otherwise fall back to a Latin font's
CJK substitute.  Nothing here decides what is said: the blocks come written.
"""

from __future__ import annotations

import datetime as dt

from docx import Document
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from excel_eval.write.report.content import Caption, Heading, Note, Paragraph, Report, Table, plain_text

FONT_TITLE = "宋体"
FONT_HEADING = "黑体"
FONT_SUBHEADING = "楷体"
FONT_BODY = "仿宋"
STYLE_HEADING = "Heading 1"
STYLE_SUBHEADING = "Heading 2"
SIZE_TITLE = Pt(22)  # 二号
SIZE_BODY = Pt(16)  # 三号
SIZE_TABLE = Pt(10.5)  # 五号
SIZE_CAPTION = Pt(12)  # 小四
SIZE_PAGE_NUMBER = Pt(14)  # 四号
LINE_BODY = Pt(28)
#: Two characters of body text, the indent of every paragraph and heading.
INDENT_BODY = Pt(32)
_PAGE_MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
#: Left and right padding inside table cells: Word's default 1.9 mm leaves a
#: 10 mm column room for one character of 五号.
_CELL_PADDING_MM = 0.8


def render(report: Report, created: dt.datetime):
    """``report`` as a python-docx ``Document`` dated ``created``."""
    doc = _Doc(report.title)
    for block in report.blocks:
        if isinstance(block, Note):
            doc.note(block.text)
        elif isinstance(block, Heading):
            (doc.heading if block.level == 1 else doc.subheading)(block.text)
        elif isinstance(block, Paragraph):
            doc.paragraph(block.text, bold=block.bold)
        elif isinstance(block, Caption):
            doc.caption(block.text)
        elif isinstance(block, Table):
            doc.table(block.header, block.widths_mm, block.rows, merge_columns=block.merge_columns)
    return doc.finish(created)


class _Doc:
    """A python-docx document set up as an official report, with one method per kind of block."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.document = Document()
        self._setup_page()
        self._setup_normal_style()
        self._setup_heading_styles()
        paragraph = self._block(WD_ALIGN_PARAGRAPH.CENTER, line=Pt(36), after=Pt(8))
        _text(paragraph, self.title, FONT_TITLE, SIZE_TITLE, bold=True)

    def note(self, text: str) -> None:
        paragraph = self._block(WD_ALIGN_PARAGRAPH.CENTER, after=Pt(14))
        _text(paragraph, text, FONT_SUBHEADING, SIZE_BODY)

    def heading(self, text: str) -> None:
        """A first-level heading (一、…) in Word's Heading 1, so it shows in the navigation pane."""
        paragraph = self._block(indent=True, keep_with_next=True, style=STYLE_HEADING)
        _text(paragraph, text, FONT_HEADING, SIZE_BODY)

    def subheading(self, text: str) -> None:
        """A second-level heading (（一）…) in Word's Heading 2."""
        paragraph = self._block(indent=True, keep_with_next=True, style=STYLE_SUBHEADING)
        _text(paragraph, text, FONT_SUBHEADING, SIZE_BODY, bold=True)

    def paragraph(self, text: str, bold: bool = False) -> None:
        _text(self._block(indent=True), text, FONT_BODY, SIZE_BODY, bold=bold)

    def caption(self, text: str) -> None:
        paragraph = self._block(WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True, before=Pt(6))
        _text(paragraph, text, FONT_HEADING, SIZE_CAPTION)

    def table(self, header: list[str], widths_mm: list[float], rows: list[list[str]],
              merge_columns: int = 0) -> None:
        """A bordered table with a repeating header; equal neighbours in the first
        ``merge_columns`` columns are merged, as the 自评表 merges its levels."""
        table = self.document.add_table(rows=1 + len(rows), cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _cell_padding(table, Mm(_CELL_PADDING_MM))
        for index, width in enumerate(widths_mm):
            table.columns[index].width = Mm(width)
        for row_index, values in enumerate([header, *rows]):
            row = table.rows[row_index]
            _keep_row_together(row, repeat=row_index == 0)
            for col_index, value in enumerate(values):
                cell = row.cells[col_index]
                cell.width = Mm(widths_mm[col_index])
                cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
                left = col_index in (2, len(header) - 1) and row_index > 0
                paragraph = cell.paragraphs[0]
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
                font = FONT_HEADING if row_index == 0 else FONT_BODY
                _text(paragraph, value, font, SIZE_TABLE)
        _merge_equal(table, rows, merge_columns)
        self._block(after=Pt(6))

    def finish(self, created: dt.datetime):
        """The document, its properties naming the report rather than the library's template."""
        properties = self.document.core_properties
        properties.title = self.title
        properties.subject = "绩效评价报告"
        properties.author = ""
        properties.comments = ""
        properties.keywords = "绩效评价"
        properties.last_modified_by = ""
        properties.created = properties.modified = created.replace(microsecond=0)
        properties.revision = 1
        return self.document

    def _block(self, alignment=WD_ALIGN_PARAGRAPH.JUSTIFY, *, indent: bool = False,
               keep_with_next: bool = False, style: str | None = None, line=LINE_BODY,
               before=Pt(0), after=Pt(0)):
        paragraph = self.document.add_paragraph(style=style)
        fmt = paragraph.paragraph_format
        paragraph.alignment = alignment
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = line
        fmt.space_before, fmt.space_after = before, after
        fmt.keep_with_next = keep_with_next
        if indent:
            fmt.first_line_indent = INDENT_BODY
        return paragraph

    def _setup_page(self) -> None:
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side, millimetres in _PAGE_MARGINS_MM.items():
            setattr(section, f"{side}_margin", Mm(millimetres))
        section.footer_distance = Mm(20)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _text(footer, "— ", FONT_TITLE, SIZE_PAGE_NUMBER)
        _page_field(footer)
        _text(footer, " —", FONT_TITLE, SIZE_PAGE_NUMBER)

    def _setup_heading_styles(self) -> None:
        """Word's Heading 1 and 2 in the official fonts: black, unspaced, no theme font or colour.

        Real heading styles put the sections in Word's and WPS's navigation
        pane and let a table of contents be inserted; the library's template
        gives them blue Calibri Light, which each run's font would only hide.
        """
        for name, font, bold in ((STYLE_HEADING, FONT_HEADING, False), (STYLE_SUBHEADING, FONT_SUBHEADING, True)):
            style = self.document.styles[name]
            style.font.name = font
            style.font.size = SIZE_BODY
            style.font.bold = bold
            style.font.color.rgb = RGBColor(0, 0, 0)
            fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
            for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(theme), None)
            fonts.set(qn("w:eastAsia"), font)
            fmt = style.paragraph_format
            fmt.space_before, fmt.space_after = Pt(0), Pt(0)
            fmt.keep_with_next = True

    def _setup_normal_style(self) -> None:
        """Normal in 仿宋 with Chinese language, and none of the template's spacing."""
        style = self.document.styles["Normal"]
        style.font.name = FONT_BODY
        style.font.size = SIZE_BODY
        properties = style.element.get_or_add_rPr()
        properties.get_or_add_rFonts().set(qn("w:eastAsia"), FONT_BODY)
        language = OxmlElement("w:lang")
        language.set(qn("w:val"), "en-US")  # digits and Latin words break as words, not as characters
        language.set(qn("w:eastAsia"), "zh-CN")
        properties.append(language)
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(0), Pt(0)
        fmt.line_spacing = 1.0


def _text(paragraph, text: str, font: str, size, bold: bool = False):
    """A run in ``font`` for Latin and East-Asian text alike."""
    run = paragraph.add_run(plain_text(text))
    _font(run, font, size, bold)
    return run


def _font(run, font: str, size, bold: bool = False) -> None:
    run.font.name = font
    run.font.size = size
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _page_field(paragraph) -> None:
    """A PAGE field as begin/instruction/separate/result/end runs, the form Word, WPS and
    LibreOffice all update (the result "1" is only what shows before they do)."""
    _field_char(paragraph, "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    _text(paragraph, "", FONT_TITLE, SIZE_PAGE_NUMBER)._r.append(instruction)
    _field_char(paragraph, "separate")
    _text(paragraph, "1", FONT_TITLE, SIZE_PAGE_NUMBER)
    _field_char(paragraph, "end")


def _field_char(paragraph, kind: str) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    _text(paragraph, "", FONT_TITLE, SIZE_PAGE_NUMBER)._r.append(element)


def _cell_padding(table, padding) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(int(padding.twips)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription",
                                           "w:tblPrChange")


def _keep_row_together(row, repeat: bool) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if repeat:
        properties.append(OxmlElement("w:tblHeader"))


def _merge_equal(table, rows: list[list[str]], columns: int) -> None:
    """Merge what the 自评表 merges: a row whose first ``columns`` + 1 cells repeat one
    label (预算执行率, 合计) across, and equal neighbours down each of the first
    ``columns`` columns (the same 一级指标, the same 二级指标 under it)."""
    spanning = {index for index, values in enumerate(rows) if len(set(values[: columns + 1])) == 1}
    for index in spanning:
        _merge(table.cell(index + 1, 0), table.cell(index + 1, columns))
    for column in range(columns):
        start = 0
        for index in range(1, len(rows) + 1):
            if (index < len(rows) and index not in spanning and start not in spanning
                    and rows[index][: column + 1] == rows[start][: column + 1]):
                continue
            if index - 1 > start:
                _merge(table.cell(start + 1, column), table.cell(index, column))
            start = index


def _merge(first, last) -> None:
    """Merge a block of cells keeping only the first one's text (python-docx would join them all)."""
    merged = first.merge(last)
    for paragraph in merged.paragraphs[1:]:
        paragraph._p.getparent().remove(paragraph._p)

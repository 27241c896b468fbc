"""Compare two Word documents by content and report the first difference.

A .docx is a zip of XML whose bytes change with every save, so this compares
what a reader of the document sees: the page (size, margins, footer), every
paragraph in order with its style, outline level, alignment and text, and
every table cell by cell with the cells merged across and down.  It stops at
the first difference and says which paragraph or cell it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import docx
from docx.oxml.ns import qn


def first_difference(actual_path: str | Path, expected_path: str | Path) -> str | None:
    """The first difference between the two documents, or None when they match."""
    actual, expected = docx.Document(str(actual_path)), docx.Document(str(expected_path))
    for difference in _differences(actual, expected):
        return difference
    return None


def _differences(actual, expected) -> Iterator[str]:
    yield from _compare("page", _page(actual), _page(expected))
    yield from _compare("title", actual.core_properties.title, expected.core_properties.title)
    got, want = _paragraphs(actual), _paragraphs(expected)
    for index, (one, other) in enumerate(zip(got, want), start=1):
        yield from _compare(f"paragraph {index} ({other['text'][:30]!r})", one, other)
    yield from _compare("number of paragraphs", len(got), len(want))
    got_tables, want_tables = _tables(actual), _tables(expected)
    yield from _compare("number of tables", len(got_tables), len(want_tables))
    for number, (table_got, table_want) in enumerate(zip(got_tables, want_tables), start=1):
        yield from _compare(f"table {number} size", len(table_got), len(table_want))
        for row, (cells_got, cells_want) in enumerate(zip(table_got, table_want), start=1):
            yield from _compare(f"table {number} row {row}", cells_got, cells_want)


def _compare(what: str, actual: object, expected: object) -> Iterator[str]:
    if actual != expected:
        yield f"{what}: actual {actual!r}, expected {expected!r}"


def _page(document) -> dict[str, object]:
    section = document.sections[0]
    return {
        "size": (section.page_width, section.page_height),
        "margins": (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin),
        "footer": [paragraph.text for paragraph in section.footer.paragraphs],
    }


def _paragraphs(document) -> list[dict[str, object]]:
    return [_paragraph(paragraph) for paragraph in document.paragraphs]


def _paragraph(paragraph) -> dict[str, object]:
    properties = paragraph._p.pPr
    outline = properties.find(qn("w:outlineLvl")) if properties is not None else None
    runs = paragraph.runs
    return {
        "style": paragraph.style.name,
        "outline level": outline.get(qn("w:val")) if outline is not None else None,
        "alignment": paragraph.alignment,
        "bold": [run.bold for run in runs],
        "fonts": sorted({run._element.rPr.rFonts.get(qn("w:eastAsia"))
                         for run in runs if run._element.rPr is not None and run._element.rPr.rFonts is not None}),
        "text": paragraph.text,
    }


def _tables(document) -> list[list[list[tuple[str, int, str]]]]:
    """Each table's rows as (text, columns spanned, vertical merge) per cell."""
    tables = []
    for table in document.tables:
        rows = []
        for row in table.rows:
            cells = []
            for cell in row._tr.tc_lst:
                merge = cell.tcPr.vMerge if cell.tcPr is not None else None
                text = "\n".join(paragraph.text for paragraph in docx.table._Cell(cell, table).paragraphs)
                cells.append((text, cell.grid_span, "" if merge is None else merge.val or "continue"))
            rows.append(cells)
        tables.append(rows)
    return tables

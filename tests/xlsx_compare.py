"""Compare two workbooks by content and report the first difference.

Byte comparison is useless for .xlsx (zip timestamps, style indexes), so this
compares what a user or a reader sees: sheet names, defined names, sheet
protection, hidden rows, merged cells, data validations, how the sheet prints
(paper, orientation, fit, repeated rows, margins, header and footer), frozen
panes, filters, column widths, row heights, conditional formats, charts, and
for every cell its value or formula, cached value, number format, font, fill
colour, alignment, lock state, link and comment.  Like XlsxWriter's
comparison tests, it stops at the first difference and says exactly where it
is.
"""

from __future__ import annotations

import re
import zipfile
from xml.etree import ElementTree
from collections.abc import Iterator
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet


def assert_same_workbook(actual_path: str | Path, expected_path: str | Path) -> None:
    """Raise ``AssertionError`` describing the first content difference, if any."""
    difference = first_difference(actual_path, expected_path)
    if difference is not None:
        raise AssertionError(f"{actual_path} differs from {expected_path}: {difference}")


def first_difference(actual_path: str | Path, expected_path: str | Path) -> str | None:
    """The first difference between the two workbooks, or None when they match."""
    actual = _Loaded(actual_path)
    expected = _Loaded(expected_path)
    for difference in _differences(actual, expected):
        return difference
    return None


class _Loaded:
    """A workbook opened twice: once for formulas, once for their cached values."""

    def __init__(self, path: str | Path) -> None:
        self.formulas: Workbook = openpyxl.load_workbook(path)
        self.values: Workbook = openpyxl.load_workbook(path, data_only=True)
        self.charts: list[str] = _charts(path)


def _differences(actual: _Loaded, expected: _Loaded) -> Iterator[str]:
    if actual.formulas.sheetnames != expected.formulas.sheetnames:
        yield (f"sheet names: actual {actual.formulas.sheetnames}, "
               f"expected {expected.formulas.sheetnames}")
        return
    yield from _compare("defined names", _defined_names(actual.formulas),
                        _defined_names(expected.formulas))
    for name in expected.formulas.sheetnames:
        yield from _sheet_differences(name, actual, expected)
    for index, (got, want) in enumerate(zip(actual.charts, expected.charts), start=1):
        yield from _compare(f"chart {index}", got, want)
    yield from _compare("number of charts", len(actual.charts), len(expected.charts))


def _charts(path: str | Path) -> list[dict[str, object]]:
    """What each chart shows, in order (openpyxl drops charts when it loads a workbook).

    The cached copies of the plotted cells are left out: a streamed workbook
    writes none, and the cells themselves are compared.
    """
    with zipfile.ZipFile(path) as archive:
        names = sorted((name for name in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", name)),
                       key=lambda name: int(re.sub(r"\D", "", name)))
        return [_chart(ElementTree.fromstring(archive.read(name))) for name in names]


def _chart(root: ElementTree.Element) -> dict[str, object]:
    def local(element: ElementTree.Element) -> str:
        return element.tag.rsplit("}", 1)[-1]

    def texts(element: ElementTree.Element, tag: str) -> list[str]:
        return [item.text or "" for item in element.iter() if local(item) == tag]

    def values(element: ElementTree.Element, tag: str) -> list[str]:
        return [item.get("val", "") for item in element.iter() if local(item) == tag]

    kinds = [f"{local(item)}:{''.join(values(item, 'barDir')[:1])}" for item in root.iter()
             if local(item).endswith("Chart") and local(item) != "chart"]
    series = [{"name": [text for child in item if local(child) == "tx" for text in texts(child, "v")],
               "cells": texts(item, "f"), "labels": values(item, "showVal"),
               "colours": values(item, "srgbClr")}
              for item in root.iter() if local(item) == "ser"]
    axes = [{"min": values(item, "min"), "max": values(item, "max"),
             "format": [child.get("formatCode") for child in item if local(child) == "numFmt"]}
            for item in root.iter() if local(item) == "valAx"]
    return {"kinds": kinds, "title": texts(root, "t"), "series": series, "axes": axes}


def _compare(what: str, actual: object, expected: object) -> Iterator[str]:
    if actual != expected:
        yield f"{what}: actual {actual!r}, expected {expected!r}"


def _defined_names(workbook: Workbook) -> dict[str, str]:
    names = {name: item.attr_text for name, item in workbook.defined_names.items()}
    for sheet in workbook.worksheets:
        names.update({f"{sheet.title}!{name}": item.attr_text
                      for name, item in sheet.defined_names.items()})
    return names


def _sheet_differences(name: str, actual: _Loaded, expected: _Loaded) -> Iterator[str]:
    got, want = actual.formulas[name], expected.formulas[name]
    where = f"sheet {name!r}"
    yield from _compare(f"{where} protection", bool(got.protection.sheet),
                        bool(want.protection.sheet))
    yield from _compare(f"{where} hidden rows", _hidden_rows(got), _hidden_rows(want))
    yield from _compare(f"{where} merged cells", sorted(map(str, got.merged_cells.ranges)),
                        sorted(map(str, want.merged_cells.ranges)))
    yield from _validation_differences(where, got, want)
    yield from _compare(f"{where} print settings", _print_settings(got), _print_settings(want))
    yield from _compare(f"{where} frozen panes", got.freeze_panes, want.freeze_panes)
    yield from _compare(f"{where} filter", got.auto_filter.ref, want.auto_filter.ref)
    yield from _compare(f"{where} column widths", _widths(got), _widths(want))
    yield from _compare(f"{where} row heights", _heights(got), _heights(want))
    yield from _compare(f"{where} conditional formats", _conditional_formats(got),
                        _conditional_formats(want))
    cached_got, cached_want = actual.values[name], expected.values[name]
    rows = max(got.max_row, want.max_row)
    cols = max(got.max_column, want.max_column)
    for row in range(1, rows + 1):
        for col in range(1, cols + 1):
            cell_got, cell_want = got.cell(row, col), want.cell(row, col)
            props_got = _cell_properties(cell_got, cached_got.cell(row, col))
            props_want = _cell_properties(cell_want, cached_want.cell(row, col))
            for prop, value in props_want.items():
                yield from _compare(f"{where} cell {cell_want.coordinate} {prop}",
                                    props_got[prop], value)


def _print_settings(sheet: Worksheet) -> dict[str, object]:
    setup, margins = sheet.page_setup, sheet.page_margins
    return {
        "paper": setup.paperSize, "orientation": setup.orientation,
        "fit to page": sheet.sheet_properties.pageSetUpPr.fitToPage if sheet.sheet_properties.pageSetUpPr else None,
        "fit width": setup.fitToWidth, "fit height": setup.fitToHeight, "scale": setup.scale,
        "repeated rows": sheet.print_title_rows, "repeated columns": sheet.print_title_cols,
        "print area": sheet.print_area,
        "margins": (margins.left, margins.right, margins.top, margins.bottom),
        "header": sheet.oddHeader.center.text,
        "footer": (sheet.oddFooter.left.text, sheet.oddFooter.center.text, sheet.oddFooter.right.text),
        "centred": sheet.print_options.horizontalCentered,
        "row breaks": [brk.id for brk in sheet.row_breaks.brk],
        "column breaks": [brk.id for brk in sheet.col_breaks.brk],
    }


def _widths(sheet: Worksheet) -> dict[str, float | None]:
    return {letter: dim.width for letter, dim in sorted(sheet.column_dimensions.items()) if dim.customWidth}


def _heights(sheet: Worksheet) -> dict[int, float | None]:
    return {row: dim.height for row, dim in sorted(sheet.row_dimensions.items()) if dim.height is not None}


def _conditional_formats(sheet: Worksheet) -> list[tuple[str, list[str]]]:
    return sorted((str(ranges.sqref), sorted(repr(rule.to_tree().attrib) for rule in rules))
                  for ranges, rules in sheet.conditional_formatting._cf_rules.items())


def _hidden_rows(sheet: Worksheet) -> list[int]:
    return sorted(row for row, dim in sheet.row_dimensions.items() if dim.hidden)


def _cell_properties(cell: Cell, cached: Cell) -> dict[str, object]:
    """What matters about a cell; the type is kept so 1 and "1" differ."""
    fill, font, alignment = cell.fill, cell.font, cell.alignment
    return {
        "value": (type(cell.value).__name__, cell.value),
        "cached value": cached.value if cell.data_type == "f" else None,
        "number format": cell.number_format,
        "font": (font.name, font.sz, font.b, font.i, font.color.rgb if font.color is not None else None),
        "fill colour": fill.fgColor.rgb if fill.fill_type == "solid" else None,
        "alignment": (alignment.horizontal, alignment.vertical, alignment.wrap_text),
        "locked": cell.protection.locked,
        "link": cell.hyperlink.location or cell.hyperlink.target if cell.hyperlink else None,
        "comment": cell.comment.text if cell.comment else None,
    }


def _validation_differences(where: str, got: Worksheet, want: Worksheet) -> Iterator[str]:
    validations_got = _validations(got)
    validations_want = _validations(want)
    for cells in sorted(set(validations_got) | set(validations_want)):
        yield from _compare(f"{where} data validation on {cells}",
                            validations_got.get(cells), validations_want.get(cells))


def _validations(sheet: Worksheet) -> dict[str, dict[str, object]]:
    result = {}
    for validation in sheet.data_validations.dataValidation:
        result[str(validation.sqref)] = {
            "type": validation.type,
            "operator": validation.operator,
            "formula1": validation.formula1,
            "formula2": validation.formula2,
            "allow blank": validation.allow_blank,
            "error title": validation.errorTitle,
            "error": validation.error,
            "input title": validation.promptTitle,
            "input message": validation.prompt,
        }
    return result

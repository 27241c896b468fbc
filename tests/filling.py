"""Filling the template the way a town's own system would: through the defined names.

Tests use this to build real submissions; it deliberately knows nothing of
the layout beyond what the defined names say.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

import openpyxl

from excel_eval import fields as contract
from excel_eval.read.reader import a1, parse_a1


@dataclass(frozen=True)
class Percent:
    """A number typed into Excel as a percentage: stored as the ratio, the cell formatted 0%."""

    ratio: float


def _put(sheet: Any, row: int, col: int, value: Any) -> Any:
    """Write one value as typed: a :class:`Percent` as its ratio in a %-formatted cell."""
    cell = sheet.cell(row, col)
    if isinstance(value, Percent):
        cell.value, cell.number_format = value.ratio, "0%"
    else:
        cell.value = value
    return cell


def destination(workbook: openpyxl.Workbook, name: str) -> tuple[Any, int, int]:
    """The sheet and 1-based (row, column) of the first cell of a defined name."""
    sheet_name, cells = next(iter(workbook.defined_names[name].destinations))
    row, col = parse_a1(cells.replace("$", "").split(":")[0])
    return workbook[sheet_name], row + 1, col + 1


def fill(template: Path, output: Path, fields: Mapping[str, Any],
         indicators: Iterable[Mapping[str, Any]] = (),
         payments: Iterable[Mapping[str, Any]] = ()) -> Path:
    """Write ``fields`` (by defined name) and table rows (by column key) into a copy of ``template``."""
    workbook = openpyxl.load_workbook(template)
    for name, value in fields.items():
        sheet, row, col = destination(workbook, name)
        _put(sheet, row, col, value)
    _fill_table(workbook, contract.INDICATORS, indicators)
    _fill_table(workbook, contract.PAYMENTS, payments)
    workbook.save(output)
    return output


def _fill_table(workbook: openpyxl.Workbook, table: contract.Table,
                rows: Iterable[Mapping[str, Any]]) -> None:
    """Table rows as typed; a target written “=100%” stays the text the town typed, not a formula."""
    sheet, header_row, columns = _table_columns(workbook, table)
    for index, values in enumerate(rows, start=1):
        for key, value in values.items():
            if value is not None:
                cell = _put(sheet, header_row + index, columns[key], value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"


def _table_columns(workbook: openpyxl.Workbook, table: contract.Table) -> tuple[Any, int, dict[str, int]]:
    """A table's sheet, its 1-based header row, and the 1-based column of each key, found by header label."""
    sheet, header_row, first_col = destination(workbook, table.name)
    header = {sheet.cell(header_row, first_col + offset).value: first_col + offset
              for offset in range(len(table.written))}
    columns = {}
    for column in table.written:
        matches = [col for label, col in header.items() if label and str(label).startswith(column.label)]
        columns[column.key] = matches[0]
    return sheet, header_row, columns


def cell_of(name: str) -> str:
    """The template's cell of a single-cell field, as ``Sheet!A1``."""
    spec = contract.field(name)
    row, col = parse_a1(spec.cell)
    return f"{spec.sheet}!{a1(row, col)}"


def table_cells(path: Path, index: int, keys: Iterable[str], table: contract.Table = contract.INDICATORS) -> list[str]:
    """``Sheet!A1`` of the columns ``keys`` in the ``index``-th row (from 1) of a table of the file at ``path``."""
    sheet, header_row, columns = _table_columns(openpyxl.load_workbook(path), table)
    return [f"{sheet.title}!{a1(header_row + index - 1, columns[key] - 1)}" for key in keys]


def where(name: str) -> tuple[str, str]:
    """The template's sheet and cell of a single-cell field."""
    spec = contract.field(name)
    return spec.sheet, spec.cell

"""Where each input of a submission stands: the locating half of reading.

Every input is located by its workbook-level defined name first.  Where the
name is gone (a retyped form, or an .xls, which keeps names where we do not
read them) the template's own cell is used when its label is still beside
it, and otherwise the label is searched for anywhere in the workbook — so a
re-laid-out form is still read, and the reader can say where each value was
found.  A national form, made without the template, has no names and its own
layout: its inputs are found by label, its totals where a column header
crosses a row label, its year in the title.  This module only finds cells;
what they hold is the reader's to interpret (:mod:`excel_eval.read.reader`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from excel_eval import fields as contract
from excel_eval.keys import label_key
from excel_eval.model import CellRef
from excel_eval.read.workbook import RawWorkbook, Sheet, column_letters
from excel_eval.values import normalize_text, read_year

#: A year as titles write it: “（2022年度）”, “2022 年度”.
TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度")
#: How far down a sheet its title is looked for.
_TITLE_ROWS = 4
#: Header texts on the row under the table's header that make it a second header row.
_SUBHEADERS = 2


@dataclass
class Located:
    """Where an input was found, and how: by its defined name, at the template's own cell, or by its label."""

    sheet: Sheet
    row: int
    col: int
    how: str  # "name", "layout" or "label"

    @property
    def ref(self) -> CellRef:
        return CellRef(self.sheet.name, a1(self.row, self.col))


@dataclass(frozen=True)
class TableAt:
    """Where a table was found: its header, the row its data rows start under, and its columns by key."""

    located: Located
    #: The header row the data rows follow: the second one when the header takes two rows.
    header_row: int
    columns: dict[str, int]
    #: The last row its defined name covers, when it was found by name.
    named_end: int | None


class Locator:
    """Finds inputs in one opened workbook; its label index is built once, on first use."""

    def __init__(self, book: RawWorkbook) -> None:
        self.book = book
        self.labels = LabelIndex(book)

    def by_name(self, name: str) -> Located | None:
        if self.book.names is not None and name in self.book.names:
            target_sheet, target = self.book.names[name]
            if target_sheet in self.book.sheets:
                row, col = parse_a1(target.split(":")[0])
                return Located(self.book.sheets[target_sheet], row, col, "name")
        return None

    def locate(self, name: str, sheet_name: str, cell: str, labels: tuple[str, ...],
               offset: tuple[int, int] = (0, 1)) -> Located | None:
        """Find the cell of ``name``: by defined name, by the template's layout, by label.

        ``offset`` is where the cell stands from its label, in (rows, columns):
        right of it for most inputs, below it under a header, the label itself
        for a table's first header cell.  A label merged over several cells
        has its value beyond the merged range.
        """
        named = self.by_name(name)
        if named is not None:
            return named
        sheet = self.book.sheets.get(sheet_name)
        row, col = parse_a1(cell)
        if sheet is not None and _label_matches(sheet.value(row - offset[0], col - offset[1]), labels):
            return Located(sheet, row, col, "layout")
        found = self.labels.find(labels, offset, prefer=sheet_name)
        if found:
            label_sheet, label_row, label_col = found
            last_row, last_col = _merged_end(label_sheet, label_row, label_col)
            if offset == (0, 1):
                return Located(label_sheet, label_row, last_col + 1, "label")
            if offset == (1, 0):
                return Located(label_sheet, last_row + 1, label_col, "label")
            return Located(label_sheet, label_row + offset[0], label_col + offset[1], "label")
        return None

    def field(self, spec: contract.Field) -> Located | None:
        """The cell of one field; found by label where the template puts it counts as the layout."""
        if spec.in_grid:
            located = self.by_name(spec.name) or self.grid(spec)
        else:
            labels = tuple(dict.fromkeys(label for label in (spec.header, spec.label, *spec.aliases) if label))
            located = self.locate(spec.name, spec.sheet, spec.cell, labels,
                                  offset=(1, 0) if spec.label_above else (0, 1))
            if located is None and spec.kind == "year":
                located = self.title_year()
        if located is not None and located.how == "label" and \
                (located.sheet.name, a1(located.row, located.col)) == (spec.sheet, spec.cell):
            located.how = "layout"
        return located

    def grid(self, spec: contract.Field) -> Located | None:
        """The cell where the column headed ``spec.header`` crosses a row labelled ``spec.row_labels``.

        Of the headers above the row label, the nearest one counts: the
        national form heads 分值 and 得分 twice, over 项目资金 and over 绩效指标.
        Row labels are tried in their order: a form's 总分 row wins over a 合计
        elsewhere, and a form that closes its table with 合计 still has a total.
        """
        for row_label in spec.row_labels:
            best: tuple[int, Located] | None = None
            for row_sheet, row, row_col in self.labels.hits((row_label,)):
                for head_sheet, head_row, head_col in self.labels.hits((spec.header,)):
                    if head_sheet is row_sheet and head_row < row and head_col > row_col:
                        distance = row - head_row
                        if best is None or distance < best[0]:
                            best = (distance, Located(row_sheet, row, head_col, "label"))
            if best:
                return best[1]
        return None

    def title_year(self) -> Located | None:
        """The year of a title: “（2022年度）”, “2022年度项目支出绩效自评表”, or a year under the title.

        The template keeps the year as a number shown as “（2024年度）”; a
        format that loses the names still has it right under the title.
        """
        for sheet in self.book.sheets.values():
            titled = False
            for row, line in enumerate(sheet.rows[:_TITLE_ROWS]):
                for col, value in enumerate(line):
                    if isinstance(value, str) and TITLE_YEAR.search(normalize_text(value)):
                        return Located(sheet, row, col, "label")
                    if titled and isinstance(value, (int, float)) and read_year(value).value is not None:
                        return Located(sheet, row, col, "label")
                    titled = titled or isinstance(value, str) and contract.FORM_TITLE_WORD in value
        return None

    def table(self, table: contract.Table) -> TableAt | None:
        """Where ``table``'s header stands and which column holds each of its keys."""
        first = table.columns[0]
        located = self.locate(table.name, table.sheet, table.header_cell, (first.label, *first.aliases),
                              offset=(0, 0))
        if located is None:
            return None
        named_end = None
        if located.how == "name":
            _, target = self.book.names[table.name]
            named_end = parse_a1(target.split(":")[-1])[0]
        columns = _map_columns(located.sheet, located.row, located.col, table.columns)
        below = _map_columns(located.sheet, located.row + 1, located.col, table.columns)
        if len(below) >= _SUBHEADERS:
            # 年度指标值 split over 指标性质 | 指标值 | 度量单位 on a second header row.
            return TableAt(located, located.row + 1, {**columns, **below}, named_end)
        return TableAt(located, located.row, columns, named_end)


class LabelIndex:
    """Where each label-like text stands in the workbook, built once per file."""

    def __init__(self, book: RawWorkbook) -> None:
        self.book = book
        self._index: dict[str, list[tuple[Sheet, int, int]]] | None = None

    def hits(self, labels: tuple[str, ...]) -> list[tuple[Sheet, int, int]]:
        """Every cell holding one of ``labels``."""
        index = self._built()
        return [hit for label in labels for hit in index.get(label_key(label), [])]

    def _built(self) -> dict[str, list[tuple[Sheet, int, int]]]:
        if self._index is None:
            self._index = {}
            for sheet in self.book.sheets.values():
                for row_number, row in enumerate(sheet.rows):
                    for col, value in enumerate(row):
                        if isinstance(value, str) and value and len(value) < 40:
                            self._index.setdefault(label_key(value), []).append((sheet, row_number, col))
        return self._index

    def find(self, labels: tuple[str, ...], offset: tuple[int, int],
             prefer: str) -> tuple[Sheet, int, int] | None:
        """Where one of ``labels`` stands, skipping hits whose value cell is itself a label.

        A header like 自评得分 in the indicator table must not be taken for the
        自评总分 label with the next header as its value.
        """
        hits = [hit for hit in self.hits(labels)
                if label_key(str(hit[0].value(hit[1] + offset[0], hit[2] + offset[1]) or "")) not in _ALL_LABELS
                or offset == (0, 0)]
        hits.sort(key=lambda hit: hit[0].name != prefer)
        return hits[0] if hits else None


_ALL_LABELS = frozenset(label_key(label) for item in (*contract.FIELDS, *(
    column for table in contract.TABLES for column in table.columns)) for label in (item.label, *item.aliases))


def _merged_end(sheet: Sheet, row: int, col: int) -> tuple[int, int]:
    """The last row and column of the merged range whose first cell is (row, col); itself if none."""
    for first_row, first_col, last_row, last_col in sheet.merged:
        if (first_row, first_col) == (row, col):
            return last_row, last_col
    return row, col


def _label_matches(value: Any, labels: tuple[str, ...]) -> bool:
    return isinstance(value, str) and label_key(value) in {label_key(label) for label in labels}


def _map_columns(sheet: Sheet, header_row: int, start_col: int,
                 columns: tuple[contract.Column, ...]) -> dict[str, int]:
    """Column positions by header text, so swapped or inserted columns still read."""
    header = sheet.rows[header_row] if header_row < len(sheet.rows) else []
    keys = {}
    for column in columns:
        wanted = _header_keys(column)
        for col in range(start_col, len(header)):
            if isinstance(header[col], str) and label_key(header[col]) in wanted and col not in keys.values():
                keys[column.key] = col
                break
    return keys


@functools.lru_cache(maxsize=None)
def _header_keys(column: contract.Column) -> frozenset[str]:
    return frozenset(label_key(label) for label in (column.label, *column.aliases))


@functools.lru_cache(maxsize=4096)
def parse_a1(cell: str) -> tuple[int, int]:
    """``B3`` → (2, 1), 0-based."""
    match = re.fullmatch(r"\$?([A-Z]+)\$?([0-9]+)", cell)
    if not match:
        raise ValueError(f"not a cell reference: {cell}")
    col = 0
    for letter in match.group(1):
        col = col * 26 + ord(letter) - 64
    return int(match.group(2)) - 1, col - 1


@functools.lru_cache(maxsize=16384)
def a1(row: int, col: int) -> str:
    """(2, 1) → ``B3``."""
    return f"{column_letters(col)}{row + 1}"

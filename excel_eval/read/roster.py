"""The district's roster: which units (towns and streets) take part.

``template`` writes one pre-filled copy per roster unit and ``collect`` uses
the same list to report units that sent nothing, so both read it here.  A
roster is whatever the district already keeps: a .csv saved by Excel or WPS
(UTF-8 with or without BOM, or GBK), a workbook, or a plain list of names.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from excel_eval.findings import CATALOGUE, UserError
from excel_eval.keys import unit_key, unit_stem
from excel_eval.read.workbook import Area
from excel_eval.saving import os_error_reason

NAME_HEADER = "单位名称"
KIND_HEADER = "单位类型"
PROJECT_HEADER = "项目名称"
#: How many leading rows may hold a title above the header row.
HEADER_SEARCH_ROWS = 10

TABLE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
SUFFIXES = (".csv", ".txt") + TABLE_SUFFIXES


class RosterError(UserError):
    """A roster that cannot be used; the message is Chinese and names the file."""


@dataclass(frozen=True)
class RosterUnit:
    """One unit of the roster; ``kind`` (镇/街道) and ``project_name`` may be empty."""

    name: str
    kind: str = ""
    project_name: str = ""


class RosterIndex:
    """The roster's units found by any spelling of their name.

    A name finds its line by :func:`unit_key` (codes, administrative levels
    and government words dropped), else by :func:`unit_stem` (the 镇 or 街道
    dropped too) where the roster has only one unit of that stem.
    """

    def __init__(self, roster: list[RosterUnit]) -> None:
        self.units = list(roster)
        self._by_key = {unit_key(unit.name): unit for unit in roster}
        stems = Counter(unit_stem(unit.name) for unit in roster)
        self._by_stem = {unit_stem(unit.name): unit for unit in roster if stems[unit_stem(unit.name)] == 1}

    def find(self, name: str) -> RosterUnit | None:
        return self._by_key.get(unit_key(name)) or self._by_stem.get(unit_stem(name))


#: The part of a roster's first sheet that is read: far more units and columns than any district has.
ROSTER_AREA = Area(rows=20_000, columns=26)


def read_roster(path: str | Path) -> list[RosterUnit]:
    """The units listed in ``path``, in file order.

    Raises ``RosterError`` for a missing or unreadable file, a table without a
    单位名称 column, an empty unit name or a name listed twice.
    """
    path = Path(path)
    if not path.is_file():
        raise RosterError("roster_missing", path=path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise RosterError("roster_format", path=path)
    if suffix == ".txt":
        rows = [[line] for line in _read_text(path).splitlines()]
        units = _units_from_lines(path, rows)
    else:
        rows = _read_csv(path) if suffix == ".csv" else _read_workbook(path)
        units = _units_from_table(path, rows)
    if not units:
        raise RosterError("roster_empty", path=path)
    return units


def _read_text(path: Path) -> str:
    """Decode a text file the way Chinese Windows users save them: UTF-8 (BOM or not), else GBK."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RosterError("roster_unreadable", path=path, reason=os_error_reason(exc)) from exc
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterError("roster_encoding", path=path)


def _read_csv(path: Path) -> list[list[str]]:
    rows = csv.reader(io.StringIO(_read_text(path), newline=""))
    try:
        return list(rows)
    except csv.Error as exc:  # its text is English: the line is named instead
        raise RosterError("roster_csv", path=path, line=rows.line_num) from exc


def _read_workbook(path: Path) -> list[list[str]]:
    """The first sheet's cells as text, read as safely as a submission (.xlsx, .xls and .ods alike).

    A roster is a list of units, so only :data:`ROSTER_AREA` is read: a
    stray far cell costs nothing, and a roster reaching past it is refused.
    """
    from excel_eval.read.workbook import UnreadableFile, open_workbook

    try:
        book = open_workbook(path, area=ROSTER_AREA)
    except UnreadableFile as exc:
        reason = exc.params.get("detail") or CATALOGUE[exc.code].title
        raise RosterError("roster_damaged", path=path, detail=reason) from exc
    first = book.sheets.get(book.order[0]) if book.order else None
    return [[_cell_text(value) for value in row] for row in (first.rows if first else [])]


def _cell_text(value: object) -> str:
    """A cell as the text a user sees: whole numbers without ``.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _clean(text: str) -> str:
    """Strip spaces, including the full-width ones that come from copying Chinese text."""
    return text.strip().strip("\u3000\ufeff").strip()


def _units_from_lines(path: Path, rows: list[list[str]]) -> list[RosterUnit]:
    """A .txt roster: one name per line, blank lines skipped, an optional 单位名称 first line."""
    named = [(number, _clean(row[0])) for number, row in enumerate(rows, start=1)]
    named = [(number, name) for number, name in named if name]
    if named and named[0][1] == NAME_HEADER:
        named = named[1:]
    units = [(number, RosterUnit(name)) for number, name in named]
    return _without_duplicates(path, units)


def _units_from_table(path: Path, rows: list[list[str]]) -> list[RosterUnit]:
    header_index = _find_header(path, rows)
    header = [_clean(cell) for cell in rows[header_index]]
    name_col = header.index(NAME_HEADER)
    kind_col = header.index(KIND_HEADER) if KIND_HEADER in header else None
    project_col = header.index(PROJECT_HEADER) if PROJECT_HEADER in header else None

    units: list[tuple[int, RosterUnit]] = []
    for number, row in enumerate(rows[header_index + 1:], start=header_index + 2):
        cells = [_clean(cell) for cell in row]
        if not any(cells):
            continue
        name = _at(cells, name_col)
        if not name:
            raise RosterError("roster_name_blank", path=path, row=number)
        units.append((number, RosterUnit(name, _at(cells, kind_col), _at(cells, project_col))))
    return _without_duplicates(path, units)


def _find_header(path: Path, rows: list[list[str]]) -> int:
    """The index of the row holding 单位名称; a title may sit above it."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if NAME_HEADER in (_clean(cell) for cell in row):
            return index
    raise RosterError("roster_no_header", path=path, name=NAME_HEADER, kind=KIND_HEADER, project=PROJECT_HEADER)


def _at(cells: list[str], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def _without_duplicates(path: Path, units: list[tuple[int, RosterUnit]]) -> list[RosterUnit]:
    """The units, or an error naming both rows of the first name listed twice."""
    first_row: dict[str, int] = {}
    for number, unit in units:
        if unit.name in first_row:
            raise RosterError("roster_duplicate", path=path, row=number, unit=unit.name,
                              first=first_row[unit.name])
        first_row[unit.name] = number
    return [unit for _, unit in units]

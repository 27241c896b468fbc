"""Typed records of one submission, as the reader hands them to the rules.

A record keeps, next to every value, the sheet and cell it came from, so a
finding raised about a value can point back at that cell in the town's file
and in the annotated copy the district sends back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from pathlib import Path
from typing import Any

from excel_eval.record import record
from excel_eval.values import Measure


@record(frozen=True)
class CellRef:
    sheet: str
    cell: str

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}"


@record(frozen=True)
class FieldValue:
    """A single-cell input: the typed value, what the cell held, and where."""

    value: Any
    raw: Any
    ref: CellRef | None


@record
class Indicator:
    """One row of the 绩效指标 table."""

    row: int
    level1: str
    level2: str
    name: str
    direction: str
    unit: str
    target: Measure
    actual: Measure
    weight: float | None
    reported_rate: float | None
    self_score: float | None
    deviation_reason: str
    qualitative_result: str
    evidence: str
    #: The table's sheet, and the column letter of each of its fields (one dict shared by every row).
    sheet: str = ""
    columns: dict[str, str] = field(default_factory=dict)
    #: The points a first-level cell states, as in “产出指标(50分)”.
    level1_points: float | None = None
    #: The column the qualitative result was read from: 实际完成值, or 1.0's 定性完成情况.
    result_column: str = "actual"

    @property
    def qualitative(self) -> bool:
        return self.direction == "定性"

    @property
    def cells(self) -> dict[str, CellRef]:
        """Every cell of the row by field.

        Made when asked: a province's thousands of rows are sent between
        processes, and most of their cells are never pointed at.
        """
        return {key: CellRef(self.sheet, f"{letter}{self.row}") for key, letter in self.columns.items()}

    def ref(self, key: str) -> CellRef | None:
        letter = self.columns.get(key)
        return None if letter is None else CellRef(self.sheet, f"{letter}{self.row}")

    @property
    def result_ref(self) -> CellRef | None:
        """The cell the qualitative result was read from."""
        return self.ref(self.result_column)


@record
class Payment:
    """One tranche of the payments table (首期, 中期 or 末期)."""

    stage: str
    agreed_ratio: float | None
    agreed_amount: float | None
    paid_amount: float | None
    paid_date: dt.date | None
    eval_result: str
    eval_field: str | None
    cells: dict[str, CellRef] = field(default_factory=dict)

    def ref(self, key: str) -> CellRef | None:
        return self.cells.get(key)


@record(frozen=True)
class SourceFile:
    """The submitted file as found on disk."""

    path: Path
    name: str
    format: str
    size: int
    modified: dt.datetime


@record
class Submission:
    """Everything one unit submitted, typed, with the cell of every value."""

    source: SourceFile
    template_version: str
    fields: dict[str, FieldValue]
    indicators: list[Indicator]
    payments: list[Payment]

    def value(self, name: str) -> Any:
        entry = self.fields.get(name)
        return None if entry is None else entry.value

    def number(self, name: str) -> float | None:
        value = self.value(name)
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    def text(self, name: str) -> str:
        value = self.value(name)
        return "" if value is None else str(value)

    def ref(self, name: str) -> CellRef | None:
        entry = self.fields.get(name)
        return None if entry is None else entry.ref

    @property
    def unit_name(self) -> str:
        return self.text("unit_name")

    @property
    def eval_year(self) -> int | None:
        year = self.value("eval_year")
        return year if isinstance(year, int) else None

"""_数据: the hidden sheet that makes this summary next year's ``--previous``.

A row per unit with its figures as plain values and its indicators (target,
actual, completion) as one JSON text, cut into cells of at most
:data:`CELL_TEXT_LIMIT` characters, so that the sheet costs a
handful of cells a unit however many indicators it has.  Its marker,
version and columns are :mod:`excel_eval.read.history`'s, which reads it back.
"""

from __future__ import annotations

import json
from typing import Any, Iterator

from excel_eval.catalogue import label
from excel_eval.collection import Collection
from excel_eval.read.history import DATA_COLUMNS, DATA_MARKER, DATA_SHEET, DATA_VERSION
from excel_eval.values import Measure

#: Characters per cell of the JSON text (Excel holds at most 32,767 in a cell).
CELL_TEXT_LIMIT = 32_000


def data_rows(collection: Collection) -> Iterator[list[Any]]:
    """The data sheet's rows: a version line, a header, then one row per unit and year."""
    yield [DATA_MARKER, DATA_VERSION, label("previous_data_note")]
    yield list(DATA_COLUMNS)
    for entry in collection.units:
        submission, evaluation = entry.review.submission, entry.review.evaluation
        indicators = [{"指标": result.indicator.name, "方向": result.indicator.direction,
                       "计量单位": result.indicator.unit,
                       "指标值": _measure_cells(result.indicator.target),
                       "实际值": _measure_cells(result.indicator.actual),
                       "完成率": result.completion.value} for result in evaluation.indicators]
        text = json.dumps(indicators, ensure_ascii=False, separators=(",", ":"))
        yield [entry.unit, entry.year, submission.number("budget_total"), submission.number("spent_total"),
               evaluation.exec_rate.value, evaluation.total_score.value, evaluation.grade,
               *(text[start:start + CELL_TEXT_LIMIT] for start in range(0, len(text), CELL_TEXT_LIMIT))]


def _measure_cells(measure: Measure) -> list[Any]:
    return [measure.number, measure.unit, measure.text]


def write_data_sheet(workbook: Any, collection: Collection) -> None:
    """Add the hidden data sheet; numbers as numbers, everything else strictly as text."""
    sheet = workbook.add_worksheet(DATA_SHEET)
    for row, values in enumerate(data_rows(collection)):
        for col, value in enumerate(values):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.write_number(row, col, value)
            elif value not in (None, ""):
                sheet.write_string(row, col, str(value))
    sheet.hide()

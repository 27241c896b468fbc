"""Year over year: last year's summary as this year's input.

Every summary carries a hidden, versioned sheet ``_数据``: a row per unit
with its figures as plain values, and its indicators (target, actual,
completion) as one JSON text, so that the sheet costs a handful of cells a
unit however many indicators it has.  The summary writes it
(:mod:`excel_eval.write.summary.data_sheet`) with the marker, version and columns
set here, and shows the comparison (:mod:`excel_eval.write.summary.year_comparison`).
Next year ``collect --previous`` reads that sheet back (never the visible
sheets, whose layout may change) and matches units by name and indicators by
normalised name, so that a target set below what was already achieved, a
lowered target with no reason, a grade that dropped or a budget that moved a
lot without a note are seen (the rules themselves are in ``judge``).

A previous summary that cannot be used never stops the run: the problem is
reported and this year's summary is written without the comparison.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from excel_eval import fields as contract
from excel_eval import findings
from excel_eval.catalogue import label
from excel_eval.collection import Collection, PastIndicator, PastUnit, Previous
from excel_eval.findings import UserError
from excel_eval.keys import indicator_key
from excel_eval.read.workbook import SUMMARY_AREA, UnreadableFile, open_workbook
from excel_eval.values import Measure

DATA_SHEET = contract.SUMMARY_DATA_SHEET
DATA_MARKER = contract.SUMMARY_MARKER
#: Bump when a column of the data sheet changes meaning; older sheets are then refused.
DATA_VERSION = 2
#: The data sheet's columns; 指标 is a JSON list and continues in the cells after it when long.
DATA_COLUMNS = ("单位", "年度", "全年预算数", "全年执行数", "执行率", "复核得分", "等级", "指标")

class PreviousError(UserError):
    """The previous summary cannot be used; ``message`` says why, in Chinese."""


# Reading it back.

def read_previous(path: Path) -> Previous:
    """Read a summary's data sheet, or raise :class:`PreviousError` saying what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise PreviousError("previous_missing", path=path)
    try:
        book = open_workbook(path, area=SUMMARY_AREA, only=frozenset({DATA_SHEET}))
    except UnreadableFile as error:
        raise PreviousError("previous_unreadable", name=path.name,
                            reason=findings.make(error.code, **error.params).message) from error
    sheet = book.sheets.get(DATA_SHEET)
    if sheet is None:
        raise PreviousError("previous_not_ours", name=path.name, sheet=DATA_SHEET)
    marker, version = sheet.value(0, 0), sheet.value(0, 1)
    if marker != DATA_MARKER or _integer(version) != DATA_VERSION:
        raise PreviousError("previous_version", name=path.name, marker=marker or "", version=_shown(version),
                            expected=DATA_VERSION)
    units = []
    for number, row in enumerate(sheet.rows[2:], start=3):
        if not any(row):
            continue
        try:
            units.append(_unit(row))
        except (TypeError, ValueError, KeyError, AttributeError) as error:  # the library's English is not shown
            raise PreviousError("previous_changed", name=path.name, sheet=DATA_SHEET, row=number) from error
    return Previous(label("previous_summary", name=path.name), units)


def _unit(row: list[Any]) -> PastUnit:
    row = list(row) + [None] * (len(DATA_COLUMNS) - len(row))
    unit = PastUnit(_text(row[0]), _integer(row[1]), _float(row[2]), _float(row[3]), _float(row[4]),
                    _float(row[5]), _text(row[6]))
    for item in json.loads("".join(_text(cell) for cell in row[7:]) or "[]"):
        unit.indicators[indicator_key(item["指标"])] = PastIndicator(
            _text(item["指标"]), _text(item["方向"]), _measure(item["指标值"]), _measure(item["实际值"]),
            _float(item["完成率"]), _text(item["计量单位"]))
    return unit


def _measure(cells: list[Any]) -> Measure:
    number, unit, text = cells
    return Measure(raw=text, text=_text(text), number=_float(number), unit=_text(unit))


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _float(value: Any) -> float | None:
    return None if value in (None, "") else float(value)


def _integer(value: Any) -> int | None:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _shown(value: Any) -> str:
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


# Comparing this year with last year.

def load_previous(path: Path) -> tuple[Previous | None, str]:
    """Last year's summary at ``path``, or why it cannot be used (the run then goes on without it)."""
    try:
        return read_previous(path), ""
    except PreviousError as error:
        return None, label("previous_not_compared", problem=error.message)


def earlier_years(collection: Collection) -> Previous | None:
    """Earlier years' submissions found in the same folder, as last year's units (``None``: there are none).

    A district that keeps every year's files in one folder and collects one
    year gets the comparison without keeping last year's summary.
    """
    earlier = [item.review for item in collection.excluded
               if collection.year and (item.review.submission.eval_year or collection.year) < collection.year]
    if not earlier:
        return None
    return Previous(label("previous_same_folder"),
                    [_past_unit(review.submission, review.evaluation) for review in earlier])


def _past_unit(submission: Any, evaluation: Any) -> PastUnit:
    past = PastUnit(submission.unit_name, submission.eval_year, submission.number("budget_total"),
                    submission.number("spent_total"), evaluation.exec_rate.value, evaluation.total_score.value,
                    evaluation.grade)
    for result in evaluation.indicators:
        indicator = result.indicator
        past.indicators[indicator_key(indicator.name)] = PastIndicator(
            indicator.name, indicator.direction, indicator.target, indicator.actual, result.completion.value,
            indicator.unit)
    return past

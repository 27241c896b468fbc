"""Year over year: last year's summary as this year's input.

Every summary carries a hidden, versioned sheet ``_数据``: a row per unit
with its figures as plain values, and its indicators (target, actual,
completion) as one JSON text, so that the sheet costs a handful of cells a
unit however many indicators it has.
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
from typing import Any, Iterator

from excel_eval import fields as contract
from excel_eval import findings
from excel_eval.catalogue import label
from excel_eval.collection import Collection, PastIndicator, PastUnit, Previous, UnitEntry
from excel_eval.findings import Severity, UserError
from excel_eval.judge import target_lowered
from excel_eval.keys import indicator_key
from excel_eval.values import Measure, as_read
from excel_eval.workbook import SUMMARY_AREA, UnreadableFile, open_workbook

DATA_SHEET = contract.SUMMARY_DATA_SHEET
DATA_MARKER = contract.SUMMARY_MARKER
#: Bump when a column of the data sheet changes meaning; older sheets are then refused.
DATA_VERSION = 2
YEAR_SHEET = "年度对比"

#: The data sheet's columns; 指标 is a JSON list and continues in the cells after it when long.
DATA_COLUMNS = ("单位", "年度", "全年预算数", "全年执行数", "执行率", "复核得分", "等级", "指标")
#: Characters per cell of the JSON text (Excel holds at most 32,767 in a cell).
CELL_TEXT_LIMIT = 32_000
#: Extra 区域对比 columns when a previous summary was given: (title, width).
PREVIOUS_COLUMNS = (("上年预算数（万元）", 12), ("上年执行率", 9), ("上年复核得分", 9), ("上年等级", 8),
                    ("得分变化", 9))

class PreviousError(UserError):
    """The previous summary cannot be used; ``message`` says why, in Chinese."""


# Writing the data sheet.

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
    try:
        return Previous(label("previous_summary", name=path.name), [_unit(row) for row in sheet.rows[2:] if any(row)])
    except (TypeError, ValueError, KeyError) as error:
        raise PreviousError("previous_changed", name=path.name, detail=error) from error


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


# What the summary shows.

def previous_values(collection: Collection, entry: UnitEntry) -> list[tuple[Any, str]]:
    """The 区域对比 cells of :data:`PREVIOUS_COLUMNS` for ``entry``, as (value, style kind)."""
    past = collection.previous.match(entry.unit, entry.year) if collection.previous else None
    if past is None:
        return [(None, "money"), (None, "percent"), (None, "score"), (label("year_no_past"), "text"), (None, "score")]
    score = entry.review.evaluation.total_score.value
    change = None if score is None or past.score is None else score - past.score
    return [(past.budget, "money"), (past.exec_rate, "percent"), (past.score, "score"), (past.grade, "text"),
            (change, "score")]


def overview_rows(collection: Collection) -> list[tuple[str, str, str]]:
    """The 总览 line about last year: which summary was compared, or why none was."""
    if collection.previous is not None:
        return [(label("previous_heading"), label("previous_compared", source=collection.previous.source,
                                                  sheet=YEAR_SHEET), "text")]
    if collection.previous_problem:
        return [(label("previous_heading"), collection.previous_problem, "text")]
    return []


YEAR_COLUMNS = (("单位", 14), ("年度", 6), ("一级指标", 10), ("指标", 24), ("指标方向", 6), ("上年年度", 6),
                ("上年指标值", 12), ("上年实际完成值", 12), ("上年复核完成率", 10), ("本年指标值", 12), ("对比", 22))


def year_rows(collection: Collection) -> Iterator[tuple[list[Any], str]]:
    """One row per unit and indicator of either year, this year's first, with its verdict's code."""
    for entry in collection.units:
        past = collection.previous.match(entry.unit, entry.year)
        seen = set()
        for result in entry.review.evaluation.indicators:
            indicator = result.indicator
            key = indicator_key(indicator.name)
            seen.add(key)
            before = past.indicators.get(key) if past else None
            verdict = _verdict(indicator, before, past)
            yield [entry.unit, entry.year, indicator.level1, indicator.name, indicator.direction,
                   past.year if past else None, as_read(before.target, before.unit) if before else None,
                   as_read(before.actual, before.unit) if before else None, before.completion if before else None,
                   as_read(indicator.target, indicator.unit), _verdict_label(verdict)], verdict
        for key, before in (past.indicators.items() if past else ()):
            if key not in seen:
                yield [entry.unit, entry.year, "", before.name, before.direction, past.year,
                       as_read(before.target, before.unit), as_read(before.actual, before.unit),
                       before.completion, None, label("year_dropped")], "year_dropped"


def _verdict(indicator: Any, before: PastIndicator | None, past: PastUnit | None) -> str:
    """The code of the row's 对比 label ('' when nothing changed that needs saying)."""
    if past is None:
        return "year_no_past"
    if before is None:
        return "year_new"
    return _LOWERED_VERDICTS[target_lowered(indicator, before)]


def _verdict_label(verdict: str) -> str:
    return label(verdict) if verdict else ""


#: The verdict for a target below last year's actual, below last year's target, or neither.
_LOWERED_VERDICTS = {"actual": "year_below_actual", "target": "year_below_target", "": ""}
#: Verdicts whose rows are marked for a look.
_FLAGGED = frozenset(_LOWERED_VERDICTS.values()) - {""}


def write_year_comparison(sheet: Any, collection: Collection, styles: Any) -> None:
    """The 年度对比 sheet: last year's target and actual beside this year's target."""
    sheet.write_string(0, 0, label("previous_matching", source=collection.previous.source), styles["note"])
    for col, (title, width) in enumerate(YEAR_COLUMNS):
        sheet.set_column(col, col, width)
        sheet.write_string(1, col, title, styles["header"])
    kinds = ("text", "integer", "text", "wrap", "text", "integer", "text", "text", "percent", "text", "text")
    last = 1
    for last, (values, verdict) in enumerate(year_rows(collection), start=2):
        flagged = verdict in _FLAGGED
        for col, (value, kind) in enumerate(zip(values, kinds)):
            style = styles.flagged(kind, Severity.WARNING) if flagged and col >= 9 else styles[kind]
            if isinstance(value, (int, float)):
                sheet.write_number(last, col, value, style)
            elif value in (None, ""):
                sheet.write_blank(last, col, None, style)
            else:
                sheet.write_string(last, col, str(value), style)
    sheet.freeze_panes(2, 1)
    sheet.autofilter(1, 0, max(last, 2), len(YEAR_COLUMNS) - 1)

"""Last year in the summary: the 年度对比 sheet, last year's columns of 区域对比, a line of 总览.

Written only when a previous summary was given (or found among the
submissions' own years).  Each row puts last year's target and actual of an
indicator beside this year's target, and says in 对比 what changed; a target
lowered below last year's actual or target is coloured for a look (the rule
itself is :func:`judge.target_lowered`).
"""

from __future__ import annotations

from typing import Any, Iterator

from excel_eval.catalogue import label
from excel_eval.collection import Collection, PastIndicator, PastUnit, UnitEntry
from excel_eval.findings import Severity
from excel_eval.judge.cross_file import target_lowered
from excel_eval.keys import indicator_key
from excel_eval.values import as_read
from excel_eval.write.summary.kit import YEAR_SHEET, Styles, fit_row, write_value

#: Extra 区域对比 columns when a previous summary was given: (title, width).
PREVIOUS_COLUMNS = (("上年预算数（万元）", 12), ("上年执行率", 9), ("上年复核得分", 9), ("上年等级", 8),
                    ("得分变化", 9))


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


YEAR_COLUMNS = (("单位", 14), ("年度", 6), ("一级指标", 10), ("指标", 24), ("指标方向", 8), ("上年年度", 8),
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


def write_year_comparison(sheet: Any, collection: Collection, styles: Styles) -> None:
    """The 年度对比 sheet: last year's target and actual beside this year's target."""
    sheet.write_string(0, 0, label("previous_matching", source=collection.previous.source), styles["note"])
    for col, (title, width) in enumerate(YEAR_COLUMNS):
        sheet.set_column(col, col, width)
        sheet.write_string(1, col, title, styles["header"])
    fit_row(sheet, 1, YEAR_COLUMNS)
    kinds = ("text", "integer", "text", "wrap", "text", "integer", "text", "text", "percent", "text", "text")
    last = 1
    for last, (values, verdict) in enumerate(year_rows(collection), start=2):
        flagged = verdict in _FLAGGED
        for col, (value, kind) in enumerate(zip(values, kinds)):
            style = styles.flagged(kind, Severity.WARNING) if flagged and col >= 9 else styles[kind]
            write_value(sheet, last, col, value, style)
    sheet.freeze_panes(2, 1)
    sheet.repeat_rows(1)
    sheet.autofilter(1, 0, max(last, 2), len(YEAR_COLUMNS) - 1)

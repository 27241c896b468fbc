"""Rules across files: what no single submission shows, seen once every file is reviewed.

Each rule takes the gathered collection and the rules and returns findings
(``(collection, rules) → findings``); :func:`judge` runs them all, in the
order of :data:`CROSS_FILE_RULES`, and returns the collection complete.  A
new cross-file check is one function here and one line in that tuple.
"""

from __future__ import annotations

from dataclasses import replace
from statistics import median
from typing import Any, Callable

from excel_eval import findings
from excel_eval.collection import Collection, PastIndicator, PastUnit, Previous, UnitEntry
from excel_eval.findings import Finding
from excel_eval.judge.compare import SharedIndicator, shared_indicators
from excel_eval.judge.scoring import IndicatorResult
from excel_eval.keys import close_name, indicator_key
from excel_eval.model import Indicator
from excel_eval.read.roster import RosterIndex
from excel_eval.rules import Rules
from excel_eval.values import Measure, as_read

#: Directions for which a lower target asks less of the unit.
HIGHER_IS_BETTER = ("≥", ">")

#: The finding for a target below last year's actual, or below last year's target.
_LOWERED_CODES = {"actual": "target_below_previous_actual", "target": "target_below_previous_target"}

#: A rule across files.
CrossFileRule = Callable[[Collection, Rules], list[Finding]]


def judge(gathered: Collection, previous: Previous | None = None, previous_problem: str = "") -> Collection:
    """The collection complete: last year attached and every cross-file rule's findings added.

    A new record is returned; ``gathered`` is left as it was.
    """
    collection = replace(gathered, previous=previous, previous_problem=previous_problem)
    found = [finding for rule in CROSS_FILE_RULES for finding in rule(collection, collection.rules)]
    return replace(collection, cross_findings=tuple(found))


# The roster.

def roster_findings(collection: Collection, rules: Rules) -> list[Finding]:
    """Each file whose unit is on no roster line (with the closest name), or spelt unlike its line."""
    if not collection.roster:
        return []
    roster = RosterIndex(collection.roster)
    found = []
    for review in collection.covered:
        submission = review.submission
        name = submission.unit_name
        if not name:
            continue
        unit = roster.find(name)
        ref = submission.ref("unit_name")
        where = {"file": review.name, "unit": name, "sheet": ref.sheet if ref else "",
                 "cell": ref.cell if ref else ""}
        if unit is None:
            close = close_name(name, [listed.name for listed in roster.units])
            found.append(findings.make("unit_not_on_roster", found=name, expected=close or "",
                                       suggestion=f"是否为“{close}”？" if close else "请核对单位名称。",
                                       question=f"是否为“{close}”？" if close else "", **where))
        elif unit.name != name:
            found.append(findings.make("unit_name_differs", found=name, expected=unit.name, **where))
    return found


# Duplicates.

def duplicate_findings(collection: Collection, rules: Rules) -> list[Finding]:
    """Both files of each pair sent for one unit and year, each naming the other and the one used."""
    found = []
    for entry in collection.units:
        for duplicate in entry.duplicates:
            kept, dropped = duplicate.kept, duplicate.dropped
            for this, other in ((dropped, kept), (kept, dropped)):
                found.append(findings.make(
                    "duplicate_submission", file=this.name, unit=entry.unit, found=this.name,
                    expected=other.name, used=kept.name, year=entry.year or "", reason=duplicate.reason))
    return found


# Outliers.

def outlier_findings(collection: Collection, rules: Rules) -> list[Finding]:
    """Completion rates and costs per unit of output far from the district median of their year."""
    settings = rules.outliers
    units = collection.units
    found: list[Finding] = []
    for year in dict.fromkeys(entry.year for entry in units):
        of_year = [entry for entry in units if entry.year == year]
        for group in shared_indicators(of_year, settings.min_units):
            found += _completion_outliers(group, of_year, settings.completion_factor, settings.min_units)
            if group.unit in settings.cost_units:
                found += _cost_outliers(group, of_year, settings.cost_factor, settings.min_units)
    return found


def _far(value: float, middle: float, factor: float) -> bool:
    return middle > 0 and (value > middle * factor or value * factor < middle)


def _completion_outliers(group: SharedIndicator, units: list[UnitEntry], factor: float,
                         minimum: int) -> list[Finding]:
    middle = group.median_completion(units[0].year, minimum)
    if middle is None:
        return []
    return [_outlier("completion_outlier", entry, result, found=f"{result.completion.value:.2%}",
                     expected=f"{middle:.2%}", factor=factor, name=group.name)
            for entry in units if (result := group.result(entry)) is not None
            and result.completion.value is not None and _far(result.completion.value, middle, factor)]


def _cost_outliers(group: SharedIndicator, units: list[UnitEntry], factor: float,
                   minimum: int) -> list[Finding]:
    costs = {}
    for entry in units:
        result = group.result(entry)
        budget = entry.review.submission.number("budget_total")
        actual = result.indicator.actual.base[0] if result is not None else None
        if budget and actual:
            costs[entry.unit] = budget * 10000 / actual
    if len(costs) < minimum:
        return []
    middle = median(costs.values())
    return [_outlier("cost_outlier", entry, group.result(entry), found=f"{costs[entry.unit]:,.2f}",
                     expected=f"{middle:,.2f}", factor=factor, name=group.name, per=group.unit)
            for entry in units if entry.unit in costs and _far(costs[entry.unit], middle, factor)]


def _outlier(code: str, entry: UnitEntry, result: IndicatorResult, **params: object) -> Finding:
    ref = result.indicator.ref("actual")
    return findings.make(code, file=entry.review.name, sheet=ref.sheet if ref else "",
                         cell=ref.cell if ref else "", field="actual", unit=entry.unit, **params)


# Year over year.

def year_findings(collection: Collection, rules: Rules) -> list[Finding]:
    """Every unit's changes from last year that need a look."""
    previous = collection.previous
    if previous is None:
        return []
    found: list[Finding] = []
    for entry in collection.units:
        past = previous.match(entry.unit, entry.year)
        if past is not None:
            found += _budget_change(entry, past, rules.budget_change_share)
            found += _grade_drop(entry, past, [band.grade for band in rules.grades])
            found += _lowered_targets(entry, past)
    return found


def _where(entry: UnitEntry, ref: Any, field_name: str) -> dict[str, str]:
    return {"file": entry.review.name, "unit": entry.unit, "sheet": ref.sheet if ref else "",
            "cell": ref.cell if ref else "", "field": field_name}


def _budget_change(entry: UnitEntry, past: PastUnit, share: float) -> list[Finding]:
    submission = entry.review.submission
    budget = submission.number("budget_total")
    if not budget or not past.budget or submission.text("budget_change_note").strip():
        return []
    change = budget / past.budget - 1
    if abs(change) <= share:
        return []
    return [findings.make("budget_change_from_previous", found=budget, expected=past.budget, change=change,
                          limit=share, **_where(entry, submission.ref("budget_total"), "budget_total"))]


def _grade_drop(entry: UnitEntry, past: PastUnit, grades: list[str]) -> list[Finding]:
    """A grade further down the rules' list than last year's (grades are listed best first)."""
    grade = entry.review.evaluation.grade
    if grade not in grades or past.grade not in grades or grades.index(grade) <= grades.index(past.grade):
        return []
    submission = entry.review.submission
    return [findings.make("grade_dropped", found=grade, expected=past.grade, old_score=past.score or 0.0,
                          new_score=entry.review.evaluation.total_score.value or 0.0,
                          **_where(entry, submission.ref("self_grade"), "self_grade"))]


def _lowered_targets(entry: UnitEntry, past: PastUnit) -> list[Finding]:
    found = []
    for result in entry.review.evaluation.indicators:
        indicator = result.indicator
        before = past.indicators.get(indicator_key(indicator.name))
        lowered = target_lowered(indicator, before)
        if not lowered or (lowered == "target" and indicator.deviation_reason.strip()):
            continue
        last = before.actual if lowered == "actual" else before.target
        found.append(findings.make(_LOWERED_CODES[lowered], found=as_read(indicator.target, indicator.unit),
                                   expected=as_read(last, before.unit), name=indicator.name,
                                   **_where(entry, indicator.ref("target"), "target")))
    return found


def target_lowered(indicator: Indicator, before: PastIndicator | None) -> str:
    """Which of last year's figures this year's target is below: "actual", else "target", else ''.

    Only for indicators where more is better, this year and last.
    """
    if before is None or indicator.direction not in HIGHER_IS_BETTER or before.direction not in HIGHER_IS_BETTER:
        return ""
    if _below(indicator.target, before.actual):
        return "actual"
    if _below(indicator.target, before.target):
        return "target"
    return ""


def _below(this: Measure, last: Measure) -> bool:
    """``this`` is a smaller number than ``last`` in the same unit (either unit may be unstated)."""
    (value, unit), (before, before_unit) = this.base, last.base
    if value is None or before is None or (unit and before_unit and unit != before_unit):
        return False
    return value < before - 1e-9


#: Every rule across files, in the order their findings are listed.
CROSS_FILE_RULES: tuple[CrossFileRule, ...] = (roster_findings, duplicate_findings, outlier_findings, year_findings)

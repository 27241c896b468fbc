"""Comparing units with each other: shared indicators and figures far from the district's.

Towns name the same indicator differently ("家庭探访户数", "家庭探访 户数",
"家庭探访（户）"), so indicators are matched by a normalised name.  A figure
is an outlier when it is more than a configured factor above or below the
district median of the same year — a sign of a target set too low, or a
cost out of line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median
from typing import TYPE_CHECKING

from excel_eval import findings
from excel_eval.findings import Finding, FindingType, Severity
from excel_eval.keys import indicator_key
from excel_eval.rules import Rules

if TYPE_CHECKING:
    from excel_eval.collect import UnitEntry
    from excel_eval.scoring import IndicatorResult

findings.register(
    FindingType("completion_outlier", Severity.INFO, "完成率明显偏离全区",
                "“{name}”完成率 {found}，全区同类指标中位数为 {expected}，相差 {factor:g} 倍以上，请核实年度指标值是否合理。"),
    FindingType("cost_outlier", Severity.INFO, "单位成本明显偏离全区",
                "按“{name}”计算，每{per}成本 {found} 元，全区中位数为 {expected} 元，相差 {factor:g} 倍以上，请核实。"),
)

#: Units of output whose cost per unit is worth comparing across units.
COST_UNITS = ("人次", "户", "个", "人", "次", "场", "节")


@dataclass
class SharedIndicator:
    """One indicator several units report, with each unit's figures."""

    name: str
    level1: str
    unit: str
    #: (unit name, year) → indicator result, for the units that report it.
    results: dict[tuple[str, int | None], IndicatorResult] = field(default_factory=dict)

    def result(self, entry: UnitEntry) -> IndicatorResult | None:
        return self.results.get((entry.unit, entry.year))

    def median_completion(self, year: int | None, minimum: int) -> float | None:
        """The median completion rate of the units reporting it for ``year``; none from fewer than ``minimum``."""
        values = [result.completion.value for (_, result_year), result in self.results.items()
                  if result_year == year and result.completion.value is not None]
        return median(values) if len(values) >= minimum else None


def shared_indicators(units: list[UnitEntry], minimum_units: int = 2) -> list[SharedIndicator]:
    """Indicators reported by at least ``minimum_units`` units, most widely shared first."""
    groups: dict[str, SharedIndicator] = {}
    for entry in units:
        evaluation = entry.review.evaluation
        if evaluation is None:
            continue
        for result in evaluation.indicators:
            indicator = result.indicator
            key = indicator_key(indicator.name)
            if not key:
                continue
            group = groups.setdefault(key, SharedIndicator(indicator.name, indicator.level1, indicator.unit))
            group.results.setdefault((entry.unit, entry.year), result)
    shared = [group for group in groups.values() if len(group.results) >= minimum_units]
    return sorted(shared, key=lambda group: (-len(group.results), group.level1, group.name))


def outlier_findings(units: list[UnitEntry], rules: Rules) -> list[Finding]:
    """Completion rates and costs per unit of output far from the district median of their year."""
    settings = rules.outliers
    found: list[Finding] = []
    for year in dict.fromkeys(entry.year for entry in units):
        of_year = [entry for entry in units if entry.year == year]
        for group in shared_indicators(of_year, settings.min_units):
            found += _completion_outliers(group, of_year, settings.completion_factor, settings.min_units)
            if group.unit in COST_UNITS:
                found += _cost_outliers(group, of_year, settings.cost_factor, settings.min_units)
    return found


def _far(value: float, middle: float, factor: float) -> bool:
    return middle > 0 and (value > middle * factor or value * factor < middle)


def _completion_outliers(group: SharedIndicator, units: list[UnitEntry], factor: float,
                         minimum: int) -> list[Finding]:
    middle = group.median_completion(units[0].year, minimum)
    if middle is None:
        return []
    return [_finding("completion_outlier", entry, result, found=f"{result.completion.value:.2%}",
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
    return [_finding("cost_outlier", entry, group.result(entry), found=f"{costs[entry.unit]:,.2f}",
                     expected=f"{middle:,.2f}", factor=factor, name=group.name, per=group.unit)
            for entry in units if entry.unit in costs and _far(costs[entry.unit], middle, factor)]


def _finding(code: str, entry: UnitEntry, result: IndicatorResult, **params: object) -> Finding:
    ref = result.indicator.ref("actual")
    return findings.make(code, file=entry.review.name, sheet=ref.sheet if ref else "",
                         cell=ref.cell if ref else "", field="actual", unit=entry.unit, **params)

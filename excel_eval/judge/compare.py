"""Comparing units with each other: the indicators several units share.

Towns name the same indicator differently ("家庭探访户数", "家庭探访 户数",
"家庭探访（户）"), so indicators are matched by a normalised name.  The
summary's 指标对比 sheet lists them, and the outlier rules of ``judge``
compare each unit's figures with the district median of the same year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from excel_eval.collection import UnitEntry
from excel_eval.judge.scoring import IndicatorResult
from excel_eval.keys import indicator_key


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

"""Ranking the units: within each year by recomputed score, the unranked last with the reason.

One ranking feeds the 排名 and 区域对比 sheets and the units table of the
machine outputs, so a unit has the same rank wherever it is read.
"""

from __future__ import annotations

from dataclasses import dataclass

from excel_eval.collection import Collection, UnitEntry
from excel_eval.judge.scoring import unranked_reason


@dataclass(frozen=True)
class Standing:
    """A unit's place: its rank within its year, or why it has none."""

    entry: UnitEntry
    rank: int | None
    reason: str = ""

    @property
    def score(self) -> float:
        return _score(self.entry)


def _score(entry: UnitEntry) -> float:
    return entry.review.evaluation.total_score.value or 0.0


def standings_of(collection: Collection) -> list[Standing]:
    """Every unit in rank order: each year's ranked units by score, then the unranked ones.

    Units are ranked within their own year only (equal scores share a rank:
    1, 2, 2, 4).  A unit the scoring leaves unranked (nothing to grade, too
    many 待核实 points) is listed last with the reason.
    """
    ranked: dict[int | None, list[UnitEntry]] = {}
    unranked = []
    for entry in collection.units:
        reason = unranked_reason(entry.review.evaluation, collection.rules)
        if reason:
            unranked.append(Standing(entry, None, reason))
        else:
            ranked.setdefault(entry.year, []).append(entry)
    standings = []
    for year in sorted(ranked, key=lambda year: (year is None, year or 0)):
        entries = sorted(ranked[year], key=lambda entry: -_score(entry))
        scores = [round(_score(entry), 6) for entry in entries]
        standings += [Standing(entry, scores.index(score) + 1) for entry, score in zip(entries, scores)]
    return standings + unranked

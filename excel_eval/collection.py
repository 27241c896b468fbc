"""What a collection run knows, as plain data: the units, the files left out, last year, the findings.

Every stage of the run (see ``pipeline``) hands these records on and every
writer reads them; none of them does anything.  Keeping them apart from the
code that builds them lets the readers, the cross-file rules and the writers
depend on the data without depending on each other.  A :class:`Collection`
is frozen: once judged, it is what every output is written from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Callable

from excel_eval.findings import Finding
from excel_eval.judge.review import Review
from excel_eval.keys import unit_key, unit_stem
from excel_eval.read.roster import RosterUnit
from excel_eval.rules import Rules
from excel_eval.values import Measure

#: What a run asks for the time it started; tests pass a fixed one so outputs compare equal.
Clock = Callable[[], dt.datetime]


@dataclass(frozen=True)
class Duplicate:
    """One of two submissions for a unit and year set aside: which, for which, and why."""

    dropped: Review
    kept: Review
    #: Why ``kept`` was preferred ("填报日期较新", …).
    reason: str


@dataclass(frozen=True)
class UnitEntry:
    """The submission used for one unit and year, and any it superseded."""

    review: Review
    unit: str
    year: int | None
    kind: str = ""
    #: Each later submission compared with the one kept so far, in the order read.
    duplicates: tuple[Duplicate, ...] = ()

    @property
    def superseded(self) -> list[Review]:
        return [duplicate.dropped for duplicate in self.duplicates]

    @property
    def preferred_because(self) -> str:
        """Why ``review`` was preferred to the last one it superseded ('' when there was none)."""
        return self.duplicates[-1].reason if self.duplicates else ""


@dataclass(frozen=True)
class Excluded:
    """A file that was read but is not part of this summary, and why."""

    review: Review
    reason: str


@dataclass(frozen=True)
class YearChoice:
    """The one evaluation year a run covers, and how many files each year in the folder carries.

    Years never mix: a district adds up, ranks and counts its units for one
    year.  Without a year asked for, the year most files carry is taken (a
    tie: the latest), so that one mistyped 评价年度 cannot push every other
    unit out of the summary.
    """

    #: The year covered; ``None`` only when no readable file gives a year.
    year: int | None
    #: Readable submissions per evaluation year, earliest first.
    counts: dict[int, int]
    #: True when the year was asked for (``--year``), not chosen from the counts.
    asked: bool = False

    @property
    def found(self) -> bool:
        """False when the year asked for is carried by no file while other years are."""
        return not self.counts or self.year in self.counts

    def covers(self, year: int | None) -> bool:
        """Whether a submission of ``year`` belongs to the run (one with no year is kept, and flagged)."""
        return year is None or self.year is None or year == self.year


@dataclass(frozen=True)
class PastIndicator:
    name: str
    direction: str
    target: Measure
    actual: Measure
    completion: float | None
    #: The row's 计量单位, so that last year's 0.9 under “%” reads as 90%.
    unit: str = ""


@dataclass
class PastUnit:
    unit: str
    year: int | None
    budget: float | None
    spent: float | None
    exec_rate: float | None
    score: float | None
    grade: str
    #: Normalised indicator name → last year's figures.
    indicators: dict[str, PastIndicator] = field(default_factory=dict)


@dataclass
class Previous:
    """Last year's units, from a summary's data sheet or from the same folder."""

    #: Where they came from, as the summary names it (上年汇总“2023汇总.xlsx”).
    source: str
    units: list[PastUnit]

    def match(self, unit: str, year: int | None) -> PastUnit | None:
        """The latest earlier year of ``unit`` (any year when this year is unknown).

        Last year's name is found by the same key this year's would be; only
        when no unit of last year has that key does the stem decide (钟落潭
        then, 钟落潭镇 now).
        """
        earlier = [past for past in self.units
                   if year is None or (past.year is not None and past.year < year)]
        for key in (unit_key, unit_stem):
            candidates = [past for past in earlier if key(past.unit) == key(unit)]
            if candidates:
                return max(candidates, key=lambda past: past.year or 0)
        return None


@dataclass(frozen=True)
class Collection:
    """A folder's files reviewed, one submission per unit chosen, and what was seen across files.

    Made in two steps by ``pipeline``: gathered (every file reviewed, the
    units chosen), then judged (``cross_findings`` and ``previous`` filled by
    ``judge``, as a new record); never changed after.
    """

    folder: Path
    rules: Rules
    started: dt.datetime
    reviews: list[Review]
    units: list[UnitEntry]
    #: The year covered and the years found (see :class:`YearChoice`).
    year_choice: YearChoice
    roster: list[RosterUnit] | None = None
    missing: list[RosterUnit] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)
    #: Findings that need more than one file to see (roster, duplicates, outliers, last year).
    cross_findings: tuple[Finding, ...] = ()
    #: Last year's units, when a previous summary or earlier years' files were compared.
    previous: Previous | None = None
    #: Why the previous summary given could not be used ('' when it was, or none was given).
    previous_problem: str = ""

    @property
    def year(self) -> int | None:
        return self.year_choice.year

    @property
    def years(self) -> list[int]:
        return sorted({entry.year for entry in self.units if entry.year})

    @property
    def other_years(self) -> list[Review]:
        """Readable files of years this summary does not cover (earlier ones may serve the comparison)."""
        return [item.review for item in self.excluded]

    @property
    def covered(self) -> list[Review]:
        """The readable files of the year covered, in the order read: the ones the units were chosen from."""
        other = {id(review) for review in self.other_years}
        return [review for review in self.reviews if review.submission is not None and id(review) not in other]

    @property
    def failed(self) -> list[Review]:
        return [review for review in self.reviews if review.status == "failed"]

    @property
    def skipped(self) -> list[Review]:
        return [review for review in self.reviews if review.status == "skipped"]

    def findings_of(self, review: Review) -> list[Finding]:
        """A file's own findings and the cross-file ones about it."""
        return review.findings + self._cross_findings_by_file.get(review.name, [])

    @cached_property
    def _cross_findings_by_file(self) -> dict[str, list[Finding]]:
        """The cross-file findings by file, indexed once.

        A roster whose spellings differ gives every unit one, and the summary
        asks for each unit's findings: scanning the list each time was
        quadratic in the number of units.
        """
        index: dict[str, list[Finding]] = {}
        for finding in self.cross_findings:
            index.setdefault(finding.file, []).append(finding)
        return index

    def unit_reviews(self) -> list[Review]:
        """Each unit's review with the cross-file findings about it (duplicates, outliers, last year)."""
        return [replace(entry.review, findings=self.findings_of(entry.review)) for entry in self.units]

    @property
    def all_findings(self) -> list[Finding]:
        """The findings of this year's files and across them; other years' files count for nothing here."""
        other = {id(review) for review in self.other_years}
        found = [finding for review in self.reviews if id(review) not in other for finding in review.findings]
        return found + list(self.cross_findings)

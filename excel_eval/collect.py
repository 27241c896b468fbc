"""Collecting a folder of submissions: every file reviewed, every unit accounted for.

``collect`` is a plain function the CLI, the tests and the benchmark call the
same way.  It reviews each file (in several processes when there are many),
picks one submission per unit and year, and notes what is missing, what is
duplicated and what is not on the roster.  Writing the workbook is
``summary``'s job; this module only decides what goes in it.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from excel_eval import findings
from excel_eval.compare import outlier_findings
from excel_eval.findings import Finding
from excel_eval.keys import close_name, unit_key
from excel_eval.reader import ReadResult
from excel_eval.review import Review, review_file
from excel_eval.roster import RosterUnit
from excel_eval.rules import Rules
from excel_eval.workbook import display_name
from excel_eval.scoring import unranked_reason

if TYPE_CHECKING:
    from excel_eval.history import Previous

#: What a run asks for the time it started; tests pass a fixed one so outputs compare equal.
Clock = Callable[[], dt.datetime]

#: Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 48
_CHUNK = 16


@dataclass
class UnitEntry:
    """The submission used for one unit and year, and any it superseded."""

    review: Review
    unit: str
    year: int | None
    kind: str = ""
    superseded: list[Review] = field(default_factory=list)
    #: Why ``review`` was preferred to the ones it superseded ("填报日期较新", …).
    preferred_because: str = ""


@dataclass
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


def choose_year(reviews: Iterable[Review], asked: int | None = None) -> YearChoice:
    """The year to cover: ``asked`` when given, else the one most readable files carry (a tie: the latest)."""
    counts = Counter(review.submission.eval_year for review in reviews
                     if review.submission is not None and review.submission.eval_year)
    ordered = dict(sorted(counts.items()))
    if asked is not None:
        return YearChoice(asked, ordered, asked=True)
    return YearChoice(max(ordered, key=lambda year: (ordered[year], year), default=None), ordered)


@dataclass
class Collection:
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
    #: Findings that need more than one file to see (duplicates, roster, outliers).
    cross_findings: list[Finding] = field(default_factory=list)
    #: Last year's summary, when one was given and could be read (see ``history``).
    previous: Previous | None = None
    #: Why the previous summary given could not be used ('' when it was, or none was given).
    previous_problem: str = ""
    _index: dict[str, list[Finding]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _indexed: int = field(default=-1, init=False, repr=False, compare=False)

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
    def failed(self) -> list[Review]:
        return [review for review in self.reviews if review.status == "failed"]

    @property
    def skipped(self) -> list[Review]:
        return [review for review in self.reviews if review.status == "skipped"]

    def findings_of(self, review: Review) -> list[Finding]:
        """A file's own findings and the cross-file ones about it."""
        return review.findings + self._cross_findings_by_file().get(review.name, [])

    def _cross_findings_by_file(self) -> dict[str, list[Finding]]:
        """The cross-file findings by file, indexed again only when some were added since.

        A roster whose spellings differ gives every unit one, and the summary
        asks for each unit's findings: scanning the list each time was
        quadratic in the number of units.
        """
        if self._indexed != len(self.cross_findings):
            self._index = {}
            for finding in self.cross_findings:
                self._index.setdefault(finding.file, []).append(finding)
            self._indexed = len(self.cross_findings)
        return self._index

    def unit_reviews(self) -> list[Review]:
        """Each unit's review with the cross-file findings about it (duplicates, outliers, last year)."""
        return [replace(entry.review, findings=self.findings_of(entry.review)) for entry in self.units]

    @property
    def all_findings(self) -> list[Finding]:
        """The findings of this year's files and across them; other years' files count for nothing here."""
        other = {id(review) for review in self.other_years}
        found = [finding for review in self.reviews if id(review) not in other for finding in review.findings]
        return found + self.cross_findings


def find_files(folder: Path, exclude: Iterable[Path] = ()) -> list[Path]:
    """Every file under ``folder``, in a stable order; nothing is left out here.

    Files that are not submissions (a Word document, a lock file, a hidden
    file) are still returned, so that the summary can say what became of
    each.  ``exclude`` names this run's own outputs, when they are written
    inside the folder.
    """
    skip = {path.resolve() for path in exclude}
    return sorted((path for path in folder.rglob("*")
                   if path.is_file() and not (skip and path.resolve() in skip)),
                  key=lambda path: str(path.relative_to(folder)))


def review_all(paths: list[Path], folder: Path, rules: Rules,
               on_review: Callable[[Review], None] | None = None,
               workers: int | None = None) -> list[Review]:
    """Review ``paths`` in order; many files are spread over worker processes.

    The result is the same list, in the same order, however many workers
    read it; ``on_review`` is called once per file as its review arrives.
    """
    names = [display_name(path.relative_to(folder)) for path in paths]
    workers = workers if workers is not None else usable_cpus()
    reviews = []
    with paused_gc():
        for review in _reviews(paths, names, rules, workers):
            reviews.append(review)
            if on_review:
                on_review(review)
    return reviews


def usable_cpus() -> int:
    """The CPUs this process may run on (fewer than the machine's in a container or under taskset)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextmanager
def paused_gc() -> Iterator[None]:
    """Cyclic garbage collection off while thousands of long-lived records pile up.

    Each collection walks every record read so far, and records hold no
    cycles to reclaim: measured on 1,000 files, collections took a third of
    the time spent writing the summary and most of unpickling the reviews.
    On the way out, what was built is moved straight to the oldest
    generation (freeze, then unfreeze), so that turning collection back on
    does not walk it again generation by generation.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _reviews(paths: list[Path], names: list[str], rules: Rules, workers: int) -> Iterator[Review]:
    if workers <= 1 or len(paths) < PARALLEL_FROM:
        yield from map(_review_one, paths, [rules] * len(paths), names)
        return
    with ProcessPoolExecutor(max_workers=min(workers, len(paths) // _CHUNK + 1)) as pool:
        yield from pool.map(_review_one, paths, [rules] * len(paths), names, chunksize=_CHUNK)


def _review_one(path: Path, rules: Rules, name: str) -> Review:
    """``review_file``, with any unexpected failure turned into that file's finding.

    A defect in a library or in a check must cost one file, not the run: the
    file is listed as unreadable with the error, and the others go on.
    """
    try:
        return review_file(path, rules, name)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # calamine's panics are BaseExceptions
        detail = f"处理时出现程序错误（{type(error).__name__}: {str(error)[:120]}），请将该文件反馈给技术支持"
        result = ReadResult(path, name, "failed", findings=[findings.make("file_unreadable", file=name,
                                                                          detail=detail)])
        return Review(result, None, list(result.findings))


def collect(folder: Path, rules: Rules, roster: list[RosterUnit] | None = None,
            year: int | None = None, on_review: Callable[[Review], None] | None = None,
            workers: int | None = None, files: list[Path] | None = None,
            clock: Clock = dt.datetime.now) -> Collection:
    """Review every file in ``folder`` and decide which submission stands for each unit.

    One year is compared: ``year``, or without it the year most files carry
    (see :func:`choose_year`); files of other years are listed as excluded,
    and earlier ones can serve the year-over-year comparison.
    ``files`` is the folder's files as :func:`find_files` lists them, when the
    caller has listed them already (to size a progress bar, or to leave out
    this run's own output); a folder on a network share is then walked once.
    ``clock`` gives the run's start time, which the summary, the review
    copies and the reports print.
    """
    started = clock().replace(microsecond=0)
    with paused_gc():
        return _collect(folder, rules, roster, year, on_review, workers,
                        find_files(folder) if files is None else files, started)


def _collect(folder: Path, rules: Rules, roster: list[RosterUnit] | None, year: int | None,
             on_review: Callable[[Review], None] | None, workers: int | None,
             files: list[Path], started: dt.datetime) -> Collection:
    reviews = review_all(files, folder, rules, on_review, workers)
    read = [review for review in reviews if review.submission is not None]
    choice = choose_year(read, year)
    collection = Collection(folder, rules, started, reviews, [], choice, roster)
    chosen: dict[tuple[str, int | None], UnitEntry] = {}
    roster_names = _roster_index(roster or [])
    for review in read:
        submission = review.submission
        if not choice.covers(submission.eval_year):
            collection.excluded.append(Excluded(review, _other_year_reason(submission.eval_year, choice.year)))
            continue
        unit, kind = _roster_match(submission.unit_name, roster_names, review, collection)
        key = (unit_key(unit), submission.eval_year)
        if key in chosen:
            _keep_newer(chosen[key], review, collection)
        else:
            chosen[key] = UnitEntry(review, unit, submission.eval_year, kind)
    collection.units = _in_roster_order(list(chosen.values()), roster or [])
    collection.units.sort(key=lambda entry: bool(unranked_reason(entry.review.evaluation, rules)))
    submitted = {entry.unit for entry in collection.units}
    collection.missing = [unit for unit in roster or [] if unit.name not in submitted]
    collection.cross_findings += outlier_findings(collection.units, rules)
    return collection


def _other_year_reason(year: int, covered: int) -> str:
    when = "往年报送，可用于与上年对比" if year < covered else "年度晚于本次汇总"
    return f"评价年度为 {year} 年，本次汇总 {covered} 年度（{when}）"


def _roster_index(roster: list[RosterUnit]) -> dict[str, RosterUnit]:
    return {unit_key(unit.name): unit for unit in roster}


def _roster_match(name: str, roster: dict[str, RosterUnit], review: Review,
                  collection: Collection) -> tuple[str, str]:
    """The roster's spelling of ``name`` and its kind; a note when they differ.

    A unit on no roster is called by its key, so the 实施单位 of a national
    form ("219001-池州市贵池区棠溪镇人民政府") is shown as 棠溪镇.

    Only names equal once codes, administrative levels and government words
    are dropped (see :func:`unit_key`) are one unit; a name a character or
    two off a roster name stays apart, with the roster name suggested.
    """
    if not name:
        return f"（未填单位：{review.name}）", ""
    if not roster:
        return unit_key(name), ""
    unit = roster.get(unit_key(name))
    submission = review.submission
    ref = submission.ref("unit_name")
    where = {"file": review.name, "unit": name, "sheet": ref.sheet if ref else "", "cell": ref.cell if ref else ""}
    if unit is None:
        close = close_name(name, [listed.name for listed in roster.values()])
        collection.cross_findings.append(findings.make(
            "unit_not_on_roster", found=name, expected=close or "",
            suggestion=f"是否为“{close}”？" if close else "请核对单位名称。", **where))
        return unit_key(name), ""
    if unit.name != name:
        collection.cross_findings.append(findings.make("unit_name_differs", found=name,
                                                       expected=unit.name, **where))
    return unit.name, unit.kind


def _keep_newer(entry: UnitEntry, review: Review, collection: Collection) -> None:
    """Of two submissions for one unit and year, use the later 填报日期 (then file time), and say
    which of the two decided."""
    def age(candidate: Review) -> tuple:
        fill_date = candidate.submission.value("fill_date")
        return (fill_date or dt.date.min, candidate.submission.source.modified)

    newer, older = (review, entry.review) if age(review) > age(entry.review) else (entry.review, review)
    entry.review = newer
    entry.superseded.append(older)
    reason = entry.preferred_because = _preferred_because(age(newer), age(older))
    for dropped, kept in ((older, newer), (newer, older)):
        collection.cross_findings.append(findings.make(
            "duplicate_submission", file=dropped.name, unit=entry.unit, found=dropped.name,
            expected=kept.name, used=newer.name, year=entry.year or "", reason=reason))


def _preferred_because(newer: tuple, older: tuple) -> str:
    """Why the kept one of two submissions was kept: its 填报日期, else its file time, else the order read."""
    (newer_date, newer_time), (older_date, older_time) = newer, older
    if newer_date > older_date:
        return "填报日期较新"
    dates = "两份的填报日期相同" if newer_date != dt.date.min else "两份都未填填报日期"
    if newer_time > older_time:
        return f"{dates}，采用文件保存时间较新的"
    return f"{dates}，文件保存时间也相同，采用先读到的"


def _in_roster_order(entries: list[UnitEntry], roster: list[RosterUnit]) -> list[UnitEntry]:
    order = {unit.name: index for index, unit in enumerate(roster)}
    return sorted(entries, key=lambda entry: (order.get(entry.unit, len(order)), entry.unit, entry.year or 0))

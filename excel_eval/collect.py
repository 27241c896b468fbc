"""Gathering a folder of submissions: every file reviewed, every unit accounted for.

:func:`gather` reviews each file (in several processes when there are many),
picks one submission per unit and year, and notes what is missing and what
was set aside; the rules across files are ``judge``'s, and the order of the
stages is ``pipeline``'s.  :func:`collect` is both stages without last year,
a plain function the tests and the benchmark call.  Writing the workbook is
``summary``'s job; this module only decides what goes in it.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import warnings
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

from excel_eval import findings
from excel_eval.catalogue import REASONS
from excel_eval.collection import Clock, Collection, Duplicate, Excluded, UnitEntry, YearChoice
from excel_eval.findings import UserError
from excel_eval.judge.cross_file import judge
from excel_eval.judge.review import Review, review_file
from excel_eval.judge.scoring import unranked_reason
from excel_eval.keys import unit_key, unit_stem
from excel_eval.read.reader import ReadResult, credible_fill_date
from excel_eval.read.roster import RosterIndex, RosterUnit
from excel_eval.read.workbook import display_name
from excel_eval.record import paused_gc
from excel_eval.rules import Rules
from excel_eval.saving import os_error_reason

#: Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 48
_CHUNK = 16


def choose_year(reviews: Iterable[Review], asked: int | None = None) -> YearChoice:
    """The year to cover: ``asked`` when given, else the one most readable files carry (a tie: the latest)."""
    counts = Counter(review.submission.eval_year for review in reviews
                     if review.submission is not None and review.submission.eval_year)
    ordered = dict(sorted(counts.items()))
    if asked is not None:
        return YearChoice(asked, ordered, asked=True)
    return YearChoice(max(ordered, key=lambda year: (ordered[year], year), default=None), ordered)


def find_files(folder: Path, exclude: Iterable[Path] = ()) -> list[Path]:
    """Every entry under ``folder``, in a stable order; nothing is left out here.

    Files that are not submissions (a Word document, a lock file, a hidden
    file, a named pipe, a broken link) are still returned, and so is a
    sub-folder that cannot be opened, so that the summary can say what
    became of each — a walk that skipped what it could not enter would lose
    a whole folder of submissions without a word.  A linked folder is
    followed once.  ``exclude`` names this run's own outputs, when they are
    written inside the folder.
    """
    skip = {path.resolve() for path in exclude}
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()

    def walk(directory: Path) -> None:
        try:
            status = directory.stat()
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            found.append(directory)
            return
        if (status.st_dev, status.st_ino) in seen:
            return
        seen.add((status.st_dev, status.st_ino))
        for entry in entries:
            path = Path(entry.path)
            if _is_folder(entry):
                walk(path)
            elif not (skip and path.resolve() in skip):
                found.append(path)

    if not folder.is_dir():
        return []
    walk(folder)
    if found[:1] == [folder]:
        raise FolderUnreadable(folder)
    return sorted(found, key=lambda path: str(path.relative_to(folder)))


def _is_folder(entry: os.DirEntry) -> bool:
    """Whether an entry is a folder to walk into (a link to one included); False when it cannot be told."""
    try:
        return entry.is_dir()
    except OSError:
        return False


class FolderUnreadable(UserError):
    """The submissions folder itself cannot be opened."""

    def __init__(self, folder: Path) -> None:
        try:
            os.listdir(folder)
            reason = REASONS["unknown"]
        except OSError as error:
            reason = os_error_reason(error)
        super().__init__("folder_unreadable", folder=folder, reason=reason)


def review_all(paths: list[Path], folder: Path, rules: Rules,
               on_review: Callable[[Review], None] | None = None,
               workers: int | None = None, names: list[str] | None = None) -> list[Review]:
    """Review ``paths`` in order; many files are spread over worker processes.

    The result is the same list, in the same order, however many workers
    read it; ``on_review`` is called once per file as its review arrives.
    Each file is called by its path below ``folder``, or by its entry of ``names``.
    """
    if names is None:
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


def _reviews(paths: list[Path], names: list[str], rules: Rules, workers: int) -> Iterator[Review]:
    if workers <= 1 or len(paths) < PARALLEL_FROM:
        yield from map(_review_one, paths, [rules] * len(paths), names)
        return
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=min(workers, len(paths) // _CHUNK + 1),
                                 initializer=_leave_interrupts_to_the_parent) as pool:
            with _interrupts_held():  # submitting starts the workers
                results = pool.map(_review_one, paths, [rules] * len(paths), names, chunksize=_CHUNK)
            try:
                for review in results:
                    yield review
                    done += 1
            except KeyboardInterrupt:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
    except BrokenProcessPool:
        yield from map(_review_alone, paths[done:], [rules] * (len(paths) - done), names[done:])


def _review_alone(path: Path, rules: Rules, name: str) -> Review:
    """``_review_one`` in a process of its own, after a worker died reading some file of its batch.

    A file that makes a library abort the process (which no ``except`` can
    catch) then costs only itself: it is listed as unreadable, the others
    of the batch are read as usual.
    """
    try:
        with ProcessPoolExecutor(max_workers=1, initializer=_leave_interrupts_to_the_parent) as alone:
            with _interrupts_held():
                future = alone.submit(_review_one, path, rules, name)
            return future.result()
    except BrokenProcessPool:
        result = ReadResult(path, name, "failed", findings=[findings.make(
            "file_unreadable", file=name, detail="读取时程序异常退出（文件内容超出了读取程序的处理能力），请将该文件反馈给技术支持")])
        return Review(result, None, list(result.findings))


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Ctrl+C held back while worker processes are forked, delivered as soon as they are.

    Arriving during a fork, it would be raised inside the interpreter's fork
    hooks, where it is dropped in the parent (the run then goes on as if
    nothing was pressed) and kills the half-started worker (the pool breaks).
    A worker inherits the held signal and never receives it.
    """
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _leave_interrupts_to_the_parent() -> None:
    """Ctrl+C reaches every process of the terminal: a worker ignores it, the parent says what happened
    once, in Chinese, instead of each worker printing an English traceback.  A worker prints no
    library warning either: what a file holds is told by its findings."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warnings.simplefilter("ignore")


def _review_one(path: Path, rules: Rules, name: str) -> Review:
    """``review_file``, with any unexpected failure turned into that file's finding.

    A defect in a library or in a check must cost one file, not the run: the
    file is listed as unreadable, named by the error's type only (its message
    is the library's English), and the others go on.
    """
    try:
        return review_file(path, rules, name)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # calamine's panics are BaseExceptions
        detail = ("读取该文件所需的内存超出了这台电脑可用的内存" if isinstance(error, MemoryError) else
                  f"处理时出现程序错误（错误类型 {type(error).__name__}），请将该文件反馈给技术支持")
        result = ReadResult(path, name, "failed", findings=[findings.make("file_unreadable", file=name,
                                                                          detail=detail)])
        return Review(result, None, list(result.findings))


def collect(folder: Path, rules: Rules, roster: list[RosterUnit] | None = None,
            year: int | None = None, on_review: Callable[[Review], None] | None = None,
            workers: int | None = None, files: list[Path] | None = None,
            clock: Clock = dt.datetime.now) -> Collection:
    """Gather ``folder`` and judge it across files, without last year (``pipeline`` adds that).

    The arguments are :func:`gather`'s.
    """
    return judge(gather(folder, rules, roster, year, on_review, workers, files, clock))


def gather(folder: Path, rules: Rules, roster: list[RosterUnit] | None = None,
           year: int | None = None, on_review: Callable[[Review], None] | None = None,
           workers: int | None = None, files: list[Path] | None = None,
           clock: Clock = dt.datetime.now, names: list[str] | None = None) -> Collection:
    """Review every file in ``folder`` and decide which submission stands for each unit.

    One year is compared: ``year``, or without it the year most files carry
    (see :func:`choose_year`); files of other years are listed as excluded,
    and earlier ones can serve the year-over-year comparison.
    ``files`` is the folder's files as :func:`find_files` lists them, when the
    caller has listed them already (to size a progress bar, or to leave out
    this run's own output); a folder on a network share is then walked once.
    ``clock`` gives the run's start time, which the summary, the review
    copies and the reports print; ``names`` how each of ``files`` is called,
    when not by its path below ``folder``.  The collection returned has no
    cross-file findings yet: ``judge`` adds them.
    """
    started = clock().replace(microsecond=0)
    with paused_gc():
        return _gather(folder, rules, roster, year, on_review, workers,
                       find_files(folder) if files is None else files, started, names)


def _gather(folder: Path, rules: Rules, roster: list[RosterUnit] | None, year: int | None,
            on_review: Callable[[Review], None] | None, workers: int | None,
            files: list[Path], started: dt.datetime, names: list[str] | None) -> Collection:
    reviews = review_all(files, folder, rules, on_review, workers, names)
    read = [review for review in reviews if review.submission is not None]
    choice = choose_year(read, year)
    excluded = []
    chosen: dict[tuple[str, int | None], UnitEntry] = {}
    roster_index = RosterIndex(roster or [])
    for review in read:
        submission = review.submission
        if not choice.covers(submission.eval_year):
            excluded.append(Excluded(review, _other_year_reason(submission.eval_year, choice.year)))
            continue
        unit, kind, identity = _roster_name(submission.unit_name, roster_index, review)
        key = (identity, submission.eval_year)
        if key in chosen:
            chosen[key] = _keep_newer(chosen[key], review)
        else:
            chosen[key] = UnitEntry(review, unit, submission.eval_year, kind)
    units = _in_roster_order(list(chosen.values()), roster or [])
    units.sort(key=lambda entry: bool(unranked_reason(entry.review.evaluation, rules)))
    submitted = {entry.unit for entry in units}
    missing = [unit for unit in roster or [] if unit.name not in submitted]
    return Collection(folder, rules, started, reviews, units, choice, roster, missing, excluded)


def _other_year_reason(year: int, covered: int) -> str:
    when = "往年报送，可用于与上年对比" if year < covered else "年度晚于本次汇总"
    return f"评价年度为 {year} 年，本次汇总 {covered} 年度（{when}）"


def _roster_name(name: str, roster: RosterIndex, review: Review) -> tuple[str, str, str]:
    """The roster's spelling of ``name``, its kind, and what makes two files one unit.

    ``judge`` notes where the spellings differ.  A unit on no roster is called
    by its key, so the 实施单位 of a national form
    ("219001-池州市贵池区棠溪镇人民政府") is shown as 棠溪镇, and is one unit
    with every name of the same stem (棠溪, 棠溪镇); a name a character or two
    off stays apart.
    """
    if not name:
        unnamed = f"（未填单位：{review.name}）"
        return unnamed, "", unnamed
    unit = roster.find(name)
    if unit is None:
        return unit_key(name), "", unit_stem(name)
    return unit.name, unit.kind, unit.name


def _keep_newer(entry: UnitEntry, review: Review) -> UnitEntry:
    """``entry`` with the later of its submission and ``review`` by 填报日期 (then file time),
    and a note of the one set aside and which of the two decided."""
    def age(candidate: Review) -> tuple:
        source = candidate.submission.source
        fill_date = candidate.submission.value("fill_date")
        credible = credible_fill_date(fill_date) if isinstance(fill_date, dt.date) else None
        return (credible or dt.date.min, source.modified)

    newer, older = (review, entry.review) if age(review) > age(entry.review) else (entry.review, review)
    return replace(entry, review=newer,
                   duplicates=(*entry.duplicates, Duplicate(older, newer, _preferred_because(age(newer), age(older)))))


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

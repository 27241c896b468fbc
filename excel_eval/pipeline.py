"""The collection run as one plain function, so every command and the Python API run the same thing.

find the files → review each (in worker processes when there are many) →
gather one submission per unit → attach last year (a previous summary, or
earlier years' files in the folder) → judge across files (roster,
duplicates, outliers, year over year).  What is then written (the summary,
the annotated copies, the reports, the CSV and JSON files) is the caller's
choice; this module writes nothing.  ``check`` runs the same stages over the
files it is given and asks for each file's findings (:func:`run_check`).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path
from typing import Callable

from excel_eval.collect import gather
from excel_eval.collection import Clock, Collection
from excel_eval.findings import UserError
from excel_eval.judge.cross_file import judge
from excel_eval.judge.review import Review
from excel_eval.read.history import earlier_years, load_previous
from excel_eval.read.roster import RosterUnit
from excel_eval.read.workbook import display_name
from excel_eval.rules import Rules
from excel_eval.write.terminal import year_counts


class YearNotFound(UserError):
    """The year asked for is carried by no file while other years are: nothing to compare."""


def run_collection(folder: Path, rules: Rules, roster: list[RosterUnit] | None = None,
                   year: int | None = None, previous: Path | None = None, *,
                   files: list[Path] | None = None,
                   on_review: Callable[[Review], None] | None = None,
                   workers: int | None = None, clock: Clock = dt.datetime.now,
                   names: list[str] | None = None) -> Collection:
    """Review every file of ``folder`` and compare the units, with last year when there is one.

    ``previous`` is last year's summary; without it, earlier years' files in
    the same folder are compared when ``year`` is given.  A previous summary
    that cannot be read leaves the run going: ``collection.previous_problem``
    says why.  ``files``, ``on_review``, ``workers``, ``clock`` and ``names``
    are as for :func:`excel_eval.collect.gather`.
    Raises :class:`YearNotFound` when no file carries the year asked for.
    """
    gathered = gather(folder, rules, roster, year, on_review, workers, files, clock, names)
    if not gathered.year_choice.found:
        raise YearNotFound("year_not_found", year=gathered.year, counts=year_counts(gathered.year_choice))
    if previous is not None:
        return judge(gathered, *load_previous(previous))
    return judge(gathered, earlier_years(gathered))


def run_check(paths: list[Path], rules: Rules, *, workers: int | None = None,
              clock: Clock = dt.datetime.now) -> list[Review]:
    """What ``check`` shows: each file given, in order, with its own findings and the cross-file ones about it.

    The files go through the stages a collection does, as one folder with
    no roster and no previous summary: so a file checked beside another
    submission of the same unit and year is told it is a duplicate, exactly
    as the summary would tell it.  Each file is called as it was given,
    its name in GBK bytes decoded as its sender saw it.
    """
    folder = Path(os.path.commonpath([path.absolute().parent for path in paths]))
    collection = run_collection(folder, rules, files=[path.absolute() for path in paths], workers=workers,
                                clock=clock, names=[display_name(path) for path in paths])
    return [replace(review, findings=collection.findings_of(review)) for review in collection.reviews]

"""The collection run as one plain function, so the command line and the Python API run the same thing.

find the files → review each (in worker processes when there are many) →
judge across files (roster, duplicates, outliers) → compare with last year.
What is then written (the summary, the annotated copies, the reports, the
CSV and JSON files) is the caller's choice; this module writes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from excel_eval.collect import Collection, collect
from excel_eval.findings import UserError
from excel_eval.history import use_earlier_years, use_previous
from excel_eval.review import Review
from excel_eval.roster import RosterUnit
from excel_eval.rules import Rules
from excel_eval.terminal import missing_year_message


class YearNotFound(UserError):
    """The year asked for is carried by no file while other years are: nothing to compare."""


def run_collection(folder: Path, rules: Rules, roster: list[RosterUnit] | None = None,
                   year: int | None = None, previous: Path | None = None, *,
                   files: list[Path] | None = None,
                   on_review: Callable[[Review], None] | None = None) -> Collection:
    """Review every file of ``folder`` and compare the units, with last year when there is one.

    ``previous`` is last year's summary; without it, earlier years' files in
    the same folder are compared when ``year`` is given.  A previous summary
    that cannot be read leaves the run going: ``collection.previous_problem``
    says why.  ``files`` and ``on_review`` are as for :func:`collect`.
    Raises :class:`YearNotFound` when no file carries the year asked for.
    """
    collection = collect(folder, rules, roster, year, on_review=on_review, files=files)
    if not collection.year_choice.found:
        raise YearNotFound(missing_year_message(collection.year_choice))
    if previous is not None:
        use_previous(collection, previous)
    else:
        use_earlier_years(collection)
    return collection

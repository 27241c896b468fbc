"""Feedback to the towns: each unit's own workbook, annotated, to send back.

The district answers a town in the town's own file, not in a list it has to
match against its form: every cell a finding is about is coloured by
severity and carries a comment, and a first sheet 审核意见 lists the findings
with links to their cells, the recomputed score beside the town's own, and
what to do next.  The copy stays a valid submission — the reader finds
inputs by defined name and never looks at comments or at this sheet — so a
town corrects it in place and sends it back.

An .xlsx/.xlsm is copied with openpyxl, which keeps the template's layout,
validation, names and protection.  An .xls or .ods (or an .xlsx openpyxl
cannot open) is rebuilt: the blank template is written and every input the
reader found is filled in through the defined names, so the town gets the
standard .xlsx back and the review sheet says so.  The original file is
only ever read.

The parts: :mod:`.workbook_copy` (the workbook annotated), :mod:`.annotations`
(colours and comments on the cells), :mod:`.review_sheet` (the 审核意见 sheet);
this module names the file and saves it atomically.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from excel_eval.collection import Clock, Collection
from excel_eval.findings import Finding
from excel_eval.judge.review import Review
from excel_eval.read.roster import os_error_reason
from excel_eval.rules import Rules
from excel_eval.saving import replaced_atomically
from excel_eval.write.feedback.annotations import annotate
from excel_eval.write.feedback.common import COMMENT_AUTHOR, REVIEW_SHEET, FeedbackError
from excel_eval.write.feedback.review_sheet import HINTS_AGGREGATED_FROM, Summary, write_review_sheet
from excel_eval.write.feedback.workbook_copy import copy_of
from excel_eval.write.template import template_file_name

__all__ = ["COMMENT_AUTHOR", "FILE_SUFFIX", "HINTS_AGGREGATED_FROM", "REVIEW_SHEET", "FeedbackError", "FeedbackRun",
           "feedback_file_name", "write_collection_feedback", "write_feedback"]

FILE_SUFFIX = "审核意见"


@dataclass
class FeedbackRun:
    """What writing the copies for a collection produced."""

    written: list[Path] = field(default_factory=list)
    #: (file, reason) for every read unit whose copy could not be written.
    failed: list[tuple[str, str]] = field(default_factory=list)


def feedback_file_name(unit: str, year: int | None) -> str:
    """``<单位>_<年度>_审核意见.xlsx``, the unit's name made safe as for the handed-out file."""
    safe_unit = template_file_name(unit, 0).rsplit("_", 2)[0]
    return f"{safe_unit}_{year or '年度未填'}_{FILE_SUFFIX}.xlsx"


def write_feedback(review: Review, rules: Rules, out_dir: Path, extra_findings: Iterable[Finding] = (),
                   unit: str | None = None, clock: Clock = dt.datetime.now) -> Path:
    """Write the annotated copy of ``review``'s file into ``out_dir`` and return its path.

    ``extra_findings`` are findings about the file that only a whole folder
    shows (a duplicate submission); ``unit`` is the unit's name as the roster
    spells it (default: as the file does); ``clock`` dates the review.
    Raises ``FeedbackError``.
    """
    return _write(review, [*review.findings, *extra_findings], rules, Path(out_dir), clock().date(), unit)


def write_collection_feedback(collection: Collection, out_dir: Path) -> FeedbackRun:
    """One annotated copy per unit of ``collection``, dated the day it was collected;
    a copy that fails does not stop the others."""
    run = FeedbackRun()
    for entry in collection.units:
        try:
            run.written.append(_write(entry.review, collection.findings_of(entry.review), collection.rules,
                                      Path(out_dir), collection.started.date(), entry.unit, entry.year))
        except FeedbackError as problem:
            run.failed.append((entry.review.name, problem.message))
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # a defect met on one town's workbook costs that copy only
            run.failed.append((entry.review.name, FeedbackError("feedback_defect", file=entry.review.name,
                                                               kind=type(error).__name__).message))
    return run


def _write(review: Review, found: list[Finding], rules: Rules, out_dir: Path, reviewed: dt.date,
           unit: str | None, year: int | None = None) -> Path:
    submission = review.submission
    if submission is None:
        raise FeedbackError("feedback_unreadable", file=review.name, reason=review.result.reason)
    unit = unit or submission.unit_name or Path(review.name).stem
    year = year or submission.eval_year
    target = out_dir / feedback_file_name(unit, year)
    if target.resolve() == submission.source.path.resolve():
        raise FeedbackError("feedback_over_source", file=review.name)
    copy = copy_of(submission, rules, review.name)
    placed = annotate(copy, found)
    write_review_sheet(copy, Summary(review, unit, year, found, placed, rules, reviewed))
    _save(copy.workbook, target, review.name)
    return target


def _save(workbook: openpyxl.Workbook, target: Path, name: str) -> None:
    """Write to a temporary file beside ``target`` and rename, so no half-written copy is left."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with replaced_atomically(target) as temporary:
            workbook.save(temporary)
    except OSError as problem:
        raise FeedbackError("feedback_write", file=name, target=target, reason=os_error_reason(problem)) from problem

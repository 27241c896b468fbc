"""The evaluation report: one Word document per unit, drafted from its reviewed file.

What is said (:mod:`.content`: the sections, the sentences, the figures from
the record, the placeholders an official fills in) is kept apart from how it
looks (:mod:`.docx_layout`: fonts, headings, tables, the page as GB/T 9704
sets it); this module names the files and writes them atomically.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from excel_eval.catalogue import user_text
from excel_eval.collection import Clock
from excel_eval.judge.review import Review, review_file
from excel_eval.model import Submission
from excel_eval.rules import Rules, load_rules
from excel_eval.saving import replaced_atomically
from excel_eval.write.report.content import MISSING, report_content, report_sentence
from excel_eval.write.report.docx_layout import render

__all__ = ["MISSING", "REPORT_SUFFIX", "build_report", "report_file_name", "report_sentence", "unread_message",
           "write_report", "write_reports"]

REPORT_SUFFIX = "_绩效评价报告.docx"
_FILE_NAME_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def write_report(review: Review, rules: Rules, output: Path, clock: Clock = dt.datetime.now) -> Path:
    """Write the report of ``review`` to ``output`` atomically and return the path.

    ``output`` may be a folder, in which case the file is named
    ``<单位>_<年度>_绩效评价报告.docx``.  A review whose file could not be
    read has nothing to report: that is the caller's mistake, a ``ValueError``.
    ``clock`` dates the document.
    """
    if review.submission is None or review.evaluation is None:
        raise ValueError(f"{review.name} was not read; there is nothing to report")
    output = Path(output)
    if output.is_dir():
        output = output / report_file_name(review.submission)
    document = build_report(review, rules, clock)
    with replaced_atomically(output) as temporary:
        document.save(str(temporary))
    return output


def write_reports(items: Iterable[Review | Path], out_dir: Path, rules: Rules | None = None,
                  on_unread: Callable[[Review], None] | None = None,
                  clock: Clock = dt.datetime.now,
                  on_failed: Callable[[str], None] | None = None) -> list[Path]:
    """One report per readable submission in ``items`` (reviews, or files to review).

    Files that cannot be read get no report; each such review goes to
    ``on_unread`` so the caller can say so.  A defect met drafting one report
    costs that report only: ``on_failed`` gets a Chinese line naming the file
    and the error's type.  Two submissions that would share a file name (the
    same unit and year twice) are kept apart with a number.
    """
    rules = rules or load_rules()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    used: set[str] = set()
    for item in items:
        review = item if isinstance(item, Review) else review_file(Path(item), rules, Path(item).name)
        if review.submission is None:
            if on_unread is not None:
                on_unread(review)
            continue
        name = _unused(report_file_name(review.submission), used)
        try:
            written.append(write_report(review, rules, out_dir / name, clock))
        except (OSError, KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # its text is the library's English: told by its type only
            if on_failed is not None:
                on_failed(user_text("report_defect", file=review.name, kind=type(error).__name__))
    return written


def report_file_name(sub: Submission) -> str:
    """``<单位>_<年度>_绩效评价报告.docx``, safe as a file name on Windows too."""
    unit = _FILE_NAME_FORBIDDEN.sub("_", sub.unit_name).strip(" .") or f"{MISSING}单位"
    year = sub.eval_year or f"{MISSING}年度"
    return f"{unit}_{year}{REPORT_SUFFIX}"


def unread_message(review: Review) -> str:
    """One Chinese line saying which file got no report and why."""
    state = "已跳过" if review.status == "skipped" else "无法读取"
    return f"{state} {review.name}：{review.result.reason}"


def _unused(name: str, used: set[str]) -> str:
    candidate, number = name, 1
    while candidate in used:
        number += 1
        candidate = name.replace(REPORT_SUFFIX, f"_{number}{REPORT_SUFFIX}")
    used.add(candidate)
    return candidate


def build_report(review: Review, rules: Rules, clock: Clock = dt.datetime.now):
    """The report as a python-docx ``Document``, section by section as in the seeds."""
    return render(report_content(review, rules), clock())

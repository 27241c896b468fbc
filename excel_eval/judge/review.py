"""One file, reviewed: read it, score it, check it.

This is the single path every command takes for a file — ``check`` prints a
review, ``collect`` gathers many, ``feedback`` and ``report`` write from
them — so a file is judged the same way wherever it is looked at.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from excel_eval.findings import Finding, Severity, folded
from excel_eval.judge.checks import check
from excel_eval.judge.scoring import Evaluation, evaluate
from excel_eval.model import Submission
from excel_eval.read.reader import ReadResult, read_submission
from excel_eval.rules import Rules


@dataclass
class Review:
    """A file's record, its recomputed scores and every finding about it."""

    result: ReadResult
    evaluation: Evaluation | None
    findings: list[Finding]

    @property
    def name(self) -> str:
        return self.result.name

    @property
    def status(self) -> str:
        return self.result.status

    @property
    def submission(self) -> Submission | None:
        return self.result.submission

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)

    @property
    def has_errors(self) -> bool:
        return self.status == "failed" or self.count(Severity.ERROR) > 0


def review_file(path: Path, rules: Rules, name: str | None = None) -> Review:
    """Read, score and check one file; never raises for a bad file."""
    result = read_submission(path, name, rules)
    if result.submission is None:
        return Review(result, None, list(result.findings))
    evaluation = evaluate(result.submission, rules)
    found = folded(result.findings + check(result.submission, evaluation, rules))
    found.sort(key=lambda finding: (finding.severity.rank, finding.sheet, _cell_order(finding.cell)))
    return Review(result, evaluation, found)


def _cell_order(cell: str) -> tuple[int, str]:
    digits = "".join(ch for ch in cell if ch.isdigit())
    letters = "".join(ch for ch in cell if ch.isalpha())
    return (int(digits) if digits else 0, letters)

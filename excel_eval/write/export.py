"""Machine-readable outputs: ``check --format json``, ``collect --json`` and ``collect --csv``.

Every document carries ``schema_version``; its JSON Schema ships in the
package (``excel_eval/schemas/``) so another system can validate what it
receives.  The shapes only grow: a later version adds keys, none is renamed.
CSV files are for people who open them in Excel or WPS: UTF-8 with a BOM (so
Excel does not guess GBK), the summary's Chinese headers, and text that
starts like a formula prefixed with an apostrophe so that it stays text.
Every file is written under a temporary name and renamed.
"""

from __future__ import annotations

import csv
import json
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from excel_eval.judge.review import Review
from excel_eval.saving import replaced_atomically
from excel_eval.write import tables
from excel_eval.write.tables import CELL_SEPARATOR, Column

SCHEMA_VERSION = 1
CHECK_SCHEMA = "check.schema.json"
COLLECT_SCHEMA = "collect.schema.json"
#: The CSV files ``collect --csv`` writes, and the table each holds.
CSV_FILES = {"units.csv": tables.UNIT_COLUMNS, "indicators.csv": tables.COLLECTED_INDICATOR_COLUMNS,
             "findings.csv": tables.FINDING_COLUMNS}
#: Characters with which Excel and WPS start a formula when they open a CSV.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def check_document(reviews: Iterable[Review]) -> dict[str, Any]:
    """What ``check --format json`` prints: each file's recomputed record and findings."""
    return {"schema_version": SCHEMA_VERSION, "files": [file_record(review) for review in reviews]}


def file_record(review: Review) -> dict[str, Any]:
    """One file as read, recomputed and checked; the figures are ``null`` when it could not be read."""
    submission, evaluation = review.submission, review.evaluation
    record: dict[str, Any] = {
        "file": review.name, "status": review.status,
        "unit": (submission.unit_name or None) if submission else None,
        "year": submission.eval_year if submission else None,
        "total_score": None, "unverified_points": None, "grade": None,
        "self_total_score": submission.number("self_total_score") if submission else None,
        "self_grade": (submission.text("self_grade") or None) if submission else None,
        "exec_rate": None, "budget_score": None, "subtotals": {}, "indicators": [],
        "findings": [tables.finding_row(finding) for finding in review.findings],
    }
    if evaluation is not None:
        record.update(
            total_score=evaluation.total_score.value, unverified_points=evaluation.unverified_points,
            grade=evaluation.grade or None,
            exec_rate=evaluation.exec_rate.value, budget_score=evaluation.budget_score.value,
            subtotals={subtotal.level1: subtotal.score.value for subtotal in evaluation.subtotals},
            indicators=[tables.indicator_row(result) for result in evaluation.indicators])
    return record


def collection_document(collection: Any) -> dict[str, Any]:
    """What ``collect --json`` writes: the four tables of the collection."""
    return {
        "schema_version": SCHEMA_VERSION,
        "units": tables.unit_rows(collection),
        "indicators": list(tables.indicator_rows(collection)),
        "findings": tables.finding_rows(collection),
        "not_included": tables.not_included_rows(collection),
    }


def to_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


def write_json(document: dict[str, Any], path: Path) -> Path:
    path = Path(path)
    _write_atomically(path, lambda handle: handle.write(to_json(document) + "\n"), encoding="utf-8")
    return path


def write_csv(collection: Any, folder: Path) -> list[Path]:
    """units.csv, indicators.csv and findings.csv in ``folder`` (created when missing)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rows = {"units.csv": tables.unit_rows(collection), "indicators.csv": tables.indicator_rows(collection),
            "findings.csv": tables.finding_rows(collection)}
    written = []
    for name, columns in CSV_FILES.items():
        path = folder / name
        _write_atomically(path, lambda handle, data=rows[name], columns=columns: _write_rows(handle, columns, data),
                          encoding="utf-8-sig", newline="")
        written.append(path)
    return written


def _write_rows(handle: Any, columns: tuple[Column, ...], rows: Iterable[dict[str, Any]]) -> None:
    writer = csv.writer(handle)
    writer.writerow(column.header for column in columns)
    for row in rows:
        writer.writerow(csv_field(row[column.key], column) for column in columns)


def csv_field(value: Any, column: Column) -> str:
    """A value as its CSV field: numbers exact, cells joined, formula-like text kept as text."""
    if value is None:
        return ""
    if column.kind == "cells":
        return CELL_SEPARATOR.join(value)
    if column.kind == "text":
        text = str(value)
        return "'" + text if text.startswith(_FORMULA_STARTS) else text
    return repr(value) if isinstance(value, float) else str(value)


def unguarded(text: str) -> str:
    """A CSV text field without the apostrophe :func:`csv_field` put before formula-like text."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS) else text


def _write_atomically(path: Path, write: Any, **options: Any) -> None:
    with replaced_atomically(path) as temporary, open(temporary, "w", **options) as handle:
        write(handle)


def schema(name: str) -> dict[str, Any]:
    """A published JSON Schema (:data:`CHECK_SCHEMA` or :data:`COLLECT_SCHEMA`)."""
    return json.loads(resources.files("excel_eval").joinpath("schemas", name).read_text(encoding="utf-8"))

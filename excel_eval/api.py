"""The Python API: a folder or one file in, pandas DataFrames out.

``collect_folder`` runs the same pipeline as ``excel-eval collect`` and
``check_file`` reviews one file the same way; both return a
:class:`CollectionResult` whose tables are the ones ``collect --csv`` and
``collect --json`` write (columns in :mod:`excel_eval.write.tables`).  pandas is
imported only when a DataFrame is asked for: collecting and writing the
summary never pay for it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from excel_eval.catalogue import user_text
from excel_eval.collection import Collection
from excel_eval.pipeline import run_collection
from excel_eval.read.roster import read_roster
from excel_eval.rules import Rules, load_rules
from excel_eval.write import export, tables
from excel_eval.write.tables import CELL_SEPARATOR, Column

if TYPE_CHECKING:
    import pandas

#: A CSV header row → the table it starts.
_TABLES_BY_HEADER = {tuple(column.header for column in columns): columns for columns in tables.TABLES.values()}


@dataclass
class CollectionResult:
    """What a collection found, as DataFrames, and the outputs the command writes.

    Every DataFrame has the snake_case columns of :mod:`excel_eval.write.tables`;
    ratios (exec_rate, completion) are ratios, 1.1556 for 115.56%; a value
    the file does not give is missing (``<NA>``/``NaN``), never 0.
    """

    collection: Collection

    def units(self) -> pandas.DataFrame:
        """One row per unit, as the summary's 区域对比."""
        return frame(tables.UNIT_COLUMNS, tables.unit_rows(self.collection))

    def indicators(self) -> pandas.DataFrame:
        """One row per indicator of every unit: target, actual, completion, score, basis, cells."""
        return frame(tables.COLLECTED_INDICATOR_COLUMNS, tables.indicator_rows(self.collection))

    def findings(self) -> pandas.DataFrame:
        """One row per finding, worst first, as the 问题清单."""
        return frame(tables.FINDING_COLUMNS, tables.finding_rows(self.collection))

    def not_included(self) -> pandas.DataFrame:
        """Roster units that sent nothing and files that are not compared, with the reason."""
        return frame(tables.NOT_INCLUDED_COLUMNS, tables.not_included_rows(self.collection))

    def write_summary(self, path: str | Path, unit_sheets: str = "auto") -> Path:
        """The summary workbook ``collect -o`` writes (atomically)."""
        from excel_eval.write.summary import write_summary

        return write_summary(self.collection, Path(path), unit_sheets)

    def write_csv(self, folder: str | Path) -> list[Path]:
        """units.csv, indicators.csv and findings.csv, as ``collect --csv`` writes them."""
        return export.write_csv(self.collection, Path(folder))

    def to_json(self) -> dict[str, Any]:
        """The document ``collect --json`` writes (see ``excel_eval/schemas/collect.schema.json``)."""
        return export.collection_document(self.collection)


def collect_folder(folder: str | Path, roster: str | Path | None = None, year: int | None = None,
                   rules: str | Path | Rules | None = None, previous: str | Path | None = None) -> CollectionResult:
    """Review every file in ``folder`` and compare the units, as ``excel-eval collect`` does.

    ``roster`` lists the units expected (.xlsx/.csv/.txt); ``year`` the
    evaluation year (by default the year most files carry); ``rules`` a
    rules file or a loaded :class:`~excel_eval.rules.Rules`; ``previous`` last
    year's summary.  Raises ``NotADirectoryError`` for a folder that is not
    one, and the tool's own errors (``RosterError``, ``RulesError``,
    ``YearNotFound``) with a Chinese message naming the file.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise NotADirectoryError(user_text("folder_not_found", folder=folder))
    units = read_roster(Path(roster)) if roster is not None else None
    return CollectionResult(run_collection(folder, _rules(rules), units, year,
                                           Path(previous) if previous is not None else None))


def check_file(path: str | Path, rules: str | Path | Rules | None = None) -> CollectionResult:
    """Review one file as ``excel-eval check`` does; its tables hold that one file."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(user_text("file_not_found", path=path))
    return CollectionResult(run_collection(path.parent, _rules(rules), files=[path]))


def read_csv(path: str | Path) -> pandas.DataFrame:
    """A CSV written by ``collect --csv`` back as the DataFrame it was written from."""
    import pandas

    path = Path(path)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        header = tuple(next(csv.reader(handle), ()))
    columns = _TABLES_BY_HEADER.get(header)
    if columns is None:
        raise ValueError(user_text("csv_not_ours", path=path))
    data = pandas.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    return frame(columns, ({column.key: _from_csv(value, column) for column, value in zip(columns, row)}
                           for row in data.itertuples(index=False)))


def _from_csv(text: str, column: Column) -> Any:
    if text == "":
        return None
    if column.kind == "cells":
        return text.split(CELL_SEPARATOR)
    if column.kind == "text":
        return export.unguarded(text)
    return int(text) if column.kind == "integer" else float(text)


def frame(columns: tuple[Column, ...], rows: Iterable[dict[str, Any]]) -> pandas.DataFrame:
    """A DataFrame of ``rows`` with one typed column per :class:`Column`."""
    import pandas

    values: dict[str, list[Any]] = {column.key: [] for column in columns}
    for row in rows:
        for column in columns:
            values[column.key].append(_cell(row[column.key], column))
    return pandas.DataFrame({column.key: pandas.array(values[column.key], dtype=column.dtype)
                             for column in columns}, columns=[column.key for column in columns])


def _cell(value: Any, column: Column) -> Any:
    """Empty text is missing, as it reads back from a CSV; cells are one text joined by ；."""
    if column.kind == "cells":
        return CELL_SEPARATOR.join(value or ()) or None
    if column.kind == "text":
        return value or None
    return value


def _rules(rules: str | Path | Rules | None) -> Rules:
    if isinstance(rules, Rules):
        return rules
    return load_rules(Path(rules) if rules is not None else None)

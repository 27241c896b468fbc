"""Writing the summary workbook a district official opens and works from.

Sheets: 总览 (what was read, district totals, charts), 排名 (the ranking on
one printed page), 区域对比 (one row per unit, in rank order), 指标对比 (shared
indicators across units), 问题清单 (every finding, linked to its cell),
未报送与无法读取 (every file and roster unit that did not make it into the
comparison, with the reason), then one annotated sheet per unit.  Every input file appears in exactly one place: a unit's row, or a line
of 未报送与无法读取.

As in XlsxWriter itself, each sheet is a module of this package and every
module writes with one kit (:mod:`.kit`: formats, print setup, values,
fitted rows; :mod:`.paper`: row heights and page breaks); this module only
decides which sheets there are and in which order they are written.

Text from submissions is always written with ``write_string``: a town's
"=1+1" stays text.  Formulas (totals) carry their computed value, so readers
that do not recalculate still see the right number.  The file is written
under a temporary name and renamed, so an interrupted run leaves nothing
half-written.

Every sheet is laid out to be printed as well as read on screen: A4, its
header row repeated on every page, rows as tall as their wrapped text, the
charts each on a page of their own.
"""

from __future__ import annotations

from pathlib import Path

from excel_eval.collection import Collection
from excel_eval.judge.ranking import standings_of
from excel_eval.record import paused_gc
from excel_eval.rules import Rules
from excel_eval.saving import replaced_atomically
from excel_eval.write.summary.comparison import write_comparison
from excel_eval.write.summary.data_sheet import write_data_sheet
from excel_eval.write.summary.indicators import write_indicator_matrix
from excel_eval.write.summary.kit import (COMPARISON, FIXED_SHEETS, HEADER_FILL, INDICATOR_MATRIX, NOT_INCLUDED,
                                          OVERVIEW, PAGINATED, PROBLEMS, RANKING, SEVERITY_COLOUR_NAMES, SEVERITY_FILLS,
                                          WORKBOOK_OPTIONS, YEAR_SHEET, Styles, add_sheet)
from excel_eval.write.summary.not_included import write_not_included
from excel_eval.write.summary.overview import write_overview
from excel_eval.write.summary.problems import write_problems
from excel_eval.write.summary.ranking_sheet import RANKING_HEADER, write_ranking
from excel_eval.write.summary.unit_sheets import unit_plans, write_unit_sheet
from excel_eval.write.summary.year_comparison import write_year_comparison

__all__ = ["COMPARISON", "FIXED_SHEETS", "HEADER_FILL", "INDICATOR_MATRIX", "NOT_INCLUDED", "OVERVIEW", "PROBLEMS",
           "RANKING", "RANKING_HEADER", "SEVERITY_COLOUR_NAMES", "SEVERITY_FILLS", "STREAM_FROM_UNITS",
           "YEAR_SHEET", "write_summary"]

#: From this many units on, rows are streamed to disk as they are written
#: (``constant_memory``), so the writer's memory stays flat however large the
#: summary grows.  Streaming writes every text inline instead of once in the
#: shared-string table: measured on 5,000 units, 1.9 ms a unit instead of 1.5.
#: Below this the table costs ~25 KB a unit (120 MB for 5,000, next to 230 MB
#: of records), so the faster way is kept.  Every sheet is written top row
#: first so that both ways give the same workbook.
STREAM_FROM_UNITS = 10_000


def write_summary(collection: Collection, output: Path, unit_sheets: str = "auto") -> Path:
    """Write the summary of ``collection`` to ``output`` atomically; return ``output``.

    ``unit_sheets`` is ``auto`` (a sheet per unit up to the rules'
    ``comparison.unit_sheets_limit`` units), ``all`` or ``none``.
    """
    output = Path(output)
    with replaced_atomically(output) as temporary, paused_gc():
        _write(collection, temporary, _wants_unit_sheets(unit_sheets, len(collection.units), collection.rules))
    return output


def _wants_unit_sheets(choice: str, units: int, rules: Rules) -> bool:
    return choice == "all" or choice == "auto" and units <= rules.comparison.unit_sheets_limit


def _write(collection: Collection, path: Path, with_unit_sheets: bool) -> None:
    import xlsxwriter

    streamed = len(collection.units) >= STREAM_FROM_UNITS
    workbook = xlsxwriter.Workbook(str(path), {**WORKBOOK_OPTIONS, "constant_memory": streamed})
    workbook.set_properties({"title": "绩效自评汇总", "comments": "由 excel-eval 生成"})
    styles = Styles(workbook)
    sheets = {name: add_sheet(workbook, name, fitted=name not in PAGINATED) for name in FIXED_SHEETS}
    plans = unit_plans(collection) if with_unit_sheets else []
    anchors = {key: (plan.sheet_name, cell) for plan in plans for key, cell in plan.anchors.items()}
    standings = standings_of(collection)
    write_ranking(sheets[RANKING], collection, standings, styles)
    write_comparison(sheets[COMPARISON], collection, standings, styles,
                     {(p.entry.unit, p.entry.year): p.sheet_name for p in plans})
    write_indicator_matrix(sheets[INDICATOR_MATRIX], collection, styles)
    write_problems(sheets[PROBLEMS], collection, styles, anchors)
    write_not_included(sheets[NOT_INCLUDED], collection, styles)
    write_overview(workbook, sheets[OVERVIEW], collection, standings, styles, with_unit_sheets)
    if collection.previous is not None:
        write_year_comparison(add_sheet(workbook, YEAR_SHEET), collection, styles)
    for plan in plans:
        write_unit_sheet(add_sheet(workbook, plan.sheet_name), plan, styles)
    write_data_sheet(workbook, collection)
    sheets[OVERVIEW].activate()
    workbook.close()

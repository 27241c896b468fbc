"""区域对比: one row per unit, in rank order, the units table's columns.

The columns are those of :data:`tables.UNIT_COLUMNS` (the CSV and JSON
exports have the same), with last year's beside them when a previous
summary was given.  Too wide for one page, it prints at full size over as
many pages as its columns need, 序号 and 单位 repeated on each page; a total
row carries formulas with their computed values.
"""

from __future__ import annotations

from typing import Any

from excel_eval.collection import Collection, UnitEntry
from excel_eval.judge.ranking import Standing
from excel_eval.rules import Rules
from excel_eval.write import tables
from excel_eval.write.summary.kit import (COMPARISON, DEFAULT_ROW_HEIGHT, Styles, amount, column_letter, fit_row,
                                          title_of, write_value)
from excel_eval.write.summary.paper import column_breaks, row_height
from excel_eval.write.summary.year_comparison import PREVIOUS_COLUMNS, previous_values


#: 区域对比 by the units table's keys: the width of each column, and where a header breaks
#: between words (the header itself is the table's; 序号 comes first).
_COMPARISON_WIDTHS = {"unit": 11, "kind": 5, "year": 5, "budget_total": 10, "spent_total": 10, "exec_rate": 8,
                      "indicator_count": 5, "average_completion": 8, "unmet_count": 6, "over_threshold_count": 8,
                      "self_total_score": 7, "total_score": 7, "score_difference": 8, "grade": 5, "self_grade": 5,
                      "unverified_points": 7, "rank": 5, "unranked_reason": 14, "error_count": 5,
                      "warning_count": 5, "info_count": 5, "file": 30}
_COMPARISON_BREAKS = {"budget_total": "全年预算数\n（万元）", "spent_total": "全年执行数\n（万元）",
                      "average_completion": "平均\n完成率", "unmet_count": "未完成\n指标数",
                      "self_total_score": "自评\n得分",
                      "total_score": "复核\n得分", "score_difference": "差值（自评\n−复核）",
                      "grade": "复核\n等级", "self_grade": "自评\n等级", "unverified_points": "待核实\n分值",
                      "unranked_reason": "不排名\n原因"}
#: Cells styled otherwise than their kind says: grades centred, the reason wrapped.
_COMPARISON_STYLES = {"grade": "centre", "self_grade": "centre", "unranked_reason": "wrap"}
#: The comparison's header row (0-based); the title is above it.
COMPARISON_HEADER = 1
#: Columns printed on every page of the comparison: 序号 and 单位.
_COMPARISON_REPEATED = 2


def _comparison_columns(rules: Rules) -> tuple[tuple[str, int], ...]:
    """区域对比's (header, width) columns: the units table's, broken between words, the
    over-completion one naming the rules' threshold."""
    headers = {**_COMPARISON_BREAKS,
               "over_threshold_count": f"超额(≥{rules.over_completion.threshold:.0%})\n指标数"}
    return (("序号", 4),) + tuple((headers.get(column.key, column.header), _COMPARISON_WIDTHS.get(column.key, 10))
                                  for column in tables.UNIT_COLUMNS)


def _column_index(key: str) -> int:
    """The 区域对比 column of the units table's ``key`` (序号 comes first)."""
    return 1 + next(index for index, column in enumerate(tables.UNIT_COLUMNS) if column.key == key)


COMPARISON_RATE = _column_index("exec_rate")


def write_comparison(sheet: Any, collection: Collection, standings: list[Standing], styles: Styles,
                      unit_sheets: dict[tuple[str, int | None], str]) -> None:
    columns = _comparison_columns(collection.rules) + (PREVIOUS_COLUMNS if collection.previous else ())
    breaks = column_breaks([width for _, width in columns], _COMPARISON_REPEATED)
    title = title_of(collection, "各单位绩效自评对比（按复核排名）")
    # Each printed page is titled over its own columns, beside 序号 and 单位 printed on every page.
    for page, (first, end) in enumerate(zip([_COMPARISON_REPEATED, *breaks], [*breaks, len(columns)])):
        sheet.merge_range(0, first, 0, end - 1, title if page == 0 else title_of(collection, f"{COMPARISON}（续）"),
                          styles["title"])
    sheet.set_row(0, 24)
    for col, (title, width) in enumerate(columns):
        sheet.set_column(col, col, width)
        sheet.write_string(COMPARISON_HEADER, col, title, styles["header"])
    sheet.set_row(COMPARISON_HEADER, row_height(columns) or DEFAULT_ROW_HEIGHT)
    styles_of = {column.key: column.style for column in tables.UNIT_COLUMNS}
    for row, standing in enumerate(standings, start=COMPARISON_HEADER + 1):
        entry = standing.entry
        data = tables.unit_row(collection, entry, standing.rank, standing.reason)
        if standing.rank is None:
            data["rank"] = "未排名"
        values = [(row - COMPARISON_HEADER, "integer"),
                  *((value, _COMPARISON_STYLES.get(key, styles_of[key])) for key, value in data.items())]
        if collection.previous:
            values += previous_values(collection, entry)
        for col, (value, kind) in enumerate(values):
            write_value(sheet, row, col, value, styles[kind])
        if (entry.unit, entry.year) in unit_sheets:
            target = unit_sheets[(entry.unit, entry.year)]
            sheet.write_url(row, 1, f"internal:'{target}'!A1", styles["link"], entry.unit)
        fit_row(sheet, row, [(standing.reason, _COMPARISON_WIDTHS["unranked_reason"])])
    first, last = COMPARISON_HEADER + 1, COMPARISON_HEADER + len(standings)
    if standings:
        _write_comparison_totals(sheet, collection.units, first, last, styles)
        _format_comparison(sheet, first, last, styles, collection.rules.tolerance.score)
    sheet.freeze_panes(first, 2)
    sheet.autofilter(COMPARISON_HEADER, 0, max(last, first), len(columns) - 1)
    sheet.repeat_rows(COMPARISON_HEADER)
    sheet.repeat_columns(0, _COMPARISON_REPEATED - 1)
    # Printed at full size, the columns after 序号 and 单位 go over as many pages as they need.
    sheet.set_v_pagebreaks(breaks)


def _write_comparison_totals(sheet: Any, units: list[UnitEntry], first: int, last: int, styles: Styles) -> None:
    """The total row under the units: sums as formulas carrying their values."""
    budget = sum(amount(entry, "budget_total") for entry in units)
    spent = sum(amount(entry, "spent_total") for entry in units)
    budget_col, spent_col = _column_index("budget_total"), _column_index("spent_total")
    budget_letter, spent_letter = column_letter(budget_col), column_letter(spent_col)
    row = last + 1
    sheet.write_string(row, 1, "合计", styles["total"])
    for col in (0, 2, 3):
        sheet.write_blank(row, col, None, styles["total"])
    sheet.write_formula(row, budget_col, f"=SUM({budget_letter}{first + 1}:{budget_letter}{last + 1})",
                        styles["total_money"], round(budget, 6))
    sheet.write_formula(row, spent_col, f"=SUM({spent_letter}{first + 1}:{spent_letter}{last + 1})",
                        styles["total_money"], round(spent, 6))
    sheet.write_formula(row, COMPARISON_RATE,
                        f"=IF({budget_letter}{row + 1}>0,{spent_letter}{row + 1}/{budget_letter}{row + 1},0)",
                        styles["total_percent"], spent / budget if budget else 0)


def _format_comparison(sheet: Any, first: int, last: int, styles: Styles, tolerance: float) -> None:
    def cells(key: str) -> str:
        letter = column_letter(_column_index(key))
        return f"{letter}{first + 1}:{letter}{last + 1}"

    for grade, cell_format in styles.grade_formats.items():
        sheet.conditional_format(cells("grade"), {
            "type": "cell", "criteria": "==", "value": f'"{grade}"', "format": cell_format})
    sheet.conditional_format(cells("total_score"), {
        "type": "data_bar", "bar_color": "#5B9BD5", "min_type": "num", "min_value": 0,
        "max_type": "num", "max_value": 100})
    sheet.conditional_format(cells("score_difference"), {
        "type": "cell", "criteria": ">", "value": tolerance, "format": styles.red})
    sheet.conditional_format(cells("exec_rate"), {
        "type": "3_color_scale", "min_color": "#F8696B", "mid_color": "#FFEB84", "max_color": "#63BE7B"})
    sheet.conditional_format(cells("error_count"), {
        "type": "cell", "criteria": ">", "value": 0, "format": styles.red})

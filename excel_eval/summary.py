"""Writing the summary workbook a district official opens and works from.

Sheets: 总览 (what was read, district totals, charts), 排名 (the ranking on
one printed page), 区域对比 (one row per unit, in rank order), 指标对比 (shared
indicators across units), 问题清单 (every finding, linked to its cell),
未报送与无法读取 (every file and roster unit that did not make it into the
comparison, with the reason), then one annotated sheet per unit.  Every input file appears in exactly one place: a unit's row, or a line
of 未报送与无法读取.

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

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from excel_eval import fields as contract
from excel_eval import history, tables
from excel_eval.collect import paused_gc
from excel_eval.collection import Collection, UnitEntry
from excel_eval.compare import shared_indicators
from excel_eval.findings import Finding, Severity, comment_text
from excel_eval.model import CellRef
from excel_eval.paper import MAX_COLUMNS, MAX_LINKS_PER_SHEET, column_breaks, paginate, row_height
from excel_eval.ranking import Standing, standings_of
from excel_eval.reader import a1
from excel_eval.rules import Rules
from excel_eval.saving import replaced_atomically
from excel_eval.scoring import in_base_units
from excel_eval.terminal import self_assessment
from excel_eval.values import Measure, as_read

#: Fills for flagged cells, and what a legend calls them.  None is a colour the template
#: uses: its inputs are pale yellow, its locked cells grey, its headers pale blue.
SEVERITY_FILLS = {Severity.ERROR: "#FFC7CE", Severity.WARNING: "#F4B183", Severity.INFO: "#E4DFEC"}
SEVERITY_COLOUR_NAMES = {Severity.ERROR: "浅红色", Severity.WARNING: "橙色", Severity.INFO: "浅紫色"}
GRADE_FILLS = {"优": "#C6EFCE", "良": "#DDEBF7", "中": "#FFEB9C", "差": "#FFC7CE"}
HEADER_FILL = "#1F4E78"

OVERVIEW = "总览"
RANKING = "排名"
COMPARISON = "区域对比"
INDICATOR_MATRIX = "指标对比"
PROBLEMS = "问题清单"
NOT_INCLUDED = "未报送与无法读取"
FIXED_SHEETS = (OVERVIEW, RANKING, COMPARISON, INDICATOR_MATRIX, PROBLEMS, NOT_INCLUDED)
#: Text from a submission stays text, whatever it looks like.
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
#: From this many units on, rows are streamed to disk as they are written
#: (``constant_memory``), so the writer's memory stays flat however large the
#: summary grows.  Streaming writes every text inline instead of once in the
#: shared-string table: measured on 5,000 units, 1.9 ms a unit instead of 1.5.
#: Below this the table costs ~25 KB a unit (120 MB for 5,000, next to 230 MB
#: of records), so the faster way is kept.  Every sheet is written top row
#: first so that both ways give the same workbook.
STREAM_FROM_UNITS = 10_000


class Styles:
    """Formats created once per workbook, by name."""

    def __init__(self, workbook: Any) -> None:
        base = {"font_name": "宋体", "font_size": 10, "valign": "vcenter"}
        specs: dict[str, dict[str, Any]] = {
            "title": {"bold": True, "font_size": 16},
            "title_centre": {"bold": True, "font_size": 16, "align": "center"},
            "subtitle": {"bold": True, "font_size": 12, "font_color": HEADER_FILL},
            "header": {"bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_FILL, "border": 1,
                       "text_wrap": True, "align": "center"},
            "label": {"bold": True, "bg_color": "#F2F2F2", "border": 1, "text_wrap": True},
            "text": {"border": 1},
            "centre": {"border": 1, "align": "center"},
            "wrap": {"border": 1, "text_wrap": True, "valign": "top"},
            "money": {"border": 1, "num_format": "#,##0.00"},
            "number": {"border": 1, "num_format": "0.##"},
            "score": {"border": 1, "num_format": "0.00"},
            "percent": {"border": 1, "num_format": "0.00%"},
            "integer": {"border": 1, "num_format": "0"},
            "date": {"border": 1, "num_format": "yyyy-mm-dd"},
            "link": {"border": 1, "font_color": "#0563C1", "underline": 1},
            "total": {"bold": True, "border": 1, "top": 2},
            "total_money": {"bold": True, "border": 1, "top": 2, "num_format": "#,##0.00"},
            "total_percent": {"bold": True, "border": 1, "top": 2, "num_format": "0.00%"},
            "note": {"font_color": "#595959", "italic": True},
        }
        self._formats = {name: workbook.add_format({**base, **spec}) for name, spec in specs.items()}
        for severity, colour in SEVERITY_FILLS.items():
            for kind in ("text", "centre", "wrap", "money", "number", "score", "percent", "date"):
                self._formats[f"{kind}:{severity.value}"] = workbook.add_format(
                    {**base, **specs[kind], "bg_color": colour})
        self.grade_formats = {grade: workbook.add_format({"bg_color": colour}) for grade, colour in GRADE_FILLS.items()}
        self.red = workbook.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE"})

    def __getitem__(self, name: str) -> Any:
        return self._formats[name]

    def flagged(self, kind: str, severity: Severity | None) -> Any:
        return self._formats[f"{kind}:{severity.value}" if severity else kind]


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
    sheets = {name: _add_sheet(workbook, name, fitted=name not in _PAGINATED) for name in FIXED_SHEETS}
    plans = _unit_plans(collection) if with_unit_sheets else []
    anchors = {key: (plan.sheet_name, cell) for plan in plans for key, cell in plan.anchors.items()}
    standings = standings_of(collection)
    _write_ranking(sheets[RANKING], collection, standings, styles)
    _write_comparison(sheets[COMPARISON], collection, standings, styles,
                      {(p.entry.unit, p.entry.year): p.sheet_name for p in plans})
    _write_indicator_matrix(sheets[INDICATOR_MATRIX], collection, styles)
    _write_problems(sheets[PROBLEMS], collection, styles, anchors)
    _write_not_included(sheets[NOT_INCLUDED], collection, styles)
    _write_overview(workbook, sheets[OVERVIEW], collection, standings, styles, with_unit_sheets)
    if collection.previous is not None:
        history.write_year_comparison(_add_sheet(workbook, history.YEAR_SHEET), collection, styles)
    for plan in plans:
        _write_unit_sheet(_add_sheet(workbook, plan.sheet_name), plan, styles)
    history.write_data_sheet(workbook, collection)
    sheets[OVERVIEW].activate()
    workbook.close()


#: Sheets whose pages are set by hand (a chart a page, a group of indicators a page): they
#: are not fitted to the page width, because Excel ignores page breaks on a fitted sheet.
_PAGINATED = (OVERVIEW, COMPARISON, INDICATOR_MATRIX)


def _add_sheet(workbook: Any, name: str, fitted: bool = True) -> Any:
    sheet = workbook.add_worksheet(name)
    _print_setup(sheet)
    if fitted:
        sheet.fit_to_pages(1, 0)
    return sheet


def _title_of(collection: Collection, what: str) -> str:
    """"2024 年度绩效自评复核排名": the years of the summary, then what the sheet shows."""
    years = collection.years
    if not years:
        return what
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else f"{years[0]}"
    return f"{span} 年度{what}"


RANKING_COLUMNS = (("排名", 6), ("单位", 16), ("复核得分", 9), ("等级", 6), ("执行率", 9),
                   ("待核实\n分值", 8), ("错误数", 7), ("说明", 28))
#: The ranking's header row (0-based); the title and a note are above it.
RANKING_HEADER = 2


def _write_ranking(sheet: Any, collection: Collection, standings: list[Standing], styles: Styles) -> None:
    """The page a district prints and signs: one A4 portrait page for a district of ~25 units."""
    last = len(RANKING_COLUMNS) - 1
    sheet.merge_range(0, 0, 0, last, _title_of(collection, "绩效自评复核排名"), styles["title_centre"])
    sheet.set_row(0, 28)
    unranked = sum(1 for standing in standings if standing.rank is None)
    note = f"共 {len(standings)} 个单位，按复核得分从高到低排列，同分同名次"
    if len(collection.years) > 1:
        note += "；各年度分别排名"
    if unranked:
        note += f"；{unranked} 个单位未排名，列在最后并说明原因"
    sheet.merge_range(1, 0, 1, last, note + "。", styles["note"])
    for col, (title, width) in enumerate(RANKING_COLUMNS):
        sheet.set_column(col, col, width)
        sheet.write_string(RANKING_HEADER, col, title, styles["header"])
    sheet.set_row(RANKING_HEADER, row_height(RANKING_COLUMNS) or _DEFAULT_ROW_HEIGHT)
    several_years = len(collection.years) > 1
    for row, standing in enumerate(standings, start=RANKING_HEADER + 1):
        entry = standing.entry
        evaluation = entry.review.evaluation
        found = collection.findings_of(entry.review)
        name = f"{entry.unit}（{entry.year}）" if several_years and entry.year else entry.unit
        values = [
            (standing.rank if standing.rank is not None else "—", "integer"),
            (name, "text"),
            (evaluation.total_score.value, "score"),
            (evaluation.grade, "centre"),
            (evaluation.exec_rate.value, "percent"),
            (evaluation.unverified_points or None, "score"),
            (sum(1 for f in found if f.severity is Severity.ERROR), "integer"),
            (standing.reason, "wrap"),
        ]
        for col, (value, kind) in enumerate(values):
            _write_value(sheet, row, col, value, styles[kind] if value != "—" else styles["centre"])
        sheet.set_row(row, row_height([(standing.reason, RANKING_COLUMNS[-1][1])]) or _RANKING_ROW_HEIGHT)
    sheet.set_portrait()
    sheet.fit_to_pages(1, 1 if len(standings) <= RANKING_ONE_PAGE else 0)
    sheet.center_horizontally()
    sheet.repeat_rows(RANKING_HEADER)
    sheet.freeze_panes(RANKING_HEADER + 1, 0)


#: Up to this many units the ranking is squeezed onto one page; beyond, it runs on, header repeated.
RANKING_ONE_PAGE = 50
#: A ranking row's height (points): a little air between the lines of the printed page.
_RANKING_ROW_HEIGHT = 18


# 总览

def _write_overview(workbook: Any, sheet: Any, collection: Collection, standings: list[Standing],
                    styles: Styles, with_unit_sheets: bool) -> None:
    sheet.set_column("A:A", 26)
    sheet.set_column("B:B", 30)
    sheet.write_string(0, 0, _title_of(collection, "绩效自评汇总"), styles["title"])
    sheet.set_row(0, 24)
    units = collection.units
    budget = sum(_number(e, "budget_total") for e in units)
    spent = sum(_number(e, "spent_total") for e in units)
    counts = {severity: sum(1 for f in collection.all_findings if f.severity is severity) for severity in Severity}
    rows: list[tuple[str, Any, str]] = [
        ("汇总时间", collection.started.strftime("%Y-%m-%d %H:%M"), "text"),
        ("报送文件夹", str(collection.folder), "wrap"),
        ("评分规则", collection.rules.description, "wrap"),
        ("单位名册", f"{len(collection.roster)} 个单位" if collection.roster is not None else "未提供名册", "text"),
        ("找到文件", len(collection.reviews), "integer"),
        ("纳入汇总的文件", len(units), "integer"),
        ("重复或其他年度（未纳入）", sum(len(e.superseded) for e in units) + len(collection.excluded), "integer"),
        ("无法读取的文件", len(collection.failed), "integer"),
        ("跳过的临时文件", len(collection.skipped), "integer"),
        ("名册中未报送的单位", len(collection.missing) if collection.roster is not None else "—", "integer"),
        ("全年预算数合计（万元）", budget, "money"),
        ("全年执行数合计（万元）", spent, "money"),
        ("全区预算执行率", spent / budget if budget else "—", "percent"),
        ("错误", counts[Severity.ERROR], "integer"),
        ("警告", counts[Severity.WARNING], "integer"),
        ("提示", counts[Severity.INFO], "integer"),
        *history.overview_rows(collection),
    ]
    for index, (label, value, kind) in enumerate(rows, start=2):
        sheet.write_string(index, 0, label, styles["label"])
        text_kind = "wrap" if kind == "wrap" else "text"
        _write_value(sheet, index, 1, value, styles[kind] if not isinstance(value, str) else styles[text_kind])
        if isinstance(value, str):
            height = row_height([(value, 30)])
            if height:
                sheet.set_row(index, height)
    grade_row = len(rows) + 3
    sheet.write_string(grade_row, 0, "复核等级分布", styles["subtitle"])
    sheet.write_row(grade_row + 1, 0, ["等级", "单位数"], styles["header"])
    grades = [band.grade for band in collection.rules.grades]
    for offset, grade in enumerate(grades, start=2):
        sheet.write_string(grade_row + offset, 0, grade, styles["label"])
        sheet.write_number(grade_row + offset, 1, sum(1 for e in units if _grade(e) == grade), styles["integer"])
    note_row = grade_row + len(grades) + 3
    if not with_unit_sheets and units:
        sheet.write_string(note_row, 0, f"单位较多（{len(units)} 个），未生成逐单位工作表；如需要，请使用 --unit-sheets all。",
                           styles["note"])
    sheet.set_portrait()
    if units:
        _add_charts(workbook, sheet, standings, grade_row, len(grades), note_row + 2)


#: Pixels of a default row, and the width (pixels) of the bar charts: narrower than A4 portrait
#: prints, with room for LibreOffice, which draws columns (and the charts anchored to them) wider.
_ROW_PIXELS = 20
_CHART_WIDTH = 520
#: Two bar charts no taller than half of this (pixels) share a page; taller ones get one each.
_CHARTS_PER_PAGE_HEIGHT = 700
#: Above this many units a bar chart shows nothing a reader can use; the 排名 sheet does.
CHART_UNIT_LIMIT = 60


def _add_charts(workbook: Any, sheet: Any, standings: list[Standing], grade_row: int, grade_count: int,
                first_row: int) -> None:
    """The grade pie under its table; the score and execution bars on a page of their own
    (each on its own page when they are tall).

    Bars are horizontal, one per ranked unit in rank order (names read across,
    the best on top), the value axis starts near the lowest value so that
    units a few points apart look apart, and every bar carries its value.
    """
    grades = workbook.add_chart({"type": "pie"})
    grades.add_series({"name": "复核等级分布",
                       "categories": f"='{OVERVIEW}'!$A${grade_row + 3}:$A${grade_row + 2 + grade_count}",
                       "values": f"='{OVERVIEW}'!$B${grade_row + 3}:$B${grade_row + 2 + grade_count}",
                       "data_labels": {"value": True, "category": True},
                       "points": [{"fill": {"color": colour}} for colour in ("#63BE7B", "#5B9BD5", "#FFC000", "#FF6B6B")]})
    grades.set_title({"name": "复核等级分布"})
    grades.set_legend({"none": True})
    grades.set_size({"width": 320, "height": 220})
    sheet.insert_chart(first_row, 0, grades)
    first_row += math.ceil(220 / _ROW_PIXELS) + 2
    ranked = [standing for standing in standings if standing.rank is not None]
    if not ranked or len(ranked) > CHART_UNIT_LIMIT:
        return
    first, last = RANKING_HEADER + 2, RANKING_HEADER + 1 + len(ranked)
    names = f"='{RANKING}'!$B${first}:$B${last}"
    height = min(700, 120 + 22 * len(ranked))
    breaks = []
    for title, col, colour, values, number_format in (
            ("各单位复核得分", "C", HEADER_FILL, [s.score for s in ranked], "0.00"),
            ("各单位预算执行率", "E", "#70AD47",
             [s.entry.review.evaluation.exec_rate.value or 0.0 for s in ranked], "0.0%")):
        chart = workbook.add_chart({"type": "bar"})
        chart.add_series({"name": title, "categories": names, "values": f"='{RANKING}'!${col}${first}:${col}${last}",
                          "fill": {"color": colour}, "gap": 40,
                          "data_labels": {"value": True, "num_format": number_format}})
        chart.set_title({"name": title, "name_font": {"size": 12}})
        low, high = _axis_range(values, percent=number_format.endswith("%"))
        chart.set_x_axis({"min": low, "max": high, "num_format": "0%" if number_format.endswith("%") else "0",
                          "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
        chart.set_y_axis({"reverse": True, "num_font": {"size": 9}})
        chart.set_legend({"none": True})
        chart.set_size({"width": _CHART_WIDTH, "height": height})
        if not breaks or 2 * height > _CHARTS_PER_PAGE_HEIGHT:
            breaks.append(first_row)
        sheet.insert_chart(first_row, 0, chart)
        first_row += math.ceil(height / _ROW_PIXELS) + 2
    sheet.set_h_pagebreaks(breaks)


def _axis_range(values: list[float], percent: bool) -> tuple[float, float]:
    """An axis from a round number a little below the lowest value to the top of the scale."""
    step = 0.05 if percent else 5
    top = 1.0 if percent else 100
    high = max([top, *values])
    low = max(0.0, math.floor((min(values) - step / 2) / step) * step)
    if percent:
        high = math.ceil(high / step) * step
    return round(low, 4), round(high, 4)


# 区域对比

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


def _write_comparison(sheet: Any, collection: Collection, standings: list[Standing], styles: Styles,
                      unit_sheets: dict[tuple[str, int | None], str]) -> None:
    columns = _comparison_columns(collection.rules) + (history.PREVIOUS_COLUMNS if collection.previous else ())
    breaks = column_breaks([width for _, width in columns], _COMPARISON_REPEATED)
    title = _title_of(collection, "各单位绩效自评对比（按复核排名）")
    # Each printed page is titled over its own columns, beside 序号 and 单位 printed on every page.
    for page, (first, end) in enumerate(zip([_COMPARISON_REPEATED, *breaks], [*breaks, len(columns)])):
        sheet.merge_range(0, first, 0, end - 1, title if page == 0 else _title_of(collection, f"{COMPARISON}（续）"),
                          styles["title"])
    sheet.set_row(0, 24)
    for col, (title, width) in enumerate(columns):
        sheet.set_column(col, col, width)
        sheet.write_string(COMPARISON_HEADER, col, title, styles["header"])
    sheet.set_row(COMPARISON_HEADER, row_height(columns) or _DEFAULT_ROW_HEIGHT)
    styles_of = {column.key: column.style for column in tables.UNIT_COLUMNS}
    for row, standing in enumerate(standings, start=COMPARISON_HEADER + 1):
        entry = standing.entry
        data = tables.unit_row(collection, entry, standing.rank, standing.reason)
        if standing.rank is None:
            data["rank"] = "未排名"
        values = [(row - COMPARISON_HEADER, "integer"),
                  *((value, _COMPARISON_STYLES.get(key, styles_of[key])) for key, value in data.items())]
        if collection.previous:
            values += history.previous_values(collection, entry)
        for col, (value, kind) in enumerate(values):
            _write_value(sheet, row, col, value, styles[kind])
        if (entry.unit, entry.year) in unit_sheets:
            target = unit_sheets[(entry.unit, entry.year)]
            sheet.write_url(row, 1, f"internal:'{target}'!A1", styles["link"], entry.unit)
        height = row_height([(standing.reason, _COMPARISON_WIDTHS["unranked_reason"])])
        if height:
            sheet.set_row(row, height)
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
    budget = sum(_number(entry, "budget_total") for entry in units)
    spent = sum(_number(entry, "spent_total") for entry in units)
    budget_col, spent_col = _column_index("budget_total"), _column_index("spent_total")
    budget_letter, spent_letter = _col(budget_col), _col(spent_col)
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
        letter = _col(_column_index(key))
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


# 指标对比

#: Shared indicators printed side by side on one landscape page; the unit column repeats on each.
INDICATORS_PER_PAGE = 4
_MATRIX_UNIT_WIDTH = 14
_MATRIX_VALUE_WIDTH = 9


def _write_indicator_matrix(sheet: Any, collection: Collection, styles: Styles) -> None:
    """A row per unit, three columns per shared indicator: target, actual, completion.

    Units go down the sheet so that a province's thousands fit (a sheet has
    16,384 columns but a million rows) and can be sorted and filtered.  Above
    the header, each indicator's median completion for each year; a
    completion rate the outlier rule flagged is coloured.  Targets and
    actuals are numbers in the row's unit (a percentage as a percentage);
    only a value with no number in it stays text.  On paper each page holds
    :data:`INDICATORS_PER_PAGE` indicators, the unit names repeated.
    """
    shared = shared_indicators(collection.units)
    years = sorted({entry.year for entry in collection.units}, key=lambda year: (year is None, year or 0))
    fixed = ("单位", "年度") if len(years) > 1 else ("单位",)
    fitting = (MAX_COLUMNS - len(fixed)) // 3
    cut = (f"共有指标 {len(shared)} 个，超出 Excel 每张工作表 {MAX_COLUMNS:,} 列的上限，只列出报送单位最多的前 "
           f"{fitting:,} 个；全部指标见 --json 或 --csv 导出的数据。" if len(shared) > fitting else "")
    shared = shared[:fitting]
    sheet.write_string(0, 0, "多个单位共有的指标：每个单位的年度指标值、实际完成值和复核完成率；"
                             "完成率偏离全区中位数较大的已标色（中位数在 "
                             f"{collection.rules.outliers.min_units} 个及以上单位报送时计算，不足的显示“—”）。" + cut,
                       styles["note"])
    if not shared:
        sheet.write_string(2, 0, "没有两个及以上单位共有的指标。", styles["note"])
        return
    flagged = {(f.file, f.cell) for f in collection.cross_findings if f.code == "completion_outlier"}
    first = len(fixed)
    sheet.set_column(0, 0, _MATRIX_UNIT_WIDTH)
    sheet.set_column(1, first + 3 * len(shared) - 1, _MATRIX_VALUE_WIDTH)
    for row, texts in ((1, [group.name for group in shared]),
                       (2, [f"{group.level1}｜{group.unit or '无计量单位'}｜{len(group.results)} 个单位报送"
                            for group in shared])):
        sheet.write_row(row, 0, [""] * first, styles["header"])
        for index, text in enumerate(texts):
            sheet.merge_range(row, first + 3 * index, row, first + 3 * index + 2, text, styles["header"])
        sheet.set_row(row, row_height([(text, 3 * _MATRIX_VALUE_WIDTH) for text in texts]))
    header = 3 + len(years)
    for offset, year in enumerate(years, start=3):
        label = "完成率中位数" if len(fixed) == 1 else f"{year} 年中位数" if year else "未填年度中位数"
        sheet.write_row(offset, 0, [label, *[""] * (first - 1)], styles["label"])
        for index, group in enumerate(shared):
            sheet.write_row(offset, first + 3 * index, ["", ""], styles["label"])
            median_rate = group.median_completion(year, collection.rules.outliers.min_units)
            if median_rate is None:  # too few units for a median: said, not left blank
                sheet.write_string(offset, first + 3 * index + 2, "—", styles["centre"])
            else:
                _write_value(sheet, offset, first + 3 * index + 2, median_rate, styles["percent"])
    sheet.write_row(header, 0, fixed, styles["header"])
    for index in range(len(shared)):
        sheet.write_row(header, first + 3 * index, ["指标值", "实际值", "完成率"], styles["header"])
    for row, entry in enumerate(collection.units, start=header + 1):
        sheet.write_string(row, 0, entry.unit, styles["text"])
        if len(fixed) > 1:
            _write_value(sheet, row, 1, entry.year, styles["integer"])
        for index, group in enumerate(shared):
            _write_shared_result(sheet, row, first + 3 * index, entry, group.result(entry), flagged, styles)
    sheet.freeze_panes(header + 1, first)
    sheet.autofilter(header, 0, header + len(collection.units), first + 3 * len(shared) - 1)
    sheet.repeat_rows(1, header)
    sheet.repeat_columns(0, first - 1)
    sheet.set_v_pagebreaks([first + 3 * index for index in range(INDICATORS_PER_PAGE, len(shared),
                                                                  INDICATORS_PER_PAGE)])
    sheet.set_print_scale(80)


def _write_shared_result(sheet: Any, row: int, col: int, entry: UnitEntry, result: Any,
                         flagged: set[tuple[str, str]], styles: Styles) -> None:
    """A unit's target, actual and completion for one shared indicator; nothing when it does not report it."""
    if result is None:
        return
    indicator = result.indicator
    ref = indicator.ref("actual")
    far = ref is not None and (entry.review.name, ref.cell) in flagged
    for offset, value in enumerate((indicator.target, indicator.actual)):
        number, kind = _measure_cell(value, indicator.unit)
        _write_value(sheet, row, col + offset, number, styles[kind])
    _write_value(sheet, row, col + 2, result.completion.value,
                 styles.flagged("percent", Severity.WARNING if far else None))


def _measure_cell(value: Measure, unit: str) -> tuple[Any, str]:
    """A target or actual as a cell: the number in the row's unit and its format, or the text."""
    number, base_unit = in_base_units(value, unit)
    if number is None:
        return as_read(value, unit), "text"
    return number, "percent" if base_unit == "%" else "number"


# 问题清单

PROBLEM_COLUMNS = (("序号", 5), ("级别", 5), ("单位", 11), ("文件", 20), ("工作表", 9), ("单元格", 7),
                   ("问题类型", 14), ("说明", 56), ("应为", 14), ("实为", 14))


def _write_problems(sheet: Any, collection: Collection, styles: Styles,
                    anchors: dict[tuple[str, str, str], tuple[str, str]]) -> None:
    """Every finding in :func:`tables.ordered_findings` order, each linked to the cell it is about."""
    for col, (title, width) in enumerate(PROBLEM_COLUMNS):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, title, styles["header"])
    problems = tables.ordered_findings(collection)
    level = {severity: styles.flagged("centre", severity) for severity in Severity}
    number, wrap = styles["integer"], styles["wrap"]
    widths = [width for _, width in PROBLEM_COLUMNS]
    links = 0
    for row, finding in enumerate(problems, start=1):
        expected, found = _shown_difference(finding)
        sheet.write_number(row, 0, row, number)
        sheet.write_string(row, 1, finding.severity.label, level[finding.severity])
        texts = [finding.unit, finding.file, finding.sheet]
        for col, text in enumerate(texts, start=2):
            sheet.write_string(row, col, text, wrap)
        target = anchors and (anchors.get((finding.file, finding.sheet, finding.cell))
                              or anchors.get((finding.file, "", "")))
        if target and finding.cell and links < MAX_LINKS_PER_SHEET:
            links += 1
            sheet.write_url(row, 5, f"internal:'{target[0]}'!{target[1]}", styles["link"], finding.cell)
        else:
            sheet.write_string(row, 5, finding.cell, wrap)
        for col, text in ((6, finding.title), (7, finding.message), (8, expected), (9, found)):
            sheet.write_string(row, col, text, wrap)
        height = row_height(zip([finding.unit, finding.file, finding.sheet, "", finding.title, finding.message,
                                 expected, found], widths[2:]))
        if height:
            sheet.set_row(row, height)
    if links == MAX_LINKS_PER_SHEET and len(problems) > links:
        sheet.write_string(len(problems) + 2, 0, f"注：Excel 每张工作表最多保留 {MAX_LINKS_PER_SHEET:,} 个链接，"
                                                 f"本表前 {links:,} 个问题的单元格可点击跳转，其余的只写出单元格地址。",
                           styles["note"])
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(problems), 1), len(PROBLEM_COLUMNS) - 1)
    sheet.repeat_rows(0)


def _shown_difference(finding: Finding) -> tuple[str, str]:
    """应为 and 实为 as the list shows them; when they read the same the difference is
    that the cell holds text where a number belongs, and the two say so."""
    if finding.expected and finding.expected == finding.found:
        return f"数字 {finding.expected}", f"文本“{finding.found}”"
    return finding.expected, finding.found


# 未报送与无法读取

_NOT_INCLUDED_WIDTHS = (36, 12, 70)


def _write_not_included(sheet: Any, collection: Collection, styles: Styles) -> None:
    for col, width in enumerate(_NOT_INCLUDED_WIDTHS):
        sheet.set_column(col, col, width)
    row = 0
    sheet.write_string(row, 0, _accounting_line(collection), styles["subtitle"])
    rows = tables.not_included_rows(collection)
    sections = [(title, [(item["file"] or item["unit"], item["unit"] if item["file"] else item["kind"],
                          item["reason"]) for item in rows if item["status"] == status])
                for status, title in tables.NOT_INCLUDED_LABELS.items()]
    row += 2
    for title, lines in sections:
        sheet.write_string(row, 0, f"{title}（{len(lines)}）", styles["subtitle"])
        row += 1
        if not lines:
            sheet.write_string(row, 0, "无", styles["note"])
            row += 2
            continue
        sheet.write_row(row, 0, ["文件或单位", "单位/类型", "原因"], styles["header"])
        for line in lines:
            row += 1
            for col, value in enumerate(line):
                sheet.write_string(row, col, value, styles["wrap"])
            height = row_height(zip(line, _NOT_INCLUDED_WIDTHS))
            if height:
                sheet.set_row(row, height)
        row += 2


def _accounting_line(collection: Collection) -> str:
    superseded = sum(len(entry.superseded) for entry in collection.units)
    return (f"共找到 {len(collection.reviews)} 个文件：纳入汇总 {len(collection.units)} 个，"
            f"重复未采用 {superseded} 个，其他年度 {len(collection.excluded)} 个，"
            f"无法读取 {len(collection.failed)} 个，跳过 {len(collection.skipped)} 个。")


# One sheet per unit.

#: Column widths of a unit sheet: the indicator table's thirteen columns set them.
UNIT_WIDTHS = (14, 14, 24, 10, 12, 12, 8, 9, 9, 8, 8, 30, 20)
#: A field section's columns (项目, 填报内容, 复核值, 原表位置) as spans of the sheet's columns,
#: so that a long text has the width of five.
_FIELD_SPANS = (1, 5, 2, 2)
_UNIT_TITLE_ROWS = 3


@dataclass
class _Line:
    """One row of a unit sheet: cells (value, style kind, source cell) from column A.

    ``spans`` gives the sheet columns each cell covers (merged when more than
    one); by default every cell takes one.
    """

    cells: list[tuple[Any, str, CellRef | None]] = field(default_factory=list)
    spans: tuple[int, ...] = ()

    def columns(self) -> list[tuple[int, int]]:
        """(first column, columns covered) of each cell."""
        spans = self.spans or (1,) * len(self.cells)
        starts = [sum(spans[:index]) for index in range(len(self.cells))]
        return list(zip(starts, spans))


@dataclass
class _UnitPlan:
    entry: UnitEntry
    sheet_name: str
    lines: list[_Line]
    findings: list[Finding]
    #: (file, template sheet, template cell) → cell of this sheet that shows it.
    anchors: dict[tuple[str, str, str], str] = field(default_factory=dict)


def _unit_plans(collection: Collection) -> list[_UnitPlan]:
    used = {name.lower() for name in (*FIXED_SHEETS, history.DATA_SHEET, history.YEAR_SHEET, "History")}
    plans = []
    several_years = len(collection.years) > 1
    for entry in collection.units:
        name = _sheet_name(f"{entry.unit}{entry.year}" if several_years else entry.unit, used)
        lines = _unit_lines(entry)
        plan = _UnitPlan(entry, name, lines, collection.findings_of(entry.review))
        for row, line in enumerate(lines):
            for (_, _, ref), (col, _) in zip(line.cells, line.columns()):
                if ref is not None:
                    plan.anchors.setdefault((entry.review.name, ref.sheet, ref.cell), a1(row, col))
        plan.anchors[(entry.review.name, "", "")] = "A1"
        plans.append(plan)
    return plans


def _sheet_name(unit: str, used: set[str]) -> str:
    """A sheet name Excel accepts for ``unit``: no forbidden or control characters, at most 31 UTF-16
    code units (a character outside the BMP counts two), unlike every name in ``used``."""
    base = re.sub(r"[\[\]:*?/\\'\x00-\x1f\x7f]", "_", unit).strip() or "单位"
    base = _within_utf16(base, 28)
    name, number = base, 2
    while name.lower() in used:
        suffix = f"({number})"
        name = _within_utf16(base, 31 - len(suffix)) + suffix
        number += 1
    used.add(name.lower())
    return name


def _within_utf16(text: str, units: int) -> str:
    """The longest start of ``text`` that fits in ``units`` UTF-16 code units."""
    taken = 0
    for index, char in enumerate(text):
        taken += 2 if ord(char) > 0xFFFF else 1
        if taken > units:
            return text[:index]
    return text


_NUMERALS = "一二三四五六七八九十"


def _unit_lines(entry: UnitEntry) -> list[_Line]:
    """The unit's sheet top to bottom; its sections numbered 一、二、… in the order they appear."""
    review = entry.review
    submission = review.submission
    evaluation = review.evaluation
    lines = [
        _Line([(f"{entry.unit} {entry.year or ''} 年度 绩效自评复核", "title", None)]),
        _Line([(f"文件：{review.name}", "note", None)]),
        _Line([(f"复核得分 {evaluation.total_score.value:.2f}（{evaluation.grade}）；{self_assessment(submission)}",
                "subtitle", None)]),
        _Line(),
    ]
    recomputed = {"exec_rate_reported": (evaluation.exec_rate.value, "percent"),
                  "budget_score_reported": (evaluation.budget_score.value, "score")}
    conclusion = {"self_total_score": (evaluation.total_score.value, "score"),
                  "self_grade": (evaluation.grade, "text")}
    sections = [
        ("基本信息", _field_rows(_section("基本信息"), submission, {})),
        ("资金情况（万元）", _field_rows(_section("资金情况"), submission, recomputed)),
        ("资金拨付", _payment_rows(submission)),
        ("绩效指标", _indicator_rows(evaluation)),
        ("得分构成", _score_rows(submission, evaluation)),
        ("自评结论", _field_rows(_section("自评结论"), submission, conclusion)),
    ]
    for number, (title, rows) in enumerate(sections):
        lines += [_Line([(f"{_NUMERALS[number]}、{title}", "subtitle", None)]), *rows, _Line()]
    return lines


def _section(title: str) -> list[contract.Field]:
    return [contract.field(name) for name in contract.SECTIONS[title]]


def _kind(field_kind: str) -> str:
    return {"money": "money", "score": "score", "rate": "percent", "date": "date", "year": "integer",
            "longtext": "wrap"}.get(field_kind, "text")


def _field_rows(specs: list[contract.Field], submission: Any,
                recomputed: dict[str, tuple[Any, str]]) -> list[_Line]:
    lines = [_Line([(h, "header", None) for h in ("项目", "填报内容", "复核值", "原表位置")], _FIELD_SPANS)]
    for spec in specs:
        value = submission.value(spec.name)
        ref = submission.ref(spec.name)
        check_value, check_kind = recomputed.get(spec.name, (None, "text"))
        kind = _kind(spec.kind)
        lines.append(_Line([(spec.label, "label", None), (value, "wrap" if kind == "text" else kind, ref),
                            (check_value, check_kind, None), (str(ref) if ref else "未找到", "text", None)],
                           _FIELD_SPANS))
    return lines


def _payment_rows(submission: Any) -> list[_Line]:
    headers = ("拨付批次", "约定比例", "约定金额（万元）", "复核约定金额", "实际拨付金额（万元）", "拨付日期", "前置评估结果")
    lines = [_Line([(h, "header", None) for h in headers])]
    budget = submission.number("budget_total")
    for payment in submission.payments:
        expected = payment.agreed_ratio * budget if payment.agreed_ratio is not None and budget else None
        lines.append(_Line([
            (payment.stage, "label", payment.ref("stage")),
            (payment.agreed_ratio, "percent", payment.ref("agreed_ratio")),
            (payment.agreed_amount, "money", payment.ref("agreed_amount")),
            (expected, "money", None),
            (payment.paid_amount, "money", payment.ref("paid_amount")),
            (payment.paid_date, "date", payment.ref("paid_date")),
            (payment.eval_result or ("—" if payment.eval_field is None else ""), "text", payment.ref("eval_result")),
        ]))
    return lines


def _indicator_rows(evaluation: Any) -> list[_Line]:
    headers = ("一级指标", "二级指标", "三级指标", "指标方向", "年度指标值", "实际完成值", "分值",
               "自报完成率", "复核完成率", "自评得分", "复核得分", "偏差原因分析及改进措施", "佐证材料")
    lines = [_Line([(h, "header", None) for h in headers])]
    for result in evaluation.indicators:
        indicator = result.indicator
        ref = indicator.ref
        lines.append(_Line([
            (indicator.level1, "wrap", ref("level1")),
            (indicator.level2, "wrap", ref("level2")),
            (indicator.name, "wrap", ref("name")),
            (indicator.direction, "text", ref("direction")),
            (as_read(indicator.target, indicator.unit), "wrap", ref("target")),
            (as_read(indicator.actual, indicator.unit), "wrap", ref("actual")),
            (indicator.weight, "score", ref("weight")),
            (indicator.reported_rate, "percent", ref("reported_rate")),
            (result.completion.value, "percent", None),
            (indicator.self_score, "score", ref("self_score")),
            (result.score.value, "score", None),
            (indicator.deviation_reason, "wrap", ref("deviation_reason")),
            (indicator.evidence, "wrap", ref("evidence")),
        ]))
    return lines


def _score_rows(submission: Any, evaluation: Any) -> list[_Line]:
    lines = [_Line([(h, "header", None) for h in ("项目", "分值", "自评得分", "复核得分")])]
    lines.append(_Line([("预算执行率", "label", None), (submission.number("budget_weight"), "score", None),
                        (submission.number("budget_score_reported"), "score", submission.ref("budget_score_reported")),
                        (evaluation.budget_score.value, "score", None)]))
    for subtotal in evaluation.subtotals:
        self_scores = [result.indicator.self_score for result in evaluation.indicators
                       if result.indicator.level1 == subtotal.level1 and result.indicator.self_score is not None]
        lines.append(_Line([(subtotal.level1, "label", None), (subtotal.weight, "score", None),
                            (sum(self_scores) if self_scores else None, "score", None),
                            (subtotal.score.value, "score", None)]))
    lines.append(_Line([("合计", "total", None), (evaluation.weight_total, "score", None),
                        (submission.number("self_total_score"), "score", submission.ref("self_total_score")),
                        (evaluation.total_score.value, "score", None)]))
    lines.append(_Line([("等级", "label", None), (None, "text", None),
                        (submission.text("self_grade"), "text", submission.ref("self_grade")),
                        (evaluation.grade, "text", None)]))
    return lines


_FLAGGABLE = ("text", "wrap", "money", "number", "score", "percent", "date")


def _write_unit_sheet(sheet: Any, plan: _UnitPlan, styles: Styles) -> None:
    for col, width in enumerate(UNIT_WIDTHS):
        sheet.set_column(col, col, width)
    by_cell: dict[str, list[Finding]] = {}
    for finding in plan.findings:
        cell = plan.anchors.get((plan.entry.review.name, finding.sheet, finding.cell))
        if cell and finding.cell:
            by_cell.setdefault(cell, []).append(finding)
    heights = []
    for row, line in enumerate(plan.lines):
        texts = []
        for (value, kind, _), (col, span) in zip(line.cells, line.columns()):
            flagged = by_cell.get(a1(row, col))
            severity = min((f.severity for f in flagged), key=lambda s: s.rank) if flagged else None
            style = styles.flagged(kind, severity) if severity and kind in _FLAGGABLE else styles[kind]
            if span > 1:
                sheet.merge_range(row, col, row, col + span - 1, "", style)
            _write_value(sheet, row, col, value, style)
            if flagged:
                sheet.write_comment(row, col, comment_text(flagged), {"x_scale": 2.2, "y_scale": 1.6,
                                                                  "author": "excel-eval"})
            if kind in ("wrap", "header", "label") and isinstance(value, str):
                texts.append((value, sum(UNIT_WIDTHS[col:col + span])))
        height = row_height(texts)
        if height:
            sheet.set_row(row, height)
        heights.append(height or _DEFAULT_ROW_HEIGHT)
    unplaced = [f for f in plan.findings if not (f.cell and plan.anchors.get((plan.entry.review.name, f.sheet, f.cell)))]
    if unplaced:
        row = len(plan.lines) + 1
        sheet.write_string(row, 0, "其他问题", styles["subtitle"])
        heights += [_DEFAULT_ROW_HEIGHT] * 2
        message_width = sum(UNIT_WIDTHS[2:])
        for offset, finding in enumerate(unplaced, start=1):
            sheet.write_string(row + offset, 0, finding.severity.label, styles.flagged("text", finding.severity))
            where = f"{finding.sheet}!{finding.cell}" if finding.cell else finding.sheet
            sheet.write_string(row + offset, 1, where, styles["text"])
            sheet.merge_range(row + offset, 2, row + offset, len(UNIT_WIDTHS) - 1, "", styles["wrap"])
            sheet.write_string(row + offset, 2, finding.message, styles["wrap"])
            height = row_height([(finding.message, message_width)])
            if height:
                sheet.set_row(row + offset, height)
            heights.append(height or _DEFAULT_ROW_HEIGHT)
    headings = {row for row, line in enumerate(plan.lines) if _is_heading(line)}
    if unplaced:
        headings.add(len(plan.lines) + 1)
    sheet.repeat_rows(0, _UNIT_TITLE_ROWS - 1)
    pages = paginate(UNIT_WIDTHS, heights, _UNIT_TITLE_ROWS, headings)
    sheet.set_print_scale(pages.scale)
    sheet.set_h_pagebreaks(pages.breaks)


def _is_heading(line: _Line) -> bool:
    """A section heading of a unit sheet (“四、绩效指标”), which must not end a page."""
    return len(line.cells) == 1 and line.cells[0][1] == "subtitle" and str(line.cells[0][0])[1:2] == "、"


# Shared helpers.

#: The height of a row left as it is (points).
_DEFAULT_ROW_HEIGHT = 15
def _print_setup(sheet: Any) -> None:
    """A4 landscape with a page-numbered footer; sheets that print otherwise (the ranking
    and the overview upright) change this after it."""
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    sheet.set_footer("&L&A&C第 &P 页，共 &N 页")  # the sheet's name: a loose page says what it is


def _write_value(sheet: Any, row: int, col: int, value: Any, style: Any) -> None:
    """Numbers as numbers, dates as dates, everything else strictly as text."""
    if value is None or value == "":
        sheet.write_blank(row, col, None, style)
    elif isinstance(value, bool):
        sheet.write_string(row, col, "是" if value else "否", style)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, value, style)
    elif isinstance(value, (dt.date, dt.datetime)):
        sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()) if not isinstance(value, dt.datetime)
                             else value, style)
    else:
        sheet.write_string(row, col, str(value), style)


def _number(entry: UnitEntry, name: str) -> float:
    return entry.review.submission.number(name) or 0.0


def _grade(entry: UnitEntry) -> str:
    return entry.review.evaluation.grade


def _col(index: int) -> str:
    return a1(0, index)[:-1]

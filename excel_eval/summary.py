"""Writing the summary workbook a district official opens and works from.

Sheets: 总览 (what was read, district totals, charts), 区域对比 (one row per
unit), 指标对比 (shared indicators across units), 问题清单 (every finding,
linked to its cell), 未报送与无法读取 (every file and roster unit that did not
make it into the comparison, with the reason), then one annotated sheet per
unit.  Every input file appears in exactly one place: a unit's row, or a line
of 未报送与无法读取.

Text from submissions is always written with ``write_string``: a town's
"=1+1" stays text.  Formulas (totals) carry their computed value, so readers
that do not recalculate still see the right number.  The file is written
under a temporary name and renamed, so an interrupted run leaves nothing
half-written.
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
from excel_eval.collect import Collection, UnitEntry, paused_gc
from excel_eval.compare import shared_indicators
from excel_eval.findings import Finding, Severity, comment_text
from excel_eval.model import CellRef
from excel_eval.reader import a1
from excel_eval.rules import Rules
from excel_eval.saving import replaced_atomically
from excel_eval.values import as_read

#: Fills for flagged cells; the warning colour is kept clear of the template's pale yellow inputs.
SEVERITY_FILLS = {Severity.ERROR: "#FFC7CE", Severity.WARNING: "#F8CBAD", Severity.INFO: "#DDEBF7"}
GRADE_FILLS = {"优": "#C6EFCE", "良": "#DDEBF7", "中": "#FFEB9C", "差": "#FFC7CE"}
HEADER_FILL = "#1F4E78"

OVERVIEW = "总览"
COMPARISON = "区域对比"
INDICATOR_MATRIX = "指标对比"
PROBLEMS = "问题清单"
NOT_INCLUDED = "未报送与无法读取"
FIXED_SHEETS = (OVERVIEW, COMPARISON, INDICATOR_MATRIX, PROBLEMS, NOT_INCLUDED)
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
            "subtitle": {"bold": True, "font_size": 12, "font_color": HEADER_FILL},
            "header": {"bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_FILL, "border": 1,
                       "text_wrap": True, "align": "center"},
            "label": {"bold": True, "bg_color": "#F2F2F2", "border": 1},
            "text": {"border": 1},
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
            for kind in ("text", "wrap", "money", "number", "score", "percent", "date"):
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
    sheets = {name: workbook.add_worksheet(name) for name in FIXED_SHEETS}
    plans = _unit_plans(collection) if with_unit_sheets else []
    anchors = {key: (plan.sheet_name, cell) for plan in plans for key, cell in plan.anchors.items()}
    _write_comparison(sheets[COMPARISON], collection, styles, {(p.entry.unit, p.entry.year): p.sheet_name for p in plans})
    _write_indicator_matrix(sheets[INDICATOR_MATRIX], collection, styles)
    _write_problems(sheets[PROBLEMS], collection, styles, anchors)
    _write_not_included(sheets[NOT_INCLUDED], collection, styles)
    _write_overview(workbook, sheets[OVERVIEW], collection, styles, with_unit_sheets)
    if collection.previous is not None:
        history.write_year_comparison(workbook.add_worksheet(history.YEAR_SHEET), collection, styles)
    for plan in plans:
        _write_unit_sheet(workbook.add_worksheet(plan.sheet_name), plan, styles)
    history.write_data_sheet(workbook, collection)
    for sheet in workbook.worksheets():
        _print_setup(sheet)
    sheets[OVERVIEW].activate()
    workbook.close()


# 总览

def _write_overview(workbook: Any, sheet: Any, collection: Collection, styles: Styles,
                    with_unit_sheets: bool) -> None:
    sheet.set_column("A:A", 24)
    sheet.set_column("B:B", 30)
    years = collection.years
    year = f"{years[0]}–{years[-1]} 年度" if len(years) > 1 else f"{years[0]} 年度" if years else ""
    sheet.write_string(0, 0, f"绩效自评汇总{('（' + year + '）') if year else ''}", styles["title"])
    units = collection.units
    budget = sum(_number(e, "budget_total") for e in units)
    spent = sum(_number(e, "spent_total") for e in units)
    counts = {severity: sum(1 for f in collection.all_findings if f.severity is severity) for severity in Severity}
    rows: list[tuple[str, Any, str]] = [
        ("汇总时间", collection.started.strftime("%Y-%m-%d %H:%M"), "text"),
        ("报送文件夹", str(collection.folder), "text"),
        ("评分规则", collection.rules.description, "text"),
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
        _write_value(sheet, index, 1, value, styles[kind] if not isinstance(value, str) else styles["text"])
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
    if units:
        _add_charts(workbook, sheet, len(units), grade_row, len(grades))


def _add_charts(workbook: Any, sheet: Any, unit_count: int, grade_row: int, grade_count: int) -> None:
    last = unit_count
    names = f"='{COMPARISON}'!$B$2:$B${last + 1}"
    scores = workbook.add_chart({"type": "column"})
    scores.add_series({"name": "复核得分", "categories": names,
                       "values": f"='{COMPARISON}'!${_col(COMPARISON_SCORE)}$2:${_col(COMPARISON_SCORE)}${last + 1}",
                       "fill": {"color": HEADER_FILL}})
    scores.set_title({"name": "各单位复核得分"})
    scores.set_y_axis({"min": 0, "max": 100})
    scores.set_legend({"none": True})
    rates = workbook.add_chart({"type": "column"})
    rates.add_series({"name": "预算执行率", "categories": names,
                      "values": f"='{COMPARISON}'!${_col(COMPARISON_RATE)}$2:${_col(COMPARISON_RATE)}${last + 1}",
                      "fill": {"color": "#70AD47"}})
    rates.set_title({"name": "各单位预算执行率"})
    rates.set_y_axis({"num_format": "0%", "min": 0})
    rates.set_legend({"none": True})
    grades = workbook.add_chart({"type": "pie"})
    grades.add_series({"name": "复核等级分布",
                       "categories": f"='{OVERVIEW}'!$A${grade_row + 3}:$A${grade_row + 2 + grade_count}",
                       "values": f"='{OVERVIEW}'!$B${grade_row + 3}:$B${grade_row + 2 + grade_count}",
                       "data_labels": {"value": True, "category": True},
                       "points": [{"fill": {"color": colour}} for colour in ("#63BE7B", "#5B9BD5", "#FFC000", "#FF6B6B")]})
    grades.set_title({"name": "复核等级分布"})
    width = min(1400, 300 + 30 * unit_count)
    sheet.insert_chart("D2", scores, {"x_scale": width / 480, "y_scale": 1.1})
    sheet.insert_chart("D20", rates, {"x_scale": width / 480, "y_scale": 1.1})
    sheet.insert_chart(grade_row + grade_count + 5, 0, grades, {"x_scale": 0.78, "y_scale": 0.9})


# 区域对比

#: Column widths of 区域对比, by the units table's keys; 序号 comes first.
_COMPARISON_WIDTHS = {"unit": 14, "kind": 6, "year": 6, "budget_total": 12, "spent_total": 12, "exec_rate": 9,
                      "indicator_count": 7, "average_completion": 10, "unmet_count": 8, "over_threshold_count": 10,
                      "self_total_score": 9, "total_score": 9, "score_difference": 10, "grade": 8, "self_grade": 8,
                      "rank": 6, "error_count": 7, "warning_count": 7, "info_count": 7, "file": 36}


def _comparison_columns(rules: Rules) -> tuple[tuple[str, int], ...]:
    """区域对比's (header, width) columns: the units table's, the over-completion one naming the rules' threshold."""
    headers = {"over_threshold_count": f"超额(≥{rules.over_completion.threshold:.0%})指标数"}
    return (("序号", 6),) + tuple((headers.get(column.key, column.header), _COMPARISON_WIDTHS.get(column.key, 10))
                                  for column in tables.UNIT_COLUMNS)


def _column_index(key: str) -> int:
    """The 区域对比 column of the units table's ``key`` (序号 comes first)."""
    return 1 + next(index for index, column in enumerate(tables.UNIT_COLUMNS) if column.key == key)


COMPARISON_RATE = _column_index("exec_rate")
COMPARISON_SCORE = _column_index("total_score")


def _write_comparison(sheet: Any, collection: Collection, styles: Styles,
                      unit_sheets: dict[tuple[str, int | None], str]) -> None:
    columns = _comparison_columns(collection.rules) + (history.PREVIOUS_COLUMNS if collection.previous else ())
    for col, (title, width) in enumerate(columns):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, title, styles["header"])
    sheet.set_row(0, 32)
    units = collection.units
    for row, (entry, data) in enumerate(zip(units, tables.unit_rows(collection)), start=1):
        values = [(row, "integer"), *((data[column.key], column.style) for column in tables.UNIT_COLUMNS)]
        if collection.previous:
            values += history.previous_values(collection, entry)
        for col, (value, kind) in enumerate(values):
            _write_value(sheet, row, col, value, styles[kind])
        if (entry.unit, entry.year) in unit_sheets:
            target = unit_sheets[(entry.unit, entry.year)]
            sheet.write_url(row, 1, f"internal:'{target}'!A1", styles["link"], entry.unit)
    last = len(units)
    if last:
        _write_comparison_totals(sheet, units, last + 1, styles)
        _format_comparison(sheet, last, styles, collection.rules.tolerance.score)
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, max(last, 1), len(columns) - 1)


def _write_comparison_totals(sheet: Any, units: list[UnitEntry], row: int, styles: Styles) -> None:
    budget = sum(_number(entry, "budget_total") for entry in units)
    spent = sum(_number(entry, "spent_total") for entry in units)
    budget_col, spent_col = _column_index("budget_total"), _column_index("spent_total")
    budget_letter, spent_letter = _col(budget_col), _col(spent_col)
    sheet.write_string(row, 1, "合计", styles["total"])
    for col in (0, 2, 3):
        sheet.write_blank(row, col, None, styles["total"])
    sheet.write_formula(row, budget_col, f"=SUM({budget_letter}2:{budget_letter}{row})", styles["total_money"],
                        round(budget, 6))
    sheet.write_formula(row, spent_col, f"=SUM({spent_letter}2:{spent_letter}{row})", styles["total_money"],
                        round(spent, 6))
    sheet.write_formula(row, COMPARISON_RATE,
                        f"=IF({budget_letter}{row + 1}>0,{spent_letter}{row + 1}/{budget_letter}{row + 1},0)",
                        styles["total_percent"], spent / budget if budget else 0)


def _format_comparison(sheet: Any, last: int, styles: Styles, tolerance: float) -> None:
    grade_col = _col(_column_index("grade"))
    for grade, cell_format in styles.grade_formats.items():
        sheet.conditional_format(f"{grade_col}2:{grade_col}{last + 1}", {
            "type": "cell", "criteria": "==", "value": f'"{grade}"', "format": cell_format})
    score_col = _col(COMPARISON_SCORE)
    sheet.conditional_format(f"{score_col}2:{score_col}{last + 1}", {
        "type": "data_bar", "bar_color": "#5B9BD5", "min_type": "num", "min_value": 0,
        "max_type": "num", "max_value": 100})
    difference = _col(_column_index("score_difference"))
    sheet.conditional_format(f"{difference}2:{difference}{last + 1}", {
        "type": "cell", "criteria": ">", "value": tolerance, "format": styles.red})
    rate = _col(COMPARISON_RATE)
    sheet.conditional_format(f"{rate}2:{rate}{last + 1}", {
        "type": "3_color_scale", "min_color": "#F8696B", "mid_color": "#FFEB84", "max_color": "#63BE7B"})
    errors = _col(_column_index("error_count"))
    sheet.conditional_format(f"{errors}2:{errors}{last + 1}", {
        "type": "cell", "criteria": ">", "value": 0, "format": styles.red})


# 指标对比

def _write_indicator_matrix(sheet: Any, collection: Collection, styles: Styles) -> None:
    """A row per unit, three columns per shared indicator: target, actual, completion.

    Units go down the sheet so that a province's thousands fit (a sheet has
    16,384 columns but a million rows) and can be sorted and filtered.  Above
    the header, each indicator's median completion for each year; a
    completion rate the outlier rule flagged is coloured.
    """
    shared = shared_indicators(collection.units)
    sheet.write_string(0, 0, "多个单位共有的指标：每个单位的年度指标值、实际完成值和复核完成率；"
                             "完成率偏离全区中位数较大的已标色。", styles["note"])
    if not shared:
        sheet.write_string(2, 0, "没有两个及以上单位共有的指标。", styles["note"])
        return
    years = sorted({entry.year for entry in collection.units}, key=lambda year: (year is None, year or 0))
    fixed = ("单位", "年度") if len(years) > 1 else ("单位",)
    flagged = {(f.file, f.cell) for f in collection.cross_findings if f.code == "completion_outlier"}
    first = len(fixed)
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, first + 3 * len(shared) - 1, 10)
    for row, texts in ((1, [group.name for group in shared]),
                       (2, [f"{group.level1}｜{group.unit or '无计量单位'}｜{len(group.results)} 个单位报送"
                            for group in shared])):
        sheet.write_row(row, 0, [""] * first, styles["header"])
        for index, text in enumerate(texts):
            sheet.merge_range(row, first + 3 * index, row, first + 3 * index + 2, text, styles["header"])
    header = 3 + len(years)
    for offset, year in enumerate(years, start=3):
        label = "完成率中位数" if len(fixed) == 1 else f"{year} 年中位数" if year else "未填年度中位数"
        sheet.write_row(offset, 0, [label, *[""] * (first - 1)], styles["label"])
        for index, group in enumerate(shared):
            sheet.write_row(offset, first + 3 * index, ["", ""], styles["label"])
            _write_value(sheet, offset, first + 3 * index + 2, group.median_completion(year, collection.rules.outliers.min_units), styles["percent"])
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


def _write_shared_result(sheet: Any, row: int, col: int, entry: UnitEntry, result: Any,
                         flagged: set[tuple[str, str]], styles: Styles) -> None:
    """A unit's target, actual and completion for one shared indicator; nothing when it does not report it."""
    if result is None:
        return
    indicator = result.indicator
    ref = indicator.ref("actual")
    far = ref is not None and (entry.review.name, ref.cell) in flagged
    sheet.write_string(row, col, as_read(indicator.target, indicator.unit), styles["text"])
    sheet.write_string(row, col + 1, as_read(indicator.actual, indicator.unit), styles["text"])
    _write_value(sheet, row, col + 2, result.completion.value,
                 styles.flagged("percent", Severity.WARNING if far else None))


# 问题清单

PROBLEM_COLUMNS = (("序号", 6), ("级别", 6), ("单位", 12), ("文件", 30), ("工作表", 10), ("单元格", 8),
                   ("问题类型", 16), ("说明", 70), ("应为", 14), ("实为", 14))


def _write_problems(sheet: Any, collection: Collection, styles: Styles,
                    anchors: dict[tuple[str, str, str], tuple[str, str]]) -> None:
    for col, (title, width) in enumerate(PROBLEM_COLUMNS):
        sheet.set_column(col, col, width, styles["wrap"] if title == "说明" else None)
        sheet.write_string(0, col, title, styles["header"])
    problems = sorted(collection.all_findings, key=lambda f: (f.severity.rank, f.unit, f.file, f.sheet, f.cell))
    level = {severity: styles.flagged("text", severity) for severity in Severity}
    number, text, wrap = styles["integer"], styles["text"], styles["wrap"]
    for row, finding in enumerate(problems, start=1):
        sheet.write_number(row, 0, row, number)
        sheet.write_string(row, 1, finding.severity.label, level[finding.severity])
        sheet.write_string(row, 2, finding.unit, text)
        sheet.write_string(row, 3, finding.file, text)
        sheet.write_string(row, 4, finding.sheet, text)
        target = anchors and (anchors.get((finding.file, finding.sheet, finding.cell))
                              or anchors.get((finding.file, "", "")))
        if target and finding.cell:
            sheet.write_url(row, 5, f"internal:'{target[0]}'!{target[1]}", styles["link"], finding.cell)
        else:
            sheet.write_string(row, 5, finding.cell, text)
        sheet.write_string(row, 6, finding.title, text)
        sheet.write_string(row, 7, finding.message, wrap)
        sheet.set_row(row, 13.5 * _lines(finding.message, PROBLEM_COLUMNS[7][1]))
        sheet.write_string(row, 8, finding.expected, text)
        sheet.write_string(row, 9, finding.found, text)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(problems), 1), len(PROBLEM_COLUMNS) - 1)


# 未报送与无法读取

def _write_not_included(sheet: Any, collection: Collection, styles: Styles) -> None:
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 1, 14)
    sheet.set_column(2, 2, 80)
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
        row += 2


def _accounting_line(collection: Collection) -> str:
    superseded = sum(len(entry.superseded) for entry in collection.units)
    return (f"共找到 {len(collection.reviews)} 个文件：纳入汇总 {len(collection.units)} 个，"
            f"重复未采用 {superseded} 个，其他年度 {len(collection.excluded)} 个，"
            f"无法读取 {len(collection.failed)} 个，跳过 {len(collection.skipped)} 个。")


# One sheet per unit.

@dataclass
class _Line:
    """One row of a unit sheet: cells (value, style kind, source cell) from column A."""

    cells: list[tuple[Any, str, CellRef | None]] = field(default_factory=list)
    style: str = ""


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
            for col, (_, _, ref) in enumerate(line.cells):
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


def _unit_lines(entry: UnitEntry) -> list[_Line]:
    review = entry.review
    submission = review.submission
    evaluation = review.evaluation
    self_score = submission.number("self_total_score")
    lines = [
        _Line([(f"{entry.unit} {entry.year or ''} 年度 绩效自评复核", "title", None)]),
        _Line([(f"文件：{review.name}", "note", None)]),
        _Line([(f"复核得分 {evaluation.total_score.value:.2f}（{evaluation.grade}）；自评得分 "
                f"{'未填' if self_score is None else f'{self_score:g}'}（{submission.text('self_grade') or '未填'}）",
                "subtitle", None)]),
        _Line(),
    ]
    lines += _field_section("一、基本信息", _section("基本信息"), submission, {})
    recomputed = {"exec_rate_reported": (evaluation.exec_rate.value, "percent"),
                  "budget_score_reported": (evaluation.budget_score.value, "score")}
    lines += _field_section("二、资金情况（万元）", _section("资金情况"), submission, recomputed)
    lines += _payment_section(submission, evaluation)
    lines += _indicator_section(evaluation)
    lines += _score_section(submission, evaluation)
    lines += _field_section("六、自评结论", _section("自评结论"), submission, {"self_total_score": (evaluation.total_score.value, "score"),
                                         "self_grade": (evaluation.grade, "text")})
    return lines


def _section(title: str) -> list[contract.Field]:
    return [contract.field(name) for name in contract.SECTIONS[title]]


def _kind(field_kind: str) -> str:
    return {"money": "money", "score": "score", "rate": "percent", "date": "date", "year": "integer",
            "longtext": "wrap"}.get(field_kind, "text")


def _field_section(title: str, specs: list[contract.Field], submission: Any,
                   recomputed: dict[str, tuple[Any, str]]) -> list[_Line]:
    lines = [_Line([(title, "subtitle", None)]),
             _Line([(h, "header", None) for h in ("项目", "填报内容", "复核值", "原表位置")])]
    for spec in specs:
        value = submission.value(spec.name)
        ref = submission.ref(spec.name)
        check_value, check_kind = recomputed.get(spec.name, (None, "text"))
        lines.append(_Line([(spec.label, "label", None), (value, _kind(spec.kind), ref),
                            (check_value, check_kind, None), (str(ref) if ref else "未找到", "text", None)]))
    lines.append(_Line())
    return lines


def _payment_section(submission: Any, evaluation: Any) -> list[_Line]:
    headers = ("拨付批次", "约定比例", "约定金额（万元）", "复核约定金额", "实际拨付金额（万元）", "拨付日期", "前置评估结果")
    lines = [_Line([("资金拨付", "subtitle", None)]), _Line([(h, "header", None) for h in headers])]
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
    lines.append(_Line())
    return lines


def _indicator_section(evaluation: Any) -> list[_Line]:
    headers = ("一级指标", "二级指标", "三级指标", "指标方向", "年度指标值", "实际完成值", "分值",
               "自报完成率", "复核完成率", "自评得分", "复核得分", "偏差原因分析及改进措施", "佐证材料")
    lines = [_Line([("三、绩效指标", "subtitle", None)]), _Line([(h, "header", None) for h in headers])]
    for result in evaluation.indicators:
        indicator = result.indicator
        ref = indicator.ref
        lines.append(_Line([
            (indicator.level1, "text", ref("level1")),
            (indicator.level2, "text", ref("level2")),
            (indicator.name, "wrap", ref("name")),
            (indicator.direction, "text", ref("direction")),
            (as_read(indicator.target, indicator.unit), "text", ref("target")),
            (as_read(indicator.actual, indicator.unit), "text", ref("actual")),
            (indicator.weight, "score", ref("weight")),
            (indicator.reported_rate, "percent", ref("reported_rate")),
            (result.completion.value, "percent", None),
            (indicator.self_score, "score", ref("self_score")),
            (result.score.value, "score", None),
            (indicator.deviation_reason, "wrap", ref("deviation_reason")),
            (indicator.evidence, "wrap", ref("evidence")),
        ]))
    lines.append(_Line())
    return lines


def _score_section(submission: Any, evaluation: Any) -> list[_Line]:
    lines = [_Line([("四、得分构成", "subtitle", None)]),
             _Line([(h, "header", None) for h in ("项目", "分值", "自评得分", "复核得分")])]
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
    lines.append(_Line())
    return lines


def _write_unit_sheet(sheet: Any, plan: _UnitPlan, styles: Styles) -> None:
    widths = (14, 14, 24, 12, 14, 14, 9, 10, 10, 9, 9, 30, 20)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    by_cell: dict[str, list[Finding]] = {}
    for finding in plan.findings:
        cell = plan.anchors.get((plan.entry.review.name, finding.sheet, finding.cell))
        if cell and finding.cell:
            by_cell.setdefault(cell, []).append(finding)
    for row, line in enumerate(plan.lines):
        for col, (value, kind, _) in enumerate(line.cells):
            cell = a1(row, col)
            flagged = by_cell.get(cell)
            severity = min((f.severity for f in flagged), key=lambda s: s.rank) if flagged else None
            style = styles.flagged(kind, severity) if severity and kind in (
                "text", "wrap", "money", "number", "score", "percent", "date") else styles[kind]
            _write_value(sheet, row, col, value, style)
            if flagged:
                sheet.write_comment(row, col, comment_text(flagged), {"x_scale": 2.2, "y_scale": 1.6,
                                                                  "author": "excel-eval"})
    unplaced = [f for f in plan.findings if not (f.cell and plan.anchors.get((plan.entry.review.name, f.sheet, f.cell)))]
    if unplaced:
        row = len(plan.lines) + 1
        sheet.write_string(row, 0, "其他问题", styles["subtitle"])
        for offset, finding in enumerate(unplaced, start=1):
            sheet.write_string(row + offset, 0, finding.severity.label, styles.flagged("text", finding.severity))
            where = f"{finding.sheet}!{finding.cell}" if finding.cell else finding.sheet
            sheet.write_string(row + offset, 1, where, styles["text"])
            sheet.write_string(row + offset, 2, finding.message, styles["text"])


# Shared helpers.

def _lines(text: str, width: float) -> int:
    """Lines a wrapped message takes in a column; messages are Chinese, two columns a character."""
    return max(1, math.ceil(len(text) * 2 / (width * 0.9)))


def _print_setup(sheet: Any) -> None:
    """A4 landscape, one page wide, so a printed sheet is readable without scrolling."""
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    sheet.set_footer("&C第 &P 页，共 &N 页")


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

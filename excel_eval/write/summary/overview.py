"""总览: what was read, the district's totals, and the charts.

A two-column list of labelled figures (files found, included, left out;
money; findings by severity), the grade distribution with its pie, then the
score and execution-rate bars, each chart placed on a printed page of its
own.  The bars chart the 排名 sheet's cells, so they are written after it.
"""

from __future__ import annotations

import math
from typing import Any

from excel_eval.collection import Collection, UnitEntry
from excel_eval.findings import Severity
from excel_eval.judge.ranking import Standing
from excel_eval.write.summary.kit import HEADER_FILL, OVERVIEW, RANKING, Styles, amount, fit_row, title_of, write_value
from excel_eval.write.summary.ranking_sheet import RANKING_HEADER
from excel_eval.write.summary.year_comparison import overview_rows


def write_overview(workbook: Any, sheet: Any, collection: Collection, standings: list[Standing],
                    styles: Styles, with_unit_sheets: bool) -> None:
    sheet.set_column("A:A", 26)
    sheet.set_column("B:B", 30)
    sheet.write_string(0, 0, title_of(collection, "绩效自评汇总"), styles["title"])
    sheet.set_row(0, 24)
    units = collection.units
    budget = sum(amount(e, "budget_total") for e in units)
    spent = sum(amount(e, "spent_total") for e in units)
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
        ("跳过的文件（不是报送）", len(collection.skipped), "integer"),
        ("名册中未报送的单位", len(collection.missing) if collection.roster is not None else "—", "integer"),
        ("全年预算数合计（万元）", budget, "money"),
        ("全年执行数合计（万元）", spent, "money"),
        ("全区预算执行率", spent / budget if budget else "—", "percent"),
        ("错误", counts[Severity.ERROR], "integer"),
        ("警告", counts[Severity.WARNING], "integer"),
        ("提示", counts[Severity.INFO], "integer"),
        *overview_rows(collection),
    ]
    for index, (label, value, kind) in enumerate(rows, start=2):
        sheet.write_string(index, 0, label, styles["label"])
        text_kind = "wrap" if kind == "wrap" else "text"
        write_value(sheet, index, 1, value, styles[kind] if not isinstance(value, str) else styles[text_kind])
        if isinstance(value, str):
            fit_row(sheet, index, [(value, 30)])
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


def _grade(entry: UnitEntry) -> str:
    return entry.review.evaluation.grade

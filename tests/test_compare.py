"""Comparing units: outliers within a year, and the 指标对比 sheet read back."""

from __future__ import annotations

import copy

import openpyxl
import pytest

from excel_eval.collect import collect
from excel_eval.findings import Severity
from excel_eval.rules import load_rules
from excel_eval.write.summary import SEVERITY_FILLS, write_summary
from tests.builders import CLEAN_INDICATORS, clean_submission

UNITS = ("江高镇", "人和镇", "太和镇", "钟落潭镇")
#: 个案服务数 (target 80): every unit far above target in 2023; in 2024 only 钟落潭镇 is.
#: As many files of each year: the later year is compared, the earlier one left out.
CASES_ACTUAL = {2023: {unit: 320 for unit in UNITS}, 2024: {"江高镇": 88, "人和镇": 88, "太和镇": 90, "钟落潭镇": 320}}


def cases(actual: int) -> list[dict[str, object]]:
    rows = copy.deepcopy(CLEAN_INDICATORS)
    row = next(row for row in rows if row["name"] == "个案服务数")
    row.update(actual=actual, reported_rate=actual / 80, deviation_reason="服务需求大幅增加")
    return rows


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory):
    inbox = tmp_path_factory.mktemp("报送")
    for year, actuals in CASES_ACTUAL.items():
        for unit, actual in actuals.items():
            clean_submission(inbox, f"{unit}_{year}.xlsx", indicators=cases(actual), unit_name=unit, eval_year=year)
    collection = collect(inbox, load_rules())
    book = openpyxl.load_workbook(write_summary(collection, tmp_path_factory.mktemp("out") / "汇总.xlsx"))
    return collection, book


def test_outliers_are_measured_against_their_own_years_median(two_years):
    collection, _ = two_years
    outliers = [f for f in collection.cross_findings if f.code == "completion_outlier"]
    assert [(f.file, f.cell) for f in outliers] == [("钟落潭镇_2024.xlsx", "F14")]
    assert outliers[0].found == "400.00%" and outliers[0].expected == "111.25%"
    assert outliers[0].severity is Severity.INFO


def test_costs_far_from_the_years_median_are_noted(two_years):
    collection, _ = two_years
    costs = [f for f in collection.cross_findings if f.code == "cost_outlier"]
    assert {(f.file, f.cell) for f in costs} == {("钟落潭镇_2024.xlsx", "F14")}


def test_indicator_sheet_compares_the_latest_of_two_equally_sent_years(two_years):
    collection, book = two_years
    assert collection.year == 2024 and len(collection.other_years) == 4
    sheet = book["指标对比"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    names = [name for name in rows[1] if name]
    assert sorted(names) == sorted(row["name"] for row in CLEAN_INDICATORS)
    column = 1 + 3 * names.index("个案服务数")
    assert rows[2][column] == "产出指标｜个｜4 个单位报送"
    assert rows[3][0] == "完成率中位数" and rows[3][column + 2] == pytest.approx(1.1125)
    assert rows[4][0] == "单位" and rows[4][column:column + 3] == ["指标值", "实际值", "完成率"]
    units = {row[0]: row[column:column + 3] for row in rows[5:]}
    assert sorted(units) == sorted(UNITS)
    assert units["钟落潭镇"] == [80, 320, pytest.approx(4.0)]
    satisfaction = 1 + 3 * names.index("服务对象满意度")  # typed as 90% and 95%: numbers 0.9 and 0.95 shown as percentages
    assert rows[5][satisfaction:satisfaction + 2] == [pytest.approx(0.9), pytest.approx(0.95)]
    assert sheet.cell(6, satisfaction + 1).number_format == "0.00%"
    flagged = {sheet.cell(row, 1).value for row in range(6, sheet.max_row + 1)
               if sheet.cell(row, column + 3).fill.fgColor.rgb == "FF" + SEVERITY_FILLS[Severity.WARNING][1:]}
    assert flagged == {"钟落潭镇"}
    assert sheet.freeze_panes == "B6" and sheet.auto_filter.ref.startswith("A5:")


def test_one_year_has_no_year_column(tmp_path):
    inbox = tmp_path / "报送"
    for unit in UNITS[:2]:
        clean_submission(inbox, f"{unit}.xlsx", unit_name=unit)
    book = openpyxl.load_workbook(write_summary(collect(inbox, load_rules()), tmp_path / "汇总.xlsx"))
    rows = [list(row) for row in book["指标对比"].iter_rows(values_only=True)]
    assert rows[3][0] == "完成率中位数" and rows[4][0] == "单位" and rows[4][1] == "指标值"
    assert sorted(row[0] for row in rows[5:]) == sorted(UNITS[:2])
    # Two units are too few for a median: the row says so rather than staying blank.
    assert rows[3][3] == "—" and "不足的显示“—”" in rows[0][0]


def test_no_shared_indicator_says_so(tmp_path):
    inbox = tmp_path / "报送"
    clean_submission(inbox, "江高镇.xlsx")
    book = openpyxl.load_workbook(write_summary(collect(inbox, load_rules()), tmp_path / "汇总.xlsx"))
    assert book["指标对比"]["A3"].value == "没有两个及以上单位共有的指标。"

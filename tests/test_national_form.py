"""A unit's own national 项目支出绩效自评表, read by its labels and scored by the national conventions."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from excel_eval.judge.checks import check
from excel_eval.judge.review import review_file
from excel_eval.judge.scoring import evaluate
from excel_eval.keys import unit_key
from excel_eval.model import CellRef
from excel_eval.read.reader import read_submission
from excel_eval.rules import load_rules
from tests.national_forms import (LANGFANG_2019, SHIMEN_NATIONAL, SOCIAL_WORK_STATION, SUPPORT_FUNDS, TANGXI_2022, ZHONGJIANG_2022,
                                  YONGDE_2022, ZHONGLUOTAN_NATIONAL, NationalForm, Row, write_grid_form, write_in_template,
                                  write_national_form)

RULES = load_rules()
#: Findings that would mean the reader did not understand the form.
NOT_UNDERSTOOD = {"field_not_found", "required_missing", "name_missing", "sheet_missing", "template_version_missing",
                  "qualitative_result_missing", "qualitative_result_unknown", "level1_unknown"}
NATIONAL_FIELDS = ("eval_year", "project_name", "competent_dept", "implementing_unit", "budget_initial",
                   "budget_total", "spent_total", "budget_weight", "exec_rate_reported", "budget_score_reported",
                   "fund_current_initial", "fund_current", "fund_current_spent", "goal_expected", "goal_actual",
                   "self_total_score")


def small_form(rows: list[Row], level1: str = "产出指标(50分)", level2: str = "数量指标", **changes: Any) -> NationalForm:
    """TANGXI_2022 with its indicators replaced by ``rows`` under one 一级 and 二级指标."""
    return dataclasses.replace(TANGXI_2022, groups=[(level1, [(level2, rows)])], **changes)


def read_form(tmp_path: Path, form: NationalForm, rules=RULES):
    return read_submission(write_national_form(form, tmp_path / "自评表.xlsx"), rules=rules)


def one_indicator(tmp_path: Path, row: Row, **where: str):
    result = read_form(tmp_path, small_form([row], **where))
    (indicator,) = result.submission.indicators
    return indicator, result


def codes(result) -> set[str]:
    return {finding.code for finding in result.findings}


def misread(result) -> set[str]:
    """Findings that the form was not understood; a required field the unit answered “暂无” was read."""
    return {f.code for f in result.findings
            if f.code in NOT_UNDERSTOOD and not (f.code == "required_missing" and f.found)}


# The same form, two ways: made by the unit, or typed into our template.


@pytest.mark.parametrize("form, unit", [
    (TANGXI_2022, "棠溪镇"), (ZHONGJIANG_2022, "中江县水利局"), (ZHONGLUOTAN_NATIONAL, "钟落潭镇"),
    (SHIMEN_NATIONAL, "石门街道"), (SUPPORT_FUNDS, "某县社会保险事业服务中心"), (SOCIAL_WORK_STATION, "某街道"),
    (LANGFANG_2019, "廊坊市食品工程学校"),
], ids=["棠溪镇", "中江县", "钟落潭镇", "石门街道", "保障经费", "社工站", "廊坊"])
def test_a_published_form_reads_to_the_same_record_as_our_template(tmp_path: Path, form: NationalForm,
                                                                   unit: str) -> None:
    national = review_file(write_national_form(form, tmp_path / "国家表.xlsx"), RULES)
    ours = review_file(write_in_template(form, tmp_path / "模板.xlsx", unit), RULES)
    assert not misread(national.result), [f.message for f in national.findings]
    for name in NATIONAL_FIELDS:
        assert national.submission.value(name) == ours.submission.value(name), name

    def rows(review):
        return [(i.level1, i.level1_points, i.level2, i.name, i.direction, i.target.text, i.actual.text, i.weight,
                 i.self_score, i.qualitative_result) for i in review.submission.indicators]

    assert rows(national) == rows(ours)
    assert national.evaluation.total_score.value == ours.evaluation.total_score.value
    assert [s.score.value for s in national.evaluation.subtotals] == [s.score.value for s in ours.evaluation.subtotals]


def test_a_fully_met_published_form_scores_100_and_优_as_its_authors_and_an_auditor_do(tmp_path: Path) -> None:
    review = review_file(write_national_form(TANGXI_2022, tmp_path / "棠溪镇.xlsx"), RULES)
    assert (review.evaluation.total_score.value, review.evaluation.grade) == (pytest.approx(100), "优")
    assert [s.score.value for s in review.evaluation.subtotals] == [50, 30, 10]
    assert review.evaluation.exec_rate.value == pytest.approx(1.0)
    qualitative = [i for i in review.submission.indicators if i.qualitative]
    assert len(qualitative) == 6 and {i.qualitative_result for i in qualitative} == {"达成"}
    assert "national_form" in codes(review)


# The two seed reports, filled in on the national form as the towns would.


def test_zhongluotan_on_the_national_form_reproduces_its_report(tmp_path: Path) -> None:
    """Targets “≥1600户”, the report's actuals, 198.45 万元 fully spent: its completion rates, 99 and 优."""
    review = review_file(write_national_form(ZHONGLUOTAN_NATIONAL, tmp_path / "钟落潭镇.xlsx"), RULES)
    assert unit_key(review.submission.unit_name) == "钟落潭镇"
    assert (review.evaluation.total_score.value, review.evaluation.grade) == (pytest.approx(99), "优")
    assert [s.score.value for s in review.evaluation.subtotals] == [50, 29, 10]
    assert (review.submission.number("budget_total"), review.evaluation.exec_rate.value) == (198.45, 1.0)
    rates = {i.name: round(i.actual.number / i.target.number, 4) for i in review.submission.indicators
             if i.level2 == "数量指标"}
    assert (rates["个案数"], rates["中小型社区活动数"], rates["招募注册义工人数"], rates["组织参与志愿服务人次"]) == (
        1.1556, 1.6071, 2.0933, 5.3675)
    assert {i.direction for i in review.submission.indicators if i.level2 == "数量指标"} == {"≥"}
    assert not codes(review) & NOT_UNDERSTOOD


def test_shimen_on_the_national_form_scores_its_100_with_the_auditors_reservations(tmp_path: Path) -> None:
    """100 = 预算执行 20 + 产出 40 + 效益 30 + 满意度 10, 优; the rate targets without a base stay unverified."""
    review = review_file(write_national_form(SHIMEN_NATIONAL, tmp_path / "石门街道.xlsx"), RULES)
    evaluation = review.evaluation
    assert unit_key(review.submission.unit_name) == "石门街道"
    assert (evaluation.total_score.value, evaluation.grade) == (pytest.approx(100), "优")
    assert (evaluation.budget_score.value, [s.score.value for s in evaluation.subtotals]) == (20, [40, 30, 10])
    assert [s.level1_points for s in review.submission.indicators][:1] == [40]
    assert (review.submission.number("self_total_score"), evaluation.exec_rate.value) == (100, 1.0)
    unverified = [f.cell for f in review.findings if f.code == "target_no_base"]
    assert len(unverified) == 3 and "unverified_points" in {f.code for f in review.findings}
    assert not codes(review) & NOT_UNDERSTOOD


# Forms as other units publish them.


def test_a_support_fund_form_closed_by_a_合计_row_scores_100(tmp_path: Path) -> None:
    """“=100%”, “≤10次”, “≤5%” met, four rows of 22.5; the 合计 row is the total, the rows below it are not indicators."""
    review = review_file(write_national_form(SUPPORT_FUNDS, tmp_path / "保障经费.xlsx"), RULES)
    record = review.submission
    assert (review.evaluation.total_score.value, review.evaluation.grade) == (pytest.approx(100), "优")
    assert (record.number("self_total_score"), record.ref("self_total_score")) == (100, CellRef("Sheet1", "H17"))
    assert [(r.indicator.name, r.indicator.direction, r.indicator.target.number, r.indicator.weight, r.score.value)
            for r in review.evaluation.indicators] == [
        ("足额保障率", "=", 100, 22.5, 22.5), ("科目调整次数", "≤", 10, 22.5, 22.5), ("按时发放率", "=", 100, 22.5, 22.5),
        ("结余率（计算方法为：结余数/预算数）", "≤", 5, 22.5, 22.5)]
    problems = [f for f in review.findings if f.field == "problems"]
    assert [(f.cell, f.found) for f in problems] == [("C19", "暂无")]
    assert not misread(review.result)


def test_a_social_work_station_form_two_columns_right_with_an_empty_total_row_scores_100(tmp_path: Path) -> None:
    review = review_file(write_national_form(SOCIAL_WORK_STATION, tmp_path / "社工站.xlsx"), RULES)
    record = review.submission
    assert (review.evaluation.total_score.value, review.evaluation.grade) == (pytest.approx(100), "优")
    assert [s.score.value for s in review.evaluation.subtotals] == [50, 30, 10]
    assert (record.number("budget_total"), review.evaluation.exec_rate.value) == (120, 1.0)
    qualitative = [(i.target.text, i.qualitative_result, i.ref("actual").cell) for i in record.indicators
                   if i.qualitative]
    assert qualitative == [("合规", "达成", "H15"), ("及时", "达成", "H16"), ("效果明显", "达成", "H18"),
                           ("效果明显", "达成", "H19")]
    assert record.ref("self_total_score") == CellRef("Sheet1", "J22")
    assert not {f.code for f in review.findings} & (NOT_UNDERSTOOD | {"score_mismatch", "rate_mismatch"})


def test_a_form_with_numbered_names_and_its_empty_rows_reads_as_its_school_wrote_it(tmp_path: Path) -> None:
    """“指标1工程完工率” is 工程完工率; the empty 指标2 and …… rows are the table's, not a gap in it."""
    review = review_file(write_national_form(LANGFANG_2019, tmp_path / "廊坊.xlsx"), RULES)
    names = [i.name for i in review.submission.indicators]
    assert names == ["工程资金金额", "工程完工率", "工程验收合格率", "项目完成及时率", "成本控制率", "安全率", "学校发展能力",
                     "长期使用性", "学生满意度"]
    assert "table_row_far" not in codes(review)
    assert [i.level1 for i in review.submission.indicators].count("效益指标") == 3
    # 37.24 of 43.2 spent: 86.2% of 10 points twice, where the school rounded both to 9 (98).
    assert review.evaluation.total_score.value == pytest.approx(80 + 2 * 10 * 37.24 / 43.2)
    assert review.evaluation.grade == "优"
    (total,) = [f for f in review.findings if f.code == "score_mismatch"]
    assert (total.field, total.found) == ("self_total_score", "98")
    assert not misread(review)


def test_a_form_in_元_with_its_target_split_over_three_columns_reads_and_scores(tmp_path: Path) -> None:
    """项目资金（元）, 年度指标值 over 指标性质 | 指标值 | 度量单位 with “≧” and “═”: read, not 10 points and 差."""
    review = review_file(write_grid_form(YONGDE_2022, tmp_path / "永德.xlsx"), RULES)
    record = review.submission
    assert (record.number("budget_total"), record.number("spent_total")) == (pytest.approx(38.766462),) * 2
    (note,) = [f for f in review.findings if f.code == "fund_in_yuan"]
    assert (note.cell, note.severity.label) == ("A5", "提示")
    rows = [(i.name, i.direction, i.target.number, i.unit, i.ref("target").cell) for i in record.indicators]
    assert rows[:2] == [("学生受资助人数", "≥", 735, "人次", "F14"), ("营养改善计划覆盖率", "≥", 100, "%", "F15")]
    assert [i.direction for i in record.indicators if i.name == "政策知晓率"] == ["="]
    assert len(rows) == 9 and rows[0][4] == "F14"
    # Met rows score full: the school's 7 for a met 资金到位及时率 is its own figure, told as a difference.
    assert (review.evaluation.total_score.value, review.evaluation.grade) == (pytest.approx(99.8), "优")
    assert record.number("self_total_score") == 96
    assert {f.cell for f in review.findings if f.code == "score_mismatch"} >= {"J16", "J25"}
    assert not misread(review)


@pytest.mark.parametrize("written, direction", [("≧95%", "≥"), ("≦10次", "≤"), ("═100%", "=")])
def test_the_full_width_comparison_signs_of_some_forms_are_operators(tmp_path: Path, written: str,
                                                                     direction: str) -> None:
    indicator, _ = one_indicator(tmp_path, ("指标", written, 50, 10, 10, ""))
    assert indicator.direction == direction


def test_a_form_made_without_our_template_says_so_once_and_lists_the_district_additions(tmp_path: Path) -> None:
    result = read_form(tmp_path, TANGXI_2022)
    (note,) = [f for f in result.findings if f.code == "national_form"]
    assert note.severity.label == "提示"
    assert "联系人" in note.message and "自评等级" in note.message and "填报单位" not in note.message


# 项目名称, 主管部门, 实施单位 and the title's year.


@pytest.mark.parametrize("title", ["（2022年度）", "(2022年度)", "2022 年度"])
def test_the_year_comes_from_the_title(tmp_path: Path, title: str) -> None:
    path = write_national_form(TANGXI_2022, tmp_path / "自评表.xlsx")
    book = openpyxl.load_workbook(path)
    book.active["A2"] = title
    book.save(path)
    record = read_submission(path).submission
    assert record.eval_year == 2022 and record.ref("eval_year") == CellRef("Sheet1", "A2")


def test_labels_merged_over_cells_have_their_values_beyond_the_merge(tmp_path: Path) -> None:
    record = read_form(tmp_path, TANGXI_2022).submission
    assert (record.text("project_name"), record.ref("project_name")) == ("委托业务项目", CellRef("Sheet1", "C3"))
    assert record.ref("competent_dept") == CellRef("Sheet1", "C4")
    assert record.ref("implementing_unit") == CellRef("Sheet1", "H4")


def test_the_unit_is_the_implementing_unit_when_there_is_no_filling_unit(tmp_path: Path) -> None:
    result = read_form(tmp_path, TANGXI_2022)
    record = result.submission
    assert record.unit_name == "219001-池州市贵池区棠溪镇人民政府"
    assert record.ref("unit_name") == record.ref("implementing_unit") == CellRef("Sheet1", "H4")
    (note,) = [f for f in result.findings if f.code == "unit_from_implementing"]
    assert (note.cell, note.field, note.severity.label) == ("H4", "unit_name", "提示")


def test_a_filling_unit_is_kept_when_there_is_one(tmp_path: Path) -> None:
    record = read_submission(write_in_template(TANGXI_2022, tmp_path / "模板.xlsx", "棠溪镇")).submission
    assert record.unit_name == "棠溪镇" and record.ref("unit_name").sheet == "补充信息"


# Targets: operator, number and unit in one cell.


@pytest.mark.parametrize("target, direction, number, unit", [
    ("≥50个", "≥", 50, "个"), ("=8个", "=", 8, "个"), ("≤202.6万元", "≤", 202.6, "万元"),
    ("≥100百分比", "≥", 100, "百分比"), (">10万人次", "≥", 10, "万人次"), ("≥90%", "≥", 90, "%"),
])
def test_a_target_carries_operator_number_and_unit(tmp_path: Path, target: str, direction: str, number: float,
                                                   unit: str) -> None:
    indicator, _ = one_indicator(tmp_path, ("指标", target, number, 10, 10, ""))
    assert (indicator.direction, indicator.target.number, indicator.target.unit) == (direction, number, unit)


@pytest.mark.parametrize("level2, name, direction", [
    ("成本指标", "项目总成本", "≤"), ("质量指标", "群众投诉次数", "≤"), ("时效指标", "办理时长", "≤"),
    ("数量指标", "家庭探访户数", "≥"),
])
def test_a_target_without_an_operator_follows_its_row(tmp_path: Path, level2: str, name: str,
                                                      direction: str) -> None:
    indicator, _ = one_indicator(tmp_path, (name, "90", 90, 10, 10, ""), level2=level2)
    assert indicator.direction == direction


def test_the_words_of_things_to_keep_low_are_rules(tmp_path: Path) -> None:
    path = tmp_path / "规则.toml"
    path.write_text('[directions]\nlower_is_better_words = ["等候"]\n', encoding="utf-8")
    result = read_form(tmp_path, small_form([("平均等候分钟数", "15", 12, 10, 10, "")]), rules=load_rules(path))
    assert result.submission.indicators[0].direction == "≤"


# Qualitative rows: target in words, result in 实际完成值.


@pytest.mark.parametrize("actual, result", [
    ("达成预期指标", "达成"), ("达成", "达成"), ("已达成", "达成"), ("完成", "达成"),
    ("基本达成", "部分达成"), ("部分达成", "部分达成"), ("未达成", "未达成"), ("未完成", "未达成"),
])
def test_the_result_of_a_qualitative_row_is_read_from_its_actual(tmp_path: Path, actual: str, result: str) -> None:
    indicator, read = one_indicator(tmp_path, ("经费支出合规性", "严格执行相关制度规定", actual, 8, 8, ""),
                                    level2="质量指标")
    assert (indicator.direction, indicator.qualitative_result) == ("定性", result)
    assert indicator.result_ref == indicator.ref("actual")
    assert "qualitative_word_unknown" not in codes(read)


@pytest.mark.parametrize("target, actual, result", [
    ("良好", "良好", "达成"), ("效果明显", "效果明显", "达成"), ("良好", "优秀", "达成"), ("合格以上", "良好", "达成"),
    ("良好", "合格", "部分达成"), ("良好", "不合格", "未达成"), ("良", "优", "达成"),
])
def test_an_actual_equal_to_its_target_or_rated_at_least_as_well_is_met(tmp_path: Path, target: str, actual: str,
                                                                         result: str) -> None:
    indicator, _ = one_indicator(tmp_path, ("第三方评估结果", target, actual, 10, 10, ""), level2="质量指标")
    assert (indicator.direction, indicator.qualitative_result) == ("定性", result)


def test_a_word_the_rules_do_not_know_is_unverified_on_its_cell_with_the_accepted_words(tmp_path: Path) -> None:
    indicator, result = one_indicator(tmp_path, ("社会影响", "效果明显", "还行吧", 10, 10, ""), level2="质量指标")
    assert indicator.qualitative and indicator.qualitative_result == "还行吧"
    evaluation = evaluate(result.submission, RULES)
    assert (evaluation.unverified_count, evaluation.unverified_points) == (1, 10)
    (finding,) = [f for f in check(result.submission, evaluation, RULES) if f.code == "qualitative_result_unknown"]
    assert (finding.sheet, finding.cell, finding.found) == ("Sheet1", indicator.ref("actual").cell, "还行吧")
    assert "达成预期指标" in finding.expected and "基本达成" in finding.message
    assert "暂按自评得分 10 分计入，待核实" in finding.message


def test_the_result_words_are_rules(tmp_path: Path) -> None:
    path = tmp_path / "规则.toml"
    path.write_text('[qualitative_words]\n"达成" = ["达成预期指标", "圆满完成"]\n', encoding="utf-8")
    result = read_form(tmp_path, small_form([("社会影响", "效果明显", "圆满完成", 10, 10, "")]),
                       rules=load_rules(path))
    assert result.submission.indicators[0].qualitative_result == "达成"


def test_a_result_word_against_a_number_keeps_the_row_quantitative(tmp_path: Path) -> None:
    """“≥50个” done “达成预期指标”: nothing was counted, so the row is not a qualitative one."""
    indicator, _ = one_indicator(tmp_path, ("委托业务项目数量", "≥50个", "达成预期指标", 8, 8, ""))
    assert (indicator.direction, indicator.qualitative_result, indicator.actual.number) == ("≥", "达成", None)


def test_a_row_with_no_target_and_a_result_word_is_qualitative(tmp_path: Path) -> None:
    indicator, _ = one_indicator(tmp_path, ("制度执行情况", "", "达成预期指标", 8, 8, ""))
    assert (indicator.direction, indicator.qualitative_result) == ("定性", "达成")


# 一级指标 with its points, merged cells, placeholder rows.


@pytest.mark.parametrize("written, level, points", [
    ("产出指标(50分)", "产出指标", 50), ("效益指标（30分）", "效益指标", 30), ("一、满意度指标(10分)", "满意度指标", 10),
    ("产出(50分)", "产出指标", 50), ("产出指标", "产出指标", None),
])
def test_a_first_level_cell_gives_its_level_and_points(tmp_path: Path, written: str, level: str,
                                                       points: float | None) -> None:
    indicator, _ = one_indicator(tmp_path, ("指标", "≥1", 1, 10, 10, ""), level1=written)
    assert (indicator.level1, indicator.level1_points) == (level, points)


def test_merged_first_and_second_level_cells_apply_to_every_row_they_span(tmp_path: Path) -> None:
    rows = [("甲", "≥1个", 1, 5, 5, ""), ("乙", "≥2个", 2, 5, 5, ""), ("丙", "≥3个", 3, 5, 5, "")]
    form = dataclasses.replace(TANGXI_2022, groups=[("产出指标(50分)", [("数量指标", rows[:2]), ("质量指标", rows[2:])])])
    result = read_form(tmp_path, form)
    assert [(i.name, i.level1, i.level2) for i in result.submission.indicators] == [
        ("甲", "产出指标", "数量指标"), ("乙", "产出指标", "数量指标"), ("丙", "产出指标", "质量指标")]
    assert [i.ref("level1").cell for i in result.submission.indicators] == ["B13", "B14", "B15"]


def test_placeholder_rows_are_skipped_silently(tmp_path: Path) -> None:
    form = dataclasses.replace(small_form([("甲", "≥1个", 1, 10, 10, "")]),
                               extra_rows=["指标2", "……", "…", "指标 3"])
    form.groups[0][1].append(("质量指标", []))
    result = read_form(tmp_path, form)
    assert [i.name for i in result.submission.indicators] == ["甲"]
    assert not codes(result) & {"target_missing", "actual_missing", "table_row_far", "indicator_weight_missing"}


def test_the_total_row_ends_the_table(tmp_path: Path) -> None:
    result = read_form(tmp_path, TANGXI_2022)
    assert "总分" not in [i.name for i in result.submission.indicators]
    assert result.submission.number("self_total_score") == 100


# 年度资金总额 and its 其中 rows.


def test_a_total_left_zero_is_taken_from_its_parts_with_a_note(tmp_path: Path) -> None:
    review = review_file(write_national_form(TANGXI_2022, tmp_path / "自评表.xlsx"), RULES)
    record = review.submission
    assert (record.number("budget_initial"), record.number("budget_total"), record.number("spent_total")) == (
        90, 89.974, 89.974)
    notes = [f for f in review.findings if f.code == "fund_total_from_parts"]
    assert {(f.cell, f.severity.label) for f in notes} == {("D6", "提示"), ("E6", "提示"), ("F6", "提示")}
    assert review.evaluation.exec_rate.value == pytest.approx(1.0)


def test_the_zero_rate_and_score_of_a_blank_total_row_are_not_taken_for_the_units_figures(tmp_path: Path) -> None:
    review = review_file(write_national_form(TANGXI_2022, tmp_path / "自评表.xlsx"), RULES)
    record = review.submission
    assert (record.number("exec_rate_reported"), record.number("budget_score_reported")) == (None, None)
    (note,) = [f for f in review.findings if f.code == "fund_row_zero_figures"]
    assert (note.cell, note.severity.label, note.found) == ("H6", "提示", "执行率、得分")
    assert not codes(review) & {"score_mismatch", "rate_mismatch"}


def test_a_rate_and_score_typed_beside_a_typed_total_are_the_units_figures(tmp_path: Path) -> None:
    form = dataclasses.replace(TANGXI_2022, total_row=(90, 89.974, 89.974, 10, 0, 0))
    review = review_file(write_national_form(form, tmp_path / "自评表.xlsx"), RULES)
    assert review.submission.number("budget_score_reported") == 0
    assert "score_mismatch" in codes(review) and "fund_row_zero_figures" not in codes(review)


def test_a_blank_total_is_taken_from_its_parts_too(tmp_path: Path) -> None:
    form = dataclasses.replace(TANGXI_2022, total_row=("", "", "", 10, "", ""))
    record = read_form(tmp_path, form).submission
    assert record.number("budget_total") == 89.974


def test_a_typed_total_that_differs_from_its_parts_is_kept_and_warned(tmp_path: Path) -> None:
    form = dataclasses.replace(TANGXI_2022, total_row=(90, 95, 89.974, 10, 0.947, 9.47))
    result = read_form(tmp_path, form)
    assert result.submission.number("budget_total") == 95
    (warning,) = [f for f in result.findings if f.code == "fund_total_mismatch"]
    assert (warning.cell, warning.severity.label, warning.found, warning.expected) == ("E6", "警告", "95", "89.974")
    assert "本年财政拨款" in warning.message or "当年财政拨款" in warning.message


def test_a_typed_total_within_the_rules_money_tolerance_agrees_with_its_parts(tmp_path: Path) -> None:
    """The reader weighs a typed 年度资金总额 by the rules' money tolerance (万元), as the checks do."""
    form = dataclasses.replace(TANGXI_2022, total_row=(90, 89.98, 89.974, 10, 0.947, 9.47))
    assert "fund_total_mismatch" not in codes(read_form(tmp_path, form))
    strict = dataclasses.replace(RULES, tolerance=dataclasses.replace(RULES.tolerance, money=0.001))
    (warning,) = [f for f in read_form(tmp_path, form, strict).findings if f.code == "fund_total_mismatch"]
    assert (warning.found, warning.expected) == ("89.98", "89.974")


def test_the_templates_total_is_the_sum_of_its_parts_without_a_note(tmp_path: Path) -> None:
    result = read_submission(write_in_template(TANGXI_2022, tmp_path / "模板.xlsx", "棠溪镇"))
    assert result.submission.number("budget_total") == 89.974
    assert not codes(result) & {"fund_total_from_parts", "fund_total_mismatch"}

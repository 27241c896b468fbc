"""Findings from a record: the two seed reports, then each rule on a changed seed."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from excel_eval.findings import CATALOGUE, Finding, Severity
from excel_eval.judge import checks
from excel_eval.judge.checks import CHECKS, check
from excel_eval.judge.scoring import evaluate
from excel_eval.rules import Rules, load_rules
from tests.filling import where
from tests.records import submission_from_data
from tests.seed_data import SHIMEN_2023, ZHONGLUOTAN_2022

RULES = load_rules()
E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

#: Rows of the seeds' indicators on the national form (header on row 12).
CASES, WORK_ROW = 14, 13  # 个案数 and 家庭探访户数 in 钟落潭


def findings_of(data: dict[str, Any], rules: Rules = RULES, name: str = "钟落潭镇_2022.xlsx") -> list[Finding]:
    submission = submission_from_data(data, name)
    return check(submission, evaluate(submission, rules), rules)


def located(found: list[Finding]) -> set[tuple[str, str, str]]:
    """(code, sheet!cell, severity) of each finding."""
    return {(f.code, f"{f.sheet}!{f.cell}", f.severity.label) for f in found}


def only(found: list[Finding], code: str) -> Finding:
    matching = [f for f in found if f.code == code]
    assert len(matching) == 1, [f.message for f in found]
    return matching[0]


def codes(found: list[Finding]) -> set[str]:
    return {f.code for f in found}


def zhongluotan(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(ZHONGLUOTAN_2022)
    data.update(changes)
    return data


def with_row(data: dict[str, Any], index: int, **cells: Any) -> dict[str, Any]:
    data["indicators"][index].update(cells)
    return data


def with_payment(data: dict[str, Any], index: int, **cells: Any) -> dict[str, Any]:
    data["payments"][index].update(cells)
    return data


# The seed reports.


def test_zhongluotan_findings_are_exactly_the_auditors() -> None:
    found = findings_of(ZHONGLUOTAN_2022)
    assert located(found) == {
        ("rate_truncated", "绩效自评表!L14", "提示"),  # 个案 104/90 = 115.56%, reported 115%
        ("rate_truncated", "绩效自评表!L17", "提示"),  # 中小型 45/28 = 160.71%, reported 160%
        ("rate_truncated", "绩效自评表!L19", "提示"),  # 志愿服务 2147/400 = 536.75%, reported 536%
        ("overshoot_no_reason", "绩效自评表!I17", "警告"),
        ("overshoot_no_reason", "绩效自评表!I18", "警告"),
        ("overshoot_no_reason", "绩效自评表!I19", "警告"),
        # 产出 counted only by quantity; 满意度 93% with no word on the survey.
        ("output_only_quantity", "绩效自评表!C13", "提示"),
        ("satisfaction_no_survey", "绩效自评表!F23", "提示"),
    }
    assert all(f.file == "钟落潭镇_2022.xlsx" and f.unit == "钟落潭镇" for f in found)


def test_zhongluotan_truncations_say_so_with_the_exact_figures() -> None:
    found = {f.cell: f for f in findings_of(ZHONGLUOTAN_2022) if f.code == "rate_truncated"}
    cases = found["L14"]
    assert (cases.found, cases.expected, cases.field) == ("115%", "116%", "indicators.reported_rate")
    assert "115.56%" in cases.message and "104 个 ÷ 年度指标值 90 个" in cases.message
    assert "截尾取整" in cases.message
    volunteers = found["L19"]
    assert (volunteers.found, volunteers.expected) == ("536%", "537%")
    assert "536.75%" in volunteers.message
    assert "160.71%" in found["L17"].message
    assert "L18" not in found  # 314/150 = 209.33% reported 209%: correctly rounded


def test_zhongluotan_over_threshold_rows_need_a_reason_and_cases_do_not() -> None:
    found = [f for f in findings_of(ZHONGLUOTAN_2022) if f.code == "overshoot_no_reason"]
    assert {(f.cell, f.found) for f in found} == {("I17", "160.71%"), ("I18", "209.33%"),
                                                  ("I19", "536.75%")}
    assert all(f.expected == "130%" for f in found)
    assert "中小型社区活动数" in found[0].message


def test_shimen_findings_are_exactly_the_auditors() -> None:
    found = findings_of(SHIMEN_2023, name="石门街道_2023.xlsx")
    assert located(found) == {
        # 20-point budget weight and 40-point 产出: allowed, noted.
        ("weight_differs_from_default", "绩效自评表!G6", "提示"),
        ("weight_differs_from_default", "绩效自评表!G13", "提示"),
        # Rate targets with no measurable base.
        ("target_no_base", "绩效自评表!E13", "警告"),  # 社工服务人次完成率 100%
        ("target_no_base", "绩效自评表!E17", "警告"),  # 链接社会资源服务辖区居民 100%
        ("target_no_base", "绩效自评表!E18", "警告"),  # 阵地宣传影响力 100%
        # Actuals written as ranges.
        ("actual_is_threshold", "绩效自评表!F13", "警告"),
        ("actual_is_threshold", "绩效自评表!F17", "警告"),
        ("actual_is_threshold", "绩效自评表!F18", "警告"),
        # 培育志愿者 ">10人" done 96: 960%, reported 100%, no reason given.
        ("rate_mismatch", "绩效自评表!L19", "警告"),
        ("overshoot_no_reason", "绩效自评表!I19", "警告"),
        # 100 points with no evidence, 30 of them 待核实 (above the 10-point limit: unranked).
        ("perfect_score_no_evidence", "绩效自评表!H33", "警告"),
        ("high_score_unverified", "绩效自评表!H33", "警告"),
        ("unverified_points", "绩效自评表!H33", "警告"),
        # 满意度 100% as the target, with no word on the survey.
        ("satisfaction_target_full", "绩效自评表!E20", "提示"),
        ("satisfaction_no_survey", "绩效自评表!F20", "提示"),
    }


def test_shimen_weights_are_noted_not_refused() -> None:
    found = findings_of(SHIMEN_2023, name="石门街道_2023.xlsx")
    notes = {f.cell: f for f in found if f.code == "weight_differs_from_default"}
    assert (notes["G6"].found, notes["G6"].expected) == ("20", "10")
    assert (notes["G13"].found, notes["G13"].expected) == ("40", "50")
    assert "分值合计仍为 100" in notes["G6"].message
    assert "weights_total_wrong" not in codes(found)


def test_shimen_rate_targets_are_flagged_and_named_ratios_are_not() -> None:
    found = {f.cell: f for f in findings_of(SHIMEN_2023) if f.code == "target_no_base"}
    assert set(found) == {"E13", "E17", "E18"}  # not 覆盖率 E14, 及时率 E15, 满意度 E20
    assert "以完成率作为目标" in found["E13"].message
    assert "“>10万”是数量" in found["E17"].message
    assert "暂按自评得分 10 分计入，待核实" in found["E18"].message
    assert found["E13"].found == "100%"


def test_shimen_perfect_score_without_evidence() -> None:
    finding = only(findings_of(SHIMEN_2023), "perfect_score_no_evidence")
    assert finding.found == "100"
    assert "8 项指标未填写佐证材料" in finding.message
    assert "社工服务人次完成率" in finding.message and "等" in finding.message


# 资金情况.


def test_sources_that_do_not_add_up() -> None:
    finding = only(findings_of(zhongluotan(fund_district=90)), "sources_sum_mismatch")
    assert (finding.severity, finding.sheet, finding.cell) == (E, *where("fund_city"))
    assert (finding.expected, finding.found) == ("198.45", "190")
    assert "市级财政 100 + 区级财政 90" in finding.message and "相差 8.45" in finding.message


def test_the_split_by_level_is_of_the_current_appropriation_when_the_form_has_it() -> None:
    with_carryover = dict(fund_current=100, fund_carryover=98.45, fund_city=60, fund_district=40, fund_town=0)
    assert "sources_sum_mismatch" not in codes(findings_of(zhongluotan(**with_carryover)))
    finding = only(findings_of(zhongluotan(**{**with_carryover, "fund_district": 30})), "sources_sum_mismatch")
    assert (finding.expected, finding.found) == ("100", "90")
    assert "与当年财政拨款 100 万元不一致" in finding.message


def test_sources_within_the_money_tolerance_agree() -> None:
    assert "sources_sum_mismatch" not in codes(findings_of(zhongluotan(fund_district=98.46)))
    assert "sources_sum_mismatch" in codes(findings_of(zhongluotan(fund_district=98.47)))


def test_spending_above_the_budget() -> None:
    finding = only(findings_of(zhongluotan(spent_total=200)), "spent_over_budget")
    assert (finding.severity, finding.cell, finding.expected, finding.found) == (E, "F6", "198.45", "200")


def test_a_changed_budget_needs_its_note() -> None:
    finding = only(findings_of(zhongluotan(budget_initial=180)), "budget_change_unexplained")
    assert (finding.severity, finding.cell) == (I, "B15")
    assert "年初预算数 180 万元与全年预算数 198.45 万元" in finding.message
    explained = zhongluotan(budget_initial=180, budget_change_note="年中追加区级资金 18.45 万元")
    assert "budget_change_unexplained" not in codes(findings_of(explained))


def test_a_wrong_reported_execution_rate() -> None:
    finding = only(findings_of(zhongluotan(exec_rate_reported=0.9)), "rate_mismatch")
    assert (finding.severity, finding.cell, finding.expected, finding.found) == (W, "H6", "100%", "90%")
    assert "预算执行率" in finding.message and "相差 10 个百分点" in finding.message


def test_a_wrong_reported_budget_score() -> None:
    finding = only(findings_of(zhongluotan(budget_score_reported=9)), "score_mismatch")
    assert (finding.cell, finding.expected, finding.found) == ("I6", "10", "9")


# 资金拨付.


def test_a_ratio_other_than_the_schedule() -> None:
    data = with_payment(zhongluotan(), 0, agreed_ratio=0.5, agreed_amount=99.225)
    finding = only(findings_of(data), "payment_ratio_differs")
    assert (finding.severity, finding.cell, finding.expected, finding.found) == (W, "C20", "55%", "50%")
    assert "payment_amount_mismatch" not in codes(findings_of(data))  # 0.5 × 198.45 is right


def test_an_agreed_amount_that_is_not_ratio_times_budget() -> None:
    finding = only(findings_of(with_payment(zhongluotan(), 1, agreed_amount=80)),
                   "payment_amount_mismatch")
    assert (finding.severity, finding.cell, finding.expected, finding.found) == (E, "D21", "79.38", "80")


@pytest.mark.parametrize(("result", "shown"), [("不合格", "不合格"), ("", "未填写")])
def test_a_payment_made_before_its_evaluation_passed(result: str, shown: str) -> None:
    finding = only(findings_of(zhongluotan(mid_eval_result=result)), "payment_before_evaluation")
    assert (finding.severity, finding.cell, finding.found) == (E, "E21", shown)
    assert "中期评估结果" in finding.message and "79.38" in finding.message


def test_no_payment_no_evaluation_needed() -> None:
    data = with_payment(zhongluotan(final_eval_result=""), 2, paid_amount=None)
    assert "payment_before_evaluation" not in codes(findings_of(data))


def test_payments_that_do_not_add_up_to_spending() -> None:
    finding = only(findings_of(with_payment(zhongluotan(), 2, paid_amount=0)),
                   "payments_total_mismatch")
    assert (finding.severity, finding.cell, finding.expected, finding.found) == (
        W, "F6", "198.45", "188.5275")


def test_a_blank_payments_table_raises_nothing() -> None:
    data = zhongluotan(payments=[{"stage": "首期"}, {"stage": "中期"}, {"stage": "末期"}])
    assert not codes(findings_of(data)) & {"payment_ratio_differs", "payment_amount_mismatch",
                                           "payment_before_evaluation", "payments_total_mismatch"}


# 分值.


def test_weights_not_totalling_100() -> None:
    found = findings_of(with_row(zhongluotan(), 0, weight=6, self_score=6))
    finding = only(found, "weights_total_wrong")
    assert (finding.severity, finding.cell, finding.found) == (E, "G6", "98")
    assert "预算执行率 10 + 产出指标 48 + 效益指标 30 + 满意度指标 10" in finding.message
    assert "weight_differs_from_default" not in codes(found)


def test_other_weights_totalling_100_are_a_note() -> None:
    data = with_row(zhongluotan(budget_weight=15, budget_score_reported=15), 0, weight=3,
                    self_score=3)
    found = findings_of(data)
    assert {(f.cell, f.found, f.expected) for f in found if f.code == "weight_differs_from_default"} == {
        ("G6", "15", "10"), ("G13", "45", "50")}
    assert "weights_total_wrong" not in codes(found)


def test_a_missing_indicator_weight() -> None:
    found = findings_of(with_row(zhongluotan(), 1, weight=None))
    finding = only(found, "indicator_weight_missing")
    assert (finding.severity, finding.cell) == (E, f"G{CASES}")
    assert "weights_total_wrong" in codes(found)


# 绩效指标.


def test_unknown_indicator_levels() -> None:
    data = with_row(zhongluotan(), 0, level1="决策指标")
    with_row(data, 8, level2="数量指标")  # under 效益指标
    found = findings_of(data)
    level1 = only(found, "level1_unknown")
    assert (level1.severity, level1.cell, level1.found) == (E, "B13", "决策指标")
    level2 = only(found, "level2_unknown")
    assert (level2.severity, level2.cell, level2.found) == (W, "C21", "数量指标")
    assert "经济效益指标" in level2.expected


@pytest.mark.parametrize(("cells", "code", "cell", "state"), [
    ({"target": None}, "target_missing", "E", "未填写"),
    ({"actual": None}, "actual_missing", "F", "未填写"),
])
def test_a_target_without_an_actual_and_the_reverse(cells: dict[str, Any], code: str, cell: str,
                                                    state: str) -> None:
    finding = only(findings_of(with_row(zhongluotan(), 1, **cells)), code)
    assert (finding.severity, finding.cell) == (W, f"{cell}{CASES}")
    assert state in finding.message and "复核按 0 分计" in finding.message


@pytest.mark.parametrize("actual", ["已完成", "达标"])
def test_a_word_as_the_actual_of_a_number_is_unverified_not_zero(actual: str) -> None:
    found = findings_of(with_row(zhongluotan(), 1, actual=actual))
    finding = only(found, "actual_not_a_number")
    assert (finding.severity, finding.cell, finding.found) == (W, f"F{CASES}", actual)
    assert "暂按自评得分 8 分计入，待核实" in finding.message
    assert "actual_missing" not in codes(found)
    assert "1 项指标无法核实" in only(found, "unverified_points").message
    assert "待核实分值 8 分" in only(found, "unverified_points").message
    assert "未超过 10 分，参加排名" in only(found, "unverified_points").message


def test_a_qualitative_row_missing_its_actual_is_told_once() -> None:
    found = findings_of(with_row(zhongluotan(), 9, actual=None))
    assert "actual_missing" not in codes(found)
    assert only(found, "qualitative_result_missing").cell == "F22"


def test_a_negative_actual() -> None:
    finding = only(findings_of(with_row(zhongluotan(), 1, actual=-104)), "negative_value")
    assert (finding.severity, finding.cell, finding.found) == (E, f"F{CASES}", "-104")


@pytest.mark.parametrize(("name", "target", "actual", "flagged"), [
    ("社工服务人次完成率", "100%", "100%", True),  # a completion rate as its own target
    ("服务人次", "100%", "12000人次", True),  # a count against a percentage
    ("宣传影响力", "100%", "100%", True),  # not a ratio at all
    ("服务站点覆盖率", "100%", "100%", False),
    ("服务对象满意度", "≥90%", "93%", False),
    ("服务人次", "≥12000人次", "12500人次", False),
])
def test_targets_without_a_measurable_base(name: str, target: str, actual: str,
                                           flagged: bool) -> None:
    data = with_row(zhongluotan(), 1, name=name, target=target, actual=actual, unit="")
    assert ("target_no_base" in codes(findings_of(data))) is flagged


def test_a_percentage_typed_in_excel_arrives_as_a_number_and_is_shown_as_one() -> None:
    data = with_row(zhongluotan(), 1, name="社工服务人次完成率", target=1.0, actual="12000人次",
                    unit="%")
    finding = only(findings_of(data), "target_no_base")
    assert (finding.cell, finding.found) == (f"E{CASES}", "100%")


def test_an_actual_written_as_a_range() -> None:
    finding = only(findings_of(with_row(zhongluotan(), 1, actual="≥104个")), "actual_is_threshold")
    assert (finding.cell, finding.found) == (f"F{CASES}", "≥104个")


def test_a_reported_completion_beyond_the_tolerance() -> None:
    finding = only(findings_of(with_row(zhongluotan(), 1, reported_rate=1.0)), "rate_mismatch")
    assert (finding.cell, finding.expected, finding.found) == (f"L{CASES}", "115.56%", "100%")
    assert "相差 15.56 个百分点" in finding.message and "截尾" not in finding.message


def test_a_truncation_beyond_a_tighter_tolerance_is_a_warning_that_says_truncation(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text("[tolerance]\nrate = 0.5\n", encoding="utf-8")
    found = {f.cell: f for f in findings_of(ZHONGLUOTAN_2022, load_rules(path))
             if f.code == "rate_mismatch"}
    assert set(found) == {"L14", "L17", "L19"}  # 0.56, 0.71 and 0.75 points: all cut, all > 0.5
    assert "截尾取整" in found["L19"].message and "四舍五入应为 537%" in found["L19"].message
    assert found["L19"].severity is W


def test_a_self_score_above_the_weight() -> None:
    finding = only(findings_of(with_row(zhongluotan(), 1, self_score=9)), "self_score_over_weight")
    assert (finding.severity, finding.cell, finding.expected, finding.found) == (E, f"H{CASES}", "8", "9")


def test_a_self_score_higher_than_the_method_gives() -> None:
    data = with_row(zhongluotan(), 0, actual=1400, reported_rate=0.875)
    found = findings_of(data)
    mismatches = {f.cell: f for f in found if f.code == "score_mismatch"}
    assert set(mismatches) == {f"H{WORK_ROW}", "H33"}  # the row, and so the total: 99 against 98
    finding = mismatches[f"H{WORK_ROW}"]
    assert (finding.expected, finding.found) == ("7", "8")
    assert "分值 8 × 完成率 87.5%" in finding.message
    assert (mismatches["H33"].expected, mismatches["H33"].found) == ("98", "99")
    shortfall = only(found, "shortfall_no_reason")
    assert (shortfall.cell, shortfall.found) == (f"I{WORK_ROW}", "87.5%")
    assert "完成率 87.5%，未达到年度指标值" in shortfall.message


def test_a_self_score_rounded_half_up_agrees() -> None:
    data = with_row(zhongluotan(), 0, actual=1500, reported_rate=0.9375,
                    deviation_reason="入户受疫情影响")  # 8 × 93.75% = 7.5, written 8
    assert not codes(findings_of(data)) & {"score_mismatch", "score_truncated"}


def test_a_truncated_self_score_within_tolerance() -> None:
    data = with_row(zhongluotan(), 0, target=900, actual=850, reported_rate=0.9444,
                    self_score=7.5, deviation_reason="入户受疫情影响")
    finding = only(findings_of(data), "score_truncated")  # 8 × 850/900 = 7.5556
    assert (finding.severity, finding.cell, finding.expected, finding.found) == (
        I, f"H{WORK_ROW}", "7.6", "7.5")
    assert "7.56" in finding.message


def test_a_self_score_cut_from_one_decimal() -> None:
    data = with_row(zhongluotan(), 0, target=1600, actual=1500, reported_rate=0.9375,
                    self_score=7.4, weight=8, deviation_reason="入户受疫情影响")  # 8 × 0.9375 = 7.5
    # 7.4 is neither 7.5 nor a cut of it, and within the 0.5 tolerance.
    assert not codes(findings_of(data)) & {"score_mismatch", "score_truncated"}


def test_a_qualitative_self_score_outside_its_band() -> None:
    data = with_row(zhongluotan(), 9, actual="部分达成", self_score=14,
                    deviation_reason="中期评估为合格")
    finding = only(findings_of(data), "qualitative_out_of_band")
    assert (finding.severity, finding.cell, finding.expected, finding.found) == (W, "H22", "9–12（不含 12）", "14")
    assert "复核按 11.99 分计" in finding.message


def test_a_qualitative_row_without_its_result() -> None:
    finding = only(findings_of(with_row(zhongluotan(), 9, actual="")),
                   "qualitative_result_missing")
    assert (finding.cell, finding.severity) == ("F22", W)


@pytest.mark.parametrize(("cells", "state"), [
    ({"actual": "部分达成", "self_score": 10}, "完成情况为“部分达成”"),
])
def test_a_qualitative_shortfall_needs_a_reason(cells: dict[str, Any], state: str) -> None:
    finding = only(findings_of(with_row(zhongluotan(), 9, **cells)), "shortfall_no_reason")
    assert finding.cell == "I22" and state in finding.message


def test_a_ceiling_exceeded_needs_a_reason() -> None:
    data = with_row(zhongluotan(), 1, direction="≤", name="个案平均结案天数", target=90, actual=104,
                    unit="天", reported_rate=None, self_score=None)
    finding = only(findings_of(data), "shortfall_no_reason")
    assert "实际完成值超过上限" in finding.message


def test_a_reason_given_silences_the_deviation_rule() -> None:
    data = with_row(zhongluotan(), 6, deviation_reason="节假日志愿活动参与踊跃，下年度将调高指标值")
    assert "绩效自评表!I19" not in {f"{f.sheet}!{f.cell}" for f in findings_of(data)
                                 if f.code == "overshoot_no_reason"}


@pytest.mark.parametrize(("actual", "flagged"), [(130, True), (129, False)])
def test_130_percent_exactly_needs_a_reason(actual: int, flagged: bool) -> None:
    data = with_row(zhongluotan(), 1, target=100, actual=actual, reported_rate=actual / 100)
    cells = {f.cell for f in findings_of(data) if f.code == "overshoot_no_reason"}
    assert (f"I{CASES}" in cells) is flagged


# 自评结论.


def test_a_self_total_that_is_not_the_recomputed_one() -> None:
    finding = only(findings_of(zhongluotan(self_total_score=95)), "score_mismatch")
    assert (finding.cell, finding.expected, finding.found) == ("H33", "99", "95")
    assert "预算执行 10 + 产出指标 50 + 效益指标 29 + 满意度指标 10" in finding.message


def test_a_self_grade_that_does_not_follow_its_own_total() -> None:
    finding = only(findings_of(zhongluotan(self_grade="良")), "grade_inconsistent")
    assert (finding.severity, finding.cell, finding.expected, finding.found) == (E, "B26", "优", "良")


def test_a_self_grade_that_differs_from_the_recomputed_one() -> None:
    found = findings_of(zhongluotan(self_total_score=85, self_grade="良"))
    finding = only(found, "grade_mismatch")
    assert (finding.cell, finding.expected, finding.found) == ("B26", "优", "良")
    assert "grade_inconsistent" not in codes(found)


def test_a_perfect_score_with_one_indicator_lacking_evidence() -> None:
    data = with_row(zhongluotan(self_total_score=100), 2, evidence="")
    finding = only(findings_of(data), "perfect_score_no_evidence")
    assert "1 项指标未填写佐证材料（小组数）" in finding.message
    assert "perfect_score_no_evidence" not in codes(findings_of(zhongluotan(self_total_score=100)))


# The table of rules.


def test_every_rule_is_listed_once_and_every_code_is_catalogued() -> None:
    functions = [value for name, value in vars(checks).items()
                 if callable(value) and getattr(value, "__module__", "") == checks.__name__
                 and not name.startswith("_") and name not in ("check", "Context")]
    assert sorted(f.__name__ for f in functions) == sorted(f.__name__ for f in CHECKS)
    assert len(set(CHECKS)) == len(CHECKS)
    for code in ("sources_sum_mismatch", "rate_truncated", "target_no_base",
                 "perfect_score_no_evidence", "weight_differs_from_default"):
        assert CATALOGUE[code].title and not CATALOGUE[code].title.isascii()

"""Scores recomputed by the national method: each direction, each boundary, the two seeds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from excel_eval.judge.scoring import (Basis, Evaluation, IndicatorResult, evaluate, in_base_units,
                                      number_text, percent_text, reconcile)
from excel_eval.model import CellRef
from excel_eval.rules import Rules, load_rules
from excel_eval.values import measure
from tests.records import submission_from_data
from tests.seed_data import SHIMEN_2023, ZHONGLUOTAN_2022

RULES = load_rules()


def row(**cells: Any) -> dict[str, Any]:
    """One indicator row: a 产出/数量 ≥ indicator worth 10 unless told otherwise."""
    return {"level1": "产出指标", "level2": "数量指标", "name": "服务人次", "direction": "≥",
            "unit": "人次", "weight": 10, **cells}


def evaluated(*rows: dict[str, Any], rules: Rules = RULES, **fields: Any) -> Evaluation:
    data = {"unit_name": "测试镇", "budget_total": 200, "spent_total": 200, "budget_weight": 10,
            **fields, "indicators": list(rows)}
    return evaluate(submission_from_data(data, "测试镇.xlsx"), rules)


def one(rules: Rules = RULES, **cells: Any) -> IndicatorResult:
    return evaluated(row(**cells), rules=rules).indicators[0]


def rules_file(tmp_path: Path, text: str) -> Rules:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return load_rules(path)


# Budget execution.


def test_execution_rate_and_its_score_come_from_the_funds_cells() -> None:
    evaluation = evaluated(budget_total=200, spent_total=150)
    assert evaluation.exec_rate.value == 0.75
    assert evaluation.exec_rate.cells == (CellRef("绩效自评表", "F6"), CellRef("绩效自评表", "E6"))
    assert evaluation.exec_rate.how == "全年执行数 150 ÷ 全年预算数 200"
    assert evaluation.budget_score.value == 7.5
    assert CellRef("绩效自评表", "G6") in evaluation.budget_score.cells


def test_execution_above_budget_is_reported_uncapped_and_scored_capped() -> None:
    evaluation = evaluated(budget_total=200, spent_total=220)
    assert evaluation.exec_rate.value == pytest.approx(1.1)
    assert evaluation.budget_score.value == 10
    assert "超过 100% 按 100% 计" in evaluation.budget_score.how


def test_execution_without_a_budget_scores_zero() -> None:
    evaluation = evaluated(budget_total=None, spent_total=100)
    assert evaluation.exec_rate.value is None
    assert evaluation.budget_score.value == 0


def test_a_blank_budget_weight_falls_back_to_the_rules() -> None:
    evaluation = evaluated(budget_weight=None, spent_total=100)
    assert evaluation.budget_weight == 10
    assert evaluation.budget_score.value == 5
    assert "按规则默认 10 分" in evaluation.budget_score.how


# ≥: completion = actual ÷ target.


def test_at_least_met_scores_the_full_weight() -> None:
    result = one(target=90, actual=104)
    assert result.completion.value == pytest.approx(104 / 90)
    assert result.met is True
    assert result.score.value == 10
    assert result.completion.cells == (CellRef("绩效自评表", "F13"), CellRef("绩效自评表", "E13"))


def test_at_least_missed_scores_weight_times_completion() -> None:
    result = one(target=1600, actual=1500)
    assert result.completion.value == 0.9375
    assert result.met is False
    assert result.score.value == pytest.approx(9.375)
    assert result.needs_reason is True


def test_scaled_units_compare_in_plain_units() -> None:
    assert one(target="10万人次", actual=100000).completion.value == 1.0
    assert one(target=100000, actual="12万人次").completion.value == pytest.approx(1.2)
    assert one(target=10, actual=12, unit="万人次").completion.value == pytest.approx(1.2)
    assert one(target=10, actual="120000人次", unit="万人次").completion.value == pytest.approx(1.2)
    assert one(target=100000, actual="9万", unit="人次").completion.value == pytest.approx(0.9)


@pytest.mark.parametrize(("raw", "unit", "expected"), [
    ("93%", "", (0.93, "%")),
    (93, "%", (0.93, "%")),
    (0.93, "%", (0.93, "%")),
    (15, "%", (0.15, "%")),  # above 1: percentage points, however small
    (5.36, "%", (0.0536, "%")),
    (1, "%", (1, "%")),  # 1 or less: a ratio
    ("10万人次", "人次", (100000, "人次")),
    ("10万", "%", (100000, "")),  # a count is never taken for a percentage
    (1600, "户", (1600, "户")),
    (None, "户", (None, "")),
])
def test_values_in_base_units(raw: Any, unit: str, expected: tuple[Any, str]) -> None:
    assert in_base_units(measure(raw), unit) == expected


def test_a_negative_actual_scores_zero_not_less() -> None:
    result = one(target=100, actual=-5)
    assert result.completion.value == -0.05
    assert result.score.value == 0


@pytest.mark.parametrize(("actual", "target", "over"), [
    (130, 100, True), (39, 30, True),  # 39/30 is 1.2999999999999998 in floating point
    (129.9, 100, False), (160, 100, True),
])
def test_the_over_completion_threshold_includes_130_percent(actual: float, target: float,
                                                            over: bool) -> None:
    result = one(target=target, actual=actual)
    assert result.over_threshold is over
    assert result.needs_reason is over
    assert result.score.value == 10  # over-completion deducts nothing by default


def test_over_completion_deducts_only_when_the_rules_ask(tmp_path: Path) -> None:
    rules = rules_file(tmp_path, "[over_completion]\ndeduct = true\n")
    moderate = one(rules, target=100, actual=150)  # 20 points over: 20 × 0.5% = 10% of 10
    assert moderate.deduction == pytest.approx(1.0)
    assert moderate.score.value == pytest.approx(9.0)
    assert "超额完成扣减 1 分" in moderate.score.how
    extreme = one(rules, target=400, actual=2147)  # capped at 20% of the weight
    assert extreme.score.value == pytest.approx(8.0)
    assert one(rules, target=100, actual=129).score.value == 10


# ≤: met at or under the ceiling, then target ÷ actual × weight.


@pytest.mark.parametrize(("actual", "score", "met"), [
    (80, 10, True), (120, 10, True), (180, 6.6667, False), (240, 5, False), (600, 2, False),
])
def test_at_most_scores_target_over_actual(actual: float, score: float, met: bool) -> None:
    result = one(direction="≤", target=120, actual=actual, unit="元")
    assert result.met is met
    assert result.score.value == pytest.approx(score, abs=1e-4)
    assert result.over_threshold is False  # far under a ceiling is the aim, not a low target
    if not met:
        assert "年度指标值 ÷ 实际完成值" in result.score.how


@pytest.mark.parametrize(("actual", "score"), [(100, 10), (150, 5), (175, 2.5), (200, 0), (300, 0)])
def test_linear_to_zero_stays_a_named_option_for_at_most(tmp_path: Path, actual: float,
                                                         score: float) -> None:
    rules = rules_file(tmp_path, '[methods]\n"≤" = "linear_to_zero"\n')
    result = one(rules, direction="≤", target=100, actual=actual)
    assert result.score.value == pytest.approx(score)


# =: any miss is a deviation.


@pytest.mark.parametrize(("actual", "score", "met"), [
    (100, 10, True), (110, 9, False), (90, 9, False), (150, 5, False), (250, 0, False),
])
def test_equal_scores_by_the_size_of_the_deviation(actual: float, score: float, met: bool) -> None:
    result = one(direction="=", target=100, actual=actual)
    assert result.met is met
    assert result.score.value == pytest.approx(score)
    assert result.needs_reason is not met


def test_equal_tolerance_counts_a_near_miss_as_met(tmp_path: Path) -> None:
    rules = rules_file(tmp_path, "[methods]\nequal_tolerance = 0.05\n")
    assert (one(rules, direction="=", target=100, actual=104).met,
            one(rules, direction="=", target=100, actual=104).score.value) == (True, 10)
    assert one(rules, direction="=", target=100, actual=110).score.value == pytest.approx(9)


# Target 0, missing values.


def test_a_zero_target_is_met_by_comparison() -> None:
    met = one(target=0, actual=3)
    assert (met.basis, met.completion.value, met.met, met.score.value) == (Basis.ZERO_TARGET, None, True, 10)
    missed = one(direction="≤", target=0, actual=1)
    assert (missed.met, missed.score.value) == (False, 0)


@pytest.mark.parametrize("cells", [
    {"target": None, "actual": 100},
    {"target": 100, "actual": None},
    {"target": None, "actual": None},
])
def test_a_missing_target_or_actual_scores_zero(cells: dict[str, Any]) -> None:
    result = one(self_score=10, **cells)
    assert result.basis is Basis.MISSING
    assert result.completion.value is None
    assert result.met is None
    assert result.score.value == 0


def test_a_missing_weight_scores_zero() -> None:
    result = one(target=100, actual=100, weight=None)
    assert result.score.value == 0
    assert result.score.how.startswith("未填写分值")


def test_a_percentage_target_against_a_count_keeps_the_self_score_unverified() -> None:
    result = one(target="100%", actual="500人次", unit="%", self_score=7)
    assert result.basis is Basis.UNVERIFIED
    assert result.basis.label.startswith("待核实")
    assert "待核实" in result.score.how
    assert result.completion.value is None
    assert result.score.value == 7
    assert result.score.cells == (CellRef("绩效自评表", "G13"), CellRef("绩效自评表", "H13"))
    assert one(target="100%", actual="500人次", unit="%", self_score=12).score.value == 10
    assert one(target="100%", actual="500人次", unit="%").score.value == 0


# 定性: the self score stands inside the band of the chosen result.


@pytest.mark.parametrize(("result", "self_score", "score"), [
    ("达成", 9, 9), ("达成", 8, 8), ("达成", 10, 10), ("达成", 5, 8), ("达成", None, 8),
    ("部分达成", 7, 7), ("部分达成", 9, 7.99), ("部分达成", 8, 7.99), ("部分达成", 5, 6),
    ("部分达成", None, 6), ("未达成", 3, 3), ("未达成", 7, 5.99), ("未达成", 6, 5.99), ("未达成", None, 0),
])
def test_qualitative_scores_are_clamped_into_the_band(result: str, self_score: float | None,
                                                      score: float) -> None:
    outcome = one(direction="定性", target="良好", actual="良好", qualitative_result=result,
                  self_score=self_score)
    assert outcome.basis is Basis.QUALITATIVE
    assert outcome.band is not None and outcome.band.result == result
    assert outcome.score.value == pytest.approx(score)
    assert outcome.met is (result == "达成")
    assert outcome.needs_reason is (result != "达成")


def test_a_qualitative_row_without_a_result_scores_zero() -> None:
    outcome = one(direction="定性", target="良好", actual=None, self_score=10)
    assert (outcome.basis, outcome.band, outcome.score.value) == (Basis.MISSING, None, 0)


# Subtotals, total and grade.


def test_subtotals_total_and_grade() -> None:
    evaluation = evaluated(
        row(target=100, actual=100, weight=50),
        row(level1="效益指标", level2="社会效益指标", target=100, actual=80, weight=30),
        row(level1="满意度指标", level2="服务对象满意度指标", direction="定性", target="满意",
            actual="满意", qualitative_result="部分达成", self_score=7, weight=10),
        spent_total=190)
    assert [(s.level1, s.rules_weight, s.weight, s.score.value) for s in evaluation.subtotals] == [
        ("产出指标", 50, 50, 50), ("效益指标", 30, 30, 24), ("满意度指标", 10, 10, 7)]
    assert evaluation.budget_score.value == pytest.approx(9.5)
    assert evaluation.total_score.value == pytest.approx(90.5)
    assert evaluation.grade == "优"
    assert evaluation.weight_total == 100
    assert evaluation.total_score.how == "预算执行 9.5 + 产出指标 50 + 效益指标 24 + 满意度指标 7"
    assert evaluation.total_score.cells == tuple(
        CellRef(sheet, cell) for sheet, cell in [("绩效自评表", "G6"), ("绩效自评表", "F6"), ("绩效自评表", "E6"),
                                                 ("绩效自评表", "G13"), ("绩效自评表", "G14"), ("绩效自评表", "G15")])
    assert evaluation.rules_description == RULES.description
    assert (evaluation.unmet_count, evaluation.over_threshold_count) == (2, 0)
    assert evaluation.average_completion == pytest.approx(0.9)


def test_a_level_the_rules_do_not_know_gets_its_own_subtotal() -> None:
    evaluation = evaluated(row(target=1, actual=1, weight=50), row(level1="决策指标", target=1,
                                                                   actual=1, weight=40))
    assert [s.level1 for s in evaluation.subtotals] == ["产出指标", "效益指标", "满意度指标", "决策指标"]
    assert evaluation.subtotal("决策指标").rules_weight is None
    assert evaluation.subtotal("效益指标").score.how == "无指标"
    assert evaluation.total_score.value == 100


@pytest.mark.parametrize(("spent", "grade"), [(200, "优"), (199.98, "良")])
def test_grade_boundary_at_exactly_90(spent: float, grade: str) -> None:
    # 80 from the indicator, 10 × spent/200 from the budget: 90 and 89.999.
    evaluation = evaluated(row(target=100, actual=80, weight=100, level1="产出指标"),
                           budget_weight=10, spent_total=spent)
    assert evaluation.grade == grade


# Reconciling reported with recomputed figures.


@pytest.mark.parametrize(("reported", "computed", "truncated", "agrees", "within"), [
    (1.15, 104 / 90, True, False, True),  # 115.56% written 115%
    (5.36, 2147 / 400, True, False, True),  # 536.75% written 536%
    (1.60, 45 / 28, True, False, True),  # 160.71% written 160%
    (2.09, 314 / 150, False, True, True),  # 209.33% written 209%: rounded correctly
    (1.16, 104 / 90, False, True, True),
    (1.155, 104 / 90, True, False, True),  # one decimal, cut
    (1.0, 1.0, False, True, True),
    (1.0, 96 / 10, False, False, False),
])
def test_reconcile_rates_tells_truncation_from_rounding(reported: float, computed: float,
                                                        truncated: bool, agrees: bool,
                                                        within: bool) -> None:
    compared = reconcile(reported, computed, 1, percent=True)
    assert (compared.truncated, compared.agrees, compared.within_tolerance) == (truncated, agrees, within)


def test_reconcile_scores() -> None:
    cut = reconcile(86, 86 + 2 / 3, 0.5)
    assert (cut.truncated, cut.within_tolerance, cut.rounded) == (True, False, 87)
    assert reconcile(100, 99.6, 0.5).agrees
    off = reconcile(95, 99, 0.5)
    assert (off.truncated, off.agrees, off.within_tolerance, off.difference) == (False, False, False, -4)


def test_number_and_percent_text() -> None:
    assert [number_text(v) for v in (109.1475, 79.38, 8.0, 1 / 3, None)] == [
        "109.1475", "79.38", "8", "0.3333", "—"]
    assert [percent_text(v) for v in (104 / 90, 2147 / 400, 1.6, 1.0, None)] == [
        "115.56%", "536.75%", "160%", "100%", "—"]


# Properties.

_directions = st.sampled_from(["≥", "≤", "="])
_numbers = st.one_of(st.none(), st.floats(min_value=-1000, max_value=1e6, allow_nan=False))
_weights = st.one_of(st.none(), st.floats(min_value=0, max_value=60, allow_nan=False))


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.fixed_dictionaries({
    "direction": _directions, "target": _numbers, "actual": _numbers, "weight": _weights,
    "self_score": _numbers}), min_size=0, max_size=6),
    spent=_numbers, over_deducts=st.booleans())
def test_no_score_exceeds_its_weight_and_totals_are_sums(rows: list[dict[str, Any]],
                                                         spent: float | None,
                                                         over_deducts: bool) -> None:
    rules = RULES
    if over_deducts:
        rules = replace(RULES, over_completion=replace(RULES.over_completion, deduct=True))
    evaluation = evaluated(*(row(**cells) for cells in rows), rules=rules, spent_total=spent)
    for result in evaluation.indicators:
        assert 0 <= result.score.value <= (result.indicator.weight or 0) + 1e-9
    assert 0 <= evaluation.budget_score.value <= evaluation.budget_weight
    parts = evaluation.budget_score.value + sum(s.score.value for s in evaluation.subtotals)
    assert evaluation.total_score.value == pytest.approx(parts)
    assert evaluation.total_score.value == pytest.approx(
        evaluation.budget_score.value + sum(r.score.value for r in evaluation.indicators if r.counted))


@settings(max_examples=100, deadline=None)
@given(result=st.sampled_from(["达成", "部分达成", "未达成"]),
       weight=st.floats(min_value=0, max_value=50, allow_nan=False),
       own=st.one_of(st.none(), st.floats(min_value=-10, max_value=100, allow_nan=False)))
def test_a_qualitative_score_always_lies_in_its_band(result: str, weight: float,
                                                     own: float | None) -> None:
    outcome = one(direction="定性", target="好", actual="好", qualitative_result=result,
                  self_score=own, weight=weight)
    low, high = outcome.band.points(weight)
    assert low - 1e-9 <= outcome.score.value <= high + 1e-9


# The seed reports.


def zhongluotan() -> Evaluation:
    return evaluate(submission_from_data(ZHONGLUOTAN_2022, "钟落潭镇_2022.xlsx"), RULES)


def shimen() -> Evaluation:
    return evaluate(submission_from_data(SHIMEN_2023, "石门街道_2023.xlsx"), RULES)


def by_name(evaluation: Evaluation) -> dict[str, IndicatorResult]:
    return {result.indicator.name: result for result in evaluation.indicators}


def test_zhongluotan_budget_is_city_plus_district() -> None:
    data = ZHONGLUOTAN_2022
    assert data["fund_city"] + data["fund_district"] == pytest.approx(data["fund_current"]) == 198.45
    assert [p["agreed_amount"] for p in data["payments"]] == [109.1475, 79.38, 9.9225]
    assert [round(p["agreed_ratio"] * data["fund_current"], 4) for p in data["payments"]] == [
        109.1475, 79.38, 9.9225]
    assert sum(p["agreed_amount"] for p in data["payments"]) == pytest.approx(198.45)


def test_zhongluotan_completions_are_the_reports() -> None:
    results = by_name(zhongluotan())
    expected = {
        "家庭探访户数": (1600, 1600, "100%"),
        "个案数": (104, 90, "115.56%"),
        "小组数": (44, 44, "100%"),
        "大型社区活动数": (12, 12, "100%"),
        "中小型社区活动数": (45, 28, "160.71%"),
        "招募注册义工人数": (314, 150, "209.33%"),
        "组织参与志愿服务人次": (2147, 400, "536.75%"),
        "社区调研份数": (16, 16, "100%"),
    }
    for name, (actual, target, shown) in expected.items():
        result = results[name]
        assert result.completion.value == pytest.approx(actual / target), name
        assert percent_text(result.completion.value) == shown, name
        assert result.met is True and result.score.value == result.indicator.weight, name
    # 社区活动 40 → 57 is 大型 + 中小型.
    activities = [results["大型社区活动数"].indicator, results["中小型社区活动数"].indicator]
    assert sum(i.target.number for i in activities) == 40
    assert sum(i.actual.number for i in activities) == 57


def test_zhongluotan_over_threshold_indicators_need_a_reason() -> None:
    evaluation = zhongluotan()
    over = {r.indicator.name for r in evaluation.indicators if r.over_threshold}
    assert over == {"中小型社区活动数", "招募注册义工人数", "组织参与志愿服务人次"}
    assert by_name(evaluation)["个案数"].needs_reason is False  # 115% is under 130%
    assert evaluation.over_threshold_count == 3
    assert evaluation.unmet_count == 0


def test_zhongluotan_recomputed_total_and_grade() -> None:
    evaluation = zhongluotan()
    assert evaluation.exec_rate.value == 1.0
    assert evaluation.budget_score.value == 10
    assert [(s.level1, s.weight, s.score.value) for s in evaluation.subtotals] == [
        ("产出指标", 50, 50), ("效益指标", 30, 29), ("满意度指标", 10, 10)]
    assert evaluation.total_score.value == 99
    assert evaluation.grade == "优"
    assert (evaluation.self_total, evaluation.self_grade) == (99, "优")
    assert evaluation.indicator_count == 11
    assert evaluation.unverified_count == 0
    assert by_name(evaluation)["第三方中期、末期评估结果"].score.value == 14


def test_shimen_recomputed_total_and_grade() -> None:
    evaluation = shimen()
    assert evaluation.exec_rate.value == 1.0
    assert evaluation.budget_weight == 20
    assert evaluation.budget_score.value == 20
    assert [(s.level1, s.rules_weight, s.weight, s.score.value) for s in evaluation.subtotals] == [
        ("产出指标", 50, 40, 40), ("效益指标", 30, 30, 30), ("满意度指标", 10, 10, 10)]
    assert evaluation.weight_total == 100
    assert evaluation.total_score.value == 100
    assert evaluation.grade == "优"
    assert (evaluation.self_total, evaluation.self_grade) == (100, "优")


def test_shimen_rate_targets_against_counts_stand_unverified() -> None:
    results = by_name(shimen())
    unverified = {name for name, r in results.items() if r.basis is Basis.UNVERIFIED}
    assert unverified == {"社工服务人次完成率", "链接社会资源服务辖区居民", "社会工作服务站阵地宣传影响力"}
    assert results["服务站点覆盖率"].completion.value == 1.0
    volunteers = results["培育志愿者人数"]
    assert volunteers.completion.value == pytest.approx(9.6)  # ">10人" against 96
    assert volunteers.over_threshold is True
    assert shimen().unverified_count == 3
    assert shimen().unverified_points == 30


@pytest.mark.parametrize(("actual", "qualitative_result", "direction"), [
    ("已完成", None, "≥"), ("达标", None, "≥"), ("良好", "尚可", "定性")])
def test_words_where_a_result_is_needed_carry_the_self_score_as_unverified(
        actual: str, qualitative_result: str | None, direction: str) -> None:
    evaluation = evaluated(row(target=100, actual=actual, self_score=9, direction=direction,
                               qualitative_result=qualitative_result))
    result = evaluation.indicators[0]
    assert (result.basis, result.score.value) == (Basis.UNVERIFIED, 9)
    assert (evaluation.unverified_count, evaluation.unverified_points) == (1, 9)

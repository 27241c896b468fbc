"""The rules file: defaults, overrides and every way a rules file can be wrong."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from excel_eval.rules import RulesError, load_rules


def write(tmp_path: Path, text: str, name: str = "规则.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_are_the_national_method_with_local_payments() -> None:
    rules = load_rules()
    assert rules.weights.budget == 10
    assert rules.weights.level1 == {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
    assert [(band.grade, band.minimum) for band in rules.grades] == [
        ("优", 90), ("良", 80), ("中", 60), ("差", 0)]
    assert [(band.result, band.low, band.high, band.high_included) for band in rules.qualitative] == [
        ("达成", 0.8, 1.0, True), ("部分达成", 0.6, 0.8, False), ("未达成", 0.0, 0.6, False)]
    assert [band.text for band in rules.qualitative] == [
        "80%（含）–100%（含）", "60%（含）–80%（不含）", "0%（含）–60%（不含）"]
    assert rules.methods.by_direction == {"≥": "ratio", "≤": "inverse_ratio", "=": "deviation"}
    assert rules.methods.equal_tolerance == 0
    assert (rules.tolerance.money, rules.tolerance.rate_points, rules.tolerance.score) == (0.01, 1, 0.5)
    assert rules.tolerance.rate == pytest.approx(0.01)
    assert rules.over_completion.threshold == 1.30
    assert rules.over_completion.deduct is False
    assert [(t.stage, t.ratio, t.condition, t.eval_field) for t in rules.payments] == [
        ("首期", 0.55, "签订合同", None),
        ("中期", 0.40, "中期评估", "mid_eval_result"),
        ("末期", 0.05, "末期评估", "final_eval_result")]
    assert rules.budget_change_share == 0.20
    assert rules.outliers.completion_factor == 2.0 and rules.outliers.min_units == 3
    assert (rules.review.return_date, rules.review.contact, rules.review.phone) == (None, "", "")
    assert rules.source is None
    assert rules.description == f"本区复核规则（默认，{rules.fingerprint}）"
    assert len(rules.fingerprint) == 8


@pytest.mark.parametrize(("score", "grade"), [
    (100, "优"), (90, "优"), (89.99, "良"), (80, "良"), (79.99, "中"), (60, "中"), (59.99, "差"),
    (0, "差"), (90 - 1e-9, "优"),  # float noise of a sum is not a lower grade
])
def test_grade_bands_include_their_minimum(score: float, grade: str) -> None:
    assert load_rules().grade_for(score) == grade


def test_a_user_file_overrides_only_its_own_keys(tmp_path: Path) -> None:
    path = write(tmp_path, "[over_completion]\nthreshold = 1.5\ndeduct = true\n")
    rules = load_rules(path)
    defaults = load_rules()
    assert rules.over_completion.threshold == 1.5
    assert rules.over_completion.deduct is True
    assert rules.over_completion.deduct_per_point == defaults.over_completion.deduct_per_point
    assert rules.weights == defaults.weights
    assert rules.grades == defaults.grades
    assert rules.payments == defaults.payments
    assert rules.source == path
    assert rules.description == f"本区复核规则：规则文件 {path}（{rules.fingerprint}）"
    assert rules.fingerprint != defaults.fingerprint


def test_a_file_repeating_the_defaults_has_the_default_fingerprint(tmp_path: Path) -> None:
    path = write(tmp_path, "[weights]\nbudget = 10\n[grades]\n\"优\" = 90\n")
    assert load_rules(path).fingerprint == load_rules().fingerprint


def test_weights_grades_and_review_can_be_changed(tmp_path: Path) -> None:
    path = write(tmp_path, """
[weights]
budget = 20
[weights.level1]
"产出指标" = 40
[grades]
"优" = 85
[review]
return_date = 2025-03-31
contact = "区民政局 社会工作科"
""")
    rules = load_rules(path)
    assert rules.weights.budget == 20 and rules.weights.level1["产出指标"] == 40
    assert rules.weights.total == 100
    assert rules.grade_for(86) == "优"
    assert rules.review.return_date == dt.date(2025, 3, 31)
    assert rules.review.contact == "区民政局 社会工作科"


def test_return_date_may_be_written_as_text(tmp_path: Path) -> None:
    rules = load_rules(write(tmp_path, '[review]\nreturn_date = "2025-04-01"\n'))
    assert rules.review.return_date == dt.date(2025, 4, 1)


def test_an_integer_where_a_fraction_is_expected_is_a_number(tmp_path: Path) -> None:
    rules = load_rules(write(tmp_path, "[tolerance]\nscore = 1\n"))
    assert rules.tolerance.score == 1.0


@pytest.mark.parametrize(("text", "key", "problem"), [
    ("[over_completion\nthreshold = 1.5\n", "", "不是有效的 TOML 格式（第 1 行"),
    ("[weight]\nbudget = 10\n", "weight", "不是可用的规则项"),
    ('[weights.level1]\n"决策指标" = 10\n', "weights.level1.决策指标", "不是可用的规则项"),
    ("[tolerance]\ncurrency = 0.01\n", "tolerance.currency", "不是可用的规则项"),
    ('[over_completion]\nthreshold = "1.3"\n', "over_completion.threshold", "应为数字"),
    ("[over_completion]\ndeduct = 1\n", "over_completion.deduct", "应为 true 或 false"),
    ("[tolerance]\nscore = true\n", "tolerance.score", "应为数字"),
    ('[qualitative]\n"达成" = 0.8\n', "qualitative.达成", "应为一节"),
    ('[qualitative."达成"]\nhigh_included = "是"\n', "qualitative.达成.high_included", "应为 true 或 false"),
    ('[qualitative."部分达成"]\nhigh_included = true\n', "qualitative.部分达成.high_included",
     "不能同时属于两档"),
    ('[methods]\n"≤" = "ratio"\n', "methods.≤", "inverse_ratio、linear_to_zero"),
    ('[methods]\nequal_tolerance = 5\n', "methods.equal_tolerance", "0–1 之间"),
    ("weights = 10\n", "weights", "应为一节"),
    ("[review]\ncontact = 5\n", "review.contact", "应为文字"),
    ("[weights]\nbudget = 20\n", "weights", "合计为 110，应为 100"),
    ("[weights]\nbudget = -10\n[weights.level1]\n\"产出指标\" = 70\n", "weights.budget", "不能为负数"),
    ('[grades]\n"良" = 95\n', "grades.良", "应低于“优”"),
    ('[grades]\n"中" = 80\n', "grades.中", "应低于“良”"),
    ('[grades]\n"差" = 10\n', "grades.差", "最低分应为 0"),
    ('[grades]\n"优" = 120\n', "grades.优", "0–100"),
    ('[qualitative."部分达成"]\nhigh = 0.85\n', "qualitative.部分达成", "不重叠"),
    ('[qualitative."未达成"]\nlow = 0.5\nhigh = 0.7\n', "qualitative.未达成", "不重叠"),
    ('[qualitative."达成"]\nlow = 0.9\nhigh = 0.8\n', "qualitative.达成", "下限 < 上限"),
    ("[tolerance]\nmoney = -0.01\n", "tolerance.money", "不能为负数"),
    ("[comparison]\nunit_sheets_limit = -1\n", "comparison.unit_sheets_limit", "不小于 0 的整数"),
    ("[over_completion]\nthreshold = 130\n", "over_completion.threshold", "如 1.30 表示 130%"),
    ("[over_completion]\nthreshold = 0.9\n", "over_completion.threshold", "大于 1"),
    ("[over_completion]\ndeduct_max = 1.5\n", "over_completion.deduct_max", "0–1 之间"),
    ('[payments."首期"]\nratio = 0.5\n', "payments", "合计为 0.95，应为 1"),
    ('[payments."首期"]\ncondition = "验收"\n', "payments.首期.condition", "签订合同、中期评估、末期评估"),
    ('[payments."尾款"]\nratio = 0.1\n', "payments.尾款", "不是可用的规则项"),
    ("[budget_change]\nshare = 20\n", "budget_change.share", "0–1 之间"),
    ("[outliers]\ncompletion_factor = 1\n", "outliers.completion_factor", "大于 1"),
    ("[outliers]\nmin_units = 1.5\n", "outliers.min_units", "不小于 2 的整数"),
    ('[review]\nreturn_date = "3月底"\n', "review.return_date", "2025-03-31"),
    ("[review]\nreturn_date = 2025\n", "review.return_date", "应为日期"),
])
def test_a_bad_rules_file_names_the_file_and_the_key(tmp_path: Path, text: str, key: str,
                                                     problem: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(RulesError) as raised:
        load_rules(path)
    message = str(raised.value)
    assert f"规则文件 {path}" in message
    assert f"“{key}”" in message if key else True
    assert problem in message


def test_a_missing_rules_file_is_a_rules_error(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="找不到规则文件 .*没有.toml"):
        load_rules(tmp_path / "没有.toml")


def test_a_rules_file_not_in_utf8_is_a_rules_error(tmp_path: Path) -> None:
    path = tmp_path / "gbk.toml"
    path.write_bytes('[review]\ncontact = "张三"\n'.encode("gbk"))
    with pytest.raises(RulesError, match="不是 UTF-8 编码"):
        load_rules(path)


def test_a_rules_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes("\ufeff[tolerance]\nscore = 1\n".encode("utf-8"))
    assert load_rules(path).tolerance.score == 1


def test_a_directory_is_not_a_rules_file(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="无法读取规则文件"):
        load_rules(tmp_path)

"""What a district auditor writes about a submission: each rule on a workbook built here.

Every test fills the template with openpyxl, reads it back through the same
path ``check`` and ``collect`` take, and asserts on the recomputed scores
and the findings — the way a 绩效科 reviewer would read the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from excel_eval.findings import Finding, Severity
from excel_eval.judge.review import Review, review_file
from excel_eval.rules import load_rules
from tests.builders import CLEAN_INDICATORS, clean_submission
from tests.filling import Percent

RULES = load_rules()
E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO


def reviewed(tmp_path: Path, rows: list[dict[str, Any]] | None = None, **fields: Any) -> Review:
    """The clean submission with ``rows`` in place of its indicators, read back and reviewed."""
    return review_file(clean_submission(tmp_path, indicators=rows, **fields), RULES)


def codes(review: Review) -> list[str]:
    return [finding.code for finding in review.findings]


def with_row(index: int, **cells: Any) -> list[dict[str, Any]]:
    """The clean indicators with row ``index`` changed."""
    rows = [dict(row) for row in CLEAN_INDICATORS]
    rows[index].update(cells)
    return rows


def of(review: Review, code: str) -> list[Finding]:
    return [finding for finding in review.findings if finding.code == code]


def cell(review: Review, index: int, key: str) -> str:
    """The cell of field ``key`` of indicator row ``index`` as the file has it."""
    return review.submission.indicators[index].ref(key).cell


# Direction methods (本区复核规则, named in rules.toml [methods]).


def test_a_ceiling_missed_scores_target_over_actual_and_the_towns_figure_agrees(tmp_path: Path) -> None:
    # ≤120 元 per service, actual 180: the common method gives 120 ÷ 180 × 10 = 6.67, not 5.
    rows = with_row(1, level2="成本指标", name="单位服务成本", direction="≤", unit="元", target=120,
                    actual=180, weight=20, reported_rate=None, self_score=13.33,
                    deviation_reason="物价上涨，单位服务成本上升；下年度控制采购成本。")
    review = reviewed(tmp_path, rows, self_total_score=93.33)
    cost = review.evaluation.indicators[1]
    assert cost.score.value == pytest.approx(13.333, abs=1e-3)
    assert "年度指标值 ÷ 实际完成值" in cost.score.how
    assert not [f for f in review.findings if f.severity in (E, W)], [f.message for f in review.findings]


def test_a_percentage_row_reads_15_as_15_percent(tmp_path: Path) -> None:
    rows = with_row(3, target=15, actual=12, reported_rate=0.8, self_score=8,
                    deviation_reason="问卷回收率低，下年度改进。")
    review = reviewed(tmp_path, rows, self_total_score=98)
    satisfaction = review.evaluation.indicators[3]
    assert satisfaction.completion.value == pytest.approx(0.8)
    assert satisfaction.score.value == pytest.approx(8)
    # Noted once for the file, asking for the % sign, naming both cells.
    (note,) = of(review, "percent_sign_missing")
    assert (note.severity, note.cell, note.found, note.expected) == (I, "E16", "15", "15%")
    assert note.cells == ("绩效自评表!E16", "绩效自评表!F16")


# Percentages read by what the cell is.


@pytest.mark.parametrize(("target", "actual", "noted"), [
    (Percent(0.9), Percent(0.95), False),  # typed 90% in Excel: kept as 0.9, shown as 90%
    (0.9, 0.95, True),  # a ratio in a plain cell of a % row
    (90, 95, True),  # percentage points in a plain cell of a % row
])
def test_a_percentage_is_read_by_its_cell_format_or_else_by_its_size(tmp_path: Path, target: Any, actual: Any,
                                                                     noted: bool) -> None:
    review = reviewed(tmp_path, with_row(3, target=target, actual=actual))
    satisfaction = review.evaluation.indicators[3]
    assert satisfaction.completion.value == pytest.approx(95 / 90)
    assert bool(of(review, "percent_sign_missing")) is noted
    assert not [f for f in review.findings if f.severity in (E, W)], [f.message for f in review.findings]


def test_a_cell_formatted_as_a_percentage_needs_no_unit_column(tmp_path: Path) -> None:
    review = reviewed(tmp_path, with_row(3, unit=None, target=Percent(0.9), actual=Percent(0.95)))
    satisfaction = review.submission.indicators[3]
    assert (satisfaction.target.text, satisfaction.actual.base) == ("90%", (pytest.approx(0.95), "%"))
    assert review.evaluation.indicators[3].completion.value == pytest.approx(95 / 90)


def test_a_rate_cell_is_what_its_format_shows(tmp_path: Path) -> None:
    import openpyxl

    # 536.75% typed into the template's % cell is kept as 5.3675: no threshold turns it into points.
    rows = with_row(0, target=400, actual=2147, reported_rate=5.3675, deviation_reason="居民参与积极性高，年度目标偏低。")
    path = clean_submission(tmp_path, indicators=rows)
    assert review_file(path, RULES).submission.indicators[0].reported_rate == pytest.approx(5.3675)
    # A town that cleared the cell's format and typed 115: 115%, noted.
    book = openpyxl.load_workbook(path)
    book["绩效自评表"]["L14"].number_format = "General"
    book["绩效自评表"]["L14"].value = 110
    book.save(path)
    review = review_file(path, RULES)
    assert review.submission.indicators[1].reported_rate == pytest.approx(1.1)
    (note,) = of(review, "percent_sign_missing")
    assert (note.cell, note.found, note.expected) == ("L14", "110", "110%")
    assert not of(review, "rate_mismatch")


# Qualitative bands (national): 80% belongs to 达成, not to 部分达成.


@pytest.mark.parametrize(("result", "own", "flagged"), [
    ("达成", 24, False), ("部分达成", 24, True), ("部分达成", 23.9, False), ("未达成", 18, True),
])
def test_the_top_of_a_lower_band_is_open(tmp_path: Path, result: str, own: float, flagged: bool) -> None:
    rows = with_row(2, actual=result, self_score=own, deviation_reason="部分社区尚未覆盖。")
    review = reviewed(tmp_path, rows)
    assert bool(of(review, "qualitative_out_of_band")) is flagged


# 待核实: one status for what cannot be verified.


def rate_only(name: str = "社工服务人次完成率", **cells: Any) -> dict[str, Any]:
    return {"level1": "产出指标", "level2": "数量指标", "name": name, "direction": "≥", "unit": "%",
            "target": "100%", "actual": ">10万人次", "weight": 10, "self_score": 10, **cells}


def test_a_rate_only_target_carries_its_self_score_as_unverified(tmp_path: Path) -> None:
    rows = with_row(0, weight=20, self_score=20) + [rate_only()]
    review = reviewed(tmp_path, rows)
    evaluation = review.evaluation
    assert evaluation.total_score.value == pytest.approx(100)  # 90 checked + the 10 carried
    assert (evaluation.unverified_count, evaluation.unverified_points) == (1, 10)
    row = of(review, "target_no_base")[0]
    assert (row.severity, row.cell) == (W, "E17")
    assert "暂按自评得分 10 分计入，待核实" in row.message
    total = of(review, "unverified_points")[0]
    assert (total.severity, total.found) == (W, "10")
    assert "未超过 10 分，参加排名" in total.message


@pytest.mark.parametrize("actual", ["达标", "已完成"])
def test_a_word_as_the_actual_of_a_count_is_unverified(tmp_path: Path, actual: str) -> None:
    review = reviewed(tmp_path, with_row(0, actual=actual))
    assert review.evaluation.indicators[0].score.value == 30
    assert review.evaluation.unverified_points == 30
    finding = of(review, "actual_not_a_number")[0]
    assert (finding.severity, finding.cell, finding.found) == (W, "F13", actual)
    assert "超过 10 分，不参加排名" in of(review, "unverified_points")[0].message


# Comparisons.


def test_ranking_leaves_out_units_resting_on_unverified_points_and_empty_files(tmp_path: Path) -> None:
    from excel_eval.collect import collect
    from excel_eval.write import tables

    folder = tmp_path / "报送"
    clean_submission(folder, "江高镇.xlsx")
    clean_submission(folder, "人和镇.xlsx", unit_name="人和镇", indicators=with_row(1, actual=40, self_score=10,
                                                                                    deviation_reason="人手不足。"))
    clean_submission(folder, "石门街道.xlsx", unit_name="石门街道",
                     indicators=with_row(0, weight=10, self_score=10) + [rate_only(weight=20, self_score=20)])
    clean_submission(folder, "太和镇.xlsx", unit_name="太和镇", indicators=[], budget_weight=None,
                     self_total_score=None, self_grade=None)
    rows = {row["unit"]: row for row in tables.unit_rows(collect(folder, RULES))}
    assert set([row["unit"] for row in tables.unit_rows(collect(folder, RULES))][-2:]) == {"石门街道", "太和镇"}
    assert (rows["江高镇"]["rank"], rows["人和镇"]["rank"]) == (1, 2)
    assert rows["石门街道"]["rank"] is None
    assert rows["石门街道"]["unranked_reason"] == "待核实分值 20 分，超过 10 分"
    assert rows["石门街道"]["unverified_points"] == 20
    assert (rows["太和镇"]["rank"], rows["太和镇"]["grade"]) == (None, "")
    assert rows["太和镇"]["unranked_reason"] == "未填写绩效指标和分值，不评级"


def test_average_completion_caps_each_row(tmp_path: Path) -> None:
    # 个案服务数 88 of 80 and a 536.75% row: the average counts each at most 100%.
    rows = with_row(0, target=400, actual=2147, reported_rate=5.3675, deviation_reason="居民参与积极性高。")
    evaluation = reviewed(tmp_path, rows).evaluation
    assert evaluation.average_completion == pytest.approx(1.0)


def test_medians_need_at_least_the_configured_units(tmp_path: Path) -> None:
    from excel_eval.collect import collect

    folder = tmp_path / "报送"
    clean_submission(folder, "江高镇.xlsx")
    clean_submission(folder, "人和镇.xlsx", unit_name="人和镇",
                     indicators=with_row(0, actual=5000, reported_rate=5, deviation_reason="需求大。"))
    two = collect(folder, RULES)
    assert not [f for f in two.cross_findings if f.code == "completion_outlier"]
    clean_submission(folder, "太和镇.xlsx", unit_name="太和镇")
    three = collect(folder, RULES)
    assert [f.unit for f in three.cross_findings if f.code == "completion_outlier"] == ["人和镇"]


# Substance checks: each its code, severity and threshold in rules.toml.


def with_field(review: Review, name: str, value: Any) -> list[Finding]:
    """The findings of ``review`` had the file also filled the field ``name``."""
    from excel_eval.judge.checks import check
    from excel_eval.model import FieldValue

    review.submission.fields[name] = FieldValue(value, value, None)
    return check(review.submission, review.evaluation, RULES)


def test_a_full_satisfaction_target_and_a_satisfaction_row_without_its_survey(tmp_path: Path) -> None:
    review = reviewed(tmp_path, with_row(3, target=1, actual=1, reported_rate=1), survey_note=None)
    target = of(review, "satisfaction_target_full")[0]
    assert (target.severity, target.cell, target.found) == (I, cell(review, 3, "target"), "100%")
    survey = of(review, "satisfaction_no_survey")[0]
    assert (survey.severity, survey.cell) == (I, cell(review, 3, "actual"))
    assert not of(reviewed(tmp_path / "b"), "satisfaction_no_survey")  # the clean file says how it asked
    del review.submission.fields["survey_note"]  # a 1.0 form has no 满意度调查说明 to ask for
    assert "satisfaction_no_survey" not in [f.code for f in with_field(review, "execution_note", "")]


def test_no_satisfaction_row_is_a_warning_not_an_approval(tmp_path: Path) -> None:
    rows = with_row(0, weight=40, self_score=40)[:3]
    review = reviewed(tmp_path, rows)
    assert [(f.severity, f.cell) for f in of(review, "satisfaction_missing")] == [(W, cell(review, 0, "level1"))]
    assert not [f for f in of(review, "weight_differs_from_default") if "满意度" in f.message]


def test_outputs_counted_only_by_quantity(tmp_path: Path) -> None:
    assert [f.severity for f in of(reviewed(tmp_path, with_row(1, level2="数量指标")), "output_only_quantity")] == [I]
    assert not of(reviewed(tmp_path / "b"), "output_only_quantity")


def test_an_input_amount_set_as_an_output_but_not_as_a_cost(tmp_path: Path) -> None:
    money = {"name": "工程资金金额", "unit": "万元", "target": 200, "actual": 200, "reported_rate": 1}
    review = reviewed(tmp_path, with_row(1, **money))
    finding = of(review, "input_as_output")[0]
    assert (finding.severity, finding.cell) == (W, cell(review, 1, "name"))
    assert not of(reviewed(tmp_path / "b", with_row(1, level2="成本指标", direction="≤", **money)),
                  "input_as_output")


def test_qualitative_targets_that_measure_nothing_are_one_note(tmp_path: Path) -> None:
    rows = with_row(2, target="效果明显") + [{"level1": "效益指标", "level2": "可持续影响指标", "name": "服务能力",
                                             "direction": "定性", "target": "逐步提高", "actual": "达成",
                                             "weight": 0, "self_score": 0}]
    found = of(reviewed(tmp_path, rows), "targets_unmeasurable")
    assert len(found) == 1 and found[0].severity is I
    assert "“困境群体服务覆盖”（效果明显）；“服务能力”（逐步提高）" in found[0].message


def test_low_execution_asks_for_its_note(tmp_path: Path) -> None:
    review = reviewed(tmp_path, spent_total=170, exec_rate_reported=0.85, budget_score_reported=8.5,
                      self_total_score=98.5)
    finding = of(review, "execution_low_unexplained")[0]
    assert (finding.severity, finding.found, finding.expected) == (W, "85%", "90%")
    assert "execution_low_unexplained" not in [f.code for f in with_field(review, "execution_note", "项目延期。")]
    assert not of(reviewed(tmp_path / "b", spent_total=182, exec_rate_reported=0.91,
                           budget_score_reported=9.1, self_total_score=99.1), "execution_low_unexplained")


def test_a_budget_cut_beyond_the_share_needs_its_note(tmp_path: Path) -> None:
    # 202.64 → 132.912 万元 is −34%: a warning, not a note.
    review = reviewed(tmp_path, budget_initial=202.64, budget_total=132.912, spent_total=132.912,
                      fund_city=32.912)
    finding = of(review, "budget_adjusted_unexplained")[0]
    assert (finding.severity, finding.cell) == (W, review.submission.ref("budget_change_note").cell)
    assert "202.64 万元调整为全年预算数 132.912 万元，变动 −34.41%，超过 20%" in finding.message
    small = reviewed(tmp_path / "b", budget_initial=210)
    assert [f.severity for f in of(small, "budget_change_unexplained")] == [I]
    assert not of(small, "budget_adjusted_unexplained")


def test_a_cost_ceiling_left_at_the_initial_budget(tmp_path: Path) -> None:
    rows = with_row(1, level2="成本指标", name="项目总成本", direction="≤", unit="万元", target=250, actual=200,
                    reported_rate=None)
    review = reviewed(tmp_path, rows)
    finding = of(review, "cost_ceiling_above_budget")[0]
    assert (finding.severity, finding.cell, finding.found, finding.expected) == (I, cell(review, 1, "target"), "250", "200")


def test_payment_dates_and_ratios(tmp_path: Path) -> None:
    import datetime as dt

    payments = [{"agreed_ratio": 0.55, "paid_amount": 110, "paid_date": dt.datetime(2023, 12, 20)},
                {"agreed_ratio": 0.45, "paid_amount": 80, "paid_date": dt.datetime(2024, 8, 1)},
                {"agreed_ratio": 0.05, "paid_amount": 10, "paid_date": dt.datetime(2025, 7, 10)}]
    review = reviewed(tmp_path, payments=payments)
    dates = of(review, "payment_date_outside_year")
    assert [(f.severity, f.found) for f in dates] == [(W, "2023-12-20"), (W, "2025-07-10")]
    assert "晚于评价年度结束后 6 个月" in dates[1].message
    ratios = of(review, "payment_ratios_not_100")[0]
    assert (ratios.severity, ratios.found) == (W, "105%")
    early = with_field(review, "mid_eval_date", dt.date(2024, 9, 15))
    assert [(f.severity, f.found, f.expected) for f in early if f.code == "payment_before_evaluation_date"] == [
        (W, "2024-08-01", "2024-09-15")]


def test_over_completion_with_a_reason_still_notes_the_target(tmp_path: Path) -> None:
    rows = with_row(0, target=400, actual=2147, reported_rate=5.3675, deviation_reason="居民参与积极性高。")
    review = reviewed(tmp_path, rows)
    finding = of(review, "target_maybe_low")[0]
    assert (finding.severity, finding.found) == (I, "536.75%")
    assert "overshoot_no_reason" not in codes(review)


def test_over_completion_deduction_is_said_in_its_finding(tmp_path: Path) -> None:
    from excel_eval.rules import load_rules as load

    rules_path = tmp_path / "规则.toml"
    rules_path.write_text("[over_completion]\ndeduct = true\n", encoding="utf-8")
    rows = with_row(0, target=400, actual=2147, reported_rate=5.3675, deviation_reason="居民参与积极性高。")
    review = review_file(clean_submission(tmp_path, indicators=rows), load(rules_path))
    assert "按本区复核规则超额完成扣减 6 分" in of(review, "target_maybe_low")[0].message


@pytest.mark.parametrize(("reason", "flagged"), [("按计划推进", True), ("已完成。", True),
                                                 ("人手不足，下半年新增 2 名社工。", False)])
def test_boilerplate_reasons(tmp_path: Path, reason: str, flagged: bool) -> None:
    rows = with_row(0, actual=590, reported_rate=0.59, self_score=17.7, deviation_reason=reason)
    review = reviewed(tmp_path, rows, self_total_score=87.7)
    found = of(review, "reason_boilerplate")
    assert bool(found) is flagged
    if flagged:
        assert found[0].severity is I and found[0].cell == cell(review, 0, "deviation_reason")


def test_one_reason_copied_onto_several_rows(tmp_path: Path) -> None:
    reason = "受疫情影响，活动延期。"
    rows = with_row(0, actual=900, reported_rate=0.9, self_score=27, deviation_reason=reason)
    rows[1].update(actual=70, reported_rate=70 / 80, self_score=17.5, deviation_reason=reason)
    review = reviewed(tmp_path, rows, self_total_score=94.5)
    found = of(review, "reason_boilerplate")
    assert [f.cell for f in found] == [cell(review, 0, "deviation_reason"), cell(review, 1, "deviation_reason")]
    assert "与另外 1 行相同" in found[0].message


@pytest.mark.parametrize(("total", "flagged"), [(99.5, True), (95, True), (94.9, False)])
def test_evidence_is_asked_from_the_configured_score(tmp_path: Path, total: float, flagged: bool) -> None:
    review = reviewed(tmp_path, with_row(0, evidence=None), self_total_score=total)
    assert bool(of(review, "perfect_score_no_evidence")) is flagged


# The 石门 report as the street wrote it: rate-only targets, no actuals, no row weights.


def test_a_rate_only_target_is_unverified_even_with_no_actual(tmp_path: Path) -> None:
    rows = with_row(0, weight=20, self_score=20) + [rate_only(actual=None)]
    review = reviewed(tmp_path, rows)
    assert (review.evaluation.unverified_count, review.evaluation.unverified_points) == (1, 10)
    assert [f.cell for f in of(review, "target_no_base")] == ["E17"]
    assert not of(review, "actual_missing")


def test_the_shimen_report_flags_its_rate_targets_and_the_perfect_score_on_them(tmp_path: Path) -> None:
    from tests.sample_data import SHIMEN_REPORT
    from tests.samples import build_sample

    review = review_file(build_sample(SHIMEN_REPORT, tmp_path / "石门街道_2023_绩效自评.xlsx"), RULES)
    assert {f.cell for f in of(review, "target_no_base")} == {"E13", "E17", "E18"}
    assert review.evaluation.unverified_count == 3
    claim = of(review, "high_score_unverified")[0]
    assert (claim.severity, claim.cell, claim.found) == (W, "H33", "100")
    assert "社工服务人次完成率、链接社会资源服务辖区居民、社会工作服务站阵地宣传影响力" in claim.message
    assert "未填写自评得分，按 0 分计入，待核实" in of(review, "target_no_base")[0].message
    # 20/40/30/10: the points the level cells state total 100 and are noted, not refused.
    notes = {(f.cell, f.found, f.expected) for f in of(review, "weight_differs_from_default")}
    assert notes == {("G6", "20", "10"), ("G13", "40", "50")}
    assert not of(review, "weights_total_wrong")
    assert review.evaluation.weight_total == 100
    assert review.evaluation.grade == ""  # rows without weights score nothing: not graded
    assert "各项指标均未填写分值，不评级，不参加排名" in of(review, "unverified_points")[0].message


# Result words: a word the rules lack is 待核实; in a qualitative row 达标 is 达成.


def test_a_result_word_the_rules_do_not_know_is_unverified_not_zero(tmp_path: Path) -> None:
    review = reviewed(tmp_path, with_row(2, actual="成效显著"))
    row = review.evaluation.indicators[2]
    assert (row.basis.value, row.score.value) == ("unverified", 30)
    (finding,) = of(review, "qualitative_result_unknown")
    assert (finding.severity, finding.cell, finding.found) == (W, "F15", "成效显著")
    assert "达成预期指标" in finding.message and "暂按自评得分 30 分计入，待核实" in finding.message


def test_in_a_qualitative_row_reaching_the_standard_is_a_result(tmp_path: Path) -> None:
    review = reviewed(tmp_path, with_row(2, actual="达标"))
    row = review.evaluation.indicators[2]
    assert (row.indicator.qualitative_result, row.basis.value, row.score.value) == ("达成", "qualitative", 30)
    assert not [f for f in review.findings if f.severity in (E, W)], [f.message for f in review.findings]


# A total and its parts (社区活动 57 = 大型 12 + 中小型 45): weights count once, the total is checked.


def activities(total_weight: float | None, part_weights: tuple[float | None, float | None],
               prefix: str = "其中：") -> list[dict[str, Any]]:
    """The clean rows with 家庭探访 replaced by 社区活动 40 → 57 and its two parts."""
    base = {"level1": "产出指标", "level2": "数量指标", "direction": "≥", "unit": "个", "evidence": "活动台账"}
    total = {**base, "name": "社区活动数", "target": 40, "actual": 57, "weight": total_weight,
             "self_score": total_weight, "reported_rate": 1.425, "deviation_reason": "居民需求大，增加中小型活动。"}
    large = {**base, "name": f"{prefix}大型社区活动数", "target": 12, "actual": 12, "weight": part_weights[0],
             "self_score": part_weights[0], "reported_rate": 1}
    small = {**base, "name": f"{prefix}中小型社区活动数", "target": 28, "actual": 45, "weight": part_weights[1],
             "self_score": part_weights[1], "reported_rate": 45 / 28,
             "deviation_reason": "居民需求大，增加中小型活动。"}
    return [total, large, small, *CLEAN_INDICATORS[1:]]


def test_weights_on_a_total_and_its_parts_count_once_by_the_parts(tmp_path: Path) -> None:
    review = reviewed(tmp_path, activities(30, (10, 20)))
    evaluation = review.evaluation
    assert evaluation.weight_total == 100 and evaluation.total_score.value == pytest.approx(100)
    total, large, small = evaluation.indicators[:3]
    assert (total.counted, large.counted, small.counted) == (False, True, True)
    assert (large.part_of, small.part_of) == (13, 13)
    (note,) = of(review, "total_and_parts")
    assert (note.severity, note.cell) == (I, "D13")
    assert "合计行的分值 30 分不重复计入" in note.message
    assert not of(review, "weights_total_wrong")


def test_parts_found_by_their_sums_need_no_weight_when_the_total_carries_it(tmp_path: Path) -> None:
    review = reviewed(tmp_path, activities(30, (None, None), prefix=""))
    total, large, small = review.evaluation.indicators[:3]
    assert (total.counted, large.counted, small.counted) == (True, False, False)
    assert not of(review, "indicator_weight_missing")
    assert review.evaluation.weight_total == 100
    assert "分值和得分按合计行计算" in of(review, "total_and_parts")[0].message


def test_the_totals_completion_is_checked_like_any_row(tmp_path: Path) -> None:
    rows = activities(30, (None, None))
    rows[0] = {**rows[0], "deviation_reason": None}
    rows[2] = {**rows[2], "deviation_reason": None}
    review = reviewed(tmp_path, rows)
    over = {(f.cell, f.found) for f in of(review, "overshoot_no_reason")}
    assert over == {("I13", "142.5%"), ("I15", "160.71%")}


def test_rows_that_do_not_add_up_are_rows_of_their_own(tmp_path: Path) -> None:
    rows = activities(10, (10, 10), prefix="")
    rows[1] = {**rows[1], "target": 11}
    review = reviewed(tmp_path, rows)
    assert all(r.counted and r.part_of is None for r in review.evaluation.indicators)
    assert not of(review, "total_and_parts")


# What the seed reports leave out: 执行数, self-scores; second-level names written short.


def test_no_execution_figure_is_an_error_that_says_what_it_costs(tmp_path: Path) -> None:
    review = reviewed(tmp_path, fund_current_spent=None, exec_rate_reported=None, budget_score_reported=None)
    (finding,) = of(review, "execution_missing")
    assert (finding.severity, finding.cell) == (E, "F6")
    assert "全年执行数未填写" in finding.message and "10 分按 0 分计" in finding.message


def test_rows_without_self_scores_are_one_warning_on_every_cell(tmp_path: Path) -> None:
    rows = [{**row, "self_score": None} for row in CLEAN_INDICATORS[:2]] + CLEAN_INDICATORS[2:]
    review = reviewed(tmp_path, rows)
    (finding,) = of(review, "self_scores_missing")
    assert (finding.severity, finding.cell, finding.cells) == (W, "H13", ("绩效自评表!H13", "绩效自评表!H14"))
    assert "家庭探访户数、个案服务数" in finding.message


def test_a_level_name_without_its_suffix_is_one_note_per_file(tmp_path: Path) -> None:
    rows = [{**row, "level2": row["level2"].removesuffix("指标")} if row["level1"] != "满意度指标" else row
            for row in CLEAN_INDICATORS]
    review = reviewed(tmp_path, rows)
    assert [r.indicator.level2 for r in review.evaluation.indicators][:3] == ["数量指标", "质量指标", "社会效益指标"]
    (note,) = of(review, "level_name_short")
    assert (note.severity, note.cell, note.found, note.expected) == (I, "C13", "数量", "数量指标")
    assert note.cells == ("绩效自评表!C13", "绩效自评表!C14", "绩效自评表!C15")
    assert not [f for f in review.findings if f.severity in (E, W)], [f.message for f in review.findings]


def test_the_words_that_mark_a_part_are_rules(tmp_path: Path) -> None:
    rules_file = tmp_path / "规则.toml"
    rules_file.write_text('[checks]\npart_prefixes = ["含："]\n', encoding="utf-8")
    rows = activities(None, (10, 20), prefix="含：")
    rows[1] = {**rows[1], "target": 13}  # the figures no longer add up: only the word marks the parts
    review = review_file(clean_submission(tmp_path, indicators=rows), load_rules(rules_file))
    assert [r.part_of for r in review.evaluation.indicators[:3]] == [None, 13, 13]
    assert not [f for f in review.findings if f.code == "indicator_weight_missing"]


def test_rows_without_weights_are_one_error_on_every_cell(tmp_path: Path) -> None:
    rows = [{**row, "weight": None} for row in CLEAN_INDICATORS[:2]] + CLEAN_INDICATORS[2:]
    review = reviewed(tmp_path, rows)
    (finding,) = of(review, "indicator_weight_missing")
    assert (finding.severity, finding.cell, finding.cells) == (E, "G13", ("绩效自评表!G13", "绩效自评表!G14"))
    assert "家庭探访户数、个案服务数" in finding.message and "复核按 0 分计" in finding.message


def test_a_level_that_states_points_its_rows_do_not_carry(tmp_path: Path) -> None:
    rows = [{**row, "level1": f"{row['level1']}(50分)"} if row["level1"] == "产出指标" else row
            for row in CLEAN_INDICATORS]
    assert not of(reviewed(tmp_path / "一致", rows), "level_points_differ")
    rows = [{**row, "level1": "产出指标(60分)"} if row["level1"] == "产出指标" else row for row in CLEAN_INDICATORS]
    (finding,) = of(reviewed(tmp_path / "不一致", rows), "level_points_differ")
    assert (finding.severity, finding.cell, finding.expected, finding.found) == (W, "B13", "60", "50")

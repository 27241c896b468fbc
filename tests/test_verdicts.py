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
from excel_eval.review import Review, review_file
from excel_eval.rules import load_rules
from tests.builders import CLEAN_INDICATORS, clean_submission

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
    assert "自评得分 10 分暂计入复核总分，待核实" in row.message
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
    from excel_eval import tables
    from excel_eval.collect import collect

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

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
    rows = with_row(2, qualitative_result=result, self_score=own, deviation_reason="部分社区尚未覆盖。")
    review = reviewed(tmp_path, rows)
    assert bool(of(review, "qualitative_out_of_band")) is flagged

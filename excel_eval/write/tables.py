"""The collection as tables: one row per unit, per indicator, per finding, per file not read.

These are the machine interface's one definition of its columns: each has an
English snake_case key (the DataFrame column, the JSON key) and the Chinese
header the summary shows (the CSV header), so the Python API, ``collect
--csv``, ``collect --json``, ``check --format json`` and the 区域对比 sheet all
say the same thing under the same names.  Rows are plain dicts of Python
values; nothing here imports pandas.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from excel_eval.collection import Collection, UnitEntry
from excel_eval.findings import Finding, Severity
from excel_eval.judge.ranking import standings_of
from excel_eval.judge.scoring import Basis, IndicatorResult
from excel_eval.read.reader import parse_a1
from excel_eval.values import as_read

#: How a column's values are typed: a pandas dtype, and the summary's cell style.
KINDS = {
    "text": ("string", "text"),
    "integer": ("Int64", "integer"),
    "money": ("float64", "money"),
    "ratio": ("float64", "percent"),
    "score": ("float64", "score"),
    "cells": ("string", "text"),
}
#: Cells of one row, joined in a CSV field or a DataFrame cell.
CELL_SEPARATOR = "；"


@dataclass(frozen=True)
class Column:
    """One column of a table: its key, its Chinese header and the kind of its values."""

    key: str
    header: str
    kind: str
    description: str

    @property
    def dtype(self) -> str:
        return KINDS[self.kind][0]

    @property
    def style(self) -> str:
        return KINDS[self.kind][1]


def _columns(*specs: tuple[str, str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(*spec) for spec in specs)


UNIT_COLUMNS = _columns(
    ("unit", "单位", "text", "单位名称（有名册时按名册写法）"),
    ("kind", "类型", "text", "名册中的单位类型（镇/街道）"),
    ("year", "年度", "integer", "评价年度"),
    ("budget_total", "全年预算数（万元）", "money", "全年预算数"),
    ("spent_total", "全年执行数（万元）", "money", "全年执行数"),
    ("exec_rate", "执行率", "ratio", "复核的预算执行率（比值，1 即 100%）"),
    ("indicator_count", "指标数", "integer", "三级指标个数"),
    ("average_completion", "平均完成率", "ratio", "按完成值核算的 ≥ 和 = 指标的平均完成率（比值），每项最多按规则的上限（默认 100%）计"),
    ("unmet_count", "未完成指标数", "integer", "未完成的指标个数"),
    ("over_threshold_count", "超额指标数", "integer", "完成率达到规则所设超额阈值（默认 130%）的指标个数"),
    ("self_total_score", "自评得分", "score", "单位自评总分"),
    ("total_score", "复核得分", "score", "复核总分"),
    ("unverified_points", "待核实分值", "score", "复核总分中暂按自评得分计入、待核实的分值"),
    ("score_difference", "差值（自评−复核）", "score", "自评总分减复核总分"),
    ("grade", "复核等级", "text", "复核等级（优/良/中/差）"),
    ("self_grade", "自评等级", "text", "单位自评等级"),
    ("rank", "排名", "integer", "同一年度内按复核得分的排名（同分同名次）；不参加排名的为空"),
    ("unranked_reason", "不排名原因", "text", "不参加排名的原因（待核实分值过多、未填写指标和分值）"),
    ("error_count", "错误数", "integer", "“错误”级问题个数"),
    ("warning_count", "警告数", "integer", "“警告”级问题个数"),
    ("info_count", "提示数", "integer", "“提示”级问题个数"),
    ("file", "文件", "text", "采用的报送文件（相对报送文件夹）"),
)

#: An indicator row as ``check --format json`` gives it; the collection's rows add unit, year and file.
INDICATOR_COLUMNS = _columns(
    ("level1", "一级指标", "text", "一级指标"),
    ("level2", "二级指标", "text", "二级指标"),
    ("name", "三级指标", "text", "三级指标（指标名称）"),
    ("direction", "指标方向", "text", "≥、≤、= 或 定性"),
    ("measure_unit", "计量单位", "text", "计量单位"),
    ("target", "年度指标值", "text", "年度指标值，按填写读取的文字"),
    ("actual", "实际完成值", "text", "实际完成值，按填写读取的文字"),
    ("weight", "分值", "score", "指标分值"),
    ("self_score", "自评得分", "score", "单位自评得分"),
    ("completion", "复核完成率", "ratio", "实际完成值 ÷ 年度指标值（比值，1.1556 即 115.56%）；无法计算时为空"),
    ("score", "复核得分", "score", "复核得分"),
    ("basis", "核算方式代码", "text", "measured 按完成值 / qualitative 定性 / unverified 待核实 / missing 缺少数据"),
    ("basis_label", "核算方式", "text", "核算方式的中文说明"),
    ("deviation_reason", "偏差原因分析及改进措施", "text", "偏差原因分析及改进措施"),
    ("evidence", "佐证材料", "text", "佐证材料"),
    ("cells", "单元格", "cells", "得分所依据的单元格，如 绩效指标!F5"),
)

#: A finding as ``check --format json`` gives it, and as the 问题清单 lists it.
FINDING_COLUMNS = _columns(
    ("severity", "级别代码", "text", "error / warning / info"),
    ("severity_label", "级别", "text", "错误 / 警告 / 提示"),
    ("code", "问题代码", "text", "问题类型的代码，如 exec_rate_mismatch"),
    ("title", "问题类型", "text", "问题类型"),
    ("unit", "单位", "text", "单位"),
    ("file", "文件", "text", "文件"),
    ("sheet", "工作表", "text", "工作表"),
    ("cell", "单元格", "text", "单元格"),
    ("field", "填报项", "text", "填报项的定义名称"),
    ("message", "说明", "text", "中文说明"),
    ("expected", "应为", "text", "应为"),
    ("found", "实为", "text", "实为"),
    ("cells", "涉及单元格", "cells", "问题涉及的每个单元格，如 绩效自评表!E13；同类格式问题合为一条时逐一列出"),
)

_OWNER_COLUMNS = _columns(
    ("unit", "单位", "text", "单位"),
    ("year", "年度", "integer", "评价年度"),
    ("file", "文件", "text", "文件"),
)
COLLECTED_INDICATOR_COLUMNS = _OWNER_COLUMNS + INDICATOR_COLUMNS

#: Every file that is not one of the compared units, and every roster unit that sent nothing.
NOT_INCLUDED_COLUMNS = _columns(
    ("status", "情况代码", "text",
     "missing 未报送 / failed 无法读取 / superseded 重复未采用 / other_year 其他年度 / skipped 跳过"),
    ("status_label", "情况", "text", "情况的中文说明"),
    ("file", "文件", "text", "文件（未报送的单位为空）"),
    ("unit", "单位", "text", "单位"),
    ("kind", "类型", "text", "名册中的单位类型（只对未报送的单位）"),
    ("reason", "原因", "text", "原因"),
)

TABLES = {
    "units": UNIT_COLUMNS,
    "indicators": COLLECTED_INDICATOR_COLUMNS,
    "findings": FINDING_COLUMNS,
    "not_included": NOT_INCLUDED_COLUMNS,
}

#: The machine codes of how a score was arrived at (``scoring.Basis`` is finer).
_BASIS_CODES = {Basis.ZERO_TARGET: "measured", Basis.UNVERIFIED: "unverified"}
#: What became of a file or roster unit left out of the comparison, in the order 未报送与无法读取 lists them.
NOT_INCLUDED_LABELS = {"missing": "名册中未报送的单位", "failed": "无法读取的文件", "superseded": "重复报送（未采用）",
                       "other_year": "不属于本次汇总年度", "skipped": "跳过的文件"}


def unit_rows(collection: Collection) -> list[dict[str, Any]]:
    """One row per compared unit in the collection's order, with its rank as 区域对比 shows it:
    within its year, of ranked units only (empty, with the reason, for a unit left unranked)."""
    standings = {id(standing.entry): standing for standing in standings_of(collection)}
    return [unit_row(collection, entry, standings[id(entry)].rank, standings[id(entry)].reason)
            for entry in collection.units]


def unit_row(collection: Collection, entry: UnitEntry, rank: int | None, reason: str) -> dict[str, Any]:
    evaluation = entry.review.evaluation
    submission = entry.review.submission
    found = collection.findings_of(entry.review)
    self_score = submission.number("self_total_score")
    total = evaluation.total_score.value
    return {
        "unit": entry.unit, "kind": entry.kind, "year": entry.year,
        "budget_total": submission.number("budget_total"), "spent_total": submission.number("spent_total"),
        "exec_rate": evaluation.exec_rate.value, "indicator_count": evaluation.indicator_count,
        "average_completion": evaluation.average_completion, "unmet_count": evaluation.unmet_count,
        "over_threshold_count": evaluation.over_threshold_count,
        "self_total_score": self_score, "total_score": total,
        "unverified_points": evaluation.unverified_points,
        "score_difference": None if self_score is None else self_score - total,
        "grade": evaluation.grade, "self_grade": submission.text("self_grade"), "rank": rank,
        "unranked_reason": reason,
        "error_count": _count(found, Severity.ERROR), "warning_count": _count(found, Severity.WARNING),
        "info_count": _count(found, Severity.INFO), "file": entry.review.name,
    }


def _count(found: list[Finding], severity: Severity) -> int:
    return sum(1 for finding in found if finding.severity is severity)


def indicator_row(result: IndicatorResult) -> dict[str, Any]:
    """One indicator, recomputed: what was written beside what the rules make of it."""
    indicator = result.indicator
    return {
        "level1": indicator.level1, "level2": indicator.level2, "name": indicator.name,
        "direction": indicator.direction, "measure_unit": indicator.unit,
        "target": as_read(indicator.target, indicator.unit), "actual": as_read(indicator.actual, indicator.unit),
        "weight": indicator.weight, "self_score": indicator.self_score,
        "completion": result.completion.value, "score": result.score.value,
        "basis": basis_code(result.basis), "basis_label": result.basis.label,
        "deviation_reason": indicator.deviation_reason, "evidence": indicator.evidence,
        "cells": list(dict.fromkeys(str(ref) for ref in result.completion.cells + result.score.cells)),
    }


def basis_code(basis: Basis) -> str:
    return _BASIS_CODES.get(basis, basis.value)


def indicator_rows(collection: Collection) -> Iterator[dict[str, Any]]:
    """One row per indicator of every compared unit, in the units' order."""
    for entry in collection.units:
        owner = {"unit": entry.unit, "year": entry.year, "file": entry.review.name}
        for result in entry.review.evaluation.indicators:
            yield {**owner, **indicator_row(result)}


def finding_row(finding: Finding) -> dict[str, Any]:
    return {
        "severity": finding.severity.value, "severity_label": finding.severity.label,
        "code": finding.code, "title": finding.title, "unit": finding.unit, "file": finding.file,
        "sheet": finding.sheet, "cell": finding.cell, "field": finding.field, "message": finding.message,
        "expected": finding.expected, "found": finding.found, "cells": list(finding.places),
    }


def finding_rows(collection: Collection) -> list[dict[str, Any]]:
    """Every finding, in the order of :func:`ordered_findings`."""
    return [finding_row(finding) for finding in ordered_findings(collection)]


def ordered_findings(collection: Collection) -> list[Finding]:
    """Every finding as the 问题清单 lists them: unit by unit in the collection's order
    (findings about no compared unit last), the worst first, then sheet by sheet and
    cell by cell in reading order (F4, G4, then F11)."""
    order = {entry.unit: index for index, entry in enumerate(collection.units)}
    return sorted(collection.all_findings, key=lambda f: (
        order.get(f.unit, len(order)), f.unit, f.severity.rank, f.file, f.sheet, _cell_order(f.cell)))


def _cell_order(cell: str) -> tuple[int, int]:
    """A cell's row, then its column; a finding about no cell comes first."""
    try:
        return parse_a1(cell) if cell else (-1, -1)
    except ValueError:
        return (-1, -1)


def not_included_rows(collection: Collection) -> list[dict[str, Any]]:
    """Every roster unit that sent nothing and every file that is not a compared unit, with why."""
    guesses = {finding.expected: finding for finding in collection.cross_findings
               if finding.code == "unit_not_on_roster" and finding.expected}
    rows = [("missing", "", unit.name, unit.kind, "未收到该单位的报送文件" + (
        f"（“{guesses[unit.name].file}”的填报单位写作“{guesses[unit.name].found}”，是否就是该单位？）"
        if unit.name in guesses else "")) for unit in collection.missing]
    rows += [("failed", review.name, "", "", review.result.reason) for review in collection.failed]
    rows += [("superseded", old.name, entry.unit, "",
              f"与“{entry.review.name}”为同一单位同一年度，已采用“{entry.review.name}”（{entry.preferred_because}）")
             for entry in collection.units for old in entry.superseded]
    rows += [("other_year", item.review.name, item.review.submission.unit_name, "", item.reason)
             for item in collection.excluded]
    rows += [("skipped", review.name, "", "", review.result.reason) for review in collection.skipped]
    return [{"status": status, "status_label": NOT_INCLUDED_LABELS[status], "file": file, "unit": unit,
             "kind": kind, "reason": reason} for status, file, unit, kind, reason in rows]


def columns_markdown() -> str:
    """The README's table of every column: key, Chinese header, meaning (generated, so it stays true)."""
    titles = {"units": "units（区域对比，每个单位一行）", "indicators": "indicators（每个单位的每个指标一行）",
              "findings": "findings（问题清单，每个问题一行）", "not_included": "not_included（未报送与无法读取）"}
    lines = []
    for name, columns in TABLES.items():
        lines += [f"**{titles[name]}**", "", "| 列名 | 中文表头 | 说明 |", "|---|---|---|"]
        lines += [f"| `{column.key}` | {column.header} | {column.description} |" for column in columns]
        lines.append("")
    return "\n".join(lines).rstrip("\n")

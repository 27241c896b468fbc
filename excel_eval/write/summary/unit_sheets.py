"""One sheet per unit: its submission as read, beside what the review found.

A unit's sheet is planned before it is written (:class:`UnitPlan`): the
plan knows which of its cells shows which cell of the submitted form, so
that 问题清单 can link a finding to it and the sheet can colour and comment
it.  Sections are numbered 一、二、…; the sheet prints at a scale fitted to
the page width, broken by hand so that no heading ends a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from excel_eval import fields as contract
from excel_eval.collection import Collection, UnitEntry
from excel_eval.findings import Finding, comment_text
from excel_eval.model import CellRef
from excel_eval.read.history import DATA_SHEET
from excel_eval.read.reader import a1
from excel_eval.values import as_read
from excel_eval.write.summary.kit import DEFAULT_ROW_HEIGHT, FIXED_SHEETS, YEAR_SHEET, Styles, fit_row, write_value
from excel_eval.write.summary.paper import paginate
from excel_eval.write.terminal import self_assessment


#: Column widths of a unit sheet: the indicator table's thirteen columns set them.
UNIT_WIDTHS = (14, 14, 24, 10, 12, 12, 8, 9, 9, 8, 8, 30, 20)
#: A field section's columns (项目, 填报内容, 复核值, 原表位置) as spans of the sheet's columns,
#: so that a long text has the width of five.
_FIELD_SPANS = (1, 5, 2, 2)
_UNIT_TITLE_ROWS = 3


@dataclass
class _Line:
    """One row of a unit sheet: cells (value, style kind, source cell) from column A.

    ``spans`` gives the sheet columns each cell covers (merged when more than
    one); by default every cell takes one.
    """

    cells: list[tuple[Any, str, CellRef | None]] = field(default_factory=list)
    spans: tuple[int, ...] = ()

    def columns(self) -> list[tuple[int, int]]:
        """(first column, columns covered) of each cell."""
        spans = self.spans or (1,) * len(self.cells)
        starts = [sum(spans[:index]) for index in range(len(self.cells))]
        return list(zip(starts, spans))


@dataclass
class UnitPlan:
    entry: UnitEntry
    sheet_name: str
    lines: list[_Line]
    findings: list[Finding]
    #: (file, template sheet, template cell) → cell of this sheet that shows it.
    anchors: dict[tuple[str, str, str], str] = field(default_factory=dict)


def unit_plans(collection: Collection) -> list[UnitPlan]:
    used = {name.lower() for name in (*FIXED_SHEETS, DATA_SHEET, YEAR_SHEET, "History")}
    plans = []
    several_years = len(collection.years) > 1
    for entry in collection.units:
        name = _sheet_name(f"{entry.unit}{entry.year}" if several_years else entry.unit, used)
        lines = _unit_lines(entry)
        plan = UnitPlan(entry, name, lines, collection.findings_of(entry.review))
        for row, line in enumerate(lines):
            for (_, _, ref), (col, _) in zip(line.cells, line.columns()):
                if ref is not None:
                    plan.anchors.setdefault((entry.review.name, ref.sheet, ref.cell), a1(row, col))
        plan.anchors[(entry.review.name, "", "")] = "A1"
        plans.append(plan)
    return plans


def _sheet_name(unit: str, used: set[str]) -> str:
    """A sheet name Excel accepts for ``unit``: no forbidden or control characters, at most 31 UTF-16
    code units (a character outside the BMP counts two), unlike every name in ``used``."""
    base = re.sub(r"[\[\]:*?/\\'\x00-\x1f\x7f]", "_", unit).strip() or "单位"
    base = _within_utf16(base, 28)
    name, number = base, 2
    while name.lower() in used:
        suffix = f"({number})"
        name = _within_utf16(base, 31 - len(suffix)) + suffix
        number += 1
    used.add(name.lower())
    return name


def _within_utf16(text: str, units: int) -> str:
    """The longest start of ``text`` that fits in ``units`` UTF-16 code units."""
    taken = 0
    for index, char in enumerate(text):
        taken += 2 if ord(char) > 0xFFFF else 1
        if taken > units:
            return text[:index]
    return text


_NUMERALS = "一二三四五六七八九十"


def _unit_lines(entry: UnitEntry) -> list[_Line]:
    """The unit's sheet top to bottom; its sections numbered 一、二、… in the order they appear."""
    review = entry.review
    submission = review.submission
    evaluation = review.evaluation
    lines = [
        _Line([(f"{entry.unit} {entry.year or ''} 年度 绩效自评复核", "title", None)]),
        _Line([(f"文件：{review.name}", "note", None)]),
        _Line([(f"复核得分 {evaluation.total_score.value:.2f}（{evaluation.grade}）；{self_assessment(submission)}",
                "subtitle", None)]),
        _Line(),
    ]
    recomputed = {"exec_rate_reported": (evaluation.exec_rate.value, "percent"),
                  "budget_score_reported": (evaluation.budget_score.value, "score")}
    conclusion = {"self_total_score": (evaluation.total_score.value, "score"),
                  "self_grade": (evaluation.grade, "text")}
    sections = [
        ("基本信息", _field_rows(_section("基本信息"), submission, {})),
        ("资金情况（万元）", _field_rows(_section("资金情况"), submission, recomputed)),
        ("资金拨付", _payment_rows(submission)),
        ("绩效指标", _indicator_rows(evaluation)),
        ("得分构成", _score_rows(submission, evaluation)),
        ("自评结论", _field_rows(_section("自评结论"), submission, conclusion)),
    ]
    for number, (title, rows) in enumerate(sections):
        lines += [_Line([(f"{_NUMERALS[number]}、{title}", "subtitle", None)]), *rows, _Line()]
    return lines


def _section(title: str) -> list[contract.Field]:
    return [contract.field(name) for name in contract.SECTIONS[title]]


def _kind(field_kind: str) -> str:
    return {"money": "money", "score": "score", "rate": "percent", "date": "date", "year": "integer",
            "longtext": "wrap"}.get(field_kind, "text")


def _field_rows(specs: list[contract.Field], submission: Any,
                recomputed: dict[str, tuple[Any, str]]) -> list[_Line]:
    lines = [_Line([(h, "header", None) for h in ("项目", "填报内容", "复核值", "原表位置")], _FIELD_SPANS)]
    for spec in specs:
        value = submission.value(spec.name)
        ref = submission.ref(spec.name)
        check_value, check_kind = recomputed.get(spec.name, (None, "text"))
        kind = _kind(spec.kind)
        lines.append(_Line([(spec.label, "label", None), (value, "wrap" if kind == "text" else kind, ref),
                            (check_value, check_kind, None), (str(ref) if ref else "未找到", "text", None)],
                           _FIELD_SPANS))
    return lines


def _payment_rows(submission: Any) -> list[_Line]:
    headers = ("拨付批次", "约定比例", "约定金额（万元）", "复核约定金额", "实际拨付金额（万元）", "拨付日期", "前置评估结果")
    lines = [_Line([(h, "header", None) for h in headers])]
    budget = submission.number("budget_total")
    for payment in submission.payments:
        expected = payment.agreed_ratio * budget if payment.agreed_ratio is not None and budget else None
        lines.append(_Line([
            (payment.stage, "label", payment.ref("stage")),
            (payment.agreed_ratio, "percent", payment.ref("agreed_ratio")),
            (payment.agreed_amount, "money", payment.ref("agreed_amount")),
            (expected, "money", None),
            (payment.paid_amount, "money", payment.ref("paid_amount")),
            (payment.paid_date, "date", payment.ref("paid_date")),
            (payment.eval_result or ("—" if payment.eval_field is None else ""), "text", payment.ref("eval_result")),
        ]))
    return lines


def _indicator_rows(evaluation: Any) -> list[_Line]:
    headers = ("一级指标", "二级指标", "三级指标", "指标方向", "年度指标值", "实际完成值", "分值",
               "自报完成率", "复核完成率", "自评得分", "复核得分", "偏差原因分析及改进措施", "佐证材料")
    lines = [_Line([(h, "header", None) for h in headers])]
    for result in evaluation.indicators:
        indicator = result.indicator
        ref = indicator.ref
        lines.append(_Line([
            (indicator.level1, "wrap", ref("level1")),
            (indicator.level2, "wrap", ref("level2")),
            (indicator.name, "wrap", ref("name")),
            (indicator.direction, "text", ref("direction")),
            (as_read(indicator.target, indicator.unit), "wrap", ref("target")),
            (as_read(indicator.actual, indicator.unit), "wrap", ref("actual")),
            (indicator.weight, "score", ref("weight")),
            (indicator.reported_rate, "percent", ref("reported_rate")),
            (result.completion.value, "percent", None),
            (indicator.self_score, "score", ref("self_score")),
            (result.score.value, "score", None),
            (indicator.deviation_reason, "wrap", ref("deviation_reason")),
            (indicator.evidence, "wrap", ref("evidence")),
        ]))
    return lines


def _score_rows(submission: Any, evaluation: Any) -> list[_Line]:
    lines = [_Line([(h, "header", None) for h in ("项目", "分值", "自评得分", "复核得分")])]
    lines.append(_Line([("预算执行率", "label", None), (submission.number("budget_weight"), "score", None),
                        (submission.number("budget_score_reported"), "score", submission.ref("budget_score_reported")),
                        (evaluation.budget_score.value, "score", None)]))
    for subtotal in evaluation.subtotals:
        self_scores = [result.indicator.self_score for result in evaluation.indicators
                       if result.indicator.level1 == subtotal.level1 and result.indicator.self_score is not None]
        lines.append(_Line([(subtotal.level1, "label", None), (subtotal.weight, "score", None),
                            (sum(self_scores) if self_scores else None, "score", None),
                            (subtotal.score.value, "score", None)]))
    lines.append(_Line([("合计", "total", None), (evaluation.weight_total, "score", None),
                        (submission.number("self_total_score"), "score", submission.ref("self_total_score")),
                        (evaluation.total_score.value, "score", None)]))
    lines.append(_Line([("等级", "label", None), (None, "text", None),
                        (submission.text("self_grade"), "text", submission.ref("self_grade")),
                        (evaluation.grade, "text", None)]))
    return lines


_FLAGGABLE = ("text", "wrap", "money", "number", "score", "percent", "date")


def write_unit_sheet(sheet: Any, plan: UnitPlan, styles: Styles) -> None:
    for col, width in enumerate(UNIT_WIDTHS):
        sheet.set_column(col, col, width)
    by_cell: dict[str, list[Finding]] = {}
    for finding in plan.findings:
        cell = plan.anchors.get((plan.entry.review.name, finding.sheet, finding.cell))
        if cell and finding.cell:
            by_cell.setdefault(cell, []).append(finding)
    heights = []
    for row, line in enumerate(plan.lines):
        texts = []
        for (value, kind, _), (col, span) in zip(line.cells, line.columns()):
            flagged = by_cell.get(a1(row, col))
            severity = min((f.severity for f in flagged), key=lambda s: s.rank) if flagged else None
            style = styles.flagged(kind, severity) if severity and kind in _FLAGGABLE else styles[kind]
            if span > 1:
                sheet.merge_range(row, col, row, col + span - 1, "", style)
            write_value(sheet, row, col, value, style)
            if flagged:
                sheet.write_comment(row, col, comment_text(flagged), {"x_scale": 2.2, "y_scale": 1.6,
                                                                  "author": "excel-eval"})
            if kind in ("wrap", "header", "label") and isinstance(value, str):
                texts.append((value, sum(UNIT_WIDTHS[col:col + span])))
        height = fit_row(sheet, row, texts)
        heights.append(height or DEFAULT_ROW_HEIGHT)
    unplaced = [f for f in plan.findings if not (f.cell and plan.anchors.get((plan.entry.review.name, f.sheet, f.cell)))]
    if unplaced:
        row = len(plan.lines) + 1
        sheet.write_string(row, 0, "其他问题", styles["subtitle"])
        heights += [DEFAULT_ROW_HEIGHT] * 2
        message_width = sum(UNIT_WIDTHS[2:])
        for offset, finding in enumerate(unplaced, start=1):
            sheet.write_string(row + offset, 0, finding.severity.label, styles.flagged("text", finding.severity))
            where = f"{finding.sheet}!{finding.cell}" if finding.cell else finding.sheet
            sheet.write_string(row + offset, 1, where, styles["text"])
            sheet.merge_range(row + offset, 2, row + offset, len(UNIT_WIDTHS) - 1, "", styles["wrap"])
            sheet.write_string(row + offset, 2, finding.message, styles["wrap"])
            height = fit_row(sheet, row + offset, [(finding.message, message_width)])
            heights.append(height or DEFAULT_ROW_HEIGHT)
    headings = {row for row, line in enumerate(plan.lines) if _is_heading(line)}
    if unplaced:
        headings.add(len(plan.lines) + 1)
    sheet.repeat_rows(0, _UNIT_TITLE_ROWS - 1)
    pages = paginate(UNIT_WIDTHS, heights, _UNIT_TITLE_ROWS, headings)
    sheet.set_print_scale(pages.scale)
    sheet.set_h_pagebreaks(pages.breaks)


def _is_heading(line: _Line) -> bool:
    """A section heading of a unit sheet (“四、绩效指标”), which must not end a page."""
    return len(line.cells) == 1 and line.cells[0][1] == "subtitle" and str(line.cells[0][0])[1:2] == "、"

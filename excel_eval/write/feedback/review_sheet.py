"""The 审核意见 sheet: the first sheet of a copy, what the district says to the town.

Top to bottom as a town reads it: the file and the two scores side by side,
the verdict in one coloured line, a legend of the colours this copy uses,
the findings each linked to its cell, and what to do next.  Printed A4
landscape, one page wide.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from excel_eval.findings import Finding, Severity
from excel_eval.judge.review import Review
from excel_eval.model import CellRef
from excel_eval.rules import Rules
from excel_eval.write.feedback.common import REVIEW_SHEET, paint, set_value
from excel_eval.write.feedback.workbook_copy import Copy
from excel_eval.write.summary.kit import HEADER_FILL, SEVERITY_COLOUR_NAMES, SEVERITY_FILLS, column_letter
from excel_eval.write.summary.paper import MAX_ROW_HEIGHT, display_lines

_FONT = "宋体"
_LINE_HEIGHT = 15
_FINDING_COLUMNS = (("序号", 6), ("级别", 8), ("位置", 18), ("问题", 64), ("应为", 16), ("实为", 16))
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_PASSED_FILL = "C6EFCE"


@dataclass
class Summary:
    """What the review sheet says about one file."""

    review: Review
    unit: str
    year: int | None
    findings: list[Finding]
    placed: dict[Finding, CellRef]
    rules: Rules
    reviewed: dt.date

    @property
    def ordered(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: f.severity.rank)

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)


class _Rows:
    """Writes the review sheet top to bottom, one row at a time."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.row = 1

    def put(self, col: int, value: Any, *, bold: bool = False, size: int = 11, colour: str = "",
            fill: str = "", border: bool = False, wrap: bool = False, link: CellRef | None = None) -> None:
        cell = self.sheet.cell(self.row, col)
        set_value(cell, value)
        cell.font = Font(name=_FONT, size=size, bold=bold, color=colour or None,
                         underline="single" if link else None)
        cell.alignment = Alignment(vertical="top" if wrap else "center", wrap_text=wrap)
        if fill:
            paint(cell, fill)
        if border:
            cell.border = _BORDER
        if link is not None:
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{link.sheet}'!{link.cell}",
                                       display=str(value))

    def paragraph(self, text: str, **style: Any) -> None:
        """Text over the whole width of the findings table, its row as tall as the text."""
        last = len(_FINDING_COLUMNS)
        self.put(1, text, wrap=True, **style)
        self.sheet.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=last)
        self.height(text, sum(width for _, width in _FINDING_COLUMNS))
        self.skip()

    def height(self, text: str, width: float) -> None:
        """Make the row tall enough for ``text`` wrapped in ``width`` characters (CJK count double)."""
        lines = display_lines(text, width * 0.95)
        self.sheet.row_dimensions[self.row].height = min(MAX_ROW_HEIGHT, max(
            self.sheet.row_dimensions[self.row].height or 0, _LINE_HEIGHT * lines + 3))

    def skip(self) -> None:
        self.row += 1


def write_review_sheet(copy: Copy, summary: Summary) -> None:
    """Insert 审核意见 as the first sheet and open the workbook on it."""
    workbook = copy.workbook
    sheet = workbook.create_sheet(REVIEW_SHEET, 0)
    for other in workbook.worksheets:
        other.sheet_view.tabSelected = False
    workbook.active = 0
    sheet.sheet_view.tabSelected = True
    for col, (_, width) in enumerate(_FINDING_COLUMNS, start=1):
        sheet.column_dimensions[column_letter(col - 1)].width = width
    rows = _Rows(sheet)
    _write_heading(rows, summary, copy.note)
    _write_legend(rows, summary)
    _write_findings(rows, summary)
    _write_next_steps(rows, summary)
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


def _write_heading(rows: _Rows, summary: Summary, note: str) -> None:
    """Title, the file reviewed, the recomputed score beside the town's own, and the verdict."""
    submission = summary.review.submission
    year = f"{summary.year} 年度" if summary.year else "（评价年度未填）"
    rows.put(1, f"{summary.unit} {year}绩效自评审核意见", bold=True, size=16)
    rows.sheet.row_dimensions[rows.row].height = 26
    rows.skip()
    own, district, flagged = _scores(summary)
    details = [
        ("报送单位", summary.unit, ""),
        ("项目", submission.text("project_name") or "（未填）", ""),
        ("报送文件", summary.review.name, ""),
        ("单位自评", own, ""),
        ("区级复核", district, SEVERITY_FILLS[Severity.ERROR] if flagged else ""),
        ("审核日期", summary.reviewed.isoformat(), ""),
        ("复核规则", summary.rules.description, ""),
    ]
    for label, value, fill in details:
        rows.put(1, label, bold=True)
        rows.sheet.merge_cells(start_row=rows.row, start_column=1, end_row=rows.row, end_column=2)
        rows.put(3, value, bold=label == "区级复核", fill=fill)
        rows.sheet.merge_cells(start_row=rows.row, start_column=3, end_row=rows.row, end_column=4)
        rows.skip()
    if note:
        rows.paragraph(f"说明：{note}", fill=SEVERITY_FILLS[Severity.WARNING])
    rows.skip()
    verdict, colour = _verdict(summary)
    rows.paragraph(verdict, bold=True, size=12, fill=colour)
    rows.skip()


def _scores(summary: Summary) -> tuple[str, str, bool]:
    """The town's total and grade, the recomputed ones, and whether they disagree."""
    submission = summary.review.submission
    evaluation = summary.review.evaluation
    own_score = submission.number("self_total_score")
    own_grade = submission.text("self_grade") or "未填"
    stated = (f"{own_score:g} 分" if own_score is not None else "未填自评总分",
              f"等级“{own_grade}”" if submission.text("self_grade") else "未填自评等级")
    own = "，".join(stated)
    score = evaluation.total_score.value
    if score is None:
        return own, f"无法计算总分，等级“{evaluation.grade}”", True
    district = f"{score:.2f} 分，等级“{evaluation.grade}”"
    gap = None if own_score is None else round(score - own_score, 2)
    if gap:
        district += f"（比自评{'低' if gap < 0 else '高'} {abs(gap):.2f} 分）"
    if evaluation.unverified_count:
        district += (f"；其中待核实 {evaluation.unverified_points:g} 分（{evaluation.unverified_count} 项指标无法核实，"
                     f"暂按自评得分计入）")
    differs = gap is None or abs(gap) > summary.rules.tolerance.score or evaluation.grade != own_grade
    return own, district, differs


def _verdict(summary: Summary) -> tuple[str, str]:
    """The one line a town reads first, and its colour."""
    errors, warnings_, infos = (summary.count(severity) for severity in Severity)
    if errors:
        return (f"审核结论：需修改后重新报送。共发现错误 {errors} 项、警告 {warnings_} 项、提示 {infos} 项，"
                f"错误必须修改。", SEVERITY_FILLS[Severity.ERROR])
    if warnings_:
        return (f"审核结论：未发现错误，有警告 {warnings_} 项、提示 {infos} 项，请逐项核实，需要修改的请修改后重新报送。",
                SEVERITY_FILLS[Severity.WARNING])
    if infos:
        return f"审核结论：审核通过。另有提示 {infos} 项，仅供参考，无需重新报送。", _PASSED_FILL
    return "审核结论：审核通过，未发现问题，无需修改。", _PASSED_FILL


#: What each severity asks of the town, as the legend says it.
_SEVERITY_MEANINGS = {Severity.ERROR: "必须修改", Severity.WARNING: "请核实，确属实际情况的请写明理由",
                      Severity.INFO: "仅供参考"}
#: From this many 提示 of one kind on one file, the list shows them as one line.
HINTS_AGGREGATED_FROM = 3


def _write_legend(rows: _Rows, summary: Summary) -> None:
    """The colours this copy actually uses on its cells, each word beside a swatch of its colour."""
    used = [severity for severity in Severity if any(f.severity is severity for f in summary.placed)]
    if not used:
        return
    rows.put(1, "图例（单元格颜色）", bold=True, size=12)
    rows.skip()
    for severity in used:
        rows.put(1, "", fill=SEVERITY_FILLS[severity], border=True)
        rows.put(2, severity.label, bold=True)
        rows.put(3, f"{SEVERITY_COLOUR_NAMES[severity]}：{_SEVERITY_MEANINGS[severity]}")
        rows.sheet.merge_cells(start_row=rows.row, start_column=3, end_row=rows.row, end_column=4)
        rows.skip()
    rows.skip()


def _listed(summary: Summary) -> list[list[Finding]]:
    """The findings as the list shows them: one line each, except 提示 of one kind repeated
    on :data:`HINTS_AGGREGATED_FROM` or more cells, which share a line."""
    lines: list[list[Finding]] = []
    hints: dict[str, list[Finding]] = {}
    for finding in summary.ordered:
        if finding.severity is Severity.INFO:
            hints.setdefault(finding.code, []).append(finding)
        else:
            lines.append([finding])
    for group in hints.values():
        lines += [group] if len(group) >= HINTS_AGGREGATED_FROM else [[finding] for finding in group]
    return lines


def _write_findings(rows: _Rows, summary: Summary) -> None:
    """Every finding, each linked to its cell in this workbook; repeated 提示 on one line."""
    if not summary.findings:
        return
    rows.put(1, "问题清单（点击“位置”可跳转到对应单元格）", bold=True, size=12)
    rows.skip()
    for col, (title, _) in enumerate(_FINDING_COLUMNS, start=1):
        rows.put(col, title, bold=True, colour="FFFFFF", fill=HEADER_FILL, border=True)
    rows.sheet.print_title_rows = f"{rows.row}:{rows.row}"
    rows.skip()
    for number, group in enumerate(_listed(summary), start=1):
        finding = group[0]
        ref = summary.placed.get(finding)
        rows.put(1, number, border=True)
        rows.put(2, finding.severity.label, fill=SEVERITY_FILLS[finding.severity], border=True)
        if ref is not None:
            rows.put(3, f"{ref.sheet}!{ref.cell}", colour="0563C1", border=True, link=ref)
        else:
            rows.put(3, _unplaced(finding), border=True, wrap=True)
        message, expected, found = finding.message, finding.expected, finding.found
        if len(group) > 1:
            message, expected, found = _aggregated(group, summary), "", ""
        rows.put(4, message, border=True, wrap=True)
        rows.put(5, expected, border=True, wrap=True)
        rows.put(6, found, border=True, wrap=True)
        for col, text in ((4, message), (5, expected), (6, found)):
            rows.height(text, _FINDING_COLUMNS[col - 1][1])
        rows.skip()
    rows.skip()


def _aggregated(group: list[Finding], summary: Summary) -> str:
    """One line for a 提示 repeated on several cells: how many, where, and the first in full."""
    places = []
    for finding in group:
        ref = summary.placed.get(finding)
        places.append(f"{ref.sheet}!{ref.cell}" if ref is not None else _unplaced(finding))
    return (f"{group[0].title}，共 {len(group)} 处（{'、'.join(places)}），各单元格均已加批注。"
            f"第一处：{group[0].message}")


def _unplaced(finding: Finding) -> str:
    """Where a finding without a cell in the copy is about."""
    if finding.cell:
        return f"原文件 {finding.sheet}!{finding.cell}"
    return f"工作表 {finding.sheet}" if finding.sheet else "整个文件"


def _write_next_steps(rows: _Rows, summary: Summary) -> None:
    rows.put(1, "下一步", bold=True, size=12)
    rows.skip()
    for number, text in enumerate(_next_steps(summary), start=1):
        rows.paragraph(f"{number}. {text}")


def _next_steps(summary: Summary) -> list[str]:
    """What the town does now; the return date and contact only when the rules set them."""
    contact = summary.rules.review
    steps = []
    if summary.count(Severity.ERROR) or summary.count(Severity.WARNING):
        steps += [
            "请按上表逐项核对修改：标有颜色和批注的单元格即为问题所在（颜色含义见上方图例），"
            "把鼠标移到单元格上可看到批注。",
            "“错误”必须修改；“警告”请核实，确属实际情况的，请在偏差原因分析或预算调整说明中写明理由；“提示”仅供参考。",
            "请直接在本文件中修改并保存为 .xlsx 后重新报送；本“审核意见”工作表和批注无需删除，不影响读取。",
        ]
        if contact.return_date:
            steps.append(f"请于 {contact.return_date.isoformat()} 前重新报送。")
    else:
        steps.append("本文件无需修改，不必重新报送。")
    if contact.contact:
        phone = f"（电话 {contact.phone}）" if contact.phone else ""
        steps.append(f"如有疑问，请联系 {contact.contact}{phone}。")
    elif contact.phone:
        steps.append(f"如有疑问，请致电 {contact.phone}。")
    return steps

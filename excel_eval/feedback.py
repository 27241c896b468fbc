"""Feedback to the towns: each unit's own workbook, annotated, to send back.

The district answers a town in the town's own file, not in a list it has to
match against its form: every cell a finding is about is coloured by
severity and carries a comment, and a first sheet 审核意见 lists the findings
with links to their cells, the recomputed score beside the town's own, and
what to do next.  The copy stays a valid submission — the reader finds
inputs by defined name and never looks at comments or at this sheet — so a
town corrects it in place and sends it back.

An .xlsx/.xlsm is copied with openpyxl, which keeps the template's layout,
validation, names and protection.  An .xls or .ods (or an .xlsx openpyxl
cannot open) is rebuilt: the blank template is written and every input the
reader found is filled in through the defined names, so the town gets the
standard .xlsx back and the review sheet says so.  The original file is
only ever read.
"""

from __future__ import annotations

import datetime as dt
import math
import tempfile
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from excel_eval import fields as contract
from excel_eval import findings
from excel_eval.collection import Clock, Collection
from excel_eval.findings import Finding, Severity, UserError, comment_text, worst
from excel_eval.model import CellRef, Indicator, Submission
from excel_eval.reader import a1, parse_a1
from excel_eval.review import Review
from excel_eval.roster import os_error_reason
from excel_eval.rules import Rules
from excel_eval.saving import replaced_atomically
from excel_eval.scoring import in_base_units
from excel_eval.summary.kit import HEADER_FILL, SEVERITY_COLOUR_NAMES, SEVERITY_FILLS, column_letter
from excel_eval.template import INPUT_FILL, LOCKED_FILL, template_file_name, write_template
from excel_eval.terminal import display_width
from excel_eval.workbook import UnreadableFile, check_every_part, open_workbook

REVIEW_SHEET = contract.SHEET_REVIEW
COMMENT_AUTHOR = "区级审核"
FILE_SUFFIX = "审核意见"

#: Comment boxes are this wide (pixels); about 22 Chinese characters a line.
COMMENT_WIDTH = 300
_COMMENT_CHARS_PER_LINE = 44  # in display columns: a Chinese character takes two
_COMMENT_LINE_HEIGHT = 17
_FONT = "宋体"
_LINE_HEIGHT = 15
_FINDING_COLUMNS = (("序号", 6), ("级别", 8), ("位置", 18), ("问题", 64), ("应为", 16), ("实为", 16))
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_PASSED_FILL = "C6EFCE"


class FeedbackError(UserError):
    """No annotated copy could be written for a file; the message is Chinese and names it."""


@dataclass
class FeedbackRun:
    """What writing the copies for a collection produced."""

    written: list[Path] = field(default_factory=list)
    #: (file, reason) for every read unit whose copy could not be written.
    failed: list[tuple[str, str]] = field(default_factory=list)


def feedback_file_name(unit: str, year: int | None) -> str:
    """``<单位>_<年度>_审核意见.xlsx``, the unit's name made safe as for the handed-out file."""
    safe_unit = template_file_name(unit, 0).rsplit("_", 2)[0]
    return f"{safe_unit}_{year or '年度未填'}_{FILE_SUFFIX}.xlsx"


def write_feedback(review: Review, rules: Rules, out_dir: Path, extra_findings: Iterable[Finding] = (),
                   unit: str | None = None, clock: Clock = dt.datetime.now) -> Path:
    """Write the annotated copy of ``review``'s file into ``out_dir`` and return its path.

    ``extra_findings`` are findings about the file that only a whole folder
    shows (a duplicate submission); ``unit`` is the unit's name as the roster
    spells it (default: as the file does); ``clock`` dates the review.
    Raises ``FeedbackError``.
    """
    return _write(review, [*review.findings, *extra_findings], rules, Path(out_dir), clock().date(), unit)


def write_collection_feedback(collection: Collection, out_dir: Path) -> FeedbackRun:
    """One annotated copy per unit of ``collection``, dated the day it was collected;
    a copy that fails does not stop the others."""
    run = FeedbackRun()
    for entry in collection.units:
        try:
            run.written.append(_write(entry.review, collection.findings_of(entry.review), collection.rules,
                                      Path(out_dir), collection.started.date(), entry.unit, entry.year))
        except FeedbackError as problem:
            run.failed.append((entry.review.name, problem.message))
    return run


def _write(review: Review, found: list[Finding], rules: Rules, out_dir: Path, reviewed: dt.date,
           unit: str | None, year: int | None = None) -> Path:
    submission = review.submission
    if submission is None:
        raise FeedbackError("feedback_unreadable", file=review.name, reason=review.result.reason)
    unit = unit or submission.unit_name or Path(review.name).stem
    year = year or submission.eval_year
    target = out_dir / feedback_file_name(unit, year)
    if target.resolve() == submission.source.path.resolve():
        raise FeedbackError("feedback_over_source", file=review.name)
    copy = _copy_of(submission, rules, review.name)
    placed = _annotate(copy, found)
    _write_review_sheet(copy, _Summary(review, unit, year, found, placed, rules, reviewed))
    _save(copy.workbook, target, review.name)
    return target


# The copy.

@dataclass
class _Copy:
    """The workbook to annotate, and where the source's cells are in it."""

    workbook: openpyxl.Workbook
    #: Source cell → cell of the copy; ``None`` when the copy keeps the source's layout.
    moved: dict[CellRef, CellRef] | None
    #: Why the copy is not the submitted file itself ("" when it is).
    note: str = ""

    def cells_of(self, finding: Finding) -> list[CellRef]:
        """The copy's cells a finding is about, first its own; none for a file-level one."""
        refs = []
        for place in finding.places:
            sheet, _, cell = place.rpartition("!")
            source = CellRef(sheet, cell)
            ref = self.moved.get(source) if self.moved is not None else \
                source if sheet in self.workbook.sheetnames else None
            if ref is not None:
                refs.append(ref)
        return refs


def _copy_of(submission: Submission, rules: Rules, name: str) -> _Copy:
    """The submitted workbook as openpyxl loads it, or rebuilt from the template."""
    fmt = submission.source.format
    if fmt not in ("xlsx", "xlsm"):
        return _rebuilt(submission, rules, name, f"原文件为 .{fmt} 格式，已将其填报内容逐项转入标准模板，"
                                               f"另存为 .xlsx；请在本文件上修改后报送。")
    try:
        check_every_part(submission.source.path)
    except UnreadableFile as problem:
        reason = findings.make(problem.code, file=name, **problem.params).message
        return _rebuilt(submission, rules, name, f"原文件不能原样复制（{reason.rstrip('。')}），已将其填报内容逐项转入"
                                               "标准模板；请在本文件上修改后报送。")
    try:
        with warnings.catch_warnings():
            # openpyxl warns (in English) about parts it drops, such as extension lists.
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(submission.source.path)
    except Exception:  # openpyxl raises anything from KeyError to zipfile errors on odd files
        return _rebuilt(submission, rules, name, "原文件的格式无法原样复制，已将其填报内容逐项转入标准模板；"
                                               "请在本文件上修改后报送。")
    _clear_previous_review(workbook)
    return _Copy(workbook, None)


def _clear_previous_review(workbook: openpyxl.Workbook) -> None:
    """Remove an earlier round's review sheet, comments and colours from a re-submitted copy."""
    if REVIEW_SHEET in workbook.sheetnames:
        del workbook[REVIEW_SHEET]
    for sheet in workbook.worksheets:
        # Only the cells the file holds: iter_rows() would create every cell up to a stray one at XFD1048576.
        for cell in list(sheet._cells.values()):
            if cell.comment is not None and cell.comment.author == COMMENT_AUTHOR:
                cell.comment = None
                _fill(cell, LOCKED_FILL if cell.protection.locked else INPUT_FILL)


def _rebuilt(submission: Submission, rules: Rules, name: str, note: str) -> _Copy:
    """The blank template with every input the reader found, filled in through the defined names."""
    with tempfile.TemporaryDirectory() as folder:
        workbook = openpyxl.load_workbook(write_template(Path(folder) / "blank.xlsx", rules=rules))
    try:
        source = open_workbook(submission.source.path)
    except UnreadableFile as problem:
        reason = findings.make(problem.code, file=name, **problem.params).message
        raise FeedbackError("feedback_reopen", file=name, reason=reason) from problem
    moved: dict[CellRef, CellRef] = {}
    for spec in contract.FIELDS:
        entry = submission.fields.get(spec.name)
        target = _named_cell(workbook, spec.name)
        if not (spec.sum_of and (entry is None or entry.raw in (None, "", 0))):  # keep the template's sum
            _put(workbook, target, entry.raw if entry else None)
        if entry is not None and entry.ref is not None:
            moved[entry.ref] = target
    rows = {contract.INDICATORS.name: [indicator.cells for indicator in submission.indicators],
            contract.PAYMENTS.name: _payment_rows(submission)}
    ratios = [_percentages(indicator) for indicator in submission.indicators]
    for table in contract.TABLES:
        for index, cells in enumerate(rows[table.name], start=1):
            shown = ratios[index - 1] if table is contract.INDICATORS else {}
            moved.update(_copy_row(workbook, source, table, index, cells, shown))
    return _Copy(workbook, moved, note)


def _percentages(indicator: Indicator) -> dict[str, float]:
    """The target and actual read as percentages from a number, as ratios to write in a % format.

    The copy holds each as the reader took it (95 or 0.95 under “%” is 95%), so
    it reads back the same whether or not the source kept its cell formats.
    """
    ratios = {}
    for key in ("target", "actual"):
        value = getattr(indicator, key)
        number, unit = in_base_units(value, indicator.unit)
        if unit == "%" and number is not None and not value.from_text:
            ratios[key] = number
    return ratios


def _payment_rows(submission: Submission) -> list[dict[str, CellRef]]:
    """Cells of each payment stage in the template's order; a stage not found has none."""
    by_stage = {payment.stage: payment.cells for payment in submission.payments}
    return [by_stage.get(stage, {}) for stage in contract.PAYMENTS.fixed_rows]


def _copy_row(workbook: openpyxl.Workbook, source: Any, table: contract.Table, index: int,
              cells: dict[str, CellRef], ratios: dict[str, float]) -> dict[CellRef, CellRef]:
    """Row ``index`` of ``table``: inputs copied as the source held them, ``ratios`` as percentages;
    where each cell went."""
    header = _named_cell(workbook, table.name)
    header_row, first_col = parse_a1(header.cell)
    moved = {}
    for offset, column in enumerate(table.written):
        target = CellRef(header.sheet, a1(header_row + index, first_col + offset))
        ref = cells.get(column.key)
        if column.key in ratios:
            _put(workbook, target, ratios[column.key])
            workbook[target.sheet][target.cell].number_format = PERCENT_FORMAT
        elif column.input:
            _put(workbook, target, _source_value(source, ref))
        if ref is not None:
            moved[ref] = target
    return moved


#: The format a cell the source showed as a percentage keeps in a rebuilt copy.
PERCENT_FORMAT = "0.00%"


def _source_value(source: Any, ref: CellRef | None) -> Any:
    if ref is None or ref.sheet not in source.sheets:
        return None
    return source.sheets[ref.sheet].value(*parse_a1(ref.cell))


def _named_cell(workbook: openpyxl.Workbook, name: str) -> CellRef:
    """The first cell of a workbook-level defined name."""
    sheet, cells = next(iter(workbook.defined_names[name].destinations))
    return CellRef(sheet, cells.replace("$", "").split(":")[0])


def _put(workbook: openpyxl.Workbook, ref: CellRef, value: Any) -> CellRef:
    _set(workbook[ref.sheet][ref.cell], value)
    return ref


def _set(cell: Any, value: Any) -> None:
    """Text stays text even when it starts with "=", without the control characters XML forbids."""
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
    else:
        cell.value = value


# Colours and comments on the flagged cells.

def _annotate(copy: _Copy, found: list[Finding]) -> dict[Finding, CellRef]:
    """Colour and comment every cell a finding is about; return where each finding went."""
    placed: dict[Finding, CellRef] = {}
    by_cell: dict[CellRef, list[Finding]] = {}
    for finding in found:
        for ref in copy.cells_of(finding):
            ref = _merge_anchor(copy.workbook[ref.sheet], ref)
            placed.setdefault(finding, ref)
            by_cell.setdefault(ref, []).append(finding)
    for ref, group in by_cell.items():
        cell = copy.workbook[ref.sheet][ref.cell]
        _fill(cell, SEVERITY_FILLS[worst(group)])
        cell.comment = _comment(comment_text(group))
    return placed


def _merge_anchor(sheet: Worksheet, ref: CellRef) -> CellRef:
    """The top-left cell of the merged range holding ``ref`` (only it can carry a comment)."""
    if not isinstance(sheet[ref.cell], MergedCell):
        return ref
    merged = next(r for r in sheet.merged_cells.ranges if ref.cell in r)
    return CellRef(ref.sheet, a1(merged.min_row - 1, merged.min_col - 1))


def _comment(text: str) -> Comment:
    """A comment by 区级审核, its box tall enough to show the whole text."""
    lines = sum(max(1, math.ceil(display_width(line) / _COMMENT_CHARS_PER_LINE)) for line in text.split("\n"))
    comment = Comment(text, COMMENT_AUTHOR)
    comment.width = COMMENT_WIDTH
    comment.height = _COMMENT_LINE_HEIGHT * (lines + 1)
    return comment


def _fill(cell: Any, colour: str) -> None:
    cell.fill = PatternFill("solid", fgColor=colour.lstrip("#"))


# The 审核意见 sheet.

@dataclass
class _Summary:
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
        _set(cell, value)
        cell.font = Font(name=_FONT, size=size, bold=bold, color=colour or None,
                         underline="single" if link else None)
        cell.alignment = Alignment(vertical="top" if wrap else "center", wrap_text=wrap)
        if fill:
            _fill(cell, fill)
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
        lines = sum(max(1, math.ceil(display_width(line) / (width * 0.95))) for line in text.split("\n"))
        self.sheet.row_dimensions[self.row].height = max(self.sheet.row_dimensions[self.row].height or 0,
                                                         _LINE_HEIGHT * lines + 3)

    def skip(self) -> None:
        self.row += 1


def _write_review_sheet(copy: _Copy, summary: _Summary) -> None:
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


def _write_heading(rows: _Rows, summary: _Summary, note: str) -> None:
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


def _scores(summary: _Summary) -> tuple[str, str, bool]:
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


def _verdict(summary: _Summary) -> tuple[str, str]:
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


def _write_legend(rows: _Rows, summary: _Summary) -> None:
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


def _listed(summary: _Summary) -> list[list[Finding]]:
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


def _write_findings(rows: _Rows, summary: _Summary) -> None:
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


def _aggregated(group: list[Finding], summary: _Summary) -> str:
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


def _write_next_steps(rows: _Rows, summary: _Summary) -> None:
    rows.put(1, "下一步", bold=True, size=12)
    rows.skip()
    for number, text in enumerate(_next_steps(summary), start=1):
        rows.paragraph(f"{number}. {text}")


def _next_steps(summary: _Summary) -> list[str]:
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


# Saving.

def _save(workbook: openpyxl.Workbook, target: Path, name: str) -> None:
    """Write to a temporary file beside ``target`` and rename, so no half-written copy is left."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with replaced_atomically(target) as temporary:
            workbook.save(temporary)
    except OSError as problem:
        raise FeedbackError("feedback_write", file=name, target=target, reason=os_error_reason(problem)) from problem

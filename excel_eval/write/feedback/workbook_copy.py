"""The workbook an annotated copy is made of: the town's own file, or the template refilled.

An .xlsx/.xlsm is loaded with openpyxl, which keeps the template's layout,
validation, names and protection, and an earlier round's review is taken
off it.  An .xls or .ods (or an .xlsx openpyxl cannot open) is rebuilt: the
blank template is written and every input the reader found is filled in
through the defined names, and :class:`Copy` remembers where each source
cell went so that the findings land on the right cells.
"""

from __future__ import annotations

import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

from excel_eval import fields as contract
from excel_eval import findings
from excel_eval.findings import Finding
from excel_eval.judge.scoring import in_base_units
from excel_eval.model import CellRef, Indicator, Submission
from excel_eval.read.reader import a1, parse_a1
from excel_eval.read.workbook import UnreadableFile, check_every_part, open_workbook
from excel_eval.rules import Rules
from excel_eval.write.feedback.common import COMMENT_AUTHOR, REVIEW_SHEET, FeedbackError, paint, set_value
from excel_eval.write.template import INPUT_FILL, LOCKED_FILL, write_template

@dataclass
class Copy:
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


def copy_of(submission: Submission, rules: Rules, name: str) -> Copy:
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
    return Copy(workbook, None)


def _clear_previous_review(workbook: openpyxl.Workbook) -> None:
    """Remove an earlier round's review sheet, comments and colours from a re-submitted copy."""
    if REVIEW_SHEET in workbook.sheetnames:
        del workbook[REVIEW_SHEET]
    for sheet in workbook.worksheets:
        # Only the cells the file holds: iter_rows() would create every cell up to a stray one at XFD1048576.
        for cell in list(sheet._cells.values()):
            if cell.comment is not None and cell.comment.author == COMMENT_AUTHOR:
                cell.comment = None
                paint(cell, LOCKED_FILL if cell.protection.locked else INPUT_FILL)


def _rebuilt(submission: Submission, rules: Rules, name: str, note: str) -> Copy:
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
    return Copy(workbook, moved, note)


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
    set_value(workbook[ref.sheet][ref.cell], value)
    return ref

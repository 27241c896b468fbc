"""Colours and comments on the flagged cells of a copy.

Every cell a finding is about is filled with its worst finding's colour and
carries one comment by 区级审核 listing them all, its box tall enough to show
the whole text; a merged cell is annotated at its top-left cell, the only
one that can hold a comment.
"""

from __future__ import annotations

from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.worksheet.worksheet import Worksheet

from excel_eval.findings import Finding, comment_text, worst
from excel_eval.model import CellRef
from excel_eval.read.reader import a1
from excel_eval.write.feedback.common import COMMENT_AUTHOR, paint
from excel_eval.write.feedback.workbook_copy import Copy
from excel_eval.write.summary.kit import SEVERITY_FILLS
from excel_eval.write.summary.paper import display_lines

#: Comment boxes are this wide (pixels); about 22 Chinese characters a line.
COMMENT_WIDTH = 300
_COMMENT_CHARS_PER_LINE = 44  # in display columns: a Chinese character takes two
_COMMENT_LINE_HEIGHT = 17


def annotate(copy: Copy, found: list[Finding]) -> dict[Finding, CellRef]:
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
        paint(cell, SEVERITY_FILLS[worst(group)])
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
    lines = display_lines(text, _COMMENT_CHARS_PER_LINE)
    comment = Comment(text, COMMENT_AUTHOR)
    comment.width = COMMENT_WIDTH
    comment.height = _COMMENT_LINE_HEIGHT * (lines + 1)
    return comment

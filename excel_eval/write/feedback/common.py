"""What every part of an annotated copy shares: its names, its error, and how a cell is written.

The copy is edited with openpyxl (it keeps the town's layout, validation and
protection, which XlsxWriter cannot), so these helpers are openpyxl's; the
colours are the summary's (:mod:`excel_eval.write.summary.kit`), so that a colour
means the same in the summary and in the copy.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import PatternFill

from excel_eval import fields as contract
from excel_eval.findings import UserError
from excel_eval.write.summary.paper import cell_text

REVIEW_SHEET = contract.SHEET_REVIEW
COMMENT_AUTHOR = "区级审核"


class FeedbackError(UserError):
    """No annotated copy could be written for a file; the message is Chinese and names it."""


def set_value(cell: Any, value: Any) -> None:
    """Text stays text even when it starts with "=", without the control characters XML forbids,
    cut with a note where longer than a cell holds."""
    if isinstance(value, str):
        cell.value = cell_text(ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"
    else:
        cell.value = value


def paint(cell: Any, colour: str) -> None:
    cell.fill = PatternFill("solid", fgColor=colour.lstrip("#"))

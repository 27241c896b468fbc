"""Fitting text to paper: how tall a row must be for the text wrapped in it.

Neither Excel nor LibreOffice grows a row for wrapped text written by a
program, so a long explanation is cut on screen and on paper unless the row
is given its height.  Column widths count in characters of the default font,
and a Chinese character takes about two of them, so lines are counted by
display width, line breaks in the text kept.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from excel_eval.terminal import display_width

#: Excel refuses a row taller than this (points).
MAX_ROW_HEIGHT = 409
#: Height of one line of 10 pt 宋体 (points), and the space above and below the text.
LINE_HEIGHT = 13.5
_PADDING = 3
#: Display columns of 10 pt text a column of width 1 holds: a width counts digits of the
#: default 11 pt font (7 px each, plus 5 px of margin), a Chinese character of 10 pt 宋体 is
#: about 13 px and two display columns, so a width of 14 holds about seven characters.
_USABLE = 0.98


def wrapped_lines(text: str, width: float) -> int:
    """Lines ``text`` takes wrapped in a column ``width`` characters wide."""
    usable = max(1.0, width * _USABLE)
    return sum(max(1, math.ceil(display_width(line) / usable)) for line in str(text).split("\n"))


def row_height(cells: Iterable[tuple[str, float]], line_height: float = LINE_HEIGHT) -> float | None:
    """The height (points) a row needs for each (text, column width) of it, or ``None`` for one line."""
    lines = max((wrapped_lines(text, width) for text, width in cells if text), default=1)
    if lines <= 1:
        return None
    return min(MAX_ROW_HEIGHT, lines * line_height + _PADDING)

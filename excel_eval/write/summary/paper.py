"""Fitting text to paper: how tall a row must be for the text wrapped in it.

Neither Excel nor LibreOffice grows a row for wrapped text written by a
program, so a long explanation is cut on screen and on paper unless the row
is given its height.  Column widths count in characters of the default font,
and a Chinese character takes about two of them, so lines are counted by
display width, line breaks in the text kept.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from excel_eval.catalogue import label
from excel_eval.write.terminal import display_width

#: Excel refuses a row taller than this (points).
MAX_ROW_HEIGHT = 409
#: Characters a cell holds, counted as Excel counts them (UTF-16 code units: an emoji takes two).
MAX_CELL_CHARS = 32_767
#: Excel's columns per sheet, and the hyperlinks it keeps per sheet (more are dropped on opening).
MAX_COLUMNS = 16_384
MAX_LINKS_PER_SHEET = 65_530
#: Height of one line of 10 pt 宋体 (points), and the space above and below the text.
LINE_HEIGHT = 13.5
_PADDING = 3
#: Display columns of 10 pt text a column of width 1 holds: a width counts digits of the
#: default 11 pt font (7 px each, plus 5 px of margin), a Chinese character of 10 pt 宋体 is
#: about 13 px and two display columns, so a width of 14 holds about seven characters.
_USABLE = 0.98


def cell_text(text: str) -> str:
    """``text`` as a cell can hold it: cut, with a note saying so, when longer than Excel allows.

    A longer text makes Excel call the file damaged, and the writing
    libraries cut it silently; the note keeps the cut visible.
    """
    if len(text) <= MAX_CELL_CHARS // 2:
        return text
    units = text.encode("utf-16-le")
    if len(units) // 2 <= MAX_CELL_CHARS:
        return text
    note = label("cell_cut", total=len(units) // 2, limit=MAX_CELL_CHARS)
    kept = units[:2 * (MAX_CELL_CHARS - len(note.encode("utf-16-le")) // 2)]
    return kept.decode("utf-16-le", errors="ignore") + note


def wrapped_lines(text: str, width: float) -> int:
    """Lines ``text`` takes wrapped in a column ``width`` characters wide."""
    return display_lines(text, max(1.0, width * _USABLE))


def display_lines(text: str, columns: float) -> int:
    """Lines ``text`` takes when a line holds ``columns`` display columns (a Chinese
    character takes two), its own line breaks kept."""
    return sum(max(1, math.ceil(display_width(line) / columns)) for line in str(text).split("\n"))


def row_height(cells: Iterable[tuple[str, float]], line_height: float = LINE_HEIGHT) -> float | None:
    """The height (points) a row needs for each (text, column width) of it, or ``None`` for one line."""
    lines = max((wrapped_lines(text, width) for text, width in cells if text), default=1)
    if lines <= 1:
        return None
    return min(MAX_ROW_HEIGHT, lines * line_height + _PADDING)


# Pages of a landscape A4 sheet printed at a fixed scale, broken where the sheet says.

#: What a landscape A4 page with the summary's margins (0.4" sides, 0.5" top and bottom)
#: prints, in pixels at 96 per inch.  The width keeps a twentieth in reserve: LibreOffice
#: measures a column by the font's real digit width, about 5% more than Excel's 7 pixels.
PRINT_WIDTH_PX = (297 - 2 * 10.16) / 25.4 * 96 * 0.95
PRINT_HEIGHT_PX = (210 - 2 * 12.7) / 25.4 * 96
#: A last page holding less than this share of a page is an orphan, to be shrunk onto the others.
ORPHAN_SHARE = 0.3
#: Never print smaller than this to save a page: below it a clerk needs a magnifier.
MIN_SCALE = 0.6
#: A heading is kept on a page with at least this many rows after it.
KEEP_WITH_HEADING = 2


@dataclass(frozen=True)
class Pages:
    """How a sheet prints: its scale (percent) and the rows that begin a new page."""

    scale: int
    breaks: list[int]


def column_pixels(width: float) -> float:
    """A column of ``width`` characters on screen, in pixels (7 per digit, 5 of margin)."""
    return width * 7 + 5


def paginate(widths: Iterable[float], heights: list[float], repeated: int,
             headings: Collection[int] = ()) -> Pages:
    """Scale a sheet to the page width and break its rows into pages by hand.

    Excel and LibreOffice ignore manual page breaks on a sheet fitted to a
    number of pages, so the scale is set instead: the page width over the
    sheet's.  A heading row never ends a page: it goes to the next one with
    the rows it heads.  A last page holding only a few rows is avoided by
    printing a little smaller, never below ``MIN_SCALE``.
    """
    scale = min(1.0, PRINT_WIDTH_PX / sum(column_pixels(width) for width in widths))
    breaks, last_share = _breaks(heights, repeated, headings, scale)
    if breaks and last_share < ORPHAN_SHARE:
        content = sum(heights[repeated:]) + sum(heights[:repeated]) * (len(breaks) + 1)
        smaller = max(MIN_SCALE, len(breaks) * PRINT_HEIGHT_PX / (content * 96 / 72) * 0.98)
        fewer, _ = _breaks(heights, repeated, headings, smaller)
        if smaller < scale and len(fewer) < len(breaks):
            scale, breaks = smaller, fewer
    return Pages(math.floor(scale * 100), breaks)


def _breaks(heights: list[float], repeated: int, headings: Collection[int],
            scale: float) -> tuple[list[int], float]:
    """The rows that begin a page at ``scale``, and the share of its page the last page fills."""
    pixels = [height * 96 / 72 * math.floor(scale * 100) / 100 for height in heights]
    per_page = PRINT_HEIGHT_PX - sum(pixels[:repeated])
    breaks: list[int] = []
    used = 0.0
    for row in range(repeated, len(pixels)):
        block = pixels[row]
        if row in headings:
            block = sum(pixels[row:row + 1 + KEEP_WITH_HEADING])
        if used and used + block > per_page:
            breaks.append(row)
            used = 0.0
        used += pixels[row]
    return breaks, used / per_page


def column_breaks(widths: list[float], repeated: int) -> list[int]:
    """The columns that begin a new page when a wide table prints at full size.

    The first ``repeated`` columns (序号, 单位) print on every page; the
    others fill each page's remaining width in order.
    """
    room = PRINT_WIDTH_PX - sum(column_pixels(width) for width in widths[:repeated])
    breaks: list[int] = []
    used = 0.0
    for col in range(repeated, len(widths)):
        if used and used + column_pixels(widths[col]) > room:
            breaks.append(col)
            used = 0.0
        used += column_pixels(widths[col])
    return breaks

"""The writing kit every sheet of the summary is written with.

XlsxWriter formats belong to one workbook and are costly to create, so they
are made once, by name, in :class:`Styles`; a sheet asks for ``"money"`` or
for ``"money"`` coloured by a finding's severity.  The palette, the print
setup (A4, page-numbered footer naming the sheet), the way a value becomes a
cell (text stays text, whatever it looks like) and the row fitted to its
wrapped text are written here once, so that every sheet prints and reads the
same way.  The sheets' names are here too: sheets link to and chart from
each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from xlsxwriter.worksheet import Worksheet, convert_cell_args

from excel_eval.collection import Collection, UnitEntry
from excel_eval.findings import Severity
from excel_eval.read.reader import a1
from excel_eval.write.summary.paper import cell_text, row_height

#: Fills for flagged cells, and what a legend calls them.  None is a colour the template
#: uses: its inputs are pale yellow, its locked cells grey, its headers pale blue.
SEVERITY_FILLS = {Severity.ERROR: "#FFC7CE", Severity.WARNING: "#F4B183", Severity.INFO: "#E4DFEC"}
SEVERITY_COLOUR_NAMES = {Severity.ERROR: "浅红色", Severity.WARNING: "橙色", Severity.INFO: "浅紫色"}
GRADE_FILLS = {"优": "#C6EFCE", "良": "#DDEBF7", "中": "#FFEB9C", "差": "#FFC7CE"}
HEADER_FILL = "#1F4E78"

OVERVIEW = "总览"
RANKING = "排名"
COMPARISON = "区域对比"
INDICATOR_MATRIX = "指标对比"
PROBLEMS = "问题清单"
NOT_INCLUDED = "未报送与无法读取"
FIXED_SHEETS = (OVERVIEW, RANKING, COMPARISON, INDICATOR_MATRIX, PROBLEMS, NOT_INCLUDED)
#: The sheet comparing with last year, after the fixed ones when a previous summary was given.
YEAR_SHEET = "年度对比"
#: Sheets whose pages are set by hand (a chart a page, a group of indicators a page): they
#: are not fitted to the page width, because Excel ignores page breaks on a fitted sheet.
PAGINATED = (OVERVIEW, COMPARISON, INDICATOR_MATRIX)
#: Text from a submission stays text, whatever it looks like.
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
#: The height of a row left as it is (points).
DEFAULT_ROW_HEIGHT = 15


class Styles:
    """Formats created once per workbook, by name."""

    def __init__(self, workbook: Any) -> None:
        base = {"font_name": "宋体", "font_size": 10, "valign": "vcenter"}
        specs: dict[str, dict[str, Any]] = {
            "title": {"bold": True, "font_size": 16},
            "title_centre": {"bold": True, "font_size": 16, "align": "center"},
            "subtitle": {"bold": True, "font_size": 12, "font_color": HEADER_FILL},
            "header": {"bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_FILL, "border": 1,
                       "text_wrap": True, "align": "center"},
            "label": {"bold": True, "bg_color": "#F2F2F2", "border": 1, "text_wrap": True},
            "text": {"border": 1},
            "centre": {"border": 1, "align": "center"},
            "wrap": {"border": 1, "text_wrap": True, "valign": "top"},
            "money": {"border": 1, "num_format": "#,##0.00"},
            "number": {"border": 1, "num_format": "0.##"},
            "score": {"border": 1, "num_format": "0.00"},
            "percent": {"border": 1, "num_format": "0.00%"},
            "integer": {"border": 1, "num_format": "0"},
            "date": {"border": 1, "num_format": "yyyy-mm-dd"},
            "link": {"border": 1, "font_color": "#0563C1", "underline": 1},
            "total": {"bold": True, "border": 1, "top": 2},
            "total_money": {"bold": True, "border": 1, "top": 2, "num_format": "#,##0.00"},
            "total_percent": {"bold": True, "border": 1, "top": 2, "num_format": "0.00%"},
            "note": {"font_color": "#595959", "italic": True},
        }
        self._formats = {name: workbook.add_format({**base, **spec}) for name, spec in specs.items()}
        for severity, colour in SEVERITY_FILLS.items():
            for kind in ("text", "centre", "wrap", "money", "number", "score", "percent", "date"):
                self._formats[f"{kind}:{severity.value}"] = workbook.add_format(
                    {**base, **specs[kind], "bg_color": colour})
        self.grade_formats = {grade: workbook.add_format({"bg_color": colour}) for grade, colour in GRADE_FILLS.items()}
        self.red = workbook.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE"})

    def __getitem__(self, name: str) -> Any:
        return self._formats[name]

    def flagged(self, kind: str, severity: Severity | None) -> Any:
        return self._formats[f"{kind}:{severity.value}" if severity else kind]


class SummarySheet(Worksheet):
    """A sheet of the summary: a text longer than a cell holds is cut, with a note saying so."""

    @convert_cell_args
    def write_string(self, row: int, col: int, string: str, cell_format: Any = None) -> int:
        return super().write_string(row, col, cell_text(string), cell_format)


def add_sheet(workbook: Any, name: str, fitted: bool = True) -> Any:
    """A new sheet set up for A4; ``fitted`` sheets print one page wide."""
    sheet = workbook.add_worksheet(name, worksheet_class=SummarySheet)
    print_setup(sheet)
    if fitted:
        sheet.fit_to_pages(1, 0)
    return sheet


def print_setup(sheet: Any) -> None:
    """A4 landscape with a page-numbered footer; sheets that print otherwise (the ranking
    and the overview upright) change this after it."""
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    sheet.set_footer("&L&A&C第 &P 页，共 &N 页")  # the sheet's name: a loose page says what it is


def title_of(collection: Collection, what: str) -> str:
    """"2024 年度绩效自评复核排名": the years of the summary, then what the sheet shows."""
    years = collection.years
    if not years:
        return what
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else f"{years[0]}"
    return f"{span} 年度{what}"


def write_value(sheet: Any, row: int, col: int, value: Any, style: Any) -> None:
    """Numbers as numbers, dates as dates, everything else strictly as text."""
    if value is None or value == "":
        sheet.write_blank(row, col, None, style)
    elif isinstance(value, bool):
        sheet.write_string(row, col, "是" if value else "否", style)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, value, style)
    elif isinstance(value, (dt.date, dt.datetime)):
        sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()) if not isinstance(value, dt.datetime)
                             else value, style)
    else:
        sheet.write_string(row, col, str(value), style)


def fit_row(sheet: Any, row: int, cells: Iterable[tuple[str, float]]) -> float | None:
    """Make ``row`` as tall as the tallest (text, column width) of it wrapped; return that height,
    or ``None`` (the row left as it is) when every text fits on one line."""
    height = row_height(cells)
    if height:
        sheet.set_row(row, height)
    return height


def column_letter(index: int) -> str:
    """The letters of the 0-based column ``index``: 0 → A, 27 → AB."""
    return a1(0, index)[:-1]


def amount(entry: UnitEntry, name: str) -> float:
    """A unit's money field as a number, nothing counting as 0."""
    return entry.review.submission.number(name) or 0.0

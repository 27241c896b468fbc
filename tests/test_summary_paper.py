"""The summary on paper: the ranking page, rank order, repeated headers, charts that read, no gaps."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

import openpyxl
import pytest

from excel_eval.collect import collect
from excel_eval.rules import load_rules
from excel_eval.write.feedback import REVIEW_SHEET, write_collection_feedback
from excel_eval.write.summary import COMPARISON, RANKING, RANKING_HEADER, write_summary
from excel_eval.write.summary.paper import (MAX_ROW_HEIGHT, PRINT_HEIGHT_PX, column_breaks, paginate, row_height,
                                            wrapped_lines)
from tests.builders import CLEAN_INDICATORS, clean_submission

#: Unit → actual of 个案服务数 (target 80, weight 20): lower actuals, lower scores.
CASES = {"江高镇": 88, "人和镇": 60, "太和镇": 76, "钟落潭镇": 70}


def _indicators(cases: int) -> list[dict]:
    rows = [dict(row) for row in CLEAN_INDICATORS]
    rows[1] = {**rows[1], "actual": cases, "deviation_reason": "受场地改造影响，部分个案转介至邻近站点。"}
    return rows


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> openpyxl.Workbook:
    inbox = tmp_path_factory.mktemp("报送")
    for unit, cases in CASES.items():
        clean_submission(inbox, f"{unit}.xlsx", indicators=_indicators(cases), unit_name=unit)
    clean_submission(inbox, "龙归街道.xlsx", indicators=[], unit_name="龙归街道")
    output = write_summary(collect(inbox, load_rules()), tmp_path_factory.mktemp("out") / "汇总.xlsx")
    return openpyxl.load_workbook(output)


def test_the_ranking_is_one_upright_page_sorted_by_score_with_the_unranked_last(book):
    sheet = book[RANKING]
    assert sheet["A1"].value == "2024 年度绩效自评复核排名"
    header = [cell.value for cell in sheet[RANKING_HEADER + 1]]
    assert header[:7] == ["排名", "单位", "复核得分", "等级", "执行率", "待核实\n分值", "错误数"]
    rows = [row for row in sheet.iter_rows(min_row=RANKING_HEADER + 2, values_only=True)]
    assert [row[1] for row in rows] == ["江高镇", "太和镇", "钟落潭镇", "人和镇", "龙归街道"]
    assert [row[0] for row in rows] == [1, 2, 3, 4, "—"]
    scores = [row[2] for row in rows[:4]]
    assert scores == sorted(scores, reverse=True)
    assert rows[-1][7] == "未填写绩效指标和分值，不评级"
    assert sheet.page_setup.orientation == "portrait" and sheet.page_setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage  # fitted to one page wide and one tall (1 is the default)
    assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight or 1) == (1, 1)
    assert sheet.print_title_rows == f"${RANKING_HEADER + 1}:${RANKING_HEADER + 1}"


def test_the_comparison_has_a_title_and_follows_the_ranking(book):
    sheet = book["区域对比"]
    assert sheet["C1"].value == "2024 年度各单位绩效自评对比（按复核排名）"
    units = [sheet.cell(row, 2).value for row in range(3, 8)]
    assert units == ["江高镇", "太和镇", "钟落潭镇", "人和镇", "龙归街道"]
    headers = [cell.value for cell in sheet[2]]
    assert "全年预算数\n（万元）" in headers  # the line breaks where the words do
    assert sheet.print_title_rows == "$2:$2"


def test_every_list_repeats_its_header_rows_on_each_printed_page(book):
    assert book["问题清单"].print_title_rows == "$1:$1"
    assert book["指标对比"].print_title_rows == "$2:$5"
    assert book["指标对比"].print_title_cols == "$A:$A"


def test_problems_go_unit_by_unit_worst_first_then_cell_by_cell(book):
    sheet = book["问题清单"]
    rows = [row for row in sheet.iter_rows(min_row=2, values_only=True)]
    listed = book.sheetnames[book.sheetnames.index("未报送与无法读取") + 1:]  # the units in collection order
    units = [row[2] for row in rows]
    assert len(set(units)) > 2 and units == sorted(units, key=listed.index)
    ranks = {"错误": 0, "警告": 1, "提示": 2}
    for unit in set(units):
        mine = [row for row in rows if row[2] == unit]
        assert [ranks[row[1]] for row in mine] == sorted(ranks[row[1]] for row in mine)
        for severity in ranks:
            cells = [(row[4], row[5]) for row in mine if row[1] == severity and row[5]]
            keyed = [(sheet_name, int(re.sub(r"\D", "", cell)), re.sub(r"\d", "", cell)) for sheet_name, cell in cells]
            assert keyed == sorted(keyed)


def test_wrapped_rows_are_as_tall_as_their_text(book):
    sheet = book["问题清单"]
    width = sheet.column_dimensions["H"].width
    for row in range(2, sheet.max_row + 1):
        lines = wrapped_lines(sheet.cell(row, 8).value, width)
        height = sheet.row_dimensions[row].height
        if lines > 1:
            assert height is not None and height >= lines * 13
        assert height is None or height <= MAX_ROW_HEIGHT


def test_row_heights_never_pass_excels_limit():
    assert row_height([("很长的说明" * 2000, 30)]) == MAX_ROW_HEIGHT
    assert row_height([("短", 30)]) is None
    assert row_height([("第一行\n第二行", 30)]) == pytest.approx(2 * 13.5 + 3)


def test_unit_sheets_number_their_sections_without_gaps(book):
    sheet = book["江高镇"]
    sections = [cell.value for cell in sheet["A"] if isinstance(cell.value, str) and re.match("^[一二三四五六七八九十]、", cell.value)]
    assert [title[0] for title in sections] == list("一二三四五六")
    assert sheet.print_title_rows == "$1:$3"


def test_a_heading_that_would_end_a_page_goes_over_with_its_rows():
    rows = PRINT_HEIGHT_PX * 72 / 96 / 15  # rows of 15 pt on a page at full size
    heights = [15.0] * 100
    heading = int(rows) - 1  # the last row of the first page
    pages = paginate([10] * 5, heights, 0, {heading})
    assert pages.scale == 100 and pages.breaks[0] == heading
    assert paginate([10] * 5, heights, 0).breaks[0] == int(rows)


def test_a_last_page_of_a_few_rows_is_printed_onto_the_others_but_never_tiny():
    per_page = int(PRINT_HEIGHT_PX * 72 / 96 / 15)
    few_over = paginate([10] * 5, [15.0] * (per_page + 3), 0)
    assert few_over.breaks == [] and few_over.scale < 100
    many_over = paginate([10] * 5, [15.0] * (per_page * 3), 0)
    assert many_over.scale >= 60 and len(many_over.breaks) >= 2


def test_a_long_unit_sheet_never_ends_a_page_on_a_section_heading(tmp_path):
    rows = [{**CLEAN_INDICATORS[0], "name": f"家庭探访户数{index}", "weight": 5, "self_score": 5,
             "deviation_reason": "受场地改造影响，部分服务转介至邻近站点，下半年已恢复。" * 3} for index in range(18)]
    inbox = tmp_path / "报送"
    clean_submission(inbox, "江高镇.xlsx", indicators=rows, problems="服务范围大，人手有限；" * 40)
    sheet = openpyxl.load_workbook(write_summary(collect(inbox, load_rules()), tmp_path / "汇总.xlsx"))["江高镇"]
    breaks = [brk.id for brk in sheet.row_breaks.brk]  # the last row (1-based) of each page
    headings = [cell.row for cell in sheet["A"] if isinstance(cell.value, str)
                and re.match("^[一二三四五六七八九十]、", cell.value)]
    assert breaks and not sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.scale and int(sheet.page_setup.scale) >= 60
    for heading in headings:
        assert heading not in breaks and heading + 1 not in breaks, (heading, breaks)


def test_the_comparison_prints_full_size_over_pages_with_unit_names_on_each(book):
    sheet = book[COMPARISON]
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_cols == "$A:$B" and sheet.print_title_rows == "$2:$2"
    widths = [dimension.width - 0.7109375 for dimension in sheet.column_dimensions.values()
              for _ in range(dimension.min, dimension.max + 1)]
    first = [brk.id for brk in sheet.col_breaks.brk][0]
    assert first == column_breaks(widths, 2)[0] and 8 < first < sheet.max_column
    titles = sorted((merged.min_col, merged.max_col) for merged in sheet.merged_cells.ranges if merged.min_row == 1)
    assert titles == [(3, first), (first + 1, sheet.max_column)]
    assert sheet.cell(1, first + 1).value.endswith("（续）")


def test_a_unit_sheet_and_the_review_copy_say_plainly_which_of_the_units_figures_is_missing(tmp_path):
    inbox = tmp_path / "报送"
    clean_submission(inbox, "江高镇.xlsx", self_grade=None)
    collection = collect(inbox, load_rules())
    sheet = openpyxl.load_workbook(write_summary(collection, tmp_path / "汇总.xlsx"))["江高镇"]
    assert sheet["A3"].value == "复核得分 100.00（优）；单位自评 100 分，未填自评等级"
    write_collection_feedback(collection, tmp_path / "审核意见")
    review = openpyxl.load_workbook(tmp_path / "审核意见" / "江高镇_2024_审核意见.xlsx")[REVIEW_SHEET]
    assert "100 分，未填自评等级" in [cell.value for row in review.iter_rows() for cell in row]


def test_unit_sheets_give_long_texts_the_width_of_several_columns(book):
    sheet = book["江高镇"]
    achievements = next(cell for cell in sheet["A"] if cell.value == "主要经验做法")
    merged = [str(r) for r in sheet.merged_cells.ranges if r.min_row == achievements.row]
    assert f"B{achievements.row}:F{achievements.row}" in merged


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    """A district of 24 units whose 个案服务数 runs from 60 to 83, summarised without unit sheets."""
    inbox = tmp_path_factory.mktemp("报送24")
    for index, cases in enumerate(range(60, 84)):
        clean_submission(inbox, f"单位{index}.xlsx", indicators=_indicators(cases), unit_name=f"单位{index}")
    return write_summary(collect(inbox, load_rules()), tmp_path_factory.mktemp("out24") / "汇总.xlsx", "none")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) is not installed")
def test_the_ranking_of_24_units_prints_on_one_page(district, tmp_path, soffice):
    pdf = soffice.convert(district, "pdf", tmp_path)
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    (ranking,) = [page for page in pages if "年度绩效自评复核排名" in page]
    assert all(f"单位{index}" in ranking for index in range(24))


def test_score_chart_reads_at_district_size(district):
    output = district
    with zipfile.ZipFile(output) as archive:
        charts = [archive.read(name).decode() for name in sorted(archive.namelist())
                  if re.fullmatch(r"xl/charts/chart\d+\.xml", name)]
    scores = next(chart for chart in charts if "各单位复核得分" in chart)
    assert '<c:barDir val="bar"/>' in scores
    assert f"'{RANKING}'!$B${RANKING_HEADER + 2}:$B${RANKING_HEADER + 25}" in scores
    assert '<c:showVal val="1"/>' in scores
    low = float(re.search(r'<c:min val="([\d.]+)"/>', scores).group(1))
    lowest = min(row[2] for row in openpyxl.load_workbook(output)[RANKING].iter_rows(
        min_row=RANKING_HEADER + 2, values_only=True))
    assert 0 < low <= lowest and lowest - low <= 10
    sheet = openpyxl.load_workbook(output)["总览"]
    assert len(sheet.row_breaks.brk) == 2  # each bar chart starts a page


def test_a_cell_text_is_cut_as_excel_counts_it_with_a_note():
    from excel_eval.write.summary.paper import MAX_CELL_CHARS, cell_text

    assert cell_text("说明" * 16_000) == "说明" * 16_000  # 32,000 characters fit
    cut = cell_text("😀" * 20_000)  # 40,000 in Excel's count: each takes two
    assert len(cut.encode("utf-16-le")) // 2 <= MAX_CELL_CHARS
    assert cut.startswith("😀" * 16_000) and cut.endswith("（全文 40,000 字，超出 Excel 每个单元格 32,767 字的上限，以下已截去）")

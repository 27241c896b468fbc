"""Year over year: a 2023 summary read back as the input of the 2024 one."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from excel_eval.cli import main
from excel_eval.collect import collect
from excel_eval.keys import indicator_key
from excel_eval.pipeline import run_collection
from excel_eval.read.history import DATA_MARKER, DATA_SHEET, DATA_VERSION, read_previous
from excel_eval.rules import load_rules
from excel_eval.write.summary import FIXED_SHEETS, YEAR_SHEET, data_sheet, write_summary
from tests.builders import CLEAN_INDICATORS, clean_submission
from tests.filling import where
from tests.test_collect import assert_streaming_loses_nothing


def indicators(**changes: dict[str, object]) -> list[dict[str, object]]:
    """The clean indicator rows with some cells changed, by indicator name."""
    rows = copy.deepcopy(CLEAN_INDICATORS)
    for row in rows:
        row.update(changes.get(row["name"], {}))
    return rows


def submissions(folder: Path, year: int) -> Path:
    """江高镇 and 人和镇 for ``year``.

    2023: 江高镇 missed its 个案服务数 target (60 of 80).  2024: 江高镇 sets
    家庭探访户数 to 900 (2023 actual 1000) and 个案服务数 to 70 (below 2023's
    target, above its actual, no reason); 人和镇 grows its budget by half with
    no note and falls from 优 to 良.
    """
    if year == 2023:
        jianggao = indicators(个案服务数={"actual": 60, "reported_rate": 0.75, "self_score": 15})
        clean_submission(folder, "江高镇_2023.xlsx", indicators=jianggao, eval_year=2023, self_total_score=95)
        clean_submission(folder, "人和镇_2023.xlsx", unit_name="人和镇", eval_year=2023)
        return folder
    jianggao = indicators(家庭探访户数={"target": 900}, 个案服务数={"target": 70})
    clean_submission(folder, "江高镇_2024.xlsx", indicators=jianggao)
    renhe_2024(folder)
    return folder


def renhe_2024(folder: Path, **changes: object) -> Path:
    rows = indicators(家庭探访户数={"actual": 500, "reported_rate": 0.5, "self_score": 15})
    return clean_submission(folder, "人和镇_2024.xlsx", indicators=rows, unit_name="人和镇", budget_initial=300,
                            budget_total=300, spent_total=300, fund_current_initial=300, fund_current=300,
                            fund_current_spent=300, fund_city=150, fund_district=150,
                            self_total_score=85, self_grade="良", **changes)


@pytest.fixture(scope="module")
def summary_2023(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("2023")
    collection = collect(submissions(root / "报送", 2023), load_rules(), year=2023)
    return write_summary(collection, root / "2023汇总.xlsx")


@pytest.fixture(scope="module")
def inbox_2024(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return submissions(tmp_path_factory.mktemp("2024") / "报送", 2024)


@pytest.fixture(scope="module")
def run_2024(inbox_2024: Path, summary_2023: Path, tmp_path_factory: pytest.TempPathFactory):
    collection = run_collection(inbox_2024, load_rules(), year=2024, previous=summary_2023)
    assert collection.previous_problem == "" and collection.previous is not None
    output = write_summary(collection, tmp_path_factory.mktemp("out") / "2024汇总.xlsx")
    return collection, openpyxl.load_workbook(output)


def table(sheet, header_row: int = 1) -> list[dict[str, object]]:
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = [title.replace("\n", "") if isinstance(title, str) else title for title in rows[header_row - 1]]
    return [dict(zip(header, row)) for row in rows[header_row:]]


def target_cell(collection, unit: str, name: str) -> tuple[str, str]:
    entry = next(e for e in collection.units if e.unit == unit)
    ref = next(r.indicator.ref("target") for r in entry.review.evaluation.indicators if r.indicator.name == name)
    return ref.sheet, ref.cell


def test_the_data_sheet_is_hidden_versioned_and_holds_every_unit_and_indicator(summary_2023):
    book = openpyxl.load_workbook(summary_2023)
    sheet = book[DATA_SHEET]
    assert sheet.sheet_state == "hidden"
    assert (sheet["A1"].value, sheet["B1"].value) == (DATA_MARKER, DATA_VERSION)
    rows = [row for row in sheet.iter_rows(min_row=3, values_only=True)]
    units = {row[0]: row for row in rows}
    assert set(units) == {"江高镇", "人和镇"}
    assert units["人和镇"][1:4] == (2023, 200, 200)
    assert units["人和镇"][6] == "优"
    indicators = json.loads(units["江高镇"][7])
    assert [item["指标"] for item in indicators] == [row["name"] for row in CLEAN_INDICATORS]
    cases = next(item for item in indicators if item["指标"] == "个案服务数")
    assert cases["指标值"][0] == 80 and cases["完成率"] == pytest.approx(0.75)
    assert all(isinstance(sheet.cell(row, 8).value, str) for row in (3, 4))


def test_a_long_indicator_list_continues_in_the_next_cells_and_reads_back(tmp_path, monkeypatch):
    monkeypatch.setattr(data_sheet, "CELL_TEXT_LIMIT", 100)
    collection = collect(submissions(tmp_path / "报送", 2023), load_rules(), year=2023)
    summary = write_summary(collection, tmp_path / "2023汇总.xlsx")
    row = next(openpyxl.load_workbook(summary)[DATA_SHEET].iter_rows(min_row=3, max_row=3, values_only=True))
    assert len([cell for cell in row[7:] if cell]) > 2
    assert all(len(cell) <= 100 for cell in row[7:] if cell)
    previous = read_previous(summary)
    assert set(previous.match(row[0], 2024).indicators) == \
        {indicator_key(item["name"]) for item in CLEAN_INDICATORS}


def test_read_previous_gives_back_what_was_written(summary_2023):
    previous = read_previous(summary_2023)
    jianggao = previous.match("江高镇", 2024)
    assert jianggao.year == 2023 and jianggao.budget == 200
    cases = jianggao.indicators["个案服务"]
    assert (cases.target.number, cases.actual.number, cases.completion) == (80, 60, pytest.approx(0.75))
    assert previous.match("江高镇人民政府", 2024) is jianggao
    assert previous.match("江高镇", 2023) is None


def test_comparison_gains_last_years_columns(run_2024):
    _, book = run_2024
    rows = {row["单位"]: row for row in table(book["区域对比"], header_row=2) if row["单位"] not in (None, "合计")}
    renhe = rows["人和镇"]
    assert renhe["上年预算数（万元）"] == 200 and renhe["上年执行率"] == pytest.approx(1)
    assert renhe["上年复核得分"] == pytest.approx(100) and renhe["上年等级"] == "优"
    assert renhe["得分变化"] == pytest.approx(renhe["复核得分"] - 100) and renhe["得分变化"] < 0
    assert rows["江高镇"]["上年复核得分"] == pytest.approx(95)


def test_year_sheet_puts_last_years_target_and_actual_beside_this_years(run_2024):
    _, book = run_2024
    rows = {(row["单位"], row["指标"]): row for row in table(book[YEAR_SHEET], header_row=2)}
    visits = rows[("江高镇", "家庭探访户数")]
    assert (visits["上年指标值"], visits["上年实际完成值"], visits["本年指标值"]) == ("1000", "1000", "900")
    assert visits["对比"] == "低于上年实际完成值" and visits["上年年度"] == 2023
    assert rows[("江高镇", "个案服务数")]["对比"] == "低于上年指标值"
    assert rows[("人和镇", "家庭探访户数")]["对比"] in ("", None)
    satisfaction = rows[("江高镇", "服务对象满意度")]
    assert (satisfaction["上年指标值"], satisfaction["上年实际完成值"], satisfaction["本年指标值"]) == \
        ("90%", "95%", "90%")
    assert book.sheetnames.index(YEAR_SHEET) == len(FIXED_SHEETS)


def test_year_sheet_header_is_tall_enough_for_its_wrapped_titles_and_printed_on_every_page(run_2024):
    sheet = run_2024[1][YEAR_SHEET]
    assert sheet.cell(2, 9).value == "上年复核完成率"  # wraps in its column of 10
    assert sheet.row_dimensions[2].height >= 27
    assert sheet.print_title_rows == "$2:$2"


def test_findings_point_at_this_years_cells(run_2024):
    collection, book = run_2024
    found = {(f.code, f.unit, f.cell): f for f in collection.cross_findings}
    lowered = found[("target_below_previous_actual", "江高镇", "E13")]
    assert (lowered.sheet, lowered.cell) == target_cell(collection, "江高镇", "家庭探访户数")
    assert (lowered.expected, lowered.found) == ("1000", "900") and lowered.severity.label == "警告"
    assert "“家庭探访户数”" in lowered.message
    below_target = found[("target_below_previous_target", "江高镇", "E14")]
    assert (below_target.sheet, below_target.cell) == target_cell(collection, "江高镇", "个案服务数")
    # 90% satisfaction again after 95% last year is a target below last year's actual too.
    satisfaction = found[("target_below_previous_actual", "江高镇", "E16")]
    assert (satisfaction.expected, satisfaction.found) == ("95%", "90%")
    assert {key[0] for key in found if key[1] == "人和镇"} == {"grade_dropped", "budget_change_from_previous",
                                                               "target_below_previous_actual"}
    dropped = next(f for f in collection.cross_findings if f.code == "grade_dropped")
    assert (dropped.unit, dropped.expected, dropped.found, dropped.sheet) == ("人和镇", "优", "良", where("self_grade")[0])
    budget = next(f for f in collection.cross_findings if f.code == "budget_change_from_previous")
    assert (budget.unit, budget.sheet, budget.expected, budget.found) == ("人和镇", where("budget_total")[0], "200", "300")
    assert "+50.0%" in budget.message
    problems = table(book["问题清单"])
    assert any(row["问题类型"] == "目标值低于上年实际完成值" and row["单位"] == "江高镇" and row["单元格"] == "E13"
               for row in problems)


def test_a_stated_reason_or_note_silences_the_explainable_findings(summary_2023, tmp_path):
    explained = indicators(家庭探访户数={"target": 900}, 个案服务数={"target": 70, "deviation_reason": "服务对象减少"})
    folder = tmp_path / "报送"
    clean_submission(folder, "江高镇_2024.xlsx", indicators=explained)
    renhe_2024(folder, budget_change_note="新增两个服务点")
    collection = run_collection(folder, load_rules(), year=2024, previous=summary_2023)
    codes = {(f.code, f.unit, f.cell) for f in collection.cross_findings}
    assert ("target_below_previous_target", "江高镇", "E14") not in codes
    assert ("target_below_previous_actual", "江高镇", "E13") in codes
    assert not any(code == "budget_change_from_previous" for code, _, _ in codes)


def hand_made(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "区域对比"
    book.active["A1"] = "单位"
    book.save(path)
    return path


def older_version(path: Path, summary: Path) -> Path:
    book = openpyxl.load_workbook(summary)
    book[DATA_SHEET]["B1"] = 0
    book.save(path)
    return path


def edited(path: Path, summary: Path) -> Path:
    """The summary with the first unit's indicators (a JSON text) overwritten by hand."""
    book = openpyxl.load_workbook(summary)
    book[DATA_SHEET]["H3"] = "指标见附件"
    book.save(path)
    return path


def damaged(path: Path, summary: Path) -> Path:
    path.write_bytes(summary.read_bytes()[:2000])
    return path


@pytest.mark.parametrize("kind, words", [
    ("hand_made", "不是本工具生成的汇总"),
    ("older", f"只能读取版本 {DATA_VERSION}"),
    ("damaged", "无法读取"),
    ("edited", f"数据表内容已被改动，无法读取（“{DATA_SHEET}”表第 3 行）"),
    ("missing", "找不到上年汇总文件"),
])
def test_a_bad_previous_summary_is_reported_and_the_summary_is_written_without_comparison(
        kind, words, inbox_2024, summary_2023, tmp_path):
    bad = {"hand_made": lambda p: hand_made(p), "older": lambda p: older_version(p, summary_2023),
           "damaged": lambda p: damaged(p, summary_2023),
           "edited": lambda p: edited(p, summary_2023), "missing": lambda p: p}[kind](tmp_path / "上年汇总.xlsx")
    collection = run_collection(inbox_2024, load_rules(), year=2024, previous=bad)
    problem = collection.previous_problem
    assert words in problem and problem.endswith("本次汇总未与上年对比。")
    assert not re.search(r"[A-Za-z]{2,}[ ,:]+[A-Za-z]{2,}[ ,:]+[A-Za-z]{2,}", problem), problem  # no English
    book = openpyxl.load_workbook(write_summary(collection, tmp_path / "汇总.xlsx"))
    assert YEAR_SHEET not in book.sheetnames and DATA_SHEET in book.sheetnames
    assert "上年等级" not in [cell.value for cell in book["区域对比"][2]]
    overview = {row[0]: row[1] for row in book["总览"].iter_rows(values_only=True) if row[0]}
    assert overview["上年对比"] == problem
    assert not any(f.code.startswith(("target_below", "grade_dropped")) for f in collection.cross_findings)


def test_cli_previous_option(inbox_2024, summary_2023, tmp_path):
    runner = CliRunner()
    plain = runner.invoke(main, ["collect", str(inbox_2024), "-o", str(tmp_path / "无对比.xlsx"), "-q"])
    compared = runner.invoke(main, ["collect", str(inbox_2024), "-o", str(tmp_path / "对比.xlsx"), "-q",
                                    "--year", "2024", "--previous", str(summary_2023)])
    assert compared.exit_code == plain.exit_code and compared.stderr == ""
    book = openpyxl.load_workbook(tmp_path / "对比.xlsx")
    assert YEAR_SHEET in book.sheetnames
    bad = runner.invoke(main, ["collect", str(inbox_2024), "-o", str(tmp_path / "坏.xlsx"), "-q",
                               "--previous", str(hand_made(tmp_path / "手工.xlsx"))])
    assert bad.exit_code == plain.exit_code
    assert bad.stderr.startswith("警告：手工.xlsx 不是本工具生成的汇总")
    assert YEAR_SHEET not in openpyxl.load_workbook(tmp_path / "坏.xlsx").sheetnames


def test_a_folder_holding_both_years_is_compared_without_a_previous_summary(tmp_path):
    inbox = tmp_path / "历年报送"
    submissions(inbox / "2023", 2023)
    submissions(inbox / "2024", 2024)
    collection = run_collection(inbox, load_rules(), year=2024)
    assert collection.previous is not None
    codes = {(f.code, f.unit) for f in collection.cross_findings}
    assert ("target_below_previous_actual", "江高镇") in codes and ("grade_dropped", "人和镇") in codes
    book = openpyxl.load_workbook(write_summary(collection, tmp_path / "2024汇总.xlsx"))
    overview = [str(cell) for row in book["总览"].iter_rows(values_only=True) for cell in row if cell]
    assert any("同一文件夹中的往年报送" in cell for cell in overview)
    assert YEAR_SHEET in book.sheetnames


def test_feedback_and_report_alone_give_a_unit_the_findings_collect_gives_it(tmp_path):
    inbox = tmp_path / "历年报送"
    submissions(inbox / "2023", 2023)
    submissions(inbox / "2024", 2024)
    runner = CliRunner()
    together = runner.invoke(main, ["collect", str(inbox), "-o", str(tmp_path / "汇总.xlsx"), "--year", "2024",
                                    "--feedback", str(tmp_path / "汇总审核意见"),
                                    "--reports", str(tmp_path / "汇总评价报告")])
    assert together.exit_code == 0, together.output
    for command, folder in (("feedback", "审核意见"), ("report", "评价报告")):
        alone = runner.invoke(main, [command, str(inbox), "-o", str(tmp_path / folder), "--year", "2024"])
        assert alone.exit_code == 0, alone.output
    feedback = problem_rows(tmp_path / "审核意见" / "江高镇_2024_审核意见.xlsx")
    assert feedback == problem_rows(tmp_path / "汇总审核意见" / "江高镇_2024_审核意见.xlsx")
    assert sum("低于上年" in row[3] for row in feedback) == 3
    report = report_lines(tmp_path / "评价报告" / "江高镇_2024_绩效评价报告.docx")
    assert report == report_lines(tmp_path / "汇总评价报告" / "江高镇_2024_绩效评价报告.docx")
    for name in ("家庭探访户数", "个案服务数", "服务对象满意度"):
        assert any(f"“{name}”年度指标值" in line and "低于上年" in line for line in report), name


def problem_rows(copy: Path) -> list[tuple]:
    """The rows of a review copy's list of problems, below its header row."""
    rows = list(openpyxl.load_workbook(copy)["审核意见"].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "序号") + 1
    return [row for row in rows[start:] if row[0] is not None and isinstance(row[0], int)]


def report_lines(path: Path) -> list[str]:
    """A report's paragraphs and table rows, without the date lines a run prints."""
    document = docx.Document(path)
    lines = [paragraph.text for paragraph in document.paragraphs]
    lines += ["\t".join(cell.text for cell in row.cells) for table in document.tables for row in table.rows]
    return [line for line in lines if not re.search(r"\d{4}(年|-)\d{1,2}(月|-)\d{1,2}", line)]


def test_no_earlier_years_means_no_comparison(inbox_2024):
    collection = run_collection(inbox_2024, load_rules(), year=2024)
    assert collection.previous is None and collection.previous_problem == ""


def test_the_streamed_summary_with_last_year_loses_nothing(inbox_2024, summary_2023, tmp_path, monkeypatch):
    collection = run_collection(inbox_2024, load_rules(), year=2024, previous=summary_2023)
    assert_streaming_loses_nothing(collection, tmp_path, monkeypatch)


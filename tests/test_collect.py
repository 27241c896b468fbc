"""collect and the summary workbook, read back as a district official would open it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from excel_eval import findings
from excel_eval.cli import main
from excel_eval.collect import collect, gather
from excel_eval.findings import Severity
from excel_eval.judge.cross_file import judge
from excel_eval.read.roster import read_roster
from excel_eval.rules import load_rules
from excel_eval.write import summary
from excel_eval.write.summary import FIXED_SHEETS, SEVERITY_FILLS, write_summary
from tests.builders import clean_submission
from tests.filling import where
from tests.samples import ROSTER, SAMPLES, seed_folder
from tests.xlsx_compare import assert_same_workbook


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """The two seed samples, a clean unit, a duplicate, broken files and a lock file."""
    inbox = tmp_path / "报送"
    inbox.mkdir()
    for sample in seed_folder().glob("*.xlsx"):
        shutil.copy(sample, inbox / sample.name)
    work = tmp_path / "work"
    work.mkdir()
    clean = clean_submission(work, name="江高镇_2024_绩效自评.xlsx")
    shutil.copy(clean, inbox / clean.name)
    first = clean_submission(work, name="人和镇_第一版.xlsx", unit_name="人和镇", fill_date=dt.datetime(2025, 1, 10))
    second = clean_submission(work, name="人和镇_第二版.xlsx", unit_name="人和镇人民政府",
                              fill_date=dt.datetime(2025, 2, 1))
    sub = inbox / "补报"
    sub.mkdir()
    shutil.copy(first, inbox / first.name)
    shutil.copy(second, sub / second.name)
    formula_text = clean_submission(work, name="太和镇_2024_绩效自评.xlsx", unit_name="太和镇")
    book = openpyxl.load_workbook(formula_text)
    sheet, cell = where("problems")
    cell = book[sheet][cell]
    cell.value = "=1+1 是公式吗"
    cell.data_type = "s"
    book.save(formula_text)
    shutil.copy(formula_text, inbox / formula_text.name)
    (inbox / "说明.pdf").write_bytes(b"%PDF-1.4\n")
    (inbox / "~$江高镇_2024_绩效自评.xlsx").write_bytes(b"\x06zhang ")
    return inbox


def run(folder: Path, tmp_path: Path, **options) -> tuple[object, Path]:
    collection = collect(folder, load_rules(), read_roster(ROSTER), **options)
    output = write_summary(collection, tmp_path / "汇总.xlsx")
    return collection, output


def rows(sheet) -> list[list[object]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def comparison(book) -> dict[str, dict[str, object]]:
    table = rows(book["区域对比"])
    header = [str(title).replace("\n", "") for title in table[1]]
    return {row[1]: dict(zip(header, row)) for row in table[2:] if row[1] and row[1] != "合计"}


def test_the_year_most_files_carry_is_collected_alone(folder, tmp_path):
    collection, output = run(folder, tmp_path)
    assert collection.year == 2024 and collection.year_choice.counts == {2022: 1, 2023: 1, 2024: 4}
    book = openpyxl.load_workbook(output)
    assert book.sheetnames[: len(FIXED_SHEETS)] == list(FIXED_SHEETS)
    assert {"江高镇", "人和镇", "太和镇"} <= set(book.sheetnames)
    assert set(comparison(book)) == {"江高镇", "人和镇", "太和镇"}
    assert book["总览"]["A1"].value == "2024 年度绩效自评汇总"
    other = {row[0]: row[2] for row in rows(book["未报送与无法读取"]) if row[0] and "2023" in row[0]}
    assert "评价年度为 2023 年" in other["石门街道_2023_绩效自评.xlsx"]


def test_a_rules_file_with_another_over_completion_threshold_names_it_in_every_label(folder, tmp_path):
    rules_file = tmp_path / "规则.toml"
    rules_file.write_text("[over_completion]\nthreshold = 1.5\n", encoding="utf-8")
    collection = collect(folder, load_rules(rules_file), year=2022)
    book = openpyxl.load_workbook(write_summary(collection, tmp_path / "汇总.xlsx"))
    assert comparison(book)["钟落潭镇"]["超额(≥150%)指标数"] == 3
    texts = [str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert not any("130%" in text for text in texts)
    assert any("150%" in finding.message for finding in collection.all_findings)


@pytest.mark.parametrize("year, unit, figures", [
    (2022, "钟落潭镇", {"全年预算数（万元）": 198.45, "执行率": 1.0, "复核得分": 99, "复核等级": "优",
                     "超额(≥130%)指标数": 3}),
    (2023, "石门街道", {"全年预算数（万元）": 120, "自评得分": 100, "复核等级": "优",
                     "文件": "石门街道_2023_绩效自评.xlsx"}),
])
def test_the_seed_figures_of_the_year_asked_for(folder, tmp_path, year, unit, figures):
    collection, output = run(folder, tmp_path, year=year)
    units = comparison(openpyxl.load_workbook(output))
    assert list(units) == [unit]
    assert units[unit] == {**units[unit], **{key: pytest.approx(value) if isinstance(value, (int, float))
                                             else value for key, value in figures.items()}}


def test_every_input_file_is_accounted_for_once(folder, tmp_path):
    collection, output = run(folder, tmp_path)
    book = openpyxl.load_workbook(output)
    files = [str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()]
    assert len(collection.reviews) == len(files) == 8
    listed = [row["文件"] for row in comparison(book).values()]
    listed += [row[0] for row in rows(book["未报送与无法读取"]) if row[0] in files]
    assert sorted(listed) == sorted(files)
    accounting = book["未报送与无法读取"]["A1"].value
    assert "共找到 8 个文件" in accounting


def test_duplicates_keep_the_newer_fill_date_and_say_so(folder, tmp_path):
    collection, output = run(folder, tmp_path)
    entry = next(e for e in collection.units if e.unit == "人和镇")
    assert entry.review.name == str(Path("补报") / "人和镇_第二版.xlsx")
    assert [old.name for old in entry.superseded] == ["人和镇_第一版.xlsx"]
    not_included = rows(openpyxl.load_workbook(output)["未报送与无法读取"])
    line = next(row for row in not_included if row[0] == "人和镇_第一版.xlsx")
    kept = Path("补报") / "人和镇_第二版.xlsx"
    assert line[2] == f"与“{kept}”为同一单位同一年度，已采用“{kept}”（填报日期较新）"


def test_missing_units_failed_files_and_lock_files_are_listed(folder, tmp_path):
    collection, output = run(folder, tmp_path)
    assert len(collection.missing) == 24 - 3  # the roster is accounted for in 2024: 钟落潭镇 sent only for 2022
    assert "钟落潭镇" in {unit.name for unit in collection.missing}
    text = [str(cell) for row in rows(openpyxl.load_workbook(output)["未报送与无法读取"]) for cell in row if cell]
    assert "三元里街道" in text and "说明.pdf" in text and "~$江高镇_2024_绩效自评.xlsx" in text
    assert any("PDF" in cell for cell in text)


def test_year_filter_lists_other_years_as_excluded(folder, tmp_path):
    collection, output = run(folder, tmp_path, year=2024)
    assert {entry.unit for entry in collection.units} == {"江高镇", "人和镇", "太和镇"}
    reasons = [item.reason for item in collection.excluded]
    assert any("2022" in reason for reason in reasons) and any("2023" in reason for reason in reasons)


def test_flagged_cells_are_coloured_and_commented(folder, tmp_path):
    _, output = run(folder, tmp_path, year=2023)
    sheet = openpyxl.load_workbook(output)["石门街道"]
    comments = {cell.coordinate: cell.comment.text for row in sheet.iter_rows() for cell in row if cell.comment}
    budget_weight = next(cell for row in sheet.iter_rows() for cell in row if cell.value == "预算执行率分值")
    flagged = sheet.cell(budget_weight.row, budget_weight.column + 1)
    assert flagged.value == 20
    assert "与规则默认的 10 分不同" in comments[flagged.coordinate]
    assert flagged.fill.fgColor.rgb.endswith(SEVERITY_FILLS[Severity.INFO][1:])
    assert any("佐证材料" in text for text in comments.values())


def test_problem_list_links_resolve_to_the_annotated_cell(folder, tmp_path):
    collection, output = run(folder, tmp_path, year=2022)
    book = openpyxl.load_workbook(output)
    problems = book["问题清单"]
    assert problems.max_row - 1 == len(collection.all_findings)
    links = [cell.hyperlink.location for cell in problems["F"] if cell.hyperlink]
    assert links
    for location in links:
        sheet_name, cell = location.rsplit("!", 1)
        target = book[sheet_name.strip("'")]
        assert target[cell].value is not None or target[cell].comment is not None
    cell_link = next(loc for loc in links if loc.lstrip("'").startswith("钟落潭镇"))
    target = book["钟落潭镇"][cell_link.rsplit("!", 1)[1]]
    assert target.comment is not None


def test_conditional_formats_filters_freeze_and_charts(folder, tmp_path):
    _, output = run(folder, tmp_path)
    sheet = openpyxl.load_workbook(output)["区域对比"]
    rules = [rule.type for ranges in sheet.conditional_formatting for rule in ranges.rules]
    assert "dataBar" in rules and "cellIs" in rules
    assert sheet.freeze_panes == "C3" and sheet.auto_filter.ref.startswith("A2:")
    with zipfile.ZipFile(output) as archive:
        charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
    assert len(charts) == 3


def test_text_from_a_submission_never_becomes_a_formula(folder, tmp_path):
    _, output = run(folder, tmp_path)
    sheet = openpyxl.load_workbook(output)["太和镇"]
    cells = [cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str) and "是公式吗" in cell.value]
    assert cells and all(cell.data_type == "s" and cell.value.startswith("=") for cell in cells)


def test_inputs_are_never_written_to(folder, tmp_path):
    before = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in folder.rglob("*") if path.is_file()}
    run(folder, tmp_path)
    after = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in folder.rglob("*") if path.is_file()}
    assert before == after


def test_parallel_and_serial_collections_agree(folder, tmp_path):
    serial = collect(folder, load_rules(), workers=1)
    parallel = collect(folder, load_rules(), workers=2)
    assert [r.name for r in serial.reviews] == [r.name for r in parallel.reviews]
    assert [(f.code, f.cell) for f in serial.all_findings] == [(f.code, f.cell) for f in parallel.all_findings]


def test_cli_exit_codes_quiet_and_force(folder, tmp_path):
    runner = CliRunner()
    output = tmp_path / "汇总.xlsx"
    result = runner.invoke(main, ["collect", str(folder), "-o", str(output), "--roster", str(ROSTER)])
    assert result.exit_code == 1, result.output
    assert "汇总已保存" in result.output and output.exists()
    again = runner.invoke(main, ["collect", str(folder), "-o", str(output)])
    assert again.exit_code == 2 and "--force" in again.output
    forced = runner.invoke(main, ["collect", str(folder), "-o", str(output), "--force", "-q"])
    assert forced.exit_code == 1 and forced.output == ""
    assert not list(tmp_path.glob(".*.tmp.xlsx"))


def test_cli_clean_folder_exits_zero(tmp_path):
    clean_submission(tmp_path / "in", name="江高镇.xlsx")
    result = CliRunner().invoke(main, ["collect", str(tmp_path / "in"), "-o", str(tmp_path / "out.xlsx")])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("arguments, message", [
    (["collect", "不存在的文件夹", "-o", "x.xlsx"], "找不到报送文件夹"),
    (["collect", ".", "-o", "x.csv"], ".xlsx"),
    (["collect", ".", "-o", "x.xlsx", "--roster", "没有.csv"], "名册"),
])
def test_cli_usage_errors(arguments, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "x.xlsx").exists()


def test_summary_opens_in_libreoffice_and_recalculates_to_the_same_values(folder, tmp_path, soffice):
    _, output = run(folder, tmp_path)
    assert soffice.convert(output, "pdf", tmp_path / "pdf").stat().st_size > 0
    registry = soffice.profile / "user" / "registrymodifications.xcu"
    registry.parent.mkdir(parents=True, exist_ok=True)
    registry.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">'
        '<value>0</value></prop></item></oor:items>', encoding="utf-8")
    recalculated = soffice.convert(output, "xlsx", tmp_path / "recalc")
    mine = openpyxl.load_workbook(output, data_only=True)["区域对比"]
    theirs = openpyxl.load_workbook(recalculated, data_only=True)["区域对比"]
    formulas = openpyxl.load_workbook(output)["区域对比"]
    checked = 0
    for row in formulas.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                assert theirs[cell.coordinate].value == pytest.approx(mine[cell.coordinate].value)
                checked += 1
    assert checked == 3


def test_cli_without_output_says_so_in_chinese(folder):
    result = CliRunner().invoke(main, ["collect", str(folder)])
    assert result.exit_code == 2 and "请用 -o 指定输出的汇总文件" in result.output


def test_hidden_and_libreoffice_lock_files_are_listed_as_skipped(tmp_path):
    inbox = tmp_path / "报送"
    clean_submission(inbox)
    (inbox / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (inbox / ".~lock.江高镇_2024_绩效自评.xlsx#").write_text("张三,zhang,PC,23.11.2026 10:00;", encoding="utf-8")
    collection = collect(inbox, load_rules())
    skipped = {review.name: review.findings[0].code for review in collection.skipped}
    assert skipped == {".DS_Store": "file_hidden", ".~lock.江高镇_2024_绩效自评.xlsx#": "file_lock"}
    assert not collection.failed and len(collection.units) == 1


def test_an_output_written_inside_the_folder_is_not_read_back(tmp_path):
    inbox = tmp_path / "报送"
    clean_submission(inbox)
    output = inbox / "汇总.xlsx"
    runner = CliRunner()
    assert runner.invoke(main, ["collect", str(inbox), "-o", str(output), "-q"]).exit_code == 0
    again = runner.invoke(main, ["collect", str(inbox), "-o", str(output), "-q", "--force"])
    assert again.exit_code == 0
    assert "汇总.xlsx" not in [row[0] for row in rows(openpyxl.load_workbook(output)["未报送与无法读取"])]


def test_cli_empty_folder_is_a_usage_error_and_writes_nothing(tmp_path):
    (tmp_path / "空").mkdir()
    result = CliRunner().invoke(main, ["collect", str(tmp_path / "空"), "-o", str(tmp_path / "汇总.xlsx")])
    assert result.exit_code == 2 and "没有任何文件" in result.output
    assert not (tmp_path / "汇总.xlsx").exists()


def assert_streaming_loses_nothing(collection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The streamed summary equals one held in memory: no cell was written out of row order.

    Streaming (``constant_memory``) silently drops a cell written to a row
    above the last one written; holding the sheet in memory does not.
    """
    in_memory = write_summary(collection, tmp_path / "内存.xlsx", unit_sheets="all")
    monkeypatch.setattr(summary, "STREAM_FROM_UNITS", 1)
    streamed = write_summary(collection, tmp_path / "流式.xlsx", unit_sheets="all")
    with zipfile.ZipFile(streamed) as archive:  # streaming writes text inline, with no shared strings
        assert "xl/sharedStrings.xml" not in archive.namelist()
    assert_same_workbook(streamed, in_memory)


def test_the_streamed_summary_loses_nothing(folder, tmp_path, monkeypatch):
    collection = collect(folder, load_rules(), read_roster(ROSTER))
    assert_streaming_loses_nothing(collection, tmp_path, monkeypatch)


def test_judging_returns_a_new_complete_collection_and_leaves_the_gathered_one_as_it_was(folder):
    gathered = gather(folder, load_rules(), read_roster(ROSTER))
    judged = judge(gathered)
    assert gathered.cross_findings == () and judged is not gathered
    review = next(entry.review for entry in judged.units if entry.superseded)
    assert [f.code for f in gathered.findings_of(review)] == [f.code for f in review.findings]
    assert any(f.code == "duplicate_submission" for f in judged.findings_of(review))
    with pytest.raises(dataclasses.FrozenInstanceError):
        judged.cross_findings = ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        judged.units[0].review = review



@pytest.fixture()
def mixed_years(tmp_path: Path) -> Path:
    """Three clean 2024 files, a 2023 file with an error, and one whose year was mistyped 2042."""
    inbox = tmp_path / "历年报送"
    for unit in ("江高镇", "人和镇", "太和镇"):
        clean_submission(inbox, name=f"{unit}_2024.xlsx", unit_name=unit)
    clean_submission(inbox, name="江高镇_2023.xlsx", eval_year=2023, spent_total=500)
    clean_submission(inbox, name="钟落潭镇_2042.xlsx", unit_name="钟落潭镇", eval_year=2042)
    return inbox


def test_a_mistyped_year_cannot_push_the_other_units_out(mixed_years, tmp_path):
    result = CliRunner().invoke(main, ["collect", str(mixed_years), "-o", str(tmp_path / "汇总.xlsx"),
                                       "--roster", str(ROSTER)])
    assert result.exit_code == 0, result.output  # 2023's error is not this summary's
    assert result.stderr.splitlines()[0] == (
        "找到 3 个评价年度的报送：2023 年 1 个、2024 年 3 个、2042 年 1 个文件。"
        "本次只处理 2024 年度（文件最多的年度；可用 --year 指定其他年度），其他年度的文件不纳入。")
    assert "纳入汇总 3 个单位，名册中 21 个单位未报送" in result.stderr
    book = openpyxl.load_workbook(tmp_path / "汇总.xlsx")
    assert set(comparison(book)) == {"江高镇", "人和镇", "太和镇"}
    other = {row[0]: row[2] for row in rows(book["未报送与无法读取"]) if row[0] in ("江高镇_2023.xlsx", "钟落潭镇_2042.xlsx")}
    assert other == {"江高镇_2023.xlsx": "评价年度为 2023 年，本次汇总 2024 年度（往年报送，可用于与上年对比）",
                     "钟落潭镇_2042.xlsx": "评价年度为 2042 年，本次汇总 2024 年度（年度晚于本次汇总）"}


def test_other_years_findings_reach_neither_the_problem_list_nor_the_exit_code(mixed_years, tmp_path):
    collection = collect(mixed_years, load_rules(), year=2024)
    earlier = next(review for review in collection.other_years if review.name == "江高镇_2023.xlsx")
    assert any(finding.severity is findings.Severity.ERROR for finding in earlier.findings)
    assert all(finding.file != "江高镇_2023.xlsx" for finding in collection.all_findings)
    book = openpyxl.load_workbook(write_summary(collection, tmp_path / "汇总.xlsx"))
    assert all(row[3] != "江高镇_2023.xlsx" for row in rows(book["问题清单"]))
    overview = {row[0]: row[1] for row in rows(book["总览"]) if row[0]}
    assert overview["错误"] == 0


def test_the_year_asked_for_is_collected_and_the_terminal_says_so(mixed_years, tmp_path):
    result = CliRunner().invoke(main, ["collect", str(mixed_years), "-o", str(tmp_path / "汇总.xlsx"),
                                       "--year", "2023"])
    assert result.exit_code == 1  # its budget was overspent
    assert "本次只处理 2023 年度（按 --year 指定）" in result.stderr
    assert set(comparison(openpyxl.load_workbook(tmp_path / "汇总.xlsx"))) == {"江高镇"}


def test_a_year_no_file_carries_exits_2_naming_the_years_found(mixed_years, tmp_path):
    result = CliRunner().invoke(main, ["collect", str(mixed_years), "-o", str(tmp_path / "汇总.xlsx"),
                                       "--year", "2025"])
    assert result.exit_code == 2
    assert result.stderr == ("错误：没有评价年度为 2025 年的报送文件。找到的评价年度：2023 年 1 个、2024 年 3 个、"
                             "2042 年 1 个文件。请检查 --year，或不加 --year（将处理文件最多的年度）。\n")
    assert not (tmp_path / "汇总.xlsx").exists()


def test_the_quick_start_collects_one_year_and_says_which(tmp_path):
    result = CliRunner().invoke(main, ["collect", str(SAMPLES), "-o", str(tmp_path / "汇总.xlsx"),
                                       "--roster", str(ROSTER)])
    assert result.exit_code in (0, 1), result.output
    book = openpyxl.load_workbook(tmp_path / "汇总.xlsx")
    years = {row["年度"] for row in comparison(book).values()}
    assert len(years) == 1
    year = years.pop()
    assert f"本次只处理 {year} 年度" in result.stderr or f"评价年度：{year} 年" in result.stderr
    assert book["总览"]["A1"].value == f"{year} 年度绩效自评汇总"


def test_a_rules_file_sets_how_many_units_get_their_own_sheet(tmp_path):
    inbox = tmp_path / "报送"
    clean_submission(inbox, "江高镇.xlsx")
    clean_submission(inbox, "人和镇.xlsx", unit_name="人和镇")
    rules_file = tmp_path / "规则.toml"
    rules_file.write_text("[comparison]\nunit_sheets_limit = 1\n", encoding="utf-8")
    default = openpyxl.load_workbook(write_summary(collect(inbox, load_rules()), tmp_path / "默认.xlsx"))
    limited = openpyxl.load_workbook(write_summary(collect(inbox, load_rules(rules_file)), tmp_path / "限定.xlsx"))
    unit_sheets = [name for name in default.sheetnames if name not in limited.sheetnames]
    assert len(unit_sheets) == 2 and any("江高镇" in name for name in unit_sheets)
    assert set(limited.sheetnames) >= set(FIXED_SHEETS)

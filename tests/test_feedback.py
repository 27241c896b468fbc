"""Annotated copies sent back to the towns, checked on real files.

A folder holds the two bundled samples and built submissions with known
problems; every test opens the copies the way a town or a script would.
"""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from excel_eval import fields as contract
from excel_eval import findings
from excel_eval.cli import main
from excel_eval.collect import collect
from excel_eval.findings import Severity, worst
from excel_eval.judge.review import review_file
from excel_eval.read.reader import parse_a1
from excel_eval.rules import load_rules
from excel_eval.write.feedback import (
    COMMENT_AUTHOR,
    HINTS_AGGREGATED_FROM,
    REVIEW_SHEET,
    FeedbackError,
    feedback_file_name,
    write_collection_feedback,
    write_feedback,
)
from excel_eval.write.summary.kit import SEVERITY_COLOUR_NAMES, SEVERITY_FILLS
from excel_eval.write.template import INPUT_FILL, write_template
from tests.builders import CLEAN_FIELDS, CLEAN_INDICATORS, blank_template, clean_submission
from tests.filling import destination, where
from tests.samples import SEED_FILES, seed_folder

RULES = load_rules()
#: Built submissions: file name → changes to the clean one.
BUILT = {
    "江高镇.xlsx": {"spent_total": "198.45万元", "fund_city": 90},
    "人和镇.xlsx": {"unit_name": "人和镇"},
    "太和镇.xlsx": {"unit_name": "太和镇", "budget_total": 210},
}
#: The year most files carry (2024) is the one reviewed; the samples are of 2022 and 2023.
EXPECTED_COPIES = {"江高镇_2024_审核意见.xlsx", "人和镇_2024_审核意见.xlsx", "太和镇_2024_审核意见.xlsx"}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """The submissions folder: the two samples and three built files."""
    root = tmp_path_factory.mktemp("submissions")
    for name in SEED_FILES:
        shutil.copy(seed_folder() / name, root / name)
    for name, changes in BUILT.items():
        clean_submission(root, name=name, **changes)
    return root


@pytest.fixture(scope="module")
def run(folder, tmp_path_factory):
    """The collection and its copies, written once; the originals' checksums taken before."""
    before = {path.name: digest(path) for path in folder.iterdir()}
    collection = collect(folder, RULES)
    out = tmp_path_factory.mktemp("feedback")
    result = write_collection_feedback(collection, out)
    return collection, result, out, before


def review_of(collection, file_name):
    return next(entry.review for entry in collection.units if entry.review.name == file_name)


def annotations(path: Path) -> dict[tuple[str, str], tuple[str, str, str]]:
    """(sheet, cell) → (comment text, author, fill colour) of every commented cell."""
    workbook = openpyxl.load_workbook(path)
    found = {}
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.comment is not None:
                    found[sheet.title, cell.coordinate] = (cell.comment.text, cell.comment.author,
                                                           cell.fill.fgColor.rgb[-6:])
    return found


def sheet_texts(path: Path) -> list[str]:
    sheet = openpyxl.load_workbook(path)[REVIEW_SHEET]
    return [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]


def fix_flagged(path: Path) -> Path:
    """Put the clean value (or the template's formula) back into every field a finding is about."""
    flagged = {finding.field for finding in review_file(path, RULES).findings}
    workbook, template = openpyxl.load_workbook(path), openpyxl.load_workbook(blank_template())
    for name in flagged & {spec.name for spec in contract.FIELDS}:
        sheet, row, col = destination(workbook, name)
        blank, blank_row, blank_col = destination(template, name)
        sheet.cell(row, col).value = CLEAN_FIELDS.get(name, blank.cell(blank_row, blank_col).value)
    workbook.save(path)
    return path


def test_every_unit_gets_its_copy_and_the_originals_are_untouched(run, folder):
    collection, result, out, before = run
    assert result.failed == []
    assert {path.name for path in result.written} == EXPECTED_COPIES
    assert {path.name for path in out.iterdir()} == EXPECTED_COPIES
    assert {path.name: digest(path) for path in folder.iterdir()} == before


def test_comments_sit_on_the_cells_of_the_findings_coloured_by_severity(run):
    collection, _, out, _ = run
    for entry in collection.units:
        copy = out / feedback_file_name(entry.unit, entry.year)
        found = [f for f in collection.findings_of(entry.review) if f.cell]
        by_cell = {}
        for finding in found:
            by_cell.setdefault((finding.sheet, finding.cell), []).append(finding)
        comments = annotations(copy)
        assert set(comments) == set(by_cell), entry.unit
        for where, group in by_cell.items():
            text, author, colour = comments[where]
            assert author == COMMENT_AUTHOR
            assert colour == SEVERITY_FILLS[worst(group)].lstrip("#")
            for finding in group:
                assert finding.message in text
                if finding.expected or finding.found:
                    assert f"应为：{finding.expected or '—'}；实为：{finding.found or '—'}" in text


def test_a_cell_with_several_findings_gets_one_comment_in_the_worst_colour(run):
    collection, _, out, _ = run
    review = review_of(collection, "江高镇.xlsx")
    on_d4 = [f for f in review.findings if (f.sheet, f.cell) == where("spent_total")]
    assert len(on_d4) >= 2
    text, _, colour = annotations(out / "江高镇_2024_审核意见.xlsx")[where("spent_total")]
    assert text.count("【") == len(on_d4)
    sources = annotations(out / "江高镇_2024_审核意见.xlsx")[where("fund_city")]
    assert sources[2] == SEVERITY_FILLS[Severity.ERROR].lstrip("#") and "资金来源合计" in sources[0]


def test_the_review_sheet_comes_first_and_links_every_finding_to_its_cell(run):
    collection, _, out, _ = run
    for entry in collection.units:
        workbook = openpyxl.load_workbook(out / feedback_file_name(entry.unit, entry.year))
        assert workbook.sheetnames[0] == REVIEW_SHEET and workbook.active.title == REVIEW_SHEET
        assert [sheet.sheet_view.tabSelected for sheet in workbook.worksheets].count(True) == 1
        assert workbook.sheetnames[1:] == list(contract.SHEETS)
        links = [cell.hyperlink.location for row in workbook[REVIEW_SHEET].iter_rows() for cell in row
                 if cell.hyperlink is not None]
        found = collection.findings_of(entry.review)
        hints = [f.code for f in found if f.severity is Severity.INFO]
        shared = {code for code in hints if hints.count(code) >= HINTS_AGGREGATED_FROM}
        firsts = {code: next(f for f in found if f.code == code) for code in shared}
        expected = [f"'{f.sheet}'!{f.cell}" for f in found
                    if f.cell and (f.code not in shared or firsts[f.code] is f)]
        assert sorted(links) == sorted(expected)
        for location in links:
            sheet_name, cell = location.rsplit("!", 1)
            sheet = workbook[sheet_name.strip("'")]
            row, col = parse_a1(cell)
            assert row < sheet.max_row and col < sheet.max_column
            assert sheet[cell].comment is not None
        assert workbook[contract.SHEET_FORM].protection.sheet, "the template's protection stays on"


def test_the_review_sheet_shows_scores_findings_and_next_steps(run):
    collection, _, out, _ = run
    texts = sheet_texts(out / "江高镇_2024_审核意见.xlsx")
    review = review_of(collection, "江高镇.xlsx")
    assert "江高镇 2024 年度绩效自评审核意见" in texts
    assert f"{review.evaluation.total_score.value:.2f} 分，等级“{review.evaluation.grade}”" in "".join(texts)
    assert "100 分，等级“优”" in texts
    assert any(text.startswith("审核结论：需修改后重新报送") for text in texts)
    for finding in review.findings:
        assert finding.message in texts
    assert not any("如有疑问" in text or "前重新报送" in text for text in texts), "no contact is set"


def test_the_header_says_how_many_recomputed_points_are_still_to_be_verified(tmp_path):
    """A 30-point row targeted “100%” and done “>10万人次” (as 石门街道 wrote it) is 待核实."""
    rows = [{**CLEAN_INDICATORS[0], "name": "社工服务人次完成率", "unit": "%", "target": "100%",
             "actual": ">10万人次"}, *CLEAN_INDICATORS[1:]]
    clean_submission(tmp_path / "报送", indicators=rows)
    collection = collect(tmp_path / "报送", RULES)
    write_collection_feedback(collection, tmp_path / "审核意见")
    (evaluation,) = [entry.review.evaluation for entry in collection.units]
    assert (evaluation.unverified_count, evaluation.unverified_points) == (1, 30)
    texts = sheet_texts(tmp_path / "审核意见" / "江高镇_2024_审核意见.xlsx")
    (district,) = [text for text in texts if text.startswith(f"{evaluation.total_score.value:.2f} 分")]
    assert district.endswith("其中待核实 30 分（1 项指标无法核实，暂按自评得分计入）")


def test_the_copys_national_form_shows_its_rate_in_full(run):
    """执行率 (H6) prints “100.00%”, not ###: its column is as wide as the text."""
    sheet = openpyxl.load_workbook(run[2] / "江高镇_2024_审核意见.xlsx")[contract.SHEET_FORM]
    shown = format(sheet["H6"].value, ".2%")
    assert sheet["H6"].number_format == "0.00%"
    assert sheet.column_dimensions["H"].width >= len(shown) + 1


def test_a_unit_without_findings_is_told_it_passed(run):
    texts = sheet_texts(run[2] / "人和镇_2024_审核意见.xlsx")
    assert "审核结论：审核通过，未发现问题，无需修改。" in texts
    assert annotations(run[2] / "人和镇_2024_审核意见.xlsx") == {}


def test_the_copies_read_back_with_the_same_findings(run):
    collection, _, out, _ = run
    for entry in collection.units:
        again = review_file(out / feedback_file_name(entry.unit, entry.year), RULES)
        assert again.status == "read"
        assert [(f.code, f.sheet, f.cell) for f in again.findings] == \
               [(f.code, f.sheet, f.cell) for f in entry.review.findings], entry.unit
        assert again.evaluation.total_score == entry.review.evaluation.total_score


def test_fixing_the_flagged_values_in_a_copy_leaves_no_error(run, tmp_path):
    collection, _, out, _ = run
    copy = shutil.copy(out / "江高镇_2024_审核意见.xlsx", tmp_path / "江高镇_2024_审核意见.xlsx")
    assert review_file(copy, RULES).has_errors
    fixed = review_file(fix_flagged(copy), RULES)
    assert fixed.status == "read" and fixed.findings == []
    result = CliRunner().invoke(main, ["check", str(copy)])
    assert result.exit_code == 0, result.output


def test_the_review_sheet_holds_no_template_label(run):
    """The reader looks labels up across the workbook when a name is missing: none may be found here."""
    labels = {label for item in (*contract.FIELDS, *(c for t in contract.TABLES for c in t.columns))
              for label in (item.label, *item.aliases)}
    for copy in run[2].iterdir():
        assert not {text.strip("*:： ") for text in sheet_texts(copy)} & labels, copy.name


def test_a_second_round_replaces_the_first_rounds_review(run, tmp_path):
    first = shutil.copy(run[2] / "江高镇_2024_审核意见.xlsx", tmp_path / "江高镇_2024_审核意见.xlsx")
    workbook = openpyxl.load_workbook(first)
    sheet, row, col = destination(workbook, "fund_city")
    sheet.cell(row, col).value = 100
    workbook.save(first)
    second = write_feedback(review_file(first, RULES), RULES, tmp_path / "round2")
    workbook = openpyxl.load_workbook(second)
    assert workbook.sheetnames.count(REVIEW_SHEET) == 1 and workbook.sheetnames[0] == REVIEW_SHEET
    sources = workbook[contract.field("fund_city").sheet][contract.field("fund_city").cell]
    assert sources.comment is None and sources.fill.fgColor.rgb[-6:] == INPUT_FILL.lstrip("#")
    assert where("spent_total") in annotations(second)
    assert not any("审核结论：需修改" in text for text in sheet_texts(second))


@pytest.mark.parametrize("fmt", ["ods", "xls"])
def test_an_ods_or_xls_submission_gets_an_xlsx_copy_that_says_so(fmt, folder, tmp_path, soffice):
    converted = soffice.convert(folder / "江高镇.xlsx", fmt, tmp_path / "in")
    before = digest(converted)
    review = review_file(converted, RULES)
    assert review.submission.source.format == fmt
    copy = write_feedback(review, RULES, tmp_path / "out")
    assert copy.name == "江高镇_2024_审核意见.xlsx" and digest(converted) == before
    assert any(text.startswith(f"说明：原文件为 .{fmt} 格式") for text in sheet_texts(copy))
    again = review_file(copy, RULES)
    assert again.submission.source.format == "xlsx"
    assert [(f.code, f.sheet, f.cell) for f in again.findings] == [(f.code, f.sheet, f.cell) for f in review.findings]
    assert {name: value.value for name, value in again.submission.fields.items()} == \
           {name: value.value for name, value in review.submission.fields.items()}
    assert [(i.name, i.target.raw, i.actual.raw, i.self_score) for i in again.submission.indicators] == \
           [(i.name, i.target.raw, i.actual.raw, i.self_score) for i in review.submission.indicators]
    assert set(annotations(copy)) == {(f.sheet, f.cell) for f in review.findings if f.cell}


def test_an_xlsm_submission_gets_an_xlsx_copy(tmp_path):
    source = clean_submission(tmp_path, name="江高镇.xlsx", fund_city=90)
    xlsm = tmp_path / "江高镇.xlsm"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(xlsm, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            copy.writestr(info, original.read(info))
        copy.writestr("xl/vbaProject.bin", b"\0" * 64)
    review = review_file(xlsm, RULES)
    assert review.submission.source.format == "xlsm"
    copy = write_feedback(review, RULES, tmp_path / "out")
    assert copy.suffix == ".xlsx" and review_file(copy, RULES).submission.source.format == "xlsx"
    assert where("fund_city") in annotations(copy)


def test_a_workbook_openpyxl_cannot_open_is_rebuilt_from_the_template(tmp_path, monkeypatch):
    source = clean_submission(tmp_path, name="江高镇.xlsx", fund_city=90)
    load = openpyxl.load_workbook

    def refuse_the_source(path, *args, **kwargs):
        if Path(path) == source:
            raise KeyError("broken part")
        return load(path, *args, **kwargs)

    monkeypatch.setattr(openpyxl, "load_workbook", refuse_the_source)
    copy = write_feedback(review_file(source, RULES), RULES, tmp_path / "out")
    monkeypatch.undo()
    assert any("无法原样复制" in text for text in sheet_texts(copy))
    assert [f.code for f in review_file(copy, RULES).findings] == ["sources_sum_mismatch"]


def test_file_level_findings_are_listed_on_the_sheet_only_and_stay_text(tmp_path):
    source = clean_submission(tmp_path, name="江高镇.xlsx")
    odd = findings.make("unit_not_on_roster", file="江高镇.xlsx", found="=1+1", suggestion="请核对单位名称。")
    copy = write_feedback(review_file(source, RULES), RULES, tmp_path / "out", extra_findings=[odd])
    sheet = openpyxl.load_workbook(copy)[REVIEW_SHEET]
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value is not None}
    assert cells["=1+1"].data_type == "s" and "整个文件" in cells
    assert odd.message in cells and annotations(copy) == {}
    assert any(text.startswith("审核结论：未发现错误") for text in cells if isinstance(text, str))


def test_return_date_and_contact_come_from_the_rules(tmp_path):
    rules_file = tmp_path / "规则.toml"
    rules_file.write_text('[review]\nreturn_date = 2025-03-31\ncontact = "区民政局 张三"\nphone = "020-86000000"\n',
                          encoding="utf-8")
    rules = load_rules(rules_file)
    copy = write_feedback(review_file(clean_submission(tmp_path, fund_city=90), rules), rules, tmp_path / "out")
    texts = sheet_texts(copy)
    assert any("请于 2025-03-31 前重新报送" in text for text in texts)
    assert any("如有疑问，请联系 区民政局 张三（电话 020-86000000）" in text for text in texts)


def test_cli_return_date_contact_and_phone_override_the_rules(tmp_path):
    rules_file = tmp_path / "规则.toml"
    rules_file.write_text('[review]\nreturn_date = 2025-03-31\ncontact = "区民政局 张三"\nphone = "020-86000000"\n',
                          encoding="utf-8")
    clean_submission(tmp_path / "in", name="江高镇.xlsx", fund_city=90)
    result = CliRunner().invoke(main, ["feedback", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                                       "--rules", str(rules_file), "--return-date", "2025年4月15日",
                                       "--contact", "区财政局 李四"])
    assert result.exit_code == 0, result.output
    texts = sheet_texts(tmp_path / "out" / "江高镇_2024_审核意见.xlsx")
    assert any("请于 2025-04-15 前重新报送" in text for text in texts)
    assert any("如有疑问，请联系 区财政局 李四（电话 020-86000000）" in text for text in texts)


def test_cli_a_return_date_that_is_no_date_is_refused(tmp_path):
    clean_submission(tmp_path / "in", name="江高镇.xlsx")
    result = CliRunner().invoke(main, ["feedback", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                                       "--return-date", "2025-02-30"])
    assert result.exit_code == 2
    assert result.stderr == "错误：--return-date 应为日期，如 2025-03-31，收到：2025-02-30\n"
    assert not (tmp_path / "out").exists()


def test_unreadable_files_and_the_original_itself_are_refused(tmp_path):
    broken = tmp_path / "坏文件.xlsx"
    broken.write_bytes(b"not a workbook")
    with pytest.raises(FeedbackError, match="坏文件.xlsx"):
        write_feedback(review_file(broken, RULES), RULES, tmp_path / "out")
    resubmitted = clean_submission(tmp_path, name="江高镇_2024_审核意见.xlsx", fund_city=90)
    before = digest(resubmitted)
    with pytest.raises(FeedbackError, match="覆盖原文件"):
        write_feedback(review_file(resubmitted, RULES), RULES, tmp_path)
    assert digest(resubmitted) == before


def test_file_names_are_safe_and_name_a_missing_year():
    assert feedback_file_name("江高镇", 2024) == "江高镇_2024_审核意见.xlsx"
    assert feedback_file_name("江/高:镇", None) == "江_高_镇_年度未填_审核意见.xlsx"


def test_libreoffice_opens_a_copy(run, tmp_path, soffice):
    pdf = soffice.convert(run[2] / "江高镇_2024_审核意见.xlsx", "pdf", tmp_path)
    assert pdf.stat().st_size > 0


# The command line.

def test_cli_feedback_writes_a_copy_per_unit(folder, tmp_path):
    before = {path.name: digest(path) for path in folder.iterdir()}
    result = CliRunner().invoke(main, ["feedback", str(folder), "-o", str(tmp_path / "意见")])
    assert result.exit_code == 0, result.output
    assert {path.name for path in (tmp_path / "意见").iterdir()} == EXPECTED_COPIES
    assert "已为 3 个单位生成审核意见" in result.stdout
    assert "2022 年 1 个、2023 年 1 个、2024 年 3 个文件" in result.stderr
    assert "本次只处理 2024 年度" in result.stderr
    assert {path.name: digest(path) for path in folder.iterdir()} == before


def test_cli_feedback_for_an_earlier_year_copies_only_that_years_units(folder, tmp_path):
    result = CliRunner().invoke(main, ["feedback", str(folder), "-o", str(tmp_path / "意见"), "--year", "2022"])
    assert result.exit_code == 0, result.output
    assert [path.name for path in (tmp_path / "意见").iterdir()] == ["钟落潭镇_2022_审核意见.xlsx"]
    assert "按 --year 指定" in result.stderr


def test_cli_feedback_for_a_year_with_no_submission_writes_nothing(folder, tmp_path):
    result = CliRunner().invoke(main, ["feedback", str(folder), "-o", str(tmp_path / "意见"), "--year", "2025"])
    assert result.exit_code == 2
    assert "没有评价年度为 2025 年的报送文件" in result.stderr and "2024 年 3 个" in result.stderr
    assert not (tmp_path / "意见").exists()


def test_cli_feedback_reports_bad_files_and_exits_one(tmp_path):
    clean_submission(tmp_path / "in", name="江高镇.xlsx")
    (tmp_path / "in" / "坏文件.xlsx").write_bytes(b"not a workbook")
    result = CliRunner().invoke(main, ["feedback", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "坏文件.xlsx" in result.stderr
    assert [path.name for path in (tmp_path / "out").iterdir()] == ["江高镇_2024_审核意见.xlsx"]


def test_cli_collect_with_feedback_writes_both(folder, tmp_path):
    result = CliRunner().invoke(main, ["collect", str(folder), "-o", str(tmp_path / "汇总.xlsx"),
                                       "--feedback", str(tmp_path / "意见"), "-q"])
    assert result.exit_code == 1, result.output  # the built files carry errors
    assert (tmp_path / "汇总.xlsx").exists()
    assert {path.name for path in (tmp_path / "意见").iterdir()} == EXPECTED_COPIES


@pytest.mark.parametrize("arguments, message", [
    (["feedback", "不存在的文件夹", "-o", "out"], "找不到报送文件夹"),
    (["feedback", "in"], "-o"),
    (["feedback", "in", "-o", "in/意见"], "报送文件夹"),
    (["collect", "in", "-o", "汇总.xlsx", "--feedback", "in"], "报送文件夹"),
])
def test_cli_usage_errors(arguments, message, tmp_path, monkeypatch):
    (tmp_path / "in").mkdir()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "汇总.xlsx").exists() and not (tmp_path / "in" / "意见").exists()


def test_the_legend_shows_a_swatch_of_each_colour_the_copy_uses(run):
    collection, _, out, _ = run
    for entry in collection.units:
        sheet = openpyxl.load_workbook(out / feedback_file_name(entry.unit, entry.year))[REVIEW_SHEET]
        used = {f.severity for f in collection.findings_of(entry.review) if f.cell}
        titles = [cell.row for cell in sheet["A"] if cell.value == "图例（单元格颜色）"]
        if not used:
            assert titles == [], entry.unit
            continue
        (title,) = titles
        legend = {}
        for row in range(title + 1, title + 1 + len(used)):
            swatch, label, words = (sheet.cell(row, col) for col in (1, 2, 3))
            legend[label.value] = (swatch.fill.fgColor.rgb[-6:], words.value)
        assert set(legend) == {severity.label for severity in used}
        for severity in used:
            colour, words = legend[severity.label]
            assert colour == SEVERITY_FILLS[severity].lstrip("#")
            assert words.startswith(SEVERITY_COLOUR_NAMES[severity])


def test_no_flag_colour_is_one_the_template_gives_its_cells(tmp_path):
    template = openpyxl.load_workbook(write_template(tmp_path / "模板.xlsx"))
    fills = {cell.fill.fgColor.rgb[-6:].upper() for sheet in template.worksheets for row in sheet.iter_rows()
             for cell in row if cell.fill.fill_type == "solid"}
    assert INPUT_FILL.lstrip("#").upper() in fills
    assert not fills & {colour.lstrip("#").upper() for colour in SEVERITY_FILLS.values()}


def test_a_format_slip_on_many_cells_is_one_line_and_every_cell_keeps_its_comment(tmp_path):
    rows = [{**row, "target": f"{row['target']}{row.get('unit', '')}"} if isinstance(row["target"], int) else row
            for row in CLEAN_INDICATORS]
    rows = [{**row, "actual": f"{row['actual']}{row.get('unit', '')}"} if isinstance(row["actual"], int) else row
            for row in rows]
    source = clean_submission(tmp_path / "报送", indicators=rows)
    review = review_file(source, RULES, source.name)
    (hint,) = [f for f in review.findings if f.code == "measure_as_text"]
    assert hint.cells == ("绩效自评表!E13", "绩效自评表!F13", "绩效自评表!E14", "绩效自评表!F14")
    assert hint.cell == "E13" and "同类情况共 4 处（E13、F13、E14、F14）" in hint.message
    copy = write_feedback(review, RULES, tmp_path / "审核意见")
    texts = sheet_texts(copy)
    assert sum(1 for text in texts if "同类情况共 4 处" in text) == 1
    assert {tuple(place.split("!")) for place in hint.cells} <= set(annotations(copy))

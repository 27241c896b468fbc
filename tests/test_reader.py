"""The reader on real files: clean ones, and every way a submission arrives broken."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from excel_eval.fields import MAX_YEAR, MIN_YEAR
from excel_eval.judge.review import review_file
from excel_eval.judge.scoring import in_base_units
from excel_eval.model import CellRef
from excel_eval.read.reader import read_submission
from excel_eval.rules import load_rules
from tests.builders import CLEAN_FIELDS, CLEAN_INDICATORS, clean_submission, replace_member, zip_with
from tests.filling import Percent, where


def codes(result) -> list[str]:
    return [finding.code for finding in result.findings]


def only(result, code: str):
    matches = [finding for finding in result.findings if finding.code == code]
    assert len(matches) == 1, f"expected one {code}, got {codes(result)}"
    return matches[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_clean_submission_reads_every_value(tmp_path):
    path = clean_submission(tmp_path)
    result = read_submission(path)
    assert result.status == "read"
    assert result.findings == []
    record = result.submission
    assert record.unit_name == "江高镇"
    assert record.eval_year == 2024
    assert record.number("budget_total") == 200
    assert record.value("fill_date") == dt.date(2025, 1, 15)
    assert record.text("final_eval_result") == "优秀"
    assert (record.ref("budget_total").sheet, record.ref("budget_total").cell) == where("budget_total")
    assert record.text("implementing_unit") == "广州市白云区江高镇人民政府"
    assert record.value("final_eval_date") == dt.date(2024, 12, 20)
    assert [i.name for i in record.indicators] == [row["name"] for row in CLEAN_INDICATORS]
    survey = record.indicators[3]
    assert survey.direction == "≥" and survey.target.base == (pytest.approx(0.9), "%")  # 0.9 shown as 90%
    assert survey.target.text == "90%"
    assert record.indicators[2].qualitative and record.indicators[2].qualitative_result == "达成"
    assert [p.paid_amount for p in record.payments] == [110, 80, 10]
    assert [p.agreed_ratio for p in record.payments] == [0.55, 0.40, 0.05]
    assert record.payments[1].eval_result == "良好" and record.payments[1].ref("eval_result").cell == where("mid_eval_result")[1]


def test_values_typed_as_text_are_read_and_reported(tmp_path):
    path = clean_submission(tmp_path, fund_current_spent="198.45万元", exec_rate_reported="约100%",
                            fund_current="１９８．４５")
    result = read_submission(path)
    record = result.submission
    assert record.number("spent_total") == pytest.approx(198.45)
    assert record.number("budget_total") == pytest.approx(198.45)
    assert record.number("exec_rate_reported") == pytest.approx(1.0)
    spent = [f for f in result.findings if f.field == "fund_current_spent"][0]
    assert spent.code == "text_in_number" and (spent.sheet, spent.cell) == where("fund_current_spent")
    assert "198.45万元" in spent.message
    assert only(result, "value_approximate").cell == where("exec_rate_reported")[1]


def test_text_in_every_numeric_field_is_an_error_per_cell_not_a_crash(tmp_path):
    numeric = ["fund_current_initial", "fund_current", "fund_current_spent", "budget_weight", "exec_rate_reported",
               "budget_score_reported", "fund_city", "fund_district", "self_total_score"]
    path = clean_submission(tmp_path, **{name: "见附件" for name in numeric})
    result = read_submission(path)
    unreadable = {f.field for f in result.findings if f.code == "number_unreadable"}
    assert unreadable == set(numeric)
    assert all(f.cell for f in result.findings if f.code == "number_unreadable")


def test_missing_required_field_names_its_cell(tmp_path):
    result = read_submission(clean_submission(tmp_path, contact_person=None))
    finding = only(result, "required_missing")
    assert (finding.sheet, finding.cell, finding.severity.label) == (*where("contact_person"), "错误")
    assert "联系人" in finding.message


@pytest.mark.parametrize("year, read", [(MIN_YEAR, MIN_YEAR), (MIN_YEAR - 1, None), (MAX_YEAR, MAX_YEAR),
                                        (MAX_YEAR + 1, None)])
def test_an_evaluation_year_is_read_within_the_field_tables_bounds(tmp_path, year, read):
    """The reader accepts the years the template and the command line accept, and no others."""
    result = read_submission(clean_submission(tmp_path, eval_year=year))
    assert result.submission.eval_year == read
    assert ("year_invalid" in {f.code for f in result.findings}) == (read is None)


@pytest.mark.parametrize("content, detail", [
    (b"%PDF-1.4\n1 0 obj\n", "PDF"),
    (b"just some text", "无法识别"),
])
def test_not_a_spreadsheet(tmp_path, content, detail):
    path = tmp_path / "钟落潭镇.xlsx"
    path.write_bytes(content)
    result = read_submission(path)
    assert result.status == "failed"
    finding = only(result, "file_not_spreadsheet")
    assert detail in finding.message and finding.file == "钟落潭镇.xlsx"


def test_word_document_renamed_to_xlsx(tmp_path):
    path = zip_with(tmp_path / "自评报告.xlsx", {"[Content_Types].xml": b"<Types/>",
                                               "word/document.xml": b"<w:document/>"})
    result = read_submission(path)
    assert result.status == "failed" and "Word" in only(result, "file_not_spreadsheet").message


def test_empty_file(tmp_path):
    path = tmp_path / "空.xlsx"
    path.write_bytes(b"")
    assert codes(read_submission(path)) == ["file_empty"]


def test_truncated_file(tmp_path):
    whole = clean_submission(tmp_path).read_bytes()
    path = tmp_path / "半截.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    result = read_submission(path)
    assert result.status == "failed" and codes(result) == ["file_corrupt"]


def test_encrypted_workbook(tmp_path):
    pytest.importorskip("msoffcrypto")
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = clean_submission(tmp_path)
    path = tmp_path / "加密.xlsx"
    with plain.open("rb") as source, path.open("wb") as target:
        OOXMLFile(source).encrypt("123456", target)
    result = read_submission(path)
    assert result.status == "failed" and codes(result) == ["file_encrypted"]
    assert "密码" in result.findings[0].message


def test_lock_file_is_skipped_with_a_note(tmp_path):
    path = tmp_path / "~$江高镇_2024_绩效自评.xlsx"
    path.write_bytes(b"\x08zhangsan" + b" " * 100)
    result = read_submission(path)
    assert result.status == "skipped" and codes(result) == ["file_lock"]


def test_renamed_sheet_is_read_by_label(tmp_path):
    path = clean_submission(tmp_path)
    book = openpyxl.load_workbook(path)
    book["绩效自评表"].title = "自评表"
    book.save(path)
    result = read_submission(path)
    assert result.submission.number("budget_total") == 200
    assert result.submission.text("project_name") == CLEAN_FIELDS["project_name"]
    moved = [f for f in result.findings if f.code == "name_missing"]
    assert moved and all(f.sheet == "自评表" for f in moved)
    assert any(f.field == "" and "budget_total" in f.message for f in moved)


def test_missing_sheet_is_an_error(tmp_path):
    path = clean_submission(tmp_path)
    book = openpyxl.load_workbook(path)
    del book["补充信息"]
    book.save(path)
    result = read_submission(path)
    assert only(result, "sheet_missing").sheet == "补充信息"
    assert result.submission.text("self_grade") == ""


@pytest.mark.parametrize("version, code", [("0.9", "template_version_unknown"), ("9.9", "template_version_unknown"),
                                           (None, "template_version_missing")])
def test_old_or_unknown_template_version(tmp_path, version, code):
    result = read_submission(clean_submission(tmp_path, template_version=version))
    finding = only(result, code)
    assert (finding.sheet, finding.cell) == where("template_version")


def test_deleted_defined_name_is_found_by_layout_with_a_warning(tmp_path):
    path = clean_submission(tmp_path)
    book = openpyxl.load_workbook(path)
    del book.defined_names["budget_total"]
    book.save(path)
    result = read_submission(path)
    assert result.submission.number("budget_total") == 200
    finding = only(result, "name_missing")
    assert (finding.sheet, finding.cell) == where("budget_total") and "budget_total" in finding.message


def test_re_laid_out_form_is_read_by_label(tmp_path):
    """A town that retyped 补充信息 two rows lower, without names, is still read."""
    path = clean_submission(tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book["补充信息"]
    sheet.insert_rows(1, 2)
    for name in list(book.defined_names):
        if name not in ("indicators", "payments"):
            destinations = list(book.defined_names[name].destinations)
            if destinations[0][0] == "补充信息":
                del book.defined_names[name]
    book.save(path)
    result = read_submission(path)
    assert result.submission.unit_name == "江高镇"
    unit = [f for f in result.findings if f.code == "name_missing" and "unit_name" in f.message]
    assert unit and unit[0].cell == "B5"


def test_merged_cells_over_an_input(tmp_path):
    path = clean_submission(tmp_path)
    book = openpyxl.load_workbook(path)
    book["补充信息"].merge_cells("A5:B5")
    book.save(path)
    result = read_submission(path)
    merged = only(result, "field_merged")
    assert (merged.sheet, merged.cell) == where("contact_person") and "A5:B5" in merged.message


def test_indicator_rows_with_gaps_and_a_row_pasted_far_below(tmp_path):
    path = clean_submission(tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book["绩效自评表"]
    row = [sheet.cell(13, col).value for col in range(2, 14)]
    for col, value in enumerate(row, start=2):
        sheet.cell(31, col, value)
    sheet.cell(31, 4, "远处粘贴的指标")
    book.save(path)
    result = read_submission(path)
    names = [indicator.name for indicator in result.submission.indicators]
    assert names == [r["name"] for r in CLEAN_INDICATORS] + ["远处粘贴的指标"]
    far = only(result, "table_row_far")
    assert far.cell == "D31"


def read_in_a_fresh_process(path: Path) -> tuple[str, int]:
    """The first finding's code and the peak memory (MB) of a process that only reads ``path``.

    The peak is the process's own high-water mark (VmHWM), which starts
    afresh at exec; ``ru_maxrss`` would carry over the size of the test
    process that started it.
    """
    script = ("import re, sys; from pathlib import Path; from excel_eval.read.reader import read_submission;"
              "result = read_submission(Path(sys.argv[1])); print(result.findings[0].code);"
              "status = Path('/proc/self/status').read_text();"
              "print(int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1)) // 1024)")
    code, peak_mb = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True,
                                   check=True).stdout.split()
    return code, int(peak_mb)


def test_zip_bomb_is_refused_in_bounded_memory(tmp_path):
    zeros = (b"0" * 2**20 for _ in range(300))
    bomb = replace_member(clean_submission(tmp_path), tmp_path / "炸弹.xlsx", "xl/worksheets/sheet2.xml",
                          zeros)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    code, peak_mb = read_in_a_fresh_process(bomb)
    assert code == "file_too_large"
    assert peak_mb < 200


def lie_about_sizes(path: Path, member: str, uncompressed: int, compressed: int | None = None) -> Path:
    """Rewrite the sizes ``member``'s local and central headers declare (the data stays as it is)."""
    raw = bytearray(path.read_bytes())
    for position in _all(raw, member.encode()):
        central = raw[position - 46: position - 42] == b"PK\x01\x02"
        header = position - (46 if central else 30)
        size_offset = header + (24 if central else 22)
        raw[size_offset: size_offset + 4] = uncompressed.to_bytes(4, "little")
        if compressed is not None:
            raw[size_offset - 4: size_offset] = compressed.to_bytes(4, "little")
    path.write_bytes(bytes(raw))
    return path


def test_zip_bomb_that_lies_about_its_size(tmp_path):
    path = clean_submission(tmp_path)
    target = tmp_path / "假尺寸.xlsx"
    data = b"<x>" + b"0" * (80 * 1024 * 1024) + b"</x>"
    replace_member(path, target, "xl/worksheets/sheet2.xml", data)
    result = read_submission(lie_about_sizes(target, "xl/worksheets/sheet2.xml", 1000))
    assert result.status == "failed" and codes(result)[0] in ("file_too_large", "file_corrupt")


def test_zip_bomb_that_also_lies_about_its_compressed_size_is_refused_in_bounded_memory(tmp_path):
    """Small declared sizes let a part skip the inflating check; calamine must still stop at them."""
    zeros = (b"0" * 2**20 for _ in range(300))
    bomb = replace_member(clean_submission(tmp_path), tmp_path / "双重谎报.xlsx", "xl/worksheets/sheet2.xml", zeros)
    lie_about_sizes(bomb, "xl/worksheets/sheet2.xml", 20_000, compressed=2_000)
    code, peak_mb = read_in_a_fresh_process(bomb)
    assert code == "file_corrupt"
    assert peak_mb < 200


def _all(data: bytearray, marker: bytes):
    start = data.find(marker)
    while start != -1:
        yield start
        start = data.find(marker, start + 1)


def test_xml_entity_bomb_is_refused(tmp_path):
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
              b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
              b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol3;</t></si></sst>')
    path = clean_submission(tmp_path)
    with zipfile.ZipFile(path) as archive:
        member = "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in archive.namelist() else "xl/workbook.xml"
    bomb = replace_member(path, tmp_path / "实体.xlsx", member, laughs)
    result = read_submission(bomb)
    assert result.status == "failed" and codes(result) == ["file_unsafe_xml"]


def test_an_entity_bomb_in_the_shared_strings_is_refused(tmp_path):
    """Shared strings go to calamine, which expands no entity; the crafted file is still named unsafe."""
    import xlsxwriter

    path = tmp_path / "共享字符串.xlsx"
    workbook = xlsxwriter.Workbook(path)
    workbook.add_worksheet("基本信息").write_string(0, 0, "填报单位")
    workbook.close()
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
              b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>')
    result = read_submission(replace_member(path, tmp_path / "实体.xlsx", "xl/sharedStrings.xml", laughs))
    assert result.status == "failed" and codes(result) == ["file_unsafe_xml"]


def test_a_dtd_hidden_behind_a_long_comment_in_the_workbook_part_is_refused(tmp_path):
    path = clean_submission(tmp_path)
    with zipfile.ZipFile(path) as archive:
        workbook = archive.read("xl/workbook.xml")
    body = workbook[workbook.index(b"<workbook"):]
    hidden = (b'<?xml version="1.0"?><!--' + b" " * 8192 + b'--><!DOCTYPE workbook [<!ENTITY a "aaaa">]>' + body)
    result = read_submission(replace_member(path, tmp_path / "注释.xlsx", "xl/workbook.xml", hidden))
    assert result.status == "failed" and codes(result) == ["file_unsafe_xml"]
    assert "xl/workbook.xml" in result.findings[0].message


def test_large_file_with_pictures_is_read(tmp_path):
    path = clean_submission(tmp_path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/media/扫描件.png", os.urandom(50 * 1024 * 1024))
    assert path.stat().st_size > 50 * 1024 * 1024
    result = read_submission(path)
    assert result.status == "read" and result.findings == []


def test_chinese_file_name_with_spaces(tmp_path):
    path = clean_submission(tmp_path, name="江高镇 2024 绩效自评（最终版）.xlsx")
    result = read_submission(path)
    assert result.status == "read" and result.name == "江高镇 2024 绩效自评（最终版）.xlsx"


def test_reading_never_writes_to_the_input(tmp_path):
    path = clean_submission(tmp_path, spent_total="198.45万元")
    before, modified = digest(path), path.stat().st_mtime_ns
    read_submission(path)
    assert digest(path) == before and path.stat().st_mtime_ns == modified


def test_typed_number_over_a_formula_is_read_and_noted(tmp_path):
    path = clean_submission(tmp_path)
    book = openpyxl.load_workbook(path)
    book["补充信息"]["D21"] = 80
    book.save(path)
    result = read_submission(path)
    assert result.submission.payments[1].agreed_amount == 80
    assert only(result, "formula_overwritten").cell == "D21"


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_libreoffice_copies_read_back_to_the_same_record(tmp_path, soffice, fmt):
    original = clean_submission(tmp_path, spent_total="198.45万元")
    copy = soffice.convert(original, fmt, tmp_path / fmt)
    first, second = read_submission(original), read_submission(copy)
    assert second.status == "read"
    mine, theirs = first.submission, second.submission

    def record(submission):
        """The record's content as scored, floats to the 15 digits LibreOffice keeps (an .xls or
        .ods keeps no number format we read: its 0.9 is a ratio by its size, not by its % format)."""
        return _rounded(({name: value.value for name, value in submission.fields.items()},
                         [(i.name, i.direction, in_base_units(i.target, i.unit), in_base_units(i.actual, i.unit),
                           i.weight, i.self_score,
                           i.reported_rate) for i in submission.indicators],
                         [(p.agreed_ratio, p.paid_amount, p.paid_date, p.eval_result)
                          for p in submission.payments]))

    assert record(mine) == record(theirs)
    assert [(f.code, f.sheet, f.cell) for f in first.findings] == [(f.code, f.sheet, f.cell) for f in second.findings]


def _rounded(value):
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_rounded(item) for item in value)
    return value


def test_macro_workbook_is_read_for_values_only(tmp_path):
    path = clean_submission(tmp_path)
    macro = tmp_path / "江高镇_宏.xlsm"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(macro, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not run, never parsed")
    result = read_submission(macro)
    assert result.status == "read" and result.submission.source.format == "xlsm"
    assert result.submission.number("budget_total") == 200 and result.findings == []


V1_FILE = Path(__file__).parent / "data" / "钟落潭镇_2022_模板1.0.xlsx"


def test_a_template_1_0_file_is_still_read_by_its_names_and_scored():
    """A file filled in the 1.0 template (its own sheets, a 定性完成情况 column) reads without a false alarm."""
    review = review_file(V1_FILE, load_rules())
    record = review.submission
    assert record.template_version == "1.0" and record.unit_name == "钟落潭镇" and record.eval_year == 2022
    assert record.ref("budget_total") == CellRef("资金情况", "C4") and record.number("budget_total") == 198.45
    assert not {f.code for f in review.findings} & {"sheet_missing", "field_not_found", "name_missing",
                                                      "required_missing", "template_version_unknown"}
    assessed = next(i for i in record.indicators if i.name == "第三方中期、末期评估结果")
    assert (assessed.qualitative_result, assessed.result_ref) == ("达成", CellRef("绩效指标", "L13"))
    assert (review.evaluation.total_score.value, review.evaluation.grade) == (99, "优")


@pytest.mark.parametrize(("target", "noted"), [(Percent(0.9), False), (0.9, True)])
def test_an_ods_says_which_cells_are_percentages(tmp_path, soffice, target, noted):
    rows = [dict(row) for row in CLEAN_INDICATORS]
    rows[3].update(target=target)
    copy = soffice.convert(clean_submission(tmp_path, indicators=rows), "ods", tmp_path / "ods")
    review = review_file(copy, load_rules())
    satisfaction = review.submission.indicators[3]
    assert in_base_units(satisfaction.target, satisfaction.unit) == (pytest.approx(0.9), "%")
    assert [f.cell for f in review.findings if f.code == "percent_sign_missing"] == (["E16"] if noted else [])

"""One bad file costs only that file: hostile and odd files, read in bounded memory.

Every file here is built in the test, sparse: a few kilobytes on disk that
claim a huge sheet.  Peak memory is measured in a fresh process running the
command, workers included, because a file that makes a reader allocate by
its claims aborts the whole process rather than raising.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from excel_eval import fields as contract
from excel_eval.read.reader import read_submission
from excel_eval.read.workbook import SUBMISSION_AREA, open_workbook
from tests.builders import CLEAN_INDICATORS, clean_submission, replace_member

INDICATOR_SHEET = contract.INDICATORS.sheet


def sheet_part(path: Path, sheet: str) -> str:
    """The zip member holding ``sheet``, found through the workbook's relationships."""
    with zipfile.ZipFile(path) as archive:
        book = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    relation = re.search(rf'<sheet [^>]*name="{sheet}"[^>]*r:id="([^"]+)"', book).group(1)
    target = re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{relation}"', rels) or re.search(
        rf'<Relationship [^>]*Id="{relation}"[^>]*Target="([^"]+)"', rels)
    target = target.group(1)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def with_sheet_xml(source: Path, target: Path, sheet: str, change) -> Path:
    """A copy of ``source`` whose ``sheet`` XML is ``change(xml)``."""
    part = sheet_part(source, sheet)
    with zipfile.ZipFile(source) as archive:
        xml = archive.read(part)
    return replace_member(source, target, part, change(xml))


def stray_cell(folder: Path, reference: str, row: str, name: str = "误按键.xlsx") -> Path:
    """A clean submission with one more cell, ``reference`` in a row numbered ``row``, on the indicator sheet."""
    extra = f'<row r="{row}"><c r="{reference}" t="n"><v>1</v></c></row></sheetData>'.encode()
    return with_sheet_xml(clean_submission(folder / "work"), folder / name, INDICATOR_SHEET,
                          lambda xml: xml.replace(b"</sheetData>", extra))


def run_in_fresh_process(*arguments: str) -> tuple[int, str, int]:
    """Exit code, output and peak memory (MB) of ``excel-eval arguments``, workers included.

    The peak is the process's own high-water mark (VmHWM, which starts
    afresh at exec) or its largest finished worker's, whichever is higher.
    """
    script = ("import re, resource, sys\n"
              "from pathlib import Path\n"
              "from excel_eval.cli import main\n"
              "try:\n"
              "    main(sys.argv[1:], prog_name='excel-eval')\n"
              "except SystemExit as exit:\n"
              "    code = exit.code\n"
              "own = int(re.search(r'VmHWM:\\s+(\\d+)', Path('/proc/self/status').read_text()).group(1))\n"
              "workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
              "print('\\nPEAK', code, max(own, workers) // 1024)\n")
    done = subprocess.run([sys.executable, "-c", script, *arguments], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    output, _, last = done.stdout.rpartition("\nPEAK ")
    code, peak = last.split()
    return int(code), output, int(peak)


@pytest.mark.parametrize("reference, row", [("XFD1048576", "1048576"), ("XFD5000", "5000"),
                                            ("A1048576", "1048576"), ("XFE99999999999", "99999999999")])
def test_a_stray_far_cell_costs_nothing_and_is_reported(tmp_path, reference, row):
    path = stray_cell(tmp_path, reference, row)
    assert path.stat().st_size < 100_000
    result = read_submission(path)
    assert result.status == "read" and len(result.submission.indicators) == 4
    far = [f for f in result.findings if f.code == "cells_beyond_area"]
    assert len(far) == 1 and far[0].severity.label == "提示" and far[0].sheet == INDICATOR_SHEET
    assert reference in far[0].message and f"A1:{SUBMISSION_AREA.last_cell}" in far[0].message
    assert far[0].cell == ("" if reference == "XFE99999999999" else reference)

    code, output, peak_mb = run_in_fresh_process("check", str(path))
    assert code == 0, output
    assert reference in output and peak_mb < 200


def test_collect_with_a_stray_cell_writes_the_summary_in_bounded_memory(tmp_path):
    inbox = tmp_path / "报送"
    inbox.mkdir()
    stray_cell(tmp_path, "XFD1048576", "1048576", name="报送/江高镇.xlsx")
    clean_submission(inbox, name="人和镇.xlsx", unit_name="人和镇")
    output = tmp_path / "汇总.xlsx"
    code, text, peak_mb = run_in_fresh_process("collect", str(inbox), "-o", str(output))
    assert code == 0, text
    assert peak_mb < 200
    book = openpyxl.load_workbook(output, read_only=True)
    problems = [row for row in book["问题清单"].iter_rows(values_only=True) if row and "XFD1048576" in str(row)]
    assert problems and "提示" in problems[0]


def test_cells_beyond_the_area_are_left_out_whatever_their_spelling(tmp_path):
    """No ``r`` at all, single quotes, spaces, a namespace prefix: each cell's position is still known."""
    spellings = (b"<row><c><v>7</v></c></row>"
                 b"<row r='20000'><c r = 'B20000'><v>1</v></c></row>"
                 b'<row r="3"><x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="BA3">'
                 b"<x:v>2</x:v></x:c></row>")
    path = with_sheet_xml(clean_submission(tmp_path / "work"), tmp_path / "写法.xlsx", INDICATOR_SHEET,
                          lambda xml: xml.replace(b"</sheetData>", spellings + b"</sheetData>"))
    book = open_workbook(path)
    [far] = book.beyond
    assert (far.sheet, far.first, far.count) == (INDICATOR_SHEET, "B20000", 2)
    sheet = book.sheets[INDICATOR_SHEET]
    assert max(len(row) for row in sheet.rows) <= SUBMISSION_AREA.columns
    assert sheet.value(len(sheet.rows) - 1, 0) == 7


def test_a_sheet_rewritten_within_the_area_reads_the_same_values(tmp_path):
    """Line breaks between elements take the parsing path; the values must not change on the way."""
    source = clean_submission(tmp_path / "work")
    path = with_sheet_xml(source, tmp_path / "换行.xlsx", INDICATOR_SHEET,
                          lambda xml: xml.replace(b"<row ", b"\n<row "))
    original, rewritten = open_workbook(source), open_workbook(path)
    assert rewritten.beyond == []
    for name, sheet in original.sheets.items():
        assert rewritten.sheets[name].rows == sheet.rows
        assert rewritten.sheets[name].merged == sheet.merged
        assert rewritten.sheets[name].formulas == sheet.formulas


def test_a_form_entirely_beyond_the_area_is_refused_saying_why(tmp_path):
    def far_down(xml: bytes) -> bytes:
        return re.sub(rb'(<(?:row|c) r="[A-Z]*)([0-9]+)"', lambda m: m.group(1) + str(int(m.group(2)) + 20000).encode()
                      + b'"', xml)

    path = clean_submission(tmp_path / "work")
    with zipfile.ZipFile(path) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
    for number, part in enumerate(sheets):
        with zipfile.ZipFile(path) as archive:
            xml = archive.read(part)
        path = replace_member(path, tmp_path / f"下移{number}.xlsx", part, far_down(xml))
    with zipfile.ZipFile(path) as archive:
        book = archive.read("xl/workbook.xml")
    path = replace_member(path, tmp_path / "下移.xlsx", "xl/workbook.xml", re.sub(rb"<definedNames>.*</definedNames>",
                                                                                 b"", book))
    result = read_submission(path)
    assert result.status == "failed"
    assert "找不到绩效自评表" in result.reason and "读取范围 A1:AZ9999 之外" in result.reason


def test_a_shared_string_count_claiming_billions_costs_nothing(tmp_path):
    path = clean_submission(tmp_path / "work")
    strings = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4000000000" '
               b'uniqueCount="4000000000"><si><t>x</t></si></sst>')
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members["xl/sharedStrings.xml"] = strings
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                     b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                             b'relationships/sharedStrings" Target="sharedStrings.xml" Id="rId99"/></Relationships>')
    claimed = tmp_path / "声明.xlsx"
    with zipfile.ZipFile(claimed, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    code, output, peak_mb = run_in_fresh_process("check", str(claimed))
    assert code == 0, output
    assert peak_mb < 200


def test_a_sheet_bomb_under_an_unexpected_part_name_is_refused(tmp_path):
    """The relationships may send a sheet anywhere (sheet4.dat, the theme folder): it is bounded all the same."""
    source = clean_submission(tmp_path / "work")
    part = sheet_part(source, INDICATOR_SHEET)
    for odd in ("xl/worksheets/sheet4.dat", "xl/theme/sheet4.xml"):
        with zipfile.ZipFile(source) as archive:
            members = {info.filename: archive.read(info) for info in archive.infolist()}
        members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
            f'"/{part}"'.encode(), f'"/{odd}"'.encode())
        del members[part]
        bomb = tmp_path / f"{odd.replace('/', '_')}.xlsx"
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in members.items():
                archive.writestr(name, data)
            with archive.open(odd, "w", force_zip64=True) as stream:
                stream.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                for _ in range(256):
                    stream.write(b" " * 2**20)
                stream.write(b"</sheetData></worksheet>")
        assert bomb.stat().st_size < 1_000_000
        code, output, peak_mb = run_in_fresh_process("check", str(bomb))
        assert code == 1 and "压缩炸弹" in output, output
        assert peak_mb < 200


def zeros(mebibytes: int):
    """A part of ``mebibytes`` MiB that deflates to about a thousandth of that, generated chunk by chunk."""
    return (b"0" * 2**20 for _ in range(mebibytes))


@pytest.mark.parametrize("member", ["xl/theme/theme1.xml", "docProps/core.xml"])
def test_feedback_neither_inflates_nor_copies_a_bomb_the_reader_never_opens(tmp_path, member):
    inbox = tmp_path / "报送"
    inbox.mkdir()
    bomb = replace_member(clean_submission(tmp_path / "work"), inbox / "江高镇.xlsx", member, zeros(256))
    assert bomb.stat().st_size < 1_000_000
    out = tmp_path / "审核意见"
    code, output, peak_mb = run_in_fresh_process("feedback", str(inbox), "-o", str(out))
    assert code == 0, output
    assert peak_mb < 200
    [copy] = out.glob("*.xlsx")
    assert copy.stat().st_size < 1_000_000
    with zipfile.ZipFile(copy) as archive:
        assert all(info.file_size < 10 * 2**20 for info in archive.infolist())
    review = openpyxl.load_workbook(copy)["审核意见"]
    assert any("压缩炸弹" in str(cell.value) for row in review.iter_rows() for cell in row)


def test_feedback_on_a_file_with_a_stray_far_cell_is_bounded(tmp_path):
    inbox = tmp_path / "报送"
    inbox.mkdir()
    stray_cell(tmp_path, "XFD5000", "5000", name="报送/江高镇.xlsx")
    out = tmp_path / "审核意见"
    code, output, peak_mb = run_in_fresh_process("feedback", str(inbox), "-o", str(out))
    assert code == 0, output
    assert peak_mb < 200
    [copy] = out.glob("*.xlsx")
    assert openpyxl.load_workbook(copy)[INDICATOR_SHEET]["XFD5000"].comment is not None


def test_a_zip_with_two_members_of_one_name_is_refused_as_damaged(tmp_path):
    source = clean_submission(tmp_path / "work")
    part = sheet_part(source, INDICATOR_SHEET)
    twice = tmp_path / "重名.xlsx"
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(twice, "w") as copy:
        for info in archive.infolist():
            copy.writestr(info.filename, archive.read(info))
        with pytest.warns(UserWarning):
            copy.writestr(part, b"<worksheet/>")
    result = read_submission(twice)
    assert result.status == "failed" and "重名" in result.reason


def collect_folder(inbox: Path, output: Path, *options: str):
    from click.testing import CliRunner

    from excel_eval.cli import main

    return CliRunner().invoke(main, ["collect", str(inbox), "-o", str(output), "-q", *options])


def with_text(source: Path, target: Path, old: str, new: str) -> Path:
    """A copy of ``source`` whose cell text ``old`` reads ``new`` everywhere (written as character
    references, so that ``new`` may hold what openpyxl refuses to write, such as ``_x0007_``)."""
    spellings = (old.encode("ascii", "xmlcharrefreplace"), old.encode())
    replacement = new.encode("ascii", "xmlcharrefreplace")
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in archive.infolist():
            data = archive.read(info)
            for spelling in spellings:
                data = data.replace(spelling, replacement)
            copy.writestr(info.filename, data)
    return target


def test_infinite_nan_and_overflowing_figures_are_findings_not_a_crash(tmp_path):
    inbox = tmp_path / "报送"
    inbox.mkdir()
    for unit in ("甲镇", "乙镇"):
        clean_submission(inbox, name=f"{unit}.xlsx", unit_name=unit, budget_initial=9e307, budget_total=9e307,
                         spent_total=9e307)
    source = clean_submission(tmp_path / "work", unit_name="丙镇")
    part = sheet_part(source, contract.field("budget_total").sheet)
    with zipfile.ZipFile(source) as archive:
        xml = archive.read(part)
    replace_member(source, inbox / "丙镇.xlsx", part,
                   xml.replace(b"<v>200</v>", b"<v>inf</v>", 1).replace(b"<v>200</v>", b"<v>NaN</v>", 1))
    output = tmp_path / "汇总.xlsx"
    result = collect_folder(inbox, output)
    assert result.exit_code == 1, result.output
    problems = [row for row in openpyxl.load_workbook(output)["问题清单"].iter_rows(values_only=True)]
    out_of_range = [row for row in problems if "不是可用的数值" in str(row)]
    assert {row[2] for row in out_of_range} == {"甲镇", "乙镇", "丙镇"}
    assert any("9e+307" in str(row) for row in out_of_range) and any("inf" in str(row) for row in out_of_range)


def test_weights_of_1e308_are_reported_by_check(tmp_path):
    from click.testing import CliRunner

    from excel_eval.cli import main
    from tests.builders import CLEAN_INDICATORS

    rows = [dict(row, weight=1e308) if index < 2 else row for index, row in enumerate(CLEAN_INDICATORS)]
    result = CliRunner().invoke(main, ["check", str(clean_submission(tmp_path, indicators=rows))])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and result.output.count("不是可用的数值") == 2


def test_unit_names_no_sheet_can_be_named_after(tmp_path):
    from excel_eval.read.history import read_previous
    from excel_eval.write.summary import FIXED_SHEETS

    names = ["𠀀" * 40, "😀" * 20 + "镇", "_数据", "年度对比", "总览", "问题清单"]
    inbox = tmp_path / "报送"
    for number, unit in enumerate(names):
        clean_submission(inbox, name=f"{number}.xlsx", unit_name=unit)
    output = tmp_path / "汇总.xlsx"
    result = collect_folder(inbox, output)
    assert result.exit_code == 0, result.output
    sheets = openpyxl.load_workbook(output, read_only=True).sheetnames
    assert len(sheets) == len(set(sheets)) and all(len(name.encode("utf-16-le")) <= 62 for name in sheets)
    assert len([name for name in sheets if name not in (*FIXED_SHEETS, "_数据")]) == len(names)
    assert len(read_previous(output).units) == len(names)


def test_a_file_name_in_gbk_bytes_is_listed_as_its_sender_wrote_it(tmp_path):
    inbox = tmp_path / "报送"
    inbox.mkdir()
    made = clean_submission(tmp_path / "work")
    gbk = os.fsencode(inbox) + b"/" + "江高镇.xlsx".encode("gbk")
    os.rename(made, gbk)
    output = tmp_path / "汇总.xlsx"
    result = collect_folder(inbox, output)
    assert result.exit_code == 0, result.output
    comparison = openpyxl.load_workbook(output)["区域对比"]
    assert any("江高镇.xlsx" == cell.value for row in comparison.iter_rows() for cell in row)


def test_control_characters_in_text_never_reach_a_written_workbook(tmp_path):
    inbox = tmp_path / "报送"
    inbox.mkdir()
    source = clean_submission(tmp_path / "work")
    with_text(source, inbox / "甲.xlsx", "江高镇", "甲_x0007_镇")
    with_text(source, inbox / "乙.xlsx", "江高镇", "乙_x000B_镇\ufffe")
    output = tmp_path / "汇总.xlsx"
    result = collect_folder(inbox, output, "--feedback", str(tmp_path / "审核意见"))
    assert result.exit_code == 0, result.output
    assert {"甲镇", "乙镇"} <= set(openpyxl.load_workbook(output).sheetnames)
    for copy in (tmp_path / "审核意见").glob("*.xlsx"):
        openpyxl.load_workbook(copy)


def test_an_xls_claiming_its_whole_grid_is_read_within_the_area(tmp_path):
    """A stray cell at IV65536 and a DIMENSIONS record claiming 65,536 × 256: calamine would reserve both."""
    from tests.legacy_builders import write_xls

    path = write_xls(tmp_path / "旧格式.xls", {"绩效指标": {(0, 0): "指标名称", (1, 1): 42, (65535, 255): 1}},
                     dimensions=(65536, 256))
    assert path.stat().st_size < 30_000
    book = open_workbook(path)
    sheet = book.sheets["绩效指标"]
    assert (sheet.value(0, 0), sheet.value(1, 1)) == ("指标名称", 42)
    assert len(sheet.rows) == 2
    [far] = book.beyond
    assert (far.sheet, far.first, far.count) == ("绩效指标", "IV65536", 1)
    code, output, peak_mb = run_in_fresh_process("check", str(path))
    assert code == 1 and "IV65536" in output and "找不到绩效自评表" in output, output
    assert peak_mb < 200


@pytest.mark.parametrize("claim", [2**31 - 1, -1])
def test_an_xls_string_table_claiming_more_than_the_file_holds_is_refused(tmp_path, claim):
    import struct

    from tests.legacy_builders import write_xls

    table = struct.pack("<HHii", 0x00FC, 8, claim, claim)
    path = write_xls(tmp_path / "声明.xls", {"绩效指标": {(0, 0): 1}}, extra_globals=table)
    code, output, peak_mb = run_in_fresh_process("check", str(path))
    assert code == 1 and "文件已损坏" in output and "共享字符串表" in output, output
    assert peak_mb < 200


def test_an_xls_with_a_password_says_so(tmp_path):
    import struct

    from tests.legacy_builders import write_xls

    path = write_xls(tmp_path / "加密.xls", {"绩效指标": {(0, 0): 1}},
                     extra_globals=struct.pack("<HHHHH", 0x002F, 6, 1, 1, 1))
    result = read_submission(path)
    assert result.status == "failed" and "设置了打开密码" in result.reason


def test_an_ods_repeating_a_filled_row_a_million_times_is_read_within_the_area(tmp_path):
    from tests.legacy_builders import ods_cell, ods_row, write_ods

    rows = (ods_row(ods_cell("指标名称") + ods_cell(None, 16383))
            + ods_row(ods_cell(7, repeat=1024), repeat=1_048_000)
            + ods_row(ods_cell(None, 255) + ods_cell("误按键")))
    path = write_ods(tmp_path / "重复.ods", rows)
    assert path.stat().st_size < 10_000
    book = open_workbook(path)
    sheet = book.sheets["绩效指标"]
    assert len(sheet.rows) == SUBMISSION_AREA.rows and len(sheet.rows[-1]) == SUBMISSION_AREA.columns
    assert sheet.value(0, 0) == "指标名称" and sheet.value(SUBMISSION_AREA.rows - 1, 51) == 7
    [far] = book.beyond
    assert far.sheet == "绩效指标" and far.first == "BA2"
    code, output, peak_mb = run_in_fresh_process("check", str(path))
    assert code == 1 and "A1:AZ9999" in output, output
    assert peak_mb < 200


def test_a_stray_cell_far_down_an_ods_is_named(tmp_path):
    from tests.legacy_builders import ods_cell, ods_row, write_ods

    rows = ods_row(ods_cell("指标名称")) + ods_row(ods_cell(None), repeat=65534) + ods_row(
        ods_cell(None, 255) + ods_cell(1) + ods_cell(None, 16128))
    book = open_workbook(write_ods(tmp_path / "远处.ods", rows))
    assert [(far.first, far.count) for far in book.beyond] == [("IV65536", 1)]
    assert book.sheets["绩效指标"].rows == [["指标名称"]]


def test_an_encrypted_ods_says_so(tmp_path):
    from tests.legacy_builders import ods_cell, ods_row, write_ods

    path = write_ods(tmp_path / "加密.ods", ods_row(ods_cell(1)),
                     manifest_extra='<manifest:encryption-data manifest:checksum-type="SHA1/1K"/>')
    result = read_submission(path)
    assert result.status == "failed" and "设置了打开密码" in result.reason


def sparse_file(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no room on disk: a zip's first bytes, then a hole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        stream.write(b"PK\x03\x04")
        stream.truncate(size)
    return path


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = sparse_file(tmp_path / "巨大.xlsx", 2 * 2**30)
    code, output, peak_mb = run_in_fresh_process("check", str(path))
    assert code == 1 and "文件大小为 2048 MB，超过读取上限 100 MB" in output, output
    assert peak_mb < 200


def test_the_size_limit_is_a_rule(tmp_path):
    from excel_eval.rules import load_rules

    rules_file = tmp_path / "规则.toml"
    rules_file.write_text("[files]\nsize_limit_mb = 1\n", encoding="utf-8")
    path = sparse_file(tmp_path / "两兆.xlsx", 2 * 2**20)
    result = read_submission(path, rules=load_rules(rules_file))
    assert result.status == "failed" and "超过读取上限 1 MB" in result.reason


def test_entries_that_are_no_files_are_each_accounted_for(tmp_path, monkeypatch):
    """A named pipe, a broken link, a folder named like a workbook and a sub-folder that cannot be opened."""
    inbox = tmp_path / "报送"
    clean_submission(inbox, name="江高镇.xlsx")
    os.mkfifo(inbox / "管道.xlsx")
    (inbox / "失效链接.xlsx").symlink_to(tmp_path / "不存在.xlsx")
    (inbox / "文件夹.xlsx").mkdir()
    (inbox / "文件夹.xlsx" / "人和镇.xlsx").write_bytes(b"")
    closed = inbox / "无权限"
    clean_submission(closed, name="太和镇.xlsx", unit_name="太和镇")
    (inbox / "环").symlink_to(inbox)
    real_scandir = os.scandir

    def scandir(path):
        if Path(path) == closed:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    real_listdir = os.listdir
    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "listdir", lambda path: scandir(path) and real_listdir(path))
    output = tmp_path / "汇总.xlsx"
    result = collect_folder(inbox, output)
    assert result.exit_code == 1, result.output
    listed = {row[0]: row for row in openpyxl.load_workbook(output)["未报送与无法读取"].iter_rows(values_only=True)}
    text = {name: " ".join(str(cell) for cell in row if cell) for name, row in listed.items()}
    assert "命名管道" in text["管道.xlsx"]
    assert "指向的文件已不存在" in text["失效链接.xlsx"]
    assert "没有访问权限" in text["无权限"] and "其中的文件都未读取" in text["无权限"]
    assert "0 字节" in text[str(Path("文件夹.xlsx") / "人和镇.xlsx")]
    assert not any("Permission" in line or "denied" in line for line in text.values())


def test_an_unreadable_submissions_folder_is_a_usage_error(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from excel_eval.cli import main

    inbox = tmp_path / "报送"
    clean_submission(inbox)

    def scandir(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "listdir", scandir)
    result = CliRunner().invoke(main, ["collect", str(inbox), "-o", str(tmp_path / "汇总.xlsx")])
    assert result.exit_code == 2 and "无法打开报送文件夹" in result.output and "没有访问权限" in result.output


def _can_mount() -> bool:
    import shutil

    return shutil.which("unshare") is not None and subprocess.run(
        ["unshare", "-m", "mount", "-t", "tmpfs", "tmpfs", "/mnt"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _can_mount(), reason="needs a private mount namespace (root)")
@pytest.mark.parametrize("disk, reason", [("ro", "磁盘为只读"), ("size=8k", "磁盘空间不足")])
def test_a_summary_that_cannot_be_written_leaves_the_previous_one(tmp_path, disk, reason):
    """The output folder on a read-only disk (XlsxWriter's FileCreateError) and on a full one (a plain OSError)."""
    inbox = tmp_path / "报送"
    clean_submission(inbox)
    out = tmp_path / "输出"
    out.mkdir()
    previous = b"last year's summary, kept"
    run = ("import sys\nfrom excel_eval.cli import main\nmain(sys.argv[1:], prog_name='excel-eval')\n")
    script = (f"mount -t tmpfs -o size=8k tmpfs '{out}' && printf \"{previous.decode()}\" > '{out}/汇总.xlsx' && "
              f"mount -o remount,{disk} '{out}' && "
              f"{sys.executable} -c \"{run}\" collect '{inbox}' -o '{out}/汇总.xlsx' --force -q; "
              f"echo EXIT $?; ls -A '{out}'; cat '{out}/汇总.xlsx'")
    done = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True)
    assert f"EXIT 2\n汇总.xlsx\n{previous.decode()}" in done.stdout, done.stdout + done.stderr
    assert f"无法写入汇总文件 {out}/汇总.xlsx：{reason}。原有的汇总文件保持不变。" in done.stderr
    assert "Traceback" not in done.stderr and "Error" not in done.stderr


def test_a_temporary_file_left_by_a_killed_run_is_removed_by_the_next(tmp_path):
    inbox = tmp_path / "报送"
    clean_submission(inbox)
    output = tmp_path / "汇总.xlsx"
    stale = tmp_path / f".汇总.{2**22 + 1}.tmp.xlsx"  # above Linux's highest process id: no run has it
    stale.write_bytes(b"half a summary")
    running = tmp_path / f".汇总.{os.getppid()}.tmp.xlsx"
    running.write_bytes(b"being written")
    assert collect_folder(inbox, output).exit_code == 0
    assert not stale.exists() and running.exists()
    assert openpyxl.load_workbook(output, read_only=True).sheetnames


def test_ctrl_c_says_so_in_chinese_and_exits_130(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from excel_eval import collect as collecting
    from excel_eval.cli import main

    inbox = tmp_path / "报送"
    clean_submission(inbox)

    def interrupted(*_):
        raise KeyboardInterrupt

    monkeypatch.setattr(collecting, "review_file", interrupted)
    result = CliRunner().invoke(main, ["collect", str(inbox), "-o", str(tmp_path / "汇总.xlsx")])
    assert result.exit_code == 130 and "已中断（Ctrl+C）" in result.output
    assert "Aborted" not in result.output and not (tmp_path / "汇总.xlsx").exists()


def test_ctrl_c_during_a_parallel_collect_leaves_no_worker_traceback(tmp_path):
    import shutil
    import signal
    import time

    import psutil

    inbox = tmp_path / "报送"
    first = clean_submission(inbox, name="0.xlsx")
    for number in range(1, 200):
        shutil.copy(first, inbox / f"{number}.xlsx")
    run = subprocess.Popen([sys.executable, "-m", "excel_eval", "collect", str(inbox), "-o", str(tmp_path / "汇总.xlsx")],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    parent = psutil.Process(run.pid)
    while not parent.children() and run.poll() is None:  # the workers have started: the run is reading
        time.sleep(0.01)
    os.killpg(run.pid, signal.SIGINT)  # as the terminal sends it: to every process of the run
    _, errors = run.communicate(timeout=120)
    assert run.returncode == 130, errors
    assert "已中断（Ctrl+C）" in errors and "Traceback" not in errors and "KeyboardInterrupt" not in errors


def test_a_summary_left_in_the_folder_is_skipped_and_never_stands_for_a_unit(tmp_path):
    import shutil

    inbox = tmp_path / "报送"
    clean_submission(inbox, name="石门街道.xlsx", unit_name="石门街道")
    first = tmp_path / "第一次.xlsx"
    assert collect_folder(inbox, first).exit_code == 0
    shutil.copy(first, inbox / "汇总.xlsx")  # newer than the submission, and full of 石门街道's figures
    output = tmp_path / "汇总.xlsx"
    assert collect_folder(inbox, output).exit_code == 0
    book = openpyxl.load_workbook(output)
    listed = {row[0]: " ".join(str(cell) for cell in row if cell)
              for row in book["未报送与无法读取"].iter_rows(values_only=True)}
    assert "本工具生成的汇总工作簿" in listed["汇总.xlsx"]
    overview = {row[0]: row[1] for row in book["总览"].iter_rows(values_only=True) if row and row[0]}
    assert overview["跳过的文件（不是报送）"] == 1 and not any("临时文件" in label for label in overview)
    compared = [row for row in book["区域对比"].iter_rows(values_only=True) if "石门街道" in row]
    assert len(compared) == 1 and "石门街道.xlsx" in compared[0]


def test_an_output_naming_a_submission_is_refused_even_with_force(tmp_path):
    import hashlib

    inbox = tmp_path / "报送"
    submission = clean_submission(inbox, name="石门街道.xlsx", unit_name="石门街道")
    before = hashlib.sha256(submission.read_bytes()).hexdigest()
    result = collect_folder(inbox, submission, "--force")
    assert result.exit_code == 2 and "不能用汇总覆盖它" in result.output, result.output
    assert hashlib.sha256(submission.read_bytes()).hexdigest() == before


def test_what_excel_cannot_hold_is_cut_and_said_in_the_workbook(tmp_path, monkeypatch):
    """Excel's column and hyperlink limits, made small so that a few units reach them."""
    from excel_eval.write import summary
    from excel_eval.write.summary import indicators, problems

    monkeypatch.setattr(indicators, "MAX_COLUMNS", 1 + 3 * 2)
    monkeypatch.setattr(problems, "MAX_LINKS_PER_SHEET", 3)
    inbox = tmp_path / "报送"
    for unit in ("甲镇", "乙镇", "丙镇"):
        clean_submission(inbox, name=f"{unit}.xlsx", unit_name=unit, budget_total=None, spent_total=None)
    output = tmp_path / "汇总.xlsx"
    result = collect_folder(inbox, output, "--unit-sheets", "all")
    assert result.exit_code in (0, 1), result.output
    book = openpyxl.load_workbook(output)
    matrix = book[summary.INDICATOR_MATRIX]
    assert matrix.max_column == 7 and "超出 Excel 每张工作表 7 列的上限，只列出报送单位最多的前 2 个" in matrix["A1"].value
    problems = book["问题清单"]
    linked = [row for row in problems.iter_rows(min_row=2) if row[5].hyperlink]
    addressed = [row for row in problems.iter_rows(min_row=2) if row[5].value and not row[5].hyperlink]
    assert len(linked) == 3 and addressed
    notes = [cell.value for cell in problems["A"] if isinstance(cell.value, str) and cell.value.startswith("注：")]
    assert notes == ["注：Excel 每张工作表最多保留 3 个链接，本表前 3 个问题的单元格可点击跳转，其余的只写出单元格地址。"]


def test_no_library_warning_reaches_the_terminal(tmp_path):
    """Whatever a library warns about while a command runs (in English, often thousands of times) is not shown."""
    inbox = tmp_path / "报送"
    clean_submission(inbox)
    script = ("import sys, warnings\n"
              "from excel_eval import collect\n"
              "reviewed = collect.review_file\n"
              "def warning_review(*arguments):\n"
              "    warnings.warn(\"Ignoring URL since it exceeds Excel's limit of 65,530 URLs per worksheet.\")\n"
              "    return reviewed(*arguments)\n"
              "collect.review_file = warning_review\n"
              "from excel_eval.cli import main\n"
              "main(sys.argv[1:], prog_name='excel-eval')\n")
    done = subprocess.run([sys.executable, "-c", script, "collect", str(inbox), "-o", str(tmp_path / "汇总.xlsx")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "URL" not in done.stderr and "Warning" not in done.stderr, done.stderr


def test_a_strict_open_xml_workbook_reads_as_its_transitional_twin(tmp_path):
    source = clean_submission(tmp_path / "work")
    strict = tmp_path / "严格.xlsx"
    namespaces = ((b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                   b"http://purl.oclc.org/ooxml/spreadsheetml/main"),
                  (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                   b"http://purl.oclc.org/ooxml/officeDocument/relationships"))
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(strict, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in archive.infolist():
            data = archive.read(info)
            for transitional, strict_namespace in namespaces:
                data = data.replace(transitional, strict_namespace)
            copy.writestr(info.filename, data)
    twin, read = read_submission(source), read_submission(strict)
    assert read.status == "read" and [f.code for f in read.findings] == [f.code for f in twin.findings]
    assert {name: value.value for name, value in read.submission.fields.items()} == \
        {name: value.value for name, value in twin.submission.fields.items()}


def test_a_workbook_that_is_no_form_says_it_is_a_workbook(tmp_path):
    path = tmp_path / "采购清单.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "采购清单"
    book.active.append(["品名", "数量"])
    book.save(path)
    result = read_submission(path)
    assert result.status == "failed" and "这是一个表格文件（工作表：“采购清单”），但其中找不到绩效自评表" in result.reason


def test_an_xlsb_is_named_as_such(tmp_path):
    path = tmp_path / "二进制.xlsb"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
    result = read_submission(path)
    assert result.status == "failed" and "Excel 二进制工作簿（.xlsb）" in result.reason and "另存为" in result.reason


def hostile_folder(tmp_path: Path) -> Path:
    """One folder holding every kind of bad or odd file at once, next to two good submissions."""
    import struct

    from tests.legacy_builders import ods_cell, ods_row, write_ods, write_xls

    inbox = tmp_path / "报送"
    work = tmp_path / "work"
    clean_submission(inbox, name="人和镇.xlsx", unit_name="人和镇")
    clean_submission(inbox / "子文件夹", name="太和镇.xlsx", unit_name="太和镇")
    stray_cell(tmp_path, "XFD1048576", "1048576", name="报送/误按键.xlsx")
    write_xls(inbox / "旧格式.xls", {"绩效指标": {(0, 0): "指标名称", (65535, 255): 1}}, dimensions=(65536, 256))
    write_xls(inbox / "声明.xls", {"绩效指标": {(0, 0): 1}}, extra_globals=struct.pack("<HHii", 0x00FC, 8, -1, -1))
    write_xls(inbox / "加密.xls", {"绩效指标": {(0, 0): 1}}, extra_globals=struct.pack("<HHHHH", 0x002F, 6, 1, 1, 1))
    write_ods(inbox / "重复.ods", ods_row(ods_cell(7, repeat=1024), repeat=1_048_000))
    replace_member(clean_submission(work, name="主题.xlsx"), inbox / "主题炸弹.xlsx", "xl/theme/theme1.xml",
                   zeros(256))
    sparse_file(inbox / "巨大.xlsx", 2 * 2**30)
    (inbox / "空.xlsx").write_bytes(b"")
    (inbox / "说明.docx").write_bytes(b"PK\x03\x04")
    (inbox / "~$人和镇.xlsx").write_bytes(b"\x00" * 165)
    os.mkfifo(inbox / "管道.xlsx")
    (inbox / "失效链接.xlsx").symlink_to(tmp_path / "不存在.xlsx")
    os.rename(clean_submission(work, name="gbk.xlsx", unit_name="江高镇"),
              os.fsencode(inbox) + b"/" + "江高镇.xlsx".encode("gbk"))
    with_text(clean_submission(work, name="控制.xlsx", unit_name="钟落潭镇"), inbox / "控制字符.xlsx",
              "钟落潭镇", "钟落_x0007_潭镇")
    clean_submission(inbox, name="长名.xlsx", unit_name="𠀀" * 40)
    clean_submission(inbox, name="撞名.xlsx", unit_name="_数据")
    clean_submission(inbox, name="长文本.xlsx", unit_name="石门街道", indicators=unweighted_long_names())
    return inbox


def unweighted_long_names() -> list[dict]:
    """The clean indicators named with 20,000 characters each and without weights: the one
    finding naming them all is longer than a cell holds."""
    return [{**row, "name": f"{index}{'服务' * 10_000}", "weight": None, "self_score": None}
            for index, row in enumerate(CLEAN_INDICATORS)]


def fingerprints(folder: Path) -> dict[bytes, tuple[int, int, str]]:
    """Every regular file's size, modification time and digest, by its raw name."""
    import hashlib

    prints = {}
    for root, _, names in os.walk(os.fsencode(folder)):
        for name in names:
            path = os.path.join(root, name)
            status = os.lstat(path)
            if os.path.isfile(path) and not os.path.islink(path):
                digest = hashlib.sha256(open(path, "rb").read(2**24)).hexdigest() if status.st_size < 2**24 else ""
                prints[path] = (status.st_size, status.st_mtime_ns, digest)
    return prints


def test_a_folder_of_every_hostile_file_at_once_is_summarised_in_bounded_memory(tmp_path):
    inbox = hostile_folder(tmp_path)
    before = fingerprints(inbox)
    entries = sum(len(names) for _, _, names in os.walk(inbox))
    output = tmp_path / "汇总.xlsx"
    code, text, peak_mb = run_in_fresh_process("collect", str(inbox), "-o", str(output), "-q")
    assert code == 1, text
    assert peak_mb < 1000
    assert fingerprints(inbox) == before
    book = openpyxl.load_workbook(output)
    not_included = [row for row in book["未报送与无法读取"].iter_rows(values_only=True) if row and row[0]]
    counted = re.match(r"共找到 (\d+) 个文件：纳入汇总 (\d+) 个，重复未采用 (\d+) 个，其他年度 (\d+) 个，"
                       r"无法读取 (\d+) 个，跳过 (\d+) 个", not_included[0][0])
    total, *parts = (int(number) for number in counted.groups())
    assert total == entries == sum(parts)
    compared = {row[1] for row in book["区域对比"].iter_rows(values_only=True) if row}
    assert {"人和镇", "太和镇", "江高镇", "钟落潭镇", "_数据", "石门街道"} <= compared
    reasons = " ".join(str(cell) for row in not_included for cell in row if cell)
    for said in ("命名管道", "指向的文件已不存在", "超过读取上限", "设置了打开密码", "共享字符串表", "临时锁定文件", "0 字节"):
        assert said in reasons
    assert "Traceback" not in reasons and "Error" not in reasons


def test_each_hostile_file_checked_alone_stays_in_bounded_memory(tmp_path):
    """Every file of the hostile folder, checked in a process of its own: under 200 MB for a file
    under 1 MB on disk, under 1 GB for any, each with a Chinese line about it and no traceback."""
    inbox = hostile_folder(tmp_path)
    checked = 0
    for root, _, names in os.walk(inbox):
        for name in names:
            path = Path(root) / name
            if not path.is_file() or path.is_symlink():
                continue  # a pipe or a broken link: accounted for by collect, never opened
            code, output, peak_mb = run_in_fresh_process("check", str(path))
            on_disk_mb = os.stat(path).st_blocks * 512 / 2**20
            assert peak_mb < (200 if on_disk_mb < 1 else 1000), (name, peak_mb)
            assert code in (0, 1) and "Traceback" not in output, (name, output[-500:])
            assert re.search(r"[\u4e00-\u9fff]", output), (name, output[-500:])
            if os.fsencode(name) == "江高镇.xlsx".encode("gbk"):
                assert "江高镇.xlsx" in output  # named as its sender saw it, not in raw bytes
            checked += 1
    assert checked >= 17


def test_the_summary_of_every_hostile_file_opens_in_libreoffice(tmp_path, soffice):
    inbox = hostile_folder(tmp_path)
    output = tmp_path / "汇总.xlsx"
    assert collect_folder(inbox, output).exit_code == 1
    assert soffice.convert(output, "pdf", tmp_path / "pdf").stat().st_size > 0


FOREIGN = Path(__file__).parent / "data" / "foreign"
#: Words a Chinese reason may carry in Latin letters: product and format names.
_NAMES_IN_REASONS = re.compile(r"Excel|WPS|LibreOffice|OpenDocument|XML|PDF|Word|PowerPoint|xlsx|xlsb|xls")


def test_spreadsheets_from_other_projects_are_each_refused_with_a_chinese_reason(tmp_path):
    import shutil

    inbox = tmp_path / "报送"
    shutil.copytree(FOREIGN, inbox, ignore=shutil.ignore_patterns("*.md", "*.txt"))
    files = sorted(path.name for path in inbox.iterdir())
    assert len(files) >= 14
    output = tmp_path / "汇总.xlsx"
    code, text, peak_mb = run_in_fresh_process("collect", str(inbox), "-o", str(output), "-q")
    assert code == 1, text
    assert peak_mb < 200
    rows = [row for row in openpyxl.load_workbook(output)["未报送与无法读取"].iter_rows(values_only=True)
            if row and row[0] in files]
    assert sorted(row[0] for row in rows) == files
    for name, *rest in rows:
        reason = " ".join(str(cell) for cell in rest if cell)
        assert "绩效自评表" in reason or "无法" in reason, (name, reason)
        latin = _NAMES_IN_REASONS.sub("", re.sub(r"“[^”]*”", "", reason))
        assert not re.search(r"[A-Za-z]{3,}", latin), (name, reason)


def test_a_workbook_of_many_small_sheets_is_no_bomb(tmp_path):
    """250 sheets whose compressed sizes could each inflate a thousandfold: measured, they are small."""
    path = clean_submission(tmp_path / "work")
    book = openpyxl.load_workbook(path)
    for number in range(250):
        sheet = book.create_sheet(f"附表{number}")
        for row in range(1, 21):
            sheet.append([number * 1000 + row * 10 + col for col in range(10)])
    book.save(tmp_path / "附表多.xlsx")
    result = read_submission(tmp_path / "附表多.xlsx")
    assert result.status == "read", result.reason
    assert len(result.submission.indicators) == 4


def test_parts_that_together_pass_the_total_are_refused_saying_so(tmp_path):
    from excel_eval.read.workbook import TOTAL_LIMIT

    path = clean_submission(tmp_path / "work")
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    filler = b"<a/>" + b" " * (40 * 2**20)
    bombs = tmp_path / "合计.xlsx"
    with zipfile.ZipFile(bombs, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        for number in range(TOTAL_LIMIT // len(filler) + 1):
            archive.writestr(f"xl/extra{number}.xml", filler)
    result = read_submission(bombs)
    assert result.status == "failed" and "各部件合计 解压后超过 200 MB" in result.reason, result.reason


@pytest.mark.parametrize("cell, code, said", [
    ('<c r="{ref}" t="e"><f>D8/0</f><v>#DIV/0!</v></c>', "input_error_value", "显示错误值 #DIV/0!"),
    ('<c r="{ref}" t="e"><v>#REF!</v></c>', "input_error_value", "显示错误值 #REF!"),
    ('<c r="{ref}"><f>[1]Sheet1!A1</f></c>', "input_formula_without_result", "没有保存它的计算结果"),
    ('<c r="{ref}"><f>[1]Sheet1!A1</f><v>150</v></c>', "input_formula", "已读取文件保存时的计算结果 150"),
])
def test_an_input_cell_holding_no_typed_value_says_what_it_holds(tmp_path, cell, code, said):
    spec = contract.field("fund_current_initial")
    source = clean_submission(tmp_path / "work")
    ref = open_workbook(source).names[spec.name][1]
    part = sheet_part(source, spec.sheet)
    with zipfile.ZipFile(source) as archive:
        xml = archive.read(part)
    typed = re.search(rf'<c r="{ref}"[^>]*>.*?</c>'.encode(), xml).group()
    path = replace_member(source, tmp_path / "公式.xlsx", part, xml.replace(typed, cell.format(ref=ref).encode()))
    result = read_submission(path)
    [finding] = [f for f in result.findings if f.cell == ref]
    assert finding.code == code and said in finding.message and spec.label in finding.message


def test_a_fill_date_still_to_come_is_flagged_and_never_wins_a_duplicate(tmp_path):
    import datetime as dt

    from excel_eval.collect import collect
    from excel_eval.rules import load_rules

    inbox = tmp_path / "报送"
    clean_submission(inbox, name="真实.xlsx", unit_name="人和镇", fill_date=dt.datetime(2025, 1, 15))
    clean_submission(inbox, name="远未来.xlsx", unit_name="人和镇", fill_date=dt.datetime(9999, 12, 31))
    collection = collect(inbox, load_rules())
    [entry] = collection.units
    assert entry.review.name == "真实.xlsx"
    far = [f for review in collection.reviews for f in review.findings if f.code == "fill_date_in_future"]
    assert len(far) == 1 and far[0].file == "远未来.xlsx" and "9999-12-31" in far[0].message


def test_indicator_rows_merged_into_one_are_reported(tmp_path):
    from excel_eval.read.reader import parse_a1

    path = clean_submission(tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book[INDICATOR_SHEET]
    first = read_submission(path).submission.indicators[0]
    name_cell = first.ref("name").cell
    row, col = parse_a1(name_cell)
    sheet.merge_cells(start_row=row + 1, start_column=col + 1, end_row=row + 2, end_column=col + 1)
    book.save(path)
    result = read_submission(path)
    [merged] = [f for f in result.findings if f.code == "indicator_rows_merged"]
    assert merged.cell == name_cell and f"第 {row + 1}–{row + 2} 行合并" in merged.message
    assert read_submission(clean_submission(tmp_path / "clean")).findings == []


def test_a_file_that_kills_its_worker_costs_only_itself(tmp_path, monkeypatch):
    """A library aborting the process (as an allocation failure does) breaks the pool: the batch is read again,
    each file alone, and only the file that aborts again is listed as unreadable."""
    import shutil

    from excel_eval import collect as collecting
    from excel_eval.rules import load_rules

    inbox = tmp_path / "报送"
    first = clean_submission(inbox, name="0.xlsx")
    for number in range(1, collecting.PARALLEL_FROM):
        shutil.copy(first, inbox / f"{number}.xlsx")
    reviewed = collecting.review_file

    def aborting(path, rules, name):
        if path.name == "7.xlsx":
            os.abort()
        return reviewed(path, rules, name)

    monkeypatch.setattr(collecting, "review_file", aborting)
    reviews = collecting.review_all(sorted(inbox.iterdir()), inbox, load_rules(), workers=2)
    assert len(reviews) == collecting.PARALLEL_FROM
    [failed] = [review for review in reviews if review.status == "failed"]
    assert failed.name == "7.xlsx" and "程序异常退出" in failed.result.reason


def test_last_years_summary_is_read_for_its_data_sheet_alone(tmp_path):
    """A cell at AZ199999 on 总览 lies inside the area a summary is read in: only ``_数据`` is loaded."""
    inbox = tmp_path / "报送"
    clean_submission(inbox)
    last_year = tmp_path / "上年.xlsx"
    assert collect_folder(inbox, last_year).exit_code == 0
    far = with_sheet_xml(last_year, tmp_path / "上年_误按键.xlsx", "总览", lambda xml: xml.replace(
        b"</sheetData>", b'<row r="199999"><c r="AZ199999" t="n"><v>1</v></c></row></sheetData>'))
    code, output, peak_mb = run_in_fresh_process("collect", str(inbox), "-o", str(tmp_path / "汇总.xlsx"),
                                                 "--previous", str(far), "-q")
    assert code == 0, output
    assert peak_mb < 200


def test_a_rules_file_that_is_a_folder_is_told_in_chinese(tmp_path):
    from excel_eval.rules import RulesError, load_rules

    with pytest.raises(RulesError) as caught:
        load_rules(tmp_path)
    assert "这是一个文件夹，不是文件" in str(caught.value) and "directory" not in str(caught.value)


def test_a_defect_met_on_one_file_is_told_in_chinese_and_costs_only_that_file(tmp_path, monkeypatch):
    from excel_eval import collect as collecting
    from excel_eval.rules import load_rules

    inbox = tmp_path / "报送"
    clean_submission(inbox, name="甲镇.xlsx", unit_name="甲镇")
    clean_submission(inbox, name="乙镇.xlsx", unit_name="乙镇")
    reviewed = collecting.review_file

    def failing(path, rules, name):
        if path.name == "甲镇.xlsx":
            raise ValueError("list index out of range")
        return reviewed(path, rules, name)

    monkeypatch.setattr(collecting, "review_file", failing)
    collection = collecting.collect(inbox, load_rules())
    [failed] = collection.failed
    assert failed.name == "甲镇.xlsx" and "程序错误（错误类型 ValueError）" in failed.result.reason
    assert "index" not in failed.result.reason and [entry.unit for entry in collection.units] == ["乙镇"]


#: An English sentence a library wrote: three Latin words in a row.
_ENGLISH_SENTENCE = re.compile(r"[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}")


def _review_texts(folder: Path) -> str:
    """Every text of the 审核意见 sheets written into ``folder``."""
    return " ".join(str(cell) for path in folder.glob("*.xlsx")
                    for row in openpyxl.load_workbook(path)["审核意见"].iter_rows(values_only=True)
                    for cell in row if cell is not None)


@pytest.mark.parametrize("target", ["'绩效自评表'!$E$", "'绩效自评表'!$E$0", "'绩效自评表'!XFE99999999999",
                                    "'绩效自评表'!$E$6:$F"])
def test_a_defined_name_pointing_nowhere_is_told_in_chinese(tmp_path, target):
    """budget_total defined over a range with no row, row 0 or a row past the sheet: the name is
    passed over, the figure found by its label, and no library's English reaches the user."""
    from click.testing import CliRunner

    from excel_eval.cli import main

    inbox = tmp_path / "报送"
    source = clean_submission(tmp_path / "work", name="石门街道.xlsx", unit_name="石门街道")
    with zipfile.ZipFile(source) as archive:
        book = archive.read("xl/workbook.xml").decode()
    book, changed = re.subn(r'(<definedName name="budget_total"[^>]*>)[^<]*', lambda m: m.group(1) + target, book)
    assert changed == 1
    inbox.mkdir()
    submission = replace_member(source, inbox / "石门街道.xlsx", "xl/workbook.xml", book.encode())
    checked = CliRunner().invoke(main, ["check", str(submission)])
    assert checked.exit_code in (0, 1) and isinstance(checked.exception, (SystemExit, type(None))), checked.output
    assert "未找到定义名称 budget_total" in checked.output, checked.output
    fed_back = CliRunner().invoke(main, ["feedback", str(inbox), "-o", str(tmp_path / "审核意见"), "-q"])
    assert fed_back.exit_code == 0 and isinstance(fed_back.exception, (SystemExit, type(None))), fed_back.output
    written = _review_texts(tmp_path / "审核意见")
    assert "未找到定义名称 budget_total" in written
    for text in (checked.output, fed_back.output, written):
        assert not _ENGLISH_SENTENCE.search(text), _ENGLISH_SENTENCE.search(text)


def test_a_defect_met_writing_one_copy_is_told_in_chinese_and_costs_only_that_copy(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from excel_eval.cli import main
    from excel_eval.write import feedback

    inbox = tmp_path / "报送"
    clean_submission(inbox, name="甲镇.xlsx", unit_name="甲镇")
    clean_submission(inbox, name="乙镇.xlsx", unit_name="乙镇")
    written = feedback.write_review_sheet

    def failing(copy, summary):
        if summary.review.name == "甲镇.xlsx":
            raise ValueError("Range is missing the expected row component.")
        return written(copy, summary)

    monkeypatch.setattr(feedback, "write_review_sheet", failing)
    result = CliRunner().invoke(main, ["feedback", str(inbox), "-o", str(tmp_path / "审核意见")])
    assert result.exit_code == 1, result.output
    assert "甲镇.xlsx：生成审核意见时出现程序错误（错误类型 ValueError）" in result.stderr
    assert not _ENGLISH_SENTENCE.search(result.output), result.output
    assert [path.name for path in (tmp_path / "审核意见").iterdir()] == ["乙镇_2024_审核意见.xlsx"]


def test_text_longer_than_a_cell_holds_is_cut_with_a_note_and_no_row_is_taller_than_excel_allows(tmp_path):
    """Indicator names of 20,000 characters without a weight: one finding names them all,
    more than the 32,767 characters a cell holds.  The summary and the review copy hold what
    fits and say the rest was cut; no row of any sheet is taller than Excel's 409 pt."""
    from click.testing import CliRunner

    from excel_eval.cli import main
    from excel_eval.write.summary.paper import MAX_CELL_CHARS, MAX_ROW_HEIGHT

    inbox = tmp_path / "报送"
    clean_submission(inbox, name="石门街道.xlsx", unit_name="石门街道", indicators=unweighted_long_names())
    output = tmp_path / "汇总.xlsx"
    result = CliRunner().invoke(main, ["collect", str(inbox), "-o", str(output), "-q", "--unit-sheets", "all",
                                       "--feedback", str(tmp_path / "审核意见")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    [copy] = (tmp_path / "审核意见").glob("*.xlsx")
    cut = []
    for path in (output, copy):
        book = openpyxl.load_workbook(path)
        for sheet in book.worksheets:
            for row, dimension in sheet.row_dimensions.items():
                assert (dimension.height or 0) <= MAX_ROW_HEIGHT, (path.name, sheet.title, row, dimension.height)
            for line in sheet.iter_rows(values_only=True):
                for value in line:
                    if isinstance(value, str):
                        assert len(value.encode("utf-16-le")) // 2 <= MAX_CELL_CHARS
                        if "超出 Excel 每个单元格" in value:
                            cut.append((path, sheet.title, value))
    assert {(path, title) for path, title, _ in cut} >= {(output, "问题清单"), (copy, "审核意见")}
    assert all(value.endswith("字的上限，以下已截去）") for _, _, value in cut)


def test_a_defect_outside_any_one_file_is_one_chinese_line_and_exit_70(tmp_path, monkeypatch):
    """A defect met writing the summary itself stops the run with one Chinese line, never a traceback."""
    from click.testing import CliRunner

    from excel_eval.cli import main
    from excel_eval.write import summary

    inbox = tmp_path / "报送"
    clean_submission(inbox)

    def failing(*arguments, **options):
        raise ValueError("Range is missing the expected row component.")

    monkeypatch.setattr(summary, "write_summary", failing)
    result = CliRunner().invoke(main, ["collect", str(inbox), "-o", str(tmp_path / "汇总.xlsx"), "-q"])
    assert result.exit_code == 70 and isinstance(result.exception, SystemExit), result.output
    assert "程序错误（错误类型 ValueError），本次运行未完成" in result.output
    assert "Traceback" not in result.output and not _ENGLISH_SENTENCE.search(result.output), result.output


def test_a_defect_met_drafting_one_report_is_told_in_chinese_and_costs_only_that_report(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from excel_eval.cli import main
    from excel_eval.write import report

    inbox = tmp_path / "报送"
    clean_submission(inbox, name="甲镇.xlsx", unit_name="甲镇")
    clean_submission(inbox, name="乙镇.xlsx", unit_name="乙镇")
    built = report.build_report

    def failing(review, rules, clock):
        if review.name == "甲镇.xlsx":
            raise ValueError("All strings must be XML compatible")
        return built(review, rules, clock)

    monkeypatch.setattr(report, "build_report", failing)
    result = CliRunner().invoke(main, ["report", str(inbox), "-o", str(tmp_path / "评价报告")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "甲镇.xlsx：起草评价报告时出现程序错误（错误类型 ValueError）" in result.output
    assert not _ENGLISH_SENTENCE.search(result.output), result.output
    assert [path.name for path in (tmp_path / "评价报告").iterdir()] == ["乙镇_2024_绩效评价报告.docx"]

"""Reading the district's roster from the files a district actually keeps."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from excel_eval.read.roster import RosterError, RosterUnit, read_roster

SAMPLE_ROSTER = Path(__file__).resolve().parent.parent / "samples" / "白云区名册.csv"


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_sample_roster_lists_the_24_units_of_baiyun() -> None:
    units = read_roster(SAMPLE_ROSTER)
    assert len(units) == 24
    assert units[0] == RosterUnit("三元里街道", "街道")
    assert units[-1] == RosterUnit("钟落潭镇", "镇")
    assert sum(unit.kind == "镇" for unit in units) == 4


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_the_encodings_excel_and_wps_save(tmp_path: Path, encoding: str) -> None:
    path = write_text(tmp_path / "名册.csv", "单位名称,单位类型\r\n钟落潭镇,镇\r\n石门街道,街道\r\n",
                      encoding)
    assert read_roster(path) == [RosterUnit("钟落潭镇", "镇"), RosterUnit("石门街道", "街道")]


def test_csv_with_project_names_spaces_and_blank_rows(tmp_path: Path) -> None:
    text = "项目名称, 单位名称 ,备注\n社工站运营经费,\u3000钟落潭镇 ,x\n,,\n,石门街道,\n"
    path = write_text(tmp_path / "名册.csv", text)
    assert read_roster(path) == [RosterUnit("钟落潭镇", "", "社工站运营经费"),
                                 RosterUnit("石门街道")]


def test_xlsx_with_a_title_row_above_the_header(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["白云区镇街名册"])
    sheet.append(["序号", "单位名称", "单位类型", "项目名称"])
    sheet.append([1, "钟落潭镇", "镇", None])
    sheet.append([2, "石门街道", "街道", "家综运营经费"])
    path = tmp_path / "名册.xlsx"
    workbook.save(path)
    assert read_roster(path) == [RosterUnit("钟落潭镇", "镇"),
                                 RosterUnit("石门街道", "街道", "家综运营经费")]


def test_txt_one_unit_per_line(tmp_path: Path) -> None:
    path = write_text(tmp_path / "名册.txt", "单位名称\n钟落潭镇\n\n  石门街道\n", "gbk")
    assert read_roster(path) == [RosterUnit("钟落潭镇"), RosterUnit("石门街道")]


def assert_roster_error(path: Path, *fragments: str) -> None:
    with pytest.raises(RosterError) as caught:
        read_roster(path)
    message = caught.value.message
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message, message


def test_missing_file(tmp_path: Path) -> None:
    assert_roster_error(tmp_path / "没有.csv", "找不到名册文件")


def test_no_name_column(tmp_path: Path) -> None:
    path = write_text(tmp_path / "名册.csv", "名称,类型\n钟落潭镇,镇\n")
    assert_roster_error(path, "找不到“单位名称”列")


def test_empty_name_names_the_row(tmp_path: Path) -> None:
    path = write_text(tmp_path / "名册.csv", "单位名称,单位类型\n钟落潭镇,镇\n ,街道\n")
    assert_roster_error(path, "第 3 行", "单位名称为空")


def test_duplicate_name_names_both_rows(tmp_path: Path) -> None:
    path = write_text(tmp_path / "名册.csv", "单位名称\n钟落潭镇\n石门街道\n钟落潭镇 \n")
    assert_roster_error(path, "第 4 行", "钟落潭镇", "重复", "第 2 行")


def test_duplicate_in_txt(tmp_path: Path) -> None:
    path = write_text(tmp_path / "名册.txt", "钟落潭镇\n钟落潭镇\n")
    assert_roster_error(path, "第 2 行", "重复")


def test_roster_without_units(tmp_path: Path) -> None:
    path = write_text(tmp_path / "名册.csv", "单位名称,单位类型\n")
    assert_roster_error(path, "没有任何单位")


def test_unsupported_format(tmp_path: Path) -> None:
    path = write_text(tmp_path / "名册.docx", "x")
    assert_roster_error(path, "格式不支持")


def test_corrupt_workbook(tmp_path: Path) -> None:
    path = write_text(tmp_path / "名册.xlsx", "这不是表格")
    assert_roster_error(path, "无法读取名册文件", "已损坏")


def test_a_csv_the_csv_reader_refuses_names_the_line_in_chinese(tmp_path: Path) -> None:
    path = write_text(tmp_path / "名册.csv", "单位名称\n江高镇\n" + "人" * 200_000 + "\n")
    assert_roster_error(path, "第 3 行的 CSV 格式有误")
    with pytest.raises(RosterError) as caught:
        read_roster(path)
    assert "field" not in caught.value.message


def test_undecodable_text(tmp_path: Path) -> None:
    path = tmp_path / "名册.csv"
    path.write_bytes(b"\xff\xfe\xff\n")
    assert_roster_error(path, "编码无法识别")


def test_a_roster_with_a_stray_far_cell_is_read_in_bounded_memory(tmp_path: Path) -> None:
    from tests.legacy_builders import write_xls
    from tests.test_robustness import run_in_fresh_process

    path = write_xls(tmp_path / "名册.xls", {"名册": {(0, 0): "单位名称", (1, 0): "江高镇", (2, 0): "人和镇",
                                                       (65535, 255): "误按键"}}, dimensions=(65536, 256))
    assert [unit.name for unit in read_roster(path)] == ["江高镇", "人和镇"]
    code, output, peak_mb = run_in_fresh_process("template", "--roster", str(path), "--year", "2024",
                                                 "-o", str(tmp_path / "模板"))
    assert code == 0, output
    assert peak_mb < 200


def test_a_damaged_roster_says_why(tmp_path: Path) -> None:
    path = tmp_path / "名册.xlsx"
    path.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(RosterError, match="名册.xlsx.*文件已损坏.*压缩包结构不完整"):
        read_roster(path)

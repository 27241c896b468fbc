"""Unit names two spellings share, and names only close enough to suggest."""

from __future__ import annotations

import datetime as dt
import os

import openpyxl
import pytest
from click.testing import CliRunner

from excel_eval.cli import main
from excel_eval.collect import collect
from excel_eval.keys import close_name, edits, unit_key, unit_stem
from excel_eval.read.roster import read_roster
from excel_eval.rules import load_rules
from tests.builders import clean_submission
from tests.samples import ROSTER


@pytest.mark.parametrize("written, key", [
    ("219001-池州市贵池区棠溪镇人民政府", "棠溪镇"),
    ("广州市天河区石牌街道", "石牌街道"),
    ("广东省广州市白云区钟落潭镇", "钟落潭镇"),
    ("广州市白云区人民政府石门街道办事处", "石门街道"),
    ("人和镇人民政府", "人和镇"),
    ("A03 江高镇", "江高镇"),
    ("江高镇 ", "江高镇"),
    ("新市街道", "新市街道"),  # 市 with one character before it is part of the name
    ("市桥街道", "市桥街道"),
    ("白云区", "白云区"),  # a level alone is not stripped to nothing
])
def test_unit_key_drops_codes_levels_and_government_words(written, key):
    assert unit_key(written) == key


@pytest.mark.parametrize("written, stem", [
    ("钟落潭", "钟落潭"),
    ("钟落潭镇", "钟落潭"),
    ("广州市白云区钟落潭镇人民政府", "钟落潭"),
    ("广州市白云区人民政府石门街道办事处", "石门"),
    ("新市街道", "新市"),
    ("太和镇", "太和"),
    ("东镇", "东镇"),  # a kind word is not stripped to a single character
])
def test_unit_stem_drops_the_kind_of_unit_too(written, stem):
    assert unit_stem(written) == stem


def test_three_spellings_of_one_town_are_one_unit_without_a_roster(tmp_path):
    inbox = tmp_path / "报送"
    for day, (name, unit) in enumerate((("甲.xlsx", "钟落潭"), ("乙.xlsx", "钟落潭镇"),
                                        ("丙.xlsx", "广州市白云区钟落潭镇人民政府")), start=1):
        clean_submission(inbox, name=name, unit_name=unit, fill_date=dt.datetime(2025, 1, day))
    collection = collect(inbox, load_rules())
    assert len(collection.units) == 1
    entry = collection.units[0]
    assert entry.review.name == "丙.xlsx" and sorted(old.name for old in entry.superseded) == ["乙.xlsx", "甲.xlsx"]
    duplicates = [f for f in collection.cross_findings if f.code == "duplicate_submission"]
    assert {f.file for f in duplicates} == {"甲.xlsx", "乙.xlsx", "丙.xlsx"}
    assert all(f.message.endswith("汇总采用“丙.xlsx”（填报日期较新）。") for f in duplicates)


def test_a_roster_name_is_found_without_its_kind_unless_two_units_share_the_stem(tmp_path):
    roster = tmp_path / "名册.csv"
    roster.write_text("单位名称\n钟落潭镇\n石门镇\n石门街道\n", encoding="utf-8")
    inbox = tmp_path / "报送"
    clean_submission(inbox, name="钟落潭.xlsx", unit_name="钟落潭")
    clean_submission(inbox, name="石门镇.xlsx", unit_name="石门镇")
    clean_submission(inbox, name="石门街道.xlsx", unit_name="广州市白云区人民政府石门街道办事处")
    clean_submission(inbox, name="石门.xlsx", unit_name="石门")
    collection = collect(inbox, load_rules(), read_roster(roster))
    assert sorted(entry.unit for entry in collection.units) == ["石门", "石门街道", "石门镇", "钟落潭镇"]
    assert collection.missing == []
    differs = {f.found: f.expected for f in collection.cross_findings if f.code == "unit_name_differs"}
    assert differs == {"钟落潭": "钟落潭镇", "广州市白云区人民政府石门街道办事处": "石门街道"}
    assert [f.found for f in collection.cross_findings if f.code == "unit_not_on_roster"] == ["石门"]


def test_close_names_are_suggested_not_merged():
    roster = ["江高镇", "人和镇", "钟落潭镇", "白云湖街道"]
    assert close_name("钟落谭镇", roster) == "钟落潭镇"
    assert close_name("白去湖街道", roster) == "白云湖街道"
    assert close_name("白去糊街道", roster) == "白云湖街道"  # two off a five-character name
    assert close_name("江高镇", ["人和镇"]) is None  # two off a three-character name: two towns
    assert close_name("钟落潭镇", roster) is None  # equal is a match, not a suggestion
    assert edits("钟落谭镇", "钟落潭镇") == 1 and edits("石门", "石门街道") == 2


def test_a_roster_line_with_its_city_and_district_matches_the_towns_own_spelling(tmp_path):
    roster = tmp_path / "名册.csv"
    roster.write_text("单位名称\n广州市天河区石牌街道\n池州市贵池区棠溪镇\n", encoding="utf-8")
    inbox = tmp_path / "报送"
    clean_submission(inbox, name="石牌.xlsx", unit_name="石牌街道")
    clean_submission(inbox, name="棠溪.xlsx", unit_name="219001-池州市贵池区棠溪镇人民政府")
    collection = collect(inbox, load_rules(), read_roster(roster))
    assert {entry.unit for entry in collection.units} == {"广州市天河区石牌街道", "池州市贵池区棠溪镇"}
    assert collection.missing == []
    assert not [f for f in collection.cross_findings if f.code == "unit_not_on_roster"]


def test_names_equal_once_stripped_are_one_unit_without_a_roster(tmp_path):
    inbox = tmp_path / "报送"
    clean_submission(inbox, name="第一版.xlsx", unit_name="人和镇", fill_date=dt.datetime(2025, 1, 10))
    clean_submission(inbox, name="第二版.xlsx", unit_name="广州市白云区人和镇人民政府",
                     fill_date=dt.datetime(2025, 2, 1))
    collection = collect(inbox, load_rules())
    assert len(collection.units) == 1
    entry = collection.units[0]
    assert entry.review.name == "第二版.xlsx" and [old.name for old in entry.superseded] == ["第一版.xlsx"]
    assert entry.unit == "人和镇"
    message = next(f.message for f in collection.cross_findings if f.code == "duplicate_submission")
    assert message.endswith("汇总采用“第二版.xlsx”（填报日期较新）。")


def test_equal_fill_dates_give_the_real_reason(tmp_path):
    inbox = tmp_path / "报送"
    same = dt.datetime(2025, 1, 10)
    first = clean_submission(inbox, name="甲.xlsx", unit_name="人和镇", fill_date=same)
    second = clean_submission(inbox, name="乙.xlsx", unit_name="人和镇", fill_date=same)
    os.utime(first, (1_700_000_000, 1_700_000_000))
    os.utime(second, (1_700_000_900, 1_700_000_900))
    collection = collect(inbox, load_rules())
    messages = {f.message for f in collection.cross_findings if f.code == "duplicate_submission"}
    assert messages == {f"人和镇 2024 年度有多份报送：本文件与“{other}”重复，汇总采用“乙.xlsx”"
                        "（两份的填报日期相同，采用文件保存时间较新的）。" for other in ("甲.xlsx", "乙.xlsx")}


def test_a_roster_typo_is_suggested_on_the_terminal_and_in_the_summary(tmp_path):
    inbox = tmp_path / "报送"
    clean_submission(inbox, name="钟落谭镇.xlsx", unit_name="钟落谭镇")
    output = tmp_path / "汇总.xlsx"
    result = CliRunner().invoke(main, ["collect", str(inbox), "-o", str(output), "--roster", str(ROSTER)])
    assert "钟落谭镇.xlsx：填报单位“钟落谭镇”不在名册中，是否为“钟落潭镇”？" in result.stderr
    problems = [row for row in openpyxl.load_workbook(output)["问题清单"].iter_rows(values_only=True)]
    assert any("不在名册中，是否为“钟落潭镇”？" in str(cell) for row in problems for cell in row)
    collection = collect(inbox, load_rules(), read_roster(ROSTER))
    assert [entry.unit for entry in collection.units] == ["钟落谭镇"]  # never merged
    assert "钟落潭镇" in {unit.name for unit in collection.missing}
    missing = {row[0]: row[2] for row in openpyxl.load_workbook(output)["未报送与无法读取"].iter_rows(values_only=True)
               if row[0] in ("钟落潭镇", "江高镇")}
    assert missing == {"钟落潭镇": "未收到该单位的报送文件（“钟落谭镇.xlsx”的填报单位写作“钟落谭镇”，是否就是该单位？）",
                       "江高镇": "未收到该单位的报送文件"}


def test_a_unit_on_no_roster_is_called_by_its_key(tmp_path):
    inbox = tmp_path / "报送"
    clean_submission(inbox, name="棠溪.xlsx", unit_name="219001-池州市贵池区棠溪镇人民政府")
    assert [entry.unit for entry in collect(inbox, load_rules()).units] == ["棠溪镇"]
    roster = tmp_path / "名册.csv"
    roster.write_text("单位名称\n人和镇\n", encoding="utf-8")
    collection = collect(inbox, load_rules(), read_roster(roster))
    assert [entry.unit for entry in collection.units] == ["棠溪镇"]
    assert [f.found for f in collection.cross_findings if f.code == "unit_not_on_roster"] == [
        "219001-池州市贵池区棠溪镇人民政府"]

"""`excel-eval check`: what a town clerk sees before sending a file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from excel_eval.cli import main
from excel_eval.pipeline import run_collection
from excel_eval.rules import load_rules
from tests.builders import clean_submission
from tests.national_forms import TANGXI_2022, write_national_form
from tests.samples import seed_folder


def check(*arguments: str):
    return CliRunner().invoke(main, ["check", *arguments])


def test_a_correct_file_exits_zero_and_shows_both_scores(tmp_path):
    result = check(str(clean_submission(tmp_path)))
    assert result.exit_code == 0, result.output
    assert "复核得分 100.00（优） · 单位自评 100 分（优）" in result.output
    assert "0 个错误" in result.output


def test_a_file_with_errors_exits_one_naming_sheet_and_cell(tmp_path):
    result = check(str(clean_submission(tmp_path, fund_district=90)))
    assert result.exit_code == 1
    assert "错误  补充信息!B11" in result.output and "资金来源合计 190 万元" in result.output


def test_a_broken_file_among_good_ones_exits_one_and_the_rest_are_checked(tmp_path):
    good = clean_submission(tmp_path)
    broken = tmp_path / "钟落潭镇.xlsx"
    broken.write_bytes(b"%PDF-1.4")
    result = check(str(broken), str(good))
    assert result.exit_code == 1
    assert "钟落潭镇.xlsx（无法读取）" in result.output and "PDF" in result.output
    assert "江高镇" in result.output and "复核得分" in result.output


def test_lock_file_is_skipped_with_a_note(tmp_path):
    lock = tmp_path / "~$江高镇.xlsx"
    lock.write_bytes(b"\x05zhang")
    result = check(str(lock))
    assert result.exit_code == 1 and "已跳过" in result.output and "临时锁定文件" in result.output


def test_json_output_for_machines(tmp_path):
    result = check("--format", "json", *(str(path) for path in sorted(seed_folder().glob("*.xlsx"))))
    data = json.loads(result.output)
    shimen = next(item for item in data["files"] if item["unit"] == "石门街道")
    assert shimen["total_score"] == 100 and shimen["grade"] == "优"
    codes = {finding["code"] for finding in shimen["findings"]}
    assert {"target_no_base", "perfect_score_no_evidence", "weight_differs_from_default"} <= codes
    labels = {"error": "错误", "warning": "警告", "info": "提示"}
    assert all(labels[finding["severity"]] == finding["severity_label"] for finding in shimen["findings"])


def test_old_template_version_exits_one(tmp_path):
    path = clean_submission(tmp_path, template_version="0.9")
    result = check(str(path))
    assert result.exit_code == 1 and "模板版本为“0.9”" in result.output


def test_deleted_name_is_read_with_a_warning(tmp_path):
    path = clean_submission(tmp_path)
    book = openpyxl.load_workbook(path)
    del book.defined_names["budget_total"]
    book.save(path)
    result = check(str(path))
    assert result.exit_code == 0 and "未找到定义名称 budget_total" in result.output


def test_usage_errors_exit_two(tmp_path):
    assert check().exit_code == 2
    missing = check(str(tmp_path / "没有.xlsx"))
    assert missing.exit_code == 2 and "找不到要检查的文件" in missing.output
    bad_rules = tmp_path / "规则.toml"
    bad_rules.write_text("[weights\n", encoding="utf-8")
    result = check("--rules", str(bad_rules), str(clean_submission(tmp_path)))
    assert result.exit_code == 2 and "规则.toml" in result.output


def test_check_never_writes_to_the_file(tmp_path):
    path = clean_submission(tmp_path, spent_total="198.45万元")
    before = path.read_bytes()
    check(str(path))
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_numbers_typed_as_text_are_one_line_and_list_every_cell_in_json(tmp_path):
    from tests.builders import CLEAN_INDICATORS

    rows = [{**row, "target": f"{row['target']}{row['unit']}", "actual": f"{row['actual']}{row['unit']}"}
            if isinstance(row["target"], int) else row for row in CLEAN_INDICATORS]
    path = str(clean_submission(tmp_path, indicators=rows, exec_rate_reported="100%", budget_score_reported="10分"))
    shown = check(path)
    assert shown.exit_code == 0, shown.output
    assert shown.output.count("”填写的是文本") == 1 and "同类情况共 4 处（E13、F13、E14、F14）" in shown.output
    assert shown.output.count("应为数字") == 1 and "“100%”" in shown.output  # the rate as text: one 提示
    found = json.loads(check("--format", "json", path).output)["files"][0]["findings"]
    (typed,) = [f for f in found if f["code"] == "measure_as_text"]
    assert typed["cell"] == "E13" and typed["cells"] == ["绩效自评表!E13", "绩效自评表!F13",
                                                          "绩效自评表!E14", "绩效自评表!F14"]
    (rates,) = [f for f in found if f["code"] == "text_in_number"]
    assert rates["severity"] == "info" and len(rates["cells"]) == 2


def test_a_national_form_is_headed_by_its_unit_and_says_what_the_unit_left_out(tmp_path):
    """The header names 棠溪镇, not “219001-池州市贵池区棠溪镇人民政府”; the form has a 总分 but no 自评等级."""
    result = check(str(write_national_form(TANGXI_2022, tmp_path / "棠溪镇委托业务.xlsx")))
    assert "棠溪镇委托业务.xlsx（棠溪镇 2022 年度）" in result.output
    assert "单位自评 100 分，未填自评等级" in result.output and "（未填）" not in result.output


def test_a_file_without_the_units_own_figures_says_so(tmp_path):
    path = clean_submission(tmp_path)
    book = openpyxl.load_workbook(path)
    for name in ("self_total_score", "self_grade"):
        sheet_name, cells = next(iter(book.defined_names[name].destinations))
        book[sheet_name][cells.replace("$", "")] = None
    book.save(path)
    assert "单位未填自评总分和自评等级" in check(str(path)).output


def test_the_shimen_report_shows_its_unverified_rows_beside_the_score(tmp_path):
    from tests.sample_data import SHIMEN_REPORT
    from tests.samples import build_sample

    shown = check(str(build_sample(SHIMEN_REPORT, tmp_path / "石门街道_2023_绩效自评.xlsx")))
    assert "复核得分 20.00（未评级，含待核实 0 分（3 项））" in shown.output
    assert shown.output.count("待核实。请改为可计量的目标值") == 3


def test_files_checked_together_are_judged_across_as_a_collection_judges_them(tmp_path):
    """Two submissions of one unit and year, checked together, are each told of the other, as in the summary."""
    older = clean_submission(tmp_path / "报送", "江高镇_2024_绩效自评.xlsx")
    newer = clean_submission(tmp_path / "报送", "江高镇_2024_绩效自评_修改.xlsx", contact_person="李四")
    os.utime(older, (older.stat().st_mtime - 3600,) * 2)
    alone = check(str(older))
    assert alone.exit_code == 0 and "有多份报送" not in alone.output
    together = check(str(tmp_path / "报送"))
    assert together.exit_code == 0, together.output
    assert together.output.count(f"汇总采用“{newer}”") == 2 and "共 2 个文件：0 个错误，2 个警告" in together.output
    data = json.loads(check("--format", "json", str(older), str(newer)).output)
    collection = run_collection(tmp_path / "报送", load_rules())
    in_summary = {Path(review.name).name: sorted(f.code for f in collection.findings_of(review))
                  for review in collection.reviews}
    assert {Path(item["file"]).name: sorted(f["code"] for f in item["findings"]) for item in data["files"]} \
        == in_summary == {older.name: ["duplicate_submission"], newer.name: ["duplicate_submission"]}

"""The Python API: collect_folder and check_file give DataFrames, CSVs read back to the same frames."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pandas as pd
import pytest
from click.testing import CliRunner

import excel_eval
from excel_eval.cli import main
from excel_eval.pipeline import YearNotFound
from excel_eval.rules import load_rules
from excel_eval.write import tables
from tests.builders import CLEAN_INDICATORS, clean_submission
from tests.filling import table_cells
from tests.samples import ROSTER, SAMPLES
from tests.test_export import INDICATORS

KEYS = {name: [column.key for column in columns] for name, columns in tables.TABLES.items()}


def district(tmp_path):
    """Two towns on the roster, one with the 个案 row of the seed, and a file that is no workbook."""
    inbox = tmp_path / "报送"
    clean_submission(inbox, indicators=INDICATORS, budget_total=200, spent_total=180, exec_rate_reported=0.9,
                     budget_score_reported=9, self_total_score=99)
    clean_submission(inbox, "人和镇_2024_绩效自评.xlsx", unit_name="人和镇")
    (inbox / "说明.docx").write_bytes(b"PK\x03\x04 not a workbook")
    return inbox


def test_collect_folder_gives_one_frame_per_table_with_the_figures(tmp_path):
    inbox = district(tmp_path)
    result = excel_eval.collect_folder(str(inbox), roster=ROSTER, year=2024)
    units, indicators = result.units(), result.indicators()
    findings, not_included = result.findings(), result.not_included()
    assert list(units.columns) == KEYS["units"] and units.shape == (2, len(KEYS["units"]))
    assert list(indicators.columns) == KEYS["indicators"]
    assert indicators.shape == (2 * len(CLEAN_INDICATORS), len(KEYS["indicators"]))
    assert list(findings.columns) == KEYS["findings"] and list(not_included.columns) == KEYS["not_included"]
    jianggao = units.set_index("unit").loc["江高镇"]
    assert jianggao["kind"] == "镇" and jianggao["year"] == 2024
    assert jianggao["exec_rate"] == pytest.approx(0.9) and jianggao["total_score"] == pytest.approx(99)
    assert jianggao["grade"] == "优" and jianggao["rank"] == 2
    assert units.set_index("unit").loc["人和镇", "total_score"] == pytest.approx(100)
    cases = indicators[(indicators.unit == "江高镇") & (indicators.name == "个案服务数")].iloc[0]
    assert round(cases["completion"], 4) == 1.1556 and cases["score"] == 20 and cases["basis"] == "measured"
    expected = table_cells(inbox / "江高镇_2024_绩效自评.xlsx", 2, ["actual", "target", "weight"])
    assert cases["cells"] == "；".join(expected)
    qualitative = indicators[indicators.direction == "定性"]
    assert qualitative["completion"].isna().all() and set(qualitative["basis"]) == {"qualitative"}
    assert set(findings["severity"]) <= {"error", "warning", "info"}
    assert (findings["severity"].map({"error": "错误", "warning": "警告", "info": "提示"})
            == findings["severity_label"]).all()
    failed = not_included[not_included.status == "failed"]
    assert list(failed["file"]) == ["说明.docx"]
    assert (not_included.status == "missing").sum() == 22


def test_the_api_is_listed_on_the_package_before_it_is_loaded():
    assert {"collect_folder", "check_file", "read_csv", "CollectionResult"} <= set(dir(excel_eval))
    with pytest.raises(AttributeError):
        excel_eval.no_such_function


def test_the_samples_through_the_api():
    result = excel_eval.collect_folder(SAMPLES, year=2022)
    units, indicators = result.units(), result.indicators()
    assert units.shape == (1, len(KEYS["units"])) and units.loc[0, "unit"] == "钟落潭镇"
    cases = indicators[indicators.name.str.startswith("个案")].iloc[0]
    assert (cases["target"], cases["actual"]) == ("90个", "104个") and round(cases["completion"], 4) == 1.1556
    assert set(result.not_included()["status"]) == {"other_year"}


def test_csv_files_read_back_to_the_same_frames(tmp_path):
    result = excel_eval.collect_folder(district(tmp_path), roster=ROSTER)
    written = result.write_csv(tmp_path / "数据")
    frames = {"units.csv": result.units(), "indicators.csv": result.indicators(), "findings.csv": result.findings()}
    assert sorted(path.name for path in written) == sorted(frames)
    for path in written:
        pd.testing.assert_frame_equal(excel_eval.read_csv(path), frames[path.name])
    plain = pd.read_csv(tmp_path / "数据" / "units.csv", encoding="utf-8-sig")
    assert list(plain.columns) == [column.header for column in tables.UNIT_COLUMNS]
    assert list(plain["单位"]) == ["江高镇", "人和镇"]


def test_the_command_writes_the_csv_files_the_api_reads(tmp_path):
    inbox = district(tmp_path)
    out = tmp_path / "输出"
    out.mkdir()
    result = CliRunner().invoke(main, ["collect", str(inbox), "-o", str(out / "汇总.xlsx"), "--csv", str(out / "数据"),
                                       "--roster", str(ROSTER), "-q"])
    assert result.exit_code == 1, result.output  # the .docx cannot be read
    api = excel_eval.collect_folder(inbox, roster=ROSTER)
    pd.testing.assert_frame_equal(excel_eval.read_csv(out / "数据" / "units.csv"), api.units())
    pd.testing.assert_frame_equal(excel_eval.read_csv(out / "数据" / "indicators.csv"), api.indicators())
    pd.testing.assert_frame_equal(excel_eval.read_csv(out / "数据" / "findings.csv"), api.findings())


def test_formula_like_text_survives_the_csv_round_trip(tmp_path):
    inbox = tmp_path / "报送"
    rows = [{**CLEAN_INDICATORS[0], "deviation_reason": "+需求增加，超额完成"}, *CLEAN_INDICATORS[1:]]
    clean_submission(inbox, indicators=rows)
    result = excel_eval.collect_folder(inbox)
    (path,) = [p for p in result.write_csv(tmp_path / "数据") if p.name == "indicators.csv"]
    assert "'+需求增加，超额完成" in path.read_text(encoding="utf-8-sig")
    back = excel_eval.read_csv(path)
    assert back.loc[0, "deviation_reason"] == "+需求增加，超额完成"
    pd.testing.assert_frame_equal(back, result.indicators())


def test_check_file_gives_the_same_record_as_check_json(tmp_path):
    path = clean_submission(tmp_path, indicators=INDICATORS, budget_total=200, spent_total=180)
    result = excel_eval.check_file(path, rules=load_rules())
    document = json.loads(CliRunner().invoke(main, ["check", "--format", "json", str(path)]).output)
    (record,) = document["files"]
    units = result.units()
    assert units.shape[0] == 1 and units.loc[0, "total_score"] == pytest.approx(record["total_score"])
    indicators = result.indicators()
    assert list(indicators["completion"].fillna(-1)) == [r["completion"] if r["completion"] is not None else -1
                                                         for r in record["indicators"]]
    assert sorted(result.findings()["code"]) == sorted(f["code"] for f in record["findings"])


def test_rules_are_a_path_or_a_loaded_object(tmp_path):
    inbox = tmp_path / "报送"
    clean_submission(inbox, indicators=INDICATORS)
    strict = tmp_path / "规则.toml"
    strict.write_text("[over_completion]\nthreshold = 1.10\n", encoding="utf-8")
    by_path = excel_eval.collect_folder(inbox, rules=strict).units()
    by_object = excel_eval.collect_folder(inbox, rules=load_rules(strict)).units()
    default = excel_eval.collect_folder(inbox).units()
    assert by_path.loc[0, "over_threshold_count"] == by_object.loc[0, "over_threshold_count"] == 1
    assert default.loc[0, "over_threshold_count"] == 0


def test_write_summary_writes_the_commands_workbook(tmp_path):
    result = excel_eval.collect_folder(district(tmp_path), roster=ROSTER)
    path = result.write_summary(tmp_path / "汇总.xlsx")
    import openpyxl

    book = openpyxl.load_workbook(path)
    units = [row[1] for row in book["区域对比"].iter_rows(min_row=3, max_row=4, values_only=True)]  # in rank order
    assert sorted(units) == sorted(["江高镇", "人和镇"])


def test_bad_arguments_raise_with_a_chinese_message(tmp_path):
    with pytest.raises(NotADirectoryError, match="找不到文件夹"):
        excel_eval.collect_folder(tmp_path / "没有")
    with pytest.raises(FileNotFoundError, match="找不到文件"):
        excel_eval.check_file(tmp_path / "没有.xlsx")
    inbox = tmp_path / "报送"
    clean_submission(inbox)
    with pytest.raises(YearNotFound, match="没有评价年度为 2019 年的报送文件"):
        excel_eval.collect_folder(inbox, year=2019)
    with pytest.raises(ValueError, match="不是本工具写出的 CSV"):
        (tmp_path / "别的.csv").write_text("a,b\n1,2\n", encoding="utf-8")
        excel_eval.read_csv(tmp_path / "别的.csv")


def test_the_command_line_and_the_import_never_load_pandas(tmp_path):
    inbox = district(tmp_path)
    out = tmp_path / "输出"
    script = textwrap.dedent(f"""
        import sys
        from click.testing import CliRunner
        import excel_eval
        from excel_eval.cli import main

        inbox, out = {str(inbox)!r}, {str(out)!r}
        runs = [
            ["--help"],
            ["template", "-o", out + "/模板.xlsx"],
            ["check", inbox + "/江高镇_2024_绩效自评.xlsx"],
            ["check", "--format", "json", inbox + "/江高镇_2024_绩效自评.xlsx"],
            ["collect", inbox, "-o", out + "/汇总.xlsx", "--json", out + "/汇总.json", "--csv", out + "/数据",
             "--feedback", out + "/审核意见", "--reports", out + "/报告", "--roster", {str(ROSTER)!r}, "-q"],
            ["feedback", inbox, "-o", out + "/审核意见2", "-q"],
            ["report", inbox, "-o", out + "/报告2"],
        ]
        for arguments in runs:
            result = CliRunner().invoke(main, arguments)
            assert result.exit_code in (0, 1), (arguments, result.output, result.exception)
        excel_eval.collect_folder(inbox).write_summary(out + "/汇总2.xlsx")
        print("pandas" in sys.modules)
        excel_eval.check_file(inbox + "/江高镇_2024_绩效自评.xlsx").units()
        print("pandas" in sys.modules)
    """)
    out.mkdir()
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["False", "True"]
    assert (out / "数据" / "units.csv").exists() and (out / "报告").is_dir()

"""Machine outputs: `check --format json`, `collect --json` and `collect --csv`, against their schemas."""

from __future__ import annotations

import csv
import json

import jsonschema
import pytest
from click.testing import CliRunner

from excel_eval.cli import main
from excel_eval.write import export, tables
from tests.builders import CLEAN_INDICATORS, clean_submission
from tests.filling import cell_of, table_cells
from tests.samples import ROSTER, SAMPLES
from tests.schemas import SCHEMAS, check_schema, collect_schema

#: The seed's 个案 row: 104 cases against a target of 90.
CASES = {"level1": "产出指标", "level2": "数量指标", "name": "个案服务数", "direction": "≥", "unit": "个",
         "target": 90, "actual": 104, "weight": 20, "self_score": 20, "evidence": "个案档案",
         "deviation_reason": "服务需求增加"}
INDICATORS = [CLEAN_INDICATORS[0], CASES, *CLEAN_INDICATORS[2:]]


def run(*arguments: str):
    return CliRunner().invoke(main, list(arguments))


def validate(document: dict, name: str) -> None:
    jsonschema.Draft202012Validator(export.schema(name)).validate(document)


def test_the_shipped_schemas_are_the_ones_the_tables_describe():
    for name, built in ((export.CHECK_SCHEMA, check_schema()), (export.COLLECT_SCHEMA, collect_schema())):
        assert json.loads((SCHEMAS / name).read_text(encoding="utf-8")) == built, (
            f"{name} is out of date: run python -m tests.schemas")
        jsonschema.Draft202012Validator.check_schema(built)


def test_check_json_carries_the_recomputed_record(tmp_path):
    path = clean_submission(tmp_path, indicators=INDICATORS, budget_total=200, spent_total=180)
    result = run("check", "--format", "json", str(path))
    document = json.loads(result.output)
    validate(document, export.CHECK_SCHEMA)
    assert document["schema_version"] == 1
    (record,) = document["files"]
    assert (record["status"], record["unit"], record["year"]) == ("read", "江高镇", 2024)
    assert record["exec_rate"] == pytest.approx(0.9) and record["budget_score"] == pytest.approx(9)
    assert record["subtotals"] == {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
    assert record["total_score"] == pytest.approx(99) and record["grade"] == "优"
    assert (record["self_total_score"], record["self_grade"]) == (100, "优")
    cases = next(row for row in record["indicators"] if row["name"] == "个案服务数")
    assert round(cases["completion"], 4) == 1.1556
    assert (cases["target"], cases["actual"], cases["score"], cases["basis"]) == ("90", "104", 20, "measured")
    assert cases["cells"] == table_cells(path, 2, ["actual", "target", "weight"])
    qualitative = next(row for row in record["indicators"] if row["direction"] == "定性")
    assert qualitative["basis"] == "qualitative" and qualitative["completion"] is None
    budget_score = cell_of("budget_score_reported")
    finding = next(f for f in record["findings"]
                   if f["code"] == "score_mismatch" and f"{f['sheet']}!{f['cell']}" == budget_score)
    assert (finding["severity"], finding["severity_label"]) == ("error", "错误")
    assert (finding["expected"], finding["found"]) == ("9", "10")


def test_check_json_of_an_unreadable_file_validates_with_empty_figures(tmp_path):
    broken = tmp_path / "钟落潭镇.xlsx"
    broken.write_bytes(b"%PDF-1.4")
    document = json.loads(run("check", "--format", "json", str(broken)).output)
    validate(document, export.CHECK_SCHEMA)
    (record,) = document["files"]
    assert record["status"] == "failed" and record["total_score"] is None and record["indicators"] == []
    assert [f["code"] for f in record["findings"]] == ["file_not_spreadsheet"]


def test_check_json_of_the_samples_validates():
    document = json.loads(run("check", "--format", "json", *map(str, sorted(SAMPLES.glob("*.xlsx")))).output)
    validate(document, export.CHECK_SCHEMA)
    assert {record["unit"] for record in document["files"]} == {"钟落潭镇", "石门街道", "示例街道"}


def inbox_file(tmp_path):
    return tmp_path / "报送" / "江高镇_2024_绩效自评.xlsx"


def collected(tmp_path, *extra: str):
    inbox = tmp_path / "报送"
    clean_submission(inbox, indicators=INDICATORS)
    clean_submission(inbox, "人和镇.xlsx", unit_name="人和镇")
    (inbox / "说明.docx").write_bytes(b"PK\x03\x04 not a workbook")
    out = tmp_path / "输出"
    out.mkdir()
    result = run("collect", str(inbox), "-o", str(out / "汇总.xlsx"), "--roster", str(ROSTER),
                 "--json", str(out / "汇总.json"), "--csv", str(out / "数据"), "-q", *extra)
    return result, out


def test_collect_json_holds_every_table_and_validates(tmp_path):
    result, out = collected(tmp_path)
    assert result.exit_code == 1, result.output  # the .docx cannot be read
    document = json.loads((out / "汇总.json").read_text(encoding="utf-8"))
    validate(document, export.COLLECT_SCHEMA)
    assert [row["unit"] for row in document["units"]] == ["江高镇", "人和镇"]
    assert all(set(row) == {c.key for c in tables.UNIT_COLUMNS} for row in document["units"])
    cases = next(row for row in document["indicators"] if row["name"] == "个案服务数")
    assert cases["unit"] == "江高镇" and round(cases["completion"], 4) == 1.1556
    assert len(document["indicators"]) == 4 + len(CLEAN_INDICATORS)
    statuses = {row["status"] for row in document["not_included"]}
    assert statuses == {"missing", "failed"}
    failed = next(row for row in document["not_included"] if row["status"] == "failed")
    assert failed["file"] == "说明.docx" and failed["reason"]


def test_collect_csv_files_open_in_excel_with_chinese_headers(tmp_path):
    result, out = collected(tmp_path)
    folder = out / "数据"
    assert sorted(path.name for path in folder.iterdir()) == ["findings.csv", "indicators.csv", "units.csv"]
    raw = (folder / "units.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(folder / "units.csv", encoding="utf-8-sig", newline="") as handle:
        units = list(csv.DictReader(handle))
    assert list(units[0]) == [column.header for column in tables.UNIT_COLUMNS]
    assert [row["单位"] for row in units] == ["江高镇", "人和镇"]
    with open(folder / "indicators.csv", encoding="utf-8-sig", newline="") as handle:
        cases = next(row for row in csv.DictReader(handle) if row["三级指标"] == "个案服务数")
    assert round(float(cases["复核完成率"]), 4) == 1.1556
    assert cases["单元格"] == "；".join(table_cells(inbox_file(tmp_path), 2, ["actual", "target", "weight"]))
    with open(folder / "findings.csv", encoding="utf-8-sig", newline="") as handle:
        findings = list(csv.DictReader(handle))
    assert {row["级别"] for row in findings} <= {"错误", "警告", "提示"} and findings


def test_text_that_looks_like_a_formula_stays_text_in_csv():
    column = next(c for c in tables.FINDING_COLUMNS if c.key == "found")
    assert export.csv_field('=HYPERLINK("http://x")', column) == '\'=HYPERLINK("http://x")'
    assert export.csv_field("@SUM(A1)", column) == "'@SUM(A1)"
    assert export.csv_field("江高镇", column) == "江高镇"
    number = next(c for c in tables.UNIT_COLUMNS if c.key == "exec_rate")
    assert export.csv_field(104 / 90, number) == repr(104 / 90)


def test_machine_outputs_inside_the_submissions_folder_are_refused(tmp_path):
    inbox = tmp_path / "报送"
    clean_submission(inbox)
    inside = run("collect", str(inbox), "-o", str(tmp_path / "汇总.xlsx"), "--csv", str(inbox / "数据"))
    assert inside.exit_code == 2 and "不能在报送文件夹之内" in inside.output
    wrong = run("collect", str(inbox), "-o", str(tmp_path / "汇总.xlsx"), "--json", str(tmp_path / "汇总.txt"))
    assert wrong.exit_code == 2 and ".json" in wrong.output


def test_a_json_file_written_into_the_folder_is_not_read_as_a_submission(tmp_path):
    inbox = tmp_path / "报送"
    clean_submission(inbox)
    result = run("collect", str(inbox), "-o", str(inbox / "汇总.xlsx"), "--json", str(inbox / "汇总.json"), "-q")
    assert result.exit_code == 0, result.output
    document = json.loads((inbox / "汇总.json").read_text(encoding="utf-8"))
    assert document["not_included"] == [] and len(document["units"]) == 1


def test_readme_lists_every_column_as_the_tables_say():
    readme = (SCHEMAS.parent.parent / "README.md").read_text(encoding="utf-8")
    documented = readme.split("<!-- columns:start -->\n")[1].split("\n<!-- columns:end -->")[0]
    assert documented == tables.columns_markdown()

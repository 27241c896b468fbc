"""The message catalogue: a finding is its code and values, and every text is rendered from the catalogue.

The report's wording of a finding is a variant in the catalogue, never a
rewrite of the message to the town; these tests hold the variants to the
templates they vary, and show that the values a finding carries cannot
change which words a report keeps.
"""

from __future__ import annotations

import ast
import importlib
import json
import pickle
import re
import string
import subprocess
import sys
from pathlib import Path

import excel_eval
from excel_eval import findings
from excel_eval.catalogue import LABELS, USER_ERRORS
from excel_eval.findings import CATALOGUE, STATEMENTS, UserError, folded
from excel_eval.write.report import report_sentence

#: Clauses a report leaves out: a request to the town, or a word on how the file was read.
REQUEST_OR_READING = re.compile(r"^请|已按|读取|单元格|批注")


def fields_of(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def clauses(text: str) -> list[str]:
    return [clause for clause in re.split(r"(?<=[，；。])", text) if clause]


def test_every_statement_varies_a_catalogued_template_and_names_only_its_values():
    assert set(STATEMENTS) <= set(CATALOGUE)
    for code, statement in STATEMENTS.items():
        assert fields_of(statement) <= fields_of(CATALOGUE[code].template) | {"question"}, code


def test_no_statement_asks_for_anything_or_speaks_of_reading_the_file():
    for code, entry in CATALOGUE.items():
        assert not any(REQUEST_OR_READING.search(clause.strip()) for clause in clauses(entry.statement)), code


def test_a_template_with_a_request_has_a_statement_without_it():
    asking = [code for code, entry in CATALOGUE.items()
              if any(REQUEST_OR_READING.search(clause.strip()) for clause in clauses(entry.template))]
    assert asking and all(code in STATEMENTS for code in asking)


def test_a_finding_keeps_its_code_and_values_and_renders_its_words_when_asked():
    finding = findings.make("budget_change_from_previous", file="人和镇.xlsx", found=300.0, expected=200.0,
                            change=0.5, limit=0.2)
    assert dict(finding.params) == {"change": 0.5, "limit": 0.2}
    assert finding.message == "全年预算数 300 万元较上年 200 万元变动 +50.0%，超过 20%，请在预算调整说明中写明原因。"
    assert finding.statement == "全年预算数 300 万元较上年 200 万元变动 +50.0%，超过 20%"
    assert pickle.loads(pickle.dumps(finding)) == finding and hash(finding) == hash(pickle.loads(pickle.dumps(finding)))
    data = finding.to_dict()
    assert list(data) == ["code", "severity", "message", "file", "unit", "sheet", "cell", "field", "expected",
                          "found", "cells", "severity_label", "title"]
    assert data["message"] == finding.message and json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_a_value_that_reads_like_a_request_stays_in_the_report():
    """A unit's own words are kept: the report's variant is chosen by code, not found in the text."""
    finding = findings.make("shortfall_no_reason", sheet="绩效自评表", cell="F14", name="请假服务人次",
                            state="完成率 80%，读取自镇街报表")
    assert report_sentence(finding) == "指标“请假服务人次”完成率 80%，读取自镇街报表"


def test_a_folded_finding_names_its_cells_in_the_message_and_the_statement():
    slips = [findings.make("text_in_number", file="a.xlsx", sheet="绩效自评表", cell=cell, label="全年预算数",
                           found="95万", expected="95") for cell in ("E6", "E13")]
    (one,) = folded(slips)
    assert one.cells == ("绩效自评表!E6", "绩效自评表!E13")
    assert one.message.endswith("请改为纯数字。同类情况共 2 处（E6、E13），请一并修改。")
    assert one.statement == "“全年预算数”应为数字，填写的是文本“95万”，同类情况共 2 处（E6、E13）"


def package_modules() -> dict[str, Path]:
    """Every module of the package, its subpackages' included, by dotted name below ``excel_eval``."""
    root = Path(excel_eval.__file__).parent
    return {".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__"): path
            for path in root.rglob("*.py")}


def package_trees() -> dict[str, ast.Module]:
    return {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in package_modules().items()}


def user_error_codes_raised() -> set[str]:
    """The codes the package raises its user errors with (the first argument, a string literal)."""
    errors = {"UserError", "UsageProblem", "user_text", "__init__",
              *(cls.__name__ for cls in all_subclasses(UserError))}
    codes = set()
    for tree in package_trees().values():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                if name in errors:
                    codes.add(node.args[0].value)
    return codes


def all_subclasses(cls: type) -> set[type]:
    return {sub for child in cls.__subclasses__() for sub in {child, *all_subclasses(child)}}


def test_every_user_error_raised_is_in_the_catalogue_and_every_text_catalogued_is_used():
    for name in package_modules():
        if name != "__main__":  # which would run the command
            importlib.import_module(f"excel_eval.{name}")  # every module's error classes
    assert user_error_codes_raised() <= set(USER_ERRORS)
    named = {node.value for stem, tree in package_trees().items() if stem != "catalogue"
             for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    assert set(USER_ERRORS) <= named and set(LABELS) <= named


def test_the_finding_catalogue_is_whole_in_one_module():
    """No module adds finding types when imported: ``findings`` alone knows every code the package makes."""
    alone = subprocess.run([sys.executable, "-c", "from excel_eval.findings import CATALOGUE; print(*CATALOGUE)"],
                           capture_output=True, text=True, check=True).stdout.split()
    for name in package_modules():
        if name != "__main__":
            importlib.import_module(f"excel_eval.{name}")
    assert sorted(alone) == sorted(CATALOGUE)
    made = {node.args[0].value for tree in package_trees().values() for node in ast.walk(tree)
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "make"}
    assert "national_form" in made and made <= set(CATALOGUE)


def test_a_user_error_is_its_code_and_values_told_in_chinese():
    error = UserError("roster_duplicate", path="名册.csv", row=5, unit="江高镇", first=2)
    assert (error.code, error.params["row"]) == ("roster_duplicate", 5)
    assert error.message == "名册文件 名册.csv 第 5 行：单位“江高镇”重复（第 2 行已有）。"

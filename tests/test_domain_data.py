"""Domain data is data: the rules file's keys change what the tool checks, writes and asks for.

Each test sets a key that used to be written in code (full marks, the passing
evaluation results, the words of a ratio, the units whose cost is compared)
in a rules file and follows it to every place that names it.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from excel_eval.collect import collect
from excel_eval.fields import field
from excel_eval.findings import Finding
from excel_eval.judge.checks import check
from excel_eval.judge.scoring import evaluate
from excel_eval.rules import Rules, RulesError, load_rules
from excel_eval.write.template import write_template
from tests.builders import CLEAN_INDICATORS, clean_submission
from tests.records import submission_from_data
from tests.seed_data import ZHONGLUOTAN_2022

#: Full marks of 120: the national weights with 满意度指标 at 30.
FULL_120 = '[weights]\nfull_marks = 120\n[weights.level1]\n"满意度指标" = 30\n'


def rules_file(tmp_path: Path, text: str) -> Rules:
    path = tmp_path / "规则.toml"
    path.write_text(text, encoding="utf-8")
    return load_rules(path)


def findings_of(data: dict[str, Any], rules: Rules) -> list[Finding]:
    submission = submission_from_data(data, "钟落潭镇_2022.xlsx")
    return check(submission, evaluate(submission, rules), rules)


def zhongluotan(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(ZHONGLUOTAN_2022)
    data.update(changes)
    return data


def test_the_defaults_keep_the_national_full_marks_and_the_districts_lists():
    rules = load_rules()
    assert rules.weights.full_marks == 100
    assert rules.passing_results == ("优秀", "良好", "合格")
    assert [rules.due_when(tranche) for tranche in rules.payments] == ["签订合同后", "中期评估合格以上", "末期评估合格以上"]
    assert "知晓度" in rules.unverified.ratio_words and "完成率" in rules.unverified.completion_words
    assert rules.outliers.cost_units == ("人次", "户", "个", "人", "次", "场", "节")


def test_full_marks_set_by_the_rules_are_what_weights_must_add_up_to(tmp_path):
    rules = rules_file(tmp_path, FULL_120)
    finding = next(f for f in findings_of(zhongluotan(), rules) if f.code == "weights_total_wrong")
    assert finding.expected == "120" and finding.message.endswith("应为 120。")
    with pytest.raises(RulesError, match="应为 120"):
        rules_file(tmp_path, "[weights]\nfull_marks = 120\n")


def test_the_template_names_the_full_marks_of_the_rules(tmp_path):
    book = openpyxl.load_workbook(write_template(tmp_path / "模板.xlsx", rules=rules_file(tmp_path, FULL_120)))
    prompts = {(sheet.title, str(rule.sqref)): rule.prompt or "" for sheet in book
               for rule in sheet.data_validations.dataValidation}
    for name, words in (("self_total_score", "满分 120"), ("budget_weight", "合计应为 120")):
        assert words in prompts[(field(name).sheet, field(name).cell)], name
    guide = "\n".join(str(cell.value) for row in book["填报说明"].iter_rows() for cell in row if cell.value)
    assert "全部分值合计为 120 分" in guide and "合计必须为 120" in guide and "（含）–120 分" in guide
    assert "100 分" not in guide
    assert not any("100。" in prompt for prompt in prompts.values() if "满分" in prompt or "合计应为" in prompt)


def test_passing_results_set_by_the_rules_gate_payments_and_name_the_condition(tmp_path):
    rules = rules_file(tmp_path, '[payments]\npassing = ["优秀", "良好"]\n')
    assert rules.due_when(rules.tranche("中期")) == "中期评估良好以上"
    flagged = [f for f in findings_of(zhongluotan(mid_eval_result="合格"), rules)
               if f.code == "payment_before_evaluation"]
    assert [f.expected for f in flagged] == ["优秀、良好"]
    assert not [f for f in findings_of(zhongluotan(mid_eval_result="合格"), load_rules())
                if f.code == "payment_before_evaluation"]
    book = openpyxl.load_workbook(write_template(tmp_path / "模板.xlsx", rules=rules))
    texts = [str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row if cell.value]
    assert "中期评估良好以上" in texts and not any("合格以上" in text for text in texts if "中期" in text)


def test_passing_results_must_be_the_best_few(tmp_path):
    with pytest.raises(RulesError, match="payments.passing"):
        rules_file(tmp_path, '[payments]\npassing = ["良好", "优秀"]\n')
    with pytest.raises(RulesError, match="payments.passing"):
        rules_file(tmp_path, '[payments]\npassing = ["优秀", "良好", "合格", "不合格"]\n')


def test_the_words_of_a_ratio_are_rules(tmp_path):
    data = zhongluotan()
    data["indicators"][1].update(name="阵地宣传影响力", target="100%", actual="100%", unit="")
    assert "target_no_base" in {f.code for f in findings_of(data, load_rules())}
    words = '[unverified]\nratio_words = ["率", "比例", "占比", "比重", "满意度", "知晓度", "影响力"]\n'
    assert "target_no_base" not in {f.code for f in findings_of(data, rules_file(tmp_path, words))}


def test_the_units_whose_cost_is_compared_are_rules(tmp_path):
    inbox = tmp_path / "报送"
    for unit, actual in (("江高镇", 80), ("人和镇", 80), ("太和镇", 80), ("钟落潭镇", 10)):
        rows = copy.deepcopy(CLEAN_INDICATORS)
        next(row for row in rows if row["name"] == "个案服务数").update(
            actual=actual, reported_rate=actual / 80, deviation_reason="服务需求变化")
        clean_submission(inbox, f"{unit}.xlsx", indicators=rows, unit_name=unit)
    costed = {f.unit for f in collect(inbox, load_rules()).cross_findings if f.code == "cost_outlier"}
    assert costed == {"钟落潭镇"}
    none = rules_file(tmp_path, '[outliers]\ncost_units = ["人次"]\n')
    assert not [f for f in collect(inbox, none).cross_findings if f.code == "cost_outlier"]

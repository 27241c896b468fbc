"""The template: generated from the field table, read back as a user's client would."""

from __future__ import annotations

import os
import re
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook

from excel_eval.cli import main
from excel_eval.fields import (
    FIELDS,
    FULL_MARKS_MARK,
    INDICATORS,
    PAYMENTS,
    SHEETS,
    TABLES,
    TEMPLATE_VERSION,
    Table,
    defined_names,
    field,
)
from excel_eval.rules import load_rules
from excel_eval.write import template as template_module
from excel_eval.write.template import (
    DEFAULT_PROJECT_NAME,
    INPUT_FILL,
    Prefill,
    TemplateError,
    template_file_name,
    write_template,
    write_templates_for_roster,
)
from tests.xlsx_compare import assert_same_workbook, first_difference

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_TEMPLATE = ROOT / "workbook_templates" / "绩效自评模板.xlsx"
SAMPLE_ROSTER = ROOT / "samples" / "白云区名册.csv"
INPUT_RGB = "FF" + INPUT_FILL.lstrip("#").upper()


@pytest.fixture(scope="module")
def blank_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_template(tmp_path_factory.mktemp("blank") / "模板.xlsx")


@pytest.fixture(scope="module")
def blank(blank_path: Path) -> Workbook:
    return openpyxl.load_workbook(blank_path)


@pytest.fixture(scope="module")
def blank_values(blank_path: Path) -> Workbook:
    return openpyxl.load_workbook(blank_path, data_only=True)


def table_area(table: Table) -> str:
    """The header row plus data rows, computed here independently of the writer."""
    first_col, first_row, _, _ = range_boundaries(table.header_cell)
    last_col = get_column_letter(first_col + len(table.written) - 1)
    return (f"${get_column_letter(first_col)}${first_row}:"
            f"${last_col}${first_row + table.data_rows}")


def data_cells(table: Table, key: str) -> list[str]:
    first_col, first_row, _, _ = range_boundaries(table.header_cell)
    col = first_col + [column.key for column in table.written].index(key)
    letter = get_column_letter(col)
    return [f"{letter}{row}" for row in range(first_row + 1, first_row + table.data_rows + 1)]


def validation_at(workbook: Workbook, sheet: str, cell: str):
    matches = [v for v in workbook[sheet].data_validations.dataValidation if cell in v.sqref]
    assert len(matches) == 1, f"{sheet}!{cell} has {len(matches)} validations"
    return matches[0]


def dropdown(workbook: Workbook, sheet: str, cell: str) -> list[str]:
    validation = validation_at(workbook, sheet, cell)
    assert validation.type == "list"
    return validation.formula1.strip('"').split(",")


def row_values(sheet, row: int, first: int, last: int) -> list[object]:
    return [sheet.cell(row, col).value for col in range(first, last + 1)]


# --- the national form on its own page ---------------------------------------------------------


def test_sheets_in_order_and_all_protected(blank: Workbook) -> None:
    assert blank.sheetnames == list(SHEETS) == ["绩效自评表", "补充信息", "填报说明"]
    for sheet in blank.worksheets:
        assert sheet.protection.sheet, sheet.title
        assert not sheet.protection.password, sheet.title


def test_the_main_sheet_is_laid_out_as_the_national_form(blank: Workbook) -> None:
    form = blank["绩效自评表"]
    assert form["A1"].value == "项目支出绩效自评表"
    assert form["A2"].number_format == '"（"0"年度）"'
    assert (form["A3"].value, form["A4"].value, form["F4"].value) == ("项目名称", "主管部门", "实施单位")
    assert form["A5"].value == "项目资金（万元）"
    assert row_values(form, 5, 4, 9) == ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    assert [form[f"B{row}"].value for row in range(6, 10)] == [
        "年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金"]
    assert (form["A10"].value, form["B10"].value, form["F10"].value) == ("年度总体目标", "预期目标", "实际完成情况")
    assert form["A12"].value == "绩效指标"
    assert row_values(form, 12, 2, 9) == ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值",
                                         "分值", "得分", "偏差原因分析及改进措施"]
    assert form["A33"].value == "总分"
    assert form.print_area == "'绩效自评表'!$A$1:$I$33"
    assert (form.page_setup.paperSize, form.page_setup.orientation) == (9, "portrait")


def test_the_districts_columns_stand_right_of_the_national_table(blank: Workbook) -> None:
    form = blank["绩效自评表"]
    assert row_values(form, 12, 10, 13) == ["指标方向", "计量单位", "自报完成率", "佐证材料"]
    assert form["J11"].value == "区里补充（不打印）"
    assert form["J12"].fill.fgColor.rgb != form["B12"].fill.fgColor.rgb


def test_the_form_prints_on_one_a4_page(soffice, blank_path: Path, tmp_path: Path) -> None:
    """The other sheets removed, the national form alone converts to a one-page PDF."""
    alone = openpyxl.load_workbook(blank_path)
    for name in alone.sheetnames[1:]:
        del alone[name]
    path = tmp_path / "自评表.xlsx"
    alone.save(path)
    pdf = soffice.convert(path, "pdf", tmp_path / "pdf").read_bytes()
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


def test_every_contract_name_is_workbook_level_at_its_cell(blank: Workbook) -> None:
    expected = {f.name: (f.sheet, "$" + "$".join(re.match(r"([A-Z]+)(\d+)", f.cell).groups()))
                for f in FIELDS}
    expected |= {t.name: (t.sheet, table_area(t)) for t in TABLES}
    assert set(defined_names()) == set(expected)
    for name in defined_names():
        assert name in blank.defined_names, f"{name} is not a workbook-level name"
        assert list(blank.defined_names[name].destinations) == [expected[name]], name
    for sheet in blank.worksheets:
        assert not sheet.defined_names.get("unit_name")


def test_tables_cover_header_and_data_rows() -> None:
    assert table_area(INDICATORS) == "$B$12:$M$32"
    assert table_area(PAYMENTS) == "$A$19:$H$22"


def test_inputs_are_unlocked_styled_and_first_in_any_merge(blank: Workbook) -> None:
    for item in FIELDS:
        cell = blank[item.sheet][item.cell]
        merges = [r for r in blank[item.sheet].merged_cells.ranges if item.cell in r]
        assert all(r.coord.startswith(item.cell + ":") for r in merges), item.name
        if item.kind == "version" or item.sum_of:
            assert cell.protection.locked is True, item.name
            continue
        assert cell.protection.locked is False, item.name
        assert cell.fill.fgColor.rgb == INPUT_RGB, item.name


def test_totals_of_the_funds_are_formulas_over_their_parts(blank: Workbook, blank_values: Workbook) -> None:
    form = blank["绩效自评表"]
    assert [form[field(name).cell].value for name in ("budget_initial", "budget_total", "spent_total")] == [
        "=SUM(D7:D9)", "=SUM(E7:E9)", "=SUM(F7:F9)"]
    assert blank_values["绩效自评表"]["E6"].value == 0


def test_labels_sit_left_of_or_above_their_inputs(blank: Workbook) -> None:
    extra = blank["补充信息"]
    assert extra["A3"].value == "填报单位" and extra["A4"].value == "承接机构"
    assert extra["A11"].value == "市级财政（万元）"
    assert extra["A15"].value == "预算调整说明" and extra["A16"].value == "执行偏差说明"
    assert extra["A25"].value == "满意度调查说明" and extra["A29"].value == "改进建议"


def test_everything_but_inputs_is_locked(blank: Workbook) -> None:
    for sheet in blank.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.protection.locked is False and not isinstance(cell, MergedCell):
                    assert cell.fill.fgColor.rgb == INPUT_RGB, f"{sheet.title}!{cell.coordinate}"


def test_template_version_is_hidden_and_locked(blank: Workbook) -> None:
    item = field("template_version")
    sheet = blank[item.sheet]
    cell = sheet[item.cell]
    assert cell.value == TEMPLATE_VERSION == "2.0"
    assert cell.protection.locked is True
    assert sheet.row_dimensions[cell.row].hidden


def test_budget_weight_starts_at_ten(blank: Workbook) -> None:
    assert blank["绩效自评表"][field("budget_weight").cell].value == 10


# --- validations ------------------------------------------------------------------------------


def test_every_input_field_has_a_validation_with_its_message(blank: Workbook) -> None:
    for item in FIELDS:
        if item.kind == "version" or item.sum_of:
            continue
        validation = validation_at(blank, item.sheet, item.cell)
        assert validation.promptTitle.startswith(item.label[:32]), item.name
        help_text = item.help.replace(FULL_MARKS_MARK, "100")  # the default rules' full marks
        assert validation.prompt == (help_text or f"请填写{item.label}。"), item.name
        assert len(validation.prompt) <= 255 and len(validation.promptTitle) <= 32


@pytest.mark.parametrize("name, choices", [
    ("mid_eval_result", ["优秀", "良好", "合格", "不合格"]),
    ("final_eval_result", ["优秀", "良好", "合格", "不合格"]),
    ("self_grade", ["优", "良", "中", "差"]),
])
def test_choice_fields_have_dropdowns(blank: Workbook, name: str, choices: list[str]) -> None:
    item = field(name)
    assert dropdown(blank, item.sheet, item.cell) == choices


@pytest.mark.parametrize("key, choices", [
    ("level1", ["产出指标", "效益指标", "满意度指标"]),
    ("level2", ["数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标",
                "生态效益指标", "可持续影响指标", "服务对象满意度指标"]),
    ("direction", ["≥", "≤", "=", "定性"]),
])
def test_indicator_columns_have_dropdowns_on_every_row(blank: Workbook, key: str,
                                                       choices: list[str]) -> None:
    for cell in data_cells(INDICATORS, key):
        assert dropdown(blank, INDICATORS.sheet, cell) == choices, cell
        assert blank[INDICATORS.sheet][cell].protection.locked is False


def test_the_template_has_no_column_for_qualitative_results() -> None:
    """The national form writes the result in 实际完成值; 1.0's extra column is only read."""
    assert "qualitative_result" not in [column.key for column in INDICATORS.written]


@pytest.mark.parametrize("sheet, cell, kind, operator, formula1, formula2", [
    ("绩效自评表", "E7", "decimal", "greaterThanOrEqual", "0", None),
    ("补充信息", "B11", "decimal", "greaterThanOrEqual", "0", None),
    ("补充信息", "E21", "decimal", "greaterThanOrEqual", "0", None),
    ("绩效自评表", "G6", "decimal", "between", "0", "100"),
    ("绩效自评表", "H6", "decimal", "greaterThanOrEqual", "0", None),
    ("补充信息", "C20", "decimal", "greaterThanOrEqual", "0", None),
    ("绩效自评表", "A2", "whole", "between", "2000", "2100"),
    ("绩效自评表", "G32", "decimal", "between", "0", "100"),
    ("绩效自评表", "L13", "decimal", "greaterThanOrEqual", "0", None),
])
def test_number_validations(blank: Workbook, sheet: str, cell: str, kind: str, operator: str,
                            formula1: str, formula2: str | None) -> None:
    validation = validation_at(blank, sheet, cell)
    # "between" is the default operator, which the file leaves out.
    assert (validation.type, validation.operator or "between") == (kind, operator)
    assert (validation.formula1, validation.formula2) == (formula1, formula2)
    assert validation.showErrorMessage and validation.errorTitle and validation.error


def test_money_error_message_is_chinese_and_mentions_the_unit(blank: Workbook) -> None:
    validation = validation_at(blank, "绩效自评表", field("fund_current").cell)
    assert "万元" in validation.error


def test_dates_are_validated(blank: Workbook) -> None:
    for sheet, cell in (("补充信息", field("fill_date").cell), ("补充信息", "F20"),
                        ("补充信息", field("mid_eval_date").cell)):
        validation = validation_at(blank, sheet, cell)
        assert validation.type == "date"
        assert validation.operator is None  # "between", the default
        assert (validation.formula1, validation.formula2) == ("36526", "73415")  # 2000…2100


def test_rates_show_as_percentages(blank: Workbook) -> None:
    assert blank["绩效自评表"]["H6"].number_format == "0.00%"
    assert blank["补充信息"]["C20"].number_format == "0.00%"
    assert blank["绩效自评表"]["L13"].number_format == "0.00%"


# --- formulas ----------------------------------------------------------------------------------


@pytest.mark.parametrize("sheet, cell, formula, cached", [
    ("绩效自评表", "D6", "=SUM(D7:D9)", 0),
    ("绩效自评表", "F6", "=SUM(F7:F9)", 0),
    ("绩效自评表", "G33", "=G6+SUM($G$13:$G$32)", 10),
    ("补充信息", "B14", "=SUM(B11:B13)", 0),
    ("补充信息", "D20", "=IF(C20=\"\",\"\",C20*'绩效自评表'!$E$6)", None),
    ("补充信息", "D22", "=IF(C22=\"\",\"\",C22*'绩效自评表'!$E$6)", None),
    ("补充信息", "C23", "=SUM(C20:C22)", 0),
    ("补充信息", "E23", "=SUM(E20:E22)", 0),
])
def test_formulas_with_cached_values(blank: Workbook, blank_values: Workbook, sheet: str,
                                     cell: str, formula: str | None, cached: object) -> None:
    value = blank[sheet][cell].value
    assert isinstance(value, str) and value.startswith("=")
    assert value == formula
    assert blank_values[sheet][cell].value == cached
    assert blank[sheet][cell].protection.locked is True


def test_every_formula_stores_a_cached_value(blank_path: Path) -> None:
    """A reader that does not recalculate must not see a stale 0 where "" is meant."""
    with zipfile.ZipFile(blank_path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        formulas = 0
        for name in sheets:
            xml = archive.read(name).decode()
            for cell in re.findall(r"<c [^>]*>(?:(?!</c>).)*<f>(?:(?!</c>).)*</c>", xml):
                formulas += 1
                assert "<v>" in cell or "<v/>" in cell or "<v></v>" in cell, cell
    assert formulas >= 10


def test_payment_rows_leave_the_ratios_to_the_town(blank: Workbook) -> None:
    extra = blank["补充信息"]
    assert row_values(extra, 19, 1, 8) == [
        "拨付批次", "拨付条件", "约定比例", "约定金额（万元）", "实际拨付金额（万元）", "拨付日期",
        "前置评估结果", "评估日期"]
    assert [extra[f"A{row}"].value for row in (20, 21, 22)] == ["首期", "中期", "末期"]
    assert extra["B21"].value == "中期评估合格以上"
    assert [extra[f"C{row}"].value for row in (20, 21, 22)] == [None, None, None]
    assert extra["C20"].protection.locked is False
    assert extra["G20"].value == "—" and extra["G20"].protection.locked is True
    assert extra["A23"].value == "合计"
    assert "首期 55%（签订合同后）" in extra["A24"].value and "仅供参考" in extra["A24"].value


def test_the_form_freezes_the_indicator_header(blank: Workbook) -> None:
    assert blank["绩效自评表"].freeze_panes == "A13"


def test_guide_covers_what_a_clerk_needs(blank: Workbook) -> None:
    text = "\n".join(str(c.value) for row in blank["填报说明"].iter_rows() for c in row if c.value)
    for needed in ("财预〔2020〕10号", "一页 A4", "万元", "115%", "≥1600户", "≤", "达成预期指标", "成本指标",
                   "80%（含）–100%（含）", "60%（含）–80%（不含）", "0%（含）–60%（不含）",
                   "预算执行率 10 分", "产出指标 50 分", "效益指标 30 分", "满意度指标 10 分",
                   "130%", "首期 55%", "excel-eval check 文件.xlsx", "不要重命名", "插入或删除行、列"):
        assert needed in text, needed


def test_a_rules_file_sets_defaults_and_guide(tmp_path: Path) -> None:
    """A district scoring 20/40/30/10 (like 石门) hands out a form that says so."""
    rules_file = tmp_path / "规则.toml"
    rules_file.write_text('[weights]\nbudget = 20\n[weights.level1]\n"产出指标" = 40\n'
                          '[over_completion]\nthreshold = 1.5\n', encoding="utf-8")
    path = write_template(tmp_path / "x.xlsx", rules=load_rules(rules_file))
    workbook = openpyxl.load_workbook(path)
    assert workbook["绩效自评表"]["G6"].value == 20
    guide = "\n".join(str(c.value) for row in workbook["填报说明"].iter_rows() for c in row)
    assert "预算执行率 20 分，产出指标 40 分" in guide and "达到 150% 及以上" in guide
    prompts = [rule.prompt or "" for sheet in workbook for rule in sheet.data_validations.dataValidation]
    assert any("完成率 ≥150%" in prompt for prompt in prompts)
    assert not any("130%" in prompt for prompt in prompts)


# --- prefilled copies ------------------------------------------------------------------------


def test_prefilled_copy_has_unit_year_and_project_locked_and_no_figure(tmp_path: Path) -> None:
    path = write_template(tmp_path / "钟落潭镇.xlsx", Prefill("钟落潭镇", 2024))
    workbook = openpyxl.load_workbook(path)
    for name, value in (("unit_name", "钟落潭镇"), ("eval_year", 2024),
                        ("project_name", DEFAULT_PROJECT_NAME)):
        cell = workbook[field(name).sheet][field(name).cell]
        assert cell.value == value, name
        assert cell.protection.locked is True, name
        assert cell.fill.fgColor.rgb != INPUT_RGB, name
    assert workbook["补充信息"][field("operator").cell].protection.locked is False
    typed = {item.name: workbook[item.sheet][item.cell].value for item in FIELDS
             if item.kind in ("money", "rate") and not item.sum_of}
    assert set(typed.values()) == {None}, typed
    ratios = [workbook["补充信息"][cell].value for cell in data_cells(PAYMENTS, "agreed_ratio")]
    assert ratios == [None, None, None]


def test_prefilled_text_starting_with_equals_stays_text(tmp_path: Path) -> None:
    path = write_template(tmp_path / "x.xlsx", Prefill("=1+1", 2024))
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet2.xml").decode()
    cell = re.search(r'<c r="B3"[^>]*>.*?</c>', xml).group(0)
    assert "<f>" not in cell and 't="s"' in cell


def test_prefill_rejects_an_implausible_year() -> None:
    with pytest.raises(TemplateError, match="评价年度"):
        Prefill("钟落潭镇", 24)


def test_one_copy_per_roster_unit(tmp_path: Path) -> None:
    paths = write_templates_for_roster(SAMPLE_ROSTER, 2024, tmp_path / "out")
    assert len(paths) == 24
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in paths)
    assert paths[-1].name == "钟落潭镇_2024_绩效自评.xlsx"
    workbook = openpyxl.load_workbook(paths[-1])
    assert workbook["补充信息"]["B3"].value == "钟落潭镇"
    assert workbook["绩效自评表"]["A2"].value == 2024


def test_project_name_from_the_roster(tmp_path: Path) -> None:
    roster = tmp_path / "名册.csv"
    roster.write_text("单位名称,项目名称\n石门街道,家综运营经费\n钟落潭镇,\n", encoding="utf-8")
    paths = write_templates_for_roster(roster, 2023, tmp_path / "out")
    projects = [openpyxl.load_workbook(p)["绩效自评表"]["C3"].value for p in paths]
    assert projects == ["家综运营经费", DEFAULT_PROJECT_NAME]


def test_file_names_are_safe_on_windows() -> None:
    assert template_file_name('A/B:"C"', 2024) == "A_B__C__2024_绩效自评.xlsx"


# --- the shipped template and the comparison helper ---------------------------------------


def test_shipped_template_is_what_the_generator_writes_now(blank_path: Path) -> None:
    assert_same_workbook(blank_path, SHIPPED_TEMPLATE)


def edit_value(workbook: Workbook) -> None:
    workbook["绩效自评表"]["B6"].value = "年度资金"


def edit_fill(workbook: Workbook) -> None:
    workbook["绩效自评表"]["E7"].fill = openpyxl.styles.PatternFill("solid", fgColor="FFFFFFFF")


def edit_lock(workbook: Workbook) -> None:
    workbook["补充信息"]["B28"].protection = openpyxl.styles.Protection(locked=True)


def edit_validation(workbook: Workbook) -> None:
    validations = workbook["绩效自评表"].data_validations.dataValidation
    validations[:] = [v for v in validations if "A2" not in v.sqref]


def edit_name(workbook: Workbook) -> None:
    workbook.defined_names["unit_name"].attr_text = "'补充信息'!$B$4"


def edit_comment(workbook: Workbook) -> None:
    workbook["绩效自评表"]["D20"].comment = openpyxl.comments.Comment("说明", "区财政局")


@pytest.mark.parametrize("edit, where", [
    (edit_value, "sheet '绩效自评表' cell B6 value"),
    (edit_fill, "sheet '绩效自评表' cell E7 fill colour"),
    (edit_lock, "sheet '补充信息' cell B28 locked"),
    (edit_validation, "sheet '绩效自评表' data validation on A2"),
    (edit_name, "defined names"),
    (edit_comment, "sheet '绩效自评表' cell D20 comment"),
])
def test_comparison_reports_the_first_difference(tmp_path: Path, edit, where: str) -> None:
    original, changed = tmp_path / "original.xlsx", tmp_path / "changed.xlsx"
    openpyxl.load_workbook(SHIPPED_TEMPLATE).save(original)
    workbook = openpyxl.load_workbook(SHIPPED_TEMPLATE)
    edit(workbook)
    workbook.save(changed)
    assert_same_workbook(original, original)
    with pytest.raises(AssertionError, match=re.escape(where)):
        assert_same_workbook(changed, original)


def test_comparison_sees_a_prefilled_copy_as_different(tmp_path: Path) -> None:
    path = write_template(tmp_path / "x.xlsx", Prefill("钟落潭镇", 2024))
    difference = first_difference(path, SHIPPED_TEMPLATE)
    assert difference is not None and difference.startswith("sheet '绩效自评表' cell A2 value")


# --- LibreOffice -------------------------------------------------------------------------------


def test_template_converts_to_pdf(soffice, blank_path: Path, tmp_path: Path) -> None:
    pdf = soffice.convert(blank_path, "pdf", tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


SAMPLE_VALUES = {
    "text": "示例文字", "longtext": "第一行\n第二行", "money": 198.45, "year": 2022,
    "date": datetime(2023, 1, 15), "rate": 1.0, "score": 10, "choice": None,
}


def fill_through_names(workbook: Workbook) -> dict[str, object]:
    """Fill every input by defined name, as a town's own system would; return what was written."""
    written = {}
    for item in FIELDS:
        if item.kind == "version" or item.sum_of:
            continue
        value = item.choices[0] if item.kind == "choice" else SAMPLE_VALUES[item.kind]
        ((sheet, cell),) = workbook.defined_names[item.name].destinations
        workbook[sheet][cell.replace("$", "")] = value
        written[item.name] = value
    ((sheet, area),) = workbook.defined_names[INDICATORS.name].destinations
    first_data_row = workbook[sheet][area.replace("$", "")][1]
    for cell, value in zip(first_data_row, ["产出指标(50分)", "数量指标", "家庭探访户数", "≥1600户", "1600户",
                                            8, 8, "", "", "", 1, "服务台账"]):
        cell.value = value
    ((sheet, area),) = workbook.defined_names[PAYMENTS.name].destinations
    workbook[sheet][area.replace("$", "").split(":")[0]].offset(1, 2).value = 0.55
    return written


def test_filled_copy_keeps_every_name_through_libreoffice(soffice, tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(SHIPPED_TEMPLATE)
    written = fill_through_names(workbook)
    filled = tmp_path / "filled.xlsx"
    workbook.save(filled)
    resaved = openpyxl.load_workbook(soffice.convert(filled, "xlsx", tmp_path / "lo"))
    for name in defined_names():
        assert name in resaved.defined_names, name
        destinations = list(resaved.defined_names[name].destinations)
        assert destinations == list(workbook.defined_names[name].destinations), name
    for name, value in written.items():
        ((sheet, cell),) = resaved.defined_names[name].destinations
        assert resaved[sheet][cell.replace("$", "")].value == value, name
    assert resaved["绩效自评表"]["D13"].value == "家庭探访户数"
    assert all(sheet.protection.sheet for sheet in resaved.worksheets)


def test_libreoffice_computes_the_formulas_of_a_filled_copy(soffice, tmp_path: Path) -> None:
    """openpyxl drops cached values, so LibreOffice recalculates: the formulas must be valid."""
    workbook = openpyxl.load_workbook(SHIPPED_TEMPLATE)
    fill_through_names(workbook)  # every amount 198.45, weights 10 + 8
    filled = tmp_path / "filled.xlsx"
    workbook.save(filled)
    values = openpyxl.load_workbook(soffice.convert(filled, "xlsx", tmp_path / "lo"),
                                    data_only=True)
    form, extra = values["绩效自评表"], values["补充信息"]
    assert [form[cell].value for cell in ("D6", "E6", "F6")] == [pytest.approx(3 * 198.45)] * 3
    assert form["G33"].value == 18
    assert extra["B14"].value == pytest.approx(3 * 198.45)
    assert extra["C14"].value == "与当年财政拨款不一致，请核对"
    assert extra["D20"].value == pytest.approx(0.55 * 3 * 198.45)
    assert extra["D21"].value in (None, "")
    assert extra["C23"].value == pytest.approx(0.55)


# --- errors: nothing half-written ----------------------------------------------------------


def test_write_template_into_a_folder_uses_the_standard_name(tmp_path: Path) -> None:
    assert write_template(tmp_path) == tmp_path / "绩效自评模板.xlsx"
    assert [p.name for p in tmp_path.iterdir()] == ["绩效自评模板.xlsx"]


@pytest.mark.parametrize("target, message", [
    ("模板.xls", "应以 .xlsx 结尾"),
    ("没有的文件夹/模板.xlsx", "文件夹不存在"),
    ("a-file/模板.xlsx", "不是文件夹"),
])
def test_write_template_refuses_bad_targets(tmp_path: Path, target: str, message: str) -> None:
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(TemplateError, match=message):
        write_template(tmp_path / target)
    assert [p.name for p in tmp_path.iterdir()] == ["a-file"]


def test_a_failure_half_way_leaves_nothing_behind(tmp_path: Path, monkeypatch) -> None:
    real_build = template_module.build
    calls = []

    def failing_build(workbook, values, rules):
        calls.append(values)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_build(workbook, values, rules)

    monkeypatch.setattr(template_module, "build", failing_build)
    with pytest.raises(TemplateError, match="磁盘空间不足"):
        write_templates_for_roster(SAMPLE_ROSTER, 2024, tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_is_left_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_text("x")
    roster = tmp_path / "名册.csv"
    roster.write_text("单位名称\n甲\n甲\n", encoding="utf-8")
    with pytest.raises(Exception, match="重复"):
        write_templates_for_roster(roster, 2024, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.txt", "名册.csv"]


# --- the command line ----------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(main, ["template", *args])


def test_cli_writes_the_blank_template(tmp_path: Path) -> None:
    result = run("-o", str(tmp_path / "模板.xlsx"))
    assert result.exit_code == 0, result.output
    assert "已生成空白模板" in result.stdout
    assert_same_workbook(tmp_path / "模板.xlsx", SHIPPED_TEMPLATE)


def test_cli_writes_one_copy_per_unit(tmp_path: Path) -> None:
    result = run("--roster", str(SAMPLE_ROSTER), "--year", "2024", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "24 个单位" in result.stdout
    assert len(list((tmp_path / "out").glob("*_2024_绩效自评.xlsx"))) == 24


def bad_roster(tmp_path: Path, text: str) -> str:
    path = tmp_path / "名册.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("make_args, message", [
    (lambda d: ["--roster", str(d / "没有.csv"), "--year", "2024", "-o", str(d / "out")],
     "找不到名册文件"),
    (lambda d: ["--roster", bad_roster(d, "名称\n甲\n"), "--year", "2024", "-o", str(d / "out")],
     "找不到“单位名称”列"),
    (lambda d: ["--roster", bad_roster(d, "单位名称\n甲\n甲\n"), "--year", "2024",
                "-o", str(d / "out")], "第 3 行：单位“甲”重复"),
    (lambda d: ["--roster", bad_roster(d, "单位名称\n甲\n\"\"\n乙\n,x\n"), "--year", "2024",
                "-o", str(d / "out")], "第 5 行：单位名称为空"),
    (lambda d: ["--roster", str(SAMPLE_ROSTER), "--year", "2024", "-o", str(d / "f" / "out")],
     "不是文件夹"),
    (lambda d: ["-o", str(d / "f" / "模板.xlsx")], "不是文件夹"),
    (lambda d: [], "请用 -o 指定输出位置"),
    (lambda d: ["--roster", str(SAMPLE_ROSTER), "-o", str(d / "out")], "需要一起使用"),
    (lambda d: ["--roster", str(SAMPLE_ROSTER), "--year", "二〇二四", "-o", str(d / "out")],
     "--year 应为 2000–2100 之间的四位年份"),
    (lambda d: ["--rules", str(d / "没有.toml"), "-o", str(d / "模板.xlsx")], "没有.toml"),
])
def test_cli_usage_errors(tmp_path: Path, make_args, message: str) -> None:
    (tmp_path / "f").write_text("x")
    args = make_args(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("错误：") and message in result.stderr, result.stderr
    assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="file permissions do not apply to root")
def test_cli_unwritable_folder(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = run("-o", str(locked / "模板.xlsx"))
    finally:
        locked.chmod(0o700)
    assert result.exit_code == 2
    assert "没有写入权限" in result.stderr
    assert list(locked.iterdir()) == []


def test_readme_lists_every_defined_name_as_the_field_table_says():
    from excel_eval.fields import names_markdown

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    documented = readme.split("<!-- names:start -->\n")[1].split("\n<!-- names:end -->")[0]
    assert documented == names_markdown()


def test_cli_refuses_to_overwrite_a_template_without_force(tmp_path: Path) -> None:
    target = tmp_path / "模板.xlsx"
    target.write_bytes(b"filled in by hand")
    refused = run("-o", str(target))
    assert refused.exit_code == 2 and "文件已存在" in refused.stderr and "--force" in refused.stderr
    assert target.read_bytes() == b"filled in by hand"
    forced = run("-o", str(target), "--force")
    assert forced.exit_code == 0, forced.output
    assert_same_workbook(target, SHIPPED_TEMPLATE)


def test_cli_lists_the_roster_copies_that_exist_and_keeps_them(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("--roster", str(SAMPLE_ROSTER), "--year", "2024", "-o", str(out)).exit_code == 0
    filled = out / "钟落潭镇_2024_绩效自评.xlsx"
    filled.write_bytes(b"a contact typed in")
    again = run("--roster", str(SAMPLE_ROSTER), "--year", "2024", "-o", str(out))
    assert again.exit_code == 2
    assert f"文件夹 {out} 中已有 24 个单位的填报文件：" in again.stderr and "等" in again.stderr
    assert "清除其中已填写的内容" in again.stderr and "--force" in again.stderr
    assert filled.read_bytes() == b"a contact typed in"
    other_year = run("--roster", str(SAMPLE_ROSTER), "--year", "2025", "-o", str(out))
    assert other_year.exit_code == 0, other_year.output
    assert filled.read_bytes() == b"a contact typed in"
    forced = run("--roster", str(SAMPLE_ROSTER), "--year", "2024", "-o", str(out), "--force")
    assert forced.exit_code == 0 and filled.read_bytes() != b"a contact typed in"

"""National 项目支出绩效自评表 as units make them without our template, and the same data in our template.

``write_national_form`` lays a form out the way published 自评表 are: one
sheet, no defined names, the title's year in brackets, labels merged over
two cells, the 项目资金 block with its 其中 rows, 一级 and 二级 cells merged
down their groups and written “产出指标(50分)”, empty placeholder rows, and a
总分 row.  ``write_in_template`` puts the same data into our template through
its defined names, as a town would type it there.

The forms: ``TANGXI_2022`` is a published form of a town in Anhui (委托业务项目,
2022), transcribed as its authors wrote it — the satisfaction row, cut off in
the published text, is the one row chosen here; ``ZHONGJIANG_2022`` is a
published form of a county 水利局 (2022) whose columns stand in another order
(分值 before 年度指标值) under other headers (全年实际值, 未完成原因及拟采取的改进措施).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from tests.builders import blank_template
from tests.filling import fill

#: An indicator row: 三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差原因.
Row = tuple[str, Any, Any, Any, Any, str]


@dataclass
class NationalForm:
    year: int
    project: str
    competent_dept: str
    implementing_unit: str
    #: 年度资金总额 as typed: 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分.
    total_row: tuple[Any, ...]
    #: 其中 rows by label: 年初预算数, 全年预算数, 全年执行数.
    sources: dict[str, tuple[Any, Any, Any]]
    goal_expected: str
    goal_actual: str
    #: 一级指标 as written → 二级指标 → rows (an empty list is a placeholder row).
    groups: list[tuple[str, list[tuple[str, list[Row]]]]]
    total_score: Any
    #: Column headers of the indicator table, in the form's order.
    headers: tuple[str, ...] = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                                "偏差原因分析及改进措施")
    fund_headers: tuple[str, ...] = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
    goal_headers: tuple[str, str] = ("预期目标", "实际完成情况")
    extra_rows: list[str] = field(default_factory=list)


_ROW_KEYS = {"三级指标": 0, "年度指标值": 1, "实际完成值": 2, "全年实际值": 2, "分值": 3, "得分": 4,
             "偏差原因分析及改进措施": 5, "未完成原因及拟采取的改进措施": 5}


def write_national_form(form: NationalForm, path: Path) -> Path:
    """The form on one sheet, laid out and merged as published forms are, with no defined name."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"

    def merged(first: str, last: str, value: Any) -> None:
        sheet.merge_cells(f"{first}:{last}")
        sheet[first] = value

    merged("A1", "I1", "项目支出绩效自评表")
    merged("A2", "I2", f"（{form.year}年度）")
    merged("A3", "B3", "项目名称")
    merged("C3", "I3", form.project)
    merged("A4", "B4", "主管部门")
    merged("C4", "E4", form.competent_dept)
    merged("F4", "G4", "实施单位")
    merged("H4", "I4", form.implementing_unit)
    sources = list(form.sources.items())
    merged("A5", f"A{6 + len(sources)}", "项目资金（万元）")
    first_money = 10 - len(form.fund_headers)
    for offset, header in enumerate(form.fund_headers):
        sheet.cell(5, first_money + offset, header)
    merged("B6", "C6", "年度资金总额：")
    for offset, value in enumerate(form.total_row[-len(form.fund_headers):]):
        sheet.cell(6, first_money + offset, value)
    for row, (label, amounts) in enumerate(sources, start=7):
        merged(f"B{row}", f"C{row}", label)
        for offset, value in enumerate(amounts[-(len(form.fund_headers) - 3):]):
            sheet.cell(row, first_money + offset, value)
    goal = 7 + len(sources)
    merged(f"A{goal}", f"A{goal + 1}", "年度总体目标")
    merged(f"B{goal}", f"E{goal}", form.goal_headers[0])
    merged(f"F{goal}", f"I{goal}", form.goal_headers[1])
    merged(f"B{goal + 1}", f"E{goal + 1}", form.goal_expected)
    merged(f"F{goal + 1}", f"I{goal + 1}", form.goal_actual)
    header = goal + 2
    for col, text in enumerate(form.headers, start=2):
        sheet.cell(header, col, text)
    row = header + 1
    for level1, level2s in form.groups:
        level1_start = row
        for level2, rows in level2s:
            level2_start = row
            for values in rows or [("", "", "", "", "", "")]:
                for col, text in enumerate(form.headers[2:], start=4):
                    value = values[_ROW_KEYS[text]]
                    if value != "":
                        cell = sheet.cell(row, col, value)
                        if isinstance(value, str) and value.startswith("="):
                            cell.data_type = "s"  # “=8个” is what the unit typed, not a formula
                row += 1
            _merge_down(sheet, 3, level2_start, row - 1, level2)
        _merge_down(sheet, 2, level1_start, row - 1, level1)
    for placeholder in form.extra_rows:
        sheet.cell(row, 4, placeholder)
        row += 1
    merged(f"A{header}", f"A{row - 1}", "绩效指标")
    merged(f"A{row}", f"{get_column_letter(1 + form.headers.index('分值'))}{row}", "总分")
    sheet.cell(row, 2 + form.headers.index("分值"), 100)
    sheet.cell(row, 2 + form.headers.index("得分"), form.total_score)
    book.save(path)
    return path


def _merge_down(sheet: Any, col: int, first: int, last: int, value: str) -> None:
    letter = get_column_letter(col)
    if last > first:
        sheet.merge_cells(f"{letter}{first}:{letter}{last}")
    sheet.cell(first, col, value)


def write_in_template(form: NationalForm, path: Path, unit_name: str) -> Path:
    """The same form typed into our template: the same cells through the defined names, one row per indicator."""
    names = {"当年财政拨款": "fund_current", "本年财政拨款": "fund_current", "上年结转资金": "fund_carryover",
             "其他资金": "fund_other"}
    fields: dict[str, Any] = {
        "unit_name": unit_name, "eval_year": form.year, "project_name": form.project,
        "competent_dept": form.competent_dept, "implementing_unit": form.implementing_unit,
        "budget_weight": form.total_row[-3], "exec_rate_reported": form.total_row[-2],
        "budget_score_reported": form.total_row[-1], "goal_expected": form.goal_expected,
        "goal_actual": form.goal_actual, "self_total_score": form.total_score,
    }
    for label, amounts in form.sources.items():
        prefix = names[label.removeprefix("其中：").removeprefix("其中:")]
        padded = (None,) * (3 - len(amounts)) + tuple(amounts)
        for suffix, value in zip(("_initial", "", "_spent"), padded):
            if value not in ("", None):
                fields[prefix + suffix] = value
    rows = [{"level1": level1, "level2": level2, "name": name, "target": target, "actual": actual,
             "weight": weight, "self_score": score, "deviation_reason": reason or None}
            for level1, level2s in form.groups for level2, values in level2s
            for name, target, actual, weight, score, reason in values]
    return fill(blank_template(), path, fields, rows)


#: 附件：项目支出绩效自评表（2022年度），池州市贵池区棠溪镇人民政府，委托业务项目.
TANGXI_2022 = NationalForm(
    year=2022,
    project="委托业务项目",
    competent_dept="219-池州市贵池区棠溪镇人民政府",
    implementing_unit="219001-池州市贵池区棠溪镇人民政府",
    total_row=(0, 0, 0, 10, 0, 0),
    sources={"其中：本年财政拨款": (90, 89.974, 89.974), "上年结转资金": ("", "", ""), "其他资金": ("", "", "")},
    goal_expected="本项目共申请预算资金90万元。其中：30万元用于基建工程项目预算编制；30万元用于基建工程项目审计；"
                  "30万元用于基建工程项目设计、规划、测绘。",
    goal_actual="本项目共完成预算资金89.97万元。其中：30万元用于基建工程项目预算编制；30万元用于基建工程项目审计；"
                "29.99万元用于基建工程项目设计、规划、测绘。",
    groups=[
        ("产出指标(50分)", [
            ("数量指标", [("基建工程委托业务项目数量", "≥50个", 50, 8, 8, "")]),
            ("质量指标", [("委托业务报告合格率", "≥100百分比", 100, 8, 8, ""),
                          ("经费支出合规性", "严格执行相关制度规定", "达成预期指标", 8, 8, "")]),
            ("时效指标", [("提交报告及时性", "在项目计划完成时间内完成", "达成预期指标", 8, 8, "")]),
            ("成本指标", [("项目总成本", "≤90万元", 90, 8, 8, ""),
                          ("单项业务成本", "符合相关规定", "达成预期指标", 10, 10, "")]),
        ]),
        ("效益指标(30分)", [
            ("社会效益指标", [("对维护基建市场公平的影响程度", "效果明显", "达成预期指标", 10, 10, "")]),
            ("生态效益指标", [("对控制基建项目成本影响程度", "效果明显", "达成预期指标", 10, 10, "")]),
            ("可持续影响指标", [("对推动基建项目“四项制度”健全和落实的持续性影响", "效果明显", "达成预期指标",
                               10, 10, "")]),
            ("经济效益指标", []),
        ]),
        # The published text is cut off after “满意度指标 公众满”: this row is chosen.
        ("满意度指标(10分)", [("满意度指标", [("公众满意度", "≥90%", "95%", 10, 10, "")])]),
    ],
    total_score=100,
    extra_rows=["指标2", "……"],
)

#: 绩效目标自评表（2022年度），中江县水利局，小型水库水标尺制作安装项目.
ZHONGJIANG_2022 = NationalForm(
    year=2022,
    project="中江县农业水价综合改革精准补贴和节水奖励项目小型水库水标尺制作安装项目",
    competent_dept="中江县水利局",
    implementing_unit="中江县水利局",
    total_row=(20, 20, 10, 1.0, 10),
    sources={"其中：本年财政拨款": (20, 20), "其他资金": ("", "")},
    goal_expected="对农村地区供水计量设施设备进行改进，对项目区农业用水计量，为项目区农业生产夯实基础。",
    goal_actual="对项目区农业用水计量，为项目区农业生产夯实基础。",
    groups=[
        ("产出指标(70分)", [
            ("数量指标", [("安装坡面水标尺", "≥266米", "≥266米", 10, 10, ""),
                          ("水标尺宽度", "≥50厘米", "≥50厘米", 10, 10, "")]),
            ("质量指标", [("项目（工程）验收合格率", "100%", "100%", 20, 20, "")]),
            ("时效指标", [("及时（按期）开工率", "≥90%", "≥90%", 10, 10, ""),
                          ("及时（按期）完工率", "≥90%", "≥90%", 10, 10, "")]),
            ("成本指标", [("项目计划总投资", "20万元", "20万元", 10, 10, "")]),
        ]),
        ("效益指标(20分)", [
            ("经济效益指标", []),
            ("社会效益指标", [("受益脱贫（含监测对象）户人口数", "≥1000人", "≥1000人", 10, 10, ""),
                              ("群众生产生活条件改善状况", "显著提升", "显著提升", 10, 10, "")]),
        ]),
        ("满意度指标(10分)", [("服务对象满意度指标", [("受益脱贫（含监测对象）户满意度", "≥95%", "≥95%", 10, 10,
                                                     "")])]),
    ],
    total_score=100,
    headers=("一级指标", "二级指标", "三级指标", "分值", "年度指标值", "全年实际值", "得分", "未完成原因及拟采取的改进措施"),
    fund_headers=("全年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)", "得分"),
    goal_headers=("年初设定目标", "年度总体目标完成情况综述"),
    extra_rows=["……"],
)

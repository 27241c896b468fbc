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
``LANGFANG_2019`` (a school in Hebei) and ``YONGDE_2022`` (a school in Yunnan,
transcribed cell by cell with ``write_grid_form``: amounts in 元, the target
split over three columns) are published forms too; ``SUPPORT_FUNDS`` is a
published 保障经费 form whose actuals are chosen; ``SOCIAL_WORK_STATION`` is
built in the towns' manner; ``ZHONGLUOTAN_NATIONAL`` and ``SHIMEN_NATIONAL`` are
the two seed reports on the national form (``seed_form``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from tests.builders import blank_template
from tests.filling import fill
from tests.sample_data import SHIMEN_REPORT, ZHONGLUOTAN_REPORT
from tests.seed_data import SHIMEN_2023, ZHONGLUOTAN_2022

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
    #: The column the form starts in: published forms often leave a margin of empty columns.
    first_column: int = 1
    #: The label of the row that closes the table: 总分 on the national form, 合计 on many local ones.
    total_label: str = "总分"
    #: Label → text rows some forms carry below the total (评价结论, 存在问题, signatures).
    footer: list[tuple[str, str]] = field(default_factory=list)


_ROW_KEYS = {"三级指标": 0, "年度指标值": 1, "实际完成值": 2, "全年实际值": 2, "分值": 3, "得分": 4,
             "偏差原因分析及改进措施": 5, "未完成原因及拟采取的改进措施": 5}


def write_national_form(form: NationalForm, path: Path) -> Path:
    """The form on one sheet, laid out and merged as published forms are, with no defined name."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    shift = form.first_column - 1

    def at(row: int, col: int) -> str:
        return f"{get_column_letter(col + shift)}{row}"

    def put(row: int, col: int, value: Any) -> None:
        cell = sheet.cell(row, col + shift, value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # “=8个” is what the unit typed, not a formula

    def merged(first: tuple[int, int], last: tuple[int, int], value: Any) -> None:
        if first != last:
            sheet.merge_cells(f"{at(*first)}:{at(*last)}")
        put(*first, value)

    merged((1, 1), (1, 9), "项目支出绩效自评表")
    merged((2, 1), (2, 9), f"（{form.year}年度）")
    merged((3, 1), (3, 2), "项目名称")
    merged((3, 3), (3, 9), form.project)
    merged((4, 1), (4, 2), "主管部门")
    merged((4, 3), (4, 5), form.competent_dept)
    merged((4, 6), (4, 7), "实施单位")
    merged((4, 8), (4, 9), form.implementing_unit)
    sources = list(form.sources.items())
    merged((5, 1), (6 + len(sources), 1), "项目资金（万元）")
    first_money = 10 - len(form.fund_headers)
    for offset, header in enumerate(form.fund_headers):
        put(5, first_money + offset, header)
    merged((6, 2), (6, 3), "年度资金总额：")
    for offset, value in enumerate(form.total_row[-len(form.fund_headers):]):
        put(6, first_money + offset, value)
    for row, (label, amounts) in enumerate(sources, start=7):
        merged((row, 2), (row, 3), label)
        for offset, value in enumerate(amounts[-(len(form.fund_headers) - 3):]):
            put(row, first_money + offset, value)
    goal = 7 + len(sources)
    merged((goal, 1), (goal + 1, 1), "年度总体目标")
    merged((goal, 2), (goal, 5), form.goal_headers[0])
    merged((goal, 6), (goal, 9), form.goal_headers[1])
    merged((goal + 1, 2), (goal + 1, 5), form.goal_expected)
    merged((goal + 1, 6), (goal + 1, 9), form.goal_actual)
    header = goal + 2
    for col, text in enumerate(form.headers, start=2):
        put(header, col, text)
    row = header + 1
    for level1, level2s in form.groups:
        level1_start = row
        for level2, rows in level2s:
            level2_start = row
            for values in rows or [("", "", "", "", "", "")]:
                for col, text in enumerate(form.headers[2:], start=4):
                    value = values[_ROW_KEYS[text]]
                    if value != "":
                        put(row, col, value)
                row += 1
            merged((level2_start, 3), (row - 1, 3), level2)
        merged((level1_start, 2), (row - 1, 2), level1)
    for placeholder in form.extra_rows:
        put(row, 4, placeholder)
        row += 1
    merged((header, 1), (row - 1, 1), "绩效指标")
    merged((row, 1), (row, 1 + form.headers.index("分值")), form.total_label)
    put(row, 2 + form.headers.index("分值"), 100)
    put(row, 2 + form.headers.index("得分"), form.total_score)
    for row, (label, text) in enumerate(form.footer, start=row + 1):
        merged((row, 1), (row, 2), label)
        merged((row, 3), (row, 9), text)
    book.save(path)
    return path


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
    if not any(form.total_row[:-3]):
        # A 年度资金总额 row left blank has zeros for its rate and score: nothing the town states.
        del fields["exec_rate_reported"], fields["budget_score_reported"]
    for label, amounts in form.sources.items():
        prefix = names[label.removeprefix("其中：").removeprefix("其中:")]
        padded = (None,) * (3 - len(amounts)) + tuple(amounts)
        for suffix, value in zip(("_initial", "", "_spent"), padded):
            if value not in ("", None):
                fields[prefix + suffix] = value
    rows = [{"level1": level1, "level2": level2, "name": name, "target": target, "actual": actual,
             "weight": weight, "self_score": score, "deviation_reason": reason or None}
            for level1, level2s in form.groups for level2, values in level2s
            for name, target, actual, weight, score, reason in values if (target, actual) != ("", "")]
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


#: 项目支出绩效自评表 of a 保障经费 project as published: four indicators of 22.5 points after the
#: 10 of 预算执行, targets “=100%”, “≤10次”, “≤5%”, a name carrying its formula in brackets, a 合计
#: row, and 评价结论 / 存在问题 / signatures below it.  The published text gives no actuals and no
#: project name: those are chosen, every target met.
SUPPORT_FUNDS = NationalForm(
    year=2022,
    project="单位职工养老保险及职业年金缴费保障经费",
    competent_dept="某县人力资源和社会保障局",
    implementing_unit="某县社会保险事业服务中心",
    total_row=(56.8, 56.8, 56.8, 10, 1, 10),
    sources={"其中：当年财政拨款": (56.8, 56.8, 56.8), "上年结转资金": ("", "", ""), "其他资金": ("", "", "")},
    goal_expected="保障单位职工养老保险及职业年金及时、足额缴纳。",
    goal_actual="全年按时足额缴纳养老保险及职业年金。",
    groups=[
        ("产出指标", [
            ("数量指标", [("足额保障率", "=100%", "100%", 22.5, 22.5, ""),
                          ("科目调整次数", "≤10次", "2次", 22.5, 22.5, "")]),
            ("时效指标", [("按时发放率", "=100%", "100%", 22.5, 22.5, "")]),
        ]),
        ("效益指标", [("经济效益指标", [("结余率（计算方法为：结余数/预算数）", "≤5%", "0%", 22.5, 22.5, "")])]),
    ],
    total_score=100,
    total_label="合计",
    footer=[("评价结论", "及时、足额缴纳。"), ("存在问题", "暂无"), ("改进措施", "暂无"),
            ("项目负责人：", "财务负责人：")],
)

#: A 社工站 form as towns send it: the 年度资金总额 row left 0 above its 120 万元 其中 row, targets in
#: words (“合规”, “及时”, “效果明显”) met “达成预期指标”, the whole form two columns to the right.
#: Figures chosen in the seeds' manner; every target met.
SOCIAL_WORK_STATION = NationalForm(
    year=2023,
    project="社工服务站（家庭综合服务中心）运营经费",
    competent_dept="广州市白云区人民政府某街道办事处",
    implementing_unit="广州市白云区人民政府某街道办事处",
    total_row=(0, 0, 0, 10, 0, 0),
    sources={"其中：当年财政拨款": (120, 120, 120), "上年结转资金": ("", "", ""), "其他资金": ("", "", "")},
    goal_expected="为辖区居民提供个案、小组、社区活动等专业社会工作服务，经费合规、及时使用。",
    goal_actual="全年完成各项服务指标，经费全部按协议拨付使用。",
    groups=[
        ("产出指标(50分)", [
            ("数量指标", [("个案服务数", "≥30个", 32, 10, 10, ""), ("小组活动数", "≥12个", "12个", 10, 10, "")]),
            ("质量指标", [("经费使用", "合规", "达成预期指标", 10, 10, "")]),
            ("时效指标", [("资金拨付", "及时", "达成预期指标", 10, 10, "")]),
            ("成本指标", [("项目总成本", "≤120万元", 120, 10, 10, "")]),
        ]),
        ("效益指标(30分)", [
            ("社会效益指标", [("社区服务成效", "效果明显", "达成预期指标", 15, 15, "")]),
            ("可持续影响指标", [("服务长效机制", "效果明显", "达成预期指标", 15, 15, "")]),
        ]),
        ("满意度指标(10分)", [("服务对象满意度指标", [("服务对象满意度", "≥90%", "96%", 10, 10, "")])]),
    ],
    total_score=100,
    extra_rows=["指标2"],
    first_column=3,
)


def seed_form(data: dict[str, Any], report: dict[str, Any], implementing_unit: str) -> NationalForm:
    """A seed submission (``tests.seed_data``) on the national form, as the town would fill it by hand.

    Targets are written as national forms write them, operator and unit in the
    cell (“≥1600户”); a target already written as text (“100%”, “>10人”) is
    kept as the report words it; the annual goal is the report's own text.
    """
    groups: dict[str, dict[str, list[Row]]] = {}
    for row in data["indicators"]:
        target = row["target"]
        if not isinstance(target, str):
            target = f"{row['direction']}{target:g}{row.get('unit', '')}"
        groups.setdefault(row["level1"], {}).setdefault(row["level2"], []).append(
            (row["name"], target, row["actual"], row["weight"], row["self_score"], ""))
    points = {level1: sum(r[3] for rows in level2s.values() for r in rows) for level1, level2s in groups.items()}
    amounts = (data["fund_current_initial"], data["fund_current"], data["fund_current_spent"])
    return NationalForm(
        year=data["eval_year"],
        project=data["project_name"],
        competent_dept=data["competent_dept"],
        implementing_unit=implementing_unit,
        total_row=(*amounts, data["budget_weight"], data["exec_rate_reported"], data["budget_score_reported"]),
        sources={"其中：当年财政拨款": amounts, "上年结转资金": ("", "", ""), "其他资金": ("", "", "")},
        goal_expected=report["goal_expected"],
        goal_actual=report["goal_actual"],
        groups=[(f"{level1}({points[level1]:g}分)", list(level2s.items())) for level1, level2s in groups.items()],
        total_score=data["self_total_score"],
        extra_rows=["……"],
    )


#: The two seed reports on the national form, 实施单位 written in full as the towns' seals read.
ZHONGLUOTAN_NATIONAL = seed_form(ZHONGLUOTAN_2022, ZHONGLUOTAN_REPORT, "广州市白云区钟落潭镇人民政府")
SHIMEN_NATIONAL = seed_form(SHIMEN_2023, SHIMEN_REPORT, "广州市白云区人民政府石门街道办事处")


def _numbered(*rows: Row) -> list[Row]:
    """A group as the national form prints it: “指标1…”, then the empty “指标2” and “……” rows."""
    blank: Row = ("", "", "", "", "", "")
    return [*rows, *(("指标2", *blank[1:]),) * (len(rows) < 2), ("……", *blank[1:])]


#: 项目支出绩效自评表（2019年度），廊坊市食品工程学校，办公宿舍楼、食堂及餐厅暖通改造经费, as published:
#: each name keeps the form's “指标1” before it, rates are bare numbers (100), the empty 指标2 and ……
#: rows stay, “0” stands in 偏差原因 of met rows, 效益指标 is printed twice (生态 and 可持续 split by a page),
#: 执行率 is the text “86%” rounded to a score of 9.  The 总分 row is cut from the published text:
#: the sum of the scores shown is taken.
LANGFANG_2019 = NationalForm(
    year=2019,
    project="办公宿舍楼、食堂及餐厅暖通改造经费",
    competent_dept="廊坊市发改委",
    implementing_unit="廊坊市食品工程学校",
    total_row=(43.2, 43.2, 37.24, 10, "86%", 9),
    sources={"其中：当年财政拨款": (43.2, 43.2, 37.24), "上年结转资金": ("", "", ""), "其他资金": ("", "", "")},
    goal_expected="43.2",
    goal_actual="37.24",
    groups=[
        ("产出指标", [
            ("数量指标", _numbered(("指标1工程资金金额", 43.2, 37.24, 10, 9,
                                 "已完工,剩余3%尾款未付,且最高限价低于预算金额。提高预算准确度。"))),
            ("质量指标", _numbered(("指标1工程完工率", 100, 100, 10, 10, ""),
                                 ("指标2工程验收合格率", 100, 100, 10, 10, ""))),
            ("时效指标", _numbered(("指标1项目完成及时率", 100, 100, 10, 10, ""))),
            ("成本指标", _numbered(("指标1成本控制率", 100, 100, 10, 10, ""))),
        ]),
        ("效益指标", [
            ("经济效益指标", _numbered(("指标1安全率", 100, 100, 10, 10, 0))),
            ("社会效益指标", _numbered(("指标1学校发展能力", 100, 100, 10, 10, 0))),
            ("生态效益指标", _numbered(("指标1", "", "", "", "", ""))),
        ]),
        ("效益指标", [("可持续影响指标", _numbered(("指标1长期使用性", 100, 100, 10, 10, "")))]),
        ("满意度指标", [("服务对象满意度指标", _numbered(("指标1学生满意度", 100, 100, 10, 10, 0)))]),
    ],
    total_score=98,
)


@dataclass
class GridForm:
    """A published form transcribed cell by cell: rows from A1, ``None`` for an empty cell, and its merges."""

    rows: list[list[Any]]
    merges: list[str]


def write_grid_form(form: GridForm, path: Path) -> Path:
    """The grid on one sheet as published, merges included, every “=…” cell kept as the text it is."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    for row_number, values in enumerate(form.rows, start=1):
        for col, value in enumerate(values, start=1):
            if value is not None:
                cell = sheet.cell(row_number, col, value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"
    for cells in form.merges:
        sheet.merge_cells(cells)
    book.save(path)
    return path


_ = None
#: 2022年度项目支出绩效自评表（公开14表），临沧市永德县明朗中学，义务教育营养改善计划专项资金, as published:
#: amounts in 元 (项目资金（元）), “—” in empty money cells, 年度指标值 split over 指标性质 | 指标值 | 度量单位
#: with the operators “≧” and “═”, an 其他需要说明事项 row, and 总分 | 100 | 96 | 优.  Scores as the school gave
#: them (资金到位及时率 7 of 10 though met; 政策知晓率 98% of “═100%” 9 of 10).
YONGDE_2022 = GridForm(
    rows=[
        ["2022年度项目支出绩效自评表", _, _, _, _, _, _, _, _, _, _],
        ["部门：临沧市永德县明朗中学", _, _, _, _, _, _, _, _, _, "公开14表"],
        ["项目名称", _, _, "义务教育营养改善计划专项资金", _, _, _, _, _, _, _],
        ["主管部门", _, _, "永德县教育体育局", _, _, "实施单位", _, "永德县明朗中学", _, _],
        ["项目资金（元）", _, _, _, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", _],
        [_, "年度资金总额", _, _, "—", 387664.62, 387664.62, 10, "100%", 10, _],
        [_, "其中：当年财政拨款", _, _, "—", 387664.62, 387664.62, "—", _, _, _],
        [_, "上年结转资金", _, _, "—", "—", "—", "—", _, _, _],
        [_, "其他资金", _, _, "—", "—", "—", "—", _, _, _],
        ["年度总体目标", "预期目标", _, _, _, _, "实际完成情况", _, _, _, _],
        [_, "确保每一个学生都能享受到国家政策福利，改善学生体质", _, _, _, _,
         "确保每一个学生都能享受到国家政策福利，改善学生体质", _, _, _, _],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", _, _, "实际完成值", "分值", "得分",
         "偏差原因分析及改进措施"],
        [_, _, _, _, "指标性质", "指标值", "度量单位", _, _, _, _],
        [_, "产出指标", "数量指标", "学生受资助人数", "≧", 735, "人次", 735, 10, 10, _],
        [_, _, "质量指标", "营养改善计划覆盖率", "≧", 100, "%", "100%", 10, 10, _],
        [_, _, "时效指标", "资金到位及时率", "≧", 100, "%", "100%", 10, 7, _],
        [_, _, "成本指标", "生均补助标准达标率", "═", 100, "%", "100%", 10, 10, _],
        [_, "效益指标", "经济效益指标", "减轻贫困学生家庭经济负担", _, "有效", _, "有效", 10, 10, _],
        [_, _, "社会效益指标", "政策知晓率", "═", 100, "%", "98%", 10, 9, _],
        [_, _, "生态效益指标", _, _, _, _, _, _, _, _],
        [_, _, "可持续影响指标", "促进学校教育事业健康发展", "≧", 100, "%", "100%", 10, 10, _],
        [_, "满意度指标", "服务对象满意度指标等", "学生满意度", "≧", 95, "%", "100%", 10, 10, _],
        [_, _, _, "家长满意度", "≧", 95, "%", "100%", 10, 10, _],
        ["其他需要说明事项", _, _, "无", _, _, _, _, _, _, _],
        ["总分", _, _, _, _, _, _, _, 100, 96, "优"],
    ],
    merges=["A1:K1", "A3:C3", "D3:K3", "A4:C4", "D4:F4", "G4:H4", "I4:K4", "A5:A9", "B5:D5", "B6:D6", "B7:D7",
            "B8:D8", "B9:D9", "A10:A11", "B10:F10", "G10:K10", "B11:F11", "G11:K11", "A12:A23", "B12:B13",
            "C12:C13", "D12:D13", "E12:G12", "H12:H13", "I12:I13", "J12:J13", "K12:K13", "B14:B17", "B18:B21",
            "B22:B23", "C22:C23", "A24:C24", "D24:K24", "A25:H25"],
)

"""The 填报说明 text: what a town reads before it fills in the form.

Apart from the template's layout (``template`` writes it, one paragraph a
row), so that the words can be read and changed in one place.  Fields,
weights, bands, thresholds and the payment schedule come from the field
table and the rules, so the guide says what the district checks.
"""

from __future__ import annotations

from excel_eval.fields import FIELDS, INDICATORS, SHEET_EXTRA, SHEET_FORM
from excel_eval.rules import Rules

GUIDE_TITLE = "绩效自评表填报说明"
BUDGET_WEIGHT_LABEL = "预算执行率"


def schedule_guidance(rules: Rules) -> str:
    """The district's usual schedule, shown beside the inputs as guidance only."""
    stages = "；".join(f"{tranche.stage} {tranche.ratio:.0%}（{rules.due_when(tranche)}）" for tranche in rules.payments)
    return f"本区规则中的拨付安排（仅供参考，约定比例请按合同填写）：{stages}。"


def _points(value: float) -> str:
    """A weight as people write it: 10, not 10.0."""
    return f"{value:g}"


def grade_text(rules: Rules) -> str:
    """优 90（含）–100 分，… 差 60 分以下, from the grade minimums (highest first)."""
    parts = []
    for grade, low, high in rules.grade_ranges():
        if high is None:
            parts.append(f"{grade} {_points(low)}（含）–{_points(rules.weights.full_marks)} 分")
        elif low > 0:
            parts.append(f"{grade} {_points(low)}（含）–{_points(high)} 分")
        else:
            parts.append(f"{grade} {_points(high)} 分以下")
    return "，".join(parts)


def guide_sections(rules: Rules) -> list[tuple[str, list[str]]]:
    """The 填报说明 text; fields, weights and bands come from the field table and rules."""
    extra = [f.label for f in FIELDS if f.sheet == SHEET_EXTRA and f.kind != "version"]
    weights = "，".join(f"{label} {_points(weight)} 分" for label, weight
                       in [(BUDGET_WEIGHT_LABEL, rules.weights.budget),
                           *rules.weights.level1.items()])
    bands = "；".join(f"{band.result}：得分值的 {band.text}" for band in rules.qualitative)
    methods = "；".join(f"“{direction}”类{rules.methods.describe(direction)}" for direction in ("≥", "≤", "="))
    over = f"{rules.over_completion.threshold:.0%}"
    full = _points(rules.weights.full_marks)
    return [
        ("一、本表用途", [
            f"“{SHEET_FORM}”就是财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）所附的项目支出绩效自评表，"
            "填好后可直接打印（一页 A4）、签字盖章。区里汇总还需要的内容填在“补充信息”表，"
            "以及自评表右侧绿色表头的几列（这几列不打印）。填好后发回区里，区里统一核对、计分和汇总。",
        ]),
        ("二、在哪里填写", [
            "1. 只在黄色单元格中填写。灰色单元格为自动计算，或已由区里预先填好（单位、年度、项目名称），"
            "不能修改；其余单元格已锁定。",
            "2. 选中黄色单元格时会显示填写提示；带下拉箭头的单元格请从列表中选择。",
            f"3. “{SHEET_FORM}”：项目名称、主管部门、实施单位；项目资金按当年财政拨款、上年结转资金、其他资金"
            "分行填写年初预算数、全年预算数和全年执行数，年度资金总额自动合计；年度总体目标；绩效指标；总分。",
            f"4. “{SHEET_EXTRA}”：{'、'.join(extra)}。",
        ]),
        ("三、绩效指标的写法（与国家自评表相同）", [
            "1. 年度指标值连同符号和单位写在一格里，如“≥1600户”“=8个”“≤20万元”“≥90%”；"
            "实际完成值写实际数，如“1604户”“95%”。",
            "2. 没有写符号的，成本指标和投诉、差错、时长一类的指标按“≤”（越少越好）理解，其余按“≥”理解；"
            "如需另行指定，在右侧“指标方向”列选择。",
            "3. 定性指标：年度指标值写文字（如“效果明显”“良好”），实际完成值写完成情况："
            "达成预期指标、部分达成、未达成，或评估等级（如“良好”）。",
            "4. 每个三级指标一行，最多 "
            f"{INDICATORS.data_rows} 行；一级指标写“产出指标”“效益指标”“满意度指标”。",
        ]),
        ("四、单位和数字的写法", [
            "1. 金额一律以“万元”为单位，只填数字，如 198.45；不要填成以元为单位的 1984500。",
            "2. 执行率、完成率、拨付比例直接输入百分数，如 115%。",
            "3. 年份填四位数字，如 2024；日期填成 2025-01-15 的形式。",
        ]),
        ("五、分值和得分", [
            f"1. 全部分值合计为 {full} 分。默认分值：{weights}。可按项目实际调整，但合计必须为 {full}；"
            "总分行的“分值”会自动合计。",
            "2. 预算执行得分 = 预算执行率分值 × 执行率（执行率超过 100% 的按 100% 计）。",
            "3. 定量指标：完成年度指标值的得满分；未完成的按完成值与指标值的比例计分（财预〔2020〕10号），"
            f"区里复核按本区复核规则：{methods}。",
            f"4. 定性指标按完成情况在以下范围内打分——{bands}。",
            f"5. 总分 = 预算执行得分 + 各指标得分。等级：{grade_text(rules)}。",
        ]),
        ("六、什么时候必须写偏差原因", [
            f"完成率低于 100%，或达到 {over} 及以上（说明年度指标值可能定得过低）时，必须在"
            "“偏差原因分析及改进措施”列说明原因和改进措施；“=”指标有任何偏差也要说明。",
        ]),
        ("七、资金拨付", [
            "在“补充信息”表按合同填写每期的约定比例、实际拨付金额和日期，以及中期、末期评估的结果和日期。"
            f"{schedule_guidance(rules)}",
        ]),
        ("八、发送前检查", [
            "1. 保存为 .xlsx 格式（WPS 请选择“Excel 文件（*.xlsx）”），保留原文件名。",
            "2. 已安装 excel-eval 的，可在命令行运行“excel-eval check 文件.xlsx”，按提示改正后再发送。",
        ]),
        ("九、请不要", [
            "不要重命名、删除或移动工作表，不要插入或删除行、列；"
            "从其他文件复制内容时，请用“选择性粘贴 → 数值”，以免破坏格式和下拉列表。",
        ]),
    ]

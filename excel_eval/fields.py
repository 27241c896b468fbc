"""The field table: the one description of the template contract.

Every input of the self-evaluation template is described here once — its
workbook-level defined name, its Chinese label, the sheet and cell where the
template puts it, what kind of value it holds and whether it is required.  The
template writer lays the workbook out from this table, the reader finds values
with it, and the README's table of names is generated from it.  The defined
names are a public interface: renaming one needs a new ``TEMPLATE_VERSION``.
"""

from __future__ import annotations

from dataclasses import dataclass

TEMPLATE_VERSION = "1.0"
#: Versions whose layout and names the reader understands.
SUPPORTED_VERSIONS = ("1.0",)

SHEET_GUIDE = "填报说明"
SHEET_BASIC = "基本信息"
SHEET_FUNDS = "资金情况"
SHEET_INDICATORS = "绩效指标"
SHEET_CONCLUSION = "自评结论"
SHEETS = (SHEET_GUIDE, SHEET_BASIC, SHEET_FUNDS, SHEET_INDICATORS, SHEET_CONCLUSION)
#: The sheet the district adds to a copy it sends back; never part of a submission.
SHEET_REVIEW = "审核意见"

DIRECTIONS = ("≥", "≤", "=", "定性")
EVAL_RESULTS = ("优秀", "良好", "合格", "不合格")
#: Evaluation results that allow the next payment to be made.
PASSING_EVAL_RESULTS = ("优秀", "良好", "合格")
QUALITATIVE_RESULTS = ("达成", "部分达成", "未达成")
GRADES = ("优", "良", "中", "差")

#: First-level indicators and their second-level indicators, after the
#: national 项目支出绩效评价指标体系 (财预〔2020〕10号).
INDICATOR_LEVELS: dict[str, tuple[str, ...]] = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}


@dataclass(frozen=True)
class Field:
    """One single-cell input of the template.

    ``kind`` decides validation in the template and parsing in the reader:
    ``text``, ``longtext``, ``money`` (万元), ``year``, ``date``, ``rate``
    (a ratio, shown as a percentage), ``score``, ``choice`` or ``version``.
    """

    name: str
    label: str
    sheet: str
    cell: str
    kind: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""
    aliases: tuple[str, ...] = ()
    #: The label stands in the header row above the cell, not to its left.
    label_above: bool = False


@dataclass(frozen=True)
class Column:
    """One column of a table input (``indicators`` or ``payments``)."""

    key: str
    label: str
    kind: str = "text"
    choices: tuple[str, ...] = ()
    help: str = ""
    width: float = 12
    aliases: tuple[str, ...] = ()
    input: bool = True


@dataclass(frozen=True)
class Table:
    """A table input: a header row at ``header_cell`` and data rows below it.

    The defined name covers the header row and every data row, so a tool that
    reads the name gets the column labels with the data.
    """

    name: str
    label: str
    sheet: str
    header_cell: str
    columns: tuple[Column, ...]
    data_rows: int
    fixed_rows: tuple[str, ...] = ()

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)


FIELDS: tuple[Field, ...] = (
    Field("unit_name", "填报单位", SHEET_BASIC, "B3", required=True,
          help="镇或街道的全称，如：钟落潭镇、石门街道。", aliases=("单位名称",)),
    Field("project_name", "项目名称", SHEET_BASIC, "B4", required=True,
          help="如：社工服务站（家庭综合服务中心）运营经费。"),
    Field("eval_year", "评价年度", SHEET_BASIC, "B5", kind="year", required=True,
          help="四位数字年份，如 2024。", aliases=("年度",)),
    Field("competent_dept", "主管部门", SHEET_BASIC, "B6", required=True,
          help="如：广州市白云区民政局。"),
    Field("operator", "实施（承接）单位", SHEET_BASIC, "B7", required=True,
          help="承接运营的社会工作服务机构全称。", aliases=("实施单位", "承接单位")),
    Field("contact_person", "联系人", SHEET_BASIC, "B8", required=True),
    Field("contact_phone", "联系电话", SHEET_BASIC, "B9", required=True,
          help="手机或座机号码，请以文本形式填写。"),
    Field("fill_date", "填报日期", SHEET_BASIC, "B10", kind="date", required=True,
          help="日期，如 2025-01-15。"),
    Field("template_version", "模板版本", SHEET_BASIC, "B12", kind="version"),
    Field("budget_initial", "年初预算数", SHEET_FUNDS, "B4", kind="money", required=True,
          help="年初批复的预算金额，单位：万元。", label_above=True),
    Field("budget_total", "全年预算数", SHEET_FUNDS, "C4", kind="money", required=True,
          help="含年中调整后的全年预算金额，单位：万元。", label_above=True),
    Field("spent_total", "全年执行数", SHEET_FUNDS, "D4", kind="money", required=True,
          help="全年实际支出金额，单位：万元。", label_above=True),
    Field("budget_weight", "预算执行率分值", SHEET_FUNDS, "E4", kind="score", required=True,
          help="国家默认 10 分；与产出、效益、满意度指标分值合计应为 100。", aliases=("分值",), label_above=True),
    Field("exec_rate_reported", "自报执行率", SHEET_FUNDS, "F4", kind="rate", required=True,
          help="全年执行数 ÷ 全年预算数，按百分比填写，如 100%。", aliases=("执行率",), label_above=True),
    Field("budget_score_reported", "预算执行自评得分", SHEET_FUNDS, "G4", kind="score",
          required=True, help="预算执行率分值 × 执行率（执行率超过 100% 按 100% 计）。",
          aliases=("得分",), label_above=True),
    Field("budget_change_note", "预算调整说明", SHEET_FUNDS, "B6", kind="longtext",
          help="年初预算数与全年预算数不一致时，请说明调整原因。"),
    Field("fund_city", "市级财政", SHEET_FUNDS, "B9", kind="money",
          help="全年预算数中市级财政资金，单位：万元；没有填 0。"),
    Field("fund_district", "区级财政", SHEET_FUNDS, "B10", kind="money",
          help="全年预算数中区级财政资金，单位：万元；没有填 0。"),
    Field("fund_town", "镇街财政", SHEET_FUNDS, "B11", kind="money",
          help="全年预算数中镇（街道）财政资金，单位：万元；没有填 0。"),
    Field("fund_carryover", "上年结转", SHEET_FUNDS, "B12", kind="money",
          help="上年结转资金，单位：万元；没有填 0。"),
    Field("fund_other", "其他资金", SHEET_FUNDS, "B13", kind="money",
          help="其他来源资金，单位：万元；没有填 0。"),
    Field("mid_eval_result", "中期评估结果", SHEET_FUNDS, "G18", kind="choice",
          choices=EVAL_RESULTS, help="第三方中期评估的结论。"),
    Field("final_eval_result", "末期评估结果", SHEET_FUNDS, "G19", kind="choice",
          choices=EVAL_RESULTS, help="第三方末期评估的结论。"),
    Field("self_total_score", "自评总分", SHEET_CONCLUSION, "B3", kind="score", required=True,
          help="预算执行得分与各项指标自评得分之和，满分 100。", aliases=("自评得分",)),
    Field("self_grade", "自评等级", SHEET_CONCLUSION, "B4", kind="choice", required=True,
          choices=GRADES, help="优（90 分及以上）、良（80–90）、中（60–80）、差（60 以下）。"),
    Field("achievements", "主要经验做法", SHEET_CONCLUSION, "B6", kind="longtext", required=True,
          help="项目取得的主要成效和经验做法。"),
    Field("problems", "存在问题", SHEET_CONCLUSION, "B7", kind="longtext", required=True,
          help="项目实施中存在的问题或不足。"),
    Field("suggestions", "改进建议", SHEET_CONCLUSION, "B8", kind="longtext", required=True,
          help="下一步的改进措施和建议。", aliases=("相关建议",)),
)

INDICATORS = Table(
    name="indicators",
    label="绩效指标",
    sheet=SHEET_INDICATORS,
    header_cell="A3",
    data_rows=40,
    columns=(
        Column("level1", "一级指标", "choice", tuple(INDICATOR_LEVELS), width=11,
               help="产出指标、效益指标或满意度指标。"),
        Column("level2", "二级指标", "choice",
               tuple(name for names in INDICATOR_LEVELS.values() for name in names), width=14,
               help="如：数量指标、质量指标、社会效益指标。"),
        Column("name", "三级指标", width=24, help="具体指标名称，如：家庭探访户数。"),
        Column("direction", "指标方向", "choice", DIRECTIONS, width=8,
               help="≥ 越多越好；≤ 越少越好（成本、投诉、时长）；= 应恰好等于；定性 无法计量。"),
        Column("unit", "计量单位", width=9, help="如：户、个、人次、%。"),
        Column("target", "年度指标值", "measure", width=12,
               help="年初设定的目标值，填数字，如 1600；定性指标填文字，如：良好。"),
        Column("actual", "实际完成值", "measure", width=12,
               help="全年实际完成的数值；定性指标填文字。"),
        Column("weight", "分值", "score", width=7, help="该指标的分值。"),
        Column("reported_rate", "自报完成率", "rate", width=10,
               help="实际完成值 ÷ 年度指标值，如 115%。", aliases=("完成率",)),
        Column("self_score", "自评得分", "score", width=9, help="该指标的自评得分，不超过分值。",
               aliases=("得分",)),
        Column("deviation_reason", "偏差原因分析及改进措施", "longtext", width=30,
               help="未完成或超额完成（完成率 ≥130%）时必须说明原因。", aliases=("偏差原因",)),
        Column("qualitative_result", "定性完成情况", "choice", QUALITATIVE_RESULTS, width=11,
               help="仅定性指标填写：达成、部分达成、未达成。"),
        Column("evidence", "佐证材料", "longtext", width=24,
               help="支撑完成值的材料名称，如：服务台账、评估报告。"),
    ),
)

PAYMENTS = Table(
    name="payments",
    label="资金拨付",
    sheet=SHEET_FUNDS,
    header_cell="A16",
    data_rows=3,
    fixed_rows=("首期", "中期", "末期"),
    columns=(
        Column("stage", "拨付批次", input=False, width=16),
        Column("condition", "拨付条件", input=False, width=16),
        Column("agreed_ratio", "约定比例", "rate", width=11, help="合同约定的本期拨付比例。"),
        Column("agreed_amount", "约定金额", "money", input=False, width=13,
               help="约定比例 × 全年预算数，自动计算。"),
        Column("paid_amount", "实际拨付金额", "money", width=13, help="本期实际拨付金额，单位：万元。"),
        Column("paid_date", "拨付日期", "date", width=12, help="本期实际拨付日期。"),
        Column("eval_result", "前置评估结果", "choice", EVAL_RESULTS, input=False, width=13),
    ),
)

TABLES = (INDICATORS, PAYMENTS)

#: The condition each payment waits for and the field holding its evaluation
#: result (``None`` for the first payment, due on signing).
PAYMENT_CONDITIONS = (
    ("首期", "签订合同后", None),
    ("中期", "中期评估合格以上", "mid_eval_result"),
    ("末期", "末期评估合格以上", "final_eval_result"),
)

FIELDS_BY_NAME = {field.name: field for field in FIELDS}


def field(name: str) -> Field:
    """The field called ``name``; a ``KeyError`` means a typo in code, not bad input."""
    return FIELDS_BY_NAME[name]


def defined_names() -> tuple[str, ...]:
    """Every defined name of the contract, in template order."""
    return tuple(f.name for f in FIELDS) + tuple(t.name for t in TABLES)


def names_markdown() -> str:
    """The README's table of defined names, generated so the docs cannot drift."""
    kinds = {"text": "文本", "longtext": "长文本", "money": "金额（万元）", "year": "年份", "date": "日期",
             "rate": "百分比", "score": "分值", "choice": "选项", "version": "文本（隐藏）"}
    lines = ["| 定义名称 | 中文标签 | 工作表!单元格 | 类型 | 必填 |", "|---|---|---|---|---|"]
    for item in FIELDS:
        choices = f"：{'/'.join(item.choices)}" if item.choices else ""
        lines.append(f"| `{item.name}` | {item.label} | {item.sheet}!{item.cell} | "
                     f"{kinds[item.kind]}{choices} | {'是' if item.required else ''} |")
    for table in TABLES:
        columns = "、".join(column.label for column in table.columns)
        lines.append(f"| `{table.name}` | {table.label}（表头行 + {table.data_rows} 行） | "
                     f"{table.sheet}!{table.header_cell} 起 | 表格：{columns} | |")
    return "\n".join(lines)

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

TEMPLATE_VERSION = "2.0"
#: Versions whose layout and names the reader understands.
SUPPORTED_VERSIONS = ("1.0", "2.0")

#: The national 项目支出绩效自评表 (财预〔2020〕10号 附件), one printable page.
SHEET_FORM = "绩效自评表"
#: What the district adds to the national form.
SHEET_EXTRA = "补充信息"
SHEET_GUIDE = "填报说明"
SHEETS = (SHEET_FORM, SHEET_EXTRA, SHEET_GUIDE)
#: The sheets holding inputs, by template version (1.0 was a layout of our own).
DATA_SHEETS = {"2.0": (SHEET_FORM, SHEET_EXTRA),
               "1.0": ("基本信息", "资金情况", "绩效指标", "自评结论")}
#: The sheet the district adds to a copy it sends back; never part of a submission.
SHEET_REVIEW = "审核意见"
#: A summary's hidden data sheet, and what its A1 holds: the mark of a workbook this tool wrote.
SUMMARY_DATA_SHEET = "_数据"
SUMMARY_MARKER = "excel-eval-data"

DIRECTIONS = ("≥", "≤", "=", "定性")
#: Where a help text names the over-completion threshold; the template writes the rules' value there.
OVER_COMPLETION_MARK = "{over_completion}"
#: Where a help text names the full marks; the template writes the rules' value there.
FULL_MARKS_MARK = "{full_marks}"
#: Evaluation results, best first; which of them let a payment be made is a rule (``payments.passing``).
EVAL_RESULTS = ("优秀", "良好", "合格", "不合格")
QUALITATIVE_RESULTS = ("达成", "部分达成", "未达成")
GRADES = ("优", "良", "中", "差")

#: The evaluation years the template and the command line accept.
MIN_YEAR, MAX_YEAR = 2000, 2100

#: First-level indicators and their second-level indicators, after the
#: national 项目支出绩效评价指标体系 (财预〔2020〕10号).
INDICATOR_LEVELS: dict[str, tuple[str, ...]] = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}


#: How units' own national forms write what the reader looks for, beside the labels of the table below.
#: The word in the form's title that marks a sheet as the 自评表.
FORM_TITLE_WORD = "绩效自评表"
#: The label of the money block (项目资金（万元）, or （元） where a unit keeps its amounts in 元).
FUNDS_LABEL = "项目资金"
#: Labels of the row that closes an indicator table.
TABLE_END_LABELS = frozenset({"合计", "总计", "总分"})
#: Every way a form writes an indicator's direction, and the direction it means ("" for 定量 without one).
DIRECTION_SPELLINGS = {"≥": "≥", "≧": "≥", ">=": "≥", ">": "≥", "≤": "≤", "≦": "≤", "<=": "≤", "<": "≤",
                       "=": "=", "═": "=", "==": "=", "定性": "定性", "定量": ""}

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
    #: A cell of a grid (the national form's 项目资金 block, the 总分 row): found
    #: where the column headed ``header`` crosses the row labelled one of ``row_labels``.
    header: str = ""
    row_labels: tuple[str, ...] = ()
    #: Fields this one is the sum of: a formula in the template, recomputed by the reader.
    sum_of: tuple[str, ...] = ()
    #: The template version that introduced the field: older files are not asked for it.
    since: str = "1.0"

    @property
    def in_grid(self) -> bool:
        return bool(self.row_labels)


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
    #: Read from template 1.0 files only; the 2.0 template has no such column.
    legacy: bool = False


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
    #: How many of the first columns are the national form's; the rest are the district's additions.
    national: int = 0

    @property
    def written(self) -> tuple[Column, ...]:
        """The columns the template lays out, in order (legacy columns are only read)."""
        return tuple(column for column in self.columns if not column.legacy)

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)


#: Where the national form's blocks stand in the template.
FUNDS_HEADER_ROW = 5
INDICATOR_HEADER_ROW = 12
INDICATOR_ROWS = 20
TOTAL_ROW = INDICATOR_HEADER_ROW + INDICATOR_ROWS + 1

#: The rows of the 项目资金 block: field-name prefix, row label as printed, other spellings.
FUND_ROWS = (
    ("fund_current", "其中：当年财政拨款", ("当年财政拨款", "财政拨款", "其中：财政拨款", "本年财政拨款",
                                        "其中：本年财政拨款")),
    ("fund_carryover", "上年结转资金", ("上年结转",)),
    ("fund_other", "其他资金", ()),
)
_TOTAL_ROW_LABELS = ("年度资金总额",)
#: The split of 当年财政拨款 by level of government (区里补充): 市级, 区级, 镇街.
LEVEL_FUNDS = ("fund_city", "fund_district", "fund_town")
#: The 项目资金 columns: suffix of the field name, column header, column letter.
_FUND_COLUMNS = (("_initial", "年初预算数", "D"), ("", "全年预算数", "E"), ("_spent", "全年执行数", "F"))


#: The per-source amounts template 1.0 already had (as 上年结转 and 其他资金).
_IN_VERSION_1 = {("fund_carryover", ""), ("fund_other", "")}


def _fund_row(prefix: str, printed: str, spellings: tuple[str, ...], row: int) -> tuple[Field, ...]:
    """年初预算数, 全年预算数 and 全年执行数 of one source of money."""
    name = printed.removeprefix("其中：")
    helps = {"_initial": "年初批复的", "": "含年中调整后的全年", "_spent": "全年实际支出的"}
    return tuple(
        Field(prefix + suffix, f"{name}（{header}）", SHEET_FORM, f"{letter}{row}", kind="money",
              help=f"{name}中{helps[suffix]}金额，单位：万元；没有填 0。",
              header=header, row_labels=(printed, *spellings),
              since="1.0" if (prefix, suffix) in _IN_VERSION_1 else "2.0")
        for suffix, header, letter in _FUND_COLUMNS)


def _total(suffix: str) -> tuple[str, ...]:
    return tuple(prefix + suffix for prefix, _, _ in FUND_ROWS)


FIELDS: tuple[Field, ...] = (
    # The national form.
    Field("eval_year", "评价年度", SHEET_FORM, "A2", kind="year", required=True,
          help="四位数字年份，如 2024；表头显示为“（2024年度）”。", aliases=("年度",)),
    Field("project_name", "项目名称", SHEET_FORM, "C3", required=True,
          help="如：社工服务站（家庭综合服务中心）运营经费。"),
    Field("competent_dept", "主管部门", SHEET_FORM, "C4", required=True,
          help="如：广州市白云区民政局。"),
    Field("implementing_unit", "实施单位", SHEET_FORM, "H4", required=True,
          help="实施项目的预算单位，如：广州市白云区钟落潭镇人民政府。", since="2.0"),
    Field("budget_initial", "年初预算数", SHEET_FORM, "D6", kind="money",
          help="各来源年初预算数之和，自动计算。", header="年初预算数",
          row_labels=_TOTAL_ROW_LABELS, sum_of=_total("_initial")),
    Field("budget_total", "全年预算数", SHEET_FORM, "E6", kind="money", required=True,
          help="各来源全年预算数之和，自动计算。", header="全年预算数",
          row_labels=_TOTAL_ROW_LABELS, sum_of=_total("")),
    Field("spent_total", "全年执行数", SHEET_FORM, "F6", kind="money", required=True,
          help="各来源全年执行数之和，自动计算。", header="全年执行数",
          row_labels=_TOTAL_ROW_LABELS, sum_of=_total("_spent")),
    Field("budget_weight", "预算执行率分值", SHEET_FORM, "G6", kind="score", required=True,
          help=f"国家默认 10 分；与产出、效益、满意度指标分值合计应为 {FULL_MARKS_MARK}。", header="分值",
          row_labels=_TOTAL_ROW_LABELS),
    Field("exec_rate_reported", "自报执行率", SHEET_FORM, "H6", kind="rate", required=True,
          help="全年执行数 ÷ 全年预算数，按百分比填写，如 100%。", header="执行率",
          row_labels=_TOTAL_ROW_LABELS),
    Field("budget_score_reported", "预算执行自评得分", SHEET_FORM, "I6", kind="score",
          required=True, help="预算执行率分值 × 执行率（执行率超过 100% 按 100% 计）。", header="得分",
          row_labels=_TOTAL_ROW_LABELS),
    *(item for row, (prefix, printed, spellings) in enumerate(FUND_ROWS, start=FUNDS_HEADER_ROW + 2)
      for item in _fund_row(prefix, printed, spellings, row)),
    Field("goal_expected", "年度总体目标（预期目标）", SHEET_FORM, "B11", kind="longtext", required=True,
          help="年初设定的年度总体目标。", header="预期目标", label_above=True,
          aliases=("年初设定目标",), since="2.0"),
    Field("goal_actual", "年度总体目标（实际完成情况）", SHEET_FORM, "F11", kind="longtext", required=True,
          help="年度总体目标的实际完成情况。", header="实际完成情况", label_above=True,
          aliases=("年度总体目标完成情况综述",), since="2.0"),
    Field("self_total_score", "自评总分", SHEET_FORM, f"H{TOTAL_ROW}", kind="score", required=True,
          help=f"预算执行得分与各项指标自评得分之和，满分 {FULL_MARKS_MARK}。", header="得分",
          row_labels=("总分", "合计", "总计")),
    # What the district adds.
    Field("unit_name", "填报单位", SHEET_EXTRA, "B3", required=True,
          help="镇或街道的全称，与区里名册一致，如：钟落潭镇、石门街道。", aliases=("单位名称",)),
    Field("operator", "承接机构", SHEET_EXTRA, "B4",
          help="承接运营的社会工作服务机构全称。", aliases=("承接单位", "实施（承接）单位")),
    Field("contact_person", "联系人", SHEET_EXTRA, "B5", required=True),
    Field("contact_phone", "联系电话", SHEET_EXTRA, "B6", required=True,
          help="手机或座机号码，请以文本形式填写。", aliases=("电话",)),
    Field("fill_date", "填报日期", SHEET_EXTRA, "B7", kind="date", required=True,
          help="日期，如 2025-01-15。"),
    Field("template_version", "模板版本", SHEET_EXTRA, "B8", kind="version"),
    Field("fund_city", "市级财政", SHEET_EXTRA, "B11", kind="money",
          help="当年财政拨款中市级财政资金，单位：万元；没有填 0。"),
    Field("fund_district", "区级财政", SHEET_EXTRA, "B12", kind="money",
          help="当年财政拨款中区级财政资金，单位：万元；没有填 0。"),
    Field("fund_town", "镇街财政", SHEET_EXTRA, "B13", kind="money",
          help="当年财政拨款中镇（街道）财政资金，单位：万元；没有填 0。"),
    Field("budget_change_note", "预算调整说明", SHEET_EXTRA, "B15", kind="longtext",
          help="年初预算数与全年预算数不一致时，请说明调整原因。"),
    Field("execution_note", "执行偏差说明", SHEET_EXTRA, "B16", kind="longtext",
          help="全年执行数低于全年预算数时，请说明原因和改进措施。", since="2.0"),
    Field("mid_eval_result", "中期评估结果", SHEET_EXTRA, "G21", kind="choice",
          choices=EVAL_RESULTS, help="第三方中期评估的结论。"),
    Field("final_eval_result", "末期评估结果", SHEET_EXTRA, "G22", kind="choice",
          choices=EVAL_RESULTS, help="第三方末期评估的结论。"),
    Field("mid_eval_date", "中期评估日期", SHEET_EXTRA, "H21", kind="date",
          help="中期评估结论出具的日期。", since="2.0"),
    Field("final_eval_date", "末期评估日期", SHEET_EXTRA, "H22", kind="date",
          help="末期评估结论出具的日期。", since="2.0"),
    Field("survey_note", "满意度调查说明", SHEET_EXTRA, "B25", kind="longtext",
          help="满意度调查的方式、时间和样本量，如：2024 年 12 月发放问卷 200 份，回收有效问卷 186 份。", since="2.0"),
    Field("self_grade", "自评等级", SHEET_EXTRA, "B26", kind="choice", required=True,
          choices=GRADES, help="优（90 分及以上）、良（80–90）、中（60–80）、差（60 以下）。"),
    Field("achievements", "主要经验做法", SHEET_EXTRA, "B27", kind="longtext", required=True,
          help="项目取得的主要成效和经验做法。"),
    Field("problems", "存在问题", SHEET_EXTRA, "B28", kind="longtext", required=True,
          help="项目实施中存在的问题或不足。"),
    Field("suggestions", "改进建议", SHEET_EXTRA, "B29", kind="longtext", required=True,
          help="下一步的改进措施和建议。", aliases=("相关建议",)),
)

INDICATORS = Table(
    name="indicators",
    label="绩效指标",
    sheet=SHEET_FORM,
    header_cell=f"B{INDICATOR_HEADER_ROW}",
    data_rows=INDICATOR_ROWS,
    national=8,
    columns=(
        Column("level1", "一级指标", "choice", tuple(INDICATOR_LEVELS), width=14,
               help="产出指标、效益指标或满意度指标。"),
        Column("level2", "二级指标", "choice",
               tuple(name for names in INDICATOR_LEVELS.values() for name in names), width=18,
               help="如：数量指标、质量指标、社会效益指标。"),
        Column("name", "三级指标", width=26, help="具体指标名称，如：家庭探访户数。"),
        Column("target", "年度指标值", "measure", width=11, aliases=("指标值", "年度目标值"),
               help="年初设定的目标，如 ≥1600户、=8个、≤20万元、≥90%；定性指标填文字，如：良好。"),
        Column("actual", "实际完成值", "measure", width=11, aliases=("全年实际完成值", "全年实际值", "实际值"),
               help="全年实际完成的数值，如 1604户；定性指标填完成情况，如：达成预期指标。"),
        Column("weight", "分值", "score", width=6, help="该指标的分值。"),
        Column("self_score", "得分", "score", width=6, help="该指标的自评得分，不超过分值。",
               aliases=("自评得分",)),
        Column("deviation_reason", "偏差原因分析及改进措施", "longtext", width=22,
               help=f"未完成或超额完成（完成率 ≥{OVER_COMPLETION_MARK}）时必须说明原因。",
               aliases=("偏差原因", "未完成原因及拟采取的改进措施")),
        Column("direction", "指标方向", "choice", DIRECTIONS, width=8, aliases=("指标性质",),
               help="年度指标值没有写 ≥、≤、= 时选择：≥ 越多越好；≤ 越少越好（成本、投诉、时长）；"
                    "= 应恰好等于；定性 无法计量。"),
        Column("unit", "计量单位", width=8, aliases=("度量单位",), help="年度指标值没有写单位时填写，如：户、个、人次、%。"),
        Column("reported_rate", "自报完成率", "rate", width=10,
               help="实际完成值 ÷ 年度指标值，如 115%。", aliases=("完成率",)),
        Column("evidence", "佐证材料", "longtext", width=20,
               help="支撑完成值的材料名称，如：服务台账、评估报告。"),
        Column("qualitative_result", "定性完成情况", "choice", QUALITATIVE_RESULTS, legacy=True),
    ),
)

PAYMENTS = Table(
    name="payments",
    label="资金拨付",
    sheet=SHEET_EXTRA,
    header_cell="A19",
    data_rows=3,
    fixed_rows=("首期", "中期", "末期"),
    columns=(
        Column("stage", "拨付批次", input=False, width=18),
        Column("condition", "拨付条件", input=False, width=16),
        Column("agreed_ratio", "约定比例", "rate", width=10, help="合同约定的本期拨付比例，按合同填写。"),
        Column("agreed_amount", "约定金额", "money", input=False, width=12,
               help="约定比例 × 全年预算数，自动计算。"),
        Column("paid_amount", "实际拨付金额", "money", width=12, help="本期实际拨付金额，单位：万元。"),
        Column("paid_date", "拨付日期", "date", width=12, help="本期实际拨付日期。"),
        Column("eval_result", "前置评估结果", "choice", EVAL_RESULTS, input=False, width=12),
        Column("eval_date", "评估日期", "date", input=False, width=12),
    ),
)

TABLES = (INDICATORS, PAYMENTS)

#: The evaluation each row of the payments table shows, by stage (``None``: the first payment has none).
#: When a payment is due, and on what result, is a rule (``payments`` in rules.toml).
PAYMENT_EVALUATIONS: dict[str, str | None] = {"首期": None, "中期": "mid_eval_result", "末期": "final_eval_result"}

#: The fields as a reader of one unit's record meets them, by section (the template version is none).
SECTIONS: dict[str, tuple[str, ...]] = {
    "基本信息": ("unit_name", "eval_year", "project_name", "competent_dept", "implementing_unit",
             "operator", "contact_person", "contact_phone", "fill_date"),
    "资金情况": tuple(f.name for f in FIELDS if f.kind == "money") + (
        "budget_weight", "exec_rate_reported", "budget_score_reported", "budget_change_note",
        "execution_note"),
    "自评结论": ("goal_expected", "goal_actual", "survey_note", "self_total_score", "self_grade",
             "achievements", "problems", "suggestions"),
}

#: The date of each evaluation, beside its result in the payments table.
EVAL_DATE_FIELDS = {"mid_eval_result": "mid_eval_date", "final_eval_result": "final_eval_date"}

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
        formula = "，公式：各来源之和" if item.sum_of else ""
        lines.append(f"| `{item.name}` | {item.label} | {item.sheet}!{item.cell} | "
                     f"{kinds[item.kind]}{choices}{formula} | {'是' if item.required else ''} |")
    for table in TABLES:
        labels = [column.label for column in table.written]
        columns = "、".join(labels[:table.national] or labels)
        if table.national:
            columns += f"（国家表）；{'、'.join(labels[table.national:])}（区里补充，在国家表右侧）"
        lines.append(f"| `{table.name}` | {table.label}（表头行 + {table.data_rows} 行） | "
                     f"{table.sheet}!{table.header_cell} 起 | 表格：{columns} | |")
    return "\n".join(lines)

"""Findings: every problem the tool can report, as plain records.

A finding is a value, not an exception: a bad file or a wrong figure is an
expected part of the job.  Each finding has a code from one catalogue below,
which gives its severity and a Chinese message template; the record carries
where it is (file, sheet, cell) and the values its template names, so that
the terminal table, the JSON output, the 问题清单 sheet, the cell comments
and the report all render it from the same record, each in its own words
(:attr:`Finding.message` for the town, :attr:`Finding.statement` for a
report).  Nothing reads a rendered message back: code and values are the
finding.  Adding a check means adding one line here and one function in
``checks``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

from excel_eval.catalogue import user_text
from excel_eval.record import record


class UserError(Exception):
    """A problem that stops one operation, told as one Chinese sentence naming the file.

    Findings are about what a submission holds; these are about what the tool
    was asked to do (a roster it cannot read, a copy it cannot write).  It is
    raised with a code of :data:`~excel_eval.catalogue.USER_ERRORS` and the
    values its text names; the command shows ``message`` as it is.
    """

    def __init__(self, code: str, **params: Any) -> None:
        self.code, self.params = code, params
        super().__init__(user_text(code, **params))

    @property
    def message(self) -> str:
        return str(self)


class Severity(str, Enum):
    """How serious a finding is: a stable code for programs, a Chinese label for people.

    Nothing may depend on the label's wording: the exit code and the JSON use
    the code, and only what a person reads uses ``label``.
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return _SEVERITY_LABELS[self]

    @property
    def rank(self) -> int:
        return _SEVERITY_RANKS[self]


_SEVERITY_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}
_SEVERITY_RANKS = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class FindingType:
    code: str
    severity: Severity
    title: str
    #: The message to the town: what is wrong, and what to do (“请…”).
    template: str

    @property
    def statement(self) -> str:
        """The template as a report states the fact: no request, no word on how the file was read."""
        return STATEMENTS.get(self.code, self.template)


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

_CATALOGUE = (
    # Files that cannot be read at all.
    FindingType("file_empty", E, "空文件", "文件是空的（0 字节），请重新保存后再报送。"),
    FindingType("file_not_spreadsheet", E, "不是表格文件", "不是 Excel 表格文件（{detail}），请用区里下发的模板填报后另存为 .xlsx。"),
    FindingType("file_corrupt", E, "文件已损坏", "文件已损坏或不完整，无法打开（{detail}），请重新保存后再报送。"),
    FindingType("file_encrypted", E, "文件已加密", "文件设置了打开密码，无法读取，请取消密码后再报送。"),
    FindingType("file_lock", I, "临时锁定文件", "这是 Excel、WPS 或 LibreOffice 打开文件时生成的临时锁定文件，不是报送文件，已跳过。"),
    FindingType("file_hidden", I, "隐藏文件", "这是隐藏文件（名称以“.”开头），通常由系统或软件自动生成，不是报送文件，已跳过。"),
    FindingType("file_too_large", E, "文件内容过大", "文件中的 {part} 解压后超过 {limit} MB，疑似异常文件（压缩炸弹），已拒绝读取。"),
    FindingType("file_unsafe_xml", E, "不安全的文件内容", "文件中的 {part} 含有不允许的 XML 实体定义，疑似恶意构造，已拒绝读取。"),
    FindingType("cells_beyond_area", I, "读取范围外的单元格", "工作表“{sheet}”中{where}在读取范围 A1:{last} 之外，未读取；通常是误按键留下的内容，请确认后删除。"),
    FindingType("file_unreadable", E, "无法读取", "无法读取该文件：{detail}"),
    FindingType("workbook_not_a_form", E, "不是绩效自评表", "这是一个表格文件（工作表：{sheets}），但其中找不到绩效自评表的任何内容，请用区里下发的模板填报后报送。"),
    FindingType("file_xlsb", E, "Excel 二进制工作簿", "这是 Excel 二进制工作簿（.xlsb），本工具不读取这种格式；请在 Excel 中“另存为”Excel 工作簿（.xlsx）后再报送。"),
    FindingType("file_is_summary", I, "本工具生成的汇总", "这是本工具生成的汇总工作簿（含数据表“_数据”），不是报送文件，已跳过；汇总文件请保存在报送文件夹之外。"),
    FindingType("file_not_regular", I, "不是普通文件", "这是一个{kind}，不是报送文件，未打开读取。"),
    FindingType("file_link_broken", E, "快捷方式失效", "这是一个快捷方式（链接），它指向的文件已不存在，无法读取；请放入文件本身。"),
    FindingType("folder_unreadable", E, "子文件夹无法打开", "无法打开这个子文件夹（{detail}），其中的文件都未读取；请检查文件夹权限后重新汇总。"),
    FindingType("file_over_limit", E, "文件过大", "文件大小为 {size} MB，超过读取上限 {limit} MB，未读取；自评表通常不到 1 MB，请确认是否放错了文件（上限可在规则文件的 files.size_limit_mb 中调整）。"),
    # Template structure.
    FindingType("template_version_unknown", E, "模板版本不符", "模板版本为“{found}”，本工具支持的版本为 {expected}，请使用区里下发的最新模板重新填报。"),
    FindingType("template_version_missing", W, "缺少模板版本", "未找到模板版本号，文件可能不是用区里下发的模板填报的，已按标签尽量读取。"),
    FindingType("sheet_missing", E, "缺少工作表", "缺少工作表“{sheet}”，其中的内容无法读取。"),
    FindingType("name_missing", W, "定义名称缺失", "未找到定义名称 {name}（{label}），已按标签在 {sheet}!{cell} 读取到该项。"),
    FindingType("field_not_found", E, "找不到填报项", "既没有定义名称 {name}，也没有找到标签“{label}”，该项无法读取。"),
    FindingType("field_merged", W, "输入单元格被合并", "填报单元格 {cell} 被合并到区域 {merged} 中，值可能丢失或错位，请取消合并。"),
    FindingType("table_row_far", W, "指标行位置异常", "第 {row} 行在指标表中间隔了 {gap} 个空行，请确认该行属于指标表。"),
    FindingType("formula_overwritten", I, "公式被改为数值", "该单元格原为自动计算公式，现被填入了数值 {found}，已按填入值读取并重新计算核对。"),
    # Values as typed.
    FindingType("required_missing", E, "必填项为空", "“{label}”为必填项，未填写。"),
    FindingType("text_in_number", I, "数字写成了文本", "“{label}”应为数字，填写的是文本“{found}”，已按 {expected} 读取，请改为纯数字。"),
    FindingType("measure_as_text", I, "指标值写成了文本", "“{label}”填写的是文本“{found}”，已按数值 {expected} 读取。"),
    FindingType("number_out_of_range", E, "数值超出范围", "“{label}”填写的 {found} 不是可用的数值（无穷大、非数字或绝对值超过 10 的 15 次方），已按未填写处理。"),
    FindingType("number_unreadable", E, "无法识别的数字", "“{label}”应为数字，填写的“{found}”无法识别为数字。"),
    FindingType("percent_sign_missing", I, "百分数未带 % 号", "“{label}”填写的是不带 % 号的数字 {found}，已按 {expected} 读取（大于 1 的按百分点，不大于 1 的按比率）；请填写为 {expected}，或把单元格设为百分比格式。"),
    FindingType("value_approximate", W, "数值为约数", "“{label}”填写为约数“{found}”，已按 {expected} 读取，请填写准确数值。"),
    FindingType("choice_invalid", W, "选项不在下拉列表中", "“{label}”填写的“{found}”不在可选项中（{expected}）。"),
    FindingType("date_unreadable", W, "无法识别的日期", "“{label}”填写的“{found}”无法识别为日期，请按 2025-01-15 的格式填写。"),
    FindingType("year_invalid", E, "评价年度不正确", "评价年度“{found}”不是有效的四位年份。"),
    FindingType("direction_conflict", W, "指标方向与指标值矛盾", "指标方向为“{found}”，但年度指标值写的是“{expected}”，已按指标方向计算。"),
    FindingType("unit_mismatch", W, "计量单位不一致", "年度指标值的单位“{expected}”与实际完成值的单位“{found}”不一致，完成率可能不准确。"),
    # How the reader met a value or a table: formulas, merged rows, the national form's funds block.
    FindingType("input_error_value", E, "单元格显示错误值", "“{label}”所在单元格显示错误值 {found}（#DIV/0! 为除以零，#REF! 为引用的单元格已删除，#N/A 为找不到数据），无法读取；请改正公式，或直接填写数值。"),
    FindingType("input_formula_without_result", E, "公式没有计算结果", "“{label}”所在单元格是公式，但文件中没有保存它的计算结果（常见于由其他程序生成、未经 Excel 保存的文件），无法读取；请直接填写数值，或用 Excel 打开后保存。"),
    FindingType("fill_date_in_future", W, "填报日期在今天之后", "填报日期 {found} 在今天（{expected}）之后，不会是实际的填报日期，请核对；同一单位有多份报送时，汇总不按这个日期取舍。"),
    FindingType("indicator_rows_merged", W, "指标行被合并", "指标表的“{label}”在第 {first}–{last} 行合并为一个单元格，合并只保留第一行的内容，其下各行的内容已不在文件中，这些指标可能没有计分；请取消合并，逐行填写。"),
    FindingType("input_formula", W, "填报项是公式", "“{label}”所在单元格是公式，已读取文件保存时的计算结果 {found}；公式的结果可能已过时或引用了其他文件，请直接填写数值。"),
    FindingType("level_name_short", I, "指标名称不完整", "{label}写作“{found}”，已按“{expected}”读取；请写完整的指标名称。"),
    FindingType("national_form", I, "国家自评表版式", "本文件是按国家项目支出绩效自评表版式填写的（不是区里下发的模板），已按表中标签读取；区里需要补充的以下内容不在文件中：{missing}。"),
    FindingType("unit_from_implementing", I, "填报单位取自实施单位", "文件中没有填报单位，已取实施单位“{found}”作为填报单位。"),
    FindingType("fund_total_from_parts", I, "年度资金总额按分项合计", "年度资金总额的{label}为 {found}，其中各来源合计 {expected} 万元，已按各来源合计计算。"),
    FindingType("fund_in_yuan", I, "项目资金以元填写", "项目资金写明以元为单位（“{found}”），各金额已除以 10000 换算为万元。"),
    FindingType("fund_row_zero_figures", I, "年度资金总额一行未填", "年度资金总额一行的金额未填，该行的{found}同样填的是 0，视为未填，不作为自报数核对；执行率和预算执行得分已按其中各来源合计复核。"),
    FindingType("fund_total_mismatch", W, "年度资金总额与分项不符", "年度资金总额的{label}为 {found} 万元，与其中各来源合计 {expected} 万元（{parts}）不一致，请核对。"),
    # A submission's own figures against the method (raised by ``checks``).
    FindingType("sources_sum_mismatch", E, "资金来源合计不符", "资金来源合计 {found} 万元（{parts}）与{whole} {expected} 万元不一致，相差 {diff} 万元。"),
    FindingType("spent_over_budget", E, "执行数超过预算数", "全年执行数 {found} 万元超过全年预算数 {expected} 万元。"),
    FindingType("budget_change_unexplained", I, "预算调整未说明", "年初预算数 {initial} 万元与全年预算数 {total} 万元不一致，请在预算调整说明中写明调整原因。"),
    FindingType("budget_adjusted_unexplained", W, "预算大幅调整未说明", "年初预算数 {initial} 万元调整为全年预算数 {total} 万元，变动 {share}，超过 {limit}，但未填写预算调整说明；请写明调整原因及对绩效目标的影响。"),
    FindingType("execution_low_unexplained", W, "执行率偏低未说明", "预算执行率 {found}，低于 {expected}，但未填写执行偏差说明；请说明资金未执行的原因和改进措施。"),
    FindingType("cost_ceiling_above_budget", I, "成本指标高于调整后预算", "成本指标“{name}”的上限 {found} 万元高于全年预算数 {expected} 万元，可能仍是调整前的预算；请按调整后的预算核定。"),
    FindingType("payment_date_outside_year", W, "拨付日期不在评价期内", "{stage}拨付日期 {found} {where}；请核对拨付日期。"),
    FindingType("payment_ratios_not_100", W, "拨付比例合计不为 100%", "各期约定比例合计为 {found}（{parts}），应为 100%。"),
    FindingType("payment_before_evaluation_date", W, "评估前即拨付", "{stage}拨付日期 {found} 早于{evaluation}日期 {expected}；按规定须{condition}合格以上才能拨付。"),
    FindingType("payment_ratio_differs", W, "拨付比例与规定不符", "{stage}约定比例为 {found}，规定为 {expected}（{condition}后拨付）。"),
    FindingType("payment_amount_mismatch", E, "约定金额计算有误", "{stage}约定金额 {found} 万元，应为约定比例 {ratio} × 全年预算数 {budget} 万元 = {expected} 万元。"),
    FindingType("payment_before_evaluation", E, "评估未合格即拨付", "{stage}已拨付 {paid} 万元，但{evaluation}为“{found}”；按规定须{condition}合格以上才能拨付。"),
    FindingType("payments_total_mismatch", W, "拨付合计与执行数不符", "各期实际拨付合计 {found} 万元（{parts}）与全年执行数 {expected} 万元不一致。"),
    FindingType("weights_total_wrong", E, "分值合计不为 100", "预算执行率与各项指标的分值合计为 {found}（{parts}），应为 {expected}。"),
    FindingType("weight_differs_from_default", I, "分值与默认不同", "{label}的分值为 {found}，与规则默认的 {expected} 分不同；分值合计仍为 {full}，予以认可。"),
    FindingType("level_points_differ", W, "一级指标分值与各行不符", "一级指标“{level1}”写明 {expected} 分，其下各行分值合计 {found} 分，二者不一致；复核按各行分值计算，请核对。"),
    FindingType("execution_missing", E, "无法计算执行率", "{label}未填写，无法计算预算执行率，预算执行的 {points} 分按 0 分计；请填写{label}。"),
    FindingType("self_scores_missing", W, "指标未填自评得分", "指标未填写自评得分（{names}），无法与复核得分核对，请填写。"),
    FindingType("total_and_parts", I, "合计行与分项", "指标“{name}”是下面 {count} 行（{names}）的合计：{how}。"),
    FindingType("indicator_weight_missing", E, "指标分值为空", "指标未填写分值（{names}），无法计分，复核按 0 分计。"),
    FindingType("level1_unknown", E, "一级指标名称不规范", "一级指标“{found}”不是规定的一级指标（{expected}），该行无法归入分项得分。"),
    FindingType("level2_unknown", W, "二级指标名称不规范", "二级指标“{found}”不属于一级指标“{level1}”，可选：{expected}。"),
    FindingType("target_missing", W, "缺少年度指标值", "指标“{name}”的年度指标值{state}，无法核算完成情况{consequence}。"),
    FindingType("actual_missing", W, "缺少实际完成值", "指标“{name}”的实际完成值{state}，无法核算完成情况{consequence}。"),
    FindingType("negative_value", E, "数值为负", "指标“{name}”的{label}为负数 {found}，请核实。"),
    FindingType("target_no_base", W, "指标值缺少可计量的基数", "指标“{name}”的年度指标值为“{found}”，{why}，无法据以衡量实际完成了多少；{carried}。请改为可计量的目标值（如服务人次、次数、户数的具体数量）。"),
    FindingType("actual_not_a_number", W, "实际完成值不是数量", "指标“{name}”的年度指标值是数量，实际完成值却写作“{found}”，无法核算完成率；{carried}。请填写实际完成的数量。"),
    FindingType("qualitative_result_unknown", W, "定性完成情况无法识别", "定性指标“{name}”的完成情况“{found}”不是规则认可的结果，无法核定档次；{carried}。可写：{expected}。"),
    FindingType("unverified_points", W, "待核实分值", "{count} 项指标无法核实（{names}），暂按自评得分计入复核总分 {total} 分，待核实分值 {found} 分；{ranked}。"),
    FindingType("high_score_unverified", W, "高分自评依据无法核实", "自评总分 {found} 分（{limit} 分及以上），但其中 {count} 项指标（{names}）的完成情况无法核实；高分自评须以可核实的完成值为依据，请按可计量的目标值和实际完成值重新填写。"),
    FindingType("actual_is_threshold", W, "实际完成值不是确数", "指标“{name}”的实际完成值写作“{found}”，只说明了范围，请填写准确的实际完成数。"),
    FindingType("rate_mismatch", W, "自报比率与复核不符", "{label}自报 {found}，复核为 {expected}（{how}），相差 {diff} 个百分点，超出允许误差 {tolerance} 个百分点{truncation}。"),
    FindingType("rate_truncated", I, "比率截尾取整", "{label}自报 {found}，复核为 {exact}（{how}），四舍五入应为 {expected}；自报值是直接舍去小数（截尾取整）的结果，差异在允许误差 {tolerance} 个百分点内。"),
    FindingType("score_mismatch", E, "自评得分与复核不符", "{label}自评 {found} 分，复核为 {expected} 分（{how}），相差 {diff} 分，超出允许误差 {tolerance} 分{truncation}。"),
    FindingType("score_truncated", I, "得分截尾取整", "{label}自评 {found} 分，复核为 {exact} 分（{how}），四舍五入应为 {expected} 分；自评分是直接舍去小数（截尾取整）的结果，差异在允许误差 {tolerance} 分内。"),
    FindingType("self_score_over_weight", E, "自评得分超过分值", "指标“{name}”自评得分 {found} 分，超过该指标的分值 {expected} 分。"),
    FindingType("qualitative_out_of_band", W, "定性得分超出档次", "定性指标“{name}”完成情况为“{result}”，得分应在 {expected} 分之间，自评 {found} 分；复核按 {score} 分计。"),
    FindingType("qualitative_result_missing", W, "缺少定性完成情况", "定性指标“{name}”的实际完成值未填写完成情况（{expected}），无法核定得分，复核按 0 分计。"),
    FindingType("shortfall_no_reason", W, "未完成且未说明原因", "指标“{name}”{state}，请填写偏差原因分析及改进措施。"),
    FindingType("overshoot_no_reason", W, "超额完成且未说明原因", "指标“{name}”完成率 {found}，达到或超过 {expected}，可能是年度指标值定得偏低；请在偏差原因中说明。"),
    FindingType("grade_inconsistent", E, "自评等级与自评总分不符", "自评总分 {total} 分应评为“{expected}”，自评等级却为“{found}”。"),
    FindingType("grade_mismatch", E, "自评等级与复核不符", "自评等级为“{found}”，按复核总分 {total} 分应为“{expected}”。"),
    FindingType("perfect_score_no_evidence", W, "高分自评缺少佐证", "自评总分 {found} 分（{limit} 分及以上），但有 {count} 项指标未填写佐证材料（{names}）；高分自评须有佐证材料支撑。"),
    FindingType("evidence_column_missing", I, "自评表没有佐证材料栏", "自评总分 {found} 分（{limit} 分及以上），自评表没有佐证材料栏；请随表报送各项指标的佐证材料清单。"),
    FindingType("target_maybe_low", I, "目标可能偏低", "指标“{name}”完成率 {found}，达到或超过 {expected}，已说明原因，但年度指标值可能定得偏低，下一年度请按实际完成水平设定{deduction}。"),
    FindingType("reason_boilerplate", I, "偏差原因为套话", "指标“{name}”{state}，偏差原因只写了“{found}”{copied}，未说明具体原因；请写明偏差的具体原因和改进措施。"),
    FindingType("satisfaction_target_full", I, "满意度目标为 100%", "满意度指标“{name}”的年度指标值为 {found}，满意度调查很少能达到 100%；请说明调查方式、样本量和回收情况，或按往年实际设定目标。"),
    FindingType("satisfaction_no_survey", I, "缺少满意度调查说明", "满意度指标“{name}”实际完成值 {found}，未填写满意度调查说明（调查方式、样本量、回收情况）。"),
    FindingType("satisfaction_missing", W, "没有满意度指标", "绩效指标中没有满意度指标；请按自评表设置服务对象满意度指标。"),
    FindingType("output_only_quantity", I, "产出指标只有数量指标", "产出指标只设了数量指标，没有质量、时效或成本指标；请补充能反映服务质量、及时性或成本的指标。"),
    FindingType("input_as_output", W, "投入资金设为产出指标", "指标“{name}”（{level2}）是资金金额（{found}），属于投入而不是产出；请改为反映服务数量、质量或时效的指标，资金可设为成本指标。"),
    FindingType("targets_unmeasurable", I, "定性目标无法衡量", "{count} 项定性指标的年度指标值没有可衡量的标准：{rows}；请写明达到什么程度算完成（如“合格以上”“全部覆盖”）。"),
    # Across files.
    FindingType("duplicate_submission", W, "重复报送", "{unit} {year} 年度有多份报送：本文件与“{expected}”重复，汇总采用“{used}”（{reason}）。"),
    FindingType("unit_not_on_roster", W, "单位不在名册中", "填报单位“{found}”不在名册中，{suggestion}"),
    FindingType("unit_name_differs", I, "单位名称与名册不一致", "填报单位写作“{found}”，名册中为“{expected}”，已按名册名称汇总。"),
    FindingType("completion_outlier", I, "完成率明显偏离全区",
                "“{name}”完成率 {found}，全区同类指标中位数为 {expected}，相差 {factor:g} 倍以上，请核实年度指标值是否合理。"),
    FindingType("cost_outlier", I, "单位成本明显偏离全区",
                "按“{name}”计算，每{per}成本 {found} 元，全区中位数为 {expected} 元，相差 {factor:g} 倍以上，请核实。"),
    FindingType("target_below_previous_actual", W, "目标值低于上年实际完成值",
                "“{name}”年度指标值 {found} 低于上年实际完成值 {expected}，目标可能定得偏低，请核实。"),
    FindingType("target_below_previous_target", W, "目标值低于上年且未说明原因",
                "“{name}”年度指标值 {found} 低于上年指标值 {expected}，未在偏差原因中说明下调理由。"),
    FindingType("grade_dropped", I, "复核等级下降",
                "复核等级由上年的“{expected}”（{old_score:.2f} 分）降为“{found}”（{new_score:.2f} 分）。"),
    FindingType("budget_change_from_previous", I, "预算较上年变动较大",
                "全年预算数 {found} 万元较上年 {expected} 万元变动 {change:+.1%}，超过 {limit:.0%}，"
                "请在预算调整说明中写明原因。"),
)

#: What a finding says in a report, where its message to the town would ask for something or speak of
#: how the file was read (a report states facts about the project).  A code not listed states its template.
STATEMENTS: dict[str, str] = {
    "file_empty": "文件是空的（0 字节）",
    "file_not_spreadsheet": "不是 Excel 表格文件（{detail}）",
    "file_corrupt": "文件已损坏或不完整，无法打开（{detail}）",
    "file_encrypted": "文件设置了打开密码",
    "file_too_large": "文件中的 {part} 解压后超过 {limit} MB，疑似异常文件（压缩炸弹）",
    "file_unsafe_xml": "文件中的 {part} 含有不允许的 XML 实体定义，疑似恶意构造",
    "cells_beyond_area": "通常是误按键留下的内容",
    "file_unreadable": "",
    "file_not_regular": "这是一个{kind}，不是报送文件",
    "file_link_broken": "这是一个快捷方式（链接），它指向的文件已不存在",
    "folder_unreadable": "无法打开这个子文件夹（{detail}）",
    "file_over_limit": "文件大小为 {size} MB，自评表通常不到 1 MB",
    "workbook_not_a_form": "这是一个表格文件（工作表：{sheets}），但其中找不到绩效自评表的任何内容",
    "file_xlsb": "这是 Excel 二进制工作簿（.xlsb）",
    "file_is_summary": "这是本工具生成的汇总工作簿（含数据表“_数据”），不是报送文件",
    "template_version_unknown": "模板版本为“{found}”，本工具支持的版本为 {expected}",
    "template_version_missing": "未找到模板版本号，文件可能不是用区里下发的模板填报的",
    "sheet_missing": "缺少工作表“{sheet}”",
    "name_missing": "未找到定义名称 {name}（{label}）",
    "field_not_found": "既没有定义名称 {name}，也没有找到标签“{label}”",
    "field_merged": "值可能丢失或错位",
    "table_row_far": "第 {row} 行在指标表中间隔了 {gap} 个空行",
    "formula_overwritten": "现被填入了数值 {found}",
    "text_in_number": "“{label}”应为数字，填写的是文本“{found}”",
    "measure_as_text": "“{label}”填写的是文本“{found}”",
    "number_out_of_range": "“{label}”填写的 {found} 不是可用的数值（无穷大、非数字或绝对值超过 10 的 15 次方）",
    "percent_sign_missing": "“{label}”填写的是不带 % 号的数字 {found}",
    "value_approximate": "“{label}”填写为约数“{found}”",
    "date_unreadable": "“{label}”填写的“{found}”无法识别为日期",
    "direction_conflict": "指标方向为“{found}”，但年度指标值写的是“{expected}”",
    "unit_not_on_roster": "填报单位“{found}”不在名册中，{question}",
    "unit_name_differs": "填报单位写作“{found}”，名册中为“{expected}”",
    "budget_change_unexplained": "年初预算数 {initial} 万元与全年预算数 {total} 万元不一致",
    "budget_adjusted_unexplained": "年初预算数 {initial} 万元调整为全年预算数 {total} 万元，变动 {share}，超过 {limit}，"
                                   "但未填写预算调整说明",
    "execution_low_unexplained": "预算执行率 {found}，低于 {expected}，但未填写执行偏差说明",
    "cost_ceiling_above_budget": "成本指标“{name}”的上限 {found} 万元高于全年预算数 {expected} 万元，可能仍是调整前的预算",
    "payment_date_outside_year": "{stage}拨付日期 {found} {where}",
    "negative_value": "指标“{name}”的{label}为负数 {found}",
    "target_no_base": "指标“{name}”的年度指标值为“{found}”，{why}，无法据以衡量实际完成了多少；{carried}",
    "actual_not_a_number": "指标“{name}”的年度指标值是数量，实际完成值却写作“{found}”，无法核算完成率；{carried}",
    "high_score_unverified": "自评总分 {found} 分（{limit} 分及以上），但其中 {count} 项指标（{names}）的完成情况无法核实；"
                             "高分自评须以可核实的完成值为依据",
    "actual_is_threshold": "指标“{name}”的实际完成值写作“{found}”，只说明了范围",
    "level_points_differ": "一级指标“{level1}”写明 {expected} 分，其下各行分值合计 {found} 分，二者不一致",
    "execution_missing": "{label}未填写，无法计算预算执行率，预算执行的 {points} 分按 0 分计",
    "self_scores_missing": "指标未填写自评得分（{names}），无法与复核得分核对",
    "level_name_short": "{label}写作“{found}”，名称不完整",
    "shortfall_no_reason": "指标“{name}”{state}",
    "overshoot_no_reason": "指标“{name}”完成率 {found}，达到或超过 {expected}，可能是年度指标值定得偏低",
    "evidence_column_missing": "自评总分 {found} 分（{limit} 分及以上），自评表没有佐证材料栏",
    "reason_boilerplate": "指标“{name}”{state}，偏差原因只写了“{found}”{copied}，未说明具体原因",
    "satisfaction_target_full": "满意度指标“{name}”的年度指标值为 {found}，满意度调查很少能达到 100%；或按往年实际设定目标",
    "satisfaction_missing": "绩效指标中没有满意度指标",
    "output_only_quantity": "产出指标只设了数量指标，没有质量、时效或成本指标",
    "input_as_output": "指标“{name}”（{level2}）是资金金额（{found}），属于投入而不是产出；资金可设为成本指标",
    "targets_unmeasurable": "{count} 项定性指标的年度指标值没有可衡量的标准：{rows}",
    "national_form": "本文件是按国家项目支出绩效自评表版式填写的（不是区里下发的模板），区里需要补充的以下内容不在文件中：{missing}",
    "fund_total_from_parts": "年度资金总额的{label}为 {found}，其中各来源合计 {expected} 万元",
    "fund_row_zero_figures": "年度资金总额一行的金额未填，该行的{found}同样填的是 0，视为未填，不作为自报数核对",
    "input_error_value": "“{label}”显示错误值 {found}",
    "input_formula_without_result": "“{label}”是公式，文件中没有保存它的计算结果",
    "input_formula": "“{label}”是公式，其结果为 {found}",
    "indicator_rows_merged": "指标表的“{label}”在第 {first}–{last} 行合并，其下各行的内容已不在文件中",
    "fill_date_in_future": "填报日期 {found} 在今天（{expected}）之后",
    "fund_total_mismatch": "年度资金总额的{label}为 {found} 万元，与其中各来源合计 {expected} 万元（{parts}）不一致",
    "completion_outlier": "“{name}”完成率 {found}，全区同类指标中位数为 {expected}，相差 {factor:g} 倍以上",
    "cost_outlier": "按“{name}”计算，每{per}成本 {found} 元，全区中位数为 {expected} 元，相差 {factor:g} 倍以上",
    "target_below_previous_actual": "“{name}”年度指标值 {found} 低于上年实际完成值 {expected}，目标可能定得偏低",
    "budget_change_from_previous": "全年预算数 {found} 万元较上年 {expected} 万元变动 {change:+.1%}，超过 {limit:.0%}",
}

#: What a folded finding (one format slip at several cells) adds to its message, and to its statement.
FOLDED = "同类情况共 {count} 处（{places}），请一并修改。"
FOLDED_STATEMENT = "同类情况共 {count} 处（{places}）"

CATALOGUE: dict[str, FindingType] = {entry.code: entry for entry in _CATALOGUE}


@record(frozen=True)
class Finding:
    """One problem, where it is, what was expected and found, and the other values its template names.

    Its words are rendered from the catalogue when asked for, never stored:
    what a program reads is the code and the values.
    """

    code: str
    severity: Severity
    file: str = ""
    unit: str = ""
    sheet: str = ""
    cell: str = ""
    field: str = ""
    expected: str = ""
    found: str = ""
    #: Every cell the finding is about, as 工作表!A1, when it is about more than ``cell`` alone
    #: (a format slip folded into one finding per kind per file); see :attr:`places`.
    cells: tuple[str, ...] = ()
    #: The other values the code's template names, as (name, value) pairs (kept as given: a
    #: template may format a number, as in “{change:+.1%}”).
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def title(self) -> str:
        return CATALOGUE[self.code].title

    @property
    def message(self) -> str:
        """The finding told to the town: what is wrong and what to do."""
        text = self._render(CATALOGUE[self.code].template)
        return text + self._render_folded(FOLDED) if self.cells else text

    @property
    def statement(self) -> str:
        """The finding as a report states it: the fact, without a request or a word on reading the file."""
        text = self._render(CATALOGUE[self.code].statement).rstrip("，；。")
        return f"{text}，{self._render_folded(FOLDED_STATEMENT)}" if self.cells else text

    def _render(self, template: str) -> str:
        values = {"file": self.file, "unit": self.unit, "sheet": self.sheet, "cell": self.cell,
                  "field": self.field, "expected": self.expected, "found": self.found, **dict(self.params)}
        return template.format(**values)

    def _render_folded(self, template: str) -> str:
        return template.format(count=len(self.cells), places=self._places_named())

    def _places_named(self) -> str:
        """The cells of a folded finding as its message names them: on its own sheet by cell alone."""
        named = [place.split("!", 1)[-1] if place.startswith(f"{self.sheet}!") else place
                 for place in self.cells[:_PLACES_NAMED]]
        return "、".join(named) + ("等" if len(self.cells) > _PLACES_NAMED else "")

    @property
    def places(self) -> tuple[str, ...]:
        """Every cell the finding is about, as 工作表!A1: its ``cells``, or its one cell."""
        if self.cells:
            return self.cells
        return (f"{self.sheet}!{self.cell}",) if self.cell else ()

    def to_dict(self) -> dict[str, Any]:
        """The finding as the JSON outputs give it: its fields, its cells, and its words rendered."""
        return {"code": self.code, "severity": self.severity.value, "message": self.message, "file": self.file,
                "unit": self.unit, "sheet": self.sheet, "cell": self.cell, "field": self.field,
                "expected": self.expected, "found": self.found, "cells": list(self.places),
                "severity_label": self.severity.label, "title": self.title}


def make(code: str, *, file: str = "", unit: str = "", sheet: str = "", cell: str = "",
         field: str = "", expected: Any = "", found: Any = "", **params: Any) -> Finding:
    """A finding of type ``code``; ``params`` are the other values its template names."""
    return Finding(code=code, severity=CATALOGUE[code].severity, file=file, unit=unit, sheet=sheet, cell=cell,
                   field=field, expected=_text(expected), found=_text(found), params=tuple(params.items()))


#: Findings about how a value was typed, not what it says: each kind is told once per file,
#: at its first cell, naming every cell (a clerk fixes them all at once or not at all).
FORMAT_ONLY = frozenset({"text_in_number", "measure_as_text", "percent_sign_missing",
                         "level_name_short"})
#: How many cells a folded finding's message names before “等”.
_PLACES_NAMED = 12


def folded(found: list[Finding]) -> list[Finding]:
    """``found`` with each format-only kind of one file made one finding listing every cell."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in found:
        if finding.code in FORMAT_ONLY:
            groups.setdefault((finding.file, finding.code), []).append(finding)
    result = []
    for finding in found:
        group = groups.get((finding.file, finding.code))
        if group is None or len(group) == 1:
            result.append(finding)
        elif finding is group[0]:
            result.append(_fold(group))
    return result


def _fold(group: list[Finding]) -> Finding:
    first = group[0]
    return replace(first, cells=tuple(dict.fromkeys(place for finding in group for place in finding.places)))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}" if abs(value) >= 1e-4 or value == 0 else f"{value:.6f}"
    return str(value)


def worst(findings: list[Finding]) -> Severity | None:
    """The most serious severity among ``findings``, or ``None`` when there are none."""
    return min((f.severity for f in findings), key=lambda s: s.rank, default=None)


def comment_text(found: list[Finding]) -> str:
    """One cell comment for every finding about a cell, worst first, with expected and found."""
    parts = []
    for finding in sorted(found, key=lambda f: f.severity.rank):
        text = f"【{finding.severity.label}】{finding.message}"
        if finding.expected or finding.found:
            text += f"\n应为：{finding.expected or '—'}；实为：{finding.found or '—'}"
        parts.append(text)
    return "\n".join(parts)

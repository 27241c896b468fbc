"""What the evaluation report says, apart from how it looks on the page.

What a district official writes by hand today is a 绩效评价报告 in the shape
of the two seed reports: 项目概述, 评价概述, 评价结论与绩效分析, 经验,
问题, 建议, 结果应用.  This module drafts that document from a ``Review`` so
the official edits instead of typing.  Every figure comes from the record or
from the recomputed ``Evaluation``; where the town left something empty the
text says 未填报 rather than inventing a sentence.  Completion rates are the
rules' own (actual ÷ target, two decimals, as the findings show them), with
the town's reported rate beside them when it differs, so a truncated "115%"
and the exact 115.56% are both on the page.

The draft is a plain document model (:class:`Report`: a title and blocks:
headings, paragraphs, a caption, a table), which :mod:`.docx_layout` sets
as a Word document.  What is said can so be read and tested without Word,
and the layout changed without touching a sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as data_field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from excel_eval.fields import LEVEL_FUNDS, field
from excel_eval.findings import Finding, Severity
from excel_eval.judge.review import Review
from excel_eval.judge.scoring import Basis, Evaluation, IndicatorResult, in_base_units, number_text, percent_text
from excel_eval.model import Indicator, Submission
from excel_eval.rules import Rules
from excel_eval.values import Measure, normalize_text

#: What the report says wherever the town left a value empty.
MISSING = "未填报"

#: Findings a report repeats: the notes (提示) stay in the review workbook.
REPORTED_SEVERITIES = (Severity.ERROR, Severity.WARNING)
#: Findings about how a cell was typed or found, not about the project: the review copy
#: asks the town to fix them, a report has nothing to say about them.
FORM_ONLY_CODES = frozenset({
    "text_in_number", "measure_as_text", "percent_sign_missing", "value_approximate", "name_missing",
    "template_version_missing", "field_merged", "table_row_far", "formula_overwritten", "date_unreadable",
    "choice_invalid", "unit_name_differs", "cells_beyond_area",
})

_OPERATOR_WORDS = {"≥": "不少于", ">": "大于", "≤": "不超过", "<": "小于"}
_FUND_SOURCES = (*((name, field(name).label) for name in LEVEL_FUNDS),
                 ("fund_carryover", "上年结转"), ("fund_other", "其他资金"))
#: Characters XML 1.0 forbids; a cell may hold them, a .docx may not.
_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: Indicator table: header and width (mm) of each column; they fill the 156 mm text width.
_TABLE_COLUMNS = (("一级指标", 14), ("二级指标", 16), ("三级指标", 27), ("年度指标值", 20),
                  ("实际完成值", 20), ("分值", 10), ("自评得分", 11), ("复核得分", 11),
                  ("偏差原因分析及改进措施", 27))


# --- the document model ------------------------------------------------------------------


@dataclass(frozen=True)
class Note:
    """A centred line under the title: what the draft was made from."""

    text: str


@dataclass(frozen=True)
class Heading:
    """A section heading: level 1 is 一、…, level 2 is （一）…."""

    text: str
    level: int


@dataclass(frozen=True)
class Paragraph:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class Caption:
    """The title above a table: 表 1  …."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table with a header row; equal neighbours in the first ``merge_columns`` columns
    are one cell, as the 自评表 merges its levels.  ``widths_mm`` fill the text width."""

    header: list[str]
    widths_mm: list[float]
    rows: list[list[str]]
    merge_columns: int = 0


Block = Note | Heading | Paragraph | Caption | Table


@dataclass
class Report:
    """The report as a title and its blocks in reading order."""

    title: str
    blocks: list[Block] = data_field(default_factory=list)

    def note(self, text: str) -> None:
        self.blocks.append(Note(text))

    def heading(self, text: str) -> None:
        self.blocks.append(Heading(text, 1))

    def subheading(self, text: str) -> None:
        self.blocks.append(Heading(text, 2))

    def paragraph(self, text: str, bold: bool = False) -> None:
        self.blocks.append(Paragraph(text, bold))

    def paragraphs(self, texts: Iterable[str]) -> None:
        for text in texts:
            self.paragraph(text)

    def caption(self, text: str) -> None:
        self.blocks.append(Caption(text))

    def table(self, header: list[str], widths_mm: list[float], rows: list[list[str]],
              merge_columns: int = 0) -> None:
        self.blocks.append(Table(header, widths_mm, rows, merge_columns))


# --- the report, section by section --------------------------------------------------------


def report_content(review: Review, rules: Rules) -> Report:
    """The report of ``review``, section by section as in the seeds."""
    sub, evaluation = review.submission, review.evaluation
    doc = Report(report_title(sub))
    doc.note(f"（依据“{Path(review.name).name}”复核生成的初稿，请核对后定稿）")

    doc.heading("一、评价项目概述")
    doc.subheading("（一）项目背景")
    doc.paragraphs(background(sub))
    doc.subheading("（二）项目立项依据")
    doc.paragraph(placeholder("立项依据"))
    doc.subheading("（三）项目绩效目标")
    doc.paragraphs(overall_goal(sub, "goal_expected", "年度总体目标"))
    for line, level in goals(evaluation):
        doc.paragraph(line, bold=level == 1)
    doc.subheading("（四）项目资金来源及使用情况")
    doc.paragraphs([funding(sub, evaluation), *payments(sub, rules)])
    doc.subheading("（五）项目实施情况")
    doc.paragraphs(overall_goal(sub, "goal_actual", "年度总体目标实际完成情况"))
    doc.paragraph(placeholder("项目实施情况"))

    doc.heading("二、绩效评价概述")
    doc.subheading("（一）评价目的")
    doc.paragraph(purpose(sub))
    doc.subheading("（二）评价组织实施")
    doc.paragraph(placeholder("评价组织实施"))
    doc.subheading("（三）评价方法")
    doc.paragraphs(method(rules))
    doc.subheading("（四）绩效评价指标体系和评分标准")
    doc.paragraphs(standards(sub, evaluation, rules))

    doc.heading("三、评价结论与绩效分析")
    doc.subheading("（一）总体结论")
    doc.paragraphs(conclusion(evaluation))
    doc.subheading("（二）绩效指标完成情况")
    doc.paragraphs(completion_paragraphs(evaluation))
    doc.subheading("（三）绩效指标评分情况")
    doc.paragraph("预算执行和各项绩效指标的分值、自评得分与复核得分见表 1。")
    doc.caption("表 1  绩效指标完成及评分情况")
    doc.table([column for column, _ in _TABLE_COLUMNS], [width for _, width in _TABLE_COLUMNS],
              indicator_rows(sub, evaluation), merge_columns=2)

    doc.heading("四、主要经验做法")
    doc.paragraphs(own_text(sub, "achievements"))
    doc.heading("五、存在问题")
    doc.subheading("（一）单位自评反映的问题")
    doc.paragraphs(own_text(sub, "problems"))
    doc.subheading("（二）复核发现的问题")
    doc.paragraphs(review_problems(review))
    doc.heading("六、相关建议")
    doc.paragraphs(own_text(sub, "suggestions"))
    doc.heading("七、绩效评价结果应用")
    doc.paragraphs(result_use(review))
    return doc


# --- what the report says ----------------------------------------------------------------


def report_title(sub: Submission) -> str:
    """<年度>年度<单位><项目名称>绩效评价报告, without the unit twice when the project names it."""
    year = f"{sub.eval_year}年度" if sub.eval_year else f"（评价年度{MISSING}）"
    unit = sub.unit_name.strip() or f"（填报单位{MISSING}）"
    project = sub.text("project_name").strip() or f"（项目名称{MISSING}）"
    if project.startswith(unit):
        project = project[len(unit):]
    return f"{year}{unit}{project}绩效评价报告"


def background(sub: Submission) -> list[str]:
    project = plain_text(sub.text("project_name")).strip()
    opening = f"本项目为“{project}”" if project else f"本项目名称{MISSING}"
    implementing = sub.text("implementing_unit")
    implemented = f"{_named('实施单位', implementing)}，" if implementing else ""
    return [f"{opening}，{_named('主管部门', sub.text('competent_dept'))}，{implemented}"
            f"{_named('承接机构', sub.text('operator'))}。"]


def funding(sub: Submission, evaluation: Evaluation) -> str:
    """Budget, its sources, what was spent and the execution rate."""
    budget, initial = sub.number("budget_total"), sub.number("budget_initial")
    if budget is None:
        text = f"本年度项目经费（全年预算数）{MISSING}"
    else:
        text = f"本年度项目经费为 {_money(budget)}"
        sources = [f"{label} {_money(sub.number(name))}" for name, label in _FUND_SOURCES
                   if sub.number(name)]
        text += f"，其中{'，'.join(sources)}" if sources else f"，资金来源{MISSING}"
        if initial is not None and abs(initial - budget) > 1e-9:
            note = sub.text("budget_change_note").strip()
            text += (f"（年初预算数为 {_money(initial)}，调整说明：{note or MISSING}）")
    spent = sub.number("spent_total")
    if spent is None:
        return text + f"。全年执行数{MISSING}，无法计算预算执行率。"
    text += f"。全年执行 {_money(spent)}"
    rate = evaluation.exec_rate.value
    if rate is None:
        return text + "，预算执行率无法计算。"
    return text + f"，预算执行率为 {percent_text(rate)}{_reported(sub.number('exec_rate_reported'), rate)}。"


def placeholder(what: str) -> str:
    """Where the form carries nothing to say, the mark an official fills in: 【请补充：立项依据】."""
    return f"【请补充：{what}】"


def overall_goal(sub: Submission, name: str, label: str) -> list[str]:
    """The form's 年度总体目标 (expected or achieved) in the unit's words, when it filled it."""
    text = plain_text(sub.text(name)).strip()
    return [f"{label}：{text}"] if text else []


def payments(sub: Submission, rules: Rules) -> list[str]:
    """The tranches and what was paid, only when the unit filled its payments in; else a placeholder."""
    if not any(payment.paid_amount is not None or payment.paid_date for payment in sub.payments):
        return [placeholder("资金拨付情况")]
    return [payment_schedule(sub, rules), payments_made(sub)]


def payment_schedule(sub: Submission, rules: Rules) -> str:
    """The tranches as the form states them: condition, ratio of the budget, and the amount that makes."""
    budget = sub.number("budget_total")
    parts = []
    for payment in sub.payments:
        tranche = rules.tranche(payment.stage)
        condition = (f"{payment.stage}，" if tranche is None else rules.due_when(tranche)
                     + ("" if tranche.eval_field is None else "，"))
        if payment.agreed_ratio is None:
            parts.append(f"{condition}拨付的比例{MISSING}")
            continue
        amount = f"（{_money(payment.agreed_ratio * budget)}）" if budget is not None else ""
        parts.append(f"{condition}拨付年度经费总额的 {percent_text(payment.agreed_ratio)}{amount}")
    if not parts:
        return f"资金拨付安排{MISSING}。"
    return "项目经费分期拨付：" + "；".join(parts) + "。"


def payments_made(sub: Submission) -> str:
    """What was actually paid, when, and the evaluation each tranche waited for."""
    if not any(payment.paid_amount is not None for payment in sub.payments):
        return f"各期实际拨付金额{MISSING}。"
    parts = []
    for payment in sub.payments:
        if payment.paid_amount is None:
            parts.append(f"{payment.stage}{MISSING}")
            continue
        details = [f"{_date(payment.paid_date)}拨付" if payment.paid_date else f"拨付日期{MISSING}"]
        if payment.eval_field:
            label = field(payment.eval_field).label
            result = sub.text(payment.eval_field).strip()
            details.append(f"{label}为“{result}”" if result else f"{label}{MISSING}")
        parts.append(f"{payment.stage} {_money(payment.paid_amount)}（{'，'.join(details)}）")
    return "实际拨付情况：" + "；".join(parts) + "。"


def goals(evaluation: Evaluation) -> list[tuple[str, int]]:
    """Each indicator's target as a phrase, grouped by first- and second-level indicator.

    Returns (line, level) pairs: level 1 lines name a first-level indicator,
    level 2 lines list the targets of one second-level indicator.
    """
    if not evaluation.indicators:
        return [(f"绩效指标{MISSING}。", 0)]
    lines = [(f"本项目共设定绩效指标 {len(evaluation.indicators)} 项，年度指标值如下：", 0)]
    for number, (level1, groups) in enumerate(_grouped(evaluation.indicators), start=1):
        lines.append((f"{number}. {level1 or f'一级指标{MISSING}'}", 1))
        for sub_number, (level2, results) in enumerate(groups, start=1):
            targets = "；".join(target_phrase(result.indicator) for result in results)
            lines.append((f"（{sub_number}）{level2 or f'二级指标{MISSING}'}：{targets}。", 2))
    return lines


def target_phrase(indicator: Indicator) -> str:
    """An indicator's target as the seeds write it: "家庭探访 1600 户", "服务对象满意度 90%"."""
    target = quantity(indicator.target, indicator.unit)
    if indicator.qualitative:
        return _is(_name(indicator), target)
    if target == MISSING:
        return f"{_name(indicator)}的年度指标值{MISSING}"
    if indicator.direction == "≤" and not indicator.target.operator:
        target = f"不超过 {target}"
    subject = _name(indicator) if _is_percent(indicator) else _stem(indicator)
    return _spaced(subject, target)


def purpose(sub: Submission) -> str:
    unit = sub.unit_name.strip() or "填报单位"
    return (f"依据财政部《项目支出绩效评价管理办法》（财预〔2020〕10号），对{unit}报送的项目绩效自评进行复核，"
            "核实资金使用和绩效目标完成情况，检验自评得分的准确性，总结经验做法，查找存在问题，"
            "提出改进建议，进一步提高财政资金使用效益。")


def method(rules: Rules) -> list[str]:
    """How the scores were recomputed, with every number taken from the rules."""
    bands = "，".join(f"“{band.result}”按分值的 {band.text}" for band in rules.qualitative)
    methods = "；".join(f"“{direction}”类{rules.methods.describe(direction)}"
                       for direction in ("≥", "≤", "="))
    over = rules.over_completion
    if over.deduct:
        cut = (f"完成率每超出 1 个百分点扣减分值的 {percent_text(over.deduct_per_point)}，"
               f"最多扣减 {percent_text(over.deduct_max)}")
    else:
        cut = "不扣分"
    return [
        "本次评价以单位报送的绩效自评表为基础，以财预〔2020〕10号文件的项目支出绩效自评表为框架，"
        "按本区复核规则对预算执行和各项绩效指标逐项复核计分，单位填报的比率和得分只作比对，不作为计分依据。",
        "预算执行率 = 全年执行数 ÷ 全年预算数，预算执行得分 = 分值 × 预算执行率（超过 100% 的按 100% 计）。"
        "定量指标达到年度指标值的得满分；未达到的，按财预〔2020〕10号“按照完成值与指标值的比例记分”，"
        f"具体算法为本区复核规则：{methods}。"
        f"定性指标按财预〔2020〕10号的档次核定得分：{bands}。",
        f"完成率达到或超过 {percent_text(over.threshold)} 的，须说明偏差原因，复核{cut}。"
        f"本次复核采用的评分规则为{_rules_name(rules)}。",
    ]


def standards(sub: Submission, evaluation: Evaluation, rules: Rules) -> list[str]:
    """The weights as the town filled them in, and the grade bands of the rules."""
    if sub.number("budget_weight") is None:
        parts = [f"预算执行率分值{MISSING}（按评分规则默认 {number_text(evaluation.budget_weight)} 分计）"]
    else:
        parts = [f"预算执行率 {number_text(evaluation.budget_weight)} 分"]
    counts = _counts(evaluation)
    for subtotal in evaluation.subtotals:
        if counts.get(subtotal.level1):
            parts.append(f"{subtotal.level1} {number_text(subtotal.weight)} 分")
        elif subtotal.rules_weight is not None:
            parts.append(f"{subtotal.level1}{MISSING}")
    default = rules.weights
    defaults = "、".join([f"预算执行率 {number_text(default.budget)} 分",
                         *(f"{name} {number_text(points)} 分" for name, points in default.level1.items())])
    return [
        f"绩效评价指标体系由预算执行率和产出、效益、满意度三类一级指标构成，满分 {number_text(default.full_marks)} 分。"
        f"本项目填报的分值为：{'，'.join(parts)}，合计 {number_text(evaluation.weight_total)} 分"
        f"（评分规则的默认分值为{defaults}）。",
        f"评价等级：{grade_bands(rules)}。",
    ]


def grade_bands(rules: Rules) -> str:
    """"90 分（含）以上为“优”，80 分（含）至 90 分为“良”，……" from the rules."""
    parts = []
    for grade, low, high in rules.grade_ranges():
        if high is None:
            parts.append(f"{number_text(low)} 分（含）以上为“{grade}”")
        elif low > 0:
            parts.append(f"{number_text(low)} 分（含）至 {number_text(high)} 分为“{grade}”")
        else:
            parts.append(f"{number_text(high)} 分以下为“{grade}”")
    return "，".join(parts)


def conclusion(evaluation: Evaluation) -> list[str]:
    """The recomputed total and grade, then the town's own beside them."""
    counts = _counts(evaluation)
    parts = [f"预算执行 {_score(evaluation.budget_score.value)} 分",
             *(f"{s.level1} {_score(s.score.value)} 分" for s in evaluation.subtotals if counts.get(s.level1))]
    total = evaluation.total_score.value
    lines = [f"经复核，本项目绩效评价得分为 {_score(total)} 分，其中{'，'.join(parts)}，"
             f"评价等级为“{evaluation.grade}”。" + _self_assessment(evaluation)]
    unverified = [_name(r.indicator) for r in evaluation.indicators if r.basis is Basis.UNVERIFIED]
    if unverified:
        lines.append(f"其中，{_names(unverified)}共 {len(unverified)} 项指标无法核实完成情况，复核暂按自评得分计入，"
                     f"合计 {_score(evaluation.unverified_points)} 分，为待核实分值。")
    return lines


def _self_assessment(evaluation: Evaluation) -> str:
    own, grade = evaluation.self_total, evaluation.self_grade.strip()
    score_text = f"自评得分为 {_score(own)} 分" if own is not None else f"自评得分{MISSING}"
    grade_text = f"自评等级为“{grade}”" if grade else f"自评等级{MISSING}"
    text = f"单位{score_text}，{grade_text}"
    if own is None or not grade:
        return text + "。"
    difference = round(own - evaluation.total_score.value, 2)
    if abs(difference) < 0.005 and grade == evaluation.grade:
        return text + "，与复核结果一致。"
    gaps = []
    if abs(difference) >= 0.005:
        gaps.append(f"自评得分比复核得分{'高' if difference > 0 else '低'} {_score(abs(difference))} 分")
    if grade != evaluation.grade:
        gaps.append("自评等级与复核等级不一致")
    return text + "，" + "，".join(gaps) + "。"


def completion_paragraphs(evaluation: Evaluation) -> list[str]:
    """Per first-level indicator, every indicator's actual and completion in one paragraph."""
    if not evaluation.indicators:
        return [f"绩效指标{MISSING}。"]
    lines = ["本项目绩效目标完成情况如下："]
    for level1, groups in _grouped(evaluation.indicators):
        phrases = [completion_phrase(result) for _, results in groups for result in results]
        lines.append(f"{level1 or f'一级指标{MISSING}'}：{'；'.join(phrases)}。")
    return lines


def completion_phrase(result: IndicatorResult) -> str:
    """One indicator as the seeds write it: "完成个案 104 个，完成率为 115.56%（自报 115%）"."""
    indicator = result.indicator
    name = _name(indicator)
    target = quantity(indicator.target, indicator.unit)
    actual = quantity(indicator.actual, indicator.unit)
    if indicator.qualitative:
        chosen = indicator.qualitative_result
        outcome = f"完成情况为“{chosen}”" if chosen else f"完成情况{MISSING}"
        return f"{name}：{_is('年度指标值', target)}，{_is('实际完成', actual)}，{outcome}"
    if result.basis is Basis.MISSING:
        return f"{name}：{_is('年度指标值', target)}，{_is('实际完成值', actual)}，无法核算完成率"
    if result.basis is Basis.UNVERIFIED:
        return (f"{name}：{_is('年度指标值', target)}，{_is('实际完成', actual)}，"
                f"{result.unverified_reason}，无法核算完成率，待核实")
    done = _is(name, actual) if _is_percent(indicator) else "完成" + _spaced(_stem(indicator), actual)
    if result.basis is Basis.ZERO_TARGET:
        return f"{done}，{_is('年度指标值', target)}，{'已达到' if result.met else '未达到'}年度指标值"
    completion = result.completion.value
    if indicator.direction == "≤":
        within = "控制在上限以内" if result.met else f"超出上限，为上限的 {percent_text(completion)}"
        return f"{done}，{_is('上限', target)}，{within}"
    return f"{done}，完成率为 {percent_text(completion)}{_reported(indicator.reported_rate, completion)}"


def indicator_rows(sub: Submission, evaluation: Evaluation) -> list[list[str]]:
    """The 自评表 as rows: budget execution, each indicator, and the total."""
    budget_label = "预算执行率（金额单位：万元）"
    rows = [[budget_label, budget_label, budget_label,
             _amount(sub.number("budget_total")), _amount(sub.number("spent_total")),
             _score_or_missing(sub.number("budget_weight")), _score_or_missing(sub.number("budget_score_reported")),
             _score(evaluation.budget_score.value), sub.text("budget_change_note").strip() or "—"]]
    for level1, groups in _grouped(evaluation.indicators):
        for level2, results in groups:
            for result in results:
                indicator = result.indicator
                rows.append([level1 or MISSING, level2 or MISSING, _name(indicator),
                             quantity(indicator.target, indicator.unit, quoted=False),
                             quantity(indicator.actual, indicator.unit, quoted=False),
                             _score_or_missing(indicator.weight), _score_or_missing(indicator.self_score),
                             _score(result.score.value), _reason(result)])
    rows.append(["合计", "合计", "合计", "", "", number_text(evaluation.weight_total),
                 _score_or_missing(evaluation.self_total), _score(evaluation.total_score.value), ""])
    return rows


def own_text(sub: Submission, name: str) -> list[str]:
    """The unit's own words, one paragraph per line, as plain text."""
    lines = [line.strip() for line in plain_text(sub.text(name)).split("\n") if line.strip()]
    return lines or [f"{MISSING}。"]


def reported_findings(review: Review) -> dict[str, list[Finding]]:
    """The errors and warnings about the project itself, by kind, in the order found."""
    groups: dict[str, list[Finding]] = {}
    for finding in review.findings:
        if finding.severity in REPORTED_SEVERITIES and finding.code not in FORM_ONLY_CODES:
            groups.setdefault(finding.code, []).append(finding)
    return groups


def review_problems(review: Review) -> list[str]:
    """The review's errors and warnings about the project, one numbered paragraph per kind."""
    subjects = _indicator_cells(review.submission)
    groups = reported_findings(review)
    if not groups:
        return ["经复核，未发现需要纠正或说明的问题。"]
    lines = []
    for number, found in enumerate(groups.values(), start=1):
        count = f"（共 {len(found)} 处）" if len(found) > 1 else ""
        details = "；".join(report_sentence(finding, subjects) for finding in found)
        lines.append(f"{number}. 经复核，{found[0].title}{count}：{details}。")
    return lines


def report_sentence(finding: Finding, subjects: dict[tuple[str, str], str] | None = None) -> str:
    """A finding as a report states it: a fact about the project, the indicator named.

    Findings are written to the town ("请填写……", "已按 100% 读取"); a report
    states facts, so it uses the catalogue's statement of the finding (no
    request, no word on how the file was read), and names no cell.
    """
    text = finding.statement.rstrip("，；。")
    subject = (subjects or {}).get((finding.sheet, finding.cell))
    if subject and subject not in text:
        text = f"指标“{subject}”的{text}"
    return text


def result_use(review: Review) -> list[str]:
    """七、结果应用 in the unit's own voice, as the seed reports write it ("我街将……").

    It says only what the inputs say: the problems the review found and the
    unit's own 改进建议.  What the unit will commit to (measures, deadlines,
    next year's budget) is for the unit to write, so that is a placeholder.
    """
    sub = review.submission
    we = _we(sub.unit_name)
    lines = [f"{we}将把本次绩效评价结果及时反馈项目承接机构和相关人员，并对整改落实情况进行跟踪检查。"]
    titles = [found[0].title for found in reported_findings(review).values()]
    if titles:
        lines.append(f"针对复核发现的问题（{'、'.join(titles)}），{we}将逐项核实并整改。")
    suggestions = plain_text(sub.text("suggestions")).strip().rstrip("。")
    if suggestions:
        lines.append(f"结合自评提出的改进建议，{we}将{suggestions.replace(chr(10), '；')}。")
    lines.append(placeholder("具体整改措施、完成时限，以及评价结果在以后年度预算安排和项目管理中的应用"))
    return lines


def _we(unit: str) -> str:
    """How a unit names itself in its own report: 我镇, 我街, or 本单位."""
    unit = unit.strip()
    if unit.endswith("镇"):
        return "我镇"
    if unit.endswith(("街道", "街道办事处")):
        return "我街"
    return "本单位"


# --- phrases ------------------------------------------------------------------------------


def quantity(value: Measure, unit: str, *, quoted: bool = True) -> str:
    """A target or actual as a sentence reads it: "1600 户", "93%", "大于 10 万人次", "“良好”"."""
    if value.blank:
        return MISSING
    if value.number is None:
        text = plain_text(value.text)
        return f"“{text}”" if quoted else text
    words = _OPERATOR_WORDS.get(value.operator, "")
    prefix = f"{words} " if words else ""
    base, base_unit = in_base_units(value, unit)
    if base_unit == "%":
        return prefix + percent_text(base)
    shown_unit = value.unit or normalize_text(unit)
    return f"{prefix}{number_text(value.number)}{' ' + shown_unit if shown_unit else ''}"


def _stem(indicator: Indicator) -> str:
    """The name without its measure: 家庭探访户数 (户) → 家庭探访, 组织参与志愿服务人次 → 组织参与志愿服务."""
    name = _name(indicator)
    unit = normalize_text(indicator.unit)
    suffixes = (f"{unit}数", unit, f"{unit[:1]}数", "数") if unit else ("数",)
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _name(indicator: Indicator) -> str:
    return plain_text(indicator.name).strip() or f"第 {indicator.row} 行指标"


def _is_percent(indicator: Indicator) -> bool:
    for value in (indicator.actual, indicator.target):
        if value.number is not None:
            return in_base_units(value, indicator.unit)[1] == "%"
    return False


def _is(label: str, shown: str) -> str:
    """"年度指标值为 100%", "实际完成大于 10 万人次" or "年度指标值未填报"."""
    if shown == MISSING:
        return f"{label}{MISSING}"
    if shown.startswith(tuple(_OPERATOR_WORDS.values())):
        return f"{label}{shown}"
    return f"{label}为{' ' if shown[:1].isdigit() else ''}{shown}"


def _spaced(subject: str, shown: str) -> str:
    return f"{subject} {shown}" if shown[:1].isdigit() else f"{subject}{shown}"


def _named(label: str, value: str) -> str:
    value = plain_text(value).strip()
    return f"{label}为{value}" if value else f"{label}{MISSING}"


def _reported(reported: float | None, computed: float) -> str:
    """"（自报 115%）" when the town's rate shows differently from the recomputed one."""
    if reported is None or percent_text(reported) == percent_text(computed):
        return ""
    return f"（自报 {percent_text(reported)}）"


def _reason(result: IndicatorResult) -> str:
    reason = plain_text(result.indicator.deviation_reason).strip()
    if reason:
        return reason
    return MISSING if result.needs_reason else "—"


def _grouped(results: Iterable[IndicatorResult]) -> list[tuple[str, list[tuple[str, list[IndicatorResult]]]]]:
    """Results by first-level then second-level indicator, in the order the file lists them."""
    levels: dict[str, dict[str, list[IndicatorResult]]] = {}
    for result in results:
        indicator = result.indicator
        levels.setdefault(indicator.level1.strip(), {}).setdefault(indicator.level2.strip(), []).append(result)
    return [(level1, list(groups.items())) for level1, groups in levels.items()]


def _counts(evaluation: Evaluation) -> dict[str, int]:
    counts: dict[str, int] = {}
    for result in evaluation.indicators:
        counts[result.indicator.level1] = counts.get(result.indicator.level1, 0) + 1
    return counts


def _indicator_cells(sub: Submission) -> dict[tuple[str, str], str]:
    """Every cell of the indicator table → the name of its row's indicator."""
    return {(ref.sheet, ref.cell): _name(indicator)
            for indicator in sub.indicators for ref in indicator.cells.values()}


def _names(names: list[str]) -> str:
    return "、".join(f"“{name}”" for name in names)


def _rules_name(rules: Rules) -> str:
    return f"本区复核规则（规则文件“{rules.source.name}”）" if rules.source else "本区复核规则"


def _money(amount: float | None) -> str:
    """An amount as a report gives it: at most two decimals (109.1475 → 109.15 万元, 100 → 100 万元)."""
    return f"{_amount(amount)} 万元"


def _amount(amount: float | None) -> str:
    """Rounded half up on the written figure, as an accountant rounds (2.675 → 2.68)."""
    if amount is None:
        return MISSING
    rounded = Decimal(repr(float(amount))).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return number_text(float(rounded))


def _score(points: float | None) -> str:
    """Scores to two decimals at most: 9.9225 → 9.92, 99.0 → 99."""
    return number_text(None if points is None else round(points, 2))


def _score_or_missing(points: float | None) -> str:
    return MISSING if points is None else _score(points)


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def plain_text(text: str) -> str:
    """Text from a cell made safe for a .docx: line breaks unified, control characters dropped."""
    return _XML_FORBIDDEN.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n"))

"""Findings about one submission: where its own figures and the method disagree.

Each rule is one small function that reads the record, its recomputed
``Evaluation`` and the ``Rules`` and yields findings; ``CHECKS`` lists them
all, in the order a reader of the file meets the cells (资金情况, then
绩效指标, then 自评结论).  The codes they raise, with their severity and
Chinese wording, are in the one catalogue (``findings``).  Problems of
reading (text in number cells, empty required fields, unreadable choices)
are the reader's and are not repeated here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from excel_eval import findings
from excel_eval.fields import EVAL_DATE_FIELDS, INDICATOR_LEVELS, LEVEL_FUNDS, field
from excel_eval.findings import Finding
from excel_eval.judge.scoring import (Basis, Evaluation, IndicatorResult, carried_text, in_base_units, number_text,
                                      percent_text, rate_without_base, reconcile, unranked_reason)
from excel_eval.model import CellRef, Indicator, Submission
from excel_eval.rules import Rules
from excel_eval.values import normalize_text


#: Operators that make an actual a range rather than a figure.
RANGE_OPERATORS = ("≥", "≤", ">", "<")
#: Units that make an indicator a sum of money, and what each is in 万元.
_MONEY_UNITS = {"万元": 1.0, "元": 1e-4, "千元": 1e-1}
#: How many indicator names a message lists before "等".
_NAMES_LISTED = 5
_EPSILON = 1e-6


@dataclass(frozen=True)
class Context:
    """What every rule reads, and how it places a finding."""

    sub: Submission
    evaluation: Evaluation
    rules: Rules

    def finding(self, code: str, ref: CellRef | None, field: str, *, expected: Any = "",
                found: Any = "", **params: Any) -> Finding:
        return findings.make(code, file=self.sub.source.name, unit=self.sub.unit_name,
                             sheet=ref.sheet if ref else "", cell=ref.cell if ref else "",
                             field=field, expected=expected, found=found, **params)


Check = Callable[[Context], Iterator[Finding]]


def check(sub: Submission, evaluation: Evaluation, rules: Rules) -> list[Finding]:
    """Every finding of every rule about ``sub``."""
    context = Context(sub, evaluation, rules)
    return [finding for rule in CHECKS for finding in rule(context)]


# 资金情况


def sources_add_up(ctx: Context) -> Iterator[Finding]:
    """The split by level (市/区/镇街) must add up to what it splits.

    On the national form the split is of 其中：当年财政拨款; a 1.0 file has no
    such row, so there the split plus 上年结转 and 其他资金 make 全年预算数.
    """
    levels = LEVEL_FUNDS
    if all(ctx.sub.number(name) is None for name in levels):
        return  # the by-level split is optional; 年度资金总额 and its 其中 rows are reconciled on reading
    current = ctx.sub.number("fund_current")
    if current is not None:
        names, whole, expected = levels, "当年财政拨款", current
    else:
        names, whole, expected = (*levels, "fund_carryover", "fund_other"), "全年预算数", ctx.sub.number("budget_total")
    if expected is None:
        return
    given = [(field(name).label, ctx.sub.number(name)) for name in names]
    total = sum(value or 0 for _, value in given)
    if abs(total - expected) > ctx.rules.tolerance.money + _EPSILON:
        parts = " + ".join(f"{label} {number_text(value)}" for label, value in given
                           if value is not None) or "均未填写"
        yield ctx.finding("sources_sum_mismatch", ctx.sub.ref("fund_city"), "fund_city",
                          expected=number_text(expected), found=number_text(total), parts=parts,
                          whole=whole, diff=number_text(abs(total - expected)))


def spent_within_budget(ctx: Context) -> Iterator[Finding]:
    spent, budget = ctx.sub.number("spent_total"), ctx.sub.number("budget_total")
    if spent is not None and budget is not None and spent > budget + ctx.rules.tolerance.money:
        yield ctx.finding("spent_over_budget", ctx.sub.ref("spent_total"), "spent_total",
                          expected=number_text(budget), found=number_text(spent))


def budget_change_explained(ctx: Context) -> Iterator[Finding]:
    """年初 → 全年 changed without a note: a warning above the rules' share, else a note."""
    initial, total = ctx.sub.number("budget_initial"), ctx.sub.number("budget_total")
    if initial is None or total is None or ctx.sub.text("budget_change_note").strip():
        return
    if abs(initial - total) <= ctx.rules.tolerance.money + _EPSILON:
        return
    limit = ctx.rules.checks.budget_adjust_share
    share = abs(total - initial) / initial if initial else 1.0
    if share > limit + _EPSILON:
        yield ctx.finding("budget_adjusted_unexplained", ctx.sub.ref("budget_change_note"),
                          "budget_change_note", expected="填写预算调整说明", found="未填写",
                          initial=number_text(initial), total=number_text(total),
                          share=("−" if total < initial else "+") + percent_text(share),
                          limit=percent_text(limit))
    else:
        yield ctx.finding("budget_change_unexplained", ctx.sub.ref("budget_change_note"),
                          "budget_change_note", expected="填写预算调整说明", found="未填写",
                          initial=number_text(initial), total=number_text(total))


def execution_explained(ctx: Context) -> Iterator[Finding]:
    """Execution below the floor asks why the money was not spent."""
    rate, floor = ctx.evaluation.exec_rate.value, ctx.rules.checks.execution_floor
    if rate is None or rate >= floor - _EPSILON or ctx.sub.text("execution_note").strip():
        return
    yield ctx.finding("execution_low_unexplained", ctx.sub.ref("execution_note") or ctx.sub.ref("spent_total"),
                      "execution_note", expected=percent_text(floor), found=percent_text(rate))


def cost_ceilings_within_budget(ctx: Context) -> Iterator[Finding]:
    """A 成本指标 ceiling in money above the adjusted budget was likely left at the initial one."""
    budget = ctx.sub.number("budget_total")
    if budget is None:
        return
    for indicator in ctx.sub.indicators:
        if indicator.level2 != "成本指标" or indicator.direction != "≤":
            continue
        ceiling = _in_wan(indicator)
        if ceiling is not None and ceiling > budget + ctx.rules.tolerance.money + _EPSILON:
            yield _about(ctx, indicator, "cost_ceiling_above_budget", "target",
                         expected=number_text(budget), found=number_text(ceiling))


def execution_known(ctx: Context) -> Iterator[Finding]:
    """No 执行数 (or no budget): the execution rate cannot be computed and its points are lost."""
    if ctx.evaluation.exec_rate.value is not None:
        return
    missing = [name for name in ("spent_total", "budget_total") if not ctx.sub.number(name)]
    if not missing:
        return
    name = missing[0]
    yield ctx.finding("execution_missing", ctx.sub.ref(name), name, expected="填写金额", found="未填写",
                      label=field(name).label, points=number_text(ctx.evaluation.budget_weight))


def self_scores_present(ctx: Context) -> Iterator[Finding]:
    """Rows that count but carry no self score: one finding naming them, on every such cell."""
    bare = [r.indicator for r in ctx.evaluation.indicators
            if r.counted and r.indicator.self_score is None and r.indicator.ref("self_score") is not None]
    yield from _on_rows(ctx, bare, "self_scores_missing", "self_score", expected="自评得分", found="未填写")


def _on_rows(ctx: Context, rows: list[Indicator], code: str, key: str, **params: Any) -> Iterator[Finding]:
    """One finding naming ``rows``, at the first row's cell ``key``, marking that cell of every row."""
    if not rows:
        return
    names = "、".join(i.name or f"第 {i.row} 行" for i in rows[:_NAMES_LISTED]) + ("等" if len(rows) > _NAMES_LISTED else "")
    first = _about(ctx, rows[0], code, key, names=names, **params)
    yield replace(first, cells=tuple(str(i.ref(key)) for i in rows)) if len(rows) > 1 else first


def exec_rate_as_reported(ctx: Context) -> Iterator[Finding]:
    yield from _reconciled(ctx, "预算执行率", ctx.sub.number("exec_rate_reported"),
                           ctx.evaluation.exec_rate.value, ctx.evaluation.exec_rate.how,
                           ctx.sub.ref("exec_rate_reported"), "exec_rate_reported", rate=True)


def budget_score_as_reported(ctx: Context) -> Iterator[Finding]:
    score = ctx.evaluation.budget_score
    yield from _reconciled(ctx, "预算执行得分", ctx.sub.number("budget_score_reported"),
                           score.value, score.how, ctx.sub.ref("budget_score_reported"),
                           "budget_score_reported")


# 资金拨付


def payments_follow_schedule(ctx: Context) -> Iterator[Finding]:
    """Each tranche's ratio is the rules' one and its amount that ratio of the budget."""
    budget = ctx.sub.number("budget_total")
    for payment in ctx.sub.payments:
        tranche = ctx.rules.tranche(payment.stage)
        if tranche is None:
            continue
        ratio = payment.agreed_ratio
        if ratio is not None and abs(ratio - tranche.ratio) > _EPSILON:
            yield ctx.finding("payment_ratio_differs", payment.ref("agreed_ratio"),
                              "payments.agreed_ratio", expected=percent_text(tranche.ratio),
                              found=percent_text(ratio), stage=payment.stage,
                              condition=tranche.condition)
        if payment.agreed_amount is None or budget is None:
            continue
        ratio = tranche.ratio if ratio is None else ratio
        expected = ratio * budget
        if abs(payment.agreed_amount - expected) > ctx.rules.tolerance.money + _EPSILON:
            yield ctx.finding("payment_amount_mismatch", payment.ref("agreed_amount"),
                              "payments.agreed_amount", expected=number_text(expected),
                              found=number_text(payment.agreed_amount), stage=payment.stage,
                              ratio=percent_text(ratio), budget=number_text(budget))


def payments_after_evaluation(ctx: Context) -> Iterator[Finding]:
    """A tranche tied to an evaluation is paid only once that evaluation passed."""
    for payment in ctx.sub.payments:
        tranche = ctx.rules.tranche(payment.stage)
        gate = tranche.eval_field if tranche else payment.eval_field
        if not payment.paid_amount or payment.paid_amount <= 0 or gate is None:
            continue
        result = ctx.sub.text(gate).strip()
        if result not in ctx.rules.passing_results:
            yield ctx.finding("payment_before_evaluation", payment.ref("paid_amount"),
                              "payments.paid_amount", expected="、".join(ctx.rules.passing_results),
                              found=result or "未填写", stage=payment.stage,
                              paid=number_text(payment.paid_amount),
                              evaluation=field(gate).label,
                              condition=tranche.condition if tranche else field(gate).label)


def payment_ratios_total_100(ctx: Context) -> Iterator[Finding]:
    given = [(p.stage, p.agreed_ratio) for p in ctx.sub.payments if p.agreed_ratio is not None]
    if len(given) < len(ctx.sub.payments) or not given:
        return
    total = sum(ratio for _, ratio in given)
    if abs(total - 1) > _EPSILON * 1e3:
        first = ctx.sub.payments[0]
        yield ctx.finding("payment_ratios_not_100", first.ref("agreed_ratio"), "payments.agreed_ratio",
                          expected="100%", found=percent_text(total),
                          parts=" + ".join(f"{stage} {percent_text(ratio)}" for stage, ratio in given))


def payment_dates_plausible(ctx: Context) -> Iterator[Finding]:
    """Paid within the evaluation year or the months after it the rules allow, and after its evaluation."""
    year, months = ctx.sub.eval_year, ctx.rules.checks.payment_late_months
    for payment in ctx.sub.payments:
        paid = payment.paid_date
        if paid is None:
            continue
        ref = payment.ref("paid_date")
        if year is not None:
            if paid < dt.date(year, 1, 1):
                yield ctx.finding("payment_date_outside_year", ref, "payments.paid_date",
                                  expected=f"{year} 年", found=paid.isoformat(), stage=payment.stage,
                                  where=f"早于评价年度 {year} 年")
            elif paid > (latest := _last_day(year, months)):
                yield ctx.finding("payment_date_outside_year", ref, "payments.paid_date",
                                  expected=f"不晚于 {latest.isoformat()}",
                                  found=paid.isoformat(), stage=payment.stage,
                                  where=f"晚于评价年度结束后 {months} 个月")
        tranche = ctx.rules.tranche(payment.stage)
        gate = tranche.eval_field if tranche else payment.eval_field
        evaluated_on = ctx.sub.value(EVAL_DATE_FIELDS[gate]) if gate in EVAL_DATE_FIELDS else None
        if isinstance(evaluated_on, dt.date) and paid < evaluated_on:
            yield ctx.finding("payment_before_evaluation_date", ref, "payments.paid_date",
                              expected=evaluated_on.isoformat(), found=paid.isoformat(),
                              stage=payment.stage, evaluation=field(gate).label.replace("结果", ""),
                              condition=tranche.condition if tranche else field(gate).label)


def _last_day(year: int, months_after: int) -> dt.date:
    """The last day ``months_after`` months after the end of ``year``."""
    month_index = 12 + months_after  # months counted from January of ``year``
    following = dt.date(year + month_index // 12, month_index % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def payments_match_spending(ctx: Context) -> Iterator[Finding]:
    paid = [(p.stage, p.paid_amount) for p in ctx.sub.payments if p.paid_amount is not None]
    spent = ctx.sub.number("spent_total")
    if not paid or spent is None:
        return
    total = sum(amount for _, amount in paid)
    if abs(total - spent) > ctx.rules.tolerance.money + _EPSILON:
        yield ctx.finding("payments_total_mismatch", ctx.sub.ref("spent_total"), "payments",
                          expected=number_text(spent), found=number_text(total),
                          parts=" + ".join(f"{stage} {number_text(amount)}" for stage, amount in paid))


# 分值


def weights_total_100(ctx: Context) -> Iterator[Finding]:
    evaluation, full = ctx.evaluation, ctx.rules.weights.full_marks
    if abs(evaluation.weight_total - full) > _EPSILON:
        parts = " + ".join([f"预算执行率 {number_text(evaluation.budget_weight)}",
                            *(f"{s.level1} {number_text(s.weight)}" for s in evaluation.subtotals)])
        yield ctx.finding("weights_total_wrong", ctx.sub.ref("budget_weight"), "budget_weight",
                          expected=number_text(full), found=number_text(evaluation.weight_total), parts=parts)


def weights_as_default(ctx: Context) -> Iterator[Finding]:
    """Weights other than the rules' are allowed when they still make full marks: a note."""
    evaluation, defaults = ctx.evaluation, ctx.rules.weights
    if abs(evaluation.weight_total - defaults.full_marks) > _EPSILON:
        return
    if abs(evaluation.budget_weight - defaults.budget) > _EPSILON:
        yield ctx.finding("weight_differs_from_default", ctx.sub.ref("budget_weight"),
                          "budget_weight", expected=number_text(defaults.budget),
                          found=number_text(evaluation.budget_weight), label="预算执行率",
                          full=number_text(defaults.full_marks))
    for subtotal in evaluation.subtotals:
        if subtotal.rules_weight is None or abs(subtotal.weight - subtotal.rules_weight) <= _EPSILON:
            continue
        if not subtotal.score.cells:  # a level with no rows is missing, not weighted differently
            continue
        cells = subtotal.score.cells
        yield ctx.finding("weight_differs_from_default", cells[0] if cells else None,
                          "indicators.weight", expected=number_text(subtotal.rules_weight),
                          found=number_text(subtotal.weight), label=subtotal.level1,
                          full=number_text(defaults.full_marks))


def level_points_as_stated(ctx: Context) -> Iterator[Finding]:
    """A first level that states its points (“产出指标(50分)”) should carry them in its rows."""
    for subtotal in ctx.evaluation.subtotals:
        rows = [r.indicator for r in ctx.evaluation.indicators if r.indicator.level1 == subtotal.level1 and r.counted]
        stated = next((i.level1_points for i in rows if i.level1_points is not None), None)
        weights = [i.weight for i in rows if i.weight is not None]
        if stated is None or not weights or abs(sum(weights) - stated) <= _EPSILON:
            continue
        yield _about(ctx, rows[0], "level_points_differ", "level1", expected=number_text(stated),
                     found=number_text(sum(weights)), level1=subtotal.level1)


def indicator_weights_present(ctx: Context) -> Iterator[Finding]:
    """Every row that counts needs its weight; a total counted by its parts, or a part of a total
    that counts, needs none."""
    bare = [r.indicator for r in ctx.evaluation.indicators if r.counted and r.indicator.weight is None]
    yield from _on_rows(ctx, bare, "indicator_weight_missing", "weight", expected="分值", found="未填写")


def totals_counted_once(ctx: Context) -> Iterator[Finding]:
    """A total and its parts: said once at the total, with which of them the weights count by."""
    results = ctx.evaluation.indicators
    for result in results:
        parts = [r for r in results if r.part_of == result.indicator.row]
        if not parts:
            continue
        names = "、".join(r.indicator.name or f"第 {r.indicator.row} 行" for r in parts)
        if result.counted:
            how = "分值和得分按合计行计算，各分项只核对完成情况"
        elif result.indicator.weight is not None:
            how = f"分值和得分按各分项计算，合计行的分值 {number_text(result.indicator.weight)} 分不重复计入"
        else:
            how = "分值和得分按各分项计算，合计行只核对完成情况"
        yield _about(ctx, result.indicator, "total_and_parts", "name", expected="分值只计一次",
                     found=f"{len(parts)} 个分项", count=len(parts), names=names, how=how)


# 绩效指标


def indicator_levels_known(ctx: Context) -> Iterator[Finding]:
    for indicator in ctx.sub.indicators:
        level2_names = INDICATOR_LEVELS.get(indicator.level1)
        if level2_names is None:
            yield _about(ctx, indicator, "level1_unknown", "level1",
                         expected="、".join(INDICATOR_LEVELS), found=indicator.level1 or "（空）")
        elif indicator.level2 not in level2_names:
            yield _about(ctx, indicator, "level2_unknown", "level2", expected="、".join(level2_names),
                         found=indicator.level2 or "（空）", level1=indicator.level1)


def indicator_values_present(ctx: Context) -> Iterator[Finding]:
    """A target with no actual, or an actual with no target: nothing to compare."""
    for result in ctx.evaluation.indicators:
        indicator = result.indicator
        quantitative = not indicator.qualitative
        consequence = "，复核按 0 分计" if result.basis is Basis.MISSING and quantitative else ""
        for key, code in (("target", "target_missing"), ("actual", "actual_missing")):
            value = getattr(indicator, key)
            if key == "actual" and (result.basis is Basis.UNVERIFIED or indicator.qualitative and result.band is None):
                continue  # told once, by unverified_rows or as qualitative_result_missing
            if value.blank:
                state = "未填写"
            elif key == "actual" and not indicator.target.blank:
                continue  # a word where a number belongs: 待核实, told by unverified_rows
            elif quantitative and value.number is None:
                state = f"“{value.text}”不是数值"
            else:
                continue
            yield _about(ctx, indicator, code, key, found=value.text or "未填写", state=state,
                         consequence=consequence)


def indicator_values_not_negative(ctx: Context) -> Iterator[Finding]:
    for indicator in ctx.sub.indicators:
        if indicator.qualitative:
            continue
        for key, label in (("target", "年度指标值"), ("actual", "实际完成值")):
            number = getattr(indicator, key).number
            if number is not None and number < 0:
                yield _about(ctx, indicator, "negative_value", key, found=number_text(number),
                             label=label)


def unverified_rows(ctx: Context) -> Iterator[Finding]:
    """Each row whose self score is carried unchecked (待核实), at the cell that makes it so."""
    for result in ctx.evaluation.indicators:
        if result.basis is not Basis.UNVERIFIED:
            continue
        indicator = result.indicator
        carried = carried_text(indicator, result.score.value)
        if indicator.qualitative:
            yield _about(ctx, indicator, "qualitative_result_unknown", indicator.result_column,
                         expected="、".join(ctx.rules.reading.accepted_words),
                         found=indicator.qualitative_result, carried=carried)
        elif indicator.actual.number is None and not rate_without_base(indicator, ctx.rules):
            yield _about(ctx, indicator, "actual_not_a_number", "actual", expected="实际完成的数量",
                         found=indicator.actual.text, carried=carried)
        else:
            target, target_unit = in_base_units(indicator.target, indicator.unit)
            written = indicator.target.text if indicator.target.from_text or target_unit != "%" \
                else percent_text(target)
            yield _about(ctx, indicator, "target_no_base", "target", expected="可计量的具体数量",
                         found=written, why=result.unverified_reason, carried=carried)


def unverified_total(ctx: Context) -> Iterator[Finding]:
    """The points carried unchecked, summed beside the total; above the limit the unit is not ranked."""
    evaluation, limit = ctx.evaluation, ctx.rules.unverified.rank_limit
    if not evaluation.unverified_count:
        return
    if not evaluation.grade:
        ranked = unranked_reason(evaluation, ctx.rules) + "，不参加排名"
    elif evaluation.unverified_points > limit + _EPSILON:
        ranked = f"超过 {number_text(limit)} 分，不参加排名"
    else:
        ranked = f"未超过 {number_text(limit)} 分，参加排名"
    yield ctx.finding("unverified_points", ctx.sub.ref("self_total_score"), "self_total_score",
                      expected="0", found=number_text(evaluation.unverified_points),
                      total=number_text(evaluation.total_score.value), count=evaluation.unverified_count,
                      names=_unverified_names(evaluation), ranked=ranked)


def high_score_unverified(ctx: Context) -> Iterator[Finding]:
    """A self total at the evidence mark that rests on rows nothing can check claims what it cannot show."""
    evaluation, limit = ctx.evaluation, ctx.rules.checks.evidence_score
    total = evaluation.self_total
    if total is None or total < limit - _EPSILON or not evaluation.unverified_count:
        return
    yield ctx.finding("high_score_unverified", ctx.sub.ref("self_total_score"), "self_total_score",
                      expected="可核实的完成值", found=number_text(total), limit=number_text(limit),
                      count=evaluation.unverified_count, names=_unverified_names(evaluation))


def _unverified_names(evaluation: Evaluation) -> str:
    names = [r.indicator.name or f"第 {r.indicator.row} 行" for r in evaluation.indicators
             if r.basis is Basis.UNVERIFIED]
    return "、".join(names[:_NAMES_LISTED]) + ("等" if len(names) > _NAMES_LISTED else "")


def actuals_exact(ctx: Context) -> Iterator[Finding]:
    for indicator in ctx.sub.indicators:
        if not indicator.qualitative and indicator.actual.operator in RANGE_OPERATORS:
            yield _about(ctx, indicator, "actual_is_threshold", "actual", expected="准确数值",
                         found=indicator.actual.text)


def completion_as_reported(ctx: Context) -> Iterator[Finding]:
    """Reported completion rates of ≥ and = indicators against actual ÷ target.

    ≤ indicators are left out: for a ceiling there is no agreed way to
    state a completion rate, and towns write 100% for "stayed under".
    """
    for result in ctx.evaluation.indicators:
        indicator = result.indicator
        if result.basis is not Basis.MEASURED or indicator.direction == "≤":
            continue
        yield from _reconciled(ctx, f"指标“{indicator.name}”的完成率", indicator.reported_rate,
                               result.completion.value, result.completion.how,
                               indicator.ref("reported_rate"), "indicators.reported_rate", rate=True)


def self_scores_valid(ctx: Context) -> Iterator[Finding]:
    """A self score within the weight, inside its qualitative band, equal to the recomputed one."""
    for result in ctx.evaluation.indicators:
        indicator, own = result.indicator, result.indicator.self_score
        if indicator.qualitative and result.band is None:
            if indicator.actual.blank:  # a word the rules lack is the reader's finding, on its cell
                yield _about(ctx, indicator, "qualitative_result_missing", indicator.result_column,
                             expected="、".join(band.result for band in ctx.rules.qualitative),
                             found="未填写")
            continue
        if own is None or indicator.weight is None:
            continue
        if own > indicator.weight + _EPSILON:
            yield _about(ctx, indicator, "self_score_over_weight", "self_score",
                         expected=number_text(indicator.weight), found=number_text(own))
        elif result.band is not None:
            low, high = result.band.points(indicator.weight)
            if not result.band.contains(own, indicator.weight):
                open_end = "" if result.band.high_included else f"（不含 {number_text(high)}）"
                yield _about(ctx, indicator, "qualitative_out_of_band", "self_score",
                             expected=f"{number_text(low)}–{number_text(high)}{open_end}",
                             found=number_text(own), result=result.band.result,
                             score=number_text(result.score.value))
        elif result.basis in (Basis.MEASURED, Basis.ZERO_TARGET):
            yield from _reconciled(ctx, f"指标“{indicator.name}”", own, result.score.value,
                                   result.score.how, indicator.ref("self_score"),
                                   "indicators.self_score")


def deviations_explained(ctx: Context) -> Iterator[Finding]:
    """Not met, or met at the over-completion threshold or above: say why."""
    threshold = ctx.rules.over_completion.threshold
    for result in ctx.evaluation.indicators:
        indicator = result.indicator
        if not result.needs_reason or indicator.deviation_reason.strip():
            continue
        completion = percent_text(result.completion.value)
        if result.over_threshold:
            yield _about(ctx, indicator, "overshoot_no_reason", "deviation_reason",
                         expected=percent_text(threshold), found=completion)
        else:
            yield _about(ctx, indicator, "shortfall_no_reason", "deviation_reason",
                         found=completion, state=_shortfall(result, completion))


def over_completion_noted(ctx: Context) -> Iterator[Finding]:
    """At the threshold a reason is not the end of it: the target may be too low, and a deduction is said."""
    threshold = ctx.rules.over_completion.threshold
    for result in ctx.evaluation.indicators:
        indicator = result.indicator
        if not result.over_threshold or not indicator.deviation_reason.strip():
            continue
        deduction = (f"；按本区复核规则超额完成扣减 {number_text(result.deduction)} 分"
                     if result.deduction else "")
        yield _about(ctx, indicator, "target_maybe_low", "target", expected=percent_text(threshold),
                     found=percent_text(result.completion.value), deduction=deduction)


def reasons_specific(ctx: Context) -> Iterator[Finding]:
    """A reason that is a stock phrase, or one sentence copied onto several rows, explains nothing."""
    stock = set(ctx.rules.checks.boilerplate_reasons)
    explained = [r for r in ctx.evaluation.indicators
                 if r.needs_reason and r.indicator.deviation_reason.strip()]
    counts: dict[str, int] = {}
    for result in explained:
        key = _reason_key(result.indicator.deviation_reason)
        counts[key] = counts.get(key, 0) + 1
    for result in explained:
        reason = result.indicator.deviation_reason.strip()
        key = _reason_key(reason)
        if key in stock or counts[key] > 1:
            copied = f"（与另外 {counts[key] - 1} 行相同）" if counts[key] > 1 else ""
            yield _about(ctx, result.indicator, "reason_boilerplate", "deviation_reason", found=reason,
                         state=_deviation_state(result), copied=copied)


def _reason_key(reason: str) -> str:
    return normalize_text(reason).strip("。.，, ")


def _deviation_state(result: IndicatorResult) -> str:
    completion = percent_text(result.completion.value)
    if result.over_threshold:
        return f"完成率 {completion}"
    return _shortfall(result, completion)


def satisfaction_surveyed(ctx: Context) -> Iterator[Finding]:
    """A 满意度 target of 100%, or a 满意度 result with no word on the survey behind it.

    The survey is asked about only where the form has its 满意度调查说明 (template 2.0).
    """
    surveyed = "survey_note" not in ctx.sub.fields or bool(ctx.sub.text("survey_note").strip())
    for indicator in ctx.sub.indicators:
        if not _is_satisfaction(indicator) or indicator.qualitative:
            continue
        target, unit = in_base_units(indicator.target, indicator.unit)
        if target is not None and unit == "%" and target >= 1 - _EPSILON:
            yield _about(ctx, indicator, "satisfaction_target_full", "target", expected="低于 100% 的目标",
                         found=percent_text(target))
        actual, unit = in_base_units(indicator.actual, indicator.unit)
        if actual is not None and not surveyed:
            shown = percent_text(actual) if unit == "%" else indicator.actual.text
            yield _about(ctx, indicator, "satisfaction_no_survey", "actual", expected="填写满意度调查说明",
                         found=shown)


def indicator_mix(ctx: Context) -> Iterator[Finding]:
    """A form with no 满意度 row, or outputs counted only by quantity."""
    indicators = ctx.sub.indicators
    if not indicators:
        return
    first = indicators[0]
    if not any(_is_satisfaction(indicator) for indicator in indicators):
        yield _about(ctx, first, "satisfaction_missing", "level1", expected="服务对象满意度指标", found="无")
    outputs = {indicator.level2 for indicator in indicators if indicator.level1 == "产出指标"}
    if outputs == {"数量指标"}:
        yield _about(ctx, first, "output_only_quantity", "level2", expected="质量、时效或成本指标",
                     found="只有数量指标")


def outputs_not_inputs(ctx: Context) -> Iterator[Finding]:
    """A sum of money is what a project spends, not what it delivers (成本指标 excepted)."""
    words = ctx.rules.checks.input_words
    for indicator in ctx.sub.indicators:
        if indicator.level2 not in ("数量指标", "质量指标", "时效指标"):
            continue
        if any(word in indicator.name for word in words) and _in_wan(indicator) is not None:
            yield _about(ctx, indicator, "input_as_output", "name", expected="产出（服务数量、质量、时效）",
                         found=indicator.target.text + (indicator.unit if not indicator.target.unit else ""),
                         level2=indicator.level2)


def qualitative_targets_measurable(ctx: Context) -> Iterator[Finding]:
    """Qualitative targets in words that measure nothing ("效果明显"): one note listing the rows."""
    words = ctx.rules.checks.vague_targets
    vague = [indicator for indicator in ctx.sub.indicators
             if indicator.qualitative and any(word in indicator.target.text for word in words)
             and not any(char.isdigit() for char in indicator.target.text)]
    if vague:
        rows = "；".join(f"“{i.name or f'第 {i.row} 行'}”（{i.target.text}）" for i in vague)
        finding = _about(ctx, vague[0], "targets_unmeasurable", "target", expected="可衡量的标准",
                         found="、".join(i.target.text for i in vague), count=len(vague), rows=rows)
        yield finding


def _is_satisfaction(indicator: Indicator) -> bool:
    return indicator.level1 == "满意度指标" or "满意" in indicator.name


def _in_wan(indicator: Indicator) -> float | None:
    """An indicator's target as a sum of money in 万元, or ``None`` when it is not money."""
    unit = indicator.target.unit or normalize_text(indicator.unit)
    number = indicator.target.number
    if number is None or unit not in _MONEY_UNITS:
        return None
    return number * _MONEY_UNITS[unit]


def _shortfall(result: IndicatorResult, completion: str) -> str:
    indicator = result.indicator
    if indicator.qualitative:
        return f"完成情况为“{indicator.qualitative_result}”，未完全达成"
    if indicator.direction == "≤":
        return f"实际完成值超过上限（为上限的 {completion}）"
    if indicator.direction == "=":
        return f"实际完成值偏离年度指标值（完成率 {completion}）"
    return f"完成率 {completion}，未达到年度指标值"


# 自评结论


def total_as_reported(ctx: Context) -> Iterator[Finding]:
    total = ctx.evaluation.total_score
    yield from _reconciled(ctx, "总分", ctx.evaluation.self_total, total.value, total.how,
                           ctx.sub.ref("self_total_score"), "self_total_score")


def grade_as_reported(ctx: Context) -> Iterator[Finding]:
    """The self grade follows from the self total, and should equal the recomputed grade."""
    evaluation = ctx.evaluation
    own = evaluation.self_grade.strip()
    if not own:
        return
    ref = ctx.sub.ref("self_grade")
    if evaluation.self_total is not None:
        follows = ctx.rules.grade_for(evaluation.self_total)
        if own != follows:
            yield ctx.finding("grade_inconsistent", ref, "self_grade", expected=follows, found=own,
                              total=number_text(evaluation.self_total))
            return
    if evaluation.grade and own != evaluation.grade:
        yield ctx.finding("grade_mismatch", ref, "self_grade", expected=evaluation.grade, found=own,
                          total=number_text(evaluation.total_score.value))


def perfect_score_evidenced(ctx: Context) -> Iterator[Finding]:
    """A score at the rules' evidence mark claims nearly every target met; each needs its evidence.

    A national form has no 佐证材料 column: then one note asks for the list.
    """
    total, limit = ctx.evaluation.self_total, ctx.rules.checks.evidence_score
    if total is None or total < limit - _EPSILON or not ctx.sub.indicators:
        return
    ref = ctx.sub.ref("self_total_score")
    if "evidence" not in ctx.sub.indicators[0].columns:
        yield ctx.finding("evidence_column_missing", ref, "self_total_score", expected="佐证材料清单",
                          found=number_text(total), limit=number_text(limit))
        return
    bare = [indicator.name for indicator in ctx.sub.indicators if not indicator.evidence.strip()]
    if bare:
        names = "、".join(bare[:_NAMES_LISTED]) + ("等" if len(bare) > _NAMES_LISTED else "")
        yield ctx.finding("perfect_score_no_evidence", ref, "self_total_score",
                          expected="每项指标均有佐证材料", found=number_text(total), count=len(bare),
                          names=names, limit=number_text(limit))


# Helpers


def _about(ctx: Context, indicator: Indicator, code: str, key: str, **params: Any) -> Finding:
    """A finding on one cell of an indicator row, naming the indicator."""
    return ctx.finding(code, indicator.ref(key), f"indicators.{key}",
                       name=indicator.name or f"第 {indicator.row} 行", **params)


def _reconciled(ctx: Context, label: str, reported: float | None, computed: float | None,
                how: str, ref: CellRef | None, field_name: str, *,
                rate: bool = False) -> Iterator[Finding]:
    """A reported rate or score against the recomputed one, saying when it was truncated."""
    if reported is None or computed is None:
        return
    tolerance = ctx.rules.tolerance.rate_points if rate else ctx.rules.tolerance.score
    compared = reconcile(reported, computed, tolerance, percent=rate)
    if compared.agrees:
        return
    unit = "%" if rate else ""

    def shown(value: float) -> str:
        return f"{number_text(round(value, 2))}{unit}"

    kind = "rate" if rate else "score"
    if not compared.within_tolerance:
        truncation = (f"；自报值是截尾取整的结果，四舍五入应为 {shown(compared.rounded)}"
                      if compared.truncated else "")
        yield ctx.finding(f"{kind}_mismatch", ref, field_name, expected=shown(compared.computed),
                          found=shown(compared.reported), label=label, how=how,
                          diff=number_text(round(abs(compared.difference), 2)),
                          tolerance=number_text(tolerance), truncation=truncation)
    elif compared.truncated:
        yield ctx.finding(f"{kind}_truncated", ref, field_name, expected=shown(compared.rounded),
                          found=shown(compared.reported), label=label, how=how,
                          exact=shown(compared.computed), tolerance=number_text(tolerance))


CHECKS: tuple[Check, ...] = (
    sources_add_up,
    spent_within_budget,
    budget_change_explained,
    execution_explained,
    cost_ceilings_within_budget,
    execution_known,
    exec_rate_as_reported,
    budget_score_as_reported,
    payments_follow_schedule,
    payments_after_evaluation,
    payment_ratios_total_100,
    payment_dates_plausible,
    payments_match_spending,
    weights_total_100,
    weights_as_default,
    level_points_as_stated,
    indicator_weights_present,
    self_scores_present,
    totals_counted_once,
    indicator_levels_known,
    indicator_values_present,
    indicator_values_not_negative,
    unverified_rows,
    actuals_exact,
    completion_as_reported,
    self_scores_valid,
    deviations_explained,
    over_completion_noted,
    reasons_specific,
    satisfaction_surveyed,
    indicator_mix,
    outputs_not_inputs,
    qualitative_targets_measurable,
    total_as_reported,
    grade_as_reported,
    perfect_score_evidenced,
    high_score_unverified,
    unverified_total,
)

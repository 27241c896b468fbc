"""Scores recomputed from one submission by the district's review rules (本区复核规则).

What a careful auditor at the district computes by hand: the budget
execution rate and its score, each indicator's completion and score by its
direction, the first-level subtotals, the total and the grade.  The town's
own figures are never used as inputs — only the cells it typed values into —
so a wrong or truncated figure in the file shows up as a difference.

Every computed number is a ``Figure``: the value, the working in Chinese
("实际完成值 104 ÷ 年度指标值 90") and the cells it came from, so the summary
sheet, the cell comments and the report can show where each number is from.
"""

from __future__ import annotations

import math
from dataclasses import replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from enum import Enum

from excel_eval.model import CellRef, Indicator, Submission
from excel_eval.record import record
from excel_eval.rules import QualitativeBand, Rules
from excel_eval.values import PERCENT_POINTS_ABOVE, Measure, in_plain_units, is_percent_unit, normalize_text

QUANTITATIVE = ("≥", "≤", "=")
#: A self-score at or above a band's open top is brought just under it: one
#: hundredth of a point, the finest step a score is written with.
OPEN_END_STEP = 0.01
#: A unit that is only a scale ("10万", "2千") multiplies into the row's unit.
SCALE_WORDS = {"万": 1e4, "千": 1e3, "亿": 1e8}
_EPSILON = 1e-9


class Basis(str, Enum):
    """How an indicator's score was arrived at."""

    MEASURED = "measured"
    ZERO_TARGET = "zero_target"
    QUALITATIVE = "qualitative"
    #: 待核实: nothing to check the self score against, so it is carried as it is.
    UNVERIFIED = "unverified"
    MISSING = "missing"

    @property
    def label(self) -> str:
        return _BASIS_LABELS[self]


_BASIS_LABELS = {
    Basis.MEASURED: "按完成值核算",
    Basis.ZERO_TARGET: "指标值为 0，按是否达到核算",
    Basis.QUALITATIVE: "定性指标，按完成情况档次核定",
    Basis.UNVERIFIED: "待核实：无法按完成值核算，暂按自评得分计入",
    Basis.MISSING: "缺少指标值、完成值或完成情况，按 0 分计",
}


@record(frozen=True)
class Figure:
    """A computed number, how it was computed and the cells it came from."""

    value: float | None
    how: str
    cells: tuple[CellRef, ...] = ()


@record(frozen=True)
class IndicatorResult:
    """One indicator, recomputed.

    ``completion`` is actual ÷ target in like units (for ≤ the share of the
    ceiling used); ``None`` when it cannot be computed.  ``needs_reason`` says
    the row must explain its deviation: not met, or at least the
    over-completion threshold.
    """

    indicator: Indicator
    basis: Basis
    completion: Figure
    met: bool | None
    score: Figure
    band: QualitativeBand | None
    over_threshold: bool
    needs_reason: bool
    #: Points taken off for over-completion (only when the rules ask for it).
    deduction: float = 0.0
    #: Why the row is 待核实 (basis ``UNVERIFIED``), as a clause of a Chinese sentence.
    unverified_reason: str = ""
    #: The sheet row of the total this row is a part of (“其中” rows), ``None`` for a row of its own.
    part_of: int | None = None
    #: Whether its weight and score count towards the total: a total and its parts count once,
    #: by the parts where they carry weights, else by the total.
    counted: bool = True


@record(frozen=True)
class Subtotal:
    """One first-level indicator: the points its rows carry and score."""

    level1: str
    #: The rules' points for this level; ``None`` for a name the rules lack.
    rules_weight: float | None
    #: The points its rows carry; where no row carries any, the points its cell states (“产出指标(40分)”).
    weight: float
    score: Figure


@record(frozen=True)
class Evaluation:
    """Everything recomputed for one submission, next to its self-assessment."""

    exec_rate: Figure
    budget_weight: float
    budget_score: Figure
    indicators: tuple[IndicatorResult, ...]
    subtotals: tuple[Subtotal, ...]
    #: Budget weight plus every indicator weight; 100 when the file is right.
    weight_total: float
    total_score: Figure
    #: The grade of the total; "" for a file with no weighted indicator, which is not graded.
    grade: str
    self_total: float | None
    self_grade: str
    indicator_count: int
    #: Mean completion of measured ≥ and = indicators, each capped by the rules, for comparison.
    average_completion: float | None
    unmet_count: int
    over_threshold_count: int
    #: Indicators whose self score is carried unverified (待核实), and the points they carry.
    unverified_count: int
    unverified_points: float
    #: The rules it was computed by, as the summary names them.
    rules_description: str

    def subtotal(self, level1: str) -> Subtotal | None:
        return next((s for s in self.subtotals if s.level1 == level1), None)


def evaluate(sub: Submission, rules: Rules) -> Evaluation:
    """Recompute execution, indicator scores, subtotals, total and grade."""
    exec_rate = _exec_rate(sub)
    budget_weight, weight_note = _budget_weight(sub, rules)
    budget_score = _budget_score(sub, exec_rate, budget_weight, weight_note)
    results = _counted_once(tuple(score_indicator(indicator, rules) for indicator in sub.indicators),
                             rules.checks.part_prefixes)
    subtotals = _subtotals(results, rules)
    total = budget_score.value + sum(s.score.value for s in subtotals)
    total_how = " + ".join([f"预算执行 {number_text(budget_score.value)}",
                            *(f"{s.level1} {number_text(s.score.value)}" for s in subtotals)])
    cap = rules.comparison.completion_cap
    measured = [min(r.completion.value, cap) for r in results
                if r.basis is Basis.MEASURED and r.indicator.direction != "≤"]
    return Evaluation(
        exec_rate=exec_rate,
        budget_weight=budget_weight,
        budget_score=budget_score,
        indicators=results,
        subtotals=subtotals,
        weight_total=budget_weight + sum(s.weight for s in subtotals),
        total_score=Figure(total, total_how,
                           budget_score.cells + tuple(c for s in subtotals for c in s.score.cells)),
        grade=rules.grade_for(total) if any(r.indicator.weight for r in results) else "",
        self_total=sub.number("self_total_score"),
        self_grade=sub.text("self_grade"),
        indicator_count=len(results),
        average_completion=sum(measured) / len(measured) if measured else None,
        unmet_count=sum(1 for r in results if r.met is False),
        over_threshold_count=sum(1 for r in results if r.over_threshold),
        unverified_count=sum(1 for r in results if r.basis is Basis.UNVERIFIED and r.counted),
        unverified_points=sum(r.score.value for r in results if r.basis is Basis.UNVERIFIED and r.counted),
        rules_description=rules.description,
    )


def unranked_reason(evaluation: Evaluation, rules: Rules) -> str:
    """Why a unit is left out of the ranking, or "" when it is ranked.

    A file with no indicator weighted is not graded, so it has nothing to be
    ranked by; a total resting on more unverified points than the rules
    allow would rank a claim, not a result.
    """
    if not evaluation.grade:
        return "各项指标均未填写分值，不评级" if evaluation.indicator_count else "未填写绩效指标和分值，不评级"
    limit = rules.unverified.rank_limit
    if evaluation.unverified_points > limit + _EPSILON:
        return (f"待核实分值 {number_text(evaluation.unverified_points)} 分，"
                f"超过 {number_text(limit)} 分")
    return ""


def _exec_rate(sub: Submission) -> Figure:
    spent, budget = sub.number("spent_total"), sub.number("budget_total")
    cells = _refs(sub.ref("spent_total"), sub.ref("budget_total"))
    if spent is None or not budget:
        return Figure(None, "缺少全年执行数或全年预算数，无法计算执行率", cells)
    return Figure(spent / budget, f"全年执行数 {number_text(spent)} ÷ 全年预算数 {number_text(budget)}",
                  cells)


def _budget_weight(sub: Submission, rules: Rules) -> tuple[float, str]:
    given = sub.number("budget_weight")
    if given is None:
        return rules.weights.budget, f"（未填写分值，按规则默认 {number_text(rules.weights.budget)} 分）"
    return given, ""


def _budget_score(sub: Submission, exec_rate: Figure, weight: float, note: str) -> Figure:
    cells = _refs(sub.ref("budget_weight"), *exec_rate.cells)
    if exec_rate.value is None:
        return Figure(0.0, f"无法计算执行率，按 0 分计{note}", cells)
    counted = min(max(exec_rate.value, 0.0), 1.0)
    capped = "（执行率超过 100% 按 100% 计）" if exec_rate.value > 1 else ""
    return Figure(weight * counted,
                  f"分值 {number_text(weight)} × 执行率 {percent_text(counted)}{capped}{note}", cells)


def score_indicator(indicator: Indicator, rules: Rules) -> IndicatorResult:
    """Completion and score of one indicator row, by its direction."""
    if indicator.qualitative:
        return _qualitative(indicator, rules)
    weight = indicator.weight or 0.0
    direction = indicator.direction if indicator.direction in QUANTITATIVE else "≥"
    target, target_unit = in_base_units(indicator.target, indicator.unit)
    actual, actual_unit = in_base_units(indicator.actual, indicator.unit)
    cells = _refs(indicator.ref("actual"), indicator.ref("target"))
    score_cells = _refs(indicator.ref("weight"), *cells)

    def result(basis: Basis, completion: Figure, met: bool | None, score: float, how: str,
               over: bool = False, deduction: float = 0.0) -> IndicatorResult:
        needs_reason = met is False or over
        return IndicatorResult(indicator, basis, completion, met,
                               Figure(score, _weight_note(indicator) + how, score_cells),
                               None, over, needs_reason, deduction)

    no_base = rate_without_base(indicator, rules)
    if no_base:  # a target that measures nothing is 待核实 whether or not an actual was written
        return _unverified(indicator, cells, no_base)
    if target is None or actual is None and indicator.actual.blank:
        return result(Basis.MISSING, Figure(None, "缺少年度指标值或实际完成值", cells), None, 0.0,
                      "缺少年度指标值或实际完成值，按 0 分计")
    if actual is None:
        return _unverified(indicator, cells, f"实际完成值为“{indicator.actual.text}”，不是数量")
    if target <= 0:
        met = _meets(direction, actual, target)
        return result(Basis.ZERO_TARGET, Figure(None, "年度指标值不大于 0，不计算完成率", cells), met,
                      weight if met else 0.0,
                      f"{'已达到' if met else '未达到'}年度指标值，"
                      f"{'得满分' if met else '按 0 分计'}")
    completion = actual / target
    completion_figure = Figure(completion, f"实际完成值 {_shown(actual, actual_unit)} ÷ 年度指标值 "
                                           f"{_shown(target, target_unit)}", cells)
    met = _meets(direction, actual, target, rules.methods.equal_tolerance)
    if met:
        share, how = 1.0, f"已完成，得满分 {number_text(weight)}"
    else:
        share, how = _missed_share(rules.methods.method(direction), completion, weight)
    over = direction in ("≥", "=") and completion >= rules.over_completion.threshold - _EPSILON
    deduction = 0.0
    if over and direction == "≥" and rules.over_completion.deduct:
        rule = rules.over_completion
        points_over = (completion - rule.threshold) * 100
        deduction = weight * min(rule.deduct_max, rule.deduct_per_point * points_over)
        how += f"；超额完成扣减 {number_text(deduction)} 分"
    return result(Basis.MEASURED, completion_figure, met, weight * share - deduction, how,
                  over, deduction)


def rate_without_base(indicator: Indicator, rules: Rules) -> str:
    """Why a percentage target measures nothing, or "" when it does.

    A percentage target is measurable when the indicator names a ratio with a
    base of its own (覆盖率, 及时率, 满意度) and the actual is a percentage
    too.  It measures nothing when the name is a completion rate ("服务人次完成率
    100%": 100% of an unstated number), when the actual is a count (">10万人次"
    against "100%"), or when the name is no ratio at all ("宣传影响力 100%").
    The words that make a name a ratio or a completion rate are rules (``[unverified]``).
    """
    target, target_unit = in_base_units(indicator.target, indicator.unit)
    if target is None or target_unit != "%":
        actual, actual_unit = in_base_units(indicator.actual, indicator.unit)
        if actual is not None and target is not None and actual_unit == "%":
            return f"实际完成值“{indicator.actual.text}”是百分比，而年度指标值是数量，二者无法相除"
        return ""
    actual, actual_unit = in_base_units(indicator.actual, indicator.unit)
    if any(word in indicator.name for word in rules.unverified.completion_words):
        return "以完成率作为目标，没有写明要完成的数量"
    if actual is not None and actual_unit != "%":
        return f"年度指标值是百分比，而实际完成值“{indicator.actual.text}”是数量，百分比没有写明以什么为基数"
    if not any(word in indicator.name for word in rules.unverified.ratio_words):
        return "指标名称不是比率，百分比没有可计量的基数"
    return ""


def _unverified(indicator: Indicator, cells: tuple[CellRef, ...], reason: str) -> IndicatorResult:
    """A row nothing can check: the self score is carried, within the weight, marked 待核实."""
    carried = min(max(indicator.self_score or 0.0, 0.0), indicator.weight or 0.0)
    score = Figure(carried, f"{_weight_note(indicator)}{reason}，无法核算；{carried_text(indicator, carried)}",
                   _refs(indicator.ref("weight"), indicator.ref("self_score")))
    return IndicatorResult(indicator, Basis.UNVERIFIED, Figure(None, reason, cells), None, score,
                           None, False, False, unverified_reason=reason)


def carried_text(indicator: Indicator, carried: float) -> str:
    """What a 待核实 row puts into the total, as a clause: its self score, or nothing when it has none."""
    if indicator.self_score is None:
        return "未填写自评得分，按 0 分计入，待核实"
    return f"暂按自评得分 {number_text(carried)} 分计入，待核实"


def _meets(direction: str, actual: float, target: float, equal_tolerance: float = 0.0) -> bool:
    if direction == "≤":
        return actual <= target + _EPSILON * max(1.0, abs(target))
    if direction == "=":
        return (math.isclose(actual, target, rel_tol=_EPSILON, abs_tol=_EPSILON)
                or abs(actual - target) <= equal_tolerance * abs(target) + _EPSILON)
    return actual >= target - _EPSILON * max(1.0, abs(target))


def _missed_share(method: str, completion: float, weight: float) -> tuple[float, str]:
    """The share of the weight a missed target keeps by the rules' named ``method``, and its working."""
    points = number_text(weight)
    if method == "ratio":
        return max(completion, 0.0), f"分值 {points} × 完成率 {percent_text(completion)}"
    if method == "inverse_ratio":
        return (1 / completion if completion > 0 else 0.0,
                f"超过上限，分值 {points} × 年度指标值 ÷ 实际完成值（{percent_text(1 / completion)}）")
    if method == "linear_to_zero":
        return (max(2 - completion, 0.0),
                f"超过上限，分值 {points} × (2 − {percent_text(completion)})（达到上限两倍时为 0）")
    return (max(1 - abs(completion - 1), 0.0),
            f"偏离指标值，分值 {points} × (1 − |{percent_text(completion)} − 100%|)")


def _qualitative(indicator: Indicator, rules: Rules) -> IndicatorResult:
    """A qualitative score stands inside the band of the chosen result, clamped into it."""
    weight = indicator.weight or 0.0
    result_ref = indicator.result_ref
    chosen = indicator.qualitative_result
    band = rules.band(chosen)
    completion = Figure(None, f"定性指标，完成情况“{chosen or '未选择'}”", _refs(result_ref))
    cells = _refs(indicator.ref("weight"), result_ref, indicator.ref("self_score"))
    note = _weight_note(indicator)
    if band is None and chosen:
        return _unverified(indicator, _refs(result_ref),
                           f"完成情况“{chosen}”不是规则中的结果（{'、'.join(b.result for b in rules.qualitative)}）")
    if band is None:
        return IndicatorResult(indicator, Basis.MISSING, completion, None,
                               Figure(0.0, note + "未选择定性完成情况，按 0 分计", cells),
                               None, False, False)
    low, high = band.points(weight)
    span = f"“{band.result}”档 {band.text}，即 {number_text(low)}–{number_text(high)} 分"
    own = indicator.self_score
    if own is None:
        score, how = low, f"未填写自评得分，按{span}的下限计"
    elif band.contains(own, weight):
        score, how = own, f"{span}，自评 {number_text(own)} 分在档内"
    else:
        top = high if band.high_included else max(high - OPEN_END_STEP, low)
        score = min(max(own, low), top)
        how = f"自评 {number_text(own)} 分超出{span}，按 {number_text(score)} 分计"
    met = band.result == rules.qualitative[0].result  # the top band: 达成
    return IndicatorResult(indicator, Basis.QUALITATIVE, completion, met,
                           Figure(score, note + how, cells), band, False, not met)


def _weight_note(indicator: Indicator) -> str:
    return "未填写分值，得 0 分；" if indicator.weight is None else ""


def _subtotals(results: tuple[IndicatorResult, ...], rules: Rules) -> tuple[Subtotal, ...]:
    """One subtotal per first level of the rules, then any other name used, in order."""
    names = list(rules.weights.level1)
    names += [r.indicator.level1 for r in results if r.indicator.level1 not in names]
    subtotals = []
    for name in dict.fromkeys(names):
        rows = [r for r in results if r.indicator.level1 == name and r.counted]
        score = sum(r.score.value for r in rows)
        how = " + ".join(f"{r.indicator.name} {number_text(r.score.value)}" for r in rows) or "无指标"
        cells = _refs(*(r.indicator.ref("weight") for r in rows))
        subtotals.append(Subtotal(name, rules.weights.level1.get(name), _level_weight(rows),
                                  Figure(score, how, cells)))
    return tuple(subtotals)


def parts_of(indicators: list[Indicator] | tuple[Indicator, ...], prefixes: tuple[str, ...]) -> dict[int, int]:
    """Which rows are parts of a total above them, as part's index → total's index.

    Forms list a total and its parts (社区活动 57, 其中 大型 12 and 中小型 45).
    A part is a row whose name starts with one of ``prefixes`` (“其中”), of the
    nearest row above that is not one, or one of two or more rows right under
    a row whose target and actual are their sums, in one unit.
    """
    parts: dict[int, int] = {}
    written = tuple(normalize_text(prefix) for prefix in prefixes)

    def named_part(indicator: Indicator) -> bool:
        return normalize_text(indicator.name).startswith(written)

    for index, indicator in enumerate(indicators):
        if named_part(indicator):
            total = next((i for i in range(index - 1, -1, -1) if not named_part(indicators[i])), None)
            if total is not None:
                parts[index] = total
    for index, indicator in enumerate(indicators):
        if index in parts or index in parts.values():
            continue
        size = _summed_by_rows_under(indicators, index, parts)
        parts.update({index + offset: index for offset in range(1, size + 1)})
    return parts


def _summed_by_rows_under(indicators: list[Indicator] | tuple[Indicator, ...], index: int,
                          parts: dict[int, int]) -> int:
    """How many rows right under row ``index`` its target and actual are the sums of (0 when none)."""
    total = indicators[index]
    if total.qualitative:
        return 0
    figures = [in_base_units(value, total.unit) for value in (total.target, total.actual)]
    if any(number is None or number <= 0 for number, _ in figures):
        return 0  # nothing to add up to
    sums = [0.0, 0.0]
    for size, row in enumerate(indicators[index + 1:], start=1):
        if index + size in parts or row.qualitative or row.level1 != total.level1:
            return 0
        for position, value in enumerate((row.target, row.actual)):
            number, unit = in_base_units(value, row.unit)
            if number is None or unit != figures[position][1]:
                return 0
            sums[position] += number
        if size >= 2 and all(math.isclose(sums[i], figures[i][0], rel_tol=1e-9, abs_tol=1e-9) for i in (0, 1)):
            return size
        if any(sums[i] > figures[i][0] + _EPSILON for i in (0, 1)):
            return 0
    return 0


def _counted_once(results: tuple[IndicatorResult, ...], prefixes: tuple[str, ...]) -> tuple[IndicatorResult, ...]:
    """Each total and its parts marked: parts that carry weights count, else the total counts."""
    parts = parts_of([r.indicator for r in results], prefixes)
    weighted_parts = {total for part, total in parts.items() if results[part].indicator.weight is not None}
    marked = []
    for index, result in enumerate(results):
        total = parts.get(index)
        if total is not None:
            marked.append(replace(result, part_of=results[total].indicator.row,
                                  counted=total in weighted_parts))
        elif index in parts.values():
            marked.append(replace(result, counted=index not in weighted_parts))
        else:
            marked.append(result)
    return tuple(marked)


def _level_weight(rows: list[IndicatorResult]) -> float:
    """The points a first level carries: its rows' weights, or the points its own cell states.

    A form copied from a report often says “产出指标(40分)” and leaves the rows
    unweighted; the level's points still count towards the 100 and are
    compared with the rules' default.
    """
    weights = [r.indicator.weight for r in rows if r.indicator.weight is not None]
    if weights:
        return sum(weights)
    return next((r.indicator.level1_points for r in rows if r.indicator.level1_points is not None), 0.0)


def in_base_units(value: Measure, unit: str) -> tuple[float | None, str]:
    """A target or actual in plain units ("10万人次" → 100000 人次, "93%" → 0.93 %).

    A bare number takes the row's 计量单位: 10 under "万人次" is 100000 人次,
    and under "%" it is read as the reader reads a rate cell.  A bare scale
    word ("10万" under "人次") scales the number into the row's unit.
    """
    if value.number is None:
        return None, value.unit
    column = normalize_text(unit)
    column_is_percent = is_percent_unit(column)
    if value.unit in SCALE_WORDS:
        return value.number * SCALE_WORDS[value.unit], "" if column_is_percent else column
    if value.unit or not column:
        return value.base
    if column_is_percent:
        return (value.number / 100 if value.number > PERCENT_POINTS_ABOVE else value.number), "%"
    return in_plain_units(value.number, column)


@record(frozen=True)
class Reconciliation:
    """A reported figure against the recomputed one, in the units it is shown in.

    Towns round by hand, and many cut instead of rounding (104/90 = 115.56%
    written 115%).  ``rounded`` is the computed figure rounded half-up to as
    many decimals as the reported one shows; a reported figure equal to it
    agrees, one equal to the computed figure cut to those decimals is
    ``truncated``.
    """

    reported: float
    computed: float
    rounded: float
    truncated: bool
    tolerance: float

    @property
    def difference(self) -> float:
        return self.reported - self.computed

    @property
    def agrees(self) -> bool:
        return abs(self.reported - self.rounded) < 1e-6

    @property
    def within_tolerance(self) -> bool:
        return abs(self.difference) <= self.tolerance + 1e-6


def reconcile(reported: float, computed: float, tolerance: float, *,
              percent: bool = False) -> Reconciliation:
    """Compare a reported with a recomputed figure; ``percent`` compares ratios in points."""
    scale = 100 if percent else 1
    shown, exact = round(reported * scale, 6), computed * scale
    places = Decimal(1).scaleb(-_decimals(shown))
    precise = Decimal(repr(round(exact, 9)))
    rounded = float(precise.quantize(places, rounding=ROUND_HALF_UP))
    cut = float(precise.quantize(places, rounding=ROUND_DOWN))
    truncated = abs(shown - cut) < 1e-6 and abs(shown - rounded) >= 1e-6
    return Reconciliation(shown, exact, rounded, truncated, tolerance)


def _decimals(number: float) -> int:
    text = f"{number:.4f}".rstrip("0")
    return len(text.split(".")[1])


def number_text(number: float | None) -> str:
    """A number as people write it: up to four decimals, no trailing zeros."""
    if number is None:
        return "—"
    text = f"{round(number, 4):.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def percent_text(ratio: float | None) -> str:
    """A ratio as a percentage with up to two decimals (1.1556 → 115.56%)."""
    if ratio is None:
        return "—"
    text = f"{ratio * 100:.2f}".rstrip("0").rstrip(".")
    return f"{'0' if text == '-0' else text}%"


def _shown(number: float, unit: str) -> str:
    if unit == "%":
        return percent_text(number)
    return f"{number_text(number)}{' ' + unit if unit else ''}"


def _refs(*refs: CellRef | None) -> tuple[CellRef, ...]:
    return tuple(ref for ref in refs if ref is not None)

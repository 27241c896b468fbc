"""The rules the tool scores and checks by, read from TOML.

The defaults live in ``rules.toml`` beside this module, commented in Chinese
so that a district official can read and copy them.  A user's rules file
(``--rules FILE``) only holds what it changes: its keys are laid over the
defaults, so a one-line file that raises the over-completion threshold keeps
every other default.  A key the defaults do not have is a typo, not an
extension, and is refused — a silently ignored rule would score every town
by a rule nobody meant.  Every problem is a ``RulesError`` whose Chinese
message names the file and the key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from excel_eval.catalogue import user_text
from excel_eval.fields import EVAL_RESULTS, GRADES, INDICATOR_LEVELS, PAYMENTS, QUALITATIVE_RESULTS
from excel_eval.saving import os_error_reason

DEFAULT_RULES_NAME = "rules.toml"

#: What a payment waits for, and the field holding the evaluation result it
#: needs (``None``: the payment is due on signing).
PAYMENT_GATES: dict[str, str | None] = {
    "签订合同": None,
    "中期评估": "mid_eval_result",
    "末期评估": "final_eval_result",
}

#: Keys whose value may also be a TOML date (the default is "" for "not set").
_DATE_KEYS = {("review", "return_date")}
#: Float noise allowed when sums of configured shares are compared.
_EPSILON = 1e-9


class RulesError(ValueError):
    """A rules file that cannot be used; the message is for the user."""


@dataclass(frozen=True)
class Weights:
    """Points for budget execution and for each first-level indicator, and the full marks they make."""

    budget: float
    level1: dict[str, float]
    #: What the weights add up to: 100 on the national form.
    full_marks: float

    @property
    def total(self) -> float:
        return self.budget + sum(self.level1.values())


@dataclass(frozen=True)
class GradeBand:
    grade: str
    minimum: float


@dataclass(frozen=True)
class QualitativeBand:
    """The share of an indicator's weight a qualitative result may score.

    The low end always belongs to the band; the high end only when
    ``high_included`` — the national bands are 100–80%（含）, 80–60%（含）,
    60–0%, so 8 of 10 is 达成 and not 部分达成.
    """

    result: str
    low: float
    high: float
    high_included: bool

    def points(self, weight: float) -> tuple[float, float]:
        return weight * self.low, weight * self.high

    def contains(self, score: float, weight: float) -> bool:
        low, high = self.points(weight)
        if score < low - _EPSILON:
            return False
        return score <= high + _EPSILON if self.high_included else score < high - _EPSILON

    @property
    def text(self) -> str:
        """The band as the national form words it: "60%（含）–80%（不含）"."""
        closing = "含" if self.high_included else "不含"
        return f"{self.low * 100:g}%（含）–{self.high * 100:g}%（{closing}）"


#: The scoring methods of a missed quantitative target, by name, with the
#: directions each may serve and how the rules file describes it.
METHODS: dict[str, tuple[tuple[str, ...], str]] = {
    "ratio": (("≥",), "实际完成值 ÷ 年度指标值 × 分值，不超过分值"),
    "inverse_ratio": (("≤",), "超过上限时，年度指标值 ÷ 实际完成值 × 分值"),
    "deviation": (("=",), "分值 × (1 − |实际完成值 − 年度指标值| ÷ 年度指标值)，不低于 0"),
    "linear_to_zero": (("≤",), "超过上限后线性递减，达到上限的两倍时为 0"),
}


@dataclass(frozen=True)
class Methods:
    """How a missed quantitative target scores, per direction (本区复核规则)."""

    by_direction: dict[str, str]
    #: Share of the target an "=" indicator may miss by and still count as met.
    equal_tolerance: float

    def method(self, direction: str) -> str:
        return self.by_direction[direction]

    def describe(self, direction: str) -> str:
        return METHODS[self.by_direction[direction]][1]


@dataclass(frozen=True)
class Tolerances:
    """How far a reported figure may be from the recomputed one."""

    money: float
    rate_points: float
    score: float

    @property
    def rate(self) -> float:
        """The rate tolerance as a ratio (1 point → 0.01)."""
        return self.rate_points / 100


@dataclass(frozen=True)
class OverCompletion:
    """When a completion counts as far above target, and what it costs.

    With ``deduct`` the score loses ``deduct_per_point`` of the weight for
    each percentage point above ``threshold``, at most ``deduct_max``.
    """

    threshold: float
    deduct: bool
    deduct_per_point: float
    deduct_max: float


@dataclass(frozen=True)
class Unverified:
    """What is done with points carried unchecked (待核实)."""

    #: A unit carrying more unverified points than this is not ranked.
    rank_limit: float
    #: Words that make an indicator's name a ratio with a base of its own (覆盖率, 满意度).
    ratio_words: tuple[str, ...]
    #: Words that make a percentage target a completion rate: 100% of whatever was done.
    completion_words: tuple[str, ...]


@dataclass(frozen=True)
class Checks:
    """Thresholds and word lists of the substance checks (本区复核规则)."""

    execution_floor: float
    budget_adjust_share: float
    payment_late_months: int
    evidence_score: float
    boilerplate_reasons: tuple[str, ...]
    vague_targets: tuple[str, ...]
    input_words: tuple[str, ...]
    #: Name prefixes that make a row a part of the total above it (“其中：…”).
    part_prefixes: tuple[str, ...]


@dataclass(frozen=True)
class Tranche:
    stage: str
    ratio: float
    condition: str

    @property
    def eval_field(self) -> str | None:
        """The field whose passed evaluation this payment waits for."""
        return PAYMENT_GATES[self.condition]


@dataclass(frozen=True)
class Outliers:
    completion_factor: float
    cost_factor: float
    min_units: int
    #: Units of output whose cost per unit is worth comparing across units.
    cost_units: tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    #: Each row's completion counts at most this much in a unit's average completion.
    completion_cap: float
    #: ``--unit-sheets auto`` writes a sheet per unit up to this many units.
    unit_sheets_limit: int


@dataclass(frozen=True)
class ReviewContact:
    """What the review sheet tells a town: return date and contact, if set."""

    return_date: dt.date | None
    contact: str
    phone: str


@dataclass(frozen=True)
class Reading:
    """How the national form's words are read: qualitative results, ratings, directions."""

    #: Result (达成, 部分达成, 未达成) → the words of 实际完成值 that mean it.
    result_words: dict[str, tuple[str, ...]]
    #: Rating scales, best first (优秀 > 良好 > 合格 > 不合格).
    scales: tuple[tuple[str, ...], ...]
    lower_is_better_levels: tuple[str, ...]
    lower_is_better_words: tuple[str, ...]

    def result_of(self, word: str) -> str | None:
        """The result a word of 实际完成值 states, or ``None`` for a word the rules lack."""
        return next((result for result, words in self.result_words.items() if word in words), None)

    @property
    def accepted_words(self) -> tuple[str, ...]:
        return tuple(word for words in self.result_words.values() for word in words)


@dataclass(frozen=True)
class Rules:
    weights: Weights
    grades: tuple[GradeBand, ...]
    qualitative: tuple[QualitativeBand, ...]
    methods: Methods
    tolerance: Tolerances
    over_completion: OverCompletion
    unverified: Unverified
    checks: Checks
    payments: tuple[Tranche, ...]
    #: Evaluation results that let the next payment be made, best first (优秀, 良好, 合格).
    passing_results: tuple[str, ...]
    budget_change_share: float
    comparison: Comparison
    outliers: Outliers
    review: ReviewContact
    reading: Reading
    #: The largest submission read, in bytes (``files.size_limit_mb``).
    file_size_limit: int
    #: The user's rules file, or ``None`` for the defaults alone.
    source: Path | None
    #: Short hash of the effective rules: two runs by the same rules share it.
    fingerprint: str

    @property
    def description(self) -> str:
        """How the summary names the rules it was made with."""
        if self.source is None:
            return f"本区复核规则（默认，{self.fingerprint}）"
        return f"本区复核规则：规则文件 {self.source}（{self.fingerprint}）"

    def grade_for(self, score: float) -> str:
        """The grade of ``score``; the band's minimum belongs to the band (90 → 优)."""
        score = round(score, 6)
        for band in self.grades:
            if score >= band.minimum:
                return band.grade
        return self.grades[-1].grade

    def grade_ranges(self) -> list[tuple[str, float, float | None]]:
        """Each grade with its minimum (inclusive) and the next grade's minimum (``None`` at the top)."""
        uppers = [None, *(band.minimum for band in self.grades[:-1])]
        return [(band.grade, band.minimum, upper) for band, upper in zip(self.grades, uppers)]

    def band(self, result: str) -> QualitativeBand | None:
        return next((band for band in self.qualitative if band.result == result), None)

    def tranche(self, stage: str) -> Tranche | None:
        return next((tranche for tranche in self.payments if tranche.stage == stage), None)

    def due_when(self, tranche: Tranche) -> str:
        """When a tranche may be paid, as the form words it: "签订合同后", "中期评估合格以上"."""
        if tranche.eval_field is None:
            return f"{tranche.condition}后"
        return f"{tranche.condition}{self.passing_results[-1]}以上"


def load_rules(path: Path | None = None) -> Rules:
    """The default rules, with the keys of the file at ``path`` laid over them."""
    defaults = _defaults()
    if path is None:
        return _build(defaults, None, f"默认规则文件 {DEFAULT_RULES_NAME}")
    where = f"规则文件 {path}"
    merged = _merge(defaults, _read(path, where), (), where)
    return _build(merged, path, where)


@cache
def _default_text() -> str:
    return files("excel_eval").joinpath(DEFAULT_RULES_NAME).read_text(encoding="utf-8")


def _defaults() -> dict[str, Any]:
    return tomllib.loads(_default_text())


def _read(path: Path, where: str) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RulesError(user_text("rules_missing", where=where)) from None
    except OSError as problem:
        raise RulesError(user_text("rules_unreadable", where=where, reason=os_error_reason(problem))) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RulesError(user_text("rules_not_utf8", where=where)) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        raise RulesError(user_text("rules_not_toml", where=where, position=_position(str(problem)))) from None


def _position(message: str) -> str:
    match = re.search(r"line (\d+), column (\d+)", message)
    return f"（第 {match.group(1)} 行第 {match.group(2)} 列）" if match else ""


def _merge(default: dict[str, Any], given: dict[str, Any], at: tuple[str, ...],
           where: str) -> dict[str, Any]:
    """``default`` with ``given`` laid over it, refusing unknown keys and wrong types."""
    merged = dict(default)
    for key, value in given.items():
        here = (*at, key)
        if key not in default:
            known = "、".join(default)
            raise RulesError(user_text("rules_unknown_key", where=where, key=_dotted(here), known=known))
        expected = default[key]
        if isinstance(expected, dict):
            if not isinstance(value, dict):
                raise RulesError(user_text("rules_section_expected", where=where, key=_dotted(here)))
            merged[key] = _merge(expected, value, here, where)
        else:
            _check_type(expected, value, here, where)
            merged[key] = value
    return merged


def _check_type(expected: Any, value: Any, at: tuple[str, ...], where: str) -> None:
    problem = ""
    if isinstance(expected, bool):
        if not isinstance(value, bool):
            problem = "应为 true 或 false"
    elif isinstance(expected, (int, float)):
        if not _is_number(value):
            problem = "应为数字"
    elif isinstance(expected, list):
        if not (isinstance(value, list) and value and all(isinstance(item, str) for item in value)):
            problem = "应为用英文双引号括起来的文字组成的列表，如 [\"达成\", \"已达成\"]"
    elif isinstance(expected, str):
        if not (isinstance(value, str) or at in _DATE_KEYS and isinstance(value, dt.date)):
            problem = "应为日期，如 2025-03-31" if at in _DATE_KEYS else "应为文字（用英文双引号括起来）"
    if problem:
        raise RulesError(user_text("rules_wrong_type", where=where, key=_dotted(at), problem=problem, value=_shown(value)))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _dotted(at: tuple[str, ...]) -> str:
    return ".".join(at)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"“{value}”"
    return str(value)


def _build(table: dict[str, Any], source: Path | None, where: str) -> Rules:
    """Typed rules from a merged table, after the checks that span several keys."""
    fail = _Failer(where)
    weights = Weights(float(table["weights"]["budget"]),
                      {name: float(points) for name, points in table["weights"]["level1"].items()},
                      float(table["weights"]["full_marks"]))
    fail.unless(weights.full_marks > 0, "weights.full_marks", f"满分应大于 0（{weights.full_marks:g}）")
    fail.unless(list(weights.level1) == list(INDICATOR_LEVELS), "weights.level1",
                f"一级指标应为 {'、'.join(INDICATOR_LEVELS)}")
    for name, points in (("weights.budget", weights.budget),
                         *((f"weights.level1.{n}", p) for n, p in weights.level1.items())):
        fail.unless(points >= 0, name, f"分值不能为负数（{points:g}）")
    fail.unless(abs(weights.total - weights.full_marks) < _EPSILON, "weights",
                f"预算执行率分值 {weights.budget:g} 与各一级指标分值 "
                f"{' + '.join(f'{n} {p:g}' for n, p in weights.level1.items())} 合计为 "
                f"{weights.total:g}，应为 {weights.full_marks:g}")
    full = weights.full_marks
    return Rules(
        weights=weights,
        grades=_grades(table["grades"], full, fail),
        qualitative=_qualitative(table["qualitative"], fail),
        methods=_methods(table["methods"], fail),
        tolerance=_tolerances(table["tolerance"], fail),
        over_completion=_over_completion(table["over_completion"], fail),
        unverified=_unverified(table["unverified"], full, fail),
        checks=_checks(table["checks"], full, fail),
        payments=_payments(table["payments"], fail),
        passing_results=_passing(table["payments"]["passing"], fail),
        budget_change_share=_share(table["budget_change"]["share"], "budget_change.share", fail),
        comparison=_comparison(table["comparison"], fail),
        outliers=_outliers(table["outliers"], fail),
        review=_review(table["review"], fail),
        reading=_reading(table, fail),
        file_size_limit=_file_size_limit(table["files"]["size_limit_mb"], fail),
        source=source,
        fingerprint=_fingerprint(table),
    )


class _Failer:
    """Raises ``RulesError`` naming the file and the key."""

    def __init__(self, where: str) -> None:
        self.where = where

    def unless(self, condition: bool, key: str, problem: str) -> None:
        if not condition:
            raise RulesError(user_text("rules_wrong_value", where=self.where, key=key, problem=problem))


def _grades(table: dict[str, float], full: float, fail: _Failer) -> tuple[GradeBand, ...]:
    bands = tuple(GradeBand(grade, float(table[grade])) for grade in GRADES)
    for band in bands:
        fail.unless(0 <= band.minimum <= full, f"grades.{band.grade}",
                    f"最低分应在 0–{full:g} 之间（{band.minimum:g}）")
    for higher, lower in zip(bands, bands[1:]):
        fail.unless(higher.minimum > lower.minimum, f"grades.{lower.grade}",
                    f"“{lower.grade}”的最低分 {lower.minimum:g} 应低于“{higher.grade}”的 "
                    f"{higher.minimum:g}，等级须从高到低排列且不重叠")
    fail.unless(bands[-1].minimum == 0, f"grades.{bands[-1].grade}",
                f"最低一档“{bands[-1].grade}”的最低分应为 0，否则低分无法评级")
    return bands


def _qualitative(table: dict[str, dict[str, Any]], fail: _Failer) -> tuple[QualitativeBand, ...]:
    bands = tuple(QualitativeBand(result, float(table[result]["low"]), float(table[result]["high"]),
                                  table[result]["high_included"])
                  for result in QUALITATIVE_RESULTS)
    for band in bands:
        fail.unless(0 <= band.low < band.high <= 1, f"qualitative.{band.result}",
                    f"区间 [{band.low:g}, {band.high:g}] 应满足 0 ≤ 下限 < 上限 ≤ 1")
    for higher, lower in zip(bands, bands[1:]):
        fail.unless(lower.high <= higher.low, f"qualitative.{lower.result}",
                    f"“{lower.result}”的上限 {lower.high:g} 高于“{higher.result}”的下限 "
                    f"{higher.low:g}，档次须从高到低排列且不重叠")
        fail.unless(not (lower.high == higher.low and lower.high_included),
                    f"qualitative.{lower.result}.high_included",
                    f"“{lower.result}”的上限 {lower.high:g} 是“{higher.result}”的下限（含），"
                    f"不能同时属于两档，应为 false")
    return bands


def _methods(table: dict[str, Any], fail: _Failer) -> Methods:
    by_direction = {}
    for direction in ("≥", "≤", "="):
        name = table[direction]
        usable = [method for method, (directions, _) in METHODS.items() if direction in directions]
        fail.unless(name in usable, f"methods.{direction}",
                    f"“{direction}”类指标的计分方法“{name}”不可用，只能是 {'、'.join(usable)}")
        by_direction[direction] = name
    tolerance = _share(table["equal_tolerance"], "methods.equal_tolerance", fail)
    return Methods(by_direction, tolerance)


def _tolerances(table: dict[str, float], fail: _Failer) -> Tolerances:
    for key, value in table.items():
        fail.unless(value >= 0, f"tolerance.{key}", f"允许误差不能为负数（{value:g}）")
    return Tolerances(float(table["money"]), float(table["rate"]), float(table["score"]))


def _over_completion(table: dict[str, Any], fail: _Failer) -> OverCompletion:
    threshold = float(table["threshold"])
    fail.unless(1 < threshold <= 10, "over_completion.threshold",
                f"阈值应为大于 1 的比例，如 1.30 表示 130%（填写的是 {threshold:g}）")
    per_point = float(table["deduct_per_point"])
    fail.unless(0 <= per_point <= 1, "over_completion.deduct_per_point",
                f"应在 0–1 之间（{per_point:g}）")
    return OverCompletion(threshold, table["deduct"], per_point,
                          _share(table["deduct_max"], "over_completion.deduct_max", fail))


def _unverified(table: dict[str, Any], full: float, fail: _Failer) -> Unverified:
    limit = float(table["rank_limit"])
    fail.unless(0 <= limit <= full, "unverified.rank_limit", f"应为 0–{full:g} 之间的分数（{limit:g}）")
    return Unverified(limit, tuple(table["ratio_words"]), tuple(table["completion_words"]))


def _checks(table: dict[str, Any], full: float, fail: _Failer) -> Checks:
    months = table["payment_late_months"]
    fail.unless(float(months).is_integer() and 0 <= months <= 24, "checks.payment_late_months",
                f"应为 0–24 之间的整数（{months:g}）")
    score = float(table["evidence_score"])
    fail.unless(0 <= score <= full, "checks.evidence_score", f"应为 0–{full:g} 之间的分数（{score:g}）")
    return Checks(_share(table["execution_floor"], "checks.execution_floor", fail),
                  _share(table["budget_adjust_share"], "checks.budget_adjust_share", fail),
                  int(months), score, tuple(table["boilerplate_reasons"]), tuple(table["vague_targets"]),
                  tuple(table["input_words"]), tuple(table["part_prefixes"]))


def _payments(table: dict[str, dict[str, Any]], fail: _Failer) -> tuple[Tranche, ...]:
    tranches = []
    for stage in PAYMENTS.fixed_rows:
        entry = table[stage]
        key = f"payments.{stage}"
        fail.unless(entry["condition"] in PAYMENT_GATES, f"{key}.condition",
                    f"拨付条件“{entry['condition']}”不可用，只能是 {'、'.join(PAYMENT_GATES)}")
        tranches.append(Tranche(stage, _share(entry["ratio"], f"{key}.ratio", fail),
                                entry["condition"]))
    total = sum(tranche.ratio for tranche in tranches)
    fail.unless(abs(total - 1) < 1e-6, "payments",
                f"各期约定比例合计为 {total:g}，应为 1（即 100%）")
    return tuple(tranches)


def _passing(results: list[str], fail: _Failer) -> tuple[str, ...]:
    """The passing evaluation results: the best few of :data:`EVAL_RESULTS`, so that "合格以上" reads true."""
    fail.unless(list(results) == list(EVAL_RESULTS[:len(results)]) and len(results) < len(EVAL_RESULTS),
                "payments.passing", f"应为评估结果从高到低的前几档（{'、'.join(EVAL_RESULTS)}），"
                f"且不能包含最低一档")
    return tuple(results)


def _share(value: float, key: str, fail: _Failer) -> float:
    fail.unless(0 <= value <= 1, key, f"比例应在 0–1 之间，如 0.2 表示 20%（填写的是 {value:g}）")
    return float(value)


def _comparison(table: dict[str, Any], fail: _Failer) -> Comparison:
    cap = float(table["completion_cap"])
    fail.unless(1 <= cap <= 10, "comparison.completion_cap",
                f"应为不小于 1 的比例，如 1.0 表示 100%（填写的是 {cap:g}）")
    limit = table["unit_sheets_limit"]
    fail.unless(isinstance(limit, int) and not isinstance(limit, bool) and limit >= 0,
                "comparison.unit_sheets_limit", f"应为不小于 0 的整数，如 200（填写的是 {limit}）")
    return Comparison(cap, limit)


def _outliers(table: dict[str, Any], fail: _Failer) -> Outliers:
    for key in ("completion_factor", "cost_factor"):
        fail.unless(table[key] > 1, f"outliers.{key}", f"倍数应大于 1（{table[key]:g}）")
    min_units = table["min_units"]
    fail.unless(float(min_units).is_integer() and min_units >= 2, "outliers.min_units",
                f"应为不小于 2 的整数（{min_units:g}）")
    return Outliers(float(table["completion_factor"]), float(table["cost_factor"]), int(min_units),
                    tuple(table["cost_units"]))


def _review(table: dict[str, Any], fail: _Failer) -> ReviewContact:
    value = table["return_date"]
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str) and value.strip():
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            fail.unless(False, "review.return_date", f"日期“{value}”应写作 2025-03-31 的格式")
    return ReviewContact(value if isinstance(value, dt.date) else None,
                         table["contact"].strip(), table["phone"].strip())


def _reading(table: dict[str, Any], fail: _Failer) -> Reading:
    words = {result: tuple(table["qualitative_words"][result]) for result in QUALITATIVE_RESULTS}
    seen: dict[str, str] = {}
    for result, listed in words.items():
        for word in listed:
            fail.unless(seen.setdefault(word, result) == result, f"qualitative_words.{result}",
                        f"“{word}”同时列在“{seen[word]}”和“{result}”中")
    scales = tuple(tuple(scale) for scale in table["rating_scales"].values())
    for name, scale in table["rating_scales"].items():
        fail.unless(len(scale) >= 2, f"rating_scales.{name}", "等级至少应有两档，从高到低排列")
    directions = table["directions"]
    return Reading(words, scales, tuple(directions["lower_is_better_levels"]),
                   tuple(directions["lower_is_better_words"]))


def _file_size_limit(megabytes: Any, fail: _Failer) -> int:
    fail.unless(isinstance(megabytes, (int, float)) and 0 < megabytes <= 2048, "files.size_limit_mb",
                f"应为 1–2048 之间的兆字节数（{megabytes}）")
    return int(megabytes * 2**20)


def _fingerprint(table: dict[str, Any]) -> str:
    canonical = json.dumps(table, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:8]

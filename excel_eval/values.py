"""Values as people type them, turned into numbers without making anyone retype.

Town clerks write "1600户", "１６００", "约100%", "198.45万元", "≥50个",
">10万人次" or "≥100百分比" into cells meant for numbers.  ``measure`` splits
such a cell into operator, number and unit and remembers whether the number
came from text or was approximate, so the reader can use the value *and*
report how it was read.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from typing import Any

from excel_eval.fields import MAX_YEAR, MIN_YEAR
from excel_eval.record import record

#: Cell contents that mean "nothing here".
PLACEHOLDERS = frozenset({"", "-", "—", "——", "–", "/", "\\", "无", "暂无", "n/a", "na", "空", "不适用"})

_OPERATOR_WORDS = (
    ("≥", ("≥", "≧", ">=", "不少于", "不低于", "大于等于", "至少", "达到")),
    ("≤", ("≤", "≦", "<=", "不超过", "不高于", "小于等于", "不多于", "最多", "控制在")),
    (">", (">", "大于", "超过", "多于", "高于")),
    ("<", ("<", "小于", "少于", "低于")),
    ("=", ("=", "═", "等于", "为")),
)
_APPROXIMATE_PREFIXES = ("约", "大约", "近", "接近")
_APPROXIMATE_SUFFIXES = ("左右", "余")
_TRAILING_OPERATORS = (("以上", "≥"), ("以下", "≤"), ("以内", "≤"))
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")
_SPACES = re.compile(r"\s+")
_PERCENT_UNITS = ("%", "百分比", "百分点")
#: Where no number format says a cell is a percentage, a plain number meant
#: as one above this is percentage points (15 → 15%, 95 → 95%) and one at or
#: below it a ratio (0.95 → 95%): a completion above 100% is written 150,
#: never 1.5, by someone who leaves out the % sign.  A cell formatted as a
#: percentage is what it shows: Excel keeps 536% as 5.36.
PERCENT_POINTS_ABOVE = 1
_SCALES = (("亿", 1e8), ("万", 1e4), ("千", 1e3))
#: No figure of a self-evaluation comes near this magnitude; a larger one (or inf, NaN) is not read,
#: so that no total, rate or score computed from it can overflow.
NUMBER_LIMIT = 1e15


@functools.lru_cache(maxsize=8192, typed=True)
def normalize_text(value: Any) -> str:
    """Full-width to half-width, no surrounding or doubled spaces.

    Cached: the same labels, headers and units come back in every file.
    """
    text = unicodedata.normalize("NFKC", str(value))
    text = text.replace("\u3000", " ").replace("\xa0", " ")
    return _SPACES.sub(" ", text).strip()


@record(frozen=True)
class Measure:
    """A cell read as operator, number and unit, with how it was read.

    ``number`` is what was written (10 for "10万人次", 115 for "115%");
    ``base`` scales it to plain units (100000 人次, 1.15) for comparisons.
    """

    raw: Any
    text: str
    number: float | None = None
    unit: str = ""
    operator: str = ""
    approximate: bool = False
    from_text: bool = False

    @property
    def blank(self) -> bool:
        return self.number is None and self.text.lower() in PLACEHOLDERS

    @property
    def is_number(self) -> bool:
        return self.number is not None

    @property
    def is_percent(self) -> bool:
        return is_percent_unit(self.unit)

    @property
    def base(self) -> tuple[float | None, str]:
        """The number in plain units and the unit without its scale."""
        return in_plain_units(self.number, self.unit)


def is_percent_unit(unit: str) -> bool:
    return unit in _PERCENT_UNITS


def in_plain_units(number: float | None, unit: str) -> tuple[float | None, str]:
    """``number`` written in ``unit``, in plain units: (10, "万人次") → (100000, "人次"), (93, "%") → (0.93, "%")."""
    if number is None:
        return None, unit
    if is_percent_unit(unit):
        return number / 100, "%"
    for prefix, scale in _SCALES:
        if unit.startswith(prefix) and len(unit) > 1 and unit != "万元":
            return number * scale, unit[len(prefix):]
    return number, unit


def as_read(value: Measure, unit: str) -> str:
    """A target or actual as a person reads it in its row: 0.9 under “%” is 90%.

    Excel keeps a cell typed as 90% as the number 0.9; shown as it is stored,
    a comparison would put “0.9” beside last year's “95%”.
    """
    if value.number is None or value.from_text or value.unit or not is_percent_unit(normalize_text(unit)):
        return value.text
    points = value.number if value.number > PERCENT_POINTS_ABOVE else value.number * 100
    return f"{_format_number(round(points, 6))}%"


def measure(raw: Any) -> Measure:
    """Read one cell as operator, number and unit."""
    if raw is None:
        return Measure(raw, "")
    if isinstance(raw, bool):
        return Measure(raw, str(raw))
    if isinstance(raw, (int, float)):
        if not _usable(raw):
            return Measure(raw, str(raw))
        return Measure(raw, _format_number(raw), number=float(raw))
    if isinstance(raw, (dt.date, dt.datetime, dt.time)):
        return Measure(raw, raw.isoformat())
    text = normalize_text(raw)
    compact = text.replace(" ", "")
    if compact.lower() in PLACEHOLDERS:
        return Measure(raw, compact)
    match = _NUMBER.search(compact.replace(",", ""))
    if not match:
        return Measure(raw, text)
    cleaned = compact.replace(",", "")
    before, after = cleaned[: match.start()], cleaned[match.end():]
    operator = _operator(before)
    approximate = any(word in before for word in _APPROXIMATE_PREFIXES) or after.endswith(
        _APPROXIMATE_SUFFIXES)
    for word, trailing_operator in _TRAILING_OPERATORS:
        if after.endswith(word):
            after = after[: -len(word)]
            operator = operator or trailing_operator
    unit = after.strip("。，,;；:：")
    for word in _APPROXIMATE_SUFFIXES:
        unit = unit.removesuffix(word)
    number = float(match.group())
    if not _usable(number):
        return Measure(raw, text)
    return Measure(raw, text, number=number, unit=unit, operator=operator,
                   approximate=approximate, from_text=True)


def _usable(number: float) -> bool:
    """Within :data:`NUMBER_LIMIT` (false for inf and NaN too)."""
    return -NUMBER_LIMIT <= number <= NUMBER_LIMIT


def _operator(prefix: str) -> str:
    for symbol, words in _OPERATOR_WORDS:
        if any(word in prefix for word in words):
            return symbol
    return ""


def _format_number(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() or abs(value) >= 1e-4 else repr(value)


@record(frozen=True)
class Reading:
    """A typed value with the note a guess deserves.

    ``issue`` is a finding code (``text_in_number``, ``value_approximate``,
    ``number_unreadable`` …) when the value was not a clean entry, and
    ``shown`` is how the tool understood it, for the finding's message.
    """

    value: Any
    issue: str | None = None
    shown: str = ""


def read_number(raw: Any, *, rate: bool = False, percent_cell: bool | None = True) -> Reading:
    """A money amount, count or score; with ``rate`` a ratio (115% → 1.15).

    ``percent_cell`` says whether the file formats the cell as a percentage.
    A number in a cell formatted so is the ratio it shows (1.15 shown as 115%).
    A number in a cell the file says is not (False), or text without a % sign,
    is read by :data:`PERCENT_POINTS_ABOVE` and noted as ``percent_sign_missing``;
    ``None`` (the file keeps no formats, as a national .xls form) reads it the
    same way without a note, since the file may well show a % sign.
    """
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):  # most cells: no text to read
        if not _usable(raw):
            return Reading(None, "number_out_of_range")
        number, unit, percent, from_text, approximate = float(raw), "", False, False, False
    else:
        cell = measure(raw)
        if cell.blank:
            return Reading(None)
        if cell.number is None:
            return Reading(None, "number_unreadable")
        number, unit, percent = cell.number, cell.unit, cell.is_percent
        from_text, approximate = cell.from_text, cell.approximate
    guessed = rate and not percent and (from_text or percent_cell is not True)
    if rate and (percent or guessed and number > PERCENT_POINTS_ABOVE):
        number = number / 100
    elif not rate and unit == "元":
        number = number / 10000
    noted = guessed and percent_cell is False and not from_text
    if not (approximate or from_text or noted):
        return Reading(number)
    shown = f"{_format_number(round(number * 100, 6))}%" if rate else _format_number(round(number, 6))
    issue = "value_approximate" if approximate else "text_in_number" if from_text else "percent_sign_missing"
    return Reading(number, issue, shown)


def read_text(raw: Any) -> str:
    """Text as typed, full-width letters folded, empty for placeholders of nothing."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    return "" if normalize_text(text).lower() in PLACEHOLDERS else text


def read_year(raw: Any) -> Reading:
    cell = measure(raw)
    if cell.blank:
        return Reading(None)
    if cell.number is None or not cell.number.is_integer() or not MIN_YEAR <= cell.number <= MAX_YEAR:
        return Reading(None, "year_invalid")
    return Reading(int(cell.number))


_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def read_date(raw: Any) -> Reading:
    """A date from a date cell, an Excel serial number or text like 2025年1月15日."""
    if isinstance(raw, dt.datetime):
        return Reading(raw.date())
    if isinstance(raw, dt.date):
        return Reading(raw)
    cell = measure(raw)
    if cell.blank:
        return Reading(None)
    if isinstance(raw, (int, float)) and 20000 < raw < 80000:
        return Reading(_EXCEL_EPOCH + dt.timedelta(days=int(raw)))
    match = _DATE_TEXT.search(normalize_text(raw))
    if match:
        try:
            return Reading(dt.date(*(int(part) for part in match.groups())))
        except ValueError:
            pass
    return Reading(None, "date_unreadable")


def read_choice(raw: Any, choices: tuple[str, ...]) -> Reading:
    """One of ``choices``; near spellings ("良好 " or "优秀。") are accepted."""
    text = normalize_text(read_text(raw)).strip("。.")
    if not text:
        return Reading("")
    if text in choices:
        return Reading(text)
    for choice in choices:
        if text.startswith(choice) or (len(text) > 1 and choice.startswith(text)):
            return Reading(choice)
    return Reading(text, "choice_invalid")


def read_as(raw: Any, kind: str, choices: tuple[str, ...] = (), percent_cell: bool | None = True) -> Reading:
    """Read a cell as the field table's ``kind`` says (money, rate, year, date, choice, text);
    ``percent_cell`` is whether a rate's cell is formatted as a percentage (see :func:`read_number`)."""
    if kind in ("money", "score"):
        return read_number(raw)
    if kind == "rate":
        return read_number(raw, rate=True, percent_cell=percent_cell)
    if kind == "year":
        return read_year(raw)
    if kind == "date":
        return read_date(raw)
    if kind == "choice":
        return read_choice(raw, choices)
    return Reading(read_text(raw))

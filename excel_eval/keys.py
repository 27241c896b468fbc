"""Names two spellings share: units, indicators and form labels reduced to one key each.

Towns write the same thing differently — "219001-池州市贵池区棠溪镇人民政府"
for 棠溪镇, "家庭探访（户）" for 家庭探访户数, "全年预算数（万元）" for
全年预算数 — so every comparison of names goes through a key made here, once.
A key only drops what carries no identity (codes, the administrative levels
above a unit, the words a government adds, units in brackets); it never
guesses: names a character or two apart stay apart, and :func:`close_name`
only suggests them.
"""

from __future__ import annotations

import functools
import re

from excel_eval.values import normalize_text

#: Administrative levels above a town or street; a leading "…省", "…市", "…区", "…县" is dropped.
ADMIN_LEVELS = ("自治区", "省", "市", "区", "县")
#: What a government adds to a unit's name, at the end (or, after the levels, at the start).
GOVERNMENT_WORDS = ("人民政府", "办事处")
#: The kind of unit a name ends with; 钟落潭 and 钟落潭镇 are one town when nothing else is so called.
UNIT_KINDS = ("街道", "镇", "乡", "街")

#: A leading code with its separator: "219001-", "A03 ", "12、".
_CODE = re.compile(r"^[0-9A-Za-z]+[\s\-－—_.、:：]+")
#: One administrative level: at least two characters before its level word, so that
#: 新市街道 or 市桥街道 keep their 市.
_LEVEL = re.compile(rf"^[\u4e00-\u9fff]{{2,9}}?(?:{'|'.join(ADMIN_LEVELS)})")
_GOVERNMENT_END = re.compile(rf"(?:{'|'.join(GOVERNMENT_WORDS)})+$")
_GOVERNMENT_START = re.compile(rf"^(?:{'|'.join(GOVERNMENT_WORDS)})+")
#: The shortest key a level may leave behind (so that "白云区" stays "白云区").
_SHORTEST = 2


@functools.lru_cache(maxsize=8192)
def unit_key(name: str) -> str:
    """A unit's name as two spellings of it share it: 棠溪镇 for "219001-池州市贵池区棠溪镇人民政府"."""
    key = _CODE.sub("", normalize_text(name)).replace(" ", "")
    key = _GOVERNMENT_END.sub("", key) or key
    while (match := _LEVEL.match(key)) and len(key) - match.end() >= _SHORTEST:
        key = key[match.end():]
    return _GOVERNMENT_START.sub("", key) or key


@functools.lru_cache(maxsize=8192)
def unit_stem(name: str) -> str:
    """A unit's key without its kind: 钟落潭 for 钟落潭, 钟落潭镇 and 广州市白云区钟落潭镇人民政府.

    Towns drop the 镇 or 街道 as often as they add the government's words, so
    two names with one stem are one unit — unless a roster lists two units
    of that stem (石门镇 and 石门街道), which ``roster`` keeps apart.
    """
    key = unit_key(name)
    for kind in UNIT_KINDS:
        if key.endswith(kind) and len(key) - len(kind) >= _SHORTEST:
            return key[: -len(kind)]
    return key


@functools.lru_cache(maxsize=8192)
def indicator_key(name: str) -> str:
    """A name two towns would both recognise as the same indicator (cached: names recur in every file)."""
    key = normalize_text(name).replace(" ", "")
    key = re.sub(r"[（(][^)）]*[)）]", "", key)
    key = re.sub(r"[，,。.、：:；;“”\"'·\-]", "", key)
    return re.sub(r"(数量|个数|人数|次数|户数|数)$", "", key)


@functools.lru_cache(maxsize=4096)
def label_key(text: str) -> str:
    """A form label without spaces, its unit, 必填 or column letters (“(B/A)”) in brackets, and a trailing colon or star."""
    key = normalize_text(text).replace(" ", "")
    key = re.sub(r"[（(](万元|元|%|必填|[A-Z]+(?:/[A-Z]+)?)[)）]", "", key)
    return key.strip("*:：")


def edits(a: str, b: str) -> int:
    """Characters to change, add or drop to turn ``a`` into ``b`` (Levenshtein distance)."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def close_name(name: str, candidates: list[str]) -> str | None:
    """The candidate one character off ``name`` (two for names of five or more), by unit key.

    Only ever a suggestion ("是否为…？"): 江高镇 and 人和镇 are two characters
    apart and two towns, so short names allow one difference.
    """
    key = unit_key(name)
    allowed = 2 if len(key) >= 5 else 1
    scored = [(edits(key, unit_key(candidate)), index, candidate) for index, candidate in enumerate(candidates)]
    best = min((entry for entry in scored if 0 < entry[0] <= allowed), default=None)
    return best[2] if best else None

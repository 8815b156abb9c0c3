"""What a wrong value was probably meant as: the "did you mean" of every message.

The closest allowed value by one difflib measure (keys, vocabulary values, record ids), the
qualifier a source's word stands for (`about` for approximate), and the 1.1 form for a count or
date written in words ("about 200": `{count: 200, qualifier: approximate}`, with the
contributor's own number or date, never an example). `registry.messages` and the
registry-wide checks word their problems with these, so a suggestion is made the same way
wherever it is made.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Iterable, Iterator
from typing import Any

from registry.types import Unknown

_APPROXIMATE = re.compile(r"\b(about|approx\w*|around|circa|roughly|some|nearly|almost|c\.)|~", re.I)
_AT_LEAST = re.compile(r"\b(more than|over|at least|above|upwards of)\b|\+$", re.I)
_AT_MOST = re.compile(r"\b(less than|fewer than|under|at most|up to|below)\b", re.I)
_RANGE = re.compile(r"\d\s*(-|–|to)\s*\d")
#: The words a source uses for how exact it is, and the qualifier each stands for: the hint
#: for "about 200" as a count, and the "did you mean" for `qualifier: about`.
_QUALIFIER_WORDS = ((_AT_LEAST, "at_least"), (_AT_MOST, "at_most"), (_APPROXIMATE, "approximate"))


#: How a source bounds a count, checked in this order ("no more than" before "more than"):
#: the words, the qualifier nearest them, and whether the bound itself is excluded ("over 30"
#: is not 30; at_least would say it may be). The vocabulary has no strict bound
#: (vocab.Qualifier), so a strict one is explained rather than turned into at_least.
_BOUNDS = (
    (re.compile(r"\b(at least|no fewer than|no less than|or more)\b|\+$", re.I), "at_least", False),
    (re.compile(r"\b(at most|up to|no more than|or fewer|or less)\b", re.I), "at_most", False),
    (re.compile(r"\b(more than|over|above|upwards of|in excess of)\b", re.I), "at_least", True),
    (re.compile(r"\b(less than|fewer than|under|below)\b", re.I), "at_most", True),
)
#: What a source says where a strict bound stands, for the inclusive qualifier it is not.
_INCLUSIVE_WORDS = {"at_least": '"at least"', "at_most": '"at most" or "up to"'}
#: A number as a source writes it: digits (thousands grouped by commas), then maybe a scale.
_NUMBER = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d{1,18})(?:\.(\d{1,18}))?(?![\d,]\d)(?:\s*(thousand|million|billion))?\b",
    re.I,
)
_SCALE = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_DECADE = re.compile(r"(?<!\d)\d{3}0'?s\b")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?!\d)")
_WORDS_DATE = re.compile(
    r"\b(?:(\d{1,2})\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:(\d{1,2}),?\s+)?(\d{4})\b",
    re.I,
)


def inexact_hint(error: Any, kind: str) -> str:
    """Points a contributor who wrote "about 200" or "about 2019" at the 1.1 form for it.

    Only where the field takes that form: pydantic tags its bare-value branch `plain`. The
    form echoes the contributor's own number or date, never an example: "about 2019" answered
    with `{date: 2019-09, ...}` was copied as a month no source gave.
    """
    value = error.get("input")
    if "plain" not in error["loc"] or not isinstance(value, str):
        return ""
    if kind == "date":
        return _date_hint(value) if _APPROXIMATE.search(value) else ""
    if kind != "int_parsing":
        return ""
    if _RANGE.search(value):
        return _range_hint(value)
    for pattern, qualifier, strict in _BOUNDS:
        if pattern.search(value):
            return _strict_hint(value, qualifier) if strict else _count_hint(value, qualifier)
    if _APPROXIMATE.search(value):
        return _count_hint(value, "approximate")
    return ""


def _count_hint(value: str, qualifier: str) -> str:
    count = _count_in(value)
    if count is None:
        return (
            f"; to say how exact the source is, write {{count: N, qualifier: {qualifier}}}, "
            "N the number the source gives in digits"
        )
    return f"; to say how exact the source is, write {{count: {count}, qualifier: {qualifier}}}"


def _strict_hint(value: str, qualifier: str) -> str:
    """ "over 30" excludes 30; no qualifier says so, and at_least alone would say 30 may be."""
    count = _count_in(value)
    n = "N" if count is None else str(count)
    words = " ".join(value.split()).replace('"', "'")
    return (
        f'; no qualifier means "{words}" ({qualifier} would include {n} itself): write '
        f"{{count: {n}, qualifier: {qualifier}}} only if the source says {_INCLUSIVE_WORDS[qualifier]}; "
        f'otherwise keep its words in note, as {{count: {n}, qualifier: {qualifier}, note: "{words}"}}'
    )


def _range_hint(value: str) -> str:
    numbers = list(_NUMBER.finditer(value))
    scales = {(m.group(3) or "").lower() for m in numbers}
    if len(numbers) == 2 and len(scales) == 1:  # "20-30 million": which is in millions is not said
        low, high = (_number(m) for m in numbers)
        if low is not None and high is not None:
            return f"; for a range, write {{min: {low}, max: {high}}}"
    return "; for a range, write {min: N, max: M}, N and M the numbers the source gives in digits"


def _count_in(value: str) -> int | None:
    """The one whole number `value` gives ("1,500", "23 million"), or None (none, or several)."""
    numbers = list(_NUMBER.finditer(value))
    return _number(numbers[0]) if len(numbers) == 1 else None


def _number(match: re.Match[str]) -> int | None:
    whole, fraction, scale = match.group(1).replace(",", ""), match.group(2) or "", match.group(3)
    factor = _SCALE[scale.lower()] if scale else 1
    digits = int(whole + fraction) * factor
    if digits % 10 ** len(fraction):
        return None  # "2.5" is not a whole number
    return digits // 10 ** len(fraction)


def _date_hint(value: str) -> str:
    """The form for "about 2019" (2019), "around March 2019" (2019-03): as exact as written."""
    date = _date_in(value)
    if date is None:
        return (
            "; for a date the source gives only roughly, write {date: YYYY-MM, qualifier: approximate} "
            "(or YYYY), as exactly as the source gives it"
        )
    return f"; for a date the source gives only roughly, write {{date: {date}, qualifier: approximate}}"


def _date_in(value: str) -> str | None:
    """The date `value` writes, as exactly as it writes it; None for none, for one no calendar
    has ("31 February 2019", "2019-13": echoed back, it would be a wrong date), and for more or
    less than one year ("the 1990s": not 1990; "late 2019 or early 2020": not 2019)."""
    if len(_YEAR.findall(value)) != 1 or _DECADE.search(value):
        return None
    words = _WORDS_DATE.search(value)
    if words:
        day, month, day_after, year = words.groups()
        parts = [year, f"{_MONTHS.index(month.lower()[:3]) + 1:02d}"]
        if day or day_after:
            parts.append(f"{int(day or day_after):02d}")
    else:
        iso = _ISO_DATE.search(value)
        parts = [part for part in iso.groups() if part] if iso else []
    return "-".join(parts) if parts and _on_the_calendar(parts) else None


def _on_the_calendar(parts: list[str]) -> bool:
    try:
        datetime.date(
            int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1
        )
    except ValueError:
        return False
    return True


def qualifier_for(value: str, allowed: list[str]) -> str | None:
    """The allowed qualifier a word such as "about" or "more than" stands for, or None.

    No spelling of "about" is near "approximate", so difflib alone never suggests it.
    """
    for pattern, qualifier in _QUALIFIER_WORDS:
        if qualifier in allowed and pattern.search(value):
            return qualifier
    return None


def closest(value: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The one of `choices` that `value` was most likely meant as, or None when none is close.

    The one measure of "did you mean" for keys, vocabulary values and record ids alike; where a
    near miss may be meant (two organisations' names), a rule asks for a closer one (`cutoff`).
    """
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=cutoff)
    return close[0] if close else None


def unknown_slips(node: Any, at: tuple) -> Iterator[tuple[tuple, str]]:
    """(path of a group, its key) for every group written as an unknown with `unknown`
    misspelt: a key close to it, no `unknown`, and nothing an unknown may not hold."""
    if isinstance(node, dict):
        keys = [k for k in node if isinstance(k, str)]
        slip = next((k for k in keys if k != "unknown" and closest(k, ["unknown"])), None)
        if slip and "unknown" not in node and set(keys) - {slip} <= set(Unknown.model_fields):
            yield at, slip
            return
        for key, value in node.items():
            yield from unknown_slips(value, (*at, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from unknown_slips(item, (*at, index))

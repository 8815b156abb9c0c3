"""What a wrong value was probably meant as: the "did you mean" of every message.

The closest allowed value by one difflib measure (keys, vocabulary values, record ids), the
qualifier a source's word stands for (`about` for approximate), and the 1.1 form for a count or
date written in words ("about 200"). `registry.messages` and the registry-wide checks word
their problems with these, so a suggestion is made the same way wherever it is made.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

_APPROXIMATE = re.compile(r"\b(about|approx\w*|around|circa|roughly|some|nearly|almost|c\.)|~", re.I)
_AT_LEAST = re.compile(r"\b(more than|over|at least|above|upwards of)\b|\+$", re.I)
_AT_MOST = re.compile(r"\b(less than|fewer than|under|at most|up to|below)\b", re.I)
_RANGE = re.compile(r"\d\s*(-|–|to)\s*\d")
#: The words a source uses for how exact it is, and the qualifier each stands for: the hint
#: for "about 200" as a count, and the "did you mean" for `qualifier: about`.
_QUALIFIER_WORDS = ((_AT_LEAST, "at_least"), (_AT_MOST, "at_most"), (_APPROXIMATE, "approximate"))


def inexact_hint(error: Any, kind: str) -> str:
    """Points a contributor who wrote "about 200" or "about 2019" at the 1.1 form for it.

    Only where the field takes that form: pydantic tags its bare-value branch `plain`.
    """
    value = error.get("input")
    if "plain" not in error["loc"] or not isinstance(value, str):
        return ""
    if kind == "date":
        if _APPROXIMATE.search(value):
            return "; for a date the source gives only roughly, write {date: 2019-09, qualifier: approximate}"
        return ""
    if kind != "int_parsing":
        return ""
    if _RANGE.search(value):
        return "; for a range, write {min: 1200, max: 1600}"
    for pattern, qualifier in _QUALIFIER_WORDS:
        if pattern.search(value):
            return f"; to say how exact the source is, write {{count: 200, qualifier: {qualifier}}}"
    return ""


def qualifier_for(value: str, allowed: list[str]) -> str | None:
    """The allowed qualifier a word such as "about" or "more than" stands for, or None.

    No spelling of "about" is near "approximate", so difflib alone never suggests it.
    """
    for pattern, qualifier in _QUALIFIER_WORDS:
        if qualifier in allowed and pattern.search(value):
            return qualifier
    return None


def closest(value: str, choices: Iterable[str]) -> str | None:
    """The one of `choices` that `value` was most likely meant as, or None when none is close.

    The one measure of "did you mean" for keys, vocabulary values and record ids alike.
    """
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None

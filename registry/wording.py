"""How the forms of contract 1.1 read in words: "about 200", "1,200 to 1,600", "8 of 42 alerts (19%)".

One place for the wording, shared by the entry page, search records, charts and the CSV and
SQLite exports, so that a bound is never printed as an exact number anywhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from registry.qualified import Quantity, as_quantity
from registry.types import Unknown

_QUALIFIER_WORDS = {"exact": "", "approximate": "about ", "at_least": "at least ", "at_most": "at most "}
_LARGE = [(10**9, "billion"), (10**6, "million")]


def number_words(n: int, inexact: bool = False) -> str:
    """`1,234`; an inexact round number in millions reads as words: "23 million", "1.5 million"."""
    if inexact:
        for size, word in _LARGE:
            if n >= size and (n * 10) % size == 0:
                return f"{n / size:g} {word}"
    return f"{n:,}"


def quantity_label(value: Any) -> str:
    """The count in words, as exact as the source: "200", "about 200", "1,200 to 1,600".

    An unknown or missing count is "" (the templates say why it is unknown themselves).
    """
    q = as_quantity(value)
    if q is None:
        return ""
    if q.is_range:
        low = "?" if q.min is None else number_words(q.min, True)
        high = "?" if q.max is None else number_words(q.max, True)
        return f"{low} to {high}"
    if q.count is None:
        return ""
    return _QUALIFIER_WORDS[q.qualifier] + number_words(q.count, q.qualifier != "exact")


def quantity_is_exact(value: Any) -> bool:
    """True for a bare number or an exact count: the only counts that may be summed as they are."""
    q = as_quantity(value)
    return q is not None and q.is_exact


def quantity_bounds(value: Any) -> tuple[int | None, int | None]:
    """(lowest, highest) a count can be; None where the source sets no bound (or it is unknown).

    An approximate count has no firm bound either way, so it is (None, None) here; callers
    that sum use `quantity_value` and say that the total is approximate.
    """
    q = as_quantity(value)
    if q is None:
        return None, None
    if q.is_range:
        return q.min, q.max
    if q.qualifier == "exact":
        return q.count, q.count
    if q.qualifier == "at_least":
        return q.count, None
    if q.qualifier == "at_most":
        return None, q.count
    return None, None


def quantity_value(value: Any) -> int | None:
    """One number for a count of any form (the count, or a range's lower end); None if unknown."""
    q = as_quantity(value)
    if q is None:
        return None
    return q.min if q.is_range else q.count


def _percent(p: float) -> str:
    return f"{p:.2f}".rstrip("0").rstrip(".")


def _computed_percent(part: int, whole: int) -> float:
    """The share as a whole percentage ("19%"), or to two decimals where rounding would say
    0% or 100% of something that is neither (7,305 of 7,306 is 99.99%, not 100%)."""
    exact = 100 * part / whole
    rounded = round(exact)
    if rounded in (0, 100) and exact not in (0, 100):
        return round(exact, 2)
    return rounded


def measure_label(measure: Any) -> str:
    """A measure in words: "8 of 42 alerts (19%)", "92% of alerts", "about 200".

    The percentage is the published one when there is one; otherwise it is computed only when
    both counts are exact, because a percentage of a bound would look more exact than it is.
    An unknown value gives "" (the template shows the unknown with its reason).
    """
    value = measure.value
    base = measure.out_of_metric or ""
    if value is None or isinstance(value, Unknown):
        if measure.percent is None:
            return ""
        text = f"{_percent(measure.percent)}% of "
        if measure.out_of is not None:
            text += f"{quantity_label(measure.out_of)} "
        return text + base
    text = quantity_label(value)
    if measure.out_of is not None:
        text += f" of {quantity_label(measure.out_of)} {base}".rstrip()
    percent = measure.percent
    if percent is None and quantity_is_exact(value) and quantity_is_exact(measure.out_of):
        whole = quantity_value(measure.out_of) or 0
        percent = _computed_percent(quantity_value(value) or 0, whole) if whole else None
    if percent is not None:
        text += f" ({_percent(percent)}%{'' if measure.out_of is not None else ' of ' + base})"
    return text


@dataclass(frozen=True)
class Notice:
    """The evidence notice in its two parts: `label` ("Alleged", "Denied", "Alleged and
    denied"), which a page sets in bold or puts before a title, and the sentence after it."""

    label: str
    text: str

    def __str__(self) -> str:
        return f"{self.label}: {self.text}"


def evidence_notice_parts(entry: Any) -> Notice | None:
    """The notice an alleged or denied record carries, as label and sentence; None for every
    other record (or one that does not say). Pages use the parts (the entry page sets the label
    in bold, a search result puts it before the title); the exports use `evidence_notice`.

    An alleged record's sentence never says what was done: its sources may allege use, a plan,
    a capability or an agreement, and no field says which, so it speaks of "what this record
    describes" (the summary above it says what that is). A denial is the operator's own.
    """
    e = getattr(entry, "evidence", None)
    if e is None or not (e.basis == "alleged" or e.denied == "yes"):
        return None
    operator = entry.operator.name
    if e.basis == "alleged" and e.denied == "yes":
        return Notice("Alleged and denied", f"{_NOT_ESTABLISHED}; {operator} denies it.")
    if e.basis == "alleged":
        return Notice("Alleged", f"{_NOT_ESTABLISHED}.")
    basis = _BASIS[e.basis]
    return Notice(
        "Denied", f"{operator} denies using face recognition here, though the record rests on {basis}."
    )


#: What an alleged record's notice says of it, whatever its sources allege.
_NOT_ESTABLISHED = "what this record describes is reported by its sources but not established"


#: The marks of alleged and denied records, in the order a count of them lists them.
_MARKS = ("alleged", "alleged and denied", "denied")


def evidence_mark(entry: Any) -> str:
    """The mark beside an alleged or denied record wherever a page lists it: beside its status
    in a table, beside every link to it ("alleged", "denied", "alleged and denied"), in a
    feed's title; "" for every other record, and for a withdrawn or merged one, whose content
    (this included) is not shown again."""
    notice = evidence_notice_parts(entry)
    if notice is None or not getattr(entry, "content_is_shown", True):
        return ""
    return notice.label.lower()


def evidence_marks(entries: Iterable[Any]) -> str:
    """How many of `entries` are alleged or denied, by mark, for a table's count that includes
    them: "1 alleged", "2 alleged, 1 alleged and denied"; "" when none is."""
    counts = Counter(evidence_mark(e) for e in entries)
    return ", ".join(f"{counts[mark]} {mark}" for mark in _MARKS if counts[mark])


def evidence_marks_by(entries: Iterable[Any], key: Any) -> dict[Any, str]:
    """For each group of `entries` (`key(entry)`), how many are alleged or denied, as a
    table's count says it ("1 alleged and denied"); only the groups with any."""
    groups: dict[Any, list[Any]] = {}
    for e in entries:
        if evidence_mark(e):
            groups.setdefault(key(e), []).append(e)
    return {k: evidence_marks(group) for k, group in groups.items()}


def marked(text: str, marks: str) -> str:
    """A count's words with the alleged or denied records it includes, as every table and
    picture says it: "Active (1 alleged, 1 alleged and denied)", "2019: 12 active (1 alleged)";
    `text` alone when `marks` is ""."""
    return f"{text} ({marks})" if marks else text


def evidence_notice(entry: Any) -> str | None:
    """The notice as one line, `label: sentence`, at the top of the page of an alleged or
    denied record and in the exports' `evidence_notice`; None for every other record."""
    notice = evidence_notice_parts(entry)
    return None if notice is None else str(notice)


_BASIS = {
    "admitted": "the operator's own admission",
    "official_documents": "official documents",
    "court_documents": "court documents",
    "credible_reporting": "credible reporting",
}


__all__ = [
    "Notice",
    "Quantity",
    "evidence_mark",
    "evidence_marks",
    "evidence_marks_by",
    "evidence_notice",
    "evidence_notice_parts",
    "marked",
    "measure_label",
    "number_words",
    "quantity_bounds",
    "quantity_is_exact",
    "quantity_label",
    "quantity_value",
]

"""Rules for the forms of contract 1.1: quantities, rates, modes, penalties, replies, evidence.

The schema accepts each mapping with every key optional, so that a mistake in one is reported
here at the key itself, in words that say which form was meant, rather than as a failed union.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.checks.base import EntryFile, Finding
from registry.qualified import Quantity
from registry.schema import Measure, Penalty
from registry.wording import quantity_bounds, quantity_label


def check_one_mode_field(f: EntryFile) -> Iterator[Finding]:
    """A system gives `fr_mode` (one mode, 1.0) or `fr_modes` (a list), exactly one of them."""
    system = f.entry.system
    if system.fr_mode is not None and system.fr_modes is not None:
        yield Finding(
            ("system", "fr_modes"),
            "give either fr_mode or fr_modes, not both: write every mode in fr_modes, "
            "such as fr_modes: [live, retrospective], and remove fr_mode",
            at_key=True,
        )
    elif system.fr_mode is None and system.fr_modes is None:
        yield Finding(
            ("system", "fr_modes"),
            "is required: list how face recognition was used, such as fr_modes: [live] "
            "or fr_modes: [live, retrospective]",
        )
    for index, mode in enumerate(system.fr_modes or []):
        if mode in system.fr_modes[:index]:
            yield Finding(("system", "fr_modes", index), f"'{mode}' is listed twice")


def check_quantities(f: EntryFile) -> Iterator[Finding]:
    """A quantity is one count (with its qualifier) or a range from a smaller to a larger number."""
    for loc, model in f.models:
        if isinstance(model, Quantity):
            yield from _quantity(loc, model)


def _quantity(loc: tuple, q: Quantity) -> Iterator[Finding]:
    if q.count is not None and q.is_range:
        yield Finding(
            (*loc, "min" if q.min is not None else "max"),
            "give either count or min and max, not both",
            at_key=True,
        )
    elif q.count is None and not q.is_range:
        yield Finding(
            (*loc, "count"),
            "is required: give count (with a qualifier if the source is not exact), "
            "or min and max for a range",
        )
    elif q.min is not None and q.max is None:
        yield Finding(
            (*loc, "max"),
            "is required with min: a range needs both (for a lower bound alone, "
            "write count: N with qualifier: at_least)",
        )
    elif q.max is not None and q.min is None:
        yield Finding(
            (*loc, "min"),
            "is required with max: a range needs both (for an upper bound alone, "
            "write count: N with qualifier: at_most)",
        )
    elif q.min is not None and q.max is not None and q.min >= q.max:
        yield Finding(
            (*loc, "max"), f"must be more than min ({q.min:,}): a range runs from the smaller number"
        )
    if q.is_range and "qualifier" in q.model_fields_set:
        yield Finding(
            (*loc, "qualifier"),
            "does not go with min and max (a range is already inexact); remove it",
            at_key=True,
        )


def check_measures(f: EntryFile) -> Iterator[Finding]:
    """A measure has a count or a percentage; a base (out_of, or a percentage's) says what it counts."""
    for loc, model in f.models:
        if not isinstance(model, Measure):
            continue
        if model.value is None and model.percent is None:
            yield Finding(
                (*loc, "value"),
                "is required: give value (the count), or percent (a published percentage) with out_of_metric",
            )
        based = model.out_of is not None or model.percent is not None
        if based and model.out_of_metric is None:
            yield Finding(
                (*loc, "out_of_metric"),
                "is required with out_of and with percent: say what the base counts, such as alerts",
            )
        if not based and model.out_of_metric is not None:
            yield Finding(
                (*loc, "out_of_metric"),
                "is only used with out_of or percent: give the base, or remove it",
                at_key=True,
            )


def check_count_within_base(f: EntryFile) -> Iterator[Finding]:
    """A rate's count is part of its base: "50 of 42 alerts" cannot be.

    Only what is certainly more: the count's lowest possible value (an exact count, at least N,
    a range's min) above the base's highest (an exact count, at most N, a range's max). "About
    50" of 42, or 50 of "at least 42", may be right, and is kept.
    """
    for loc, model in f.models:
        if not isinstance(model, Measure) or model.out_of is None:
            continue
        lowest, _ = quantity_bounds(model.value)
        _, highest = quantity_bounds(model.out_of)
        if lowest is not None and highest is not None and lowest > highest:
            yield Finding(
                (*loc, "value"),
                f"is {quantity_label(model.value)}, more than out_of ({quantity_label(model.out_of)}): "
                "a count is part of its base, as in '8 of 42 alerts'; check both against the source",
            )


def check_fine_or_penalties(f: EntryFile) -> Iterator[Finding]:
    """An investigation lists its sanctions once: the 1.0 `fine`, or `penalties`, not both."""
    for index, inv in enumerate(f.entry.investigations):
        if inv.fine is not None and inv.penalties:
            yield Finding(
                ("investigations", index, "fine"),
                "give either fine or penalties, not both: write the fine as a penalty "
                "with kind: fine, and remove fine",
                at_key=True,
            )


def check_penalty_amounts(f: EntryFile) -> Iterator[Finding]:
    """An amount of money has its currency, and a currency belongs to an amount."""
    for loc, model in f.models:
        if not isinstance(model, Penalty):
            continue
        if model.amount is not None and model.currency is None:
            yield Finding(
                (*loc, "currency"),
                "is required with amount: the ISO 4217 code, such as GBP, EUR or USD",
            )
        if model.amount is None and model.currency is not None:
            yield Finding(
                (*loc, "currency"), "is only used with amount: give the amount, or remove it", at_key=True
            )


def check_responses(f: EntryFile) -> Iterator[Finding]:
    """A reply has its text and date; a request for comment that got no reply has `requested`."""
    for index, response in enumerate(f.entry.responses):
        if response.text is not None and response.date is None:
            yield Finding(("responses", index, "date"), "is required with text: the date of the reply")
        elif response.text is None and response.requested is None:
            yield Finding(
                ("responses", index, "text"),
                "is required unless requested is given: quote the reply with its date, or write "
                "requested: YYYY-MM-DD for comment that was asked for and not given",
            )
        if response.text is None and response.date is not None:
            yield Finding(
                ("responses", index, "date"),
                "is the date of a reply, and there is no text: add the text, or remove the date",
                at_key=True,
            )


def check_evidence_declared(f: EntryFile) -> Iterator[Finding]:
    """A file in the 1.1 format says how the deployment is established (1.0 files may not)."""
    if f.entry.schema_version == "1.1" and f.entry.evidence is None:
        yield Finding(
            ("evidence",),
            'is required when schema_version is "1.1": say how the deployment is established, '
            "with basis (admitted, official_documents, court_documents, credible_reporting "
            "or alleged), denied and sources",
            at=("schema_version",),
        )

"""How much of a record is unknown, and why: the figures behind "where transparency is worst".

Every unknown in a record is counted by its reason (no record kept, withheld,
not yet requested, researched and not found); a yes/no answered "unknown" counts as
`unanswered`. Of those, the record's *key facts* are the ones a reader asks first: the legal
basis, the impact assessment, whether the public was told, human review, the outcomes,
the watchlists' size and retention, the camera count and the dates. `not_recorded` and
`withheld` are the two reasons that say a body (the operator, or another: a supplier, a
police force) left the public without an answer, so the coverage page ranks records by them.
"""

from __future__ import annotations

from dataclasses import dataclass

from registry.questions import QUESTIONS, record_unknowns
from registry.schema import Entry
from registry.types import Unknown

KEY_FACTS = (
    "legal.basis",
    "legal.dpia",
    "legal.signage",
    "system.human_review",
    "system.cameras",
    "outcomes",
    "watchlists.size",
    "watchlists.retention",
    "timeline.start",
    "timeline.end",
)
REASONS = ("not_recorded", "withheld", "not_requested", "not_found", "unanswered")


@dataclass(frozen=True)
class Transparency:
    """One record's figures: its unknowns by reason, and how many of its key facts are unknown."""

    by_reason: tuple[tuple[str, int], ...]
    key_unknown: int
    key_total: int

    def count(self, reason: str) -> int:
        return dict(self.by_reason).get(reason, 0)

    @property
    def total(self) -> int:
        return sum(n for _, n in self.by_reason)

    @property
    def closed(self) -> int:
        """Unknowns a body is the reason for: no record kept, or withheld. Not necessarily the
        operator: the record's reason does not say which body."""
        return self.count("not_recorded") + self.count("withheld")


def transparency(entry: Entry) -> Transparency:
    """The record's figures; not-applicable fields are neither unknown nor counted."""
    counts = dict.fromkeys(REASONS, 0)
    key_paths: dict[str, bool] = {}
    for path, value, *_ in record_unknowns(entry):
        reason = value.unknown if isinstance(value, Unknown) else "unanswered"
        if (
            reason == "not_applicable" or QUESTIONS.get(path) is None
        ):  # a source's date is no fact of the deployment
            continue
        counts[reason] += 1
        if path in KEY_FACTS:
            key_paths[path] = True
    present = _key_facts_present(entry)
    return Transparency(tuple(counts.items()), len(key_paths), len(present))


def _key_facts_present(entry: Entry) -> set[str]:
    """The key facts this record has a place for (a record without watchlists has no retention)."""
    present = {
        "legal.basis",
        "legal.dpia",
        "legal.signage",
        "system.human_review",
        "outcomes",
        "timeline.start",
    }
    if entry.system.cameras is not None:
        present.add("system.cameras")
    if entry.timeline.end is not None:
        present.add("timeline.end")
    if entry.watchlists:
        present.add("watchlists.size")
        if any(w.retention is not None for w in entry.watchlists):
            present.add("watchlists.retention")
    return present

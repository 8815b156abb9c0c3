"""Records with no start: a start nobody has published, and a deployment not shown to have started.

The registry writes both as an unknown start, with different reasons (`not_found` or the like;
`not_applicable`), and they are different findings: the timeline and the home chart leave both
out of their counts and say which is which, never "an unknown start" of a plan that never ran.
Why "not shown to have started", never "not started": a start is not applicable both to a plan
that never ran and to a system no source shows was ever used (Manchester City's trial of Blink
Identity on fans), and the second may have run unseen.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from registry.types import Unknown


def not_started(entry: Any) -> bool:
    """True when the record's start is not applicable: by the registry's rules, a deployment
    that never started (a plan) or that no source shows was used has no start to publish,
    which is not the same finding as a start nobody has published."""
    start = entry.timeline.start
    return isinstance(start, Unknown) and start.unknown == "not_applicable"


def split_undated(undated: Iterable[Any]) -> tuple[list[Any], list[Any]]:
    """Entries with no start, as (start not known, not shown to have started), each in the order given."""
    undated = list(undated)
    return [e for e in undated if not not_started(e)], [e for e in undated if not_started(e)]


def not_drawn_words(unknown: int, never: int) -> str:
    """What a count of starts leaves out, in words: "1 with an unknown start, 4 not shown to
    have started"; "" when it leaves out nothing."""
    parts = [
        f"{unknown} with an unknown start" if unknown else "",
        f"{never} not shown to have started" if never else "",
    ]
    return ", ".join(p for p in parts if p)

"""Rules about dates: things happen in order, and the status agrees with the end date."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from registry import vocab
from registry.checks.base import EntryFile, Finding
from registry.qualified import firm_date
from registry.schema import Period
from registry.types import Unknown


def _order(
    loc: tuple[Any, ...], earlier: Any, later: Any, earlier_name: str, later_field: str
) -> Iterator[Finding]:
    """An approximate date is never held against another: "about 2019" may be either side of it."""
    first, then = firm_date(earlier), firm_date(later)
    if first is not None and then is not None and then.is_before(first):
        yield Finding((*loc, later_field), f"must not be before {earlier_name} ({first})")


def check_timeline_dates_ordered(f: EntryFile) -> Iterator[Finding]:
    """`timeline.start` <= `timeline.end`.

    `announced` is not ordered: it means "first announced or reported", and many systems are
    revealed after they began (Orlando, Mercadona), so it may fall after the start.
    """
    t = f.entry.timeline
    yield from _order(("timeline",), t.start, t.end, "timeline.start", "end")


def check_periods_ordered(f: EntryFile) -> Iterator[Finding]:
    """Every period ends on or after its start."""
    for loc, model in f.models:
        if isinstance(model, Period):
            yield from _order(loc, model.start, model.end, ".".join(map(str, (*loc, "start"))), "end")


def check_case_dates_ordered(f: EntryFile) -> Iterator[Finding]:
    """Investigations close after they open; court cases are decided after they are filed."""
    for index, inv in enumerate(f.entry.investigations):
        yield from _order(("investigations", index), inv.opened, inv.closed, "opened", "closed")
    for index, case in enumerate(f.entry.litigation):
        yield from _order(("litigation", index), case.filed, case.decided, "filed", "decided")


def check_source_read_after_published(f: EntryFile) -> Iterator[Finding]:
    """A source is not read (`accessed`) before it was published; only a certain order counts:
    `accessed: 2019-05` may be after `published: 2019-05-20`."""
    for index, source in enumerate(f.entry.sources):
        yield from _order(("sources", index), source.published, source.accessed, "published", "accessed")


def check_started_by_as_of(f: EntryFile) -> Iterator[Finding]:
    """A deployment in use (or stopped) on the as-of date had started by then."""
    t = f.entry.timeline
    start = firm_date(t.start)
    if t.status in vocab.STARTED_STATUSES and start is not None and t.as_of.is_before(start):
        yield Finding(
            ("timeline", "start"),
            f"must not be after timeline.as_of ({t.as_of}): timeline.status is '{t.status}' on that "
            "date, so it had been used on the public by then; correct the dates, or write "
            "status: planned if it had not started",
        )


def check_ended_has_end(f: EntryFile) -> Iterator[Finding]:
    """An ended deployment has an end date, or says why it is not known."""
    t = f.entry.timeline
    if t.status == "ended" and t.end is None:
        yield Finding(
            ("timeline", "end"),
            "is required when timeline.status is 'ended': give the date, "
            "or write {unknown: not_found, note: ...} to say why it is not known",
        )


def check_status_agrees_with_end(f: EntryFile) -> Iterator[Finding]:
    """A planned, trial or active deployment has no end date yet."""
    t = f.entry.timeline
    if t.status in ("planned", "trial", "active") and t.end is not None and not isinstance(t.end, Unknown):
        yield Finding(
            ("timeline", "end"),
            f"is {t.end}, but timeline.status is '{t.status}'; "
            "set the status to 'ended' (or 'paused'), or remove the end date",
        )

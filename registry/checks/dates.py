"""Rules about dates: things happen in order, and the status agrees with the end date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from registry import vocab
from registry.checks.base import EntryFile, Finding
from registry.qualified import firm_date, plain_date
from registry.schema import Period
from registry.types import Request, Unknown

#: How far an approximate date may be from the truth, in calendar years, before an order of two
#: dates it is part of is impossible: "about December 2020" may be 2019 or 2021, never 2015.
APPROXIMATE_YEARS = 1


def _order(
    loc: tuple[Any, ...], earlier: Any, later: Any, earlier_name: str, later_field: str
) -> Iterator[Finding]:
    """`later` is not before `earlier`: certainly, for two dates as published; with a year's
    margin when either is approximate ("about 2019" may fall either side of a 2019 date)."""
    first, then = plain_date(earlier), plain_date(later)
    if first is None or then is None:
        return
    if firm_date(earlier) is not None and firm_date(later) is not None:
        if then.is_before(first):
            yield Finding((*loc, later_field), f"must not be before {earlier_name} ({first})")
    elif then.year + APPROXIMATE_YEARS < first.year:
        shown = f"about {first}" if firm_date(earlier) is None else str(first)
        yield Finding(
            (*loc, later_field),
            f"must not be before {earlier_name} ({shown}): an approximate date may be off by a year "
            "either way, not by more",
        )


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
    """A deployment in use (or stopped) on the as-of date had started by then; an approximate
    start with a year's margin, as `_order` allows (it was not compared at all before)."""
    t = f.entry.timeline
    if t.status not in vocab.STARTED_STATUSES:
        return
    start, firm = plain_date(t.start), firm_date(t.start)
    if firm is not None and t.as_of.is_before(firm):
        margin = ""
    elif firm is None and start is not None and t.as_of.year + APPROXIMATE_YEARS < start.year:
        margin = " by more than the year either way an approximate date may be off"
    else:
        return
    yield Finding(
        ("timeline", "start"),
        f"must not be after timeline.as_of ({t.as_of}){margin}: timeline.status is '{t.status}' on "
        "that date, so it had been used on the public by then; correct the dates, or write "
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


def check_nothing_done_is_in_the_future(f: EntryFile, today: dt.date | None = None) -> Iterator[Finding]:
    """A review, a reading, a publication, a correction, a known status, a withdrawal, a request
    or a reply cannot be dated after today: such a date is a typo (2062 for 2026) that a page
    would print as fact ("Requested on 1 December 2027").

    Today is the day `check` runs (UTC), and a day later still passes, for a contributor whose
    own day has begun. A file that passes never fails later as time passes, so a commit that
    passed CI always builds. Planned and expected dates (a start, an end, an event) may be
    ahead and are not checked.
    """
    latest = (today or dt.datetime.now(dt.UTC).date()) + dt.timedelta(days=1)
    e = f.entry
    done: list[tuple[tuple[Any, ...], Any, str]] = [
        (("record", "last_reviewed"), e.record.last_reviewed, "when the facts were last checked"),
        (("timeline", "as_of"), e.timeline.as_of, "when the status was last known to be true"),
    ]
    for index, source in enumerate(e.sources):
        done.append((("sources", index, "published"), source.published, "when the source was published"))
        done.append((("sources", index, "accessed"), source.accessed, "when the source was read"))
    for index, correction in enumerate(e.corrections):
        done.append((("corrections", index, "date"), correction.date, "when the correction was made"))
    if e.record.withdrawn is not None:
        done.append(
            (("record", "withdrawn", "date"), e.record.withdrawn.date, "when the record was withdrawn")
        )
    for index, response in enumerate(e.responses):
        done.append((("responses", index, "requested"), response.requested, "when comment was requested"))
        done.append((("responses", index, "date"), response.date, "when the reply was given"))
    for loc, model in f.models:
        if isinstance(model, Request):
            done.append(((*loc, "date"), model.date, "when the records request was sent"))
            done.append(((*loc, "reply_date"), model.reply_date, "when the body replied"))
    for loc, value, what in done:
        written = plain_date(value)
        if written is not None and written.earliest > latest:
            yield Finding(loc, f"is after today: it is {what}, which has happened already")

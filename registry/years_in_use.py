"""The years a record was known to be in use: the one definition that the deployments table's
"In use in year" filter, the search page's year filter and a search result's line all use, so
that a record found under 2023 in one is found under 2023 in the others.

The rule (the methodology page, "The years a deployment was in use", says it to readers):

- From its start to its end; without an end, to its status date while its status says it runs
  (`vocab.IN_USE_STATUSES`: active, trial); otherwise its start year alone, since the sources
  say no more.
- With no known start, the year of its status date while it runs: a record "Active as of 2023"
  was in use in 2023 at least. Never its end year: an end with no start may be a stop ordered
  before any known use.
- Every year of its periods of use (`timeline.periods`); a period with no end runs to the status
  date while the record runs, else counts its start year alone. The years wholly between two
  periods are not years of use, even inside the start-to-end span: periods are given because
  use was not continuous.
- A planned record counts no year from its start, end or status date: its start is the one
  foreseen, and it is not yet used. Its periods still count.
- An approximate or inferred start or end counts as its year; the result line says "about"
  or "(inferred)" as the record's page and table do. An alleged or denied record counts like
  the rest, as its status does, and its line says "(alleged)" as its table cell does.

Why this module and not the pages: the entry, browse and search steps all need it, and it
reads only the models.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from registry import vocab
from registry.qualified import date_qualifier, plain_date
from registry.types import Unknown
from registry.wording import evidence_notice_parts

#: How many years one span may cover (guards a typo like 1900-2100).
MAX_YEARS = 60


def years_in_use(entry: Any) -> list[int]:
    """The calendar years the record was known to be in use, sorted (the module's rule)."""
    t = entry.timeline
    periods = _sorted_periods(t.periods)
    years = _period_years(t, periods)
    if t.status != "planned":
        years |= (_span_years(t) - _gap_years(t, periods)) | _named_years(t)
    return sorted(years)


def in_use_line(entry: Any) -> tuple[str, str] | None:
    """What a search result says of those years, as (label, words): ("in use", "about 2017 to
    2022"), ("in use", "2019, 2023 to 2025"); ("started", "about 2017") when only the start is
    known, so a single year never reads as the whole of its use; None when there is no year.

    Never more precise or more certain than the record: its start and end keep their
    qualifiers, an unknown start says so, and an alleged or denied record says that too.
    """
    years = years_in_use(entry)
    if not years:
        return None
    t = entry.timeline
    if _only_started(t):
        return "started", t.start.label() + _notes(entry)
    return "in use", ", ".join(_run_words(run, t) for run in _runs(years)) + _notes(entry)


def _sorted_periods(periods: Iterable[Any]) -> list[Any]:
    return sorted(periods, key=lambda p: p.start.sort_key)


def _runs_on(t: Any) -> bool:
    """True when the status says the deployment was in use on its status date."""
    return t.status in vocab.IN_USE_STATUSES


def _span(first: int, last: int) -> set[int]:
    """The years from `first` to `last`, at least `first` and at most MAX_YEARS after it."""
    return set(range(first, max(first, min(last, first + MAX_YEARS)) + 1))


def _span_years(t: Any) -> set[int]:
    """From the start to the end, or to the status date while it runs; nothing without a start."""
    start = plain_date(t.start)
    if start is None:
        return set()
    end = plain_date(t.end)
    if end is not None:
        return _span(start.year, end.year)
    return _span(start.year, t.as_of.year if _runs_on(t) else start.year)


def _named_years(t: Any) -> set[int]:
    """The years the timeline itself names as years of use: its start, its end after a known
    start, and its status date while it runs (these count even inside a gap between periods)."""
    start, end = plain_date(t.start), plain_date(t.end)
    named = {start.year} if start is not None else set()
    if start is not None and end is not None:
        named.add(end.year)
    if _runs_on(t):
        named.add(t.as_of.year)
    return named


def _period_last_year(t: Any, period: Any, is_last: bool) -> int:
    """The last year of a period: its end's; with none, the status date's for the last period
    of a record that runs, else its start's (the sources say no more)."""
    if period.end is not None:
        return period.end.year
    if is_last and _runs_on(t):
        return max(t.as_of.year, period.start.year)
    return period.start.year


def _period_years(t: Any, periods: list[Any]) -> set[int]:
    years: set[int] = set()
    for index, period in enumerate(periods):
        years |= _span(period.start.year, _period_last_year(t, period, index == len(periods) - 1))
    return years


def _gap_years(t: Any, periods: list[Any]) -> set[int]:
    """The years wholly between one period's last year and the next period's first."""
    gaps: set[int] = set()
    reach: int | None = None
    for index, period in enumerate(periods):
        if reach is not None and period.start.year > reach + 1:
            gaps |= set(range(reach + 1, period.start.year))
        last = _period_last_year(t, period, index == len(periods) - 1)
        reach = last if reach is None else max(reach, last)
    return gaps


def _only_started(t: Any) -> bool:
    """True when the start is the one year known: no end date, no period, not running."""
    known_end = plain_date(t.end) is not None
    return plain_date(t.start) is not None and not known_end and not t.periods and not _runs_on(t)


def _runs(years: list[int]) -> list[tuple[int, int]]:
    """Sorted years as runs of consecutive years: [2019, 2023, 2024] → [(2019, 2019), (2023, 2024)]."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return [(a, b) for a, b in runs]


def _run_words(run: tuple[int, int], t: Any) -> str:
    """A run as words, "2019" or "about 2017 to 2022", never one span over a gap."""
    first, last = run
    if first == last:
        return _year_word(first, t)
    return f"{_year_word(first, t)} to {_year_word(last, t)}"


def _year_word(year: int, t: Any) -> str:
    """A year with the qualifier of the start or end that falls in it: "about 2017", "2017 (inferred)"."""
    for value in (t.start, t.end):
        known = plain_date(value)
        qualifier = date_qualifier(value)
        if known is not None and known.year == year and qualifier is not None:
            return f"about {year}" if qualifier == "approximate" else f"{year} ({qualifier})"
    return str(year)


def _notes(entry: Any) -> str:
    """ " (start unknown; alleged)": what the line's years leave out, in brackets, or ""."""
    notes = []
    start = entry.timeline.start
    if isinstance(start, Unknown) and start.unknown != "not_applicable":
        notes.append("start unknown")
    notice = evidence_notice_parts(entry)
    if notice is not None:
        notes.append(notice.label.lower())
    return f" ({'; '.join(notes)})" if notes else ""

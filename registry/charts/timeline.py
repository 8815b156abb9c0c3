"""The timeline: deployments started per year by status, oversight per year, the newest bars.

Why not one bar per deployment: at 10,000 entries that is a picture 150,000 pixels tall that
nobody can read and a page of megabytes. The picture therefore has three parts: columns of
deployments started each year, stacked by status (every entry counts); a strip of the
year's investigations, fines and court rulings; and one bar for each of the newest
`NEWEST` deployments. The page's tables give the numbers; the full list of deployments,
filterable by year, is the deployments page.

A bar is honest about its dates. `2016` as a start is drawn as a hatched span over the
whole of 2016 (PartialDate.earliest to .latest), then solid; one active or on trial with no
end date is solid up to the date its status was last known (`timeline.as_of`) and ends
there in an arrow. Why not on to the right edge: that drew a record last confirmed in 2021
as running today, and the record says nothing after its status date. Any other without an
end date (ended at a date nobody published, paused, planned, blocked, unknown) is certain
only at its start (`vocab.IN_USE_STATUSES`), so it fades out between its start and its
status date. Each bar's title names the span it draws and the status: "from October 2021;
active as of October 2021" where the bar runs to its status date, "from 20 June 2020 to 15 July
2022; ended" where it stops at the record's end (never "ended as of September 2025" beside a bar
that stops in 2022). No start, no bar: it is listed.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import Markup

from registry import vocab
from registry.charts import entries_of
from registry.charts.oversight import OVERSIGHT, STRIP_ROW, oversight_by_year, oversight_strip
from registry.charts.starts import not_drawn_words, split_undated
from registry.charts.svg import Node, el, figure_svg, markup
from registry.dates import PartialDate
from registry.qualified import date_qualifier, plain_date
from registry.types import Unknown
from registry.wording import evidence_marks_by, marked

NEWEST = 40
WIDTH, LABEL_W, RIGHT = 800.0, 290.0, 20.0
COLS_H, BAR_ROW = 130.0, 15.0
#: What the arrow and the fading end mean, in the picture's description and on the page.
ARROW_AND_FADING = (
    "an arrow ends the bar of a deployment active or on trial at the date its status was last known "
    "(nothing after that date is drawn), a fading end one certain only at its start: ended at a date "
    "nobody has published, or paused, planned, blocked or of unknown status"
)


@dataclass(frozen=True)
class Bar:
    """One deployment's span in days: hatched where uncertain; `open_end` (in use, no end date)
    is solid to its status date and ends there in an arrow; `fading_end` fades to it."""

    id: str
    title: str
    status: str
    start: date  # earliest possible start
    solid_from: date  # latest possible start: certain from here
    solid_to: date  # earliest possible end (or the status date for an open deployment)
    end: date  # latest possible end
    open_end: bool
    fading_end: bool
    started: str = ""  # the start as written: "2022", "May 2016"
    as_of: str = ""  # the status date as written: "October 2021"
    span: str = ""  # the dates drawn, as written: "from 2022", "from May 2016 to March 2018"


def bar_of(e: Any) -> Bar | None:
    """The bar of one entry, or None when its start is unknown."""
    t = e.timeline
    start = _drawn(t.start)
    if start is None:
        return None
    end = _drawn(t.end)
    started = t.start.label()  # as the sources give it: "2022", "about May 2019"
    if end is not None:
        solid_to, last = max(end.earliest, start.latest), max(end.latest, start.latest)
        open_end = fading_end = False
        span = _span_words(t.start, t.end)
    else:
        # In use up to its status date, and nothing known after it; any other (ended at a date
        # nobody published, paused, planned, blocked or unknown) is certain only at its start,
        # possibly in use up to the status date.
        last = max(t.as_of.latest, start.latest)
        open_end = t.status in vocab.IN_USE_STATUSES
        solid_to, fading_end, span = (last if open_end else start.latest), not open_end, f"from {started}"
    return Bar(
        e.id,
        e.title,
        t.status,
        start.earliest,
        start.latest,
        solid_to,
        last,
        open_end,
        fading_end,
        started,
        t.as_of.label(),
        span,
    )


def _span_words(start: Any, end: Any) -> str:
    """The dates a bar with an end is drawn over, as written: "from June 2020 to 15 July 2022";
    a span that starts and ends on one date says it once, "on 3 June 2017", "in June 2015"
    (never "from 2018 to 2018")."""
    if start.label() != end.label():
        return f"from {start.label()} to {end.label()}"
    return f"{'on' if plain_date(start).day is not None else 'in'} {start.label()}"


def bar_tip(bar: Bar) -> str:
    """A bar's title: the deployment, the span drawn, and its status.

    Why the status date only where the bar runs to it (an arrow, a fading end): beside a bar
    that stops at the record's end, "ended as of September 2025" read as the bar's end. A
    status other than ended keeps its date even then, since bare it would read as today's.
    """
    status = vocab.STATUS_LABELS[bar.status].lower()
    if bar.status != "ended" or bar.open_end or bar.fading_end:
        status = f"{status} as of {bar.as_of}"
    return f"{bar.title}: {bar.span}; {status}"


def _drawn(value: Any) -> PartialDate | None:
    """The date a bar is drawn over: an approximate date ("about May 2019") as its whole year,
    so the hatched, uncertain part of the bar says that it is not exact."""
    known = plain_date(value)
    if known is not None and date_qualifier(value) == "approximate":
        return PartialDate(known.year)
    return known


def _year(value: Any) -> int | None:
    known = plain_date(value)
    return known.year if known is not None else None


def start_year(entry: Any) -> int | None:
    """The year a deployment started, or None when nobody has published it."""
    return _year(entry.timeline.start)


def started_by_year(files: Iterable[Any]) -> dict[int, Counter[str]]:
    """`{start year: Counter(status)}` over entries with a known start."""
    pairs = Counter(
        (start_year(e), e.timeline.status) for e in entries_of(files) if start_year(e) is not None
    )
    years: dict[int, Counter[str]] = {}
    for (year, status), n in sorted(pairs.items()):
        years.setdefault(year, Counter())[status] = n
    return years


def newest_bars(files: Iterable[Any], limit: int = NEWEST) -> tuple[list[Bar], list[Any]]:
    """The `limit` bars that started last (newest first), and the entries with no known start."""
    dated, undated = [], []
    for e in entries_of(files):
        (undated if isinstance(e.timeline.start, Unknown) else dated).append(e)
    # Order by the start's earliest day, then its latest (a day before its month, a month
    # before its year), as PartialDate's spans would, without making 10,000 date objects.
    newest = heapq.nlargest(limit, dated, key=_start_order)
    bars = [bar_of(e) for e in newest]
    undated.sort(key=lambda e: e.id)
    return [b for b in bars if b is not None], undated


def _start_order(e: Any) -> tuple[int, int, int, int, int, str]:
    s = plain_date(e.timeline.start)
    return (s.year, s.month or 1, s.day or 1, s.month or 12, s.day or 32, e.id)


def timeline_chart(files: Iterable[Any], ident: str = "timeline", limit: int = NEWEST) -> Markup:
    """The whole picture; see the module docstring for its three parts."""
    entries = entries_of(files)
    started = started_by_year(entries)
    oversight = oversight_by_year(entries)
    bars, undated = newest_bars(entries, limit)
    years = set(started) | set(oversight) | {b.end.year for b in bars}
    first, last = (min(years), max(years)) if years else (2000, 2001)
    d0, d1 = date(first, 1, 1), date(last + 1, 1, 1)
    plot_w = WIDTH - LABEL_W - RIGHT

    def x(d: date) -> float:
        return LABEL_W + plot_w * (d - d0).days / (d1 - d0).days

    strip_top = COLS_H + 26
    bars_top = strip_top + len(OVERSIGHT) * STRIP_ROW + 28
    height = bars_top + len(bars) * BAR_ROW + 8
    desc = (
        f"{len(entries)} deployments. Columns: deployments started each year from {first} to {last}, "
        f"stacked by status. Then the year's investigations opened, fines and court rulings. Then the "
        f"{len(bars)} most recently started deployments as bars; hatched parts are dates known only to "
        f"the month or year, {ARROW_AND_FADING}. {_not_drawn(undated)}The tables below give every number."
    )
    svg = figure_svg(ident, "Timeline of deployments", desc, WIDTH, height)
    svg.attrs["class"] = "chart timeline"
    svg.add(_hatch_pattern(ident))
    svg.add(*_axis(first, last, x, height))
    marks = evidence_marks_by(entries, lambda e: (start_year(e), e.timeline.status))
    svg.add(*_columns(started, marks, x, d0))
    svg.add(*oversight_strip(oversight, x, strip_top, LABEL_W))
    svg.add(
        el(
            "text",
            {"class": "section", "x": 0, "y": bars_top - 10},
            f"The {len(bars)} most recently started deployments",
        )
    )
    for i, bar in enumerate(bars):
        svg.add(_bar(bar, x, bars_top + i * BAR_ROW, ident))
    return markup(svg)


def _not_drawn(undated: list[Any]) -> str:
    unknown, never = split_undated(undated)
    words = not_drawn_words(len(unknown), len(never))
    return f"Not drawn, and listed below the picture: {words}. " if words else ""


def _hatch_pattern(ident: str) -> Node:
    return el(
        "defs",
        None,
        el(
            "pattern",
            {
                "id": f"{ident}-hatch",
                "width": 4,
                "height": 4,
                "patternUnits": "userSpaceOnUse",
                "patternTransform": "rotate(45)",
            },
            el("line", {"class": "hatch", "x1": 0, "y1": 0, "x2": 0, "y2": 4}),
        ),
    )


def _axis(first: int, last: int, x: Any, height: float) -> list[Node]:
    nodes = []
    step = 1 if last - first < 15 else 5
    for year in range(first, last + 2):
        if (year - first) % step and year != last + 1:
            continue
        xx = x(date(year, 1, 1))
        nodes.append(el("line", {"class": "grid", "x1": xx, "y1": 14, "x2": xx, "y2": height}))
        if year <= last:
            nodes.append(el("text", {"class": "label", "x": xx + 2, "y": 10}, str(year)))
    return nodes


def _columns(
    started: dict[int, Counter[str]], marks: dict[tuple[int | None, str], str], x: Any, d0: date
) -> list[Node]:
    """The columns of starts per year by status; a part's title gives the alleged or denied
    records it counts (`marks`, by year and status), as the timeline's table does."""
    top = max((sum(c.values()) for c in started.values()), default=1)
    nodes: list[Node] = [
        el("text", {"class": "section", "x": 0, "y": 30}, "Deployments started each year,"),
        el("text", {"class": "section", "x": 0, "y": 46}, f"by status (tallest: {top:,})"),
    ]
    for year, counts in started.items():
        x0, x1 = x(date(year, 1, 1)), x(date(year + 1, 1, 1))
        y = COLS_H + 14
        for status in vocab.STATUS_LABELS:
            n = counts[status]
            if not n:
                continue
            h = (COLS_H - 20) * n / top
            y -= h
            nodes.append(
                el(
                    "rect",
                    {
                        "class": f"bar status-{status}",
                        "x": x0 + 1,
                        "y": y,
                        "width": max(x1 - x0 - 2, 0.5),
                        "height": h,
                    },
                    el(
                        "title",
                        None,
                        marked(
                            f"{year}: {n:,} {vocab.STATUS_LABELS[status].lower()}",
                            marks.get((year, status), ""),
                        ),
                    ),
                )
            )
    return nodes


def _bar(bar: Bar, x: Any, y: float, ident: str) -> Node:
    label = bar.title if len(bar.title) <= 44 else bar.title[:43].rstrip() + "…"
    g = el("g", {"class": f"deployment status-{bar.status}"}, el("title", None, bar_tip(bar)))
    g.add(el("text", {"class": "label", "x": LABEL_W - 6, "y": y + 10, "text-anchor": "end"}, label))
    h = BAR_ROW - 5
    if bar.solid_from > bar.start:
        g.add(*_uncertain(x(bar.start), x(bar.solid_from), y + 2, h, ident))
    if bar.fading_end:
        g.add(
            el(
                "rect",
                {
                    "class": "fading",
                    "x": x(bar.solid_from),
                    "y": y + 2,
                    "height": h,
                    "width": max(x(bar.end) - x(bar.solid_from), 0.5),
                },
            )
        )
        return g
    # At least a pixel wide, and never past the last date the record gives: a span of a day
    # is drawn as the pixel before it.
    right = x(bar.solid_to)
    left = min(x(bar.solid_from), right - 1.0)
    g.add(el("rect", {"class": "span", "x": left, "y": y + 2, "height": h, "width": right - left}))
    if bar.open_end:
        g.add(
            el(
                "polygon",
                {
                    "class": "span arrow",
                    "points": f"{right:.1f},{y} {right + 8:.1f},{y + 2 + h / 2} {right:.1f},{y + h + 4}",
                },
            )
        )
    elif bar.end > bar.solid_to:
        g.add(*_uncertain(x(bar.solid_to), x(bar.end), y + 2, h, ident))
    return g


def _uncertain(x0: float, x1: float, y: float, h: float, ident: str) -> tuple[Node, Node]:
    """A span of dates the entry does not pin down: the status colour, lighter, and hatched."""
    box = {"x": x0, "y": y, "height": h, "width": max(x1 - x0, 0.5)}
    return (
        el("rect", {"class": "uncertain", **box}),
        el("rect", {"class": "hatched", "fill": f"url(#{ident}-hatch)", **box}),
    )

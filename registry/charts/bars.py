"""Bar charts for the home page: deployments by start year, by operator sector and by status
(a status's label says how many of its records are alleged or denied: "Active (2 alleged)").

Each `chart_*` function returns the SVG as Markup and each `*_rows` function the numbers it
draws, so the page can print the same numbers as a table beside the picture. Counts are of
the entries passed in (the build passes the published ones).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

from registry import vocab
from registry.charts import entries_of
from registry.charts.starts import not_drawn_words, split_undated
from registry.charts.svg import el, figure_svg, markup
from registry.types import Unknown
from registry.wording import evidence_marks, marked

Row = tuple[str, int, str]  # (label, count, CSS class of the bar)

BAR_H, ROW, CHART_W = 14.0, 36.0, 360.0


def year_rows(files: Iterable[Any]) -> tuple[list[Row], str]:
    """Deployments by the year they started, every year from the first to the last; and the
    ones not counted, in words ("2 with an unknown start, 1 not shown to have started"; not
    drawn, said in the description): a start nobody has published and one that never came, or
    was never shown, are told apart."""
    years: Counter[int] = Counter()
    undated = []
    for e in entries_of(files):
        if isinstance(e.timeline.start, Unknown):
            undated.append(e)
        else:
            years[e.timeline.start.year] += 1
    unknown, never = split_undated(undated)
    not_counted = not_drawn_words(len(unknown), len(never))
    if not years:
        return [], not_counted
    span = range(min(years), max(years) + 1)
    return [(str(y), years[y], "bar") for y in span], not_counted


def sector_rows(files: Iterable[Any]) -> list[Row]:
    counts = Counter(e.operator.sector for e in entries_of(files))
    return [(label, counts[s], f"bar sector-{s}") for s, label in vocab.SECTOR_LABELS.items()]


def status_rows(files: Iterable[Any]) -> list[Row]:
    counts = Counter(e.timeline.status for e in entries_of(files))
    return [(label, counts[s], f"bar status-{s}") for s, label in vocab.STATUS_LABELS.items()]


def status_marks(files: Iterable[Any]) -> list[str]:
    """Beside each of `status_rows`, how many of its records are alleged or denied ("2 alleged,
    1 alleged and denied"), or "": the status's count includes them."""
    by_status: dict[str, list[Any]] = {}
    for e in entries_of(files):
        by_status.setdefault(e.timeline.status, []).append(e)
    return [evidence_marks(by_status.get(s, [])) for s in vocab.STATUS_LABELS]


def chart_by_year(files: Iterable[Any], ident: str = "chart-by-year") -> Markup:
    """Columns: deployments by start year."""
    rows, not_counted = year_rows(files)
    note = f" Not shown: {not_counted}." if not_counted else ""
    desc = "; ".join(f"{label}: {n}" for label, n, _ in rows if n) or "No deployments."
    return column_chart(ident, "Deployments by the year they started", desc + "." + note, rows)


def chart_by_sector(files: Iterable[Any], ident: str = "chart-by-sector") -> Markup:
    """Horizontal bars: deployments by the operator's sector (public, private, mixed)."""
    rows = sector_rows(files)
    return bar_chart(ident, "Deployments by operator sector", _describe(rows), rows)


def chart_by_status(files: Iterable[Any], ident: str = "chart-by-status") -> Markup:
    """Horizontal bars: deployments by their current status."""
    rows = [
        (marked(label, mark), n, cls)
        for (label, n, cls), mark in zip(status_rows(files), status_marks(files), strict=True)
    ]
    return bar_chart(ident, "Deployments by status", _describe(rows), rows)


def _describe(rows: list[Row]) -> str:
    return "; ".join(f"{label}: {n}" for label, n, _ in rows) + "."


def bar_chart(ident: str, title: str, desc: str, rows: list[Row]) -> Markup:
    """Horizontal bars, each under its label, with the count at the end of the bar.

    Labels sit above the bars rather than beside them so that long labels ("Blocked by a
    court or regulator") stay legible in a narrow column.
    """
    top = max((n for _, n, _ in rows), default=0) or 1
    width = CHART_W - 60
    height = len(rows) * ROW + 4
    svg = figure_svg(ident, title, desc, CHART_W, height)
    svg.attrs["class"] = "chart bars"
    for i, (label, n, cls) in enumerate(rows):
        y = i * ROW + 16
        w = width * n / top
        svg.add(
            el("text", {"class": "label", "x": 0, "y": y - 3}, label),
            el("rect", {"class": cls, "x": 0, "y": y, "width": max(w, 0.0), "height": BAR_H}),
            el("text", {"class": "value", "x": w + 4, "y": y + BAR_H - 2}, f"{n:,}"),
        )
    return markup(svg)


def column_chart(ident: str, title: str, desc: str, rows: list[Row]) -> Markup:
    """Vertical columns with every fifth label (and the last) under the axis."""
    top = max((n for _, n, _ in rows), default=0) or 1
    plot_h, base = 150.0, 170.0
    step = (CHART_W - 40) / max(len(rows), 1)
    labelled = {i for i in range(len(rows)) if i % 5 == 0 and len(rows) - 1 - i >= 3} | {len(rows) - 1}
    svg = figure_svg(ident, title, desc, CHART_W, base + 24)
    svg.attrs["class"] = "chart columns"
    svg.add(el("line", {"class": "axis", "x1": 20, "y1": base, "x2": CHART_W - 20, "y2": base}))
    svg.add(el("text", {"class": "value", "x": 20, "y": 12}, f"Highest: {top:,}"))
    for i, (label, n, cls) in enumerate(rows):
        h = plot_h * n / top
        x = 20 + i * step
        svg.add(
            el(
                "rect",
                {"class": cls, "x": x + step * 0.1, "y": base - h, "width": step * 0.8, "height": h},
                el("title", None, f"{label}: {n:,}"),
            )
        )
        if i in labelled:
            svg.add(
                el(
                    "text",
                    {"class": "label", "x": x + step / 2, "y": base + 16, "text-anchor": "middle"},
                    label,
                )
            )
    return markup(svg)

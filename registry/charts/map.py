"""The world map (countries shaded by deployments, markers at honest precision) and locators.

Markers never claim more precision than the entry has (the schema's own rule: "a city-level
location must never be drawn as a camera"). Each precision has a grid its coordinates are
snapped to and a radius on the ground; a city-level location becomes a translucent circle
about 50 km across at the centre of its quarter-degree cell, however precise the numbers
written in the entry look. Markers that fall in the same cell are drawn once, with a count.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from registry import urls, vocab
from registry.charts import entries_of, geo
from registry.charts.svg import Node, el, figure_svg, markup, num
from registry.location import locate
from registry.render import country_name
from registry.wording import evidence_marks_by, marked

#: The part of the projected world that is drawn: latitude 84 N to 58 S (no Antarctica).
TOP, BOTTOM = geo.project(0, 84)[1], geo.project(0, -58)[1]
#: Where the hover/focus label of the world map sits: the empty South Pacific.
INFO_AT = geo.project(-172, -50)
#: How wide (CSS pixels) the world map and a locator are meant to be shown; marker floors use it.
WORLD_PX, LOCATOR_PX = 800.0, 300.0
KM_PER_DEGREE = 111.2
#: The world map snaps every marker to at least this grid (degrees): about two pixels.
WORLD_GRID = 1.0
MAX_MARKER_TITLES = 300


@dataclass(frozen=True)
class Precision:
    """How a coordinate precision is drawn: snapped to `grid` degrees, `radius_km` on the ground."""

    grid: float
    radius_km: float
    kind: str  # "point" (small dot) or "area" (translucent circle)
    floor_px: float  # the smallest radius on screen, so a marker stays visible


PRECISIONS: dict[str, Precision] = {
    "exact": Precision(0.01, 0.5, "point", 2.0),
    "street": Precision(0.01, 1.0, "point", 2.0),
    "site": Precision(0.01, 1.0, "point", 2.0),
    "city": Precision(0.25, 25.0, "area", 5.0),
    "region": Precision(1.0, 100.0, "area", 9.0),
}


@dataclass(frozen=True)
class Marker:
    """One drawn marker: its centre and radius in map units, how precise, and how many entries."""

    cx: float
    cy: float
    r: float
    precision: str
    count: int = 1

    @property
    def kind(self) -> str:
        return PRECISIONS[self.precision].kind


def snap(value: float, grid: float) -> float:
    """The centre of the `grid`-degree cell `value` falls in: the position shown instead of it."""
    return (math.floor(value / grid) + 0.5) * grid


def marker_for(
    lat: float,
    lon: float,
    precision: str,
    view_width: float = geo.WIDTH,
    display_px: float = WORLD_PX,
    min_grid: float = 0.0,
) -> Marker:
    """The marker of one coordinate: snapped to its precision's grid (or `min_grid` if coarser),
    with at least its ground radius and at least `floor_px` on screen."""
    grid = max(PRECISIONS[precision].grid, min_grid)
    slat = max(-89.9, min(89.9, snap(lat, grid)))
    slon = max(-179.99, min(179.99, snap(lon, grid)))
    return _cell_marker(slat, slon, precision, view_width, display_px)


@lru_cache(maxsize=65536)
def _cell_marker(slat: float, slon: float, precision: str, view_width: float, display_px: float) -> Marker:
    """The marker of a snapped cell; cached, as many entries share a cell."""
    spec = PRECISIONS[precision]
    cx, cy = geo.project(slon, slat)
    ground = abs(geo.project(slon, min(89.99, slat + spec.radius_km / KM_PER_DEGREE))[1] - cy)
    floor = spec.floor_px * view_width / display_px
    return Marker(cx, cy, max(ground, floor), precision)


def country_counts(files: Iterable[Any]) -> dict[str, Counter[str]]:
    """`{country code: Counter(status -> deployments)}`, sorted by code."""
    pairs = Counter((e.place.country, e.timeline.status) for e in entries_of(files))
    counts: dict[str, Counter[str]] = {}
    for (country, status), n in sorted(pairs.items()):
        counts.setdefault(country, Counter())[status] = n
    return counts


def shade_bins(highest: int) -> list[int]:
    """Lower bounds of the shading classes 1-4: about geometric steps up to the highest count."""
    bounds = [1]
    for step in (0.25, 0.5, 0.75):
        bound = max(bounds[-1] + 1, math.ceil(highest**step))
        if bound <= highest:
            bounds.append(bound)
    return bounds


def shade_of(count: int, bins: list[int]) -> int:
    """The shading class of a count: 0 for none, else 1 to len(bins)."""
    return sum(1 for b in bins if count >= b)


def count_phrase(counts: Counter[str], marks: dict[str, str] | None = None) -> str:
    """`12 deployments (3 active, 9 ended)`, statuses in vocabulary order; with the alleged or
    denied records a status's count includes (`marks`, by status), as the map's table and the
    home status chart give them: `12 deployments, 3 active (1 alleged), 9 ended`."""
    marks = marks or {}
    total = sum(counts.values())
    parts = [
        marked(f"{counts[s]} {vocab.STATUS_LABELS[s].lower()}", marks.get(s, ""))
        for s in vocab.STATUS_LABELS
        if counts[s]
    ]
    noun = "deployment" if total == 1 else "deployments"
    if any(marks.get(s) for s in counts):
        return f"{total} {noun}, {', '.join(parts)}"
    return f"{total} {noun} ({', '.join(parts)})"


def aggregate_markers(files: Iterable[Any]) -> list[Marker]:
    """The world map's markers: one per kind and `WORLD_GRID` cell, with how many entries it stands for.

    Why a coarser grid than the precision's own: a degree is about two pixels on the world
    map, so finer positions add bytes and no information (10,000 site-level points would
    weigh a megabyte). Snapping to a coarser grid only ever shows less than the entry knows.
    Areas are drawn before points (a dot on top of a circle stays visible), then by position.
    """
    cells: dict[tuple[str, float, float, float], list[str]] = {}
    for e in entries_of(files):
        place = locate(e)  # coordinates, else the city from the gazetteer; a country alone has no marker
        if place.has_point:
            m = marker_for(place.lat, place.lon, place.precision, min_grid=WORLD_GRID)
            cells.setdefault((m.kind, m.cx, m.cy, m.r), []).append(place.precision)
    order = list(PRECISIONS)
    markers = [
        Marker(cx, cy, r, max(found, key=order.index), len(found)) for (_, cx, cy, r), found in cells.items()
    ]
    rank = {"area": 0, "point": 1}
    return sorted(markers, key=lambda m: (rank[m.kind], -m.r, m.cx, m.cy))


def markers_group(markers: list[Marker]) -> Node:
    """The markers, grouped by kind so each circle is only its position and radius.

    Each has a tooltip with its count while there are at most MAX_MARKER_TITLES of them;
    past that the tooltips would outweigh the map, and the tables give the counts.
    """
    group = el("g", {"class": "markers", "aria-hidden": "true"})
    titled = len(markers) <= MAX_MARKER_TITLES
    for kind in ("area", "point"):
        layer = el("g", {"class": f"marker marker-{kind}"})
        for m in markers:
            if m.kind == kind:
                layer.add(
                    el("circle", {"cx": m.cx, "cy": m.cy, "r": m.r}, _marker_title(m) if titled else None)
                )
        if layer.children:
            group.add(layer)
    return group


def _marker_title(m: Marker) -> Node:
    noun = "deployment" if m.count == 1 else "deployments"
    if m.kind == "area":
        text = f"{m.count} {noun} in this area (location known to a {m.precision} only)"
    else:
        text = f"{m.count} {noun} here (location known to a site, street or camera)"
    return el("title", None, text)


def world_map(files: Iterable[Any], base: str = "/", ident: str = "world-map") -> Markup:
    """The world map: every country with a deployment is a link to its country page.

    `files` are the published entries. The equivalent table is rendered by the page itself.
    """
    entries = entries_of(files)
    counts = country_counts(entries)
    marks = _marks_by_country(entries, counts)
    data = geo.countries()
    bins = shade_bins(max((sum(c.values()) for c in counts.values()), default=1))
    height = BOTTOM - TOP
    n_countries = len(counts)
    svg = figure_svg(
        ident,
        "World map of deployments by country",
        f"{len(entries)} deployments in {n_countries} countries. Darker countries have more "
        "deployments; each is a link to its country page. Circles mark locations known only to "
        "a city or region, dots more precise locations. The table below gives the same figures.",
        geo.WIDTH,
        height,
        interactive=True,
    )
    svg.attrs["viewBox"] = f"0 {num(TOP)} {num(geo.WIDTH)} {num(height)}"
    svg.attrs["class"] = "chart map"
    land = el("g", {"class": "land", "aria-hidden": "true"})
    links: list[tuple[str, Node]] = []
    for code, shape in data["countries"].items():
        if shape["bounds"][1] > BOTTOM:
            continue  # wholly below the drawn part (Antarctica)
        if code in counts:
            links.append((code, _country_link(code, shape["d"], counts[code], bins, base, marks[code])))
        else:
            land.add(el("path", {"class": "country shade-0", "d": shape["d"]}))
    for shape in data["other"].values():
        land.add(el("path", {"class": "country shade-0", "d": shape["d"]}))
    # The links in the order of their names, as the table lists them, so that Tab goes from
    # Afghanistan to Zimbabwe (by code it went from the Emirates to Afghanistan). A small
    # country's dot is drawn again above them all, so that a neighbour later in that order
    # (Andorra's France and Spain) does not cover it: the same link, out of the tab order
    # and hidden from screen readers, which have the first.
    on_top = el("g", {"class": "small-countries", "aria-hidden": "true"})
    for code, (x, y) in data["small"].items():
        if code in counts:
            links.append((code, _country_link(code, None, counts[code], bins, base, marks[code], dot=(x, y))))
            on_top.add(
                _country_link(code, None, counts[code], bins, base, marks[code], dot=(x, y), again=True)
            )
    links.sort(key=lambda link: (country_name(link[0]).casefold(), link[0]))
    linked = el("g", {"class": "countries"}, *(node for _, node in links))
    svg.add(land, linked, on_top if on_top.children else None, markers_group(aggregate_markers(entries)))
    return markup(svg)


def _country_link(
    code: str,
    d: str | None,
    counts: Counter[str],
    bins: list[int],
    base: str,
    marks: dict[str, str],
    dot: tuple[float, float] | None = None,
    again: bool = False,
) -> Node:
    """A country's link: its shape (or `dot`), its name and counts as title, label and the plate
    shown on focus. `again`: a copy drawn over the map, which focus never reaches."""
    name = country_name(code)
    label = f"{name}: {count_phrase(counts, marks)}"
    shade = f"country shade-{shade_of(sum(counts.values()), bins)}"
    shape = (
        el("path", {"class": shade, "d": d})
        if d is not None
        else el("circle", {"class": shade + " small-country", "cx": dot[0], "cy": dot[1], "r": 3})
    )
    return el(
        "a",
        {
            "href": f"{base}{urls.country_page(code)}",
            "aria-label": label,
            "tabindex": "-1" if again else None,
        },
        el("title", None, label),
        shape,
        _info(label),
    )


def _marks_by_country(entries: list[Any], counts: dict[str, Counter[str]]) -> dict[str, dict[str, str]]:
    """Each country's alleged or denied records by status ("1 alleged and denied"), as the
    map's table gives them; `{}` for a country with none."""
    by_pair = evidence_marks_by(entries, lambda e: (e.place.country, e.timeline.status))
    marks: dict[str, dict[str, str]] = {code: {} for code in counts}
    for (code, status), text in by_pair.items():
        marks[code][status] = text
    return marks


def _info(label: str) -> Node:
    """The name and counts shown on hover and focus, on a plate so no coast shows through.

    The plate's width is estimated from the label's length (no font metrics at build time);
    generous, since a plate too wide hides only ocean.
    """
    x, y = INFO_AT
    width = len(label) * 8.6 + 16
    return el(
        "g",
        {"class": "map-info"},
        el("rect", {"x": x - 8, "y": y - 19, "width": width, "height": 27, "rx": 3}),
        el("text", {"x": x, "y": y}, label),
    )


def legend(files: Iterable[Any]) -> list[tuple[int, str]]:
    """The shading classes in use as (class number, "5-9 deployments") for the HTML legend."""
    counts = country_counts(files)
    bins = shade_bins(max((sum(c.values()) for c in counts.values()), default=1))
    rows = []
    for i, low in enumerate(bins):
        high = bins[i + 1] - 1 if i + 1 < len(bins) else None
        if high is None:
            text = f"{low} or more" if i else f"{low}"
        else:
            text = f"{low}" if high == low else f"{low}-{high}"
        rows.append((i + 1, text))
    return rows

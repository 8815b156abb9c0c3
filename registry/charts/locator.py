"""The locator on each entry page: the entry's country highlighted on a small clipped map.

The view is the box of the country's largest polygon (mainland France, not French Guiana),
widened to 3:2 with a margin, and widened again to take in the entry's marker if it lies
outside (Alaska). Shapes are clipped to the view, so a locator of Belgium does not carry
all of Russia.

The shapes live in a file of their own, `/assets/locators/<cc>-<hash>.svg`, one per view,
which the page's SVG draws with two `<use>` elements; only the title, the description and
the marker are in the page. Why: every entry of a country shares its view (unless its
marker lies outside it), and the shapes were most of the locator, up to 8.8 KB of every
entry page in Russia or China; as a file, a reader's browser fetches them once per
country. The colours are set on the `<use>` elements (charts.css) and inherited by the
shapes, which carry no style of their own.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from registry import urls
from registry.charts import geo
from registry.charts.map import LOCATOR_PX, Marker, marker_for
from registry.charts.svg import el, figure_svg, markup, num, render
from registry.location import locate

#: Where the shape files go in the site, under its base path.
FOLDER = urls.asset("locators/")


@dataclass(frozen=True)
class Locator:
    """A locator: the SVG for the page, and the shape file (name and text) it draws from."""

    svg: Markup
    file: str
    shapes: str


def locator(entry: Any, base: str = "/", ident: str = "locator") -> Locator | None:
    """A small map of the entry's country, highlighted, with its marker; None if nothing to show.

    Countries too small for the 1:110m shapes still get a locator when the entry has
    coordinates (the view is then centred on the marker). `base` is the site's base path,
    for the shape file's address.
    """
    data = geo.countries()
    code = entry.country
    place = locate(entry)
    coords = place if place.has_point else None  # the entry's coordinates, else its city's
    shape = data["countries"].get(code)
    if shape is not None:
        x0, y0, x1, y1 = shape["box"]
    elif code in data["small"]:
        x, y = data["small"][code]
        x0, y0, x1, y1 = x - 2, y - 2, x + 2, y + 2
    elif coords is not None:
        x, y = geo.project(coords.lon, coords.lat)
        x0, y0, x1, y1 = x - 2, y - 2, x + 2, y + 2
    else:
        return None
    view = _view(x0, y0, x1, y1)
    marker = None
    if coords is not None:
        marker = marker_for(coords.lat, coords.lon, coords.precision, view[2], LOCATOR_PX)
        if not _inside(marker, view):
            # widened to a 5-unit grid, so nearby outliers share one view (and its cached shapes)
            bx0, by0 = _down(min(x0, marker.cx - marker.r)), _down(min(y0, marker.cy - marker.r))
            bx1, by1 = -_down(-max(x1, marker.cx + marker.r)), -_down(-max(y1, marker.cy + marker.r))
            view = _view(bx0, by0, bx1, by1)
            marker = marker_for(coords.lat, coords.lon, coords.precision, view[2], LOCATOR_PX)
    # The figure's caption says where, in words (partials/entry_locator.html.j2); the picture's
    # name says only what it draws, so that a screen reader does not read the place twice.
    svg = figure_svg(
        ident,
        "Locator map",
        "The country highlighted" + ("; the circle or dot marks the deployment." if coords else "."),
        view[2],
        view[3],
    )
    svg.attrs["viewBox"] = " ".join(num(v) for v in view)
    svg.attrs["class"] = "chart locator-map"
    svg.attrs["aria-labelledby"] = f"{ident}-title"  # its <desc> is its description, read once
    file, shapes = _locator_shapes(code, view)
    href = f"{base}{FOLDER}{file}"
    svg.add(
        el("use", {"class": "land", "href": f"{href}#land"}),
        el("use", {"class": "here", "href": f"{href}#here"}),
    )
    if shape is None and code in data["small"]:
        x, y = data["small"][code]
        svg.add(el("circle", {"class": "here small-country", "cx": x, "cy": y, "r": view[2] / 60}))
    if marker is not None:
        svg.add(
            el(
                "circle",
                {"class": f"marker marker-{marker.kind}", "cx": marker.cx, "cy": marker.cy, "r": marker.r},
            )
        )
    return Locator(markup(svg), file, shapes)


def _view(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
    """A 3:2 view around a box, with a margin, at least 12 map units (about 4 degrees) wide."""
    w, h = max(x1 - x0, 1.0), max(y1 - y0, 1.0)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    w, h = w * 1.3, h * 1.3
    w = max(w, h * 1.5, 12.0)
    h = w / 1.5
    return (round(cx - w / 2, 1), round(cy - h / 2, 1), round(w, 1), round(h, 1))


def _down(value: float, step: float = 5.0) -> float:
    return math.floor(value / step) * step


def _inside(m: Marker, view: tuple[float, float, float, float]) -> bool:
    x, y, w, h = view
    return x <= m.cx - m.r and m.cx + m.r <= x + w and y <= m.cy - m.r and m.cy + m.r <= y + h


@lru_cache(maxsize=512)
def _locator_shapes(code: str, view: tuple[float, float, float, float]) -> tuple[str, str]:
    """The shape file of a view: its name and its text, the other countries clipped to the
    view in `#land` and the entry's country in `#here`.

    The name is the country and a hash of the view and the text, so a file's address changes
    whenever its content does (a browser may keep it cached). Cached: entries of one country
    share a view unless a marker lies outside it, so 10,000 locators clip and write the
    shapes about once per country.
    """
    x, y, w, h = view
    pixel = w / LOCATOR_PX  # map units per screen pixel at the locator's intended width
    pad = w / 50
    clip = (x - pad, y - pad, x + w + pad, y + h + pad)
    data = geo.countries()
    shapes = []
    here = None
    for other, shape in list(data["countries"].items()) + list(data["other"].items()):
        bx0, by0, bx1, by1 = shape["bounds"]
        if bx1 < clip[0] or bx0 > clip[2] or by1 < clip[1] or by0 > clip[3]:
            continue
        rings = geo.clip_rings(geo.parse_path(shape["d"]), clip)
        d = geo.path_data(geo.simplify_rings(rings, pixel), step=10 if pixel >= 0.9 else 1)
        if not d:
            continue
        if other == code:
            here = el("path", {"d": d})
        else:
            shapes.append(el("path", {"d": d}))
    text = render(
        el(
            "svg",
            {"xmlns": "http://www.w3.org/2000/svg"},
            el("g", {"id": "land"}, *shapes),
            el("g", {"id": "here"}, here),
        )
    )
    digest = hashlib.sha256(f"{view}\n{text}".encode()).hexdigest()[:10]
    return f"{code.lower()}-{digest}.svg", text + "\n"

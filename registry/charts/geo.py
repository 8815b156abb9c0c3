"""The map's projection and the committed country shapes it draws.

Why Equal Earth: an equal-area projection keeps a country's shaded area in proportion to
its real size, so a choropleth of deployment counts does not make Greenland or Russia look
more important than they are, and its formulas are short enough to write out here. The
same `project` is used by `scripts/convert_world_atlas.py` (once, to make the committed
shapes) and by the markers at build time, so points and shapes always agree.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "countries-110m.json"

# Equal Earth (Šavrič, Patterson and Jenny, 2018), on the unit sphere.
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2
#: Projected x of longitude 180 at the equator, and y of latitude 90, on the unit sphere.
_X_MAX = math.pi / (_M * _A1)
_THETA_MAX = math.asin(_M)
_Y_MAX = _THETA_MAX * (_A1 + _A2 * _THETA_MAX**2 + _THETA_MAX**6 * (_A3 + _A4 * _THETA_MAX**2))

#: The drawing is WIDTH map units wide; y grows downwards as in SVG.
WIDTH = 1000.0
SCALE = WIDTH / (2 * _X_MAX)
HEIGHT = 2 * _Y_MAX * SCALE


def project(lon: float, lat: float) -> tuple[float, float]:
    """Returns the SVG position (x right, y down) of a longitude and latitude in degrees."""
    lam = math.radians(max(-180.0, min(180.0, lon)))
    phi = math.radians(max(-90.0, min(90.0, lat)))
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return (WIDTH / 2 + x * SCALE, HEIGHT / 2 - y * SCALE)


@cache
def countries() -> dict[str, Any]:
    """The committed shapes: `{"countries": {cc: {"d": path, "box": [x0, y0, x1, y1]}}, ...}`.

    Read once per process; the file is ours (made by scripts/convert_world_atlas.py), so
    it is trusted data, but its path strings are still checked by the SVG builder.
    """
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


Ring = list[tuple[float, float]]


def path_data(rings: list[Ring], step: int = 1) -> str:
    """Rings as compact path text: a move to each ring's start, relative lines, closed.

    Coordinates are rounded to `step` tenths of a map unit (the map is 1000 units wide; a
    tenth is finer than a screen pixel on the world map, whole units are enough for a
    locator of a large country), and repeated points are dropped.
    """
    parts = []
    for ring in rings:
        q = [(round(x * 10 / step) * step, round(y * 10 / step) * step) for x, y in ring]
        kept = [q[0]] + [p for prev, p in zip(q, q[1:], strict=False) if p != prev]
        if len(kept) > 1 and kept[-1] == kept[0]:
            kept.pop()
        if len(kept) < 3:
            continue
        steps = []
        for (x0, y0), (x1, y1) in zip(kept, kept[1:], strict=False):
            dx, dy = _tenths(x1 - x0), _tenths(y1 - y0)
            steps.append(dx + (dy if dy.startswith("-") else " " + dy))
        parts.append(f"M{_tenths(kept[0][0])} {_tenths(kept[0][1])}l{' '.join(steps)}z")
    return "".join(parts)


def _tenths(t: int) -> str:
    """A number of tenths as short SVG text: 12 -> 1.2, -5 -> -.5, 30 -> 3."""
    sign = "-" if t < 0 else ""
    whole, frac = divmod(abs(t), 10)
    if frac == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole}.{frac}" if whole else f"{sign}.{frac}"


def parse_path(d: str) -> list[Ring]:
    """The rings of a path written by `path_data` (absolute move, relative lines, close)."""
    rings = []
    for part in d.split("M")[1:]:
        head, _, tail = part.rstrip("z").partition("l")
        x, y = (float(v) for v in head.split())
        ring = [(x, y)]
        numbers = [float(v) for v in tail.replace("-", " -").split()]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=False):
            x, y = x + dx, y + dy
            ring.append((x, y))
        rings.append(ring)
    return rings


def simplify_rings(rings: list[Ring], tolerance: float) -> list[Ring]:
    """Rings with every point dropped that lies within `tolerance` of the simplified outline.

    Douglas-Peucker, per ring, anchored at the first point and the point farthest from it.
    Why: a locator shows a country about 300 pixels wide; points within a pixel of the line
    between their neighbours only add bytes to every entry page of that country. Rings that
    shrink below three points (islands smaller than the tolerance) are left out.
    """
    out = []
    for ring in rings:
        if len(ring) < 4:
            out.append(ring)
            continue
        far = max(range(len(ring)), key=lambda i: _distance2(ring[0], ring[i]))
        there = _douglas_peucker(ring[: far + 1], tolerance)
        back = _douglas_peucker(ring[far:] + ring[:1], tolerance)
        kept = there + back[1:-1]
        if len(kept) >= 3:
            out.append(kept)
    return out


def _douglas_peucker(points: Ring, tolerance: float) -> Ring:
    """The points of an open line kept by Douglas-Peucker (both ends always), iteratively."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    limit = tolerance * tolerance
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            d = _segment_distance2(points[i], points[first], points[last])
            if d > worst:
                worst, index = d, i
        if index != -1 and worst > limit:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _distance2(a: tuple[float, float], b: tuple[float, float]) -> float:
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2


def _segment_distance2(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    """The squared distance from p to the segment a-b."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return _distance2(p, a)
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    return _distance2(p, (a[0] + t * dx, a[1] + t * dy))


def clip_rings(rings: list[Ring], box: tuple[float, float, float, float]) -> list[Ring]:
    """The parts of polygon rings inside an (x0, y0, x1, y1) box (Sutherland-Hodgman).

    Why clip: a locator zoomed on Belgium would otherwise carry all of Russia's outline in
    every entry page that shows it.
    """
    x0, y0, x1, y1 = box
    edges = (
        (lambda p: p[0] >= x0, lambda a, b: _cross_x(a, b, x0)),
        (lambda p: p[0] <= x1, lambda a, b: _cross_x(a, b, x1)),
        (lambda p: p[1] >= y0, lambda a, b: _cross_y(a, b, y0)),
        (lambda p: p[1] <= y1, lambda a, b: _cross_y(a, b, y1)),
    )
    out = []
    for ring in rings:
        for inside, cross in edges:
            clipped = []
            for a, b in zip(ring, ring[1:] + ring[:1], strict=False):
                if inside(a):
                    clipped.append(a)
                if inside(a) != inside(b):
                    clipped.append(cross(a, b))
            ring = clipped
            if not ring:
                break
        if len(ring) >= 3:
            out.append(ring)
    return out


def _cross_x(a: tuple[float, float], b: tuple[float, float], x: float) -> tuple[float, float]:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cross_y(a: tuple[float, float], b: tuple[float, float], y: float) -> tuple[float, float]:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)

#!/usr/bin/env python3
"""Converts world-atlas's 1:110m TopoJSON into the map's committed country shapes. Run once.

    npm pack world-atlas@2.0.2          # in a scratch folder; then untar it
    python scripts/convert_world_atlas.py package/countries-110m.json

Writes `registry/data/countries-110m.json`: for each ISO 3166-1 alpha-2 code, one SVG path
string in the Equal Earth projection of `registry.charts.geo` (the same function places the
markers at build time) and the box of its largest polygon (what the entry locator zooms to).

Why commit the result instead of converting at build time: the build then needs no npm, no
network and no TopoJSON library, and the shapes change only when someone reruns this
script and the diff is reviewed. Why decode TopoJSON here by hand: the format is small (a
quantised, delta-encoded list of arcs that polygons reference by index) and a dependency for
one run would outlive its use.

Shapes without an ISO code in Natural Earth (Kosovo, Northern Cyprus, Somaliland) are kept,
unlinked, under "other", so the map has no holes; Natural Earth's numeric ids are mapped to
alpha-2 codes with pycountry.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from registry.charts.geo import DATA_FILE, HEIGHT, WIDTH, path_data, project  # noqa: E402

SOURCE = "world-atlas 2.0.2 (npm), countries-110m.json: Natural Earth 1:110m Admin 0 countries"
#: Rings smaller than this (in square map units, the map being 1000 wide) are dropped, except
#: a country's largest ring: specks the size of a pixel add bytes and no information.
MIN_RING_AREA = 0.5
#: Countries too small for the 1:110m shapes, drawn as a dot at about their centre
#: (longitude, latitude, rounded to a degree): without them a deployment in Singapore or
#: Hong Kong would have nothing to click on the map.
SMALL_COUNTRIES = {
    "AD": (1.5, 42.5),
    "BH": (50.5, 26.0),
    "HK": (114.2, 22.3),
    "LI": (9.5, 47.2),
    "MC": (7.4, 43.7),
    "MO": (113.5, 22.2),
    "MT": (14.4, 35.9),
    "MU": (57.6, -20.3),
    "MV": (73.5, 4.2),
    "SG": (103.8, 1.35),
    "SM": (12.5, 43.9),
    "VA": (12.45, 41.9),
}


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The arcs as lists of (longitude, latitude): undo the quantisation and the delta coding."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """One closed ring from its arc indices (`~i` means arc i reversed); shared ends kept once."""
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def split_at_antimeridian(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring that crosses longitude 180 (Fiji, Chukotka) as the pieces on either side of it.

    Natural Earth draws such a ring with a jump of about 360 degrees; projected as is, it
    would smear across the whole map. The ring is unwrapped into continuous longitudes and
    clipped to [-180, 180] three times (as is, and shifted by one turn either way). A ring
    around a pole (Antarctica) does not close when unwrapped and is kept as it is: its one
    jump runs along latitude -85, far below the part of the map that is drawn.
    """
    unwrapped = [ring[0]]
    for lon, lat in ring[1:]:
        prev = unwrapped[-1][0]
        lon += 360 * round((prev - lon) / 360)
        unwrapped.append((lon, lat))
    if abs(unwrapped[-1][0] - unwrapped[0][0]) > 180:
        return [ring]
    if all(-180 <= lon <= 180 for lon, _ in unwrapped):
        return [unwrapped]
    pieces = []
    for shift in (0, -360, 360):
        shifted = [(lon + shift, lat) for lon, lat in unwrapped]
        piece = _clip(_clip(shifted, 180, keep_below=True), -180, keep_below=False)
        if len(piece) >= 3 and area(piece) > 0:
            pieces.append(piece)
    return pieces


def _clip(ring: list[tuple[float, float]], edge: float, keep_below: bool) -> list[tuple[float, float]]:
    """One Sutherland-Hodgman step: the part of a ring on one side of the meridian `edge`."""
    inside = (lambda p: p[0] <= edge) if keep_below else (lambda p: p[0] >= edge)
    out: list[tuple[float, float]] = []
    for current, following in zip(ring, ring[1:] + ring[:1], strict=False):
        if inside(current):
            out.append(current)
        if inside(current) != inside(following):
            t = (edge - current[0]) / (following[0] - current[0])
            out.append((edge, current[1] + t * (following[1] - current[1])))
    return out


def polygons(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def area(points: list[tuple[float, float]]) -> float:
    closed = zip(points, points[1:] + points[:1], strict=True)
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in closed)) / 2


def _box(rings: list[list[tuple[float, float]]]) -> list[float]:
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return [round(min(xs), 1), round(min(ys), 1), round(max(xs), 1), round(max(ys), 1)]


def alpha2(numeric: str | None) -> str | None:
    if numeric is None:
        return None
    country = pycountry.countries.get(numeric=numeric)
    return country.alpha_2 if country else None


def convert(topology: dict) -> dict:
    arcs = decode_arcs(topology)
    result: dict = {
        "source": SOURCE,
        "licence": "Natural Earth: public domain. See NATURAL-EARTH-LICENSE.txt.",
        "projection": "Equal Earth; see registry/charts/geo.py",
        "width": WIDTH,
        "height": round(HEIGHT, 1),
        "countries": {},
        "other": {},
    }
    for geometry in topology["objects"]["countries"]["geometries"]:
        rings = []
        for polygon in polygons(geometry):
            for ring in polygon:
                for part in split_at_antimeridian(ring_points(ring, arcs)):
                    rings.append([project(lon, lat) for lon, lat in part])
        if not rings:
            continue
        largest = max(rings, key=area)
        rings = [r for r in rings if r is largest or area(r) >= MIN_RING_AREA]
        shape = {"d": path_data(rings), "box": _box([largest]), "bounds": _box(rings)}
        code = alpha2(geometry.get("id"))
        if code is None:
            result["other"][geometry["properties"]["name"]] = shape
        elif code in result["countries"]:
            raise SystemExit(f"two shapes for {code}")
        else:
            result["countries"][code] = shape
    result["small"] = {
        code: [round(v, 1) for v in project(lon, lat)] for code, (lon, lat) in sorted(SMALL_COUNTRIES.items())
    }
    result["countries"] = dict(sorted(result["countries"].items()))
    result["other"] = dict(sorted(result["other"].items()))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("topojson", type=Path, help="countries-110m.json from the world-atlas package")
    parser.add_argument("--out", type=Path, default=DATA_FILE)
    args = parser.parse_args()
    data = convert(json.loads(args.topojson.read_text(encoding="utf-8")))
    args.out.write_text(json.dumps(data, indent=0, ensure_ascii=True) + "\n", encoding="utf-8")
    print(
        f"{len(data['countries'])} countries, {len(data['other'])} other shapes, "
        f"{args.out.stat().st_size:,} bytes -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

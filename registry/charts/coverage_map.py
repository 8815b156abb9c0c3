"""The coverage map on `/coverage/`: every country in one of three states, drawn at build time.

Why a map of its own: the deployments map shades countries by how many records they have, so
a blank country there reads as "nothing happens here". This one shades by what the registry
knows: has records; searched, no record made; not yet researched (every other country). A
search may have covered one city or one network only, and may have found too little for a
record, so the description never says a country has nothing, nor that a search found nothing:
the table beside it says what each search covered.
The table on the same page gives the same states in words.
"""

from __future__ import annotations

from markupsafe import Markup

from registry.charts import geo
from registry.charts.map import BOTTOM, TOP
from registry.charts.svg import el, figure_svg, markup, num

#: The three states, as the page's table and legend name them (registry.pages.coverage).
STATES = {
    "records": "Has records",
    "nothing_found": "Searched, no record made",
    "not_researched": "Not yet researched",
}


def coverage_map(states: dict[str, str]) -> Markup:
    """`states` maps a country code to records | nothing_found | not_researched; others are not researched."""
    data = geo.countries()
    height = BOTTOM - TOP
    counts = {s: sum(1 for v in states.values() if v == s) for s in STATES}
    svg = figure_svg(
        "coverage-map",
        "World map of the registry's coverage",
        f"{counts['records']} countries have records; {counts['nothing_found']} were searched and no "
        "record was made (the table below says what each search covered); every other country has "
        "not been researched yet. The table below gives the same states.",
        geo.WIDTH,
        height,
    )
    svg.attrs["viewBox"] = f"0 {num(TOP)} {num(geo.WIDTH)} {num(height)}"
    svg.attrs["class"] = "chart map coverage-map"
    group = el("g", {"class": "countries"})
    for code, shape in data["countries"].items():
        if shape["bounds"][1] > BOTTOM:
            continue
        state = states.get(code, "not_researched")
        group.add(el("path", {"class": f"country coverage-{state}", "d": shape["d"]}))
    for shape in data["other"].values():
        group.add(el("path", {"class": "country coverage-not_researched", "d": shape["d"]}))
    for code, (x, y) in data["small"].items():
        state = states.get(code, "not_researched")
        if state != "not_researched":
            group.add(
                el("circle", {"class": f"country coverage-{state}", "cx": x, "cy": y, "r": 3}),
            )
    svg.add(group)
    return markup(svg)


__all__ = ["STATES", "coverage_map"]

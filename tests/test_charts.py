"""The pictures (registry/charts): well-formed SVG, honest markers, escaped names, golden files.

The fixture registry is five variants of tests/fixtures/entries/valid_full.yaml, made in
code so each one shows one thing: a street-level point, a city-level and a region-level
location, an unknown start, a country too small for the map's shapes, and hostile
organisation names. Golden files (tests/golden/pictures/) hold every picture of that
registry; `pytest --update-golden` rewrites them (review the diff like code).
"""

from __future__ import annotations

import copy
import difflib
import math
import os
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from registry.charts import bars, geo, locator, sharing, timeline
from registry.charts import map as world
from registry.charts.svg import el, render
from registry.loader import load_file
from registry.schema import Entry

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "pictures"
SVG = "{http://www.w3.org/2000/svg}"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'


def variant(base: dict[str, Any], **changes: Any) -> Entry:
    """valid_full with dotted-path changes (`place.country="FR"`), validated by the schema."""
    data = copy.deepcopy(base)
    for path, value in changes.items():
        *parents, last = path.split("__")
        node = data
        for key in parents:
            node = node[key]
        if value is None:
            node.pop(last, None)
        else:
            node[last] = value
    return Entry.model_validate(data)


@pytest.fixture(scope="module")
def fixture_entries() -> list[Entry]:
    base = dict(load_file(ROOT / "tests" / "fixtures" / "entries" / "valid_full.yaml").data)
    coords = lambda lat, lon, p: {"lat": lat, "lon": lon, "precision": p}  # noqa: E731
    return [
        variant(base),  # GB, street precision, ended, watchlist and a data flow
        variant(
            base,
            id="fr-fixture-city",
            place__country="FR",
            place__coordinates=coords("43.7034", "7.2663", "city"),
            timeline__status="active",
            timeline__start="2019",
            timeline__end=None,
        ),
        variant(
            base,
            id="us-fixture-region",
            place__country="US",
            place__coordinates=coords("40.71", "-74.0", "region"),
            timeline__status="unknown",
            timeline__start={"unknown": "not_found"},
            timeline__end=None,
        ),
        variant(
            base,
            id="sg-fixture-small",
            place__country="SG",
            place__coordinates=None,
            timeline__status="trial",
            timeline__start="2021-06",
            timeline__end=None,
        ),
        variant(
            base,
            id="de-fixture-hostile",
            place__country="DE",
            place__coordinates=None,
            operator__name=SCRIPT,
            title=f"Hostile {IMG}",
            watchlists=[{**base["watchlists"][0], "supplied_by": [IMG], "received_by": [SCRIPT]}],
            data_flows=[{**base["data_flows"][0], "supplier": SCRIPT, "recipient": IMG}],
        ),
    ]


def _locator_svg(entry: Entry) -> str:
    made = locator.locator(entry)
    return str(made.svg) if made is not None else ""


def shape_files(entries: list[Entry]) -> dict[str, str]:
    """The locators' shape files, by golden file name (`locator-<entry id>.shapes.svg`)."""
    made = {e.id: locator.locator(e) for e in entries}
    return {f"locator-{i}.shapes.svg": m.shapes.rstrip("\n") for i, m in made.items() if m is not None}


def pictures(entries: list[Entry]) -> dict[str, str]:
    """Every picture of a registry, by golden file name."""
    out = {
        "world-map.svg": world.world_map(entries, "/"),
        "timeline.svg": timeline.timeline_chart(entries),
        "sharing.svg": sharing.sharing_chart(sharing.sharing_edges(entries)),
        "chart-by-year.svg": bars.chart_by_year(entries),
        "chart-by-sector.svg": bars.chart_by_sector(entries),
        "chart-by-status.svg": bars.chart_by_status(entries),
    }
    for e in entries:
        out[f"locator-{e.id}.svg"] = _locator_svg(e)
    return {name: str(svg) for name, svg in out.items()}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_every_picture_is_well_formed_and_labelled(fixture_entries: list[Entry]) -> None:
    for name, svg in pictures(fixture_entries).items():
        if not svg:
            continue
        root = parse(svg)
        assert root.tag == f"{SVG}svg", name
        assert root.get("role") in {"img", "group"}, name
        ids = root.get("aria-labelledby", "").split()
        titles = {t.get("id"): (t.text or "") for t in root.iter() if t.get("id")}
        assert ids and all(titles.get(i) for i in ids), (
            f"{name}: aria-labelledby must name a title and a desc"
        )
        assert " style=" not in svg and "<script" not in svg and "<style" not in svg, name


def test_interactive_map_is_a_group_and_static_charts_are_images(fixture_entries: list[Entry]) -> None:
    """An `img` role makes children presentational, so the map of links must not be one."""
    assert parse(world.world_map(fixture_entries)).get("role") == "group"
    assert parse(bars.chart_by_status(fixture_entries)).get("role") == "img"
    assert parse(_locator_svg(fixture_entries[0])).get("role") == "img"


def _country_links(root: ET.Element) -> list[ET.Element]:
    """The map's links that focus and screen readers reach, in document order."""
    group = root.find(f"{SVG}g[@class='countries']")
    assert group is not None
    return list(group.iter(f"{SVG}a"))


def test_every_country_with_a_deployment_has_a_linked_shape(fixture_entries: list[Entry]) -> None:
    root = parse(world.world_map(fixture_entries, "/base/"))
    links = {a.get("href"): a for a in _country_links(root)}
    for code in {e.country for e in fixture_entries}:
        a = links.get(f"/base/countries/{code.lower()}/")
        assert a is not None, code
        assert a.get("aria-label", "").startswith(world.country_name(code) + ": 1 deployment")
        assert a.find(f"{SVG}title") is not None
        assert a.find(f"{SVG}path") is not None or a.find(f"{SVG}circle") is not None, code
    assert len(links) == len({e.country for e in fixture_entries})


def test_the_map_links_follow_the_country_names_as_the_table_does(fixture_entries: list[Entry]) -> None:
    """Tab went through the map by ISO code, shapes before dots (Germany, France, United
    Kingdom, United States, then Singapore); the table lists the countries by name."""
    root = parse(world.world_map(fixture_entries, "/"))
    names = [a.get("aria-label").split(":")[0] for a in _country_links(root)]
    assert names == ["France", "Germany", "Singapore", "United Kingdom", "United States"]
    # Singapore's dot is drawn again over every shape, out of the tab order and hidden from
    # screen readers, so that a neighbour later in the order cannot cover it.
    on_top = root.find(f"{SVG}g[@class='small-countries']")
    assert on_top is not None and on_top.get("aria-hidden") == "true"
    again = list(on_top.iter(f"{SVG}a"))
    assert [a.get("href") for a in again] == ["/countries/sg/"] and again[0].get("tabindex") == "-1"
    children = [g.get("class") for g in root if g.tag == f"{SVG}g"]
    assert children.index("small-countries") > children.index("countries")


@pytest.mark.parametrize("precision", ["city", "region"])
def test_a_coarse_location_is_never_drawn_as_a_point(precision: str) -> None:
    spec = world.PRECISIONS[precision]
    lat, lon = 51.53456, -0.12789  # written far more precisely than the entry knows it
    for view_width, px in ((geo.WIDTH, world.WORLD_PX), (20.0, world.LOCATOR_PX)):
        m = world.marker_for(lat, lon, precision, view_width, px)
        slat, slon = world.snap(lat, spec.grid), world.snap(lon, spec.grid)
        assert (m.cx, m.cy) == geo.project(slon, slat), "the centre is the centre of its grid cell"
        ground = abs(geo.project(slon, slat + spec.radius_km / world.KM_PER_DEGREE)[1] - m.cy)
        assert m.r >= ground and m.kind == "area"
        city = world.PRECISIONS["city"].radius_km / world.KM_PER_DEGREE
        assert m.r >= abs(geo.project(slon, slat + city)[1] - m.cy), "never smaller than a city's radius"
        # anywhere else in the same cell draws the same marker: the page reveals only the cell
        other = world.marker_for(
            math.floor(lat / spec.grid) * spec.grid + 1e-6, lon, precision, view_width, px
        )
        assert (other.cx, other.cy, other.r) == (m.cx, m.cy, m.r)


def test_markers_in_the_map_respect_each_entrys_precision(fixture_entries: list[Entry]) -> None:
    root = parse(world.world_map(fixture_entries))
    layers = {
        g.get("class"): list(g.iter(f"{SVG}circle"))
        for g in root.iter(f"{SVG}g")
        if (g.get("class") or "").startswith("marker ")
    }
    assert set(layers) == {"marker marker-point", "marker marker-area"}
    circles = [c for layer in layers.values() for c in layer]
    (point,), areas = layers["marker marker-point"], layers["marker marker-area"]
    assert all(float(a.get("r")) > float(point.get("r")) for a in areas)
    city = fixture_entries[1].place.coordinates
    expected = world.marker_for(city.lat, city.lon, "city", min_grid=world.WORLD_GRID)
    assert expected.r >= world.marker_for(city.lat, city.lon, "city").r
    assert any(
        abs(float(c.get("cx")) - expected.cx) < 0.06 and abs(float(c.get("cy")) - expected.cy) < 0.06
        for c in areas
    )
    raw = geo.project(city.lon, city.lat)
    assert not any(
        abs(float(c.get("cx")) - raw[0]) < 0.05 and abs(float(c.get("cy")) - raw[1]) < 0.05 for c in circles
    ), "the city entry's written coordinates are never drawn"


def test_hostile_organisation_names_are_only_escaped_text(fixture_entries: list[Entry]) -> None:
    for name, svg in pictures(fixture_entries).items():
        if not svg:
            continue
        root = parse(svg)
        tags = {node.tag.removeprefix(SVG) for node in root.iter()}
        assert not tags & {"script", "img", "foreignObject", "style", "iframe"}, name
        for node in root.iter():
            assert not any(k.lower().startswith("on") for k in node.attrib), name
        assert "<script" not in svg and "<img" not in svg, name
    shared = parse(sharing.sharing_chart(sharing.sharing_edges(fixture_entries)))
    texts = {"".join(n.itertext()) for n in shared.iter(f"{SVG}title")}
    assert any(IMG in t and SCRIPT in t for t in texts), "the names are shown, as text"


def test_the_builder_refuses_what_it_cannot_vouch_for() -> None:
    with pytest.raises(ValueError):
        el("script")
    with pytest.raises(ValueError):
        el("rect", {"onclick": "alert(1)"})
    with pytest.raises(ValueError):
        el("rect", {"style": "fill:red"})
    for href in ("javascript:alert(1)", "//evil.example/", "https://evil.example/"):
        with pytest.raises(ValueError):
            el("a", {"href": href})
    assert render(el("text", {"class": '"x'}, "<b>&")) == '<text class="&quot;x">&lt;b&gt;&amp;</text>'


def test_sharing_edges_and_flows(fixture_entries: list[Entry]) -> None:
    edges = sharing.sharing_edges(fixture_entries[:1])
    assert [(x.supplier, x.recipient, x.kind, x.records) for x in edges] == [
        ("Example Council", "Example Police", "data", ("gb-fixture-full",)),
        ("Example Police", "Example Council", "images", ("gb-fixture-full",)),
    ]
    supplied, received = sharing.flows_for("example police", edges)
    assert [x.recipient for x in supplied] == ["Example Council"]
    assert [x.supplier for x in received] == ["Example Council"]


def test_timeline_bars_are_honest_about_dates(fixture_entries: list[Entry]) -> None:
    full, city, region, small, _ = fixture_entries
    bar = timeline.bar_of(city)  # started "2019", still active
    assert (bar.start.isoformat(), bar.solid_from.isoformat()) == ("2019-01-01", "2019-12-31")
    assert bar.open_end
    ended = timeline.bar_of(full)  # 2020-01-15 to 2021-01: the end month is uncertain
    assert (ended.solid_to.isoformat(), ended.end.isoformat()) == ("2021-01-01", "2021-01-31")
    assert timeline.bar_of(region) is None
    unknown = city.model_copy(update={"timeline": city.timeline.model_copy(update={"status": "unknown"})})
    fading = timeline.bar_of(unknown)  # status unknown: certain to its start, no arrow
    assert (fading.open_end, fading.fading_end, fading.solid_to) == (False, True, bar.solid_from)
    assert (bar.started, ended.started) == ("2019", "15 January 2020")  # as the sources give it
    newest, undated = timeline.newest_bars(fixture_entries)
    assert [e.id for e in undated] == ["us-fixture-region"]


def _with_timeline(entry: Entry, ident: str, title: str, **timeline_fields: str) -> Entry:
    """`entry` renamed, its timeline changed (dates as the YAML writes them), revalidated; with
    no oversight, so that the picture's years are the timeline's alone."""
    data = entry.model_dump(mode="json", exclude_none=True)
    for oversight in ("events", "investigations", "litigation"):
        data.pop(oversight, None)
    data["id"], data["title"] = ident, title
    data["timeline"].pop("end", None)
    data["timeline"].pop("periods", None)
    data["timeline"].update(timeline_fields)
    return Entry.model_validate(data)


def _bar_group(svg: str, title: str) -> ET.Element:
    """The bar of the deployment titled `title`."""
    for g in parse(svg).iter(f"{SVG}g"):
        tip = g.find(f"{SVG}title")
        if "deployment" in (g.get("class") or "") and tip is not None and tip.text.startswith(title):
            return g
    raise AssertionError(f"no bar for {title}")


def test_an_open_bar_stops_at_its_status_date(fixture_entries: list[Entry]) -> None:
    """/timeline/ drew "Moscow Metro Face Pay" (active as of 2021-10) solid to the chart's right
    edge, December 2026, with an arrow, and "Project NOLA" (paused as of 2025-05) the same: the
    records say nothing after their status dates, and a paused one only its start for certain
    (vocab.IN_USE_STATUSES). The solid part now stops at the status date, where the arrow is."""
    full, city, *_ = fixture_entries
    moscow = _with_timeline(city, "ru-moscow", "Moscow Metro Face Pay", start="2021-10", as_of="2021-10")
    nola = _with_timeline(city, "us-nola", "Project NOLA", status="paused", start="2023", as_of="2025-05")
    later = _with_timeline(
        city, "gb-later", "Later", status="ended", start="2024", end="2026-12", as_of="2026-12"
    )
    bar = timeline.bar_of(moscow)
    assert (bar.open_end, bar.solid_to.isoformat(), bar.end.isoformat()) == (True, "2021-10-31", "2021-10-31")
    paused = timeline.bar_of(nola)
    assert (paused.open_end, paused.fading_end, paused.solid_to.isoformat(), paused.end.isoformat()) == (
        False,
        True,
        "2023-12-31",
        "2025-05-31",
    )
    svg = str(timeline.timeline_chart([moscow, nola, later]))
    day0, days = date(2021, 1, 1), (date(2027, 1, 1) - date(2021, 1, 1)).days
    plot_w = timeline.WIDTH - timeline.LABEL_W - timeline.RIGHT

    def x(d: date) -> float:
        return timeline.LABEL_W + plot_w * (d - day0).days / days

    g = _bar_group(svg, "Moscow Metro Face Pay")
    assert g.find(f"{SVG}title").text == "Moscow Metro Face Pay: from October 2021; active as of October 2021"
    span = g.find(f"{SVG}rect[@class='span']")
    assert float(span.get("x")) + float(span.get("width")) == pytest.approx(x(date(2021, 10, 31)), abs=0.1)
    arrow = g.find(f"{SVG}polygon")
    assert float(arrow.get("points").split(",")[0]) == pytest.approx(x(date(2021, 10, 31)), abs=0.1)
    g = _bar_group(svg, "Project NOLA")
    assert g.find(f"{SVG}title").text == "Project NOLA: from 2023; paused as of May 2025"
    assert g.find(f"{SVG}polygon") is None and g.find(f"{SVG}rect[@class='span']") is None
    fading = g.find(f"{SVG}rect[@class='fading']")
    assert float(fading.get("x")) + float(fading.get("width")) == pytest.approx(x(date(2025, 5, 31)), abs=0.1)
    assert (
        "an arrow ends the bar of a deployment active or on trial at the date its status was last known "
        "(nothing after that date is drawn), a fading end one certain only at its start: ended at a date "
        "nobody has published, or paused, planned, blocked or of unknown status."
    ) in svg


def test_an_ended_bars_tooltip_names_the_end_it_draws(fixture_entries: list[Entry]) -> None:
    """Kmart's bar stops at 15 July 2022, its record's end, and its tooltip read "from 20 June
    2020; ended as of September 2025" (Foodstuffs': "ended as of June 2025" over a bar that ends
    in September 2024): the status date read as where the bar ends. The tooltip now names the
    end it draws, and gives a status date only where the bar runs to it, or where a status
    other than ended would read as today's."""
    _, city, *_ = fixture_entries
    kmart = _with_timeline(
        city, "au-kmart", "Kmart", status="ended", start="2020-06-20", end="2022-07-15", as_of="2025-09"
    )
    final = _with_timeline(city, "gb-final", "Final", status="ended", start="2017-06-03", end="2017-06-03")
    festival = _with_timeline(city, "gb-festival", "Festival", status="ended", start="2015-06", end="2015-06")
    paused = _with_timeline(
        city, "ar-srfp", "SRFP", status="paused", start="2019-04", end="2020-03", as_of="2022-07"
    )
    svg = str(timeline.timeline_chart([kmart, final, festival, paused]))
    tips = {t: _bar_group(svg, t).find(f"{SVG}title").text for t in ("Kmart", "Final", "Festival", "SRFP")}
    assert tips == {
        "Kmart": "Kmart: from 20 June 2020 to 15 July 2022; ended",
        "Final": "Final: on 3 June 2017; ended",
        "Festival": "Festival: in June 2015; ended",
        "SRFP": "SRFP: from April 2019 to March 2020; paused as of July 2022",
    }


def test_the_small_country_has_a_dot_and_a_locator(fixture_entries: list[Entry]) -> None:
    small = fixture_entries[3]
    assert small.country not in geo.countries()["countries"]
    root = parse(_locator_svg(small))
    assert any("here" in (c.get("class") or "") for c in root.iter(f"{SVG}circle"))


def test_simplifying_keeps_every_point_a_pixel_off_the_outline_and_drops_specks() -> None:
    """A locator is about 300 pixels wide: points within a pixel of the outline only add bytes."""
    wobbly = [(0.0, 0.0), (5.0, 0.3), (10.0, 0.0), (10.0, 10.0), (5.0, 9.0), (0.0, 10.0)]
    assert geo.simplify_rings([wobbly], 0.5) == [
        [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (5.0, 9.0), (0.0, 10.0)]
    ]
    assert geo.simplify_rings([wobbly], 1.5) == [[(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]]
    speck = [(0.0, 0.0), (0.2, 0.0), (0.2, 0.1), (0.1, 0.2), (0.0, 0.1)]
    assert geo.simplify_rings([speck, wobbly], 0.5)[0] == geo.simplify_rings([wobbly], 0.5)[0]
    assert len(geo.simplify_rings([speck], 0.5)) == 0
    assert geo.path_data([[(0.0, 0.0), (12.34, 0.0), (12.34, 5.66)]], step=10) == "M0 0l12 0 0 6z"


def test_pictures_match_the_golden_files(fixture_entries: list[Entry], update_golden: bool) -> None:
    # one element per line, so a diff shows what moved
    drawn = pictures(fixture_entries) | shape_files(fixture_entries)
    made = {name: svg.replace("><", ">\n<") for name, svg in drawn.items()}
    if update_golden:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for old in GOLDEN.glob("*.svg"):
            old.unlink()
        for name, svg in made.items():
            (GOLDEN / name).write_text(svg + "\n", encoding="utf-8")
    problems = []
    for name, svg in made.items():
        expected = (GOLDEN / name).read_text(encoding="utf-8") if (GOLDEN / name).exists() else ""
        if expected != svg + "\n":
            diff = difflib.unified_diff(
                expected.splitlines(), (svg + "\n").splitlines(), "golden", "made", lineterm="", n=1
            )
            problems.append(f"{name}:\n" + "\n".join(list(diff)[:20]))
    assert not problems, "pictures changed; if intended, run `pytest --update-golden`:\n" + "\n".join(
        problems
    )


def test_a_locator_draws_its_shapes_from_a_file_named_by_its_content(fixture_entries: list[Entry]) -> None:
    """The page carries the title, the description and the marker; the shapes are one file a
    browser fetches once for every entry of the country."""
    entry = next(e for e in fixture_entries if e.country == "GB")
    made = locator.locator(entry, "/base/")
    assert made is not None and made.file.startswith("gb-") and made.file.endswith(".svg")
    root = parse(str(made.svg))
    uses = {u.get("class"): u.get("href") for u in root.iter(f"{SVG}use")}
    assert uses == {
        "land": f"/base/assets/locators/{made.file}#land",
        "here": f"/base/assets/locators/{made.file}#here",
    }
    assert root.find(f"{SVG}path") is None, "no shape is left in the page"
    shapes = parse(made.shapes)
    groups = {g.get("id"): g for g in shapes.iter(f"{SVG}g")}
    assert set(groups) == {"land", "here"} and len(groups["here"]) == 1 and len(groups["land"]) > 1
    assert all(set(p.attrib) == {"d"} for p in shapes.iter(f"{SVG}path")), "colour comes from the <use>"
    base = dict(load_file(ROOT / "tests" / "fixtures" / "entries" / "valid_full.yaml").data)
    far = {"lat": "30.0", "lon": "-20.0", "precision": "city"}  # outside the view of Great Britain
    moved = locator.locator(variant(base, place__coordinates=far))
    assert moved is not None and moved.file != made.file, "another view is another file"


def test_the_same_registry_makes_the_same_bytes(fixture_entries: list[Entry]) -> None:
    assert pictures(fixture_entries) == pictures(list(reversed(fixture_entries)))


def test_names_equal_but_for_case_are_drawn_in_one_order_whatever_the_hash_seed() -> None:
    """Python hashes strings with a new seed in every process, so anything sorted from a set by
    a key that ties ("Straße Police" and "STRASSE Police" casefold alike) came out in either
    order: the same commit built two sharing pages. Real processes with different seeds."""
    import subprocess
    import sys

    program = (
        "from registry.charts.sharing import Edge, _side\n"
        "names = ['Straße Police', 'STRASSE Police', 'strasse police', 'Met']\n"
        "edges = [Edge(n, 'Operator', 'images', ('gb-x',)) for n in names]\n"
        "print(_side(edges, 'supplier')[0])\n"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", program],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(8)
    }
    assert seen == {"['Met', 'STRASSE Police', 'Straße Police', 'strasse police']\n"}


def test_slots_are_filled_only_where_our_templates_put_them() -> None:
    from markupsafe import Markup, escape

    from registry.errors import InternalError
    from registry.postbuild.pictures import fill_slots

    slot = '<div class="picture-slot" data-picture="timeline"></div>'
    made = fill_slots(f"<p>{slot}</p>", {"timeline": lambda: Markup("<svg></svg>")}, "page")
    assert made == "<p><svg></svg></p>"
    # a contributor who writes the slot gets escaped text, which is never a slot
    written = f"<p>{escape(slot)}</p>"
    assert fill_slots(written, {"timeline": lambda: Markup("<svg></svg>")}, "page") == written
    with pytest.raises(InternalError):
        fill_slots(slot.replace("timeline", "unknown"), {}, "page")

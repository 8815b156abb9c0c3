#!/usr/bin/env python3
"""Benchmark of the pictures at registry scale: time to make them, and the pages' weight.

    python scripts/bench_pictures.py [--entries 10000] [--seed 7]

Entries come from `scripts/make_synthetic.py` (`synth_entry`), validated into `Entry`
objects in memory (no git, no MkDocs: this measures the pictures alone). The synthetic
generator writes no coordinates, so this script adds them, seeded: most city-level, some
region, site, street and exact, around a point in each country, which is the worst case
for the markers (the real registry has few coordinates).

Targets (issue 7): all site pictures made in under 2 seconds, the map page under 500 KB.
The page weights are of our HTML (template + SVG); MkDocs' theme adds about 20 KB to each.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from make_synthetic import synth_entry  # noqa: E402

from registry.charts import bars, locator, sharing, timeline  # noqa: E402
from registry.charts import map as world  # noqa: E402
from registry.pages import pictures as pages  # noqa: E402
from registry.render import make_environment  # noqa: E402
from registry.schema import Entry  # noqa: E402

#: A point in each synthetic country (latitude, longitude), to scatter coordinates around.
CENTRES = {
    "GB": (52.5, -1.5),
    "US": (39.0, -96.0),
    "IN": (22.0, 79.0),
    "FR": (46.5, 2.5),
    "DE": (51.0, 10.0),
    "BR": (-14.0, -51.0),
    "AU": (-25.0, 134.0),
    "CN": (34.0, 104.0),
    "RU": (56.0, 40.0),
    "NL": (52.2, 5.3),
    "IT": (42.8, 12.5),
    "ES": (40.2, -3.7),
    "CA": (50.0, -100.0),
    "AR": (-34.0, -64.0),
    "MX": (23.0, -102.0),
    "ZA": (-29.0, 25.0),
    "JP": (36.0, 138.0),
    "KR": (36.5, 127.8),
    "SE": (60.0, 15.0),
    "IE": (53.3, -8.0),
    "AE": (24.0, 54.0),
    "SG": (1.35, 103.8),
    "NZ": (-41.0, 174.0),
    "PL": (52.0, 19.0),
    "TR": (39.0, 35.0),
}
PRECISION_MIX = (("city", 60), ("region", 15), ("site", 15), ("street", 6), ("exact", 4))


def make_entries(n: int, seed: int) -> list[Entry]:
    rng = random.Random(seed)
    entries = []
    for i in range(1, n + 1):
        data = synth_entry(i, seed)
        lat0, lon0 = CENTRES.get(data["place"]["country"], (0.0, 0.0))
        precision = rng.choices([p for p, _ in PRECISION_MIX], [w for _, w in PRECISION_MIX])[0]
        data["place"]["coordinates"] = {
            "lat": f"{lat0 + rng.uniform(-3, 3):.5f}",
            "lon": f"{lon0 + rng.uniform(-4, 4):.5f}",
            "precision": precision,
        }
        entries.append(Entry.model_validate(data))
    return entries


def timed(label: str, make, results: dict) -> object:
    start = time.perf_counter()
    value = make()
    results[label] = time.perf_counter() - start
    return value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    start = time.perf_counter()
    entries = make_entries(args.entries, args.seed)
    print(f"{len(entries):,} synthetic entries made in {time.perf_counter() - start:.1f} s (not counted)")

    t: dict[str, float] = {}
    svg = {
        "world map": timed("world map", lambda: world.world_map(entries), t),
        "timeline": timed("timeline", lambda: timeline.timeline_chart(entries), t),
        "sharing": timed("sharing", lambda: sharing.sharing_chart(sharing.sharing_edges(entries)), t),
        "by year": timed("by year", lambda: bars.chart_by_year(entries), t),
        "by sector": timed("by sector", lambda: bars.chart_by_sector(entries), t),
        "by status": timed("by status", lambda: bars.chart_by_status(entries), t),
    }
    locators = timed("locators", lambda: [locator.locator(e) for e in entries], t)
    site_total = sum(v for k, v in t.items() if k != "locators")

    env = make_environment(ROOT)
    html = {
        "map": env.get_template("pictures/map.html.j2").render(u="/", **pages.map_context(entries)),
        "timeline": env.get_template("pictures/timeline.html.j2").render(
            u="/", **pages.timeline_context(entries)
        ),
        "sharing": env.get_template("pictures/sharing.html.j2").render(
            u="/", **pages.sharing_context(entries)
        ),
    }
    sharing_page = len(html["sharing"].encode()) + len(str(svg["sharing"]).encode())
    map_page = len(html["map"].encode()) + len(str(svg["world map"]).encode())
    timeline_page = len(html["timeline"].encode()) + len(str(svg["timeline"]).encode())
    sizes = [len(str(x).encode()) for x in locators if x is not None]

    print("\nTime to make (seconds)")
    for label, seconds in t.items():
        print(
            f"  {label:<11} {seconds:6.3f}  ({len(str(svg.get(label, ''))) / 1024:,.1f} KB)"
            if label != "locators"
            else f"  {label:<11} {seconds:6.3f}  ({len(entries):,} entry pages)"
        )
    print(f"  {'site total':<11} {site_total:6.3f}  (target < 2 s: {'ok' if site_total < 2 else 'MISSED'})")
    print("\nPage weight (our HTML + SVG; the theme adds about 20 KB)")
    verdict = "ok" if map_page < 500 * 1024 else "MISSED"
    print(f"  map page       {map_page / 1024:8.1f} KB (target < 500 KB: {verdict})")
    print(f"  timeline page  {timeline_page / 1024:8.1f} KB")
    print(f"  sharing page   {sharing_page / 1024:8.1f} KB")
    print(
        f"  locator        {sum(sizes) / max(len(sizes), 1) / 1024:8.1f} KB on average, "
        f"{max(sizes, default=0) / 1024:.1f} KB at most"
    )
    ok = site_total < 2 and map_page < 500 * 1024
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

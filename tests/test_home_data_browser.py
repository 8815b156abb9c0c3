"""The home page, /data/, the timeline and the sharing graph (issue 15, items 10 and 7's
legend), in Chromium at 1280 and 390 px with axe."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from browser import assert_accessible, assert_no_sideways_scroll, assert_only_origin

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ROOT = Path(__file__).resolve().parent.parent

#: The colour a reader sees for an SVG shape: its fill blended at its fill-opacity over white.
SEEN = """e => { const s = getComputedStyle(e); const rgb = s.fill.match(/[\\d.]+/g).map(Number);
  const a = (rgb.length > 3 ? rgb[3] : 1) * Number(s.fillOpacity);
  return rgb.slice(0, 3).map(c => c * a + 255 * (1 - a)); }"""


def _luminance(rgb: list[float]) -> float:
    def linear(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = map(linear, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_the_home_charts_keep_their_captions_whole_and_fold_their_tables(
    sized_page: Any, built_site_url: str
) -> None:
    page = sized_page
    page.goto(built_site_url + "/")
    caption = page.locator(".home-charts figure").first.locator("figcaption")
    assert caption.inner_text().startswith("Deployments by the year they started")
    lines = caption.evaluate(
        "e => Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight))"
    )
    assert lines <= 3, f"the caption wraps into {lines} lines"
    tables = page.locator(".home-charts .picture-table")
    assert tables.count() == 3 and not any(t.is_visible() for t in tables.all()), "folded under the charts"
    page.locator(".home-charts summary").first.click()
    assert tables.first.is_visible() and tables.first.locator("tbody tr").count() > 3
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    assert_only_origin(page.requests, built_site_url)


def test_the_home_map_has_a_legend_whose_lightest_shade_is_not_none(page: Any, built_site_url: str) -> None:
    page.goto(built_site_url + "/")
    legend = page.locator(".home-pictures .map-legend")
    assert legend.is_visible()
    assert legend.locator("li").first.inner_text().strip() == "none"
    assert legend.locator("li").nth(1).inner_text().strip() == "1"
    none = page.locator("svg.map .country.shade-0").first.evaluate(SEEN)
    lightest = page.locator("svg.map .shade-1").first.evaluate(SEEN)
    ratio = (_luminance(none) + 0.05) / (_luminance(lightest) + 0.05)
    assert ratio >= 1.5, f"the lightest shade is too close to 'none': {ratio:.2f}:1"


def test_the_sharing_graph_says_what_solid_and_dashed_mean(sized_page: Any, built_site_url: str) -> None:
    page = sized_page
    page.goto(built_site_url + "/sharing/")
    legend = page.locator("figure .map-legend")
    assert legend.is_visible()
    assert (
        legend.locator(".swatch.edge-images").evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"
    )
    assert legend.locator(".swatch.edge-data").evaluate("e => getComputedStyle(e).borderTopStyle") == "dashed"
    assert "solid: images" in legend.inner_text() and "dashed: other data" in legend.inner_text()
    assert page.locator("svg .edge-data").count() > 0, "the dashed curves the legend explains"
    assert_no_sideways_scroll(page)
    assert_accessible(page)


def test_the_timeline_says_how_many_deployments_it_draws(page: Any, built_site_url: str) -> None:
    page.goto(built_site_url + "/timeline/")
    intro = page.locator("article p").first.inner_text()
    stated = re.search(r"The picture draws (?:all|the) (\d+)", intro)
    assert stated, intro
    assert int(stated.group(1)) == page.locator("svg.chart .deployment").count()


def test_the_data_page_tables_are_styled_and_names_never_break(sized_page: Any, built_site_url: str) -> None:
    page = sized_page
    page.goto(built_site_url + "/data/")
    phone = page.viewport_size["width"] < 600
    for table in ("table.data-files", "table.data-columns"):
        # Rules between rows: under each cell, or under each row where a phone stacks the cells.
        ruled = f"{table} tbody tr" if phone else f"{table} td"
        assert page.locator(ruled).first.evaluate("e => getComputedStyle(e).borderBottomStyle") == "solid", (
            table
        )
    names = page.locator("table.data-columns td:first-child code")
    assert names.count() > 20
    if not phone:
        broken = names.evaluate_all(
            "els => els.filter(e => e.getClientRects().length > 1).map(e => e.textContent)"
        )
        assert broken == [], "column names break mid-word"
    paths = page.locator("table.data-files td:first-child code")
    for text, lines in paths.evaluate_all("els => els.map(e => [e.textContent, e.getClientRects().length])"):
        assert lines <= text.count("/") + 1, text
    assert "65001" in page.locator("#conventions + ul").inner_text(), "how to open the CSV in Excel"
    assert_no_sideways_scroll(page)
    assert_accessible(page)


def test_the_maps_draw_markers_at_the_precision_they_know(sized_page: Any, built_site_url: str) -> None:
    """Records without coordinates are drawn at their city (a circle: known to the city only);
    the map page says where each marker comes from; the entry's locator says it in words."""
    page = sized_page
    page.goto(built_site_url + "/")
    assert page.locator("svg.map .marker-area circle").count() > 0, "the home map draws its markers"
    assert page.locator(".home-pictures .map-legend .swatch.marker-area").is_visible()
    page.goto(built_site_url + "/map/")
    circles = page.locator("svg.map .marker-area circle")
    assert circles.count() > 0
    assert "location known to a city only" in circles.first.locator("title").text_content()
    where = page.locator("#map-locations + p + ul").inner_text()
    assert re.search(r"At their city, from the gazetteer: [1-9]", where), where
    assert "Known to the country only:" in where
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    page.goto(built_site_url + "/deployments/gb-kings-cross-argent/")
    caption = page.locator("figure.locator figcaption").inner_text()
    assert caption.startswith("United Kingdom; marked at London, its city: its sources give no coordinates")
    assert page.locator("figure.locator svg .marker-area").count() == 1
    assert_only_origin(page.requests, built_site_url)

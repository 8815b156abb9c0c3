"""The pictures in a real headless Chromium: one origin, no errors, no serious axe finding.

Uses the session's built site of the fixture registry (`built_site` in conftest.py), where the
post-build step has put every SVG into its slot.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from browser import assert_only_origin, describe_violations, run_axe, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PAGES = ["/", "/map/", "/timeline/", "/sharing/", "/deployments/gb-kings-cross-argent/"]


@pytest.mark.parametrize("path", PAGES)
def test_picture_pages_stay_on_one_origin_and_pass_axe(page: Any, built_site_url: str, path: str) -> None:
    page.goto(built_site_url + path)
    assert page.locator("svg.chart").count() >= 1, "the picture was put into its slot"
    assert page.locator(".picture-slot").count() == 0, "no slot is left empty"
    serious = serious_violations(run_axe(page))
    assert not serious, describe_violations(serious)
    assert_only_origin(page.requests, built_site_url)
    assert page.console_errors == []


def test_every_svg_in_the_built_pages_is_well_formed(built_site: Path) -> None:
    for rel in PAGES:
        html = (built_site / rel.strip("/") / "index.html").read_text(encoding="utf-8")
        start = html.find("<svg xmlns=")
        assert start != -1, rel
        while start != -1:
            end = html.index("</svg>", start) + len("</svg>")
            ET.fromstring(html[start:end])
            start = html.find("<svg xmlns=", end)


def test_a_country_shows_its_name_and_counts_on_keyboard_focus(page: Any, built_site_url: str) -> None:
    page.goto(built_site_url + "/map/")
    link = page.locator('svg.map a[href$="/countries/gb/"]')
    label = link.get_attribute("aria-label")
    assert label.startswith("United Kingdom: ") and "deployments" in label
    info = link.locator(".map-info")
    assert info.evaluate("n => getComputedStyle(n).visibility") == "hidden"
    link.focus()
    assert info.evaluate("n => getComputedStyle(n).visibility") == "visible"
    page.keyboard.press("Enter")
    page.wait_for_url("**/countries/gb/")
    assert_only_origin(page.requests, built_site_url)


def test_the_map_table_lists_every_country_with_a_link(page: Any, built_site_url: str) -> None:
    page.goto(built_site_url + "/map/")
    linked = set(page.locator("svg.map a").evaluate_all("as => as.map(a => a.getAttribute('href'))"))
    in_table = set(
        page.locator("#map-table ~ table th a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    )
    assert linked and linked <= in_table


def test_the_locator_draws_its_shapes_from_their_file_in_the_page_colours(
    page: Any, built_site_url: str
) -> None:
    page.goto(built_site_url + "/deployments/gb-kings-cross-argent/")
    page.wait_for_load_state("networkidle")
    shapes = [u for u in page.requests if "/assets/locators/gb-" in u]
    assert len(shapes) == 1, "one file for both <use>, fetched from the site itself"
    here = page.locator("figure.locator svg use.here")
    box = here.evaluate("u => { const b = u.getBBox(); return [b.width, b.height]; }")
    assert box[0] > 5 and box[1] > 5, "the highlighted country was drawn"
    fill = here.evaluate("u => getComputedStyle(u.instanceRoot ? u.instanceRoot : u).fill")
    land = page.locator("figure.locator svg use.land").evaluate("u => getComputedStyle(u).fill")
    assert fill != land, "the country stands out from its neighbours"
    assert_only_origin(page.requests, built_site_url)
    assert page.console_errors == []


def test_tab_goes_through_the_map_in_the_order_of_the_table(page: Any, built_site_url: str) -> None:
    """By ISO code, Tab went from the United Arab Emirates to Afghanistan, and Switzerland
    came after Canada; the table lists the countries by name."""
    page.goto(built_site_url + "/map/")
    in_table = page.locator("#map-table ~ table th a").evaluate_all(
        "as => as.map(a => a.getAttribute('href'))"
    )
    on_map = page.locator("svg.map .countries a").count()
    page.locator("svg.map a").first.focus()
    reached = [page.evaluate("() => document.activeElement.getAttribute('href')")]
    for _ in range(on_map):  # every country on the map, then the next stop after it
        page.keyboard.press("Tab")
        reached.append(page.evaluate("() => document.activeElement.getAttribute('href')"))
    assert on_map > 1 and reached[:on_map] == [href for href in in_table if href in reached[:on_map]]
    assert len(set(reached[:on_map])) == on_map
    assert not page.evaluate("() => !!document.activeElement.closest('svg.map')"), "no copy takes the focus"
    assert page.console_errors == []


def test_a_screen_reader_hears_the_locators_place_once(page: Any, built_site_url: str) -> None:
    """The locator was named "Location: United Kingdom, marked at London, ..." and then its
    caption said the same: the picture now names what it draws, the caption where it is."""
    page.goto(built_site_url + "/deployments/gb-kings-cross-argent/")
    caption = page.locator("figure.locator figcaption").inner_text()
    where = caption.split(". World map")[0]
    assert "United Kingdom" in where
    picture = page.get_by_role("img", name="Locator map", exact=True)
    assert picture.count() == 1
    tree = page.locator("figure.locator").aria_snapshot()
    inside = tree.split("\n", 1)[1]  # the figure's children, without its name (its caption)
    assert inside.count("United Kingdom") == 1, tree
    assert picture.evaluate("svg => svg.querySelector('desc').textContent").startswith(
        "The country highlighted"
    )

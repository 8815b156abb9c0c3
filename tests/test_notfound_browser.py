"""The 404 page, as static hosts serve it for an address that is not there (issue 15, item 2):
the site's header, a search box, a link to browse and, for a mistyped record address, the
closest published ids. At 1280 and 390 px, with axe, and no request to another origin."""

from __future__ import annotations

from typing import Any

import pytest
from browser import assert_accessible, assert_no_sideways_scroll, assert_only_origin

pytestmark = [pytest.mark.browser, pytest.mark.slow]
KINGS_CROSS = "gb-kings-cross-argent"


def _errors_beside_the_404(page: Any) -> list[str]:
    return [e for e in page.console_errors if "status of 404" not in e]


def test_a_mistyped_record_address_offers_the_closest_ids(sized_page: Any, built_site_url: str) -> None:
    page = sized_page
    response = page.goto(f"{built_site_url}/deployments/gb-kings-cros-argnet/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert page.locator(".md-header").is_visible(), "the site's own header"
    nearby = page.locator("#notfound-ids a")
    nearby.first.wait_for()
    assert nearby.first.inner_text() == KINGS_CROSS
    assert page.get_by_role("heading", name="Records with a similar address").is_visible()
    assert page.get_by_label("Search the registry", exact=True).nth(1).input_value() == "gb kings cros argnet"
    assert page.get_by_role("link", name="Browse all deployments").get_attribute("href") == "/deployments/"
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    assert [u for u in page.requests if u.endswith("/assets/deployment-ids.txt")], "the id list was read"
    nearby.first.click()
    page.wait_for_url(f"**/deployments/{KINGS_CROSS}/")
    assert_only_origin(page.requests, built_site_url)
    assert _errors_beside_the_404(page) == []


def test_the_404_search_box_searches(page: Any, built_site_url: str) -> None:
    page.goto(f"{built_site_url}/no/such/page/")
    assert page.locator("#notfound-nearby").is_hidden(), "no ids offered outside /deployments/"
    assert not [u for u in page.requests if "deployment-ids" in u], "nor the list fetched"
    page.fill("#notfound-q", "King's Cross")
    page.press("#notfound-q", "Enter")
    page.wait_for_url("**/search/?q=King*")
    page.locator(".pagefind-ui__result").first.wait_for(timeout=10_000)
    assert_only_origin(page.requests, built_site_url)


def test_an_address_nothing_resembles_offers_search_and_browse(page: Any, built_site_url: str) -> None:
    page.goto(f"{built_site_url}/deployments/zz-nothing-at-all-like-this/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#notfound-nearby").is_hidden()
    assert page.locator("#notfound-q").input_value() == "zz nothing at all like this"
    assert _errors_beside_the_404(page) == []


def test_a_cut_escape_in_the_address_still_offers_the_closest_ids(page: Any, built_site_url: str) -> None:
    """`/deployments/kings-cross%E0%A4%A/` threw "URI malformed" and offered nothing."""
    page.goto(f"{built_site_url}/deployments/gb-kings-cros-argnet%E0%A4%A/")
    nearby = page.locator("#notfound-ids a")
    nearby.first.wait_for()
    assert nearby.first.inner_text() == KINGS_CROSS
    assert _errors_beside_the_404(page) == []


def test_without_javascript_the_404_still_offers_search_and_browse(
    no_js_page: Any, built_site_url: str
) -> None:
    page = no_js_page
    page.goto(f"{built_site_url}/deployments/gb-kings-cros/")
    assert page.locator("form[role=search] #notfound-q").is_visible()
    assert page.get_by_role("link", name="Browse all deployments").is_visible()
    assert page.locator("#notfound-nearby").is_hidden()

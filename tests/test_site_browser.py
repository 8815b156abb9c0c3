"""The built site in a real headless Chromium: search, filters, source links, privacy, accessibility.

The site is the real entries/, built once per session (`built_site` in conftest.py) and
served on 127.0.0.1. Every test asserts that no request left the site's origin and that
the page logged no error (a CSP violation is one).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import assert_only_origin, describe_violations, run_axe, serious_violations, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]
KINGS_CROSS = "/deployments/gb-kings-cross-argent/"


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


def _clean(page: Any, base_url: str) -> None:
    assert_only_origin(page.requests, base_url)
    assert page.console_errors == []


def test_search_from_the_home_page_reaches_the_entry(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    page.fill("#registry-search-q", "King's Cross")
    page.press("#registry-search-q", "Enter")
    page.wait_for_url("**/search/?q=*")
    result = page.locator(".pagefind-ui__result-link", has_text="King's Cross Estate").first
    result.wait_for(timeout=10_000)
    result.click()
    page.wait_for_url(f"**{KINGS_CROSS}")
    assert page.locator("h1#gb-kings-cross-argent").is_visible()
    assert any("/pagefind/" in url for url in page.requests), "the search ran on Pagefind's index"
    _clean(page, base_url)


def test_search_filters_by_country(page: Any, base_url: str) -> None:
    page.goto(base_url + "/search/?q=police")
    page.locator(".pagefind-ui__result").first.wait_for(timeout=10_000)
    filters = page.locator(".pagefind-ui__filter-name").all_inner_texts()
    for name in ("country", "status", "operator kind", "vendor", "year"):
        assert any(name in f.lower() for f in filters), filters
    _clean(page, base_url)


def test_filter_the_deployments_table_by_country(page: Any, base_url: str) -> None:
    page.goto(base_url + "/deployments/")
    rows = page.locator("#deployments-table tbody tr")
    total = rows.count()
    assert page.locator("#deployment-filters").is_visible()
    page.select_option("#filter-country", "GB")
    visible = page.locator("#deployments-table tbody tr:not([hidden])")
    shown = visible.count()
    assert 0 < shown < total
    assert set(visible.evaluate_all("rows => rows.map(r => r.dataset.country)")) == {"GB"}
    assert page.inner_text("#filter-count") == f"Showing {shown} of {total} deployments."
    page.select_option("#filter-country", "")
    assert page.locator("#deployments-table tbody tr:not([hidden])").count() == total
    _clean(page, base_url)


def test_the_table_works_without_javascript(browser: Any, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + "/deployments/")
        assert page.locator("#deployments-table tbody tr").count() > 10
        assert not page.locator("#deployment-filters").is_visible(), "dead controls are hidden"
    finally:
        context.close()


def test_follow_a_claim_to_its_source(page: Any, base_url: str) -> None:
    page.goto(base_url + KINGS_CROSS)
    page.locator('#facts a.cite[href="#source-s3"]').first.click()
    page.wait_for_url("**#source-s3")
    source = page.locator("#source-s3")
    assert source.is_visible() and source.evaluate("el => el.matches(':target')")
    assert "Silicon UK" in source.inner_text()
    _clean(page, base_url)


@pytest.mark.parametrize(
    "path", ["/", "/deployments/", KINGS_CROSS, "/search/?q=police"], ids=["home", "table", "entry", "search"]
)
def test_no_serious_accessibility_violation(page: Any, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    if path.startswith("/search/"):
        page.locator(".pagefind-ui__result").first.wait_for(timeout=10_000)
    assert page.evaluate("document.documentElement.lang") == "en"
    violations = serious_violations(run_axe(page))
    assert not violations, describe_violations(violations)
    _clean(page, base_url)

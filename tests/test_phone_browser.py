"""Phones (issue 15, item 3): at 390 px no page scrolls sideways, the header's title is whole,
and axe finds nothing serious, on every kind of page of the built site."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser import assert_accessible, assert_no_sideways_scroll, assert_only_origin

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PAGES = [
    "/",
    "/deployments/",
    "/deployments/gb-kings-cross-argent/",
    "/data/",
    "/map/",
    "/timeline/",
    "/sharing/",
    "/search/?q=police",
    "/changes/",
    "/countries/gb/",
    "/vendors/",
    "/methodology/",
    "/contribute/",
    "/deployments/gb-kings-cros/",  # the 404 page
]


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=1
    )
    page = context.new_page()
    page.requests = []
    context.on("request", lambda request: page.requests.append(request.url))
    try:
        yield page
    finally:
        context.close()


@pytest.mark.parametrize("path", PAGES)
def test_a_phone_reader_never_scrolls_sideways(phone: Any, built_site_url: str, path: str) -> None:
    phone.goto(built_site_url + path)
    if path.startswith("/search/"):
        phone.locator(".pagefind-ui__result").first.wait_for(timeout=10_000)
    assert_no_sideways_scroll(phone)
    title = phone.locator(".md-header__topic .md-ellipsis").first
    assert title.evaluate("e => e.scrollWidth <= e.clientWidth"), "the site's name is not cut"
    assert phone.locator(".md-header").get_by_role("button", name="Search").is_visible(), (
        "search is one tap away"
    )
    assert_accessible(phone)
    assert_only_origin(phone.requests, built_site_url)


def wider_than(browser: Any, url: str, paths: list[str], width: int, **device: Any) -> list[str]:
    """Each of `paths` whose page is wider than a `width` px viewport, with its width."""
    context = browser.new_context(viewport={"width": width, "height": 700}, device_scale_factor=1, **device)
    page = context.new_page()
    try:
        wide = []
        for path in paths:
            page.goto(url + path)
            scrolled = page.evaluate("document.documentElement.scrollWidth")
            if scrolled > width:
                wide.append(f"{path}: {scrolled} px")
        return wide
    finally:
        context.close()


def test_no_record_page_scrolls_sideways_on_the_narrowest_common_phone(
    browser: Any, built_site_url: str
) -> None:
    """At 375 px the reported-figures table (four columns of words and dates) was 404 px wide
    on seven live records; every record page of the fixture registry is looked at."""
    from fixture_registry import ENTRY_FILES

    paths = [f"/deployments/{path.stem}/" for path in ENTRY_FILES]
    assert wider_than(browser, built_site_url, paths, 375, is_mobile=True) == []


def test_no_page_scrolls_sideways_at_320_px_the_width_wcag_reflow_asks(
    browser: Any, built_site_url: str
) -> None:
    """WCAG 1.4.10 (reflow) asks for no sideways scrolling at 320 CSS px (1280 px zoomed to
    400%): the data page's long addresses, the home page's chart and the coverage table were
    wider than that, which the 390 px checks above never saw."""
    paths = [*PAGES[:-2], "/coverage/", "/operators/", "/countries/"]
    assert wider_than(browser, built_site_url, paths, 320) == []


def test_at_320_px_each_value_of_the_table_is_shown_with_its_columns_name(
    browser: Any, built_site_url: str
) -> None:
    """At 320 px a row read "Afghanistan · United States Department of Defense · Unknown · Unknown
    as of 2022 · 2007": which "Unknown" was the vendor, that 2007 was the start, was lost with the
    hidden headings. Each value after the title now shows its heading, and an unknown's reason
    ("(researched; nothing published)"), a tooltip on a wide screen, is shown as text."""
    context = browser.new_context(viewport={"width": 320, "height": 700}, device_scale_factor=1)
    page = context.new_page()
    try:
        page.goto(built_site_url + "/deployments/")
        row = page.locator("#deployments-table tbody tr", has=page.locator("td:nth-child(4) .unknown")).first
        shown = row.locator("td").evaluate_all(
            "cells => cells.map(c => [c.dataset.label ?? null, getComputedStyle(c, '::before').content])"
        )
        headings = page.locator("#deployments-table thead th").all_text_contents()
        assert [label for label, _ in shown] == [None, *[h.strip() for h in headings[1:]]]
        assert [label for label, _ in shown][1:] == [
            "Country",
            "Operator",
            "Vendor",
            "Last known status",
            "Start",
        ]
        assert shown[0][1] == "none" and all(content != "none" for _, content in shown[1:]), shown
        reason = row.locator("td:nth-child(4) .unknown .registry-visually-hidden")
        assert reason.bounding_box()["width"] > 20, "the reason is shown, not only spoken"
        page.set_viewport_size({"width": 1280, "height": 700})
        assert (
            row.locator("td:nth-child(2)").evaluate("c => getComputedStyle(c, '::before').content") == "none"
        )
        assert reason.bounding_box()["width"] <= 1, (
            "on a wide screen the heading says it; the tooltip the reason"
        )
    finally:
        context.close()

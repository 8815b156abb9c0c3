"""Browse that can be shared (issue 15, item 5): the all-deployments table's filters and sort
order live in the address, its columns sort, and without JavaScript the page promises neither.
Each choice is a step in the history, and the caption names the view. In Chromium at 1280 and
390 px, with axe."""

from __future__ import annotations

from typing import Any

import pytest
from browser import assert_accessible, assert_only_origin

pytestmark = [pytest.mark.browser, pytest.mark.slow]
VISIBLE = "#deployments-table tbody tr:not([hidden])"


def _visible_ids(page: Any) -> list[str]:
    return page.locator(VISIBLE).evaluate_all(
        "rows => rows.map(r => r.querySelector('a').pathname.split('/').at(-2))"
    )


def test_filters_and_sort_are_kept_in_the_address_and_restored_from_it(
    sized_page: Any, built_site_url: str
) -> None:
    page = sized_page
    page.goto(built_site_url + "/deployments/")
    page.select_option("#filter-country", "GB")
    page.select_option("#filter-vendor", "nec")
    page.get_by_role("button", name="Start").click()
    page.get_by_role("button", name="Start").click()
    assert page.url == f"{built_site_url}/deployments/?country=GB&vendor=nec&sort=start&order=desc"
    shown = _visible_ids(page)
    assert 0 < len(shown) < page.locator("#deployments-table tbody tr").count()
    assert page.inner_text("#filter-count") == (
        f"Showing {len(shown)} of {page.locator('#deployments-table tbody tr').count()} deployments, "
        "sorted by start (newest first)."
    )
    assert_accessible(page)

    shared = page.context.new_page()  # a colleague opens the shared address
    shared.goto(page.url)
    assert shared.locator("#filter-country").input_value() == "GB"
    assert shared.locator("#filter-vendor").input_value() == "nec"
    assert _visible_ids(shared) == shown, "the same rows in the same order"
    assert shared.locator("th[aria-sort=descending]").inner_text().startswith("Start")
    assert_only_origin(page.requests, built_site_url)
    assert page.console_errors == []


def test_a_column_sorts_both_ways_with_unknown_dates_last(page: Any, built_site_url: str) -> None:
    page.goto(built_site_url + "/deployments/")
    original = _visible_ids(page)
    starts = "rows => rows.map(r => r.dataset.start)"
    start = page.get_by_role("button", name="Start")
    start.click()
    ascending = page.locator(VISIBLE).evaluate_all(starts)
    known = [s for s in ascending if s]
    assert known == sorted(known) and ascending == known + [""] * (len(ascending) - len(known))
    assert page.locator("th", has=start).get_attribute("aria-sort") == "ascending"
    start.click()
    descending = page.locator(VISIBLE).evaluate_all(starts)
    assert descending == sorted(known, reverse=True) + [""] * (len(ascending) - len(known))
    assert page.locator("th", has=start).get_attribute("aria-sort") == "descending"
    page.get_by_role("button", name="Deployment").click()
    titles = page.locator(f"{VISIBLE} td:first-child").all_inner_texts()
    by_locale = "t => [...t].sort((a, b) => a.toLocaleLowerCase().localeCompare(b.toLocaleLowerCase()))"
    assert titles == page.evaluate(by_locale, titles), "São Paulo sorts as S-a, not after Z"
    assert page.locator("th[aria-sort]").count() == 1
    assert sorted(_visible_ids(page)) == sorted(original), "sorting hides and loses nothing"
    assert page.url.endswith("/deployments/?sort=title")


def test_an_address_with_a_value_the_table_does_not_offer_is_ignored(page: Any, built_site_url: str) -> None:
    page.goto(built_site_url + "/deployments/?country=ZZ&sort=nonsense&vendor=%22%3E%3Cb%3E")
    assert page.locator("#filter-country").input_value() == ""
    assert page.locator(VISIBLE).count() == page.locator("#deployments-table tbody tr").count()
    assert page.url == f"{built_site_url}/deployments/"
    assert page.console_errors == []


def test_without_javascript_the_page_promises_no_filters_or_sorting(
    no_js_page: Any, built_site_url: str
) -> None:
    page = no_js_page
    page.goto(built_site_url + "/deployments/")
    text = page.locator("article").inner_text().lower()
    assert "filter" not in text and "sort" not in text, text[:400]
    assert page.locator("#deployments-table tbody tr").count() > 10
    assert page.locator("#deployments-table th button").count() == 0


def _view(page: Any) -> tuple[str, str, str, int]:
    """The address's query, the country and vendor chosen, and how many rows show."""
    return (
        page.evaluate("() => location.search"),
        page.locator("#filter-country").input_value(),
        page.locator("#filter-vendor").input_value(),
        page.locator(VISIBLE).count(),
    )


def test_back_and_forward_step_through_the_views_chosen(page: Any, built_site_url: str) -> None:
    """Each filter chosen and each sort is a step in the history, so Back returns to the view
    before it (it left /deployments/ altogether); arrowing through one filter is one step."""
    page.goto(built_site_url + "/")
    page.goto(built_site_url + "/deployments/")
    everything = _view(page)
    page.select_option("#filter-country", "GB")
    country = _view(page)
    page.select_option("#filter-vendor", "nec")
    both = _view(page)
    page.get_by_role("button", name="Start").click()
    assert _view(page)[0] == "?country=GB&vendor=nec&sort=start"
    assert everything[3] > country[3] > both[3] > 0

    page.go_back()
    assert _view(page) == both and page.locator("th[aria-sort]").count() == 0
    page.go_back()
    assert _view(page) == country
    page.go_back()
    assert _view(page) == everything
    page.go_forward()
    assert _view(page) == country

    page.focus("#filter-status")  # a keyboard reader arrows down the list: one step, not three
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    arrowed = _view(page)
    assert arrowed[0].startswith("?country=GB&status="), arrowed
    page.go_back()
    assert _view(page) == country
    page.go_back()
    page.go_back()
    assert page.evaluate("() => location.pathname") == "/"
    assert page.console_errors == []


def test_the_caption_says_which_view_the_table_shows(page: Any, built_site_url: str) -> None:
    page.goto(built_site_url + "/deployments/")
    caption = page.locator("#deployments-table caption")
    total = page.locator("#deployments-table tbody tr").count()
    assert caption.inner_text() == "Every published deployment, by country and title"
    page.get_by_role("button", name="Start").click()
    assert caption.inner_text() == "Every published deployment, sorted by start (oldest first)"
    page.select_option("#filter-country", "GB")
    shown = page.locator(VISIBLE).count()
    assert caption.inner_text() == (
        f"{shown} of {total} deployments (Country: United Kingdom), sorted by start (oldest first)"
    )
    page.get_by_role("button", name="Country").click()
    assert caption.inner_text().endswith("), sorted by country (A to Z)")
    page.select_option("#filter-country", "")
    page.go_back()
    assert caption.inner_text().startswith(f"{shown} of {total} deployments (Country: United Kingdom)")
    assert_accessible(page)

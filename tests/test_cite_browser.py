"""Citing (issue 15, item 6) in Chromium at 1280 and 390 px, with axe: the cite box wraps and
copies each format with one button, and its permanent link opens a page in the site's layout
that says what changed in that revision and links to the current record and the neighbours."""

from __future__ import annotations

from typing import Any

import pytest
from browser import assert_accessible, assert_no_sideways_scroll, assert_only_origin
from exports_site import FORMULA, KX, session_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def fx(tmp_path_factory):
    return session_site(tmp_path_factory)


@pytest.mark.parametrize(("label", "box"), [("Plain text", "cite-text"), ("BibTeX", "cite-bibtex")])
def test_the_cite_box_wraps_and_copies_each_format(
    sized_page: Any, exports_site_url: str, label: str, box: str
) -> None:
    page = sized_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=exports_site_url)
    page.goto(f"{exports_site_url}/deployments/{KX}/#cite")
    for pre in page.locator(".cite-box pre code").all():
        assert pre.evaluate("e => e.scrollWidth <= e.clientWidth"), "every format wraps"
    assert_no_sideways_scroll(page)
    page.get_by_role("button", name=f"Copy the {label} citation").click()
    expected = page.locator(f".{box} code").inner_text()
    page.wait_for_function("() => document.querySelector('.cite-copied').textContent !== ''")
    assert page.evaluate("() => navigator.clipboard.readText()") == expected
    assert page.locator(".cite-copied").inner_text() == f"{label} citation copied."
    assert page.get_by_role("button", name=f"Copy the {label} citation").inner_text() == "Copied"
    assert_accessible(page)
    assert_only_origin(page.requests, exports_site_url)
    assert page.console_errors == []


def test_without_javascript_the_cite_box_has_no_dead_buttons(no_js_page: Any, exports_site_url: str) -> None:
    page = no_js_page
    page.goto(f"{exports_site_url}/deployments/{KX}/#cite")
    assert page.locator(".cite-box button").count() == 0
    assert "Copy" not in page.locator(".cite-box").inner_text()


def test_the_revision_page_says_what_changed_and_leads_to_its_neighbours(
    sized_page: Any, exports_site_url: str, fx
) -> None:
    page = sized_page
    add, pause = fx.commits["add"][:12], fx.commits["pause"][:12]
    page.goto(f"{exports_site_url}/deployments/{FORMULA}/revisions/{pause}/")
    assert page.locator(".md-header").get_by_role("link", name="Facial Recognition Registry").is_visible()
    assert page.locator(".md-header").get_by_role("search").is_visible(), "the site's header search"
    assert page.locator(".md-footer").is_visible()
    changes = page.locator(".revision-changes li").all_inner_texts()
    assert "status changed from Ended to Paused" in changes and "summary changed" in changes
    assert "This is the latest revision." in page.locator(".revision-neighbours").inner_text()
    assert_no_sideways_scroll(page)
    assert_accessible(page)

    page.get_by_role("link", name="Earlier revision, 3 October 2019").click()
    page.wait_for_url(f"**/deployments/{FORMULA}/revisions/{add}/")
    assert page.get_by_text("The record was first published.").is_visible()
    assert "This is the record's first revision." in page.locator(".revision-neighbours").inner_text()
    page.get_by_role("link", name="Later revision, 1 June 2020").click()
    page.wait_for_url(f"**/revisions/{pause}/")
    page.locator(".revision-neighbours").get_by_role("link", name="The current record").click()
    page.wait_for_url(f"{exports_site_url}/deployments/{FORMULA}/")
    assert_only_origin(page.requests, exports_site_url)
    assert page.console_errors == []

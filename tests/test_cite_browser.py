"""Citing (issue 15, item 6) in Chromium at 1280 and 390 px, with axe: the cite box wraps and
copies each format with one button, and its permanent link opens the record's history page,
in the site's layout, on that revision: what changed (also without JavaScript), the record as
written then (rebuilt by assets/revisions.js), and the revisions around it; the address of
earlier builds lands there too, with or without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest
from browser import assert_accessible, assert_no_sideways_scroll, assert_only_origin
from exports_site import FORMULA, KX, session_site
from revisions_island import outlines

from registry.exports.revisions import outline
from registry.history import read_history

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


def test_the_history_page_lands_on_the_revision_and_rebuilds_it(
    sized_page: Any, exports_site_url: str, fx
) -> None:
    page = sized_page
    add, pause = fx.commits["add"][:12], fx.commits["pause"][:12]
    page.goto(f"{exports_site_url}/deployments/{FORMULA}/history/#rev-{add}")
    # An ordinary page of the site, in its header and footer.
    assert page.locator(".md-header").count() == 1 and page.locator(".md-footer").count() == 1
    target = page.locator(f"#rev-{add}")
    panel = target.locator("details.revision-record[open] pre")
    panel.wait_for()
    assert target.is_visible() and target.evaluate("e => e.getBoundingClientRect().top") < 400, (
        "scrolled to it"
    )
    # The record as written then, rebuilt from the patches, is the record at that commit (as the
    # history stage reads it from git, redactions applied), drawn as Python draws it.
    at_commit = next(r for r in read_history(fx.root).get(FORMULA).revisions if r.short == add)
    assert panel.inner_text().strip() == outline(at_commit.data).strip()
    history = fx.site / "deployments" / FORMULA / "history" / "index.html"
    assert outlines(history)[add] == outline(at_commit.data)
    assert "status: ended" in panel.inner_text() and "[redacted: privacy]" in panel.inner_text()
    # The newer revision says what changed, and its own panel opens on demand.
    newer = page.locator(f"#rev-{pause}")
    changes = newer.locator(":scope > ul > li").all_inner_texts()
    assert any(c.startswith("status changed from Ended to Paused") for c in changes), changes
    newer.locator("details.revision-record summary").click()
    page.wait_for_function(
        "id => (document.querySelector(`#rev-${id} details.revision-record[open] pre`) || {}).textContent",
        arg=pause,
    )
    assert "status: paused" in newer.locator("details.revision-record pre").inner_text()
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    page.get_by_role("link", name="Back to the record").click()
    page.wait_for_url(f"{exports_site_url}/deployments/{FORMULA}/")
    assert_only_origin(page.requests, exports_site_url)
    assert page.console_errors == []


def test_without_javascript_the_history_page_still_shows_what_changed(
    no_js_page: Any, exports_site_url: str, fx
) -> None:
    page = no_js_page
    pause = fx.commits["pause"][:12]
    page.goto(f"{exports_site_url}/deployments/{FORMULA}/history/#rev-{pause}")
    item = page.locator(f"#rev-{pause}")
    assert "status changed from Ended to Paused" in item.inner_text()
    assert page.locator("details.revision-record").count() == 0, "only the script adds the record as written"


@pytest.mark.parametrize("script", [True, False])
def test_an_address_of_an_earlier_build_lands_on_its_revision(
    page: Any, no_js_page: Any, exports_site_url: str, fx, script: bool
) -> None:
    """/deployments/<id>/revisions/<short>/ is a real file (entries/published-revisions.txt):
    its meta refresh needs no script."""
    browser = page if script else no_js_page
    pause = fx.commits["pause"][:12]
    browser.goto(f"{exports_site_url}/deployments/{FORMULA}/revisions/{pause}/")
    browser.wait_for_url(f"{exports_site_url}/deployments/{FORMULA}/history/#rev-{pause}")
    assert browser.locator(f"#rev-{pause}").is_visible()
    if script:
        browser.locator(f"#rev-{pause} details.revision-record[open] pre").wait_for()
        assert_only_origin(browser.requests, exports_site_url)
        assert browser.console_errors == []

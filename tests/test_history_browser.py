"""The History section as a reader meets it, in Chromium: a word-level change (with axe), and a
record with more revisions than its page lists, with and without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest
from browser import assert_only_origin, describe_violations, run_axe, serious_violations
from exports_site import FORMULA, NEW, OLD, REVIEWS

from registry.pages.entry import REVISIONS_ON_PAGE

#: The renamed record: added, reviewed REVIEWS times, renamed.
REVISIONS = REVIEWS + 2

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_changed_summary_shows_the_added_words_and_passes_axe(page: Any, exports_site_url: str) -> None:
    page.goto(f"{exports_site_url}/deployments/{FORMULA}/#history")
    words = page.locator("#history .change-words").first
    added = words.locator("ins").evaluate("e => e.textContent.replace(/\\s+/g, ' ').trim()")
    assert added == "[added: It was paused in June 2020.]"  # what a screen reader is given
    assert words.locator("ins").evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
    assert "Before:" not in page.locator("#history").inner_text()
    violations = serious_violations(run_axe(page))
    assert not violations, describe_violations(violations)
    assert_only_origin(page.requests, exports_site_url)
    assert page.console_errors == []


def test_a_long_text_removed_whole_is_behind_show_the_text(page: Any, exports_site_url: str) -> None:
    page.goto(f"{exports_site_url}/deployments/{FORMULA}/#history")
    disclosure = page.locator("#history details.change-text").first
    assert not disclosure.locator(".change-old").is_visible()
    disclosure.locator("summary").click()
    assert "no plans to reintroduce it" in disclosure.locator(".change-old").inner_text()
    assert page.console_errors == []


def test_the_earlier_revisions_come_onto_the_page_with_one_button(page: Any, exports_site_url: str) -> None:
    assert REVISIONS > REVISIONS_ON_PAGE, "the fixture must have revisions the page leaves out"
    page.goto(f"{exports_site_url}/deployments/{NEW}/#history")
    items = page.locator("#history .history-list > li")
    assert items.count() == REVISIONS_ON_PAGE
    older = REVISIONS - REVISIONS_ON_PAGE
    page.get_by_role("button", name=f"Show the {older} earlier revisions here").click()
    page.wait_for_function(
        "n => document.querySelectorAll('#history .history-list > li').length === n", arg=REVISIONS
    )
    assert page.url == f"{exports_site_url}/deployments/{NEW}/#history", "the reader never left the page"
    ids = items.evaluate_all("items => items.map(i => i.id)")
    assert len(set(ids)) == REVISIONS
    first_added = items.nth(REVISIONS_ON_PAGE)
    assert first_added.evaluate("e => e === document.activeElement"), "focus moves to the first one added"
    assert "First published" in items.last.inner_text() and OLD in items.last.inner_text()
    # On its history page an item links to itself by its fragment; brought here, to that page.
    as_it_stood = first_added.get_by_role("link", name="This record as it stood then")
    history_page = f"{exports_site_url}/deployments/{NEW}/history/#{ids[REVISIONS_ON_PAGE]}"
    assert as_it_stood.evaluate("a => a.href") == history_page
    assert (
        page.locator("#history-more").inner_text() == f"All {REVISIONS} revisions of the record are listed."
    )
    violations = serious_violations(run_axe(page))
    assert not violations, describe_violations(violations)
    assert_only_origin(page.requests, exports_site_url)
    assert page.console_errors == []


def test_without_javascript_the_link_leads_to_the_earlier_revisions(
    no_js_page: Any, exports_site_url: str
) -> None:
    page = no_js_page
    page.goto(f"{exports_site_url}/deployments/{NEW}/#history")
    assert page.get_by_role("button").filter(has_text="earlier revisions").count() == 0
    page.locator("#history-more a").click()
    page.wait_for_url(f"{exports_site_url}/deployments/{NEW}/history/#rev-*")
    assert page.locator("#history .history-list > li").count() == REVISIONS
    target = page.url.rsplit("#", 1)[1]
    assert page.locator(f"#{target}").evaluate("e => e.matches(':target')")
    assert page.locator("#history .history-list > li").nth(REVISIONS_ON_PAGE).get_attribute("id") == target


def test_the_old_id_of_a_renamed_record_keeps_its_history_page(page: Any, exports_site_url: str) -> None:
    page.goto(f"{exports_site_url}/deployments/{OLD}/history/")
    page.wait_for_url(f"{exports_site_url}/deployments/{NEW}/history/")
    assert page.locator("#history .history-list > li").count() == REVISIONS


def test_a_link_to_a_revision_the_page_no_longer_lists_still_arrives(
    page: Any, exports_site_url: str
) -> None:
    """Feeds and the recent changes page once linked `#rev-<commit>` on the entry page; a record
    that collects revisions pushes old ones off it, and the link must still reach them."""
    page.goto(f"{exports_site_url}/deployments/{NEW}/history/")
    oldest = page.locator("#history .history-list > li").last.get_attribute("id")
    page.goto(f"{exports_site_url}/deployments/{NEW}/#{oldest}")
    target = page.locator(f"#{oldest}")
    target.wait_for()
    assert target.evaluate("e => e === document.activeElement")
    header = "document.querySelector('.md-header').getBoundingClientRect().bottom"
    in_view = f"e => e.getBoundingClientRect().top >= {header} && e.getBoundingClientRect().top < innerHeight"
    assert target.evaluate(in_view), "in view, not under the sticky header"
    assert page.url.endswith(f"/deployments/{NEW}/#{oldest}")
    assert page.console_errors == []

"""The History section as a reader meets it: a word-level change, in Chromium, with axe."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser import assert_only_origin, describe_violations, run_axe, serious_violations, serve
from exports_site import FORMULA, session_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory) -> Iterator[str]:
    with serve(session_site(tmp_path_factory).site) as url:
        yield url


def test_a_changed_summary_shows_the_added_words_and_passes_axe(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/deployments/{FORMULA}/#history")
    words = page.locator("#history .change-words").first
    added = words.locator("ins").evaluate("e => e.textContent.replace(/\\s+/g, ' ').trim()")
    assert added == "[added: It was paused in June 2020.]"  # what a screen reader is given
    assert words.locator("ins").evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
    assert "Before:" not in page.locator("#history").inner_text()
    violations = serious_violations(run_axe(page))
    assert not violations, describe_violations(violations)
    assert_only_origin(page.requests, base_url)
    assert page.console_errors == []


def test_a_long_text_removed_whole_is_behind_show_the_text(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/deployments/{FORMULA}/#history")
    disclosure = page.locator("#history details.change-text").first
    assert not disclosure.locator(".change-old").is_visible()
    disclosure.locator("summary").click()
    assert "no plans to reintroduce it" in disclosure.locator(".change-old").inner_text()
    assert page.console_errors == []

"""The records-request drafts on a record's page in a real headless Chromium: the copy button,
the letters folded and printed open, the old request page's redirect, one origin, axe clean.

The site is King's Cross from the fixture registry with the frozen law and coverage tables
(tests/fixtures/requests/), built with `registry build` and served on 127.0.0.1; its request
page is listed as published by an earlier build, so it has a redirect page.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import assert_only_origin, describe_violations, run_axe, serious_violations, serve
from fixture_registry import KINGS_CROSS, copy_registry

from registry.build import build_site
from registry.published_requests import LIST_PATH, list_text

pytestmark = [pytest.mark.browser, pytest.mark.slow]
FIXTURES = Path(__file__).parent / "fixtures" / "requests"
PAGE = "/deployments/gb-kings-cross-argent/"
OLD_DRAFT = "/deployments/gb-kings-cross-argent/request/"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("requests-browser")
    copy_registry(root, [KINGS_CROSS])
    shutil.copytree(FIXTURES, root / "research")
    (root / LIST_PATH).write_text(list_text([KINGS_CROSS]), encoding="utf-8")
    build_site(root, site_dir=root / "site", work_dir=root / "work")
    with serve(root / "site") as url:
        yield url


def test_the_copy_button_copies_the_letter_to_the_met(page: Any, base_url: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page.goto(base_url + PAGE)
    page.click("a[href$='#request']")
    page.wait_for_url(f"**{PAGE}#request")
    section = page.locator("details.request-addressee", has_text="To Metropolitan Police Service")
    assert not section.locator(".request-letter").is_visible()  # folded until opened
    section.locator("summary").click()
    section.locator("button.request-copy").click()
    section.locator(".request-copied", has_text="Copied.").wait_for(timeout=5_000)
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith("To: Metropolitan Police Service")
    assert "Dear Sir or Madam," in copied
    assert "Under the Freedom of Information Act 2000" in copied
    # Its own watchlist's questions, numbered from 1; the operator's matches are not its to answer.
    assert (
        "\n2. How long were the images on the watchlist \u201cCamden borough police images\u201d kept"
        in copied
    )
    assert "How many matches did the system make" not in copied
    assert copied.rstrip().endswith("[Your name and address]")
    assert_only_origin(page.requests, base_url)
    assert page.console_errors == []


def test_a_letter_opens_without_javascript(no_js_page: Any, base_url: str) -> None:
    no_js_page.goto(base_url + PAGE + "#request")
    letter = no_js_page.locator("#letter-2")
    assert not letter.is_visible()
    no_js_page.locator("#to-2 > summary").click()
    assert letter.is_visible()
    assert no_js_page.locator("button.request-copy").count() == 0  # the buttons are the script's


def test_the_record_and_coverage_pages_pass_axe(page: Any, base_url: str) -> None:
    for path in (PAGE, "/coverage/"):
        page.goto(base_url + path)
        page.locator("details.request-addressee").evaluate_all("all => all.forEach(d => { d.open = true; })")
        violations = serious_violations(run_axe(page))
        assert violations == [], describe_violations(violations)
    assert_only_origin(page.requests, base_url)
    assert page.console_errors == []


def test_printing_hides_the_site_and_the_buttons_and_prints_every_letter(page: Any, base_url: str) -> None:
    page.goto(base_url + PAGE)
    page.emulate_media(media="print")
    assert not page.locator("button.request-copy").first.is_visible()
    assert not page.locator(".md-header").is_visible()
    assert page.locator("#letter-1").is_visible() and page.locator("#letter-2").is_visible()


def test_the_old_request_page_lands_on_the_drafts_keeping_its_fragment(page: Any, base_url: str) -> None:
    page.goto(base_url + OLD_DRAFT)
    page.wait_for_url(f"**{PAGE}#request")
    assert page.locator("#request-h").is_visible()
    page.goto(base_url + OLD_DRAFT + "#letter-2")
    page.wait_for_url(f"**{PAGE}#letter-2")
    assert page.locator("#letter-2").is_visible()  # a fragment inside a closed <details> opens it
    assert_only_origin(page.requests, base_url)
    assert page.console_errors == []


def test_the_old_request_page_lands_on_the_drafts_without_javascript(no_js_page: Any, base_url: str) -> None:
    no_js_page.goto(base_url + OLD_DRAFT)
    no_js_page.wait_for_url(f"**{PAGE}#request")
    assert no_js_page.locator("#request-h").is_visible()

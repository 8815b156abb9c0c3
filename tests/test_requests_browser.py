"""A records-request page in a real headless Chromium: the copy button, one origin, axe clean.

The site is King's Cross from the fixture registry with the frozen law and coverage tables
(tests/fixtures/requests/), built with `registry build` and served on 127.0.0.1.
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

pytestmark = [pytest.mark.browser, pytest.mark.slow]
FIXTURES = Path(__file__).parent / "fixtures" / "requests"
DRAFT = "/deployments/gb-kings-cross-argent/request/"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("requests-browser")
    copy_registry(root, [KINGS_CROSS])
    shutil.copytree(FIXTURES, root / "research")
    build_site(root, site_dir=root / "site", work_dir=root / "work")
    with serve(root / "site") as url:
        yield url


def test_the_copy_button_copies_the_letter_to_the_met(page: Any, base_url: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page.goto(base_url + "/deployments/gb-kings-cross-argent/")
    page.click("a[href$='/request/']")
    page.wait_for_url(f"**{DRAFT}")
    section = page.locator("section.request-addressee", has_text="To Metropolitan Police Service")
    section.locator("button.request-copy").click()
    section.locator(".request-copied", has_text="Copied.").wait_for(timeout=5_000)
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith("Dear Metropolitan Police Service,")
    assert "under the Freedom of Information Act 2000" in copied
    assert "How many matches did the system make, and what action followed each?" in copied
    assert copied.rstrip().endswith("[Your name and address]")
    assert_only_origin(page.requests, base_url)
    assert page.console_errors == []


def test_the_request_and_coverage_pages_pass_axe(page: Any, base_url: str) -> None:
    for path in (DRAFT, "/coverage/"):
        page.goto(base_url + path)
        violations = serious_violations(run_axe(page))
        assert violations == [], describe_violations(violations)
    assert_only_origin(page.requests, base_url)
    assert page.console_errors == []


def test_printing_hides_the_site_and_the_buttons(page: Any, base_url: str) -> None:
    page.goto(base_url + DRAFT)
    page.emulate_media(media="print")
    assert not page.locator("button.request-copy").first.is_visible()
    assert not page.locator(".md-header").is_visible()
    assert page.locator("#letter-2").is_visible()

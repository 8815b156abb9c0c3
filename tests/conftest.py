"""Shared pytest fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser import CHROMIUM_FLAGS, MISSING_CHROMIUM, find_chromium

# --- Browser: Debian's Chromium driven by Playwright (helpers in tests/browser.py) ---


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole run. Fails, never skips, when Chromium is missing."""
    executable = find_chromium()
    if executable is None:
        pytest.fail(MISSING_CHROMIUM, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=list(CHROMIUM_FLAGS)
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A new page in its own browser context (fresh cookies and storage).

    ``page.requests`` lists every URL that the page, its frames and its workers asked
    for, in order: check it with ``browser.assert_only_origin``. ``page.console_errors``
    lists console errors and uncaught exceptions (CSP violations show up there).
    """
    context = browser.new_context()
    new_page = context.new_page()
    new_page.requests = []
    new_page.console_errors = []

    def on_console(message: Any) -> None:
        if message.type == "error":
            new_page.console_errors.append(message.text)

    context.on("request", lambda request: new_page.requests.append(request.url))
    new_page.on("console", on_console)
    new_page.on("pageerror", lambda error: new_page.console_errors.append(str(error)))
    try:
        yield new_page
    finally:
        context.close()

"""Shared pytest fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser import CHROMIUM_FLAGS, MISSING_CHROMIUM, find_chromium
from hypothesis import settings

# --- Property tests: the same examples on every run, so a commit that passed CI passes again ---
# A fresh CI clone once drew a new example and failed on a word_diff bug the last local run had
# not met. Finding such bugs is what `pytest --hypothesis-profile explore` is for; the gate
# itself must not change its mind about one commit.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", max_examples=5_000)
settings.load_profile("repeatable")

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
    yield from _recorded_page(browser)


#: The widths every visitor-facing behaviour is checked at: a desktop and a 390 px phone.
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=list(WIDTHS))
def sized_page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """Like ``page``, once at 1280 px and once on a 390 px phone (touch, mobile viewport)."""
    phone = request.param == "phone"
    yield from _recorded_page(
        browser, viewport=WIDTHS[request.param], is_mobile=phone, has_touch=phone, device_scale_factor=1
    )


def _recorded_page(browser: Any, **options: Any) -> Iterator[Any]:
    context = browser.new_context(**options)
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


# --- Golden files: `pytest --update-golden` rewrites tests/golden/ (review the diff like code) ---


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files in tests/golden/ from the current output instead of comparing",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was started with --update-golden."""
    return bool(request.config.getoption("--update-golden"))


# --- The real site, built once per session from entries/ (registry build into a temp dir) ---


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The site of this checkout's real entries, built once with `registry build`; its folder."""
    from pathlib import Path

    from registry.build import build_site

    root = Path(__file__).resolve().parent.parent
    base = tmp_path_factory.mktemp("built-site")
    site_dir = base / "site"
    build_site(root, site_dir=site_dir, work_dir=base / "work")
    return site_dir

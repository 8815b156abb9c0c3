"""Shared pytest fixtures."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import CHROMIUM_FLAGS, MISSING_CHROMIUM, find_chromium, serve
from fixture_registry import FIXTURE_COMMIT_TIME, LIVE_ENTRIES, copy_registry
from hypothesis import settings

# --- Property tests: the same examples on every run, so a commit that passed CI passes again ---
# A fresh CI clone once drew a new example and failed on a word_diff bug the last local run had
# not met. Finding such bugs is what `pytest --hypothesis-profile explore` is for; the gate
# itself must not change its mind about one commit. No deadline either: an example that takes
# 200 ms on a loaded two-core CI machine is not a failure of the code (speed is measured by the
# scripts under scripts/, never by a test).
settings.register_profile("repeatable", derandomize=True, deadline=None)
settings.register_profile("explore", max_examples=5_000, deadline=None)
settings.load_profile("repeatable")

#: `pytester` runs a pytest inside a test: tests/test_fixture_registry.py shows the guard below fails.
pytest_plugins = ("pytester",)

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


@pytest.fixture
def no_js_page(browser: Any) -> Iterator[Any]:
    """Like ``page``, with JavaScript off: what a reader without scripts gets from the site."""
    yield from _recorded_page(browser, java_script_enabled=False)


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


# --- The site of the fixture registry, built once per session (registry build into a temp dir) ---


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture registry (tests/fixture_registry.py) built once with `registry build`; its folder.

    A real git repository whose one commit, at a pinned date, adds every fixture record, so the
    pages have a history and feeds as the live site does, and every run builds the same bytes.
    """
    from gitrepo import GitRepo

    from registry.build import build_site

    base = tmp_path_factory.mktemp("built-site")
    root = copy_registry(base / "registry")
    repo = GitRepo(root)
    repo.git("add", "--", "entries")
    repo.commit("Add the fixture registry", when=FIXTURE_COMMIT_TIME)
    site_dir = base / "site"
    build_site(root, site_dir=site_dir, work_dir=base / "work")
    return site_dir


@pytest.fixture(scope="session")
def built_site_url(built_site: Path) -> Iterator[str]:
    """`built_site` served over local HTTP (tests/browser.py `serve`) for the browser tests; its address."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def exports_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The registry with history of tests/exports_site.py (`session_site`), served once; its address."""
    from exports_site import session_site

    with serve(session_site(tmp_path_factory).site) as url:
        yield url


# --- Tests never read the live entries/ (a data correction must never need a test change) ---
#
# An audit hook sees every file this process opens or lists. Outside tests/test_live_registry.py,
# a read in the live entries/ (a file, or a country folder's list) fails the test in whose
# setup, call or teardown it happened, and one at import time (a module-level read) stops the
# run after collection. Subprocesses (the CLI, git) are not watched: their --root is always a
# temporary copy, and tests/edit_every_entry.py catches what this cannot see.

_LIVE = os.path.normcase(str(LIVE_ENTRIES))
_EVENTS = frozenset({"open", "os.listdir", "os.scandir"})
_live_reads: list[str] = []


def _watch_live_entries(event: str, args: tuple[Any, ...]) -> None:
    if event not in _EVENTS or not args or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    try:
        path = os.path.normcase(os.path.abspath(os.fsdecode(args[0])))
    except (TypeError, ValueError):
        return
    if path.startswith(_LIVE + os.sep):  # not entries/ itself: pkgutil lists it, looking for packages
        _live_reads.append(path)


sys.addaudithook(_watch_live_entries)

#: The one module allowed to read the live entries: `registry check` and a build of them.
LIVE_TESTS = "test_live_registry.py"


def pytest_collection_finish(session: pytest.Session) -> None:
    if _live_reads:
        found = sorted(set(_live_reads))
        _live_reads.clear()
        raise pytest.UsageError(
            f"a test module read the live entries/ at import time: {found[:5]}; "
            "use the fixture registry (tests/fixture_registry.py)"
        )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    found = sorted(set(_live_reads))
    _live_reads.clear()
    if found and item.path.name != LIVE_TESTS:
        report = outcome.get_result()
        report.outcome = "failed"
        report.longrepr = (
            f"{item.nodeid} read the live entries/ during {call.when}: {found[:5]}\n"
            "Tests read the fixture registry (tests/fixture_registry.py), so that a data "
            "correction never needs a test change; only tests/test_live_registry.py reads entries/."
        )

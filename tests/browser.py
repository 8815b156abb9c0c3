"""Helpers for tests that drive a real headless Chromium (not tests themselves).

Browser tests use Debian's Chromium (``apt-get install chromium``), never a
browser that Playwright downloads, and must not reach any host but the one
they serve: ``serve`` publishes a directory on 127.0.0.1 and
``assert_only_origin`` checks what the page asked for. ``run_axe`` injects the
axe-core that the ``[test]`` extra installs, so accessibility checks need no
network at test time either.

The ``browser`` and ``page`` fixtures that use these live in ``conftest.py``.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import socketserver
import sys
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM_PATH = "/usr/bin/chromium"

# Without the networking flags Chromium keeps calling home, and the closed network
# here refuses it. Playwright makes a fresh temporary profile for every launch
# (it rejects --user-data-dir), which is what a new empty --user-data-dir gives.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

MISSING_CHROMIUM = (
    f"Chromium not found at {CHROMIUM_PATH} nor on PATH. Browser tests need Debian's "
    "Chromium: run `apt-get install -y chromium` (as .ci/run does). "
    "They are never skipped."
)

# Requests with these schemes never leave the browser.
LOCAL_SCHEMES = frozenset({"data", "blob", "about"})

SERIOUS_IMPACTS = frozenset({"serious", "critical"})


def find_chromium() -> str | None:
    """Path of Debian's Chromium, or None when it is not installed."""
    if os.access(CHROMIUM_PATH, os.X_OK):
        return CHROMIUM_PATH
    return shutil.which("chromium")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extra_headers: Mapping[str, str] = {}

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # As GitHub Pages does: a missing file gets the site's own 404.html, when it has one.
        page = Path(self.directory) / "404.html"
        if code != 404 or self.command != "GET" or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that drops a connection it no longer needs is not an error.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        socketserver.BaseServer.handle_error(self, request, client_address)


@contextmanager
def serve(directory: str | os.PathLike[str], *, headers: Mapping[str, str] | None = None) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 at a free port; yield the base URL (no trailing slash).

    ``headers`` are added to every response, e.g. a Content-Security-Policy: a
    header policy also binds web workers, which a <meta> policy does not.
    """
    root = Path(directory)
    if not root.is_dir():
        raise NotADirectoryError(root)
    handler = type("Handler", (_QuietHandler,), {"extra_headers": dict(headers or {})})
    server = _QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, name=f"serve {root}", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


_FUNCTION_SOURCE = re.compile(r"\s*(async\s+)?(function\b|\(|[\w$]+\s*=>)")


def is_function_source(js: str) -> bool:
    """True when `js` is a function's source, which page.wait_for_function compiles over the
    DevTools protocol; anything else it runs through `eval`, which the site's CSP blocks."""
    return _FUNCTION_SOURCE.match(js) is not None


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def assert_only_origin(requests: Iterable[str], base_url: str) -> None:
    """Fail if any requested URL is on another origin than ``base_url``'s.

    data:, blob: and about: URLs are allowed: they never leave the browser.
    """
    origin = origin_of(base_url)
    foreign = sorted(
        {url for url in requests if urlsplit(url).scheme not in LOCAL_SCHEMES and origin_of(url) != origin}
    )
    assert not foreign, f"requests left {origin}:\n" + "\n".join(f"  {u}" for u in foreign)


@functools.cache
def axe_source() -> str:
    """axe.min.js as shipped by the axe-playwright-python wheel (the [test] extra)."""
    try:
        script = resources.files("axe_playwright_python").joinpath("axe.min.js")
    except ModuleNotFoundError as exc:
        raise RuntimeError(
            "axe-core is missing: install the test extra, `pip install -e '.[test]'`, "
            "which brings axe-playwright-python and its axe.min.js"
        ) from exc
    return script.read_text(encoding="utf-8")


def run_axe(page: Any, options: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run axe-core on the whole document of ``page``; return its violations.

    The script goes in through page.evaluate, which a page's Content-Security-Policy
    does not block, so pages with a strict policy can be checked as they are served.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    opts = {"resultTypes": ["violations"], **(options or {})}
    results = page.evaluate("(opts) => axe.run(document, opts)", opts)
    return results["violations"]


def serious_violations(violations: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The violations whose impact is serious or critical."""
    return [v for v in violations if v.get("impact") in SERIOUS_IMPACTS]


def describe_violations(violations: Iterable[Mapping[str, Any]]) -> str:
    """One line per violation and its first nodes, for assertion messages."""
    lines = []
    for v in violations:
        targets = ", ".join(str(n.get("target")) for n in v.get("nodes", [])[:3])
        lines.append(f"{v.get('id')} ({v.get('impact')}): {v.get('help')} at {targets}")
    return "\n".join(lines)


def assert_accessible(page: Any) -> None:
    """axe-core finds no serious or critical violation on the page as it is now."""
    violations = serious_violations(run_axe(page))
    assert not violations, describe_violations(violations)


def assert_no_sideways_scroll(page: Any) -> None:
    """The page is no wider than the window: a phone reader never scrolls sideways to read it."""
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page is {widths[0]} px wide in a {widths[1]} px window"

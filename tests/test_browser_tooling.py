"""The browser tooling itself works: local server, request recording, axe-core."""

from __future__ import annotations

import urllib.request

import browser as helpers
import pytest
from browser import assert_only_origin, run_axe, serious_violations, serve

GOOD_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Good page</title><link rel="icon" href="pixel.svg">
<link rel="stylesheet" href="style.css"></head>
<body><main><h1>Registry</h1>
<p>An entry with a <a href="other.html">link</a>.</p>
<img src="pixel.svg" alt="A grey square">
</main></body></html>
"""

BAD_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Bad page</title><link rel="icon" href="pixel.svg"></head>
<body><main><h1>Registry</h1><img src="pixel.svg"></main></body></html>
"""

PIXEL = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">'
    '<rect width="4" height="4" fill="#888"/></svg>'
)

STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; base-uri 'none'"
)


@pytest.fixture
def site(tmp_path):
    (tmp_path / "index.html").write_text(GOOD_PAGE, encoding="utf-8")
    (tmp_path / "bad.html").write_text(BAD_PAGE, encoding="utf-8")
    (tmp_path / "style.css").write_text("body { color: #111; background: #fff; }\n")
    (tmp_path / "pixel.svg").write_text(PIXEL, encoding="utf-8")
    return tmp_path


# --- helpers that need no browser ---


def test_serve_serves_the_directory_and_stops(site):
    with serve(site) as base_url:
        assert base_url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(f"{base_url}/style.css", timeout=5) as response:
            assert response.read() == b"body { color: #111; background: #fff; }\n"
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{base_url}/style.css", timeout=5)


def test_serve_adds_headers(site):
    with serve(site, headers={"Content-Security-Policy": STRICT_CSP}) as base_url:
        with urllib.request.urlopen(f"{base_url}/", timeout=5) as response:
            assert response.headers["Content-Security-Policy"] == STRICT_CSP


def test_assert_only_origin():
    base = "http://127.0.0.1:8000"
    assert_only_origin([f"{base}/", f"{base}/a.css", "data:image/png;base64,AA"], base + "/")
    with pytest.raises(AssertionError, match="fonts.googleapis.com"):
        assert_only_origin([f"{base}/", "https://fonts.googleapis.com/css"], base)
    with pytest.raises(AssertionError, match="127.0.0.1:8001"):
        assert_only_origin([f"{base}/", "http://127.0.0.1:8001/x.js"], base)


def test_serious_violations_filters_by_impact():
    violations = [
        {"id": "a", "impact": "minor"},
        {"id": "b", "impact": "moderate"},
        {"id": "c", "impact": "serious"},
        {"id": "d", "impact": "critical"},
        {"id": "e", "impact": None},
    ]
    assert [v["id"] for v in serious_violations(violations)] == ["c", "d"]


def test_missing_chromium_is_reported(monkeypatch):
    monkeypatch.setattr(helpers, "CHROMIUM_PATH", "/nonexistent/chromium")
    monkeypatch.setattr(helpers.shutil, "which", lambda name: None)
    assert helpers.find_chromium() is None
    assert "apt-get install -y chromium" in helpers.MISSING_CHROMIUM


def test_axe_source_is_installed():
    source = helpers.axe_source()
    assert "axe.version" in source or 'version="4.' in source
    assert len(source) > 100_000


# --- in Chromium ---


@pytest.mark.browser
def test_page_loads_and_requests_stay_on_origin(site, page):
    with serve(site) as base_url:
        page.goto(f"{base_url}/")
        page.wait_for_load_state("load")
        assert page.inner_text("h1") == "Registry"
    assert f"{base_url}/" in page.requests
    assert f"{base_url}/style.css" in page.requests
    assert f"{base_url}/pixel.svg" in page.requests
    assert_only_origin(page.requests, base_url)


@pytest.mark.browser
def test_request_to_another_origin_is_caught(site, tmp_path_factory, page):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "pixel.svg").write_text(PIXEL, encoding="utf-8")
    with serve(elsewhere) as other_url, serve(site) as base_url:
        (site / "leaky.html").write_text(
            GOOD_PAGE.replace('src="pixel.svg"', f'src="{other_url}/pixel.svg"'),
            encoding="utf-8",
        )
        page.goto(f"{base_url}/leaky.html")
        page.wait_for_load_state("load")
    assert f"{other_url}/pixel.svg" in page.requests
    with pytest.raises(AssertionError, match=f"{other_url}/pixel.svg"):
        assert_only_origin(page.requests, base_url)


@pytest.mark.browser
def test_axe_finds_image_without_alt(site, page):
    with serve(site) as base_url:
        page.goto(f"{base_url}/bad.html")
        violations = run_axe(page)
    assert "image-alt" in {v["id"] for v in violations}
    assert "image-alt" in {v["id"] for v in serious_violations(violations)}


@pytest.mark.browser
def test_axe_passes_good_page(site, page):
    with serve(site) as base_url:
        page.goto(f"{base_url}/")
        violations = run_axe(page)
    assert serious_violations(violations) == [], helpers.describe_violations(violations)


@pytest.mark.browser
def test_axe_runs_under_strict_csp(site, page):
    with serve(site, headers={"Content-Security-Policy": STRICT_CSP}) as base_url:
        page.goto(f"{base_url}/bad.html")
        violations = run_axe(page)
    assert "image-alt" in {v["id"] for v in violations}
    assert page.console_errors == []


# --- waiting in pages under the site's CSP ---

LATE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Late</title><script src="late.js"></script></head>
<body><main><h1>Registry</h1></main></body></html>
"""


@pytest.mark.browser
def test_an_expression_to_wait_for_is_eval_which_the_csp_blocks(site, page):
    """Why every wait_for_function gets a function: Playwright runs a bare expression through
    `eval` as soon as it has to poll, and the site's policy (no 'unsafe-eval') forbids that. A
    function is compiled by the DevTools protocol, which no policy blocks. Under load the first
    check comes too early more often, so the expression form failed only sometimes."""
    (site / "late.html").write_text(LATE_PAGE, encoding="utf-8")
    (site / "late.js").write_text("setTimeout(() => { window.ready = 1; }, 300);\n", encoding="utf-8")
    with serve(site, headers={"Content-Security-Policy": STRICT_CSP}) as base_url:
        page.goto(f"{base_url}/late.html")
        # Never true, so Playwright must poll whatever the machine's speed (a condition that
        # was already true at the first check once let this pass without any eval). A name, so
        # test_no_test_waits_on_an_expression lets it be.
        expression = "window.never === 1"
        with pytest.raises(Exception, match="EvalError"):
            page.wait_for_function(expression, timeout=5_000)
        page.goto(f"{base_url}/late.html")
        page.wait_for_function("() => window.ready === 1", timeout=5_000)


def _waits_on_expressions(source: str) -> list[int]:
    """Lines of `source` that call wait_for_function with a string that is not a function."""
    import ast

    bad = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "wait_for_function"
            and node.args
        ):
            first = node.args[0]
            parts = first.values if isinstance(first, ast.JoinedStr) else [first]
            if not isinstance(parts[0], ast.Constant) or not isinstance(parts[0].value, str):
                continue  # a name or call: the one deliberate example above
            if not helpers.is_function_source(parts[0].value):
                bad.append(node.lineno)
    return bad


def test_no_test_waits_on_an_expression():
    from pathlib import Path

    assert _waits_on_expressions('page.wait_for_function(f"document.title === {x}")') == [1]
    assert _waits_on_expressions('page.wait_for_function("n => n > 1", arg=1)') == []
    found = {
        path.name: lines
        for path in sorted(Path(__file__).parent.glob("*.py"))
        if (lines := _waits_on_expressions(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "pass a function ('() => ...' or 'n => ...' with arg=): an expression is eval"

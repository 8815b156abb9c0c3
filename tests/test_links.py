"""`registry check-links` against a real HTTP server on 127.0.0.1, never the internet.

The server answers each path its own way (fine, gone, HEAD refused, redirected, slow, blocked),
so every branch of the checker meets a real socket, a real timeout and a real redirect.
"""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from registry.checks.base import EntryFile
from registry.entries import check_entries
from registry.links import Link, LinkResult, check_url, check_urls, collect_links, render_report

FIXTURES = Path(__file__).parent / "fixtures" / "entries"


class _Handler(http.server.BaseHTTPRequestHandler):
    requests: list[tuple[str, str]] = []

    def _answer(self) -> None:
        type(self).requests.append((self.command, self.path))
        path = self.path.split("?", 1)[0]
        if path == "/ok":
            self._send(200)
        elif path == "/gone":
            self._send(404)
        elif path == "/no-head":
            self._send(405 if self.command == "HEAD" else 200)
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/slow":
            time.sleep(1.0)
            self._send(200)
        elif path == "/robots-only":
            self._send(403)
        else:
            self._send(500)

    def _send(self, status: int) -> None:
        body = b"hello" if self.command == "GET" else b""
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    do_HEAD = _answer
    do_GET = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def _fresh_log() -> None:
    _Handler.requests = []


@pytest.mark.parametrize(
    ("path", "ok", "detail", "requests"),
    [
        ("/ok", True, "HTTP 200", [("HEAD", "/ok")]),
        ("/gone", False, "HTTP 404", [("HEAD", "/gone"), ("GET", "/gone")]),
        ("/no-head", True, "HTTP 200", [("HEAD", "/no-head"), ("GET", "/no-head")]),
        # urllib follows a redirect with GET, whatever the first method was
        ("/moved", True, "HTTP 200", [("HEAD", "/moved"), ("GET", "/ok")]),
        (
            "/robots-only",
            None,
            "HTTP 403: the site refused an automated check",
            [("HEAD", "/robots-only"), ("GET", "/robots-only")],
        ),
        ("/broken", False, "HTTP 500", [("HEAD", "/broken"), ("GET", "/broken")]),
    ],
)
def test_each_answer_is_classified(
    server: str, path: str, ok: bool | None, detail: str, requests: list[tuple[str, str]]
) -> None:
    assert check_url(server + path, timeout=5) == LinkResult(server + path, ok, detail)
    assert _Handler.requests == requests


def test_a_slow_server_times_out(server: str) -> None:
    result = check_url(server + "/slow", timeout=0.2)
    assert (result.ok, result.detail) == (False, "no answer: timed out")


def test_a_closed_port_is_dead() -> None:
    result = check_url("http://127.0.0.1:9/", timeout=2)
    assert result.ok is False and result.detail.startswith("no answer: ")


def test_requests_are_bounded(server: str) -> None:
    urls = [f"{server}/ok?{n}" for n in range(5)] + [f"{server}/ok?0"]
    results = check_urls(urls, timeout=5, max_urls=3, workers=2)
    assert sorted(results) == sorted(set(urls))
    assert [results[u].ok for u in sorted(set(urls))] == [True, True, True, None, None]
    assert len(_Handler.requests) == 3
    assert results[f"{server}/ok?4"].detail == "not checked: over the limit of 3 addresses"


def test_links_come_from_every_source_url_and_archive_url(tmp_path: Path) -> None:
    target = tmp_path / "entries" / "gb" / "gb-fixture-full.yaml"
    target.parent.mkdir(parents=True)
    target.write_text(
        (FIXTURES / "valid_full.yaml")
        .read_text(encoding="utf-8")
        .replace("related: [gb-fixture-other]\n", ""),
        encoding="utf-8",
    )
    files: list[EntryFile] = check_entries(tmp_path).files
    assert [(link.field, link.url) for link in collect_links(files)] == [
        ("sources.0.archive_url", "https://archive.example.org/high-street-cameras"),
        ("sources.0.url", "https://news.example.org/high-street-cameras"),
        ("sources.2.url", "https://regulator.example.org/decisions/1"),
    ]


def test_when_nothing_answers_the_network_is_blamed_not_every_source(tmp_path: Path) -> None:
    """Offline, every source came back "dead" (932 of them), and the weekly workflow would have
    filed that as an issue. `.invalid` never resolves, on any network (RFC 6761)."""
    from cli_runner import registry_cli

    target = tmp_path / "entries" / "gb" / "gb-fixture-full.yaml"
    target.parent.mkdir(parents=True)
    text = (
        (FIXTURES / "valid_full.yaml")
        .read_text(encoding="utf-8")
        .replace("related: [gb-fixture-other]\n", "")
    )
    target.write_text(text.replace(".example.org/", ".example.invalid/"), encoding="utf-8")
    report = tmp_path / "report.md"
    result = registry_cli(tmp_path, "check-links", "--timeout", "2", "--report", str(report))
    assert result.returncode == 1
    assert result.stderr.startswith("registry: no source address answered (3 tried; the first: no answer: ")
    # The weekly workflow files the report: it says what happened, and calls nothing dead.
    written = report.read_text(encoding="utf-8").splitlines()
    assert written[:2] == ["# Source links: not checked, the network could not be reached", ""]
    assert written[2].startswith(
        "`registry check-links` tried 3 source addresses and none answered (the first: no answer: "
    )
    assert written[2].endswith(
        "), so the fault is the network where it ran, not the sources: nothing is reported dead. "
        "Run it again where the web can be reached."
    )
    assert len(written) == 3
    report.unlink()
    assert result.stderr.endswith(
        "): the network seems unreachable from here, so nothing is reported dead; run it where the "
        "web can be reached\n"
    )
    # Nothing asked (over the limit) is nothing unanswered: the report says so, no network blamed.
    result = registry_cli(tmp_path, "check-links", "--max-urls", "0", "--report", str(report))
    assert result.returncode == 0 and "3 not checked" in report.read_text(encoding="utf-8")


def test_the_report_lists_dead_then_unchecked_links() -> None:
    links = [
        Link("gb-a", "entries/gb/gb-a.yaml", "sources.0.url", "https://a.example.org/x|y"),
        Link("gb-a", "entries/gb/gb-a.yaml", "sources.1.url", "https://a.example.org/ok"),
        Link("gb-b", "entries/gb/gb-b.yaml", "sources.0.url", "https://b.example.org/"),
    ]
    results = {
        "https://a.example.org/x|y": LinkResult("https://a.example.org/x|y", False, "HTTP 404"),
        "https://a.example.org/ok": LinkResult("https://a.example.org/ok", True, "HTTP 200"),
        "https://b.example.org/": LinkResult("https://b.example.org/", None, "HTTP 403: refused"),
    }
    report = render_report(links, results)
    assert report.splitlines()[0] == "# Source links: 1 dead, 1 not checked, 1 working"
    assert (
        "| `gb-a` (entries/gb/gb-a.yaml) | `sources.0.url` | https://a.example.org/x%7Cy | HTTP 404 |"
        in report
    )
    assert report.index("## Dead") < report.index("## Could not be checked")
    assert "a.example.org/ok" not in report


def test_check_links_is_not_part_of_registry_check() -> None:
    """The network check never runs in the PR gate: nothing on the `check` path imports it."""
    root = Path(__file__).resolve().parent.parent / "registry"
    gate = [root / "entries.py", root / "cli.py", *sorted((root / "checks").glob("*.py"))]
    for path in gate:
        text = path.read_text(encoding="utf-8")
        assert "import links" not in text and "registry.links import" not in text, path
    assert '_lazy("registry.links", "run")' in (root / "cli.py").read_text(encoding="utf-8")

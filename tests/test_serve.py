"""`registry serve` notices changes to entries, templates and the config by polling mtimes,
rebuilds, and reloads the pages open in a browser."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import assert_only_origin
from cli_runner import registry_cli
from fixture_registry import KINGS_CROSS, copy_registry, copy_site_files

from registry.preview_watch import snapshot

ROOT = Path(__file__).resolve().parent.parent


def test_snapshot_changes_when_a_watched_file_changes(tmp_path: Path) -> None:
    (tmp_path / "entries" / "gb").mkdir(parents=True)
    (tmp_path / "site_templates").mkdir()
    entry = tmp_path / "entries" / "gb" / "gb-x.yaml"
    entry.write_text("a", encoding="utf-8")
    (tmp_path / "site_templates" / "entry.html.j2").write_text("t", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("c", encoding="utf-8")
    (tmp_path / "site").mkdir()
    before = snapshot(tmp_path)
    assert len(before) == 3
    (tmp_path / "site" / "index.html").write_text("output is not watched", encoding="utf-8")
    assert snapshot(tmp_path) == before
    os.utime(entry, (1, 1))
    assert snapshot(tmp_path) != before
    (tmp_path / "site_templates" / "new.html.j2").write_text("n", encoding="utf-8")
    assert len(snapshot(tmp_path)) == 4


@pytest.mark.browser
@pytest.mark.slow
def test_an_open_page_reloads_itself_after_its_entry_changes(page: Any, tmp_path: Path) -> None:
    """The real command in its own process, a real edit of the entry file, and the page open
    in Chromium showing the new title without being told to reload."""
    root = tmp_path / "registry"
    entry = root / "entries" / "gb" / "gb-kings-cross-argent.yaml"
    copy_registry(root, [KINGS_CROSS])
    log = (tmp_path / "serve.log").open("w")
    command = [sys.executable, "-m", "registry", "--root", str(root), "serve", "--port", "0"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        started = re.search(r"http://127\.0\.0\.1:\d+", server.stdout.readline() if server.stdout else "")
        assert started, (tmp_path / "serve.log").read_text()
        page.goto(started.group(0) + "/deployments/gb-kings-cross-argent/")
        assert page.locator("h1").inner_text().startswith("King's Cross Estate")
        page.evaluate("window.loadedBeforeTheEdit = true")
        text = entry.read_text(encoding="utf-8")
        entry.write_text(
            text.replace("title: King's Cross Estate", "title: Edited King's Cross Estate", 1), "utf-8"
        )
        page.wait_for_function(
            "() => !window.loadedBeforeTheEdit && (document.querySelector('h1')?.textContent ?? '').startsWith('Edited')",
            timeout=120_000,
        )
        assert_only_origin(page.requests, started.group(0))
        assert page.console_errors == []
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stdout:
            server.stdout.close()
        log.close()
    assert (
        not (root / "site" / "deployments" / "gb-kings-cross-argent" / "index.html")
        .read_text("utf-8")
        .count("__registry__")
    ), "the reload script is the server's, never written into site/"


@pytest.mark.slow
def test_a_missing_address_gets_the_sites_own_404_page(tmp_path: Path) -> None:
    """As GitHub Pages does, so the preview shows the page readers will meet (issue 15)."""
    import urllib.error
    import urllib.request

    with serving_an_empty_registry(tmp_path) as (_, server):
        started = re.search(r"http://127\.0\.0\.1:\d+", server.stdout.readline() if server.stdout else "")
        assert started
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(started.group(0) + "/deployments/gb-no-such-record/", timeout=30)
        assert missing.value.code == 404
        body = missing.value.read().decode("utf-8")
        assert '<h1 id="not-found">Page not found</h1>' in body and "assets/notfound.js" in body
        port = int(started.group(0).rsplit(":", 1)[1])
        assert _ask(port, "/%00", "127.0.0.1")[0] == 404  # was a traceback in the terminal
        assert _ask(port, "/", "attacker.example")[0] == 403  # was the home page


@contextlib.contextmanager
def serving_an_empty_registry(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    """`registry serve` as a real process on a registry with no entries; stopped by Ctrl-C."""
    root = tmp_path / "registry"
    (root / "entries").mkdir(parents=True)
    copy_site_files(root)
    command = [sys.executable, "-m", "registry", "--root", str(root), "serve", "--port", "0"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        yield root, server
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
        if server.stdout:
            server.stdout.close()


def test_only_record_files_take_the_fast_path(tmp_path: Path) -> None:
    """An entry file is previewed alone; anything that changes every page needs the full build."""
    from registry.preview import record_paths

    def paths(*names: str) -> list[str]:
        return [str(tmp_path / name) for name in names]

    assert record_paths(tmp_path, paths("entries/gb/gb-a.yaml", "entries/fr/fr-b.yaml")) == {
        "entries/gb/gb-a.yaml",
        "entries/fr/fr-b.yaml",
    }
    for other in (
        "entries/redactions.yaml",
        "entries/public-subjects.yaml",
        "entries/published-ids.txt",
        "site_templates/entry.html.j2",
        "mkdocs.yml",
        "research/laws.yaml",
    ):
        assert record_paths(tmp_path, paths("entries/gb/gb-a.yaml", other)) is None, other


def test_the_preview_reports_what_is_not_a_regular_entry_file(tmp_path: Path) -> None:
    """A symbolic link out of the registry, a folder or a named pipe under entries/: the preview's
    fast path reports each as `check` does, where it raised (a link resolved out of the root)
    or passed over it."""
    from registry.entries import check_some
    from registry.preview import record_paths

    (tmp_path / "entries/gb/gb-dir.yaml").mkdir(parents=True)
    outside = tmp_path.parent / f"{tmp_path.name}-outside.yaml"
    outside.write_text("id: x\n", encoding="utf-8")
    (tmp_path / "entries/gb/gb-link.yaml").symlink_to(outside)
    os.mkfifo(tmp_path / "entries/gb/gb-fifo.yaml")
    rels = ["entries/gb/gb-dir.yaml", "entries/gb/gb-fifo.yaml", "entries/gb/gb-link.yaml"]
    assert record_paths(tmp_path, [str(tmp_path / rel) for rel in rels]) == set(rels)
    assert [p.format() for p in check_some(tmp_path, [tmp_path / rel for rel in rels], []).problems] == [
        "entries/gb/gb-dir.yaml:1:1: filename: entry files must be regular files, not a directory",
        "entries/gb/gb-fifo.yaml:1:1: filename: entry files must be regular files, not a named pipe (FIFO)",
        "entries/gb/gb-link.yaml:1:1: symlink: entry files must be regular files, not symbolic links",
    ]


def test_addresses_map_to_site_files_inside_the_site() -> None:
    from registry.preview_http import site_path

    assert site_path("/") == "index.html"
    assert site_path("/deployments/gb-a/") == "deployments/gb-a/index.html"
    assert site_path("/assets/registry.css") == "assets/registry.css"
    assert site_path("/%2e%2e/%2e%2e/etc/passwd") == "etc/passwd"  # never above the site
    assert site_path("/a/../../b/") == "b/index.html"


@contextlib.contextmanager
def serving_a_site(tmp_path: Path) -> Iterator[int]:
    """The preview's own HTTP server (`PreviewServer.listen`) over a two-page `site/`, no build: its port."""
    from registry.serve import PreviewServer

    (tmp_path / "site" / "a").mkdir(parents=True)
    (tmp_path / "site" / "index.html").write_text("<body>home</body>", encoding="utf-8")
    (tmp_path / "site" / "404.html").write_text("<body>Page not found</body>", encoding="utf-8")
    server = PreviewServer(tmp_path)
    address = server.listen()
    try:
        yield int(address.rsplit(":", 1)[1].strip("/"))
    finally:
        server.close()


def _ask(port: int, path: str, host: str | None, method: str = "GET") -> tuple[int, bytes]:
    """One request with this Host header (none at all for None): its status and body."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


#: Addresses no file can have: a NUL, alone or after "..", and names too long for the system.
IMPOSSIBLE = ["/%00", "/..%00", "/a%00b/", "/" + "x" * 300, "/a/" + "y" * 300 + "/"]


def test_an_address_no_file_can_have_gets_the_404_page_not_a_traceback(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """`GET /%00` raised "embedded null byte" in the handler, and a name too long for the system
    "File name too long": each printed a traceback in the terminal and answered nothing."""
    with serving_a_site(tmp_path) as port:
        for path in IMPOSSIBLE:
            status, body = _ask(port, path, "127.0.0.1")
            assert (status, body[:20]) == (404, b"<body>Page not found"), path
            assert _ask(port, path, "127.0.0.1", "HEAD") == (404, b""), path
    assert "Traceback" not in capfd.readouterr().err


def test_a_request_for_another_host_is_refused(tmp_path: Path) -> None:
    """A page elsewhere whose name it points at 127.0.0.1 (DNS rebinding) must not read the
    preview's unpublished pages: its requests carry its own name as Host."""
    with serving_a_site(tmp_path) as port:
        for host in ("attacker.example", f"attacker.example:{port}", "127.0.0.1.attacker.example", "", None):
            for method, path in (("GET", "/"), ("HEAD", "/"), ("GET", "/__registry__/status?path=/")):
                status, body = _ask(port, path, host, method)
                assert status == 403, (host, method, path)
                assert b"home" not in body and b"version" not in body


def test_this_machines_names_for_the_preview_are_answered(tmp_path: Path) -> None:
    with serving_a_site(tmp_path) as port:
        for host in ("127.0.0.1", f"127.0.0.1:{port}", f"localhost:{port}", "LOCALHOST", f"[::1]:{port}"):
            assert _ask(port, "/", host)[0] == 200, host


def test_a_splice_needs_the_old_content_exactly_once() -> None:
    """The home page and the table are edited in place only where their old content is found once."""
    from registry.preview_pages import splice, without_front_matter

    page = b"<html><main><p>old</p></main><script>x</script></html>"
    assert (
        splice(page, "<p>old</p>", "<p>new</p>") == b"<html><main><p>new</p></main><script>x</script></html>"
    )
    assert splice(page, "<p>gone</p>", "<p>new</p>") is None
    assert splice(page + b"<p>old</p>", "<p>old</p>", "<p>new</p>") is None
    assert without_front_matter('---\ntitle: "A"\nhide: ["toc"]\n---\n\n<p>body</p>\n') == "<p>body</p>"


def test_checking_only_the_changed_files_finds_what_checking_everything_finds(tmp_path: Path) -> None:
    """The preview checks an edited file beside the others already checked: same problems, same
    places, including the rules across records (a duplicate id, an alias, a related id)."""
    from fixture_registry import ENTRY_FILES

    from registry.entries import check_entries, check_some

    root = tmp_path / "registry"
    copy_registry(root, site_files=False)
    before = {f.path: f for f in check_entries(root).files}
    a, b = (root / p.relative_to(p.parents[2]) for p in ENTRY_FILES[:2])
    a.write_text(
        a.read_text("utf-8").replace("\ntitle:", "\nrelated:\n  - gb-no-such-record\ntitle:", 1), "utf-8"
    )
    b_text = b.read_text("utf-8")
    b_id = b.stem
    copy = b.with_name("zz-copy-of-b.yaml")
    copy.write_text(b_text, "utf-8")  # a second file with b's id: the id rule and the file name rule
    changed = {a, copy}
    others = [f for path, f in before.items() if root / path not in changed]
    some = check_some(root, changed, others)
    every = check_entries(root)
    assert some.problems == every.problems
    assert len(some.problems) >= 3 and any(b_id in p.message for p in some.problems)
    assert [f.entry.id for f in some.files] == [f.entry.id for f in every.files]


def test_a_port_in_use_is_said_at_once_without_a_build(tmp_path: Path) -> None:
    """Before, serve built the whole site, then died with an OSError traceback."""
    copy_registry(tmp_path, [KINGS_CROSS])
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = registry_cli(tmp_path, "serve", "--port", str(port))
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "",
        f"registry: cannot serve on 127.0.0.1:{port} (Address already in use); "
        "choose another port with --port\n",
    )
    assert not (tmp_path / "site").exists()


def test_serve_with_no_site_to_fall_back_on_stops_with_the_builds_error(tmp_path: Path) -> None:
    """Outside a registry, the first build failed, and serve said "still serving the previous
    site" and listened on with no site at all. With no earlier site it now stops, as the build would."""
    (tmp_path / "entries").mkdir()  # a registry's folder, so the build itself is what fails
    result = registry_cli(tmp_path, "serve", "--port", "0")
    assert (result.returncode, result.stdout) == (1, "")
    assert (
        result.stderr == f"registry: no mkdocs.yml in {tmp_path}: run the build from the repository's root\n"
    )


def test_a_failed_first_build_keeps_serving_the_site_an_earlier_build_left(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from registry.serve import PreviewServer

    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("an earlier build's site\n", encoding="utf-8")
    server = PreviewServer(tmp_path)
    try:
        assert server.first_build() is False
    finally:
        server.close()  # its worker thread would outlive the test, and other tests count threads
    assert capsys.readouterr().err == (
        f"registry: no mkdocs.yml in {tmp_path}: run the build from the repository's root; "
        "still serving the previous site\n"
    )


def _in_use(root: Path, holder: str, command: str) -> str:
    return (
        f"registry: {root / 'build'} is in use by {holder} in this registry; wait for it to "
        f"finish or stop it (Ctrl-C), then run `registry {command}` again. A preview server "
        "rebuilds by itself when an entry changes.\n"
    )


def test_a_build_beside_a_running_preview_is_refused_before_it_touches_anything(tmp_path: Path) -> None:
    """Both write build/: side by side, each deleted the other's files mid-build (a traceback
    from one, a site of mixed files from the other). The second now stops at once."""
    with serving_an_empty_registry(tmp_path) as (root, server):
        assert "Serving" in (server.stdout.readline() if server.stdout else "")
        before = snapshot_of(root / "site")
        result = registry_cli(root, "build")
        assert (result.returncode, result.stdout) == (1, "")
        assert result.stderr == _in_use(root, f"`registry serve` (process {server.pid})", "build")
        assert snapshot_of(root / "site") == before
    # The kernel drops the lock with the process: the next build runs.
    assert registry_cli(root, "build").returncode == 0


def test_a_preview_beside_a_running_build_is_refused(tmp_path: Path) -> None:
    from registry import worklock

    copy_registry(tmp_path, [KINGS_CROSS])
    with worklock.holding(tmp_path / "build", "build"):
        result = registry_cli(tmp_path, "serve", "--port", "0")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == _in_use(tmp_path, f"`registry build` (process {os.getpid()})", "serve")
    assert not (tmp_path / "site").exists()


def test_a_build_with_its_own_work_folder_still_waits_for_the_site(tmp_path: Path) -> None:
    """Two work folders, one site: both swap into site/, so the site is locked too."""
    from registry import worklock

    copy_registry(tmp_path, [KINGS_CROSS])
    with worklock.holding(tmp_path / "build", "serve", tmp_path / "site"):
        result = registry_cli(tmp_path, "build", "--work-dir", str(tmp_path / "other"))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == _in_use(tmp_path, f"`registry serve` (process {os.getpid()})", "build").replace(
        str(tmp_path / "build"), str(tmp_path / "site")
    )
    assert not (tmp_path / "site").exists()


def snapshot_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_ctrl_c_during_a_build_stops_it_without_a_traceback(tmp_path: Path) -> None:
    copy_registry(tmp_path, [KINGS_CROSS])
    build = subprocess.Popen(
        [sys.executable, "-m", "registry", "--root", str(tmp_path), "build"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "GITHUB_ACTIONS": ""},
    )
    assert build.stderr is not None
    first = build.stderr.readline()  # the first stage done: the build is under way
    build.send_signal(signal.SIGINT)
    _, rest = build.communicate(timeout=120)
    assert first and (build.returncode, rest.splitlines()[-1]) == (130, "registry: interrupted")
    assert "Traceback" not in rest

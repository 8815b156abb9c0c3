"""`registry serve`'s fast path: an edited entry is served before the full build has run, and
the overlay's pages are the full build's pages byte for byte.

Real parts only: a real git repository, real builds, the real HTTP server in this process.
The one thing the tests control is *when* the background full build starts: the server's
`before_build` hook waits for the test, so what the preview serves in the meantime can be
looked at (and, in the browser test, the notice watched as the build finishes).
"""

from __future__ import annotations

import json
import shutil
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import assert_accessible, assert_only_origin
from fixture_registry import FIXTURE_COMMIT_TIME, KINGS_CROSS, copy_registry, entry_file
from gitrepo import GitRepo

from registry.entries import check_entries
from registry.preview_watch import snapshot
from registry.published_ids import vanished_problems
from registry.serve import WORKER_NAME, PreviewServer

pytestmark = pytest.mark.slow

OTHER = "gb-meadowhall-british-land-2018"
NEW = "gb-trafford-centre-intu-gmp-2018"
ENTRY_PAGE = f"deployments/{KINGS_CROSS}/index.html"
TITLE = "title: King's Cross Estate"


class Gate:
    """The background full build's start, held until the test opens it; counts the builds."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.changed = threading.Condition()
        self.started = 0
        self.seen: list[bytes | None] = []  # what the server served for the entry page, per build
        self.server: PreviewServer | None = None

    def __call__(self) -> None:
        if self.server is not None:
            self.seen.append(self.server.preview.page_bytes(ENTRY_PAGE))
        with self.changed:
            self.started += 1
            self.changed.notify_all()
        assert self.open.wait(300), "the test never let the full build run"

    def wait_started(self, builds: int) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.started >= builds, 60)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[PreviewServer, str, Gate]]:
    """Two fixture records in a real repository, built once, served; the next builds held."""
    root = copy_registry(tmp_path / "registry", [KINGS_CROSS, OTHER])
    repo = GitRepo(root)
    repo.git("add", "--", "entries")
    repo.commit("Add two records", when=FIXTURE_COMMIT_TIME)
    gate = Gate()
    server = PreviewServer(root, report=lambda *_: None, before_build=gate)
    gate.server = server
    assert server.first_build()
    url = server.listen(0)
    try:
        yield server, url, gate
    finally:
        gate.open.set()
        server.wait_until_built(300)
        server.close()


def test_the_first_build_runs_alone_so_it_can_fork(tmp_path: Path) -> None:
    """The server's own thread starts after the first build: while a second thread runs, a
    build cannot fork, and the search index, feeds and exports would share one interpreter
    lock with the pages (the first build at 10,000 entries took 1.5 times as long)."""
    root = copy_registry(tmp_path / "registry", [KINGS_CROSS])
    threads_seen: list[set[str]] = []
    server = PreviewServer(
        root, report=lambda *_: threads_seen.append({t.name for t in threading.enumerate()})
    )
    assert server.first_build()
    assert threads_seen and not any(WORKER_NAME in names for names in threads_seen)
    assert WORKER_NAME in {t.name for t in threading.enumerate()}, "later builds run in the background"
    server.close()


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def status(url: str, path: str) -> dict[str, Any]:
    return json.loads(get(f"{url}__registry__/status?path={path}"))


def edit(root: Path, entry_id: str, old: str, new: str) -> None:
    path = root / "entries" / entry_id[:2] / f"{entry_id}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_is_served_at_once_and_the_full_build_writes_the_same_pages(served: Any) -> None:
    server, url, gate = served
    root = server.root
    edit(root, KINGS_CROSS, TITLE, "title: Edited King's Cross Estate")
    server.poll()
    assert "Edited King" in get(url + f"deployments/{KINGS_CROSS}/")
    assert "Edited King" not in (root / "site" / ENTRY_PAGE).read_text("utf-8"), (
        "site/ waits for the full build"
    )
    assert status(url, f"/deployments/{KINGS_CROSS}/") | {"version": ""} == {
        "version": "",
        "overlay": True,
        "state": "rebuilding",
    }
    shown = {rel: server.preview.page_bytes(rel) for rel in server.preview.overlaid()}
    assert {ENTRY_PAGE, "countries/gb/index.html", "deployments/index.html", "index.html"} <= set(shown)
    assert any(rel.startswith("operators/") for rel in shown) and any(
        rel.startswith("vendors/") for rel in shown
    )
    assert all(b"Edited King" in shown[rel] for rel in (ENTRY_PAGE, "countries/gb/index.html"))
    assert "Edited King" in get(url + "deployments/")
    gate.open.set()
    assert server.wait_until_built(300)
    assert server.preview.overlaid() == set() and server.preview.state == "current"
    for rel, page in shown.items():
        assert (root / "site" / rel).read_bytes() == page, (
            f"{rel}: the preview's page is not the full build's"
        )


def test_a_second_edit_during_the_full_build_is_kept_until_a_build_has_read_it(served: Any) -> None:
    server, url, gate = served
    root = server.root
    edit(root, KINGS_CROSS, TITLE, "title: First King's Cross Estate")
    server.poll()
    assert gate.wait_started(1)
    edit(root, KINGS_CROSS, "title: First King's Cross Estate", "title: Second King's Cross Estate")
    server.poll()
    assert "Second King" in get(url + f"deployments/{KINGS_CROSS}/")
    gate.open.set()
    assert server.wait_until_built(600)
    assert gate.started == 2, "one more full build, for the edit made during the first"
    between = gate.seen[1] or b""
    assert b"Second King" in between, "the overlay kept the second edit while site/ had only the first"
    assert "Second King" in (root / "site" / ENTRY_PAGE).read_text("utf-8")
    assert server.preview.overlaid() == set()


def test_a_bad_edit_prints_what_check_prints_and_keeps_the_last_good_page(
    served: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    server, url, gate = served
    root = server.root
    before = get(url + f"deployments/{KINGS_CROSS}/")
    edit(root, KINGS_CROSS, "country: GB", "country: XX")
    edit(root, OTHER, "\ntitle:", "\nrelated:\n  - gb-no-such-record\ntitle:")
    capsys.readouterr()
    server.poll()
    printed = capsys.readouterr().err.splitlines()
    expected = [p.format() for p in check_entries(root).problems]
    assert expected and printed[: len(expected)] == expected
    assert any("gb-no-such-record" in line for line in printed), "a cross-record rule: related ids"
    assert "the pages of files with problems keep their last good version" in printed[-1]
    assert get(url + f"deployments/{KINGS_CROSS}/") == before
    assert status(url, f"/deployments/{KINGS_CROSS}/")["state"] == "held"
    assert server.preview.overlaid() == set()
    assert gate.started == 0 and server.wait_until_built(0), "no full build: nothing changed was accepted"
    edit(root, KINGS_CROSS, "country: XX", "country: GB")
    server.poll()
    printed = capsys.readouterr().err.splitlines()
    assert not any(OTHER in line for line in printed), "the other file's problems were told already"
    assert "1 file(s) with problems (above) keep their last good pages" in printed[-1]
    assert status(url, f"/deployments/{KINGS_CROSS}/") | {"version": ""} == {
        "version": "",
        "overlay": True,
        "state": "rebuilding",
    }, "the mended record is shown, and its notice does not claim it has problems"
    assert status(url, f"/deployments/{OTHER}/")["state"] == "held", "the other file is still wrong"
    edit(root, OTHER, "\nrelated:\n  - gb-no-such-record\ntitle:", "\ntitle:")
    server.poll()
    assert status(url, f"/deployments/{OTHER}/")["state"] == "rebuilding"
    assert server.preview.held == frozenset()


def test_a_new_entry_with_todos_does_not_hold_back_an_edit_of_another(
    served: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """The contributor's tryout: `registry new` leaves TODOs, so that file fails its check; an
    edit of another entry was not shown, and the new file's problems were printed again on
    every save of the other, until the new file was fixed or deleted."""
    from registry.scaffold import new_entry, propose_id

    server, url, gate = served
    root = server.root
    names = ("DE", "Beispielstadt", "Hauptbahnhof", "Beispielstadt facial recognition at Hauptbahnhof")
    new_id = propose_id(*names)
    new_file = new_entry(root, *names, new_id)
    capsys.readouterr()
    server.poll()
    printed = capsys.readouterr().err.splitlines()
    expected = [p.format() for p in check_entries(root).problems]
    assert len(expected) > 5 and all(line.startswith(f"entries/de/{new_id}.yaml:") for line in expected)
    assert printed[: len(expected)] == expected
    assert status(url, f"/deployments/{new_id}/")["state"] == "unbuilt", "no last good page to show"
    assert gate.started == 0 and server.wait_until_built(0)

    edit(root, KINGS_CROSS, TITLE, "title: Edited King's Cross Estate")
    server.poll()
    printed = capsys.readouterr().err
    assert "Edited King" in get(url + f"deployments/{KINGS_CROSS}/"), "shown at once"
    assert "entries/de/" not in printed, "the new file's problems are not printed again"
    assert "1 file(s) with problems (above) keep their last good pages" in printed
    assert status(url, f"/deployments/{KINGS_CROSS}/")["state"] == "rebuilding", (
        "the edited page's notice says the rest is rebuilding, not that its edit has problems"
    )
    assert status(url, "/")["state"] == "rebuilding"
    assert status(url, f"/deployments/{new_id}/")["state"] == "unbuilt"

    server.poll()  # nothing changed: nothing printed
    assert capsys.readouterr().err == ""
    new_file.write_text(new_file.read_text("utf-8") + "# still a draft\n", "utf-8")
    server.poll()  # the new file changed: its problems are printed again, once
    printed = capsys.readouterr().err.splitlines()
    assert printed[: len(expected)] == expected

    gate.open.set()
    assert server.wait_until_built(300)
    assert gate.started == 1 and server.preview.state == "current"
    assert "Edited King" in (root / "site" / ENTRY_PAGE).read_text("utf-8"), "the full build has the edit"
    assert not (root / "site" / "deployments" / new_id).exists()
    assert status(url, f"/deployments/{new_id}/")["state"] == "unbuilt", "still wrong after the full build"

    new_file.unlink()
    server.poll()
    assert server.preview.held == frozenset() and status(url, f"/deployments/{new_id}/")["state"] not in (
        "held",
        "unbuilt",
    )
    assert "entries/de/" not in capsys.readouterr().err


def test_a_template_change_beside_a_file_with_problems_rebuilds_with_its_last_good_version(
    served: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """The full build that a template change needs read every entry again and stopped at the
    broken one, so the change never showed and every page said the last edit had problems."""
    server, url, gate = served
    root = server.root
    edit(root, OTHER, "\ntitle:", "\nrelated:\n  - gb-no-such-record\ntitle:")
    server.poll()
    expected = [p.format() for p in check_entries(root).problems]
    assert expected and capsys.readouterr().err.splitlines()[: len(expected)] == expected
    template = root / "site_templates" / "entry.html.j2"
    template.write_text(template.read_text("utf-8") + "\n<p>a-template-change</p>\n", "utf-8")
    edit(root, KINGS_CROSS, TITLE, "title: Edited King's Cross Estate")  # in the same look
    server.poll()
    gate.open.set()
    assert server.wait_until_built(300)
    printed = capsys.readouterr().err
    assert "rebuilding everything" in printed and OTHER not in printed, "told once, before"
    assert "building with the last good version of the 1 entry file(s) with problems" in printed
    assert server.preview.state == "current"
    page = get(url + f"deployments/{KINGS_CROSS}/")
    assert "a-template-change" in page and "Edited King" in page
    assert "a-template-change" in get(url + f"deployments/{OTHER}/")
    assert "gb-no-such-record" not in (root / "site" / f"deployments/{OTHER}/index.html").read_text("utf-8")
    assert status(url, f"/deployments/{OTHER}/")["state"] == "held"
    edit(root, OTHER, "\nrelated:\n  - gb-no-such-record\ntitle:", "\ntitle: Mended")
    server.poll()
    assert "a-template-change" in get(url + f"deployments/{OTHER}/"), "the fast path's new templates"
    assert server.preview.held == frozenset()


def test_rules_across_records_still_hold_beside_a_file_with_problems(
    served: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """A record that names a broken new record waits for it (with the broken file left out, its
    related id would name nothing); a copy that takes a record's id is told on the copy, and
    an unrelated edit is still shown."""
    server, url, gate = served
    root = server.root
    other_before = get(url + f"deployments/{OTHER}/")
    broken = root / "entries" / "gb" / f"{NEW}.yaml"
    broken.write_text(entry_file(NEW).read_text("utf-8").replace("country: GB", "country: XX", 1), "utf-8")
    edit(root, OTHER, "\ntitle:", f"\nrelated:\n  - {NEW}\ntitle:")
    capsys.readouterr()
    server.poll()
    printed = capsys.readouterr().err.splitlines()
    expected = [p.format() for p in check_entries(root).problems]
    assert expected and all(NEW in line for line in expected), "check blames the broken file alone"
    assert printed[: len(expected)] == expected
    assert printed[len(expected) + 1 :] == [
        f"Preview: entries/gb/{OTHER}.yaml waits for the files with problems: beside their last good "
        "version it would break a rule across records (such as a related id)"
    ]
    assert get(url + f"deployments/{OTHER}/") == other_before
    assert status(url, f"/deployments/{OTHER}/")["state"] == "held"
    assert gate.started == 0 and server.wait_until_built(0)

    edit(root, NEW, "country: XX", "country: GB")
    server.poll()
    printed = capsys.readouterr().err
    assert "Trafford" in get(url + f"deployments/{NEW}/")
    assert f"/deployments/{NEW}/" in get(url + f"deployments/{OTHER}/"), "the related link, now shown"
    assert server.preview.held == frozenset() and "problems" not in printed

    copy = root / "entries" / "gb" / "gb-kings-copy.yaml"  # sorts before the record it copies
    copy.write_text((root / "entries" / "gb" / f"{KINGS_CROSS}.yaml").read_text("utf-8"), "utf-8")
    server.poll()
    printed = capsys.readouterr().err.splitlines()
    expected = [p.format() for p in check_entries(root).problems]
    # The file named for the id keeps it (check blames the copy, wherever it sorts).
    assert expected and all(line.startswith("entries/gb/gb-kings-copy.yaml:") for line in expected), (
        "the duplicate id is told on the copy"
    )
    assert printed[: len(expected)] == expected
    edit(root, OTHER, "title: Meadowhall", "title: Edited Meadowhall")
    server.poll()
    printed = capsys.readouterr().err
    assert "Edited Meadowhall" in get(url + f"deployments/{OTHER}/")
    assert "entries/gb/gb-kings-copy.yaml" not in printed and f"{KINGS_CROSS}.yaml" not in printed
    assert status(url, "/deployments/gb-kings-copy/")["state"] == "unbuilt"
    assert status(url, f"/deployments/{KINGS_CROSS}/")["state"] != "held", (
        "the record named for the id is fine"
    )
    copy.unlink()
    server.poll()
    assert server.preview.held == frozenset()
    gate.open.set()
    assert server.wait_until_built(300) and server.preview.state == "current"
    assert "Edited Meadowhall" in (root / "site" / f"deployments/{OTHER}/index.html").read_text("utf-8")


def test_a_save_that_empties_the_file_first_is_not_reported_as_empty(
    served: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """An editor that saves by emptying the file and then writing it: serve printed "the file
    is empty" for the moment between. A file that stays empty is still told."""
    server, url, gate = served
    root = server.root
    path = root / "entries" / "gb" / f"{KINGS_CROSS}.yaml"
    text = path.read_text("utf-8")
    capsys.readouterr()
    path.write_text("", "utf-8")  # the editor's first step, seen by a poll
    server.poll()
    path.write_text(text.replace(TITLE, "title: Saved King's Cross Estate", 1), "utf-8")
    server.poll()
    assert "Saved King" in get(url + f"deployments/{KINGS_CROSS}/")
    # A poll whose look (its snapshot) saw a save, while the next save had emptied the file by
    # the time it was read: what it read is not told, and the next poll reads it again.
    path.write_text(text.replace(TITLE, "title: Saved Twice King's Cross Estate", 1), "utf-8")
    seen = snapshot(root)
    path.write_text("", "utf-8")
    server.poll(seen)
    assert status(url, f"/deployments/{KINGS_CROSS}/")["state"] == "held", "it was read, empty"
    path.write_text(text.replace(TITLE, "title: Saved Again King's Cross Estate", 1), "utf-8")
    server.poll()
    assert "Saved Again King" in get(url + f"deployments/{KINGS_CROSS}/")
    printed = capsys.readouterr().err
    assert "the file is empty" not in printed and "problems" not in printed

    path.write_text("", "utf-8")  # and left empty: told once it has stayed empty a moment
    told = ""
    for _ in range(1200):
        server.poll()
        told += capsys.readouterr().err
        if "the file is empty" in told:
            break
        time.sleep(0.05)
    assert f"entries/gb/{KINGS_CROSS}.yaml:1:1: top-level: the file is empty" in told
    assert status(url, f"/deployments/{KINGS_CROSS}/")["state"] == "held"
    assert "Saved Again King" in get(url + f"deployments/{KINGS_CROSS}/"), "the last good version"


def test_a_deleted_published_record_is_refused_and_a_new_record_appears(
    served: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    server, url, gate = served
    root = server.root
    kept = (root / "entries" / "gb" / f"{KINGS_CROSS}.yaml").read_bytes()
    (root / "entries" / "gb" / f"{KINGS_CROSS}.yaml").unlink()
    capsys.readouterr()
    server.poll()
    printed = capsys.readouterr().err.splitlines()
    files = [f for f in check_entries(root).files]
    expected = [p.format() for p in vanished_problems(root, files, [f.stem for f in files])]
    assert expected and printed[: len(expected)] == expected  # the never-404 guard, as check words it
    assert KINGS_CROSS in get(url + f"deployments/{KINGS_CROSS}/")
    (root / "entries" / "gb" / f"{KINGS_CROSS}.yaml").write_bytes(kept)
    with pytest.raises(urllib.error.HTTPError) as missing:
        get(url + f"deployments/{NEW}/")
    assert missing.value.code == 404
    shutil.copyfile(entry_file(NEW), root / "entries" / "gb" / f"{NEW}.yaml")
    server.poll()
    assert server.preview.state == "rebuilding"
    assert "Trafford" in get(url + f"deployments/{NEW}/")
    assert status(url, f"/deployments/{NEW}/")["overlay"] is True
    # A renamed record keeps its old id as an alias: its page appears at the new address.
    renamed = "gb-meadowhall-renamed"
    old_file = root / "entries" / "gb" / f"{OTHER}.yaml"
    text = old_file.read_text("utf-8").replace(
        f"\nid: {OTHER}\n", f"\nid: {renamed}\naliases:\n  - {OTHER}\n", 1
    )
    (root / "entries" / "gb" / f"{renamed}.yaml").write_text(text, "utf-8")
    old_file.unlink()
    server.poll()
    assert server.preview.state == "rebuilding"
    assert "Meadowhall" in get(url + f"deployments/{renamed}/")


def test_an_alias_taking_over_another_records_address_is_refused_as_check_refuses_it(
    served: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """The preview ran the never-404 rule but not the alias rule: deleting a record and listing
    its id on another passed there, and the next full build served the takeover."""
    server, url, _ = served
    root = server.root
    other, kings = (root / "entries" / "gb" / f"{i}.yaml" for i in (OTHER, KINGS_CROSS))
    other.unlink()
    kings.write_text(
        kings.read_text("utf-8").replace(
            f"\nid: {KINGS_CROSS}\n", f"\nid: {KINGS_CROSS}\naliases: [{OTHER}]\n", 1
        ),
        "utf-8",
    )
    capsys.readouterr()
    server.poll()
    printed = capsys.readouterr().err
    assert f"aliases.0: '{OTHER}' was a record of its own while this record was one too" in printed
    assert "Meadowhall" in get(url + f"deployments/{OTHER}/")  # its last good page, not a redirect


def test_a_template_change_rebuilds_everything(served: Any, capsys: pytest.CaptureFixture[str]) -> None:
    server, url, gate = served
    root = server.root
    template = root / "site_templates" / "entry.html.j2"
    template.write_text(template.read_text("utf-8") + "\n<p>a-template-change</p>\n", "utf-8")
    capsys.readouterr()
    server.poll()
    assert "rebuilding everything" in capsys.readouterr().err
    assert server.preview.overlaid() == set() and server.preview.state == "rebuilding"
    assert "a-template-change" not in get(url + f"deployments/{KINGS_CROSS}/")
    gate.open.set()
    assert server.wait_until_built(300)
    assert "a-template-change" in get(url + f"deployments/{KINGS_CROSS}/")
    assert "a-template-change" in get(url + f"deployments/{OTHER}/")
    edit(root, KINGS_CROSS, TITLE, "title: Edited King's Cross Estate")
    server.poll()  # the fast path starts again from the new templates
    page = server.preview.page_bytes(ENTRY_PAGE) or b""
    assert b"a-template-change" in page and b"Edited King" in page


@pytest.mark.browser
def test_an_open_page_shows_the_edit_and_says_when_everything_is_up_to_date(served: Any, page: Any) -> None:
    """In Chromium: the page reloads itself with the edit while the full build is held, its
    notice (role=status, from the server's own script) says the rest is rebuilding, and then
    that everything is up to date; the site's policy is never broken, nothing else is asked."""
    server, url, gate = served
    root = server.root
    page.goto(url + f"deployments/{KINGS_CROSS}/")
    assert page.locator("h1").inner_text().startswith("King's Cross Estate")
    notice = page.locator(".registry-preview-notice[role=status]")
    assert notice.count() == 1 and notice.inner_text() == ""
    page.evaluate("window.loadedBeforeTheEdit = true")
    edit(root, KINGS_CROSS, TITLE, "title: Edited King's Cross Estate")
    server.poll()
    page.wait_for_function(
        "() => !window.loadedBeforeTheEdit && (document.querySelector('h1')?.textContent ?? '').startsWith('Edited')",
        timeout=30_000,
    )
    rebuilding = "Preview: this page is current; search, exports and feeds are rebuilding\u2026"
    page.wait_for_function(
        f"() => document.querySelector('.registry-preview-notice')?.textContent === {json.dumps(rebuilding)}"
    )
    assert notice.is_visible()
    assert_accessible(page)
    page.evaluate("window.loadedBeforeTheBuild = true")
    gate.open.set()
    assert server.wait_until_built(300)
    page.wait_for_function(
        "() => document.querySelector('.registry-preview-notice').textContent === 'Preview: up to date'",
        timeout=30_000,
    )
    assert page.evaluate("window.loadedBeforeTheBuild === true"), "the page was current: no second reload"
    page.wait_for_function(
        "() => document.querySelector('.registry-preview-notice').textContent === ''", timeout=30_000
    )
    assert page.console_errors == []  # a script or style the policy refused would be reported here
    assert_only_origin(page.requests, url.rstrip("/"))
    built = [p.read_text("utf-8") for p in (root / "site").rglob("*.html")]
    assert built and not any("__registry__" in text for text in built), (
        "the preview's script is never in site/"
    )

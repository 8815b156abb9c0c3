"""The live entries/: `registry check`, the published-ids and published-revisions lists and one
build, and nothing more.

The only test module that reads the live records (tests/conftest.py fails any other that
does). Every other test reads the fixture registry (tests/fixture_registry.py), so a data
correction never needs a test change. So these tests assert only what holds for any valid
registry: the check passes, every id is listed, the build exits 0 with a page for every
record and no third-party origin. Never name a live record or fact here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fixture_registry import LIVE_ENTRIES, ROOT
from sitecheck import third_party_fetches

from registry.context import no_history
from registry.entries import load_registry
from registry.errors import HistoryUnavailable
from registry.history import read_history
from registry.published_ids import LIST_PATH, ids_to_publish, read_published_list
from registry.published_revisions import LIST_PATH as REVISIONS_LIST
from registry.published_revisions import read_list


def registry(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """The real command on this checkout, as a contributor or CI runs it."""
    return subprocess.run(
        [sys.executable, "-m", "registry", "--root", str(ROOT), *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "GITHUB_ACTIONS": ""},
        cwd=cwd,
        timeout=900,
    )


def live_ids() -> list[str]:
    return sorted(path.stem for path in LIVE_ENTRIES.glob("*/*.yaml"))


@pytest.mark.slow
def test_registry_check_passes_on_the_live_entries() -> None:
    result = registry("check")
    count = len(live_ids())
    noun = "entry" if count == 1 else "entries"
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert result.stdout == f"registry check passed: {count} {noun} checked, no problems\n"


@pytest.mark.slow
def test_this_repository_lists_every_published_id() -> None:
    """A new entry's pull request adds its id: run `registry published-ids` and commit the file."""
    try:
        history = read_history(ROOT)
    except HistoryUnavailable:  # a shallow clone: the current ids and aliases are still checked
        history = no_history()
    missing = ids_to_publish(load_registry(ROOT), history) - set(read_published_list(ROOT))
    assert not missing, (
        f"{LIST_PATH} is missing {sorted(missing)}: run `registry published-ids` and commit it"
    )


@pytest.mark.slow
def test_the_published_ids_list_only_grows() -> None:
    """No committed version of the list names an id the current list has lost (append-only)."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.fail("this test needs the repository's git history")
    git = ["git", "-C", str(ROOT)]
    shas = subprocess.run(
        [*git, "log", "--format=%H", "--", str(LIST_PATH)], capture_output=True, text=True, check=True
    )
    current = set(read_published_list(ROOT))
    for sha in shas.stdout.split():
        old = subprocess.run([*git, "show", f"{sha}:{LIST_PATH}"], capture_output=True, text=True)
        if old.returncode != 0:  # the commit deleted the file: that is a loss too
            pytest.fail(f"{LIST_PATH} was deleted in {sha[:12]}; restore it")
        ids = {line.strip() for line in old.stdout.splitlines() if line.strip() and not line.startswith("#")}
        assert ids <= current, f"{sorted(ids - current)} were removed from {LIST_PATH} after {sha[:12]}"


def test_every_listed_revision_address_resolves() -> None:
    """entries/published-revisions.txt: each address earlier builds published names a revision."""
    result = registry("published-revisions", "--check")
    assert (result.returncode, result.stderr) == (0, ""), result.stderr


def test_the_published_revisions_list_only_grows() -> None:
    """No committed version of the list names an address the current list has lost (append-only)."""
    git = ["git", "-C", str(ROOT)]
    shas = subprocess.run(
        [*git, "log", "--format=%H", "--", str(REVISIONS_LIST)], capture_output=True, text=True, check=True
    )
    current = {(i.id, i.short) for i in read_list(ROOT)}
    for sha in shas.stdout.split():
        old = subprocess.run([*git, "show", f"{sha}:{REVISIONS_LIST}"], capture_output=True, text=True)
        if old.returncode != 0:
            pytest.fail(f"{REVISIONS_LIST} was deleted in {sha[:12]}; restore it")
        lines = [
            line.split() for line in old.stdout.splitlines() if line.strip() and not line.startswith("#")
        ]
        gone = {(words[0], words[1]) for words in lines} - current
        assert not gone, f"{sorted(gone)} were removed from {REVISIONS_LIST} after {sha[:12]}"


@pytest.mark.slow
def test_registry_build_publishes_every_live_record(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = registry("build", "--site-dir", str(site), "--work-dir", str(tmp_path / "build"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    ids = live_ids()
    assert ids, "the registry has records"
    missing = [i for i in ids if not (site / "deployments" / i / "index.html").is_file()]
    assert missing == [], f"no page for {missing}"
    assert third_party_fetches(site) == []

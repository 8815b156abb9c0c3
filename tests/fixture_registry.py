"""The tests' own registry: a frozen copy of the records, so a data correction needs no test change.

A contributor who corrects a live record (King's Cross's vendor, its camera count) must not
find a red test: the tests read `tests/fixtures/registry/entries/`, never the live `entries/`.
These files are copies of the live records as they stood on 7 December 2026, with
`published-ids.txt`, and they are pinned: never refresh them to follow the live data. Change
one only when a test needs a new shape, and change that test's expectations in the same commit.

The live entries are tested only by tests/test_live_registry.py (`registry check`, the
published-ids list and one build, asserting nothing about any record). tests/conftest.py fails
any other test that opens a file under the live `entries/`.

Not a test module itself; code (mkdocs.yml, site_templates/) still comes from this checkout.
"""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: The live data: only tests/test_live_registry.py may read it.
LIVE_ENTRIES = ROOT / "entries"
#: A registry checkout reduced to its data: `load_registry(FIXTURE_ROOT)` reads it.
FIXTURE_ROOT = Path(__file__).resolve().parent / "fixtures" / "registry"
FIXTURE_ENTRIES = FIXTURE_ROOT / "entries"
#: Every fixture record file, sorted.
ENTRY_FILES = sorted(FIXTURE_ENTRIES.glob("*/*.yaml"))
KINGS_CROSS = "gb-kings-cross-argent"
#: Two records that set every field of the models (tests/test_every_field_shown.py says why).
EVERY_FIELD_ENTRIES = Path(__file__).resolve().parent / "fixtures" / "every_field" / "entries"
#: The fixture history's one commit: 26 November 2026, 10:14:12 UTC (the copied records' date).
FIXTURE_COMMIT_TIME = 1_795_688_052


@cache
def _fixture_files() -> tuple[Any, ...]:
    from registry.entries import load_registry

    return tuple(load_registry(FIXTURE_ROOT))


def fixture_files() -> list[Any]:
    """The fixture registry's records, loaded and checked once per run (`load_registry`).

    For tests that read the records and never change them (they `model_copy` a record to vary
    it): loading and checking all thirty costs half a second each time. A new list each call.
    """
    return list(_fixture_files())


def entry_file(entry_id: str) -> Path:
    """The fixture file of record `entry_id`."""
    return FIXTURE_ENTRIES / entry_id[:2] / f"{entry_id}.yaml"


def entry_source(entry_id: str = KINGS_CROSS) -> str:
    """The text of the fixture record `entry_id`."""
    return entry_file(entry_id).read_text(encoding="utf-8")


def copy_site_files(root: Path) -> None:
    """mkdocs.yml and site_templates/ of this checkout: code, not data."""
    shutil.copyfile(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "site_templates", root / "site_templates")


def copy_registry(root: Path, ids: list[str] | None = None, site_files: bool = True) -> Path:
    """A registry checkout in miniature under `root`: the fixture records (all, or only `ids`).

    The whole copy includes `entries/published-ids.txt`; a partial one leaves it out, since the
    never-404 guard would ask for the records not copied.
    """
    target = root / "entries"
    if ids is None:
        shutil.copytree(FIXTURE_ENTRIES, target)
    else:
        for entry_id in ids:
            dest = target / entry_id[:2] / f"{entry_id}.yaml"
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(entry_file(entry_id), dest)
    if site_files:
        copy_site_files(root)
    return root


def copy_every_field(root: Path) -> Path:
    """The every-field records under `root`, with the site files and schema/ (for the exports)."""
    shutil.copytree(EVERY_FIELD_ENTRIES, root / "entries")
    copy_site_files(root)
    shutil.copytree(ROOT / "schema", root / "schema")
    return root

"""The fixture registry stands in for the live data, and a test that reads the live entries/ fails.

A data correction (a vendor's name, a camera count, a title) must never need a test change
(issue 14). So the tests read a frozen copy of the records (tests/fixture_registry.py), and
tests/conftest.py watches every file the test process opens or lists: a read under the live
entries/ fails the test that made it, unless it is in tests/test_live_registry.py. These
tests run that guard in a pytest of its own, on tests written to break the rule, and check the
corrections that tests/edit_every_entry.py makes to every live record before it runs the suite.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from edit_every_entry import MARK, correct
from fixture_registry import ENTRY_FILES, FIXTURE_ENTRIES, KINGS_CROSS, LIVE_ENTRIES, copy_registry

from registry.entries import check_entries
from registry.published_ids import read_published_list

TESTS = Path(__file__).resolve().parent

#: The inner run's conftest: this suite's hooks (and its audit hook), loaded from tests/conftest.py.
CONFTEST = f"""
import importlib.util
import sys

sys.path.insert(0, {str(TESTS)!r})
_spec = importlib.util.spec_from_file_location("suite_conftest", {str(TESTS / "conftest.py")!r})
_suite = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_suite)
globals().update({{k: v for k, v in vars(_suite).items() if k.startswith("pytest_") and k != "pytest_plugins"}})
"""

READS_LIVE = """
from fixture_registry import LIVE_ENTRIES, entry_source

def test_reads_a_live_record():
    next(LIVE_ENTRIES.glob("*/*.yaml")).read_text(encoding="utf-8")

def test_reads_the_fixture_registry():
    assert entry_source().startswith("# yaml-language-server")
"""


@pytest.mark.slow  # runs pytest in a subprocess
def test_a_test_that_reads_the_live_entries_fails_with_what_to_do(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_elsewhere=READS_LIVE, test_live_registry=READS_LIVE)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(
        [
            f"test_elsewhere.py::test_reads_a_live_record read the live entries/ during call: ['{LIVE_ENTRIES}*",
            "Tests read the fixture registry (tests/fixture_registry.py)*",
        ]
    )


@pytest.mark.slow  # runs pytest in a subprocess
def test_a_module_that_reads_the_live_entries_on_import_stops_the_run(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(
        test_on_import="from fixture_registry import LIVE_ENTRIES\n"
        "FILES = sorted(LIVE_ENTRIES.glob('*/*.yaml'))\n\ndef test_nothing():\n    pass\n"
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [f"ERROR: a test module read the live entries/ at import time: ['{LIVE_ENTRIES}*"]
    )


def test_the_fixture_registry_is_a_whole_registry_of_its_own() -> None:
    """Its own published-ids list, one id a file: a copy builds without asking for a record it lacks."""
    ids = sorted(path.stem for path in ENTRY_FILES)
    assert len(ids) == 30 and all(path.parent.parent == FIXTURE_ENTRIES for path in ENTRY_FILES)
    assert read_published_list(FIXTURE_ENTRIES.parent) == ids


def test_the_proof_script_makes_valid_corrections_to_every_record(tmp_path: Path) -> None:
    """tests/edit_every_entry.py edits the live records and runs the suite; its edits must be
    corrections a contributor could make (every record still checks) and must touch facts the
    tests once read: King's Cross's title, vendor, camera count and last-reviewed date."""
    copy_registry(tmp_path, site_files=False)
    for path in sorted((tmp_path / "entries").glob("*/*.yaml")):
        text, changed = correct(path.read_text(encoding="utf-8"))
        assert "title" in changed and len(changed) >= 4, (path.name, changed)
        path.write_text(text, encoding="utf-8")
    result = check_entries(tmp_path)
    assert [p.format() for p in result.problems] == [] and result.checked == 30
    kx = next(f.entry for f in result.files if f.entry.id == KINGS_CROSS)
    assert kx.title.endswith(MARK) and kx.operator.name.endswith(MARK)
    assert [p.name for p in kx.parties if p.role == "vendor"] == [f"NEC{MARK}"]
    assert (kx.system.cameras, str(kx.record.last_reviewed)) == (3, "2026-11-20")

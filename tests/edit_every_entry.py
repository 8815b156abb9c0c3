"""Proof that a data correction needs no test change: edit every live record, run the tests.

    python tests/edit_every_entry.py                      # the whole suite (minutes)
    python tests/edit_every_entry.py -m "not browser and not slow" -x

Clones this repository (its committed HEAD, with history) into a temporary folder and makes
the corrections a contributor would make, in every record of entries/: the title, the
summary, the operator's name, each vendor's name, the camera count, every measured figure
and fine, and the last-reviewed date. `registry check` must pass on the result (so every
edit is valid); the edits are committed, as a merged correction would be, and then pytest
runs in the copy with the arguments given. The suite must stay green: no test may depend on
a live value (tests/conftest.py also fails any test that reads entries/ in-process).

Not a test module (pytest collects test_*.py only): it runs the suite, so it is run by hand.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARK = " (corrected)"


def _plus_one(match: re.Match[str]) -> str:
    return f"{match.group(1)}{int(match.group(2)) + 1}"


#: Whole-line edits: (pattern, replacement, what it changes). Each applies to every match.
EDITS: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str], str]] = [
    (re.compile(r"^(title: )(['\"]?)(.*?)\2$", re.M), rf"\1\2\3{MARK}\2", "title"),
    (re.compile(r"^(summary: >-\n  )", re.M), r"\1Corrected: ", "summary"),
    (re.compile(r"^(operator:\n  name: )([^\n'\"|>][^\n]*)$", re.M), rf"\1\2{MARK}", "operator name"),
    (
        re.compile(r"^(  - name: )([^\n'\"|>][^\n]*)(\n    role: vendor)$", re.M),
        rf"\1\2{MARK}\3",
        "vendor name",
    ),
    (re.compile(r"^(  cameras: )(\d+)$", re.M), _plus_one, "camera count"),
    (re.compile(r"^(\s+value: )(\d+)$", re.M), _plus_one, "measured figure"),
    (re.compile(r"^(\s+amount: )(\d+)$", re.M), _plus_one, "fine"),
    (re.compile(r"^(  last_reviewed: )\d{4}-\d{2}-\d{2}$", re.M), r"\g<1>2026-11-20", "last reviewed"),
]


def correct(text: str) -> tuple[str, list[str]]:
    """The record with every edit applied; the names of the edits that changed something."""
    changed = []
    for pattern, replacement, what in EDITS:
        text, count = pattern.subn(replacement, text)
        if count:
            changed.append(f"{what} x{count}" if count > 1 else what)
    return text, changed


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)


def main(pytest_args: list[str]) -> int:
    if run("git", "status", "--porcelain", cwd=ROOT).stdout.strip():
        print("note: uncommitted changes are not in the copy (it clones HEAD)", file=sys.stderr)
    scratch = Path(tempfile.mkdtemp(prefix="edit-every-entry-")) / "registry"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(scratch)], check=True)
    files = sorted((scratch / "entries").glob("*/*.yaml"))
    for path in files:
        text, changed = correct(path.read_text(encoding="utf-8"))
        assert "title" in changed and len(changed) >= 3, (path.name, changed)
        path.write_text(text, encoding="utf-8")
        print(f"{path.relative_to(scratch)}: {', '.join(changed)}")
    checked = run(sys.executable, "-m", "registry", "--root", str(scratch), "check", cwd=scratch)
    print(checked.stdout + checked.stderr, end="")
    if checked.returncode != 0:
        print("an edit was not valid: fix this script, not the tests", file=sys.stderr)
        return 2
    who = {"GIT_AUTHOR_NAME": "Edit Every Entry", "GIT_AUTHOR_EMAIL": "edit@registry.invalid"}
    env = {**os.environ, **who, "GIT_COMMITTER_NAME": who["GIT_AUTHOR_NAME"]}
    env["GIT_COMMITTER_EMAIL"] = who["GIT_AUTHOR_EMAIL"]
    run("git", "commit", "-qam", f"Correct all {len(files)} records", cwd=scratch, env=env)
    print(f"{len(files)} records corrected in {scratch}; running pytest there", flush=True)
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *pytest_args], cwd=scratch
    )
    print(f"pytest in the corrected copy exited {tests.returncode} ({scratch})")
    return tests.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

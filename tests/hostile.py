"""Helpers for the hostile-input tests (issue 16): the full fixture entry, edited, and the CLI.

Entries are made from tests/fixtures/entries/valid_full.yaml, never from the live entries/.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from cli_runner import registry_cli, registry_process

FIXTURE = (Path(__file__).parent / "fixtures" / "entries" / "valid_full.yaml").read_text(encoding="utf-8")
REL = "entries/gb/gb-fixture-full.yaml"
# Our own annotation: a fixed prefix, then properties that hold no raw ':' or ','.
OWN_ANNOTATION = re.compile(r"^::error file=[^,:]*,line=\d+,col=\d+::")


def entry(**replace: str) -> str:
    """The full fixture (without its link to a record the tests do not have), with text edits."""
    text = FIXTURE.replace("related: [gb-fixture-other]\n", "")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def write(root: Path, text: str, rel: str = REL) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def registry(root: Path, *args: str, actions: bool = True) -> subprocess.CompletedProcess[str]:
    """`registry` in this process (tests/cli_runner.py), as in CI when `actions`."""
    return registry_cli(root, *args, env={**os.environ, "GITHUB_ACTIONS": "true" if actions else ""})


def registry_as_a_process(root: Path, *args: str, actions: bool = True) -> subprocess.CompletedProcess[str]:
    """`python -m registry` as a real process: what a CI log receives, byte for byte."""
    return registry_process(root, *args, env={**os.environ, "GITHUB_ACTIONS": "true" if actions else ""})


def assert_no_forged_lines(output: str) -> None:
    """No output line is a workflow command except our own annotations, and none hides text."""
    for line in output.splitlines():
        if line.lstrip().startswith("::"):
            assert OWN_ANNOTATION.match(line), line
        assert "##[" not in line, line
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u200b\u202e]", line), line


def entry_as(entry_id: str, aliases: str = "[]") -> str:
    """The fixture under another id, with other aliases."""
    return entry(
        **{"id: gb-fixture-full": f"id: {entry_id}", "aliases: [gb-fixture-old-name]": f"aliases: {aliases}"}
    )

"""Hostile entries, as an outside contributor could write them (issue 16).

Each test is a repro from the attack on the registry: forged CI output, tracebacks, numbers
that pass check and break the build, invisible characters, slow rejection. They run in the
normal `python -m pytest`, so CI runs them on every pull request.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

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
    return subprocess.run(
        [sys.executable, "-m", "registry", "--root", str(root), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "GITHUB_ACTIONS": "true" if actions else ""},
        timeout=300,
    )


def assert_no_forged_lines(output: str) -> None:
    """No output line is a workflow command except our own annotations, and none hides text."""
    for line in output.splitlines():
        if line.lstrip().startswith("::"):
            assert OWN_ANNOTATION.match(line), line
        assert "##[" not in line, line
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u200b\u202e]", line), line


# --- 1. Output injection ---------------------------------------------------------------------


def test_a_newline_in_a_key_cannot_forge_a_workflow_command(tmp_path: Path) -> None:
    write(tmp_path, entry() + '"x\\n::error file=README.md,line=1::forged by an entry": y\n')
    result = registry(tmp_path, "check")
    assert result.returncode == 1
    assert_no_forged_lines(result.stdout + result.stderr)
    problem = [line for line in result.stderr.splitlines() if line.startswith(REL)]
    assert problem == [
        f"{REL}:202:1: x\\n::error file=README.md,line=1::forged by an entry: "
        "'x\\n::error file=README.md,line=1::forged by an entry' is not a field here; allowed here: "
        + problem[0].split("allowed here: ")[1]
    ]


def test_a_newline_in_a_value_cannot_forge_a_workflow_command(tmp_path: Path) -> None:
    write(tmp_path, entry(**{"  country: GB": '  country: "GB\\n::warning::forged"'}))
    result = registry(tmp_path, "check")
    assert result.returncode == 1
    assert_no_forged_lines(result.stdout + result.stderr)
    assert f"{REL}:12:12: place.country: 'GB\\n::warning::forged' is not an ISO 3166-1" in result.stderr


def test_a_newline_in_a_file_name_cannot_forge_a_workflow_command(tmp_path: Path) -> None:
    rel = "entries/gb/gb-x\n::error file=README.md,line=1::forged.yaml"
    write(tmp_path, entry(), rel)
    result = registry(tmp_path, "check")
    assert result.returncode == 1
    assert_no_forged_lines(result.stdout + result.stderr)
    assert "entries/gb/gb-x\\n::error file=README.md,line=1::forged.yaml:1:1: filename:" in result.stderr
    # The annotation's file= property is escaped as GitHub documents: ':' and ',' too.
    assert "::error file=entries/gb/gb-x\\n%3A%3Aerror file=README.md%2Cline=1%3A%3Aforged.yaml,line=1" in (
        result.stderr
    )


def test_escape_sequences_and_invisible_characters_are_shown_not_obeyed(tmp_path: Path) -> None:
    write(tmp_path, entry(), "entries/gb/gb-\x1b[2J\u202ekey\x85##[error]x.yaml")
    result = registry(tmp_path, "check")
    assert result.returncode == 1
    assert_no_forged_lines(result.stdout + result.stderr)
    assert "entries/gb/gb-\\x1b[2J\\u202ekey\\x85#\\x23[error]x.yaml:1:1: filename:" in result.stderr


def test_the_one_escaping_function() -> None:
    from registry.terminal import command_message, command_property, shown

    assert shown("a\nb\rc\td\x1b\x7f\x85\u2028\u200b\U000e0041\ud800") == (
        "a\\nb\\rc\\td\\x1b\\x7f\\x85\\u2028\\u200b\\U000e0041\\ud800"
    )
    assert shown("  ::error::x") == "  \\x3a:error::x"
    assert shown("King's Cross: 4 cameras, café") == "King's Cross: 4 cameras, café"
    assert command_message("50%\r\n::x") == "50%25%0D%0A::x"
    assert command_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"

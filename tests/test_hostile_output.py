"""Hostile text cannot forge CI output, and a bug is never dressed as a user mistake.

Repros from the attack on the registry (issue 16); they run in the normal `python -m pytest`,
so CI runs them on every pull request. Helpers: tests/hostile.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import REL, assert_no_forged_lines, entry, write
from hostile import registry_as_a_process as registry

# --- 1. Output injection ---------------------------------------------------------------------


@pytest.mark.slow
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


@pytest.mark.slow
def test_a_newline_in_a_value_cannot_forge_a_workflow_command(tmp_path: Path) -> None:
    write(tmp_path, entry(**{"  country: GB": '  country: "GB\\n::warning::forged"'}))
    result = registry(tmp_path, "check")
    assert result.returncode == 1
    assert_no_forged_lines(result.stdout + result.stderr)
    assert f"{REL}:12:12: place.country: 'GB\\n::warning::forged' is not an ISO 3166-1" in result.stderr


@pytest.mark.slow
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


@pytest.mark.slow
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


# --- 10. Bugs are not user errors -----------------------------------------------------------------


@pytest.mark.slow
def test_a_bug_shows_its_traceback_and_how_to_report_it(tmp_path: Path) -> None:
    # A bug stands in for one: the check command itself raises, as broken code would.
    code = (
        "import sys\n"
        "from registry import cli\n"
        "def broken(args):\n"
        "    raise RuntimeError('x\\n::error::forged')\n"
        "cli._cmd_check = broken\n"
        "sys.exit(cli.main(['--root', sys.argv[1], 'check']))\n"
    )
    (tmp_path / "entries").mkdir()  # a registry's root: the command itself runs, and breaks
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    from registry.cli import BUG_REPORT

    assert result.returncode == 3
    lines = result.stderr.splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    assert "RuntimeError: x\n\\x3a:error::forged\n" in result.stderr  # a line of its own, defused
    assert lines[-1] == BUG_REPORT
    assert_no_forged_lines(result.stderr)


@pytest.mark.slow
def test_a_user_mistake_never_shows_a_traceback(tmp_path: Path) -> None:
    write(tmp_path, entry(**{"  cameras: 4": "  cameras: four"}))
    result = registry(tmp_path, "build", actions=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "bug" not in result.stderr


@pytest.mark.slow
def test_a_child_that_dies_is_an_internal_error_not_a_user_error() -> None:
    from multiprocessing import get_context

    from registry.errors import InternalError, RegistryError
    from registry.parallel import Child

    assert not issubclass(InternalError, RegistryError)
    # A real child process that ends without sending a result (spawned, never a thread of
    # this process, whatever else runs in the test session).
    context = get_context("spawn")
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=os._exit, args=(5,), name="dying")
    process.start()
    writer.close()
    with pytest.raises(InternalError, match=r"dying ended without a result \(exit code 5\)"):
        Child("dying", process, reader).join()


@pytest.mark.slow
def test_a_missing_site_config_is_a_user_error_not_a_bug(tmp_path: Path) -> None:
    write(tmp_path, entry())
    result = registry(tmp_path, "build", actions=False)
    assert (result.returncode, result.stderr) == (
        1,
        f"registry: no mkdocs.yml in {tmp_path}: run the build from the repository's root\n",
    )

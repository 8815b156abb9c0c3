"""The README's two commands are the ones that work, and CI runs exactly the test one."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    (command,) = re.findall(r'^TEST_COMMAND="(.+)"$', ci, re.MULTILINE)
    assert f"\n{command}\n" in README


def test_readme_has_the_build_command() -> None:
    assert "\npip install -e . && registry build\n" in README


def test_readme_documents_every_command() -> None:
    from registry.cli import _parser

    parser = _parser()
    (subparsers,) = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    for name in subparsers.choices:
        assert f"`registry {name}" in README, f"README does not document `registry {name}`"

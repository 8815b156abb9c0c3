"""The code stays ruff-clean (lint and format), so CI enforces what the README promises."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    ruff = shutil.which("ruff") or sys.executable
    prefix = [ruff] if ruff != sys.executable else [sys.executable, "-m", "ruff"]
    return subprocess.run([*prefix, *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_lint_is_clean() -> None:
    result = _ruff("check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = _ruff("format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


#: STYLE: "files small enough to read in one sitting"; issue 17's done-when names the number.
MAX_MODULE_LINES = 400


def long_modules(root: Path, limit: int = MAX_MODULE_LINES) -> list[str]:
    """Every module under `root` longer than `limit` lines, as `path: N lines`."""
    found = []
    for path in sorted(root.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > limit:
            found.append(f"{path.relative_to(root.parent)}: {lines} lines")
    return found


def test_no_registry_module_is_over_400_lines() -> None:
    long = long_modules(ROOT / "registry")
    assert not long, f"split these by job (over {MAX_MODULE_LINES} lines): {long}"


def test_long_modules_finds_a_module_one_line_over(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "short.py").write_text("x = 1\n" * MAX_MODULE_LINES, encoding="utf-8")
    (package / "sub" / "long.py").write_text("x = 1\n" * (MAX_MODULE_LINES + 1), encoding="utf-8")
    assert long_modules(package) == ["pkg/sub/long.py: 401 lines"]

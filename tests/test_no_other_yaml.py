"""Lint: YAML is read only through `registry/loader.py` (SECURITY.md §2 rule 1).

Any other loader would bring back YAML 1.1 typing, duplicate keys and alias bombs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ("registry", "scripts", "tests", "hooks")
ALLOWED = {
    "registry/loader.py",
    "tests/test_loader.py",
    "tests/test_no_other_yaml.py",
    # The benchmark's floor is stock PyYAML by definition; it only times parsing, never uses the data.
    "scripts/bench_check.py",
    # The layout route reads the front matter engine.front_matter wrote (never an entry file),
    # with the engine's own safe loader, so a filled page gets exactly the values the engine
    # would have put in it.
    "registry/layout.py",
}
# `safe_load` also catches `safe_load_all` and `from yaml import safe_load`.
FORBIDDEN = (
    "yaml.load(",
    "yaml.load_all(",
    "safe_load",
    "full_load",
    "unsafe_load",
    "yaml.parse(",
    "yaml.compose(",
    "CSafeLoader",
    "CLoader",
    "ruamel",
    "strictyaml",
)


def find_yaml_calls(root: Path) -> list[str]:
    """Returns `path: forbidden` for every forbidden YAML use under the scanned folders."""
    found = []
    for folder in SCANNED:
        for path in sorted((root / folder).rglob("*.py")):
            name = path.relative_to(root).as_posix()
            if name in ALLOWED:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [f"{name}: {word}" for word in FORBIDDEN if word in text]
    return found


def test_no_yaml_loading_outside_the_loader():
    assert (ROOT / "registry" / "loader.py").is_file()
    assert find_yaml_calls(ROOT) == [], "read YAML only through registry.loader.load_yaml"


@pytest.mark.parametrize("call", ["yaml.safe_load(text)", "from ruamel.yaml import YAML"])
def test_lint_finds_a_planted_call(tmp_path, call):
    (tmp_path / "registry").mkdir()
    (tmp_path / "registry" / "loader.py").write_text("yaml.parse(text)\n")
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "export.py").write_text(f"import yaml\ndata = {call}\n")
    found = find_yaml_calls(tmp_path)
    assert len(found) >= 1 and all(line.startswith("scripts/export.py: ") for line in found)

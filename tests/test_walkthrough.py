"""A new contributor's first entry, step by step, exactly as CONTRIBUTING.md tells it.

1. `registry new` with flags in a copy of the repository;
2. `registry check` lists every TODO, one line each, and nothing else;
3. the contributor replaces each TODO line with a value (a text edit, as in an editor) and
   writes the end date the file's comment asks for when the status is `ended`;
4. `registry check` passes; 5. `registry build` publishes the page.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_runner import registry_cli
from fixture_registry import copy_registry

from registry.loader import load_file

ROOT = Path(__file__).resolve().parent.parent
NEW_ID = "gb-exampleton-retail-centre-mall"
REL = f"entries/gb/{NEW_ID}.yaml"

#: What the contributor writes in place of each TODO, by field path.
ANSWERS = {
    "summary": "A shopping centre ran live facial recognition on one camera at its entrance for five months in 2020.",
    "record.last_reviewed": "2026-11-30",
    "place.type": "retail",
    "operator.sector": "private",
    "operator.kind": "property",
    "parties.0.name": "Example Vision",
    "system.fr_modes": ["live"],
    "evidence.basis": "credible_reporting",
    "timeline.status": "ended",
    "timeline.as_of": "2021-02",
    "timeline.start": "2020-01",
    "sources.0.url": "https://news.example.org/mall-cameras",
    "sources.0.title": "Mall ends face recognition trial",
    "sources.0.publisher": "Example News",
    "sources.0.published": "2021-02-03",
    "sources.0.type": "news",
    "sources.0.supports": "The trial, its camera, its dates and the vendor.",
}


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`registry` in this process (tests/cli_runner.py), from the copy's folder."""
    return registry_cli(root, *args, cwd=root)


def fill_in(path: Path) -> list[str]:
    """Replaces each TODO value in place, line by line; returns the field paths it filled."""
    loaded = load_file(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    filled = []
    for loc, (line, col) in loaded.values.items():
        value = _at(loaded.data, loc)
        if isinstance(value, str) and value.startswith("TODO"):
            field = ".".join(map(str, loc))
            lines[line - 1] = lines[line - 1][: col - 1] + json.dumps(ANSWERS[field], ensure_ascii=False)
            filled.append(field)
    text = "\n".join(lines)
    # The file's own comment says the end date is needed when the status is ended.
    old = "  # end: 2020-01  (required when the status is ended; or {unknown: not_found, note: ...})"
    assert old in text
    path.write_text(text.replace(old, "  end: 2020-05"), encoding="utf-8")
    return filled


def _at(data: object, loc: tuple) -> object:
    for part in loc:
        data = data[part]  # type: ignore[index]
    return data


@pytest.fixture
def contributor_copy(tmp_path: Path) -> Path:
    copy_registry(tmp_path)  # the fixture registry's records, mkdocs.yml and site_templates/
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    (tmp_path / "registry").mkdir()
    shutil.copyfile(ROOT / "registry" / "engine.py", tmp_path / "registry" / "engine.py")
    created = run(
        tmp_path,
        "new",
        "--country",
        "GB",
        "--operator",
        "Exampleton Retail",
        "--place",
        "Centre Mall",
        "--title",
        "Centre Mall live facial recognition trial",
    )
    assert created.returncode == 0, created.stderr
    assert created.stdout.startswith(f"created {REL}\n")
    return tmp_path


def test_the_first_check_lists_exactly_the_todos(contributor_copy: Path) -> None:
    result = run(contributor_copy, "check", REL)
    lines = result.stderr.splitlines()
    assert result.returncode == 1
    assert lines[-1] == f"registry check failed: {len(ANSWERS)} errors in 1 file"
    fields = [line.split(": ")[1] for line in lines[:-1]]
    assert sorted(fields) == sorted(ANSWERS)
    assert all(": still says TODO: replace it with " in line for line in lines[:-1])
    assert (
        f"{REL}:43:11: operator.sector: still says TODO: replace it with one of public, private, mixed"
        in lines
    )


def test_filled_in_the_entry_passes_and_is_published(contributor_copy: Path) -> None:
    assert sorted(fill_in(contributor_copy / REL)) == sorted(ANSWERS)
    checked = run(contributor_copy, "check", REL)
    assert (checked.returncode, checked.stderr) == (0, "")
    assert checked.stdout == "registry check passed: 1 entry checked, no problems\n"
    everything = run(contributor_copy, "check")
    assert everything.returncode == 0, everything.stderr


@pytest.mark.slow
def test_registry_build_shows_the_new_page(contributor_copy: Path) -> None:
    fill_in(contributor_copy / REL)
    built = run(contributor_copy, "build")
    assert built.returncode == 0, built.stderr
    page = (contributor_copy / "site" / "deployments" / NEW_ID / "index.html").read_text(encoding="utf-8")
    assert "Centre Mall live facial recognition trial" in page
    assert "Example Vision" in page

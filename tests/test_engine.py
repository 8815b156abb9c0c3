"""The seam to the site engine (registry/engine.py, issue 21): one module knows the engine, the
engine is the maintained one, and MkDocs 2.0 can never be installed by accident.

The build itself (ProperDocs with Material, strict, byte-identical twice) is tested end to end
in tests/test_build.py; scripts/compare_engines.py diffs whole sites against MkDocs 1.6.1.
"""

from __future__ import annotations

import ast
import json
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement

from registry import engine
from registry.errors import BuildError

ROOT = Path(__file__).resolve().parent.parent
ENGINE_PACKAGES = {"mkdocs", "properdocs", "material", "zensical"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def test_no_module_but_the_seam_imports_an_engine_package() -> None:
    offenders = {
        path.relative_to(ROOT).as_posix(): sorted(_imports(path) & ENGINE_PACKAGES)
        for path in sorted((ROOT / "registry").rglob("*.py"))
        if path.name != "engine.py" and _imports(path) & ENGINE_PACKAGES
    }
    assert offenders == {}


def test_the_seam_names_no_other_on_function_than_the_engines_events() -> None:
    """The engine loads registry/engine.py as its hook module and calls every `on_*` in it."""
    names = {name for name in vars(engine) if name.startswith("on_")}
    assert names == {"on_env", "on_files", "on_page_markdown", "on_page_content", "on_post_build"}


def _requirements() -> dict[str, Requirement]:
    with (ROOT / "pyproject.toml").open("rb") as stream:
        deps = tomllib.load(stream)["project"]["dependencies"]
    return {Requirement(d).name: Requirement(d) for d in deps}


def test_mkdocs_2_can_never_be_installed_and_properdocs_stays_on_1x() -> None:
    reqs = _requirements()
    assert not reqs["mkdocs"].specifier.contains("2.0.0", prereleases=True)
    assert not reqs["mkdocs"].specifier.contains("1.7.0", prereleases=True)
    assert reqs["properdocs"].specifier.contains("1.6.7")
    assert not reqs["properdocs"].specifier.contains("2.0.0", prereleases=True)
    assert not reqs["mkdocs-material"].specifier.contains("10.0.0", prereleases=True)


def test_the_installed_engine_is_properdocs_1x_and_mkdocs_is_the_last_1x() -> None:
    assert engine.ENGINE == "properdocs"
    assert version("properdocs").startswith("1.")
    assert version("mkdocs") == "1.6.1"


def test_the_config_is_read_by_the_engines_reader_with_its_tags(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: !ENV [REGISTRY_TEST_UNSET_NAME, 'Fallback name']\nsite_url: https://x.example/\n",
        encoding="utf-8",
    )
    assert engine.read_config(tmp_path) == {"site_name": "Fallback name", "site_url": "https://x.example/"}


def test_an_unknown_engine_is_a_named_build_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(engine, "ENGINE", "mkdocs2")
    with pytest.raises(BuildError, match="the site engine 'mkdocs2' is not installed"):
        engine.build(tmp_path, tmp_path / "work", tmp_path / "site", 0)


def test_the_derived_config_inherits_the_repositorys_and_names_this_hook(tmp_path: Path) -> None:
    path = engine.write_config(ROOT, tmp_path / "work", tmp_path / "site")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == {
        "INHERIT": str(ROOT / "mkdocs.yml"),
        "docs_dir": str(tmp_path / "work" / "docs"),
        "site_dir": str(tmp_path / "site"),
        "theme": {"custom_dir": str(tmp_path / "work" / "overrides")},
        "hooks": [str(ROOT / "registry" / "engine.py")],
    }


def test_overrides_are_copied_and_a_removed_one_goes(tmp_path: Path) -> None:
    overrides = tmp_path / "site_templates" / "overrides"
    (overrides / "partials").mkdir(parents=True)
    (overrides / "main.html").write_text("a", encoding="utf-8")
    (overrides / "partials" / "footer.html").write_text("b", encoding="utf-8")
    assert engine.write_overrides(tmp_path, tmp_path / "work") == 2
    (overrides / "partials" / "footer.html").unlink()
    engine.write_overrides(tmp_path, tmp_path / "work")
    kept = sorted(p.relative_to(tmp_path / "work").as_posix() for p in (tmp_path / "work").rglob("*.html"))
    assert kept == ["overrides/main.html"]


def test_materials_stylesheets_are_found_through_the_engine() -> None:
    dirs = engine.theme_dirs()
    assert dirs[0].name == "templates" and dirs[0].parent.name == "material"
    assert list((dirs[0] / "assets" / "stylesheets").glob("main.*.min.css"))


# --- scripts/engine_watch.py: what the weekly engine-watch job compares ---


def _watch() -> Any:
    sys.path.insert(0, str(ROOT / "scripts"))
    import engine_watch

    return engine_watch


def _pypi(version: str, classifiers: list[str], requires: list[str], yanked: dict[str, bool]) -> dict:
    """The part of PyPI's JSON document (https://pypi.org/pypi/<name>/json) the watch reads."""
    return {
        "info": {"version": version, "classifiers": classifiers, "requires_dist": requires},
        "releases": {v: [{"filename": f"x-{v}.whl", "yanked": y}] for v, y in yanked.items()},
    }


MATERIAL_NOW = _pypi(
    "9.8.2",
    ["Development Status :: 7 - Inactive", "License :: OSI Approved :: MIT License"],
    ["babel>=2.10", "mkdocs<2,>=1.6", "mkdocs-git-revision-date-localized-plugin; extra == 'git'"],
    {"9.8.2": False},
)


def test_the_committed_expectation_matches_materials_status_today() -> None:
    watch = _watch()
    expected = json.loads((ROOT / ".github" / "engine-watch.json").read_text(encoding="utf-8"))
    assert set(expected) == set(watch.WATCHED)
    found = {"mkdocs-material": watch.status(MATERIAL_NOW, "9.8.2")}
    assert watch.changes({"mkdocs-material": expected["mkdocs-material"]}, found) == []


@pytest.mark.parametrize(
    ("project", "installed", "line"),
    [
        (
            _pypi("9.8.3", ["Development Status :: 7 - Inactive"], ["mkdocs<3,>=1.6"], {"9.8.2": False}),
            "9.8.2",
            "- `mkdocs-material` engine_requirements: expected `['mkdocs<2,>=1.6']`, now `['mkdocs<3,>=1.6']`",
        ),
        (
            _pypi("9.8.2", ["Development Status :: 7 - Inactive"], ["mkdocs<2,>=1.6"], {"9.8.2": True}),
            "9.8.2",
            "- `mkdocs-material` installed_yanked: expected `False`, now `True`",
        ),
        (
            _pypi("10.0.0", ["Development Status :: 7 - Inactive"], ["mkdocs<2,>=1.6"], {"9.8.2": False}),
            "9.8.2",
            "- `mkdocs-material` series: expected `9`, now `10`",
        ),
        (
            _pypi("9.8.2", ["Development Status :: 5 - Production/Stable"], ["mkdocs<2,>=1.6"], {}),
            "9.8.2",
            "- `mkdocs-material` status: expected `['Development Status :: 7 - Inactive']`, "
            "now `['Development Status :: 5 - Production/Stable']`",
        ),
    ],
)
def test_a_change_of_status_is_one_named_line(project: dict, installed: str, line: str) -> None:
    watch = _watch()
    before = {"mkdocs-material": watch.status(MATERIAL_NOW, "9.8.2")}
    assert watch.changes(before, {"mkdocs-material": watch.status(project, installed)}) == [line]


def test_a_patch_release_is_not_a_change_of_status() -> None:
    watch = _watch()
    patch = _pypi("9.8.3", ["Development Status :: 7 - Inactive"], ["mkdocs<2,>=1.6"], {"9.8.2": False})
    before = {"mkdocs-material": watch.status(MATERIAL_NOW, "9.8.2")}
    assert watch.changes(before, {"mkdocs-material": watch.status(patch, "9.8.2")}) == []


@pytest.mark.parametrize(
    ("release", "series"), [("9.8.2", "9"), ("0.1.4", "0.1"), ("2.0.0rc1", "2"), ("1", "1")]
)
def test_series(release: str, series: str) -> None:
    assert _watch().series(release) == series


def test_the_watch_reads_the_version_the_build_installs_from_the_lock(tmp_path: Path) -> None:
    lock = tmp_path / "run.txt"
    lock.write_text(
        "mkdocs-material==9.8.2 \\\n    --hash=sha256:aa\nmkdocs==1.6.1 \\\n    --hash=sha256:bb\n",
        encoding="utf-8",
    )
    watch = _watch()
    assert watch.installed_version("mkdocs", lock) == "1.6.1"
    assert watch.installed_version("mkdocs-material", lock) == "9.8.2"
    assert watch.installed_version("zensical", lock) is None  # neither locked nor installed here

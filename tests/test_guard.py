"""The never-404 guard and the committed list of published ids.

Real temporary git repositories with pinned dates (tests/gitrepo.py); one real build shows
that deleting a published entry fails the whole build and leaves no site behind.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from exports_site import copy_site_files, session_site
from gitrepo import GitRepo, entry_text, path_of

from registry.build import build_site
from registry.context import BuildContext, no_history, read_site_config
from registry.entries import load_registry
from registry.errors import BuildError, RegistryError
from registry.history import read_history
from registry.postbuild.guard import find_broken
from registry.published_ids import LIST_PATH, read_published_list, run

ROOT = Path(__file__).resolve().parent.parent
KX = "gb-kings-cross-argent"


def _ctx(root: Path, history) -> BuildContext:
    return BuildContext(root, load_registry(root), history, read_site_config(root), root / "build" / "docs")


@pytest.mark.slow
def test_deleting_a_published_entry_fails_the_build_and_says_what_to_do(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    copy_site_files(repo.path)
    repo.commit("Add two records", {path_of(KX): entry_text(), path_of("gb-doomed"): entry_text("gb-doomed")})
    repo.commit("Delete one", {path_of("gb-doomed"): None})
    with pytest.raises(BuildError) as failure:
        build_site(repo.path, site_dir=repo.path / "site", work_dir=repo.path / "build")
    message = str(failure.value)
    assert "gb-doomed: was published (it is in the history of the main branch)" in message
    assert "Withdraw it instead of deleting it" in message
    assert "set record.status: withdrawn" in message
    assert "restore entries/gb/gb-doomed.yaml" in message
    assert KX not in message
    assert not (repo.path / "site").exists(), "a failed build publishes nothing"


def test_a_rename_without_an_alias_says_to_add_the_alias(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add", {path_of(KX): entry_text(), path_of("gb-first-name"): entry_text("gb-first-name")})
    repo.commit(
        "Rename, forgetting the alias",
        {path_of("gb-first-name"): None, path_of("gb-second-name"): entry_text("gb-second-name")},
    )
    copy_site_files(tmp_path)
    messages = [
        m
        for m in find_broken(_ctx(tmp_path, read_history(tmp_path)), tmp_path / "empty")
        if m.startswith("gb-first-name:")
    ]
    assert len(messages) == 1
    assert "If it was renamed, add it to the aliases of the record that replaced it." in messages[0]


def test_without_history_the_committed_list_keeps_the_promise(tmp_path: Path) -> None:
    (tmp_path / "entries" / "gb").mkdir(parents=True)
    (tmp_path / path_of(KX)).write_text(entry_text(), encoding="utf-8")
    (tmp_path / LIST_PATH).write_text(f"# comment\n{KX}\ngb-gone\n", encoding="utf-8")
    copy_site_files(tmp_path)
    messages = list(find_broken(_ctx(tmp_path, no_history()), tmp_path / "empty"))
    gone = [m for m in messages if m.startswith("gb-gone:")]
    assert gone and f"(it is in {LIST_PATH})" in gone[0]
    assert any(m == f"{KX}: /deployments/{KX}/ was not built" for m in messages)


@pytest.mark.slow
def test_the_fixture_site_keeps_every_published_address(tmp_path_factory) -> None:
    fx = session_site(tmp_path_factory)
    assert list(find_broken(_ctx(fx.root, read_history(fx.root)), fx.site)) == []


def test_published_ids_command_adds_and_checks(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add", {path_of(KX): entry_text(), path_of("gb-was-here"): entry_text("gb-was-here")})
    repo.commit("Delete", {path_of("gb-was-here"): None})
    args = argparse.Namespace(root=str(tmp_path), check=True)
    with pytest.raises(RegistryError, match="missing 2 published id"):
        run(args)
    run(argparse.Namespace(root=str(tmp_path), check=False))
    assert read_published_list(tmp_path) == [KX, "gb-was-here"]
    assert run(args) == 0


def _with_alias(entry_id: str, alias: str) -> str:
    return entry_text(entry_id, **{f"id: {entry_id}\n": f"id: {entry_id}\naliases: [{alias}]\n"})


def test_checks_published_ids_are_the_ids_the_history_walk_finds(tmp_path: Path) -> None:
    """`registry check` reads the published ids with one cheap `git log` (published_ids.git_ids);
    the build's guard reads them from the full history walk (registry.history). Both must name
    the same ids on every shape of history, or check passes what the build then refuses."""
    from registry.published_ids import git_ids, history_ids

    repo = GitRepo(tmp_path / "repo")
    repo.commit(
        "Two records",
        {path_of("gb-alpha"): entry_text("gb-alpha"), path_of("gb-beta"): entry_text("gb-beta")},
    )
    # A rename with an alias, and one with identical content that git itself sees as a rename.
    repo.commit(
        "Rename beta", {path_of("gb-beta"): None, path_of("gb-gamma"): _with_alias("gb-gamma", "gb-beta")}
    )
    repo.git("mv", path_of("gb-alpha"), "entries/gb/gb-alpha-moved.yaml")
    repo.commit("Move alpha's file only")
    # A pull request that adds a record and renames it before it is merged: only the last id is on main.
    repo.git("checkout", "-q", "-b", "draft")
    repo.commit("Add a draft", {path_of("gb-draft"): entry_text("gb-draft")})
    repo.commit(
        "Rename it", {path_of("gb-draft"): None, path_of("gb-final"): _with_alias("gb-final", "gb-draft")}
    )
    repo.merge("draft", "Merge pull request #2 from contributor/draft")
    # A branch that adds a record and deletes it again: nothing reaches main.
    repo.git("checkout", "-q", "-b", "gone")
    repo.commit("Add", {path_of("fr-gone"): entry_text("fr-gone", **{"country: GB": "country: FR"})})
    repo.commit("Remove", {path_of("fr-gone"): None})
    repo.merge("gone", "Merge pull request #3 from contributor/gone")
    # A record deleted on main and restored later; and a data file that is not a record.
    repo.commit("Delete gamma", {path_of("gb-gamma"): None})
    repo.commit("Restore gamma", {path_of("gb-gamma"): _with_alias("gb-gamma", "gb-beta")})
    repo.commit("Redactions", {"entries/redactions.yaml": "redactions: []\n"})

    expected = {"gb-alpha", "gb-alpha-moved", "gb-beta", "gb-gamma", "gb-final"}
    assert git_ids(repo.path) == history_ids(read_history(repo.path)) == expected

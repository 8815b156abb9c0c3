"""The append-only address lists are held to their own git history (registry.address_lists).

A line taken out of entries/published-ids.txt, published-revisions.txt or
published-request-pages.txt (or the file deleted) is an address the build silently stops
writing; `check`, the never-404 guard and the lists' `--check` commands all refuse it, naming
the file, the line and the commit that listed it. Real temporary git repositories with pinned
dates (tests/gitrepo.py).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from cli_runner import registry_cli
from fixture_registry import copy_site_files
from gitrepo import GitRepo, entry_text, path_of

from registry import published_revisions
from registry.address_lists import IDS, REQUEST_PAGES, REVISIONS, removed_lines
from registry.context import BuildContext, read_site_config
from registry.entries import load_registry
from registry.errors import RegistryError
from registry.history import read_history
from registry.output import Site
from registry.postbuild.guard import find_broken

KX = "gb-kings-cross-argent"
OLD, NEW = "72aa4c86e27d", "0123456789ab"
RULE = "and may never be removed (SECURITY.md rule 16): restore the line"
REWRITE = " (after a history rewrite keep it, and add the new short id after the old one)"


def _published(repo: GitRepo) -> str:
    """A repository whose three lists each hold two lines; returns the commit that listed them."""
    return repo.commit(
        "Publish",
        {
            path_of(KX): entry_text(),
            str(IDS): f"# ids\n{KX}\ngb-other\n",
            str(REVISIONS): f"# revisions\n{KX} {OLD}\ngb-other {OLD}\n",
            str(REQUEST_PAGES): f"# request pages\n{KX}\ngb-other\n",
        },
    )


def _formatted(root: Path, **kwargs) -> list[str]:
    return [p.format() for p in sorted(removed_lines(root, **kwargs))]


def test_a_line_removed_from_any_list_is_named_with_the_commit_that_listed_it(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    listed = _published(repo)[:12]
    repo.commit(
        "Drop a line of each",
        {str(IDS): "# ids\ngb-other\n", str(REVISIONS): f"# revisions\ngb-other {OLD}\n"},
    )
    (tmp_path / REQUEST_PAGES).write_text("# request pages\ngb-other\n", "utf-8")  # not even committed
    assert _formatted(tmp_path) == [
        f"entries/published-ids.txt:1:1: {KX}: was published (it is in this list at commit {listed}) {RULE}",
        f"entries/published-request-pages.txt:1:1: {KX}: was published (it is in this list at commit "
        f"{listed}) {RULE}",
        f"entries/published-revisions.txt:1:1: {KX} {OLD}: was published (it is in this list at commit "
        f"{listed}) {RULE}{REWRITE}",
    ]


def test_a_deleted_list_is_one_problem_that_says_where_to_restore_it_from(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    listed = _published(repo)[:12]
    repo.commit("Delete the list", {str(REVISIONS): None})
    assert _formatted(tmp_path) == [
        "entries/published-revisions.txt:1:1: file: was deleted, but it lists 2 published address(es) and "
        f"may never lose one (SECURITY.md rule 16): restore it (git checkout {listed} -- "
        "entries/published-revisions.txt)"
    ]


def test_kept_lines_pass_the_new_short_id_of_a_rewrite_and_a_new_header_too(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    _published(repo)
    repo.commit(
        "After a history rewrite; the headers reworded, the lines re-sorted",
        {
            str(REVISIONS): f"# new words\ngb-other {OLD}\n{KX} {OLD} {NEW}\n",
            str(IDS): f"gb-other\n  {KX}  \n",
        },
    )
    assert _formatted(tmp_path) == []
    # The third word is the rewrite's; the line without it is still the published address.
    (tmp_path / REVISIONS).write_text(f"{KX} {OLD}\ngb-other {OLD}\n", "utf-8")
    assert _formatted(tmp_path) == []
    # A short id alone is not: the old address is the first two words. The line to restore is
    # the newest one committed.
    (tmp_path / REVISIONS).write_text(f"{KX} {NEW}\ngb-other {OLD}\n", "utf-8")
    assert [p.field for p in removed_lines(tmp_path)] == [f"{KX} {OLD} {NEW}"]


def test_only_what_the_branch_held_counts_and_check_changed_asks_the_base(tmp_path: Path) -> None:
    """A line added and dropped again on a pull request's branch never reached the first-parent
    line of main: nothing was published from it."""
    repo = GitRepo(tmp_path)
    _published(repo)
    repo.git("checkout", "-q", "-b", "draft")
    repo.commit("List a draft", {str(IDS): f"# ids\n{KX}\ngb-draft\ngb-other\n"})
    repo.commit("Unlist it", {str(IDS): f"# ids\n{KX}\ngb-other\n"})
    repo.merge("draft", "Merge pull request #2 from contributor/draft")
    assert _formatted(tmp_path) == []
    repo.git("checkout", "-q", "-b", "next")
    added = repo.commit("List a new id", {str(IDS): f"# ids\n{KX}\ngb-new\ngb-other\n"})
    repo.commit("Unlist it", {str(IDS): f"# ids\n{KX}\ngb-other\n"})
    assert [p.field for p in removed_lines(tmp_path)] == ["gb-new"]
    assert "at commit " + added[:12] in removed_lines(tmp_path)[0].message
    assert removed_lines(tmp_path, base="main") == []


def test_without_git_history_nothing_can_be_compared(tmp_path: Path) -> None:
    (tmp_path / "entries").mkdir()
    (tmp_path / IDS).write_text(f"{KX}\n", "utf-8")
    assert removed_lines(tmp_path) == []


def test_check_refuses_a_removed_line(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    copy_site_files(tmp_path)
    listed = _published(repo)[:12]
    repo.commit("Drop one", {str(REQUEST_PAGES): f"# request pages\n{KX}\n"})
    result = registry_cli(tmp_path, "check")
    assert result.returncode == 1
    assert (
        f"entries/published-request-pages.txt:1:1: gb-other: was published (it is in this list at commit "
        f"{listed}) {RULE}"
    ) in result.stderr.splitlines()


def test_the_guard_refuses_a_removed_line(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    copy_site_files(tmp_path)
    listed = _published(repo)[:12]
    repo.commit("Drop one", {str(REVISIONS): f"# revisions\ngb-other {OLD}\n"})
    ctx = BuildContext(
        tmp_path,
        load_registry(tmp_path),
        read_history(tmp_path),
        read_site_config(tmp_path),
        tmp_path / "docs",
    )
    assert (
        f"entries/published-revisions.txt:1:1: {KX} {OLD}: was published (it is in this list at commit "
        f"{listed}) {RULE}{REWRITE}"
    ) in list(find_broken(ctx, Site(tmp_path / "empty")))


def test_published_revisions_check_refuses_a_deleted_list(tmp_path: Path) -> None:
    """It said "every listed revision address resolves (0)" when the file was gone."""
    repo = GitRepo(tmp_path)
    listed = _published(repo)[:12]
    repo.commit("Delete the list", {str(REVISIONS): None})
    with pytest.raises(RegistryError) as failure:
        published_revisions.run(argparse.Namespace(root=str(tmp_path), check=True, until=None))
    assert str(failure.value) == (
        "entries/published-revisions.txt:1:1: file: was deleted, but it lists 2 published address(es) and "
        f"may never lose one (SECURITY.md rule 16): restore it (git checkout {listed} -- "
        "entries/published-revisions.txt)"
    )


def test_check_refuses_a_listed_line_that_resolves_to_nothing(tmp_path: Path) -> None:
    """An attacker's pull request added a revision of no commit and a request page of no
    record: `check` passed, and the build's guard refused them, for good once merged (a line
    is never removed). `check` now resolves the lines as the guard does; a revision line
    names a commit on the branch's line that left its record's file in place."""
    repo = GitRepo(tmp_path)
    copy_site_files(tmp_path)
    added = repo.commit("Add the record", {path_of(KX): entry_text()})[:12]
    repo.commit(
        "List addresses",
        {
            str(REVISIONS): f"# revisions\n{KX} {added}\n{KX} 000000000000\nnot a line\n",
            str(REQUEST_PAGES): f"# request pages\n{KX}\nzz-nothing-here\n",
        },
    )
    result = registry_cli(tmp_path, "check")
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("entries/published-")] == [
        "entries/published-request-pages.txt:3:1: zz-nothing-here: its request page was published, but "
        "no record has this id or lists it in aliases",
        f"entries/published-revisions.txt:3:1: {KX} 000000000000: record {KX} has no revision "
        "000000000000 in this history; if a history rewrite changed its commit id, add the new 12-digit "
        "id after it on this line (HACKING.md 'History redaction procedure')",
        "entries/published-revisions.txt:4:1: line: expected `<record id> <12 hex digits>`, got 'not a line'",
    ]

"""`registry check --changed [BASE]` in a real clone: only the branch's entry files are judged.

A pull request must not be blocked by a broken entry it did not touch (that one is fixed by
its own PR), yet every file it does touch is checked against the whole registry.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from cli_runner import registry_cli
from gitrepo import GitRepo, entry_text, path_of

GOOD = "gb-kings-cross-argent"
BROKEN = "gb-broken-elsewhere"
NEW = "gb-new-on-branch"


def check(clone: GitRepo, *args: str) -> subprocess.CompletedProcess[str]:
    """`registry check` in this process (tests/cli_runner.py), in the clone, with git's pinned dates."""
    return registry_cli(
        clone.path, "check", *args, cwd=clone.path, env={**clone.env(when=0), "GITHUB_ACTIONS": ""}
    )


@pytest.fixture
def clone(tmp_path: Path) -> GitRepo:
    """A clone of an upstream whose main already holds one broken entry; a branch is checked out."""
    upstream = GitRepo(tmp_path / "upstream")
    upstream.commit(
        "Two entries, one broken",
        {
            path_of(GOOD): entry_text(),
            path_of(BROKEN): entry_text(BROKEN, **{"  status: ended": "  status: Ended"}),
        },
    )
    subprocess.run(
        ["git", "clone", "-q", str(upstream.path), str(tmp_path / "clone")],
        check=True,
        env=upstream.env(when=0),
        capture_output=True,
    )
    repo = GitRepo(tmp_path / "clone")  # `git init` on an existing repository is harmless
    repo.git("checkout", "-q", "-b", "add-entry")
    return repo


def test_a_broken_entry_elsewhere_does_not_block_the_changed_file(clone: GitRepo) -> None:
    clone.commit("Add an entry", {path_of(NEW): entry_text(NEW)})
    result = check(clone, "--changed")  # default base: origin/main
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "registry check passed: 1 entry checked, no problems\n",
        "",
    )
    assert check(clone).returncode == 1  # the whole registry is still broken


def test_a_branch_behind_main_is_not_blamed_for_what_main_gained_since(clone: GitRepo) -> None:
    """Compared with main's tip, a record and a published-ids line main gained after the branch
    began counted as deleted by the branch: every contributor behind main failed locally."""
    clone.commit("Add an entry", {path_of(NEW): entry_text(NEW)})
    clone.git("checkout", "-q", "main")
    later = "gb-added-on-main"
    clone.commit(
        "Main moves on", {path_of(later): entry_text(later), "entries/published-ids.txt": f"{later}\n"}
    )
    clone.git("checkout", "-q", "add-entry")
    result = check(clone, "--changed", "main")
    assert (result.returncode, result.stderr) == (0, "")


def test_the_changed_file_is_checked_against_the_whole_registry(clone: GitRepo) -> None:
    clone.commit(
        "Add an entry with mistakes",
        {path_of(NEW): entry_text(NEW, **{"record:": f"aliases: [{GOOD}]\nrecord:"})},
    )
    result = check(clone, "--changed", "origin/main")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"entries/gb/{NEW}.yaml:10:11: aliases.0: '{GOOD}' is the id of a live record "
        f"(entries/gb/{GOOD}.yaml); an alias may not shadow it",
        "registry check failed: 1 error in 1 file",
    ]


def test_a_new_entry_copied_from_another_is_checked_whatever_diff_renames_says(clone: GitRepo) -> None:
    """Under `diff.renames=copies` (a documented git setting) a new entry copied from one the
    branch also edits was listed as a copy, not an addition, and skipped: a false pass."""
    good = entry_text()
    clone.commit(
        "Copy an entry",
        {
            path_of(NEW): entry_text(NEW, **{"  status: ended": "  status: Ended"}),
            path_of(GOOD): good.replace("  status: ended", "  status: active", 1),
        },
    )
    env = {**clone.env(when=0), "GITHUB_ACTIONS": "", "GIT_CONFIG_COUNT": "1"}
    env |= {"GIT_CONFIG_KEY_0": "diff.renames", "GIT_CONFIG_VALUE_0": "copies"}
    result = registry_cli(clone.path, "check", "--changed", "origin/main", cwd=clone.path, env=env)
    assert result.returncode == 1
    assert f"entries/gb/{NEW}.yaml" in result.stderr


@pytest.mark.parametrize("base", ["", ":/Two entries"])
def test_a_base_git_diff_takes_but_that_names_no_commit_is_one_line(clone: GitRepo, base: str) -> None:
    """`git diff` took an empty base and a `:/message` one, and the fork point's rev-parse then
    raised: a traceback, printed as a bug in the registry."""
    result = check(clone, "--changed", base)
    assert (result.returncode, result.stderr) == (
        1,
        f"registry: cannot compare with {base!r}: it names no one commit the branch began from; "
        "name a branch or a commit\n",
    )


def test_uncommitted_new_files_count_as_changed(clone: GitRepo) -> None:
    target = clone.path / path_of(NEW)
    target.write_text(entry_text(NEW, **{"  cameras: 2": "  cameras: two"}), encoding="utf-8")
    result = check(clone, "--changed")
    assert result.returncode == 1
    assert [line.split(": ", 1)[0].rsplit(":", 2)[0] for line in result.stderr.splitlines()[:-1]] == [
        f"entries/gb/{NEW}.yaml"
    ]


def _broken_on_disk(clone: GitRepo, entry_id: str) -> None:
    """`entry_id`'s committed file, edited in the working tree so it fails: timeline.status misspelt."""
    target = clone.path / path_of(entry_id)
    target.write_text(entry_text(entry_id, **{"  status: ended": "  status: endd"}), encoding="utf-8")


def test_an_uncommitted_edit_of_a_committed_entry_counts_as_changed(clone: GitRepo) -> None:
    """`--changed` compared commits only: an entry edited but not yet committed "passed" with
    0 entries checked, the edit never read."""
    clone.commit("Add an entry", {path_of(NEW): entry_text(NEW)})
    _broken_on_disk(clone, NEW)
    result = check(clone, "--changed")
    assert result.returncode == 1
    assert [line.split(": ", 2)[:2] for line in result.stderr.splitlines()[:-1]] == [
        [f"entries/gb/{NEW}.yaml:62:11", "timeline.status"]
    ]


def test_a_staged_edit_of_an_entry_on_main_counts_as_changed(clone: GitRepo) -> None:
    """The file is unchanged on the branch's commits; only the index holds the edit."""
    _broken_on_disk(clone, GOOD)
    clone.git("add", path_of(GOOD))
    result = check(clone, "--changed")
    assert result.returncode == 1
    assert [line.split(": ", 2)[:2] for line in result.stderr.splitlines()[:-1]] == [
        [f"entries/gb/{GOOD}.yaml:62:11", "timeline.status"]
    ]


def test_an_odd_file_name_is_checked_not_skipped(clone: GitRepo) -> None:
    clone.commit("Odd name", {"entries/gb/Bad Name.yaml": entry_text("gb-bad-name")})
    result = check(clone, "--changed")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "entries/gb/Bad Name.yaml:1:1: filename: file names are the record id: "
        "lowercase letters, digits and dashes, ending in .yaml"
    )


def test_an_entry_spelt_yml_is_checked_not_skipped(clone: GitRepo) -> None:
    clone.commit("Wrong extension", {f"entries/gb/{NEW}.yml": entry_text(NEW)})
    result = check(clone, "--changed")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"entries/gb/{NEW}.yml:1:1: filename: entry files end in .yaml: rename this one {NEW}.yaml"
    )


def test_a_broken_law_table_on_the_branch_fails_changed_as_it_fails_the_build(clone: GitRepo) -> None:
    """research/ is checked by `check` and refused by the build, so the PR gate must see it too."""
    clone.commit("Add a law row", {"research/laws.yaml": "laws:\n  - country: GB\n    lawz: x\n"})
    result = check(clone, "--changed")
    assert result.returncode == 1
    assert result.stderr.startswith("research/laws.yaml:"), result.stderr


def test_no_changed_entries_passes_with_nothing_checked(clone: GitRepo) -> None:
    clone.commit("Docs only", {"README.md": "hello\n"})
    result = check(clone, "--changed")
    assert (result.returncode, result.stdout) == (
        0,
        "registry check passed: 0 entries checked, no problems\n",
    )


def test_an_unknown_base_is_a_clear_error(clone: GitRepo) -> None:
    result = check(clone, "--changed", "origin/nowhere")
    assert (result.returncode, result.stderr) == (
        1,
        "registry: cannot compare with 'origin/nowhere': fatal: bad revision 'origin/nowhere...HEAD'\n",
    )


def test_a_base_that_looks_like_an_option_is_only_ever_a_revision(clone: GitRepo, tmp_path: Path) -> None:
    target = tmp_path / "written"
    result = check(clone, f"--changed=--output={target}")
    assert result.returncode == 1
    assert not target.exists()


def test_changed_outside_a_repository_says_so_in_one_line(tmp_path: Path) -> None:
    """git diff outside a repository compares two paths and printed 150 lines of its usage."""
    (tmp_path / "entries" / "gb").mkdir(parents=True)
    (tmp_path / path_of("gb-kings-cross-argent")).write_text(entry_text(), encoding="utf-8")
    result = registry_cli(
        tmp_path,
        "check",
        "--changed",
        "origin/main",
        env={**os.environ, "GIT_CEILING_DIRECTORIES": str(tmp_path.parent)},
    )
    assert (result.returncode, result.stderr) == (
        1,
        f"registry: cannot compare with 'origin/main': {tmp_path} is not in a git repository; "
        "run `registry check` without --changed to check every entry\n",
    )


def test_git_environment_is_pinned(clone: GitRepo) -> None:
    """The clone's commits have fixed dates and names, so this test is the same everywhere."""
    assert (
        clone.git("log", "-1", "--format=%an %ad", "--date=unix", "origin/main") == "Ada Example 1570086400"
    )
    assert os.environ.get("GIT_DIR") is None


def test_renaming_a_record_others_link_to_fails_changed_as_it_fails_check(clone: GitRepo) -> None:
    """The attacker's finding: a pull request renaming (or merging) a record that others link
    to passed `--changed`, while the whole check failed the untouched records that link to it.
    Their problem is the changed file's doing, so `--changed` tells it too."""
    linker, renamed = "gb-links-to-it", "gb-kings-cross-renamed"
    clone.git("checkout", "-q", "main")
    clone.commit(
        "A record that links",
        {path_of(linker): entry_text(linker, **{"record:": f"related: [{GOOD}]\nrecord:"})},
    )
    clone.git("checkout", "-q", "-b", "rename")
    clone.commit(
        "Rename the record",
        {
            path_of(GOOD): None,
            path_of(renamed): entry_text(renamed, **{"record:": f"aliases: [{GOOD}]\nrecord:"}),
        },
    )
    told = f"related.0: '{GOOD}' is now an alias of {renamed}; link that id"
    for args in ((), ("--changed", "main")):
        result = check(clone, *args)
        lines = [line for line in result.stderr.splitlines() if line.startswith(f"entries/gb/{linker}.yaml:")]
        assert result.returncode == 1 and [line.split(": ", 1)[1] for line in lines] == [told], args


def test_an_entry_replaced_by_a_symbolic_link_fails_changed_as_it_fails_check(clone: GitRepo) -> None:
    """A file whose type changed (to a symbolic link) was no change to `--changed`, which passed
    with 0 entries checked while the whole check refused the link."""
    (clone.path / path_of(GOOD)).unlink()
    (clone.path / path_of(GOOD)).symlink_to(f"{BROKEN}.yaml")
    clone.git("add", "-A")
    clone.git("commit", "-q", "-m", "Link the entry to another")
    result = check(clone, "--changed")
    assert result.returncode == 1
    assert any(line.startswith(f"entries/gb/{GOOD}.yaml:") for line in result.stderr.splitlines())

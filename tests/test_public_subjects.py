"""The public wording of past commits (issue 15, item 9): `entries/public-subjects.yaml` gives
a commit whose subject is a developer's note the words its readers see; merged pull requests
show their titles. Real git repositories (tests/gitrepo.py), a real build, real Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser import assert_accessible, serve
from cli_runner import registry_cli
from fixture_registry import ROOT, copy_site_files
from gitrepo import EXAMPLE_ID, GitRepo, edit, entry_text, path_of

from registry.build import build_site
from registry.errors import EntryProblems
from registry.history import read_history

DEV_NOTE = "Data contract: vocabularies, partial dates, strict models, rules and 'registry check'"
PUBLIC = "First published with the registry's data contract"
WORDING = "entries/public-subjects.yaml"


def _repo(path: Path) -> tuple[GitRepo, dict[str, str]]:
    repo = GitRepo(path)
    shas = {"add": repo.commit(DEV_NOTE, {path_of(EXAMPLE_ID): entry_text()})}
    repo.git("checkout", "-q", "-b", "carol/fix")
    repo.commit(
        "wip review",
        {path_of(EXAMPLE_ID): edit(entry_text(), "last_reviewed: 2026-11-26", "last_reviewed: 2026-11-27")},
    )
    shas["merge"] = repo.merge(
        "carol/fix", "Merge pull request #7 from carol/fix\n\nKing's Cross: reviewed against the sources"
    )
    return repo, shas


def _subjects(root: Path) -> list[str]:
    return [r.subject for r in read_history(root, None).get(EXAMPLE_ID).revisions]


def test_a_worded_commit_shows_its_public_wording_and_a_merge_its_pull_requests_title(tmp_path: Path) -> None:
    repo, shas = _repo(tmp_path / "repo")
    assert _subjects(repo.path) == ["King's Cross: reviewed against the sources", DEV_NOTE]
    repo.commit(
        "Word a past commit", {WORDING: f"subjects:\n  - commit: {shas['add'][:9]}\n    subject: {PUBLIC}\n"}
    )
    history = read_history(repo.path, tmp_path / "cache")
    revisions = history.get(EXAMPLE_ID).revisions
    assert [r.subject for r in revisions] == ["King's Cross: reviewed against the sources", PUBLIC]
    assert revisions[1].sha == shas["add"], "the commit and its link stay what they were"
    assert revisions[0].pr == 7 and "wip" not in revisions[0].subject
    cached = read_history(repo.path, tmp_path / "cache")  # from the walk cache this time
    assert [r.subject for r in cached.get(EXAMPLE_ID).revisions][1] == PUBLIC


@pytest.mark.parametrize(
    ("text", "place", "message"),
    [
        (
            "subjects:\n  - commit: deadbeef00\n    subject: Words\n",
            (2, 13, "subjects.0.commit"),
            "commit deadbeef00 is not a commit that changed entries on this branch",
        ),
        (
            "subjects:\n  - commit: XYZ\n    subject: Words\n",
            (2, 13, "subjects.0.commit"),
            "commit must be 7 to 40 lowercase hex digits",
        ),
        ("subjects:\n  - commit: deadbeef00\n", (2, 5, "subjects.0"), "needs exactly: commit, subject"),
        (
            'subjects:\n  - commit: deadbeef00\n    subject: "a\\nb"\n',
            (3, 14, "subjects.0.subject"),
            "subject must be one line of plain text",
        ),
    ],
    ids=["unknown-commit", "not-hex", "no-subject", "two-lines"],
)
def test_a_wording_that_cannot_apply_fails_with_its_position(
    tmp_path: Path, text: str, place: tuple[int, int, str], message: str
) -> None:
    """Each at the value that is wrong (line, column, field), not at its list item."""
    repo, _ = _repo(tmp_path / "repo")
    repo.commit("Word a past commit", {WORDING: text})
    with pytest.raises(EntryProblems) as caught:
        read_history(repo.path, None)
    (problem,) = caught.value.problems
    assert (problem.path, problem.line, problem.col, problem.field, problem.message) == (
        WORDING,
        *place,
        message,
    )


def _procedure_step(number: int) -> str:
    """One numbered step of HACKING.md's "History redaction procedure", as written."""
    section = (ROOT / "HACKING.md").read_text("utf-8").split("## History redaction procedure", 1)[1]
    return section.split(f"\n{number}. ", 1)[1].split(f"\n{number + 1}. ", 1)[0]


def test_the_redaction_procedure_brings_a_wording_over_to_the_rewritten_history(tmp_path: Path) -> None:
    """HACKING.md's procedure, step 6, walked: after a history rewrite every commit id a data
    file names is mapped through filter-repo's commit-map, public-subjects.yaml's included.
    Followed without it, `check` failed on the wording of a commit the rewrite renamed."""
    step = _procedure_step(6)
    for named in (
        "entries/redactions.yaml",
        "entries/public-subjects.yaml",
        "entries/published-revisions.txt",
    ):
        assert named in step
    assert ".git/filter-repo/commit-map" in step
    repo = GitRepo(tmp_path)
    add = repo.commit(DEV_NOTE, {path_of(EXAMPLE_ID): entry_text()})
    worded = repo.commit(
        "Word a past commit", {WORDING: f"subjects:\n  - commit: {add[:12]}\n    subject: {PUBLIC}\n"}
    )
    # The rewrite (git filter-repo, here by hand): both commits made again, the first one changed.
    repo.git("checkout", "-q", "--orphan", "rewritten")
    repo.commit(
        DEV_NOTE,
        {path_of(EXAMPLE_ID): edit(entry_text(), "2026-11-26", "2026-11-25")},
        when=_commit_time(repo, add),
    )
    new_add = repo.head()
    repo.git("checkout", "-q", worded, "--", WORDING)
    repo.commit("Word a past commit", when=_commit_time(repo, worded))
    repo.git("branch", "-q", "-f", "main", "rewritten")
    repo.git("checkout", "-q", "main")
    commit_map = {add: new_add, worded: repo.head()}
    failed = registry_cli(tmp_path, "check")
    assert failed.returncode == 1
    assert (
        f"subjects.0.commit: commit {add[:12]} is not a commit that changed entries on this branch"
        in failed.stderr
    )
    # Step 6, for this file: each `commit:` through the commit-map, as many digits as before.
    text = (tmp_path / WORDING).read_text("utf-8")
    for old, new in commit_map.items():
        text = text.replace(old[:12], new[:12])
    repo.commit("Bring the wording over to the rewritten history", {WORDING: text})
    assert registry_cli(tmp_path, "check").returncode == 0


def _commit_time(repo: GitRepo, sha: str) -> int:
    """The commit time of `sha`: a rewrite keeps every commit's dates."""
    return int(repo.git("show", "-s", "--format=%ct", sha))


@pytest.mark.slow
@pytest.mark.browser
def test_the_entry_history_reads_as_an_editorial_log(page: Any, tmp_path: Path) -> None:
    repo, shas = _repo(tmp_path / "repo")
    repo.commit(
        "Word a past commit", {WORDING: f"subjects:\n  - commit: {shas['add']}\n    subject: {PUBLIC}\n"}
    )
    copy_site_files(repo.path)
    build_site(repo.path, site_dir=tmp_path / "site", work_dir=tmp_path / "build")
    with serve(tmp_path / "site") as url:
        page.goto(f"{url}/deployments/{EXAMPLE_ID}/#history")
        history = page.locator("#history").inner_text()
        assert "#7 King's Cross: reviewed against the sources" in history and PUBLIC in history
        assert DEV_NOTE not in history and "wip" not in history and "carol/fix" not in history
        assert_accessible(page)

"""The force-push guard (SECURITY.md 3.5, issue 16.11) in real temporary repositories.

The live site's `/history-manifest.json` names the commit it was built from. A deploy build
given that manifest refuses when the commit left the first-parent history (a force push),
unless an item of entries/redactions.yaml names it as `old_tip`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from gitrepo import GitRepo

from registry.errors import BuildError
from registry.history import read_history
from registry.postbuild.tip import check_published_tip

FIXTURE = (Path(__file__).parent / "fixtures" / "entries" / "valid_full.yaml").read_text(encoding="utf-8")
ENTRY = "entries/gb/gb-fixture-full.yaml"


def fixture(**replace: str) -> str:
    text = FIXTURE.replace("related: [gb-fixture-other]\n", "")
    for old, new in replace.items():
        text = text.replace(old, new, 1)
    return text


@pytest.fixture
def published(tmp_path: Path) -> tuple[GitRepo, str, Path]:
    """A repository whose tip was published: (repo, first commit, the live site's manifest)."""
    repo = GitRepo(tmp_path / "repo")
    first = repo.commit("Add a record", {ENTRY: fixture()})
    tip = repo.commit("Correct the cameras", {ENTRY: fixture(**{"  cameras: 4": "  cameras: 5"})})
    manifest = tmp_path / "published-manifest.json"
    manifest.write_text(json.dumps({"head": tip}) + "\n")
    return repo, first, manifest


def guard(repo: GitRepo, manifest: Path) -> None:
    check_published_tip(repo.path, read_history(repo.path), manifest)


def test_a_build_on_top_of_the_published_tip_passes(published: tuple[GitRepo, str, Path]) -> None:
    repo, _, manifest = published
    repo.commit("Another correction", {ENTRY: fixture(**{"  cameras: 4": "  cameras: 6"})})
    guard(repo, manifest)


def test_a_force_pushed_history_fails_the_deploy_build(published: tuple[GitRepo, str, Path]) -> None:
    repo, first, manifest = published
    old_tip = json.loads(manifest.read_text())["head"]
    repo.git("reset", "-q", "--hard", first)
    repo.commit("A different correction", {ENTRY: fixture(**{"  cameras: 4": "  cameras: 7"})})
    with pytest.raises(BuildError, match=f"built from commit {old_tip}, which is no longer in the history"):
        guard(repo, manifest)


def test_a_commit_reached_only_through_a_second_parent_has_left_the_line(
    published: tuple[GitRepo, str, Path],
) -> None:
    repo, first, manifest = published
    old_tip = json.loads(manifest.read_text())["head"]
    repo.git("checkout", "-q", "-b", "rewrite", first)
    repo.commit("A different correction", {ENTRY: fixture(**{"  cameras: 4": "  cameras: 7"})})
    repo.git("merge", "-q", "--no-ff", "-s", "ours", "-m", "Keep the old tip as a second parent", "main")
    repo.git("branch", "-q", "-f", "main", "rewrite")
    repo.git("checkout", "-q", "main")
    assert (
        subprocess.run(["git", "merge-base", "--is-ancestor", old_tip, "HEAD"], cwd=repo.path).returncode == 0
    )
    with pytest.raises(BuildError, match="no longer in the history"):
        guard(repo, manifest)


def test_a_redaction_that_names_the_old_tip_allows_the_rewrite(published: tuple[GitRepo, str, Path]) -> None:
    repo, first, manifest = published
    old_tip = json.loads(manifest.read_text())["head"]
    repo.git("reset", "-q", "--hard", first)
    rewritten = repo.commit(
        "Correct the cameras (rewritten)", {ENTRY: fixture(**{"  cameras: 4": "  cameras: 5"})}
    )
    redaction = (
        "redactions:\n"
        "  - entry: gb-fixture-full\n"
        f"    commit: {rewritten[:12]}\n"
        "    field: summary\n"
        "    reason: privacy\n"
        f"    old_tip: {old_tip[:12]}\n"
    )
    repo.commit("Log the redaction", {"entries/redactions.yaml": redaction})
    guard(repo, manifest)


@pytest.mark.slow
def test_the_cli_refuses_before_writing_anything(published: tuple[GitRepo, str, Path]) -> None:
    repo, first, manifest = published
    repo.git("reset", "-q", "--hard", first)
    repo.commit("A different correction", {ENTRY: fixture(**{"  cameras: 4": "  cameras: 7"})})
    shutil.copyfile(Path(__file__).resolve().parent.parent / "mkdocs.yml", repo.path / "mkdocs.yml")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "registry",
            "--root",
            str(repo.path),
            "build",
            "--published-manifest",
            str(manifest),
        ],
        capture_output=True,
        text=True,
        env={**repo.env(when=0), "GITHUB_ACTIONS": "", "PATH": os.environ["PATH"]},
        timeout=300,
    )
    assert result.returncode == 1
    assert "\nregistry: the live site was built from commit " in result.stderr
    assert "Traceback" not in result.stderr
    assert not (repo.path / "site").exists()


def test_a_manifest_that_is_not_a_commit_is_refused(
    tmp_path: Path, published: tuple[GitRepo, str, Path]
) -> None:
    repo, _, _ = published
    bad = tmp_path / "bad.json"
    bad.write_text('{"head": "main; rm -rf /"}')
    with pytest.raises(BuildError, match="'head' must be a 40-digit commit id or null"):
        guard(repo, bad)

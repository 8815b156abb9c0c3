"""A build from files that differ from HEAD (registry/worktree.py), in real temporary repositories.

The site names HEAD's commit whatever it was built from, so `registry build --deploy` refuses
a working tree whose records, research tables, templates, code or mkdocs.yml differ from HEAD
(or that has new files there), and a plain build (a contributor's preview) warns in one line.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_runner import registry_cli
from fixture_registry import ROOT, copy_site_files
from gitrepo import EXAMPLE_ID, GitRepo, edit, entry_text, path_of

from registry.worktree import uncommitted

SITE = "https://frwatch.github.io/registry/"
REPO = "https://github.com/frwatch/registry"
ENTRY = path_of(EXAMPLE_ID)
TITLE = "title: King's Cross Estate live facial recognition with Metropolitan Police images"


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """A registry with one record, its site files and the project's .gitignore, all committed."""
    repo = GitRepo(tmp_path / "registry")
    copy_site_files(repo.path)
    shutil.copyfile(ROOT / ".gitignore", repo.path / ".gitignore")
    repo.write({ENTRY: entry_text()})
    repo.git("add", "-A")
    repo.commit("Add King's Cross")
    return repo


def test_a_clean_tree_and_what_the_build_ignores_differ_in_nothing(repo: GitRepo) -> None:
    assert uncommitted(repo.path) == []
    # What a deploy job's checkout holds by the time it builds: the live site's manifest (the
    # force-push guard), the editable install's metadata, an earlier build's folders.
    (repo.path / "published-manifest.json").write_text('{"head": null}\n')
    for ignored in ("registry.egg-info", "build/docs", "site", "registry/__pycache__"):
        (repo.path / ignored).mkdir(parents=True)
        (repo.path / ignored / "x").write_text("x\n")
    (repo.path / "README.md").write_text("A change no page shows.\n")
    assert uncommitted(repo.path) == []


def test_every_kind_of_difference_under_what_the_build_reads_counts(repo: GitRepo) -> None:
    entry = repo.path / ENTRY
    entry.write_text(edit(entry.read_text(), TITLE, TITLE + " (edited)"))
    (repo.path / "entries/gb/gb-new-record.yaml").write_text(entry_text("gb-new-record"))
    (repo.path / "mkdocs.yml").write_text((repo.path / "mkdocs.yml").read_text() + "\n")
    repo.git("mv", "site_templates/search.html.j2", "site_templates/renamed.html.j2")
    repo.git("rm", "-q", "site_templates/coverage.html.j2")
    assert uncommitted(repo.path) == [
        ENTRY,
        "entries/gb/gb-new-record.yaml",
        "mkdocs.yml",
        "site_templates/coverage.html.j2",
        "site_templates/renamed.html.j2",
    ]


def test_a_folder_without_git_history_is_not_compared(tmp_path: Path) -> None:
    assert uncommitted(tmp_path) is None


def test_a_deploy_from_uncommitted_files_is_refused_in_one_line_before_anything_is_written(
    repo: GitRepo,
) -> None:
    entry = repo.path / ENTRY
    entry.write_text(edit(entry.read_text(), TITLE, TITLE + " (uncommitted)"))
    for n in range(11):
        (repo.path / f"entries/gb/gb-new-record-{n:02}.yaml").write_text(entry_text(f"gb-new-record-{n:02}"))
    result = registry_cli(repo.path, "build", "--deploy", "--site-url", SITE, "--repo-url", REPO)
    named = ", ".join([ENTRY, *(f"entries/gb/gb-new-record-{n:02}.yaml" for n in range(9))])
    assert (result.returncode, result.stderr) == (
        1,
        "registry: refusing to build for deployment: 12 files differ from the commit HEAD, which the "
        f"site would name as its own: {named} and 2 more; commit or stash them, then build again\n",
    )
    assert sorted(p.name for p in repo.path.iterdir()) == [
        ".git",
        ".gitignore",
        "entries",
        "mkdocs.yml",
        "site_templates",
    ]


NO_HISTORY = (
    "registry: refusing to build for deployment: {why}, so the site would have no history pages, no "
    "revision addresses and empty feeds; build from a full clone of the repository (in GitHub "
    "Actions, `fetch-depth: 0` on actions/checkout)\n"
)


def test_a_deploy_from_a_folder_without_git_history_is_refused(repo: GitRepo, tmp_path: Path) -> None:
    # As `git archive HEAD | tar -x` gives it: the files of a commit, and no .git.
    unpacked = tmp_path / "unpacked"
    shutil.copytree(repo.path, unpacked, ignore=shutil.ignore_patterns(".git"))
    result = registry_cli(unpacked, "build", "--deploy", "--site-url", SITE, "--repo-url", REPO)
    why = f"{unpacked} has no git history of its own (no .git: a copy, or an unpacked archive)"
    assert (result.returncode, result.stderr) == (1, NO_HISTORY.format(why=why))
    assert sorted(p.name for p in unpacked.iterdir()) == [
        ".gitignore",
        "entries",
        "mkdocs.yml",
        "site_templates",
    ]


def test_a_deploy_from_a_shallow_clone_is_refused_even_where_previews_allow_it(
    repo: GitRepo, tmp_path: Path
) -> None:
    repo.commit("A second commit")
    shallow = tmp_path / "shallow"
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.path}", str(shallow))
    env = {**repo.env(), "REGISTRY_ALLOW_SHALLOW": "1", "GITHUB_ACTIONS": ""}
    result = registry_cli(shallow, "build", "--deploy", "--site-url", SITE, "--repo-url", REPO, env=env)
    why = "this is a shallow clone, so its history is incomplete (`git fetch --unshallow` fetches the rest)"
    assert (result.returncode, result.stderr) == (1, NO_HISTORY.format(why=why))
    assert not (shallow / "build").exists()


def test_a_deploy_from_a_broken_git_inside_another_checkout_is_refused(tmp_path: Path) -> None:
    """git looked past the broken `.git` and found the parent's history, so the deploy went on
    with a folder the history stage itself reads as having none."""
    parent = GitRepo(tmp_path / "parent")
    parent.commit("Something", {"README": "x\n"})
    child = parent.path / "child"
    (child / ".git").mkdir(parents=True)
    (child / "entries").mkdir()
    result = registry_cli(child, "build", "--deploy", "--site-url", SITE, "--repo-url", REPO)
    why = f"{child / '.git'} is not a git repository"
    assert (result.returncode, result.stderr) == (1, NO_HISTORY.format(why=why))


def test_a_deploy_from_a_repository_without_commits_is_refused(tmp_path: Path) -> None:
    empty = GitRepo(tmp_path / "empty")
    (empty.path / "entries").mkdir()  # a registry's folder, with nothing committed yet
    result = registry_cli(empty.path, "build", "--deploy", "--site-url", SITE, "--repo-url", REPO)
    why = "the repository has no commits yet"
    assert (result.returncode, result.stderr) == (1, NO_HISTORY.format(why=why))


@pytest.mark.slow
def test_a_plain_build_of_uncommitted_work_warns_in_one_line_and_builds(repo: GitRepo) -> None:
    entry = repo.path / ENTRY
    entry.write_text(edit(entry.read_text(), TITLE, TITLE + " (uncommitted)"))
    result = registry_cli(repo.path, "build")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        "registry: warning: 1 file differs from HEAD: the site shows them, but names HEAD's commit; "
        "`registry build --deploy` refuses this"
    )
    site = repo.path / "site"
    assert "(uncommitted)" in (site / "deployments" / EXAMPLE_ID / "index.html").read_text(encoding="utf-8")
    assert json.loads((site / "history-manifest.json").read_text()) == {"head": repo.head()}


@pytest.mark.slow
def test_a_deploy_from_a_clean_checkout_builds(repo: GitRepo) -> None:
    # As the deploy job runs it (.github/workflows/deploy.yml): a full clone, the locked
    # install's metadata, the live site's manifest fetched beside the checkout, then the build.
    (repo.path / "registry.egg-info").mkdir()
    (repo.path / "registry.egg-info" / "PKG-INFO").write_text("Name: registry\n")
    manifest = repo.path / "published-manifest.json"
    manifest.write_text(json.dumps({"head": repo.head()}) + "\n")
    args = (
        "build",
        "--deploy",
        "--site-url",
        SITE,
        "--repo-url",
        REPO,
        "--published-manifest",
        str(manifest),
    )
    result = registry_cli(repo.path, *args)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
    assert json.loads((repo.path / "site" / "history-manifest.json").read_text()) == {"head": repo.head()}
    again = registry_cli(repo.path, *args)  # a second build in the same checkout: still clean
    assert again.returncode == 0, again.stderr

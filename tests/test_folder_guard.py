"""`registry build` and `registry serve` never replace or empty a folder the registry does not own.

A maintainer tryout: `registry build --site-dir .` replaced the whole checkout (`.git`, the
entries, the code) with the site and exited 0; `--site-dir entries` replaced the entries;
`--site-dir` naming a folder of someone's files deleted them without a word; `--work-dir .`
would have emptied a tracked `docs/` of every file the build did not make. Each is refused here
in one line, before anything is read, written or locked (registry/folder_guard.py): the tree
is the same byte for byte afterwards, with no lock file left beside it.

Every refusal is said before the build starts, so these tests build nothing and stay quick.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import registry_cli
from fixture_registry import KINGS_CROSS, copy_registry
from gitrepo import GitRepo

from registry.errors import BuildError
from registry.folder_guard import refuse_unowned

SITE_ADVICE = (
    ". The build replaces its site folder whole, so nothing was written or deleted; build into "
    "a new or empty folder, or one a registry build wrote (it has history-manifest.json at its top)"
)
WORK_ADVICE = (
    ". The build deletes the files there that it did not make, so nothing was written or deleted; "
    "use a new or empty folder, or one a registry build used (it has .lock at its top)"
)


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A registry in a git repository: one record committed, and a tracked `notes/` folder."""
    root = copy_registry(tmp_path / "registry", ids=[KINGS_CROSS], site_files=False)
    (root / "notes").mkdir()
    (root / "notes" / "todo.txt").write_text("tracked\n", encoding="utf-8")
    repo = GitRepo(root)
    repo.git("add", "-A")
    repo.commit("the registry")
    return root


@pytest.mark.parametrize(
    ("given", "why"),
    [
        (".", "it is the registry's repository"),
        ("..", "it holds the registry's repository ({root})"),
        ("entries", "it is the registry's entries/, which the build reads"),
        ("entries/gb", "it is inside the registry's entries/, which the build reads"),
        (".git", "it is the registry's .git/, git's own folder"),
        (".git/refs", "it is inside the registry's .git/, git's own folder"),
        ("notes", "git tracks files in it"),
    ],
)
def test_a_site_folder_that_is_the_registry_or_part_of_it_is_refused(
    checkout: Path, given: str, why: str
) -> None:
    site = (checkout / given).resolve()
    before = _tree(checkout.parent)
    result = registry_cli(checkout, "build", "--site-dir", given, cwd=checkout)
    assert (result.returncode, result.stdout) == (1, "")
    assert (
        result.stderr
        == f"registry: refusing to build into {site}: {why.format(root=checkout)}{SITE_ADVICE}\n"
    )
    assert _tree(checkout.parent) == before  # nothing written, nothing deleted, no lock file


def test_a_folder_of_someone_elses_files_is_refused_and_kept(tmp_path: Path, checkout: Path) -> None:
    elsewhere = tmp_path / "u"
    elsewhere.mkdir()
    (elsewhere / "important.txt").write_text("x\n", encoding="utf-8")
    before = _tree(tmp_path)
    result = registry_cli(checkout, "build", "--site-dir", str(elsewhere))
    assert result.returncode == 1
    assert result.stderr == (
        f"registry: refusing to build into {elsewhere}: it holds files no registry build wrote "
        f"(it has no history-manifest.json){SITE_ADVICE}\n"
    )
    assert _tree(tmp_path) == before


def test_a_default_folder_that_is_a_link_is_refused_and_what_it_points_to_kept(
    tmp_path: Path, checkout: Path
) -> None:
    """A `build` linked to a folder elsewhere (a RAM disk, say) was the registry's whatever it
    held, so the build emptied that folder's docs/ of files it had not made; a linked `site`
    left every later build failing on a link it could not remove."""
    elsewhere = tmp_path / "ramdisk"
    (elsewhere / "docs").mkdir(parents=True)
    (elsewhere / "docs" / "precious.txt").write_text("x\n", encoding="utf-8")
    (checkout / "build").symlink_to(elsewhere)
    before = _tree(elsewhere)
    result = registry_cli(checkout, "build")
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"registry: refusing to use {checkout / 'build'} as the work folder: it is a symbolic link "
        f"(to {elsewhere}): the build would empty what it points to. "
    )
    assert _tree(elsewhere) == before


def test_a_file_is_refused_as_the_site_folder(tmp_path: Path, checkout: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder\n", encoding="utf-8")
    result = registry_cli(checkout, "build", "--site-dir", str(tmp_path / "a-file"))
    assert (
        result.stderr
        == f"registry: refusing to build into {tmp_path / 'a-file'}: it is a file{SITE_ADVICE}\n"
    )


def test_what_the_swap_would_empty_beside_the_site_is_refused_too(tmp_path: Path, checkout: Path) -> None:
    # The swap stages the new site in `<site>.new` and, where it cannot exchange, moves the old
    # one to `<site>.old`: it deletes what either holds first.
    (tmp_path / "out.old").mkdir()
    (tmp_path / "out.old" / "thesis.tex").write_text("mine\n", encoding="utf-8")
    before = _tree(tmp_path)
    result = registry_cli(checkout, "build", "--site-dir", str(tmp_path / "out"))
    assert result.stderr == (
        f"registry: refusing to build into {tmp_path / 'out'}: {tmp_path / 'out.old'} is in the way: "
        "it holds files no registry build wrote (it has no history-manifest.json). The build stages "
        "the new site beside its site folder and deletes what is there first, so nothing was written "
        "or deleted; move it away, or delete it if an interrupted build left it\n"
    )
    assert _tree(tmp_path) == before


@pytest.mark.parametrize(
    ("given", "why"),
    [
        (".", "it is the registry's repository"),
        ("registry-code", "it holds files no registry build wrote (it has no .lock)"),
        ("notes", "git tracks files in it"),
    ],
)
def test_a_work_folder_that_is_not_the_builds_is_refused(checkout: Path, given: str, why: str) -> None:
    (checkout / "registry-code").mkdir()
    (checkout / "registry-code" / "x.py").write_text("pass\n", encoding="utf-8")
    before = _tree(checkout.parent)
    result = registry_cli(checkout, "build", "--work-dir", given, cwd=checkout)
    work = (checkout / given).resolve()
    assert result.stderr == f"registry: refusing to use {work} as the work folder: {why}{WORK_ADVICE}\n"
    assert _tree(checkout.parent) == before


def test_a_site_and_a_work_folder_inside_one_another_are_refused(tmp_path: Path, checkout: Path) -> None:
    work = tmp_path / "w"
    result = registry_cli(checkout, "build", "--site-dir", str(work / "site"), "--work-dir", str(work))
    assert result.stderr == (
        f"registry: refusing to build into {work / 'site'} with the work folder {work}: one is inside "
        "the other, and each would delete the other's files; nothing was written or deleted\n"
    )
    assert not work.exists()


def test_serve_refuses_a_site_folder_git_tracks(checkout: Path) -> None:
    # serve has no --site-dir: its site/ is the registry's own, unless someone committed one.
    (checkout / "site").mkdir()
    (checkout / "site" / "index.html").write_text("committed\n", encoding="utf-8")
    GitRepo(checkout).commit("a committed site", {"site/index.html": "committed\n"})
    result = registry_cli(checkout, "serve", "--port", "0")
    assert result.stderr == (
        f"registry: refusing to build into {checkout / 'site'}: git tracks files in it{SITE_ADVICE}\n"
    )
    assert not (checkout / "build").exists() and not (checkout / ".site-lock").exists()


def test_the_folders_a_build_made_are_accepted(tmp_path: Path, checkout: Path) -> None:
    own = (checkout / "site", checkout / "build")
    # The default site/ and build/ are the registry's (.gitignore), whatever they hold.
    for folder in own:
        folder.mkdir()
        (folder / "left.txt").write_text("anything\n", encoding="utf-8")
    refuse_unowned(checkout, *own, own=own)
    # Elsewhere: a new or empty folder, or one a build marked.
    built, used = tmp_path / "public", tmp_path / "work"
    refuse_unowned(checkout, built, used, own=own)
    for folder, mark in ((built, "history-manifest.json"), (used, ".lock")):
        folder.mkdir()
        refuse_unowned(checkout, built, used, own=own)
        (folder / "index.html").write_text("a page\n", encoding="utf-8")
        with pytest.raises(BuildError):
            refuse_unowned(checkout, built, used, own=own)
        (folder / mark).write_text("", encoding="utf-8")
    refuse_unowned(checkout, built, used, own=own)


def test_without_git_the_folders_a_build_reads_are_still_refused(tmp_path: Path) -> None:
    root = copy_registry(tmp_path / "registry", ids=[KINGS_CROSS], site_files=False)
    (root / "research").mkdir()  # empty, and no git to ask: refused for what it is
    result = registry_cli(root, "build", "--site-dir", str(root / "research"))
    assert result.stderr == (
        f"registry: refusing to build into {root / 'research'}: it is the registry's research/, "
        f"which the build reads{SITE_ADVICE}\n"
    )


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under `folder` (a folder as None), with each file's bytes."""
    return {
        p.relative_to(folder).as_posix(): None if p.is_dir() else p.read_bytes()
        for p in sorted(folder.rglob("*"))
    }

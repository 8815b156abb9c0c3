"""The files a build reads that differ from the commit it will say it was built from.

The pages are made from the working tree, but the site names a commit: the history and its
revision links, and `/history-manifest.json`'s `head`, which the next deploy's force-push
guard reads back. Built from uncommitted changes, a site published the uncommitted title
under HEAD's name: a commit that does not make it, which no one could rebuild. So
`registry build --deploy` refuses such a tree, and a plain build (a contributor previewing
their work) says in one line how many files differ, and builds.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from registry.errors import BuildError
from registry.history.gitlog import changed_files, opened
from registry.terminal import shown

#: What the build reads from the repository: the records, the research tables, the templates,
#: the code and the site's configuration. A change anywhere else (a README) changes no page.
BUILT_FROM = ("entries", "research", "site_templates", "registry", "mkdocs.yml")
#: How many of the files that differ a refusal names.
NAMED = 10


def uncommitted(root: Path) -> list[str] | None:
    """The files under `BUILT_FROM` that differ from HEAD: changed, staged, deleted, or new and
    not ignored (a new entry is built too). None when `root` has no git history of its own
    (a folder copied out of a checkout, as the history stage reads it) or git cannot tell.
    """
    with opened(root) as found:
        if found is None:
            return None
        porcelain = changed_files(found[0], BUILT_FROM)
    return None if porcelain is None else _paths(porcelain)


def _paths(porcelain: str) -> list[str]:
    """The paths of `git status --porcelain=v1 -z`: `XY path` records, a rename or copy
    followed by a record of its old path, which is not counted again."""
    paths, records = [], iter(porcelain.split("\0"))
    for record in records:
        if not record:
            continue
        paths.append(record[3:])
        if "R" in record[:2] or "C" in record[:2]:
            next(records, None)
    return sorted(paths)


def refuse_without_history(root: Path) -> None:
    """Raises a one-line BuildError when `root` has no whole git history to build for deployment.

    Why: without one a plain build goes on, its history marked unavailable (a preview of a
    copied folder), but a deploy from an unpacked archive exited 0 and published a site with
    no history pages, no revision addresses and empty feeds. A shallow clone is refused even
    where REGISTRY_ALLOW_SHALLOW lets a preview through. Only a `.git` at `root` itself counts,
    as the history stage reads it.
    """
    why = _history_missing(root)
    if why:
        raise BuildError(
            f"refusing to build for deployment: {why}, so the site would have no history pages, no "
            "revision addresses and empty feeds; build from a full clone of the repository (in "
            "GitHub Actions, `fetch-depth: 0` on actions/checkout)"
        )


def _history_missing(root: Path) -> str:
    """Why `root` has no whole history of its own; '' when it has one."""
    if not (root / ".git").exists():
        return f"{shown(str(root))} has no git history of its own (no .git: a copy, or an unpacked archive)"
    if own_git(root, "rev-parse", "--git-dir") is None:
        return f"{shown(str(root / '.git'))} is not a git repository"
    if own_git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}") is None:
        return "the repository has no commits yet"
    if own_git(root, "rev-parse", "--is-shallow-repository") != "false":
        return (
            "this is a shallow clone, so its history is incomplete (`git fetch --unshallow` fetches the rest)"
        )
    return ""


def own_git(root: Path, *args: str) -> str | None:
    """What `git ARGS` prints in `root`, stripped; None when it fails. Only `root`'s own `.git`
    is asked (`--git-dir`, `--work-tree`): a broken one inside another checkout must not borrow
    its history. For a folder that may be no repository at all (the deploy and folder guards),
    where GitPython would raise before a command runs."""
    done = subprocess.run(
        ["git", f"--git-dir={root / '.git'}", f"--work-tree={root}", *args],
        cwd=root,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip() if done.returncode == 0 else None


def refuse_for_deploy(paths: list[str]) -> None:
    """Raises a one-line BuildError naming the first `NAMED` of `paths` (files that differ)."""
    if not paths:
        return
    named = ", ".join(shown(path) for path in paths[:NAMED])
    more = f" and {len(paths) - NAMED} more" if len(paths) > NAMED else ""
    raise BuildError(
        f"refusing to build for deployment: {_count(paths)} the commit HEAD, which the site would "
        f"name as its own: {named}{more}; commit or stash them, then build again"
    )


def warning(paths: list[str]) -> str:
    """The one line a plain build prints when it builds files that differ from HEAD."""
    return (
        f"registry: warning: {_count(paths)} HEAD: the site shows them, but names HEAD's commit; "
        "`registry build --deploy` refuses this"
    )


def _count(paths: list[str]) -> str:
    return f"{len(paths)} file{'s' if len(paths) != 1 else ''} differ{'s' if len(paths) == 1 else ''} from"

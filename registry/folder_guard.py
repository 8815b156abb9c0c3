"""The folders `registry build` and `registry serve` replace or empty: only ones the registry owns.

Why: the swap (registry.swap) puts the new site where the site folder was and deletes what
was there, and the build deletes from its work folder's subfolders every file it did not make
(registry.writer). Given `--site-dir .`, a build replaced the whole checkout (`.git`, the
entries, the code) with the site and exited 0; `--site-dir entries` replaced the entries;
a `--site-dir` naming a folder of someone's files deleted them without a word. So, before any
lock is made or anything is read, each folder is checked and refused in one line when it is:

- the registry's repository, or a folder that holds it;
- inside the repository but not the build's: under `.git`, under a folder the build reads
  (`worktree.BUILT_FROM`), or a folder git tracks a file in;
- a file, or a folder with files in it that no build wrote. Every build writes a mark at the
  top of its folders: `history-manifest.json` in the site, `.lock` in the work folder. The
  default `site/` and `build/` (and the swap's `site.new/` and `site.old/` beside them) are
  the registry's by `.gitignore` and need no mark;
- for the site, the two folders beside it that the swap empties first (`<site>.new`,
  `<site>.old`), on the same terms;
- a site folder and a work folder inside one another;
- a symbolic link (a default `site` or `build` made one: the build emptied a folder elsewhere).
"""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path

from registry.errors import BuildError
from registry.postbuild.tip import MANIFEST
from registry.swap import staging_folders
from registry.worklock import LOCK_NAME
from registry.worktree import BUILT_FROM, own_git

#: The mark every build leaves at the top of its site folder, and of its work folder.
SITE_MARK = MANIFEST
WORK_MARK = LOCK_NAME
#: Folders at the repository's top that the build must never write into, and what they are.
_SOURCES = {".git": "git's own folder", **{name: "which the build reads" for name in BUILT_FROM}}

_SITE_ADVICE = (
    ". The build replaces its site folder whole, so nothing was written or deleted; build into "
    f"a new or empty folder, or one a registry build wrote (it has {SITE_MARK} at its top)"
)
_WORK_ADVICE = (
    ". The build deletes the files there that it did not make, so nothing was written or "
    f"deleted; use a new or empty folder, or one a registry build used (it has {WORK_MARK} at its top)"
)


def refuse_unowned(root: Path, site_dir: Path, work_dir: Path, own: Collection[Path]) -> None:
    """Raises BuildError, in one line, if the build would replace or empty a folder it does not own.

    All paths are resolved; `own` are the default site and work folders, the registry's
    whatever they hold (`own_folders`).
    """
    why = _not_owned(root, site_dir, SITE_MARK, own)
    if why:
        raise BuildError(f"refusing to build into {site_dir}: {why}{_SITE_ADVICE}")
    for staged in staging_folders(site_dir):
        why = _not_owned(root, staged, SITE_MARK, own)
        if why:
            raise BuildError(
                f"refusing to build into {site_dir}: {staged} is in the way: {why}. The build "
                "stages the new site beside its site folder and deletes what is there first, so "
                "nothing was written or deleted; move it away, or delete it if an interrupted "
                "build left it"
            )
    why = _not_owned(root, work_dir, WORK_MARK, own)
    if why:
        raise BuildError(f"refusing to use {work_dir} as the work folder: {why}{_WORK_ADVICE}")
    if site_dir == work_dir or site_dir in work_dir.parents or work_dir in site_dir.parents:
        raise BuildError(
            f"refusing to build into {site_dir} with the work folder {work_dir}: one is inside the "
            "other, and each would delete the other's files; nothing was written or deleted"
        )


def own_folders(site_dir: Path, work_dir: Path) -> tuple[Path, ...]:
    """The default site and work folders and the swap's folders beside the site: `.gitignore`
    names them, so they are the registry's whatever they hold."""
    return (site_dir, work_dir, *staging_folders(site_dir))


def _not_owned(root: Path, folder: Path, mark: str, own: Collection[Path]) -> str:
    """Why the build must not replace or empty `folder`; '' when it may."""
    if folder.is_symlink():  # a default folder is not resolved: its link would be trusted
        return f"it is a symbolic link (to {os.readlink(folder)}): the build would empty what it points to"
    if folder == root:
        return "it is the registry's repository"
    if folder in root.parents:
        return f"it holds the registry's repository ({root})"
    if folder.is_relative_to(root):
        inside = _inside_the_registry(root, folder)
        if inside:
            return inside
    if folder in own:
        return ""
    if _is_file(folder):
        return "it is a file"
    if _holds_files(folder) and not (folder / mark).is_file():
        return f"it holds files no registry build wrote (it has no {mark})"
    return ""


def _inside_the_registry(root: Path, folder: Path) -> str:
    """Why `folder`, inside the repository, is none of the build's: '' when it is not part of it."""
    top = folder.relative_to(root).parts[0]
    if top in _SOURCES:
        where = "the registry's" if folder == root / top else "inside the registry's"
        return f"it is {where} {top}/, {_SOURCES[top]}"
    if _git_tracks_files_in(root, folder):
        return "git tracks files in it"
    return ""


def _git_tracks_files_in(root: Path, folder: Path) -> bool:
    """Whether the repository at `root` (only a `.git` of its own counts) tracks a file in `folder`."""
    if not (root / ".git").exists():
        return False
    listed = own_git(root, "--literal-pathspecs", "ls-files", "-z", "--", folder.relative_to(root).as_posix())
    return bool(listed)


def _is_file(path: Path) -> bool:
    try:
        return path.exists() and not path.is_dir()
    except OSError:  # a name too long, a parent that is a file: the lock says so, in its words
        return False


def _holds_files(folder: Path) -> bool:
    try:
        return folder.is_dir() and any(folder.iterdir())
    except OSError:
        return False

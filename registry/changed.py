"""The files `registry check --changed BASE` judges: what the branch and the working tree change.

A contributor runs `check --changed` before committing, and CI runs it on the pull request's
commits: so a file counts as changed when the branch's commits change it against `BASE` (`git
diff BASE...HEAD`), when it is edited but not yet committed, staged or not (`git diff HEAD`),
or when it is new and not ignored. Before, only the first and the last counted: a committed
entry edited in place "passed" with 0 entries checked.

git is asked through GitPython's command wrapper (as registry.history.gitlog does; the folder
guard and the worktree look run git itself, for a folder that may not be a repository).
Names come `-z` (NUL-separated, unquoted), so an odd file name can neither split in two nor
slip past the check, and `BASE` is only ever a revision (`--end-of-options`).
"""

from __future__ import annotations

from pathlib import Path

import git

from registry.errors import RegistryError
from registry.history.gitlog import commit_of

#: What `check --changed` compares: the entries and the research tables beside them (laws,
#: coverage), since `check` and the build refuse a broken one of either.
CHECKED_FOLDERS = ("entries/", "research/")
#: Added, modified, renamed (to its new name) or retyped (a file become a symbolic link, which
#: `check` refuses): a deleted file has nothing left to check.
_STILL_THERE = "--diff-filter=AMRT"


def changed_names(root: Path, base: str) -> set[str]:
    """The paths (relative to `root`, which must be the repository's top) under
    `CHECKED_FOLDERS` that the branch, the index or the working tree change against `base`."""
    runner = git.Git(root)
    _require_work_tree(runner, root, base)
    # --no-renames: under diff.renames=copies, a new entry copied from another was a C, and skipped.
    diff = ["diff", "-z", "--name-only", "--no-renames", _STILL_THERE]
    on_branch = _names(runner, base, [*diff, "--end-of-options", f"{base}...HEAD"])
    # Against HEAD, the working tree: a staged edit and an unstaged one alike (a file staged,
    # then edited back, reads as it is on disk, which is what check reads).
    uncommitted = _names(runner, base, [*diff, "HEAD"])
    untracked = _names(runner, base, ["ls-files", "-z", "--others", "--exclude-standard"])
    return on_branch | uncommitted | untracked


def _require_work_tree(runner: git.Git, root: Path, base: str) -> None:
    """Outside a repository `git diff` compares two paths instead, and prints its usage."""
    _, inside, _ = _run(runner, ["rev-parse", "--is-inside-work-tree"])
    if inside.strip() != "true":
        raise RegistryError(
            f"cannot compare with {base!r}: {root} is not in a git repository; "
            "run `registry check` without --changed to check every entry"
        )


def _names(runner: git.Git, base: str, command: list[str]) -> set[str]:
    """The NUL-separated names one git command prints for `CHECKED_FOLDERS`; git's first line
    of complaint, as a one-line RegistryError, when it fails (an unknown `base`)."""
    status, out, err = _run(runner, [*command, "--", *CHECKED_FOLDERS])
    if status != 0:
        said = next((line.strip() for line in err.splitlines() if line.strip()), "git could not compare")
        raise RegistryError(f"cannot compare with {base!r}: {said}")
    return {name for name in out.split("\0") if name}


def _run(runner: git.Git, command: list[str]) -> tuple[int, str, str]:
    """(status, stdout, stderr) of one git command, as git wrote them: GitPython's exception
    would wrap git's words in its own."""
    status, out, err = runner.execute(
        ["git", *command], with_extended_output=True, with_exceptions=False, strip_newline_in_stdout=False
    )
    return status, str(out), str(err)


def fork_point(repo: git.Repo, base: str, head: str) -> str:
    """The commit at which `head` left `base`, a ref the contributor named (`--changed main`):
    what was published when the branch began. A branch behind `base` has none of what `base`
    gained since, which is no record the branch removed; without a common commit, `base`'s tip."""
    try:
        tip = commit_of(repo, base)
    except git.GitCommandError:
        # `git diff` took it (":/message", say), but it names no one commit to start from.
        raise RegistryError(
            f"cannot compare with {base!r}: it names no one commit the branch began from; "
            "name a branch or a commit"
        ) from None
    try:
        return repo.git.merge_base(tip, head).strip()
    except git.GitCommandError:
        return tip

"""The three append-only lists of published addresses, held to their own git history.

`entries/published-ids.txt` (registry.published_ids), `published-revisions.txt`
(registry.published_revisions) and `published-request-pages.txt` (registry.published_requests)
each hold addresses that earlier builds published, and the build writes a file for every line
listed. A line taken out is an address that silently stops being written: the list as it now
stands no longer shows it, so the never-404 guard, which checks what is listed, passed, and so
did `check`. The list's own history still shows it: every line ever committed to a list on the
first-parent line of HEAD must still be in it (SECURITY.md rule 16). `check` and the build's
never-404 guard (registry.postbuild.guard) both ask `removed_lines`; so do the lists' own
`--check` commands.

One exception, from the history redaction procedure (HACKING.md): after a history rewrite a
published-revisions line `<id> <old short>` gains the new short id as a third word. A line
counts as kept while its key, its first `KEY_WORDS` words, is still listed.

Without git history (a tarball, an export) there is nothing to compare with, and nothing is
refused: the lists as they stand are all such a build knows. The history is read with one
`git log -p -U0` of the three files: about 1 s of CPU at 30,000 commits with lists of 10,000
lines changed in 201 of them (HACKING.md "The lists only grow"). It lives here, beside its one
use, not in registry/history/gitlog.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from registry.errors import Problem

IDS = Path("entries/published-ids.txt")
REVISIONS = Path("entries/published-revisions.txt")
REQUEST_PAGES = Path("entries/published-request-pages.txt")

#: Each list, and how many of a line's leading words name its address (the line's key).
KEY_WORDS = {IDS: 1, REVISIONS: 2, REQUEST_PAGES: 1}

#: One `git log` of the first-parent line, a merge diffed against its first parent (what the
#: branch held), each added line on its own (`-U0`), as plain text whatever git's configuration.
_LOG = (
    "git -c log.showSignature=false log --root --first-parent --diff-merges=first-parent -p -U0 --text "
    "--no-renames --no-ext-diff --no-textconv --no-color --src-prefix=a/ --dst-prefix=b/ --format=%x00%H"
).split()

#: What a removed line's message adds, for the one list whose lines may change.
_REWRITE_NOTE = {
    REVISIONS: " (after a history rewrite keep it, and add the new short id after the old one)",
}


@dataclass(frozen=True)
class Committed:
    """A line as some commit of the list held it (a comment or blank line is no address)."""

    line: str
    commit: str


@dataclass(frozen=True)
class ListHistory:
    """Every line ever committed to one list, by key, and the newest commit that added one
    (its version holds every line not removed before it: what to restore a deleted list from)."""

    lines: dict[tuple[str, ...], Committed]
    newest: str


def line_key(path: Path, line: str) -> tuple[str, ...] | None:
    """The address a line of the list at `path` names (its first words), or None for a blank
    line or a `#` comment, which name none (a header may be reworded)."""
    line = line.strip()
    if not line or line.startswith("#"):
        return None
    return tuple(line.split()[: KEY_WORDS[path]])


def committed_lines(repo: Any, head: str, paths: Iterable[Path]) -> dict[Path, ListHistory]:
    """Every line ever added to each list of `paths` on the first-parent line of `head`, from
    one `git log -p` (a merge diffed against its first parent: what the branch held). A list
    never committed is absent. Runs git."""
    paths = list(paths)
    command = [*_LOG, head, "--", *(p.as_posix() for p in paths)]
    out = repo.git.execute(command, stdout_as_string=False, strip_newline_in_stdout=False)
    return _parse_patches(out, paths)


def _parse_patches(out: bytes, paths: list[Path]) -> dict[Path, ListHistory]:
    """The added lines of `git log -p -U0` output, newest commit first, by list and key."""
    headers = {f"diff --git a/{p.as_posix()} b/{p.as_posix()}".encode(): p for p in paths}
    found: dict[Path, ListHistory] = {}
    commit, path, in_hunk = "", None, False
    for raw in out.split(b"\n"):
        if raw.startswith(b"\0"):  # a content line always starts with +, - or a space
            commit, path, in_hunk = raw[1:].decode(), None, False
        elif raw.startswith(b"diff --git "):
            path, in_hunk = headers.get(raw), False
        elif raw.startswith(b"@@"):
            in_hunk = True
        elif in_hunk and path is not None and raw.startswith(b"+"):
            line = raw[1:].decode("utf-8", "replace")
            key = line_key(path, line)
            if key is None:
                continue
            history = found.setdefault(path, ListHistory({}, commit))
            history.lines.setdefault(key, Committed(line.strip(), commit))
    return found


def removed_lines(
    root: Path, paths: Iterable[Path] = tuple(KEY_WORDS), base: str | None = None
) -> list[Problem]:
    """One problem per line ever committed to a list of `paths` that the list at `root` no
    longer holds, or one for a list deleted outright; none without git history.

    The history is HEAD's, or `base`'s (a ref `check --changed` compares with): a line that
    lived only on this branch was never published. Runs git; reads the lists.
    """
    from registry.changed import fork_point
    from registry.history.gitlog import opened  # GitPython only when asked: the lists' readers need none

    paths = list(paths)
    with opened(root) as found:
        if found is None:
            return []
        repo, head = found
        if base is not None:
            head = fork_point(repo, base, head)  # main's lines since are no line this branch removed
        history = committed_lines(repo, head, paths)
    problems = []
    for path in paths:
        if path in history:
            problems.extend(_removed(root, path, history[path]))
    return problems


def _removed(root: Path, path: Path, history: ListHistory) -> list[Problem]:
    """The problems of one list: its deletion, or each committed line it no longer holds."""
    shown = path.as_posix()
    if not (root / path).is_file():
        return [
            Problem(
                shown,
                1,
                1,
                "file",
                f"was deleted, but it lists {len(history.lines)} published address(es) and may never "
                f"lose one (SECURITY.md rule 16): restore it (git checkout {history.newest[:12]} -- {shown})",
            )
        ]
    text = (root / path).read_text(encoding="utf-8", errors="replace")
    kept = {line_key(path, line) for line in text.splitlines()}
    return [
        Problem(
            shown,
            1,
            1,
            committed.line,
            f"was published (it is in this list at commit {committed.commit[:12]}) and may never be "
            f"removed (SECURITY.md rule 16): restore the line{_REWRITE_NOTE.get(path, '')}",
        )
        for key, committed in sorted(history.lines.items())
        if key not in kept
    ]

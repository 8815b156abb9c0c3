"""`entries/published-revisions.txt`: the revision addresses earlier builds published, kept for good.

Builds before issue 18 wrote a page and a JSON file for every revision of every record,
`/deployments/<id>/revisions/<short>/` and `/api/v1/deployments/<id>/revisions/<short>.json`,
and citations, archives and data clients name them. Builds now write one history page per
record (registry.exports.revisions), so the site no longer grows with every commit; but an
address once published never breaks, and GitHub Pages, our deploy target, cannot send a
redirect for a missing file. So the addresses already published are listed here, one
`<id> <short>` a line (sorted, `#` comments allowed), and each keeps a real file: a small
redirect page to `/deployments/<id>/history/#rev-<short>` and its JSON as it stood
(registry.exports.revisions). Revisions made after the switch are not listed and get only the
history page's item and their patch in the record's JSON.

Append-only (SECURITY.md rule 16): a line is never removed. A history rewrite (HACKING.md,
"History redaction procedure") changes commit ids; the line then keeps its old short id and
gains the new one as a third word, `<id> <old short> <new short>`, so the old address shows
the rewritten (redacted) revision.

`registry published-revisions --until <commit>` adds every revision address the old build
made from that commit's history (the live site's commit, in its `/history-manifest.json`);
`--check` fails when a listed line does not resolve to a revision of the current history,
or when a line committed to the list is gone from it (registry.address_lists), as the build's
never-404 guard would. Contributors never run it: the list was made once,
when this registry switched (HACKING.md "Revision addresses"). It refuses to add anything
without `--until`, or from a commit that already has the list: a build from such a commit
published no address the list did not hold, so any line added then would name a revision
that was never published.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from registry import address_lists, urls
from registry.errors import Problem, RegistryError
from registry.published_ids import answering
from registry.types import ENTRY_ID

Item = TypeVar("Item")

LIST_PATH = address_lists.REVISIONS
_SHORT = re.compile(r"^[0-9a-f]{12}$")
HEADER = (
    "# Revision addresses published by builds before issue 18, one `<id> <short>` per line, sorted:\n"
    f"# /{urls.revision_page('<id>', '<short>')} and /{urls.revision_json('<id>', '<short>')}.\n"
    "# Each keeps a redirect page and its JSON for good. Append-only: never remove a line\n"
    "# (SECURITY.md rule 16). After a history rewrite add the new short id as a third word.\n"
    "# Newer revisions are not listed: they live on the record's history page (HACKING.md).\n"
)


@dataclass(frozen=True)
class Listed:
    """One listed address: record `id`, revision `short`, and `now`, the short id that revision
    has in the current history (itself, unless a history rewrite changed it)."""

    id: str
    short: str
    now: str
    line: int


def read_list(root: Path) -> list[Listed]:
    """The lines of `root/entries/published-revisions.txt` (none when the file does not exist)."""
    return read_address_list(root / LIST_PATH, LIST_PATH, parse_line, EXPECTED)


#: How a line of the list is written, for the message on one that is not.
EXPECTED = "`<record id> <12 hex digits>`"


def parse_line(line: str, number: int) -> Listed | None:
    words = line.split()
    if 2 <= len(words) <= 3 and ENTRY_ID.fullmatch(words[0]) and all(_SHORT.fullmatch(w) for w in words[1:]):
        return Listed(words[0], words[1], words[-1], number)
    return None


def read_address_list(
    path: Path, shown: Path, parse: Callable[[str, int], Item | None], expected: str
) -> list[Item]:
    """The items of one append-only list of published addresses (this one, or
    `published-request-pages.txt`): `parse` reads a line that is neither blank nor a `#`
    comment, or returns None for a malformed one. None when the file does not exist.

    Raises RegistryError naming every malformed line: a line the build cannot read would be an
    address that silently stops resolving.
    """
    found, bad = address_list_items(path, shown, parse, expected)
    if bad:
        raise RegistryError("\n".join(problem.format() for problem in bad))
    return found


def address_list_items(
    path: Path, shown: Path, parse: Callable[[str, int], Item | None], expected: str
) -> tuple[list[Item], list[Problem]]:
    """The items of a list (`read_address_list`), and a problem for each malformed line."""
    if not path.is_file():
        return [], []
    found, bad = [], []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        item = parse(line, number)
        if item is None:
            bad.append(Problem(shown.as_posix(), number, 1, "line", f"expected {expected}, got {line!r}"))
        else:
            found.append(item)
    return found, bad


def addresses_built(files: list[Any], history: Any, until: set[str]) -> set[tuple[str, str]]:
    """Every (id, short) a build before issue 18 wrote a revision page for: each revision with data
    of each record with its own history, under its current id and, after a rename, its id then.

    `until`: only the revisions whose commit is in this set of full commit ids (the history of
    the commit the live site was built from). Required: today's history also holds revisions
    no build gave an address of their own.
    """
    if not getattr(history, "available", False):
        return set()
    found = set()
    for f in files:
        entry_history = history.get(f.entry.id)
        if entry_history is None or entry_history.id != f.entry.id:
            continue
        for revision in entry_history.revisions:
            if not revision.has_data or revision.sha not in until:
                continue
            found.add((f.entry.id, revision.short))
            found.add((revision.entry_id, revision.short))
    return found


@dataclass(frozen=True)
class Resolved:
    """A listed address and what it shows: the record now (`record_id`) and its revision."""

    listed: Listed
    record_id: str
    revision: Any


def resolve(listed: list[Listed], files: list[Any], history: Any) -> tuple[list[Resolved], list[str]]:
    """Each listed address with the record and revision it shows, and a message per line that
    resolves to nothing (the build's guard and `--check` both fail on those)."""
    records = answering(files)
    by_record: dict[str, dict[str, Any]] = {}
    resolved, problems = [], []
    for item in listed:
        record_id = records[item.id].entry.id if item.id in records else None
        where = f"{LIST_PATH}:{item.line}:1: {item.id} {item.short}"
        if record_id is None:
            problems.append(f"{where}: {NO_RECORD}")
            continue
        if record_id not in by_record:
            entry_history = history.get(record_id) if getattr(history, "available", False) else None
            own = entry_history is not None and entry_history.id == record_id
            by_record[record_id] = {r.short: r for r in entry_history.revisions} if own else {}
        if item.now != item.short and item.short in by_record[record_id]:
            problems.append(f"{where}: {still_a_revision(item, record_id)}")
            continue
        revision = by_record[record_id].get(item.now)
        revision = revision if revision is not None and revision.has_data else None
        if revision is None:
            problems.append(f"{where}: {no_revision(item, record_id)}")
            continue
        resolved.append(Resolved(item, record_id, revision))
    return resolved, problems


NO_RECORD = "no record has this id or lists it in aliases"


def still_a_revision(item: Listed, record_id: str) -> str:
    """A third id is for a commit a history rewrite removed; while the commit is still there it
    would send a cited revision's address to another revision."""
    return (
        f"{item.short} is still a revision of record {record_id} in this history, so it keeps its "
        f"own address: remove {item.now} from this line (a second commit id is only for a commit a "
        "history rewrite removed)"
    )


def no_revision(item: Listed, record_id: str) -> str:
    return (
        f"record {record_id} has no revision {item.now} in this history; if a history rewrite "
        "changed its commit id, add the new 12-digit id after it on this line "
        "(HACKING.md 'History redaction procedure')"
    )


def list_text(listed: list[Listed], added: set[tuple[str, str]]) -> str:
    lines = {(i.id, i.short): " ".join(dict.fromkeys([i.id, i.short, i.now])) for i in listed}
    for key in added:
        lines.setdefault(key, " ".join(key))
    return HEADER + "".join(f"{lines[k]}\n" for k in sorted(lines))


def commits_until(root: Path, ref: str) -> set[str]:
    """The full ids of every commit in the history of `ref`, a commit built before the switch.

    Runs git. Raises RegistryError if `ref` names no commit, or names one that already has the
    list (a build from it wrote only the listed addresses, so nothing of its own to add).
    """
    import git

    from registry.history.gitlog import commit_of

    try:
        repo = git.Repo(root)
        with repo:
            sha = commit_of(repo, ref)
            has_list = bool(repo.git.ls_tree("--name-only", sha, "--", LIST_PATH.as_posix()).strip())
            commits = set(repo.git.rev_list(sha).split())
    except (git.GitCommandError, git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise RegistryError(
            f"--until {ref}: no such commit in this repository; give the commit the live site "
            "was built from (its /history-manifest.json)"
        ) from None
    if has_list:
        raise RegistryError(
            f"--until {ref}: that commit already has {LIST_PATH}, so it was built after the switch "
            "to history pages (data contract 1.4.0) and published no revision address the list "
            "does not hold; there is nothing to add"
        )
    return commits


#: Why the command refuses to run without `--until`: every revision of today's history
#: includes revisions no build ever gave an address of their own (HACKING.md).
NEEDS_UNTIL = (
    "published-revisions: give --until <commit>, the commit the live site was built from before "
    "data contract 1.4.0 (its /history-manifest.json); without it every revision would be listed, "
    "and revisions made since were never published"
)


def run(args: argparse.Namespace) -> int:
    """`registry published-revisions --until COMMIT | --check`."""
    from registry.entries import load_registry
    from registry.history import read_history

    if not args.check and not args.until:
        raise RegistryError(NEEDS_UNTIL)
    root = Path(args.root).resolve()
    files = load_registry(root)
    history = read_history(root, None)
    listed = read_list(root)
    if not getattr(history, "available", False):
        raise RegistryError(
            "no git history here (a shallow clone or an export): the revision addresses are checked "
            "against it, and a build without it writes none. Use a full clone."
        )
    if args.check:
        removed = [p.format() for p in address_lists.removed_lines(root, [LIST_PATH])]
        problems = removed + resolve(listed, files, history)[1]
        if problems:
            raise RegistryError("\n".join(problems))
        print(f"{LIST_PATH}: every listed revision address resolves ({len(listed)})")
        return 0
    until = commits_until(root, args.until)
    added = addresses_built(files, history, until) - {(i.id, i.short) for i in listed}
    (root / LIST_PATH).write_text(list_text(listed, added), encoding="utf-8")
    print(f"{LIST_PATH}: added {len(added)} revision address(es), {len(listed) + len(added)} in all")
    return 0

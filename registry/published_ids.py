"""`entries/published-ids.txt`: every record id ever published, kept for builds without git.

The never-404 guard (registry/postbuild/guard.py) learns which ids were ever published from
the git history of the main branch. A build from a tarball or a shallow export has no
history, so the same promise rests on this committed, append-only list: one id per line,
sorted, `#` comments allowed. Ids are added, never removed (SECURITY.md rule 16).

Kept current by `registry published-ids`, which adds every id of `entries/`, every alias
and every id in the git history; `registry published-ids --check` (and
tests/test_guard.py) fails when one is missing, so a pull request that adds an entry adds
its id here too. A line once committed is never removed: `check`, the guard and `--check`
compare the list with its own git history (registry.address_lists).
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from registry import address_lists, urls
from registry.errors import Problem, RegistryError
from registry.types import ENTRY_ID

LIST_PATH = address_lists.IDS
HEADER = (
    "# Every record id ever published, one per line, sorted. Append-only: never remove a line\n"
    "# (SECURITY.md rule 16). Used by the never-404 guard when a build has no git history.\n"
    "# Run `registry published-ids` to add new ids.\n"
)


def entry_path(entry_id: str) -> str:
    """The entry file a record id names, relative to the root: `entries/gb/gb-x.yaml`."""
    return f"entries/{entry_id[:2]}/{entry_id}.yaml"


def read_published_list(root: Path) -> list[str]:
    """The ids in `root/entries/published-ids.txt` (empty if the file does not exist)."""
    path = root / LIST_PATH
    if not path.is_file():
        return []
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]  # an indented comment too


def history_ids(history: Any) -> set[str]:
    """The record ids in the git history of the main branch (empty without history).

    Only names that can be record ids count: another YAML file under entries/ (the
    redactions list) is never a record, whatever the history walk made of it.
    """
    if not getattr(history, "available", False):
        return set()
    return {i for i in history.ids if ENTRY_ID.fullmatch(i)}


def answering(files: list[Any]) -> dict[str, Any]:
    """Every id a record answers for, its own and its aliases, with that record (EntryFile).

    Its own id wins over another's alias, though `check` refuses that (checks/identity.py).
    """
    found = {alias: f for f in files for alias in f.entry.aliases}
    found.update((f.entry.id, f) for f in files)
    return found


def ids_to_publish(files: list[Any], history: Any) -> set[str]:
    """Every id the list must hold: current ids, their aliases, and ids in the git history."""
    return set(answering(files)) | history_ids(history)


def vanished_ids(files: list[Any], published: Iterable[str], present: Iterable[str] = ()) -> list[str]:
    """The rule both `check` and the build's never-404 guard apply: published ids nobody keeps.

    An id once published must stay a record's id or one of its aliases forever (SECURITY.md
    rule 16). `present` adds ids whose file exists but did not load (its own error is shown).
    """
    kept = set(answering(files)) | set(present)
    return sorted(set(published) - kept)


def vanished_message(entry_id: str, where: str, successor: str | None = None) -> str:
    """What to do about a published id that no entry has and no entry lists as an alias."""
    rename = (
        f"add it to the aliases of {successor}"
        if successor
        else "add it to the aliases of the record that replaced it"
    )
    return (
        f"{entry_id}: was published (it is in {where}) but no entry has this id or lists it in "
        f"aliases, so /{urls.entry_page(entry_id)} would be a 404. Withdraw it instead of deleting it: "
        f"restore {entry_path(entry_id)} and set record.status: withdrawn (with "
        f"withdrawn.date and withdrawn.reason). If it was renamed, {rename}."
    )


def git_ids(root: Path, base: str | None = None) -> set[str] | None:
    """Record ids of every entry file on the first-parent line of HEAD (or of where it left
    `base`, a ref `check --changed` compares with); None without git history.

    The ids the history stage's walk finds (every entry file added on that line), read without
    any file's contents, so `check` learns what the build's guard will know. A shallow clone
    gives None: the committed list (`read_published_list`) still holds every published id.
    """
    from registry.changed import fork_point
    from registry.history.gitlog import added_entry_ids, opened

    with opened(root) as found:
        if found is None:
            return None
        repo, head = found
        if base is not None:
            # What is published is what the base held when the branch began: an id that lived
            # only on this branch (added, then renamed before merging) was never published, and
            # one the base gained since is no record this branch deleted.
            head = fork_point(repo, base, head)
        return added_entry_ids(repo, head)


def vanished_problems(
    root: Path,
    files: list[Any],
    present: Iterable[str],
    base: str | None = None,
    from_git: set[str] | None = None,
) -> list[Problem]:
    """`check`'s side of the never-404 guard: one problem per published id no entry keeps.

    Published ids come from git (HEAD's history, as the build would see it, or `base`'s for
    `check --changed`; `from_git` when the caller has them already, as `registry serve` has
    from its last build's history) and from the committed list. Placed at the file the
    record lived in (it no longer exists), line 1.
    """
    if from_git is None:
        from_git = git_ids(root, base) or set()
    listed = set(read_published_list(root))
    problems = []
    for entry_id in vanished_ids(files, from_git | listed, present):
        where = f"the git history of {base or 'HEAD'}" if entry_id in from_git else str(LIST_PATH)
        problems.append(Problem(entry_path(entry_id), 1, 1, "id", vanished_message(entry_id, where)))
    return problems


#: When one entry file existed: half-open ranges of commit indexes, the end None while it does.
Spans = list[tuple[int, int | None]]


@dataclass(frozen=True)
class Lifetimes:
    """When each entry file existed on the first-parent line: `spans[id]` holds half-open
    ranges of indexes into `commits` (oldest first), the end None while the file exists."""

    commits: list[str]
    spans: dict[str, Spans]


def entry_lifetimes(repo: Any, head: str) -> Lifetimes:
    """When every entry file existed on the first-parent line of `head`, from the walk's one
    `git log` (no file is read): for the rule that an alias names an id its record had before,
    never one that was a record beside it."""
    from registry.history.gitlog import walk_log

    commits = walk_log(repo, head, only="ADT")  # an edit changes no file's lifetime
    spans: dict[str, Spans] = {}
    for index, commit in enumerate(commits):
        for touch in commit.touches:
            ranges = spans.setdefault(touch.entry_id, [])
            is_open = bool(ranges) and ranges[-1][1] is None
            if touch.blob is not None and not is_open:
                ranges.append((index, None))
            elif touch.blob is None and is_open:
                ranges[-1] = (ranges[-1][0], index)
    return Lifetimes([c.sha for c in commits], spans)


def head_lifetimes(root: Path) -> Lifetimes | None:
    """When each entry file existed on HEAD's first-parent line; None without a usable history."""
    from registry.history.gitlog import opened

    with opened(root) as found:
        return entry_lifetimes(*found) if found is not None else None


def alias_problems(root: Path, files: list[Any], lived: Lifetimes | None = None) -> list[Problem]:
    """An alias must name an id its record had before, never one that was a record beside it.

    An alias takes over its id's address, feed, JSON and history: listed on an unrelated
    record, it moved another record's published address, and every citation of it, to a
    record it never described, and `check` and the build passed (the history of the record
    that lost the id was left on no page). An id that was a record of its own while this
    record (or another of its old ids) also was is no earlier name of it: a rename moves the
    file, so the two never exist at once. A merge is a tombstone (`record.merged_into`), not
    an alias. Without git history nothing can be told, and nothing is refused. `lived`: the
    lifetimes when the caller read them already (`check` reads them once for this and the ids).
    """
    holders = [f for f in files if f.entry.aliases]
    if not holders:
        return []
    lived = lived or head_lifetimes(root)
    if lived is None:
        return []
    # An alias that is a live id, or another record's alias too, has its own message (identity.py).
    held = Counter(a for f in files for a in f.entry.aliases)
    told = {f.entry.id for f in files} | {a for a, n in held.items() if n > 1}
    problems = []
    for f in holders:
        chain = [(f.entry.id, lived.spans.get(f.entry.id, []))]
        chain += [(a, [] if a in told else lived.spans.get(a, [])) for a in f.entry.aliases]
        for index, (alias, spans) in enumerate(chain[1:]):
            message = _alias_message(alias, spans, chain, f.entry.id, lived.commits)
            if message:
                line, col = f.loaded.locate(("aliases", index))
                problems.append(Problem(f.path, line, col, f"aliases.{index}", message))
    return problems


def _alias_message(
    alias: str, spans: Spans, chain: list[tuple[str, Spans]], entry_id: str, commits: list[str]
) -> str | None:
    """Why `alias` (its file's lifetimes `spans`) is no earlier id of the record whose ids are
    `chain`, or None. It was not if it existed beside one of them, or if none of them began in
    the commit that ended it: a rename moves the file in one commit, so the record's next id
    starts where the old one stops; an id moved later to a record made since had stopped long before."""
    for other, theirs in chain[: next(i for i, (name, _) in enumerate(chain) if name == alias)]:
        at = _together(spans, theirs)
        if at is not None:
            return _beside_message(alias, other, entry_id, commits[at])
    if not spans or spans[-1][1] is None:
        return None  # never a file on this line (a list's id), or one still there (identity.py)
    ended = spans[-1][1]
    if any(start == ended for name, theirs in chain if name != alias for start, _ in theirs):
        return None
    return (
        f"'{alias}' ended at commit {commits[ended][:12]} (its file was deleted there), but neither "
        "this record nor another of its earlier ids began there, so it is not an earlier id of this "
        "record: an alias keeps the old address of a record renamed in one commit (git mv). List "
        f"it in the aliases of the record {alias} became; if it was merged into this one, restore "
        f"{entry_path(alias)} with record.status: merged and record.merged_into: {entry_id}"
    )


def _together(a: Spans, b: Spans) -> int | None:
    """The first commit (an index) at which a file of each of two lifetimes existed, if any."""
    shared = [
        max(start, other_start)
        for start, end in a
        for other_start, other_end in b
        if max(start, other_start) < min(_end(end), _end(other_end))
    ]
    return min(shared, default=None)


def _end(end: int | None) -> int:
    """A span's end, a file that still exists running past every commit."""
    return end if end is not None else 1 << 62


def _beside_message(alias: str, other: str, entry_id: str, commit: str) -> str:
    beside = "this record" if other == entry_id else f"{other} (an earlier id of this record)"
    return (
        f"'{alias}' was a record of its own while {beside} was one too (both files existed at "
        f"commit {commit[:12]}), so it is not an earlier id of this record: an alias keeps a "
        f"renamed record's old address. List it in the aliases of the record {alias} became; "
        f"if it was merged into this one, restore {entry_path(alias)} with record.status: merged "
        f"and record.merged_into: {entry_id}"
    )


def list_text(ids: set[str]) -> str:
    return HEADER + "".join(f"{i}\n" for i in sorted(ids))


def run(args: argparse.Namespace) -> int:
    """`registry published-ids [--check]`: adds missing ids to the list, or fails if any is missing."""
    from registry.entries import load_registry
    from registry.history import read_history

    root = Path(args.root).resolve()
    files = load_registry(root)
    history = read_history(root, None)
    listed = set(read_published_list(root))
    missing = sorted(ids_to_publish(files, history) - listed)
    if args.check:
        removed = address_lists.removed_lines(root, [LIST_PATH])
        if removed:
            raise RegistryError("\n".join(p.format() for p in removed))
        if missing:
            raise RegistryError(
                f"{LIST_PATH} is missing {len(missing)} published id(s): {', '.join(missing[:10])}"
                f"{' ...' if len(missing) > 10 else ''}. Run `registry published-ids` and commit the file."
            )
        print(f"{LIST_PATH} lists every published id ({len(listed)})")
        return 0
    (root / LIST_PATH).write_text(list_text(listed | set(missing)), encoding="utf-8")
    print(f"{LIST_PATH}: added {len(missing)} id(s), {len(listed) + len(missing)} in all")
    return 0

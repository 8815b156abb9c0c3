"""From the walk to per-entry histories: versions, joins across renames, revisions, changes.

An entry's history is the sequence of versions visible under its id, or under an old id it
lists in `aliases` (a rename is the new file plus the old id in aliases, SECURITY.md 3.8), so
the history survives the rename and shows it as one "renamed" revision. Withdrawn and merged
entries keep their files and so their history. Each revision is computed from the two
versions around it with redactions already applied, so no removed value reaches the output.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from registry.history.changes import diff_versions
from registry.history.gitlog import TooLarge
from registry.history.model import PREVIOUS_UNREADABLE, Change, Revision
from registry.history.raw_lines import line_diff
from registry.history.redactions import Redaction, apply_redactions
from registry.loader import MAX_BYTES

#: (commit index, entry id, path, blob or None): one touch of one entry file.
Event = tuple[int, str, str, str | None]


@dataclass(frozen=True)
class CommitInfo:
    """A commit of the walk with its shown text already cleaned."""

    sha: str
    time: int
    author: str
    subject: str
    pr: int | None


class Versions:
    """Access to parsed versions and raw texts, plus the rules that redact them."""

    def __init__(self, parsed: Callable[[str], dict], text: Callable[[str], bytes | TooLarge | None]) -> None:
        self.parsed = parsed
        self.text = text

    def data(self, blob: str | None) -> dict | None:
        if blob is None:
            return None
        found = self.parsed(blob).get("data")
        return found if isinstance(found, dict) else None

    def error(self, blob: str | None) -> str | None:
        return None if blob is None else self.parsed(blob).get("error")


def aliases_of(data: dict | None) -> list[str]:
    """The `aliases` of a version, tolerating any shape an old or invalid version had."""
    found = (data or {}).get("aliases")
    return [a for a in found if isinstance(a, str)] if isinstance(found, list) else []


def build_chains(latest: dict[str, str | None], aliases: dict[str, list[str]]) -> dict[str, list[str]]:
    """Returns head id -> [head id, joined old ids...] for every id ever seen.

    An alias is joined only if its own file is gone at HEAD (otherwise it still has its own
    page); an id claimed by two entries goes to the first by id, so the result is stable.
    """
    claimed: set[str] = set()
    chains: dict[str, list[str]] = {}
    for head in sorted(i for i, blob in latest.items() if blob is not None):
        chain, todo = [head], list(aliases.get(head, []))
        while todo:
            old = todo.pop(0)
            if old in claimed or old in chain or latest.get(old, "") is not None or old not in latest:
                continue
            claimed.add(old)
            chain.append(old)
            todo.extend(aliases.get(old, []))
        chains[head] = chain
    for gone in sorted(i for i, blob in latest.items() if blob is None):
        if gone not in claimed and not any(gone in c for c in chains.values()):
            chains[gone] = [gone]
    return chains


def signature(
    code: str, chain: list[tuple[str, int, str, str | None]], rules: list[tuple[int, Redaction]]
) -> str:
    """A fingerprint of everything one entry's history depends on.

    `chain` gives, for each of the entry's ids, how many touches it has and the commit and
    blob of the last one. Within one line of history touches are only ever appended, and a
    rewrite of anything before the last touch changes that commit's id, so these identify
    the events exactly; parsed versions are content-addressed. Equal fingerprints therefore
    mean equal histories, even across a force push.
    """
    parts = [code, *(f"{i}:{n}:{sha}:{blob}" for i, n, sha, blob in chain)]
    parts += [f"{i}:{r.field}:{r.reason}" for i, r in rules]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def assemble_entry(
    head: str,
    chain_events: list[Event],
    rules: list[tuple[int, Redaction]],
    versions: Versions,
) -> dict[str, Any]:
    """Returns one entry's history in its cacheable form (see `to_entry_history`)."""
    current: dict[str, tuple[int, str, str | None]] = {}  # id -> (last touched, path, blob)
    shown: tuple[str, str | None, str | None] | None = None  # (id, path, blob) visible now
    shown_at = -1  # the commit index that produced the visible version
    revisions: list[list] = []
    title = ""
    position = 0
    while position < len(chain_events):
        index = chain_events[position][0]
        while position < len(chain_events) and chain_events[position][0] == index:
            _, entry_id, path, blob = chain_events[position]
            if blob is not None or current.get(entry_id, (0, path, None))[1] == path:
                current[entry_id] = (index, path, blob)
            position += 1
        visible = _visible(head, current)
        if (visible and visible[2]) == (shown and shown[2]) and (visible and visible[0]) == (
            shown and shown[0]
        ):
            continue
        revisions.append(_revision(index, shown, shown_at, visible, bool(revisions), rules, versions))
        shown, shown_at = visible, index
    for rev in reversed(revisions):
        data = versions.data(rev[3])
        if data is not None:
            data = apply_redactions(data, _rules_at(rev[0], rules))
            if isinstance(data.get("title"), str):
                title = data["title"]
                break
    return {"title": title or head, "revisions": revisions}


def _visible(head: str, current: dict[str, tuple[int, str, str | None]]):
    """The version shown under the head id: its own file, else the latest-touched old id's."""
    if current.get(head, (0, "", None))[2] is not None:
        return (head, current[head][1], current[head][2])
    alive = [(touched, entry_id, path, blob) for entry_id, (touched, path, blob) in current.items() if blob]
    if not alive:
        return None
    _, entry_id, path, blob = max(alive)
    return (entry_id, path, blob)


def _revision(index, before, before_at, after, seen_before, rules, versions: Versions) -> list:
    """One revision in cacheable form: the change from `before` (made at `before_at`) to `after`."""
    old_blob, new_blob = before and before[2], after and after[2]
    old_raw, new_raw = versions.data(old_blob), versions.data(new_blob)
    old = apply_redactions(old_raw, _rules_at(before_at, rules)) if old_raw is not None else None
    new = apply_redactions(new_raw, _rules_at(index, rules)) if new_raw is not None else None
    # Raw lines cannot be redacted field by field, and a broken version cannot be read to see
    # whether it still holds a redacted value (the history lists it only as "could not be
    # read", so a redaction tends to name the readable version before it): an entry with any
    # redaction shows no raw lines at all.
    withhold = bool(rules)
    changes: list[Change] = []
    diff: tuple[str, ...] | None = None
    problem = versions.error(new_blob) or (
        f"{PREVIOUS_UNREADABLE}{versions.error(old_blob)}" if versions.error(old_blob) else None
    )
    if after is None:
        kind = "deleted"
    elif before is None:
        kind = "restored" if seen_before else "created"
    elif before[0] != after[0]:
        kind = "renamed"
    else:
        kind = _status_kind(old, new)
    if before is not None and after is not None:
        if old is not None and new is not None:
            changes = diff_versions(old, new)
        elif not withhold:
            diff = _lines(versions, old_blob, new_blob)
    elif after is not None and new is None and not withhold:
        diff = _lines(versions, None, new_blob)
    return [
        index,
        after[0] if after else before[0],
        after[1] if after else before[1],
        new_blob,
        kind,
        [[c.kind, c.field, c.text, c.old, c.new] for c in changes],
        list(diff) if diff is not None else None,
        problem,
        new is not None,
    ]


def _rules_at(index: int, rules: list[tuple[int, Redaction]]) -> list[Redaction]:
    """The redactions covering the version visible at commit `index` (at or before their commit)."""
    return [rule for at, rule in rules if index <= at]


def _status_kind(old: dict | None, new: dict | None) -> str:
    old_status = (
        ((old or {}).get("record") or {}).get("status")
        if isinstance((old or {}).get("record"), dict)
        else None
    )
    new_status = (
        ((new or {}).get("record") or {}).get("status")
        if isinstance((new or {}).get("record"), dict)
        else None
    )
    if new_status != old_status and new_status in ("withdrawn", "merged"):
        return str(new_status)
    return "changed"


def _lines(versions: Versions, old_blob: str | None, new_blob: str | None) -> tuple[str, ...]:
    """The line diff between two versions, or a line for each side too large to show.

    A version over the size limit was never read (gitlog.TooLarge), so there is nothing to
    compare: the reader is told its size instead, as the loader told its contributor.
    """
    old, new = _raw(versions, old_blob), _raw(versions, new_blob)
    too_large = tuple(
        f"{side} is too large to show: {raw.size:,} bytes; the limit is {MAX_BYTES:,} bytes"
        for side, raw in (("the previous version", old), ("this version", new))
        if isinstance(raw, TooLarge)
    )
    return too_large or line_diff(_text(old), _text(new))


def _raw(versions: Versions, blob: str | None) -> bytes | TooLarge | None:
    return versions.text(blob) if blob else None


def _text(raw: bytes | TooLarge | None) -> str:
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else ""


def to_revisions(
    stored: dict[str, Any],
    commits: list[CommitInfo],
    rules: list[tuple[int, Redaction]],
    versions: Versions,
) -> tuple[Revision, ...]:
    """Builds the public revisions (newest first) from the cacheable form."""
    revisions = []
    for index, entry_id, path, blob, kind, changes, diff, problem, has_data in reversed(stored["revisions"]):
        commit = commits[index]
        revisions.append(
            Revision(
                index=index,
                sha=commit.sha,
                time=commit.time,
                author=commit.author,
                subject=commit.subject,
                pr=commit.pr,
                entry_id=entry_id,
                path=path,
                kind=kind,
                changes=tuple(Change(*c) for c in changes),
                diff=tuple(diff) if diff is not None else None,
                problem=problem,
                has_data=has_data,
                _load=_loader(versions, blob, _rules_at(index, rules)) if has_data else None,
            )
        )
    return tuple(revisions)


def _loader(versions: Versions, blob: str, rules: list[Redaction]) -> Callable[[], dict | None]:
    def load() -> dict | None:
        data = versions.data(blob)
        return apply_redactions(data, rules) if data is not None else None

    return load

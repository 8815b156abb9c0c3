"""The committed redactions list: values kept out of every rendered and exported history.

History shows field-level changes, so a value that a correction removed for privacy or legal
reasons would be republished by the history of the entry (SECURITY.md rule 17). Each item of
`entries/redactions.yaml` names an entry, a commit, a field and a reason category; the field
reads `[redacted: <reason>]` in that commit's version and in every earlier one (so does its
text wherever an earlier version holds it, `with_texts`), in change lists, in `Revision.data`
and in feeds, and the entry's raw line diffs are all withheld (a
broken version after the named commit may still hold the value, and cannot be read to tell).
What must also leave git itself follows SECURITY.md section 5 (git filter-repo).

    redactions:
      - entry: gb-kings-cross-argent
        commit: 3f1c2a9b7d0e   # the last commit at which the value stood (7 to 40 hex digits)
        field: parties.Argent site_manager.note   # list items by key, id, name or 0-based index
        reason: privacy        # vocab.RedactionReason
        old_tip: 9d8e...       # optional: the published tip a history rewrite for it removed

`old_tip` is for the rare redaction that also rewrote git (HACKING.md): the force-push guard
(registry/postbuild/tip.py) lets a build drop the live site's tip only when an item names it.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, get_args

from registry.errors import EntryProblems, LoadError, Problem
from registry.history.changes import LIST_KEYS
from registry.loader import load_file
from registry.vocab import RedactionReason

REDACTIONS_FILE = "entries/redactions.yaml"
_FIELDS = ("entry", "commit", "field", "reason")
_OPTIONAL = ("old_tip",)
_COMMIT = re.compile(r"^[0-9a-f]{7,40}$")


@dataclass(frozen=True)
class Redaction:
    """One value to keep out of history: `field` of `entry` at `commit` and before."""

    entry: str
    commit: str  # as written (a prefix); resolved against the walk by the caller
    field: str
    reason: str
    line: int = 1
    old_tip: str | None = None  # a published tip that the rewrite for this redaction removed
    index: int = 0  # its place in the list, for messages
    #: Where each of its values is written, `(key, line, column)`: a problem points at the value.
    places: tuple[tuple[str, int, int], ...] = ()
    texts: frozenset[str] = frozenset()  # the hidden text at its commit (`with_texts`)

    @property
    def marker(self) -> str:
        return f"[redacted: {self.reason}]"

    def place(self, key: str) -> tuple[int, int]:
        """The line and column of the value of `key` (the item's line when not known)."""
        return next(((line, col) for k, line, col in self.places if k == key), (self.line, 1))


def load_redactions(root: Path) -> list[Redaction]:
    """Returns the redactions listed in `root/entries/redactions.yaml` (none if it is absent).

    Reads that file through the hardened loader; raises EntryProblems, with positions, for an
    item that is malformed, because a redaction that silently does not apply is a leak.
    """
    path = root / REDACTIONS_FILE
    if not path.is_file():
        return []
    try:
        loaded = load_file(path)
    except LoadError as exc:
        raise EntryProblems(exc.problems(REDACTIONS_FILE)) from None
    items = loaded.data.get("redactions", [])
    problems: list[Problem] = []
    found: list[Redaction] = []
    if set(loaded.data) - {"redactions"} or not isinstance(items, list):
        problems.append(
            Problem(REDACTIONS_FILE, 1, 1, "redactions", "the file holds one list, `redactions:`")
        )
        items = []
    reasons = get_args(RedactionReason)
    for n, item in enumerate(items):
        line, col = loaded.locate(("redactions", n))
        if (
            not isinstance(item, dict)
            or not set(_FIELDS) <= set(item) <= set(_FIELDS + _OPTIONAL)
            or not all(isinstance(value, str) for value in item.values())
        ):
            stray = stray_key(item)  # a misspelling: the problem is there, not at the item
            at = loaded.locate_key(("redactions", n, stray)) if stray is not None else (line, col)
            problems.append(
                Problem(
                    REDACTIONS_FILE,
                    *at,
                    f"redactions.{n}",
                    "needs exactly: entry, commit, field, reason (and optionally old_tip)",
                )
            )
        elif bad := next(
            (k for k in ("commit", *_OPTIONAL) if k in item and not _COMMIT.fullmatch(item[k])), None
        ):
            problems.append(
                Problem(
                    REDACTIONS_FILE,
                    *loaded.locate(("redactions", n, bad)),
                    f"redactions.{n}.{bad}",
                    "must be 7 to 40 lowercase hex digits",
                )
            )
        elif item["reason"] not in reasons:
            problems.append(
                Problem(
                    REDACTIONS_FILE,
                    *loaded.locate(("redactions", n, "reason")),
                    f"redactions.{n}.reason",
                    f"must be one of: {', '.join(reasons)}",
                )
            )
        else:
            places = tuple((k, *loaded.locate(("redactions", n, k))) for k in item)
            found.append(
                Redaction(
                    item["entry"],
                    item["commit"],
                    item["field"],
                    item["reason"],
                    line,
                    item.get("old_tip"),
                    n,
                    places,
                )
            )
    if problems:
        raise EntryProblems(problems)
    return found


def stray_key(item: Any, allowed: tuple[str, ...] = _FIELDS + _OPTIONAL) -> str | None:
    """The first key of a list item that is none of `allowed` (a redaction's, by default), if
    any: for this list and for public-subjects.yaml's, read the same way."""
    if not isinstance(item, dict):
        return None
    return next((k for k in item if k not in allowed), None)


def unresolved(redaction: Redaction, message: str, key: str = "commit") -> EntryProblems:
    """The error for a redaction that names nothing: no such entry, commit or field (`key`),
    placed at that key's value."""
    line, col = redaction.place(key)
    return EntryProblems(
        [Problem(REDACTIONS_FILE, line, col, f"redactions.{redaction.index}.{key}", message)]
    )


def no_such_entry(redaction: Redaction) -> EntryProblems:
    """The error for a redaction whose entry never had a file on the branch's first-parent line."""
    return unresolved(redaction, f"no entry {redaction.entry!r} in the history of this branch", "entry")


def no_such_commit(redaction: Redaction, matches: int) -> EntryProblems:
    """The error for a redaction whose commit prefix matches no commit of the branch, or several."""
    if matches:
        return unresolved(
            redaction, f"commit {redaction.commit} matches several commits; give more of its hex digits"
        )
    return unresolved(
        redaction,
        f"commit {redaction.commit} is not a commit that changed entries on this branch's first-parent "
        "line: for a commit of a merged branch, name the merge that brought it in (`git log "
        "--first-parent -- <entry file>` lists them)",
    )


def no_such_value(redaction: Redaction, sha: str) -> EntryProblems:
    """The error for a redaction whose field names no value of its entry at commit `sha`."""
    return unresolved(
        redaction,
        f"{redaction.field!r} names no value of {redaction.entry} as it stood at commit {sha[:12]}, so "
        "nothing would be hidden: check its spelling (list items by key, id, name or 0-based index, "
        "as in parties.Argent.note)",
        "field",
    )


def still_stands(redaction: Redaction, sha: str) -> EntryProblems:
    """The error for a redaction whose value a later version (at `sha`) still holds."""
    return unresolved(
        redaction,
        f"the value of {redaction.field!r} still stands in {redaction.entry} at the later commit "
        f"{sha[:12]}, which this redaction does not cover: name the last commit at which it stood",
    )


def values_named(data: Any, redaction: Redaction) -> list[Any]:
    """The values `redaction.field` names in `data` (none when it names nothing there)."""
    found: list[Any] = []
    _walk(data, redaction.field.split("."), (), found.append)
    return found


def names_a_value(data: dict, redaction: Redaction) -> bool:
    """Whether `redaction.field` names a value in `data`: a misspelt field hides nothing, and a
    redaction that silently does not apply is a leak."""
    return bool(values_named(data, redaction))


def first_holding(data: dict, redaction: Redaction, later: Iterable[tuple[Any, dict | None]]) -> Any:
    """The key of the first readable version of `later` (key, data; None when unreadable) that
    still holds a value `redaction` hides in `data`, or None. It covers its commit and earlier
    ones only, so that version would show the value: a maintainer names the version they see
    the value in, and the next change may have left it. Shared by the build and `check`."""
    hidden = values_named(data, redaction)
    texts = redaction.texts or with_texts(redaction, data).texts  # the build's knows them already
    for key, version in later:
        if version is not None:
            at_path = any(value in hidden for value in values_named(version, redaction))
            return key if at_path or _holds_any(version, texts) else None
    return None


def _holds_any(node: Any, texts: frozenset[str]) -> bool:
    """Whether a text of `texts` stands anywhere in `node`: under another name or place too."""
    found: set[str] = set()
    _strings(node, found)
    return not texts.isdisjoint(found)


#: Hidden texts shorter than this, and words of the vocabulary, ids and dates (lowercase, no
#: spaces: "site_manager", "2019-05"), are followed by their field only: no one's secret, and
#: hiding every copy of one would blank unrelated fields.
MIN_FOLLOWED = 8
_TOKEN = re.compile(r"[a-z0-9_.-]+")


def with_texts(redaction: Redaction, data: Any) -> Redaction:
    """`redaction` knowing the texts it hides in `data`, its entry at its commit.

    A redaction names a field by its path at that commit, and a list item by its name or
    place, which earlier versions need not share: a party renamed, or a list reordered, after
    the value was written kept the earlier versions' value out of the path's reach, and the
    history published it. So every text the named value holds is also hidden wherever an
    earlier version holds it, whatever its path (`apply_redactions`).
    """
    texts: set[str] = set()
    for value in values_named(data, redaction):
        _strings(value, texts)
    followed = (t for t in texts if len(t) >= MIN_FOLLOWED and not _TOKEN.fullmatch(t))
    return replace(redaction, texts=frozenset(followed))


def _strings(value: Any, into: set[str]) -> None:
    if isinstance(value, str):
        into.add(value)
    elif isinstance(value, dict):
        for item in value.values():
            _strings(item, into)
    elif isinstance(value, list):
        for item in value:
            _strings(item, into)


def apply_redactions(data: dict, redactions: list[Redaction]) -> dict:
    """Returns a copy of `data` with each redacted field replaced by its marker, and any text
    equal to one a redaction hides at its commit replaced too, wherever it stands."""
    if not redactions:
        return data
    data = copy.deepcopy(data)
    for redaction in redactions:
        _replace(data, redaction.field.split("."), redaction.marker, ())
    markers = {text: r.marker for r in redactions for text in r.texts}
    return _follow(data, markers) if markers else data


def _follow(node: Any, markers: dict[str, str]) -> Any:
    """`node` with every string that is a key of `markers` replaced by its marker."""
    if isinstance(node, str):
        return markers.get(node, node)
    if isinstance(node, dict):
        return {key: _follow(value, markers) for key, value in node.items()}
    if isinstance(node, list):
        return [_follow(item, markers) for item in node]
    return node


def _replace(node: Any, steps: list[str], marker: str, path: tuple) -> None:
    """Replaces the value at `steps` below `node`; absent paths are simply not there to hide
    (`check` and the build refuse a redaction that names nothing at its commit)."""

    def hide(parent: Any, slot: Any) -> None:
        parent[slot] = marker

    _walk(node, steps, path, hide=hide)


def _walk(node: Any, steps: list[str], path: tuple, found: Any = None, hide: Any = None) -> None:
    """Visits every value at `steps` below `node`: `found(value)` for each, or `hide(parent, slot)`."""
    step, rest = steps[0], steps[1:]
    if isinstance(node, dict):
        slots = [step] if step in node else []
    elif isinstance(node, list):
        slots = [i for i, item in enumerate(node) if step in _names(item, i, path)]
    else:
        return
    for slot in slots:
        if rest:
            _walk(node[slot], rest, path + ("*" if isinstance(node, list) else step,), found, hide)
        elif hide is not None:
            hide(node, slot)
        else:
            found(node[slot])


def _names(item: Any, index: int, path: tuple) -> set[str]:
    """Every way a redaction may name a list item: position, key (as in change lists), id, name."""
    names = {str(index)}
    if isinstance(item, dict):
        fields = LIST_KEYS.get(".".join(path), ())
        names.add(" ".join(str(item.get(f, "")) for f in fields).strip())
        names |= {str(item[k]) for k in ("id", "name") if isinstance(item.get(k), str)}
    elif isinstance(item, str):
        names.add(item)
    return names

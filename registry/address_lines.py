"""`check` resolves the two lists of published addresses as the build's never-404 guard does.

`entries/published-revisions.txt` and `entries/published-request-pages.txt` are append-only
(SECURITY.md rule 16): a line once merged is never removed. A line that names no record, or a
revision no record has, makes every later build fail at its guard, so such a line must be
refused before it is merged, by the rule a contributor runs and CI annotates: `check`. The
build resolves the revision lines against its whole history walk (seconds); this needs less:
one `git log` of which commits touched which entry files, since a revision with an address is
a commit that left one of its record's files (under its id or an alias) in place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from registry import published_requests, published_revisions
from registry.errors import Problem
from registry.published_ids import answering
from registry.published_revisions import address_list_items


def address_list_problems(
    root: Path, files: list[Any], walk: Callable[[], list[Any] | None], unloaded: Iterable[str] = ()
) -> list[Problem]:
    """Every line of the two lists the build's guard would refuse: malformed, naming no record
    (by its id or an alias), or, for a revision, naming no commit of its record in this history.
    A line of a record whose file did not load (`unloaded`) is not judged: its file's own
    problems are told, and the rest of what it would answer for is not known."""
    problems: list[Problem] = []
    records = answering(files)
    skipped = set(unloaded) - records.keys()
    for item in _read(published_requests, root, problems):
        if item.id not in records and item.id not in skipped:
            problems.append(
                _at(published_requests.LIST_PATH, item.line, item.id, published_requests.NO_RECORD)
            )
    listed = _read(published_revisions, root, problems)
    unknown = [item for item in listed if item.id not in records and item.id not in skipped]
    for item in unknown:
        field = f"{item.id} {item.short}"
        problems.append(_at(published_revisions.LIST_PATH, item.line, field, published_revisions.NO_RECORD))
    known = [item for item in listed if item.id in records]
    if known:
        problems.extend(_revision_problems(known, records, walk()))
    return problems


def _read(module: Any, root: Path, problems: list[Problem]) -> list[Any]:
    """The items of `module`'s list; a problem for each malformed line joins `problems`."""
    path = module.LIST_PATH
    items, bad = address_list_items(root / path, path, module.parse_line, module.EXPECTED)
    problems.extend(bad)
    return items


def _revision_problems(
    listed: list[Any], records: dict[str, Any], commits: list[Any] | None
) -> list[Problem]:
    """The listed revisions that are no revision with data of their record on HEAD's line."""
    if commits is None:  # no history: the build writes no revision address to check either
        return []
    touched: dict[str, dict[str, bool]] = defaultdict(dict)  # id -> short -> file left there
    for commit in commits:
        for touch in commit.touches:
            touched[touch.entry_id][commit.sha[:12]] = touch.blob is not None
    problems = []
    for item in listed:
        record = records[item.id]
        revisions: dict[str, bool] = {}
        for entry_id in (record.entry.id, *record.entry.aliases):
            revisions.update(touched.get(entry_id, {}))
        field = f"{item.id} {item.short}"
        if item.now != item.short and item.short in revisions:
            message = published_revisions.still_a_revision(item, record.entry.id)
        elif not revisions.get(item.now):
            message = published_revisions.no_revision(item, record.entry.id)
        else:
            continue
        problems.append(_at(published_revisions.LIST_PATH, item.line, field, message))
    return problems


def _at(path: Path, line: int, field: str, message: str) -> Problem:
    return Problem(path.as_posix(), line, 1, field, message)

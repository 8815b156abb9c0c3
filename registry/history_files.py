"""`check`'s side of the two files that change what history shows: redactions and wordings.

The build refuses an item of `entries/redactions.yaml` or `entries/public-subjects.yaml` that
names no commit of the branch, and a redaction that names no entry of the branch, or whose
field names no value of its entry as it stood then (registry.history). `check` must refuse
the same, every one of them, each placed at the value that is wrong, as the build does
(SECURITY.md: what build refuses, check refuses), but without the build's whole history walk:
it lists the first-parent commits that touched entries with one `git rev-list` (and, when there
are redactions, the ids ever added with one `git log` of additions), and reads only the named
versions (and the later ones of a redacted record, under each id it has had: its aliases, from
the entries `check` has loaded already) through gitlog, which alone talks to git.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from registry.errors import EntryProblems, LoadError, Problem
from registry.history.assemble import CommitInfo
from registry.history.gitlog import TooLarge, added_entry_ids, entry_commits, opened, read_objects
from registry.history.public_subjects import load_wordings, reworded
from registry.history.redactions import (
    Redaction,
    first_holding,
    load_redactions,
    names_a_value,
    no_such_commit,
    no_such_entry,
    no_such_value,
    still_stands,
)
from registry.loader import MAX_BYTES, load_yaml
from registry.published_ids import answering, entry_path


def history_file_problems(root: Path, files: list[Any]) -> list[Problem]:
    """Every problem the build would find in the two files, without reading the history.
    `files` are the entries `check` loaded (EntryFile): they give a record's other ids."""
    problems: list[Problem] = []
    loaded: dict[str, list] = {}
    for name, load in (("redactions", load_redactions), ("wordings", load_wordings)):
        try:
            loaded[name] = load(root)
        except EntryProblems as exc:
            problems.extend(exc.problems)
    if not any(loaded.values()):
        return problems
    with opened(root) as found:
        if found is None:  # no git: the build has no history to apply them to either
            return problems
        repo, head = found
        shas = entry_commits(repo, head)
        order = {sha: n for n, sha in enumerate(shas)}  # each commit's place on the line
        try:
            reworded([CommitInfo(sha, 0, "", "", None) for sha in shas], loaded.get("wordings", []))
        except EntryProblems as exc:
            problems.extend(exc.problems)
        redactions = loaded.get("redactions", [])
        known = added_entry_ids(repo, head) if redactions else set()  # the ids the build's walk finds
        for redaction in redactions:
            try:
                _resolve(files, repo, head, redaction, order, known)
            except EntryProblems as exc:
                problems.extend(exc.problems)
    return problems


def _resolve(
    files: list[Any], repo: Any, head: str, redaction: Redaction, order: dict[str, int], known: set[str]
) -> None:
    """Raises as the build does for a redaction that names no entry of the branch, no commit,
    no value then, or a value a later version still holds. Versions are read as the build
    reads them: through one `cat-file` process, never past an entry's size limit."""
    if redaction.entry not in known:
        raise no_such_entry(redaction)
    matches = [sha for sha in order if sha.startswith(redaction.commit)]
    if len(matches) != 1:
        raise no_such_commit(redaction, len(matches))
    at = matches[0]
    ids = record_ids(files, redaction.entry)
    # The later versions under every id the record has had: a value may outlive a rename.
    later = sorted(
        (order.get(sha, len(order)), f"{sha}:{entry_path(i)}")
        for i in ids
        for sha in entry_commits(repo, head, entry_path(i), after=at)
    )
    # The version at the named commit, under whichever id the record had then: a redaction
    # may name an old id for a commit after the rename, or the new id for one before it.
    names = [*(f"{at}:{entry_path(i)}" for i in ids), *(name for _, name in later)]
    with contextlib.closing(read_objects(repo, names, MAX_BYTES)) as versions:
        then = [raw for _, raw in itertools.islice(versions, len(ids))]
        first = next((raw for raw in then if raw is not None), None)
        if first is None:
            return  # no id of the record had a file then: the build says so
        data = _data(first)
        if data is None:
            return  # a version that cannot be read is taken on trust, as the build takes it
        if not names_a_value(data, redaction):
            raise no_such_value(redaction, at)
        held = first_holding(data, redaction, _present(versions))
        if held is not None:
            raise still_stands(redaction, held.split(":", 1)[0])


def record_ids(files: list[Any], entry_id: str) -> list[str]:
    """Every id of the record `entry_id` names, its own first, then its aliases (the ids it had
    before a rename), from the entries `check` loaded; `entry_id` alone when none answers for it."""
    found = answering(files).get(entry_id)
    return [found.entry.id, *found.entry.aliases] if found is not None else [entry_id]


def _present(
    versions: Iterator[tuple[str, bytes | TooLarge | None]],
) -> Iterator[tuple[str, dict | None]]:
    """Each later version as data (None when unreadable); a commit that removed the file (a
    rename, whose new file follows in the same commit) has no version to weigh."""
    for name, raw in versions:
        if raw is not None:
            yield name, _data(raw)


def _data(raw: bytes | TooLarge) -> dict | None:
    if isinstance(raw, TooLarge):
        return None
    try:
        return load_yaml(raw).data
    except LoadError:
        return None

"""`check`'s side of the two files that change what history shows: redactions and wordings.

The build refuses an item of `entries/redactions.yaml` or `entries/public-subjects.yaml` that
names no commit of the branch, and a redaction whose field names no value of its entry as it
stood then (registry.history). `check` must refuse the same (SECURITY.md: what build refuses,
check refuses), but without the build's whole history walk: it lists the first-parent
commits that touched entries with one `git rev-list`, and reads only the named versions
(and the later ones of a redacted file) through gitlog, which alone talks to git.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from registry.errors import EntryProblems, LoadError, Problem
from registry.history.assemble import CommitInfo
from registry.history.gitlog import TooLarge, entry_commits, opened, read_objects
from registry.history.public_subjects import load_wordings, reworded
from registry.history.redactions import (
    Redaction,
    first_holding,
    load_redactions,
    names_a_value,
    no_such_commit,
    no_such_value,
    still_stands,
)
from registry.loader import MAX_BYTES, load_yaml
from registry.types import ENTRY_ID


def history_file_problems(root: Path) -> list[Problem]:
    """Every problem the build would find in the two files, without reading the history."""
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
        try:
            reworded([CommitInfo(sha, 0, "", "", None) for sha in shas], loaded.get("wordings", []))
        except EntryProblems as exc:
            problems.extend(exc.problems)
        for redaction in loaded.get("redactions", []):
            try:
                _resolve(repo, head, redaction, shas)
            except EntryProblems as exc:
                problems.extend(exc.problems)
    return problems


def _resolve(repo: Any, head: str, redaction: Redaction, shas: list[str]) -> None:
    """Raises as the build does for a redaction that names no commit, no value then, or a value
    a later version still holds. Versions are read as the build reads them: through one
    `cat-file` process, never past an entry's size limit."""
    matches = [sha for sha in shas if sha.startswith(redaction.commit)]
    if len(matches) != 1:
        raise no_such_commit(redaction, len(matches))
    if not ENTRY_ID.match(redaction.entry):
        return  # no entry file can have this name: the build says so ("no entry ...")
    path = f"entries/{redaction.entry[:2]}/{redaction.entry}.yaml"
    at = matches[0]
    names = [f"{sha}:{path}" for sha in [at, *entry_commits(repo, head, path, after=at)]]
    with contextlib.closing(read_objects(repo, names, MAX_BYTES)) as versions:
        _, first = next(versions)
        if first is None:
            return  # the entry lived elsewhere then (or under another id): the build decides
        data = _data(first)
        if data is None:
            return  # a version that cannot be read is taken on trust, as the build takes it
        if not names_a_value(data, redaction):
            raise no_such_value(redaction, at)
        held = first_holding(data, redaction, _until_removed(versions))
        if held is not None:
            raise still_stands(redaction, held.split(":", 1)[0])


def _until_removed(
    versions: Iterator[tuple[str, bytes | TooLarge | None]],
) -> Iterator[tuple[str, dict | None]]:
    """Each later version as data (None when unreadable), up to the commit that removed the file
    (or renamed it: the build follows the record's other ids; `check` does not yet)."""
    for name, raw in versions:
        if raw is None:
            return
        yield name, _data(raw)


def _data(raw: bytes | TooLarge) -> dict | None:
    if isinstance(raw, TooLarge):
        return None
    try:
        return load_yaml(raw).data
    except LoadError:
        return None

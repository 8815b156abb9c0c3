"""`check`'s side of the two files that change what history shows: redactions and wordings.

The build refuses an item of `entries/redactions.yaml` or `entries/public-subjects.yaml` that
names no commit of the branch, and a redaction whose field names no value of its entry as it
stood then (registry.history). `check` must refuse the same (SECURITY.md: what build refuses,
check refuses), but without the build's whole history walk: it lists the first-parent
commits that touched entries with one `git rev-list`, and reads only the named versions.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from registry.errors import EntryProblems, LoadError, Problem
from registry.history.assemble import CommitInfo
from registry.history.public_subjects import load_wordings, reworded
from registry.history.redactions import (
    Redaction,
    load_redactions,
    names_a_value,
    no_such_commit,
    no_such_value,
    still_stands,
    values_named,
)
from registry.loader import load_yaml


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
    shas = _entry_commits(root)
    if shas is None:  # no git: the build has no history to apply them to either
        return problems
    commits = [CommitInfo(sha, 0, "", "", None) for sha in shas]
    try:
        reworded(commits, loaded.get("wordings", []))
    except EntryProblems as exc:
        problems.extend(exc.problems)
    for redaction in loaded.get("redactions", []):
        try:
            _resolve(root, redaction, shas)
        except EntryProblems as exc:
            problems.extend(exc.problems)
    return problems


def _entry_commits(root: Path) -> list[str] | None:
    """The first-parent commits of HEAD that touched entries/, oldest first; None without git."""
    from registry.history.gitlog import ENTRIES_PATHSPEC, opened

    with opened(root) as found:
        if found is None:
            return None
        repo, head = found
        listed = ["git", "rev-list", "--first-parent", "--reverse", head, "--", ENTRIES_PATHSPEC]
        return repo.git.execute(listed).split()


def _resolve(root: Path, redaction: Redaction, shas: list[str]) -> None:
    """Raises as the build does for a redaction that names no commit, or no value then."""
    matches = [sha for sha in shas if sha.startswith(redaction.commit)]
    if len(matches) != 1:
        raise no_such_commit(redaction, len(matches))
    path = f"entries/{redaction.entry[:2]}/{redaction.entry}.yaml"
    shown = subprocess.run(
        ["git", "show", f"{matches[0]}:{path}"], cwd=root, capture_output=True, check=False
    )
    if shown.returncode != 0:
        return  # the entry lived elsewhere then (or under another id): the build decides
    try:
        data = load_yaml(shown.stdout).data
    except LoadError:
        return  # a version that cannot be read is taken on trust, as the build takes it
    if not names_a_value(data, redaction):
        raise no_such_value(redaction, matches[0])
    hidden = values_named(data, redaction)
    # The later commits that changed the file, from one git log (not a process per commit).
    later_commits = subprocess.run(
        ["git", "log", "--first-parent", "--reverse", "--format=%H", f"{matches[0]}..HEAD", "--", path],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    for sha in later_commits:
        shown = subprocess.run(["git", "show", f"{sha}:{path}"], cwd=root, capture_output=True, check=False)
        if shown.returncode != 0:
            return  # deleted (or renamed: the build follows the record's other ids)
        try:
            later = load_yaml(shown.stdout).data
        except LoadError:
            continue  # unreadable: an entry with a redaction shows no raw lines
        if any(value in hidden for value in values_named(later, redaction)):
            raise still_stands(redaction, sha)
        return

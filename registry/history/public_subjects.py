"""The committed public wording of past commits: `entries/public-subjects.yaml`.

A commit's subject is public text: the History of every record it touched shows it. A merged
pull request shows its title (commits.describe_commit), which maintainers choose knowing it is
published (CONTRIBUTING.md). Commits made before that rule have subjects written for
developers ("Data contract: vocabularies, partial dates, strict models, ..."), and rewriting
git would break every published revision link; this file gives each such commit the words
readers see instead. The commit stays as it is, and its link still leads to it.

    subjects:
      - commit: 9372893        # 7 to 40 hex digits, one commit on the branch
        subject: The data contract's vocabularies and rules, and the first checks
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from registry.errors import EntryProblems, LoadError, Problem
from registry.history.assemble import CommitInfo
from registry.history.commits import MAX_TEXT, clean_text
from registry.history.redactions import stray_key
from registry.loader import load_file

WORDING_FILE = "entries/public-subjects.yaml"
_COMMIT = re.compile(r"^[0-9a-f]{7,40}$")


@dataclasses.dataclass(frozen=True)
class Wording:
    """The public subject of one commit (named by a prefix of its id), its place in the list,
    and where its `commit:` value is written (a problem with it points there)."""

    commit: str
    subject: str
    line: int = 1
    col: int = 1
    index: int = 0


def load_wordings(root: Path) -> list[Wording]:
    """The wordings in `root/entries/public-subjects.yaml` (none if it is absent).

    Read through the hardened loader; every malformed item is reported with its position.
    """
    path = root / WORDING_FILE
    if not path.is_file():
        return []
    try:
        loaded = load_file(path)
    except LoadError as exc:
        raise EntryProblems(exc.problems(WORDING_FILE)) from None
    items = loaded.data.get("subjects", [])
    if set(loaded.data) - {"subjects"} or not isinstance(items, list):
        raise EntryProblems([Problem(WORDING_FILE, 1, 1, "subjects", "the file holds one list, `subjects:`")])
    problems: list[Problem] = []
    found: list[Wording] = []
    for n, item in enumerate(items):
        found_problem = _problem(item)
        if found_problem:
            key, message = found_problem
            at = ("subjects", n) if key is None else ("subjects", n, key)
            field = ".".join(str(step) for step in at)
            # A misspelling: the problem is at the misspelt key.
            stray = stray_key(item, ("commit", "subject")) if key is None else None
            place = loaded.locate_key((*at, stray)) if stray is not None else loaded.locate(at)
            problems.append(Problem(WORDING_FILE, *place, field, message))
        else:
            found.append(
                Wording(item["commit"], item["subject"], *loaded.locate(("subjects", n, "commit")), n)
            )
    if problems:
        raise EntryProblems(problems)
    return found


def _problem(item: object) -> tuple[str | None, str] | None:
    """What is wrong with an item, and the key whose value it is (None: the item itself)."""
    if not isinstance(item, dict) or set(item) != {"commit", "subject"}:
        return None, "needs exactly: commit, subject"
    if not isinstance(item["commit"], str) or not _COMMIT.fullmatch(item["commit"]):
        return "commit", "commit must be 7 to 40 lowercase hex digits"
    if not isinstance(item["subject"], str) or clean_text(item["subject"]) != item["subject"].strip():
        return "subject", "subject must be one line of plain text"
    if not item["subject"].strip() or len(item["subject"]) > MAX_TEXT:
        return "subject", f"subject must be 1 to {MAX_TEXT} characters"
    return None


def reworded(commits: list[CommitInfo], wordings: list[Wording]) -> list[CommitInfo]:
    """`commits` with each worded commit's subject replaced; raises for a wording that names
    no commit of the branch, or several (a wording that silently does not apply is wrong)."""
    if not wordings:
        return commits
    out = list(commits)
    problems = []
    for wording in wordings:
        matches = [i for i, c in enumerate(commits) if c.sha.startswith(wording.commit)]
        if len(matches) == 1:
            out[matches[0]] = dataclasses.replace(commits[matches[0]], subject=wording.subject.strip())
            continue
        what = "matches several commits" if matches else "is not a commit that changed entries on this branch"
        message = (
            f"commit {wording.commit} {what}; give more of its hex digits"
            if matches
            else f"commit {wording.commit} {what}"
        )
        problems.append(
            Problem(WORDING_FILE, wording.line, wording.col, f"subjects.{wording.index}.commit", message)
        )
    if problems:
        raise EntryProblems(problems)
    return out

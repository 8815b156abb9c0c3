"""A key moved out of its group onto a key of the same name: told once, where it was written.

`sources: [s1]` written at the left edge after the fields of `operator:` is YAML for a second
`sources` of the whole record, whose own list is at the end of the file. The loader reports the
duplicate key at the later of the two (often the right list, nothing wrong with it), and the
schema then says `operator.sources` is missing and that `[s1]` is not a list of sources: three
messages, none of them at the line to fix, and one advising to indent the wrong line. When the
group just above one of the two lacks the key and has it as a field, that one was moved out of
it, and this module says so at its line, in place of all three. Anything else is a plain
duplicate and keeps the loader's message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from registry.errors import LoadError, Problem
from registry.loader import Loaded
from registry.messages import MAX_PROBLEMS_PER_FILE, data_at, model_at
from registry.schema import Entry
from registry.types import Unknown
from registry.yaml_keys import DuplicateKey


@dataclass(frozen=True)
class _Moved:
    """A key written at `at`, the field path `path` as written, that belongs inside `home`."""

    path: tuple[Any, ...]
    at: tuple[int, int]
    other: int  # the line of the key of the same name it collided with
    home: tuple[Any, ...]
    kept: bool  # its value is the one the data holds (it was the first of the two)

    def message(self) -> str:
        key, parent = self.path[-1], self.path[:-1]
        owner = f"'{'.'.join(map(str, parent))}'" if parent else "the whole record"
        if isinstance(self.home[-1], int):
            inside, fields = f"the last '- ' item of '{self.home[-2]}'", "that item's other fields"
        else:
            inside, fields = f"'{self.home[-1]}'", f"the other fields of '{self.home[-1]}'"
        return (
            f"'{key}' is at the wrong indentation: written here it is a second '{key}' of {owner} "
            f"(the other is on line {self.other}); it belongs inside {inside}: indent it to line "
            f"up with {fields}"
        )

    def explains(self, problem: Problem) -> bool:
        """True for a problem this move alone causes: the key missing from its group, and, when
        its value was kept where it was written, whatever is said of that value there."""
        missing = ".".join(map(str, (*self.home, self.path[-1])))
        written = ".".join(map(str, self.path))
        if problem.field == missing:
            return True
        return self.kept and (problem.field == written or problem.field.startswith(written + "."))


def told_with_moved_keys(
    rel: str, errors: list[LoadError], loaded: Loaded, problems: list[Problem]
) -> list[Problem]:
    """The loader's `errors` and the file's other `problems`, with each duplicate key that is a
    key moved out of its group told once, at its line, and what that move alone causes left out."""
    told: list[Problem] = []
    places: dict[tuple[int, int], tuple[Any, ...]] | None = None
    # Past what check lists of a file, a duplicate is not worth the look (a file of thousands).
    examined = [error for error in errors if isinstance(error, DuplicateKey)][:MAX_PROBLEMS_PER_FILE]
    for error in errors:
        moved = None
        if error in examined:
            places = {at: path for path, at in loaded.keys.items()} if places is None else places
            moved = _moved(error, loaded, places)
        if moved is None:
            told.append(error.problem(rel))
            continue
        told.append(Problem(rel, *moved.at, ".".join(map(str, moved.path)), moved.message()))
        problems = [problem for problem in problems if not moved.explains(problem)]
    return told + problems


def _moved(
    error: DuplicateKey, loaded: Loaded, places: dict[tuple[int, int], tuple[Any, ...]]
) -> _Moved | None:
    """The one of the two places of a duplicate key that sits just after a group which lacks
    the key and has it as a field, or None (two keys of one group: a plain duplicate).
    `places` are the paths of the file's keys by where each is written."""
    path = places.get(error.first)
    if not path or path[-1] != error.key:
        return None
    second = (error.line, error.col)
    for at, other, kept in ((error.first, second[0], True), (second, error.first[0], False)):
        home = _group_above(loaded, path, at)
        if home is not None:
            return _Moved(path, at, other, home, kept)
    return None


def _group_above(loaded: Loaded, path: tuple[Any, ...], at: tuple[int, int]) -> tuple[Any, ...] | None:
    """The path of the group written just above the key at `at` (the last item, for a list),
    when it lacks the key and the schema gives it that field; else None."""
    parent, key = path[:-1], path[-1]
    siblings = data_at(loaded.data, parent)
    if not isinstance(siblings, dict):
        return None
    keys = loaded.keys  # a property: read once
    above = [(keys.get((*parent, k), (0, 0)), k) for k in siblings if k != key]
    above = [(place, k) for place, k in above if place < at]
    if not above:
        return None
    home: tuple[Any, ...] = (*parent, max(above)[1])
    group = data_at(loaded.data, home)
    if isinstance(group, list) and group:
        home, group = (*home, len(group) - 1), group[-1]
    if not isinstance(group, dict) or key in group:
        return None
    owner: type[BaseModel] | None = Unknown if "unknown" in group else model_at(Entry, home)
    return home if owner is not None and key in owner.model_fields else None

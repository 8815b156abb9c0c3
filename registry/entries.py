"""The load-and-check stage: finds entry files, parses them, validates them, runs every rule.

This is the only module that reads `entries/`. It collects every problem of every file
before it reports anything, so one bad entry never hides another (mkdocs' config
validation does the same), and it returns entries sorted by id so that later stages are
deterministic without sorting again.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from registry.checks import ENTRY_CHECKS, RAW_CHECKS, REGISTRY_CHECKS, EntryFile, Finding
from registry.checks.base import LoadedFile
from registry.errors import EntryProblems, LoadError, Problem
from registry.loader import Loaded, comments_that_drop_text, load_file, refused_lines
from registry.messages import MAX_PROBLEMS_PER_FILE, capped, problems_from_error
from registry.moved_keys import told_with_moved_keys
from registry.research import Research, load_research
from registry.schema import Entry

ENTRIES_DIR = "entries"
#: Registry-wide data files that live at the top of entries/ rather than in a country folder.
DATA_FILES = frozenset({"redactions.yaml", "public-subjects.yaml"})
_FILE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{2,80}\.yaml$")


@dataclass
class CheckResult:
    """Every entry that passed the schema, and every problem found (in any file).

    `research` is the law and coverage tables, read and checked with the entries: the build
    passes them on (BuildContext) instead of reading them a second time.
    """

    files: list[EntryFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    checked: int = 0
    research: Research = field(default_factory=Research)


def is_yaml_name(name: str) -> bool:
    """A name a contributor may have given an entry: `.yaml` in any case, or `.yml`.

    Only `<id>.yaml` is an entry (`_file_place_problem`), but the others are found too, so
    that check names them instead of passing over a record that would never be published.
    """
    return name.lower().endswith((".yaml", ".yml"))


def find_entry_files(root: Path) -> list[Path]:
    """Returns every YAML file under `root/entries/` (`is_yaml_name`), sorted, except the
    registry data files."""
    base = root / ENTRIES_DIR
    if not base.is_dir():
        return []
    found = [
        p
        for p in base.rglob("*")
        if is_yaml_name(p.name) and p.relative_to(base).as_posix() not in DATA_FILES
    ]
    return sorted(found)


def check_entries(root: Path, only: Iterable[Path] | None = None, keep_data: bool = True) -> CheckResult:
    """Loads and checks every entry under `root`; reports problems only for `only` when given.

    All entries are always loaded, because rules such as "related ids exist" and "aliases are
    unique" need the whole registry even when one file is being checked. Without `keep_data`,
    each file's parsed YAML is dropped once its own rules have run (`EntryFile.drop_data`).
    """
    result = CheckResult()
    unloaded = set()
    for path in find_entry_files(root):
        rel = path.relative_to(root).as_posix()
        entry_file, problems = _load_one(path, rel)
        result.checked += 1
        result.problems.extend(problems)
        if entry_file is None:
            unloaded.add(path.stem)
        else:
            result.problems.extend(_run_entry_checks(entry_file))
            if not keep_data:
                entry_file.drop_data()
            result.files.append(entry_file)
    found, fallbacks, caused = _registry_problems(result.files, frozenset(unloaded))
    result.problems.extend(found)
    result.research = load_research(root)  # research/laws.yaml, coverage.yaml
    result.problems.extend(result.research.problems)
    if only is not None:
        wanted = {Path(p).resolve() for p in only}

        def reported(path: str) -> bool:
            return (root / path).resolve() in wanted

        result.problems = [p for p in result.problems if reported(p.path)]
        result.problems.extend(p for p, other in fallbacks if reported(p.path) and not reported(other))
        result.problems.extend(p for p, cause in caused if reported(cause) and not reported(p.path))
        result.checked = len(wanted)
    result.files.sort(key=lambda f: f.entry.id)
    result.problems = _capped_per_file(result.problems)
    return result


def check_some(root: Path, paths: Iterable[Path], others: Iterable[EntryFile]) -> CheckResult:
    """Loads and checks only `paths`; the registry-wide rules see them with `others`.

    For `registry serve`'s preview of an edited entry: `others` are the entries already
    checked (the rest of the registry), so the result is what `check_entries` would give for
    the whole registry, with every problem placed exactly as there, at a fraction of the cost.
    `paths` that no longer exist are simply absent. Research tables are not read again.
    """
    result = CheckResult()
    # The folder resolved, not the file: a symbolic link (or a folder, or a named pipe) named
    # like an entry is reported by `_load_one` as `check_entries` reports it.
    wanted = {Path(p).parent.resolve() / Path(p).name for p in paths}
    fresh = []
    unloaded = set()
    for path in sorted(wanted):
        if not os.path.lexists(path):
            continue
        rel = path.relative_to(root.resolve()).as_posix()
        entry_file, problems = _load_one(path, rel)
        result.checked += 1
        result.problems.extend(problems)
        if entry_file is None:
            unloaded.add(path.stem)
        else:
            result.problems.extend(_run_entry_checks(entry_file))
            fresh.append(entry_file)
    result.files = sorted([*others, *fresh], key=lambda f: f.path.split("/"))  # check_entries' order
    # Every file reported: no fallback.
    result.problems.extend(_registry_problems(result.files, frozenset(unloaded))[0])
    result.files.sort(key=lambda f: f.entry.id)
    result.problems = _capped_per_file(result.problems)
    return result


def load_registry(root: Path) -> list[EntryFile]:
    """Returns every checked entry sorted by id; raises `EntryProblems` if anything is wrong."""
    return load_checked(root).files


def load_checked(root: Path, keep_data: bool = True) -> CheckResult:
    """Every checked entry and the research tables; raises `EntryProblems` if anything is wrong.

    A build passes `keep_data=False`: it reads only the validated models from then on.
    """
    result = check_entries(root, keep_data=keep_data)
    if result.problems:
        raise EntryProblems(result.problems)
    return result


def _load_one(path: Path, rel: str) -> tuple[EntryFile | None, list[Problem]]:
    """Parses and validates one file; returns it, or None with the reasons it was rejected."""
    where = _file_place_problem(path, rel)
    if where is not None:
        return None, [where]
    try:
        loaded = load_file(path)
    except LoadError as exc:
        if exc.readable is None:
            return None, capped(exc.problems(rel))
        # Nothing stopped the load (a refused character, a duplicate key): the rest is told too.
        entry_file, problems = _check_loaded(exc.readable, rel)
        if entry_file is not None:
            problems = _run_entry_checks(entry_file)
        # Not on a refused character's line: the copy's space there is no value as written
        # (a URL with a zero-width space in it reads as "not a valid web address").
        spaced = refused_lines([exc, *exc.more])
        problems = [p for p in problems if p.line not in spaced]
        return None, capped(sorted(told_with_moved_keys(rel, [exc, *exc.more], exc.readable, problems)))
    return _check_loaded(loaded, rel)


def _check_loaded(loaded: Loaded, rel: str) -> tuple[EntryFile | None, list[Problem]]:
    """Validates a file's loaded data; returns it, or None with the reasons it was rejected."""
    # A comment that dropped part of a value is told beside what else is wrong.
    dropped = [error.problem(rel) for error in comments_that_drop_text(loaded)]
    try:
        entry = Entry.model_validate(loaded.data)
    except ValidationError as exc:
        problems = problems_from_error(exc, loaded, rel, Entry)
        if len(problems) >= MAX_PROBLEMS_PER_FILE:  # the list is full; the TODOs come next time
            return None, dropped + problems
        problems = dropped + problems
        return None, capped(problems + _written_problems(loaded, rel, {p.field for p in problems}))
    if dropped:
        return None, dropped
    return EntryFile(rel, loaded, entry), []


def _written_problems(loaded: Loaded, rel: str, reported: set[str]) -> list[Problem]:
    """What the rules that read only the written text find (`RAW_CHECKS`: markup, contact
    details, TODOs, citations) in a file the schema refused, on fields it did not report.

    The rules that compare fields need the validated model, so they wait for the schema; these
    do not, and without them one bad date hid a forgotten source, an email address and every
    text TODO until it was fixed.
    """
    written = LoadedFile(rel, loaded)
    found = [place_finding(written, finding) for check in RAW_CHECKS for finding in check(written)]
    return [problem for problem in found if problem.field not in reported]


#: What a file that is not a regular file is, in words (`stat.S_IFMT` of its mode).
_NOT_REGULAR = {
    stat.S_IFDIR: "a directory",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
}


def is_regular_file(path: Path) -> bool:
    """True for a regular file, not following a symbolic link: only such a file is ever opened.

    A folder named `gb-x.yaml` (git commits it when it holds a file) gave a traceback, and a
    named pipe made `check` wait forever for a writer.
    """
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _file_place_problem(path: Path, rel: str) -> Problem | None:
    try:
        mode = os.lstat(path).st_mode  # one look, never following a link
    except OSError:  # gone since it was found
        return Problem(
            rel, 1, 1, "filename", "entry files must be regular files, not a file that can no longer be read"
        )
    if stat.S_ISLNK(mode):
        return Problem(rel, 1, 1, "symlink", "entry files must be regular files, not symbolic links")
    if not stat.S_ISREG(mode):
        kind = _NOT_REGULAR.get(stat.S_IFMT(mode), "a special file")
        return Problem(rel, 1, 1, "filename", f"entry files must be regular files, not {kind}")
    parts = rel.split("/")
    if not parts[-1].endswith(".yaml"):
        stem = parts[-1].rsplit(".", 1)[0]
        return Problem(rel, 1, 1, "filename", f"entry files end in .yaml: rename this one {stem}.yaml")
    if len(parts) != 3:
        return Problem(rel, 1, 1, "filename", "entry files live in a country folder: entries/<cc>/<id>.yaml")
    if not _FILE_NAME.fullmatch(parts[-1]):
        return Problem(
            rel,
            1,
            1,
            "filename",
            "file names are the record id: lowercase letters, digits and dashes, ending in .yaml",
        )
    return None


def _registry_problems(
    files: list[EntryFile], unloaded: frozenset[str]
) -> tuple[list[Problem], list[tuple[Problem, str]], list[tuple[Problem, str]]]:
    """The registry-wide rules' problems; apart, those to report only when the other file of
    their collision is not reported (`Finding.unless_checked`), each with that file's path; and
    again, each problem another file's change caused (`Finding.caused_by`), with that file's
    path. `unloaded` are the ids of the entry files that did not load (their problems are told)."""
    problems: list[Problem] = []
    fallbacks: list[tuple[Problem, str]] = []
    caused: list[tuple[Problem, str]] = []
    for check in REGISTRY_CHECKS:
        for entry_file, finding in check(files, unloaded):
            placed = place_finding(entry_file, finding)
            if finding.unless_checked is None:
                problems.append(placed)
            else:
                fallbacks.append((placed, finding.unless_checked))
            if finding.caused_by is not None:
                caused.append((placed, finding.caused_by))
    return problems, fallbacks, caused


def _capped_per_file(problems: list[Problem]) -> list[Problem]:
    """Every file's problems `capped`, in order: the registry-wide rules add to a file's own,
    and their sum was told in full (5,200 unknown links, 5,200 lines)."""
    by_file: dict[str, list[Problem]] = {}
    for problem in sorted(problems):
        by_file.setdefault(problem.path, []).append(problem)
    return [kept for found in by_file.values() for kept in capped(found)]


def _run_entry_checks(entry_file: EntryFile) -> list[Problem]:
    return [place_finding(entry_file, finding) for check in ENTRY_CHECKS for finding in check(entry_file)]


def place_finding(entry_file: LoadedFile, finding: Finding) -> Problem:
    """The problem a rule's finding makes: the file's path, the line and column of its field
    (or key), the field path joined with dots, the message. For rules run outside this module
    too (registry.old_addresses)."""
    loaded = entry_file.loaded
    if finding.at is not None:
        line, col = loaded.locate_key(finding.at)
    else:
        line, col = loaded.locate_key(finding.loc) if finding.at_key else loaded.locate(finding.loc)
    field_path = ".".join(str(part) for part in finding.loc)
    return Problem(entry_file.path, line, col, field_path, finding.message)

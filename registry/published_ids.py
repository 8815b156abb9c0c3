"""`entries/published-ids.txt`: every record id ever published, kept for builds without git.

The never-404 guard (registry/postbuild/guard.py) learns which ids were ever published from
the git history of the main branch. A build from a tarball or a shallow export has no
history, so the same promise rests on this committed, append-only list: one id per line,
sorted, `#` comments allowed. Ids are added, never removed (SECURITY.md rule 16).

Kept current by `registry published-ids`, which adds every id of `entries/`, every alias
and every id in the git history; `registry published-ids --check` (and
tests/test_guard.py) fails when one is missing, so a pull request that adds an entry adds
its id here too.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from registry import urls
from registry.errors import Problem, RegistryError
from registry.types import ENTRY_ID

LIST_PATH = Path("entries/published-ids.txt")
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
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


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
    """Record ids of every entry file on the first-parent line of HEAD (or of `base`, a ref
    already compared with by `check --changed`); None without git history.

    The ids the history stage's walk finds (every entry file added on that line), read without
    any file's contents, so `check` learns what the build's guard will know. A shallow clone
    gives None: the committed list (`read_published_list`) still holds every published id.
    """
    from registry.history.gitlog import added_entry_ids, opened

    with opened(root) as found:
        if found is None:
            return None
        repo, head = found
        if base is not None:
            # What is published is what the base branch holds: an id that lived only on this
            # branch (added, then renamed before merging) was never published.
            head = repo.git.rev_parse("--verify", "--quiet", "--end-of-options", f"{base}^{{commit}}").strip()
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

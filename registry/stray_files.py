"""Files git tracks under entries/ that are neither entry files nor the registry's data files.

A history stage module (it asks git what is tracked), kept apart from `registry.entries`,
which reads the working tree only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from registry import published_ids, published_requests, published_revisions
from registry.entries import DATA_FILES, ENTRIES_DIR, is_yaml_name
from registry.errors import Problem
from registry.history.gitlog import opened

#: What may sit at the top of entries/ beside the country folders.
TOP_FILES = frozenset(
    {*DATA_FILES, *(p.LIST_PATH.name for p in (published_ids, published_revisions, published_requests))}
)
_SYMLINK = "120000"


def stray_file_problems(root: Path) -> list[Problem]:
    """A file git tracks under entries/ that is no entry file and no data file, such as a
    `.gitattributes`, and a data file that is a symbolic link.

    `find_entry_files` looks at YAML names only, so any other file there passed `check` and
    was never published. But such a file is not harmless: a `.gitattributes` changes how git
    and the host show the entries beside it and below it (a reviewer's diff folded away), and a
    name that ends in a line break after `.yaml` was once read by the history as the record's
    own file. A data file committed as a link would be read from wherever it points. YAML
    files below a country folder are the loader's (it says where entries live). Only tracked
    files: an editor's swap file beside an entry is not the registry's business.
    """
    with opened(root) as found:
        if found is None:
            return []
        repo, _ = found
        tracked = tracked_files(repo, ENTRIES_DIR)
    problems = []
    for name, mode in tracked.items():
        why = _stray(name.split("/")[1:], mode)
        if why:
            problems.append(Problem(name, 1, 1, "filename", why))
    return problems


def tracked_files(repo: Any, folder: str) -> dict[str, str]:
    """Every file git tracks under `folder` (committed or staged) with its mode (`100644`,
    `120000` for a symbolic link), named as written, newlines and all: `-z` output is never
    quoted."""
    out = repo.git.execute(
        ["git", "ls-files", "-s", "-z", "--full-name", "--", folder], strip_newline_in_stdout=False
    )
    # Each is `<mode> <object> <stage>\t<name>`.
    return {line.split("\t", 1)[1]: line.split(" ", 1)[0] for line in out.split("\0") if line}


def _stray(parts: list[str], mode: str) -> str | None:
    """Why a tracked file at `entries/<parts>` does not belong there, or None if it does."""
    if len(parts) == 1:
        if parts[0] not in TOP_FILES:
            return (
                f"only the country folders and the registry's data files ({', '.join(sorted(TOP_FILES))}) "
                "belong at the top of entries/: remove this file, or move it out of entries/"
            )
        if mode == _SYMLINK:
            return "must be a file, not a symbolic link: commit the file itself"
        return None
    if not is_yaml_name(parts[-1]):
        return (
            "only entry files (<id>.yaml) belong in a country folder: remove this file, "
            "or move it out of entries/"
        )
    return None

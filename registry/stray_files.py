"""Files git tracks in a country folder that are no entry files: `check` refuses them.

A history stage module (it asks git what is tracked), kept apart from `registry.entries`,
which reads the working tree only.
"""

from __future__ import annotations

from pathlib import Path

from registry.entries import ENTRIES_DIR, is_yaml_name
from registry.errors import Problem
from registry.history.gitlog import opened, tracked_files


def stray_file_problems(root: Path) -> list[Problem]:
    """A file git tracks in a country folder that is no entry file, such as `.gitattributes`.

    `find_entry_files` looks at YAML names only, so any other file there passed `check` and
    was never published. But such a file is not harmless: a `.gitattributes` changes how git
    and the host show the entries beside it (a reviewer's diff folded away), and a name that
    ends in a line break after `.yaml` was once read by the history as the record's own file.
    Only tracked files: an editor's swap file beside an entry is not the registry's business.
    """
    with opened(root) as found:
        if found is None:
            return []
        repo, _ = found
        names = tracked_files(repo, ENTRIES_DIR)
    return [
        Problem(
            name, 1, 1, "filename",
            "only entry files (<id>.yaml) belong in a country folder: remove this file, "
            "or move it out of entries/",
        )
        for name in names
        if name.count("/") == 2 and not is_yaml_name(name.rsplit("/", 1)[1])
    ]  # fmt: skip

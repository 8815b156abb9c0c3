"""Writes generated files into the git-ignored build tree, touching only what changed.

Why only what changed: `registry serve` rebuilds on every save, and rewriting 10,000
unchanged pages would cost seconds and defeat any tool watching mtimes. Files that no
generator produced any more (an entry that was removed or renamed) are deleted, so a
stale page can never be published.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


def sync_tree(folder: Path, files: Mapping[str, str | bytes]) -> int:
    """Makes `folder` hold exactly `files` (relative path -> content); returns how many were written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for rel, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        path = folder / rel
        if _same(path, data):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        written += 1
    _remove_stale(folder, set(files))
    return written


def _same(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except FileNotFoundError:
        return False


def _remove_stale(folder: Path, wanted: set[str]) -> None:
    for dirpath, _dirnames, filenames in os.walk(folder, topdown=False):
        here = Path(dirpath)
        for name in filenames:
            rel = (here / name).relative_to(folder).as_posix()
            if rel not in wanted:
                (here / name).unlink()
        if here != folder and not any(here.iterdir()):
            here.rmdir()

"""What `registry serve` watches, and when a changed file is ready to be read.

Changes are found by polling: each look (`snapshot`) lists every watched file with its
modification time and size, the same on every system and in containers. An editor that saves
by emptying the file and then writing it (as Python's `open(path, "w").write(...)` does)
leaves it empty for a moment; a look that falls in that moment must not have the file read,
or serve prints "the file is empty", an error the contributor never made (`Settling`).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from registry.context import CONFIG_FILE

WATCHED = ("entries", "site_templates", "research", CONFIG_FILE)
#: How often the watched files are looked at: a quarter of a second, as an edit should show
#: within a second and a look costs a few hundredths of a second at 10,000 entries.
POLL_SECONDS = 0.25
#: How long a watched file may be empty before it is read as empty: an editor's save leaves it
#: empty for a moment only, and a file a contributor did empty is told a second later.
EMPTY_GRACE = 1.0

Snapshot = dict[str, tuple[int, int]]


def snapshot(root: Path) -> Snapshot:
    """Every watched file with its modification time and size; a difference means "rebuild".

    Walked with `os.scandir`, whose entries carry what a walk needs without a second look:
    at 10,000 entries a poll is a few hundredths of a second, so it can poll often.
    """
    found: dict[str, tuple[int, int]] = {}
    folders = []
    for name in WATCHED:
        path = root / name
        if path.is_file():
            stat = path.stat()
            found[str(path)] = (stat.st_mtime_ns, stat.st_size)
        elif path.is_dir():
            folders.append(str(path))
    while folders:
        try:
            listing = os.scandir(folders.pop())
        except OSError:  # removed while walking: the next poll sees it gone
            continue
        with listing:
            for item in listing:
                try:
                    if item.is_dir(follow_symlinks=False):
                        folders.append(item.path)
                    elif item.is_file():
                        stat = item.stat()
                        found[item.path] = (stat.st_mtime_ns, stat.st_size)
                except OSError:
                    continue
    return found


def stat_of(path: str) -> tuple[int, int] | None:
    """A file's modification time and size, as `snapshot` has them; None if it is gone."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


class Settling:
    """The changed files an editor may be writing still: found empty, for less than `grace` seconds.

    The watcher looks at them again on its next polls, as if they had not changed yet; one that
    stays empty for `grace` seconds is read (and told) as it is.
    """

    def __init__(self, grace: float = EMPTY_GRACE) -> None:
        self.grace = grace
        self._since: dict[str, float] = {}  # found empty, since when (time.monotonic)

    def held(self, changed: set[str], now: Snapshot) -> set[str]:
        """Of the `changed` files, those to look at again on the next poll."""
        held = set()
        clock = time.monotonic()
        for path in changed:
            if path in now and now[path][1] == 0:
                since = self._since.setdefault(path, clock)
                if clock - since < self.grace:
                    held.add(path)
                    continue
            self._since.pop(path, None)
        return held

"""One build at a time in a work folder: `registry build` and `registry serve` take turns.

Both write the same `build/` (generated pages, record pieces, the engine's output, the
search shards) and then swap the finished site into `site/`. Run side by side in one
checkout, each deleted the other's files mid-build: a traceback from one, and from the
other a site built from a mix of both. So each holds an exclusive lock on `build/.lock`
for as long as it uses the folder (a preview server, for its whole life), and one on
`.site-lock` beside `site/` (a build given its own `--work-dir` still swaps into the same
site); the second command stops at once with what to do, before it reads or writes anything.

The lock is `flock`'s: the kernel drops it when the process ends, however it ends, so a
crash or a killed server never leaves a stale lock behind. The processes a build forks (the
one beside the pages, the workers) share it, rightly: while one of them still writes into
`build/`, no other build may start there. So a build stopped by Ctrl-C or SIGTERM
(`cli.sigterm_stops`) stops its children and waits for them before it ends, and the lock is
free the moment it has ended. The file keeps the holder's process id for the message; it is
only read for that.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from registry.errors import RegistryError
from registry.swap import SiteNotWritten

LOCK_NAME = ".lock"


@contextlib.contextmanager
def holding(work_dir: Path, command: str, site_dir: Path | None = None) -> Iterator[None]:
    """Holds `work_dir`'s lock meanwhile, for `command` (`build`, `serve`), and `site_dir`'s
    when given (a build with its own --work-dir still swaps into the same site); refuses if
    either is taken."""
    with _locked(work_dir / LOCK_NAME, work_dir, command, _work_dir_refused):
        if site_dir is None:
            yield
            return
        # Beside the site folder, not in it: the swap replaces the folder whole.
        with _locked(site_dir.parent / f".{site_dir.name}-lock", site_dir, command, SiteNotWritten):
            yield


@contextlib.contextmanager
def _locked(
    path: Path, folder: Path, command: str, refused: Callable[[Path, OSError], RegistryError]
) -> Iterator[None]:
    """An exclusive flock on `path` meanwhile; refuses, naming `folder`, if another holds it,
    and with `refused(folder, error)` if the file system will not make the lock file (a
    parent that is a file, a name too long, no permission): before anything is built."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        opened = open(path, "a+", encoding="ascii")  # closed by the `with` below
    except OSError as exc:
        raise refused(folder, exc) from None
    with opened as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RegistryError(in_use(folder, _holder(path), command)) from None
        lock.truncate(0)
        lock.write(f"{os.getpid()} registry {command}\n")
        lock.flush()
        try:
            yield
        finally:
            lock.truncate(0)  # the lock itself goes with the file's closing


def _work_dir_refused(work_dir: Path, exc: OSError) -> RegistryError:
    """What to say when the work folder's lock cannot be made: the OS's words and path."""
    where = f": {exc.filename}" if exc.filename else ""
    return RegistryError(
        f"could not use the work folder {work_dir}: {exc.strerror or exc}{where}; nothing was built"
    )


def in_use(work_dir: Path, holder: str, command: str) -> str:
    """What to do when another `registry build` or `registry serve` holds `work_dir`."""
    who = holder or "another `registry build` or `registry serve`"
    return (
        f"{work_dir} is in use by {who} in this registry; wait for it to finish or stop it "
        f"(Ctrl-C), then run `registry {command}` again. A preview server rebuilds by itself "
        "when an entry changes."
    )


def _holder(path: Path) -> str:
    """The holder as its lock file names it ("`registry serve` (process 12345)"), or ''.

    The file is only ever written by this module, but it is read as any file would be: only
    a process id and one of the two command names are ever shown from it.
    """
    try:
        words = path.read_text(encoding="ascii", errors="replace").split()
    except OSError:
        return ""
    if len(words) == 3 and words[0].isdigit() and words[1] == "registry" and words[2] in ("build", "serve"):
        return f"`registry {words[2]}` (process {words[0]})"
    return ""

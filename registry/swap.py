"""The last step of a build: the new site takes the place of the old one in a single step.

Why: a web server reading `site/` while a build finishes must find the old site or the new
one, never neither. Two renames (old away, new in) leave a moment with no `site/` at all.
Linux's `renameat2(RENAME_EXCHANGE)` swaps two paths atomically; the standard library has no
binding for it, so it is called through ctypes. Where the call does not exist (another
system, an old kernel, a file system without it) the two renames remain, and that moment
with them; `exchange` says which happened.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
from pathlib import Path

from registry.errors import RegistryError, StoppedAfterSwap

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# errno values meaning "this system cannot exchange", as opposed to a real failure.
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}


def exchange(a: Path, b: Path) -> bool:
    """Swaps the paths `a` and `b` atomically; returns False where the system cannot.

    Raises OSError for a real failure (a missing path, no permission).
    """
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False  # no renameat2 in this C library (glibc before 2.28, other systems)
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def swap_into_place(new_site: Path, site_dir: Path) -> None:
    """Puts `new_site` at `site_dir` in one step, then deletes the old site.

    Whatever was at `site_dir` (and at `<site>.new`, `<site>.old`) is deleted unlooked-at: the
    commands first refuse a folder that is not the registry's (registry.folder_guard).

    The new tree is first moved beside the target (a copy if it is on another file system),
    so the step itself is a rename within one folder: an exchange when `site_dir` exists,
    a plain rename (atomic too) when it does not.

    Raises SiteNotWritten when the file system refuses (full, read-only, no permission, a
    mount point), with `site_dir` as it was and nothing half-written left beside it: before,
    the OSError was reported as a bug, with the 30 MB half-copied `site.new` left behind.
    """
    staged, old = staging_folders(site_dir)
    existed = False
    try:
        existed = site_dir.exists()
        _stage(new_site, site_dir, staged, old)
        previous = _put_in_place(staged, site_dir, old)
    except OSError as exc:
        _undo(site_dir, staged, old)
        _raise_interrupt_behind(exc)
        raise SiteNotWritten(site_dir, exc, site_dir.exists() == existed) from None
    except BaseException:  # Ctrl-C, SIGTERM: the same, without a message of its own
        _undo(site_dir, staged, old)
        raise
    if previous is not None:
        _remove_old(previous, site_dir)


def _remove_old(previous: Path, site_dir: Path) -> None:
    """Deletes the old site, now at `previous`, the new one being in place at `site_dir`.

    A Ctrl-C or SIGTERM meanwhile raises StoppedAfterSwap: before, it was told as any other
    ("registry: interrupted", exit 130), as though the finished build had failed.
    """
    try:
        try:
            shutil.rmtree(previous)
        except OSError as exc:
            _raise_interrupt_behind(exc)
            raise RegistryError(
                f"the new site is in {site_dir}, but the old one could not be removed from {previous}: "
                f"{_reason(exc, site_dir)}"
            ) from None
    except KeyboardInterrupt:
        raise StoppedAfterSwap(site_dir, previous) from None


class SiteNotWritten(RegistryError):
    """The file system refused the site (`swap_into_place`, or the lock beside it): one line
    with the OS's own words, never a traceback: a full disk is not a bug."""

    def __init__(self, site_dir: Path, exc: OSError, unchanged: bool = True) -> None:
        after = f"{site_dir.name}/ is unchanged" if unchanged else f"the old site is in {site_dir.name}.old"
        super().__init__(f"could not write the site to {site_dir}: {_reason(exc, site_dir)}; {after}")


def staging_folders(site_dir: Path) -> tuple[Path, Path]:
    """Where the new site is staged, and where the fallback moves the old one meanwhile."""
    return site_dir.with_name(site_dir.name + ".new"), site_dir.with_name(site_dir.name + ".old")


def _stage(new_site: Path, site_dir: Path, staged: Path, old: Path) -> None:
    """Moves `new_site` to `staged`, beside `site_dir`, removing what an earlier run left there."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    for leftover in (staged, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    try:
        new_site.rename(staged)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        _copy(new_site, staged)  # another file system: copy next to the target, then rename
        shutil.rmtree(new_site)


def _copy(source: Path, target: Path) -> None:
    """Copies the tree `source` to `target`, stopping at the first failure with its own error.

    Why not `shutil.copytree`: it goes on past a failed file and raises them all together at
    the end, as one `shutil.Error` without an errno: on a full disk, 500 KB of them.
    """
    for folder, _, files in os.walk(source):
        into = target / Path(folder).relative_to(source)
        into.mkdir()
        for name in files:
            shutil.copy2(Path(folder) / name, into / name)


def _put_in_place(staged: Path, site_dir: Path, old: Path) -> Path | None:
    """Puts `staged` at `site_dir`; returns where the old site now is (None when there was none)."""
    if not site_dir.exists():
        staged.rename(site_dir)
        return None
    if exchange(staged, site_dir):
        return staged
    # The fallback: a moment with no site between the two renames.
    site_dir.rename(old)
    staged.rename(site_dir)
    return old


def _undo(site_dir: Path, staged: Path, old: Path) -> None:
    """After a failed swap: the old site back in place if the fallback had moved it away, and
    the new one (whole or half-written) removed."""
    if not site_dir.exists() and old.exists():
        with contextlib.suppress(OSError):
            old.rename(site_dir)
    if staged.exists():
        shutil.rmtree(staged, ignore_errors=True)


def _raise_interrupt_behind(exc: OSError) -> None:
    """Raises the Ctrl-C or SIGTERM that `exc` was raised while handling, if there is one.

    Why: `shutil.rmtree` closes each folder in a `finally`; a Ctrl-C between that close and its
    note of it makes it close the folder again, and the EBADF hid the Ctrl-C ("the old one could
    not be removed: Bad file descriptor"), seen when a build was stopped during its swap.
    """
    behind = exc.__context__
    while behind is not None:
        if isinstance(behind, KeyboardInterrupt):
            raise behind
        behind = behind.__context__


def _reason(exc: OSError, site_dir: Path) -> str:
    """The OS's words, and the path they are about when it is none of the site's own folders
    (a parent that is a file): a file inside them would say no more than the site's path.
    Of a copy or a rename, the path written to (a full disk is the target's, not the source's)."""
    words = exc.strerror or str(exc)
    written = exc.filename2 or exc.filename
    if written is None:
        return words
    where = Path(os.fsdecode(written))
    if any(where == folder or folder in where.parents for folder in (site_dir, *staging_folders(site_dir))):
        return words
    return f"{words}: {where}"

"""The last step of a build: the new site takes the place of the old one in a single step.

Why: a web server reading `site/` while a build finishes must find the old site or the new
one, never neither. Two renames (old away, new in) leave a moment with no `site/` at all.
Linux's `renameat2(RENAME_EXCHANGE)` swaps two paths atomically; the standard library has no
binding for it, so it is called through ctypes. Where the call does not exist (another
system, an old kernel, a file system without it) the two renames remain, and that moment
with them; `exchange` says which happened.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
from pathlib import Path

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

    The new tree is first moved beside the target (a copy if it is on another file system),
    so the step itself is a rename within one folder: an exchange when `site_dir` exists,
    a plain rename (atomic too) when it does not.
    """
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staged = site_dir.with_name(site_dir.name + ".new")
    old = site_dir.with_name(site_dir.name + ".old")
    for leftover in (staged, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    try:
        new_site.rename(staged)
    except OSError:  # another file system: copy next to the target first, then rename
        shutil.copytree(new_site, staged)
        shutil.rmtree(new_site)
    if not site_dir.exists():
        staged.rename(site_dir)
    elif exchange(staged, site_dir):
        shutil.rmtree(staged)  # now the old site
    else:  # the fallback: a moment with no site between the two renames
        site_dir.rename(old)
        staged.rename(site_dir)
        shutil.rmtree(old)

"""When the file system refuses the site (full, read-only, a mount point, a bad path), the build
says so in one line with the OS's words, leaves site/ as it was and nothing half-written
beside it (registry/swap.py, registry/worklock.py).

A full disk or a read-only mount needs root to make, and tests may run without it (and as
root, chmod stops nothing). So the failures here are real ones any user can provoke: a copy
onto another file system that fails halfway (a path longer than the system allows, found
only deep inside the tree), a site folder that cannot be renamed onto, a site path whose
parent is a file, and a site name too long for its lock. The swap treats every OSError the
same way, so ENOSPC, EROFS or EBUSY take the same path as these.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cli_runner import registry_cli
from fixture_registry import KINGS_CROSS, ROOT, copy_registry
from gitrepo import GitRepo

from registry.build import SITE_DIR, WORK_DIR
from registry.errors import StoppedAfterSwap
from registry.swap import SiteNotWritten, staging_folders, swap_into_place

#: The longest path the system accepts (bytes, with the final NUL), and a folder on another file
#: system than the tests' temporary folders, so the swap has to copy.
PATH_MAX = os.pathconf("/", "PC_PATH_MAX")
OTHER_FILE_SYSTEM = Path("/dev/shm")


def test_a_copy_that_fails_halfway_leaves_the_old_site_and_no_half_written_copy(
    tmp_path: Path, elsewhere: Path
) -> None:
    site = _long_folder(tmp_path, PATH_MAX - 60) / "site"
    old = _files(_write(site, {"index.html": "old site"}))
    new = _write(elsewhere / "new", {"index.html": "new site", f"{'d' * 120}/index.html": "deep"})
    with pytest.raises(SiteNotWritten) as refused:
        swap_into_place(new, site)
    assert str(refused.value) == f"could not write the site to {site}: File name too long; site/ is unchanged"
    assert _files(site) == old
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]  # no site.new left


def test_a_site_that_cannot_be_renamed_onto_is_left_as_it_was(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.symlink_to(tmp_path / "nowhere")  # a dangling link: a folder cannot be renamed onto it
    new = _write(tmp_path / "work" / "site.tmp", {"index.html": "new site"})
    with pytest.raises(SiteNotWritten) as refused:
        swap_into_place(new, site)
    assert str(refused.value) == f"could not write the site to {site}: Not a directory; site/ is unchanged"
    assert site.is_symlink() and os.readlink(site) == str(tmp_path / "nowhere")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "work"]


def test_a_site_path_under_a_file_is_one_line_before_anything_is_built(tmp_path: Path) -> None:
    root = copy_registry(tmp_path / "registry", ids=[KINGS_CROSS])
    (tmp_path / "a-file").write_text("not a folder\n")
    site = tmp_path / "a-file" / "site"
    result = registry_cli(root, "build", "--site-dir", str(site))
    assert (result.returncode, result.stderr) == (
        1,
        f"registry: could not write the site to {site}: File exists: {tmp_path / 'a-file'}; site/ is unchanged\n",
    )
    assert not (root / "build" / "docs").exists()


def test_a_site_name_too_long_for_its_lock_is_one_line(tmp_path: Path) -> None:
    root = copy_registry(tmp_path / "registry", ids=[KINGS_CROSS])
    site = tmp_path / ("s" * 250)  # the lock beside it, `.<name>-lock`, is 256 bytes: one too many
    result = registry_cli(root, "build", "--site-dir", str(site))
    assert (result.returncode, result.stderr) == (
        1,
        f"registry: could not write the site to {site}: File name too long: {tmp_path / ('.' + site.name + '-lock')}; "
        f"{site.name}/ is unchanged\n",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["registry"]


def test_an_interrupt_behind_a_failed_close_is_raised_not_told_as_the_file_systems(tmp_path: Path) -> None:
    # What shutil.rmtree does when a Ctrl-C lands between its close of a folder and its note
    # of it: its `finally` closes the folder again, and that EBADF carries the interrupt.
    from registry.errors import Terminated
    from registry.swap import _raise_interrupt_behind

    folder = os.open(tmp_path, os.O_RDONLY)
    os.close(folder)
    with pytest.raises(OSError) as closed:
        try:
            raise Terminated
        finally:
            os.close(folder)
    with pytest.raises(Terminated):
        _raise_interrupt_behind(closed.value)
    _raise_interrupt_behind(OSError(28, "No space left on device"))  # nothing behind it: returns


def test_every_name_a_swap_can_leave_in_a_checkout_is_ignored_by_git(tmp_path: Path) -> None:
    # Ctrl-C or a closed terminal at the end of a build can leave the staged site (or the old
    # one) beside site/: `git add -A` must not commit a whole site. Asked of git itself, with
    # the project's .gitignore in a real repository.
    repo = GitRepo(tmp_path / "checkout")
    shutil.copyfile(ROOT / ".gitignore", repo.path / ".gitignore")
    site = repo.path / SITE_DIR
    left = [site, *staging_folders(site), repo.path / WORK_DIR]
    for folder in left:
        _write(folder, {"index.html": "a page"})
    lock = repo.path / f".{SITE_DIR}-lock"  # worklock's lock beside the site
    lock.write_text("", encoding="utf-8")
    names = [p.relative_to(repo.path).as_posix() for p in [*(f / "index.html" for f in left), lock]]
    ignored = repo.git("check-ignore", "--no-index", *names).splitlines()
    assert ignored == names
    assert repo.git("status", "--porcelain", "--untracked-files=all") == "?? .gitignore"


def test_an_interrupt_while_the_old_site_is_removed_says_the_new_one_is_in_place(tmp_path: Path) -> None:
    # A real SIGINT, sent the moment the swap starts deleting the old site: the build had
    # finished, so the command must not say it failed.
    site = _write(tmp_path / "site", {"index.html": "old site"})
    new = _write(tmp_path / "work" / "site.tmp", {"index.html": "new site"})
    try:
        with _sigint_when_called(shutil.rmtree):
            swap_into_place(new, site)
    except StoppedAfterSwap as stopped:
        told = str(stopped)
    except KeyboardInterrupt:
        pytest.fail("the interrupt was told as a failed build")
    else:
        pytest.fail("no interrupt reached the swap")
    assert (site / "index.html").read_text(encoding="utf-8") == "new site"
    assert told == (
        f"interrupted while removing the old site; the build had finished: the new site is in {site}, "
        f"and what is left of the old one is in {tmp_path / 'site.new'} (delete it)"
    )


@pytest.mark.slow
def test_a_build_whose_site_cannot_be_written_keeps_the_old_site(tmp_path: Path, elsewhere: Path) -> None:
    # The whole command: the build's work folder on another file system, the site where the
    # copy fails deep inside the tree (a record's history page), after writing its first files.
    root = copy_registry(tmp_path / "registry", ids=[KINGS_CROSS])
    deepest = len(f"/site.new/deployments/{KINGS_CROSS}/history/index.html")
    site = _long_folder(tmp_path / "public", PATH_MAX - deepest + 1) / "site"
    # An earlier build's site (its mark, history-manifest.json): the build refuses any other.
    old = _files(_write(site, {"index.html": "old site", "history-manifest.json": '{"head": null}\n'}))
    work = elsewhere / "build"
    result = registry_cli(root, "build", "--site-dir", str(site), "--work-dir", str(work))
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"registry: could not write the site to {site}: File name too long; site/ is unchanged"
    )
    assert "Traceback" not in result.stderr
    assert _files(site) == old
    assert sorted(p.name for p in site.parent.iterdir()) == [".site-lock", "site"]


@pytest.fixture
def elsewhere() -> Iterator[Path]:
    """A temporary folder on another file system than the tests' own (a tmpfs)."""
    assert OTHER_FILE_SYSTEM.is_dir(), f"these tests copy across file systems: {OTHER_FILE_SYSTEM} is missing"
    with tempfile.TemporaryDirectory(dir=OTHER_FILE_SYSTEM) as folder:
        assert os.stat(folder).st_dev != os.stat(tempfile.gettempdir()).st_dev, (
            f"{OTHER_FILE_SYSTEM} is on the same file system as {tempfile.gettempdir()}: set TMPDIR to a disk"
        )
        yield Path(folder)


@contextlib.contextmanager
def _sigint_when_called(function: Callable[..., object]) -> Iterator[None]:
    """Meanwhile, the first call of `function` sends this process a real SIGINT: Python's own
    handler then raises KeyboardInterrupt inside it, as a Ctrl-C at that moment would."""
    sent = []

    def watch(frame: object, event: str, arg: object) -> None:
        if event == "call" and not sent and getattr(frame, "f_code", None) is function.__code__:
            sent.append(True)
            os.kill(os.getpid(), signal.SIGINT)

    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.setprofile(watch)
    try:
        yield
    finally:
        sys.setprofile(None)
        signal.signal(signal.SIGINT, before)


def _long_folder(base: Path, length: int) -> Path:
    """A folder under `base` whose path is `length` characters long (made of 200-character names)."""
    path = base
    while len(str(path)) + 201 < length:
        path = path / ("p" * 200)
    path = path / ("q" * (length - len(str(path)) - 1))
    path.mkdir(parents=True)
    assert len(str(path)) == length
    return path


def _write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }

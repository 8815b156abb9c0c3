"""A build stopped from outside: SIGTERM (a cancelled CI job, `kill`) or a child killed.

SIGTERM must stop a build as Ctrl-C does: every process it started stopped, its lock free at
once, site/ as it was, one line and a non-zero exit. To know without timing that the build is
in the middle of its work, its mkdocs.yml is a named pipe (FIFO) the test serves: each reader
is given the file in turn, until the reader is the engine (ProperDocs), which is then left
waiting for it. At that moment the build has loaded, generated its pages and started the
process beside them, and its engine process is running.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from cli_runner import registry_cli
from fixture_registry import KINGS_CROSS, copy_registry

pytestmark = pytest.mark.slow

#: How long the test waits for the build to reach the engine before it fails (never reached
#: unless the build is broken: a guard against a test that hangs, not a timed assertion).
PATIENCE = 300.0


def test_sigterm_stops_the_build_its_children_and_frees_the_lock_at_once(tmp_path: Path) -> None:
    root = copy_registry(tmp_path / "registry", ids=[KINGS_CROSS, "fr-nice-carnival-2019"])
    assert registry_cli(root, "build").returncode == 0
    built = _files(root / "site")
    config = (root / "mkdocs.yml").read_bytes()
    (root / "mkdocs.yml").unlink()
    os.mkfifo(root / "mkdocs.yml")

    build = subprocess.Popen(
        [sys.executable, "-m", "registry", "--root", str(root), "build"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with _engine_waiting(build, root / "mkdocs.yml", config):
        started = _descendants(build.pid)
        assert any("properdocs" in command for command in started.values()), started
        born = {pid: _start_time(pid) for pid in started}
        build.send_signal(signal.SIGTERM)
        out, err = build.communicate(timeout=PATIENCE)
    (root / "mkdocs.yml").unlink()
    (root / "mkdocs.yml").write_bytes(config)

    assert build.returncode == 128 + signal.SIGTERM, err
    assert err.splitlines()[-1] == "registry: stopped by SIGTERM"
    assert "Traceback" not in err and "bug" not in err
    assert [started[pid] for pid in started if _running(pid, born[pid])] == []
    from registry import worklock

    with worklock.holding(root / "build", "build", root / "site"):  # free at once: no one holds it
        pass
    assert _files(root / "site") == built
    assert not (root / "site.new").exists() and not (root / "site.old").exists()
    again = registry_cli(root, "build")
    assert again.returncode == 0, again.stderr
    assert _files(root / "site") == built


def test_a_child_killed_by_a_signal_is_said_in_one_line_not_as_a_bug() -> None:
    from multiprocessing import get_context

    from registry.errors import Stopped
    from registry.parallel import Child

    # A real child process (spawned, as in tests/test_hostile_output.py), waiting for a
    # signal that is then sent to it alone: the build's own process is not signalled.
    context = get_context("spawn")
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=signal.pause, name="the steps beside the pages")
    process.start()
    writer.close()
    os.kill(process.pid, signal.SIGTERM)
    with pytest.raises(Stopped) as stopped:
        Child("the steps beside the pages", process, reader).join()
    assert (
        str(stopped.value)
        == "the steps beside the pages was stopped by a signal (SIGTERM) before it finished"
    )


@contextmanager
def _engine_waiting(build: subprocess.Popen[str], fifo: Path, config: bytes) -> Iterator[None]:
    """Serves `config` to each reader of `fifo` until the reader is the engine; meanwhile the
    engine waits for it, blocked on the pipe held open here."""
    give_up = time.monotonic() + PATIENCE
    while True:
        writer = _open_when_read(build, fifo, give_up)
        if "properdocs" in _reader(build, fifo, give_up):
            break
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(config)
        _wait_until_closed(build, fifo, give_up)
    try:
        yield
    finally:
        os.close(writer)


def _open_when_read(build: subprocess.Popen[str], fifo: Path, give_up: float) -> int:
    """The writing end of `fifo`, once some process has opened it to read."""
    while True:
        try:
            writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:  # ENXIO: no reader yet
            _still_going(build, give_up)
            continue
        os.set_blocking(writer, True)
        return writer


def _reader(build: subprocess.Popen[str], fifo: Path, give_up: float) -> str:
    """The command line of the process of the build that has opened `fifo` to read.

    Waited for: a reader still inside its `open` already lets a writer's open succeed, but
    the file is among its open files only once that `open` has returned.
    """
    while True:
        processes = {build.pid: "registry build", **_descendants(build.pid)}
        for pid, command in processes.items():
            if _holds(pid, fifo):
                return command
        _still_going(build, give_up)


def _wait_until_closed(build: subprocess.Popen[str], fifo: Path, give_up: float) -> None:
    """Waits until no process of the build holds `fifo`, so the next opening is a new reader."""
    while any(_holds(pid, fifo) for pid in [build.pid, *_descendants(build.pid)]):
        _still_going(build, give_up)


def _still_going(build: subprocess.Popen[str], give_up: float) -> None:
    if build.poll() is not None:
        raise AssertionError(f"the build ended before its engine started: {build.communicate()}")
    if time.monotonic() > give_up:
        build.kill()
        raise AssertionError(f"the build never reached its engine: {build.communicate()}")
    time.sleep(0.02)


def _descendants(pid: int) -> dict[int, str]:
    """Every process under `pid` (children, theirs, ...), with its command line."""
    found: dict[int, str] = {}
    waiting = [pid]
    while waiting:
        parent = waiting.pop()
        for task in _listing(Path(f"/proc/{parent}/task")):
            for child in _read(Path(f"/proc/{parent}/task/{task}/children")).split():
                found[int(child)] = _read(Path(f"/proc/{child}/cmdline")).replace("\0", " ")
                waiting.append(int(child))
    return found


def _running(pid: int, born: str) -> bool:
    """Whether the process `pid` started at `born` still runs (not ended, not a zombie)."""
    fields = _stat(pid)
    return bool(fields) and fields[0] != "Z" and fields[19] == born


def _start_time(pid: int) -> str:
    """When process `pid` started (so that a later process given the same id is not taken for it)."""
    fields = _stat(pid)
    return fields[19] if fields else ""


def _stat(pid: int) -> list[str]:
    """The fields of /proc/<pid>/stat after the command's name: the state first, then the
    parent's id, ..., the start time 20th (proc(5)'s fields 3 to 52)."""
    status = _read(Path(f"/proc/{pid}/stat"))
    return status.rsplit(")", 1)[1].split() if status else []


def _holds(pid: int, path: Path) -> bool:
    """Whether process `pid` has `path` open."""
    for fd in _listing(Path(f"/proc/{pid}/fd")):
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") == str(path):
                return True
        except OSError:
            continue
    return False


def _listing(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:  # the process has ended meanwhile
        return []


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}

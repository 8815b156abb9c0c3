"""Work beside the build's main line: forked processes, one per core, for the embarrassingly
parallel steps (`fork_map`), single jobs in a forked process of their own (`in_child`), and
single jobs in a thread of their own (`in_background`).

Rendering, filling and finishing 20,000 record pages (registry.layout) is the same small job
many times over, in pure Python. A forked worker inherits everything the build has loaded
without pickling it, so only item numbers go out. Worth it only when little comes back:
rendering the entry pages this way was slower than one process while every page's text was
piped back, so the workers write their pages (or pieces of them) into files themselves.
Fork is only safe when this process runs no other thread (a child could inherit a lock that
thread held); otherwise, and for small inputs, the work runs here.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, replace
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Generic, TypeVar

from registry.errors import BuildError, InternalError, Stopped

Result = TypeVar("Result")

#: Below this many items, starting worker processes costs more than it saves.
PARALLEL_FROM = 500
#: One worker per core.
WORKERS = os.cpu_count() or 1

_JOB: tuple[Callable[[Any, int], Any], Any] | None = None


def fork_map(
    function: Callable[[Any, int], Result], shared: Any, count: int, chunk: int = 100
) -> list[Result]:
    """Returns `[function(shared, i) for i in range(count)]`, in forked workers when worth it."""
    global _JOB
    workers = WORKERS
    if not can_fork(count, workers):
        return [function(shared, index) for index in range(count)]
    _JOB = (function, shared)  # what the forked workers inherit
    try:
        starts = range(0, count, chunk)
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
            parts = pool.map(_run, starts, [min(start + chunk, count) for start in starts])
            return [result for part in parts for result in part]
    finally:
        _JOB = None


@dataclass(frozen=True)
class Background(Generic[Result]):
    """One function running in a thread of its own (history beside load, search beside MkDocs).

    As a context manager it never outlives its block: leaving the block, normally or by an
    error, waits for the thread, so nothing is left writing into the build folder.
    """

    pool: ThreadPoolExecutor
    future: Future[Result]

    def __enter__(self) -> Background[Result]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def join(self) -> Result:
        """Waits until the thread has ended, then returns the result or raises what it raised.

        Joined, not just waited for: later steps fork workers only when no other thread runs.
        """
        self.stop()
        return self.future.result()

    def stop(self) -> None:
        """Waits until the thread has ended, leaving its result or error unread."""
        self.pool.shutdown(wait=True)


def in_background(name: str, function: Callable[..., Result], *args: Any) -> Background[Result]:
    """Starts `function(*args)` in a new thread named after `name`."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
    return Background(pool, pool.submit(function, *args))


def give_back_freed_memory() -> None:
    """Returns to the system the memory this process has freed but still holds (glibc's
    `malloc_trim`); does nothing where the C library has no such call.

    Why (issue 18): glibc serves each thread from an arena of its own and keeps what is freed
    there for that thread. The history walk runs in a thread beside loading and, read cold at
    10,000 entries, frees about 500 MB of git objects and parsed versions once it has built
    the history (60 MB): memory no later allocation of the build's own thread reused, that
    stayed resident, and that every forked child's PSS shared, for the rest of the build.
    """
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError):
        return
    trim.argtypes = [ctypes.c_size_t]
    trim(0)


@dataclass(frozen=True)
class Child(Generic[Result]):
    """One function running in a forked process of its own; the same use as `Background`.

    Why a process and not a thread: the steps run beside the build's own Python work
    (generating pages, then waiting for MkDocs) are Python too, and in one process they take
    turns at one interpreter lock, however many cores there are. A forked child inherits the
    loaded registry without pickling it; only its small result comes back, through a pipe.
    Leaving the block before `join` (another stage failed) ends the child and every process
    it started (Pagefind): the child leads a process group of its own, and the whole group is
    stopped, so nothing is left writing into the work folder that the next build will use.
    """

    name: str
    process: Any  # multiprocessing's Process
    results: Any  # the reading end of a one-way Pipe

    def __enter__(self) -> Child[Result]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def join(self) -> Result:
        """Waits for the child's result and its end; raises what it raised.

        A child that handed its process over to a program (`Handover`) ends when the program
        does: the Handover comes back with the program's exit code.
        """
        try:
            ok, value = self.results.recv()
        except EOFError:
            ok, value = None, None
        self.process.join()
        self.results.close()
        if ok is None:
            raise ended_early(self.name, self.process.exitcode)
        if not ok:
            raise value
        if isinstance(value, _ResultFile):
            return replace(value.take(), exit_code=self.process.exitcode)  # type: ignore[no-any-return]
        return value

    def stop(self) -> None:
        """Ends the child and its process group if it still runs, and waits for it."""
        if self.process.is_alive():
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except OSError:  # the group is gone already, or not yet made
                self.process.terminate()
        self.process.join()
        if not self.results.closed and self.results.poll():  # a result never taken
            with contextlib.suppress(EOFError, OSError):
                _, value = self.results.recv()
                if isinstance(value, _ResultFile):
                    os.unlink(value.path)


def ended_early(name: str, exit_code: int | None) -> Exception:
    """What to raise for a child that ended without its result.

    Killed by a signal (a negative exit code: `kill`, a cancelled job, the kernel out of
    memory), it was stopped from outside: one line, not a bug. Any other early end is ours.
    """
    if exit_code is not None and exit_code < 0:
        return Stopped(f"{name} was stopped by a signal ({_signal_name(-exit_code)}) before it finished")
    return InternalError(f"{name} ended without a result (exit code {exit_code})")


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


@dataclass(frozen=True)
class Handover:
    """What a job started by `in_child` returns to end as another program: `result` goes back
    to the parent, then the child's process becomes the program `argv` (run in `cwd`, both
    its output streams into `log`), and `join` returns this with the program's `exit_code`.

    Why (issue 18): a forked child that has read the whole registry holds its own copy of
    most of it (about 1.5 GB at 10,000 entries: every object it reads gets its reference
    count written, so its page is copied). A program it then started and waited for (Pagefind,
    1.3 GB of its own) ran beside that copy. Become the program instead (exec) and the copy is
    released the moment the program starts. In a thread (no fork), the program is run as a
    subprocess of the build: the same files, the same exit code.
    """

    result: Any
    argv: tuple[str, ...]
    cwd: Path
    log: Path
    started: float = 0.0  # time.time() when the program was started (files' times compare with it)
    exit_code: int | None = None


def in_child(name: str, function: Callable[..., Result], *args: Any) -> Child[Result] | Background[Result]:
    """Starts `function(*args)` in a forked process, or in a thread where forking is not safe.

    Its result and any error it raises must pickle: they are sent back through a pipe.
    It may return a `Handover` to end as another program.
    """
    if start_method() != "fork":
        return in_background(name, _in_thread, function, args)
    context = get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=_child_main, args=(writer, function, args), name=name)
    process.start()
    _own_group(process.pid)  # here and in the child: whichever runs first, the group exists
    writer.close()
    return Child(name, process, reader)


def process_map(function: Callable[[Any], Result], items: Any, workers: int, method: str) -> list[Result]:
    """`function` over `items` in `workers` processes started by `method` ("fork" or "spawn").

    For jobs whose items and results pickle. The caller names the start method, because only
    it knows whether threads run beside it: the history stage runs in a thread beside
    loading, so its workers are always spawned, in a build and in a test alike.
    """
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context(method)) as pool:
        return list(pool.map(function, items))


def _own_group(pid: int) -> None:
    try:
        os.setpgid(pid, pid)
    except OSError:  # the child has already made its group, or has already ended
        pass


#: How much a child started by `in_child` yields to the build's own process (`os.nice`).
BESIDE_NICENESS = 10


def _child_main(writer: Any, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    _own_group(0)
    _yield_to_the_build()
    try:
        outcome: tuple[bool, Any] = (True, function(*args))
    except BuildError as exc:
        outcome = (False, exc)
    except BaseException:  # a bug: its traceback is all the parent can show of it
        outcome = (False, RuntimeError(traceback.format_exc()))
    handover = outcome[1] if outcome[0] and isinstance(outcome[1], Handover) else None
    if handover is None:
        writer.send(outcome)
        writer.close()
        return
    handover = replace(handover, started=time.time())
    # Through a file: a result bigger than the pipe's buffer (the list of files the steps
    # wrote is) blocks `send` until the parent reads it, which it does only when it needs the
    # result, and the program would start only then (it cost 20 s at 10,000 entries).
    handle, name = tempfile.mkstemp(prefix="registry-result-")
    with os.fdopen(handle, "wb") as out:
        pickle.dump(handover, out, protocol=pickle.HIGHEST_PROTOCOL)
    writer.send((True, _ResultFile(name)))
    writer.close()
    _become(handover)


@dataclass(frozen=True)
class _ResultFile:
    """Where a child that hands over to a program left its result (see `_child_main`)."""

    path: str

    def take(self) -> Any:
        """The result, read once: the file is removed."""
        try:
            with open(self.path, "rb") as file:
                return pickle.load(file)
        finally:
            os.unlink(self.path)


def _become(handover: Handover) -> None:
    """Replaces this process by the handover's program; never returns."""
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        log = os.open(handover.log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.chdir(handover.cwd)
        os.execv(handover.argv[0], list(handover.argv))
    except OSError as exc:  # the program could not start: its log says why
        os.write(2, f"could not start {handover.argv[0]}: {exc}\n".encode())
    os._exit(127)


def _in_thread(function: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    """`in_child`'s job in a thread: a Handover's program runs as a subprocess."""
    value = function(*args)
    if not isinstance(value, Handover):
        return value
    started = time.time()
    with open(value.log, "w", encoding="utf-8") as log:
        done = subprocess.run(list(value.argv), cwd=value.cwd, stdout=log, stderr=subprocess.STDOUT)
    return replace(value, started=started, exit_code=done.returncode)


def _yield_to_the_build() -> None:
    """Lowers this child's priority, and so that of every process it starts (Pagefind).

    The build's own process is the critical path (load, generate, the engine, fill); the
    children beside it (the search index, feeds and exports) only have to be done by the time
    it needs their files. On two cores, three busy processes took turns as equals, so the
    critical path ran at two thirds of a core while the children finished early and waited.
    A nicer child still gets every cycle the build leaves idle, so no core stands still.
    """
    try:
        os.nice(BESIDE_NICENESS)
    except OSError:  # not allowed here: the work is the same, only its order changes
        pass


def can_fork(count: int, workers: int) -> bool:
    """Whether `count` items are worth forking for, and forking is safe here."""
    return count >= PARALLEL_FROM and workers > 1 and start_method() == "fork"


def start_method() -> str:
    """ "fork" when it is safe (Linux, no other thread running), else "spawn".

    fork is cheap, but a forked child of a threaded process can deadlock on a lock another
    thread held (a browser driver in tests, the build's background threads); spawn starts
    fresh interpreters instead, and costs about half a second each.
    """
    return "fork" if sys.platform == "linux" and threading.active_count() == 1 else "spawn"


def _run(start: int, stop: int) -> list[Any]:
    assert _JOB is not None, "fork_map's job is set before the workers are forked"
    function, shared = _JOB
    return [function(shared, index) for index in range(start, stop)]

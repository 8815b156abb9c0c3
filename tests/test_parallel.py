"""Steps that fork workers (registry.parallel) must write exactly what one process writes.

Each check runs in a fresh interpreter: forking is only done with no other thread running,
and this test process may have a browser test's server thread. The script asserts that it
really forks, then compares the two results.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRELUDE = """
import json, sys
from pathlib import Path
from registry import parallel
parallel.WORKERS = 2
"""


def _run(script: str, *args: Path) -> object:
    code = PRELUDE + textwrap.dedent(script)
    done = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_csp_from_forked_workers_is_the_same(tmp_path: Path) -> None:
    page = (
        '<!doctype html><html><head><meta charset="utf-8"><script>var a={n}</script></head>'
        "<body><p>{n}</p></body></html>"
    )
    for folder in ("alone", "workers"):
        for n in range(30):
            path = tmp_path / folder / f"p{n}" / "index.html"
            path.parent.mkdir(parents=True)
            path.write_text(page.format(n=n), encoding="utf-8")
    forked = _run(
        """
        from registry.context import BuildContext, no_history
        from registry.postbuild.csp import add_csp
        base = Path(sys.argv[1])
        ctx = BuildContext(base, [], no_history(), None, base)
        add_csp(ctx, base / "alone")
        parallel.PARALLEL_FROM = 0
        forked = parallel.can_fork(30, parallel.WORKERS)
        add_csp(ctx, base / "workers")
        print(json.dumps(forked))
        """,
        tmp_path,
    )
    assert forked
    for n in range(30):
        ours = (tmp_path / "alone" / f"p{n}" / "index.html").read_text(encoding="utf-8")
        assert ours == (tmp_path / "workers" / f"p{n}" / "index.html").read_text(encoding="utf-8")
        assert "Content-Security-Policy" in ours and f"var a={n}" in ours


@pytest.mark.slow
def test_a_child_process_returns_its_result_and_raises_what_it_raised(tmp_path: Path) -> None:
    """in_child: the result and a BuildError come back through the pipe, a bug comes back as a
    RuntimeError carrying its traceback, and leaving the block ends a child still running."""
    outcome = _run(
        """
        import os, time
        from registry.errors import BuildError
        from registry.parallel import Child, in_child

        def pid_and(x):
            return [os.getpid(), x * 2]

        def refuse():
            raise BuildError("pagefind failed: no records")

        def bug():
            return {}["missing"]

        out = {}
        job = in_child("doubling", pid_and, 21)
        out["forked"] = isinstance(job, Child)
        pid, value = job.join()
        out["value"], out["elsewhere"] = value, pid != os.getpid()
        try:
            in_child("refusing", refuse).join()
        except BuildError as exc:
            out["refused"] = str(exc)
        try:
            in_child("buggy", bug).join()
        except RuntimeError as exc:
            out["bug"] = "KeyError: 'missing'" in str(exc)
        start = time.perf_counter()
        with in_child("sleeper", time.sleep, 60) as sleeper:
            pass
        out["stopped"] = time.perf_counter() - start < 10 and not sleeper.process.is_alive()
        print(json.dumps(out))
        """
    )
    assert outcome == {
        "forked": True,
        "value": 42,
        "elsewhere": True,
        "refused": "pagefind failed: no records",
        "bug": True,
        "stopped": True,
    }


@pytest.mark.slow
def test_a_child_hands_its_process_over_to_a_program_and_a_thread_runs_it(tmp_path: Path) -> None:
    """A Handover: the result comes back, then the child's own process (same pid, so its
    copy of the parent's memory is gone) runs the program, in its folder, into its log; join
    waits for it and gives its exit code. Where forking is unsafe (another thread runs), the
    job runs in a thread and the program as a subprocess, with the same outcome."""
    outcome = _run(
        """
        import os, threading
        from registry.parallel import Child, Handover, in_child

        base = Path(sys.argv[1])
        program = ("/bin/sh", "-c", "echo pid $$ in $(basename $PWD); echo oops >&2; exit 3")

        def hand_over(name):
            (base / name).mkdir()
            return Handover([os.getpid(), name], program, cwd=base / name, log=base / f"{name}.log")

        out = {}
        job = in_child("forked", hand_over, "forked")
        done = job.join()
        child_pid, _ = done.result
        out["forked"] = [isinstance(job, Child), done.result[1], done.exit_code, done.started > 0,
                         (base / "forked.log").read_text() == f"pid {child_pid} in forked\\noops\\n"]
        stop = threading.Event()
        other = threading.Thread(target=stop.wait)
        other.start()
        try:
            job = in_child("threaded", hand_over, "threaded")
            done = job.join()
        finally:
            stop.set()
            other.join()
        log = (base / "threaded.log").read_text()
        out["threaded"] = [isinstance(job, Child), done.result[1], done.exit_code, done.started > 0,
                           log.startswith("pid ") and log.endswith(" in threaded\\noops\\n")]
        print(json.dumps(out))
        """,
        tmp_path,
    )
    assert outcome == {
        "forked": [True, "forked", 3, True, True],
        "threaded": [False, "threaded", 3, True, True],
    }


@pytest.mark.slow
def test_the_program_starts_before_the_parent_asks_for_a_big_result(tmp_path: Path) -> None:
    """A result bigger than a pipe's buffer must not hold the program back until the parent
    reads it: the parent reads it only when it needs it (the build, after its own stages), and
    Pagefind, started only then, once cost the build 20 s at 10,000 entries."""
    outcome = _run(
        """
        import time
        from registry.parallel import Handover, in_child

        base = Path(sys.argv[1])
        marker = base / "started"

        def hand_over():
            big = ["x" * 100] * 20_000  # about 2 MB pickled: far beyond a pipe's 64 KB
            return Handover(big, ("/bin/sh", "-c", f"touch {marker}"), cwd=base, log=base / "log")

        job = in_child("big", hand_over)
        deadline = time.monotonic() + 20
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        started_first = marker.exists()
        done = job.join()
        print(json.dumps([started_first, len(done.result), done.exit_code]))
        """,
        tmp_path,
    )
    assert outcome == [True, 20_000, 0]


def test_a_child_yields_to_the_build_and_so_do_the_processes_it_starts(tmp_path: Path) -> None:
    """The search index and the feeds and exports run beside the build's own process, which
    is the critical path: the child runs nicer, and a program it starts (Pagefind) inherits it."""
    outcome = _run(
        """
        import os, subprocess
        from registry.parallel import BESIDE_NICENESS, Child, in_child

        def niceness_here_and_in_a_program():
            shown = subprocess.run(["ps", "-o", "ni=", "-p", str(os.getpid())], capture_output=True, text=True)
            child = subprocess.run([sys.executable, "-c", "import os; print(os.nice(0))"], capture_output=True, text=True)
            return [os.nice(0), int(shown.stdout), int(child.stdout)]

        job = in_child("niceness", niceness_here_and_in_a_program)
        print(json.dumps({"forked": isinstance(job, Child), "parent": os.nice(0), "child": job.join(),
                          "step": BESIDE_NICENESS}))
        """
    )
    expected = min(outcome["parent"] + outcome["step"], 19)  # 19: the lowest priority there is
    assert outcome["forked"] and outcome["step"] > 0
    assert outcome["child"] == [expected, expected, expected]
    assert expected > outcome["parent"] or outcome["parent"] == 19


@pytest.mark.slow
def test_a_child_reads_the_history_store_through_a_connection_of_its_own(tmp_path: Path) -> None:
    outcome = _run(
        """
        from registry.history.store import BlobStore
        from registry.parallel import in_child

        store = BlobStore(Path(sys.argv[1]) / "blobs.sqlite", version="1")
        store.add({"a" * 40: {"data": {"id": "x"}}})
        inherited = store._db
        store._memory.clear()  # so the child has to ask SQLite
        child = in_child("reader", lambda: [store.get("a" * 40), store._db is not inherited])
        print(json.dumps(child.join() + [store._db is inherited]))
        """,
        tmp_path,
    )
    assert outcome == [{"data": {"id": "x"}}, True, True]


def test_with_another_thread_running_a_child_job_runs_in_a_thread_instead() -> None:
    outcome = _run(
        """
        import threading, time
        from registry.parallel import Background, in_child

        threading.Thread(target=time.sleep, args=(2,), daemon=True).start()
        job = in_child("threaded", lambda: threading.current_thread().name)
        print(json.dumps([isinstance(job, Background), job.join().startswith("threaded")]))
        """
    )
    assert outcome == [True, True]


@pytest.mark.slow
def test_stopping_a_child_also_stops_the_processes_it_started(tmp_path: Path) -> None:
    """The search child runs Pagefind: a failed build must not leave it writing into the
    work folder the next build uses."""
    outcome = _run(
        """
        import os, subprocess, time
        from registry.parallel import in_child

        marker = Path(sys.argv[1]) / "pid"

        def start_and_wait():
            sleeper = subprocess.Popen(["sleep", "60"])
            marker.write_text(str(sleeper.pid))
            sleeper.wait()

        with in_child("starter", start_and_wait):
            while not marker.exists():
                time.sleep(0.05)
            time.sleep(0.2)
        pid = int(marker.read_text())
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                print(json.dumps(True))
                break
            time.sleep(0.05)
        else:
            os.kill(pid, 9)
            print(json.dumps(False))
        """,
        tmp_path,
    )
    assert outcome is True


def test_memory_a_thread_freed_goes_back_to_the_system() -> None:
    """The history walk runs in a thread, and glibc keeps what a thread frees for that thread:
    `give_back_freed_memory` must return it (about 100 MB at 10,000 entries, read cold)."""
    outcome = _run(
        """
        import threading
        from registry.parallel import give_back_freed_memory

        def resident_mb():
            return int(open("/proc/self/statm").read().split()[1]) * 4096 // 2**20

        pinned = []

        def churn():
            blocks = []
            for i in range(2_000):
                blocks.append(b"%d" % i * 20_000)  # about 100 KB each, from this thread's arena
                pinned.append(b"%d" % i * 30)  # a small one kept between them: no trimming from the top
            del blocks

        thread = threading.Thread(target=churn)
        thread.start()
        thread.join()
        before = resident_mb()
        give_back_freed_memory()
        print(json.dumps([before, resident_mb()]))
        """
    )
    before, after = outcome
    assert before - after > 100, f"{before} MB resident before, {after} MB after"

"""`registry serve`: a local preview that shows an edited entry in under a second, rebuilds the
rest in the background, and reloads the pages open in the browser when theirs changed.

How: after the first full build the process keeps the registry in memory. Changes are found
by polling modification times once a second (the same on every system and in containers).
When only entry files changed, the fast path (registry.preview) checks just those files and
renders the pages that show them into the server's overlay at once (registry.preview_http);
the full build (search, exports, feeds, every other page) then runs in a background thread,
and when it has put its `site/` in place the overlay's pages of the changes it read are
dropped. Any other change (a template, mkdocs.yml, the research tables) runs the full build
alone, as before. One full build runs at a time: changes during it queue one more, which
reads everything they changed.

Bad input prints its problems, exactly as `registry build` would, and keeps serving the last
good pages, as `registry build` leaves `site/` untouched. On the fast path that holds for the
files with problems alone: their pages keep their last good version (and say so), while an edit
of any other entry is shown as usual. When the first build fails and no earlier build left a
site to serve (`site/index.html`), serve stops with the build's error instead. The site is
served by Python's own HTTP server on 127.0.0.1 only.

An editor that saves by emptying the file and then writing it is not caught in between: a
file found empty is looked at again on the next polls (registry.preview_watch) before
it is read, and the problems of a file that changed while it was being read are not printed
(the next poll reads it again).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import http.server
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from registry import folder_guard, worklock
from registry.build import (
    SITE_DIR,
    WORK_DIR,
    Inputs,
    build_site,
    load_inputs,
    own_folders,
    print_stage,
)
from registry.errors import EntryProblems, Problem, RegistryError
from registry.preview import FastPath, Outcome, changed_files, record_paths
from registry.preview_http import Preview, PreviewHandler
from registry.preview_watch import POLL_SECONDS, Settling, snapshot, stat_of

#: Prints one stage of a build: (name, seconds, detail).
Report = Callable[[str, float, str], None]


def run(args: argparse.Namespace) -> int:
    """The `registry serve` command; runs until interrupted."""
    server = PreviewServer(Path(args.root).resolve())
    # Its site/ and build/ are the registry's own, unless git tracks files in them.
    folder_guard.refuse_unowned(server.root, server.site_dir, server.work_dir, own=own_folders(server.root))
    # A build in use, or a port in use, is said at once, not after a whole build.
    with worklock.holding(server.work_dir, "serve", server.site_dir):
        server.bind(args.port)
        try:  # the port is closed however it ends: a first build that fails ends it too
            server.first_build()
            address = server.listen()
            print(f"Serving {server.site_dir} at {address} (Ctrl-C stops)", flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                server.watch()
        finally:
            server.close()
    return 0


#: The background full builds' thread, by name (tests look for it).
WORKER_NAME = "registry-full-builds"


class PreviewServer:
    """The watcher, the fast path, the background full build and the HTTP server of one registry.

    `report` prints each stage of a full build (`print_stage`). `before_build` is called in
    the background thread before each full build after the first: tests make it wait, to look
    at the preview while the full build has not started, then let the real build run.
    """

    def __init__(
        self,
        root: Path,
        report: Report = print_stage,
        before_build: Callable[[], None] | None = None,
    ) -> None:
        self.root = root
        self.site_dir = root / SITE_DIR
        self.work_dir = root / WORK_DIR
        self.preview = Preview(self.site_dir)
        self.fast: FastPath | None = None
        self.changes = 0  # the number of the newest change seen
        self.last_preview: dict[str, tuple[float, float]] = {}
        self._report = report
        self._before_build = before_build
        self._lock = threading.Lock()  # the fast path and its replacement after a full build
        self._queue = threading.Condition()
        self._pending: tuple[int, Inputs | None] | None = None
        self._building = False
        self._closed = False  # `close` was called: the build thread ends when idle
        self._seen = snapshot(root)
        self.settling = Settling()  # files an editor may be writing still
        self._http: http.server.ThreadingHTTPServer | None = None
        self._listening = False
        # Started after the first build (`_start_worker`), not here: while another thread runs,
        # a build cannot fork (registry.parallel.start_method), so the search index and the
        # feeds and exports would take turns with the pages at one interpreter lock, and the
        # fill would use one core. At 10,000 entries that made the first build 1.5 times slower.
        self._worker = threading.Thread(target=self._work, name=WORKER_NAME, daemon=True)

    # --- the watcher's side ---

    def first_build(self) -> bool:
        """The full build before serving; True if it passed.

        With no site an earlier build left (`site/index.html`), its failure is raised: outside
        a registry, serve said "still serving the previous site" and listened on with none.
        """
        self._seen = snapshot(self.root)
        passed = self._run_full(0, None, fatal=not (self.site_dir / "index.html").is_file())
        self._start_worker()
        return passed

    def _start_worker(self) -> None:
        """Starts the thread that runs the full builds after the first (once)."""
        if self._worker.ident is None:  # a thread that has started has an ident for good
            self._worker.start()

    def poll(self, now: dict[str, tuple[int, int]] | None = None) -> None:
        """Looks for changes once; shows an edited entry at once and queues the full build.

        `now` is the snapshot to act on, taken now without one (a test gives one taken before
        its last write, as a poll that raced an editor's save would have).
        """
        now, before = now if now is not None else snapshot(self.root), self._seen
        changed = changed_files(before, now)
        settling = self.settling.held(changed, now)
        # A file being written is looked at again next time, as if it had not changed yet.
        self._seen = {path: now[path] for path in now if path not in settling}
        self._seen.update((path, before[path]) for path in settling if path in before)
        changed -= settling
        if not changed:
            return
        self.changes += 1
        with self._lock:
            rels = record_paths(self.root, changed) if self.fast is not None else None
            if rels is None or self.fast is None:
                # The entry files among the changes are checked first, so that a file with
                # problems keeps its last good version in the full build too (`_load`).
                entries = {rel for path in changed for rel in record_paths(self.root, [path]) or ()}
                if entries and self.fast is not None:
                    self._check(entries, changed, now)
                print("Change detected; rebuilding everything", file=sys.stderr, flush=True)
                self._request(self.changes, None)
                return
            start, cpu = time.perf_counter(), time.thread_time()
            outcome = self._check(rels, changed, now)
            if outcome.inputs is None:
                return
            self.preview.state = "rebuilding"
            self.preview.show(outcome.pages, self.changes)
            shown = (time.perf_counter() - start, time.thread_time() - cpu)
            listed = 0
            for make in outcome.listings:
                pages = make()
                self.preview.show(pages, self.changes)
                listed += len(pages)
            done = (time.perf_counter() - start, time.thread_time() - cpu)
        _keep_out_of_collections()
        #: The last fast step's seconds, wall and CPU (this thread's): scripts/bench_build.py.
        self.last_preview = {"record_pages": shown, "listing_pages": done}
        still = len(self.fast.pending) if self.fast is not None else 0
        print(
            f"Preview: the record's {len(outcome.pages)} page(s) shown in {shown[0]:.2f} s "
            f"({shown[1]:.2f} s CPU), {listed} listing it in {done[0]:.2f} s ({done[1]:.2f} s CPU); "
            "the full build follows in the background"
            + (f"; {still} file(s) with problems (above) keep their last good pages" if still else ""),
            file=sys.stderr,
            flush=True,
        )
        self._request(self.changes, outcome.inputs)

    def _check(self, rels: set[str], changed: set[str], now: dict[str, tuple[int, int]]) -> Outcome:
        """The fast path's step for the changed entry files `rels`, its problems told."""
        assert self.fast is not None
        outcome = self.fast.apply(rels, self.preview.page_bytes)
        self.preview.held = frozenset(self.fast.held_pages())
        moved = {path for path in changed if stat_of(path) != now.get(path)}
        if moved:  # read while being written: the next poll reads it again, and tells what is wrong
            outcome.problems = [p for p in outcome.problems if str(self.root / p.path) not in moved]
            for path in moved:
                self.fast.told.pop(Path(path).relative_to(self.root).as_posix(), None)
        if outcome.problems:
            _report(outcome.problems, "the pages of files with problems keep their last good version")
        _report_waiting(outcome.waiting)
        return outcome

    def watch(self, stop: threading.Event | None = None) -> None:
        """Polls every `POLL_SECONDS` until `stop` is set (forever without one)."""
        stop = stop or threading.Event()
        while not stop.wait(POLL_SECONDS):
            self.poll()

    def bind(self, port: int = 0) -> None:
        """Takes `port` on 127.0.0.1 without serving yet; a port that cannot be had is the
        user's to change (`--port`), so it is a `RegistryError`, not a traceback."""
        handler = functools.partial(PreviewHandler, directory=str(self.site_dir), preview=self.preview)
        try:
            self._http = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        except (OSError, OverflowError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise RegistryError(
                f"cannot serve on 127.0.0.1:{port} ({reason}); choose another port with --port"
            ) from None

    def listen(self, port: int = 0) -> str:
        """Starts the HTTP server on 127.0.0.1 (on `port`, unless `bind` took one); returns its address."""
        if self._http is None:
            self.bind(port)
        assert self._http is not None
        threading.Thread(target=self._http.serve_forever, daemon=True).start()
        self._listening = True
        return f"http://127.0.0.1:{self._http.server_address[1]}/"

    def close(self) -> None:
        """Stops serving and closes the port; a port only bound (a first build that failed) is
        just closed: `shutdown` waits for a `serve_forever` that never ran. The build thread ends
        once no build is waiting (it held no port, but lived on in any process that made one)."""
        with self._queue:
            self._closed = True
            self._queue.notify_all()
        if self._http is not None:
            if self._listening:
                self._http.shutdown()
            self._http.server_close()

    def wait_until_built(self, timeout: float) -> bool:
        """Waits until no full build runs or waits; False on timeout (for tests and scripts)."""
        with self._queue:
            return self._queue.wait_for(lambda: not self._building and self._pending is None, timeout)

    # --- the background full build ---

    def _request(self, change: int, inputs: Inputs | None) -> None:
        """Queues a full build of `inputs` (None: read everything again) as of change `change`."""
        with self._queue:
            if self._pending is not None and self._pending[1] is None:
                inputs = None  # a queued build that reads everything also reads this change
            self._pending = (change, inputs)
            self._start_worker()
            self.preview.state = "rebuilding"
            self._queue.notify_all()

    def _work(self) -> None:
        while True:
            with self._queue:
                self._queue.wait_for(lambda: self._pending is not None or self._closed)
                if self._pending is None:  # closed, with no build waiting: the thread ends
                    return
                (change, inputs), self._pending = self._pending, None
                self._building = True
            try:
                if self._before_build is not None:
                    self._before_build()
                self._run_full(change, inputs)
            finally:
                with self._queue:
                    self._building = False
                    self._queue.notify_all()

    def _run_full(self, change: int, inputs: Inputs | None, fatal: bool = False) -> bool:
        """One full build; on success its `site/` replaces the overlay's pages of changes up to `change`.

        A failure is told and the previous site served on, or raised when `fatal` (no site to serve)."""
        reload = inputs is None
        try:
            if inputs is None:
                inputs = self._load()
            build_site(self.root, self.site_dir, self.work_dir, report=self._report, inputs=inputs)
        except RegistryError as exc:
            if fatal:
                raise
            return self._failed(exc)
        self.preview.drop(change)
        if reload:  # templates or the config may have changed: the fast path starts again from here
            with self._lock:
                old = self.fast
                # Later edits are in the fast path already: then only its templates are renewed.
                later = old is not None and change != self.changes
                self.fast = FastPath(self.root, self.work_dir, old.inputs if old and later else inputs)
                if old is not None:
                    self.fast.pending, self.fast.told = old.pending, old.told  # not fixed yet
                self.preview.held = frozenset(self.fast.held_pages())
                self.fast.warm(self.preview.page_bytes)
        _keep_out_of_collections()
        self._finished("current")
        return True

    def _failed(self, exc: RegistryError) -> bool:
        """Tells a failed full build (the previous site is served on); returns False."""
        if isinstance(exc, EntryProblems):
            _report(exc.problems, "still serving the previous site")
            self._finished("problems")
            return False
        from registry.terminal import shown_lines

        print(shown_lines(f"registry: {exc}; still serving the previous site"), file=sys.stderr)
        self._finished("failed")
        return False

    def _load(self) -> Inputs:
        """Everything read again for a full build; entry files whose problems the fast path has
        told keep their last good version (its registry), as they do on the fast path."""
        try:
            return load_inputs(self.root, self.work_dir, self._stage)
        except EntryProblems as exc:
            with self._lock:
                if self.fast is None or not {p.path for p in exc.problems} <= self.fast.pending:
                    raise
                files, failing = self.fast.inputs.files, len({p.path for p in exc.problems})
        print(
            f"registry: building with the last good version of the {failing} entry file(s) "
            "with problems (above)",
            file=sys.stderr,
            flush=True,
        )
        return load_inputs(self.root, self.work_dir, self._stage, files=files)

    @contextmanager
    def _stage(self, name: str, detail: Callable[[], str] = lambda: "") -> Iterator[None]:
        """Times one loading stage as `build_site` times its own."""
        start = time.perf_counter()
        yield
        self._report(name, time.perf_counter() - start, detail())

    def _finished(self, state: str) -> None:
        with self._queue:
            if self._pending is None or state != "current":
                self.preview.state = state


def _keep_out_of_collections() -> None:
    """Moves every object alive now out of the cyclic collector's reach (`gc.freeze`).

    The registry the preview keeps is millions of objects at 10,000 entries, and a full
    collection walks them all: in a profile of the fast path at that size one edit of three
    took 2.3 s of CPU instead of 0.15 s, as such a collection does. The build unfreezes when it
    ends (`build._few_collections`), so this runs again after each full build and each edit.
    """
    gc.freeze()


def _report(problems: list[Problem], then: str) -> None:
    from registry.cli import report_problems

    report_problems(problems)
    print(f"{EntryProblems(problems)}; {then}", file=sys.stderr, flush=True)


def _report_waiting(rels: list[str]) -> None:
    from registry.terminal import shown

    for rel in rels:
        print(
            shown(
                f"Preview: {rel} waits for the files with problems: beside their last good "
                "version it would break a rule across records (such as a related id)"
            ),
            file=sys.stderr,
            flush=True,
        )

"""The steps that need only the data, run in a thread while MkDocs builds the pages.

On two cores, MkDocs takes one for its whole run and Pagefind the other for its first third;
the feeds, exports and revision pages (about 40 s at 10,000 entries) fill the idle time.
They write into a staging folder, because MkDocs empties its output folder when it starts,
and `finish` moves their files into MkDocs' output afterwards. Both folders are inside the
build's work folder, so a failed build still leaves `site/` untouched.
"""

from __future__ import annotations

import shutil
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from registry.errors import BuildError

if TYPE_CHECKING:
    from registry.build import BuildContext
    from registry.postbuild import PostBuildStep


@dataclass(frozen=True)
class BesideJob:
    """The running steps: `pool` to wait on, `done` for their seconds by name."""

    pool: ThreadPoolExecutor
    done: Future[dict[str, float]]
    staging: Path


def start(ctx: BuildContext, steps: list[PostBuildStep], staging: Path) -> BesideJob:
    """Starts `steps`, in order, in a thread, writing into `staging` (emptied first)."""
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="beside-mkdocs")
    return BesideJob(pool, pool.submit(_run, ctx, steps, staging), staging)


def finish(job: BesideJob, site_dir: Path) -> dict[str, float]:
    """Waits for the steps (raising what they raised), then moves their files into `site_dir`."""
    try:
        seconds = job.done.result()
    finally:
        job.pool.shutdown(wait=True)
    merge_into(job.staging, site_dir)
    shutil.rmtree(job.staging)
    return seconds


def merge_into(source: Path, target: Path) -> None:
    """Moves every file under `source` to the same place under `target`.

    A folder missing from `target` is moved whole, in one rename; one that exists is merged
    (a record's revisions go inside the folder MkDocs made for its page). A file that exists
    on both sides is a conflict between two steps, never overwritten.
    """
    for child in sorted(source.iterdir()):
        there = target / child.name
        if not there.exists():
            child.rename(there)
        elif child.is_dir() and there.is_dir():
            merge_into(child, there)
        else:
            raise BuildError(f"{there}: written both by MkDocs and by a step run beside it")


def _run(ctx: BuildContext, steps: list[PostBuildStep], staging: Path) -> dict[str, float]:
    seconds: dict[str, float] = {}
    for step in steps:
        start_time = time.perf_counter()
        step(ctx, staging)
        seconds[step.__module__.rsplit(".", 1)[-1]] = time.perf_counter() - start_time
    return seconds

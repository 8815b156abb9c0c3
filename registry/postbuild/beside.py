"""The steps that need only the data, run in a process of their own while the pages are
generated and MkDocs builds them.

The feeds, exports and revision pages (about 60 s at 10,000 entries) read nothing the pages
need and nothing MkDocs makes, so they start as soon as the registry and its history are
loaded, in a forked child (registry.parallel.in_child): a thread would take turns with page
generation at the one interpreter lock. They are producers (registry.output); the child's
writer writes their files into a staging folder, because MkDocs empties its output folder
when it starts, and hands back the list of files it wrote. `finish` lists MkDocs' output,
adds that list to it (a file on both is a bug that names both steps) and moves the files in.
Both folders are inside the build's work folder, so a failed build still leaves `site/`
untouched. The same child then renders the search records and becomes Pagefind, which indexes
them while the pages are still being generated or filled (registry.postbuild.search: one
child, not two, because each forked child ends up with its own copy of the registry it
reads, and that copy is released when the child becomes Pagefind).
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING

from registry.errors import InternalError
from registry.output import Site, producer_name
from registry.parallel import Background, Child, Handover, in_child
from registry.postbuild import search

if TYPE_CHECKING:
    from registry.context import BuildContext
    from registry.postbuild import DataStep

#: The name the files already in the site folder when the steps' files join it are listed
#: under: the engine's output, the pages filled into it and the search index.
ENGINE = "engine"

Ran = tuple[dict[str, float], dict[str, str]]
Job = Child[Ran | Handover] | Background[Ran | Handover]


def start(ctx: BuildContext, steps: list[DataStep], staging: Path, search_folder: Path | None = None) -> Job:
    """Starts `steps`, in order, in a forked process, writing into `staging` (emptied first);
    with `search_folder`, the search index after them (registry.postbuild.search)."""
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    return in_child("the steps beside the pages", _run, ctx, steps, staging, search_folder)


def finish(job: Job, staging: Path, site_dir: Path) -> tuple[dict[str, float], Site, str | None]:
    """Waits for the steps (raising what they raised), then moves their files into `site_dir`.

    Returns each step's seconds, by name, the list of every file now in `site_dir`, and what
    the search index did (None when `start` was given no search folder: then the child hands
    over to no program). The search bundle joins the site before it is listed, as part of the
    engine's output.
    """
    done = job.join()
    searched = None
    if isinstance(done, Handover):
        (seconds, files), records = done.result
        searched = search.check_index(done, records)
        search.place_index(done.cwd, site_dir, records)
    else:
        seconds, files = done
    site = Site.scan(site_dir, ENGINE)
    site.add(files)
    merge_into(staging, site_dir)
    shutil.rmtree(staging)
    return seconds, site, searched


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
            raise InternalError(f"{there}: written both by MkDocs and by a step run beside it")


def _run(
    ctx: BuildContext, steps: list[DataStep], staging: Path, search_folder: Path | None
) -> Ran | Handover:
    seconds: dict[str, float] = {}
    site = Site(staging)
    for step in steps:
        start_time = time.perf_counter()
        site.write(producer_name(step), step(ctx))
        seconds[producer_name(step)] = time.perf_counter() - start_time
    if search_folder is None:
        return seconds, site.files
    records = search.write_records(ctx, search_folder)
    return search.indexing(search_folder, ((seconds, site.files), records), records)

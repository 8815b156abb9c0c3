"""`registry build`: entries -> checked models -> generated pages -> engine -> post-build -> site/.

The order is the point. Everything is loaded and checked before anything is written, and
the site is built into a temporary folder that replaces `site/` only when every stage has
passed, so a bad entry or a failing step leaves the published site exactly as it was
(SECURITY.md rule 18). Each stage reports its time, because the engine (ProperDocs with
Material, behind the seam `registry.engine`) dominates a large build and a reader of the log
should see that at a glance.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from registry import engine, folder_guard, layout, urls, worklock, worktree
from registry.checks.base import EntryFile
from registry.context import (
    CONFIG_FILE,
    BuildContext,
    SiteConfig,
    newest_change,
    no_history,
    read_site_config,
    site_day,
)
from registry.entries import load_checked
from registry.errors import EntryProblems
from registry.history import read_history
from registry.history.model import History
from registry.pages import generate_pages, site_pages
from registry.parallel import give_back_freed_memory, in_background
from registry.postbuild import BESIDE_MKDOCS, POST_BUILD, beside, run_step
from registry.postbuild.tip import check_published_tip
from registry.published_ids import alias_problems
from registry.research import Research, load_research
from registry.siteaddress import Address, address_from, refuse_placeholder
from registry.swap import swap_into_place
from registry.writer import sync_tree

# The context and the site configuration live in registry.context (a leaf every stage imports);
# their names stay importable from here for scripts written before the move.
__all__ = [
    "BuildContext",
    "SiteConfig",
    "Inputs",
    "no_history",
    "read_site_config",
    "build_site",
    "load_inputs",
    "CONFIG_FILE",
]

WORK_DIR = "build"
SITE_DIR = "site"


def run(args: argparse.Namespace) -> int:
    """The `registry build` command."""
    root = Path(args.root).resolve()
    work_dir = Path(args.work_dir).resolve() if args.work_dir else root / WORK_DIR
    site_dir = Path(args.site_dir).resolve() if args.site_dir else root / SITE_DIR
    # Before anything is read or locked: --site-dir . once replaced the whole checkout.
    folder_guard.refuse_unowned(root, site_dir, work_dir, own=own_folders(root))
    _compare_with_head(root, deploy=args.deploy)
    with worklock.holding(work_dir, "build", site_dir):
        build_site(
            root,
            site_dir=site_dir,
            work_dir=work_dir,
            report=print_stage,
            address=address_from(args, os.environ),
            published_manifest=Path(args.published_manifest) if args.published_manifest else None,
        )
    return 0


def own_folders(root: Path) -> tuple[Path, ...]:
    """The registry's default site and work folders under `root` (`folder_guard.own_folders`)."""
    return folder_guard.own_folders(root / SITE_DIR, root / WORK_DIR)


def _compare_with_head(root: Path, deploy: bool) -> None:
    """Refuses a build for deployment without a whole git history, or from files that differ
    from HEAD; warns a plain build.

    Why (registry.worktree): the site names HEAD's commit whatever it was built from, and a
    deploy must publish a site its commit makes. Before anything is read or written.
    """
    if deploy:
        worktree.refuse_without_history(root)
    changed = worktree.uncommitted(root)
    if deploy:
        worktree.refuse_for_deploy(changed or [])
    elif changed:
        print(worktree.warning(changed), file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Inputs:
    """What a build reads before it writes anything: the checked entries, their history and
    the site's configuration (`load_inputs`). Tests and a preview load them once and pass
    them to `build_site` again and again."""

    files: list[EntryFile]
    history: History
    config: SiteConfig
    #: The research tables as `load_checked` read them; None reads them when first asked.
    research: Research | None = None


def load_inputs(
    root: Path,
    work_dir: Path,
    stage: Callable[..., Any] | None = None,
    address: Address | None = None,
    files: list[EntryFile] | None = None,
) -> Inputs:
    """Loads and checks the entries while history is read beside them (neither needs the other).

    Raises EntryProblems or BuildError on bad input; `stage` times the two stages. `files` are
    entries already checked (`registry serve`'s last good ones, when a file has problems):
    then only the research tables are read and checked beside them."""
    stage = stage or (lambda name, detail=None: nullcontext())
    with in_background("history", read_history, root, work_dir / "cache") as reading:
        with stage("load", lambda: f"{len(files)} entries"):
            if files is None:
                checked = load_checked(root, keep_data=False)  # the entries, and the research tables
                files, research = checked.files, checked.research
            else:
                research = load_research(root)
                if research.problems:
                    raise EntryProblems(list(research.problems))
            config = read_site_config(root, address)
            if address is not None and address.deploy:
                refuse_placeholder(config)
        with stage("history", lambda: "available, read beside load" if history.available else "unavailable"):
            history = reading.join()
    beside = alias_problems(root, files)  # what check refuses: an alias naming another record
    if beside:
        raise EntryProblems(beside)
    give_back_freed_memory()  # what the history walk's thread and the dropped YAML freed
    return Inputs(files, history, config, research)


def build_site(
    root: Path,
    site_dir: Path,
    work_dir: Path,
    report: Callable[[str, float, str], None] | None = None,
    address: Address | None = None,
    published_manifest: Path | None = None,
    inputs: Inputs | None = None,
    through_engine: bool = False,
) -> dict[str, float]:
    """Builds the site of the registry at `root` into `site_dir`; returns each stage's seconds.

    Reads `entries/`, git (through history), `site_templates/` and `mkdocs.yml`; writes
    `work_dir` (generated pages, the engine's output) and, only at the very end, `site_dir`.
    `address` overrides mkdocs.yml's public addresses (and may refuse a placeholder).
    `inputs` are the entries, history and config already loaded (`load_inputs`), read again
    otherwise. `through_engine` sends every page through the engine (the route before
    registry.layout; tests and scripts compare the two, a build never needs it).
    Raises EntryProblems or BuildError (nothing in `site_dir` changes) on bad input, and
    BuildError when the commit of `published_manifest` (the live site's) left the history.
    """
    timings: dict[str, float] = {}

    @contextmanager
    def stage(name: str, detail: Callable[[], str] = lambda: "") -> Iterator[None]:
        start = time.perf_counter()
        yield
        timings[name] = time.perf_counter() - start
        if report:
            report(name, timings[name], detail())

    with _few_collections() as keep:
        if inputs is None:
            inputs = load_inputs(root, work_dir, stage, address)
        check_published_tip(root, inputs.history, published_manifest)  # the force-push guard
        keep()
        docs_dir = engine.docs_dir(work_dir)
        ctx = BuildContext(
            root, inputs.files, inputs.history, inputs.config, docs_dir, research_tables=inputs.research
        )
        tmp_site = work_dir / "site.tmp"
        staging = work_dir / "beside.tmp"
        pieces = work_dir / "pieces"
        # The search index and the data-only steps need nothing the pages need: they run in one
        # forked process from here on (the feeds and exports, then the search records, then
        # that process becomes Pagefind), beside generating the pages, the engine and the fill.
        search_folder = work_dir / "search"
        with beside.start(ctx, BESIDE_MKDOCS, staging, search_folder) as beside_job:
            with stage("generate", lambda: f"{len(pages)} pages for the engine, {changed} written"):
                if through_engine:
                    pages = generate_pages(ctx)
                else:
                    # Each record's pages are rendered in forked workers and kept as pieces; the
                    # engine renders the site's own pages and one layout per kind of record page.
                    keys, pages = layout.render_records(ctx, pieces)
                    more_keys, site = layout.keep_pieces(site_pages(ctx), pieces, ctx.config.repo_url)
                    made, numbers = layout.layout_pages(keys | more_keys | layout.new_record_keys(keys))
                    pages = {**pages, **site, **made}
                pages.update(_static_files(root / "site_templates" / "assets", urls.ASSETS))
                changed = sync_tree(docs_dir, pages)
                changed += engine.write_overrides(root, work_dir)
            keep()  # the history the pages loaded, for the post-build steps that read it again
            with stage("engine", lambda: engine.ENGINE):
                public = {
                    "site_url": ctx.config.site_url,
                    "repo_url": ctx.config.repo_url,
                    "repo_name": ctx.config.repo_name,
                }
                engine.build(root, work_dir, tmp_site, source_date_epoch(ctx), public)
            if not through_engine:
                with stage("fill", lambda: f"{filled} pages from {len(numbers)} layouts"):
                    layouts = layout.take_layouts(numbers, tmp_site, work_dir)
                    filled = layout.fill_pages(ctx, layouts, pieces, tmp_site)
            with stage("beside", lambda: f"the search index and the steps beside: {searched}"):
                ran_beside, written, searched = beside.finish(beside_job, staging, tmp_site)
        for name, seconds in ran_beside.items():
            timings[name] = seconds
            if report:
                report(name, seconds, "in a process beside the build")
        for step in POST_BUILD:
            with stage(step.__module__.rsplit(".", 1)[-1]):
                run_step(step, ctx, written)  # `written`: every file of the site, by its step
        with stage("swap"):
            swap_into_place(tmp_site, site_dir)
        return timings


@contextmanager
def _few_collections() -> Iterator[Callable[[], None]]:
    """Keeps Python's cyclic garbage collector off the build's own long-lived data.

    A build holds millions of objects for its whole run (entries, their models, history),
    and every full collection walks all of them: at 10,000 entries that was 4 s of loading
    and 6 s of rendering. Collections are made rarer while loading, and what the build keeps
    is frozen (`gc.freeze`, given to the caller as `keep`) so later collections skip it.
    Everything is undone at the end, for the next build in the same process (serve, tests).
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, thresholds[1], thresholds[2])
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


def _static_files(folder: Path, prefix: str) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {
        prefix + p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def source_date_epoch(ctx: BuildContext) -> int:
    """The build's date for the engine (sitemap `lastmod`, the gzip header): from the data, never the clock.

    The newest revision's commit time when history is available, else the newest
    `last_reviewed` date, so two builds of one commit are byte-identical.
    """
    newest_time = newest_change(ctx.history)
    if newest_time is not None:
        return newest_time
    newest = site_day(ctx)
    if newest is None:
        return 0
    return int(datetime.datetime(newest.year, newest.month, newest.day, tzinfo=datetime.UTC).timestamp())


def print_stage(name: str, seconds: float, detail: str) -> None:
    """Prints one stage's timing line to stderr (`registry build` and `serve`)."""
    suffix = f"  ({detail})" if detail else ""
    print(f"  {name:<10} {seconds:7.2f} s{suffix}", file=sys.stderr, flush=True)

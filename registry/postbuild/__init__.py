"""Post-build steps, run in order on MkDocs' output before the swap.

The search index is not one of them: it is built from our own records while MkDocs runs
(search.py) and placed right after it, before these steps. Nor are the steps that need only
the data (feeds, exports, revision addresses): they run beside the build too (beside.py), and their
files are moved into MkDocs' output before these steps run. Steps that make files are
producers (registry.output): they yield `(path, bytes)` and the build's one writer writes
them, keeping the list of every file in the site (a `Site`). Order matters here: steps that
write more HTML (redirect pages) go before the CSP step, which finishes every HTML page not
finished yet (the layout route writes the records' pages finished: registry.layout); the
CSP step is last but one, and the never-404 guard runs last, over the final list of files.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from registry import feeds
from registry.exports import export_files, revisions
from registry.output import Output, Site, producer_name
from registry.postbuild import csp, guard, redirects, sitemap, tip

if TYPE_CHECKING:
    from registry.context import BuildContext

#: A step beside the engine: a producer of files from the data alone.
DataStep = Callable[["BuildContext"], Iterable[Output]]
#: A step after the engine: a producer (returns its files) or a check or rewrite (returns None).
PostBuildStep = Callable[["BuildContext", Site], Iterable[Output] | None]

#: Steps that read only the data, never MkDocs' output: run in a forked process beside page
#: generation and MkDocs (beside.py).
BESIDE_MKDOCS: list[DataStep] = [
    feeds.feed_files,
    export_files,  # EXPORTS: /api/v1/ (JSON, CSV, SQLite, data package)
    revisions.revision_files,  # EXPORTS: /deployments/<id>/revisions/<short>/ of earlier builds, as listed
]


def in_place(step: Callable[[BuildContext, Path], None]) -> PostBuildStep:
    """A step that rewrites files of the site folder in place, as a post-build step."""

    @functools.wraps(step)
    def run(ctx: BuildContext, site: Site) -> None:
        step(ctx, site.folder)

    return run


POST_BUILD: list[PostBuildStep] = [
    redirects.redirect_files,  # EXPORTS: old ids (aliases) -> redirect pages, JSON stubs, feed copies
    sitemap.sitemap_files,  # EXPORTS: sitemap.xml with lastmod from git, robots.txt
    tip.manifest_files,  # /history-manifest.json: the commit built, for the next deploy's force-push guard
    in_place(csp.add_csp),  # the one rewrite of every page not finished yet: pictures, indentation, policy
    guard.check_published_urls,  # EXPORTS: never-404 guard, always last
]


def run_step(step: PostBuildStep, ctx: BuildContext, site: Site) -> None:
    """Runs one post-build step on `site`, writing the files it yields (registry.output)."""
    made = step(ctx, site)
    if made is not None:
        site.write(producer_name(step), made)

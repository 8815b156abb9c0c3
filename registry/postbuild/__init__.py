"""Post-build steps: `(ctx, site_dir) -> None`, run in order on MkDocs' output before the swap.

The search index is not one of them: it is built from our own records while MkDocs runs
(search.py) and placed right after it, before these steps. Nor are the steps that need only
the data (feeds, exports, revision pages): they run beside the build too (beside.py), and their
files are moved into MkDocs' output before these steps run. Order matters here: steps that
write more HTML (redirect pages) go before the CSP step, which finishes every HTML page not
finished yet (the layout route writes the records' pages finished: registry.layout); the
CSP step is last but one, and the never-404 guard runs last, over the final tree.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from registry import feeds
from registry.exports import revisions, write_exports
from registry.postbuild import csp, guard, redirects, sitemap, tip

if TYPE_CHECKING:
    from registry.context import BuildContext

PostBuildStep = Callable[["BuildContext", Path], None]

#: Steps that read only the data, never MkDocs' output: run in a forked process beside page
#: generation and MkDocs (beside.py).
BESIDE_MKDOCS: list[PostBuildStep] = [
    feeds.write_feeds,
    write_exports,  # EXPORTS: /api/v1/ (JSON, CSV, SQLite, data package)
    revisions.write_revisions,  # EXPORTS: /deployments/<id>/revisions/<short>/ (citations' permanent links)
]

POST_BUILD: list[PostBuildStep] = [
    redirects.write_redirects,  # EXPORTS: old ids (aliases) -> redirect pages, JSON stubs, feed copies
    sitemap.write_sitemap,  # EXPORTS: sitemap.xml with lastmod from git, robots.txt
    tip.write_manifest,  # /history-manifest.json: the commit built, for the next deploy's force-push guard
    csp.add_csp,  # the one rewrite of every page not finished yet: pictures, indentation, policy
    guard.check_published_urls,  # EXPORTS: never-404 guard, always last
]

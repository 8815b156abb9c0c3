"""Post-build steps: `(ctx, site_dir) -> None`, run in order on MkDocs' output before the swap.

Order matters. The search index reads the finished HTML, so it runs first. Steps that
write more HTML (redirect pages) go before the CSP step, which must see every HTML page;
the CSP step is last but one, and the never-404 guard runs last, over the final tree.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from registry import feeds
from registry.postbuild import csp, search

if TYPE_CHECKING:
    from registry.build import BuildContext

PostBuildStep = Callable[["BuildContext", Path], None]

POST_BUILD: list[PostBuildStep] = [
    search.index_site,
    feeds.write_feeds,
    csp.add_csp,
]

"""Page generators: each is `(ctx: BuildContext) -> {docs-relative path: file content}`.

The build calls every function in `PAGE_GENERATORS` and writes the union into the docs
tree. A helper that adds a kind of page adds one line here. Two generators claiming the
same path is a bug, so it fails the build rather than letting one page silently win.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from registry.errors import InternalError
from registry.pages import browse, changes, coverage, data, entry, notfound, pictures, requests, site

if TYPE_CHECKING:
    from registry.context import BuildContext

PageGenerator = Callable[["BuildContext"], dict[str, str]]

PAGE_GENERATORS: list[PageGenerator] = [
    entry.entry_pages,
    browse.browse_pages,
    site.site_pages,
    changes.changes_page,
    data.data_pages,  # EXPORTS: /data/, the open-data contract
    pictures.picture_pages,
    notfound.ids_file,  # the 404 page's list of published ids
    requests.request_pages,  # REQUESTS: /deployments/<id>/request/, records-request drafts
    coverage.coverage_pages,  # REQUESTS: /coverage/, where the registry has looked
]


def generate_pages(ctx: BuildContext) -> dict[str, str]:
    """Runs every generator; returns all pages. Raises InternalError (a bug) if two write the same path."""
    pages: dict[str, str] = {}
    for generator in PAGE_GENERATORS:
        for path, content in generator(ctx).items():
            if path in pages:
                raise InternalError(f"two page generators both write {path}")
            pages[path] = content
    return dict(sorted(pages.items()))

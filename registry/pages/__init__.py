"""Page generators: each is `(ctx: BuildContext) -> {docs-relative path: file content}`.

The build calls every function in `PAGE_GENERATORS` and writes the union into the docs
tree. A helper that adds a kind of page adds one line here. Two generators claiming the
same path is a bug, so it fails the build rather than letting one page silently win.

The pages of one record (its entry page, with its records-request drafts, and its history
page) are also made one record at a time, by `RECORD_GENERATORS` through `record_pages`: the layout route
(registry.layout) renders them in forked workers instead of all at once here, and
`SITE_GENERATORS` are the rest, which this process makes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from registry.errors import InternalError
from registry.pages import browse, changes, coverage, data, entry, notfound, pictures, site, vacated

if TYPE_CHECKING:
    from registry.checks.base import EntryFile
    from registry.context import BuildContext

PageGenerator = Callable[["BuildContext"], dict[str, str]]
RecordGenerator = Callable[["BuildContext", "EntryFile"], dict[str, str]]

#: The pages of one record: `(ctx, record) -> {path: page}`; over every record they are
#: what `entry.entry_pages` returns. (The records-request drafts are a section of the entry
#: page, not a page of their own: registry.pages.requests.)
RECORD_GENERATORS: list[RecordGenerator] = [
    entry.record_entry_pages,  # /deployments/<id>/ and, with history, /deployments/<id>/history/
]

SITE_GENERATORS: list[PageGenerator] = [
    browse.browse_pages,
    vacated.vacated_pages,  # country, vendor and operator pages no record lists now: never a 404
    site.site_pages,
    changes.changes_page,
    data.data_pages,  # EXPORTS: /data/, the open-data contract
    pictures.picture_pages,
    notfound.ids_file,  # the 404 page's list of published ids
    coverage.coverage_pages,  # REQUESTS: /coverage/, where the registry has looked
]

PAGE_GENERATORS: list[PageGenerator] = [
    entry.entry_pages,
    *SITE_GENERATORS,
]


def generate_pages(ctx: BuildContext) -> dict[str, str]:
    """Runs every generator; returns all pages. Raises InternalError (a bug) if two write the same path."""
    return _union(generator(ctx) for generator in PAGE_GENERATORS)


def site_pages(ctx: BuildContext) -> dict[str, str]:
    """Every page but the records' own (`SITE_GENERATORS`)."""
    return _union(generator(ctx) for generator in SITE_GENERATORS)


def record_pages(ctx: BuildContext, f: EntryFile) -> dict[str, str]:
    """Every page of one record (`RECORD_GENERATORS`)."""
    return _union(generator(ctx, f) for generator in RECORD_GENERATORS)


def _union(parts: Iterable[dict[str, str]]) -> dict[str, str]:
    pages: dict[str, str] = {}
    for part in parts:
        for path, content in part.items():
            if path in pages:
                raise InternalError(f"two page generators both write {path}")
            pages[path] = content
    return dict(sorted(pages.items()))

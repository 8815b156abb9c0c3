"""The `/data/` page: the open-data contract as readers see it (files, columns, changelog).

Written from the same definitions as the files themselves (`registry.exports.tables` for the
columns, `registry.exports.contract` for the version and changelog), so the page cannot
describe a column the CSV does not have. DATA.md at the repository root says the same for
people reading the code; tests/test_exports.py checks that it names every column.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from registry import urls
from registry.engine import front_matter, markdown_page
from registry.exports.contract import CHANGELOG, DATA_VERSION
from registry.exports.tables import TABLES

if TYPE_CHECKING:
    from registry.context import BuildContext

#: The shapes of a record's files, named inside the open data's folder as the table names files.
_ENTRY_JSON = urls.api_name(urls.entry_json("<id>"))
_REVISION_JSON = urls.api_name(urls.revision_json("<id>", "<short>"))

#: (file under /api/v1/, what it is)
FILES = (
    (
        "deployments.json",
        "Every published record in full, plus tombstones of withdrawn or merged records "
        "and the table of old ids.",
    ),
    (_ENTRY_JSON, "One record with its history: every revision, with field-level changes."),
    (
        _REVISION_JSON,
        "One record as it stood at one revision, as written: for revisions published before "
        f"data version 1.4.0; for any revision, apply the patches in {_ENTRY_JSON}.",
    ),
    ("deployments.csv", "One row per published deployment; the columns are listed below."),
    ("registry.sqlite", "All the tables below in one SQLite database, for sqlite3, Datasette or pandas."),
    ("entry.schema.json", "The JSON Schema of a record (the same file editors use for entries)."),
    ("deployments.schema.json", "The JSON Schema of deployments.json."),
    ("deployment.schema.json", f"The JSON Schema of {_ENTRY_JSON}."),
    ("revision.schema.json", "The JSON Schema of a revision's JSON."),
    ("datapackage.json", "A Frictionless Data Package describing the files, with their sizes and SHA-256."),
)


def data_pages(ctx: BuildContext) -> dict[str, str]:
    """Returns `data/index.md`, the documentation of the open data."""
    body = ctx.env.get_template("data.html.j2").render(
        u=ctx.config.base,
        site_url=ctx.config.site_url,
        version=DATA_VERSION,
        changelog=CHANGELOG,
        files=FILES,
        tables=TABLES,
    )
    front = front_matter(
        "Open data",
        description="The registry as JSON, CSV and SQLite: files, columns, licence and changelog.",
    )
    return {f"{urls.DATA}index.md": markdown_page(front, body)}

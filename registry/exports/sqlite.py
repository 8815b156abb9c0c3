"""`/api/v1/registry.sqlite`: every table of `registry.exports.tables` in one SQLite file.

Researchers can open it directly (`sqlite3`, Datasette, pandas) and join deployments with
their parties, sources, events, image flows and field-level history. The file is
reproducible byte for byte from the same commit and the same SQLite library: a fixed page
size, no journal, rows inserted in sorted order, and a final `VACUUM` that rewrites the file
compactly. Dates stay text as written (`2016-05`), so `substr(date, 1, 4)` gives the year.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from registry.exports.contract import DATA_VERSION
from registry.exports.records import LICENSE, Export
from registry.exports.tables import SQL_TYPES, TABLES, Table

FILE_NAME = "registry.sqlite"
PAGE_SIZE = 4096

#: Indexes for the queries researchers run most (history by field, flows by organisation).
#: Joins on a deployment use the primary keys, which lead with deployment_id.
INDEXES = (
    ("changes", "field"),
    ("flows", "supplier"),
    ("flows", "recipient"),
)


#: Tables kept as ordinary rowid tables. `deployments` has long rows, which SQLite stores
#: better outside a WITHOUT ROWID b-tree; `changes` is read through its index on `field`,
#: which on a WITHOUT ROWID table would repeat the whole primary key in every entry.
ROWID_TABLES = frozenset({"deployments", "changes"})


def create_statement(table: Table) -> str:
    """The CREATE TABLE statement of a table, with its types, primary key and deployment link.

    Other tables are WITHOUT ROWID: their rows are stored once, in primary-key order (so all of
    a deployment's rows sit together), instead of a table plus a copy of the key in an index.
    """
    columns = [f'"{c.name}" {SQL_TYPES[c.type]}' for c in table.columns]
    rowid = table.name in ROWID_TABLES
    if table.primary_key and not (rowid and table.name == "changes"):
        columns.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in table.primary_key) + ")")
    if table.foreign_key:
        columns.append(f'FOREIGN KEY ("{table.foreign_key}") REFERENCES deployments (id)')
    suffix = "" if rowid or not table.primary_key else " WITHOUT ROWID"
    return f'CREATE TABLE "{table.name}" (\n  ' + ",\n  ".join(columns) + "\n)" + suffix


def write_sqlite(export: Export, path: Path) -> None:
    """Writes the database to `path` (replacing it): tables, rows, indexes, then VACUUM."""
    tmp = path.with_name(path.name + ".tmp")
    if tmp.exists():
        tmp.unlink()
    db = sqlite3.connect(tmp, isolation_level=None)
    try:
        db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute(f"PRAGMA user_version = {int(DATA_VERSION.split('.')[0])}")
        db.execute("BEGIN")
        db.execute('CREATE TABLE "meta" ("key" TEXT PRIMARY KEY, "value" TEXT)')
        db.executemany('INSERT INTO "meta" VALUES (?, ?)', sorted(_meta(export).items()))
        for table in TABLES:
            db.execute(create_statement(table))
            marks = ", ".join("?" * len(table.columns))
            db.executemany(f'INSERT INTO "{table.name}" VALUES ({marks})', table.rows(export))
        for table_name, column in INDEXES:
            db.execute(f'CREATE INDEX "{table_name}_{column}" ON "{table_name}" ("{column}")')
        db.execute("COMMIT")
        db.execute("VACUUM")
    finally:
        db.close()
    os.replace(tmp, path)


def _meta(export: Export) -> dict[str, str]:
    return {
        "data_version": DATA_VERSION,
        "license": LICENSE["name"],
        "site": export.site_url,
        "repository": export.repo_url,
        "commit": export.head or "",
        "as_of": export.as_of.isoformat() if export.as_of else "",
        "documentation": f"{export.site_url}data/",
    }

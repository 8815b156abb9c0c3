"""`/api/v1/registry.sqlite`: the tables of `registry.exports.tables`, stored normalised, read as views.

Researchers open it directly (`sqlite3`, Datasette, pandas). Every published table
(`deployments`, `parties`, `sources`, `events`, `watchlists`, `flows`, `measures`, `penalties`,
`revisions`, `changes`)
is a VIEW with exactly its documented columns and rows, so a query written for the tables of
DATA.md runs as it is. Underneath, each is stored once, compactly (`STORED`):

- a record is `records.record_key`, a small integer; its text id is stored once, in `records`;
- a commit (sha, day, author, subject, pull request) is stored once, in `commits`, and every
  revision and change points at it with `commit_key`;
- an organisation's name is stored once, in `organisations` (operators, parties, publishers,
  event actors, suppliers and recipients), and a vocabulary value once, in `terms`;
- what can be computed is not stored: a record's `url` (from `meta.site`), a revision's `short`
  id, and `id_at_revision` when it is the record's current id (stored NULL then).

Why: the same facts repeated on every row made the file 62.5 MB at 10,000 records; the budget
is 50 MB. The file is reproducible byte for byte from the same commit and the same SQLite
library: a fixed page size, no journal, keys numbered in sorted order, rows inserted in a fixed
order, and a final `VACUUM` that rewrites the file compactly. Dates stay text as written
(`2016-05`), so `substr(date, 1, 4)` gives the year.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from registry import urls
from registry.exports.contract import DATA_VERSION
from registry.exports.records import LICENSE, Export
from registry.exports.sqlite_storage import (  # noqa: F401 (re-exported for the tests and DATA.md)
    AS_PUBLISHED,
    COMMIT_KEY,
    LOOKUP_KEYS,
    LOOKUP_VALUES,
    LOOKUPS,
    STORED,
    UNIQUE_INDEXES,
    Keys,
    Ref,
    Stored,
)
from registry.exports.tables import SQL_TYPES, TABLES_BY_NAME, Table

FILE_NAME = "registry.sqlite"
PAGE_SIZE = 4096

# --- The SQL ---


def create_table(stored: Stored) -> str:
    """The CREATE TABLE statement of a stored table, with its keys and references."""
    lines = [f'"{name}" {kind}' for name, kind, _ in stored.columns()]
    if stored.name != "records":
        lines.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in stored.primary_key) + ")")
    for name, _, _ in stored.columns():
        if name == "record_key" and stored.name != "records":
            lines.append('FOREIGN KEY ("record_key") REFERENCES records (record_key)')
        elif name == "commit_key":
            lines.append('FOREIGN KEY ("commit_key") REFERENCES commits (commit_key)')
    for column in stored.table.columns:
        codec = stored.codec(column)
        if isinstance(codec, Ref):
            key = LOOKUP_KEYS[codec.lookup]
            lines.append(f'FOREIGN KEY ("{column.name}_key") REFERENCES {codec.lookup} ({key})')
    suffix = " WITHOUT ROWID" if stored.without_rowid else ""
    return f'CREATE TABLE "{stored.name}" (\n  ' + ",\n  ".join(lines) + "\n)" + suffix


def create_view(stored: Stored) -> str:
    """The CREATE VIEW statement that gives a stored table its published columns back."""
    columns = stored.table.columns
    select = [f'{stored.codec(c).select(c)} AS "{c.name}"' for c in columns]
    joins = []
    if stored.name != "records":
        joins.append("JOIN records AS r ON r.record_key = t.record_key")
    if any(stored.codec(c) == COMMIT_KEY for c in columns):
        joins.append("JOIN commits AS c ON c.commit_key = t.commit_key")
    joins += [j for c in columns if (j := stored.codec(c).join(c)) is not None]
    return (
        f'CREATE VIEW "{stored.published}" AS SELECT\n  '
        + ",\n  ".join(select)
        + f'\nFROM "{stored.name}" AS t\n'
        + "\n".join(joins)
    ).rstrip("\n")


def _create_published(table: Table) -> str:
    columns = [f'"{c.name}" {SQL_TYPES[c.type]}' for c in table.columns]
    columns.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in table.primary_key) + ")")
    return f'CREATE TABLE "{table.name}" (\n  ' + ",\n  ".join(columns) + "\n) WITHOUT ROWID"


def _create_lookup(name: str) -> str:
    _, columns = LOOKUPS[name]
    lines = [f'"{n}" {kind}' for n, kind, _ in columns]
    if name == "terms":
        lines.append('UNIQUE ("vocabulary", "value")')
    return f'CREATE TABLE "{name}" (\n  ' + ",\n  ".join(lines) + "\n)"


def storage_markdown() -> str:
    """The stored tables and their columns as Markdown, for DATA.md (checked by tests/test_exports.py)."""
    out = []
    for name, (description, columns) in LOOKUPS.items():
        out.append(f"#### `{name}`\n\n{description}\n")
        out.append("| column | SQL type | meaning |\n|---|---|---|")
        out += [f"| `{n}` | {kind} | {meaning.replace('|', '/')} |" for n, kind, meaning in columns]
        out.append("")
    for stored in STORED:
        out.append(f"#### `{stored.name}`\n")
        about = f"Stores the view `{stored.published}`; primary key ({', '.join(stored.primary_key)})"
        about += "".join(f", unique index on {c}" for t, c in UNIQUE_INDEXES if t == stored.name) + "."
        computed = [f"`{c.name}`" for c in stored.table.columns if stored.codec(c).stored(c) is None]
        if computed:
            about += f" The view computes or looks up {', '.join(computed)}."
        out.append(about + "\n")
        out.append("| column | SQL type | meaning |\n|---|---|---|")
        out += [f"| `{n}` | {kind} | {meaning.replace('|', '/')} |" for n, kind, meaning in stored.columns()]
        out.append("")
    return "\n".join(out)


# --- The rows ---


def stored_rows(stored: Stored, rows: Iterable[tuple[Any, ...]], keys: Keys) -> Iterable[tuple[Any, ...]]:
    """The published rows of a table as rows of its stored table, in the same order.

    That order is the published one (by record id, then position in the record), and the keys
    follow it: records are numbered in id order, commits in the order of the branch.
    """
    plan = [
        (i, codec.encoder(keys))
        for i, c in enumerate(stored.table.columns)
        if (codec := stored.codec(c)).stored(c)
    ]
    records = stored.published == "deployments"
    id_at = stored.table.names.index("id" if records else "deployment_id")
    for row in rows:
        record_id = row[id_at]
        values = [row[i] if encode is None else encode(row[i], record_id) for i, encode in plan]
        yield (keys.records[record_id], *values) if records else tuple(values)


# --- The file ---


def sqlite_bytes(export: Export) -> bytes:
    """The database file: tables, rows, index, views, then VACUUM; returned whole.

    The site's one writer (registry.output) writes it like every other file. It is built in a
    scratch file, not in memory: an in-memory database leaves the header's change counter and
    SQLite version at zero, so its bytes (`Connection.serialize`) would differ from the file
    published so far.
    """
    published = {s.published: list(s.table.rows(export)) for s in STORED}
    keys = Keys(export, published)
    scratch = tempfile.mkdtemp(prefix="registry-sqlite-")
    db = sqlite3.connect(Path(scratch) / FILE_NAME, isolation_level=None)
    try:
        db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute(f"PRAGMA user_version = {int(DATA_VERSION.split('.')[0])}")
        db.execute("BEGIN")
        db.execute('CREATE TABLE "meta" ("key" TEXT PRIMARY KEY, "value" TEXT)')
        db.executemany('INSERT INTO "meta" VALUES (?, ?)', sorted(_meta(export).items()))
        for name, rows in keys.lookup_rows().items():
            db.execute(_create_lookup(name))
            _insert(db, name, rows)
        for stored in STORED:
            db.execute(create_table(stored))
            _insert(db, stored.name, stored_rows(stored, published[stored.published], keys))
        for name in AS_PUBLISHED:
            table = TABLES_BY_NAME[name]
            db.execute(_create_published(table))
            _insert(db, name, table.rows(export))
        for table_name, column in UNIQUE_INDEXES:
            db.execute(f'CREATE UNIQUE INDEX "{table_name}_{column}" ON "{table_name}" ("{column}")')
        for stored in STORED:
            db.execute(create_view(stored))
        db.execute("COMMIT")
        db.execute("VACUUM")
        return db.serialize()
    finally:
        db.close()
        shutil.rmtree(scratch)


def _insert(db: sqlite3.Connection, table: str, rows: Iterable[tuple[Any, ...]]) -> None:
    marks = ", ".join("?" * len(_columns(db, table)))
    db.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]


def _meta(export: Export) -> dict[str, str]:
    return {
        "data_version": DATA_VERSION,
        "license": LICENSE["name"],
        "site": export.site_url,
        "repository": export.repo_url,
        "commit": export.head or "",
        "as_of": export.as_of.isoformat() if export.as_of else "",
        "documentation": f"{export.site_url}{urls.DATA}",
    }

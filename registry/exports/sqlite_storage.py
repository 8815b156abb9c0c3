"""How each published table of the SQLite export is stored: codecs, the STORED declaration, keys.

Split from registry.exports.sqlite, which turns this declaration into SQL and writes the file.
A published column is stored as it is, or through a `Codec`: a record id as `record_key`, a
commit as `commit_key`, an organisation's name or a vocabulary value as a key into a lookup
table, or not at all when the view can compute it. `Keys` numbers records, commits,
organisations and terms in a fixed order, so the same commit always makes the same file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from registry import urls
from registry.exports.records import Export
from registry.exports.tables import SQL_TYPES, TABLES_BY_NAME, Column, Table

#: (published value, the row's record id) -> stored value
Encoder = Callable[[Any, str], Any]


# --- How a published column is stored ---


@dataclass(frozen=True)
class Codec:
    """How one published column is stored; the default stores it as it is, under its name."""

    def stored(self, column: Column) -> tuple[str, str, str] | None:
        """(stored name, SQL type, description) of the stored column, or None when not stored."""
        return column.name, SQL_TYPES[column.type], column.description

    def select(self, column: Column) -> str:
        """The view's expression for the published column (`t` is the stored table)."""
        return f't."{column.name}"'

    def join(self, column: Column) -> str | None:
        """The JOIN the view needs for this column, if any."""
        return None

    def encoder(self, keys: Keys) -> Encoder | None:
        """(published value, the row's record id) -> stored value; None to store it as it is."""
        return None


AS_IS = Codec()


@dataclass(frozen=True)
class KeyOf(Codec):
    """A record id or a commit sha, stored as its integer key; the view reads it back from the join."""

    name: str  # the stored column
    expression: str  # the published value, over the joined `records` (`r`) or `commits` (`c`)
    description: str
    keys: str  # which numbering of `Keys`: records | commits

    def stored(self, column: Column) -> tuple[str, str, str]:
        return self.name, "INTEGER NOT NULL", self.description

    def select(self, column: Column) -> str:
        return self.expression

    def encoder(self, keys: Keys) -> Encoder:
        found: dict[str, int] = getattr(keys, self.keys)
        return lambda value, record_id: found[value]


#: `deployment_id`: the record's `record_key`.
RECORD_KEY = KeyOf("record_key", "r.id", "The record (records.record_key).", "records")
#: A revision's `sha`: its `commit_key`.
COMMIT_KEY = KeyOf("commit_key", "c.sha", "The commit (commits.commit_key).", "commits")


@dataclass(frozen=True)
class Computed(Codec):
    """A value the view computes from stored ones, so it is not stored."""

    expression: str

    def stored(self, column: Column) -> None:
        return None

    def select(self, column: Column) -> str:
        return self.expression


@dataclass(frozen=True)
class FromCommit(Computed):
    """A fact of the commit (day, author, subject...): stored once, in `commits` (`c`)."""


@dataclass(frozen=True)
class UnlessRecordId(Codec):
    """Text that is usually the record's current id: stored only when it differs (else NULL)."""

    def stored(self, column: Column) -> tuple[str, str, str]:
        return column.name, "TEXT", f"{column.description} NULL when it is the current id."

    def select(self, column: Column) -> str:
        return f'coalesce(t."{column.name}", r.id)'

    def encoder(self, keys: Keys) -> Encoder:
        return lambda value, record_id: None if value == record_id else value


@dataclass(frozen=True)
class Ref(Codec):
    """Text stored once in a lookup table (`organisations` or `terms`), here as its key."""

    lookup: str  # organisations | terms
    vocabulary: str | None = None  # for terms: which vocabulary the values come from

    def stored(self, column: Column) -> tuple[str, str, str]:
        where = f"{self.lookup}.{LOOKUP_KEYS[self.lookup]}"
        if self.vocabulary:
            where += f", vocabulary {self.vocabulary}"
        return f"{column.name}_key", "INTEGER", f"The {column.name}: its key ({where})."

    def select(self, column: Column) -> str:
        return f'"{column.name}".{LOOKUP_VALUES[self.lookup]}'

    def join(self, column: Column) -> str:
        key = LOOKUP_KEYS[self.lookup]
        return f'LEFT JOIN {self.lookup} AS "{column.name}" ON "{column.name}".{key} = t."{column.name}_key"'

    def encoder(self, keys: Keys) -> Encoder:
        if self.vocabulary is None:
            found = keys.organisations
        else:
            found = {
                value: key for (vocabulary, value), key in keys.terms.items() if vocabulary == self.vocabulary
            }
        return lambda value, record_id: None if value is None else found[value]


ORG = Ref("organisations")
LOOKUP_KEYS = {"organisations": "organisation_key", "terms": "term_key"}
LOOKUP_VALUES = {"organisations": "name", "terms": "value"}


def term(vocabulary: str) -> Ref:
    return Ref("terms", vocabulary)


YES_NO, UNKNOWN = term("yes_no"), term("unknown_reason")


@dataclass(frozen=True)
class Stored:
    """A published table (a view in the file) and the table that stores it."""

    published: str
    name: str
    primary_key: tuple[str, ...]  # stored column names
    codecs: dict[str, Codec]  # published column -> codec; a column not named is stored as it is
    without_rowid: bool = True

    @property
    def table(self) -> Table:
        return TABLES_BY_NAME[self.published]

    def codec(self, column: Column) -> Codec:
        return self.codecs.get(column.name, AS_IS)

    def columns(self) -> list[tuple[str, str, str]]:
        """(name, SQL type, description) of every stored column, in order."""
        found = [self.codec(c).stored(c) for c in self.table.columns]
        columns = [c for c in found if c is not None]
        if self.published == "deployments":
            key = ("record_key", "INTEGER PRIMARY KEY", "The record's key in every stored table.")
            columns.insert(0, key)
        return columns


_REVISION_COMMIT = {
    "sha": COMMIT_KEY,
    "short": FromCommit("substr(c.sha, 1, 12)"),
    "date": FromCommit("c.date"),
}

#: A record's page (registry.urls) around its id, for the `url` column computed in SQL.
_BEFORE_ID, _AFTER_ID = urls.entry_page("\x00").split("\x00")

#: The stored tables, in the order of TABLES. `records` has long rows (680 bytes on average at
#: 10,000 records: summaries, legal bases) and an integer key, so it is a rowid table. The others
#: are WITHOUT ROWID: their rows (60 to 260 bytes) are stored once, in primary-key order, so a
#: record's rows sit together; for `record_sources`, the longest, that measured 20.9 MB against
#: 21.2 MB as a rowid table (22.2 MB with the index its primary key then needs).
STORED: tuple[Stored, ...] = (
    Stored(
        "deployments",
        "records",
        ("record_key",),
        {
            "url": Computed(
                f"(SELECT value FROM meta WHERE key = 'site') || '{_BEFORE_ID}' || t.id || '{_AFTER_ID}'"
            ),
            "place_type": term("place_type"),
            "coordinate_precision": term("coordinate_precision"),
            "operator": ORG,
            "operator_sector": term("sector"),
            "operator_kind": term("operator_kind"),
            "fr_mode": term("fr_mode"),
            "cameras_unknown": UNKNOWN,
            "cameras_installed_unknown": UNKNOWN,
            "human_review": YES_NO,
            "status": term("status"),
            "started_unknown": UNKNOWN,
            "ended_unknown": UNKNOWN,
            "legal_basis_unknown": UNKNOWN,
            "legal_basis_documented": YES_NO,
            "dpia": YES_NO,
            "dpia_published": YES_NO,
            "signage": YES_NO,
            "outcomes_unknown": UNKNOWN,
        },
        without_rowid=False,
    ),
    Stored(
        "parties",
        "record_parties",
        ("record_key", "position"),
        {
            "deployment_id": RECORD_KEY,
            "name": ORG,
            "name_unknown": UNKNOWN,
            "role": term("party_role"),
            "sector": term("sector"),
            "kind": term("operator_kind"),
        },
    ),
    Stored(
        "sources",
        "record_sources",
        ("record_key", "source_id"),
        {
            "deployment_id": RECORD_KEY,
            "publisher": ORG,
            "published_unknown": UNKNOWN,
            "type": term("source_type"),
        },
    ),
    Stored(
        "events",
        "record_events",
        ("record_key", "position"),
        {"deployment_id": RECORD_KEY, "type": term("event_type"), "actor": ORG},
    ),
    Stored(
        "watchlists",
        "record_watchlists",
        ("record_key", "position"),
        {
            "deployment_id": RECORD_KEY,
            "compiled_by": ORG,
            "compiled_by_unknown": UNKNOWN,
            "size_unknown": UNKNOWN,
            "agreement_documented": YES_NO,
            "agreement_published": YES_NO,
            "retention_unknown": UNKNOWN,
        },
    ),
    Stored(
        "flows",
        "record_flows",
        ("record_key", "position"),
        {"deployment_id": RECORD_KEY, "kind": term("flow_kind"), "supplier": ORG, "recipient": ORG},
    ),
    Stored(
        "measures",
        "record_measures",
        ("record_key", "position"),
        {"deployment_id": RECORD_KEY, "metric": term("metric"), "value_unknown": UNKNOWN},
    ),
    Stored(
        "penalties",
        "record_penalties",
        ("record_key", "investigation", "position"),
        {
            "deployment_id": RECORD_KEY,
            "body": ORG,
            "kind": term("penalty_kind"),
            "date_unknown": UNKNOWN,
            "status": term("penalty_status"),
        },
    ),
    Stored(
        "revisions",
        "record_revisions",
        ("record_key", "position"),
        {
            "deployment_id": RECORD_KEY,
            **_REVISION_COMMIT,
            "kind": term("revision_kind"),
            "id_at_revision": UnlessRecordId(),
            "author": FromCommit("c.author"),
            "subject": FromCommit("c.subject"),
            "pull_request": FromCommit("c.pull_request"),
        },
    ),
    Stored(
        "changes",
        "record_changes",
        ("record_key", "commit_key", "position"),
        {"deployment_id": RECORD_KEY, **_REVISION_COMMIT, "kind": term("change_kind")},
    ),
)

#: Tables stored as published (small, no repeated facts).
AS_PUBLISHED = ("tombstones", "aliases")

#: The one index the documented queries need: a record by its text id. Joining two published
#: views on `deployment_id` (DATA.md's example) compares `records.id`; without this index SQLite
#: may scan `records` once per row (3.6 s instead of 10 ms at 10,000 records). Every other join
#: follows an integer primary key. No index on `changes.field`: at 10,000 records scanning the
#: history takes about 10 ms, and the index would cost 1.3 MB.
UNIQUE_INDEXES = (("records", "id"),)

LOOKUPS = {
    "commits": (
        "Every commit that changed a published record, once: the revisions and changes point "
        "at it. Numbered in the order of the main branch (1 is the oldest).",
        (
            ("commit_key", "INTEGER PRIMARY KEY", "The commit's key."),
            ("sha", "TEXT NOT NULL", "The commit id."),
            ("date", "TEXT NOT NULL", "Day the commit was merged into the registry (UTC)."),
            ("author", "TEXT", "The commit's author name, as given (unverified)."),
            ("subject", "TEXT", "The commit's subject or pull-request title."),
            ("pull_request", "INTEGER", "The pull request number, when the commit names one."),
        ),
    ),
    "organisations": (
        "Every organisation named in a published record, once: operators, parties, source "
        "publishers, event actors, watchlist compilers, suppliers and recipients.",
        (
            ("organisation_key", "INTEGER PRIMARY KEY", "The organisation's key (names in sorted order)."),
            ("name", "TEXT NOT NULL UNIQUE", "The name, as written in the records."),
        ),
    ),
    "terms": (
        "Every vocabulary value used, once: statuses, kinds, roles, source and event types, "
        "yes/no/unknown answers, reasons a fact is unknown.",
        (
            ("term_key", "INTEGER PRIMARY KEY", "The value's key (in sorted order)."),
            ("vocabulary", "TEXT NOT NULL", "Which vocabulary: status, fr_mode, yes_no, source_type..."),
            ("value", "TEXT NOT NULL", "The value, as in the published tables."),
        ),
    ),
}


class Keys:
    """The keys of records, commits, organisations and terms: 1, 2, 3... in a fixed order.

    Records in id order (the order of `export.records`), commits in the order of the main
    branch, organisations by name, terms by vocabulary and value: the same commit always gets
    the same keys, so the file stays reproducible.
    """

    def __init__(self, export: Export, published: dict[str, list[tuple[Any, ...]]]) -> None:
        self.records = {r.id: n for n, r in enumerate(export.records, start=1)}
        line = {rev.sha: rev.index for r in export.records for rev in r.revisions}
        names = TABLES_BY_NAME["revisions"].names
        fields = [names.index(n) for n in ("sha", "date", "author", "subject", "pull_request")]
        facts = {row[fields[0]]: tuple(row[i] for i in fields) for row in published["revisions"]}
        ordered = sorted(facts, key=lambda sha: (line[sha], sha))
        self.commit_rows = [(n, *facts[sha]) for n, sha in enumerate(ordered, start=1)]
        self.commits = {sha: n for n, sha in enumerate(ordered, start=1)}
        organisations: set[str] = set()
        terms: set[tuple[str, str]] = set()
        for stored in STORED:
            rows = published[stored.published]
            for i, column in enumerate(stored.table.columns):
                codec = stored.codec(column)
                if not isinstance(codec, Ref):
                    continue
                values = {row[i] for row in rows} - {None}
                if codec.vocabulary is None:
                    organisations |= values
                else:
                    terms |= {(codec.vocabulary, value) for value in values}
        self.organisations = {name: n for n, name in enumerate(sorted(organisations), start=1)}
        self.terms = {pair: n for n, pair in enumerate(sorted(terms), start=1)}

    def lookup_rows(self) -> dict[str, list[tuple[Any, ...]]]:
        return {
            "commits": self.commit_rows,
            "organisations": [(n, name) for name, n in self.organisations.items()],
            "terms": [(n, *pair) for pair, n in self.terms.items()],
        }

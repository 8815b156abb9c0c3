"""The registry as flat tables: one definition used by the CSV, the SQLite file (where each is
a view over normalised tables, registry.exports.sqlite), the data package's Table Schema, the
`/data/` page and the DATA.md test.

Why one definition: a column documented in one place and written in another drifts. Each
`Column` carries its name, its type and the sentence that documents it; each `Table` knows
how to make its rows (registry.exports.rows) from the export view. Conventions, stated once
in DATA.md: a fact that is known to be unknown leaves its value empty and gives the reason
in `<name>_unknown` (`not_recorded`, `withheld`, `not_requested`, `not_found`); dates are
written as precisely as they are known (`2016`, `2016-05`, `2016-05-04`); lists inside a
cell are JSON arrays.
"""

# ruff: noqa: E501  (one line per column: the column docs read as a table)
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from registry.exports import rows
from registry.exports.columns import DEPLOYMENT_COLUMNS, Column, parse_columns
from registry.exports.records import Export

__all__ = ["SQL_TYPES", "TABLES", "TABLES_BY_NAME", "Column", "Table", "columns_markdown"]

SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL"}


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[Export], Iterator[tuple[Any, ...]]]
    primary_key: tuple[str, ...] = ()
    foreign_key: str | None = None  # a column that names a deployment id

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


TABLES: tuple[Table, ...] = (
    Table(
        "deployments",
        "One row per published deployment record.",
        DEPLOYMENT_COLUMNS,
        rows.deployments,
        ("id",),
    ),
    Table(
        "parties",
        "Every organisation named in a record with its role; "
        "the operator is position 0 with role 'operator'.",
        parse_columns("""
deployment_id string The record's id.
position integer Order in the record (0 is the operator).
name string The organisation's name.
name_unknown string Why the name is unknown (an unnamed vendor), when it is.
role string operator, or a party role: vendor, site_manager, image_supplier, oversight...
sector string The operator's sector (operator row only).
kind string The operator's kind (operator row only).
product string The product, for a vendor.
product_unknown string Why the product is unknown, when it is (since 1.1.0).
note string A note on the organisation's role.
sources string JSON array of the source ids that support it.
country string The organisation's country (ISO 3166-1), when the record names one other than its own: a foreign regulator, image supplier or operator (since 1.5.0).
"""),
        rows.parties,
        ("deployment_id", "position"),
        "deployment_id",
    ),
    Table(
        "sources",
        "Every source of every published record.",
        parse_columns("""
deployment_id string The record's id.
source_id string The source's id within the record (s1, s2...); claims cite it.
url string Address of the document, when it has one.
title string Title of the document.
title_kind string {TitleKind}: a descriptive title was written by the researchers, and the site shows it in [brackets] (since 1.1.0).
publisher string Who published it.
original_publisher string The original outlet of a syndicated or republished copy (since 1.1.0).
author string Author, when given.
published string When it was published (a partial date).
published_unknown string Why the publication date is unknown, when it is.
published_qualifier string approximate, or inferred (from the text, not stated by the source), when the date is not as published (since 1.1.0).
accessed string When it was read.
archive_url string An archived copy.
type string Kind of source: news, court, regulator, foi_response... (source-type vocabulary).
language string ISO 639-1 language code.
supports string What the source supports, in a few words.
"""),
        rows.sources,
        ("deployment_id", "source_id"),
        "deployment_id",
    ),
    Table(
        "events",
        "Dated events: announcements, investigations, rulings, statements, corrections...",
        parse_columns("""
deployment_id string The record's id.
position integer Order in the record.
date string When it happened (a partial date).
date_unknown string Why the date is unknown, when it is (since 1.1.0).
date_qualifier string approximate or inferred when the date is not as published (since 1.1.0).
type string Kind of event (event-type vocabulary).
actor string Who acted, when given.
summary string What happened.
sources string JSON array of the source ids that support it.
"""),
        rows.events,
        ("deployment_id", "position"),
        "deployment_id",
    ),
    Table(
        "watchlists",
        "Watchlists: who compiled them, whose images went to whom, how many, under what agreement.",
        parse_columns("""
deployment_id string The record's id.
position integer Order in the record.
name string The watchlist's name.
compiled_by string Who compiled it.
compiled_by_unknown string Why that is unknown, when it is.
supplied_by string JSON array of the organisations that supplied images.
received_by string JSON array of the organisations that received them.
received_by_unknown string Why the recipients are unknown, when they are (since 1.1.0).
criteria string Who could be put on it, verbatim where possible.
size integer How many people or images, when a single number is given; see size_qualifier.
size_qualifier string How exact size is: {Qualifier}, or range (then see size_min and size_max). Since 1.1.0.
size_min integer The smaller end of a range (since 1.1.0).
size_max integer The larger end of a range (since 1.1.0).
size_unknown string Why the size is unknown, when it is.
size_as_of string When the size was reported.
period_start string Start of the period the watchlist was used.
period_end string End of that period.
source_databases string JSON array of the databases the images came from.
source_databases_unknown string Why the databases are unknown, when they are (since 1.1.0).
agreement string The agreement behind the sharing.
agreement_documented string Whether it was documented: {YesNo}.
agreement_published string Whether it was published: {YesNo}.
retention string How long images were kept.
retention_unknown string Why that is unknown, when it is.
note string A note on the watchlist (since 1.1.0).
sources string JSON array of the source ids that support it.
"""),
        rows.watchlists,
        ("deployment_id", "position"),
        "deployment_id",
    ),
    Table(
        "flows",
        "Directed image and data flows between organisations: one row per supplier and "
        "recipient of a watchlist, plus every other data flow.",
        parse_columns("""
deployment_id string The record's id.
position integer Order within the record.
kind string watchlist_images (from a watchlist's supplied_by and received_by) or data (alerts, match data...).
supplier string The organisation the images or data came from.
recipient string The organisation they went to.
what string The watchlist's name, or what data went, in the record's words (which may say it was seized, not shared).
period_start string Start of the flow, when given.
period_end string End of the flow, when given.
sources string JSON array of the source ids that support it.
"""),
        rows.flows,
        ("deployment_id", "position"),
        "deployment_id",
    ),
    Table(
        "measures",
        "Reported figures (alerts, arrests, faces scanned...), each as exact as its source, "
        "with its base when it is a rate (since 1.1.0).",
        parse_columns("""
deployment_id string The record's id.
position integer Order in the record.
metric string What is counted: {Metric}.
value integer The count, when a single number is given; see value_qualifier.
value_qualifier string How exact value is: {Qualifier}, or range (then see value_min and value_max).
value_min integer The smaller end of a range.
value_max integer The larger end of a range.
value_unknown string Why the count is unknown, when it is.
percent number A published percentage (0 to 100), when one is given.
out_of integer The base of a rate (the denominator), when given; see out_of_qualifier.
out_of_qualifier string How exact out_of is, as for value_qualifier.
out_of_min integer The smaller end of a range of the base.
out_of_max integer The larger end of a range of the base.
out_of_metric string What the base counts, such as alerts.
text string The figure in words, as on the page: "8 of 42 alerts (19%)", "about 200".
period_start string Start of the period it covers, when given.
period_end string End of that period.
note string A note on the figure.
sources string JSON array of the source ids that support it.
"""),
        rows.measures,
        ("deployment_id", "position"),
        "deployment_id",
    ),
    Table(
        "penalties",
        "Sanctions of investigations (fines, periodic penalties, orders, bans...) with what became "
        "of them; a 1.0 fine is one row with kind fine and status unknown (since 1.1.0).",
        parse_columns("""
deployment_id string The record's id.
investigation integer The investigation's position in the record.
position integer Order within the investigation.
body string The body that investigated.
kind string {PenaltyKind}.
amount integer The amount, when there is one.
currency string ISO 4217 code of the amount.
date string When it was imposed (a partial date).
date_unknown string Why the date is unknown, when it is.
date_qualifier string approximate or inferred when the date is not as published.
status string What became of it: {PenaltyStatus}.
note string A note on it.
sources string JSON array of the source ids that support it (the investigation's when it names none).
"""),
        rows.penalties,
        ("deployment_id", "investigation", "position"),
        "deployment_id",
    ),
    Table(
        "revisions",
        "Every revision of every published record: one commit on the main branch that changed it.",
        parse_columns("""
deployment_id string The record's current id.
position integer 0 for the oldest revision.
sha string The commit id.
short string The 12-digit short id used in revision URLs.
date string Day the commit was merged into the registry (UTC).
kind string created, changed, renamed, withdrawn, merged, restored or deleted.
id_at_revision string The record's id at that revision (differs after a rename).
author string The commit's author name, as given (unverified).
subject string The commit's subject or pull-request title.
pull_request integer The pull request number, when the commit names one.
"""),
        rows.revisions,
        ("deployment_id", "sha"),
        "deployment_id",
    ),
    Table(
        "changes",
        "Field-level history: every change of every revision, in plain language (redactions applied).",
        parse_columns("""
deployment_id string The record's current id.
sha string The commit of the revision (join to revisions.sha).
date string Day of the revision.
position integer Order within the revision.
kind string set, changed, removed, added, reordered or formatting.
field string Dotted path of the field: timeline.status, sources.s4.title...
text string The change in words: "status changed from Active to Ended".
old string The old text, for long free-text changes.
new string The new text, for long free-text changes.
"""),
        rows.changes,
        ("deployment_id", "sha", "position"),
        "deployment_id",
    ),
    Table(
        "tombstones",
        "Records that are no longer published: what happened, when and why, never their content.",
        parse_columns("""
id string The record's permanent id; its page still exists.
status string The record's status: withdrawn, merged or under_review.
date string When it was withdrawn.
reason string Why it was withdrawn.
merged_into string The record it was merged into.
"""),
        rows.tombstones,
        ("id",),
    ),
    Table(
        "aliases",
        "Earlier ids of records; their URLs redirect to the current id.",
        parse_columns("""
alias string The earlier id.
deployment_id string The record's current id.
"""),
        rows.aliases,
        ("alias",),
    ),
)

TABLES_BY_NAME = {t.name: t for t in TABLES}


def columns_markdown() -> str:
    """Every table and column as Markdown tables, for DATA.md (checked by tests/test_exports.py)."""
    out = []
    for t in TABLES:
        out.append(f"### `{t.name}`\n\n{t.description}\n\n| column | type | meaning |\n|---|---|---|")
        out += [f"| `{c.name}` | {c.type} | {c.description.replace('|', '/')} |" for c in t.columns]
        out.append("")
    return "\n".join(out)

"""The rows of every table in `registry.exports.tables`, made from the export view.

One function per table, each yielding tuples in the order of that table's columns and in a
stable order (records by id, then their position in the record), so the CSV and the SQLite
file come out byte-identical from the same commit. Values are plain: text, integers, floats
or None; an `Unknown` becomes None plus its reason in the matching `_unknown` column.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from registry.exports.records import Export, PublicRecord
from registry.types import Unknown


def split_unknown(value: Any) -> tuple[Any, str | None]:
    """(value, None) for a known fact, (None, reason) for an Unknown, (None, None) when absent."""
    if isinstance(value, Unknown):
        return None, value.unknown
    if value is None:
        return None, None
    return (value if isinstance(value, int | float) else str(value)), None


def json_list(values: list[Any]) -> str:
    """A list inside a cell: a JSON array of strings."""
    return json.dumps([str(v) for v in values], ensure_ascii=False)


def deployment_row(record: PublicRecord, export: Export) -> tuple[Any, ...]:
    """One published record as a row of DEPLOYMENT_COLUMNS, in order."""
    e = record.entry
    coords = e.place.coordinates
    vendors = e.vendors
    cameras, cameras_unknown = split_unknown(e.system.cameras)
    started, started_unknown = split_unknown(e.timeline.start)
    ended, ended_unknown = split_unknown(e.timeline.end)
    basis, basis_unknown = split_unknown(e.legal.basis)
    latest = record.latest
    return (
        e.id,
        export.page_url(e.id),
        e.title,
        e.summary,
        e.place.country,
        e.place.region,
        e.place.city,
        e.place.name,
        e.place.type,
        coords.lat if coords else None,
        coords.lon if coords else None,
        coords.precision if coords else None,
        e.operator.name,
        e.operator.sector,
        e.operator.kind,
        json_list([p.name for p in vendors if not isinstance(p.name, Unknown)]),
        json_list([p.product for p in vendors if p.product]),
        e.system.fr_mode,
        cameras,
        cameras_unknown,
        e.system.human_review,
        e.timeline.status,
        str(e.timeline.as_of),
        str(e.timeline.announced) if e.timeline.announced else None,
        started,
        started_unknown,
        ended,
        ended_unknown,
        basis,
        basis_unknown,
        e.legal.basis_documented,
        e.legal.dpia,
        e.legal.dpia_published,
        e.legal.signage,
        len(e.watchlists),
        json_list(sorted({s for w in e.watchlists for s in w.supplied_by})),
        json_list(sorted({s for w in e.watchlists for s in w.received_by})),
        e.outcomes.unknown if isinstance(e.outcomes, Unknown) else None,
        len(e.events),
        len(e.investigations),
        len(e.litigation),
        len(e.sources),
        str(e.record.last_reviewed),
        record.first_published.isoformat() if record.first_published else None,
        record.last_changed.isoformat() if record.last_changed else None,
        latest.short if latest is not None else None,
    )


def deployments(export: Export) -> Iterator[tuple[Any, ...]]:
    for record in export.records:
        yield deployment_row(record, export)


def parties(export: Export) -> Iterator[tuple[Any, ...]]:
    for r in export.records:
        op = r.entry.operator
        yield (r.id, 0, op.name, None, "operator", op.sector, op.kind, None, op.note, json_list(op.sources))
        for i, p in enumerate(r.entry.parties, start=1):
            name, unknown = split_unknown(p.name)
            yield (r.id, i, name, unknown, p.role, None, None, p.product, p.note, json_list(p.sources))


def sources(export: Export) -> Iterator[tuple[Any, ...]]:
    for r in export.records:
        for s in r.entry.sources:
            published, unknown = split_unknown(s.published)
            yield (
                r.id, s.id, s.url, s.title, s.publisher, s.author, published, unknown,
                str(s.accessed) if s.accessed else None, s.archive_url, s.type, s.language, s.supports,
            )  # fmt: skip


def events(export: Export) -> Iterator[tuple[Any, ...]]:
    for r in export.records:
        for i, ev in enumerate(r.entry.events):
            yield (r.id, i, str(ev.date), ev.type, ev.actor, ev.summary, json_list(ev.sources))


def _period(p: Any) -> tuple[str | None, str | None]:
    if p is None:
        return None, None
    return str(p.start), (str(p.end) if p.end else None)


def watchlists(export: Export) -> Iterator[tuple[Any, ...]]:
    for r in export.records:
        for i, w in enumerate(r.entry.watchlists):
            compiled, compiled_unknown = split_unknown(w.compiled_by)
            size = None if isinstance(w.size, Unknown) else w.size
            retention, retention_unknown = split_unknown(w.retention)
            a = w.agreement
            yield (
                r.id, i, w.name, compiled, compiled_unknown,
                json_list(w.supplied_by), json_list(w.received_by),
                w.criteria, size.count if size else None,
                w.size.unknown if isinstance(w.size, Unknown) else None,
                str(size.as_of) if size and size.as_of else None, *_period(w.period),
                json_list(w.source_databases), a.kind if a else None, a.documented if a else None,
                a.published if a else None, retention, retention_unknown, json_list(w.sources),
            )  # fmt: skip


def flows(export: Export) -> Iterator[tuple[Any, ...]]:
    for r in export.records:
        n = 0
        for w in r.entry.watchlists:
            for supplier in w.supplied_by:
                for recipient in w.received_by:
                    yield (
                        r.id,
                        n,
                        "watchlist_images",
                        supplier,
                        recipient,
                        w.name,
                        *_period(w.period),
                        json_list(w.sources),
                    )
                    n += 1
        for d in r.entry.data_flows:
            yield (r.id, n, "data", d.supplier, d.recipient, d.what, *_period(d.period), json_list(d.sources))
            n += 1


def revisions(export: Export) -> Iterator[tuple[Any, ...]]:
    for r in export.records:
        for i, rev in enumerate(reversed(r.revisions)):
            yield (
                r.id,
                i,
                rev.sha,
                rev.short,
                rev.date.isoformat(),
                rev.kind,
                rev.entry_id,
                rev.author,
                rev.subject,
                rev.pr,
            )


def changes(export: Export) -> Iterator[tuple[Any, ...]]:
    for r in export.records:
        for rev in reversed(r.revisions):
            for i, c in enumerate(rev.changes):
                yield (r.id, rev.sha, rev.date.isoformat(), i, c.kind, c.field, c.text, c.old, c.new)


def tombstones(export: Export) -> Iterator[tuple[Any, ...]]:
    for t in export.tombstones:
        yield (t.id, t.status, t.date, t.reason, t.merged_into)


def aliases(export: Export) -> Iterator[tuple[Any, ...]]:
    yield from export.aliases.items()

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
from registry.location import locate
from registry.qualified import Quantity, date_qualifier, plain_date
from registry.transparency import REASONS
from registry.types import Unknown
from registry.wording import evidence_notice, measure_label, quantity_label


def split_count(value: Any) -> tuple[int | None, str | None, int | None, int | None, str | None]:
    """(count, qualifier, min, max, unknown reason) of a count of any form.

    A range leaves `count` empty and fills min and max; an approximate or bounded count keeps
    its number in `count` and says so in `qualifier`, so no column holds a bound as exact.
    """
    if isinstance(value, Unknown):
        return None, None, None, None, value.unknown
    if value is None:
        return None, None, None, None, None
    if isinstance(value, Quantity):
        if value.is_range:
            return None, "range", value.min, value.max, None
        return value.count, value.qualifier, None, None, None
    return value, "exact", None, None, None


def split_date(value: Any) -> tuple[str | None, str | None, str | None]:
    """(date as written, unknown reason, qualifier) of a date of any form."""
    if isinstance(value, Unknown):
        return None, value.unknown, None
    known = plain_date(value)
    return (str(known) if known else None), None, date_qualifier(value)


def names_list(value: Any) -> tuple[str, str | None]:
    """(JSON array, unknown reason) of a list of names that may be unknown."""
    if isinstance(value, Unknown):
        return "[]", value.unknown
    return json_list(value), None


def split_unknown(value: Any) -> tuple[Any, str | None]:
    """(value, None) for a known fact, (None, reason) for an Unknown, (None, None) when absent."""
    if isinstance(value, Unknown):
        return None, value.unknown
    if value is None:
        return None, None
    known = plain_date(value)
    if known is not None:
        return str(known), None
    return (value if isinstance(value, int | float) else str(value)), None


def json_list(values: list[Any]) -> str:
    """A list inside a cell: a JSON array of strings."""
    return json.dumps([str(v) for v in values], ensure_ascii=False)


def deployment_row(record: PublicRecord, export: Export) -> tuple[Any, ...]:
    """One published record as a row of DEPLOYMENT_COLUMNS, in order."""
    e = record.entry
    coords = e.place.coordinates
    place = locate(e)  # the map's answer: coordinates, else the city from the gazetteer, else the country
    vendors = e.vendors
    cameras, cameras_qualifier, cameras_min, cameras_max, cameras_unknown = split_count(e.system.cameras)
    installed = split_count(e.system.cameras_installed)
    started, started_unknown, started_qualifier = split_date(e.timeline.start)
    ended, ended_unknown, ended_qualifier = split_date(e.timeline.end)
    announced, _, announced_qualifier = split_date(e.timeline.announced)
    evidence = e.evidence
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
        place.lat,
        place.lon,
        place.precision,
        place.source,
        e.operator.name,
        e.operator.sector,
        e.operator.kind,
        json_list([p.name for p in vendors if not isinstance(p.name, Unknown)]),
        json_list([p.product for p in vendors if isinstance(p.product, str)]),
        e.system.modes[0] if e.system.modes else None,
        json_list(e.system.modes),
        cameras,
        cameras_qualifier,
        cameras_min,
        cameras_max,
        cameras_unknown,
        quantity_label(e.system.cameras) or None,
        *installed,
        e.system.human_review,
        e.timeline.status,
        str(e.timeline.as_of),
        announced,
        announced_qualifier,
        started,
        started_unknown,
        started_qualifier,
        ended,
        ended_unknown,
        ended_qualifier,
        basis,
        basis_unknown,
        e.legal.basis_documented,
        e.legal.dpia,
        e.legal.dpia_published,
        e.legal.signage,
        len(e.watchlists),
        json_list(sorted({s for w in e.watchlists for s in w.supplied_by})),
        json_list(
            sorted({s for w in e.watchlists if not isinstance(w.received_by, Unknown) for s in w.received_by})
        ),
        e.outcomes.unknown if isinstance(e.outcomes, Unknown) else None,
        len(e.events),
        len(e.investigations),
        len(e.litigation),
        len(e.sources),
        evidence.basis if evidence else None,
        evidence.denied if evidence else None,
        evidence_notice(e),
        *transparency_figures(record),
        str(e.record.last_reviewed),
        record.first_published.isoformat() if record.first_published else None,
        record.last_changed.isoformat() if record.last_changed else None,
        latest.short if latest is not None else None,
    )


def transparency_figures(record: PublicRecord) -> tuple[int, ...]:
    """The record's unknowns by reason and its key facts unknown (registry.transparency)."""
    t = record.transparency
    return (*(t.count(r) for r in REASONS), t.key_unknown, t.key_total)


def deployments(export: Export) -> Iterator[tuple[Any, ...]]:
    for record in export.records:
        yield deployment_row(record, export)


def parties(export: Export) -> Iterator[tuple[Any, ...]]:
    for r in export.records:
        op = r.entry.operator
        yield (
            r.id,
            0,
            op.name,
            None,
            "operator",
            op.sector,
            op.kind,
            None,
            None,
            op.note,
            json_list(op.sources),
            op.country,
        )
        for i, p in enumerate(r.entry.parties, start=1):
            name, unknown = split_unknown(p.name)
            product, product_unknown = split_unknown(p.product)
            yield (
                r.id, i, name, unknown, p.role, None, None, product, product_unknown, p.note,
                json_list(p.sources), p.country,
            )  # fmt: skip


def sources(export: Export) -> Iterator[tuple[Any, ...]]:
    for r in export.records:
        for s in r.entry.sources:
            published, unknown, qualifier = split_date(s.published)
            yield (
                r.id, s.id, s.url, s.title, s.title_kind, s.publisher, s.original_publisher, s.author,
                published, unknown, qualifier, str(s.accessed) if s.accessed else None, s.archive_url,
                s.type, s.language, s.supports,
            )  # fmt: skip


def events(export: Export) -> Iterator[tuple[Any, ...]]:
    for r in export.records:
        for i, ev in enumerate(r.entry.events):
            yield (r.id, i, *split_date(ev.date), ev.type, ev.actor, ev.summary, json_list(ev.sources))


def _period(p: Any) -> tuple[str | None, str | None]:
    if p is None:
        return None, None
    return str(p.start), (str(p.end) if p.end else None)


def watchlists(export: Export) -> Iterator[tuple[Any, ...]]:
    for r in export.records:
        for i, w in enumerate(r.entry.watchlists):
            compiled, compiled_unknown = split_unknown(w.compiled_by)
            count, qualifier, low, high, size_unknown = split_count(w.size)
            as_of = w.size.as_of if isinstance(w.size, Quantity) else None
            retention, retention_unknown = split_unknown(w.retention)
            a = w.agreement
            yield (
                r.id, i, w.name, compiled, compiled_unknown,
                json_list(w.supplied_by), *names_list(w.received_by),
                w.criteria, count, qualifier, low, high, size_unknown,
                str(as_of) if as_of else None, *_period(w.period),
                *names_list(w.source_databases), a.kind if a else None, a.documented if a else None,
                a.published if a else None, retention, retention_unknown, w.note, json_list(w.sources),
            )  # fmt: skip


def measures(export: Export) -> Iterator[tuple[Any, ...]]:
    for r in export.records:
        if isinstance(r.entry.outcomes, Unknown):
            continue
        for i, m in enumerate(r.entry.outcomes.measures):
            out_of, out_of_qualifier, out_of_min, out_of_max, _ = split_count(m.out_of)
            yield (
                r.id, i, m.metric, *split_count(m.value), m.percent, out_of, out_of_qualifier,
                out_of_min, out_of_max, m.out_of_metric, measure_label(m) or None, *_period(m.period),
                m.note, json_list(m.sources),
            )  # fmt: skip


def penalties(export: Export) -> Iterator[tuple[Any, ...]]:
    for r in export.records:
        for i, inv in enumerate(r.entry.investigations):
            for j, p in enumerate(inv.all_penalties):
                yield (
                    r.id, i, j, inv.body, p.kind, p.amount, p.currency, *split_date(p.date), p.status,
                    p.note, json_list(p.sources or inv.sources),
                )  # fmt: skip


def flows(export: Export) -> Iterator[tuple[Any, ...]]:
    for r in export.records:
        n = 0
        for w in r.entry.watchlists:
            recipients = [] if isinstance(w.received_by, Unknown) else w.received_by
            for supplier in w.supplied_by:
                for recipient in recipients:
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

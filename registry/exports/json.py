"""The JSON exports: `deployments.json`, `deployments/<id>.json`, the schemas, `entry.schema.json`.

A published record is exported as the validated model (`Entry.model_dump(mode="json")`), so
it validates against `entry.schema.json`: counts are numbers, dates are strings as precise
as they are known, an unknown fact is `{"unknown": reason, ...}`, and every field is present
(null when not given). Withdrawn, merged and under-review records keep a file with what
happened and when, never their content. Files are compact UTF-8 JSON with a fixed key order,
so the same commit always gives the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

from registry import urls
from registry.exports.contract import DATA_VERSION, schemas
from registry.exports.patch import revision_patches
from registry.exports.records import LICENSE, Export, PublicRecord, Tombstone, revision_summary
from registry.output import Outputs
from registry.wording import evidence_notice


def dumps(value: Any) -> bytes:
    """Compact, deterministic JSON as UTF-8 bytes (the key order is the order the data was
    built in), ending in a newline.

    orjson, because this writes 50,000 files at 10,000 entries and the standard encoder took
    6 s of it. Its text is the standard encoder's (`ensure_ascii=False`, no spaces) except
    that large and small floats print `1e16` rather than `1e+16`: the same number. A value
    orjson refuses (an integer beyond 64 bits) goes through the standard encoder. Bytes, as
    orjson makes them: `deployments.json` is 74 MB at 10,000 entries, and each text copy on
    the way to bytes (decoded, a newline added, encoded) held that much more in the process
    that writes the exports, for the rest of its life (issue 18: memory).
    """
    try:
        return orjson.dumps(value, option=orjson.OPT_APPEND_NEWLINE)
    except TypeError:
        return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def header(export: Export) -> dict[str, Any]:
    return {
        "data_version": DATA_VERSION,
        "license": LICENSE["name"],
        "source": {
            "site": export.site_url,
            "repository": export.repo_url,
            "commit": export.head,
            "as_of": export.as_of.isoformat() if export.as_of else None,
        },
    }


def tombstone_data(t: Tombstone, export: Export) -> dict[str, Any]:
    return {
        "id": t.id,
        "status": t.status,
        "url": export.page_url(t.id),
        "withdrawn": {"date": t.date, "reason": t.reason} if t.date else None,
        "merged_into": t.merged_into,
    }


def listed_record(record: PublicRecord, export: Export, data: dict[str, Any]) -> dict[str, Any]:
    """One item of `deployments.json`'s list; `data` is the record as JSON (`record_data`)."""
    return {
        "id": record.id,
        "url": export.page_url(record.id),
        "json": export.json_url(record.id),
        "first_published": record.first_published.isoformat() if record.first_published else None,
        "last_changed": record.last_changed.isoformat() if record.last_changed else None,
        "revision": record.latest.short if record.latest is not None else None,
        "evidence_notice": evidence_notice(record.entry),
        "transparency": transparency_data(record),
        "record": data,
    }


#: Where `all_records` puts the encoded items: the list's key, written empty.
_EMPTY_LIST = b'"deployments":[]'


def all_records(export: Export, listed: list[bytes]) -> bytes:
    """`deployments.json`, from the records' items already encoded (`listed_record`, in order).

    Spliced, not encoded whole: holding every record as JSON data until the end held about
    250 MB at 10,000 entries (issue 18: memory), and the bytes are what the whole would give:
    the key below occurs once, as a string value's quotes are always escaped."""
    frame = dumps(
        {
            **header(export),
            "count": len(export.records),
            "deployments": [],
            "tombstones": [tombstone_data(t, export) for t in export.tombstones],
            "aliases": export.aliases,
        }
    )
    before, after = frame.split(_EMPTY_LIST, 1)
    return b"".join((before, b'"deployments":[', b",".join(listed), b"]", after))


def record_data(record: PublicRecord) -> dict[str, Any]:
    """The validated entry as JSON data, for its own file and its item in `deployments.json`.

    Made once per record and let go once both are encoded (see `all_records`)."""
    return record.file.entry.model_dump(mode="json")


def transparency_data(record: PublicRecord) -> dict[str, Any]:
    """The record's transparency figures (registry.transparency), as the coverage page ranks them."""
    t = record.transparency
    return {
        "unknowns": dict(t.by_reason),
        "key_facts_unknown": t.key_unknown,
        "key_facts_total": t.key_total,
    }


def one_record(record: PublicRecord, export: Export, data: dict[str, Any]) -> dict[str, Any]:
    """The content of `deployments/<id>.json` for a published record (`data`: `record_data`):
    it and its history."""
    latest = record.latest
    return {
        **header(export),
        "id": record.id,
        "url": export.page_url(record.id),
        "status": "published",
        "revision": revision_summary(latest, record.id, export, with_changes=False) if latest else None,
        "evidence_notice": evidence_notice(record.entry),
        "transparency": transparency_data(record),
        "record": data,
        "history": with_patches(
            [revision_summary(rev, record.id, export) for rev in record.revisions], record.revisions
        ),
    }


def with_patches(items: list[dict[str, Any]], revisions: Any) -> list[dict[str, Any]]:
    """Adds to each revision with data its `patch` (registry.exports.patch) from the previous
    one with data: applied from the oldest, they give the record as written at any revision,
    which the history page's script shows (one copy of each revision's data on the site)."""
    patches = revision_patches(revisions)
    for item, revision in zip(items, revisions, strict=True):
        if revision.has_data and revision.short in patches:
            item["patch"] = patches[revision.short]
    return items


def one_tombstone(t: Tombstone, export: Export) -> dict[str, Any]:
    """`deployments/<id>.json` for a record no longer published: what happened, no content."""
    revisions = tuple(t.history.revisions) if t.history is not None else ()
    return {
        **header(export),
        "id": t.id,
        "url": export.page_url(t.id),
        "status": t.status,
        "tombstone": tombstone_data(t, export),
        "history": [revision_summary(rev, t.id, export, with_changes=False) for rev in revisions],
    }


def entry_schema_text(site_url: str) -> str:
    """The entry schema with its `$id` set to where this site publishes it.

    Generated from the models by the same function as the committed schema/entry.schema.json
    (whose staleness test keeps the two identical), so a checkout without schema/ still builds.
    """
    from registry.jsonschema import entry_schema_text as committed_text

    schema = json.loads(committed_text())
    schema["$id"] = f"{site_url.rstrip('/')}/{urls.API}entry.schema.json"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def json_files(export: Export) -> Outputs:
    """Producer (registry.output): deployments.json, deployments/<id>.json for every record, the schemas."""
    listed = []
    for record in export.records:
        data = record_data(record)
        listed.append(dumps(listed_record(record, export, data))[:-1])  # without its newline
        yield urls.entry_json(record.id), dumps(one_record(record, export, data))
    yield f"{urls.API}deployments.json", all_records(export, listed)
    for t in export.tombstones:
        yield urls.entry_json(t.id), dumps(one_tombstone(t, export))
    yield f"{urls.API}entry.schema.json", entry_schema_text(export.site_url).encode("utf-8")
    for name, schema in schemas(export.site_url).items():
        yield urls.API + name, (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode("utf-8")

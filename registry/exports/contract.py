"""The open-data contract: its version, its changelog and the JSON Schemas of the JSON files.

`DATA_VERSION` follows semantic versioning: a new file, table or column is a minor bump; a
renamed or removed column, or a changed meaning, is a major bump and moves the files to a new
`/api/v2/` while v1 stays. Every version has a `CHANGELOG` line, shown on `/data/`, and a
heading in DATA.md (a test checks both). The schemas are written here, next to the version,
so a change to the files and to their description is one diff.
"""

from __future__ import annotations

from typing import Any

from registry import urls

DATA_VERSION = "1.5.1"

#: (version, day, what changed), newest first. Days are the day the version was merged.
CHANGELOG: tuple[tuple[str, str, str], ...] = (
    (
        "1.5.1",
        "2026-12-07",
        "A wording fix: evidence_notice no longer says that the operator used face recognition "
        "when the sources allege only a plan, a capability or an agreement; an alleged record's "
        'notice now reads "Alleged: what this record describes is reported by its sources but '
        'not established." (with "; X denies it." when denied). The key\'s meaning is unchanged. '
        "unknowns_not_recorded counts facts of which no record was kept, by the operator or another "
        "body, as it always did; its description no longer names the operator. The flows table's "
        "what is described as what went, in the record's words (it may say seized), not as shared.",
    ),
    (
        "1.5.0",
        "2026-12-07",
        "A party or the operator may name its country when it is not the record's own (a "
        "foreign regulator, a military abroad): `country` on the record's `operator` and each of "
        "its `parties` in the JSON files (null when not given), and a country column in the "
        "parties table. Its request letters cite that country's laws.",
    ),
    (
        "1.4.2",
        "2026-12-07",
        "A fix: a deployments.csv text cell whose first character after white space is =, +, - "
        "or @, or its full-width form, now starts with an added ', as one starting with the sign "
        "did: a spreadsheet may trim the cell and run it as a formula. Remove one leading ' from "
        "such cells too.",
    ),
    (
        "1.4.1",
        "2026-12-07",
        "A fix: a count given as a range ({count: null, min: 1200, max: 1600}) no longer carries "
        "qualifier: exact in the JSON files, which told a script the range was exact; it has no "
        "qualifier, as in the entry files. The CSV and SQLite files always said range.",
    ),
    (
        "1.4.0",
        "2026-12-07",
        "One history page per record (issue 18): each revision with data in a record's history "
        "gains `patch`, its changes from the previous one, so the record as written at any "
        "revision is its patches applied from the oldest; a revision's `url` is its item on the "
        f"history page (/{urls.revision_anchor('<id>', '<short>')}). Revisions published before this "
        "version keep their revisions/<short>.json and their `json` key; newer ones have neither.",
    ),
    (
        "1.3.0",
        "2026-12-07",
        "Where the map places each record: location_latitude, location_longitude, "
        "location_precision (a coordinate precision, or country) and location_source (entry, "
        "gazetteer or country) in deployments.csv and the deployments table; a record without "
        "coordinates is placed at its city from GeoNames, else at its country.",
    ),
    (
        "1.2.0",
        "2026-12-07",
        "Transparency figures per record: how many facts are unknown by reason "
        "(unknowns_not_recorded, unknowns_withheld, unknowns_not_requested, unknowns_not_found, "
        "unknowns_unanswered) and how many key facts are unknown (key_facts_unknown of "
        "key_facts_total), in the deployments table and as `transparency` in the JSON files; an "
        "unknown may record the records request made about it (`requested`).",
    ),
    (
        "1.1.0",
        "2026-12-07",
        "Data contract 1.1: counts say how exact they are (qualifier columns, ranges as min and "
        "max, cameras_text in words); cameras installed beside cameras running face recognition; "
        "fr_modes for several modes; qualified and unknown dates (date_qualifier, date_unknown "
        "columns); sources' title_kind, original_publisher and published_qualifier; each record's "
        "evidence basis, whether the operator denies it, and the notice of an alleged or denied "
        "record (evidence_notice, also in deployments.json); new tables measures (figures and "
        "rates) and penalties (several per investigation, with their status); the reason "
        "not_applicable. Every 1.0 column keeps its name and meaning; entry.schema.json "
        "accepts both schema_version 1 and 1.1.",
    ),
    (
        "1.0.0",
        "2026-11-26",
        "First version: deployments.json, one JSON file per record with its history, one per "
        "revision, deployments.csv, registry.sqlite, entry.schema.json and datapackage.json. "
        "registry.sqlite stores each record, commit, organisation name and vocabulary value once "
        "(tables records, record_parties, record_sources, record_events, record_watchlists, "
        "record_flows, record_revisions, record_changes, commits, organisations, terms) and "
        "offers the simple shapes as views (deployments, parties, sources, events, watchlists, "
        "flows, revisions, changes).",
    ),
)

_REVISION = {
    "type": "object",
    "required": ["sha", "short", "date", "kind", "id_at_revision"],
    "properties": {
        "sha": {"type": "string", "pattern": "^[0-9a-f]{40,64}$"},
        "short": {"type": "string", "pattern": "^[0-9a-f]{12}$"},
        "date": {"type": "string", "format": "date"},
        "kind": {"type": "string"},
        "id_at_revision": {"type": "string"},
        "author": {"type": "string"},
        "subject": {"type": "string"},
        "pull_request": {"type": ["integer", "null"]},
        "commit_url": {"type": "string"},
        "url": {"type": "string"},
        "json": {"type": "string"},
        "patch": {
            "type": "array",
            "description": "From the previous revision with data (the oldest's sets the whole "
            "record): [path, value] sets, [path] deletes a key, [path, null, n] cuts a list to n "
            "items; applied from the oldest they give the record as written at this revision.",
        },
        "changes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["kind", "field", "text"],
                "properties": {
                    "kind": {"type": "string"},
                    "field": {"type": "string"},
                    "text": {"type": "string"},
                    "old": {"type": ["string", "null"]},
                    "new": {"type": ["string", "null"]},
                },
            },
        },
    },
}

_TOMBSTONE = {
    "type": "object",
    "required": ["id", "status", "url"],
    "properties": {
        "id": {"type": "string"},
        "status": {"enum": ["withdrawn", "merged", "under_review"]},
        "url": {"type": "string"},
        "withdrawn": {
            "type": ["object", "null"],
            "properties": {"date": {"type": "string"}, "reason": {"type": "string"}},
        },
        "merged_into": {"type": ["string", "null"]},
    },
}

#: What an old id's JSON holds: where the record lives now (static hosts cannot send a 301).
_STUB = {
    "type": "object",
    "required": ["redirect", "id"],
    "properties": {"redirect": {"type": "string"}, "id": {"type": "string"}},
    "additionalProperties": False,
}

_TRANSPARENCY = {
    "type": "object",
    "description": "How many of the record's facts are unknown, by reason, and how many key facts "
    "(since 1.2.0).",
    "required": ["unknowns", "key_facts_unknown", "key_facts_total"],
    "properties": {
        "unknowns": {
            "type": "object",
            "additionalProperties": {"type": "integer", "minimum": 0},
            "propertyNames": {
                "enum": ["not_recorded", "withheld", "not_requested", "not_found", "unanswered"]
            },
        },
        "key_facts_unknown": {"type": "integer", "minimum": 0},
        "key_facts_total": {"type": "integer", "minimum": 0},
    },
    "additionalProperties": False,
}

_SUMMARY = {
    "type": "object",
    "required": ["id", "url", "json", "first_published", "last_changed", "revision", "record"],
    "properties": {
        "id": {"type": "string"},
        "url": {"type": "string"},
        "json": {"type": "string"},
        "first_published": {"type": ["string", "null"], "format": "date"},
        "last_changed": {"type": ["string", "null"], "format": "date"},
        "revision": {"type": ["string", "null"]},
        "evidence_notice": {
            "type": ["string", "null"],
            "description": "Set for an alleged or denied deployment: the notice its page shows first.",
        },
        "transparency": _TRANSPARENCY,
        "record": {"$ref": "entry.schema.json"},
    },
}

_HEADER = {
    "data_version": {"type": "string", "const": DATA_VERSION},
    "license": {"type": "string"},
    "source": {
        "type": "object",
        "required": ["site", "repository", "commit", "as_of"],
        "properties": {
            "site": {"type": "string"},
            "repository": {"type": "string"},
            "commit": {"type": ["string", "null"]},
            "as_of": {"type": ["string", "null"], "format": "date"},
        },
    },
}


def schemas(site_url: str) -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema of each JSON export, with `$id`s under `site_url`."""
    base = f"{site_url.rstrip('/')}/{urls.API}"

    def schema(name: str, title: str, body: dict[str, Any]) -> dict[str, Any]:
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": base + name,
            "title": title,
            **body,
        }

    record = {
        "type": "object",
        "required": ["data_version", "id", "url", "status", "history"],
        "properties": {
            **_HEADER,
            "id": {"type": "string"},
            "url": {"type": "string"},
            "status": {"enum": ["published", "withdrawn", "merged", "under_review"]},
            "revision": {"anyOf": [_REVISION, {"type": "null"}]},
            "evidence_notice": {"type": ["string", "null"]},
            "transparency": _TRANSPARENCY,
            "record": {"$ref": "entry.schema.json"},
            "tombstone": _TOMBSTONE,
            "history": {"type": "array", "items": _REVISION},
        },
        "if": {"properties": {"status": {"const": "published"}}},
        "then": {"required": ["record"], "not": {"required": ["tombstone"]}},
        "else": {"required": ["tombstone"], "not": {"required": ["record"]}},
    }
    return {
        "deployments.schema.json": schema(
            "deployments.schema.json",
            "All deployment records (deployments.json)",
            {
                "type": "object",
                "required": [
                    "data_version",
                    "license",
                    "source",
                    "count",
                    "deployments",
                    "tombstones",
                    "aliases",
                ],
                "properties": {
                    **_HEADER,
                    "count": {"type": "integer", "minimum": 0},
                    "deployments": {"type": "array", "items": _SUMMARY},
                    "tombstones": {"type": "array", "items": _TOMBSTONE},
                    "aliases": {"type": "object", "additionalProperties": {"type": "string"}},
                },
            },
        ),
        "deployment.schema.json": schema(
            "deployment.schema.json",
            f"One record with its history ({urls.api_name(urls.entry_json('<id>'))}), "
            "or the redirect stub of an old id",
            {
                "oneOf": [
                    record,
                    _STUB,
                ]
            },
        ),
        "revision.schema.json": schema(
            "revision.schema.json",
            "A record as it stood at one revision "
            f"({urls.api_name(urls.revision_json('<id>', '<short>'))}), "
            "or the redirect stub of a revision made under an old id",
            {
                "oneOf": [
                    {
                        "type": "object",
                        "required": ["data_version", "id", "status", "revision", "url", "current_url"],
                        "properties": {
                            "data_version": {"type": "string", "const": DATA_VERSION},
                            "id": {"type": "string"},
                            "status": {"enum": ["published", "withdrawn", "merged", "under_review"]},
                            "revision": _REVISION,
                            "url": {"type": "string"},
                            "current_url": {"type": "string"},
                            "current_json": {"type": "string"},
                            "record_as_written": {
                                "type": "object",
                                "description": "The entry file as it stood, every value a string as "
                                "written in YAML; an old revision may follow an older schema.",
                            },
                        },
                    },
                    _STUB,
                ]
            },
        ),
    }

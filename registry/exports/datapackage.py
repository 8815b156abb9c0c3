"""`/api/v1/datapackage.json`: a Frictionless Data Package describing every export file.

Why a data package: portals, `frictionless validate` and many tools read it to learn what
each file is, its licence, and for the CSV the type and meaning of every column (taken from
`registry.exports.tables`, the same definitions the CSV is written from). Each resource
records its size and SHA-256, so a download can be checked; this is why it is made last, from
the bytes of the files it describes (registry.exports.export_files).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from registry import urls
from registry.exports import csv as csv_export
from registry.exports import sqlite as sqlite_export
from registry.exports.contract import CHANGELOG, DATA_VERSION
from registry.exports.records import LICENSE, Export
from registry.exports.tables import TABLES_BY_NAME

FILE_NAME = "datapackage.json"


def table_schema(table_name: str) -> dict[str, Any]:
    """The Frictionless Table Schema of one of our tables."""
    table = TABLES_BY_NAME[table_name]
    schema: dict[str, Any] = {
        "fields": [{"name": c.name, "type": c.type, "description": c.description} for c in table.columns],
        "missingValues": [""],
    }
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    return schema


#: The files the package describes (names in `/api/v1/`): their sizes and hashes go in it.
DESCRIBED = (csv_export.FILE_NAME, "deployments.json", sqlite_export.FILE_NAME, "entry.schema.json")


def file_facts(data: bytes) -> dict[str, Any]:
    """A resource's `bytes` and `hash` (SHA-256) for one described file's content."""
    return {"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}


def package(export: Export, facts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The descriptor, with the sizes and hashes of `facts` (`file_facts` by name in DESCRIBED)."""
    resources = [
        {
            "name": "deployments-csv",
            "type": "table",
            "title": "Deployments (CSV)",
            "description": "One row per published deployment record. Columns are documented in the schema "
            f"and on /{urls.DATA}.",
            "path": csv_export.FILE_NAME,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            **facts[csv_export.FILE_NAME],
            "schema": table_schema("deployments"),
        },
        {
            "name": "deployments-json",
            "type": "json",
            "title": "Every record (JSON)",
            "description": "Every published record in full, plus tombstones and aliases; "
            "see deployments.schema.json.",
            "path": "deployments.json",
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            **facts["deployments.json"],
        },
        {
            "name": "registry-sqlite",
            "type": "file",
            "title": "Registry database (SQLite)",
            "description": "Deployments, parties, sources, events, watchlists, image and data flows, "
            "revisions and field-level changes, each a view of the documented columns over compact "
            "normalised tables (records, commits, organisations, terms...); query it with sqlite3 "
            "or Datasette.",
            "path": sqlite_export.FILE_NAME,
            "format": "sqlite",
            "mediatype": "application/vnd.sqlite3",
            **facts[sqlite_export.FILE_NAME],
        },
        {
            "name": "entry-schema",
            "type": "json",
            "title": "JSON Schema of a record",
            "description": "The JSON Schema every record in deployments.json validates against.",
            "path": "entry.schema.json",
            "format": "json",
            "mediatype": "application/schema+json",
            "encoding": "utf-8",
            **facts["entry.schema.json"],
        },
    ]
    descriptor: dict[str, Any] = {
        "name": "fr-registry",
        "title": export.site_name,
        "description": "An open, sourced registry of facial-recognition deployments. "
        f"Documentation and changelog: {export.site_url}{urls.DATA}",
        "version": DATA_VERSION,
        "homepage": f"{export.site_url}{urls.DATA}",
        "licenses": [LICENSE],
        "sources": [{"title": "The registry's repository", "path": export.repo_url}],
        "keywords": ["facial recognition", "surveillance", "biometrics", "registry"],
        "resources": resources,
    }
    if export.as_of is not None:
        descriptor["created"] = f"{export.as_of.isoformat()}T00:00:00Z"
    descriptor["changelog"] = [{"version": v, "date": d, "changes": text} for v, d, text in CHANGELOG]
    return descriptor


def datapackage_bytes(export: Export, facts: dict[str, dict[str, Any]]) -> bytes:
    """`datapackage.json`, made after every file it describes (`facts`: see `package`)."""
    return (json.dumps(package(export, facts), indent=2, ensure_ascii=False) + "\n").encode("utf-8")

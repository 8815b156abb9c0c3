"""Writes the JSON Schema of an entry, generated from the models and committed.

Editors read it through the modeline on each entry's first line, so contributors get
completion and red underlines before they ever run `registry check`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from registry.errors import RegistryError
from registry.schema import Entry

SCHEMA_PATH = Path("schema/entry.schema.json")
SCHEMA_ID = "https://fr-registry.example.org/api/v1/entry.schema.json"


def entry_schema_text() -> str:
    """Returns the schema as stable, pretty JSON text (sorted keys, trailing newline)."""
    schema = Entry.model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def run(args: argparse.Namespace) -> int:
    """`registry schema [--check]`: writes schema/entry.schema.json, or fails if it is stale."""
    target = Path(args.root) / SCHEMA_PATH
    text = entry_schema_text()
    if args.check:
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            raise RegistryError(f"{SCHEMA_PATH} is stale. Run `registry schema` and commit the result.")
        print(f"{SCHEMA_PATH} is up to date")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
    return 0

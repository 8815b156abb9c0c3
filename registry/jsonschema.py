"""The JSON Schema of an entry, generated from the models and committed (`registry schema`, in docs.py).

Editors read it through the modeline on each entry's first line, so contributors get
completion and red underlines before they ever run `registry check`.
"""

from __future__ import annotations

import json
from pathlib import Path

from registry.schema import Entry

SCHEMA_PATH = Path("schema/entry.schema.json")
SCHEMA_ID = "https://fr-registry.example.org/api/v1/entry.schema.json"


def entry_schema_text() -> str:
    """Returns the schema as stable, pretty JSON text (sorted keys, trailing newline)."""
    schema = Entry.model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

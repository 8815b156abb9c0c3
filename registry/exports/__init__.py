"""Open data: the registry as JSON, CSV, SQLite and a Frictionless Data Package, under `/api/v1/`.

The files are a published contract (DATA.md at the repository root, `/data/` on the site):
their names, columns and meaning change only with a new `DATA_VERSION` and a line in
`CHANGELOG` (registry/exports/contract.py). Additions bump the minor version; a removal
or a change of meaning bumps the major version and gets a new `/api/v2/` beside v1.

Modules: `records` (what every format shares: which records are public, their revisions),
`tables` (the flat rows and their documented columns), `json`, `csv`, `sqlite`,
`datapackage`, `contract` (version, changelog, JSON Schemas of the files), `revisions` (the
entry as it stood at each revision), `cite` (citations). The step that makes the files is
`export_files` (a producer, registry.output); the revision addresses of earlier builds are
their own step, `revisions.revision_files`.

This package file stays import-light: `registry.render` imports `exports.cite` for every build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from registry import urls
from registry.output import Output, Outputs

if TYPE_CHECKING:
    from registry.context import BuildContext

#: Where every export lives in the site; `v1` is part of the contract and never changes.
API_DIR = urls.API.rstrip("/")


def export_files(ctx: BuildContext) -> Outputs:
    """Producer beside the engine (registry.output): every `/api/v1/` file (nothing else).

    Runs in a forked process beside page generation and MkDocs (`BESIDE_MKDOCS`); reads only
    `ctx` (entries, history, config). The data package goes last because it records the size
    and SHA-256 of the files it describes, taken from their bytes as they pass.
    """
    from registry.exports import csv, datapackage, json, records, sqlite

    public = records.collect(ctx)
    facts: dict[str, dict[str, Any]] = {}

    def described(path: str, data: bytes) -> Output:
        name = path.removeprefix(urls.API)
        if name in datapackage.DESCRIBED:
            facts[name] = datapackage.file_facts(data)
        return path, data

    for path, data in json.json_files(public):
        yield described(path, data)
    yield described(urls.API + csv.FILE_NAME, csv.csv_text(public).encode("utf-8"))
    yield described(urls.API + sqlite.FILE_NAME, sqlite.sqlite_bytes(public))
    yield urls.API + datapackage.FILE_NAME, datapackage.datapackage_bytes(public, facts)

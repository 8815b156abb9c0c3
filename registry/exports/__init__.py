"""Open data: the registry as JSON, CSV, SQLite and a Frictionless Data Package, under `/api/v1/`.

The files are a published contract (DATA.md at the repository root, `/data/` on the site):
their names, columns and meaning change only with a new `DATA_VERSION` and a line in
`CHANGELOG` (registry/exports/contract.py). Additions bump the minor version; a removal
or a change of meaning bumps the major version and gets a new `/api/v2/` beside v1.

Modules: `records` (what every format shares: which records are public, their revisions),
`tables` (the flat rows and their documented columns), `json`, `csv`, `sqlite`,
`datapackage`, `contract` (version, changelog, JSON Schemas of the files), `revisions` (the
entry as it stood at each revision), `cite` (citations). The post-build step is
`write_exports`; the revision addresses of earlier builds are their own step,
`revisions.write_revisions`.

This package file stays import-light: `registry.render` imports `exports.cite` for every build.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from registry import urls

if TYPE_CHECKING:
    from registry.context import BuildContext

#: Where every export lives in the site; `v1` is part of the contract and never changes.
API_DIR = urls.API.rstrip("/")


def write_exports(ctx: BuildContext, site_dir: Path) -> None:
    """Post-build step: writes every `/api/v1/` file into `site_dir` (nothing else).

    A data-only step (`BESIDE_MKDOCS`): runs in a forked process beside page generation and
    MkDocs, and its files join MkDocs' output before the redirect and CSP steps; reads only
    `ctx` (entries, history, config) and `schema/entry.schema.json`. The data package goes last because it
    records the size and SHA-256 of every other file.
    """
    from registry.exports import csv, datapackage, json, records, sqlite

    api = site_dir / API_DIR
    api.mkdir(parents=True, exist_ok=True)
    public = records.collect(ctx)
    json.write_json(public, api, ctx)
    csv.write_csv(public, api)
    sqlite.write_sqlite(public, api / sqlite.FILE_NAME)
    datapackage.write_datapackage(public, api, ctx)

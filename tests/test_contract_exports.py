"""The exports carry the 1.1 forms: qualifiers, ranges, rates, penalties and the evidence notice.

A registry of the two every-field fixture records (tests/fixtures/every_field/), exported by the
real writers into a temporary folder without git (no history), then read back: the JSON
validates against the published schemas, and the CSV, the SQLite views and the JSON say how
exact each number is, so no consumer mistakes "about 7,301" for 7,301.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import jsonschema
import pytest
from fixture_registry import copy_every_field
from referencing import Registry, Resource

from registry.context import BuildContext, no_history, read_site_config
from registry.entries import load_registry
from registry.exports import export_files
from registry.output import Site

A, B = "gb-every-field-a", "fr-every-field-b"
NOTICE = (
    "Alleged and denied: what this record describes is reported by its sources but not established; "
    "Operator ZQ-6 denies it."
)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("contract_exports")
    copy_every_field(root)
    ctx = BuildContext(root, load_registry(root), no_history(), read_site_config(root), root / "docs")
    Site(root / "site").write("exports", export_files(ctx))
    return root / "site" / "api" / "v1"


@pytest.fixture(scope="module")
def db(api: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(api / "registry.sqlite")
    connection.row_factory = sqlite3.Row
    return connection


def rows(db: sqlite3.Connection, sql: str) -> list[dict]:
    return [dict(r) for r in db.execute(sql).fetchall()]


def test_deployments_say_how_exact_the_cameras_are(db: sqlite3.Connection, api: Path) -> None:
    a, b = rows(db, "SELECT * FROM deployments ORDER BY id DESC")
    assert (a["cameras"], a["cameras_qualifier"], a["cameras_text"]) == (7301, "approximate", "about 7,301")
    assert (a["cameras_installed"], a["cameras_installed_qualifier"]) == (None, "range")
    assert (a["cameras_installed_min"], a["cameras_installed_max"]) == (7302, 7303)
    assert (a["fr_mode"], json.loads(a["fr_modes"])) == ("retrospective", ["retrospective", "attendance"])
    assert (a["started"], a["started_qualifier"], a["announced_qualifier"]) == (
        "2017-03",
        "approximate",
        "inferred",
    )
    assert (a["evidence_basis"], a["operator_denies"], a["evidence_notice"]) == ("alleged", "yes", NOTICE)
    assert (b["cameras"], b["cameras_qualifier"], b["cameras_text"], b["evidence_notice"]) == (
        7401,
        "exact",
        "7,401",
        None,
    )
    with (api / "deployments.csv").open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(io.StringIO(f.readline())))
    assert {"cameras_qualifier", "cameras_min", "cameras_max", "evidence_notice"} <= set(header)


def test_measures_and_penalties_are_tables_of_their_own(db: sqlite3.Connection) -> None:
    measures = rows(db, f"SELECT * FROM measures WHERE deployment_id = '{A}' ORDER BY position")
    assert [(m["metric"], m["value"], m["out_of"], m["percent"], m["text"]) for m in measures] == [
        ("true_alerts", 7305, 7306, None, "7,305 of 7,306 Base ZQ-42 (99.99%)"),
        ("searches", None, None, 12.5, "12.5% of Base ZQ-44"),
    ]
    penalties = rows(db, "SELECT * FROM penalties ORDER BY deployment_id")
    assert [(p["deployment_id"], p["kind"], p["amount"], p["currency"], p["status"]) for p in penalties] == [
        (B, "fine", 7404, "GBP", "unknown"),  # the 1.0 `fine`
        (A, "periodic_penalty", 7307, "EUR", "reduced"),
    ]
    size = rows(db, f"SELECT * FROM watchlists WHERE deployment_id = '{B}' ORDER BY position")
    assert [(w["size"], w["size_qualifier"], w["size_min"], w["size_max"]) for w in size] == [
        (None, "range", 7402, 7403),
        (7405, "exact", None, None),
    ]
    assert size[0]["received_by_unknown"] == "withheld"


def test_sources_keep_descriptive_titles_and_original_outlets(db: sqlite3.Connection) -> None:
    (s1,) = rows(db, f"SELECT * FROM sources WHERE deployment_id = '{A}' AND source_id = 's1'")
    assert (s1["title_kind"], s1["original_publisher"], s1["published"], s1["published_qualifier"]) == (
        "descriptive",
        "Original outlet ZQ-65",
        "2009-07",
        "inferred",
    )


def test_json_carries_the_forms_and_the_notice_and_validates(api: Path) -> None:
    schemas = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(api.glob("*.schema.json"))]
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas)
    for name, path in (
        ("deployments.schema.json", "deployments.json"),
        ("deployment.schema.json", f"deployments/{A}.json"),
    ):
        schema = next(s for s in schemas if s["$id"].endswith("/" + name))
        data = json.loads((api / path).read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator(schema, registry=registry).validate(data)
    one = json.loads((api / f"deployments/{A}.json").read_text(encoding="utf-8"))
    assert one["evidence_notice"] == NOTICE
    record = one["record"]
    assert record["system"]["cameras"] == {
        "count": 7301,
        "qualifier": "approximate",
        "min": None,
        "max": None,
        "as_of": "2018-04",
        "note": "Cameras note ZQ-13.",
    }
    # A range has no qualifier: the default "exact" told a script that 1,200 to 1,600 was exact.
    installed = record["system"]["cameras_installed"]
    assert "qualifier" not in installed and installed["count"] is None
    assert installed["min"] is not None and installed["max"] is not None
    assert record["investigations"][0]["penalties"][0]["status"] == "reduced"
    assert record["evidence"]["basis"] == "alleged"


def test_frictionless_validates_the_data_package_with_the_new_columns(api: Path) -> None:
    from frictionless import validate

    report = validate(str(api / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])

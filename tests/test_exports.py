"""The open data under /api/v1/: schemas, CSV safety, the data package, SQLite, reproducibility,
the /data/ page, DATA.md, sitemap.xml, robots.txt and canonical links.

Most tests read one site built per session from a real git repository (tests/exports_site.py).
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import html
import html.parser
import io
import json
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import jsonschema
import pytest
from exports_site import (
    FORMULA,
    FORMULA_TITLE,
    KX,
    MERGED,
    NEW,
    OLD,
    PRIVATE,
    REVIEWS,
    WITHDRAWN,
    WITHDRAWN_REASON,
    session_site,
)
from referencing import Registry, Resource

from registry import engine
from registry.context import BuildContext, read_site_config
from registry.entries import load_registry
from registry.exports import export_files
from registry.exports.contract import CHANGELOG, DATA_VERSION
from registry.exports.csv import FORMULA_STARTS, neutralise
from registry.exports.patch import apply
from registry.exports.records import collect
from registry.exports.sqlite import AS_PUBLISHED, LOOKUPS, STORED, storage_markdown
from registry.exports.tables import TABLES, columns_markdown
from registry.history import read_history
from registry.output import Site
from registry.postbuild.csp import page_with_csp
from registry.sanitize import clean_page_html

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://fr-registry.example.org/"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fx(tmp_path_factory):
    return session_site(tmp_path_factory)


@pytest.fixture(scope="module")
def api(fx) -> Path:
    return fx.site / "api" / "v1"


def validator(api: Path, name: str) -> jsonschema.Draft202012Validator:
    """A validator for one published schema, resolving `$ref`s to the other published schemas."""
    schemas = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(api.glob("*.schema.json"))]
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas)
    schema = next(s for s in schemas if s["$id"].endswith("/" + name))
    return jsonschema.Draft202012Validator(
        schema, registry=registry, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


# --- JSON ---


def test_deployments_json_validates_and_holds_only_published_content(api: Path) -> None:
    data = load(api / "deployments.json")
    validator(api, "deployments.schema.json").validate(data)
    assert data["data_version"] == DATA_VERSION
    assert [d["id"] for d in data["deployments"]] == [FORMULA, KX, NEW]
    assert data["count"] == 3
    assert data["aliases"] == {OLD: NEW}
    merged, withdrawn = data["tombstones"]
    assert withdrawn["id"] == WITHDRAWN
    assert withdrawn["withdrawn"] == {"date": "2021-03-01", "reason": WITHDRAWN_REASON}
    assert merged["id"] == MERGED and merged["status"] == "merged" and merged["merged_into"] == KX
    assert data["source"]["as_of"] == "2022-01-10"
    kx = next(d for d in data["deployments"] if d["id"] == KX)
    assert kx["first_published"] == "2019-10-03" and kx["record"]["system"]["cameras"] == 2
    assert kx["url"] == f"{SITE_URL}deployments/{KX}/"


def test_every_entry_json_validates_with_its_history(api: Path) -> None:
    check = validator(api, "deployment.schema.json")
    files = sorted((api / "deployments").glob("*.json"))
    assert {p.stem for p in files} == {FORMULA, KX, MERGED, NEW, OLD, WITHDRAWN}
    for path in files:
        check.validate(load(path))
    formula = load(api / "deployments" / f"{FORMULA}.json")
    assert [r["date"] for r in formula["history"]] == ["2020-06-01", "2019-10-03"]
    changes = formula["history"][0]["changes"]
    assert any(c["field"] == "timeline.status" for c in changes), changes
    assert formula["revision"]["short"] == formula["history"][0]["short"]


def test_a_withdrawn_record_keeps_its_files_but_not_its_content(fx, api: Path) -> None:
    data = load(api / "deployments" / f"{WITHDRAWN}.json")
    assert data["status"] == "withdrawn" and "record" not in data
    assert all("changes" not in r and "subject" not in r for r in data["history"])
    summary_words = "Camden borough police supplied"
    for path in [
        *(api / "deployments" / WITHDRAWN).rglob("*.json"),
        *(fx.site / "deployments" / WITHDRAWN).rglob("*.html"),
    ]:
        assert summary_words not in path.read_text(encoding="utf-8"), path
    page = html.unescape((fx.site / "deployments" / WITHDRAWN / "index.html").read_text(encoding="utf-8"))
    assert "withdrawn" in page and WITHDRAWN_REASON in page
    assert "tombstone" in page


def test_a_merged_record_points_at_its_successor_and_keeps_no_content(fx, api: Path) -> None:
    data = load(api / "deployments" / f"{MERGED}.json")
    assert data["status"] == "merged" and data["tombstone"]["merged_into"] == KX and "record" not in data
    page = (fx.site / "deployments" / MERGED / "index.html").read_text(encoding="utf-8")
    assert f'href="/deployments/{KX}/"' in page and "Camden borough police supplied" not in page
    # Its revision addresses of earlier builds stay, without the content.
    pages = sorted((fx.site / "deployments" / MERGED / "revisions").rglob("index.html"))
    documents = sorted((api / "deployments" / MERGED / "revisions").glob("*.json"))
    assert pages and documents
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert (
            f"url=/deployments/{MERGED}/history/#rev-" in text
            and "Camden borough police supplied" not in text
        )
    for path in documents:
        document = load(path)
        assert document["status"] == "merged" and "record_as_written" not in document
        assert "Camden borough police supplied" not in path.read_text(encoding="utf-8")


def test_a_redacted_value_is_in_no_published_file(fx) -> None:
    """SECURITY.md rule 17: the private name left the entry and history must not bring it back."""
    old = subprocess.run(
        ["git", "show", f"{fx.commits['add']}:entries/gb/{FORMULA}.yaml"],
        cwd=fx.root,
        capture_output=True,
        check=True,
    )
    assert PRIVATE.encode() in old.stdout  # still in git, as SECURITY.md section 5 explains
    leaks = [
        p.relative_to(fx.site).as_posix()
        for p in fx.site.rglob("*")
        if p.is_file() and PRIVATE.encode() in p.read_bytes()
    ]
    assert leaks == []
    first = load(
        fx.site / "api" / "v1" / "deployments" / FORMULA / "revisions" / f"{fx.commits['add'][:12]}.json"
    )
    assert first["record_as_written"]["operator"]["note"] == "[redacted: privacy]"
    # The patches the history page's script applies carry the redacted version too.
    history = load(fx.site / "api" / "v1" / "deployments" / f"{FORMULA}.json")["history"]
    assert apply(None, history[-1]["patch"]) == first["record_as_written"]


def test_revision_json_validates_and_holds_the_record_as_written(fx, api: Path) -> None:
    check = validator(api, "revision.schema.json")
    files = sorted((api / "deployments").glob("*/revisions/*.json"))
    assert files
    for path in files:
        check.validate(load(path))
    first = load(api / "deployments" / FORMULA / "revisions" / f"{fx.commits['add'][:12]}.json")
    assert first["record_as_written"]["timeline"]["status"] == "ended"
    assert first["record_as_written"]["system"]["cameras"] == "2"  # as written: a string


def test_the_published_entry_schema_is_the_committed_one_at_its_stable_address(api: Path) -> None:
    published = load(api / "entry.schema.json")
    committed = load(ROOT / "schema" / "entry.schema.json")
    assert published["$id"] == f"{SITE_URL}api/v1/entry.schema.json"
    assert {**published, "$id": None} == {**committed, "$id": None}


# --- CSV ---


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_neutralise_prefixes_every_formula_start(start: str) -> None:
    assert neutralise(f"{start}SUM(A1)") == f"'{start}SUM(A1)"


@pytest.mark.parametrize(
    "value",
    [
        ' =HYPERLINK("https://attacker.example/x","click")',
        "  +1+1",
        "\u00a0@SUM(A1)",
        "\n-1+1",
        "\u3000\uff1d1+1",
    ],
)
def test_neutralise_prefixes_a_formula_after_white_space(value: str) -> None:
    """A spreadsheet may trim a cell before it reads it: the sign after white space counts too."""
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize(
    ("value", "text"), [(-0.1278, "-0.1278"), (-3, "-3"), ("-12.5", "-12.5"), ("a=b", "a=b"), (None, "")]
)
def test_neutralise_leaves_numbers_and_plain_text(value, text: str) -> None:
    assert neutralise(value) == text


def test_csv_round_trips_and_neutralises_formula_cells(api: Path) -> None:
    raw = (api / "deployments.csv").read_bytes()
    assert b"\r\n" in raw and not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert list(rows[0]) == TABLES[0].names
    assert [r["id"] for r in rows] == [FORMULA, KX, NEW]
    formula = rows[0]
    assert formula["title"] == "'" + FORMULA_TITLE
    assert formula["status"] == "paused" and formula["cameras"] == "2" and formula["cameras_unknown"] == ""
    assert json.loads(formula["vendors"]) == ["NEC"]
    for row in rows:
        for cell in row.values():
            assert not cell.lstrip().startswith(FORMULA_STARTS) or re.fullmatch(r"-?[0-9.]+", cell), cell
    kx = rows[1]
    assert (
        kx["outcomes_unknown"] == "not_recorded" and kx["revision"] and kx["first_published"] == "2019-10-03"
    )


# --- Data package ---


def test_frictionless_validates_the_data_package(api: Path) -> None:
    from frictionless import validate

    report = validate(str(api / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = load(api / "datapackage.json")
    assert package["version"] == DATA_VERSION
    for resource in package["resources"]:
        data = (api / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()


def test_frictionless_notices_a_tampered_file(api: Path, tmp_path: Path) -> None:
    from frictionless import validate

    copy = tmp_path / "v1"
    shutil.copytree(api, copy, ignore=shutil.ignore_patterns("deployments"))
    (copy / "deployments.csv").write_bytes(
        (copy / "deployments.csv").read_bytes().replace(b"paused", b"active")
    )
    assert not validate(str(copy / "datapackage.json")).valid


# --- SQLite ---


def test_sqlite_answers_status_changes_per_year(api: Path) -> None:
    db = sqlite3.connect(api / "registry.sqlite")
    rows = db.execute(
        "SELECT substr(c.date, 1, 4) AS year, count(*) FROM changes c "
        "JOIN deployments d ON d.id = c.deployment_id WHERE c.field = 'timeline.status' "
        "GROUP BY year ORDER BY year"
    ).fetchall()
    assert rows == [("2020", 1)]
    stored = db.execute(
        "SELECT substr(c.date, 1, 4) AS year, count(*) FROM record_changes x "
        "JOIN commits c USING (commit_key) WHERE x.field = 'timeline.status' "
        "GROUP BY year ORDER BY year"
    ).fetchall()
    assert stored == rows
    assert dict(db.execute("SELECT key, value FROM meta"))["data_version"] == DATA_VERSION
    assert db.execute("PRAGMA user_version").fetchone() == (int(DATA_VERSION.split(".")[0]),)
    flows = db.execute(
        "SELECT supplier, recipient, count(*) FROM flows WHERE kind = 'watchlist_images' "
        "GROUP BY supplier, recipient ORDER BY supplier"
    ).fetchall()
    assert flows == [
        ("British Transport Police", "King's Cross Central Limited Partnership", 3),
        ("Metropolitan Police Service", "King's Cross Central Limited Partnership", 3),
    ]
    assert db.execute("SELECT count(*) FROM revisions WHERE deployment_id = ?", (NEW,)).fetchone() == (
        2 + REVIEWS,
    )
    assert db.execute("PRAGMA page_size").fetchone() == (4096,)
    db.close()


def test_sqlite_stores_each_fact_once_and_gives_the_tables_back_as_views(api: Path) -> None:
    db = sqlite3.connect(api / "registry.sqlite")
    kinds = dict(db.execute("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')"))
    assert {n for n, k in kinds.items() if k == "view"} == {s.published for s in STORED}
    assert {n for n, k in kinds.items() if k == "table"} == {
        "meta",
        *AS_PUBLISHED,
        *LOOKUPS,
        *(s.name for s in STORED),
    }
    for table in TABLES:  # every documented table, with its documented columns in order
        assert [r[1] for r in db.execute(f'PRAGMA table_info("{table.name}")')] == table.names
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    # A record's text id is stored once; a commit once, however many records it changed.
    assert db.execute("SELECT count(*), count(DISTINCT id) FROM records").fetchone() == (3, 3)
    assert db.execute("SELECT count(*) FROM commits").fetchone() == (
        db.execute("SELECT count(DISTINCT sha) FROM revisions").fetchone()
    )
    assert db.execute(
        "SELECT count(*) FROM organisations WHERE name = 'Metropolitan Police Service'"
    ).fetchone() == (1,)
    # The renamed record: its first revisions were made under the old id, which the view gives back
    # while the stored row keeps NULL for the revision made under the current id.
    assert db.execute(
        "SELECT id_at_revision FROM revisions WHERE deployment_id = ? ORDER BY position", (NEW,)
    ).fetchall() == [(OLD,)] * (1 + REVIEWS) + [(NEW,)]
    assert db.execute(
        "SELECT x.id_at_revision FROM record_revisions x JOIN records r USING (record_key) "
        "WHERE r.id = ? ORDER BY x.position",
        (NEW,),
    ).fetchall() == [(OLD,)] * (1 + REVIEWS) + [(None,)]
    db.close()


def test_sqlite_views_give_back_exactly_the_published_rows(fx, api: Path, tmp_path: Path) -> None:
    """Every view (and table) holds the rows of its table in registry.exports.tables, value for value."""
    root = fx.root
    history = read_history(root, tmp_path / "cache")
    ctx = BuildContext(root, load_registry(root), history, read_site_config(root), tmp_path / "docs")
    export = collect(ctx)
    db = sqlite3.connect(api / "registry.sqlite")
    for table in TABLES:
        expected = sorted(table.rows(export), key=repr)
        got = sorted(db.execute(f'SELECT * FROM "{table.name}"').fetchall(), key=repr)
        assert got == expected, table.name
        # The fixture has no old ids without content, and its records are 1.0 files with no
        # figures or penalties: tests/test_contract_exports.py fills those two tables.
        assert expected or table.name in ("aliases", "measures", "penalties")
    db.close()


def test_a_second_build_writes_identical_bytes(fx, api: Path, tmp_path: Path) -> None:
    """Everything under /api/v1/ again, from a fresh load and a cold history read."""
    root = fx.root
    history = read_history(root, tmp_path / "cache")
    ctx = BuildContext(root, load_registry(root), history, read_site_config(root), tmp_path / "docs")
    Site(tmp_path / "again").write("exports", export_files(ctx))
    again = tmp_path / "again" / "api" / "v1"
    for path in sorted(again.rglob("*")):
        if path.is_file():
            assert path.read_bytes() == (api / path.relative_to(again)).read_bytes(), path.name


# --- Documentation: DATA.md and /data/ ---


@pytest.mark.parametrize(("name", "generate"), [("columns", columns_markdown), ("storage", storage_markdown)])
def test_data_md_documents_every_table_and_column(update_golden: bool, name: str, generate) -> None:
    """The published tables (`columns`) and how the SQLite file stores them (`storage`)."""
    path = ROOT / "DATA.md"
    text = path.read_text(encoding="utf-8")
    start = text.index("-->\n", text.index(f"<!-- {name}:start")) + 4
    end = text.index(f"<!-- {name}:end -->")
    if update_golden:
        text = text[:start] + generate().rstrip("\n") + "\n" + text[end:]
        path.write_text(text, encoding="utf-8")
    block, expected = text[start:end].rstrip("\n"), generate().rstrip("\n")
    if block != expected:
        diff = "".join(difflib.unified_diff(block.splitlines(True), expected.splitlines(True)))
        pytest.fail(f"DATA.md's {name} tables are stale; run `pytest --update-golden` and review:\n{diff}")
    assert f"data version is {DATA_VERSION}" in text
    for version, day, _ in CHANGELOG:
        assert f"### {version} ({day})" in text


def test_the_data_page_lists_every_column_and_links_every_file(fx) -> None:
    page = (fx.site / "data" / "index.html").read_text(encoding="utf-8")
    for table in TABLES:
        assert f'id="table-{table.name}"' in page
        for column in table.columns:
            assert f"<code>{column.name}</code>" in page, column.name
    for name in [
        "deployments.json",
        "deployments.csv",
        "registry.sqlite",
        "datapackage.json",
        "entry.schema.json",
    ]:
        assert f'href="/api/v1/{name}"' in page and (fx.site / "api" / "v1" / name).is_file()
    assert DATA_VERSION in page


# --- sitemap.xml, robots.txt, canonical links ---


def test_sitemap_dates_come_from_git_and_list_only_live_pages(fx) -> None:
    text = (fx.site / "sitemap.xml").read_text(encoding="utf-8")
    urls = dict(re.findall(r"<loc>([^<]+)</loc>(?:<lastmod>([^<]+)</lastmod>)?", text))
    assert urls[f"{SITE_URL}deployments/{KX}/"] == "2019-10-03"
    assert urls[f"{SITE_URL}deployments/{FORMULA}/"] == "2020-06-01"
    assert urls[SITE_URL] == "2022-01-10"
    assert f"{SITE_URL}deployments/{WITHDRAWN}/" not in urls  # a tombstone has nothing to index
    assert f"{SITE_URL}deployments/{OLD}/" not in urls
    assert not any("/revisions/" in u for u in urls)
    # A history page is listed, dated like its record.
    assert (
        urls[f"{SITE_URL}deployments/{NEW}/history/"] == urls[f"{SITE_URL}deployments/{NEW}/"] == "2022-01-10"
    )
    robots = (fx.site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots


def test_revision_pages_carry_the_base_policy_once(fx) -> None:
    """The redirect pages at listed revision addresses are written with their policy by the
    revisions step, which the CSP step then leaves alone; they run no script."""
    pages = sorted(fx.site.glob("deployments/*/revisions/*/index.html"))
    assert pages
    policy = page_with_csp('<meta charset="utf-8">')
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert html.count("Content-Security-Policy") == 1, path
        assert html.startswith("<!doctype html>\n<html") and policy in html, path
        assert 'http-equiv="refresh"' in html and "<script" not in html, path


def test_every_link_has_an_address_and_each_revision_link_resolves(fx) -> None:
    """The sanitiser drops an href it does not allow and keeps the <a>: a link that goes nowhere."""
    pages = sorted(fx.site.rglob("*.html"))
    revision_links = 0
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert not [tag for tag in re.findall(r"<a\b[^>]*>", html) if "href=" not in tag], path
        for href, short in re.findall(
            r'<a href="(/deployments/[^"]+/history/)#rev-([0-9a-f]{12})"[^>]*>This record as it', html
        ):
            history = (fx.site / href.lstrip("/") / "index.html").read_text(encoding="utf-8")
            assert f'id="rev-{short}"' in history, (href, short)
            revision_links += 1
    assert revision_links >= 5


def test_every_page_tells_browsers_to_send_no_referrer(fx) -> None:
    """Links outside page content (the theme's footer and repository links) carry no
    rel="noreferrer"; the page-wide policy keeps a reader's path from other sites anyway."""
    pages = sorted(fx.site.rglob("*.html"))
    assert len(pages) > 20
    missing = [p for p in pages if '<meta name="referrer" content="no-referrer">' not in p.read_text("utf-8")]
    assert not missing


def test_every_page_has_one_canonical_link_under_the_site_url(fx) -> None:
    pages = [p for p in sorted(fx.site.rglob("*.html")) if p.name != "404.html"]
    assert len(pages) > 20
    for path in pages:
        links = re.findall(r'<link rel="canonical" href="([^"]+)"', path.read_text(encoding="utf-8"))
        assert len(links) == 1 and links[0].startswith(SITE_URL), path
    redirect = (fx.site / "deployments" / OLD / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITE_URL}deployments/{NEW}/">' in redirect


def _generated_pages(root: Path) -> list[tuple[str, str, str]]:
    """Every page the build generated, as (name, body HTML, that body through Python-Markdown
    with the extensions and settings of the site's own mkdocs.yml)."""
    import markdown

    extensions, settings = engine.markdown_settings(root / "build")
    pages = []
    for path in sorted((root / "build" / "docs").rglob("*.md")):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        rendered = markdown.markdown(body, extensions=extensions, extension_configs=settings)
        pages.append((path.relative_to(root).as_posix(), body, rendered))
    assert len(pages) > 20
    return pages


def test_markdown_would_leave_every_generated_page_unchanged(fx) -> None:
    """The engine hook skips Markdown for our pages (registry.engine): exact only while
    Python-Markdown, with the site's extensions, hands each page back as it is."""
    changed = [name for name, body, rendered in _generated_pages(fx.root) if rendered.strip() != body.strip()]
    assert not changed


class _Shape(html.parser.HTMLParser):
    """Every element with its attributes (values unescaped), in document order; `rel` aside."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, tuple[tuple[str, str], ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # A bare `hidden` and nh3's `hidden=""` are one attribute, hence `or ""`.
        self.elements.append((tag, tuple(sorted((k, v or "") for k, v in attrs if k != "rel"))))


def _shape(text: str) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    parser = _Shape()
    parser.feed(text)
    return parser.elements


def test_the_backstop_removes_nothing_our_templates_write(fx) -> None:
    """nh3 drops, silently, any tag or attribute outside its policy (registry.sanitize): a
    template that uses one loses it on the built site while its golden file still shows it.
    That once hid every "Show the text" disclosure and the history list's `reversed`. So each
    generated page, through the same Markdown as MkDocs, must come out of the policy whole."""
    lost: dict[str, str] = {}
    for name, _body, rendered in _generated_pages(fx.root):
        kept = _shape(clean_page_html(rendered))
        for element in _shape(rendered):
            if element not in kept:
                lost.setdefault(repr(element)[:200], name)
    assert not sorted(lost.items())


def test_export_json_is_the_standard_encoders_text_but_for_float_exponents() -> None:
    """exports.json.dumps uses orjson for speed; its text must be what json gives, string for
    string, so that no published file changes because of the encoder."""
    from registry.exports.json import dumps

    value = {
        "t": 'Café \u2028 \x00 "q" \\ </script> 🙂',
        "n": [0, -7, 2**63 - 1, 51.5074, None, True],
        "e": {},
    }
    assert dumps(value) == (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
    assert json.loads(dumps({"huge": 2**80})) == {"huge": 2**80}  # beyond orjson: the standard encoder

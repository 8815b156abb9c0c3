"""The page generators: browse pages grouped once per key, latest additions, the deployments table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from registry.build import BuildContext, NoHistory, read_site_config
from registry.entries import load_registry
from registry.history.model import EntryHistory, History, Revision
from registry.pages import PAGE_GENERATORS, generate_pages
from registry.pages.browse import LATEST, browse_pages, latest_additions, make_row
from registry.text import slugify

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def files():
    return load_registry(ROOT)


def _ctx(files, history=None) -> BuildContext:
    return BuildContext(ROOT, files, history or NoHistory(), read_site_config(ROOT), ROOT / "build" / "docs")


def test_one_page_per_country_vendor_and_operator(files) -> None:
    pages = browse_pages(_ctx(files))
    published = [f.entry for f in files if f.entry.record.status == "published"]
    for e in published:
        assert f"countries/{e.country.lower()}/index.md" in pages
        assert f"operators/{slugify(e.operator.name)}/index.md" in pages
        for p in e.vendors:
            if isinstance(p.name, str):
                assert f"vendors/{slugify(p.name)}/index.md" in pages
    for kind in ("countries", "vendors", "operators"):
        assert f"{kind}/index.md" in pages
    gb = pages["countries/gb/index.md"]
    assert "gb-kings-cross-argent" in gb and "us-rite-aid-stores" not in gb


def test_the_deployments_table_lists_every_published_entry_with_filter_data(files) -> None:
    page = browse_pages(_ctx(files))["deployments/index.md"]
    published = [f for f in files if f.entry.record.status == "published"]
    assert page.count("<tr data-country=") == len(published)
    assert '<th scope="col">Deployment</th>' in page
    for key in ("country", "status", "kind", "vendor", "years"):
        assert f'<label for="filter-{key}">' in page and f'data-filter="{key}"' in page
    row = make_row(next(f for f in files if f.entry.id == "gb-kings-cross-argent"))
    assert (row.country, row.status, row.kind, row.vendor_slugs, row.years) == (
        "GB",
        "ended",
        "property",
        "nec",
        "2016 2017 2018",
    )


def _history(order: list[str]) -> History:
    entries = {}
    for index, entry_id in enumerate(order):
        revision = Revision(
            index,
            f"{index:040x}",
            1_600_000_000 + index * 86_400,
            "a",
            "add",
            None,
            entry_id,
            f"entries/x/{entry_id}.yaml",
            "created",
        )
        entries[entry_id] = EntryHistory(entry_id, entry_id, (revision,))
    return History(available=True, entries=entries)


def test_latest_additions_follow_history_not_the_clock_or_ids(files) -> None:
    ids = sorted(f.entry.id for f in files if f.entry.record.status == "published")
    order = list(reversed(ids))  # the first id in sort order was added last
    ctx = _ctx(files, _history(order))
    rows = {f.entry.id: make_row(f) for f in ctx.published}
    latest = latest_additions(ctx, rows)
    assert [r["id"] for r in latest] == ids[:LATEST]
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", latest[0]["added"])  # the merge date, from git


def test_latest_additions_without_history_are_by_id(files) -> None:
    ctx = _ctx(files)
    rows = {f.entry.id: make_row(f) for f in ctx.published}
    assert [r["id"] for r in latest_additions(ctx, rows)] == sorted(rows)[:LATEST]


def test_generators_do_not_overlap_and_cover_the_fixed_pages(files) -> None:
    pages = generate_pages(_ctx(files))
    for path in (
        "index.md",
        "deployments/index.md",
        "search/index.md",
        "methodology/index.md",
        "contribute/index.md",
    ):
        assert path in pages
    assert len(PAGE_GENERATORS) >= 3

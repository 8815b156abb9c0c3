"""The page generators: browse pages grouped once per key, latest additions, the deployments table."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fixture_registry import fixture_files
from markupsafe import escape

from registry.charts.bars import chart_by_status
from registry.checks.base import EntryFile
from registry.context import BuildContext, no_history, read_site_config
from registry.entries import load_registry
from registry.history.model import EntryHistory, History, Revision
from registry.pages import PAGE_GENERATORS, generate_pages
from registry.pages.browse import LATEST, UNKNOWN_VENDOR, browse_pages, latest_additions, make_row
from registry.pages.entry import REVISIONS_ON_PAGE, entry_pages
from registry.pages.pictures import picture_pages
from registry.text import slugify

ROOT = Path(__file__).resolve().parent.parent
FULL = (ROOT / "tests" / "fixtures" / "entries" / "valid_full.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def files():
    return fixture_files()


def _ctx(files, history=None) -> BuildContext:
    return BuildContext(ROOT, files, history or no_history(), read_site_config(ROOT), ROOT / "build" / "docs")


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


def test_a_country_page_names_its_country_as_a_sentence_does(files) -> None:
    """ "Deployments in United States", and ISO's "Russian Federation" and "Palestine, State of"
    (an index's inverted form) read as no one writes them."""
    pages = browse_pages(_ctx(files))
    for code, heading in [
        ("us", "the United States"),
        ("gb", "the United Kingdom"),
        ("ru", "Russia"),
        ("fr", "France"),
    ]:
        assert f">Deployments in {heading}</h1>" in pages[f"countries/{code}/index.md"]
    assert (
        "Palestine, State of" not in pages["countries/index.md"]
        and "Russian Federation" not in pages["countries/index.md"]
    )
    from registry.countries import country_in_sentence, country_name

    assert (country_name("PS"), country_in_sentence("NL"), country_in_sentence("DE")) == (
        "Palestine",
        "the Netherlands",
        "Germany",
    )


def test_no_country_is_named_in_an_index_s_inverted_form() -> None:
    """ "Congo, The Democratic Republic of the" and "Virgin Islands, British" are index forms;
    with "the" in front they read as no one writes."""
    import re

    import pycountry

    from registry.countries import country_in_sentence

    inverted = re.compile(r", (?:The|the)\b| of(?: the)?$|, [A-Z][\w.]*$")
    names = {c.alpha_2: country_in_sentence(c.alpha_2) for c in pycountry.countries}
    assert [f"{code}: {name}" for code, name in names.items() if inverted.search(name)] == []
    assert names["CD"] == "the Democratic Republic of the Congo"
    wants_the = re.compile(
        r"(?:Islands|Territory|Territories)$|^(?:United|Isle of|Democratic|Central|Dominican)\b"
    )
    # "Heard Island and McDonald Islands" and "South Georgia and the ..." name two places each
    plural = [name for name in names.values() if wants_the.search(name) and " and " not in name]
    assert [name for name in plural if not name.startswith("the ")] == []


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


# --- Unknowns in the deployments tables: a fixture registry of three variants of valid_full ---

NAMED_VENDOR = "  - name: Example Vision\n    role: vendor\n"
UNKNOWN_VENDOR_YAML = (
    "  - name:\n      unknown: not_recorded\n      note: The council kept no record.\n    role: vendor\n"
)
KNOWN_START = "  start: 2020-01-15\n  end: 2021-01\n"
UNKNOWN_START = "  start:\n    unknown: withheld\n  end: 2021-01\n"


def _variant(entry_id: str, *edits: tuple[str, str]) -> str:
    text = FULL.replace("id: gb-fixture-full\n", f"id: {entry_id}\n", 1)
    text = text.replace("aliases: [gb-fixture-old-name]\n", "").replace("related: [gb-fixture-other]\n", "")
    text = text.replace("  country: GB\n", f"  country: {entry_id[:2].upper()}\n", 1)
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


class _Table(HTMLParser):
    """Each body row of the deployments table: its data-* attributes, cell texts and titles."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []
        self.cell: list[str] | None = None
        self.titles: list[str] = []
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.in_body = self.in_body or tag == "tbody"
        if tag == "tr" and self.in_body:
            self.rows.append({"attrs": a, "cells": [], "titles": []})
        elif tag == "td" and self.rows:
            self.cell = []
            self.titles = []
        elif self.cell is not None and a.get("title"):
            self.titles.append(a["title"] or "")

    def handle_endtag(self, tag: str) -> None:
        self.in_body = self.in_body and tag != "tbody"
        if tag == "td" and self.cell is not None:
            self.rows[-1]["cells"].append("".join(self.cell).strip())
            self.rows[-1]["titles"].append(self.titles)
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def _table_rows(page: str) -> dict[str, dict]:
    parser = _Table()
    parser.feed(page)
    return {row["cells"][0]: row for row in parser.rows}


@pytest.fixture(scope="module")
def unknown_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("unknowns")
    variants = {
        "gb-fixture-known": _variant("gb-fixture-known"),
        "gb-fixture-unknown": _variant(
            "gb-fixture-unknown", (NAMED_VENDOR, UNKNOWN_VENDOR_YAML), (KNOWN_START, UNKNOWN_START)
        ),
        "fr-fixture-mixed": _variant(
            "fr-fixture-mixed", (NAMED_VENDOR, UNKNOWN_VENDOR_YAML + "    sources: [s2]\n" + NAMED_VENDOR)
        ),
    }
    for entry_id, text in variants.items():
        path = root / "entries" / entry_id[:2] / f"{entry_id}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            text.replace("title: A fixture deployment that uses every field", f"title: {entry_id}"),
            encoding="utf-8",
        )
    ctx = BuildContext(ROOT, load_registry(root), no_history(), read_site_config(ROOT), root / "docs")
    return browse_pages(ctx)


def test_an_unknown_vendor_or_start_says_unknown_and_why(unknown_pages: dict[str, str]) -> None:
    rows = _table_rows(unknown_pages["deployments/index.md"])
    assert set(rows) == {"gb-fixture-known", "gb-fixture-unknown", "fr-fixture-mixed"}
    for row in rows.values():
        assert all(row["cells"]), f"no blank cell: {row['cells']}"
    vendor, start = 3, 5
    unknown = rows["gb-fixture-unknown"]
    assert unknown["cells"][vendor] == "Unknown (no record kept)"
    assert unknown["titles"][vendor] == ["No record kept"]
    assert unknown["cells"][start] == "Unknown (withheld or redacted)"
    assert unknown["titles"][start] == ["Withheld or redacted"]
    assert rows["fr-fixture-mixed"]["cells"][vendor] == "Unknown (no record kept); Example Vision"
    known = rows["gb-fixture-known"]
    assert (known["cells"][vendor], known["cells"][start]) == ("Example Vision", "15 January 2020")


def test_browse_pages_show_unknowns_too(unknown_pages: dict[str, str]) -> None:
    pages = {
        "countries/gb/index.md": {"gb-fixture-known", "gb-fixture-unknown"},
        "vendors/example-vision/index.md": {"gb-fixture-known", "fr-fixture-mixed"},
        "operators/example-council/index.md": {"gb-fixture-known", "gb-fixture-unknown", "fr-fixture-mixed"},
    }
    for path, ids in pages.items():
        rows = _table_rows(unknown_pages[path])
        assert set(rows) == ids, path
        for row in rows.values():
            assert all(row["cells"]), f"{path}: no blank cell: {row['cells']}"
            assert not any(c.startswith("unknown") for c in row["cells"]), f"{path}: {row['cells']}"
    gb = _table_rows(unknown_pages["countries/gb/index.md"])["gb-fixture-unknown"]["cells"]
    assert gb[3].startswith("Unknown (") and gb[5].startswith("Unknown (")


def test_only_the_filterable_table_carries_filter_data(unknown_pages: dict[str, str]) -> None:
    """assets/deployments.js filters /deployments/ by its rows' data-* attributes; browse
    pages load no such script, so their rows carry none, and lose no row or cell."""
    everything = _table_rows(unknown_pages["deployments/index.md"])
    assert all(set(row["attrs"]) == set(FILTER_DATA) for row in everything.values())
    gb = _table_rows(unknown_pages["countries/gb/index.md"])
    assert set(gb) == {"gb-fixture-known", "gb-fixture-unknown"}
    for entry_id, row in gb.items():
        assert row["attrs"] == {} and row["cells"] == everything[entry_id]["cells"], entry_id


FILTER_DATA = ("data-country", "data-status", "data-kind", "data-vendor", "data-years", "data-start")


def test_the_vendor_filter_offers_unknown(unknown_pages: dict[str, str]) -> None:
    page = unknown_pages["deployments/index.md"]
    assert f'<option value="{UNKNOWN_VENDOR}">Unknown</option>' in page
    rows = _table_rows(page)
    assert rows["gb-fixture-unknown"]["attrs"]["data-vendor"] == UNKNOWN_VENDOR
    assert rows["fr-fixture-mixed"]["attrs"]["data-vendor"] == f"{UNKNOWN_VENDOR} example-vision"
    assert rows["gb-fixture-known"]["attrs"]["data-vendor"] == "example-vision"
    assert "vendors/_unknown/index.md" not in unknown_pages


def test_the_vendor_filter_knows_the_value_earlier_builds_gave_a_vendor(files) -> None:
    """A view shared as `?vendor=rsted-vision` (legacy_slug) still filters by that vendor:
    assets/deployments.js takes an option's data-legacy value for the option."""
    kx = "gb-kings-cross-argent"

    def renamed(f: EntryFile) -> EntryFile:
        parties = [
            p.model_copy(update={"name": "Ørsted Vision"}) if p.name == "NEC" else p for p in f.entry.parties
        ]
        return EntryFile(f.path, f.loaded, f.entry.model_copy(update={"parties": parties}))

    page = browse_pages(_ctx([renamed(f) if f.entry.id == kx else f for f in files]))["deployments/index.md"]
    assert '<option value="orsted-vision" data-legacy="rsted-vision">Ørsted Vision</option>' in page
    assert page.count("data-legacy=") == 1  # no other vendor's slug changed


def _revisions(entry_id: str, count: int) -> EntryHistory:
    """`count` revisions of one record, newest first, the oldest its creation."""
    revisions = tuple(
        Revision(
            i,
            f"{i + 1:012x}" + "0" * 28,
            1_600_000_000 + i * 86_400,
            "a",
            f"edit {i}",
            None,
            entry_id,
            "x",
            "changed",
        )
        for i in reversed(range(count))
    )
    return EntryHistory(entry_id, entry_id, revisions)


def test_an_entry_page_lists_its_newest_revisions_and_links_to_the_rest(files) -> None:
    kx = "gb-kings-cross-argent"
    count = REVISIONS_ON_PAGE + 1
    ctx = _ctx(files, History(available=True, entries={kx: _revisions(kx, count)}))
    pages = entry_pages(ctx)
    page, history = pages[f"deployments/{kx}/index.md"], pages[f"deployments/{kx}/history/index.md"]
    assert page.count('<li id="rev-') == REVISIONS_ON_PAGE
    assert f'<ol class="history-list" reversed start="{count}">' in page
    oldest = f"{1:012x}"  # the one revision the page leaves out, linked where it is
    assert (
        f'<a href="/deployments/{kx}/history/#rev-{oldest}" data-older="1">The 1 earlier revision is' in page
    )
    assert 'registry_script: ["copy.js", "history.js"]' in page
    assert history.count('<li id="rev-') == count and 'id="history-more"' not in history
    assert 'title: "History of King&#x27;s Cross Estate live facial recognition' in history
    assert [p for p in pages if p.endswith("/history/index.md")] == [f"deployments/{kx}/history/index.md"]


def test_a_record_with_few_revisions_has_a_history_page_too(files) -> None:
    """A citation names /deployments/<id>/history/#rev-<short> from the first revision on, so
    that address must not wait for the seventh (issue 18); the entry page still lists them all."""
    kx = "gb-kings-cross-argent"
    ctx = _ctx(files, History(available=True, entries={kx: _revisions(kx, 2)}))
    pages = entry_pages(ctx)
    assert [p for p in pages if p.endswith("/history/index.md")] == [f"deployments/{kx}/history/index.md"]
    history, page = pages[f"deployments/{kx}/history/index.md"], pages[f"deployments/{kx}/index.md"]
    for short in (f"{1:012x}", f"{2:012x}"):
        assert f'<li id="rev-{short}">' in history and f'id="rev-{short}"' in page
    assert 'id="history-more"' not in page and "history.js" not in page
    # These revisions carry no data, so there is no record as written to rebuild.
    assert "revisions.js" not in history and "data-revisions-json" not in history


def test_a_record_no_longer_published_keeps_its_history_page_without_its_values(files) -> None:
    kx = "gb-kings-cross-argent"
    withdrawn = [
        EntryFile(
            f.path,
            f.loaded,
            f.entry.model_copy(update={"record": f.entry.record.model_copy(update={"status": "withdrawn"})}),
        )
        if f.entry.id == kx
        else f
        for f in files
    ]
    ctx = _ctx(withdrawn, History(available=True, entries={kx: _revisions(kx, REVISIONS_ON_PAGE + 1)}))
    pages = entry_pages(ctx)
    history = pages[f"deployments/{kx}/history/index.md"]
    assert history.count('<li id="rev-') == REVISIONS_ON_PAGE + 1
    assert "its history does not repeat it" in history and "/revisions/" not in history
    assert "revisions.js" not in history and "data-revisions-json" not in history
    assert "history.js" not in pages[f"deployments/{kx}/index.md"]


def alleged(f: EntryFile, denied: str, status: str) -> EntryFile:
    """`f`'s record, only alleged by its sources (and denied when `denied` is "yes"), with `status`."""
    from registry.schema import Evidence

    evidence = Evidence(basis="alleged", denied=denied, sources=["s1"])
    timeline = f.entry.timeline.model_copy(update={"status": status, "end": None})
    return EntryFile(
        f.path, f.loaded, f.entry.model_copy(update={"evidence": evidence, "timeline": timeline})
    )


def test_the_headline_and_the_tables_say_which_records_are_only_alleged(files) -> None:
    """ "136 deployments ... 57 active" counted ten alleged records, two of them active, with no
    word; a country page listed a denied one as plain "Active"."""
    first, second, *rest = [f for f in files if f.entry.record.status == "published"]
    pages = browse_pages(_ctx([alleged(first, "yes", "active"), alleged(second, "unknown", "paused"), *rest]))
    assert (
        '<p class="counts-note">These count every published record. 2 are only alleged by their '
        "sources (1 of them denied by the operator), 1 of them among those last reported active: each "
        "says so on "
        "its page and in the tables.</p>"
    ) in pages["index.md"]
    table = pages[f"countries/{first.entry.country.lower()}/index.md"]
    as_of = first.entry.timeline.as_of.year
    assert (
        f'<td data-label="Last known status">Active as of {as_of} <span class="evidence-mark">'
        "(alleged and denied)</span></td>"
    ) in table
    assert "counts-note" not in browse_pages(_ctx(rest))["index.md"]


def test_the_summary_tables_mark_alleged_and_denied_records(files) -> None:
    """The map's table counted an alleged and denied record as plain "Active", the sharing
    table showed an alleged flow as plain data sharing, and the home page's status figures
    said nothing: each now says how many are alleged or denied, or marks the record."""
    from registry.charts.sharing import sharing_edges

    published = [f for f in files if f.entry.record.status == "published"]
    flow = sharing_edges(published)[0]
    named = [f for f in published if f.entry.id in flow.records]
    rest = [f for f in published if f.entry.id not in flow.records]
    marked = [alleged(f, "yes", "active") for f in named] + rest
    ctx = _ctx(marked)
    pages = picture_pages(ctx)
    country = named[0].entry.place.country
    n = len([f for f in marked if f.entry.place.country == country and f.entry.timeline.status == "active"])
    mine = len([f for f in named if f.entry.place.country == country])
    map_row = re.search(
        rf'<tr><th scope="row"><a href="/countries/{country.lower()}/">.*?</tr>', pages["map/index.md"]
    )
    assert f'<td>{n} <span class="evidence-mark">({mine} alleged and denied)</span></td>' in map_row.group(0)
    assert "includes records that are only alleged by their sources" in pages["map/index.md"]
    assert (
        f'<td>Active as of {named[0].entry.timeline.as_of.year} <span class="evidence-mark">'
        "(alleged and denied)</span></td>"
    ) in pages["timeline/index.md"]

    sharing_page = pages["sharing/index.md"]
    whats = ["Images"] if flow.kind == "images" else [str(escape(w)) for w in flow.whats]
    what = "<br>".join([*whats[:-1], whats[-1].removesuffix(".")])  # the mark ends the sentence
    assert f'<td>{what} <span class="evidence-mark">(alleged and denied)</span></td>' in sharing_page
    link = f'<a href="/deployments/{flow.records[0]}/">{flow.records[0]}</a>'
    assert f'{link} <span class="evidence-mark">(alleged and denied)</span>' in sharing_page

    home = browse_pages(ctx)["index.md"]
    active = len([f for f in marked if f.entry.timeline.status == "active"])
    assert (
        f'<tr><th scope="row">Active</th><td>{active} <span class="evidence-mark">'
        f"({len(named)} alleged and denied)</span></td></tr>"
    ) in home
    assert f"Active ({len(named)} alleged and denied)" in chart_by_status(marked)

    plain = picture_pages(_ctx(published))
    assert "evidence-mark" not in plain["map/index.md"] + plain["sharing/index.md"]
    assert "only alleged" not in plain["map/index.md"]


def test_a_flow_whose_words_say_alleged_has_one_mark_in_the_sharing_table(files) -> None:
    """/sharing/ read "uploaded for searching (alleged). (alleged and denied)" for Macy's flow:
    the record's own "(alleged)" and the table's mark, run together. The mark says it all."""
    rcmp = next(f for f in files if f.entry.id == "ca-rcmp-clearview")
    flow = rcmp.entry.data_flows[0].model_copy(
        update={"what": "Probe images uploaded for searching (alleged)."}
    )
    marked = alleged(rcmp, "yes", "active")
    marked = EntryFile(marked.path, marked.loaded, marked.entry.model_copy(update={"data_flows": [flow]}))
    others = [f for f in files if f.entry.id != rcmp.entry.id and f.entry.record.status == "published"]
    sharing_page = picture_pages(_ctx([marked, *others]))["sharing/index.md"]
    assert (
        '<td>Probe images uploaded for searching <span class="evidence-mark">(alleged and denied)</span></td>'
    ) in sharing_page
    assert "(alleged). " not in sharing_page

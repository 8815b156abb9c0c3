"""Page wording that must never say more than the record: an editor's findings, each reproduced
with a fixture record varied to the shape of the live record it was found on."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from fixture_registry import KINGS_CROSS, fixture_files

from registry.checks.base import EntryFile
from registry.context import BuildContext, no_history, read_site_config
from registry.pages.entry import render_entry_body
from registry.schema import Evidence

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def files() -> list[EntryFile]:
    return fixture_files()


def _ctx(files: list[EntryFile]) -> BuildContext:
    return BuildContext(ROOT, files, no_history(), read_site_config(ROOT), ROOT / "build" / "docs")


def _text(body: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def _with(files: list[EntryFile], entry_id: str, **update: object) -> list[EntryFile]:
    """`files` with record `entry_id`'s fields replaced by `update`."""
    return [
        EntryFile(f.path, f.loaded, f.entry.model_copy(update=update)) if f.entry.id == entry_id else f
        for f in files
    ]


def _planned(files: list[EntryFile], denied: str) -> tuple[list[EntryFile], str]:
    """A record whose sources allege only a planned capability, as Singapore's lamppost plan."""
    evidence = Evidence(
        basis="alleged",
        denied=denied,
        note="This record documents a planned capability, not a confirmed deployment.",
        sources=["s1"],
    )
    return _with(files, KINGS_CROSS, evidence=evidence), KINGS_CROSS


@pytest.mark.parametrize(
    ("denied", "notice"),
    [
        ("no", "Alleged: what this record describes is reported by its sources but not established."),
        (
            "yes",
            "Alleged and denied: what this record describes is reported by its sources but not "
            "established; King's Cross Central Limited Partnership denies it.",
        ),
    ],
)
def test_an_alleged_plan_is_never_said_to_have_been_used(files, denied: str, notice: str) -> None:
    """The notice said "sources allege that GovTech used face recognition here" of a record
    whose sources allege only a plan, a capability or an agreement."""
    varied, entry_id = _planned(files, denied)
    ctx = _ctx(varied)
    page = _text(render_entry_body(ctx, ctx.by_id[entry_id]))
    assert notice in page
    assert "used face recognition" not in page


def test_no_record_kept_never_names_the_operator_as_the_one_that_kept_none(files) -> None:
    """King's Cross's outcomes read "Unknown: Not recorded by the operator. The Met told the
    Mayor it had no record ...": the Met supplied images; the operator was another company.
    The unknown's reason says no record was kept, and not by whom, since the data does not."""
    from registry.pages.coverage import coverage_pages

    ctx = _ctx(files)
    page = _text(render_entry_body(ctx, ctx.by_id[KINGS_CROSS]))
    assert "Unknown: No record kept. The Met told the Mayor it had no record" in page
    assert "by the operator" not in page
    coverage = coverage_pages(ctx)["coverage/index.md"]
    assert (
        "The records with the most facts of which no record was kept, or that were withheld, "
        "then the most key facts unknown."
    ) in coverage
    assert "the operator did not record" not in coverage


SEIZED = (
    "HIIDE devices and the biometric data on them, reportedly seized in August 2021; it is unclear "
    "how much data was <compromised>."
)


def _seized(files: list[EntryFile]) -> list[EntryFile]:
    """Sweden's Clearview record with its data flow turned into a reported seizure, as the
    record of the US military's HIIDE devices in Afghanistan has it."""
    entry = next(f.entry for f in files if f.entry.id == "se-police-clearview")
    flow = entry.data_flows[0].model_copy(
        update={"supplier": "United States Department of Defense", "recipient": "Taliban", "what": SEIZED}
    )
    return _with(files, entry.id, data_flows=[flow])


def test_the_sharing_page_says_what_went_in_the_records_words_not_that_it_was_supplied(files) -> None:
    """/sharing/ turned "HIIDE devices ... reportedly seized" into "Other data" that the
    Department of Defense "supplied" to the Taliban; the flow's own words are shown, escaped."""
    from registry.charts.sharing import sharing_chart, sharing_edges
    from registry.pages.pictures import picture_pages

    varied = _seized(files)
    ctx = _ctx(varied)
    page = picture_pages(ctx)["sharing/index.md"]
    escaped = html.escape(SEIZED, quote=False)
    row = re.search(r"<tr><td>United States Department of Defense</td>.*?</tr>", page, re.S)
    assert row is not None
    assert f"<td>Taliban</td><td>{escaped}</td>" in row.group(0)
    assert "Other data" not in row.group(0)
    assert (
        "<p>Across all records: which organisations supplied images for watchlists to which others, "
        "and where other data went, in each record's own words"
    ) in page
    assert "supplied images for watchlists, or other data" not in page
    assert '<th scope="col">From</th><th scope="col">To</th><th scope="col">What</th>' in page
    chart = str(sharing_chart(sharing_edges(varied)))
    assert "Data went from United States Department of Defense to Taliban (1 record)" in chart
    assert "passed data to" not in chart and "supplied images or data" not in chart


def test_an_organisation_page_says_what_went_in_the_records_words(files) -> None:
    """The operator and vendor pages listed a flow as "(passed data; <record>)" and "(other
    data; <record>)": now they give what went, in the record's words."""
    from registry.pages.browse import browse_pages

    entry = next(f.entry for f in files if f.entry.id == "se-police-clearview")
    flow = entry.data_flows[0].model_copy(update={"what": SEIZED})
    pages = browse_pages(_ctx(_with(files, entry.id, data_flows=[flow])))
    escaped = html.escape(SEIZED, quote=False).removesuffix(".")  # inside brackets, before "; "
    police = pages["operators/swedish-police-authority/index.md"]
    assert f"Clearview AI</a> ({escaped}; <a" in police
    assert "passed data" not in police
    assert "Images or other data went to:" in police
    clearview = pages["vendors/clearview-ai/index.md"]
    assert f"Swedish Police Authority</a> ({escaped}; <a" in clearview
    assert "Images or other data came from:" in clearview


def _starts(files: list[EntryFile]) -> list[EntryFile]:
    """Two records whose start is unknown: Kings Cross's never came (`not_applicable`, as the
    Garda plan's), Sweden's nobody has published (`not_found`)."""
    from registry.types import Unknown

    def start(entry_id: str, reason: str) -> dict[str, object]:
        entry = next(f.entry for f in files if f.entry.id == entry_id)
        unknown = Unknown(unknown=reason, note="No source shows that the system was ever used.")
        return {"timeline": entry.timeline.model_copy(update={"start": unknown, "end": None})}

    varied = _with(files, KINGS_CROSS, **start(KINGS_CROSS, "not_applicable"))
    return _with(varied, "se-police-clearview", **start("se-police-clearview", "not_found"))


def test_a_deployment_that_never_started_is_not_said_to_have_an_unknown_start(files) -> None:
    """/timeline/ listed records whose start is not applicable (never started: Manchester City,
    the Garda plan) under "Deployments with an unknown start ... nobody has published when they
    started", and the home chart counted them among "with an unknown start"."""
    from registry.charts.bars import chart_by_year
    from registry.charts.timeline import timeline_chart
    from registry.pages.browse import browse_pages
    from registry.pages.pictures import picture_pages

    varied = _starts(files)
    ctx = _ctx(varied)
    page = picture_pages(ctx)["timeline/index.md"]
    unknown, never = page.split('<h2 id="undated">')[1].split('<h2 id="not-started">')
    assert "Deployments with an unknown start</h2>\n<p>Not drawn, because nobody has published" in unknown
    assert "se-police-clearview" in unknown and KINGS_CROSS not in unknown
    assert (
        "Deployments not shown to have started</h2>\n<p>Not drawn, because their records give no start"
        in never
    )
    assert KINGS_CROSS in never and "se-police-clearview" not in never
    from registry.types import Unknown

    unknown = sum(1 for f in varied if isinstance(f.entry.timeline.start, Unknown)) - 1
    assert unknown >= 1
    words = f"{unknown} with an unknown start, 1 not shown to have started"
    assert f"whose start is known (left out: {words}) as bars" in page
    home = browse_pages(ctx)["index.md"]
    assert f"Deployments by the year they started (not counted: {words})" in home
    entries = [f.entry for f in varied]
    assert f"Not shown: {words}." in str(chart_by_year(entries))
    assert f"Not drawn, and listed below the picture: {words}." in str(timeline_chart(entries))


def test_the_map_and_timeline_pictures_carry_the_marks_their_tables_do(files) -> None:
    """The map's label said "Serbia: 1 deployment (1 active)" and the timeline's bar "2019: 12
    active" where their tables said "1 (1 alleged and denied)"; the home status chart already
    said "Active (1 alleged, 1 alleged and denied)", and they now use its wording."""
    from registry.charts import map as world
    from registry.charts.timeline import start_year, timeline_chart

    evidence = Evidence(basis="alleged", denied="yes", sources=["s1"])
    kx = next(f.entry for f in files if f.entry.id == KINGS_CROSS)
    timeline = kx.timeline.model_copy(update={"status": "active", "end": None})
    varied = [f.entry for f in _with(files, KINGS_CROSS, evidence=evidence, timeline=timeline)]
    gb = [e for e in varied if e.place.country == "GB"]
    statuses = {s: sum(1 for e in gb if e.timeline.status == s) for s in ("active",)}
    map_svg = str(world.world_map(varied, "/"))
    assert (
        f"United Kingdom: {len(gb)} deployments, {statuses['active']} active (1 alleged and denied)"
        in map_svg
    )
    year = start_year(kx)
    n = sum(1 for e in varied if start_year(e) == year and e.timeline.status == "active")
    assert f"<title>{year}: {n} active (1 alleged and denied)</title>" in str(timeline_chart(varied))
    plain = str(world.world_map([f.entry for f in files], "/"))
    assert "United Kingdom: " in plain and "alleged" not in plain


def test_a_page_left_by_a_record_under_review_says_it_may_come_back(files) -> None:
    """The kept page of a country, vendor or operator whose only record is under review said
    the record was "withdrawn, merged into another record, or now listed under another name":
    wrong for a record hidden while it is reviewed."""
    ctx = _ctx(files)
    template = ctx.env.get_template("vacated.html.j2")
    page = _text(template.render(u="/", kind="operators", listing="Operators", name="", whose="", now=()))
    assert (
        "This page listed deployments that the registry does not publish here now: withdrawn, "
        "merged into another record, listed under another name, or hidden while under review "
        "(a record under review may be published again)."
    ) in page


@pytest.mark.parametrize(
    ("status", "kind", "title"),
    [
        ("withdrawn", "withdrawn", f"Withdrawn: record {KINGS_CROSS}"),
        ("merged", "merged", f"Merged into another record: record {KINGS_CROSS}"),
        ("withdrawn", "changed", f"Withdrawn: record {KINGS_CROSS}: Changed"),
    ],
)
def test_a_feed_title_says_a_withdrawal_once(files, status: str, kind: str, title: str) -> None:
    """/feeds/all.xml read "Withdrawn: record gb-meadowhall-british-land-2018: Withdrawn (...)".
    A retired record's item has no headline either ("Withdraw it"): tests/test_tombstone.py."""
    import xml.etree.ElementTree as ET

    from registry.feeds import FEED_ALL, render_feeds
    from registry.history.model import EntryHistory, History, Revision

    kx = next(f.entry for f in files if f.entry.id == KINGS_CROSS)
    record = kx.record.model_copy(update={"status": status})
    varied = _with(files, KINGS_CROSS, record=record)
    revision = Revision(0, "a" * 40, 1_600_000_000, "a", "Withdraw it", None, KINGS_CROSS, "x", kind)
    history = History(
        available=True, entries={KINGS_CROSS: EntryHistory(KINGS_CROSS, KINGS_CROSS, (revision,))}
    )
    config = read_site_config(ROOT)
    feed = ET.fromstring(render_feeds(history, varied, config)[FEED_ALL])
    titles = [
        e.findtext("{http://www.w3.org/2005/Atom}title")
        for e in feed.iter("{http://www.w3.org/2005/Atom}entry")
    ]
    assert titles == [title]


def test_a_contradicted_statements_date_reads_as_the_statements(files) -> None:
    """ "Contradicted 2019, Metropolitan Police Service: ..." read as if the contradiction came
    in 2019; the date is the statement's."""
    ctx = _ctx(files)
    body = render_entry_body(ctx, ctx.by_id[KINGS_CROSS])
    assert (
        '<p><strong class="contradicted-mark">Contradicted statement</strong>: '
        '<time datetime="2019">2019</time>, <strong>Metropolitan Police Service</strong>: '
    ) in body
    assert "Contradicted</strong> <time" not in body


def test_the_timeline_page_says_an_arrow_stops_at_the_status_date(files) -> None:
    """/timeline/ said "an arrow means the deployment is still open" and "what state they are
    in now" beside bars of records last confirmed years ago: the arrow now stops at the status
    date, and the page says so."""
    from registry.pages.pictures import picture_pages

    page = picture_pages(_ctx(files))["timeline/index.md"]
    assert "<p>When deployments started, their status when last known, and the year's" in page
    assert (
        "a hatched part is a span of dates the sources give only to the month or the year, an arrow "
        "ends the bar of a deployment active or on trial at the date its status was last known "
        "(nothing after that date is drawn), a fading end one certain only at its start: ended at "
        "a date nobody has published, or paused, planned, blocked or of unknown status. <a"
    ) in page
    assert "still open" not in page and "what state they are in now" not in page


def _status(files: list[EntryFile], entry_id: str, status: str, as_of: str) -> list[EntryFile]:
    """`files` with record `entry_id`'s status `status`, last known on `as_of`, and no end."""
    from registry.dates import PartialDate

    entry = next(f.entry for f in files if f.entry.id == entry_id)
    timeline = entry.timeline.model_copy(
        update={"status": status, "as_of": PartialDate.parse(as_of), "end": None}
    )
    return _with(files, entry_id, timeline=timeline)


@pytest.mark.parametrize(
    ("as_of", "badge"),
    [
        ("2019-06-04", 'Active as of <time datetime="2019-06-04">4 June 2019</time>'),
        ("2019-06", 'Active as of <time datetime="2019-06">June 2019</time>'),
    ],
)
def test_a_records_header_gives_its_status_with_its_date(files, as_of: str, badge: str) -> None:
    """The FBI record's header read "last reviewed 7 December 2026 · Active" while its Status
    fact said "Active as of 4 June 2019": beside the review date the badge read as "active
    now". The badge carries its date, as precise as the record gives it."""
    ctx = _ctx(_status(files, KINGS_CROSS, "active", as_of))
    body = render_entry_body(ctx, ctx.by_id[KINGS_CROSS])
    header = body.split('<p class="entry-meta">')[1].split("</p>")[0]
    assert header.endswith(f' · <span class="status status-active">{badge}</span>')


def test_no_page_calls_a_last_known_status_current(files) -> None:
    """The home page said "12 active", the map "by current status", the timeline "their current
    status", the tables' column "Status" and search "Status: Active", of records last confirmed
    years before: each now says the status is the last known one, or gives its date."""
    from registry.pages.browse import browse_pages
    from registry.pages.pictures import picture_pages
    from registry.render import make_environment

    varied = _status(files, KINGS_CROSS, "active", "2019-06")
    ctx = _ctx(varied)
    active = sum(1 for f in varied if f.entry.timeline.status == "active")
    browse = browse_pages(ctx)
    assert f"<li><strong>{active}</strong> last reported active</li>" in browse["index.md"]
    pictures = picture_pages(ctx)
    assert "countries, by last known status</caption>" in pictures["map/index.md"]
    assert (
        "<caption>By the year they started and their last known status</caption>"
        in pictures["timeline/index.md"]
    )
    assert (
        '<th scope="col">Last known status</th><th scope="col">Started</th>' in pictures["timeline/index.md"]
    )
    for page in (browse["deployments/index.md"], browse["countries/gb/index.md"]):
        assert '<th scope="col">Vendor</th><th scope="col">Last known status</th>' in page
    row = browse["deployments/index.md"].split(f'href="/deployments/{KINGS_CROSS}/"')[1].split("</tr>")[0]
    assert '<td data-label="Last known status">Active as of 2019</td>' in row
    assert 'data-status="active"' in browse["deployments/index.md"]  # the filters' values stay keys
    for name, page in list(browse.items()) + list(pictures.items()):
        assert "current status" not in page, name
    entry = next(f.entry for f in varied if f.entry.id == KINGS_CROSS)
    record = make_environment(ROOT).get_template("search_record.html.j2").render(entry=entry)
    assert '<span data-pagefind-meta="status">Active as of June 2019</span>' in record
    assert '<span data-pagefind-filter="status">Active</span>' in record


def test_the_timeline_tables_give_a_status_its_date_and_claim_no_end_the_record_lacks(files) -> None:
    """/timeline/'s table read "Active ... not ended" of Essex Police's vans and "Paused ... 2023
    ... not ended" of Project NOLA, paused as of May 2025: a bare status read as now, and "not
    ended" said something about now that no record does. The list of unknown starts said
    "(United States, active)". Each now gives the status with its year, as every other table
    does, and an open record's end is "no end recorded"."""
    from registry.pages.pictures import picture_pages

    page = picture_pages(_ctx(files))["timeline/index.md"]
    newest = page.split('<h2 id="newest">')[1].split('<h2 id="undated">')[0]
    nola = newest.split('href="/deployments/us-new-orleans-project-nola/"')[1].split("</tr>")[0]
    assert nola.endswith(
        "<td>United States</td><td>Paused as of 2025</td><td>2023</td><td>no end recorded</td>"
    )
    croydon = newest.split('href="/deployments/gb-met-police-croydon-fixed-lfr/"')[1].split("</tr>")[0]
    assert "<td>Active as of " in croydon and croydon.endswith("<td>no end recorded</td>")
    kmart = newest.split('href="/deployments/au-kmart-stores/"')[1].split("</tr>")[0]
    assert kmart.endswith("<td>Ended as of 2025</td><td>20 June 2020</td><td>15 July 2022</td>")
    assert "not ended" not in page
    undated = page.split('<h2 id="undated">')[1]
    msg = undated.split('href="/deployments/us-msg-entertainment-venues/"')[1].split("</li>")[0]
    assert msg.endswith("</a> (United States, active as of 2022)")


def test_the_timeline_says_a_record_with_no_start_may_only_lack_a_source_of_use(files) -> None:
    """/timeline/ listed Manchester City's Blink Identity trial under "Deployments not started
    ... their records say they have not started", though its record says only "No source shows
    that the system was ever used on fans" (start not applicable). The section and the counts
    now say what such a record says: no start, because it never started or no source shows use."""
    from registry.charts.timeline import timeline_chart
    from registry.pages.pictures import picture_pages

    varied = _starts(files)
    page = picture_pages(_ctx(varied))["timeline/index.md"]
    never = page.split('<h2 id="not-started">')[1]
    assert never.startswith(
        "Deployments not shown to have started</h2>\n<p>Not drawn, because their records give no "
        "start: the deployment never started, or no source shows that it was used:</p>"
    )
    assert f'href="/deployments/{KINGS_CROSS}/">' in never
    assert "</a> (United Kingdom, ended as of 2019)</li>" in never
    assert "say they have not started" not in page
    assert "1 not shown to have started) as bars" in page
    assert "1 not shown to have started." in str(timeline_chart([f.entry for f in varied]))


def test_an_entry_page_never_calls_a_seizure_a_sharing(files) -> None:
    """The HIIDE record's page put "HIIDE devices and the biometric data on them, reportedly
    seized in August 2021" under "Images and data shared" and "Other data shared" (DATA.md
    1.5.1: a flow may be seized, not shared). The headings now say where images and data
    went, as /sharing/ does ("went from A to B"), and each flow reads "From A to B"."""
    ctx = _ctx(_seized(files))
    body = render_entry_body(ctx, ctx.by_id["se-police-clearview"])
    section = body.split('<section id="images"')[1].split("</section>")[0]
    assert '<h2 id="images-h">Where images and data went</h2>' in section
    assert "<h3>Where other data went</h3>" in section
    escaped = html.escape(SEIZED, quote=False)
    assert f"<li>From United States Department of Defense to Taliban: {escaped} (<time" in section
    assert "shared" not in _text(section)
    ctx = _ctx(files)
    plain = [f for f in files if not f.entry.watchlists and not f.entry.data_flows]
    assert plain, "a fixture record with neither watchlists nor data flows"
    bare = render_entry_body(ctx, ctx.by_id[plain[0].entry.id]).split('<section id="images"')[1]
    assert "<p>No images or data are recorded as going from one organisation to another.</p>" in bare


def _coverage_ctx(files: list[EntryFile], tmp_path: Path) -> BuildContext:
    """`files` with the frozen research tables of tests/fixtures/requests/."""
    import shutil

    from registry.research import load_research

    (tmp_path / "research").mkdir()
    for name in ("laws.yaml", "coverage.yaml"):
        shutil.copyfile(ROOT / "tests" / "fixtures" / "requests" / name, tmp_path / "research" / name)
    config = read_site_config(ROOT)
    return BuildContext(
        ROOT, files, no_history(), config, tmp_path / "docs", research_tables=load_research(tmp_path)
    )


def test_coverage_never_says_a_search_found_nothing_when_it_found_too_little(files, tmp_path) -> None:
    """/coverage/ said "A search found nothing (searched: Cameras at the Hajj)" beside a row whose
    Found reads "2024 plans for 'smart cameras' ... the sources were too thin for a record": the
    search found something, too little for a record. research/coverage.yaml's outcome
    nothing_found means no record was made after a search, and the state now says that in the
    table, the counts, the legend, the list of searches and the map's text alternative."""
    from registry.charts.coverage_map import coverage_map
    from registry.pages.coverage import coverage_context, coverage_pages

    ctx = _coverage_ctx(files, tmp_path)
    page = html.unescape(coverage_pages(ctx)["coverage/index.md"])
    state = '<span class="coverage-state coverage-state--nothing_found">Searched, no record made</span>'
    assert f"<td>{state} (what was searched: Cameras at the Hajj)</td>" in page
    assert f"<li>{state}: 7 countries (the table below says what was searched in each)</li>" in page
    assert f"<li>{state}</li>" in page  # the map's legend
    assert "<dt>Saudi Arabia: searched, no record made (December 2026)</dt>" in page
    assert (
        "<p>No records for a country can mean two different things: researchers looked and made no "
        "record (they found nothing, or too little for one), or nobody has looked yet."
    ) in page
    assert "search found nothing" not in page.lower()
    description = str(coverage_map(coverage_context(ctx)["states"]))
    assert (
        "countries have records; 7 were searched and no record was made (the table below says what "
        "each search covered); every other country has not been researched yet."
    ) in description
    assert "found nothing" not in description
    from registry.pages.pictures import picture_pages

    assert (
        "tells apart countries searched with no record made from those nobody has looked at."
        in (picture_pages(ctx)["map/index.md"])
    )


def test_the_worst_transparency_table_marks_an_alleged_record(files, tmp_path) -> None:
    """/coverage/'s "Where transparency is worst" listed Belgrade's Safe City record, alleged and
    denied, as a plain link, where every other table marks such a record beside it (README)."""
    from registry.pages.coverage import coverage_context, coverage_pages

    belgrade = "rs-belgrade-safe-city-huawei"
    evidence = Evidence(basis="alleged", denied="yes", sources=["s1"])
    ctx = _coverage_ctx(_with(files, belgrade, evidence=evidence), tmp_path)
    assert belgrade in [w["entry"].id for w in coverage_context(ctx)["worst"]]
    worst = coverage_pages(ctx)["coverage/index.md"].split('<section id="worst"')[1]
    row = worst.split(f'<a href="/deployments/{belgrade}/">')[1].split("</th>")[0]
    assert row.endswith('</a> <span class="evidence-mark">(alleged and denied)</span>')
    assert worst.count("evidence-mark") == 1

"""The entry page as rendered by our templates: a golden file, and the environment's safety settings.

The golden file is the King's Cross entry's article HTML (tests/golden/), rendered from the
fixture registry's frozen copy (tests/fixture_registry.py), so a correction of the live record
changes nothing here. When a template changes on purpose, run `pytest --update-golden` and
review the diff like code.
"""

from __future__ import annotations

import difflib
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fixture_registry import KINGS_CROSS, fixture_files

from registry.checks.base import EntryFile
from registry.context import BuildContext, no_history, read_site_config
from registry.dates import PartialDate
from registry.engine import front_matter, markdown_page, page_meta
from registry.pages.entry import render_entry_body, render_entry_page
from registry.pages.pictures import timeline_context
from registry.qualified import Quantity
from registry.render import issue_link, make_environment
from registry.schema import Entry, Period
from registry.types import Unknown

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).with_name("golden")


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> BuildContext:
    files = fixture_files()
    docs = tmp_path_factory.mktemp("docs")
    return BuildContext(ROOT, files, no_history(), read_site_config(ROOT), docs)


def test_kings_cross_entry_matches_the_golden_file(ctx: BuildContext, update_golden: bool) -> None:
    body = render_entry_body(ctx, ctx.by_id[KINGS_CROSS])
    golden = GOLDEN / f"{KINGS_CROSS}.html"
    if update_golden:
        golden.write_text(body, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    if body != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True), body.splitlines(keepends=True), "golden", "rendered"
            )
        )
        pytest.fail(f"entry page changed; if intended, run `pytest --update-golden`:\n{diff}")


def test_entry_page_has_every_fixed_anchor_and_link(ctx: BuildContext) -> None:
    body = render_entry_body(ctx, ctx.by_id[KINGS_CROSS])
    for anchor in "summary facts images outcomes timeline oversight statements responses sources history corrections cite".split():
        assert f'id="{anchor}"' in body
    assert 'href="#source-s1"' in body and 'id="source-s10"' in body
    assert 'href="/api/v1/deployments/gb-kings-cross-argent.json"' in body
    assert (
        'href="https://github.com/fr-registry/registry/blob/main/entries/gb/gb-kings-cross-argent.yaml"'
        in body
    )
    # st1 is contradicted by st2: marked and linked
    assert 'class="statement contradicted" id="statement-st1"' in body
    assert 'href="#statement-st2"' in body
    # an unknown shows its reason label and note
    assert "No record kept" in body and "no record of whether the system matched" in body


def test_correction_link_is_prefilled_and_percent_encoded() -> None:
    link = issue_link("https://github.com/o/r", "https://x.example/deployments/a-b/", "Correction: a-b")
    assert link.startswith("https://github.com/o/r/issues/new?title=Correction%3A%20a-b&body=")
    assert "https%3A%2F%2Fx.example%2Fdeployments%2Fa-b%2F" in link
    assert " " not in link and "\n" not in link


def test_environment_autoescapes_and_is_strict() -> None:
    env = make_environment(ROOT)
    assert env.autoescape is True
    assert env.from_string("{{ x }}").render(x="<b>&") == "&lt;b&gt;&amp;"
    with pytest.raises(Exception, match="undefined"):
        env.from_string("{{ missing }}").render()


def test_templates_have_no_safe_filter_inline_script_or_style() -> None:
    for path in sorted((ROOT / "site_templates").rglob("*.j2")):
        text = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
        assert "|safe" not in text.replace(" ", ""), path
        assert (
            not re.search(r"<script(?![^>]*\ssrc=)", text) and "<style" not in text and "style=" not in text
        ), path
        assert "={{" not in text.replace(" ", ""), f"{path}: unquoted attribute"


@pytest.mark.parametrize(
    "title",
    ['x" onload="alert(1)', "a: b\n---\nc: d", "<script>alert(1)</script>", "#not a comment", "\\u0000"],
)
def test_front_matter_keeps_any_title_inside_its_value(title: str) -> None:
    page = markdown_page(front_matter(title, description=title, hide=["toc"]), "<p>body</p>")
    meta = page_meta(page)
    assert meta["title"] == html.escape(" ".join(title.split()))
    assert meta["hide"] == ["toc"]
    assert set(meta) == {"title", "description", "hide"}


def test_markdown_page_is_one_raw_block_without_blank_lines() -> None:
    page = markdown_page("---\n---\n\n", "<div>\n\n<p>a</p>\n   \n</div>\n")
    assert page == "---\n---\n\n<div>\n<p>a</p>\n</div>\n"


def test_entry_page_front_matter_and_tombstone(ctx: BuildContext) -> None:
    f = ctx.by_id[KINGS_CROSS]
    page = render_entry_page(ctx, f, paged=False)
    assert page.startswith('---\ntitle: "King&#x27;s Cross Estate')
    withdrawn = f.entry.model_copy(
        update={"record": f.entry.record.model_copy(update={"status": "withdrawn"})}
    )
    from registry.checks.base import EntryFile

    body = render_entry_body(ctx, EntryFile(f.path, f.loaded, withdrawn))
    assert "was withdrawn" in body
    assert f.entry.summary not in body and f.entry.title not in body
    assert 'id="sources"' in body and 'id="history"' in body


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        # Named after its country: the country is linked in the name, and said once.
        (
            "United Kingdom (national police)",
            '<dd><a href="/countries/gb/">United Kingdom</a> (national police), London; across a country ',
        ),
        # Otherwise the country follows the name, as before; a longer word is not the country.
        (
            "United Kingdomwide scheme",
            '<dd>United Kingdomwide scheme, London, <a href="/countries/gb/">United Kingdom</a> (across a country) ',
        ),
    ],
)
def test_a_place_named_after_its_country_says_the_country_once(
    ctx: BuildContext, name: str, shown: str
) -> None:
    f = ctx.by_id[KINGS_CROSS]
    place = f.entry.place.model_copy(
        update={"name": name, "type": "nationwide", "region": None, "note": None}
    )
    body = render_entry_body(ctx, EntryFile(f.path, f.loaded, f.entry.model_copy(update={"place": place})))
    assert shown in body


def test_a_paused_deployment_says_when_it_paused_not_that_it_ended(ctx: BuildContext) -> None:
    """Buenos Aires read "Paused as of July 2022" above "Started April 2019; ended March 2020"."""
    f = ctx.by_id[KINGS_CROSS]
    timeline = f.entry.timeline.model_copy(update={"status": "paused"})
    body = render_entry_body(
        ctx, EntryFile(f.path, f.loaded, f.entry.model_copy(update={"timeline": timeline}))
    )
    dates = body[body.index("<dt>Dates</dt>") :]
    assert "; paused <time" in dates[: dates.index("</dd>")] and "ended" not in dates[: dates.index("</dd>")]


def test_a_vendor_filter_value_is_escaped_for_the_search_ui_that_writes_it_as_html(ctx: BuildContext) -> None:
    """Pagefind indexes the element's text, then its UI writes a filter's label as HTML: escaped
    once, "&lt;meta http-equiv=refresh ...&gt;" in a vendor's name became a live element."""
    entry = ctx.by_id[KINGS_CROSS].entry
    party = entry.parties[0].model_copy(update={"name": "Marks & Spencer &lt;meta&gt;", "role": "vendor"})
    html = ctx.env.get_template("search_record.html.j2").render(
        entry=entry.model_copy(update={"parties": [party]}), years=[]
    )
    assert (
        '<span data-pagefind-filter="vendor">Marks &amp;amp; Spencer &amp;amp;lt;meta&amp;amp;gt;</span>'
        in html
    )


def test_a_related_record_no_longer_published_is_named_only_as_its_tombstone_names_it(
    ctx: BuildContext,
) -> None:
    """A withdrawn record's title stayed on every page that listed it in `related`."""
    f = ctx.by_id[KINGS_CROSS]
    other = next(x for x in ctx.published if x.entry.id != KINGS_CROSS)
    record = other.entry.record.model_copy(update={"status": "withdrawn"})
    withdrawn = EntryFile(other.path, other.loaded, other.entry.model_copy(update={"record": record}))
    ctx.by_id[other.entry.id] = withdrawn
    try:
        entry = f.entry.model_copy(update={"related": [other.entry.id]})
        body = render_entry_page(ctx, EntryFile(f.path, f.loaded, entry), paged=False)
    finally:
        ctx.by_id[other.entry.id] = other
    assert other.entry.title not in body
    assert f'<a href="/deployments/{other.entry.id}/">Record {other.entry.id}: withdrawn</a>' in body


def test_the_timeline_page_counts_what_it_draws_and_claims_no_end_it_lacks(ctx: BuildContext) -> None:
    kings_cross = ctx.by_id[KINGS_CROSS].entry
    ended_undated = kings_cross.model_copy(
        update={"timeline": kings_cross.timeline.model_copy(update={"end": None})}
    )
    files = [ended_undated if f.entry.id == KINGS_CROSS else f.entry for f in ctx.published]
    context = timeline_context(files)
    html = ctx.env.get_template("pictures/timeline.html.j2").render(u="", **context)
    # Before: "the 26 most recently started of the 30 deployments whose start is known".
    assert (
        "The picture draws all 26 deployments whose start is known (left out: 4 with an unknown start)"
    ) in html
    row = html[html.index(f"deployments/{KINGS_CROSS}/") :].split("</tr>")[0]
    assert row.endswith("<td>Ended as of 2019</td><td>May 2016</td><td>not known</td>")


def test_a_citation_never_touches_the_word_before_it(ctx: BuildContext) -> None:
    """ "...between borough police and the partnership[s1][s3]": an unknown's note, then its cites."""
    for f in ctx.published:
        body = render_entry_body(ctx, f)
        glued = re.findall(r'.{30}[^\s>]</span><span class="cites">|.{30}\w<span class="cites">', body)
        assert not glued, (f.entry.id, glued[:3])


# --- Wording: what the record page's small pieces say ---


def say(call: str, **values: object) -> str:
    """What a macro of partials/macros.html.j2 prints, `call` being its call (`m.period(p)`),
    as a reader reads it: tags dropped, entities decoded."""
    env = make_environment(ROOT)
    page = env.from_string('{% import "partials/macros.html.j2" as m %}{{ ' + call + " }}").render(**values)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.mark.parametrize(
    ("start", "end", "said"),
    [
        # Before: "2016 to 2016", "31 January 2019 to 31 January 2019", "June 2015 to June 2015".
        ("2016", "2016", "in 2016 (Notting Hill Carnival)"),
        ("2019-01-31", "2019-01-31", "on 31 January 2019 (Notting Hill Carnival)"),
        ("2015-06", "2015-06", "in June 2015 (Notting Hill Carnival)"),
        ("2016", "2017", "2016 to 2017 (Notting Hill Carnival)"),
        ("2015-06", "2015-07", "June 2015 to July 2015 (Notting Hill Carnival)"),
        ("2016", None, "2016 to an unknown or open end (Notting Hill Carnival)"),
    ],
)
def test_a_period_of_one_date_says_it_once(start: str, end: str | None, said: str) -> None:
    p = Period(
        start=PartialDate.parse(start),
        end=PartialDate.parse(end) if end else None,
        note="Notting Hill Carnival",
    )
    assert say("m.period(p)", p=p) == said


def page_text(ctx: BuildContext, entry: Entry) -> str:
    """King's Cross's page as a reader reads it (tags dropped, entities decoded, spaces
    collapsed), with `entry` (a copy of its record, varied) in place of its record."""
    f = ctx.by_id[KINGS_CROSS]
    body = render_entry_body(ctx, EntryFile(f.path, f.loaded, entry))
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", body)))


@pytest.mark.parametrize(
    ("update", "said"),
    [
        # Before: "Information Commissioner's Office, opened 15 August 2019 (unknown). Outcome:".
        ({}, "Information Commissioner's Office, opened 15 August 2019 (status unknown). Outcome:"),
        # Before: "closed 21 September 2018 (closed)": the date says it.
        (
            {"status": "closed", "closed": PartialDate.parse("2018-09-21")},
            "Information Commissioner's Office, opened 15 August 2019, closed 21 September 2018. Outcome:",
        ),
        ({"status": "closed"}, "Information Commissioner's Office, opened 15 August 2019 (closed). Outcome:"),
        ({"status": "open"}, "Information Commissioner's Office, opened 15 August 2019 (open). Outcome:"),
    ],
)
def test_an_investigations_status_is_said_once_and_an_unknown_one_says_what_is_unknown(
    ctx: BuildContext, update: dict[str, object], said: str
) -> None:
    entry = ctx.by_id[KINGS_CROSS].entry
    ico = entry.investigations[0].model_copy(update=update)
    text = page_text(ctx, entry.model_copy(update={"investigations": [ico, *entry.investigations[1:]]}))
    assert said in text


def test_a_date_not_known_is_named_by_its_noun_not_its_verb(ctx: BuildContext) -> None:
    """Before: "Started date unknown (...)", "ended date unknown (...)", "opened date unknown"."""
    entry = ctx.by_id[KINGS_CROSS].entry
    unknown = Unknown(unknown="not_found", note="No source seen says")
    timeline = entry.timeline.model_copy(update={"start": unknown, "end": unknown})
    ico = entry.investigations[0].model_copy(update={"opened": unknown, "closed": unknown})
    text = page_text(ctx, entry.model_copy(update={"timeline": timeline, "investigations": [ico]}))
    assert (
        "Dates Start date unknown (researched; nothing published: No source seen says); end date unknown ("
        in text
    )
    assert "Information Commissioner's Office, opening date unknown (" in text
    assert ", closing date unknown (" in text
    assert not re.search(r"\b(Started|ended|opened|closed) date unknown", text)
    # A known date keeps its verb.
    assert "Dates Started May 2016; ended March 2018" in page_text(ctx, entry)


def test_a_product_after_a_vendor_not_known_is_a_sentence_of_its_own(ctx: BuildContext) -> None:
    """Before: "Unknown: Researched; nothing published. No source seen names the vendor,
    Electronic monitoring system [s3]": the product ran on from the unknown's note."""
    entry = ctx.by_id[KINGS_CROSS].entry
    nobody = Unknown(unknown="not_found", note="No source seen names the vendor")
    vendor = entry.parties[1].model_copy(
        update={"name": nobody, "product": "Electronic monitoring system", "note": None}
    )
    user = vendor.model_copy(update={"role": "user"})
    text = page_text(ctx, entry.model_copy(update={"parties": [vendor, user]}))
    said = (
        "Unknown: Researched; nothing published. No source seen names the vendor. "
        "Product: Electronic monitoring system [s3][s10]"
    )
    assert f"Vendor and product {said}" in text
    assert f"User of the system: {said}" in text
    # A known name keeps its product after a comma.
    named = vendor.model_copy(update={"name": "NEC"})
    assert "Vendor and product NEC, Electronic monitoring system [s3][s10]" in page_text(
        ctx, entry.model_copy(update={"parties": [named]})
    )


#: Two groups of citation markers with nothing but space between them: "[s2] [s1][s2]".
TWO_GROUPS = re.compile(r'<span class="cites">(?:<a [^>]*>\[s\d+\]</a>)+</span>\s*<span class="cites">')


def test_a_claims_citations_are_one_group_each_source_once_in_order(ctx: BuildContext) -> None:
    """Before: "Start date unknown (...) [s2] [s1][s2]": the unknown's group, then the claim's."""
    entry = ctx.by_id[KINGS_CROSS].entry
    start = Unknown(unknown="not_found", note="No source seen says", sources=["s9", "s2"])
    timeline = entry.timeline.model_copy(update={"start": start, "sources": ["s4", "s2"]})
    text = page_text(ctx, entry.model_copy(update={"timeline": timeline}))
    assert (
        "Dates Start date unknown (researched; nothing published: No source seen says); ended March 2018 [s2][s4][s9]"
        in text
    )
    for f in ctx.published:  # every fixture record: no group follows another
        assert not TWO_GROUPS.search(render_entry_body(ctx, f)), f.entry.id


@pytest.mark.parametrize(
    ("note", "said"),
    [
        # Before: "about 200 (as of May 2025; One report gives ...)": a capital after a semicolon.
        (
            "One report gives 200 cameras, another more than 200.",
            "about 200 (as of May 2025. One report gives 200 cameras, another more than 200)",
        ),
        ("the council's estimate", "about 200 (as of May 2025; the council's estimate)"),
        ("78 cameras in the first phase", "about 200 (as of May 2025; 78 cameras in the first phase)"),
        (None, "about 200 (as of May 2025)"),
    ],
)
def test_a_counts_note_is_joined_as_its_own_first_letter_needs(note: str | None, said: str) -> None:
    q = Quantity(count=200, qualifier="approximate", as_of=PartialDate.parse("2025-05"), note=note)
    assert say("m.quantity(q)", q=q) == said


class _CodeBlocks(HTMLParser):
    """The id Material's script gives each code block (`pre > code`) of a page: "__code_" and
    the id of the nearest element, the <pre> itself included, that has one (its bundle:
    `a = code.closest("pre"); c = a.closest("[id]"); a.id = "__code_" + (c ? c.id : n++)`)."""

    VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, str | None]] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "code" and self.open and self.open[-1][0] == "pre":
            nearest = next((i for _, i in reversed(self.open) if i), None)
            self.ids.append(f"__code_{nearest if nearest is not None else len(self.ids)}")
        if tag not in self.VOID:
            self.open.append((tag, dict(attrs).get("id")))

    def handle_endtag(self, tag: str) -> None:
        for n in range(len(self.open) - 1, -1, -1):
            if self.open[n][0] == tag:
                del self.open[n:]
                break


def test_each_code_block_of_the_cite_box_gets_an_id_of_its_own(ctx: BuildContext) -> None:
    """Before: all three formats' blocks took the section's id, `id="__code_cite"` three times."""
    blocks = _CodeBlocks()
    blocks.feed(render_entry_body(ctx, ctx.by_id[KINGS_CROSS]))
    assert blocks.ids == ["__code_cite-text", "__code_cite-bibtex", "__code_cite-csl"]


def _hidden_in_print(css: str) -> set[str]:
    """The class names a style sheet's `@media print` blocks hide (`display: none`)."""
    hidden: set[str] = set()
    for start in (m.end() for m in re.finditer(r"@media print\s*\{", css)):
        depth, end = 1, start
        while depth:
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        block = re.sub(r"/\*.*?\*/", "", css[start : end - 1], flags=re.S)
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", block):
            if re.search(r"display:\s*none", body):
                hidden.update(s.strip().removeprefix(".") for s in selectors.split(","))
    return hidden


def test_every_copy_button_is_hidden_in_print() -> None:
    """Before: the cite box's "Copy" buttons printed with the page."""
    assets = ROOT / "site_templates" / "assets"
    made = set(re.findall(r'className: "([\w-]+)"', (assets / "copy.js").read_text(encoding="utf-8")))
    assert made == {"cite-copy", "request-copy"}
    assert made <= _hidden_in_print((assets / "registry.css").read_text(encoding="utf-8"))

"""The built site in a real headless Chromium: search, filters, source links, privacy, accessibility.

The site is the fixture registry (tests/fixture_registry.py), built once per session (`built_site` in conftest.py) and
served on 127.0.0.1. Every test asserts that no request left the site's origin and that
the page logged no error (a CSP violation is one).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from browser import assert_only_origin, describe_violations, run_axe, serious_violations, serve
from fixture_registry import FIXTURE_ROOT

from registry.entries import load_registry

pytestmark = [pytest.mark.browser, pytest.mark.slow]
KINGS_CROSS = "/deployments/gb-kings-cross-argent/"


def _clean(page: Any, built_site_url: str) -> None:
    assert_only_origin(page.requests, built_site_url)
    assert page.console_errors == []


def test_search_from_the_home_page_reaches_the_entry(page: Any, built_site_url: str) -> None:
    page.goto(built_site_url + "/")
    page.fill("#registry-search-q", "King's Cross")
    page.press("#registry-search-q", "Enter")
    page.wait_for_url("**/search/?q=*")
    result = page.locator(".pagefind-ui__result-link", has_text="King's Cross Estate").first
    result.wait_for(timeout=10_000)
    result.click()
    page.wait_for_url(f"**{KINGS_CROSS}")
    assert page.locator("h1#gb-kings-cross-argent").is_visible()
    assert any("/pagefind/" in url for url in page.requests), "the search ran on Pagefind's index"
    _clean(page, built_site_url)


def test_search_filters_by_country(page: Any, built_site_url: str) -> None:
    page.goto(built_site_url + "/search/?q=police")
    page.locator(".pagefind-ui__result").first.wait_for(timeout=10_000)
    _wait_for_filters(page)
    filters = page.locator(".pagefind-ui__filter-name").all_inner_texts()
    for name in ("country", "status", "operator kind", "vendor", "year"):
        assert any(name in f.lower() for f in filters), filters
    _clean(page, built_site_url)


def test_filter_data_loads_only_when_the_reader_asks(page: Any, built_site_url: str) -> None:
    """A first search loads no filter data (most of its weight at 10,000 records); the button does."""
    page.goto(built_site_url + "/search/?q=police")
    page.locator(".pagefind-ui__result").first.wait_for(timeout=10_000)
    page.wait_for_timeout(500)
    assert not [url for url in page.requests if "/pagefind/filter/" in url]
    assert page.locator(".pagefind-ui__filter-block").count() == 0
    _wait_for_filters(page)
    assert len([url for url in page.requests if "/pagefind/filter/" in url]) == 5
    assert page.locator("#search-filters-button").is_hidden(), "the button goes once it has done its job"
    _clean(page, built_site_url)


def _wait_for_filters(page: Any, count: int = 5) -> None:
    """Asks for the filters, then waits: Pagefind draws the groups one by one."""
    page.get_by_role(
        "button", name="Filter the results by country, status, operator kind, vendor or year"
    ).click()
    page.wait_for_function(
        "n => document.querySelectorAll('.pagefind-ui__filter-block').length >= n", arg=count, timeout=10_000
    )


def _box(locator: Any) -> dict[str, float]:
    box = locator.bounding_box()
    assert box is not None, "the element is rendered"
    return box


def _inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["y"] >= outer["y"] - 0.5
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5
    )


def _result_count(page: Any) -> int:
    message = page.locator(".pagefind-ui__message").inner_text()
    match = re.match(r"(\d+) results? for", message)
    assert match, message
    return int(match.group(1))


def test_search_filter_checkboxes_are_usable(page: Any, built_site_url: str) -> None:
    """Material's admonition styles for <details>/<summary> must not reach Pagefind's filters.

    Each filter group is a box of its own (no group overlaps the next, each heading
    stays inside its group), and each checkbox is a real, unclipped, clickable control:
    ticking a country narrows the results to records of that country.
    """
    page.goto(built_site_url + "/search/?q=police")
    page.locator(".pagefind-ui__result").first.wait_for(timeout=10_000)
    _wait_for_filters(page)
    before = _result_count(page)

    panel = page.locator(".pagefind-ui__filter-panel")
    assert panel.evaluate("e => getComputedStyle(e).borderTopStyle") == "none", "no stray fieldset border"
    blocks = page.locator(".pagefind-ui__filter-block")
    boxes = [_box(blocks.nth(i)) for i in range(blocks.count())]
    assert len(boxes) == 5
    for upper, lower in zip(boxes, boxes[1:], strict=False):
        assert upper["y"] + upper["height"] <= lower["y"] + 0.5, "filter groups do not overlap"
    for i in range(blocks.count()):
        summary = blocks.nth(i).locator("summary")
        assert _inside(_box(summary), boxes[i]), f"heading {summary.inner_text()!r} stays in its group"
        icon = summary.evaluate("e => getComputedStyle(e, '::before').content")
        assert icon in ("none", "normal"), "no admonition icon before the filter name"

    country = blocks.filter(has_text="Country")
    country.locator("summary").click()
    uk = country.locator(".pagefind-ui__filter-value", has_text="United Kingdom")
    checkbox = uk.locator("input[type=checkbox]")
    checkbox.wait_for(state="visible")
    box = _box(checkbox)
    assert box["width"] >= 12 and box["height"] >= 12, box
    assert _inside(box, _box(country)), "the checkbox is not clipped by its group"
    hit = checkbox.evaluate(
        "e => { const r = e.getBoundingClientRect();"
        " return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === e; }"
    )
    assert hit, "nothing covers the checkbox"
    expected = int(re.search(r"\((\d+)\)", uk.inner_text()).group(1))

    checkbox.check()
    page.wait_for_function(
        "n => /^\\d+ results? for/.test(document.querySelector('.pagefind-ui__message').innerText)"
        " && parseInt(document.querySelector('.pagefind-ui__message').innerText) !== n",
        arg=before,
    )
    after = _result_count(page)
    assert 0 < after < before
    assert after == expected
    results = page.locator(".pagefind-ui__result")
    while (shown := results.count()) < after:
        page.locator(".pagefind-ui__button").click()
        page.wait_for_function("n => document.querySelectorAll('.pagefind-ui__result').length > n", arg=shown)
    links = page.locator(".pagefind-ui__result-link")
    page.wait_for_function(
        "n => document.querySelectorAll('.pagefind-ui__result-link').length === n", arg=after
    )
    countries = {f.entry.id: f.entry.country for f in load_registry(FIXTURE_ROOT)}
    ids = [href.split("/")[-2] for href in links.evaluate_all("els => els.map(a => a.pathname)")]
    assert {countries[i] for i in ids} == {"GB"}, ids
    _clean(page, built_site_url)


def test_filter_the_deployments_table_by_country(page: Any, built_site_url: str) -> None:
    page.goto(built_site_url + "/deployments/")
    rows = page.locator("#deployments-table tbody tr")
    total = rows.count()
    assert page.locator("#deployment-filters").is_visible()
    page.select_option("#filter-country", "GB")
    visible = page.locator("#deployments-table tbody tr:not([hidden])")
    shown = visible.count()
    assert 0 < shown < total
    assert set(visible.evaluate_all("rows => rows.map(r => r.dataset.country)")) == {"GB"}
    assert page.inner_text("#filter-count") == f"Showing {shown} of {total} deployments."
    page.select_option("#filter-country", "")
    assert page.locator("#deployments-table tbody tr:not([hidden])").count() == total
    _clean(page, built_site_url)


def test_an_address_in_lower_case_keeps_its_view(page: Any, built_site_url: str) -> None:
    """`?country=gb`, spelt as in /countries/gb/, silently showed every row before."""
    page.goto(built_site_url + "/deployments/?country=gb&status=ACTIVE")
    assert page.input_value("#filter-country") == "GB" and page.input_value("#filter-status") == "active"
    visible = page.locator("#deployments-table tbody tr:not([hidden])")
    assert set(visible.evaluate_all("rows => rows.map(r => r.dataset.country + ' ' + r.dataset.status)")) == {
        "GB active"
    }
    _clean(page, built_site_url)


def test_an_address_filter_the_table_does_not_offer_is_named_not_applied_silently(
    page: Any, built_site_url: str
) -> None:
    """`?status=trial` and `?country=XX` showed "136 of 136" as if the address asked for nothing;
    the page now names what it ignored, applies the rest, and stops saying so once changed."""
    page.goto(built_site_url + "/deployments/?status=trial&country=XX&vendor=nec&sort=colour")
    ignored = page.locator("#filter-ignored")
    assert ignored.inner_text() == (
        'The address asked for Country "XX", Status "trial" and sort "colour", which are not'
        " among the choices, so they are not applied."
    )
    assert page.input_value("#filter-vendor") == "nec"
    page.select_option("#filter-vendor", "")
    assert ignored.is_hidden()
    _clean(page, built_site_url)


def test_search_applies_the_vendor_unknown_as_browse_does_and_names_a_value_it_lacks(
    page: Any, built_site_url: str
) -> None:
    """Browse offers vendor "Unknown"; search had no such value, so `?vendor=Unknown` showed "No
    results" with nothing ticked, and any value search does not offer filtered out everything."""
    page.goto(built_site_url + "/search/?q=police&vendor=Unknown&vendor=Nobody")
    ignored = page.locator("#search-ignored")
    ignored.wait_for(timeout=10_000)
    assert ignored.inner_text() == (
        'The address asked for Vendor "Nobody", which is not one of the choices, so it is not applied.'
    )
    page.wait_for_function("() => location.search === '?q=police&vendor=Unknown'", timeout=10_000)
    vendor = page.locator(".pagefind-ui__filter-block").filter(has_text="Vendor")
    unknown = vendor.locator(".pagefind-ui__filter-value", has_text=re.compile(r"^\s*Unknown \(\d+\)"))
    unknown.wait_for(state="attached", timeout=10_000)
    assert unknown.locator("input").is_checked()
    page.wait_for_function(
        "() => /^\\d+ results? for police/.test(document.querySelector('.pagefind-ui__message')?.innerText)",
        timeout=15_000,
    )
    assert _result_count(page) > 0
    _clean(page, built_site_url)


def test_filter_the_deployments_table_by_vendor_named_or_unknown(page: Any, built_site_url: str) -> None:
    page.goto(built_site_url + "/deployments/")
    total = page.locator("#deployments-table tbody tr").count()
    visible = page.locator("#deployments-table tbody tr:not([hidden])")
    page.select_option("#filter-vendor", "nec")
    vendors = visible.evaluate_all("rows => rows.map(r => r.dataset.vendor.split(' '))")
    assert 0 < len(vendors) < total and all("nec" in v for v in vendors), vendors
    page.select_option("#filter-vendor", label="Unknown")
    cells = visible.locator("td:nth-child(4)").all_inner_texts()
    assert 0 < len(cells) < total
    assert all(cell.startswith("Unknown") or "; Unknown" in cell for cell in cells), cells
    page.select_option("#filter-vendor", "")
    assert visible.count() == total
    _clean(page, built_site_url)


def test_the_table_works_without_javascript(no_js_page: Any, built_site_url: str) -> None:
    page = no_js_page
    page.goto(built_site_url + "/deployments/")
    assert page.locator("#deployments-table tbody tr").count() > 10
    assert not page.locator("#deployment-filters").is_visible(), "dead controls are hidden"


def test_follow_a_claim_to_its_source(page: Any, built_site_url: str) -> None:
    page.goto(built_site_url + KINGS_CROSS)
    page.locator('#facts .cites a[href="#source-s3"]').first.click()
    page.wait_for_url("**#source-s3")
    source = page.locator("#source-s3")
    assert source.is_visible() and source.evaluate("el => el.matches(':target')")
    assert "Silicon UK" in source.inner_text()
    _clean(page, built_site_url)


@pytest.mark.parametrize("path", ["/", KINGS_CROSS, "/timeline/"], ids=["home", "entry", "picture"])
def test_the_first_tab_offers_to_skip_to_the_content(page: Any, built_site_url: str, path: str) -> None:
    """Material writes its skip link only beside a table of contents, which no page here has."""
    page.goto(built_site_url + path)
    page.keyboard.press("Tab")
    skip = page.locator(".md-skip")
    assert skip.evaluate("el => el === document.activeElement") and skip.is_visible()
    assert skip.inner_text() == "Skip to content"
    page.keyboard.press("Enter")
    page.wait_for_url("**#main-content")
    page.keyboard.press("Tab")  # the next stop is in the page's own content, past header and menu
    assert page.evaluate("document.activeElement.closest('article') !== null")
    _clean(page, built_site_url)


@pytest.mark.parametrize(
    "path", ["/", "/deployments/", KINGS_CROSS, "/search/?q=police"], ids=["home", "table", "entry", "search"]
)
def test_no_serious_accessibility_violation(page: Any, built_site_url: str, path: str) -> None:
    page.goto(built_site_url + path)
    if path.startswith("/search/"):
        page.locator(".pagefind-ui__result").first.wait_for(timeout=10_000)
    assert page.evaluate("document.documentElement.lang") == "en"
    violations = serious_violations(run_axe(page))
    assert not violations, describe_violations(violations)
    if path.startswith("/search/"):  # and again with the filter panel open
        _wait_for_filters(page)
        violations = serious_violations(run_axe(page))
        assert not violations, describe_violations(violations)
    _clean(page, built_site_url)


#: Every element's tag, id and box, and the text as rendered (whitespace that shows included).
LAYOUT = """() => ({
  boxes: Array.from(document.body.querySelectorAll("*"), (e) => {
    const r = e.getBoundingClientRect();
    return [e.tagName, e.id, r.x, r.y, r.width, r.height];
  }),
  text: document.body.innerText,
})"""


def test_theme_indentation_never_changed_what_a_page_looks_like(
    browser: Any, built_site: Path, tmp_path: Path
) -> None:
    """The CSP step drops the theme's indentation (csp.without_theme_indentation). Put a
    deep run of it back after every line break outside preformatted text, on the entry
    page: the page must render the same, every element in the same box and the same text
    as the reader sees it (innerText keeps whitespace that shows).

    Not pixels: Chromium anti-aliases an edge that falls on half a pixel one way or the other
    from one screenshot of the same page to the next, and where edges fall depends on the
    record's length (the fixture's King's Cross page has its citation box at y = 6563.47)."""
    import re
    import shutil

    indented = tmp_path / "site"
    shutil.copytree(built_site, indented)
    page_file = indented / KINGS_CROSS.strip("/") / "index.html"
    parts = re.split(r"(<(pre|textarea|script|style)\b.*?</\2>)", page_file.read_text("utf-8"), flags=re.S)
    text = "".join(
        p.replace("\n", "\n        \n      ") if i % 3 == 0 else p for i, p in enumerate(parts) if i % 3 != 2
    )
    assert len(text) > len(page_file.read_text("utf-8")) + 2000
    page_file.write_text(text, "utf-8")
    renders = []
    for site in (built_site, indented):
        context = browser.new_context(viewport={"width": 1000, "height": 800})
        try:
            with serve(site) as url:
                page = context.new_page()
                page.goto(url + KINGS_CROSS)
                page.wait_for_load_state("networkidle")
                renders.append(page.evaluate(LAYOUT))
        finally:
            context.close()
    assert len(renders[0]["boxes"]) > 400 and "King's Cross" in renders[0]["text"]
    assert renders[0]["text"] == renders[1]["text"]
    assert renders[0]["boxes"] == renders[1]["boxes"]

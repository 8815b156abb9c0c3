"""Search finds what was asked (issue 15, item 4), in Chromium over the real Pagefind index.

A registry of twelve records made from the worked example, without git: a record is found by
its own words and never by a heading, a label or the page's boilerplate; a word in the title or
the operator's name ranks the record above one that only mentions it; each result shows its
status, country and years; ten results come before "Load more". At 1280 and 390 px, with axe.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser import assert_accessible, assert_no_sideways_scroll, assert_only_origin, serve
from fixture_registry import copy_site_files
from gitrepo import entry_text, path_of

from registry.build import build_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TITLE = "title: King's Cross Estate live facial recognition with Metropolitan Police images"
OPERATOR = "  name: King's Cross Central Limited Partnership"
PLACE_NOTE = "A 67-acre privately managed estate"
FILLERS = 9

RECORDS = {
    "gb-zebrafold-title": {TITLE: "title: Zebrafold Estate live facial recognition"},
    "gb-mentions-both": {
        TITLE: "title: A second estate with live facial recognition",
        PLACE_NOTE: "A 67-acre estate once leased to Quokka and renamed from Zebrafold,",
    },
    "gb-quokka-operator": {
        TITLE: "title: A third estate with live facial recognition",
        OPERATOR: "  name: Quokka",
    },
    **{
        f"gb-filler-{n}": {TITLE: f"title: Filler estate number {n} with live facial recognition"}
        for n in range(FILLERS)
    },
}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("search-registry")
    for entry_id, replace in RECORDS.items():
        path = root / path_of(entry_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(entry_text(entry_id, **replace), encoding="utf-8")
    copy_site_files(root)
    build_site(root, site_dir=root / "site", work_dir=root / "build")
    with serve(root / "site") as url:
        yield url


def _search(page: Any, base_url: str, query: str) -> str:
    """Runs `query`; returns Pagefind's message once every result it shows has loaded its link
    (Pagefind draws each result, then fetches its data, so a busy machine sees gaps)."""
    page.goto(f"{base_url}/search/?q={query}")
    page.wait_for_function(
        """() => {
            const message = document.querySelector('.pagefind-ui__message')?.innerText ?? '';
            if (message.startsWith('No results')) return true;
            const found = /^(\\d+) results? for/.exec(message);
            return found !== null && document.querySelectorAll('.pagefind-ui__result-link').length
                === Math.min(Number(found[1]), 10);
        }""",
        timeout=15_000,
    )
    return page.locator(".pagefind-ui__message").inner_text()


def _found(page: Any) -> list[str]:
    return page.locator(".pagefind-ui__result-link").evaluate_all(
        "links => links.map(a => a.pathname.split('/').at(-2))"
    )


@pytest.mark.parametrize(
    "query",
    ["reply", "corrections", "impact", "litigation"],
    ids=["right-of-reply", "boilerplate-policy", "field-label", "heading"],
)
def test_headings_labels_and_boilerplate_find_nothing(page: Any, base_url: str, query: str) -> None:
    """Every record's page says "Right of reply", "corrections policy", "impact assessment" (a
    label) and "Investigations, litigation and political action"; no record's own words do."""
    assert _search(page, base_url, query).startswith("No results"), _found(page)


def test_a_word_in_the_title_ranks_above_a_mention(page: Any, base_url: str) -> None:
    assert _search(page, base_url, "zebrafold") == "2 results for zebrafold"
    assert _found(page) == ["gb-zebrafold-title", "gb-mentions-both"]


def test_the_operators_name_ranks_above_a_mention(page: Any, base_url: str) -> None:
    assert _search(page, base_url, "quokka") == "2 results for quokka"
    assert _found(page) == ["gb-quokka-operator", "gb-mentions-both"]


def test_a_result_shows_its_excerpt_status_country_and_years(sized_page: Any, base_url: str) -> None:
    page = sized_page
    _search(page, base_url, "zebrafold")
    first = page.locator(".pagefind-ui__result").first
    assert first.locator(".pagefind-ui__result-excerpt mark").first.inner_text().lower() == "zebrafold"
    tags = first.locator(".pagefind-ui__result-tag").all_inner_texts()
    assert sorted(tags) == ["Country: United Kingdom", "Status: Ended", "Years: 2016–2018"]
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    assert_only_origin(page.requests, base_url)
    assert page.console_errors == []


def test_ten_results_come_before_load_more(page: Any, base_url: str) -> None:
    assert _search(page, base_url, "estate") == f"{len(RECORDS)} results for estate"
    assert page.locator(".pagefind-ui__result").count() == 10
    page.get_by_role("button", name="Load more results").click()
    page.wait_for_function(
        "n => document.querySelectorAll('.pagefind-ui__result').length === n", arg=len(RECORDS)
    )
    assert page.console_errors == []

"""Citations: three formats naming one revision, and a permanent link that resolves to it."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from types import SimpleNamespace
from typing import Any

import pytest
from browser import assert_only_origin
from exports_site import FORMULA, FORMULA_TITLE, KX, session_site
from revisions_island import outlines

from registry.exports.cite import UNVERSIONED, bibtex_escape, citation

CONFIG = SimpleNamespace(site_url="https://reg.example/", site_name="FR Registry", base="/")


def _revision(sha: str, day: dt.date) -> Any:
    return SimpleNamespace(sha=sha, short=sha[:12], date=day, has_data=True)


def test_a_citation_names_the_latest_revision_and_links_to_it() -> None:
    entry = SimpleNamespace(id="gb-x", title="A title")
    history = SimpleNamespace(
        revisions=(_revision("b" * 40, dt.date(2021, 3, 2)), _revision("a" * 40, dt.date(2019, 1, 1)))
    )
    c = citation(entry, history, CONFIG)
    url = "https://reg.example/deployments/gb-x/history/#rev-bbbbbbbbbbbb"
    assert (c.revision, c.url, c.path, c.date_label) == (
        "bbbbbbbbbbbb",
        url,
        "/deployments/gb-x/history/#rev-bbbbbbbbbbbb",
        "2 March 2021",
    )
    assert c.text == f'FR Registry. "A title" (record gb-x), revision bbbbbbbbbbbb of 2 March 2021. {url}'
    assert "@misc{frregistry-gb-x-bbbbbbbbbbbb," in c.bibtex and "month = mar" in c.bibtex
    # Braced twice: a sentence-case style would print "metropolitan police".
    assert "  title = {{A title}}," in c.bibtex
    [item] = json.loads(c.csl_json)
    assert (
        item["version"] == "bbbbbbbbbbbb"
        and item["issued"] == {"date-parts": [[2021, 3, 2]]}
        and item["URL"] == url
    )


def test_without_history_a_citation_says_unversioned() -> None:
    c = citation(SimpleNamespace(id="gb-x", title="T"), None, CONFIG)
    assert c.revision == UNVERSIONED and not c.versioned
    assert c.url == "https://reg.example/deployments/gb-x/"
    assert "unversioned" in c.text and "issued" not in json.loads(c.csl_json)[0]


@pytest.mark.parametrize("title", ["}, note = {pwned", "\\input{/etc/passwd}", "50% & co_#1 ~ ^ $x$"])
def test_bibtex_fields_cannot_be_closed_or_run_commands(title: str) -> None:
    escaped = bibtex_escape(title)
    assert (
        re.search(
            r"(?<!\\)[{}#$%&_]",
            escaped.replace("\\textbackslash{}", "")
            .replace("\\textasciitilde{}", "")
            .replace("\\textasciicircum{}", ""),
        )
        is None
    )
    bib = citation(SimpleNamespace(id="gb-x", title=title), None, CONFIG).bibtex
    assert bib.count("{") - bib.count("\\{") == bib.count("}") - bib.count("\\}")


# --- on the built fixture site ---


@pytest.fixture(scope="module")
def fx(tmp_path_factory):
    return session_site(tmp_path_factory)


def _cite_link(site, entry_id: str) -> str:
    page = (site / "deployments" / entry_id / "index.html").read_text(encoding="utf-8")
    box = page[page.index('<div class="cite-box">') :]
    return re.search(r'href="(/deployments/[^"]+/history/#rev-[0-9a-f]{12})"', box).group(1)


@pytest.mark.slow
def test_the_permanent_link_resolves_to_that_revision(fx) -> None:
    pause, add = fx.commits["pause"][:12], fx.commits["add"][:12]
    link = _cite_link(fx.site, FORMULA)
    assert link == f"/deployments/{FORMULA}/history/#rev-{pause}"
    history = fx.site / "deployments" / FORMULA / "history" / "index.html"
    assert f'<li id="rev-{pause}">' in history.read_text(encoding="utf-8")
    written = outlines(history)  # the record as written, as assets/revisions.js rebuilds it
    assert "\ntimeline:\n  status: paused\n" in written[pause]
    assert f"\ntitle: {FORMULA_TITLE}\n" in written[pause]
    assert "\ntimeline:\n  status: ended\n" in written[add]
    entry_page = (fx.site / "deployments" / FORMULA / "index.html").read_text(encoding="utf-8")
    assert f"revision {pause} of 1 June 2020" in entry_page
    assert "Its link is a permanent address" in entry_page and "will not change" not in entry_page
    # Without JavaScript the page says how to get the record as it stood, and links the data.
    how = history.read_text(encoding="utf-8").split('<p class="history-how">')[1].split("</p>")[0]
    assert f'(with JavaScript) from <a href="/api/v1/deployments/{FORMULA}.json">' in how
    assert f"frregistry-{FORMULA}-{pause}" in entry_page
    # BibTeX: the anchor's `#` escaped inside \url's argument.
    assert f"\\url{{https://fr-registry.example.org/deployments/{FORMULA}/history/\\#rev-{pause}}}" in (
        html.unescape(entry_page)
    )


@pytest.mark.slow
def test_revision_pages_escape_old_values_and_make_no_links_from_them(fx) -> None:
    path = fx.site / _cite_link(fx.site, KX).split("#")[0].strip("/") / "index.html"
    page = path.read_text(encoding="utf-8")
    article = page[page.index('<article class="entry history-page"') : page.index("</article>")]
    hrefs = re.findall(r'href="([^"]+)"', article)  # the theme's own links are relative
    assert all(
        h.startswith(("/", "#", "https://fr-registry.example.org/", "https://github.com/fr-registry/"))
        for h in hrefs
    ), hrefs
    written = "".join(outlines(path).values())  # as text, in a <pre>, by assets/revisions.js
    assert "informationmanagementtoday" in written and "informationmanagementtoday" not in " ".join(hrefs)
    assert re.findall(r'<script src="[./]*assets/revisions\.js"></script>', page), "our own script file"
    assert f'data-revisions-json="/api/v1/deployments/{KX}.json"' in page


@pytest.mark.slow
@pytest.mark.browser
def test_a_reader_follows_the_citation_to_the_revision(page: Any, exports_site_url: str, fx) -> None:
    add = fx.commits["add"][:12]
    page.goto(f"{exports_site_url}/deployments/{KX}/#cite")
    page.locator(".cite-revision a").first.click()
    page.wait_for_url(f"**/deployments/{KX}/history/#rev-{add}")
    record = page.locator(f"#rev-{add} details.revision-record[open] pre")
    page.wait_for_function(
        "id => (document.querySelector(`#rev-${id} details.revision-record[open] pre`) || {}).textContent",
        arg=add,
    )
    expected = outlines(fx.site / "deployments" / KX / "history" / "index.html")[add]
    assert record.inner_text().strip() == expected.strip()  # the browser's outline is Python's
    page.get_by_role("link", name="Back to the record").click()
    page.wait_for_url(f"{exports_site_url}/deployments/{KX}/")
    assert_only_origin(page.requests, exports_site_url)
    assert page.console_errors == []

"""Link previews (issue 15, item 8): entry pages carry Open Graph metadata and X's card type,
read here from the page as Chromium parsed it, so a record's own words (quotes, ampersands, a
spreadsheet formula as a title) arrive as text and never as markup. X takes the title and
description from Open Graph when no twitter: tag names them, so none does (issue 18: they
repeated the description on every page)."""

from __future__ import annotations

from typing import Any

import pytest
from exports_site import FORMULA, FORMULA_TITLE, KX

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SITE_URL = "https://fr-registry.example.org/"  # mkdocs.yml's, as the fixture is built without an address


def _previews(page: Any) -> dict[str, str]:
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll(
            'meta[property^="og:"], meta[name^="twitter:"], link[rel=canonical]')]
            .map(m => [m.getAttribute('property') || m.getAttribute('name') || 'canonical',
                       m.getAttribute('content') || m.getAttribute('href')]))"""
    )


def test_an_entry_page_previews_its_title_summary_and_address(page: Any, exports_site_url: str) -> None:
    page.goto(f"{exports_site_url}/deployments/{KX}/")
    meta = _previews(page)
    title = page.locator("h1").inner_text()
    summary = page.evaluate("() => document.querySelector('meta[name=description]').content")
    assert meta == {
        "canonical": f"{SITE_URL}deployments/{KX}/",
        "og:type": "article",
        "og:site_name": "Facial Recognition Registry",
        "og:title": title,
        "og:description": summary,
        "og:url": f"{SITE_URL}deployments/{KX}/",
        "og:locale": "en",
        "twitter:card": "summary",
    }
    assert summary.startswith("The private owner of London's King's Cross Estate")
    assert len(summary) <= 300


def test_a_title_with_quotes_stays_text_in_the_preview(page: Any, exports_site_url: str) -> None:
    page.goto(f"{exports_site_url}/deployments/{FORMULA}/")
    meta = _previews(page)
    assert meta["og:title"] == FORMULA_TITLE
    assert page.locator('meta[property="og:title"]').count() == 1, "no attribute broke out into a tag"
    assert page.console_errors == []


def test_other_pages_preview_as_the_site(page: Any, exports_site_url: str) -> None:
    page.goto(f"{exports_site_url}/")
    meta = _previews(page)
    assert meta["og:type"] == "website" and meta["og:title"] == "Facial Recognition Registry"
    assert meta["og:description"] == "An open, sourced registry of facial-recognition deployments."

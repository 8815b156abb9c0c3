"""`registry build` end to end on records in every 1.1 form: MkDocs strict, Pagefind, pictures.

The every-field fixture registry (tests/fixtures/every_field/) holds an alleged and denied
record with qualified counts and dates, ranges, penalties and unknown recipients, and a 1.0
record beside it. The whole pipeline must build it, and its pages, search records, charts and
exports must say what the sources say.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_registry import copy_every_field

from registry.build import build_site

pytestmark = pytest.mark.slow


def test_the_whole_build_takes_every_1_1_form(tmp_path: Path) -> None:
    copy_every_field(tmp_path)
    build_site(tmp_path, site_dir=tmp_path / "site", work_dir=tmp_path / "build")
    site = tmp_path / "site"
    page = (site / "deployments" / "gb-every-field-a" / "index.html").read_text(encoding="utf-8")
    assert (
        "Alleged and denied</strong>: what this record describes is reported by its sources but not established"
        in page
    )
    assert "cameras running face recognition: about 7,301" in page
    assert "Periodic penalty payment of 7,307 EUR" in page
    other = (site / "deployments" / "fr-every-field-b" / "index.html").read_text(encoding="utf-8")
    assert "Outcomes note ZQ-B8" in other and "Fine of 7,404 GBP" in other
    assert (site / "pagefind").is_dir()
    assert (site / "api" / "v1" / "registry.sqlite").is_file()

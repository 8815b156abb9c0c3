"""A broken entry produces one exact, ordered list of problems."""

from __future__ import annotations

import shutil
from pathlib import Path

from registry.entries import check_entries

FIXTURE = Path(__file__).parent / "fixtures" / "entries" / "invalid_everything.yaml"
REL = "entries/gb/gb-fixture-broken.yaml"

EXPECTED = [
    f"{REL}:7:11: record.status: 'publshed' is not allowed here; use one of: published, withdrawn, merged, under_review (did you mean 'published'?)",
    f"{REL}:8:18: record.last_reviewed: must be a date written as YYYY, YYYY-MM or YYYY-MM-DD (such as 2019, 2019-08 or 2019-08-15), not '26/11/2026'; did you mean 2026-11-26?",
    f"{REL}:10:12: place.country: 'UK' is not an ISO 3166-1 country code (two capital letters, such as GB or FR); the United Kingdom is 'GB'",
    f"{REL}:16:9: operator.kind: 'council' is not allowed here; use one of: police, government, border, transport, retail, property, venue, stadium, school, vendor, nonprofit, other",
    f"{REL}:24:3: system.camera: 'camera' is not a field here; did you mean 'cameras'?",
    f"{REL}:30:8: timeline.end: must be a date written as YYYY, YYYY-MM or YYYY-MM-DD: there is no month 13",
    f"{REL}:35:5: legal.basis.reason: 'reason' is not a field here; allowed here: unknown, note, requested, sources",
    f"{REL}:41:10: sources.0.url: must be a full web address starting with https:// (or http://); "
    "did you mean 'https://www.example.org/report'?",
    f"{REL}:45:9: sources.1.id: must be a source id such as s1 (the id of an item in sources)",
    f"{REL}:49:11: sources.1.type: 'newspaper' is not allowed here; use one of: official_statement, official_report, regulator, court, foi_response, parliamentary, news, ngo_report, operator, vendor, academic, law_firm, blog, database, opinion, legal_commentary, court_document (did you mean 'news'?)",
]


def test_invalid_everything_reports_exactly_these_problems_in_order(tmp_path: Path) -> None:
    target = tmp_path / REL
    target.parent.mkdir(parents=True)
    shutil.copy(FIXTURE, target)
    assert [p.format() for p in check_entries(tmp_path).problems] == EXPECTED

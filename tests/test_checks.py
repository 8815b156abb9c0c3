"""The rules of registry/checks and the schema, one mutation of a valid entry per rule.

The valid fixture fills every field and must produce no problems; each row below changes one
field and expects exactly one message, so a rule that stops firing, or fires twice, fails.
"""

from __future__ import annotations

import copy
import os
import threading
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from fixture_registry import ENTRY_FILES, FIXTURE_ROOT

from registry.entries import check_entries, check_some
from registry.loader import dump_yaml, load_file

FIXTURES = Path(__file__).parent / "fixtures" / "entries"
DELETE = object()


@cache
def _valid_entry() -> dict[str, Any]:
    return load_file(FIXTURES / "valid_full.yaml").data


def valid_entry() -> dict[str, Any]:
    """The full fixture, read once per run: each caller gets its own copy to change."""
    return copy.deepcopy(_valid_entry())


def companion_entry() -> dict[str, Any]:
    """A second, minimal valid entry so that `related` in the full fixture resolves."""
    data = valid_entry()
    for key in ("aliases", "related", "watchlists", "data_flows", "investigations", "litigation"):
        data.pop(key)
    data["id"] = "gb-fixture-other"
    return data


@cache
def companion_text() -> str:
    """The companion as YAML, written once per run: most tests here write it beside their entry."""
    return dump_yaml(companion_entry())


def write_tree(root: Path, entries: dict[str, dict[str, Any] | str]) -> None:
    for rel, content in entries.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        text = content if isinstance(content, str) else dump_yaml(content)
        path.write_text(text, encoding="utf-8")


def problems_for(root: Path, data: dict[str, Any], rel: str = "entries/gb/gb-fixture-full.yaml") -> list[str]:
    write_tree(root, {rel: data, "entries/gb/gb-fixture-other.yaml": companion_text()})
    return [p.format() for p in check_entries(root).problems]


def messages(root: Path, data: dict[str, Any]) -> list[str]:
    """Problems as `field: message`, without the file and position."""
    return [line.split(": ", 1)[1] for line in problems_for(root, data)]


def mutate(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(data)
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    node: Any = data
    for part in parents:
        node = node[part]
    if value is DELETE:
        del node[last]
    else:
        node[last] = value
    return data


def _parties(oversight: int = 0, products_unknown: int = 0) -> list[dict[str, Any]]:
    """The fixture's parties, then `oversight` oversight bodies, then vendors of unknown products."""
    unknown = {"unknown": "not_found", "note": "No source names it."}
    return [
        *_valid_entry()["parties"],
        *({"name": f"Board {n}", "role": "oversight", "sources": ["s1"]} for n in range(oversight)),
        *(
            {"name": f"Vendor {n}", "role": "vendor", "product": unknown, "sources": ["s1"]}
            for n in range(products_unknown)
        ),
    ]


def test_valid_full_fixture_has_no_problems(tmp_path: Path) -> None:
    assert problems_for(tmp_path, valid_entry()) == []


def test_the_fixture_registry_is_clean() -> None:
    """The frozen copy of the records (tests/fixture_registry.py) still passes every check.

    The live entries are checked by tests/test_live_registry.py and by `registry check`.
    """
    result = check_entries(FIXTURE_ROOT)
    assert [p.format() for p in result.problems] == []
    assert result.checked == len(ENTRY_FILES) == 30


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        # bounds: the image-sharing graph lists each supplier-recipient pair of a watchlist
        (
            "watchlists.0.supplied_by",
            [f"Force {n}" for n in range(120)],
            "watchlists.0.supplied_by: this record's watchlists name 120 pairs of an organisation that "
            "supplied images and one that received them; the limit is 100: name the organisations "
            "that shared the images, not each unit or person",
        ),
        (
            "watchlists.0.received_by",
            [f"Unit {n}" for n in range(101)],
            "watchlists.0.received_by: this record's watchlists name 101 pairs of an organisation that "
            "supplied images and one that received them; the limit is 100: name the organisations "
            "that shared the images, not each unit or person",
        ),
        # bounds: the request drafts write a letter to each body that could answer (and see
        # test_the_letters_ask_at_most_400_questions_in_all)
        (
            "parties",
            _parties(oversight=20),
            "parties.21.name: this record names 21 organisations its records requests would write to "
            "(its operator, image suppliers, oversight bodies and investigating bodies), and its page "
            "carries a letter to each; "
            "the limit is 20: name the bodies that hold the records, not each office or unit",
        ),
        (
            "parties",
            _parties(products_unknown=400),
            [
                "operator.name: this record's letter to its operator asks 404 open questions; the limit "
                "is 400: say once, in a note, what many items leave unknown",
                "parties.40: this record names 402 organisations besides its operator; the limit is 40: "
                "name the organisations with a role in the deployment, and say in a note what a long "
                "list of others did",
            ],
        ),
        # bounds: every alias is published for good, every vendor has a page
        (
            "aliases",
            [f"gb-fixture-earlier-{n}" for n in range(11)],
            "aliases.10: this record keeps 11 earlier ids; the limit is 10: an alias is an id this "
            "record was published under, and each is kept for good",
        ),
        # bounds: each related record is a link on the page, each checked against every record
        (
            "related",
            ["gb-fixture-other", *(f"zz-q{n}" for n in range(30))],
            [
                *(f"related.{n}: 'zz-q{n - 1}' is not the id of any record" for n in range(1, 30)),
                "related.30: this record links 31 related records; the limit is 30: link the records "
                "that describe the same system or its successors, and say in a note what others did",
            ],
        ),
        # identity and files
        (
            "id",
            "gb-fixture-renamed",
            "id: must equal the file name 'gb-fixture-full' (the id is the file's name without .yaml)",
        ),
        (
            "id",
            "GB-Fixture",
            "id: must be an id of lowercase letters, digits and dashes that starts with the country code, such as gb-kings-cross-argent",
        ),
        (
            "place.country",
            "FR",
            [
                "id: must start with the country code 'fr-' (place.country is FR)",
                "place.country: is FR, so the file must live in entries/fr/, not entries/gb/",
            ],
        ),
        (
            "place.country",
            "UK",
            "place.country: 'UK' is not an ISO 3166-1 country code (two capital letters, such as GB or FR); the United Kingdom is 'GB'",
        ),
        (
            "place.country",
            "gb",
            "place.country: 'gb' is not an ISO 3166-1 country code (two capital letters, such as GB or FR); write it in capitals: 'GB'",
        ),
        ("aliases", ["gb-fixture-full"], "aliases.0: must not repeat the record's own id"),
        (
            "aliases",
            ["gb-fixture-other"],
            # Only the alias: a live id always wins, and a published id never changes.
            "aliases.0: 'gb-fixture-other' is the id of a live record (entries/gb/gb-fixture-other.yaml); an alias may not shadow it",
        ),
        ("related", ["gb-nowhere"], "related.0: 'gb-nowhere' is not the id of any record"),
        (
            "related",
            ["gb-fixture-othr"],
            "related.0: 'gb-fixture-othr' is not the id of any record; did you mean 'gb-fixture-other'?",
        ),
        (
            "record",
            {"status": "merged", "last_reviewed": "2026-11-01", "merged_into": "gb-fixture-oter"},
            "record.merged_into: 'gb-fixture-oter' is not the id of another record; did you mean 'gb-fixture-other'?",
        ),
        (
            "record.status",
            "withdrawn",
            "record.withdrawn: is required when record.status is 'withdrawn': give date and reason",
        ),
        (
            "record.status",
            "merged",
            "record.merged_into: is required when record.status is 'merged': name the record it was merged into",
        ),
        (
            "record.merged_into",
            "gb-fixture-other",
            "record.merged_into: is only allowed when record.status is 'merged' (it is 'published')",
        ),
        (
            "parties",
            [],
            "parties: must include the vendor: add a party with role: vendor (if no source names it, write name: {unknown: not_found, note: ...})",
        ),
        (
            "operator.country",
            "GB",
            "operator.country: is GB, the record's own country (place.country): give the operator's country only when it is another, such as a military abroad's; remove this line",
        ),
        (
            "parties.0.country",
            "GB",
            "parties.0.country: is GB, the record's own country (place.country): give a party's country only when it is another, such as a foreign regulator's; remove this line",
        ),
        (
            "parties.0.country",
            "France",
            "parties.0.country: 'France' is not an ISO 3166-1 country code (two capital letters, such as GB or FR)",
        ),
        # keys and vocabularies
        ("system.fr_mod", "live", "system.fr_mod: 'fr_mod' is not a field here; did you mean 'fr_mode'?"),
        (
            "timeline.status",
            "Ended",
            "timeline.status: 'Ended' is not allowed here; use one of: planned, trial, active, paused, ended, blocked, unknown (did you mean 'ended'?)",
        ),
        (
            "operator.sector",
            "privat",
            "operator.sector: 'privat' is not allowed here; use one of: public, private, mixed (did you mean 'private'?)",
        ),
        ("schema_version", "2", "schema_version: '2' is not allowed here; use one of: 1, 1.1"),
        ("title", DELETE, "title: is required"),
        ("title", "Two\nlines", "title: must be a single line (no line breaks)"),
        ("summary", "x" * 2001, "summary: is too long: at most 2000 characters"),
        ("summary", "  ", "summary: must not be empty"),
        (
            "system.cameras",
            "two",
            "system.cameras: must be a whole number such as 7, without commas or words (got 'two')",
        ),
        ("system.cameras", "-1", "system.cameras: must be at least 0"),
        # A word's field given a group or a list says so, and never echoes it as Python would.
        (
            "system.human_review",
            {"unknown": "not_recorded", "note": "Not said."},
            "system.human_review: must be one word, not a group of fields: one of yes, no, unknown; "
            "write unknown, and say why in the section's note",
        ),
        (
            "operator.sector",
            ["public"],
            "operator.sector: must be one word, not a list: one of public, private, mixed",
        ),
        # What a contributor meant, where it is certain.
        *(
            (
                "timeline.start",
                written,
                "timeline.start: must be a date written as YYYY, YYYY-MM or YYYY-MM-DD (such as 2019, "
                f"2019-08 or 2019-08-15), not '{written}'; did you mean {meant}?",
            )
            for written, meant in (
                ("2020/01/05", "2020-01-05"),
                ("2020-1", "2020-01"),
                ("2020-01-15T10:00:00Z", "2020-01-15"),
            )
        ),
        (
            "sources.0.language",
            "French",
            "sources.0.language: 'French' is not an ISO 639-1 language code (two small letters, such as "
            "en or fr); did you mean fr? (French)",
        ),
        (
            "sources.0.url",
            "www.example.org/page",
            "sources.0.url: must be a full web address starting with https:// (or http://); "
            "did you mean 'https://www.example.org/page'?",
        ),
        # What Python reads as a number but a reviewer reads otherwise: only plain digits.
        *(
            (
                "system.cameras",
                text,
                f"system.cameras: must be a whole number such as 7, without commas or words (got '{text}')",
            )
            for text in ("1_000", "0005", "+5", "5.0")
        ),
        *(
            (
                "place.coordinates.lon",
                text,
                f"place.coordinates.lon: must be a number such as 51.53 (got '{text}')",
            )
            for text in ("1_0", "+0.1", "-.12", "1e1", "nan")
        ),
        ("place.coordinates.lat", "91", "place.coordinates.lat: must be at most 90"),
        (
            "outcomes.measures.0.value",
            "1,000",
            "outcomes.measures.0.value: must be a whole number such as 7, without commas or words (got '1,000')",
        ),
        (
            "outcomes",
            {"unknown": "nobody_knows"},
            "outcomes.unknown: 'nobody_knows' is not allowed here; use one of: not_recorded, withheld, not_requested, not_found, not_applicable",
        ),
        (
            "outcomes",
            {"unknown": "not_found", "reason": "x"},
            "outcomes.reason: 'reason' is not a field here; allowed here: unknown, note, requested, sources",
        ),
        (
            "system",
            "live",
            "system: must be a group of fields (indented 'key: value' lines), not a single value",
        ),
        (
            # `- name: ...`: the group written as a list of one (it was told "not a single value").
            "operator",
            [_valid_entry()["operator"]],
            "operator: must be a group of fields (indented 'key: value' lines), not a list: "
            "remove the '- ' before its first field",
        ),
        (
            "outcomes",
            [{"unknown": "not_found"}],
            "outcomes: must be a group of fields (indented 'key: value' lines), not a list: "
            "remove the '- ' before its first field",
        ),
        ("aliases", "gb-old", "aliases: must be a list: one item per line starting with '- ', or [a, b]"),
        (
            "investigations.0.fine.currency",
            "EURO",
            "investigations.0.fine.currency: 'EURO' is not an ISO 4217 currency code (three capital letters, such as GBP, EUR or USD)",
        ),
        (
            "sources.0.language",
            "Klingonese",
            "sources.0.language: 'Klingonese' is not an ISO 639-1 language code (two small letters, such as en or fr)",
        ),
        # dates
        (
            "timeline.start",
            "15/01/2020",
            "timeline.start: must be a date written as YYYY, YYYY-MM or YYYY-MM-DD (such as 2019, 2019-08 or 2019-08-15), not '15/01/2020'; did you mean 2020-01-15?",
        ),
        (
            "timeline.start",
            "7 December 2026",
            "timeline.start: must be a date written as YYYY, YYYY-MM or YYYY-MM-DD (such as 2019, 2019-08 or 2019-08-15), not '7 December 2026'; did you mean 2026-12-07?",
        ),
        (
            "timeline.start",
            "December 7, 2026",
            "timeline.start: must be a date written as YYYY, YYYY-MM or YYYY-MM-DD (such as 2019, 2019-08 or 2019-08-15), not 'December 7, 2026'; did you mean 2026-12-07?",
        ),
        (
            "timeline.start",
            "03/2023",
            "timeline.start: must be a date written as YYYY, YYYY-MM or YYYY-MM-DD (such as 2019, 2019-08 or 2019-08-15), not '03/2023'; did you mean 2023-03?",
        ),
        (
            "timeline.start",
            "20230301",
            "timeline.start: must be a date written as YYYY, YYYY-MM or YYYY-MM-DD (such as 2019, 2019-08 or 2019-08-15), not '20230301'; did you mean 2023-03-01?",
        ),
        (
            "timeline.start",
            "03/04/2023",
            "timeline.start: must be a date written as YYYY, YYYY-MM or YYYY-MM-DD (such as 2019, 2019-08 or 2019-08-15), not '03/04/2023'; the day and the month could be either way round, so no date is guessed: write it as YYYY-MM-DD, the year first (2023-MM-DD)",
        ),
        (
            "timeline.start",
            "1614816000",
            "timeline.start: must be a date written as YYYY, YYYY-MM or YYYY-MM-DD (such as 2019, 2019-08 or 2019-08-15), not '1614816000'",
        ),
        (
            "timeline.start",
            "2021-02-30",
            "timeline.start: must be a date written as YYYY, YYYY-MM or YYYY-MM-DD: 2021-02-30 is not a day of the calendar",
        ),
        ("timeline.end", "2019-06", "timeline.end: must not be before timeline.start (2020-01-15)"),
        # An approximate date may be a year either side, never more (before, it was never compared).
        (
            "timeline.start",
            {"date": "2023-12", "qualifier": "approximate"},
            [
                "timeline.start: must not be after timeline.as_of (2021-06) by more than the year either "
                "way an approximate date may be off: timeline.status is 'ended' on that date, so it had "
                "been used on the public by then; correct the dates, or write status: planned if it had "
                "not started",
                "timeline.end: must not be before timeline.start (about 2023-12): an approximate date "
                "may be off by a year either way, not by more",
            ],
        ),
        ("timeline.start", {"date": "2022-03", "qualifier": "approximate"}, []),
        (
            "timeline.end",
            {"date": "2018", "qualifier": "approximate"},
            "timeline.end: must not be before timeline.start (2020-01-15): an approximate date "
            "may be off by a year either way, not by more",
        ),
        # What records an act already done cannot be after today (2099 is always ahead of the clock).
        (
            "record.last_reviewed",
            "2099-01-15",
            "record.last_reviewed: is after today: it is when the facts were last checked, which has happened already",
        ),
        (
            "sources.0.accessed",
            "2099-01-02",
            "sources.0.accessed: is after today: it is when the source was read, which has happened already",
        ),
        (
            "sources.0.published",
            "2099",
            [
                "sources.0.published: is after today: it is when the source was published, which has happened already",
                "sources.0.accessed: must not be before published (2099)",
            ],
        ),
        (
            "corrections.0.date",
            "2099-06",
            "corrections.0.date: is after today: it is when the correction was made, which has happened already",
        ),
        (
            "timeline.as_of",
            "2099-06",
            "timeline.as_of: is after today: it is when the status was last known to be true, which has happened already",
        ),
        (
            "responses.0.date",
            "2099-06-01",
            "responses.0.date: is after today: it is when the reply was given, which has happened already",
        ),
        (
            "legal.basis",
            {
                "unknown": "not_found",
                "note": "None stated.",
                "requested": {"date": "2099-01-01", "to": "Example Council"},
            },
            "legal.basis.requested.date: is after today: it is when the records request was sent, which has happened already",
        ),
        (
            "timeline.end",
            DELETE,
            "timeline.end: is required when timeline.status is 'ended': give the date, or write {unknown: not_found, note: ...} to say why it is not known",
        ),
        (
            "timeline.status",
            "active",
            "timeline.end: is 2021-01, but timeline.status is 'active'; set the status to 'ended' (or 'paused'), or remove the end date",
        ),
        (
            "watchlists.0.period.end",
            "2019",
            "watchlists.0.period.end: must not be before watchlists.0.period.start (2020-01)",
        ),
        (
            "investigations.0.closed",
            "2020-01",
            "investigations.0.closed: must not be before opened (2020-05)",
        ),
        ("litigation.0.decided", "2019", "litigation.0.decided: must not be before filed (2020-07)"),
        # sources and citations
        ("place.sources", [], "place.sources: must cite at least one source, such as [s1]"),
        # a repeated id in a list says nothing more, and a page showed the link twice
        ("place.sources", ["s1", "s1"], "place.sources.1: 's1' is already listed (place.sources.0)"),
        (
            "statements.0.contradicted_by",
            ["st2", "st2"],
            "statements.0.contradicted_by.1: 'st2' is already listed (statements.0.contradicted_by.0)",
        ),
        (
            "related",
            ["gb-fixture-other", "gb-fixture-other"],
            "related.1: 'gb-fixture-other' is already listed (related.0)",
        ),
        (
            "place.sources",
            ["s9"],
            "place.sources.0: cites 's9', which is not in sources (the sources are s1, s2, s3)",
        ),
        (
            "place.sources",
            ["source1"],
            "place.sources.0: must be a source id such as s1 (the id of an item in sources)",
        ),
        (
            "sources.2.id",
            "s1",
            [
                "investigations.0.sources.0: cites 's3', which is not in sources (the sources are s1, s2)",
                "litigation.0.sources.0: cites 's3', which is not in sources (the sources are s1, s2)",
                "political_actions.0.sources.0: cites 's3', which is not in sources (the sources are s1, s2)",
                "statements.1.sources.0: cites 's3', which is not in sources (the sources are s1, s2)",
                "responses.0.sources.0: cites 's3', which is not in sources (the sources are s1, s2)",
                "sources.2.id: 's1' is already the id of sources.0",
            ],
        ),
        (
            "sources.1.published",
            DELETE,
            "sources.1.published: is required for a source without a url: title, publisher and date identify it",
        ),
        (
            "sources.0.url",
            "javascript:alert(1)",
            "sources.0.url: must be a full web address starting with https:// (or http://)",
        ),
        (
            "sources.0.url",
            "//evil.example/x",
            "sources.0.url: must be a full web address starting with https:// (or http://)",
        ),
        # A space was taken and silently written as %20: it is nearly always a slip in copying.
        (
            "sources.0.url",
            "https://news.example.org/high street cameras",
            "sources.0.url: must not contain a space: a space in a web address is usually a slip "
            "in copying it; remove it, or write it as %20 if the address really has one",
        ),
        (
            "sources.0.url",
            "https://user:pw@example.org/",
            "sources.0.url: must not contain a user name or password",
        ),
        (
            "sources.0.url",
            "http://127.0.0.1/",
            "sources.0.url: must point at a public web site, not '127.0.0.1'",
        ),
        (
            "sources.0.url",
            "http://localhost/",
            "sources.0.url: must point at a public web site, not 'localhost'",
        ),
        (
            "sources.0.url",
            "https://example.org/" + "a" * 2000,
            "sources.0.url: must be at most 2,000 characters",
        ),
        (
            "sources.0.type",
            "newspaper",
            "sources.0.type: 'newspaper' is not allowed here; use one of: official_statement, official_report, regulator, court, foi_response, parliamentary, news, ngo_report, operator, vendor, academic, law_firm, blog, database, opinion, legal_commentary, court_document (did you mean 'news'?)",
        ),
        (
            "statements.0.contradicted_by",
            ["st9"],
            "statements.0.contradicted_by.0: 'st9' is not the id of another statement in this record",
        ),
        (
            "statements.1.id",
            "st1",
            [
                "statements.0.contradicted_by.0: 'st2' is not the id of another statement in this record",
                "statements.1.id: 'st1' is already the id of statements.0",
            ],
        ),
        # placeholders left by `registry new`, and unknowns written as a bare word
        (
            "summary",
            "TODO: one to three plain sentences",
            "summary: still says TODO: replace it with one to three plain sentences",
        ),
        (
            "summary",
            "TODO:\n  two lines " + "x" * 400,
            "summary: still says TODO: replace it with two lines " + "x" * 287 + "...",
        ),
        (
            "place.type",
            "TODO: the kind of place",
            "place.type: still says TODO: replace it with the kind of place",
        ),
        (
            "parties.1.name",
            "unknown",
            "parties.1.name: to say this is not known, write {unknown: <reason>, note: ...} instead of a bare word, with the reason that applies: not_recorded (no record kept), withheld (withheld or redacted), not_requested (not yet requested), not_found (researched; nothing published) or not_applicable (not applicable)",
        ),
        (
            "system.cameras",
            "Unknown",
            "system.cameras: to say this is not known, write {unknown: <reason>, note: ...} instead of a bare word, with the reason that applies: not_recorded (no record kept), withheld (withheld or redacted), not_requested (not yet requested), not_found (researched; nothing published) or not_applicable (not applicable)",
        ),
        (
            "place.sources",
            DELETE,
            "place.sources: is required: list the ids of the sources that support this group, such as [s1]",
        ),
        # plain text and personal data
        (
            "summary",
            "<script>alert(1)</script>",
            "summary: must be plain text: it looks like HTML ('<' followed by a letter), which is not allowed",
        ),
        (
            "summary",
            "See [here](https://example.org)",
            "summary: must be plain text: it looks like a Markdown link (']('), which is not allowed",
        ),
        (
            "summary",
            "Hi {{ cycler.__init__ }}",
            "summary: must be plain text: it looks like template or attribute syntax ('{:', '{{', '{%' or '{#'), which is not allowed",
        ),
        (
            "summary",
            'x --8<-- ".env"',
            "summary: must be plain text: it looks like a file-include marker ('--8<--'), which is not allowed",
        ),
        (
            "summary",
            "java script : alert(1)",
            "summary: must be plain text: it contains a script or data address, which is not allowed",
        ),
        (
            "title",
            "King's Cross javascript:alert(1)",  # after a word and a space (issue 16.6)
            "title: must be plain text: it contains a script or data address, which is not allowed",
        ),
        (
            "summary",
            "Cross JavaScript:alert(1) and VBScript:x",
            "summary: must be plain text: it contains a script or data address, which is not allowed",
        ),
        # Deep in lists, and each kind of markup: the rules first search the whole entry at once.
        (
            "events.0.summary",
            "Notes\n[1]: https://example.org",
            "events.0.summary: must be plain text: it looks like a Markdown link definition ('[x]:'), which is not allowed",
        ),
        (
            "sources.0.title",
            "A &#60;b&#62; title",
            "sources.0.title: must be plain text: it looks like an HTML character reference ('&#', '&lt;' or '&name;'), which is not allowed",
        ),
        *(
            (
                "operator.note",
                text,
                "operator.note: must be plain text: it looks like an HTML character reference "
                "('&#', '&lt;' or '&name;'), which is not allowed",
            )
            for text in ("NEC &lt;meta&gt;", "a &ltmeta", "x &eacute; y", "A &AMP B")
        ),
        (
            "statements.0.text",
            "DATA: text/html,x",
            "statements.0.text: must be plain text: it contains a script or data address, which is not allowed",
        ),
        (
            "summary",
            "Write to jo@example.org.",
            "summary: must not contain an email address (personal contact details are never published)",
        ),
        (
            "summary",
            "Call +44 20 7946 0000.",
            "summary: must not contain a phone number (personal contact details are never published)",
        ),
        # National forms too: before, only a number starting with + was refused.
        *(
            (
                "operator.note",
                f"Call the press office on {number}.",
                "operator.note: must not contain a phone number (personal contact details are never published)",
            )
            for number in ("020 7946 0958", "(555) 123-4567", "555-123-4567", "01 23 45 67 89")
        ),
    ],
)
def test_each_rule_fires_alone(tmp_path: Path, path: str, value: Any, expected: str | list[str]) -> None:
    """One mutation, one message; a list where one mistake honestly breaks several rules."""
    wanted = expected if isinstance(expected, list) else [expected]
    assert messages(tmp_path, mutate(valid_entry(), path, value)) == wanted


def _suppliers_of_every_list(suppliers: int, lists: int) -> dict[str, Any]:
    """The fixture with `suppliers` image suppliers, each named in `lists` watchlists whose seven
    facts are all unknown: each supplier's letter asks 7 questions a list."""
    data = valid_entry()
    forces = [f"Force {n}" for n in range(suppliers)]
    data["parties"] += [{"name": force, "role": "image_supplier", "sources": ["s1"]} for force in forces]
    unknown = {"unknown": "not_found", "note": "No source says."}
    data["watchlists"] += [
        {
            "name": f"List {n}",
            "compiled_by": unknown,
            "supplied_by": forces,
            "received_by": unknown,
            "size": unknown,
            "source_databases": unknown,
            "retention": unknown,
            "agreement": {"kind": "Local agreement", "documented": "unknown", "published": "unknown"},
            "sources": ["s1"],
        }
        for n in range(lists)
    ]
    return data


def test_the_letters_ask_at_most_400_questions_in_all(tmp_path: Path) -> None:
    """Each letter asks only the questions its addressee could answer, so the limit counts those:
    19 suppliers asked about 3 watchlists each (21 questions) and the operator's 25 make 424,
    passed at the 19th supplier's letter (Force 17, parties.19)."""
    assert messages(tmp_path, _suppliers_of_every_list(19, 3)) == [
        "parties.19.name: this record's letters ask 20 organisations 424 questions in all (of its "
        "25 open questions, each letter asks those its addressee could answer); the limit is 400: "
        "name the bodies that hold the records, not each office or unit"
    ]
    assert messages(tmp_path, _suppliers_of_every_list(19, 2)) == []  # 4 + 14 + 19 * 14 = 284


def test_many_letters_of_few_questions_pass(tmp_path: Path) -> None:
    """Before, 19 oversight bodies and 17 vendors' unknown products were "20 organisations its 21
    open questions each, 420 in all": a product is the operator's to name, and the bodies would be
    asked only for the legal basis, the impact assessment and the matches, which the record gives,
    so they get no letter."""
    assert (
        messages(tmp_path, mutate(valid_entry(), "parties", _parties(oversight=19, products_unknown=17)))
        == []
    )


@pytest.mark.parametrize(
    "text",
    [
        "Case 2079077-58.2022.8.26.0000 was appealed.",
        "From 2019-05-20 to 2020-01-02.",
        "Between 1,200 and 1,600 people; 12 345 678 in all.",
        "Section 0 12 of the act; ISO 3166-1; 0.5 per cent.",
        # References in a phone's shape: after a word that names them, or with a year in them.
        "Case 0123 456 789 and Order No. 012 345 6789 were joined.",
        "Resolution 001 2020 1234 and Decree 020-2019-1234 apply; see (2020) 1234 5678.",
    ],
)
def test_figures_dates_and_case_numbers_are_not_phone_numbers(tmp_path: Path, text: str) -> None:
    assert messages(tmp_path, mutate(valid_entry(), "operator.note", text)) == []


def test_plain_text_allows_ordinary_punctuation(tmp_path: Path) -> None:
    text = 'False-match rate <0.1%; "2,470 alerts"; costs: EUR 104,000 (data: 2017) & more'
    assert messages(tmp_path, mutate(valid_entry(), "summary", text)) == []


def test_thousands_of_unknown_links_are_told_as_fifty_and_a_count(tmp_path: Path) -> None:
    """An attacker's `related:` of 5,200 made-up ids printed 5,200 lines (twice as many in CI, as
    annotations) and compared each with every record's id. Now the links past the limit are not
    compared, and the registry-wide rules' problems count towards a file's 50, as its own do:
    here 30 links repeated, the limit, and 30 unknown ids make 61, told as 50 and a count."""
    ids = [f"zz-{n:x}" for n in range(4000)]
    data = mutate(valid_entry(), "related", ids[:30] + ids[:30] + ids[30:])
    lines = problems_for(tmp_path, data)
    assert len(lines) == 51
    assert lines[0].endswith("related.0: 'zz-0' is not the id of any record")
    assert lines[-1] == (
        "entries/gb/gb-fixture-full.yaml: and 11 more problems in this file, not listed; fix these, then check again"
    )


def test_problems_carry_line_and_column(tmp_path: Path) -> None:
    data = mutate(valid_entry(), "timeline.status", "Ended")
    (line,) = problems_for(tmp_path, data)
    path, lineno, col, rest = line.split(":", 3)
    text = (tmp_path / path).read_text().splitlines()
    assert text[int(lineno) - 1][int(col) - 1 :].startswith("Ended")
    assert rest.startswith(" timeline.status:")


def test_wrong_folder_is_reported(tmp_path: Path) -> None:
    found = problems_for(tmp_path, valid_entry(), rel="entries/fr/gb-fixture-full.yaml")
    assert [line.split(": ", 1)[1] for line in found] == [
        "place.country: is GB, so the file must live in entries/gb/, not entries/fr/"
    ]


@pytest.mark.parametrize("name", ["-rf.yaml", "Foo.yaml", "foo bar.yaml", "ab.yaml"])
def test_bad_file_names_are_rejected(tmp_path: Path, name: str) -> None:
    write_tree(tmp_path, {f"entries/gb/{name}": "id: x\n"})
    assert [p.format() for p in check_entries(tmp_path).problems] == [
        f"entries/gb/{name}:1:1: filename: file names are the record id: "
        "lowercase letters, digits and dashes, ending in .yaml"
    ]


def test_entry_outside_a_country_folder_is_rejected(tmp_path: Path) -> None:
    write_tree(tmp_path, {"entries/gb-x-y.yaml": "id: x\n"})
    assert [p.format() for p in check_entries(tmp_path).problems] == [
        "entries/gb-x-y.yaml:1:1: filename: entry files live in a country folder: entries/<cc>/<id>.yaml"
    ]


def test_symlinked_entry_is_rejected(tmp_path: Path) -> None:
    write_tree(tmp_path, {"outside.yaml": valid_entry()})
    (tmp_path / "entries" / "gb").mkdir(parents=True)
    (tmp_path / "entries/gb/gb-fixture-full.yaml").symlink_to(tmp_path / "outside.yaml")
    assert [p.format() for p in check_entries(tmp_path).problems] == [
        "entries/gb/gb-fixture-full.yaml:1:1: symlink: entry files must be regular files, not symbolic links"
    ]


def test_a_directory_named_like_an_entry_is_rejected_not_opened(tmp_path: Path) -> None:
    """A folder `gb-dir.yaml` can be committed (it holds a file); opening it was a traceback."""
    write_tree(tmp_path, {"entries/gb/gb-dir.yaml/gb-inner.yaml": valid_entry()})
    assert [p.format() for p in check_entries(tmp_path).problems] == [
        "entries/gb/gb-dir.yaml:1:1: filename: entry files must be regular files, not a directory",
        "entries/gb/gb-dir.yaml/gb-inner.yaml:1:1: filename: entry files live in a country folder: entries/<cc>/<id>.yaml",
    ]


def test_a_named_pipe_named_like_an_entry_is_rejected_not_read(tmp_path: Path) -> None:
    """Reading a FIFO waits for a writer forever: `check` hung."""
    (tmp_path / "entries" / "gb").mkdir(parents=True)
    os.mkfifo(tmp_path / "entries/gb/gb-fifo.yaml")
    found: list[str] = []
    worker = threading.Thread(
        target=lambda: found.extend(p.format() for p in check_entries(tmp_path).problems), daemon=True
    )
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "check_entries hangs on a named pipe"
    assert found == [
        "entries/gb/gb-fifo.yaml:1:1: filename: entry files must be regular files, not a named pipe (FIFO)"
    ]


def test_duplicate_ids_and_shared_aliases_across_files(tmp_path: Path) -> None:
    first = mutate(companion_entry(), "aliases", ["gb-shared-old"])
    second = mutate(mutate(companion_entry(), "id", "gb-fixture-second"), "aliases", ["gb-shared-old"])
    write_tree(
        tmp_path,
        {"entries/gb/gb-fixture-other.yaml": first, "entries/gb/gb-fixture-second.yaml": second},
    )
    # Both files are told, so `check --changed` fails whichever of the two a pull request touched.
    assert [
        p.format().split(":", 1)[0] + ": " + p.format().split(": ", 1)[1]
        for p in check_entries(tmp_path).problems
    ] == [
        "entries/gb/gb-fixture-other.yaml: aliases.0: 'gb-shared-old' is also an alias of entries/gb/gb-fixture-second.yaml",
        "entries/gb/gb-fixture-second.yaml: aliases.0: 'gb-shared-old' is already an alias of entries/gb/gb-fixture-other.yaml",
    ]


@pytest.mark.parametrize(
    ("copy", "own_problem"),
    [
        (
            "entries/gb/gb-fixture-other-copy.yaml",
            "id: must equal the file name 'gb-fixture-other-copy' (the id is the file's name without .yaml)",
        ),
        (
            "entries/fr/gb-fixture-other.yaml",
            "place.country: is GB, so the file must live in entries/gb/, not entries/fr/",
        ),
    ],
)
def test_a_duplicate_id_is_blamed_on_the_copy_not_on_the_file_named_for_it(
    tmp_path: Path, copy: str, own_problem: str
) -> None:
    """A copied file was told its own problem, and the original, named and placed for its id,
    was told its id was taken (the first file in path order kept the id): only the copy is at fault."""
    write_tree(tmp_path, {"entries/gb/gb-fixture-other.yaml": companion_text(), copy: companion_text()})
    assert [
        p.format().split(":", 1)[0] + ": " + p.format().split(": ", 1)[1]
        for p in check_entries(tmp_path).problems
    ] == [
        f"{copy}: id: 'gb-fixture-other' is already the id of entries/gb/gb-fixture-other.yaml",
        f"{copy}: {own_problem}",
    ]


def test_a_duplicate_id_in_two_misnamed_files_is_blamed_on_the_later_one(tmp_path: Path) -> None:
    """Neither file is named for the id: the first in path order keeps it, as before."""
    write_tree(
        tmp_path,
        {"entries/gb/gb-fixture-a.yaml": companion_text(), "entries/gb/gb-fixture-b.yaml": companion_text()},
    )
    assert [(p.path, p.message) for p in check_entries(tmp_path).problems if p.message.startswith("'")] == [
        (
            "entries/gb/gb-fixture-b.yaml",
            "'gb-fixture-other' is already the id of entries/gb/gb-fixture-a.yaml",
        )
    ]


def merged(data: dict[str, Any], into: str) -> dict[str, Any]:
    return mutate(mutate(data, "record.status", "merged"), "record.merged_into", into)


def test_a_merged_record_points_at_a_published_one(tmp_path: Path) -> None:
    """A merge cycle (or a chain, or a merge into a withdrawn record) made tombstones pointing at
    each other, the content shown on none of them: merged_into must name a published record."""
    full = merged(valid_entry(), "gb-fixture-other")
    other = merged(companion_entry(), "gb-fixture-full")
    third = merged(mutate(companion_entry(), "id", "gb-fixture-third"), "gb-fixture-fourth")
    fourth = mutate(companion_entry(), "id", "gb-fixture-fourth")
    fourth = mutate(fourth, "record.status", "withdrawn")
    fourth = mutate(fourth, "record.withdrawn", {"date": "2026-01", "reason": "Out of scope."})
    write_tree(
        tmp_path,
        {
            "entries/gb/gb-fixture-full.yaml": full,
            "entries/gb/gb-fixture-other.yaml": other,
            "entries/gb/gb-fixture-third.yaml": third,
            "entries/gb/gb-fixture-fourth.yaml": fourth,
        },
    )
    assert [
        p.format().split(":", 1)[0] + ": " + p.format().split(": ", 1)[1]
        for p in check_entries(tmp_path).problems
    ] == [
        "entries/gb/gb-fixture-full.yaml: record.merged_into: 'gb-fixture-other' is not a published record "
        "(its record.status is 'merged', in entries/gb/gb-fixture-other.yaml); "
        "a merged record must point at the published record that now shows its content",
        "entries/gb/gb-fixture-other.yaml: record.merged_into: 'gb-fixture-full' is not a published record "
        "(its record.status is 'merged', in entries/gb/gb-fixture-full.yaml); "
        "a merged record must point at the published record that now shows its content",
        "entries/gb/gb-fixture-third.yaml: record.merged_into: 'gb-fixture-fourth' is not a published record "
        "(its record.status is 'withdrawn', in entries/gb/gb-fixture-fourth.yaml); "
        "a merged record must point at the published record that now shows its content",
    ]


def test_withdrawing_a_record_others_are_merged_into_fails_when_only_it_is_checked(tmp_path: Path) -> None:
    """`check --changed` on a pull request that withdraws the target alone still fails, there."""
    other = mutate(
        mutate(companion_entry(), "record.status", "withdrawn"),
        "record.withdrawn",
        {"date": "2026-01", "reason": "Out of scope."},
    )
    write_tree(
        tmp_path,
        {
            "entries/gb/gb-fixture-full.yaml": merged(valid_entry(), "gb-fixture-other"),
            "entries/gb/gb-fixture-other.yaml": other,
        },
    )
    target = tmp_path / "entries/gb/gb-fixture-other.yaml"
    assert [
        p.format().split(":", 1)[0] + ": " + p.format().split(": ", 1)[1]
        for p in check_entries(tmp_path, [target]).problems
    ] == [
        "entries/gb/gb-fixture-other.yaml: record.status: is 'withdrawn', but entries/gb/gb-fixture-full.yaml "
        "is merged into this record; a merged record must point at a published one, so point it at "
        "another first"
    ]
    assert [p.path for p in check_entries(tmp_path).problems] == ["entries/gb/gb-fixture-full.yaml"]


def test_a_record_that_did_not_load_is_not_also_a_broken_link_in_those_naming_it(tmp_path: Path) -> None:
    """One typo in a much-linked record failed every record naming it, in words that blamed
    their links ("is not the id of any record"). Its file is there: only its own problem is
    told, by `check` and by the preview's `check_some` alike."""
    broken = mutate(companion_entry(), "place.type", "stret")
    write_tree(
        tmp_path,
        {
            "entries/gb/gb-fixture-full.yaml": valid_entry(),  # related: [gb-fixture-other]
            "entries/gb/gb-fixture-other.yaml": broken,
            "entries/gb/gb-fixture-third.yaml": merged(
                mutate(companion_entry(), "id", "gb-fixture-third"), "gb-fixture-other"
            ),
        },
    )
    whole = check_entries(tmp_path)
    assert [(p.path, p.field) for p in whole.problems] == [("entries/gb/gb-fixture-other.yaml", "place.type")]
    preview = check_some(tmp_path, [tmp_path / "entries/gb/gb-fixture-other.yaml"], whole.files)
    assert preview.problems == whole.problems


def test_a_link_to_an_old_id_names_the_id_to_link(tmp_path: Path) -> None:
    """After a rename, a record still linking the old id was told no record had it, though one
    lists it in `aliases`: the message now names that record's id."""
    write_tree(
        tmp_path,
        {
            "entries/gb/gb-fixture-full.yaml": valid_entry(),  # aliases: [gb-fixture-old-name]
            "entries/gb/gb-fixture-other.yaml": mutate(companion_entry(), "related", ["gb-fixture-old-name"]),
            "entries/gb/gb-fixture-third.yaml": merged(
                mutate(companion_entry(), "id", "gb-fixture-third"), "gb-fixture-old-name"
            ),
        },
    )
    assert [
        p.format().split(":", 1)[0] + ": " + p.format().split(": ", 1)[1]
        for p in check_entries(tmp_path).problems
    ] == [
        "entries/gb/gb-fixture-other.yaml: related.0: 'gb-fixture-old-name' is now an alias of "
        "gb-fixture-full; link that id",
        "entries/gb/gb-fixture-third.yaml: record.merged_into: 'gb-fixture-old-name' is now an alias of "
        "gb-fixture-full; link that id",
    ]


def test_a_link_to_a_merged_record_names_the_record_it_became(tmp_path: Path) -> None:
    """After a merge, a record still listed the merged one as related, and its page showed
    "Record X: merged into another record" where the record it became belonged."""
    write_tree(
        tmp_path,
        {
            "entries/gb/gb-fixture-full.yaml": mutate(valid_entry(), "related", ["gb-fixture-other"]),
            "entries/gb/gb-fixture-other.yaml": merged(companion_entry(), "gb-fixture-full"),
            "entries/gb/gb-fixture-third.yaml": mutate(
                mutate(companion_entry(), "id", "gb-fixture-third"), "related", ["gb-fixture-other"]
            ),
        },
    )
    assert [p.format().split(": ", 1)[1] for p in check_entries(tmp_path).problems] == [
        "related.0: 'gb-fixture-other' was merged into this record: remove the link",
        "related.0: 'gb-fixture-other' was merged into gb-fixture-full; link that id",
    ]


def test_a_merge_into_a_published_record_passes(tmp_path: Path) -> None:
    assert messages(tmp_path, merged(valid_entry(), "gb-fixture-other")) == []


def test_an_alias_shadowing_a_live_id_is_blamed_on_the_alias_unless_only_the_id_is_checked(
    tmp_path: Path,
) -> None:
    """The whole registry (and the preview) blame the alias alone: telling the live record to
    change its published id is never the fix. Checking only the file with the id (`check
    --changed` when a new file took an old record's alias as its id) still fails, there."""
    write_tree(
        tmp_path,
        {
            "entries/gb/gb-fixture-full.yaml": mutate(valid_entry(), "aliases", ["gb-fixture-other"]),
            "entries/gb/gb-fixture-other.yaml": companion_text(),
        },
    )
    alias_side = (
        "entries/gb/gb-fixture-full.yaml:9:3: aliases.0: 'gb-fixture-other' is the id of a live record "
        "(entries/gb/gb-fixture-other.yaml); an alias may not shadow it"
    )
    id_side = (
        "entries/gb/gb-fixture-other.yaml:2:5: id: 'gb-fixture-other' is already an alias of "
        "entries/gb/gb-fixture-full.yaml (an earlier id of that record); choose another id"
    )
    full, other = tmp_path / "entries/gb/gb-fixture-full.yaml", tmp_path / "entries/gb/gb-fixture-other.yaml"
    assert [p.format() for p in check_entries(tmp_path).problems] == [alias_side]
    assert [p.format() for p in check_entries(tmp_path, [full, other]).problems] == [alias_side]
    assert [p.format() for p in check_entries(tmp_path, [full]).problems] == [alias_side]
    assert [p.format() for p in check_entries(tmp_path, [other]).problems] == [id_side]
    others = [f for f in check_entries(tmp_path).files if f.path != "entries/gb/gb-fixture-full.yaml"]
    assert [p.format() for p in check_some(tmp_path, [full], others).problems] == [alias_side]


def as_text(value: Any) -> Any:
    """Numbers as the loader gives them (text), for dump_yaml."""
    if isinstance(value, dict):
        return {k: as_text(v) for k, v in value.items()}
    return str(value) if isinstance(value, int) else value


def measure(value: Any, out_of: Any) -> dict[str, Any]:
    value, out_of = as_text(value), as_text(out_of)
    return {
        "metric": "true_alerts",
        "value": value,
        "out_of": out_of,
        "out_of_metric": "alerts",
        "sources": ["s2"],
    }


BASE_MESSAGE = "a count is part of its base, as in '8 of 42 alerts'; check both against the source"


@pytest.mark.parametrize(
    ("value", "out_of", "expected"),
    [
        # Certainly more than the base: refused ("50 of 42 alerts (119%)" was shown).
        (50, 42, [f"outcomes.measures.0.value: is 50, more than out_of (42): {BASE_MESSAGE}"]),
        (
            {"count": 50, "qualifier": "at_least"},
            {"count": 42, "qualifier": "at_most"},
            [f"outcomes.measures.0.value: is at least 50, more than out_of (at most 42): {BASE_MESSAGE}"],
        ),
        (
            {"min": 50, "max": 60},
            {"min": 30, "max": 45},
            [f"outcomes.measures.0.value: is 50 to 60, more than out_of (30 to 45): {BASE_MESSAGE}"],
        ),
        # Possibly within it: kept. "About 50" may be 42; "at least 42" may be 60.
        (42, 42, []),
        ({"count": 50, "qualifier": "approximate"}, 42, []),
        (50, {"count": 42, "qualifier": "at_least"}, []),
        (50, {"count": 42, "qualifier": "approximate"}, []),
        ({"count": 50, "qualifier": "at_most"}, 42, []),
        ({"min": 30, "max": 60}, 42, []),
        ({"unknown": "not_recorded", "sources": ["s2"]}, 42, []),
    ],
)
def test_a_count_never_exceeds_its_base(tmp_path: Path, value: Any, out_of: Any, expected: list[str]) -> None:
    assert (
        messages(tmp_path, mutate(valid_entry(), "outcomes.measures.0", measure(value, out_of))) == expected
    )


@pytest.mark.parametrize(
    ("published", "accessed", "expected"),
    [
        ("2023-03-14", "2022-01-01", ["sources.0.accessed: must not be before published (2023-03-14)"]),
        ("2019-05-20", "2019-04", ["sources.0.accessed: must not be before published (2019-05-20)"]),
        # Only what is certain: May 2019 may be the 20th or later; 2019 may be any day of it.
        ("2019-05-20", "2019-05", []),
        ("2019", "2019-01-01", []),
        # About March 2023 may be a year out: 2022 is possible, 2020 is not.
        ({"date": "2023-03", "qualifier": "approximate"}, "2022-01-01", []),
        (
            {"date": "2023-03", "qualifier": "approximate"},
            "2020-01-01",
            [
                "sources.0.accessed: must not be before published (about 2023-03): an approximate "
                "date may be off by a year either way, not by more"
            ],
        ),
        ({"unknown": "not_found"}, "2022-01-01", []),
    ],
)
def test_a_source_is_not_read_before_it_was_published(
    tmp_path: Path, published: Any, accessed: str, expected: list[str]
) -> None:
    data = mutate(mutate(valid_entry(), "sources.0.published", published), "sources.0.accessed", accessed)
    assert messages(tmp_path, data) == expected


def test_a_date_of_tomorrow_is_today_somewhere(tmp_path: Path) -> None:
    """Today is the day check runs (UTC); a contributor whose day has begun writes tomorrow's."""
    import datetime as dt

    from registry.checks.dates import check_nothing_done_is_in_the_future

    data = mutate(valid_entry(), "record.last_reviewed", "2026-12-08")
    write_tree(
        tmp_path,
        {"entries/gb/gb-fixture-full.yaml": data, "entries/gb/gb-fixture-other.yaml": companion_text()},
    )
    (entry,) = (f for f in check_entries(tmp_path).files if f.entry.id == "gb-fixture-full")
    assert list(check_nothing_done_is_in_the_future(entry, today=dt.date(2026, 12, 7))) == []
    (late,) = check_nothing_done_is_in_the_future(entry, today=dt.date(2026, 12, 6))
    assert late.loc == ("record", "last_reviewed")


STARTED_MESSAGE = (
    "timeline.start: must not be after timeline.as_of (2025-11): timeline.status is '{}' on that "
    "date, so it had been used on the public by then; correct the dates, or write status: planned "
    "if it had not started"
)


@pytest.mark.parametrize(
    ("status", "start", "expected"),
    [
        ("active", "2026-03", [STARTED_MESSAGE.format("active")]),
        ("trial", "2025-12-01", [STARTED_MESSAGE.format("trial")]),
        ("paused", "2026", [STARTED_MESSAGE.format("paused")]),
        # planned: the start may be foreseen; blocked: it may have been prevented from starting;
        # unknown says nothing about use.
        ("planned", "2026-03", []),
        ("blocked", "2026-03", []),
        ("unknown", "2026-03", []),
        # Only what is certain: 2025 may be any month up to November; "about" may be earlier.
        ("active", "2025", []),
        ("active", "2025-11-30", []),
        ("active", {"date": "2026-03", "qualifier": "approximate"}, []),
        # ...but by a year at most (a contributor's "about September 2025" with as_of May 2019 passed).
        (
            "trial",
            {"date": "2027-09", "qualifier": "approximate"},
            [
                "timeline.start: must not be after timeline.as_of (2025-11) by more than the year either "
                "way an approximate date may be off: timeline.status is 'trial' on that date, so it had "
                "been used on the public by then; correct the dates, or write status: planned if it had "
                "not started"
            ],
        ),
        ("active", {"date": "2026-12", "qualifier": "approximate"}, []),
    ],
)
def test_a_deployment_in_use_on_the_as_of_date_started_by_then(
    tmp_path: Path, status: str, start: Any, expected: list[str]
) -> None:
    data = mutate(valid_entry(), "timeline.status", status)
    data = mutate(mutate(data, "timeline.end", DELETE), "timeline.as_of", "2025-11")
    assert messages(tmp_path, mutate(data, "timeline.start", start)) == expected


def test_an_ended_deployment_that_started_after_the_as_of_date_is_refused(tmp_path: Path) -> None:
    data = mutate(mutate(valid_entry(), "timeline.as_of", "2025-11"), "timeline.start", "2026-03")
    assert messages(tmp_path, mutate(data, "timeline.end", "2026-06")) == [STARTED_MESSAGE.format("ended")]


def spelt(
    data: dict[str, Any], entry_id: str, operator: str, vendor: str = "Example Vision"
) -> dict[str, Any]:
    data = mutate(mutate(data, "id", entry_id), "operator.name", operator)
    return mutate(data, "parties.0.name", vendor)


def spelling_problems(root: Path, records: dict[str, dict[str, Any]]) -> list[str]:
    write_tree(root, {f"entries/gb/{entry_id}.yaml": data for entry_id, data in records.items()})
    return [p.format() for p in check_entries(root).problems]


def test_two_spellings_of_one_organisation_page_are_refused_where_fewer_records_use_one(
    tmp_path: Path,
) -> None:
    """ "ESSEX POLICE — ПОДДЕЛКА" has the slug of "Essex Police" (slugify drops the Cyrillic), and
    the operator page took `min(names)` as its heading: a new record could rename it. The spelling
    most records use is kept; the others are told, naming it and a file that uses it."""
    base = companion_entry()
    records = {
        "gb-fixture-a": spelt(base, "gb-fixture-a", "Essex Police"),
        "gb-fixture-b": spelt(base, "gb-fixture-b", "Essex Police", "example vision"),
        "gb-fixture-c": spelt(base, "gb-fixture-c", "ESSEX POLICE — ПОДДЕЛКА", "Acme Ltd"),
        # Withdrawn: it has no content anywhere, so its spelling makes no page and is not held.
        "gb-fixture-d": mutate(
            mutate(spelt(base, "gb-fixture-d", "Essex police"), "record.status", "withdrawn"),
            "record.withdrawn",
            {"date": "2026-01", "reason": "Out of scope."},
        ),
    }
    assert spelling_problems(tmp_path, records) == [
        # A tie (one record each): the spelling first by casefold, then by code point, is kept.
        "entries/gb/gb-fixture-b.yaml:29:9: parties.0.name: 'example vision' shares the page "
        "/vendors/example-vision/ with 'Example Vision' (entries/gb/gb-fixture-a.yaml, the spelling of 1 "
        "record); write it 'Example Vision' if it is the same organisation, or give another "
        "organisation a name that tells them apart",
        "entries/gb/gb-fixture-c.yaml:22:9: operator.name: 'ESSEX POLICE — ПОДДЕЛКА' shares the page "
        "/operators/essex-police/ with 'Essex Police' (entries/gb/gb-fixture-a.yaml, the spelling of 2 "
        "records); write it 'Essex Police' if it is the same organisation, or give another "
        "organisation a name that tells them apart",
    ]


def test_a_name_whose_page_would_sit_at_another_pages_old_address_is_refused(tmp_path: Path) -> None:
    """ "Brøndby IF" was at /operators/brndby-if/ before ø was spelt out; that address redirects
    now, and a new operator "Brndby IF" got the very address: a link to Brøndby IF's page then
    opened another organisation's, with check and the build passing."""
    base = companion_entry()
    records = {
        "gb-fixture-a": spelt(base, "gb-fixture-a", "Br\u00f8ndby IF"),
        "gb-fixture-b": spelt(base, "gb-fixture-b", "Brndby IF"),
    }
    assert spelling_problems(tmp_path, records) == [
        "entries/gb/gb-fixture-b.yaml:22:9: operator.name: 'Brndby IF' would have its page at "
        "/operators/brndby-if/, where earlier builds published the page of 'Br\u00f8ndby IF' (now at "
        "/operators/brondby-if/), and links to it would open this one: spell this organisation so "
        "its page has an address of its own"
    ]


def test_a_new_name_whose_old_address_is_a_live_page_fails_on_its_own_record(tmp_path: Path) -> None:
    """The attacker's "City Government of Manila\u00f8": its old address (the slug without the
    \u00f8) is the live page of "City Government of Manila". `check --changed` on the new record
    passed, and the whole check blamed the untouched record. Checked alone, each record is told."""
    base = companion_entry()
    manila, claim = "City Government of Manila", "City Government of Manila\u00f8"
    records = {
        "gb-fixture-a": spelt(base, "gb-fixture-a", manila),
        "gb-fixture-b": spelt(base, "gb-fixture-b", claim),
    }
    write_tree(tmp_path, {f"entries/gb/{entry_id}.yaml": data for entry_id, data in records.items()})
    new = tmp_path / "entries/gb/gb-fixture-b.yaml"
    assert [p.format() for p in check_entries(tmp_path, [new]).problems] == [
        f"entries/gb/gb-fixture-b.yaml:22:9: operator.name: '{claim}' would keep a redirect at "
        "/operators/city-government-of-manila/, its address in earlier builds, but that is the page of "
        f"'{manila}' (entries/gb/gb-fixture-a.yaml): if '{claim}' is new, spell it so its old address is "
        "no other page's"
    ]
    old = tmp_path / "entries/gb/gb-fixture-a.yaml"
    assert [p.format().split(": ", 2)[1] for p in check_entries(tmp_path, [old]).problems] == [
        "operator.name"
    ]


def test_two_names_with_one_old_address_are_refused(tmp_path: Path) -> None:
    """The attacker's "Brndby IF\u00f8" beside "Br\u00f8ndby IF": both were /operators/brndby-if/
    before \u00f8 was spelt out, and the build gave that old address to the first in sort order,
    so links made to Br\u00f8ndby IF's page opened the newcomer's. Either record checked alone
    fails."""
    base = companion_entry()
    records = {
        "gb-fixture-a": spelt(base, "gb-fixture-a", "Br\u00f8ndby IF"),
        "gb-fixture-b": spelt(base, "gb-fixture-b", "Brndby IF\u00f8"),
    }
    write_tree(tmp_path, {f"entries/gb/{entry_id}.yaml": data for entry_id, data in records.items()})
    for entry_id, other in (("gb-fixture-a", "gb-fixture-b"), ("gb-fixture-b", "gb-fixture-a")):
        told = check_entries(tmp_path, [tmp_path / f"entries/gb/{entry_id}.yaml"]).problems
        assert [p.format().split(": ", 2)[2] for p in told] == [
            f"'{records[entry_id]['operator']['name']}' and '{records[other]['operator']['name']}' "
            f"(entries/gb/{other}.yaml) had one page address in earlier builds, /operators/brndby-if/, "
            "which can redirect to one of them only: spell the newer one so its old address is no "
            "other name's"
        ], entry_id
    assert len(check_entries(tmp_path).problems) == 1


def test_a_new_record_that_wins_the_spelling_still_fails_check_changed(tmp_path: Path) -> None:
    """Checking only the record that tipped the count (`check --changed`): it is told, as the
    record it outvoted is not being checked."""
    base = companion_entry()
    records = {
        "gb-fixture-a": spelt(base, "gb-fixture-a", "Essex Police"),
        "gb-fixture-b": spelt(base, "gb-fixture-b", "ESSEX POLICE"),
    }
    write_tree(tmp_path, {f"entries/gb/{entry_id}.yaml": data for entry_id, data in records.items()})
    new = tmp_path / "entries/gb/gb-fixture-b.yaml"
    assert [p.format() for p in check_entries(tmp_path, [new]).problems] == [
        "entries/gb/gb-fixture-b.yaml:22:9: operator.name: 'ESSEX POLICE' shares the page "
        "/operators/essex-police/ with 'Essex Police' (entries/gb/gb-fixture-a.yaml); spell one "
        "organisation the same way on every record, or give another organisation a name that "
        "tells them apart"
    ]
    # The whole registry: the spelling sorted first by code point is kept ('ESSEX' < 'Essex').
    assert [p.format().split(": ", 1)[1] for p in check_entries(tmp_path).problems] == [
        "operator.name: 'Essex Police' shares the page /operators/essex-police/ with 'ESSEX POLICE' "
        "(entries/gb/gb-fixture-b.yaml, the spelling of 1 record); write it 'ESSEX POLICE' if it is "
        "the same organisation, or give another organisation a name that tells them apart"
    ]


def test_a_build_drops_each_files_yaml_and_still_places_a_registry_wide_problem(tmp_path: Path) -> None:
    """A build keeps only each entry's model once its own rules have run (issue 18: memory);
    the registry-wide rules run after that, and their problems keep their exact positions."""
    first = mutate(companion_entry(), "aliases", ["gb-shared-old"])
    second = mutate(mutate(companion_entry(), "id", "gb-fixture-second"), "aliases", ["gb-shared-old"])
    write_tree(
        tmp_path,
        {"entries/gb/gb-fixture-other.yaml": first, "entries/gb/gb-fixture-second.yaml": second},
    )
    kept, dropped = check_entries(tmp_path), check_entries(tmp_path, keep_data=False)
    assert [p.format() for p in dropped.problems] == [p.format() for p in kept.problems]
    assert len(dropped.problems) == 2 and all(p.line > 1 for p in dropped.problems)
    assert [f.entry for f in dropped.files] == [f.entry for f in kept.files]
    assert [f.loaded.data is None for f in dropped.files] == [True, True]
    assert [f.loaded.data is None for f in kept.files] == [False, False]
    assert all("texts" not in f.__dict__ and "joined" not in f.__dict__ for f in dropped.files)
    # Still comparable, by their text: the same file read again is equal, another file is not.
    again = check_entries(tmp_path, keep_data=False).files
    assert again == dropped.files and dropped.files[0] != dropped.files[1]


def test_one_bad_entry_never_hides_another(tmp_path: Path) -> None:
    bad_a = mutate(companion_entry(), "timeline.status", "Ended")
    bad_b = mutate(mutate(companion_entry(), "id", "gb-fixture-second"), "system.cameras", "two")
    write_tree(
        tmp_path, {"entries/gb/gb-fixture-other.yaml": bad_a, "entries/gb/gb-fixture-second.yaml": bad_b}
    )
    found = check_entries(tmp_path).problems
    assert sorted({p.path for p in found}) == [
        "entries/gb/gb-fixture-other.yaml",
        "entries/gb/gb-fixture-second.yaml",
    ]


def test_a_link_to_the_records_own_earlier_id_says_so(tmp_path: Path) -> None:
    """`merged_into` naming the record's own alias was told "'…' is not the id of another
    record; did you mean …?", as if it were a typo."""
    entry = mutate(merged(valid_entry(), "gb-fixture-old-name"), "related", ["gb-fixture-old-name"])
    assert messages(tmp_path, entry) == [
        "record.merged_into: 'gb-fixture-old-name' is this record's own earlier id (aliases.0); "
        "name the record this one was merged into",
        "related.0: 'gb-fixture-old-name' is this record's own earlier id (aliases.0); a record is "
        "not related to itself",
    ]

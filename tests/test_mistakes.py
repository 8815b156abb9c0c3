"""The twenty-odd mistakes people most often make in an entry, and the exact line each one gets.

Each mistake is a small text edit of the valid fixture, made the way a person makes it in an
editor (not a change to parsed data), then `registry check` runs on the file as a contributor
runs it. The assertion is the full stderr a contributor reads: every line must say what is wrong
and what to do, in words a non-programmer can act on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.cli import main

FIXTURE = (Path(__file__).parent / "fixtures" / "entries" / "valid_full.yaml").read_text(encoding="utf-8")
REL = "entries/gb/gb-fixture-full.yaml"
COMPANION = (
    FIXTURE.replace("id: gb-fixture-full", "id: gb-fixture-other")
    .replace("aliases: [gb-fixture-old-name]\n", "")
    .replace("related: [gb-fixture-other]\n", "")
)
NEW_SOURCE = """  - id: s4
    url: https://news.example.org/follow-up
    title: Council reviews its cameras
    publisher: Example News
    type: news
"""


def edit(old: str, new: str) -> str:
    """The fixture with one exact edit; `old` must occur exactly once, as an editor would find it."""
    assert FIXTURE.count(old) == 1, old
    return FIXTURE.replace(old, new)


MISTAKES = [
    pytest.param(
        edit("  start: 2020-01-15\n  end: 2021-01\n", "  start: 15/01/2020\n  end: 2021-01\n"),
        f"{REL}:54:10: timeline.start: must be a date written as YYYY, YYYY-MM or YYYY-MM-DD (such as 2019, 2019-08 or 2019-08-15), not '15/01/2020'; did you mean 2020-01-15?",
        id="date-written-day-first",
    ),
    pytest.param(
        edit("  as_of: 2021-06\n", "  as_of: June 2021\n"),
        f"{REL}:51:10: timeline.as_of: must be a date written as YYYY, YYYY-MM or YYYY-MM-DD (such as 2019, 2019-08 or 2019-08-15), not 'June 2021'; did you mean 2021-06?",
        id="date-in-words",
    ),
    pytest.param(
        edit("  fr_mode: live\n", "  fr_mod: live\n"),
        f"{REL}:42:3: system.fr_mod: 'fr_mod' is not a field here; did you mean 'fr_mode'?",
        id="misspelt-key",
    ),
    pytest.param(
        edit(
            "  note: The cameras covered one end of the street.\n  sources: [s1]\n",
            "  note: The cameras covered one end of the street.\n",
        ),
        f"{REL}:13:3: place.sources: is required: list the ids of the sources that support this group, such as [s1]",
        id="claim-without-a-source",
    ),
    pytest.param(
        FIXTURE + NEW_SOURCE,
        f"{REL}:203:9: sources.3.id: source 's4' is not cited by any claim; cite it where it is used, or remove it",
        id="unused-source",
    ),
    pytest.param(
        edit("  country: GB\n", "  country: UK\n"),
        f"{REL}:13:12: place.country: 'UK' is not an ISO 3166-1 country code (two capital letters, such as GB or FR); the United Kingdom is 'GB'",
        id="bad-country-code",
    ),
    pytest.param(
        edit("  country: GB\n", "  country: gb\n"),
        f"{REL}:13:12: place.country: 'gb' is not an ISO 3166-1 country code (two capital letters, such as GB or FR); write it in capitals: 'GB'",
        id="lowercase-country-code",
    ),
    pytest.param(
        edit("  status: ended\n", "  status: active\n"),
        f"{REL}:55:8: timeline.end: is 2021-01, but timeline.status is 'active'; set the status to 'ended' (or 'paused'), or remove the end date",
        id="status-and-end-disagree",
    ),
    pytest.param(
        edit("  fr_mode: live\n", "\tfr_mode: live\n"),
        f"{REL}:42:1: char: tab characters are not allowed; indent with spaces",
        id="tab-indentation",
    ),
    pytest.param(
        edit(
            "title: A fixture deployment that uses every field\n",
            "title: Fixture: a deployment that uses every field\n",
        ),
        f"""{REL}:5:15: syntax: this is not valid YAML: a value that contains ': ' (or ends with ':') must be put in double quotes, such as title: "Row: police gave images\"""",
        id="unquoted-colon",
    ),
    # Curly quotes pasted from a word processor are not YAML quotes: around a whole value they
    # were published as part of it, and before a ': ' the message did not say why it applied.
    pytest.param(
        edit(
            "title: A fixture deployment that uses every field\n",
            "title: \u201cA fixture deployment that uses every field\u201d\n",
        ),
        f"{REL}:5:8: title: is wrapped in curly quotes (\u201c \u201d), which YAML keeps as part of the text: "
        "remove the curly quotes around the value, or use straight double quotes",
        id="curly-quotes-around-a-value",
    ),
    pytest.param(
        edit(
            "  note: The cameras covered one end of the street.\n",
            "  note: \u2018The cameras covered one end of the street.\u2019\n",
        ),
        f"{REL}:22:9: place.note: is wrapped in curly quotes (\u2018 \u2019), which YAML keeps as part of the "
        "text: remove the curly quotes around the value, or use straight double quotes",
        id="single-curly-quotes-around-a-value",
    ),
    pytest.param(
        edit(
            "summary: A shopping street ran live facial recognition on four cameras. It is a test fixture.\n",
            "summary: \u201cThe council said: we use it.\u201d\n",
        ),
        f"""{REL}:6:27: syntax: this is not valid YAML: a value that contains ': ' (or ends with ':') must be put in double quotes, such as title: "Row: police gave images"; curly quotes (\u201c \u201d) are not YAML quotes: use straight double quotes (")""",
        id="curly-quotes-around-a-colon",
    ),
    # The parser notices these a line or more after the slip; each is told at its own line.
    pytest.param(
        edit("summary: A shopping street", 'summary:"A shopping street'),
        f"{REL}:6:1: syntax: this is not valid YAML: there is no space after 'summary:'; write 'summary: ' and then the value",
        id="no-space-after-colon",
    ),
    pytest.param(
        edit(
            "title: A fixture deployment that uses every field\n",
            'title: "A fixture" that uses every field\n',
        ),
        f"""{REL}:5:19: syntax: this is not valid YAML: the value goes on after its closing quote; put all of it inside the quotes, such as title: "Council switches on face cameras\"""",
        id="text-after-closing-quote",
    ),
    pytest.param(
        edit("on four cameras. It is a test fixture.\n", "on four cameras.\nIt is a test fixture.\n"),
        f"{REL}:7:1: syntax: this is not valid YAML: this line goes on from the value above it but starts at the left edge, where only a new field may start; indent it under that value, or join it to the line above",
        id="value-line-at-left-edge",
    ),
    pytest.param(
        edit("  sector: public\n  kind: government\n", "  sector: public\nkind: government\n"),
        f"{REL}:27:1: syntax: this is not valid YAML: this line is indented less than the lines around it; if it belongs to the group above, indent it like them",
        id="field-moved-out-of-its-group",
    ),
    pytest.param(
        edit("  name: Example Council\n", "  name: Example Council: city\n"),
        f"""{REL}:25:24: syntax: this is not valid YAML: a value that contains ': ' (or ends with ':') must be put in double quotes, such as title: "Row: police gave images\"""",
        id="colon-in-a-groups-first-field",
    ),
    pytest.param(
        edit("title: A fixture deployment that uses every field\n", "title: 'King's Cross fixture'\n"),
        f"""{REL}:5:14: syntax: this is not valid YAML: a value in 'single quotes' cannot contain an apostrophe; use double quotes instead, such as name: "King's Cross\"""",
        id="apostrophe-in-single-quotes",
    ),
    pytest.param(
        edit("    supplied_by: [Example Police]\n", "    supplied_by: Example Police\n"),
        f"{REL}:76:18: watchlists.0.supplied_by: must be a list: one item per line starting with '- ', or [a, b]",
        id="list-written-as-text",
    ),
    pytest.param(
        edit(
            "operator:\n  name: Example Council\n  sector: public\n  kind: government\n",
            "operator:\n  - name: Example Council\n    sector: public\n    kind: government\n",
        ).replace(
            "  note: The council runs the town centre CCTV.\n  sources: [s1]\nparties:",
            "    note: The council runs the town centre CCTV.\n    sources: [s1]\nparties:",
        ),
        f"{REL}:25:3: operator: must be a group of fields (indented 'key: value' lines), not a list: "
        "remove the '- ' before its first field",
        id="group-written-as-a-list-item",
    ),
    pytest.param(
        edit("  fr_mode: live\n", ""),
        f"{REL}:42:3: system.fr_modes: is required: list how face recognition was used, such as fr_modes: [live] or fr_modes: [live, retrospective]",
        id="missing-required-field",
    ),
    pytest.param(
        edit("id: gb-fixture-full\n", "id: gb-fixture-fulll\n"),
        f"{REL}:4:5: id: must equal the file name 'gb-fixture-full' (the id is the file's name without .yaml)",
        id="id-differs-from-file-name",
    ),
    pytest.param(
        edit("summary: A shopping street", "title: A second title\nsummary: A shopping street"),
        f"{REL}:6:1: dup-key: key 'title' appears twice in the same section (first on line 5); "
        "remove one, or indent this one if it belongs to the section above",
        id="duplicate-key",
    ),
    pytest.param(
        FIXTURE.replace("\n", "\r\n"),
        f"{REL}:1:66: eol: carriage returns are not allowed (Windows CR LF line endings, or a CR alone); save the file with LF line endings",
        id="windows-line-endings",
    ),
    pytest.param(
        edit("  cameras: 4\n", "  cameras: unknown\n"),
        f"{REL}:43:12: system.cameras: to say this is not known, write {{unknown: <reason>, note: ...}} instead of a bare word, with the reason that applies: not_recorded (no record kept), withheld (withheld or redacted), not_requested (not yet requested), not_found (researched; nothing published) or not_applicable (not applicable)",
        id="unknown-as-a-plain-word",
    ),
    pytest.param(
        edit("    compiled_by: Example Police\n", "    compiled_by: unknown\n"),
        f"{REL}:75:18: watchlists.0.compiled_by: to say this is not known, write {{unknown: <reason>, note: ...}} instead of a bare word, with the reason that applies: not_recorded (no record kept), withheld (withheld or redacted), not_requested (not yet requested), not_found (researched; nothing published) or not_applicable (not applicable)",
        id="unknown-as-a-plain-word-in-text",
    ),
    pytest.param(
        edit(
            "    url: https://news.example.org/high-street-cameras\n",
            "    url: news.example.org/high-street-cameras\n",
        ),
        f"{REL}:179:10: sources.0.url: must be a full web address starting with https:// (or http://); "
        "did you mean 'https://news.example.org/high-street-cameras'?",
        id="url-without-https",
    ),
    pytest.param(
        edit(
            "    url: https://news.example.org/high-street-cameras\n",
            "    url: https://news.example.org/high street cameras\n",
        ),
        f"{REL}:179:10: sources.0.url: must not contain a space: a space in a web address is usually a "
        "slip in copying it; remove it, or write it as %20 if the address really has one",
        id="url-with-spaces",
    ),
    pytest.param(
        edit(
            "    url: https://news.example.org/high-street-cameras\n",
            "    url: https://news.example.org/high-street-cameras\u2019\n",
        ),
        f"{REL}:179:10: sources.0.url: ends with \u2019, copied with the address from the text around it: remove it",
        id="url-ending-in-a-pasted-quote",
    ),
    pytest.param(
        edit(
            "    url: https://news.example.org/high-street-cameras\n",
            "    url: https://news.example.org/high-street-cameras)\n",
        ),
        f"{REL}:179:10: sources.0.url: ends with ), copied with the address from the text around it: remove it",
        id="url-ending-in-an-unopened-bracket",
    ),
    pytest.param(
        edit(
            "    url: https://news.example.org/high-street-cameras\n",
            '    url: "\u201chttps://news.example.org/high-street-cameras\u201d"\n',
        ),
        f"{REL}:179:10: sources.0.url: starts with \u201c, pasted with the address: remove the quotes around it",
        id="url-in-curly-quotes",
    ),
    pytest.param(
        edit("  start: 2020-01-15\n", "  start:\n    unkown: not_found\n"),
        f"{REL}:55:5: timeline.start.unkown: 'unkown' is not a field here; did you mean 'unknown'?",
        id="unknown-misspelt-where-a-date-goes",
    ),
    pytest.param(
        edit(
            """  basis: '"Common law policing powers", according to the council.'\n""",
            "  basis: {Unkown: withheld}\n",
        ),
        f"{REL}:104:11: legal.basis.Unkown: 'Unkown' is not a field here; did you mean 'unknown'?",
        id="unknown-misspelt-where-text-goes",
    ),
    pytest.param(
        edit(
            "    outcome:\n      unknown: not_found\n    sources: [s3]\n",
            "    outcome:\n      unknown: not_found\n      requested: {date: 2026-11-20, to: Example Councl}\n"
            "    sources: [s3]\n",
        ),
        f"{REL}:149:41: litigation.0.outcome.requested.to: 'Example Councl' is not how this record names "
        "the body; did you mean 'Example Council'? (write the name as the record does, so the page and "
        "the letters agree)",
        id="request-to-a-body-misspelt",
    ),
    pytest.param(
        edit(
            "title: A fixture deployment that uses every field\n",
            'title: "A fixture deployment that uses every field\u201d\n',
        ),
        f'{REL}:5:8: syntax: this is not valid YAML: the " that opens this value is never closed on its line '
        '(it ends with \u201d, a curly quote, which YAML does not read as one); end the value with " on the same line',
        id="quote-closed-with-a-curly-one",
    ),
    pytest.param(
        edit(
            "  note: The cameras covered one end of the street.\n",
            '  note: "The cameras covered one end of the street.\n',
        ),
        f'{REL}:22:9: syntax: this is not valid YAML: the " that opens this value is never closed on its line; '
        'end the value with " on the same line',
        id="quote-never-closed",
    ),
    pytest.param(
        edit("      amount: 10000\n", "      amount: 10,000\n"),
        f"{REL}:138:15: investigations.0.fine.amount: must be a whole number such as 7, without commas or words (got '10,000')",
        id="number-with-a-comma",
    ),
    pytest.param(
        edit("  sector: public\n", "  sector: Public\n"),
        f"{REL}:26:11: operator.sector: 'Public' is not allowed here; use one of: public, private, mixed (did you mean 'public'?)",
        id="capitalised-vocabulary-value",
    ),
    pytest.param(
        edit("  last_reviewed: 2026-11-01\n", "last_reviewed: 2026-11-01\n"),
        f"{REL}:9:1: last_reviewed: 'last_reviewed' is not a field here; it belongs inside 'record': indent it to line up with the other fields of 'record'",
        id="field-outside-its-group",
    ),
    # A group's key moved to the left edge onto a key of the same name: the loader saw a second
    # `sources` of the whole record, the schema a missing one and a list of ids for sources.
    pytest.param(
        edit(
            "  note: The council runs the town centre CCTV.\n  sources: [s1]\n",
            "  note: The council runs the town centre CCTV.\nsources: [s1]\n",
        ),
        f"{REL}:29:1: sources: 'sources' is at the wrong indentation: written here it is a second "
        "'sources' of the whole record (the other is on line 177); it belongs inside 'operator': "
        "indent it to line up with the other fields of 'operator'",
        id="group-key-moved-onto-a-key-of-the-same-name",
    ),
    pytest.param(
        edit(
            "    text: The regulator found that images were kept for 31 days.\n    sources: [s3]\n",
            "    text: The regulator found that images were kept for 31 days.\nsources: [s3]\n",
        ),
        f"{REL}:168:1: sources: 'sources' is at the wrong indentation: written here it is a second "
        "'sources' of the whole record (the other is on line 177); it belongs inside the last '- ' item "
        "of 'statements': indent it to line up with that item's other fields",
        id="list-item-key-moved-onto-a-key-of-the-same-name",
    ),
    # The moved key after the one it collides with: the loader told the right line, the
    # schema the group's missing field too.
    pytest.param(
        edit(
            "    summary: Corrected the number of cameras from three to four.\n",
            "summary: Corrected the number of cameras from three to four.\n",
        ),
        f"{REL}:176:1: summary: 'summary' is at the wrong indentation: written here it is a second "
        "'summary' of the whole record (the other is on line 6); it belongs inside the last '- ' item "
        "of 'corrections': indent it to line up with that item's other fields",
        id="list-item-key-moved-after-a-key-of-the-same-name",
    ),
    # Told at the key moved, not at the group's own `sources` on the next line.
    pytest.param(
        edit(
            "      note: The council refused to say.\n      sources: [s2]\n    sources: [s1, s2]\n",
            "      note: The council refused to say.\n    sources: [s2]\n    sources: [s1, s2]\n",
        ),
        f"{REL}:94:5: watchlists.0.sources: 'sources' is at the wrong indentation: written here it is "
        "a second 'sources' of 'watchlists.0' (the other is on line 95); it belongs inside 'retention': "
        "indent it to line up with the other fields of 'retention'",
        id="nested-group-key-moved-onto-its-parents-key",
    ),
    pytest.param(
        edit('  human_review: "yes"\n', '    human_review: "yes"\n'),
        f"{REL}:47:5: syntax: this is not valid YAML: this line does not line up with the lines above it; fields of one group (or of one '- ' item) must start in the same column",
        id="field-indented-too-far",
    ),
    # The first field of a group out of line: the parser notices at the next field, which is
    # right; the line that differs from the rest of its group is told.
    pytest.param(
        edit("  name: Example Council\n", " name: Example Council\n"),
        f"{REL}:25:2: syntax: this is not valid YAML: this line is indented 1 space less than the "
        "fields after it in its group (from line 26); fields of one group must start in the same "
        "column: line it up with them",
        id="first-field-of-a-group-indented-too-little",
    ),
    pytest.param(
        edit("  name: Example Council\n", '   name: "Example Council"\n'),
        f"{REL}:25:4: syntax: this is not valid YAML: this line is indented 1 space further than the "
        "fields after it in its group (from line 26); fields of one group must start in the same "
        "column: line it up with them",
        id="first-field-of-a-group-indented-too-far",
    ),
    pytest.param(
        edit("    lat: 51.5\n", "      lat: 51.5\n"),
        f"{REL}:19:7: syntax: this is not valid YAML: this line is indented 2 spaces further than the "
        "fields after it in its group (from line 20); fields of one group must start in the same "
        "column: line it up with them",
        id="first-field-of-a-nested-group-indented-too-far",
    ),
    pytest.param(
        edit("  - name: Example Vision\n", "  -  name: Example Vision\n"),
        f"{REL}:31:6: syntax: this is not valid YAML: this field is indented 1 space further than the "
        "fields after it in its '- ' item (from line 32); fields of one '- ' item must start in the same "
        "column: line it up with them",
        id="first-field-of-a-list-item-indented-too-far",
    ),
    # A group of two fields: which of them is out of line cannot be seen, so both are named.
    pytest.param(
        edit("  status: published\n  last_reviewed", " status: published\n  last_reviewed"),
        f"{REL}:9:3: syntax: this is not valid YAML: this line and line 8 above it are the fields of "
        "one group, but line 8 starts in column 2 and this line in column 3; fields of one group must "
        "start in the same column: line the two up",
        id="two-fields-of-a-group-out-of-line",
    ),
    # A later field out of line is where the parser notices it.
    pytest.param(
        edit("  sector: public\n", " sector: public\n"),
        f"{REL}:26:2: syntax: this is not valid YAML: this line does not line up with the lines above it; "
        "fields of one group (or of one '- ' item) must start in the same column",
        id="later-field-indented-too-little",
    ),
    pytest.param(
        edit("    role: vendor\n    product", "   role: vendor\n    product"),
        f"{REL}:32:4: syntax: this is not valid YAML: this line does not line up with the lines above it; "
        "fields of one group (or of one '- ' item) must start in the same column",
        id="later-field-of-a-list-item-indented-too-little",
    ),
    pytest.param(
        edit("  region: England\n", "    region: England\n"),
        f"{REL}:14:11: syntax: this is not valid YAML: this line is indented further than the line above it; fields of one group must line up exactly, with spaces",
        id="field-indented-too-far-after-plain-text",
    ),
    pytest.param(
        edit(
            "summary: A shopping street ran live facial recognition on four cameras. It is a test fixture.\n",
            "summary: TODO\n",
        ),
        f"{REL}:6:10: summary: still says TODO: replace it with the real value (REFERENCE.md explains each field)",
        id="placeholder-left-in",
    ),
    pytest.param(
        edit("aliases: [gb-fixture-old-name]\n", "aliases: [gb-fixture-other]\n"),
        f"{REL}:10:11: aliases.0: 'gb-fixture-other' is the id of a live record (entries/gb/gb-fixture-other.yaml); an alias may not shadow it",
        id="alias-equal-to-a-live-id",
    ),
    pytest.param(
        edit("  name: High Street\n", "  name: High Street\n  sources: [s9]\n").replace(
            "  note: The cameras covered one end of the street.\n  sources: [s1]\n",
            "  note: The cameras covered one end of the street.\n",
        ),
        f"{REL}:17:13: place.sources.0: cites 's9', which is not in sources (the sources are s1, s2, s3)",
        id="citing-a-source-that-does-not-exist",
    ),
    pytest.param(
        edit('    citation: "[2021] EWHC 1 (Admin)"\n', "    citation: [2021] EWHC 1 (Admin)\n"),
        f"{REL}:144:22: syntax: this is not valid YAML: a value that starts with '[' is read as a list or group; if it is text, put the whole value in double quotes",
        id="text-starting-with-a-bracket",
    ),
]


def check_output(root: Path, text: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    entry = root / REL
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_bytes(text.encode("utf-8"))
    (root / "entries/gb/gb-fixture-other.yaml").write_text(COMPANION, encoding="utf-8")
    status = main(["--root", str(root), "check", str(entry)])
    return status, capsys.readouterr().err.splitlines()


@pytest.fixture(autouse=True)
def _plain_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """No GitHub annotations: the test reads what a contributor sees in a terminal."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def test_a_key_moved_out_of_its_group_hides_no_other_mistake_and_a_plain_duplicate_stays_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only what the move alone causes is left out: a wrong value elsewhere is still told, and
    a key written twice within one group (no group above lacks it) keeps the loader's words."""
    text = (
        FIXTURE.replace(
            "  note: The council runs the town centre CCTV.\n  sources: [s1]\n", "  note: x\nsources: [s1]\n"
        )
        .replace("  type: street\n", "  type: avenue\n", 1)
        .replace("  fr_mode: live\n", "  fr_mode: live\n  fr_mode: live\n", 1)
    )
    status, lines = check_output(tmp_path, text, capsys)
    assert status == 1
    assert [line.split(": ", 2)[:2] for line in lines[:-1]] == [
        [f"{REL}:17:9", "place.type"],
        [f"{REL}:29:1", "sources"],
        [f"{REL}:43:3", "dup-key"],
    ]
    assert lines[-1] == "registry check failed: 3 errors in 1 file"


def test_a_duplicate_key_or_an_escaped_refused_character_hides_no_other_mistake(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Either stopped the file's check at itself: a contributor fixed it, ran check again, and
    only then learnt of the wrong values beside it. Both harm nothing read after them."""
    text = (
        FIXTURE.replace("  kind: government\n", "  kind: council\n  sector: private\n", 1)
        .replace("  city: Exampleton\n", '  city: "Example\\u200bton"\n', 1)
        .replace("  type: street\n", "  type: avenue\n", 1)
    )
    status, lines = check_output(tmp_path, text, capsys)
    assert status == 1
    assert lines == [
        f"{REL}:15:9: char: this value contains the invisible character U+200B ZERO WIDTH SPACE, made by "
        "an escape such as \\e or \\u200b; remove it",
        f"{REL}:17:9: place.type: 'avenue' is not allowed here; use one of: "
        + lines[1].split("use one of: ")[1],
        f"{REL}:27:9: operator.kind: 'council' is not allowed here; use one of: "
        + lines[2].split("use one of: ")[1],
        f"{REL}:28:3: dup-key: key 'sector' appears twice in the same section (first on line 26); remove one, "
        "or indent this one if it belongs to the section above",
        "registry check failed: 4 errors in 1 file",
    ]


def test_a_request_to_a_body_named_like_another_but_for_its_first_word_stands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A neighbouring body is not a slip: "Sample Council" beside "Example Council" (0.9 alike),
    as "North Wales Police" beside "South Wales Police"."""
    text = edit(
        "    outcome:\n      unknown: not_found\n    sources: [s3]\n",
        "    outcome:\n      unknown: not_found\n      requested: {date: 2026-11-20, to: Sample Council}\n"
        "    sources: [s3]\n",
    )
    assert check_output(tmp_path, text, capsys) == (0, [])


def test_a_quoted_value_spread_over_lines_is_not_blamed_for_a_slip_below_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """YAML lets a quoted value go on over lines: the look for a quote never closed blamed such
    a title for a colon slip 18 lines further down."""
    text = edit(
        "title: A fixture deployment that uses every field\n",
        'title: "A fixture deployment that uses\n  every field"\n',
    )
    text = text.replace(
        "  note: The cameras covered one end of the street.\n", "  note: Row: police gave images\n", 1
    )
    status, lines = check_output(tmp_path, text, capsys)
    assert (status, lines[0]) == (
        1,
        f"{REL}:23:12: syntax: this is not valid YAML: a value that contains ': ' (or ends with ':') must be put "
        'in double quotes, such as title: "Row: police gave images"',
    )


def test_thousands_of_misspelt_unknowns_are_told_up_to_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """They were all listed (6,400 lines for one file, then "and 11 more"), and the filter of the
    schema's errors under them compared every error with every slip (2.5 s for a 64 KB file)."""
    text = "id: gb-fixture-full\nrelated: [" + ",".join(["{unkow: }"] * 6400) + "]\n"
    status, lines = check_output(tmp_path, text, capsys)
    assert status == 1 and len(lines) == 52
    assert lines[0] == f"{REL}:2:12: related.0.unkow: 'unkow' is not a field here; did you mean 'unknown'?"
    assert lines[-2].startswith(f"{REL}: and ") and lines[-2].endswith(
        " more problems in this file, not listed; fix these, then check again"
    )


def test_a_quote_in_a_block_of_text_is_not_blamed_for_a_slip_below_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Prose in a `note: >-` block may read like a key with a quote ("Consultation: \"the public
    were asked first"): it was blamed as a quote never closed, and the real slip went untold."""
    text = edit(
        "  note: The council runs the town centre CCTV.\n  sources: [s1]\n",
        '  note: >-\n    The council runs it. Its statement read in part:\n    Consultation: "the public were asked first\n'
        "    and supported it.\n  extra: Deployed: regularly\n  sources: [s1]\n",
    )
    status, lines = check_output(tmp_path, text, capsys)
    assert (status, lines[0]) == (
        1,
        f"{REL}:32:18: syntax: this is not valid YAML: a value that contains ': ' (or ends with ':') must be put "
        'in double quotes, such as title: "Row: police gave images"',
    )


def test_the_unedited_fixture_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check_output(tmp_path, FIXTURE, capsys) == (0, [])


@pytest.mark.parametrize(("text", "expected"), MISTAKES)
def test_each_mistake_gets_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    assert check_output(tmp_path, text, capsys) == (1, [expected, "registry check failed: 1 error in 1 file"])


@pytest.mark.parametrize(
    "title",
    [
        "title: The \u201cNorthbridge\u201d deployment\n",  # quotes inside the text
        "title: \u2018Smart\u2019 lampposts and the council\u2019s \u2018gates\u2019\n",  # not one quoted whole
        "title: '\u201cGuinea pigs\u201d'\n",  # in YAML quotes: the curly ones are meant
    ],
)
def test_curly_quotes_inside_text_are_allowed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], title: str
) -> None:
    text = edit("title: A fixture deployment that uses every field\n", title)
    assert check_output(tmp_path, text, capsys) == (0, [])

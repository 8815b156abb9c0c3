"""Contract 1.1: every new form is accepted, and every mistake in one gets one clear line.

The fixture `valid_contract_1_1.yaml` uses each new form at least once (qualified and ranged
counts, rates, several modes, penalties, qualified and unknown dates, descriptive titles,
evidence, a request for comment with no reply) and must pass; each row below changes one
field and expects exactly the messages listed, so a rule that stops firing, fires twice or
changes its words fails here.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from test_checks import DELETE, mutate, valid_entry, write_tree

from registry.entries import check_entries
from registry.loader import load_file
from registry.qualified import QualifiedDate, Quantity
from registry.schema import Entry

FIXTURE = Path(__file__).parent / "fixtures" / "entries" / "valid_contract_1_1.yaml"
REL = "entries/gb/gb-fixture-forms.yaml"


@cache
def _forms_entry() -> dict[str, Any]:
    return load_file(FIXTURE).data


def forms_entry() -> dict[str, Any]:
    """The 1.1 fixture, read once per run: each caller gets its own copy to change."""
    return copy.deepcopy(_forms_entry())


def problems(root: Path, data: dict[str, Any] | str) -> list[str]:
    write_tree(root, {REL: data})
    return [p.format() for p in check_entries(root).problems]


def messages(root: Path, data: dict[str, Any]) -> list[str]:
    return [line.split(": ", 1)[1] for line in problems(root, data)]


def test_the_fixture_in_the_new_forms_is_valid(tmp_path: Path) -> None:
    assert problems(tmp_path, FIXTURE.read_text(encoding="utf-8")) == []


def test_a_1_0_file_stays_valid_and_reads_its_fine_as_one_penalty(tmp_path: Path) -> None:
    data = valid_entry()
    assert data["schema_version"] == "1" and "evidence" not in data
    entry = Entry.model_validate(data)
    (penalty,) = entry.investigations[0].all_penalties
    assert (penalty.kind, penalty.amount, penalty.currency, penalty.status) == (
        "fine",
        10000,
        "GBP",
        "unknown",
    )
    assert entry.system.modes == ["live"]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("timeline.announced", "2021-05"),  # revealed after it began: allowed since 1.1
        ("timeline.start", {"unknown": "not_applicable", "note": "The system never ran."}),
        ("events.0.date", {"unknown": "not_applicable"}),
        ("system.cameras", "9007199254740991"),  # MAX_COUNT, the largest JSON-safe integer
        ("system.cameras", {"count": "0", "qualifier": "at_least"}),
        ("outcomes.measures.1.percent", "19.05"),
        ("responses.1.requested", DELETE),  # a reply with no request on record
    ],
)
def test_forms_that_are_valid(tmp_path: Path, path: str, value: Any) -> None:
    assert messages(tmp_path, mutate(forms_entry(), path, value)) == []


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        # several modes
        ('system.fr_mode', 'live', 'system.fr_modes: give either fr_mode or fr_modes, not both: write every mode in fr_modes, such as fr_modes: [live, retrospective], and remove fr_mode'),
        ('system.fr_modes', DELETE, 'system.fr_modes: is required: list how face recognition was used, such as fr_modes: [live] or fr_modes: [live, retrospective]'),
        ('system.fr_modes', ['live', 'live'], "system.fr_modes.1: 'live' is listed twice"),
        ('system.fr_modes', [], 'system.fr_modes: must have at least 1 item'),
        ('system.fr_modes', ['live', 'facial'], "system.fr_modes.1: 'facial' is not allowed here; use one of: live, retrospective, operator_initiated, verification, attendance, analytics, unknown"),
        ('system.fr_modes', 'live', "system.fr_modes: must be a list: one item per line starting with '- ', or [a, b]"),
        # quantities
        # a qualifier written as the source's word: the value it stands for is suggested
        ('system.cameras', {'count': '200', 'qualifier': 'about'}, "system.cameras.qualifier: 'about' is not allowed here; use one of: exact, approximate, at_least, at_most (did you mean 'approximate'?)"),
        ('system.cameras', {'count': '200', 'qualifier': 'more than'}, "system.cameras.qualifier: 'more than' is not allowed here; use one of: exact, approximate, at_least, at_most (did you mean 'at_least'?)"),
        ('system.cameras', {'count': '200', 'qualifer': 'approximate'}, "system.cameras.qualifer: 'qualifer' is not a field here; did you mean 'qualifier'?"),
        ('system.cameras', {'count': '200', 'min': '1', 'max': '300'}, 'system.cameras.min: give either count or min and max, not both'),
        ('system.cameras', {'qualifier': 'approximate'}, 'system.cameras.count: is required: give count (with a qualifier if the source is not exact), or min and max for a range'),
        ('system.cameras', {'min': '1600', 'max': '1200'}, 'system.cameras.max: must be more than min (1,600): a range runs from the smaller number'),
        ('system.cameras', {'min': '1600', 'max': '1600'}, 'system.cameras.max: must be more than min (1,600): a range runs from the smaller number'),
        ('system.cameras', {'min': '1600'}, 'system.cameras.max: is required with min: a range needs both (for a lower bound alone, write count: N with qualifier: at_least)'),
        ('system.cameras', {'max': '1600'}, 'system.cameras.min: is required with max: a range needs both (for an upper bound alone, write count: N with qualifier: at_most)'),
        ('system.cameras', {'min': '1', 'max': '5', 'qualifier': 'approximate'}, 'system.cameras.qualifier: does not go with min and max (a range is already inexact); remove it'),
        ('system.cameras', {'count': 'about 200'}, "system.cameras.count: must be a whole number such as 7, without commas or words (got 'about 200')"),
        ('system.cameras', '9007199254740992', 'system.cameras: must be at most 9007199254740991'),
        ('system.cameras', ['1'], 'system.cameras: must be a whole number such as 7, or where the form allows it a group such as {count: 200, qualifier: approximate}'),
        ('system.cameras_installed', 'many', "system.cameras_installed: must be a whole number such as 7, without commas or words (got 'many')"),
        ('watchlists.0.size', {'count': '7', 'qualifier': 'roughly'}, "watchlists.0.size.qualifier: 'roughly' is not allowed here; use one of: exact, approximate, at_least, at_most (did you mean 'approximate'?)"),
        # a qualified value written as words: the message points at its 1.1 form
        # (the hint echoes the contributor's own number or date: a fixed example, copied, wrote a
        # wrong fact; and "over 30" excludes 30, which no qualifier says)
        ("system.cameras", "about 500", "system.cameras: must be a whole number such as 7, without commas or words (got 'about 500'); to say how exact the source is, write {count: 500, qualifier: approximate}"),
        ("system.cameras", "around 1,500", "system.cameras: must be a whole number such as 7, without commas or words (got 'around 1,500'); to say how exact the source is, write {count: 1500, qualifier: approximate}"),
        ("system.cameras", "about two hundred", "system.cameras: must be a whole number such as 7, without commas or words (got 'about two hundred'); to say how exact the source is, write {count: N, qualifier: approximate}, N the number the source gives in digits"),
        ("system.cameras", "at least 30", "system.cameras: must be a whole number such as 7, without commas or words (got 'at least 30'); to say how exact the source is, write {count: 30, qualifier: at_least}"),
        ("system.cameras", "30+", "system.cameras: must be a whole number such as 7, without commas or words (got '30+'); to say how exact the source is, write {count: 30, qualifier: at_least}"),
        ("system.cameras", "over 30", "system.cameras: must be a whole number such as 7, without commas or words (got 'over 30'); no qualifier means \"over 30\" (at_least would include 30 itself): write {count: 30, qualifier: at_least} only if the source says \"at least\"; otherwise keep its words in note, as {count: 30, qualifier: at_least, note: \"over 30\"}"),
        ("system.cameras", "more than 23 million", "system.cameras: must be a whole number such as 7, without commas or words (got 'more than 23 million'); no qualifier means \"more than 23 million\" (at_least would include 23000000 itself): write {count: 23000000, qualifier: at_least} only if the source says \"at least\"; otherwise keep its words in note, as {count: 23000000, qualifier: at_least, note: \"more than 23 million\"}"),
        ("system.cameras", "no more than 40", "system.cameras: must be a whole number such as 7, without commas or words (got 'no more than 40'); to say how exact the source is, write {count: 40, qualifier: at_most}"),
        ("system.cameras", "up to 50", "system.cameras: must be a whole number such as 7, without commas or words (got 'up to 50'); to say how exact the source is, write {count: 50, qualifier: at_most}"),
        ("system.cameras", "fewer than 50", "system.cameras: must be a whole number such as 7, without commas or words (got 'fewer than 50'); no qualifier means \"fewer than 50\" (at_most would include 50 itself): write {count: 50, qualifier: at_most} only if the source says \"at most\" or \"up to\"; otherwise keep its words in note, as {count: 50, qualifier: at_most, note: \"fewer than 50\"}"),
        ("watchlists.0.size", "300 to 400", "watchlists.0.size: must be a whole number such as 7, without commas or words (got '300 to 400'); for a range, write {min: 300, max: 400}"),
        ("watchlists.0.size", "20-30 million", "watchlists.0.size: must be a whole number such as 7, without commas or words (got '20-30 million'); for a range, write {min: N, max: M}, N and M the numbers the source gives in digits"),
        ("events.1.date", "about 2019", "events.1.date: must be a date written as YYYY, YYYY-MM or YYYY-MM-DD (such as 2019, 2019-08 or 2019-08-15), not 'about 2019'; for a date the source gives only roughly, write {date: 2019, qualifier: approximate}"),
        ("events.1.date", "around March 2019", "events.1.date: must be a date written as YYYY, YYYY-MM or YYYY-MM-DD (such as 2019, 2019-08 or 2019-08-15), not 'around March 2019'; for a date the source gives only roughly, write {date: 2019-03, qualifier: approximate}"),
        ("events.1.date", "c. 2019-08", "events.1.date: must be a date written as YYYY, YYYY-MM or YYYY-MM-DD (such as 2019, 2019-08 or 2019-08-15), not 'c. 2019-08'; for a date the source gives only roughly, write {date: 2019-08, qualifier: approximate}"),
        ("events.1.date", "about the spring", "events.1.date: must be a date written as YYYY, YYYY-MM or YYYY-MM-DD (such as 2019, 2019-08 or 2019-08-15), not 'about the spring'; for a date the source gives only roughly, write {date: YYYY-MM, qualifier: approximate} (or YYYY), as exactly as the source gives it"),
        ("watchlists.0.size", "1,200-1,600", "watchlists.0.size: must be a whole number such as 7, without commas or words (got '1,200-1,600'); for a range, write {min: 1200, max: 1600}"),
        # a decimal comma, a figure too long for any count, a date no calendar has: never echoed
        ("system.cameras", "about 1,5 million", "system.cameras: must be a whole number such as 7, without commas or words (got 'about 1,5 million'); to say how exact the source is, write {count: N, qualifier: approximate}, N the number the source gives in digits"),
        ("events.1.date", "about 31 February 2019", "events.1.date: must be a date written as YYYY, YYYY-MM or YYYY-MM-DD (such as 2019, 2019-08 or 2019-08-15), not 'about 31 February 2019'; for a date the source gives only roughly, write {date: YYYY-MM, qualifier: approximate} (or YYYY), as exactly as the source gives it"),
        ("events.1.date", "around the 1990s", "events.1.date: must be a date written as YYYY, YYYY-MM or YYYY-MM-DD (such as 2019, 2019-08 or 2019-08-15), not 'around the 1990s'; for a date the source gives only roughly, write {date: YYYY-MM, qualifier: approximate} (or YYYY), as exactly as the source gives it"),
        ("events.1.date", "about late 2019 or early 2020", "events.1.date: must be a date written as YYYY, YYYY-MM or YYYY-MM-DD (such as 2019, 2019-08 or 2019-08-15), not 'about late 2019 or early 2020'; for a date the source gives only roughly, write {date: YYYY-MM, qualifier: approximate} (or YYYY), as exactly as the source gives it"),
        # an amount of money has no qualified form: no hint
        ("investigations.0.penalties.0.amount", "about 7", "investigations.0.penalties.0.amount: must be a whole number such as 7, without commas or words (got 'about 7')"),
        # measures and rates
        ('outcomes.measures.0.out_of_metric', DELETE, 'outcomes.measures.0.out_of_metric: is required with out_of and with percent: say what the base counts, such as alerts'),
        ('outcomes.measures.1.out_of_metric', DELETE, 'outcomes.measures.1.out_of_metric: is required with out_of and with percent: say what the base counts, such as alerts'),
        ('outcomes.measures.1.percent', '120', 'outcomes.measures.1.percent: must be at most 100'),
        ('outcomes.measures.1.percent', '92%', "outcomes.measures.1.percent: must be a number such as 51.53 (got '92%')"),
        ('outcomes.measures.2.value', DELETE, 'outcomes.measures.2.value: is required: give value (the count), or percent (a published percentage) with out_of_metric'),
        ('outcomes.measures.2.out_of_metric', 'alerts', 'outcomes.measures.2.out_of_metric: is only used with out_of or percent: give the base, or remove it'),
        # penalties
        ('investigations.0.fine', {'amount': '10', 'currency': 'GBP'}, 'investigations.0.fine: give either fine or penalties, not both: write the fine as a penalty with kind: fine, and remove fine'),
        ('investigations.0.penalties.0.currency', DELETE, 'investigations.0.penalties.0.currency: is required with amount: the ISO 4217 code, such as GBP, EUR or USD'),
        ('investigations.0.penalties.1.currency', 'EUR', 'investigations.0.penalties.1.currency: is only used with amount: give the amount, or remove it'),
        ('investigations.0.penalties.0.status', 'cancelled', "investigations.0.penalties.0.status: 'cancelled' is not allowed here; use one of: imposed, under_appeal, reduced, overturned, paid, unknown"),
        ('investigations.0.penalties.0.kind', 'penalty', "investigations.0.penalties.0.kind: 'penalty' is not allowed here; use one of: fine, periodic_penalty, order, ban, reprimand, other (did you mean 'periodic_penalty'?)"),
        ('investigations.0.penalties.0.amount', '7,552,800', "investigations.0.penalties.0.amount: must be a whole number such as 7, without commas or words (got '7,552,800')"),
        # right of reply
        ('responses.0.requested', DELETE, 'responses.0.text: is required unless requested is given: quote the reply with its date, or write requested: YYYY-MM-DD for comment that was asked for and not given'),
        ('responses.1.date', DELETE, 'responses.1.date: is required with text: the date of the reply'),
        ('responses.0.date', '2024-05-02', 'responses.0.date: is the date of a reply, and there is no text: add the text, or remove the date'),
        # evidence
        ('evidence', DELETE, 'evidence: is required when schema_version is "1.1": say how the deployment is established, with basis (admitted, official_documents, court_documents, credible_reporting or alleged), denied and sources'),
        ('evidence.basis', 'reported', "evidence.basis: 'reported' is not allowed here; use one of: admitted, official_documents, court_documents, credible_reporting, alleged"),
        ('evidence.denied', 'maybe', "evidence.denied: 'maybe' is not allowed here; use one of: yes, no, unknown"),
        ('evidence.sources', DELETE, 'evidence.sources: is required: list the ids of the sources that support this group, such as [s1]'),
        # qualified and unknown dates
        ('events.1.date', {'date': '2019-09', 'qualifier': 'about'}, "events.1.date.qualifier: 'about' is not allowed here; use one of: exact, approximate, inferred (did you mean 'approximate'?)"),
        # a date has no bounds: "at least" stands for none of its qualifiers
        ('events.1.date', {'date': '2019-09', 'qualifier': 'at least'}, "events.1.date.qualifier: 'at least' is not allowed here; use one of: exact, approximate, inferred"),
        ('events.1.date', {'date': 'Sept 2019', 'qualifier': 'approximate'}, "events.1.date.date: must be a date written as YYYY, YYYY-MM or YYYY-MM-DD (such as 2019, 2019-08 or 2019-08-15), not 'Sept 2019'; did you mean 2019-09?"),
        ('events.1.date', {'qualifier': 'approximate'}, 'events.1.date.date: is required'),
        ('timeline.end', {'date': '2019-06'}, 'timeline.end: must not be before timeline.start (2019-12)'),
        # sources, unknowns, lists
        ('sources.0.title_kind', 'invented', "sources.0.title_kind: 'invented' is not allowed here; use one of: published, descriptive"),
        ('litigation.0.court', 'unknown', 'litigation.0.court: to say this is not known, write {unknown: <reason>, note: ...} instead of a bare word, with the reason that applies: not_recorded (no record kept), withheld (withheld or redacted), not_requested (not yet requested), not_found (researched; nothing published) or not_applicable (not applicable)'),
        ('watchlists.0.received_by', 'Example Police', "watchlists.0.received_by: must be a list: one item per line starting with '- ', or [a, b]"),
        ('sources.3.type', 'op-ed', "sources.3.type: 'op-ed' is not allowed here; use one of: official_statement, official_report, regulator, court, foi_response, parliamentary, news, ngo_report, operator, vendor, academic, law_firm, blog, database, opinion, legal_commentary, court_document"),
    ],
)  # fmt: skip
def test_each_mistake_in_a_new_form_gets_one_clear_line(
    tmp_path: Path, path: str, value: Any, expected: str
) -> None:
    assert messages(tmp_path, mutate(forms_entry(), path, value)) == [expected]


def test_a_figure_too_long_for_any_count_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    """Python refuses to read more than 4,300 digits as an int: the hint's reading of "about
    111...1" raised ValueError, and check printed a traceback as a bug."""
    (message,) = messages(tmp_path, mutate(forms_entry(), "system.cameras", "about " + "1" * 5000))
    assert message.startswith("system.cameras: must be a whole number such as 7")
    assert message.endswith(
        "write {count: N, qualifier: approximate}, N the number the source gives in digits"
    )


def test_an_approximate_date_is_never_held_against_another(tmp_path: Path) -> None:
    data = mutate(forms_entry(), "timeline.end", {"date": "2019", "qualifier": "approximate"})
    assert messages(tmp_path, data) == []


def test_mistakes_in_the_new_forms_carry_line_and_column(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    text = text.replace("    min: 1200\n    max: 1600\n", "    min: 1600\n    max: 1200\n")
    text = text.replace("        status: overturned\n", "        status: quashed\n")
    text = text.replace("  basis: alleged\n", "  basis: rumoured\n")
    assert problems(tmp_path, text) == [
        f"{REL}:11:10: evidence.basis: 'rumoured' is not allowed here; use one of: admitted, official_documents, court_documents, credible_reporting, alleged",
        f"{REL}:130:17: investigations.0.penalties.0.status: 'quashed' is not allowed here; use one of: imposed, under_appeal, reduced, overturned, paid, unknown",
    ]
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "    min: 1200\n    max: 1600\n", "    min: 1600\n    max: 1200\n"
    )
    assert problems(tmp_path, text) == [
        f"{REL}:43:10: system.cameras_installed.max: must be more than min (1,600): a range runs from the smaller number"
    ]


def test_the_new_forms_read_as_their_models() -> None:
    entry = Entry.model_validate(forms_entry())
    assert entry.system.modes == ["live", "retrospective", "analytics"]
    assert entry.system.cameras == Quantity(
        count=200,
        qualifier="approximate",
        as_of=entry.system.cameras.as_of,
        note="The council's own estimate.",
    )
    assert entry.system.cameras_installed == Quantity(min=1200, max=1600)
    assert (
        isinstance(entry.timeline.announced, QualifiedDate)
        and entry.timeline.announced.label() == "May 2020 (inferred)"
    )
    assert entry.contested


def test_registry_new_writes_the_1_1_forms_and_no_guessed_access_date() -> None:
    from registry.scaffold import render_scaffold

    text = render_scaffold("gb-example-mall", "GB", "Example Retail", "Mall", "Example mall trial")
    assert 'schema_version: "1.1"' in text
    assert "\nevidence:  # how the deployment's existence is established\n  basis: " in text
    assert "fr_modes:" in text and "fr_mode:" not in text
    assert "\n    accessed:" not in text and "today's date as YYYY-MM-DD\"\n    # archive_url" not in text
    assert (
        "    # accessed: YYYY-MM-DD  (optional: only a day you yourself read it online; never a guess)"
        in text
    )


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (200, "200"),
        ({"count": 200, "qualifier": "approximate"}, "about 200"),
        ({"count": 23000000, "qualifier": "at_least"}, "at least 23 million"),
        ({"count": 1500000, "qualifier": "approximate"}, "about 1.5 million"),
        ({"count": 23000000}, "23,000,000"),
        ({"count": 50, "qualifier": "at_most"}, "at most 50"),
        ({"min": 1200, "max": 1600}, "1,200 to 1,600"),
    ],
)
def test_quantities_read_as_the_source_says(value: Any, words: str) -> None:
    from pydantic import TypeAdapter

    from registry.qualified import Amount
    from registry.wording import quantity_label

    assert quantity_label(TypeAdapter(Amount).validate_python(value)) == words


@pytest.mark.parametrize(
    ("measure", "words"),
    [
        ({"value": 8, "out_of": 42, "out_of_metric": "alerts"}, "8 of 42 alerts (19%)"),
        ({"value": 7305, "out_of": 7306, "out_of_metric": "alerts"}, "7,305 of 7,306 alerts (99.99%)"),
        ({"percent": 92, "out_of_metric": "alerts"}, "92% of alerts"),
        ({"percent": 19.05, "out_of": 42, "out_of_metric": "alerts"}, "19.05% of 42 alerts"),
        ({"value": 8, "percent": 19.05, "out_of": 42, "out_of_metric": "alerts"}, "8 of 42 alerts (19.05%)"),
        # A percentage of a bound would look more exact than it is: none is computed.
        (
            {"value": 8, "out_of": {"count": 40, "qualifier": "approximate"}, "out_of_metric": "alerts"},
            "8 of about 40 alerts",
        ),
        ({"value": {"count": 459, "qualifier": "at_least"}}, "at least 459"),
    ],
)
def test_rates_read_as_a_count_of_a_base(measure: dict[str, Any], words: str) -> None:
    from registry.schema import Measure
    from registry.wording import measure_label

    assert measure_label(Measure(metric="true_alerts", sources=["s1"], **measure)) == words


@pytest.mark.parametrize(
    ("document", "heading"),
    [
        ("README.md", "### Saying exactly what a source says"),
        ("CONTRIBUTING.md", "## Saying exactly what a source says"),
    ],
)
def test_the_worked_examples_of_the_new_forms_are_valid(document: str, heading: str) -> None:
    """Each top-level group of the docs' worked example validates as that field of an entry."""
    import re

    from pydantic import TypeAdapter

    from registry.loader import load_yaml

    text = (Path(__file__).resolve().parent.parent / document).read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)\n```", text[text.index(heading) :], re.S)
    assert block, f"no worked example under {heading!r} in {document}"
    example = load_yaml(block.group(1).encode("utf-8")).data
    assert "evidence" in example
    for key, value in example.items():
        TypeAdapter(Entry.model_fields[key].annotation).validate_python(value)


@pytest.mark.parametrize(
    ("basis", "denied", "label", "text"),
    [
        (
            "alleged",
            "yes",
            "Alleged and denied",
            "what this record describes is reported by its sources but not established; Op denies it.",
        ),
        (
            "alleged",
            "no",
            "Alleged",
            "what this record describes is reported by its sources but not established.",
        ),
        (
            "court_documents",
            "yes",
            "Denied",
            "Op denies using face recognition here, though the record rests on court documents.",
        ),
    ],
)
def test_the_evidence_notice_comes_as_label_and_sentence(
    basis: str, denied: str, label: str, text: str
) -> None:
    """Python gives the notice in parts, so no template cuts it at a colon or knows its shape."""
    from types import SimpleNamespace

    from registry.wording import Notice, evidence_notice, evidence_notice_parts

    entry = SimpleNamespace(
        evidence=SimpleNamespace(basis=basis, denied=denied), operator=SimpleNamespace(name="Op")
    )
    assert evidence_notice_parts(entry) == Notice(label, text)
    assert evidence_notice(entry) == f"{label}: {text}"
    colon = SimpleNamespace(evidence=entry.evidence, operator=SimpleNamespace(name="Op: North"))
    assert evidence_notice_parts(colon).label == label


def test_a_record_that_is_neither_alleged_nor_denied_has_no_notice() -> None:
    from types import SimpleNamespace

    from registry.wording import evidence_notice, evidence_notice_parts

    entry = SimpleNamespace(
        evidence=SimpleNamespace(basis="admitted", denied="no"), operator=SimpleNamespace(name="Op")
    )
    assert evidence_notice_parts(entry) is None and evidence_notice(entry) is None
    assert evidence_notice_parts(SimpleNamespace(operator=SimpleNamespace(name="Op"))) is None

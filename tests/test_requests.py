"""Records-request drafts, the law table, coverage and transparency figures (issue 19).

Everything here reads frozen copies: King's Cross from the fixture registry
(tests/fixture_registry.py), the law and coverage tables from tests/fixtures/requests/, never
the live entries/ or research/: a correction to a record or a law row needs no test change.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from fixture_registry import copy_registry, entry_file, fixture_files

from registry import vocab
from registry.addressees import addressees
from registry.build import build_site
from registry.context import BuildContext, no_history, read_site_config
from registry.entries import load_registry
from registry.law_words import law_source_links, law_summary
from registry.letter_words import letter_subject
from registry.loader import load_file
from registry.output import Site
from registry.pages.coverage import coverage_context, coverage_pages
from registry.pages.requests import Letter, letters, no_letter_sentence
from registry.postbuild.guard import find_broken
from registry.published_requests import LIST_PATH as REQUESTS_LIST
from registry.published_requests import list_text
from registry.question_forms import IF_USED, PARTY_BY_ROLE, SHARED, WITHOUT_IDENTIFICATION, unnamed_watchlist
from registry.questions import (
    AUDIENCE,
    QUESTIONS,
    letter_questions,
    names_body,
    questions_for,
    unknown_paths,
)
from registry.research import MAX_LAW_SOURCES, Research, load_research
from registry.schema import Entry
from registry.transparency import transparency

FIXTURES = Path(__file__).parent / "fixtures" / "requests"
KINGS_CROSS = entry_file("gb-kings-cross-argent")
#: A police record in a country the frozen law table has no row for (Serbia).
BELGRADE = "rs-belgrade-safe-city-huawei"


def kings_cross() -> Entry:
    return Entry.model_validate(load_file(KINGS_CROSS).data)


def research_copy(tmp_path: Path, extra: str = "") -> Research:
    """The frozen tables, with `extra` law rows (YAML list items) after the law table's own."""
    (tmp_path / "research").mkdir(exist_ok=True)
    for name in ("laws.yaml", "coverage.yaml"):
        shutil.copyfile(FIXTURES / name, tmp_path / "research" / name)
    if extra:
        with (tmp_path / "research" / "laws.yaml").open("a", encoding="utf-8") as laws:
            laws.write(extra)
    return load_research(tmp_path)


# --- Wording: every field that can be unknown has its question ---


def test_every_field_that_can_be_unknown_has_wording() -> None:
    paths = set(unknown_paths())
    assert "legal.basis" in paths and "watchlists.retention" in paths and "legal.dpia" in paths
    missing = sorted(paths - set(QUESTIONS))
    assert missing == [], f"fields that can be unknown with no question in registry/questions.py: {missing}"
    assert sorted(set(QUESTIONS) - paths) == [], "questions for fields the models no longer have"
    no_audience = sorted(paths - set(AUDIENCE))
    assert no_audience == [], (
        f"fields with no audience in registry/questions.py (who is asked): {no_audience}"
    )
    assert sorted(set(AUDIENCE) - paths) == [], "audiences for fields the models no longer have"
    mismatched = sorted(p for p in paths if bool(AUDIENCE[p]) != (QUESTIONS[p] is not None))
    assert mismatched == [], f"asked of nobody, or asked with no words: {mismatched}"


@pytest.mark.parametrize("path", sorted(p for p, words in QUESTIONS.items() if words))
def test_each_question_is_one_plain_question(path: str) -> None:
    words = QUESTIONS[path]
    assert words is not None and "?" in words and words[0].isupper()
    filled = words.format(operator="X", shared=SHARED, item="Z")
    assert "{" not in filled


def test_kings_cross_asks_about_its_unknowns() -> None:
    texts = [q.text for q in questions_for(kings_cross())]
    assert any(
        t.startswith("On what legal basis did King's Cross Central Limited Partnership") for t in texts
    )
    assert "How many matches did the system make, and what action followed each?" in texts
    assert any(
        t.startswith(
            "How long were the images on the watchlist \u201cCamden borough police images\u201d kept"
        )
        for t in texts
    )
    assert "Was a data protection impact assessment carried out? Please provide a copy." in texts


def test_a_question_about_a_sentence_does_not_end_in_a_full_stop() -> None:
    """Before: "On what date did this happen: Facial recognition began ... police.?"."""
    from registry.types import Unknown

    entry = kings_cross()
    event = entry.events[0].model_copy(update={"date": Unknown(unknown="not_found")})
    entry = entry.model_copy(update={"events": [event, *entry.events[1:]]})
    asked = [q.text for q in questions_for(entry) if q.text.startswith("On what date did this happen")]
    assert asked == [f"On what date did this happen: {event.summary[:-1]}?"]
    assert event.summary.endswith(".")


@pytest.mark.parametrize("entry_id", ["gb-kings-cross-argent", "us-cbp-biometric-exit-tvs"])
def test_the_question_whether_the_legal_basis_is_written_down_names_that_basis(entry_id: str) -> None:
    """Before: "Is that legal basis set out in a document?", after a question about an
    image-sharing agreement (King's Cross) or with no legal-basis question at all (CBP, whose
    record gives the basis): "that" pointed at nothing."""
    entry = Entry.model_validate(load_file(entry_file(entry_id)).data)
    (asked,) = [q.text for q in questions_for(entry) if q.path == "legal.basis_documented"]
    assert asked == (
        f"Is the legal basis on which {entry.operator.name} ran the system set out in a document? "
        "Please provide a copy."
    )


def test_a_question_about_an_investigation_names_its_body_without_needing_an_article() -> None:
    """Before: "What was the outcome of the investigation by Information Commissioner's Office?"
    (English wants "the" there, yet not before every name): the name now leads, as a label."""
    texts = [q.text for q in questions_for(kings_cross())]
    assert (
        "Investigation by Information Commissioner's Office: what was its outcome? Please provide its findings."
        in texts
    )
    assert not [t for t in texts if "the investigation by" in t]
    for path in ("investigations.opened", "investigations.closed", "investigations.outcome"):
        words = QUESTIONS[path]
        assert words is not None and words.startswith("Investigation by {item}: "), path


def test_a_party_whose_name_is_unknown_is_named_by_its_role_as_a_question_says_it() -> None:
    """Before: "Which product did vendor supply for the system at Brussels Airport?" and "Which
    organisation acted as user of the system for the system in Xinjiang Uyghur Autonomous Region?"."""
    data: dict[str, Any] = load_file(KINGS_CROSS).data
    unknown = {"unknown": "not_found"}
    data["parties"] = [
        {"name": unknown, "role": "vendor", "product": unknown, "sources": ["s1"]},
        {"name": unknown, "role": "user", "sources": ["s1"]},
        {"name": "NEC", "role": "vendor", "product": unknown, "sources": ["s1"]},
    ]
    asked = [q.text for q in questions_for(Entry.model_validate(data)) if q.path.startswith("parties.")]
    assert asked == [
        "Which organisation was the system's vendor?",
        "Which product did the system's vendor supply?",
        "Which organisation was the system's user?",
        "Which product did NEC supply?",
    ]
    assert set(PARTY_BY_ROLE) == set(vocab.PARTY_ROLE_LABELS)


def test_a_case_whose_name_is_unknown_is_named_by_its_court_and_never_it() -> None:
    """Before: "What is the name of the case about this system (it)?", and two such cases were
    one question. A case is named by its court when its name is unknown, and by nothing when
    neither is known."""
    data: dict[str, Any] = load_file(KINGS_CROSS).data
    case = {"outcome": {"unknown": "not_found"}, "sources": ["s1"]}
    data["litigation"] = [
        {**case, "case": {"unknown": "not_found"}, "court": "Tribunal de Apelaciones"},
        {**case, "case": {"unknown": "not_found"}, "court": "Supreme Court"},
        {**case, "case": {"unknown": "not_found"}, "court": {"unknown": "not_found"}},
    ]
    texts = [q.text for q in questions_for(Entry.model_validate(data)) if "case" in q.text]
    assert texts[:3] == [
        "What is the name of the case about this system (in Tribunal de Apelaciones)?",
        "What was the outcome of the case about this system (in Tribunal de Apelaciones)?",
        "What is the name of the case about this system (in Supreme Court)?",
    ]
    assert "What is the name of the case about this system?" in texts
    assert not [t for t in texts if "(it)" in t]


def _placed(**place: Any) -> Entry:
    """King's Cross, with its place replaced by `place` (country GB unless given)."""
    data: dict[str, Any] = load_file(KINGS_CROSS).data
    data["place"] = {"country": "GB", "sources": ["s1"], **place}
    return Entry.model_validate(data)


#: Place names of live records that read wrong, or said more than the record, after "at" or "in".
DESCRIBED_PLACES = [
    {"name": "Investigation of the G20 summit riots of July 2017", "city": "Hamburg", "type": "event"},
    {"name": "Bali regional police area (G20 summit, 2022); a rollout to all regional police offices planned", "type": "event"},
    {"name": "Access corridor to the Carnival site", "city": "Nice", "type": "event"},
    {"name": "Areas of Greater Manchester, West Yorkshire, Bedfordshire, Surrey, Sussex, Thames Valley and Hampshire police", "type": "street"},
    {"name": "Departure gates at US international airports", "type": "airport"},
    {"name": "Sydenham and Camden stores in London; Oldfield Park Local in Bath", "type": "retail"},
    {"region": "Xinjiang Uyghur Autonomous Region", "type": "other"},
    {"name": "Afghanistan", "type": "nationwide"},
    {"name": "Meadowhall shopping centre", "type": "retail"},
]  # fmt: skip


@pytest.mark.parametrize("place", DESCRIBED_PLACES)
def test_no_question_names_the_place(place: dict[str, Any]) -> None:
    """Before: "...run facial recognition at Investigation of the G20 summit riots of July 2017",
    "at Bali regional police area (G20 summit, 2022); a rollout to all regional police offices
    planned, and ...", "Were people at Access corridor to the Carnival site told...", "in
    Xinjiang Uyghur Autonomous Region". The system is "the system": the letter names it once."""
    asked = {q.path: q.text for q in questions_for(_placed(**place))}
    assert asked["legal.basis"] == (
        f"On what legal basis did {OPERATOR} run the system, and on what basis were images or data passed to others?"
    )
    assert asked["legal.signage"] == (
        "Were people told that facial recognition was in use (signs, notices)? Please describe them."
    )
    named = place.get("name") or place["region"]
    assert not [t for t in asked.values() if named in t or re.search(r" (at|in) [A-Z]", t)]


def test_an_online_service_is_asked_about_no_place_and_no_signs() -> None:
    """Before: "Toronto Police Service run facial recognition at Toronto Police Service", and
    "Were people at ... told ... (signs, notices)?" of an online search."""
    entry = _placed(name="Toronto Police Service", city="Toronto", type="online")
    asked = {q.path: q.text for q in questions_for(entry)}
    assert asked["legal.basis"] == (
        f"On what legal basis did {OPERATOR} run the system, and on what basis were images or data passed to others?"
    )
    assert "legal.signage" not in asked


KINGS_CROSS_TITLE = "King's Cross Estate live facial recognition with Metropolitan Police images"


def test_a_letter_names_the_system_once_by_its_records_title(tmp_path: Path) -> None:
    """Before: "...about the facial-recognition system at Investigation of the G20 summit riots of
    July 2017, operated by ...". The title is the registry's own name for the record, in quotes;
    its address follows."""
    described = _placed(name="Investigation of the G20 summit riots of July 2017", type="event")
    lines = rendered_letters(tmp_path, described)[OPERATOR].splitlines()
    assert lines[2] == (
        f"I am writing to ask about the facial-recognition system operated by {OPERATOR} that the "
        f"public Facial Recognition Registry describes as \u201c{KINGS_CROSS_TITLE}\u201d. You may not "
        "be obliged by law to answer, but the public has a strong interest in knowing, and I would be "
        "grateful for a reply."
    )
    assert lines[3] == (
        "Its record is at https://fr-registry.example.org/deployments/gb-kings-cross-argent/. "
        "The registry could not establish the following:"
    )
    assert "G20" not in "\n".join(lines)


def test_a_title_is_quoted_without_its_full_stop_and_otherwise_as_written() -> None:
    """Its own quotation marks stay as the contributor wrote them: the letter quotes the record."""
    data: dict[str, Any] = load_file(KINGS_CROSS).data
    data["title"] = 'Huawei video cloud test with a "Uyghur alarm" and a \u201cblacklist\u201d.'
    assert letter_subject(Entry.model_validate(data)) == (
        f"the facial-recognition system operated by {OPERATOR} that the public Facial Recognition "
        'Registry describes as \u201cHuawei video cloud test with a "Uyghur alarm" and a '
        "\u201cblacklist\u201d\u201d"
    )


def test_signs_are_asked_about_only_where_there_is_a_site_to_put_them() -> None:
    """A search of stored images (retrospective use only) has no place where a sign could tell anyone."""
    data: dict[str, Any] = load_file(KINGS_CROSS).data
    assert "legal.signage" in [q.path for q in questions_for(Entry.model_validate(data))]
    data["system"]["fr_mode"] = "retrospective"
    assert "legal.signage" not in [q.path for q in questions_for(Entry.model_validate(data))]
    data["system"] = {**data["system"], "fr_mode": None, "fr_modes": ["retrospective", "live"]}
    (signs,) = [q.text for q in questions_for(Entry.model_validate(data)) if q.path == "legal.signage"]
    assert signs == (
        "Were people told that facial recognition was in use (signs, notices)? Please describe them."
    )


# --- A use the record does not establish is asked about on condition ---


def _doubted(evidence: dict[str, Any] | None = None, **timeline: Any) -> Entry:
    """King's Cross, with `evidence` and changes to its timeline."""
    data: dict[str, Any] = load_file(KINGS_CROSS).data
    if evidence is not None:
        data["evidence"] = {"sources": ["s1"], **evidence}
    data["timeline"] = {**data["timeline"], **timeline}
    return Entry.model_validate(data)


#: Macy's shape: alleged, denied, its start not found.
ALLEGED_DENIED = {"evidence": {"basis": "alleged", "denied": "yes"}, "start": {"unknown": "not_found"}}


def test_an_alleged_and_denied_use_is_first_asked_about_then_asked_on_condition() -> None:
    """Before (Macy's): "On what legal basis did Macy's run facial recognition at Macy's department
    stores, ...?" and "On what date did facial recognition start at ...?" of a use it denies."""
    asked = [q.text for q in questions_for(_doubted(**ALLEGED_DENIED))]
    assert asked[:3] == [
        f"Does {OPERATOR} use, or has it used, the system?",
        f"If {OPERATOR} used the system, on what legal basis did it do so, and on what "
        "basis were images or data passed to others?",
        "If the system was used, how many matches did it make, and what action followed each?",
    ]
    assert "If the system was used, did a person review each match before anyone acted on it?" in asked
    assert "If the system was used, on what date was it first used?" in asked
    assert (
        "If the system was used, were people told that facial recognition was in use (signs, "
        "notices)? Please describe them."
    ) in asked
    assert (
        f"If {OPERATOR} used the system, is the legal basis for it set out in a document? "
        "Please provide a copy."
    ) in asked
    assert not [t for t in asked if t.startswith(("On what legal basis did", "Did a person", "Is the legal"))]
    # A watchlist the record names was made for the system; that it was ever used is in doubt.
    assert (
        "If the system was used, how many images or people were on the watchlist "
        "\u201cBritish Transport Police images\u201d?"
    ) in asked
    assert (
        "If images on the watchlist \u201cCamden borough police images\u201d were shared, was the agreement under "
        "which they were shared written down? Please provide a copy."
    ) in asked
    assert not [t for t in asked if t.startswith(("How many images", "How long were", "Was the agreement"))]


@pytest.mark.parametrize(
    "shape",
    [
        {"evidence": {"basis": "alleged"}},  # alleged, the operator's word unknown
        {"evidence": {"basis": "credible_reporting", "denied": "yes"}},  # denied
        # Garda: planned, never started.
        {"status": "planned", "start": {"unknown": "not_applicable"}, "end": None},
        # SARI: blocked before it started (Manchester City: alleged, denied and never started).
        {"status": "blocked", "start": {"unknown": "not_applicable"}, "end": None},
    ],
)
def test_every_kind_of_doubt_asks_first_whether_the_system_was_used(shape: dict[str, Any]) -> None:
    asked = [q for q in questions_for(_doubted(**shape))]
    assert asked[0].text == f"Does {OPERATOR} use, or has it used, the system?"
    assert asked[0].path == "evidence.denied"
    assert [q.text for q in asked].count(asked[0].text) == 1
    (basis,) = [q.text for q in asked if q.path == "legal.basis"]
    assert basis.startswith(f"If {OPERATOR} used the system, on what legal basis")


def test_an_established_use_whose_operator_has_not_spoken_is_asked_to_confirm_it() -> None:
    """Before (Afghanistan, credible reporting, denied: unknown): question 1 "On what legal basis
    did ... run facial recognition", question 5 "Does ... use, or has it used, facial
    recognition?", the one contradicting the other. The use stands; the operator is asked to confirm."""
    entry = _doubted({"basis": "credible_reporting", "denied": "unknown"})
    asked = {q.path: q.text for q in questions_for(entry)}
    assert asked["evidence.denied"] == (f"Does {OPERATOR} confirm that it uses, or has used, the system?")
    assert asked["legal.basis"] == BASIS  # the use is established: today's words
    assert [q.path for q in questions_for(entry)][0] == "legal.basis"


def test_the_letter_about_a_doubted_use_says_so_in_its_first_sentence(tmp_path: Path) -> None:
    """Before: "...the facial-recognition system at Macy's department stores, operated by Macy's."."""
    found = rendered_letters(tmp_path, _doubted(**ALLEGED_DENIED))
    intro = found[OPERATOR].splitlines()[2]
    assert intro.startswith(
        f"I am writing to ask about the facial-recognition system attributed to {OPERATOR} that the "
        f"public Facial Recognition Registry describes as \u201c{KINGS_CROSS_TITLE}\u201d (the "
        f"registry records its use as alleged; {OPERATOR} denies using it). "
    )
    assert found[OPERATOR].splitlines()[4] == f"1. Does {OPERATOR} use, or has it used, the system?"
    never = rendered_letters(
        tmp_path, _doubted(status="planned", start={"unknown": "not_applicable"}, end=None)
    )
    assert (
        f"about the facial-recognition system attributed to {OPERATOR} that the public Facial "
        f"Recognition Registry describes as \u201c{KINGS_CROSS_TITLE}\u201d (no source in the "
        "registry shows that it was ever used)"
    ) in never[MET]
    assert "operated by" not in never[MET]


@pytest.mark.parametrize("path", sorted(IF_USED))
def test_each_question_on_condition_is_one_plain_question(path: str) -> None:
    assert QUESTIONS[path] is not None, "a conditional form of a question that is asked"
    filled = IF_USED[path].format(operator="X", shared=SHARED, item="Z")
    assert "?" in filled and filled[0].isupper() and "{" not in filled


# --- A question the record's data shows cannot apply ---


def test_a_record_that_names_no_sharing_is_not_asked_on_what_basis_images_were_shared() -> None:
    """Before: "...and on what basis were images shared?" of 19 records with no watchlist and no data flow."""
    data: dict[str, Any] = load_file(KINGS_CROSS).data
    data["watchlists"], data["data_flows"] = [], []
    asked = {q.path: q.text for q in questions_for(Entry.model_validate(data))}
    assert asked["legal.basis"] == f"On what legal basis did {OPERATOR} run the system?"
    data["data_flows"] = [{"supplier": MET, "recipient": OPERATOR, "what": "Alerts", "sources": ["s1"]}]
    asked = {q.path: q.text for q in questions_for(Entry.model_validate(data))}
    assert asked["legal.basis"] == BASIS
    data["data_flows"] = []
    data["evidence"] = {"basis": "alleged", "sources": ["s1"]}
    asked = {q.path: q.text for q in questions_for(Entry.model_validate(data))}
    assert asked["legal.basis"] == (f"If {OPERATOR} used the system, on what legal basis did it do so?")


#: Watchlist names that name no list (Belgrade's first: a list not known to exist), and names.
FILLER_NAMES = ["Watchlists used with the system, if any", "Unknown", "Unnamed watchlist", "Watchlist"]
REAL_NAMES = ["Camden borough police images", "Volunteer test watchlist", "SARI Real Time watch-list"]


@pytest.mark.parametrize(
    "name", [*FILLER_NAMES, "Watch list (name not known)", *REAL_NAMES, "Gallery searched"]
)
def test_a_watchlist_name_made_only_of_filler_names_nothing(name: str) -> None:
    assert unnamed_watchlist(name) is (name in FILLER_NAMES or "not known" in name)


def test_a_watchlist_without_a_real_name_is_described_not_quoted() -> None:
    """Before: "How many images or people were on the watchlist “Watchlists used with the
    system, if any”?": the record's placeholder, quoted as if it were the list's name."""
    data: dict[str, Any] = load_file(KINGS_CROSS).data
    data["watchlists"][1]["name"] = "Watchlists used with the system, if any"
    data["watchlists"][0]["name"] = "Unnamed watchlist"
    texts = [q.text for q in questions_for(Entry.model_validate(data))]
    assert [t for t in texts if "watchlist" in t or "images on" in t] == [
        "How long were the images on the watchlist the record describes kept, and when were they deleted?",
        "How many images or people were on the watchlist the record describes?",
        "Was the agreement under which the images on the watchlist the record describes were shared "
        "written down? Please provide a copy.",
    ]
    assert not [t for t in texts if "\u201cWatchlists" in t or "\u201cUnnamed" in t]
    data["evidence"] = {**data.get("evidence", {}), "basis": "alleged", "sources": ["s1"]}
    texts = [q.text for q in questions_for(Entry.model_validate(data))]
    assert (
        "If the system was used, how many images or people were on the watchlist the record describes?"
        in texts
    )


def test_a_watchlist_the_operator_kept_to_itself_is_no_sharing() -> None:
    """Before: "..., and on what basis were images shared?" of some 80 records whose only
    watchlist the operator compiled and used itself (Temple of Heaven Park), or "received" itself
    (Kmart). Asked where a watchlist names a supplier or recipient other than the operator."""
    data: dict[str, Any] = load_file(KINGS_CROSS).data
    data["data_flows"] = []
    own = {"name": "Own list", "compiled_by": OPERATOR, "size": 7, "sources": ["s1"]}
    data["watchlists"] = [own, {**own, "name": "Received", "received_by": [OPERATOR]}]
    data["watchlists"].append({**own, "name": "Unit", "supplied_by": [f"{OPERATOR} (security team)"]})
    data["watchlists"].append({**own, "name": "Unknown", "received_by": {"unknown": "not_found"}})
    asked = {q.path: q.text for q in questions_for(Entry.model_validate(data))}
    assert asked["legal.basis"] == f"On what legal basis did {OPERATOR} run the system?"
    data["watchlists"][1]["received_by"] = [OPERATOR, MET]
    asked = {q.path: q.text for q in questions_for(Entry.model_validate(data))}
    assert asked["legal.basis"] == BASIS


def test_data_passed_on_is_asked_about_as_data_not_as_images_shared() -> None:
    """Before (HIIDE devices "reportedly seized"): "on what basis were images shared?". A data
    flow may carry no images, and data seized was not shared by choice."""
    data: dict[str, Any] = load_file(KINGS_CROSS).data
    data["watchlists"] = []
    data["data_flows"] = [
        {
            "supplier": OPERATOR,
            "recipient": "Taliban",
            "what": "Devices, reportedly seized",
            "sources": ["s1"],
        }
    ]
    asked = {q.path: q.text for q in questions_for(Entry.model_validate(data))}
    assert asked["legal.basis"] == (
        f"On what legal basis did {OPERATOR} run the system, and on what basis were images or data "
        "passed to others?"
    )


def test_a_system_that_identifies_nobody_is_not_asked_about_matches() -> None:
    """Before: ViaQuatro's doors and Cadillac Fairview's directories, which estimated age and
    gender and identified nobody, were asked "Did a person review each match...?"."""
    data: dict[str, Any] = load_file(KINGS_CROSS).data
    data["system"]["fr_mode"] = "analytics"
    asked = {q.path: q.text for q in questions_for(Entry.model_validate(data))}
    assert "system.human_review" not in asked
    assert asked["outcomes"] == (
        "What figures or reports did the system's analysis produce, if any, and what were they used for?"
    )
    assert not [t for t in asked.values() if "match" in t]
    data["system"] = {**data["system"], "fr_mode": None, "fr_modes": ["analytics", "live"]}
    asked = {q.path: q.text for q in questions_for(Entry.model_validate(data))}
    assert asked["system.human_review"] == "Did a person review each match before anyone acted on it?"
    assert asked["outcomes"] == "How many matches did the system make, and what action followed each?"
    assert set(WITHOUT_IDENTIFICATION) <= set(QUESTIONS)


# --- Each letter asks only what its addressee could answer ---

OPERATOR = "King's Cross Central Limited Partnership"
MET = "Metropolitan Police Service"
BTP = "British Transport Police"
ICO = "Information Commissioner's Office"
CAMDEN = "\u201cCamden borough police images\u201d"
BASIS = (
    "On what legal basis did King's Cross Central Limited Partnership run the system, and on what "
    "basis were images or data passed to others?"
)


def kings_cross_letters(tmp_path: Path, entry: Entry | None = None) -> dict[str, Letter]:
    """The letters of (a copy of) King's Cross, by addressee."""
    entry = entry or kings_cross()
    written = letters(entry, addressees(entry, research_copy(tmp_path)), questions_for(entry))
    return {letter.addressee.name: letter for letter in written}


def rendered_section(tmp_path: Path, entry: Entry, extra: str = "") -> str:
    """`entry`'s drafts section as plain text, its tags dropped: the record's page rendered with
    the frozen law table (and `extra` rows: `research_copy`), no build needed."""
    body = _rendered_body(tmp_path, entry, extra)
    section = body[body.index('<section id="request"') : body.index("</section>", body.index('id="request"'))]
    return html.unescape(re.sub(r"<[^>]+>", " ", section))


def test_a_question_already_put_to_the_addressee_says_so_in_its_letter(tmp_path: Path) -> None:
    """The letter re-asked a question the record shows pending with that very body, without a
    word: it now reads as the reminder it is. Other letters asking it are unchanged."""
    data: dict[str, Any] = load_file(KINGS_CROSS).data
    data["legal"]["basis"] = {"unknown": "not_found", "requested": {"date": "2026-11-20", "to": OPERATOR}}
    letters = rendered_letters(tmp_path, Entry.model_validate(data))
    reminders = {
        name: [line for line in text.split("\n") if "asked of you" in line] for name, text in letters.items()
    }
    assert reminders[OPERATOR] == [
        f"1. On what legal basis did {OPERATOR} run the system, and on what basis were images or data "
        "passed to others? (This was asked of you on 20 November 2026; no reply is recorded.)"
    ]
    assert [name for name, lines in reminders.items() if lines] == [OPERATOR]


@pytest.mark.parametrize(
    ("law", "citation", "cited"),
    [
        ("Right to Information Act, 2005", "The Right to Information Act, 2005 (Act No. 22 of 2005)",
         "Right to Information Act, 2005 (Act No. 22 of 2005)"),
        ("Wet open overheid (Open Government Act)", "Wet open overheid (Woo), article 4.1",
         "Wet open overheid (Open Government Act) (Woo), article 4.1"),
        ("Freedom of Information Act", "5 U.S.C. \u00a7 552", "Freedom of Information Act (5 U.S.C. \u00a7 552)"),
    ],
)  # fmt: skip
def test_a_law_is_named_once_even_when_its_citation_begins_the_or_lacks_its_gloss(
    law: str, citation: str, cited: str
) -> None:
    """Before: "Wet open overheid (Open Government Act) (Wet open overheid (Woo), article 4.1)" and
    "Right to Information Act, 2005 (The Right to Information Act, 2005 (Act No. 22 of 2005))"."""
    from types import SimpleNamespace

    from registry.law_words import law_with_citation

    assert law_with_citation(SimpleNamespace(law=law, citation=citation)) == cited


def test_whether_an_assessment_was_published_is_asked_on_condition_when_none_is_known() -> None:
    """127 of 136 records asked "Was the data protection impact assessment published, and
    where?" right after asking whether one was carried out at all."""
    data: dict[str, Any] = load_file(KINGS_CROSS).data
    asked = [q.text for q in questions_for(Entry.model_validate(data)) if "published" in q.text]
    assert asked == ["If a data protection impact assessment was carried out, was it published, and where?"]
    data["legal"]["dpia"] = "yes"
    asked = [q.text for q in questions_for(Entry.model_validate(data)) if "published" in q.text]
    assert asked == ["Was the data protection impact assessment published, and where?"]


def rendered_letters(tmp_path: Path, entry: Entry, extra: str = "") -> dict[str, str]:
    """Each letter of `entry`'s drafts as a reader copies it (plain text, one paragraph a line), by
    addressee: the record's page rendered with the frozen law table (and `extra` rows), no build needed."""
    body = _rendered_body(tmp_path, entry, extra)
    found = {}
    for block in body.split('<details id="to-')[1:]:
        name = html.unescape(re.search(r"<summary[^>]*>To ([^<]+) \(", block)[1])
        letter = block.split('class="request-letter"', 1)[1].split("</div>", 1)[0]
        paragraphs = re.findall(r"<p>(.*?)</p>", letter, re.S)
        found[name] = "\n".join(html.unescape(re.sub(r"<[^>]+>", "", p)) for p in paragraphs)
    return found


def _rendered_body(tmp_path: Path, entry: Entry, extra: str = "") -> str:
    from registry.checks.base import EntryFile
    from registry.pages.entry import render_entry_body

    (f,) = [f for f in fixture_files() if f.entry.id == "gb-kings-cross-argent"]
    root = Path(__file__).resolve().parent.parent
    ctx = BuildContext(
        root,
        [EntryFile(f.path, f.loaded, entry)],
        no_history(),
        read_site_config(root),
        tmp_path / "docs",
        research_tables=research_copy(tmp_path, extra),
    )
    return render_entry_body(ctx, EntryFile(f.path, f.loaded, entry))


def _texts(letter: Letter) -> list[str]:
    return [q.text for q in letter.questions]


def test_each_image_supplier_is_asked_about_its_own_watchlist_and_the_basis_only(tmp_path: Path) -> None:
    """Before: the Met was asked how many images were on British Transport Police's watchlist,
    and British Transport Police how long the Camden images were kept."""
    found = kings_cross_letters(tmp_path)
    assert _texts(found[MET]) == [
        BASIS,
        f"How long were the images on the watchlist {CAMDEN} kept, and when were they deleted?",
        f"Was the agreement under which the images on the watchlist {CAMDEN} were shared written down? Please provide a copy.",
    ]
    assert _texts(found[BTP]) == [
        BASIS,
        "How many images or people were on the watchlist \u201cBritish Transport Police images\u201d?",
    ]


def test_the_oversight_body_is_asked_what_an_overseer_may_hold_and_its_own_investigation(
    tmp_path: Path,
) -> None:
    """Before: the ICO was asked whether the operator published its impact assessment, and what
    the Surveillance Camera Commissioner's investigation found; then, once it had investigated,
    only its investigation's outcome, not the impact assessment its investigation is likely to
    hold (Clearview AI: "No letter goes to ... CNIL")."""
    ico = kings_cross_letters(tmp_path)[ICO]
    assert [q.path for q in ico.questions] == [
        "legal.basis",
        "outcomes",
        "legal.dpia",
        "legal.basis_documented",
        "investigations.outcome",
    ]
    assert _texts(ico)[-1] == (
        "Investigation by Information Commissioner's Office: what was its outcome? Please provide its findings."
    )


def test_the_operator_is_asked_every_question(tmp_path: Path) -> None:
    letter = kings_cross_letters(tmp_path)[OPERATOR]
    assert list(letter.questions) == questions_for(kings_cross())
    assert [q.path for q in letter.questions] == [
        "legal.basis",
        "outcomes",
        "watchlists.retention",
        "watchlists.size",
        "legal.dpia",
        "legal.signage",
        "system.human_review",
        "watchlists.agreement.documented",
        "legal.basis_documented",
        "legal.dpia_published",
        "investigations.outcome",
        "investigations.outcome",
    ]


def test_the_letters_keep_their_numbers_and_a_body_with_no_question_gets_none(tmp_path: Path) -> None:
    """The anchors to-N and letter-N may be linked: a body left without a letter leaves a gap.
    Here the record gives the legal basis and BTP's watchlist size, so BTP has nothing to answer."""
    data: dict[str, Any] = load_file(KINGS_CROSS).data
    data["legal"]["basis"] = "Legitimate interests, as the operator said."
    data["watchlists"][1]["size"] = 5
    entry = Entry.model_validate(data)
    found = kings_cross_letters(tmp_path, entry)
    assert [(letter.number, name) for name, letter in found.items()] == [
        (1, OPERATOR),
        (2, MET),
        (4, ICO),
        (5, SCC),
    ]
    every = addressees(entry, research_copy(tmp_path))
    assert no_letter_sentence(every, list(found.values())) == (
        "No letter goes to this body, as none of the open questions is one it could answer: "
        "British Transport Police."
    )
    assert no_letter_sentence(every, letters(kings_cross(), every, questions_for(kings_cross()))) is None


SCC = "Surveillance Camera Commissioner"
SCC_OUTCOME = f"Investigation by {SCC}: what was its outcome? Please provide its findings."


def test_a_body_that_investigated_gets_a_letter_about_its_own_investigation(tmp_path: Path) -> None:
    """Before: King's Cross asked what the Surveillance Camera Commissioner's investigation found
    only in the letter to the operator: the Commissioner is no party, and only parties got letters.
    It now gets one, after every party's (their numbers unchanged), asking only that."""
    found = kings_cross_letters(tmp_path)
    assert [(letter.number, name) for name, letter in found.items()] == [
        (1, OPERATOR),
        (2, MET),
        (3, BTP),
        (4, ICO),
        (5, SCC),
    ]
    scc = found[SCC]
    assert (scc.addressee.role, scc.addressee.category, scc.addressee.country) == (
        "investigating body",
        "public",
        "GB",
    )
    # Its kind is only guessed: the law is cited on condition (Senate of the Philippines).
    assert ([r.law for r in scc.addressee.laws], [r.law for r in scc.addressee.conditional]) == (
        [],
        [FOIA_2000],
    )
    assert [q.path for q in scc.questions] == [
        "legal.basis",
        "outcomes",
        "legal.dpia",
        "legal.basis_documented",
        "investigations.outcome",
    ]
    assert _texts(scc)[-1] == SCC_OUTCOME
    assert SCC_OUTCOME in _texts(found[OPERATOR])  # the operator is still asked too


def test_a_body_that_investigated_with_nothing_open_gets_no_letter_and_is_not_named(tmp_path: Path) -> None:
    """Nothing of its investigation open, nor anything an overseer may hold."""
    data: dict[str, Any] = load_file(KINGS_CROSS).data
    data["investigations"][1]["outcome"] = "No breach found."
    data["legal"] = {**data["legal"], "basis": "Consent.", "basis_documented": "yes", "dpia": "no"}
    data["outcomes"] = {"summary": "None reported.", "sources": ["s1"]}
    entry = Entry.model_validate(data)
    assert SCC not in [a.name for a in addressees(entry, research_copy(tmp_path))]
    assert SCC not in kings_cross_letters(tmp_path, entry)


def test_an_investigating_body_named_as_a_party_of_another_role_gets_its_own_letter(tmp_path: Path) -> None:
    """Project NOLA: the New Orleans Police Department received its alerts (no letter for that)
    and reviewed their use; the review's outcome is asked of it, as a police force under the
    law for one in the United States."""
    entry = Entry.model_validate(load_file(entry_file("us-new-orleans-project-nola")).data)
    found = {a.name: a for a in addressees(entry, research_copy(tmp_path))}
    nopd = found["New Orleans Police Department"]
    assert (nopd.role, nopd.category, nopd.country) == ("investigating body", "police", "US")
    (letter,) = [
        letter
        for letter in letters(entry, list(found.values()), questions_for(entry))
        if letter.addressee is nopd
    ]
    assert _texts(letter)[-1] == (
        "Investigation by New Orleans Police Department: what was its outcome? Please provide its findings."
    )
    assert {q.path for q in letter.questions[:-1]} <= {
        "legal.basis",
        "outcomes",
        "legal.dpia",
        "legal.basis_documented",
    }
    assert "Louisiana State Police" not in found  # an alert recipient that investigated nothing


def test_a_court_that_is_written_to_is_asked_about_its_own_case(tmp_path: Path) -> None:
    """Before (Delhi Police): the Delhi High Court, an oversight party, was asked about the impact
    assessment but not "What was the outcome of the case about this system (...)" of its own case."""
    data: dict[str, Any] = load_file(KINGS_CROSS).data
    data["parties"].append({"name": "High Court", "role": "oversight", "sources": ["s1"]})
    data["litigation"] = [
        {
            "case": "Missing-children case",
            "court": "High Court",
            "outcome": {"unknown": "not_found"},
            "sources": ["s1"],
        }
    ]
    found = kings_cross_letters(tmp_path, Entry.model_validate(data))
    case = "What was the outcome of the case about this system (Missing-children case)?"
    assert _texts(found["High Court"])[-1] == case
    assert case not in _texts(found[ICO])


def test_an_investigation_by_an_addressee_already_written_to_adds_no_letter(tmp_path: Path) -> None:
    """The ICO is a party (oversight) and investigated: one letter, as before; so is a unit of
    the operator ("... (Camden borough)" of the Met), whose letter already asks it."""
    data: dict[str, Any] = load_file(KINGS_CROSS).data
    data["investigations"][1]["body"] = "Metropolitan Police Service (Professional Standards)"
    names = [a.name for a in addressees(Entry.model_validate(data), research_copy(tmp_path))]
    assert names == [OPERATOR, MET, BTP, ICO]


def test_an_oversight_body_with_no_investigation_is_asked_what_a_regulator_may_hold(tmp_path: Path) -> None:
    """The basis, whether it is written down, the impact assessment and the matches: what an
    operator files with a regulator or reports to it; not whether it published its assessment."""
    data: dict[str, Any] = load_file(KINGS_CROSS).data
    data["investigations"] = data["investigations"][1:]  # the ICO's is gone: the Commissioner's stays
    found = kings_cross_letters(tmp_path, Entry.model_validate(data))
    assert [q.path for q in found[ICO].questions] == [
        "legal.basis",
        "outcomes",
        "legal.dpia",
        "legal.basis_documented",
    ]


def test_a_watchlist_question_goes_to_a_body_named_there_whatever_its_role(tmp_path: Path) -> None:
    """An oversight body that received the images is asked about them; a unit in brackets
    ("Metropolitan Police Service (Camden borough)") names its force."""
    data: dict[str, Any] = load_file(KINGS_CROSS).data
    data["watchlists"][1]["received_by"] = [OPERATOR, ICO]
    data["watchlists"][0]["supplied_by"] = []
    entry = Entry.model_validate(data)
    found = kings_cross_letters(tmp_path, entry)
    assert [q.path for q in found[ICO].questions] == [
        "legal.basis",
        "outcomes",
        "watchlists.size",
        "legal.dpia",
        "legal.basis_documented",
        "investigations.outcome",
    ]
    assert [q.path for q in found[MET].questions] == [
        "legal.basis",
        "watchlists.retention",
        "watchlists.agreement.documented",
    ]
    assert names_body(MET, "Metropolitan Police Service (Camden borough)")
    assert not names_body(MET, "Metropolitan Police Service Authority")


def test_a_sanction_question_goes_to_the_body_that_imposed_it(tmp_path: Path) -> None:
    data: dict[str, Any] = load_file(KINGS_CROSS).data
    data["investigations"][0]["penalties"] = [{"kind": "fine", "date": {"unknown": "not_found"}}]
    entry = Entry.model_validate(data)
    (sanction,) = [q for q in questions_for(entry) if q.path == "investigations.penalties.date"]
    assert sanction.named == (ICO,)
    assert sanction in letter_questions(entry, questions_for(entry), ICO, "oversight body")
    assert sanction not in letter_questions(entry, questions_for(entry), MET, "image supplier")


# --- The law chosen for each kind of body ---


def test_kings_cross_letters_go_to_the_met_under_foia_and_to_the_operator_voluntarily(tmp_path: Path) -> None:
    found = {a.name: a for a in addressees(kings_cross(), research_copy(tmp_path))}
    met = found["Metropolitan Police Service"]
    assert (met.category, [r.law for r in met.laws]) == ("police", ["Freedom of Information Act 2000"])
    assert met.laws[0].citation == "Freedom of Information Act 2000 (c. 36), section 1"
    operator = found["King's Cross Central Limited Partnership"]
    assert operator.voluntary and operator.regulator == "Information Commissioner's Office (ICO)"
    assert found["Information Commissioner's Office"].category == "public"


def _entry(country: str, sector: str, kind: str, region: str | None = None, name: str = "Op") -> Entry:
    data: dict[str, Any] = load_file(KINGS_CROSS).data
    data["place"] = {**data["place"], "country": country, "region": region or "Somewhere"}
    data["operator"] = {**data["operator"], "name": name, "sector": sector, "kind": kind}
    data["parties"] = []
    data["investigations"] = []  # the operator alone: no body to write to about its investigation
    data["id"] = country.lower() + "-x"
    return Entry.model_validate(data)


FOIA_2000 = "Freedom of Information Act 2000"
US_FOIA = "Freedom of Information Act"
GDPR_15 = "GDPR right of access by the data subject"


UK_GDPR = "UK GDPR right of access (subject access)"


@pytest.mark.parametrize(
    ("country", "sector", "kind", "region", "certain", "conditional", "own", "voluntary"),
    [
        ("GB", "public", "police", None, [FOIA_2000], [], [], False),
        ("GB", "public", "government", None, [FOIA_2000], [], [], False),
        ("GB", "private", "retail", None, [], [], [UK_GDPR], True),
        # A US body may be federal (FOIA) or state and local (its state's law): FOIA is conditional;
        # but border control is a federal power, so FOIA is certain for a border agency.
        ("US", "public", "border", None, [US_FOIA], [], [], False),
        ("US", "public", "government", None, [], [US_FOIA], [], False),
        # Certainly under its state's law, a police force is no federal agency: FOIA is not offered.
        ("US", "public", "police", "California", ["California Public Records Act"], [], [], False),
        ("US", "public", "police", "Michigan", [], [US_FOIA], [], False),
        (
            "FR",
            "public",
            "police",
            None,
            ["Right of access to administrative documents"],
            [],
            [GDPR_15],
            False,
        ),
        ("DE", "public", "police", None, [], [], [GDPR_15], False),
        ("DE", "private", "transport", None, [], [], [GDPR_15], True),
        ("IN", "public", "police", None, ["Right to Information Act, 2005"], [], [], False),
        ("CA", "public", "police", None, [], ["Access to Information Act"], [], False),
        ("AU", "private", "retail", None, [], [], [], True),
        ("CN", "public", "police", None, [], [], [], False),
    ],
)
def test_the_law_for_each_kind_of_body(
    tmp_path: Path,
    country: str,
    sector: str,
    kind: str,
    region: str | None,
    certain: list[str],
    conditional: list[str],
    own: list[str],
    voluntary: bool,
) -> None:
    (operator,) = addressees(_entry(country, sector, kind, region), research_copy(tmp_path))
    assert [r.law for r in operator.laws] == certain
    assert [r.law for r in operator.conditional] == conditional
    assert [r.law for r in operator.own_data] == own
    assert operator.voluntary is voluntary


@pytest.mark.parametrize(
    ("country", "region", "said", "laws"),
    [
        # A state's law, certain: no "if Op is one of the federal agencies" after it (a certain
        # law, then a conditional one: tests/test_addressees.py).
        (
            "US",
            "California",
            "California Public Records Act (California Government Code § 7920.000 et seq.), in "
            "California, for police forces or state and local agencies.",
            ["California Public Records Act"],
        ),
        # Only a condition: the sentence starts with it. The citation begins with the law's
        # name, so the name is not repeated in brackets.
        (
            "CA",
            None,
            "If this body is one of the federal agencies: Access to Information Act, R.S.C., 1985, c. A-1.",
            ["Access to Information Act"],
        ),
        # Before: "Freedom of Information Act 2000 (Freedom of Information Act 2000 (c. 36), section 1)".
        (
            "GB",
            None,
            "Freedom of Information Act 2000 (c. 36), section 1, for police forces or public bodies.",
            [FOIA_2000],
        ),
        # A records law, then the right to one's own data.
        (
            "FR",
            None,
            "Right of access to administrative documents (Code des relations entre le public et "
            "l'administration, article L311-1), for police forces or public bodies; for the "
            "requester's own personal data only: GDPR right of access by the data subject "
            "(Regulation (EU) 2016/679 (GDPR), Article 15).",
            ["Right of access to administrative documents", GDPR_15],
        ),
        # No records law: two sentences, the second one capitalised.
        (
            "DE",
            None,
            "No records law in the table covers this body. For the requester's own personal data "
            "only: GDPR right of access by the data subject (Regulation (EU) 2016/679 (GDPR), Article 15).",
            [GDPR_15],
        ),
    ],
)
def test_the_law_line_of_a_letter_is_one_sentence_with_each_law_set_apart(
    tmp_path: Path, country: str, region: str | None, said: str, laws: list[str]
) -> None:
    (operator,) = addressees(_entry(country, "public", "police", region), research_copy(tmp_path))
    words = law_summary(operator)
    assert "".join(w.text for w in words) == said
    assert [w.text for w in words if w.law] == laws


def test_the_law_line_says_first_when_the_kind_of_body_is_not_known(tmp_path: Path) -> None:
    data: dict[str, Any] = load_file(KINGS_CROSS).data
    data["parties"] = [{"name": "Acme Imaging", "role": "image_supplier", "sources": ["s1"]}]
    supplier = addressees(Entry.model_validate(data), research_copy(tmp_path))[1]
    assert supplier.category == "unknown"
    said = "".join(w.text for w in law_summary(supplier))
    assert said.startswith("The record does not say what kind of body this is. ")
    assert said.endswith(".") and not said.endswith("..")


def test_a_conditional_laws_time_limit_is_stated_under_its_condition(tmp_path: Path) -> None:
    """Before: "If Op is one of the federal agencies: Access to Information Act" on the law line,
    then "The Access to Information Act sets a time limit: 30 days (section 7)." as a plain fact."""
    (letter,) = rendered_letters(tmp_path, _entry("CA", "public", "police")).values()
    assert (
        "If you are one of the federal agencies, the Access to Information Act sets a time limit: "
        "30 days (section 7)."
    ) in letter.splitlines()
    assert "The Access to Information Act sets a time limit" not in letter
    (letter,) = rendered_letters(tmp_path, _entry("GB", "public", "police")).values()
    assert "The Freedom of Information Act 2000 sets a time limit: " in letter  # a certain row: a fact


def test_a_public_body_with_no_law_row_is_told_what_the_registry_knows(tmp_path: Path) -> None:
    """Before: "No law may oblige you to answer" to a Chinese police force: the table simply
    has no row for China yet, which says nothing of China's laws."""
    (letter,) = rendered_letters(tmp_path, _entry("CN", "public", "police")).values()
    assert (
        "This registry has no record yet of a law that obliges you to answer; the public has a "
        "strong interest in knowing, and I would be grateful for a reply."
    ) in letter
    assert "obliged by law to answer" not in letter
    (letter,) = rendered_letters(tmp_path, _entry("AU", "private", "retail")).values()
    assert (
        "You may not be obliged by law to answer, but the public has a strong interest" in letter
    )  # a company


def test_a_country_inside_a_sentence_has_its_article(tmp_path: Path) -> None:
    """Before: "Also in United States", "no row yet for private companies in United States",
    "no law for this kind of body in United Arab Emirates"."""
    text = " ".join(rendered_section(tmp_path, _entry("US", "private", "retail")).split())
    assert "The registry's law table has no row yet for private companies in the United States." in text
    assert "No row yet for the data protection regulator in the United States." in text
    text = " ".join(rendered_section(tmp_path, _entry("AE", "public", "police")).split())
    assert "the registry's law table has no law for this kind of body in the United Arab Emirates," in text
    text = " ".join(rendered_section(tmp_path, _entry("US", "public", "police", "Michigan")).split())
    assert "Also in the United States California Public Records Act" in text
    assert " in United" not in text


def test_a_letter_greets_an_organisation_as_one_and_names_it_above(tmp_path: Path) -> None:
    """Before: "Dear The Cadillac Fairview Corporation Limited,": a name is no person to greet."""
    entry = _entry("GB", "private", "retail", name="The Cadillac Fairview Corporation Limited")
    (letter,) = rendered_letters(tmp_path, entry).values()
    assert letter.splitlines()[:2] == ["To: The Cadillac Fairview Corporation Limited", "Dear Sir or Madam,"]
    assert "Dear The" not in letter


def test_a_letter_cites_its_law_before_it_asks_so_no_comma_strays(tmp_path: Path) -> None:
    """Before: "...under the Freedom of Information Act 2014, about ..." (a comma that is right
    only after a citation ending in ", section 1"). The law now leads, and the comma after it
    closes the phrase whatever the citation."""
    met = rendered_letters(tmp_path, kings_cross())[MET].splitlines()
    assert met[2] == (
        "Under the Freedom of Information Act 2000 (c. 36), section 1, I request the following "
        f"information about the facial-recognition system operated by {OPERATOR} that the public "
        f"Facial Recognition Registry describes as \u201c{KINGS_CROSS_TITLE}\u201d."
    )
    india = rendered_letters(tmp_path, _entry("IN", "public", "police"))["Op"].splitlines()
    assert india[2].startswith("Under the Right to Information Act, 2005")
    assert ", I request the following information about the facial-recognition system" in india[2]


def test_a_name_ending_in_a_full_stop_is_never_followed_by_another(tmp_path: Path) -> None:
    """Before: "...operated by Mercadona S.A.. No law may oblige you...". The name now stands
    inside the sentence; a sentence that could end on one (the no-letter line) drops its stop."""
    entry = _entry("GB", "private", "retail", name="Mercadona S.A.")
    assert ".." not in rendered_section(tmp_path, entry)
    data: dict[str, Any] = load_file(KINGS_CROSS).data
    data["parties"][3]["name"] = data["watchlists"][1]["compiled_by"] = "Transport Police S.A."
    data["watchlists"][1]["supplied_by"] = ["Transport Police S.A."]
    data["watchlists"][1]["size"], data["legal"]["basis"] = 5, "Legitimate interests."
    entry = Entry.model_validate(data)
    every = addressees(entry, research_copy(tmp_path))
    assert no_letter_sentence(every, letters(entry, every, questions_for(entry))) == (
        "No letter goes to this body, as none of the open questions is one it could answer: "
        "Transport Police S.A."
    )


def test_a_body_named_for_another_country_is_asked_under_its_laws(tmp_path: Path) -> None:
    data: dict[str, Any] = load_file(KINGS_CROSS).data
    data["parties"] = [
        {"name": "Office of the Australian Information Commissioner", "role": "oversight", "sources": ["s1"]},
        {"name": "New Jersey State Police", "role": "image_supplier", "sources": ["s1"]},
    ]
    found = {a.name: a for a in addressees(Entry.model_validate(data), research_copy(tmp_path))}
    oaic = found["Office of the Australian Information Commissioner"]
    assert (oaic.country, [r.law for r in oaic.conditional]) == ("AU", ["Freedom of Information Act 1982"])
    assert found["New Jersey State Police"].country == "GB"  # "New Jersey" names no country


def test_a_body_whose_record_names_its_country_is_asked_under_that_countrys_laws(tmp_path: Path) -> None:
    """Before: a US company's record asked CNIL, the Garante and the ICO under the US FOIA,
    since their names name no country. The record's `country` wins over the name's, too."""
    data: dict[str, Any] = load_file(KINGS_CROSS).data
    data["parties"] = [
        {"name": "CNIL", "role": "oversight", "country": "FR", "sources": ["s1"]},
        {
            "name": "Office of the Australian Information Commissioner",
            "role": "oversight",
            "country": "NZ",
            "sources": ["s1"],
        },
        {"name": "Information Commissioner's Office", "role": "oversight", "sources": ["s1"]},
    ]
    found = {a.name: a for a in addressees(Entry.model_validate(data), research_copy(tmp_path))}
    assert (found["CNIL"].country, found["Office of the Australian Information Commissioner"].country) == (
        "FR",
        "NZ",
    )
    assert found["Information Commissioner's Office"].country == "GB"  # none given: the record's own
    data["operator"]["country"] = "US"  # a military abroad: its own country's laws
    (operator,) = [
        a for a in addressees(Entry.model_validate(data), research_copy(tmp_path)) if a.role == "operator"
    ]
    assert operator.country == "US"
    laws = {row.law for row in found["CNIL"].laws + found["CNIL"].conditional}
    assert laws and all(row.country in ("FR", "EU") for row in found["CNIL"].laws + found["CNIL"].conditional)


def test_a_national_body_is_asked_under_the_national_law_and_offered_no_states_law(tmp_path: Path) -> None:
    """Before: CBP's letter said "If U.S. Customs and Border Protection is one of the federal
    agencies: Freedom of Information Act", then offered state laws ("Also in United States")."""
    entry = Entry.model_validate(load_file(entry_file("us-cbp-biometric-exit-tvs")).data)
    found = {a.name: a for a in addressees(entry, research_copy(tmp_path))}
    # The operator (a border agency), its federal oversight body (the operator is national,
    # so is the body overseeing it) and one named as the nation's ("U.S. ..."). Only the
    # operator's record gives its kind: the others may be Congress's, as the GAO is, and get
    # FOIA on condition (tests/test_addressees.py).
    for name in (
        "U.S. Customs and Border Protection",
        "DHS Office of Inspector General",
        "U.S. Government Accountability Office",
    ):
        body = found[name]
        assert (body.category, [r.law for r in body.laws + body.conditional]) == ("national", [US_FOIA]), name
        assert body.skipped == (), name
    assert "".join(w.text for w in law_summary(found["U.S. Customs and Border Protection"])) == (
        "Freedom of Information Act (5 U.S.C. § 552), for federal agencies."
    )
    # A name that says "Federal" makes a body national wherever the record is.
    (operator,) = addressees(
        _entry("US", "public", "police", "California", name="Federal Bureau of Investigation"),
        research_copy(tmp_path),
    )
    assert ([r.law for r in operator.laws], operator.conditional, operator.skipped) == ([US_FOIA], (), ())
    # An image supplier's name alone says nothing of who owns it: "U.S. Bank" is a company.
    from registry.addressees import _party_category

    assert _party_category("U.S. Bank", "image_supplier") == "unknown"
    assert _party_category("Federal Signal Corporation", "image_supplier") == "unknown"


def test_a_state_law_for_another_state_is_named_not_applied(tmp_path: Path) -> None:
    (operator,) = addressees(_entry("US", "public", "police", "Michigan"), research_copy(tmp_path))
    assert [r.region for r in operator.skipped] == ["California"]


def test_a_law_source_link_names_its_site_not_a_cut_address(tmp_path: Path) -> None:
    """Before: "https://tnaqa.mirrorweb.com/ukgwa/20260409162222mp_/https://www.legis…"."""
    (row,) = [r for r in research_copy(tmp_path).laws if r.law == FOIA_2000]
    assert [name for _, name in law_source_links(row)] == [
        "legislation.gov.uk (archived copy)",
        "newcastle-staffs.gov.uk",
    ]
    assert [url for url, _ in law_source_links(row)] == list(row.sources)
    twice = row.model_copy(update={"sources": ["https://a.example/1", "https://a.example/2"]})
    assert [name for _, name in law_source_links(twice)] == ["a.example, page 1", "a.example, page 2"]


def test_many_sources_of_one_site_are_numbered_in_order(tmp_path: Path) -> None:
    """Each name was counted over the whole list for every source (4,667 sources took a build
    from 5 to 28 seconds); a row now cites at most 20, and the names are made in one pass.
    Speed is never asserted here (a busy machine would fail it, not slow code)."""
    row = research_copy(tmp_path).laws[0]
    many = row.model_copy(update={"sources": [f"https://a.example/{n}" for n in range(300)]})
    links = law_source_links(many)
    assert [name for _, name in links[:2]] == ["a.example, page 1", "a.example, page 2"]
    assert links[-1] == ("https://a.example/299", "a.example, page 300")


# --- The tables are checked like entries ---


def test_the_frozen_tables_are_valid(tmp_path: Path) -> None:
    research = research_copy(tmp_path)
    assert research.problems == ()
    assert all(row.sources for row in research.laws)


def test_a_bad_law_row_is_reported_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "research").mkdir()
    (tmp_path / "research" / "laws.yaml").write_text(
        "laws:\n"
        "  - country: UK\n"
        "    body_kinds: [police, church]\n"
        "    law: A law\n"
        "    citation: A citation\n"
        "    send_to: Someone\n"
        "    sources: [not-a-url]\n"
        "    colour: red\n",
        encoding="utf-8",
    )
    lines = [p.format() for p in load_research(tmp_path).problems]
    assert lines == [
        "research/laws.yaml:2:14: laws.0.country: 'UK' is not an ISO 3166-1 country code "
        "(two capital letters, such as GB or FR); the United Kingdom is 'GB'",
        "research/laws.yaml:3:26: laws.0.body_kinds.1: 'church' is not allowed here; use one of: "
        "police, public_body, federal_agency, state_local_agency, private_company",
        "research/laws.yaml:7:15: laws.0.sources.0: must be a full web address starting with https:// "
        "(or http://)",
        "research/laws.yaml:8:5: laws.0.colour: 'colour' is not a field here; did you mean 'country'?",
    ]


def test_a_law_row_with_too_many_sources_is_reported_at_its_line(tmp_path: Path) -> None:
    """Every letter the row applies to links each source: the list is bounded like an entry's."""
    (tmp_path / "research").mkdir()
    sources = ", ".join(f"https://a.example/{n}" for n in range(MAX_LAW_SOURCES + 1))
    (tmp_path / "research" / "laws.yaml").write_text(
        "laws:\n"
        "  - country: EU\n"
        "    body_kinds: [police]\n"
        "    law: A law\n"
        "    citation: A citation\n"
        "    send_to: Someone\n"
        f"    sources: [{sources}]\n",
        encoding="utf-8",
    )
    research = load_research(tmp_path)
    assert [p.format() for p in research.problems] == [
        f"research/laws.yaml:7:14: laws.0.sources: has too many items: at most {MAX_LAW_SOURCES}"
    ]
    assert research.laws == ()


def _law_row(
    country: str, kinds: str, law: str, citation: str, sources: str = "[https://a.example/law]"
) -> str:
    return (
        f"  - country: {country}\n    body_kinds: [{kinds}]\n    law: {law}\n    citation: {citation}\n"
        f"    send_to: Someone\n    sources: {sources}\n"
    )


def test_a_second_row_for_the_same_law_and_kind_of_body_is_refused_at_the_second(tmp_path: Path) -> None:
    """A second UY row citing Ley N° 18.381 for police passed, and every letter to a Uruguayan
    police force then cited the law twice, with two time limits."""
    (tmp_path / "research").mkdir()
    (tmp_path / "research" / "laws.yaml").write_text(
        "laws:\n"
        + _law_row("UY", "police, public_body", "Ley de Acceso a la Información Pública", "Ley N° 18.381")
        + _law_row("UY", "private_company", "Ley de Acceso a la Información Pública", "Ley N° 18.381")
        + _law_row("AR", "police", "Ley de Acceso a la Información Pública", "Ley N° 18.381")
        + _law_row("UY", "public_body, police", "Access to Public Information Act", "Ley  n° 18.381")
        + _law_row("UY", "state_local_agency, police", "Ley de acceso a la información pública", "Ley 18381"),
        encoding="utf-8",
    )
    research = load_research(tmp_path)
    assert [p.format() for p in research.problems] == [
        "research/laws.yaml:23:15: laws.3.citation: UY already has a row for this law that covers "
        "police and public_body (laws.0, line 2): a law has one row per country and kind of body, "
        "so add to that row instead",
        "research/laws.yaml:28:10: laws.4.law: UY already has a row for this law that covers police "
        "(laws.0, line 2): a law has one row per country and kind of body, so add to that row instead",
    ]
    assert research.laws == ()


def test_a_law_row_without_sources_is_asked_for_web_addresses(tmp_path: Path) -> None:
    """A row's sources are addresses, not an entry's source ids: "such as [s1]" misled."""
    (tmp_path / "research").mkdir()
    (tmp_path / "research" / "laws.yaml").write_text(
        "laws:\n" + _law_row("GB", "police", "A law", "A citation", sources="[]"), encoding="utf-8"
    )
    assert [p.format() for p in load_research(tmp_path).problems] == [
        "research/laws.yaml:7:14: laws.0.sources: must cite at least one source: the web addresses "
        "of the pages you read, such as [https://www.legislation.gov.uk/ukpga/2000/36]"
    ]


def test_a_bad_coverage_row_is_reported_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "research").mkdir()
    (tmp_path / "research" / "coverage.yaml").write_text(
        "coverage:\n  - country: PT\n    searched: x\n    when: 2026-13\n    method: y\n    outcome: maybe\n    found: z\n",
        encoding="utf-8",
    )
    lines = [p.format() for p in load_research(tmp_path).problems]
    assert [line.split(": ", 2)[:2] for line in lines] == [
        ["research/coverage.yaml:4:11", "coverage.0.when"],
        ["research/coverage.yaml:6:14", "coverage.0.outcome"],
    ]


def test_a_place_with_two_coverage_rows_is_refused_at_the_second(tmp_path: Path) -> None:
    """ "Adding a coverage row" beside the country's old "not yet researched" row made /coverage/
    say both of Morocco."""
    row = "  - country: {c}\n{region}    searched: x\n    when: 2026-12\n    method: y\n    outcome: {o}\n    found: z\n"
    (tmp_path / "research").mkdir()
    (tmp_path / "research" / "coverage.yaml").write_text(
        "coverage:\n"
        + row.format(c="MA", region="", o="not_researched")
        + row.format(c="MA", region="    region: Rabat\n", o="nothing_found")  # one region: its own row
        + row.format(c="MA", region="", o="nothing_found"),
        encoding="utf-8",
    )
    assert [p.format() for p in load_research(tmp_path).problems] == [
        "research/coverage.yaml:15:14: coverage.2.country: MA already has a row (coverage.0, line 2): "
        "a place has one row, so update that one instead"
    ]


# --- Transparency figures ---


def test_kings_cross_transparency_figures() -> None:
    t = transparency(kings_cross())
    assert t.count("not_recorded") == 1  # the outcomes: the Met kept no record
    assert t.key_unknown == 7 and t.key_total == 10


# --- The built pages ---


#: An old id of Belgrade's record (its alias in `small_site`), listed as a published request page.
BELGRADE_OLD = "rs-belgrade-old-name"


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """King's Cross and Belgrade, built with the copied tables (no git history needed).

    Belgrade has an old id (an alias); the list of request pages earlier builds published
    names King's Cross and that old id, not Belgrade's own id: a record's page since.
    """
    root = tmp_path_factory.mktemp("requests-registry")
    copy_registry(root, ["gb-kings-cross-argent", BELGRADE])
    belgrade = root / "entries" / "rs" / f"{BELGRADE}.yaml"
    text = belgrade.read_text(encoding="utf-8")
    belgrade.write_text(text.replace(f"id: {BELGRADE}\n", f"id: {BELGRADE}\naliases: [{BELGRADE_OLD}]\n"))
    (root / REQUESTS_LIST).write_text(list_text(["gb-kings-cross-argent", BELGRADE_OLD]), encoding="utf-8")
    research_copy(root)
    site = root / "site"
    build_site(root, site_dir=site, work_dir=root / "work")
    return site


def _drafts(site: Path, entry_id: str) -> str:
    """The records-request section of a record's page (its HTML)."""
    page = (site / "deployments" / entry_id / "index.html").read_text(encoding="utf-8")
    start = page.index('<section id="request"')
    return page[start : page.index("</section>", page.index('class="request-print-note"', start))]


@pytest.mark.slow  # builds a small site (small_site)
def test_the_kings_cross_page_has_its_drafts_and_links_to_them(small_site: Path) -> None:
    page = (small_site / "deployments" / "gb-kings-cross-argent" / "index.html").read_text(encoding="utf-8")
    assert 'href="/deployments/gb-kings-cross-argent/#request"' in page
    assert page.index('class="request-link"') < page.index('id="summary"')  # at the top of the page
    assert page.index('id="sources"') < page.index('id="request"') < page.index('id="history"')
    draft = _drafts(small_site, "gb-kings-cross-argent")
    assert '<h2 id="request-h">Ask for what is missing</h2>' in draft
    assert '<details id="to-2" class="request-addressee">' in draft  # each letter folded, no script needed
    assert "To Metropolitan Police Service (image supplier)" in draft
    assert (
        "Under the Freedom of Information Act 2000 (c. 36), section 1, I request the following information about"
        in draft
    )
    assert "Act 2000 (Freedom of Information Act 2000" not in draft
    assert '">legislation.gov.uk (archived copy)</a>' in draft
    assert not re.search(r'<a href="[^"]*">https?://', draft), "a law's source is named, not a cut address"
    assert "How many matches did the system make, and what action followed each?" in draft
    assert "voluntary request" in draft
    assert "mailto:" not in draft  # the record gives no public address


def _letters_on_page(draft: str) -> dict[str, list[str]]:
    """Each letter of a built drafts section: its anchor and addressee, and its numbered questions."""
    import html

    found = {}
    for block in draft.split('<details id="')[1:]:
        anchor = block.split('"', 1)[0]
        to = html.unescape(re.search(r"<summary[^>]*>To ([^<]+)</summary>", block)[1])
        found[f"{anchor}: {to}"] = [html.unescape(q) for q in re.findall(r"<p>(\d+\. [^<]+)</p>", block)]
    return found


ICO_OUTCOME = f"Investigation by {ICO}: what was its outcome? Please provide its findings."
#: What King's Cross asks a body that oversaw or investigated it, besides its investigation.
OVERSEEN = [
    f"1. {BASIS}",
    "2. How many matches did the system make, and what action followed each?",
    "3. Was a data protection impact assessment carried out? Please provide a copy.",
    f"4. Is the legal basis on which {OPERATOR} ran the system set out in a document? Please provide a copy.",
]


@pytest.mark.slow  # builds a small site (small_site)
def test_each_letter_on_the_built_page_asks_its_own_questions_numbered_from_one(small_site: Path) -> None:
    draft = _drafts(small_site, "gb-kings-cross-argent")
    every = [f"{n}. {q.text}" for n, q in enumerate(questions_for(kings_cross()), 1)]
    assert _letters_on_page(draft) == {
        f"to-1: {OPERATOR} (operator)": every,
        f"to-2: {MET} (image supplier)": [
            f"1. {BASIS}",
            f"2. How long were the images on the watchlist {CAMDEN} kept, and when were they deleted?",
            f"3. Was the agreement under which the images on the watchlist {CAMDEN} were shared written down? "
            "Please provide a copy.",
        ],
        f"to-3: {BTP} (image supplier)": [
            f"1. {BASIS}",
            "2. How many images or people were on the watchlist \u201cBritish Transport Police images\u201d?",
        ],
        f"to-4: {ICO} (oversight body)": [*OVERSEEN, f"5. {ICO_OUTCOME}"],
        f"to-5: {SCC} (investigating body)": [*OVERSEEN, f"5. {SCC_OUTCOME}"],
    }
    assert draft.count("<li>") == len(every)  # the open questions: all of them, as before
    assert "No letter goes to" not in draft


@pytest.mark.slow  # builds a small site (small_site)
def test_the_built_page_writes_to_a_body_that_investigated_about_what_it_may_hold(small_site: Path) -> None:
    """Belgrade's Commissioner has its investigation in the record, and nothing of it is open.
    Before: "No letter goes to" it; yet it reviewed the Ministry's impact assessment and found
    no legal basis, so it may hold what the record could not establish about the basis."""
    draft = _drafts(small_site, BELGRADE)
    commissioner = "Commissioner for Information of Public Importance and Personal Data Protection"
    assert "No letter goes to" not in draft
    assert list(_letters_on_page(draft)) == [
        "to-1: Ministry of Interior (Serbia) (operator)",
        f"to-2: {commissioner} (oversight body)",
    ]


@pytest.mark.slow  # builds a small site (small_site)
def test_coverage_shows_three_states(small_site: Path) -> None:
    page = (small_site / "coverage" / "index.html").read_text(encoding="utf-8")
    assert 'data-state="records"' in page and 'data-state="nothing_found"' in page
    assert 'data-state="not_researched"' in page
    assert "Portugal" in page and "Where transparency is worst" in page
    names = re.findall(r'<tr data-state="[a-z_]+"><th scope="row">(?:<a [^>]+>)?([^<]+)<', page)
    assert len(names) > 3 and names == sorted(names), "by the country's name, not its code"
    assert "King&#39;s Cross Estate live facial recognition" in page or "King's Cross Estate live" in page
    home = (small_site / "index.html").read_text(encoding="utf-8")
    assert 'href="/coverage/"' in home
    assert 'href="/coverage/"' in (small_site / "map" / "index.html").read_text(encoding="utf-8")


def coverage_ctx(tmp_path: Path) -> BuildContext:
    """The fixture records with the frozen law and coverage tables."""
    root = Path(__file__).resolve().parent.parent
    return BuildContext(
        root,
        fixture_files(),
        no_history(),
        read_site_config(root),
        tmp_path / "docs",
        research_tables=research_copy(tmp_path),
    )


def test_coverage_counts_a_right_to_ones_own_data_apart_from_a_records_law(tmp_path: Path) -> None:
    """Greece's only row was the EU's GDPR right of access (scope own_data), and /coverage/
    said "Yes" beside it though no letter could cite a records law there."""
    ctx = coverage_ctx(tmp_path)
    laws = coverage_context(ctx)["laws"]
    assert {code: laws[code] for code in ("DE", "FR", "GB", "RS", "SE")} == {
        "DE": "own_data",  # the EU's GDPR row only
        "FR": "records",  # its own records law, beside the EU's GDPR row
        "GB": "records",
        "RS": "",
        "SE": "own_data",
    }
    page = coverage_pages(ctx)["coverage/index.md"]
    row = re.search(r'<tr data-state="records"><th scope="row"><a [^>]+>Sweden</a>.*?</tr>', page)
    assert row is not None and row.group(0).endswith("<td>No, own data only</td></tr>")
    assert "which is not a records law" in page


def test_a_narrow_search_is_never_a_country_wide_negative(tmp_path: Path) -> None:
    """/coverage/ counted Egypt, Saudi Arabia and South Africa among "7 countries" shaded
    "Researched, nothing found", though each row searched one network ("Vumacam's camera
    network in Johannesburg"): each country's cell now says what was searched, and the count
    and the map say that a search was made, never that the country has nothing (and, since
    test_page_wording's Hajj test, "searched, no record made", never that it found nothing)."""
    from registry.charts.coverage_map import coverage_map

    ctx = coverage_ctx(tmp_path)
    page = html.unescape(coverage_pages(ctx)["coverage/index.md"])
    found = '<span class="coverage-state coverage-state--nothing_found">Searched, no record made</span>'
    assert (
        f'<tr data-state="nothing_found"><th scope="row">South Africa</th><td>{found} (what was searched: '
        "Vumacam's camera network in Johannesburg)</td>"
    ) in page
    assert f"<td>{found} (what was searched: Cameras at the Hajj)</td>" in page
    assert f"<li>{found}: 7 countries (the table below says what was searched in each)</li>" in page
    assert "<dt>South Africa: searched, no record made (December 2026)</dt>" in page
    assert "esearched, nothing found" not in page
    states = coverage_context(ctx)["states"]
    assert (
        "countries have records; 7 were searched and no record was made (the table below says what "
        "each search covered); every other country has not been researched yet."
    ) in str(coverage_map(states))


# --- Recording a request on an unknown: one fixture per rule, with its exact message ---

_ASKED = {"date": "2026-11-02", "to": "Example Council"}


@pytest.mark.parametrize(
    ("unknown", "expected"),
    [
        ({"unknown": "not_found", "requested": _ASKED}, []),
        (
            {"unknown": "withheld", "requested": {**_ASKED, "reply_date": "2026-11-20", "reply": "Refused."}},
            [],
        ),
        (
            {"unknown": "not_requested", "requested": _ASKED},
            [
                "legal.basis.unknown: is not_requested, but a request is recorded: use not_found while waiting "
                "for the reply, or withheld or not_recorded as the reply says"
            ],
        ),
        (
            {"unknown": "withheld", "requested": {**_ASKED, "reply": "Refused."}},
            ["legal.basis.requested: a reply needs its reply_date (when the body answered)"],
        ),
        (
            {"unknown": "withheld", "requested": {**_ASKED, "reply_date": "2026-11-20"}},
            [
                "legal.basis.requested: a reply_date needs the reply (what the body said); "
                "leave both out until it answers"
            ],
        ),
        (
            {"unknown": "withheld", "requested": {**_ASKED, "reply_date": "2026-10", "reply": "No."}},
            [
                "legal.basis.requested: the reply_date October 2026 is before the request's date 2 November 2026"
            ],
        ),
        (
            {"unknown": "withheld", "requested": {"date": "2026-11-02"}},
            ["legal.basis.requested.to: is required"],
        ),
    ],
)
def test_each_rule_of_a_recorded_request(
    tmp_path: Path, unknown: dict[str, Any], expected: list[str]
) -> None:
    from test_checks import messages, mutate, valid_entry

    found = messages(tmp_path, mutate(valid_entry(), "legal.basis", unknown))
    assert found == expected


@pytest.mark.slow  # builds a small site (small_site)
def test_a_recorded_request_is_shown_on_the_page(small_site: Path) -> None:
    page = (small_site / "deployments" / "gb-kings-cross-argent" / "index.html").read_text(encoding="utf-8")
    assert "no reply yet" not in page  # the frozen record has no request; the every-field test shows one


@pytest.mark.slow  # builds a small site (small_site)
def test_the_exports_carry_the_transparency_figures(small_site: Path) -> None:
    import csv
    import json
    import sqlite3

    api = small_site / "api" / "v1"
    rows = csv.DictReader((api / "deployments.csv").read_text(encoding="utf-8").splitlines())
    (row,) = [r for r in rows if r["id"] == "gb-kings-cross-argent"]
    assert (row["unknowns_not_recorded"], row["key_facts_unknown"], row["key_facts_total"]) == (
        "1",
        "7",
        "10",
    )
    every = json.loads((api / "deployments.json").read_text(encoding="utf-8"))["deployments"]
    (summary,) = [d for d in every if d["id"] == "gb-kings-cross-argent"]
    assert summary["transparency"]["unknowns"]["not_recorded"] == 1
    assert summary["transparency"]["key_facts_unknown"] == 7
    one = json.loads((api / "deployments" / "gb-kings-cross-argent.json").read_text(encoding="utf-8"))
    assert one["transparency"] == summary["transparency"]
    with sqlite3.connect(api / "registry.sqlite") as db:
        query = "SELECT key_facts_unknown, unknowns_withheld FROM deployments WHERE id = ?"
        assert db.execute(query, ("gb-kings-cross-argent",)).fetchall() == [(7, 0)]


@pytest.mark.slow  # builds a small site (small_site)
def test_the_coverage_map_draws_the_three_states(small_site: Path) -> None:
    page = (small_site / "coverage" / "index.html").read_text(encoding="utf-8")
    assert 'data-picture="coverage-map"' not in page  # the slot was filled
    assert 'class="chart map coverage-map"' in page
    for state in ("records", "nothing_found", "not_researched"):
        assert f'class="country coverage-{state}"' in page


def test_a_question_already_asked_says_so_on_the_draft(tmp_path: Path) -> None:
    from test_checks import mutate

    data = mutate(
        load_file(KINGS_CROSS).data,
        "legal.basis.requested",
        {"date": "2026-11-02", "to": "Metropolitan Police Service"},
    )
    (basis,) = [q for q in questions_for(Entry.model_validate(data)) if q.path == "legal.basis"]
    assert basis.requested.to == "Metropolitan Police Service"


def test_the_first_questions_are_the_legal_basis_the_matches_and_retention() -> None:
    paths = [q.path for q in questions_for(kings_cross())]
    assert paths[:3] == ["legal.basis", "outcomes", "watchlists.retention"]


@pytest.mark.slow  # builds a small site (small_site)
def test_a_country_without_a_law_row_says_so_and_names_no_law(small_site: Path) -> None:
    import html

    draft = html.unescape(_drafts(small_site, BELGRADE))
    assert "No row yet: the registry's law table has no law for this kind of body in Serbia" in draft
    assert "under the" not in draft and "Act" not in draft.split("request-letter", 1)[1]


def test_the_build_reads_the_research_tables_once(tmp_path: Path) -> None:
    """`load_checked` reads the tables with the entries; the build context keeps that copy, so
    the pages never read research/ again (the files are gone here before the pages ask)."""
    from registry.entries import load_checked

    root = copy_registry(tmp_path / "registry", ids=["gb-kings-cross-argent"])
    expected = research_copy(root)
    checked = load_checked(root)
    assert checked.research == expected and checked.research.laws
    shutil.rmtree(root / "research")
    ctx = BuildContext(
        root,
        checked.files,
        no_history(),
        read_site_config(root),
        root / "docs",
        research_tables=checked.research,
    )
    assert ctx.research is checked.research
    without = BuildContext(root, checked.files, no_history(), read_site_config(root), root / "docs")
    assert without.research.laws == ()  # a context made without them reads the folder (now empty)


# --- The request pages of earlier builds: no new ones, a redirect for each listed id ---


@pytest.mark.slow  # builds a small site (small_site)
def test_no_record_gets_a_request_page_of_its_own(small_site: Path) -> None:
    assert not (small_site / "deployments" / BELGRADE / "request").exists()  # not listed: never published
    (page,) = [p for p in small_site.rglob("deployments/*/request/index.html") if "kings-cross" in str(p)]
    assert 'name="registry-redirect"' in page.read_text(encoding="utf-8")  # listed: a redirect, not drafts
    sitemap = (small_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/request/" not in sitemap


@pytest.mark.slow  # builds a small site (small_site)
@pytest.mark.parametrize(
    ("listed", "record"),
    [("gb-kings-cross-argent", "gb-kings-cross-argent"), (BELGRADE_OLD, BELGRADE)],
)
def test_a_listed_request_page_redirects_to_the_drafts_on_the_record_page(
    small_site: Path, listed: str, record: str
) -> None:
    """Its own id, or an old id (the alias's record): the redirect works without script (meta
    refresh), tells crawlers the new address, and links there for everything else."""
    page = (small_site / "deployments" / listed / "request" / "index.html").read_text(encoding="utf-8")
    target = f"/deployments/{record}/#request"
    assert f'<meta name="registry-redirect" content="{target}">' in page
    assert f'<meta http-equiv="refresh" content="0; url={target}">' in page
    assert f'<link rel="canonical" href="https://fr-registry.example.org{target}">' in page
    assert f'<a href="{target}">' in page and "records-request drafts" in page
    assert '<script src="/assets/redirect.js"></script>' in page


@pytest.mark.slow  # builds a small site (small_site)
def test_the_guard_names_a_listed_request_page_that_has_no_file(small_site: Path, tmp_path: Path) -> None:
    root = small_site.parent
    ctx = BuildContext(root, load_registry(root), no_history(), read_site_config(root), tmp_path / "docs")
    site = Site.scan(small_site, "engine")
    assert list(find_broken(ctx, site)) == []
    missing = "deployments/gb-kings-cross-argent/request/index.html"
    shown = Site(small_site, {p: "engine" for p in site if p != missing})
    assert list(find_broken(ctx, shown)) == [
        "gb-kings-cross-argent: /deployments/gb-kings-cross-argent/request/ (listed in "
        "entries/published-request-pages.txt) was not written"
    ]


def test_the_guard_names_a_listed_id_that_no_record_answers_for(tmp_path: Path) -> None:
    root = copy_registry(tmp_path, ["gb-kings-cross-argent"])
    (root / REQUESTS_LIST).write_text(
        list_text(["gb-kings-cross-argent", "gb-nobody-here"]), encoding="utf-8"
    )
    ctx = BuildContext(root, load_registry(root), no_history(), read_site_config(root), root / "docs")
    messages = list(find_broken(ctx, Site(root / "empty")))
    assert (
        "entries/published-request-pages.txt:6:1: gb-nobody-here: its request page was published, but no "
        "record has this id or lists it in aliases"
    ) in messages
    assert (
        "gb-kings-cross-argent: /deployments/gb-kings-cross-argent/request/ (listed in "
        "entries/published-request-pages.txt) was not written"
    ) in messages


def test_a_malformed_line_of_the_list_is_refused_at_its_line(tmp_path: Path) -> None:
    from registry.errors import RegistryError
    from registry.published_requests import read_list

    (tmp_path / "entries").mkdir()
    (tmp_path / REQUESTS_LIST).write_text("# a comment\ngb-fine-id\nGB Not An Id\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"published-request-pages.txt:3:1: line: expected one record id"):
        read_list(tmp_path)


@pytest.mark.slow  # builds a small site (small_site)
def test_the_drafts_are_not_in_the_search_record(small_site: Path) -> None:
    """Search indexes a record's own words: the letters, questions and laws are boilerplate."""
    import gzip
    import json

    fragments = {}
    for path in (small_site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        fragments[data["url"]] = data["content"]
    content = fragments["/deployments/gb-kings-cross-argent/"]
    assert kings_cross().summary.split(".")[0] in content  # the record's own words are there
    for boilerplate in (
        "Ask for what is missing",
        "Dear Sir or Madam",
        "Yours faithfully",
        "How many matches did the system make",
        "Freedom of Information Act 2000",
        "questions about this deployment are still open",
    ):
        assert boilerplate not in content, boilerplate

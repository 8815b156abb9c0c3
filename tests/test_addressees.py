"""Who a records request goes to and under which law (registry/addressees.py): the rules an
editor's reading of the letters found wanting. Each builds its own small record from King's
Cross (tests/fixture_registry.py) and its own law rows beside the frozen table
(tests/fixtures/requests/), never the live entries/ or research/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_requests import KINGS_CROSS, rendered_letters, rendered_section, research_copy

from registry.addressees import addressees
from registry.law_words import law_summary
from registry.loader import load_file
from registry.schema import Entry

#: A law row whose regulator is a body a record may also name as a party (the Serbian row).
SERBIAN_COMMISSIONER = "Commissioner for Information of Public Importance and Personal Data Protection"
SERBIAN_LAW = f"""  - country: RS
    body_kinds: [police, public_body]
    law: Law on Free Access to Information of Public Importance
    citation: Official Herald of the RS, No. 120/2004
    send_to: The body's officer for information of public importance.
    regulator: {SERBIAN_COMMISSIONER}
    sources: [https://a.example/rs-law]
"""


def _record(country: str, operator: dict[str, Any], parties: list[dict[str, Any]], **place: Any) -> Entry:
    """King's Cross moved to `country`, run by `operator`, with `parties` (each cited by s1)."""
    data: dict[str, Any] = load_file(KINGS_CROSS).data
    data["id"] = country.lower() + "-x"
    data["place"] = {**data["place"], "country": country, "region": None, **place}
    data["operator"] = {**data["operator"], **operator}
    data["parties"] = [{"sources": ["s1"], **party} for party in parties]
    data["investigations"] = []
    return Entry.model_validate(data)


# --- Where to complain: never to the addressee itself ---


def test_a_regulator_written_to_is_not_told_to_complain_to_itself(tmp_path: Path) -> None:
    """Before: the Serbian commissioner's letter said "If it does not answer: Commissioner for
    Information of Public Importance and Personal Data Protection", the very body written to.
    The operator's letter still names it; a name with the row's gloss or abbreviation is the same
    body too."""
    entry = _record(
        "RS",
        {"name": "Ministry of Interior", "sector": "public", "kind": "police"},
        [{"name": SERBIAN_COMMISSIONER, "role": "oversight"}, {"name": "ICO", "role": "oversight"}],
    )
    gloss = SERBIAN_LAW.replace(f"regulator: {SERBIAN_COMMISSIONER}", "regulator: Office of the ICO (ICO)")
    research = research_copy(tmp_path, SERBIAN_LAW)
    found = {a.name: a.regulator for a in addressees(entry, research)}
    assert found == {
        "Ministry of Interior": SERBIAN_COMMISSIONER,
        SERBIAN_COMMISSIONER: None,
        "ICO": SERBIAN_COMMISSIONER,
    }
    found = {a.name: a.regulator for a in addressees(entry, research_copy(tmp_path, gloss))}
    assert found["ICO"] is None and found[SERBIAN_COMMISSIONER] == "Office of the ICO (ICO)"
    section = " ".join(rendered_section(tmp_path, entry, SERBIAN_LAW).split())
    assert section.count(f"If it does not answer {SERBIAN_COMMISSIONER}") == 2  # the ministry, the ICO


# --- A body the record shows is a state's or a city's is not asked "if you are federal" ---


def test_a_body_certainly_under_its_states_law_is_not_asked_if_it_is_federal(tmp_path: Path) -> None:
    """Before: a city police force under its state's law was asked "If you are one of the federal
    agencies, I also make it under the Freedom of Information Act": a state's records law binds
    a state's and a city's bodies, never the nation's, so a body certainly under it is none of
    the federal agencies. A body the table has no row of its state for still is asked so."""
    entry = _record(
        "US",
        {"name": "Detroit Police Department", "sector": "public", "kind": "police"},
        [],
        region="California",
    )
    (police,) = addressees(entry, research_copy(tmp_path))
    assert ([r.law for r in police.laws], police.conditional) == (["California Public Records Act"], ())
    assert "".join(w.text for w in law_summary(police)) == (
        "California Public Records Act (California Government Code § 7920.000 et seq.), in "
        "California, for police forces or state and local agencies."
    )
    (letter,) = rendered_letters(tmp_path, entry).values()
    assert "federal" not in letter
    florida = _record("US", {"name": "Miami Police Department", "sector": "public", "kind": "police"}, [])
    (police,) = addressees(florida, research_copy(tmp_path))
    assert ([r.law for r in police.conditional], police.laws) == (["Freedom of Information Act"], ())


def test_a_law_line_gives_a_certain_law_then_a_conditional_one(tmp_path: Path) -> None:
    """The two kinds of clause in one sentence, joined by a semicolon: a national row that
    covers the body's kind as such, then one that covers only some bodies of it."""
    extra = """  - country: GB
    body_kinds: [federal_agency]
    law: Example Agencies Act
    citation: Example Agencies Act 2001
    send_to: The agency.
    sources: [https://a.example/gb-agencies]
"""
    entry = _record("GB", {"name": "Op", "sector": "public", "kind": "police"}, [])
    (police,) = addressees(entry, research_copy(tmp_path, extra))
    assert "".join(w.text for w in law_summary(police)) == (
        "Freedom of Information Act 2000 (c. 36), section 1, for police forces or public bodies; "
        "if Op is one of the federal agencies: Example Agencies Act 2001."
    )

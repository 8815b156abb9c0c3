"""Who a records request goes to and under which law (registry/addressees.py): the rules an
editor's reading of the letters found wanting. Each builds its own small record from King's
Cross (tests/fixture_registry.py) and its own law rows beside the frozen table
(tests/fixtures/requests/), never the live entries/ or research/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_requests import KINGS_CROSS, rendered_letters, rendered_section, research_copy

from registry.addressees import addressees, named_region
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
        "if this body is one of the federal agencies: Example Agencies Act 2001."
    )


# --- A legislature, or a body only guessed to be the nation's, gets no law as certain ---

US_FOIA = "Freedom of Information Act"
GAO = "U.S. Government Accountability Office"


def test_a_body_only_guessed_to_be_a_federal_agency_gets_the_federal_law_on_condition(tmp_path: Path) -> None:
    """Before: the GAO, overseeing a federal agency, was written to "Under the Freedom of
    Information Act": FOIA covers the executive's agencies, and the GAO is Congress's. A party
    is the nation's by its name ("U.S. ...") or by overseeing a national operator, which says
    its level, not its branch (an audit office, a committee, an inspector general alike): the
    federal law is cited on condition. The operator, whose record gives its kind, keeps it certain."""
    entry = _record(
        "US",
        {"name": "U.S. Customs and Border Protection", "sector": "public", "kind": "border"},
        [
            {"name": GAO, "role": "oversight"},
            {"name": "DHS Office of Inspector General", "role": "oversight"},
        ],
    )
    found = {a.name: a for a in addressees(entry, research_copy(tmp_path))}
    assert {name: ([r.law for r in a.laws], [r.law for r in a.conditional]) for name, a in found.items()} == {
        "U.S. Customs and Border Protection": ([US_FOIA], []),
        GAO: ([], [US_FOIA]),
        "DHS Office of Inspector General": ([], [US_FOIA]),
    }
    assert all(a.category == "national" and a.skipped == () for a in found.values())  # no state's law
    letter = rendered_letters(tmp_path, entry)[GAO].splitlines()
    assert letter[2].endswith(
        ": if you are one of the federal agencies, under the Freedom of Information Act (5 U.S.C. § 552). "
        "Otherwise, please answer under the public records law that applies to you, or voluntarily."
    )
    assert not [line for line in letter if line.startswith("Under the")]


def test_a_body_named_as_a_legislature_gets_no_law_as_certain(tmp_path: Path) -> None:
    """A parliament, a congress or a senate is no body of an executive's law (the Philippine
    order covers the Executive Branch; FOIA, Canada's and Australia's acts, no parliament), and
    a records law that covers public bodies may or may not count its legislature among them: in
    any country, a body named as a legislature has each law cited on condition, as one that
    investigated has."""
    entry = _record(
        "GB",
        {"name": "Op", "sector": "public", "kind": "police"},
        [
            {"name": "House of Commons Science and Technology Committee", "role": "oversight"},
            {"name": "Information Commissioner's Office", "role": "oversight"},
        ],
    )
    found = {a.name: a for a in addressees(entry, research_copy(tmp_path))}
    committee = found["House of Commons Science and Technology Committee"]
    assert ([r.law for r in committee.laws], [r.law for r in committee.conditional]) == (
        [],
        ["Freedom of Information Act 2000"],
    )
    assert [r.law for r in found["Information Commissioner's Office"].laws] == [
        "Freedom of Information Act 2000"
    ]
    (parliament,) = addressees(
        _record("PH", {"name": "Senate of the Philippines", "sector": "public", "kind": "government"}, []),
        research_copy(tmp_path, PHILIPPINE_ORDER),
    )
    assert ([r.law for r in parliament.laws], [r.law for r in parliament.conditional]) == (
        [],
        ["Freedom of Information Order"],
    )


PHILIPPINE_ORDER = """  - country: PH
    body_kinds: [police, public_body]
    law: Freedom of Information Order
    citation: Executive Order No. 2, s. 2016
    send_to: The government office's FOI receiving officer.
    sources: [https://a.example/ph-order]
"""


# --- A body named for a province or state is none of the nation's agencies ---

ONTARIO_COMMISSIONER = "Information and Privacy Commissioner of Ontario"


def test_a_body_named_for_a_province_is_not_offered_the_federal_law(tmp_path: Path) -> None:
    """Before: Ontario's commissioner was written to "if you are one of the federal agencies"
    under Canada's Access to Information Act, which covers federal institutions only. A name
    that names one of the country's provinces or states (ISO 3166-2's, or a region of the law
    table) says the body's level: a law for federal agencies alone is not offered, and the
    table having no row for Ontario, the letter says so. Its commissioner of Canada, and the
    Toronto police, whose names say no level, are asked on condition as before."""
    entry = _record(
        "CA",
        {"name": "Toronto Police Service", "sector": "public", "kind": "police"},
        [
            {"name": ONTARIO_COMMISSIONER, "role": "oversight"},
            {"name": "Office of the Privacy Commissioner of Canada", "role": "oversight"},
            {
                "name": "Office of the Information and Privacy Commissioner for British Columbia",
                "role": "oversight",
            },
        ],
        region="Ontario",
    )
    found = {
        a.name: [r.law for r in a.laws + a.conditional] for a in addressees(entry, research_copy(tmp_path))
    }
    assert found == {
        "Toronto Police Service": ["Access to Information Act"],
        ONTARIO_COMMISSIONER: [],
        "Office of the Privacy Commissioner of Canada": ["Access to Information Act"],
        "Office of the Information and Privacy Commissioner for British Columbia": [],
    }
    section = " ".join(rendered_section(tmp_path, entry).split())
    own = section.split(f"To {ONTARIO_COMMISSIONER} (oversight body)", 1)[1].split(" To: ", 1)[0]
    assert "is one of the federal agencies" not in own
    assert (
        f"To {ONTARIO_COMMISSIONER} (oversight body) Law No row yet: the registry's law table has no "
        "law for this kind of body in Canada, so this letter names none."
    ) in section


def test_a_body_named_for_a_state_is_asked_under_that_states_law(tmp_path: Path) -> None:
    """A US image supplier named for California, in a Michigan record: California's law, on
    condition (the record does not say what kind of body it is), and not FOIA. A county or a
    city that shares a state's name (Washington County, Kansas City) names no state."""
    entry = _record(
        "US",
        {"name": "Detroit Police Department", "sector": "public", "kind": "police"},
        [
            {"name": "California Department of Justice", "role": "image_supplier"},
            {"name": "California City Council", "role": "image_supplier"},
        ],
        region="Michigan",
    )
    found = {a.name: a for a in addressees(entry, research_copy(tmp_path))}
    justice = found["California Department of Justice"]
    assert (justice.laws, [r.law for r in justice.conditional], justice.skipped) == (
        (),
        ["California Public Records Act"],
        (),
    )
    council = found["California City Council"]
    assert [r.law for r in council.conditional] == [US_FOIA]
    assert [r.region for r in council.skipped] == ["California"]


@pytest.mark.parametrize(
    ("name", "country", "region"),
    [
        ("Information and Privacy Commissioner of Ontario", "CA", "Ontario"),
        ("Office of the Information and Privacy Commissioner for British Columbia", "CA", "British Columbia"),
        ("West Virginia State Police", "US", "West Virginia"),  # not Virginia too
        ("Kansas City Police Department", "US", None),  # in Missouri
        ("Washington County Sheriff's Office", "US", None),  # in Oregon
        ("New York City Police Department", "US", None),
        ("Office of the Privacy Commissioner of Canada", "CA", None),
        ("Police of the state of Example", "US", None),
    ],
)
def test_the_region_a_name_names(name: str, country: str, region: str | None) -> None:
    assert named_region(name, country) == region
    assert named_region("Police of the state of Example", "US", frozenset({"Example"})) == "Example"

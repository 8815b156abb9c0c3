"""Who a records request goes to and under which law (registry/addressees.py): the rules an
editor's reading of the letters found wanting. Each builds its own small record from King's
Cross (tests/fixture_registry.py) and its own law rows beside the frozen table
(tests/fixtures/requests/), never the live entries/ or research/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_requests import KINGS_CROSS, rendered_section, research_copy

from registry.addressees import addressees
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

"""Who a records request goes to, and under which law: the bodies that could answer a record's unknowns.

The operator, each image supplier and each oversight body is an addressee. What kind of body
it is decides the law (`research/laws.yaml`): the operator's own `sector` and `kind` say it;
for another organisation the record has no sector, so an oversight body is taken as public
(regulators and commissioners are) and a name with a police word as a police force; any
other is "kind not known", and its letter says which law applies if it is a public body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from registry.research import LawRow, Research
from registry.schema import Entry

#: Words that make an organisation's name a police force's, in the registry's languages.
POLICE_WORDS = re.compile(
    r"\b(police|constabulary|polic[ií]a|polizei|politie|polis|polisen|policja|carabinieri|gendarmerie|sheriff)\b",
    re.I,
)

Category = str  # "police" | "public" | "private" | "unknown"


@dataclass(frozen=True)
class Addressee:
    """One body to write to, what it is to the deployment, and the laws that let anyone ask it."""

    name: str
    role: str  # operator | image supplier | oversight body
    category: Category
    laws: tuple[LawRow, ...]
    skipped: tuple[LawRow, ...]  # rows of the country for another region: named, not applied

    @property
    def voluntary(self) -> bool:
        """True for a private company: no records law obliges it; the letter asks it to answer."""
        return self.category == "private"

    @property
    def regulator(self) -> str | None:
        return next((row.regulator for row in self.laws if row.regulator), None)


def addressees(entry: Entry, research: Research) -> list[Addressee]:
    """The operator, then its image suppliers and oversight bodies, each once, in record order."""
    found = [_addressee(entry, research, entry.operator.name, "operator", _operator_category(entry))]
    for party in entry.parties:
        if party.role not in ("image_supplier", "oversight") or not isinstance(party.name, str):
            continue
        if any(a.name == party.name for a in found):
            continue
        role = "image supplier" if party.role == "image_supplier" else "oversight body"
        found.append(_addressee(entry, research, party.name, role, _party_category(party.name, party.role)))
    return found


def _operator_category(entry: Entry) -> Category:
    if entry.operator.sector == "private":
        return "private"
    if entry.operator.kind == "police" or POLICE_WORDS.search(entry.operator.name):
        return "police"
    return "public"


def _party_category(name: str, role: str) -> Category:
    if POLICE_WORDS.search(name):
        return "police"
    if role == "oversight":
        return "public"
    return "unknown"


#: The kinds of body in the law table each category may be: a US police force may be local or federal.
KINDS = {
    "police": {"police", "public_body", "federal_agency", "state_local_agency"},
    "public": {"public_body", "federal_agency", "state_local_agency"},
    "unknown": {"police", "public_body", "federal_agency", "state_local_agency", "private_company"},
    "private": {"private_company"},
}


def _addressee(entry: Entry, research: Research, name: str, role: str, category: Category) -> Addressee:
    wanted = KINDS[category]
    laws, skipped = [], []
    for row in research.laws_in(entry.place.country):
        if not wanted.intersection(row.body_kinds):
            continue
        if row.region is not None and row.region != entry.place.region:
            skipped.append(row)
            continue
        laws.append(row)
    return Addressee(name, role, category, tuple(laws), tuple(skipped))

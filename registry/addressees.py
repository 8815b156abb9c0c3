"""Who a records request goes to, and under which law: the bodies that could answer a record's unknowns.

The operator, each image supplier and each oversight body is an addressee, and so is a body
that investigated (a regulator, a prosecutor, a parliament, a police force reviewing) when an
open question is one it could answer (`questions.AUDIENCE`); it is taken as public, like an
oversight body, but only as a guess: its letter cites every law on condition ("if you are one
of the public bodies"), as the record does not say what it is (a parliament is no body of an
executive's law). What kind of body
it is decides the law (`research/laws.yaml`): the operator's own `sector` and `kind` say it;
for another organisation the record has no sector, so an oversight body is taken as public
(regulators and commissioners are) and a name with a police word as a police force; any
other is "kind not known", and its letter says which law applies if it is a public body.

A row is *certain* when it covers the body's kind as such (a UK police force: the Freedom of
Information Act 2000); it is *conditional* when it covers only some bodies of that kind (a US
police force may be federal, under FOIA, or local, under its state's law), and the letter then
says "if you are a federal agency"; but a body a state's row covers as such (a police force of a
state with a row) is a state's or a city's, and is offered no law for federal agencies only. An
oversight body or image supplier whose name names another country (the Office of the Australian
Information Commissioner in a US record) is asked under that country's laws, and so is one whose
record names its country (`country: FR` on the party: CNIL in a US company's record); the
record's word wins over the name's. An operator whose record names its country (a military
abroad) is asked under that country's laws. A body whose name names a province or state of its
country (`named_region`: "Information and Privacy Commissioner of Ontario") is that region's:
the region's rows apply to it, and no row for federal agencies alone.

A *national* body (a federal agency) is one of the country's government: a public operator
whose kind is border control (borders and immigration are a national power everywhere), or
any organisation named as the nation's ("U.S. ...", "United States ...", "... Federal ...").
An oversight body of a national operator in the same country is national too: a state or
province has no power over a federal agency. A state's or province's law is never offered to a
national body, not even as "also in". The table's rows for a national body's kind are certain
for a national operator, whose record gives its kind; for another organisation, its name or what
it oversees gives its level, not its branch (the U.S. Government Accountability Office, which
oversees federal agencies, is Congress's, and FOIA does not cover Congress), so they are cited
on condition. So is every row for a body named as a legislature (`LEGISLATIVE_WORDS`: a
parliament, a senate, a committee of a house), anywhere: whether a law for public bodies counts
a legislature among them differs from law to law.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from registry.questions import letter_questions, names_body, questions_for
from registry.research import LawRow, Research
from registry.schema import Entry

#: Words that make an organisation's name a police force's, in the registry's languages.
POLICE_WORDS = re.compile(
    r"\b(police|constabulary|polic[ií]a|polizei|politie|polis|polisen|policja|carabinieri|gendarmerie|sheriff)\b",
    re.I,
)

#: Words that name an organisation as the nation's own: "U.S. Customs and Border Protection",
#: "Federal Trade Commission", "Australian Federal Police".
NATIONAL_WORDS = re.compile(r"^(?:U\.S\.|United States)\s|\bFederal\b")

#: Words that name an organisation as a legislature or one of its parts, in the registry's
#: languages: no executive's law covers it for certain (FOIA, the Philippine order), and a law
#: for public bodies may or may not count it among them.
LEGISLATIVE_WORDS = re.compile(
    r"\b(parliament(?:ary)?|congress(?:ional)?|senate|legislat(?:ure|ive)|house of (?:representatives"
    r"|commons|lords|delegates)|national assembly|bundestag|bundesrat|landtag|riksdag|folketing(?:et)?"
    r"|storting(?:et)?|eduskunta|sejm|knesset|duma|parlamento?|parlement|congreso|senado|s[ée]nat)\b",
    re.I,
)

Category = str  # "national" | "police" | "public" | "private" | "unknown"


@dataclass(frozen=True)
class Addressee:
    """One body to write to, what it is to the deployment, and the laws that let anyone ask it."""

    name: str
    role: str  # operator | image supplier | oversight body
    category: Category
    country: str
    laws: tuple[LawRow, ...]  # certain: the row covers this kind of body as such
    own_data: tuple[LawRow, ...]  # rights of access to the requester's own personal data only
    conditional: tuple[LawRow, ...]  # the row covers some bodies of this kind (federal ones...)
    skipped: tuple[LawRow, ...]  # rows of the country for another region: named, not applied

    @property
    def voluntary(self) -> bool:
        """True for a private company: no records law obliges it; the letter asks it to answer."""
        return self.category == "private"

    @property
    def regulator(self) -> str | None:
        """Where to complain when it does not answer: its first row's regulator, unless that is
        the addressee itself (a commissioner written to is no body to complain to about itself)."""
        rows = self.laws + self.conditional + self.own_data
        found = (row.regulator for row in rows if row.regulator)
        return next((body for body in found if not is_same_body(self.name, body)), None)


#: A name's closing gloss in brackets, an English name or an abbreviation: "(ICO)", "(appeals
#: against refusals)", "(Open Government Act)". Law names have them too (registry.law_words).
GLOSS = re.compile(r"\s*\(([^()]*)\)$")


def is_same_body(name: str, regulator: str) -> bool:
    """True when a law row's `regulator` names the body `name`: the same words once a closing
    gloss and a leading "The" are set aside ("Information Commissioner (appeals against
    refusals)"), or its gloss is the name ("ICO" for "Information Commissioner's Office (ICO)")."""

    def bare(text: str) -> str:
        return GLOSS.sub("", text).removeprefix("The ").strip().casefold()

    gloss = GLOSS.search(regulator)
    return bare(name) == bare(regulator) or (gloss is not None and gloss[1].casefold() == name.casefold())


def addressees(entry: Entry, research: Research) -> list[Addressee]:
    """The operator, then its image suppliers and oversight bodies, each once, in record order;
    then each body that investigated and is none of those, if some open question is about its
    investigation (`questions.AUDIENCE` decides, through `letter_questions`). They come last
    so that the parties' letters keep their numbers (to-N) when an investigation is added."""
    country = entry.place.country
    operator = _operator_category(entry)
    own = entry.operator.country or country
    name = entry.operator.name
    region = _region(name, operator, own, research)
    found = [_addressee(entry, research, name, "operator", operator, own, _legislative(name), region)]
    for recipient in letter_recipients(entry):
        name, role = recipient.name, recipient.role
        category = _party_category(name, "image_supplier" if role == "image supplier" else "oversight")
        body_country = recipient.country or named_country(name) or country
        if role != "image supplier" and operator == "national" and body_country == country:
            category = "national"
        # The record says only that it investigated, or that it is the nation's (by its name, or
        # as it oversees a national operator), which is its level, not its branch: Congress's
        # audit office oversees federal agencies as their inspectors general do.
        guessed = role == INVESTIGATING or category == "national" or _legislative(name)
        region = _region(name, category, body_country, research)
        found.append(_addressee(entry, research, name, role, category, body_country, guessed, region))
    return found


def _region(name: str, category: Category, country: str, research: Research) -> str | None:
    """The province or state a body's name names (`named_region`), None for a national body."""
    if category == "national":
        return None
    regions = frozenset(row.region for row in research.laws_in(country) if row.region)
    return named_region(name, country, regions)


def _legislative(name: str) -> bool:
    """True for a name that names a legislature or a part of one (`LEGISLATIVE_WORDS`)."""
    return LEGISLATIVE_WORDS.search(name) is not None


#: What each party that gets a letter is to the deployment, as its letter says it ("To
#: Metropolitan Police Service (image supplier)") and as `questions.letter_questions` reads it.
LETTER_ROLES = {"image_supplier": "image supplier", "oversight": "oversight body"}
#: The role of a body written to about its own investigation, which is no such party.
INVESTIGATING = "investigating body"


@dataclass(frozen=True)
class Recipient:
    """An organisation a letter may go to besides the operator, and where the record names it."""

    at: tuple[str | int, ...]  # ("parties", 2, "name") or ("investigations", 1, "body")
    name: str
    role: str  # as its letter says it: image supplier, oversight body, investigating body
    country: str | None  # the record's word on its country (a party's `country`), if any


def letter_recipients(entry: Entry) -> list[Recipient]:
    """`other_recipients` without the investigating bodies that have nothing open about their
    investigation: those are no addressee at all (the page does not name them). The record's
    questions are found only when it has such a body."""
    others = other_recipients(entry)
    if all(other.role != INVESTIGATING for other in others):
        return others
    questions = questions_for(entry)
    return [
        other
        for other in others
        if other.role != INVESTIGATING or letter_questions(entry, questions, other.name, other.role)
    ]


def other_recipients(entry: Entry) -> list[Recipient]:
    """The organisations a letter may go to besides the operator: each named image supplier and
    oversight body, once per name, in record order; then each investigation's body that is none
    of those (nor a unit of one: `questions.names_body`). One gets a letter when some open
    question is one it could answer (`questions.letter_questions`)."""
    names = [entry.operator.name]
    found = []
    for index, party in enumerate(entry.parties):
        name = party.name
        if party.role in LETTER_ROLES and isinstance(name, str) and name not in names:
            names.append(name)
            found.append(Recipient(("parties", index, "name"), name, LETTER_ROLES[party.role], party.country))
    countries = {p.name: p.country for p in entry.parties if isinstance(p.name, str) and p.country}
    for index, investigation in enumerate(entry.investigations):
        body = investigation.body
        if not any(names_body(name, body) for name in names):
            names.append(body)
            at = ("investigations", index, "body")
            found.append(Recipient(at, body, INVESTIGATING, countries.get(body)))
    return found


def _operator_category(entry: Entry) -> Category:
    if entry.operator.sector == "private":
        return "private"
    if entry.operator.kind == "border" or NATIONAL_WORDS.search(entry.operator.name):
        return "national"
    if entry.operator.kind == "police" or POLICE_WORDS.search(entry.operator.name):
        return "police"
    return "public"


def _party_category(name: str, role: str) -> Category:
    # Only a body that oversees is the nation's by its name alone: an image supplier named
    # "U.S. Bank" or "Federal Signal Corporation" may be a private company.
    if role == "oversight" and NATIONAL_WORDS.search(name):
        return "national"
    if POLICE_WORDS.search(name):
        return "police"
    if role == "oversight":
        return "public"
    return "unknown"


#: The kinds of body in the law table each category may be: a US police force may be local or federal.
KINDS = {
    "national": {"police", "public_body", "federal_agency"},
    "police": {"police", "public_body", "federal_agency", "state_local_agency"},
    "public": {"public_body", "federal_agency", "state_local_agency"},
    "unknown": {"police", "public_body", "federal_agency", "state_local_agency", "private_company"},
    "private": {"private_company"},
}
#: The kinds that cover every body of a category: a row for any of these is certain.
CERTAIN = {
    "national": {"police", "public_body", "federal_agency"},
    "police": {"police"},
    "public": {"public_body"},
    "private": {"private_company"},
    "unknown": set(),
}


@cache
def named_country(name: str) -> str | None:
    """The country an organisation's name names ("of Canada", "Australian"), if exactly one.

    Kept per name: it tries some 250 country patterns, and the same bodies supply and oversee
    many records (every request page asks it of each of them).
    """
    found = {code for code, pattern in _COUNTRY_WORDS if pattern.search(name)}
    return found.pop() if len(found) == 1 else None


#: Country names that are also US states: "Georgia Bureau of Investigation" names no country.
AMBIGUOUS = frozenset({"Georgia", "Jersey"})


def _country_words() -> list[tuple[str, re.Pattern[str]]]:
    import pycountry

    words = []
    for country in pycountry.countries:
        names = {country.name, getattr(country, "common_name", country.name)}
        for n in names:
            if "," in n or "(" in n:
                continue
            stem = (
                re.escape(n[:-1]) + r"(?:" + re.escape(n[-1]) + r"|" + re.escape(n[-1]) + r"n|n)"
                if n.endswith("a")
                else re.escape(n)
            )
            if n in AMBIGUOUS:
                continue
            words.append((country.alpha_2, re.compile(rf"(?<!New )\b{stem}\b")))
    return words


_COUNTRY_WORDS = _country_words()


@cache
def named_region(name: str, country: str, table_regions: frozenset[str] = frozenset()) -> str | None:
    """The province or state of `country` an organisation's name names ("Information and Privacy
    Commissioner of Ontario", "California Department of Justice"), if exactly one: a top-level
    subdivision in ISO 3166-2 (pycountry's), or a region of the law table. A county or a city
    named like a state ("Washington County", "Kansas City", "New York City") names none, and a
    state inside a longer one's name is that one ("West Virginia", not "Virginia")."""
    found = {region for region, pattern in _region_words(country, table_regions) if pattern.search(name)}
    found = {region for region in found if not any(region != other and region in other for other in found)}
    return found.pop() if len(found) == 1 else None


@cache
def _region_words(country: str, table_regions: frozenset[str]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each region name of `country` and its pattern, made once per country (and table)."""
    import pycountry

    top = [sub.name for sub in pycountry.subdivisions.get(country_code=country) or () if not sub.parent_code]
    names = {_BRACKETS.sub("", name) for name in top if "," not in name} | table_regions
    return tuple((n, re.compile(rf"(?<!New )\b{re.escape(n)}\b{_NOT_A_TOWN}")) for n in sorted(names))


#: What follows a state's name in a town's or a county's: "Kansas City", "Washington County".
_NOT_A_TOWN = r"(?! (?:City|County)\b)"


#: A subdivision name's bracketed other names: "Wales [Cymru GB-CYM]".
_BRACKETS = re.compile(r"\s*\[[^]]*\]$")


def _addressee(
    entry: Entry,
    research: Research,
    name: str,
    role: str,
    category: Category,
    country: str,
    guessed: bool = False,
    region: str | None = None,
) -> Addressee:
    """The addressee `name` and the rows that apply to it. Where its kind is `guessed` (a body
    that investigated: the record gives no role, only its name; a party national only by its
    name or what it oversees; a legislature), no row is certain: each is cited on condition, as
    the Senate of the Philippines is no body of the Executive Branch that the Freedom of
    Information Order covers. Where its name names its `region` (a province, a state), that
    region's rows apply to it, and no law for federal agencies alone."""
    wanted, certain_kinds = KINDS[category], set() if guessed else CERTAIN[category]
    home = region or (entry.place.region if country == entry.place.country else None)
    laws, conditional, skipped, own = [], [], [], []
    for row in research.laws_in(country):
        if not wanted.intersection(row.body_kinds):
            continue
        if row.region is not None and category == "national":
            continue  # a state's law never binds the nation's own bodies
        if row.scope == "own_data":
            own.append(row)
        elif row.region is not None and row.region != home:
            skipped.append(row)
        elif certain_kinds.intersection(row.body_kinds):
            laws.append(row)
        else:
            conditional.append(row)
    if any(row.region for row in laws + conditional):
        skipped = []  # the record's own state has a row: the others are beside the point
    if region is not None or any(row.region for row in laws):
        conditional = [row for row in conditional if not _federal_only(row, wanted)]
        skipped = [] if region is not None else skipped  # its own state's law is the one
    return Addressee(
        name, role, category, country, tuple(laws), tuple(own), tuple(conditional), tuple(skipped)
    )


def _federal_only(row: LawRow, wanted: set[str]) -> bool:
    """True when, of the kinds a body may be, `row` covers federal agencies alone. Such a row is
    no condition that could hold for a body certainly under a state's or province's law (that
    law binds the region's bodies and its cities', never the nation's: a city police force is
    asked "if you are one of the federal agencies" no more), nor for one named for its province."""
    return wanted.intersection(row.body_kinds) <= {"federal_agency"}

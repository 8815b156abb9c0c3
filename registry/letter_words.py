"""How a records-request letter and its questions name the system they ask about.

A record's place is free text written for its page: its `name` may be a site ("King's Cross
Estate"), an area described ("Places where the mobile kit would be set up as needed"), the
people concerned ("People under mandatory home quarantine across Poland") or the operator
itself. Put after "at" in a question, most of those read wrong or say something false ("run
facial recognition at Afghanistan"), so the words are chosen from the place's `type`, which is
a controlled value, and the name is used only where the type says it names a site.

A letter must not say more than its record: where the record does not establish that the
system ever ran (`use_doubts`), the letter names it as attributed to its operator and says why
in doubt, and its questions ask on condition (`questions.IF_USED`).
"""

from __future__ import annotations

from registry.countries import country_in_sentence
from registry.schema import Entry
from registry.types import Unknown

#: Place types that name an area, not a site one could stand at: its name is often a description
#: ("Places where the mobile kit would be set up as needed", "People under mandatory home
#: quarantine across Poland"), so the letters say "in" the city, region or country instead.
AREA_TYPES = frozenset({"nationwide", "citywide", "other"})


def where_words(entry: Entry) -> str:
    """Where the system ran, as the questions and letters say it, with a space before it: " at"
    a named site, " in" the city, region or country of an area (a country by its name, never
    its place's description), and nothing for an online service, which runs at no place. A
    place named as the operator itself ("Toronto Police Service") names no site."""
    place = entry.place
    if place.type == "online":
        return ""
    if place.type == "nationwide":
        return " in " + country_in_sentence(place.country)
    if place.name and place.type not in AREA_TYPES and place.name != entry.operator.name:
        return f" at {place.name}"
    area = place.city or place.region
    return f" in {area}" if area else " in " + country_in_sentence(place.country)


#: Statuses that say the system has not run yet: only planned.
NOT_STARTED_STATUSES = frozenset({"planned"})


def use_doubts(entry: Entry) -> tuple[str, ...]:
    """Why the record does not establish that the system ever ran, as keys of `DOUBT_WORDS`:
    "alleged" (the evidence is an allegation), "denied" (the operator denies it),
    "not_started" (its start is not applicable, or its status is planned). Empty where the use
    is established: its letters then take the use as given, as they always did.

    An operator's unknown position (`denied: unknown`) is no doubt of itself: a record
    established by credible reporting stands, and its letter asks the operator to confirm."""
    doubts = []
    evidence = entry.evidence
    if evidence is not None and evidence.basis == "alleged":
        doubts.append("alleged")
    if evidence is not None and evidence.denied == "yes":
        doubts.append("denied")
    start = entry.timeline.start
    never = isinstance(start, Unknown) and start.unknown == "not_applicable"
    if never or entry.timeline.status in NOT_STARTED_STATUSES:
        doubts.append("not_started")
    return tuple(doubts)


#: What a letter says of each doubt, in brackets after the system it asks about.
DOUBT_WORDS = {
    "alleged": "this registry records its use as alleged",
    "denied": "{operator} denies using it",
    "not_started": "no source in this registry shows that it was ever used",
}


def letter_subject(entry: Entry) -> str:
    """What a letter asks about, as its first sentence names it: "the facial-recognition system
    at King's Cross Estate, operated by ..."; "... system operated by Clearview AI" online. A
    system whose use is in doubt is "attributed to" its operator, with the doubts in brackets:
    "... attributed to Macy's (this registry records its use as alleged; Macy's denies using it)"."""
    where = where_words(entry)
    doubts = use_doubts(entry)
    if doubts:
        said = "; ".join(DOUBT_WORDS[d].format(operator=entry.operator.name) for d in doubts)
        return f"the facial-recognition system{where} attributed to {entry.operator.name} ({said})"
    operated = f"operated by {entry.operator.name}"
    return (
        f"the facial-recognition system{where}, {operated}"
        if where
        else f"the facial-recognition system {operated}"
    )

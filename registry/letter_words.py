"""How a records-request letter and its questions name the system they ask about.

A record's place is free text written for its page: its `name` may be a site ("King's Cross
Estate"), an area described ("Places where the mobile kit would be set up as needed"), the
people concerned ("People under mandatory home quarantine across Poland") or the operator
itself. Put after "at" in a question, most of those read wrong or say something false ("run
facial recognition at Afghanistan"), so the words are chosen from the place's `type`, which is
a controlled value, and the name is used only where the type says it names a site.
"""

from __future__ import annotations

import re
from functools import cache

import pycountry

from registry.schema import Entry

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
        return " in " + country_words(place.country)
    if place.name and place.type not in AREA_TYPES and place.name != entry.operator.name:
        return f" at {place.name}"
    area = place.city or place.region
    return f" in {area}" if area else " in " + country_words(place.country)


def letter_subject(entry: Entry) -> str:
    """What a letter asks about, as its first sentence names it: "the facial-recognition system
    at King's Cross Estate, operated by ..."; "... system operated by Clearview AI" online."""
    where = where_words(entry)
    operated = f"operated by {entry.operator.name}"
    return (
        f"the facial-recognition system{where}, {operated}"
        if where
        else f"the facial-recognition system {operated}"
    )


#: Country names that take "the" in a sentence ("in the United States", "in the Philippines").
_THE = re.compile(
    r"^(?:United|Russian|Czech|Dominican|Central African)\b"
    r"|(?:Islands|Republic|Netherlands|Philippines|Bahamas|Maldives|Gambia)$"
)


@cache
def country_words(code: str) -> str:
    """A country as a sentence names it: "the United Kingdom", "Afghanistan", "the State of
    Palestine" (a list name with a comma, "Palestine, State of", reads in its official form)."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    if "," in name:
        name = getattr(country, "official_name", None) or name.split(",")[0]
    return name if name.startswith("the ") or not _THE.search(name) else "the " + name

"""How the registry names a country in its own words: short, and as a sentence says it.

ISO 3166-1 (through pycountry) gives names for lists, some of which no sentence uses:
"Palestine, State of" (an index's inverted form), "Russian Federation"; and English puts "the"
before some ("in the United States"). Pages, pictures and letters all name countries here.
"""

from __future__ import annotations

from functools import cache

import pycountry

#: Names ISO 3166-1 gives in a form no reader uses ("Palestine, State of"), nor any common_name.
_SHORT_NAMES = {
    "PS": "Palestine",
    "RU": "Russia",
    "CD": "Democratic Republic of the Congo",
    "FM": "Micronesia",
    "VG": "British Virgin Islands",
    "VI": "United States Virgin Islands",
    "VA": "Vatican City",
    "FK": "Falkland Islands",
}
#: Countries whose English name takes "the" inside a sentence ("in the United States").
_WITH_THE = frozenset(
    "AE AX BS CC CD CF CG CK DO FK FO GB GM IM IO KM KY MH MP MV NL PH SB SC TC TF UM US VG VI".split()
)


@cache
def country_name(code: str) -> str:
    """The English short name of an ISO 3166-1 code: `GB` -> `United Kingdom`."""
    if code in _SHORT_NAMES:
        return _SHORT_NAMES[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def country_in_sentence(code: str) -> str:
    """The country's name as a sentence says it: `US` -> `the United States`, `FR` -> `France`."""
    name = country_name(code)
    return f"the {name}" if code in _WITH_THE else name

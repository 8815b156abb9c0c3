"""The columns of the flat tables (registry.exports.tables): the `Column` type, the
`name type description` notation the tables are written in, and the deployments table's
columns, the widest, which the other exports describe too.

Why a module of its own: the deployments table is a quarter of the column docs; with the
notation beside it, registry.exports.tables stays a readable list of the tables.
"""

# ruff: noqa: E501  (one line per column: the column docs read as a table)
from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

from registry import urls, vocab


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless Table Schema type: string | integer | number
    description: str


def _one_of(values: tuple[str, ...]) -> str:
    return ", ".join(values[:-1]) + " or " + values[-1]


#: `{FrMode}` in a description lists that vocabulary's values, so they are written only in vocab.
_VOCAB = {
    name: _one_of(get_args(getattr(vocab, name)))
    for name in (
        "FrMode",
        "Status",
        "Sector",
        "CoordinatePrecision",
        "YesNo",
        "RecordStatus",
        "UnknownReason",
        "Qualifier",
        "DateQualifier",
        "EvidenceBasis",
        "PenaltyKind",
        "PenaltyStatus",
        "TitleKind",
        "Metric",
    )
}
#: `{entry_page}` in a description is a record's address, as registry.urls spells it.
_VOCAB["entry_page"] = urls.entry_page("<id>")


def parse_columns(spec: str) -> tuple[Column, ...]:
    """Parses `name type description` lines: the column docs read like a table in the source."""
    columns = []
    for line in spec.strip().splitlines():
        name, kind, description = line.split(None, 2)
        columns.append(Column(name, kind, description.format(**_VOCAB)))
    return tuple(columns)


DEPLOYMENT_COLUMNS = parse_columns("""
id string The record's permanent id; the page is /{entry_page}.
url string The record's page on the site.
title string The record's title.
summary string A plain-language summary of one to three sentences.
country string ISO 3166-1 alpha-2 code of the country (GB, FR...).
region string Region or state, when given.
city string City, when given.
place_name string The named place (an estate, a station, a venue), when given.
place_type string Kind of place, from the place-type vocabulary (street, transport_hub...).
latitude number Latitude in degrees, when coordinates are given.
longitude number Longitude in degrees, when coordinates are given.
coordinate_precision string How precise the coordinates are: {CoordinatePrecision}.
location_latitude number Where the map places the record: its coordinates, else its city's position in the gazetteer; empty when only the country is known.
location_longitude number Longitude of the same place.
location_precision string How precisely the map's location is known: {CoordinatePrecision}, or country.
location_source string Where the location comes from: entry (the sources' coordinates), gazetteer (the city's position among GeoNames places over 15,000 people) or country (no point).
operator string The organisation that runs the system.
operator_sector string {Sector}.
operator_kind string police, retail, transport, property... (operator-kind vocabulary).
vendors string JSON array of the vendors' names (an unknown vendor is left out).
products string JSON array of the products named for the vendors.
fr_mode string The kind of facial recognition (the first of fr_modes): {FrMode}.
fr_modes string JSON array of every kind of facial recognition used (since 1.1.0).
cameras integer Number of cameras running face recognition, when a single number is given; see cameras_qualifier.
cameras_qualifier string How exact cameras is: {Qualifier}, or range (then see cameras_min and cameras_max). Since 1.1.0.
cameras_min integer The smaller end of a range of cameras (since 1.1.0).
cameras_max integer The larger end of a range of cameras (since 1.1.0).
cameras_unknown string Why the number of cameras is unknown, when it is.
cameras_text string The number of cameras in words, as exact as the source: "about 200", "1,200 to 1,600" (since 1.1.0).
cameras_installed integer Number of cameras installed (where a source distinguishes them from those running face recognition). Since 1.1.0.
cameras_installed_qualifier string How exact cameras_installed is, as for cameras_qualifier (since 1.1.0).
cameras_installed_min integer The smaller end of a range of cameras installed (since 1.1.0).
cameras_installed_max integer The larger end of a range of cameras installed (since 1.1.0).
cameras_installed_unknown string Why the number of cameras installed is unknown, when it is (since 1.1.0).
human_review string Whether people reviewed matches: {YesNo}.
status string Deployment status: {Status}.
status_as_of string When the status was last known to be true (a partial date).
announced string When the deployment was first announced or reported (a partial date); may be after started.
announced_qualifier string approximate or inferred when the announcement date is not as published (since 1.1.0).
started string When the deployment began (a partial date).
started_unknown string Why the start date is unknown, when it is.
started_qualifier string approximate or inferred when the start date is not as published (since 1.1.0).
ended string When the deployment ended (a partial date).
ended_unknown string Why the end date is unknown, when it is.
ended_qualifier string approximate or inferred when the end date is not as published (since 1.1.0).
legal_basis string The legal basis as claimed, verbatim where possible.
legal_basis_unknown string Why the legal basis is unknown, when it is.
legal_basis_documented string Whether the legal basis was documented: {YesNo}.
dpia string Whether a data-protection impact assessment existed: {YesNo}.
dpia_published string Whether it was published: {YesNo}.
signage string Whether the public was told (signs, notices): {YesNo}.
watchlists integer Number of watchlists recorded.
images_supplied_by string JSON array of every organisation that supplied watchlist images.
images_received_by string JSON array of every organisation that received watchlist images.
outcomes_unknown string Why outcomes are unknown, when they are (empty when outcomes are recorded).
events integer Number of events, dated or not.
investigations integer Number of investigations and regulatory actions.
litigation integer Number of court cases.
sources integer Number of sources.
evidence_basis string How the deployment's existence is established: {EvidenceBasis} (since 1.1.0; empty for records that do not say).
operator_denies string Whether the operator denies using face recognition: {YesNo} (since 1.1.0).
evidence_notice string The notice shown at the top of the page of an alleged or denied deployment, such as "Alleged and denied: what this record describes is reported by its sources but not established; X denies it." (since 1.1.0; worded so since 1.5.1).
unknowns_not_recorded integer How many facts of the record are unknown because no record of them was kept, by the operator or another body (since 1.2.0).
unknowns_withheld integer How many facts are unknown because they were withheld or redacted (since 1.2.0).
unknowns_not_requested integer How many facts are unknown because nobody has asked yet (since 1.2.0).
unknowns_not_found integer How many facts are unknown because research found nothing published (since 1.2.0). Like the other unknowns_ columns, it counts facts of the deployment that a records request could ask about: an unknown date of a source, for one, is not counted.
unknowns_unanswered integer How many yes/no facts (human review, impact assessment, signage...) are answered unknown (since 1.2.0).
key_facts_unknown integer How many of the record's key facts are unknown: legal basis, impact assessment, signage, human review, outcomes, watchlist size and retention, cameras, start and end (since 1.2.0).
key_facts_total integer How many of those key facts the record has a place for (since 1.2.0).
last_reviewed string When a person last checked the facts against the sources.
first_published string Day the record first appeared on the registry (from git; empty without history).
last_changed string Day of the record's latest revision (from git; empty without history).
revision string Short commit id of the record's latest revision (empty without history).
""")

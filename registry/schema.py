"""The pydantic models of a deployment record: what an entry file may say, and nothing more.

Every model is strict (an unknown key is an error, so a typo never vanishes) and frozen.
Types come from `registry.types`, allowed values from `registry.vocab`. Every factual group
carries `sources`, a list of source ids such as `s1`; the checks make sure each one resolves
and each source is cited. Where a fact is not known the record says so with an `Unknown`
(`{unknown: not_recorded, note: ...}`), never with a blank.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from registry import vocab
from registry.dates import PartialDate
from registry.types import (
    Cites,
    Count,
    CountryCode,
    CurrencyCode,
    EntryId,
    LanguageCode,
    Latitude,
    Line,
    Longitude,
    OptionalCites,
    OrUnknown,
    SourceId,
    StatementId,
    Text,
    Unknown,
    Url,
)

SCHEMA_VERSION = "1"


class StrictModel(BaseModel):
    """Base of every model.

    Why: `extra="forbid"` turns a misspelt key into an error instead of silently dropping
    the fact; `frozen` lets records be shared between stages without defensive copies.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)


class Withdrawal(StrictModel):
    """Why a record was withdrawn. Its page stays, as a tombstone that says this."""

    date: PartialDate
    reason: Text


class Record(StrictModel):
    """The record's own state, as opposed to the deployment's."""

    status: vocab.RecordStatus = "published"
    withdrawn: Withdrawal | None = None
    merged_into: EntryId | None = None
    last_reviewed: PartialDate = Field(
        description="When a person last checked the facts against the sources (not the last edit)."
    )


class Coordinates(StrictModel):
    """A point, honest about how precise it is. Why: a city-level location must never be drawn as a camera."""

    lat: Latitude
    lon: Longitude
    precision: vocab.CoordinatePrecision


class Place(StrictModel):
    country: CountryCode
    region: Line | None = None
    city: Line | None = None
    name: Line | None = Field(None, description="The named place: an estate, a street, a venue.")
    type: vocab.PlaceType
    coordinates: Coordinates | None = None
    note: Text | None = None
    sources: Cites


class Operator(StrictModel):
    """The organisation that runs the system."""

    name: Line
    sector: vocab.Sector
    kind: vocab.OperatorKind
    note: Text | None = None
    sources: Cites


class Party(StrictModel):
    """Another organisation with a role: site owner, vendor, image supplier, oversight body..."""

    name: OrUnknown[Line]
    role: vocab.PartyRole
    product: Line | None = Field(None, description="The product, for a vendor, if known.")
    note: Text | None = None
    sources: Cites


class System(StrictModel):
    fr_mode: vocab.FrMode
    cameras: OrUnknown[Count] | None = None
    matching_location: Text | None = Field(None, description="Where the matching ran.")
    access: Text | None = Field(None, description="Who could use or see the system.")
    purpose: Text | None = Field(None, description="The stated purpose, quoted where possible.")
    human_review: vocab.YesNo = "unknown"
    note: Text | None = None
    sources: Cites


class Period(StrictModel):
    start: PartialDate
    end: PartialDate | None = None
    note: Text | None = None


class Timeline(StrictModel):
    status: vocab.Status
    as_of: PartialDate = Field(description="When the status was last known to be true.")
    status_note: Text | None = None
    announced: PartialDate | None = None
    start: OrUnknown[PartialDate]
    end: OrUnknown[PartialDate] | None = None
    periods: list[Period] = Field(
        default_factory=list, description="Operational periods, when use was not continuous."
    )
    sources: Cites


class Event(StrictModel):
    date: PartialDate
    type: vocab.EventType
    actor: Line | None = None
    summary: Text
    sources: Cites


class Size(StrictModel):
    count: Count
    as_of: PartialDate | None = None


class Agreement(StrictModel):
    """The arrangement under which images were shared."""

    kind: Line
    documented: vocab.YesNo = "unknown"
    published: vocab.YesNo = "unknown"
    note: Text | None = None


class Watchlist(StrictModel):
    """One watchlist: who compiled it, whose images flowed to whom, how many, under what agreement."""

    name: Line
    compiled_by: OrUnknown[Line]
    supplied_by: list[Line] = Field(default_factory=list)
    received_by: list[Line] = Field(default_factory=list)
    criteria: Text | None = Field(None, description="Who could be put on it, verbatim where possible.")
    size: OrUnknown[Size]
    period: Period | None = None
    source_databases: list[Line] = Field(default_factory=list)
    agreement: Agreement | None = None
    retention: OrUnknown[Text] | None = None
    sources: Cites


class DataFlow(StrictModel):
    """Data other than watchlist images moving between organisations (alerts, match data)."""

    supplier: Line
    recipient: Line
    what: Text
    period: Period | None = None
    sources: Cites


class Legal(StrictModel):
    basis: OrUnknown[Text] = Field(description="The legal basis as claimed, verbatim where possible.")
    basis_documented: vocab.YesNo = "unknown"
    dpia: vocab.YesNo = Field("unknown", description="Did a data-protection impact assessment exist?")
    dpia_published: vocab.YesNo = "unknown"
    signage: vocab.YesNo = Field("unknown", description="Was the public told (signs, notices)?")
    note: Text | None = None
    sources: Cites


class Measure(StrictModel):
    """One reported number. Raw counts only; the site computes rates."""

    metric: vocab.Metric
    value: OrUnknown[Count]
    period: Period | None = None
    note: Text | None = None
    sources: Cites


class Harm(StrictModel):
    summary: Text
    sources: Cites


class Outcomes(StrictModel):
    summary: Text | None = None
    measures: list[Measure] = Field(default_factory=list)
    harms: list[Harm] = Field(default_factory=list)
    sources: OptionalCites = Field(default_factory=list)


class Fine(StrictModel):
    amount: Count
    currency: CurrencyCode


class Investigation(StrictModel):
    body: Line
    opened: PartialDate | None = None
    closed: PartialDate | None = None
    status: vocab.InvestigationStatus
    outcome: OrUnknown[Text]
    fine: Fine | None = None
    sources: Cites


class Litigation(StrictModel):
    case: Line
    court: Line
    citation: Line | None = None
    filed: PartialDate | None = None
    decided: PartialDate | None = None
    outcome: OrUnknown[Text]
    sources: Cites


class PoliticalAction(StrictModel):
    actor: Line
    date: PartialDate
    type: vocab.PoliticalActionType
    summary: Text
    sources: Cites


class Statement(StrictModel):
    """A public statement; one later contradicted points at the statement that contradicts it."""

    id: StatementId
    by: Line
    date: PartialDate
    text: Text
    verbatim: vocab.YesNo = "no"
    contradicted_by: list[StatementId] = Field(default_factory=list)
    sources: Cites


class Response(StrictModel):
    """A named organisation's reply to this record (right of reply), shown as its own block."""

    by: Line
    date: PartialDate
    text: Text
    sources: OptionalCites = Field(default_factory=list)


class Correction(StrictModel):
    """A correction to the record: a date and a one-line summary, never the removed text."""

    date: PartialDate
    summary: Text


class Source(StrictModel):
    """A document that supports claims. Without a URL it needs a title, a publisher and a date."""

    id: SourceId
    url: Url | None = None
    title: Line
    publisher: Line
    author: Line | None = None
    published: OrUnknown[PartialDate] | None = None
    accessed: PartialDate | None = None
    archive_url: Url | None = None
    type: vocab.SourceType
    language: LanguageCode = "en"
    supports: Text | None = Field(None, description="What this source supports, in a few words.")


class Entry(StrictModel):
    """One facial-recognition deployment: the whole content of `entries/<cc>/<id>.yaml`."""

    schema_version: Literal["1"]
    id: EntryId
    title: Line
    summary: Text
    record: Record
    aliases: list[EntryId] = Field(default_factory=list, description="Earlier ids; each becomes a redirect.")
    related: list[EntryId] = Field(default_factory=list)
    place: Place
    operator: Operator
    parties: list[Party] = Field(default_factory=list)
    system: System
    timeline: Timeline
    events: list[Event] = Field(default_factory=list)
    watchlists: list[Watchlist] = Field(default_factory=list)
    data_flows: list[DataFlow] = Field(default_factory=list)
    legal: Legal
    outcomes: OrUnknown[Outcomes]
    investigations: list[Investigation] = Field(default_factory=list)
    litigation: list[Litigation] = Field(default_factory=list)
    political_actions: list[PoliticalAction] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    responses: list[Response] = Field(default_factory=list)
    corrections: list[Correction] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1, max_length=50)

    @property
    def country(self) -> str:
        return self.place.country

    @property
    def content_is_shown(self) -> bool:
        """Only a published record shows its content; withdrawn, merged and under-review ones
        show a notice at the same address, and their old values are never repeated anywhere."""
        return self.record.status == "published"

    @property
    def history_is_shown(self) -> bool:
        """A record under review hides its history and feed too; every other record keeps them."""
        return self.record.status != "under_review"

    @property
    def public_title(self) -> str:
        """The title readers see: the record's own, or a notice for one whose content is not shown."""
        if self.content_is_shown:
            return self.title
        return f"{vocab.RECORD_STATUS_LABELS[self.record.status]}: record {self.id}"

    @property
    def vendors(self) -> list[Party]:
        return [p for p in self.parties if p.role == "vendor"]


__all__ = ["Entry", "SCHEMA_VERSION", "StrictModel", "Unknown", "PartialDate"]

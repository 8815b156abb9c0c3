"""The pydantic models of a deployment record: what an entry file may say, and nothing more.

Every model is strict (an unknown key is an error, so a typo never vanishes) and frozen.
Types come from `registry.types`, allowed values from `registry.vocab`. Every factual group
carries `sources`, a list of source ids such as `s1`; the checks make sure each one resolves
and each source is cited. Where a fact is not known the record says so with an `Unknown`
(`{unknown: not_recorded, note: ...}`), never with a blank.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from registry import vocab
from registry.dates import PartialDate
from registry.qualified import Amount, DateLike, QualifiedDate, Quantity
from registry.schema_followup import (  # noqa: F401 (re-exported: the checks import them from here)
    Correction,
    Fine,
    Investigation,
    Litigation,
    Penalty,
    PoliticalAction,
    Response,
    Statement,
)
from registry.types import (
    Cites,
    CountryCode,
    EntryId,
    LanguageCode,
    Latitude,
    Line,
    Longitude,
    OptionalCites,
    OrUnknown,
    SourceId,
    StrictModel,
    Text,
    Unknown,
    Url,
    decimal_as_written,
)

SCHEMA_VERSION = "1.1"
"""What new entries write. Both "1" and "1.1" are accepted, with every field of 1.1 under
either; only "1.1" requires `evidence` (a check, so old files stay valid unchanged)."""


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
    country: CountryCode | None = Field(
        None,
        description="The operator's country when it is not the record's own (a military abroad): "
        "its letter cites that country's laws.",
    )
    note: Text | None = None
    sources: Cites


class Party(StrictModel):
    """Another organisation with a role: site owner, vendor, image supplier, oversight body..."""

    name: OrUnknown[Line]
    role: vocab.PartyRole
    product: OrUnknown[Line] | None = Field(None, description="The product, for a vendor, if known.")
    country: CountryCode | None = Field(
        None,
        description="The organisation's country when it is not the record's own (a foreign "
        "regulator or image supplier): its letters cite that country's laws.",
    )
    note: Text | None = None
    sources: Cites


class System(StrictModel):
    """What the system is and does. Exactly one of `fr_mode` (1.0) and `fr_modes` is given."""

    fr_mode: vocab.FrMode | None = None
    fr_modes: list[vocab.FrMode] | None = Field(None, min_length=1)
    cameras: OrUnknown[Amount] | None = None
    cameras_installed: OrUnknown[Amount] | None = None
    matching_location: Text | None = Field(None, description="Where the matching ran.")
    access: Text | None = Field(None, description="Who could use or see the system.")
    purpose: Text | None = Field(None, description="The stated purpose, quoted where possible.")
    human_review: vocab.YesNo = "unknown"
    note: Text | None = None
    sources: Cites

    @property
    def modes(self) -> list[str]:
        """Every mode, whichever of the two fields gave them."""
        if self.fr_modes:
            return list(self.fr_modes)
        return [self.fr_mode] if self.fr_mode else []


class Period(StrictModel):
    start: PartialDate
    end: PartialDate | None = None
    note: Text | None = None


class Timeline(StrictModel):
    status: vocab.Status
    as_of: PartialDate = Field(description="When the status was last known to be true.")
    status_note: Text | None = None
    announced: DateLike | None = Field(
        None, description="When it was first announced or reported; may be after the start."
    )
    start: OrUnknown[DateLike]
    end: OrUnknown[DateLike] | None = None
    periods: list[Period] = Field(
        default_factory=list,
        description=(
            "Operational periods, when use was not continuous. List every one the sources give: "
            "the years wholly between two periods are not counted as years of use."
        ),
    )
    sources: Cites


class Event(StrictModel):
    date: OrUnknown[DateLike]
    type: vocab.EventType
    actor: Line | None = None
    summary: Text
    sources: Cites


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
    received_by: OrUnknown[list[Line]] = Field(default_factory=list)
    criteria: Text | None = Field(None, description="Who could be put on it, verbatim where possible.")
    size: OrUnknown[Amount]
    period: Period | None = None
    source_databases: OrUnknown[list[Line]] = Field(default_factory=list)
    agreement: Agreement | None = None
    retention: OrUnknown[Text] | None = None
    note: Text | None = None
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


Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False), BeforeValidator(decimal_as_written)]


class Measure(StrictModel):
    """One reported number: a count (`value`), a published percentage (`percent`), or both.

    A rate is a count with its base: `value: 8, out_of: 42, out_of_metric: alerts` is shown
    "8 of 42 alerts (19%)". The site computes the percentage only from exact counts.
    """

    metric: vocab.Metric
    value: OrUnknown[Amount] | None = None
    percent: Percent | None = None
    out_of: Amount | None = None
    out_of_metric: Line | None = None
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


class Source(StrictModel):
    """A document that supports claims. Without a URL it needs a title, a publisher and a date."""

    id: SourceId
    url: Url | None = None
    title: Line
    title_kind: vocab.TitleKind = "published"
    publisher: Line
    original_publisher: Line | None = Field(
        None, description="The original outlet, when this copy is syndicated or republished."
    )
    author: Line | None = None
    published: OrUnknown[DateLike] | None = None
    accessed: PartialDate | None = None
    archive_url: Url | None = None
    type: vocab.SourceType
    language: LanguageCode = "en"
    supports: Text | None = Field(None, description="What this source supports, in a few words.")


class Evidence(StrictModel):
    """How the deployment's existence is established, and whether the operator denies it.

    Why: the registry records alleged and denied systems too; a reader must see that at once.
    """

    basis: vocab.EvidenceBasis
    denied: vocab.YesNo = "unknown"
    note: Text | None = None
    sources: Cites


class Entry(StrictModel):
    """One facial-recognition deployment: the whole content of `entries/<cc>/<id>.yaml`."""

    schema_version: Literal["1", "1.1"]
    id: EntryId
    title: Line
    summary: Text
    record: Record
    evidence: Evidence | None = None
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
    def contested(self) -> bool:
        """An alleged deployment, or one its operator denies: said at the top of every view of it."""
        e = self.evidence
        return e is not None and (e.basis == "alleged" or e.denied == "yes")

    @property
    def vendors(self) -> list[Party]:
        return [p for p in self.parties if p.role == "vendor"]


__all__ = [
    "Entry",
    "SCHEMA_VERSION",
    "StrictModel",
    "Unknown",
    "PartialDate",
    "QualifiedDate",
    "Quantity",
]

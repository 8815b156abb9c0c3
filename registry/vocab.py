"""Every controlled vocabulary of the registry, defined once.

The models, the checks, the templates, the JSON Schema and CONTRIBUTING.md all read from here,
so an allowed value is added in exactly one place. Each vocabulary is a `Literal` type (what
pydantic validates and the JSON Schema lists) and a label table (what the site prints). The
values are spelled exactly as contributors write them in YAML.
"""

from __future__ import annotations

from typing import Literal, get_args

RecordStatus = Literal["published", "withdrawn", "merged", "under_review"]
RECORD_STATUS_LABELS = {
    "published": "Published",
    "withdrawn": "Withdrawn",
    "merged": "Merged into another record",
    "under_review": "Under review",
}

Status = Literal["planned", "trial", "active", "paused", "ended", "blocked", "unknown"]
STATUS_LABELS = {
    "planned": "Planned",
    "trial": "Trial",
    "active": "Active",
    "paused": "Paused",
    "ended": "Ended",
    "blocked": "Blocked by a court or regulator",
    "unknown": "Unknown",
}

#: Statuses of a deployment not ended by its status date: with no end date the timeline table
#: says "no end recorded", never "not ended" of today (solid bar: IN_USE_STATUSES only).
OPEN_STATUSES = frozenset({"planned", "trial", "active", "paused"})
#: Statuses under which a deployment with no end date is known to have been in use up to its
#: status date. Under any other (paused, ended with no end date, blocked, unknown) only its
#: start year is certain, so only that year counts as "in use" (never more than the sources).
IN_USE_STATUSES = frozenset({"trial", "active"})
#: Statuses that say the system had been used on the public by its status date
#: (checks.dates.check_started_by_as_of). Not `planned` (a start may be foreseen), `blocked`
#: (it may have been prevented from starting) or `unknown` (it says nothing about use).
STARTED_STATUSES = IN_USE_STATUSES | {"paused", "ended"}

Sector = Literal["public", "private", "mixed"]
SECTOR_LABELS = {"public": "Public", "private": "Private", "mixed": "Public-private"}

OperatorKind = Literal[
    "police",
    "government",
    "border",
    "transport",
    "retail",
    "property",
    "venue",
    "stadium",
    "school",
    "vendor",
    "nonprofit",
    "other",
]
OPERATOR_KIND_LABELS = {
    "police": "Police",
    "government": "Government",
    "border": "Border and immigration",
    "transport": "Transport",
    "retail": "Retail",
    "property": "Property owner or manager",
    "venue": "Entertainment venue",
    "stadium": "Stadium",
    "school": "School or university",
    "vendor": "Technology vendor",
    "nonprofit": "Non-profit organisation",
    "other": "Other",
}

PartyRole = Literal[
    "site_owner",
    "site_manager",
    "vendor",
    "integrator",
    "image_supplier",
    "alert_recipient",
    "funder",
    "oversight",
    "evaluator",
    "user",
    "other",
]
PARTY_ROLE_LABELS = {
    "site_owner": "Site owner",
    "site_manager": "Site manager",
    "vendor": "Vendor",
    "integrator": "Integrator",
    "image_supplier": "Image supplier",
    "alert_recipient": "Alert recipient",
    "funder": "Funder",
    "oversight": "Oversight body",
    "evaluator": "Evaluator",
    "user": "User of the system",
    "other": "Other",
}

PlaceType = Literal[
    "private_public_space",
    "transport_hub",
    "retail",
    "venue",
    "stadium",
    "street",
    "event",
    "school",
    "airport",
    "border",
    "citywide",
    "nationwide",
    "online",
    "other",
]
PLACE_TYPE_LABELS = {
    "private_public_space": "Privately owned public space",
    "transport_hub": "Transport hub",
    "retail": "Shops",
    "venue": "Entertainment venue",
    "stadium": "Stadium",
    "street": "Public street",
    "event": "Public event",
    "school": "School",
    "airport": "Airport",
    "border": "Border crossing",
    "citywide": "Across a city",
    "nationwide": "Across a country",
    "online": "Online (images collected from the web)",
    "other": "Other",
}

CoordinatePrecision = Literal["exact", "street", "site", "city", "region"]
COORDINATE_PRECISION_LABELS = {
    "exact": "Exact camera position",
    "street": "Street",
    "site": "Site",
    "city": "City",
    "region": "Region",
}
#: What coordinates of each precision mark, for "marked at the street its sources give"
#: (registry.location.Location.words).
COORDINATE_PRECISION_MARKS = {
    "exact": "camera position",
    "street": "street",
    "site": "site",
    "city": "city",
    "region": "region",
}

FrMode = Literal[
    "live", "retrospective", "operator_initiated", "verification", "attendance", "analytics", "unknown"
]
FR_MODE_LABELS = {
    "live": "Live facial recognition",
    "retrospective": "Retrospective facial recognition",
    "operator_initiated": "Operator-initiated (phone app)",
    "verification": "One-to-one verification",
    "attendance": "Attendance registration",
    "analytics": "Facial analytics such as age or gender estimation (no identification)",
    "unknown": "Unknown",
}

EventType = Literal[
    "announcement",
    "first_use",
    "deployment",
    "media_exposure",
    "investigation_opened",
    "investigation_closed",
    "fine",
    "court_ruling",
    "statement",
    "correction",
    "policy_change",
    "discontinuation",
    "foi_request",
    "lawsuit_filed",
    "complaint",
    "other",
]
EVENT_TYPE_LABELS = {
    "announcement": "Announcement",
    "first_use": "First use",
    "deployment": "Deployment",
    "media_exposure": "Media exposure",
    "investigation_opened": "Investigation opened",
    "investigation_closed": "Investigation closed",
    "fine": "Fine",
    "court_ruling": "Court ruling",
    "statement": "Statement",
    "correction": "Correction",
    "policy_change": "Policy change",
    "discontinuation": "Discontinued",
    "foi_request": "Freedom-of-information request",
    "lawsuit_filed": "Lawsuit filed",
    "complaint": "Complaint to a regulator",
    "other": "Other",
}

InvestigationStatus = Literal["open", "closed", "unknown"]
INVESTIGATION_STATUS_LABELS = {"open": "Open", "closed": "Closed", "unknown": "Unknown"}

PoliticalActionType = Literal[
    "question", "letter", "report", "motion", "instruction", "hearing", "bill", "other"
]
POLITICAL_ACTION_TYPE_LABELS = {
    "question": "Question",
    "letter": "Letter",
    "report": "Report",
    "motion": "Motion",
    "instruction": "Instruction",
    "hearing": "Hearing",
    "bill": "Bill or law",
    "other": "Other",
}

SourceType = Literal[
    "official_statement",
    "official_report",
    "regulator",
    "court",
    "foi_response",
    "parliamentary",
    "news",
    "ngo_report",
    "operator",
    "vendor",
    "academic",
    "law_firm",
    "blog",
    "database",
    "opinion",
    "legal_commentary",
    "court_document",
]
SOURCE_TYPE_LABELS = {
    "official_statement": "Official statement",
    "official_report": "Official report",
    "regulator": "Regulator",
    "court": "Court",
    "foi_response": "Freedom-of-information response",
    "parliamentary": "Parliamentary record",
    "news": "News",
    "ngo_report": "NGO report",
    "operator": "Operator",
    "vendor": "Vendor",
    "academic": "Academic",
    "law_firm": "Law firm commentary",
    "blog": "Blog post",
    "database": "Incident database",
    "opinion": "Opinion piece",
    "legal_commentary": "Legal commentary",
    "court_document": "Court document",
}

UnknownReason = Literal["not_recorded", "withheld", "not_requested", "not_found", "not_applicable"]
UNKNOWN_REASON_LABELS = {
    # Not "by the operator": the body may be another (King's Cross: the Met); no field says.
    "not_recorded": "No record kept",
    "withheld": "Withheld or redacted",
    "not_requested": "Not yet requested",
    "not_found": "Researched; nothing published",
    "not_applicable": "Not applicable",
}

# Contract 1.1: how exact a number or a date is, penalties, titles and the record's footing.
Qualifier = Literal["exact", "approximate", "at_least", "at_most"]
QUALIFIER_LABELS = {"exact": "Exact", "approximate": "About", "at_least": "At least", "at_most": "At most"}

DateQualifier = Literal["exact", "approximate", "inferred"]
DATE_QUALIFIER_LABELS = {
    "exact": "As published",
    "approximate": "Approximate",
    "inferred": "Inferred (not stated by the source)",
}

PenaltyKind = Literal["fine", "periodic_penalty", "order", "ban", "reprimand", "other"]
PENALTY_KIND_LABELS = {
    "fine": "Fine",
    "periodic_penalty": "Periodic penalty payment",
    "order": "Order",
    "ban": "Ban",
    "reprimand": "Reprimand",
    "other": "Other",
}

PenaltyStatus = Literal["imposed", "under_appeal", "reduced", "overturned", "paid", "unknown"]
PENALTY_STATUS_LABELS = {
    "imposed": "Imposed",
    "under_appeal": "Under appeal",
    "reduced": "Reduced",
    "overturned": "Overturned",
    "paid": "Paid",
    "unknown": "Status unknown",
}

TitleKind = Literal["published", "descriptive"]
TITLE_KIND_LABELS = {
    "published": "The title as published",
    "descriptive": "A descriptive title written by the researchers (shown in [brackets])",
}

EvidenceBasis = Literal["admitted", "official_documents", "court_documents", "credible_reporting", "alleged"]
EVIDENCE_BASIS_LABELS = {
    "admitted": "Admitted by the operator",
    "official_documents": "Established by official documents",
    "court_documents": "Established by court documents",
    "credible_reporting": "Established by credible reporting",
    "alleged": "Alleged, not established",
}

Metric = Literal[
    "faces_scanned",
    "alerts",
    "true_alerts",
    "false_alerts",
    "interventions",
    "arrests",
    "searches",
    "people_enrolled",
    "images_in_database",
]
METRIC_LABELS = {
    "faces_scanned": "Faces scanned",
    "alerts": "Alerts",
    "true_alerts": "True alerts",
    "false_alerts": "False alerts",
    "interventions": "Interventions",
    "arrests": "Arrests",
    "searches": "Searches run",
    "people_enrolled": "People enrolled",
    "images_in_database": "Images in the database",
}

YesNo = Literal["yes", "no", "unknown"]
YES_NO_LABELS = {"yes": "Yes", "no": "No", "unknown": "Unknown"}

RedactionReason = Literal["privacy", "legal", "safety"]

#: Every vocabulary by the name CONTRIBUTING.md and the docs test use for it.
VOCABULARIES: dict[str, dict[str, str]] = {
    "record.status": RECORD_STATUS_LABELS,
    "status": STATUS_LABELS,
    "sector": SECTOR_LABELS,
    "operator kind": OPERATOR_KIND_LABELS,
    "party role": PARTY_ROLE_LABELS,
    "place type": PLACE_TYPE_LABELS,
    "coordinate precision": COORDINATE_PRECISION_LABELS,
    "fr_mode": FR_MODE_LABELS,
    "event type": EVENT_TYPE_LABELS,
    "investigation status": INVESTIGATION_STATUS_LABELS,
    "political action type": POLITICAL_ACTION_TYPE_LABELS,
    "source type": SOURCE_TYPE_LABELS,
    "unknown reason": UNKNOWN_REASON_LABELS,
    "metric": METRIC_LABELS,
    "yes/no": YES_NO_LABELS,
    "qualifier": QUALIFIER_LABELS,
    "date qualifier": DATE_QUALIFIER_LABELS,
    "penalty kind": PENALTY_KIND_LABELS,
    "penalty status": PENALTY_STATUS_LABELS,
    "title kind": TITLE_KIND_LABELS,
    "evidence basis": EVIDENCE_BASIS_LABELS,
}


def _assert_labels_cover_literals() -> None:
    """Fails at import if a Literal and its label table drift apart (a value with no label)."""
    pairs = [
        (RecordStatus, RECORD_STATUS_LABELS),
        (Status, STATUS_LABELS),
        (Sector, SECTOR_LABELS),
        (OperatorKind, OPERATOR_KIND_LABELS),
        (PartyRole, PARTY_ROLE_LABELS),
        (PlaceType, PLACE_TYPE_LABELS),
        (CoordinatePrecision, COORDINATE_PRECISION_LABELS),
        (FrMode, FR_MODE_LABELS),
        (EventType, EVENT_TYPE_LABELS),
        (InvestigationStatus, INVESTIGATION_STATUS_LABELS),
        (PoliticalActionType, POLITICAL_ACTION_TYPE_LABELS),
        (SourceType, SOURCE_TYPE_LABELS),
        (UnknownReason, UNKNOWN_REASON_LABELS),
        (Metric, METRIC_LABELS),
        (YesNo, YES_NO_LABELS),
        (Qualifier, QUALIFIER_LABELS),
        (DateQualifier, DATE_QUALIFIER_LABELS),
        (PenaltyKind, PENALTY_KIND_LABELS),
        (PenaltyStatus, PENALTY_STATUS_LABELS),
        (TitleKind, TITLE_KIND_LABELS),
        (EvidenceBasis, EVIDENCE_BASIS_LABELS),
    ]
    for literal, labels in pairs:
        if tuple(labels) != get_args(literal):
            raise AssertionError(f"labels out of step with {literal}: {tuple(labels)}")


_assert_labels_cover_literals()

"""Every unknown in a record, found and turned into one plain question for the body that knows.

`QUESTIONS` maps each field that can be unknown (an `Unknown`, or a yes/no answered
`unknown`) to the question a records request asks about it, phrased for that field. A few
fields are facts about a publication or a court, not about the deployment; they map to None
and are never asked. `tests/test_requests.py` walks the models and fails on any field that
can be unknown and has no entry here, so a new field cannot reach the site without wording.

Placeholders: {operator} the operator's name, {place} the place, {item} the name of the
watchlist, party, measure, investigation or case the field belongs to.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from registry import vocab
from registry.schema import Entry
from registry.text import clause
from registry.types import Unknown

QUESTIONS: dict[str, str | None] = {
    "evidence.denied": "Does {operator} use, or has it used, facial recognition at {place}?",
    "parties.name": "Which organisation acted as {item} for the system at {place}?",
    "parties.product": "Which product did {item} supply for the system at {place}?",
    "system.cameras": "How many cameras at {place} ran facial recognition?",
    "system.cameras_installed": (
        "How many cameras were installed at {place}, with or without facial recognition?"
    ),
    "system.human_review": "Did a person review each match before anyone acted on it?",
    "timeline.start": "On what date did facial recognition start at {place}?",
    "timeline.end": "On what date did facial recognition at {place} stop, if it has?",
    "events.date": "On what date did this happen: {item}?",
    "watchlists.compiled_by": "Who compiled the watchlist \u201c{item}\u201d?",
    "watchlists.received_by": (
        "Which organisations received the images on the watchlist \u201c{item}\u201d?"
    ),
    "watchlists.size": "How many images or people were on the watchlist \u201c{item}\u201d?",
    "watchlists.source_databases": "From which databases were the images on \u201c{item}\u201d taken?",
    "watchlists.retention": (
        "How long were the images on \u201c{item}\u201d kept, and when were they deleted?"
    ),
    "watchlists.agreement.documented": (
        "Was the agreement under which the images on \u201c{item}\u201d were shared written down? "
        "Please provide a copy."
    ),
    "watchlists.agreement.published": "Was the agreement for \u201c{item}\u201d published, and where?",
    "legal.basis": (
        "On what legal basis did {operator} run facial recognition at {place}, "
        "and on what basis were images shared?"
    ),
    # Standing alone: the questions are sorted, so the legal basis's own question may be far
    # away, or absent (a record that gives the basis but not whether it is written down).
    "legal.basis_documented": (
        "Is the legal basis on which {operator} ran facial recognition at {place} set out in a "
        "document? Please provide a copy."
    ),
    "legal.dpia": "Was a data protection impact assessment carried out? Please provide a copy.",
    "legal.dpia_published": "Was the data protection impact assessment published, and where?",
    "legal.signage": (
        "Were people at {place} told that facial recognition was in use (signs, notices)? "
        "Please describe them."
    ),
    "outcomes": "How many matches did the system make, and what action followed each?",
    "outcomes.measures.value": "What was the figure for this measure: {item}?",
    # The body's name leads, as a label: inside a sentence most names want "the" ("the
    # investigation by the Information Commissioner's Office") and some must not have it
    # ("by Facewatch", "by Ofcom"), which a name alone does not tell.
    "investigations.opened": "Investigation by {item}: when was it opened?",
    "investigations.closed": "Investigation by {item}: when was it closed?",
    "investigations.outcome": "Investigation by {item}: what was its outcome? Please provide its findings.",
    "investigations.penalties.date": "Sanction imposed by {item}: on what date was it imposed?",
    "litigation.case": "What is the name of the case about this system ({item})?",
    "litigation.court": "In which court was the case about this system heard ({item})?",
    "litigation.filed": "When was the case about this system filed ({item})?",
    "litigation.decided": "When was the case about this system decided ({item})?",
    "litigation.outcome": "What was the outcome of the case about this system ({item})?",
    # Facts about a public statement, a political action or a source: asked of nobody.
    "political_actions.date": None,
    "statements.date": None,
    "statements.verbatim": None,
    "sources.published": None,
}
"""The question for each field that can be unknown; None where no body is asked."""


#: The questions asked first, in this order: what a reader most needs answered (the legal
#: basis, the matches and what followed, how long images were kept); the rest follow in the
#: record's own order.
FIRST = (
    "legal.basis",
    "outcomes",
    "watchlists.retention",
    "watchlists.size",
    "legal.dpia",
    "legal.signage",
    "system.human_review",
)


@dataclass(frozen=True)
class Question:
    """One question a request asks: the field it comes from and its words."""

    path: str
    text: str
    reason: str  # the unknown's reason, or "unknown" for a yes/no answered unknown
    requested: Any = None  # the records request already recorded on the unknown, if any


def unknown_paths(model: type[BaseModel] = Entry, prefix: str = "") -> Iterator[str]:
    """Every dotted field path under `model` whose value may be unknown (list indices dropped)."""
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        annotation = info.annotation
        if _can_be_unknown(annotation):
            yield path
        for inner in _models_in(annotation):
            if inner is not Unknown:
                yield from unknown_paths(inner, path + ".")


def _members(annotation: Any) -> Iterator[Any]:
    """The annotation and everything nested in it (unions, lists, Annotated)."""
    yield annotation
    for arg in get_args(annotation):
        yield from _members(arg)


def _can_be_unknown(annotation: Any) -> bool:
    for member in _members(annotation):
        if member is Unknown:
            return True
        if get_origin(member) is typing.Literal and get_args(member) == get_args(vocab.YesNo):
            return True
    return False


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    found = []
    for member in _members(annotation):
        if isinstance(member, type) and issubclass(member, BaseModel) and member not in found:
            found.append(member)
    return found


def record_unknowns(entry: Entry) -> tuple[tuple[str, Any, str], ...]:
    """Every unknown in one record: (field path, the value, the name of the item it belongs to).

    Found once per record: its entry page, history page and request page each ask (their
    request link, its questions and the transparency figures), one after the other, and a
    walk of the whole record took a quarter of rendering them. Records are frozen, so the
    last one's answer is kept, with the record itself so it is never mistaken for another.
    """
    global _LAST
    last = _LAST
    if last is not None and last[0] is entry:
        return last[1]
    found = tuple(_walk(entry, "", ""))
    _LAST = (entry, found)
    return found


#: The last record `record_unknowns` walked, and what it found.
_LAST: tuple[Entry, tuple[tuple[str, Any, str], ...]] | None = None


def _walk(model: BaseModel, prefix: str, item: str) -> Iterator[tuple[str, Any, str]]:
    for name in type(model).model_fields:
        value = getattr(model, name)
        path = f"{prefix}{name}"
        if isinstance(value, Unknown) or (value == "unknown" and path in QUESTIONS):
            yield path, value, item
        elif isinstance(value, BaseModel):
            yield from _walk(value, path + ".", item)
        elif isinstance(value, list):
            for element in value:
                if isinstance(element, BaseModel):
                    yield from _walk(element, path + ".", _item_name(element) or item)


def _item_name(model: BaseModel) -> str:
    """The words that name a list item in its question (a watchlist's name, a party's role...)."""
    # The model's fields, not getattr with a default: a missing attribute costs pydantic an
    # exception each time, and this is asked of every list item of every record.
    fields = type(model).model_fields
    for attribute in ("name", "body", "summary"):
        value = getattr(model, attribute) if attribute in fields else None
        if isinstance(value, str):
            return value
    if "role" in fields:
        return vocab.PARTY_ROLE_LABELS[model.role].lower()
    if "metric" in fields:
        return vocab.METRIC_LABELS[model.metric].lower()
    case = model.case if "case" in fields else None
    return case if isinstance(case, str) else ""


def questions_for(entry: Entry) -> list[Question]:
    """The record's questions, in the record's order, one per unknown (not-applicable ones skipped)."""
    place = entry.place.name or entry.place.city or entry.place.region or "the site"
    asked: list[Question] = []
    seen: set[str] = set()
    for path, value, item in record_unknowns(entry):
        words = QUESTIONS.get(path)
        reason = value.unknown if isinstance(value, Unknown) else "unknown"
        if words is None or reason == "not_applicable":
            continue
        text = words.format(operator=entry.operator.name, place=place, item=clause(item) if item else "it")
        if text in seen:
            continue
        seen.add(text)
        asked.append(Question(path, text, reason, getattr(value, "requested", None)))
    return sorted(asked, key=lambda q: FIRST.index(q.path) if q.path in FIRST else len(FIRST))

"""Every unknown in a record, found and turned into one plain question for the body that knows.

`QUESTIONS` maps each field that can be unknown (an `Unknown`, or a yes/no answered
`unknown`) to the question a records request asks about it, phrased for that field. A few
fields are facts about a publication or a court, not about the deployment; they map to None
and are never asked. `tests/test_requests.py` walks the models and fails on any field that
can be unknown and has no entry here, so a new field cannot reach the site without wording.

Placeholders: {operator} the operator's name, {shared} the clause that asks on what basis
images or data were passed on (`question_forms.SHARED`), empty for a record whose data names no
sharing (`question_forms.shares`: no watchlist that passed between organisations, no data
flow), {item} the name of the watchlist, party, measure, investigation or case the field
belongs to (an unnamed party by its role: "the system's vendor").

No question names the place: a record's `place.name` is free text, most often a description
("Investigation of the G20 summit riots of July 2017", "Areas of Greater Manchester, ...",
"Bali regional police area (G20 summit, 2022); a rollout ... planned"), and put after "at" or
"in" it read wrong or said more than the record. The system is "the system": the letter's
first sentence names it once, by its record's title (`letter_words.letter_subject`), and the
questions listed on the record's page stand under that record.

Where the record's own data shows that these words would say more than it does, other words
are used, or the question is left out: the tables of `registry/question_forms.py` (`IF_USED`,
`WITHOUT_IDENTIFICATION`, `NOT_ASKED`), keyed by the same field paths.

`AUDIENCE` says, for the same fields, which letters ask each question (`letter_questions`):
a body asked about another's records answers that it holds none, so each letter asks only
what its addressee could hold. The same test fails on a field without an audience.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from registry import vocab
from registry.letter_words import use_doubts
from registry.question_forms import (
    DESCRIBED_WATCHLIST,
    IF_KNOWN,
    IF_USED,
    NOT_ASKED,
    PARTY_BY_ROLE,
    SHARED,
    USED_AT_ALL,
    WITHOUT_IDENTIFICATION,
    described_watchlist,
    identifies,
    names_body,
    shares,
    unnamed_watchlist,
)
from registry.schema import Entry
from registry.text import clause
from registry.types import Unknown

QUESTIONS: dict[str, str | None] = {
    # Asked where the record establishes the use: the operator's own word is what is missing.
    "evidence.denied": "Does {operator} confirm that it uses, or has used, the system?",
    "parties.name": "Which organisation was {item}?",
    "parties.product": "Which product did {item} supply?",
    "system.cameras": "How many cameras ran facial recognition?",
    "system.cameras_installed": (
        "How many cameras were installed for the system, whether or not they ran facial recognition?"
    ),
    "system.human_review": "Did a person review each match before anyone acted on it?",
    "timeline.start": "On what date was the system first used?",
    "timeline.end": "On what date did the use of the system stop, if it has?",
    "events.date": "On what date did this happen: {item}?",
    "watchlists.compiled_by": "Who compiled the watchlist \u201c{item}\u201d?",
    "watchlists.received_by": (
        "Which organisations received the images on the watchlist \u201c{item}\u201d?"
    ),
    "watchlists.size": "How many images or people were on the watchlist \u201c{item}\u201d?",
    "watchlists.source_databases": (
        "From which databases were the images on the watchlist \u201c{item}\u201d taken?"
    ),
    "watchlists.retention": (
        "How long were the images on the watchlist \u201c{item}\u201d kept, and when were they deleted?"
    ),
    "watchlists.agreement.documented": (
        "Was the agreement under which the images on the watchlist \u201c{item}\u201d were shared "
        "written down? Please provide a copy."
    ),
    "watchlists.agreement.published": "Was the agreement for \u201c{item}\u201d published, and where?",
    "legal.basis": "On what legal basis did {operator} run the system{shared}?",
    # Standing alone: the questions are sorted, so the legal basis's own question may be far
    # away, or absent (a record that gives the basis but not whether it is written down).
    "legal.basis_documented": (
        "Is the legal basis on which {operator} ran the system set out in a document? Please provide a copy."
    ),
    "legal.dpia": "Was a data protection impact assessment carried out? Please provide a copy.",
    "legal.dpia_published": "Was the data protection impact assessment published, and where?",
    "legal.signage": (
        "Were people told that facial recognition was in use (signs, notices)? Please describe them."
    ),
    "outcomes": "How many matches did the system make, and what action followed each?",
    "outcomes.measures.value": "What was the figure for {item}?",
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

#: Who may be asked a question, in `AUDIENCE`: the operator (whatever it ran, it holds);
OPERATOR = "operator"
#: an addressee the question's item names (`Question.named`): a watchlist's compiler, supplier
#: or recipient, an investigation's body (and its sanctions'), a party, an event's actor;
NAMED = "named"
#: every image supplier: the legal basis question asks on what basis images were passed on;
SUPPLIER = "image supplier"
#: an oversight body or a body that investigated the system, which may hold what an operator
#: files with a regulator (its basis, its impact assessment) or reports (matches), or what its
#: investigation gathered; its own investigation's questions (and a court's, its own case's)
#: reach it through NAMED.
OVERSEER = "overseer"

_CONDUCT = frozenset({OPERATOR})
_ITEM = frozenset({OPERATOR, NAMED})
_FILED = frozenset({OPERATOR, OVERSEER})

AUDIENCE: dict[str, frozenset[str]] = {
    "evidence.denied": _CONDUCT,
    "parties.name": _ITEM,  # the party is unnamed: in practice the operator alone
    "parties.product": _ITEM,
    "system.cameras": _CONDUCT,
    "system.cameras_installed": _CONDUCT,
    "system.human_review": _CONDUCT,
    "timeline.start": _CONDUCT,
    "timeline.end": _CONDUCT,
    "events.date": _ITEM,
    "watchlists.compiled_by": _ITEM,
    "watchlists.received_by": _ITEM,
    "watchlists.size": _ITEM,
    "watchlists.source_databases": _ITEM,
    "watchlists.retention": _ITEM,
    "watchlists.agreement.documented": _ITEM,
    "watchlists.agreement.published": _ITEM,
    "legal.basis": frozenset({OPERATOR, SUPPLIER, OVERSEER}),
    "legal.basis_documented": _FILED,
    "legal.dpia": _FILED,
    "legal.dpia_published": _CONDUCT,  # whether the operator published it: its own act
    "legal.signage": _CONDUCT,
    "outcomes": _FILED,
    "outcomes.measures.value": _CONDUCT,
    "investigations.opened": _ITEM,
    "investigations.closed": _ITEM,
    "investigations.outcome": _ITEM,
    "investigations.penalties.date": _ITEM,
    # The parties to a case are not in the record: the operator, whose system it is about, and
    # the court named, where it is an addressee (Delhi High Court, an oversight party).
    "litigation.case": _ITEM,
    "litigation.court": _ITEM,
    "litigation.filed": _ITEM,
    "litigation.decided": _ITEM,
    "litigation.outcome": _ITEM,
    "political_actions.date": frozenset(),
    "statements.date": frozenset(),
    "statements.verbatim": frozenset(),
    "sources.published": frozenset(),
}
"""Which letters ask each field's question; empty exactly where `QUESTIONS` asks nobody."""


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
    named: tuple[str, ...] = ()  # the organisations its item names (AUDIENCE's NAMED)


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


#: One unknown of a record: its field path, its value, the name of the item it belongs to, and
#: the organisations that item names.
Found = tuple[str, Any, str, tuple[str, ...]]


def record_unknowns(entry: Entry) -> tuple[Found, ...]:
    """Every unknown in one record: (field path, the value, the name of the item it belongs to,
    the organisations that item names).

    Found once per record: its entry page, history page and request page each ask (their
    request link, its questions and the transparency figures), one after the other, and a
    walk of the whole record took a quarter of rendering them. Records are frozen, so the
    last one's answer is kept, with the record itself so it is never mistaken for another.
    """
    global _LAST
    last = _LAST
    if last is not None and last[0] is entry:
        return last[1]
    found = tuple(_walk(entry, "", "", ()))
    _LAST = (entry, found)
    return found


#: The last record `record_unknowns` walked, and what it found.
_LAST: tuple[Entry, tuple[Found, ...]] | None = None


def _walk(model: BaseModel, prefix: str, item: str, named: tuple[str, ...]) -> Iterator[Found]:
    for name in type(model).model_fields:
        value = getattr(model, name)
        path = f"{prefix}{name}"
        if isinstance(value, Unknown) or (value == "unknown" and path in QUESTIONS):
            yield path, value, item, named
        elif isinstance(value, BaseModel):
            yield from _walk(value, path + ".", item, named)
        elif isinstance(value, list):
            for element in value:
                if isinstance(element, BaseModel):
                    # A sanction names nothing itself: it is its investigation's body's.
                    inner = _item_name(element) or item, organisations(element) or named
                    yield from _walk(element, path + ".", *inner)


#: The fields of a list item that name organisations who may hold its records: a watchlist's
#: compiler, suppliers and recipients, an investigation's body, an event's actor, a case's court.
_NAMING = ("compiled_by", "supplied_by", "received_by", "body", "actor", "court")


def organisations(model: BaseModel) -> tuple[str, ...]:
    """The organisations a list item names (a party names itself), known names only: for the
    letters' audiences, and for `check`'s rule on the body a records request names."""
    fields = type(model).model_fields
    found: list[str] = []
    for attribute in _NAMING:
        value = getattr(model, attribute) if attribute in fields else None
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            found += [name for name in value if isinstance(name, str)]
    if "role" in fields and isinstance(model.name, str):  # a party
        found.append(model.name)
    return tuple(dict.fromkeys(found))  # a supplier is often its watchlist's compiler too


def _item_name(model: BaseModel) -> str:
    """The words that name a list item in its question (a watchlist's name, a party's role...)."""
    # The model's fields, not getattr with a default: a missing attribute costs pydantic an
    # exception each time, and this is asked of every list item of every record.
    fields = type(model).model_fields
    for attribute in ("name", "body", "summary"):
        value = getattr(model, attribute) if attribute in fields else None
        if isinstance(value, str):
            return value
    if "role" in fields:  # a party whose name is unknown: by its role, as a question says it
        return PARTY_BY_ROLE[model.role]
    if "metric" in fields:
        return vocab.METRIC_LABELS[model.metric].lower()
    if "case" in fields:  # a case by its name, else by its court: two cases are two questions
        if isinstance(model.case, str):
            return model.case
        return f"in {model.court}" if isinstance(model.court, str) else ""
    return ""


def questions_for(entry: Entry) -> list[Question]:
    """The record's questions, in the record's order, one per unknown (not-applicable ones, and
    those `NOT_ASKED` leaves out, skipped). Where the use is in doubt, whether the system was
    used at all comes first, and the questions that take the use as given are asked on
    condition (`IF_USED`).

    Two items may ask the same words (two investigations by one body): asked once, of every
    organisation either names.
    """
    doubted, identifying = bool(use_doubts(entry)), identifies(entry)
    shared = SHARED if shares(entry) else ""
    found: dict[str, tuple[Question, dict[str, None]]] = {}  # by its words: it, and who is named
    for path, value, item, named in record_unknowns(entry):
        words = WITHOUT_IDENTIFICATION.get(path) if not identifying else None
        words = words or (IF_USED.get(path) if doubted else None) or _if_known(entry, path)
        words = words or QUESTIONS.get(path)
        reason = value.unknown if isinstance(value, Unknown) else "unknown"
        if words is None or reason == "not_applicable" or (path in NOT_ASKED and NOT_ASKED[path](entry)):
            continue
        if not item:  # nothing names it: "the case about this system", not "... (it)"
            words = words.replace(" ({item})", "")
        item_words = clause(item) if item else "it"
        if path.startswith("watchlists.") and unnamed_watchlist(item):  # a placeholder, no name
            words, item_words = described_watchlist(words), DESCRIBED_WATCHLIST
        text = words.format(operator=entry.operator.name, shared=shared, item=item_words)
        if text not in found:
            found[text] = Question(path, text, reason, getattr(value, "requested", None)), {}
        found[text][1].update(dict.fromkeys(named))
    lead = USED_AT_ALL.format(operator=entry.operator.name)
    if doubted and lead not in found:  # the operator denies it: asked all the same, and first
        found[lead] = Question("evidence.denied", lead, "unknown"), {}
    asked = [replace(question, named=tuple(names)) for question, names in found.values()]
    return sorted(asked, key=lambda q: _rank(q, doubted))


def _if_known(entry: Entry, path: str) -> str | None:
    """The conditional words of a question whose premise the record does not know (`IF_KNOWN`)."""
    if path not in IF_KNOWN:
        return None
    premise, words = IF_KNOWN[path]
    return words if getattr(entry.legal, premise) == "unknown" else None


def _rank(question: Question, doubted: bool) -> int:
    """Where a question goes: whether the system was used at all first, where that is in doubt;
    then `FIRST`; then the rest, in the record's order (the sort is stable)."""
    if doubted and question.path == "evidence.denied":
        return -1
    return FIRST.index(question.path) if question.path in FIRST else len(FIRST)


def letter_questions(entry: Entry, questions: list[Question], name: str, role: str) -> list[Question]:
    """The questions of `questions` that the letter to `name` asks, `role` being what it is to
    the deployment (operator, image supplier, oversight body or investigating body): those whose
    `AUDIENCE` takes it in, in the same order. An oversight body and a body that investigated
    are asked alike: what an overseer may hold, and what the items naming them ask."""
    return [q for q in questions if _asks(AUDIENCE[q.path], q.named, name, role)]


def _asks(audience: frozenset[str], named: tuple[str, ...], name: str, role: str) -> bool:
    if role == "operator":
        return OPERATOR in audience
    if NAMED in audience and any(names_body(name, other) for other in named):
        return True
    if role == "image supplier":
        return SUPPLIER in audience
    return OVERSEER in audience

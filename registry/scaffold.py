"""`registry new`: start an entry file that `registry check` then turns into a to-do list.

The file is written as text, not through `dump_yaml`, so that its guidance comments survive.
Every section is present: facts nobody has looked for yet are explicit unknowns
(`unknown: not_requested`), and everything the contributor must supply is a quoted
placeholder starting with `TODO` that carries its own hint. `check_no_placeholders` reports
each one as "still says TODO: replace it with <hint>", so the first `registry check` lists
exactly what remains, and the file passes once those lines are filled in.
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from string import Template
from typing import get_args

from pydantic import TypeAdapter, ValidationError

from registry import vocab
from registry.entries import ENTRIES_DIR, find_entry_files, is_regular_file
from registry.errors import LoadError, RegistryError
from registry.loader import load_file
from registry.text import slugify
from registry.types import CountryCode, EntryId, Line

#: Words that make ids longer without telling records apart.
_FILLER = frozenset(
    (
        "the of and for at in on a an "
        "ltd limited plc inc llc lp co company corporation corp group partnership"
    ).split()
)
_MAX_ID_WORDS_CHARS = 50


def run(args: argparse.Namespace) -> int:
    """Runs `registry new`: asks for what the flags did not give, writes the file, says what next."""
    root = Path(args.root).resolve()
    ask = _asker()
    country = _country(args.country or ask("Country code (two letters, such as GB)", None, "country"))
    operator = _line("operator", args.operator or ask("Operator (who runs it)", None, "operator"))
    place = _line("place", args.place or ask("Place (such as King's Cross Estate)", None, "place"))
    title = args.title or ask("Title", f"{operator} facial recognition at {place}", "title")
    title = _line("title", title)
    entry_id = args.id
    if entry_id is None:
        proposed = propose_id(country, operator, place, title)
        interactive = not (args.country and args.operator and args.place and args.title)
        entry_id = (
            ask("Record id (the file name; it never changes)", proposed, "id") if interactive else proposed
        )
    path = new_entry(root, country, operator, place, title, entry_id)
    rel = path.relative_to(root).as_posix()
    print(f"created {rel}")
    print(f"Replace every value that starts with TODO, then run: registry check {rel}")
    return 0


def new_entry(root: Path, country: str, operator: str, place: str, title: str, entry_id: str) -> Path:
    """Writes `entries/<cc>/<id>.yaml` under `root` and returns its path; refuses a taken id."""
    entry_id = _valid_id(entry_id, country)
    taken = taken_ids(root)
    if entry_id in taken:
        raise RegistryError(f"the id '{entry_id}' is taken ({taken[entry_id]}); choose another with --id")
    path = root / ENTRIES_DIR / country.lower() / f"{entry_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as out:
        out.write(render_scaffold(entry_id, country, operator, place, title))
    return path


def propose_id(country: str, operator: str, place: str, title: str) -> str:
    """Returns `<cc>-<words>` from the operator and place (or the title when they have no Latin letters).

    A dash of any kind (an en dash, an em dash) parts two words as a space does: `slugify`
    drops what is not Latin, so "Évry–Courcouronnes" made one word, "evrycourcouronnes".
    """
    for text in (f"{operator} {place}", title):
        words: list[str] = []
        spaced = "".join(" " if unicodedata.category(char) == "Pd" else char for char in text)
        for token in spaced.split():
            word = slugify(token)
            for part in word.split("-"):
                if part and not word.startswith("n-") and part not in _FILLER and part not in words:
                    words.append(part)
        slug = ""
        for word in words:
            if len(slug) + len(word) + 1 > _MAX_ID_WORDS_CHARS:
                break
            slug = f"{slug}-{word}" if slug else word
        if slug:
            return f"{country.lower()}-{slug}"
    raise RegistryError("cannot make an id from these names; give one with --id, such as gb-example-place")


def taken_ids(root: Path) -> dict[str, str]:
    """Returns every id and alias in use under `root/entries/`, with the file that uses it.

    Reads the files with the loader only (no schema), so a broken entry elsewhere does not
    stop anyone from starting a new one.
    """
    taken: dict[str, str] = {}
    for path in find_entry_files(root):
        rel = path.relative_to(root).as_posix()
        taken.setdefault(path.stem, rel)
        if not is_regular_file(path):  # a folder or a named pipe: `check` names it; never opened
            continue
        try:
            data = load_file(path).data
        except LoadError:
            continue
        aliases = data.get("aliases")
        for alias in aliases if isinstance(aliases, list) else []:
            if isinstance(alias, str):
                taken.setdefault(alias, f"an alias in {rel}")
    return taken


def render_scaffold(entry_id: str, country: str, operator: str, place: str, title: str) -> str:
    """Returns the text of a new entry file with guidance comments and TODO placeholders."""
    return _TEMPLATE.substitute(
        id=entry_id,
        path=f"{ENTRIES_DIR}/{country.lower()}/{entry_id}.yaml",
        country=country,
        title=_quoted(title),
        operator=_quoted(operator),
        place=_quoted(place),
        place_types=_one_of(vocab.PlaceType),
        sectors=_one_of(vocab.Sector),
        operator_kinds=_one_of(vocab.OperatorKind),
        fr_mode_values=", ".join(get_args(vocab.FrMode)),
        evidence_bases=_one_of(vocab.EvidenceBasis),
        statuses=_one_of(vocab.Status),
        event_types=", ".join(get_args(vocab.EventType)),
        source_types=_one_of(vocab.SourceType),
        reasons=", ".join(get_args(vocab.UnknownReason)),
    )


def _one_of(literal: object) -> str:
    return "one of " + ", ".join(get_args(literal))


def _quoted(text: str) -> str:
    """A JSON string is a valid double-quoted YAML scalar: apostrophes and colons stay safe."""
    return json.dumps(text, ensure_ascii=False)


def _asker() -> Callable[[str, str | None, str], str]:
    """Returns a prompt function; with no terminal to answer, it says which flag to give instead."""

    def ask(prompt: str, default: str | None, flag: str) -> str:
        shown = f"{prompt} [{default}]: " if default else f"{prompt}: "
        try:
            answer = input(shown).strip()
        except EOFError:
            raise RegistryError(f"no answer to {prompt!r}: give it with --{flag}") from None
        return answer or (default or "")

    return ask


def _country(text: str) -> str:
    code = text.strip().upper()
    try:
        return TypeAdapter(CountryCode).validate_python(code)
    except ValidationError as exc:
        raise RegistryError(f"country: {exc.errors()[0]['msg']}") from None


def _line(name: str, text: str) -> str:
    try:
        return TypeAdapter(Line).validate_python(text.strip())
    except ValidationError as exc:
        raise RegistryError(f"{name}: {exc.errors()[0]['msg']}") from None


def _valid_id(entry_id: str, country: str) -> str:
    try:
        TypeAdapter(EntryId).validate_python(entry_id)
    except ValidationError:
        raise RegistryError(
            f"'{entry_id}' is not a valid id: lowercase letters, digits and dashes, "
            f"starting with the country code, such as {country.lower()}-example-place"
        ) from None
    if not re.match(rf"^{country.lower()}-", entry_id):
        raise RegistryError(f"the id '{entry_id}' must start with the country code '{country.lower()}-'")
    return entry_id


_TEMPLATE = Template(
    """\
# yaml-language-server: $$schema=../../schema/entry.schema.json
# Made by `registry new`. Replace every value that starts with TODO (keep the quotes if
# your value contains ': '), then run this until it passes:
#   registry check $path
# REFERENCE.md explains every field and shows a complete example.
# - Every group of facts names its sources by id (s1, s2 ...); the sources are listed at the end.
# - Say what is not known, and why, as {unknown: <reason>}. The reasons:
#   $reasons.
#   Never leave a fact blank. Replace an unknown when a source tells you the answer.
# - Dates are as precise as they are known: 2019, 2019-08 or 2019-08-15. A date the source
#   gives only roughly: {date: 2019-09, qualifier: approximate}; one you worked out from the
#   text: {date: 2019-09, qualifier: inferred}.
# - Numbers as exact as the source: 200, or {count: 200, qualifier: approximate} ("about 200"),
#   qualifier at_least or at_most, or a range {min: 1200, max: 1600}.
# - Never name or describe private individuals (people on watchlists, people stopped, staff).
schema_version: "1.1"
id: $id  # the file name; it never changes once published
title: $title
summary: "TODO: one to three plain sentences for the public: who used face recognition where, since when"

record:
  status: published
  last_reviewed: "TODO: today's date as YYYY-MM-DD, the day you checked the facts against the sources"

evidence:  # how the deployment's existence is established
  basis: "TODO: $evidence_bases"
  denied: unknown  # does the operator deny using face recognition: yes, no or unknown
  sources: [s1]

aliases: []  # earlier ids of this record; empty for a new record
related: []  # ids of related records, such as gb-kings-cross-argent

place:
  country: $country
  # region: England  (optional)
  # city: London  (optional)
  name: $place
  type: "TODO: $place_types"
  sources: [s1]

operator:  # the organisation that runs the system
  name: $operator
  sector: "TODO: $sectors"
  kind: "TODO: $operator_kinds"
  sources: [s1]

parties:  # other organisations with a role; the vendor is required
  - name: "TODO: the vendor's name, or {unknown: not_found, note: where you looked} if no source names it"
    role: vendor
    sources: [s1]

system:
  fr_modes: "TODO: a list such as [live] or [live, retrospective]; each one of $fr_mode_values"
  cameras:  # how many cameras ran face recognition
    unknown: not_requested
  # matching_location, access, purpose: optional text (see REFERENCE.md)
  human_review: unknown  # were alerts checked by a person: yes, no or unknown
  sources: [s1]

timeline:
  status: "TODO: $statuses"
  as_of: "TODO: when the status was last known to be true: YYYY, YYYY-MM or YYYY-MM-DD"
  start: "TODO: when the deployment began (not today): YYYY, YYYY-MM or YYYY-MM-DD, or {unknown: not_found}"
  # announced: 2019-05  (optional)
  # end: 2020-01  (required when the status is ended; or {unknown: not_found, note: ...})
  sources: [s1]

# Dated events, each with date, type, actor, summary and sources. Types: $event_types
events: []
watchlists: []  # whose images were searched for, who supplied them to whom (REFERENCE.md)
data_flows: []  # alerts or match data sent between organisations

legal:
  basis:  # the legal basis as claimed, quoted where possible
    unknown: not_requested
  basis_documented: unknown  # yes, no or unknown
  dpia: unknown  # did a data-protection impact assessment exist?
  dpia_published: unknown
  signage: unknown  # were the public told (signs, notices)?
  sources: [s1]

outcomes:  # faces scanned, alerts, arrests, harms; or why they are not known
  unknown: not_requested

investigations: []  # by regulators or other oversight bodies
litigation: []  # court cases
political_actions: []  # questions, letters, reports, motions
statements: []  # public statements, including ones later contradicted
responses: []  # replies from the organisations named (right of reply)
corrections: []  # corrections to this record: a date and one line

sources:
  - id: s1
    url: "TODO: the web address, starting with https://"
    title: "TODO: the title as published"
    # title_kind: descriptive  (only if you wrote the title yourself: it is shown in [brackets])
    publisher: "TODO: who published it, such as The Guardian"
    published: "TODO: when it was published: YYYY, YYYY-MM or YYYY-MM-DD, or {unknown: not_found}"
    # accessed: YYYY-MM-DD  (optional: only a day you yourself read it online; never a guess)
    # archive_url: https://web.archive.org/web/...  (an archived copy; reviewers ask for one)
    type: "TODO: $source_types"
    language: en
    supports: "TODO: what this source supports, in a few words"
"""
)

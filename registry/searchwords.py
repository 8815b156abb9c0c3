"""What search indexes of a record: its own words, weighted, and none of the page's boilerplate.

Why not the entry page's text: every record's page says "Right of reply", "Legal basis",
"No response has been received ... the corrections policy", and Pagefind matches the last word
of a query as a prefix of stems, so "police" found all 30 records through "policy". A record
is found by what its contributors wrote: the free-text fields of the model (`Text` and `Line`,
found from the type annotations, so a field the data contract adds is indexed without a change
here), never codes, ids, addresses or labels. The words a reader most often searches for
(title, operator, vendor, place) are given more weight than the rest (search_record.html.j2).

Pagefind strips accents from the words it indexes and from the query ("securite" finds
"Sécurité"), but a letter that is not a letter with a mark (ø, ß, æ, ł) stays itself, so
"brondby", as the record's own address spells it, did not find "Brøndby IF". Such words are
indexed once more in plain letters (`SearchWords.plain`), hidden from the result's excerpt.
"""

from __future__ import annotations

import re
import typing
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import AfterValidator, BaseModel

from registry import types
from registry.schema import Entry
from registry.text import plain_letters

#: Pagefind's data-pagefind-weight of each part (1 is ordinary text, 10 the most). The title is
#: the search record's <h1>, which Pagefind weighs 7 by itself.
WEIGHTS = {"names": 5, "summary": 2}


@dataclass(frozen=True)
class SearchWords:
    """A record's words for the index, split by weight."""

    names: list[str]  # operator, vendors and their products, the place (the template adds the country)
    summary: str
    rest: list[str]  # every other free text of the record, in the model's order, once each
    plain: list[str]  # the plain-letter forms of the words above that Pagefind cannot fold, once each


def search_words(entry: Entry) -> SearchWords:
    """The record's own words: free text only, each string once, the weighted ones apart."""
    place = entry.place
    names = [entry.operator.name]
    for vendor in entry.vendors:
        if isinstance(vendor.name, str):
            names.append(vendor.name)
        if vendor.product:
            names.append(vendor.product)
    names += [place.name, place.city, place.region]
    # Only plain text: a field that may hold a structured value (an unknown, a joint operator)
    # gives its words through own_words instead.
    names = _once([n for n in names if isinstance(n, str) and n])
    seen = {entry.title, entry.summary, *names}
    rest = []
    for text in own_words(entry):
        if text not in seen:
            seen.add(text)
            rest.append(text)
    plain = plain_words([entry.title, *names, entry.summary, *rest])
    return SearchWords(names=names, summary=entry.summary, rest=rest, plain=plain)


_WORD = re.compile(r"\w+")


def plain_words(texts: list[str]) -> list[str]:
    """The words of `texts` in plain letters (`text.plain_letters`), in order and once each, for
    each word whose plain form Pagefind's own folding (accents off) does not reach."""
    found: dict[str, None] = {}
    for text in texts:
        for word in _WORD.findall(text):
            plain = plain_letters(word)
            if plain and plain != _without_marks(word):
                found.setdefault(plain, None)
    return list(found)


def _without_marks(word: str) -> str:
    # As Pagefind folds a word: decomposed, its combining marks dropped (normalizeDiacritics).
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _once(names: list[str]) -> list[str]:
    """Each name once, in its first place: an operator that is its own vendor (Clearview AI),
    or a city that is its own region, made a result's excerpt read "Clearview AI; Clearview AI"."""
    seen: set[str] = set()
    kept = []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            kept.append(name)
    return kept


def own_words(model: BaseModel) -> list[str]:
    """Every free-text value in `model` and the models inside it, in field order."""
    found: list[str] = []
    for name, value in model:
        _collect(value, name in _text_fields(type(model)), found)
    return found


def _collect(value: Any, is_text: bool, found: list[str]) -> None:
    if isinstance(value, BaseModel):
        found.extend(own_words(value))
    elif isinstance(value, list | tuple):
        for item in value:
            _collect(item, is_text, found)
    elif isinstance(value, str) and is_text:
        found.append(value)


@cache
def _text_fields(model: type[BaseModel]) -> frozenset[str]:
    """The fields of `model` whose strings are free text (`types.Text` or `types.Line`)."""
    return frozenset(
        name
        for name, info in model.model_fields.items()
        if _is_text(info.annotation) or any(_is_blank_check(m) for m in info.metadata)
    )


def _is_text(annotation: Any) -> bool:
    """True when the annotation is, or contains (a list, an optional, an OrUnknown), Text or Line."""
    if typing.get_origin(annotation) is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
        return (base is str and any(_is_blank_check(m) for m in metadata)) or _is_text(base)
    return any(_is_text(arg) for arg in typing.get_args(annotation))


def _is_blank_check(metadata: Any) -> bool:
    # Text and Line, and only they, refuse blank strings: the mark of words a person wrote.
    return isinstance(metadata, AfterValidator) and metadata.func is types._not_blank

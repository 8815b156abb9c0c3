"""The words search indexes of a record (registry.searchwords): free text only."""

from __future__ import annotations

from gitrepo import entry_text

from registry.loader import load_yaml
from registry.schema import Entry
from registry.searchwords import own_words, search_words


def _entry() -> Entry:
    return Entry.model_validate(load_yaml(entry_text().encode("utf-8")).data)


def test_free_text_is_kept_and_codes_ids_and_addresses_are_not() -> None:
    entry = _entry()
    words = own_words(entry)
    assert entry.summary in words and entry.operator.note in words
    assert entry.sources[0].title in words, "a source's title is the record's words too"
    for code in ("gb-kings-cross-argent", "GB", "private_public_space", "property", "published", "s1"):
        assert code not in words, code
    assert not [w for w in words if w.startswith("http")], "no address"


def test_the_weighted_words_are_apart_and_nothing_is_indexed_twice() -> None:
    entry = _entry()
    words = search_words(entry)
    assert words.names[:2] == ["King's Cross Central Limited Partnership", "NEC"]
    assert "London" in words.names and words.summary == entry.summary
    assert entry.title not in words.rest and entry.summary not in words.rest and "NEC" not in words.rest
    assert len(words.rest) == len(set(words.rest))


def test_names_with_letters_pagefind_cannot_fold_also_give_their_plain_letter_forms() -> None:
    """Pagefind folds accents itself ("securite" finds "Sécurité") but not ø, ß, æ or ł: "brondby",
    as the record's own address spells it, found nothing. Each such word is given once in plain
    letters, as `slugify` folds them, and words Pagefind folds by itself are not repeated."""
    text = entry_text(
        **{
            "  name: King's Cross Central Limited Partnership": "  name: Brøndby IF Sécurité",
            "A 67-acre privately managed estate": "A 67-acre estate on Friedensstraße, Brøndby,",
        }
    )
    entry = Entry.model_validate(load_yaml(text.encode("utf-8")).data)
    assert search_words(entry).plain == ["Brondby", "Friedensstrasse"]
    assert search_words(_entry()).plain == []


def test_a_name_is_said_once_when_the_operator_is_its_own_vendor() -> None:
    """A result's excerpt read "Clearview AI; Clearview AI; ..." when the operator was its own
    vendor (Clearview's scraped database): each name once, in its first place."""
    entry = _entry()
    vendor = entry.vendors[0].model_copy(update={"name": entry.operator.name, "product": "Face search"})
    place = entry.place.model_copy(update={"city": "London", "region": "London"})
    words = search_words(entry.model_copy(update={"parties": [vendor], "place": place}))
    assert words.names == [entry.operator.name, "Face search", entry.place.name, "London"]

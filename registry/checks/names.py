"""Rules about organisation names: one spelling per organisation page.

The site builds one page per operator and per vendor at `/operators/<slug>/` and
`/vendors/<slug>/` (registry.pages.browse), the slug made by `registry.text.slugify`, which
drops case, accents, punctuation and every letter outside the Latin alphabet. So "Essex
Police", "ESSEX POLICE" and "ESSEX POLICE — ПОДДЕЛКА" share one page, whose heading was the
first of their spellings in code-point order: a new record could rename an organisation's
page. CONTRIBUTING.md asks for one spelling per organisation; this holds it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from registry import urls
from registry.checks.base import EntryFile, Finding
from registry.text import slugify
from registry.types import Unknown

_OTHER = "or give another organisation a name that tells them apart"


def _organisation_names(f: EntryFile) -> Iterator[tuple[str, tuple[Any, ...], str]]:
    """(page kind, field path, name) of every name that makes an organisation page."""
    yield "operators", ("operator", "name"), f.entry.operator.name
    for index, party in enumerate(f.entry.parties):
        if party.role == "vendor" and not isinstance(party.name, Unknown):
            yield "vendors", ("parties", index, "name"), party.name


def check_one_spelling_per_page(
    files: list[EntryFile], unloaded: frozenset[str] = frozenset()
) -> Iterator[tuple[EntryFile, Finding]]:
    """Two spellings whose slugs are equal would share one operator or vendor page.

    Only published records count (only they are listed on those pages). The spelling the most
    records use is kept; on a tie, the one first by casefold, then by code point. Every place
    that spells it otherwise is told, naming the kept spelling and the first file that uses it.
    A record using the kept spelling is told too, but only when no file spelling it otherwise
    is being checked (`Finding.unless_checked`): a new record can tip the count, and must then
    fail `check --changed` itself.
    """
    pages: dict[tuple[str, str], dict[str, list[tuple[EntryFile, tuple[Any, ...]]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for f in files:
        if f.entry.content_is_shown:
            for kind, loc, name in _organisation_names(f):
                pages[kind, slugify(name)][name].append((f, loc))
    for (kind, slug), spellings in pages.items():
        if len(spellings) < 2:
            continue
        page = f"/{urls.directory_page(kind, slug)}"

        def records(name: str, spellings: dict = spellings) -> int:
            return len({f.path for f, _ in spellings[name]})

        kept = min(spellings, key=lambda name: (-records(name), name.casefold(), name))
        kept_in = spellings[kept][0][0].path
        n = records(kept)
        used = f"the spelling of {n} record{'s' if n != 1 else ''}"
        others = [(name, f, loc) for name, places in spellings.items() if name != kept for f, loc in places]
        for name, f, loc in others:
            yield (
                f,
                Finding(
                    loc,
                    f"'{name}' shares the page {page} with '{kept}' ({kept_in}, {used}); "
                    f"write it '{kept}' if it is the same organisation, {_OTHER}",
                ),
            )
        name, other, _ = others[0]
        for f, loc in spellings[kept]:
            yield (
                f,
                Finding(
                    loc,
                    f"'{kept}' shares the page {page} with '{name}' ({other.path}); spell one "
                    f"organisation the same way on every record, {_OTHER}",
                    unless_checked=other.path,
                ),
            )

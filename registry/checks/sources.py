"""Rules about sources and citations: every claim cites, every citation resolves, every source is used."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from registry.checks.base import EntryFile, Finding
from registry.schema import Source, Statement


def citations(f: EntryFile) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Yields (field path, source id) for every citation in the entry, outside `sources` itself."""
    for loc, model in f.models:
        if isinstance(model, Source):
            continue
        cited = getattr(model, "sources", None)
        if isinstance(cited, list) and all(isinstance(s, str) for s in cited):
            for index, source_id in enumerate(cited):
                yield (*loc, "sources", index), source_id


def check_source_ids_unique(f: EntryFile) -> Iterator[Finding]:
    """Each source has its own id."""
    first: dict[str, int] = {}
    for index, source in enumerate(f.entry.sources):
        if source.id in first:
            yield Finding(
                ("sources", index, "id"),
                f"'{source.id}' is already the id of sources.{first[source.id]}",
            )
        first.setdefault(source.id, index)


def check_citations_resolve(f: EntryFile) -> Iterator[Finding]:
    """Every cited id is the id of a source of this entry."""
    known = {s.id for s in f.entry.sources}
    for loc, source_id in citations(f):
        if source_id not in known:
            listed = ", ".join(sorted(known, key=lambda s: int(s[1:])))
            yield Finding(loc, f"cites '{source_id}', which is not in sources (the sources are {listed})")


def check_every_source_cited(f: EntryFile) -> Iterator[Finding]:
    """Every source supports at least one claim; an unused one is cited somewhere or removed."""
    cited = {source_id for _, source_id in citations(f)}
    for index, source in enumerate(f.entry.sources):
        if source.id not in cited:
            yield Finding(
                ("sources", index, "id"),
                f"source '{source.id}' is not cited by any claim; cite it where it is used, or remove it",
            )


def check_source_without_url_is_identified(f: EntryFile) -> Iterator[Finding]:
    """A document with no web address (a letter, an FOI response) needs its publication date."""
    for index, source in enumerate(f.entry.sources):
        if source.url is None and source.published is None:
            yield Finding(
                ("sources", index, "published"),
                "is required for a source without a url: title, publisher and date identify it",
            )


def check_statement_references(f: EntryFile) -> Iterator[Finding]:
    """Statement ids are unique, and `contradicted_by` names another statement of this entry."""
    statements: list[Statement] = f.entry.statements
    ids = [s.id for s in statements]
    for index, statement in enumerate(statements):
        if ids.index(statement.id) != index:
            yield Finding(
                ("statements", index, "id"),
                f"'{statement.id}' is already the id of statements.{ids.index(statement.id)}",
            )
        for j, other in enumerate(statement.contradicted_by):
            if other not in ids or other == statement.id:
                yield Finding(
                    ("statements", index, "contradicted_by", j),
                    f"'{other}' is not the id of another statement in this record",
                )

"""Rules about sources and citations: every claim cites, every citation resolves, every source is used."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from registry.checks.base import EntryFile, Finding, LoadedFile, repeated
from registry.schema import Source, Statement


def citations(f: EntryFile) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Yields (field path, source id) for every citation in the entry, outside `sources` itself."""
    for loc, model in f.models:
        for index, source_id in enumerate(_cited(model)):
            yield (*loc, "sources", index), source_id


def _cited(model: Any) -> list[str]:
    """The source ids a claim cites; none for a source itself, whose `sources` is not ids."""
    cited = getattr(model, "sources", None)
    if isinstance(model, Source) or not isinstance(cited, list) or not all(isinstance(s, str) for s in cited):
        return []
    return cited


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
    yield from _unresolved({s.id for s in f.entry.sources}, citations(f))


def check_every_source_cited(f: EntryFile) -> Iterator[Finding]:
    """Every source supports at least one claim; an unused one is cited somewhere or removed."""
    yield from _uncited(list(enumerate(s.id for s in f.entry.sources)), citations(f))


def check_citations_as_written(f: LoadedFile) -> Iterator[Finding]:
    """The two rules above on a file the schema refused, read from what was written, so a
    contributor fixing a date also learns of the source they forgot (when the source list
    itself can be read: a list of mappings with an `id`)."""
    data = f.loaded.data
    listed = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(listed, list) or not all(isinstance(s, dict) for s in listed):
        return
    ids = [(index, s["id"]) for index, s in enumerate(listed) if isinstance(s.get("id"), str)]
    yield from _unresolved({source_id for _, source_id in ids}, _written_citations(data))
    yield from _uncited(ids, _written_citations(data))


def _unresolved(known: set[str], cited: Iterable[tuple[tuple[Any, ...], str]]) -> Iterator[Finding]:
    listed = ", ".join(sorted(known, key=_in_order))
    for loc, source_id in cited:
        if source_id not in known:
            yield Finding(loc, f"cites '{source_id}', which is not in sources (the sources are {listed})")


def _uncited(ids: list[tuple[int, str]], cited: Iterable[tuple[tuple[Any, ...], str]]) -> Iterator[Finding]:
    used = {source_id for _, source_id in cited}
    for index, source_id in ids:
        if source_id not in used:
            yield Finding(
                ("sources", index, "id"),
                f"source '{source_id}' is not cited by any claim; cite it where it is used, or remove it",
            )


def _in_order(source_id: str) -> tuple[int, str]:
    """s2 before s10; an id the schema would refuse sorts by its text."""
    number = source_id[1:]
    return (int(number), source_id) if number.isdigit() else (0, source_id)


def _written_citations(data: Any) -> Iterator[tuple[tuple[Any, ...], str]]:
    """`citations` in raw loaded data: every list of ids under a `sources` key, except the
    top-level source list itself."""
    pending: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    while pending:
        loc, node = pending.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "sources" and loc and isinstance(value, list):
                    yield from (((*loc, key, i), s) for i, s in enumerate(value) if isinstance(s, str))
                elif not (key == "sources" and not loc):
                    pending.append(((*loc, key), value))
        elif isinstance(node, list):
            pending.extend(((*loc, i), item) for i, item in enumerate(node))


def check_ids_listed_once(f: EntryFile) -> Iterator[Finding]:
    """A claim cites each source once, and a statement names each contradicting one once."""
    for loc, model in f.models:
        yield from repeated((*loc, "sources"), _cited(model))
        if isinstance(model, Statement):
            yield from repeated((*loc, "contradicted_by"), model.contradicted_by)


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

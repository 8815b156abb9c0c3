"""Country, vendor and operator pages that no published record lists any more: kept, not 404.

A page such as `/operators/<slug>/` exists while a published record names that operator
(registry.pages.browse). It would vanish when its last record is withdrawn or merged, or when
a correction respells the name (three spellings of one vendor are three pages until someone
merges them), and a link to it would break: published addresses never do (SECURITY.md rule
16). So every such page once built keeps a short page saying that no published deployment is
listed there now, with the way to the rest.

Which pages were built is read from the history, never from a list a contributor keeps: for
each revision that withdrew or merged a record, or changed its status, an operator, a party
or a country, the pages the published version before it was listed on (a version that was
not published was on none, so a record that never left review makes no page). Without history
(a build from a tarball) none is kept.

The page names the organisation (or country) only as a record still published spelt it before
(`Vacated.name`): that record's history page shows the old spelling already, and the reader
who followed a link to /vendors/cognitec-systems/ learns where "Cognitec Systems" went: the
pages those records are listed on now that the version naming it was not (`Vacated.now`), or
that the records do not say. A withdrawn or merged record, or one under review, never names
it: their content is not shown again (only their address, which the reader already has).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from registry import urls
from registry.context import BuildContext
from registry.countries import country_name
from registry.engine import front_matter, markdown_page
from registry.history.model import History
from registry.pages.browse import INDEX_KEYS
from registry.text import slugify

_COUNTRY = re.compile("[A-Z]{2}")
#: Revisions that took a published record off the site.
_ENDINGS = frozenset({"withdrawn", "merged"})
#: Changed fields that can take a record off a page: its groups, or its status (under review).
_MOVING = ("operator", "parties", "place.country", "record.status")


#: What a kind's page listed, as the page names it: "the deployments of the vendor X".
_WHOSE = {"countries": "in", "vendors": "of the vendor", "operators": "of the operator"}


@dataclass(frozen=True)
class Vacated:
    """What a vacated page can say of itself: `name` as a published record spelt it before ("" when
    none did), and `now`, the (page, name) its records are listed on now instead."""

    name: str = ""
    now: tuple[tuple[str, str], ...] = ()


def vacated_pages(ctx: BuildContext) -> dict[str, str]:
    """`<kind>/<slug>/index.md` for every page once built that no published record fills now."""
    live = {(key.kind, slug) for f in ctx.published for key in INDEX_KEYS for slug, _ in key.groups(f.entry)}
    template = ctx.env.get_template("vacated.html.j2")
    found = _once_built(ctx)
    pages = {}
    for kind, slug in sorted(set(found) - live):
        title = next(key.title for key in INDEX_KEYS if key.kind == kind)
        said = found[kind, slug]
        body = template.render(
            u=ctx.config.base, kind=kind, listing=title, name=said.name, whose=_WHOSE[kind], now=said.now
        )
        front = front_matter(f"No deployments listed here now - {title}", hide=["toc"])
        pages[f"{urls.directory_page(kind, slug)}index.md"] = markdown_page(front, body)
    return pages


def names_once_listed(history: History) -> Iterator[tuple[str, str]]:
    """`(kind, name)` of every page the published version before each revision that moved its
    record was on: a country's code, a vendor's or operator's name as written then. Read by
    registry.pages.moved, which needs the name itself (its slug of earlier builds), not the slug,
    and by `check` (registry.old_addresses), which refuses a name taking one of those old
    addresses: it takes the History alone, which `check` reads without a build context."""
    for _, data in _versions_moved(history):
        yield from _names_as_written(data)


def _versions_moved(history: History) -> Iterator[tuple[str, Any]]:
    """(record id, raw data) of the version before each revision that moved its record."""
    if not history.available:
        return
    for record in history.entries.values():
        revisions = record.revisions
        for newer, older in zip(revisions, revisions[1:], strict=False):
            if newer.kind in _ENDINGS or any(c.field.startswith(_MOVING) for c in newer.changes):
                yield record.id, older.data


def _once_built(ctx: BuildContext) -> dict[tuple[str, str], Vacated]:
    """Every (kind, slug) a version before a move was listed on, with what its page may say."""
    names: dict[tuple[str, str], set[str]] = {}
    now: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for entry_id, data in _versions_moved(ctx.history):
        then = list(_names_as_written(data))
        current = ctx.by_id.get(entry_id)
        shown = current is not None and current.entry.content_is_shown and current.entry.history_is_shown
        for kind, name in then:
            where = (kind, _slug(kind, name))
            names.setdefault(where, set())
            now.setdefault(where, set())
            if shown:
                names[where].add(country_name(name) if kind == "countries" else name)
                now[where] |= _listed_now(current.entry, kind, {_slug(k, n) for k, n in then if k == kind})
    return {
        where: Vacated(min(spellings), tuple(sorted(now[where], key=lambda p: (p[1].casefold(), p[0]))))
        if spellings
        else Vacated()
        for where, spellings in names.items()
    }


def _listed_now(entry: Any, kind: str, then: set[str]) -> set[tuple[str, str]]:
    """(page, name) of each `kind` page `entry` is listed on now that its older version was not."""
    key = next(k for k in INDEX_KEYS if k.kind == kind)  # a country by its name, as its page
    return {(urls.directory_page(kind, slug), name) for slug, name in key.groups(entry) if slug not in then}


def _slug(kind: str, name: str) -> str:
    """A page's slug: a country's code in lower case, a vendor's or operator's name slugified."""
    return name.lower() if kind == "countries" else slugify(name)


def _names_as_written(data: Any) -> Iterator[tuple[str, str]]:
    """The names a version (raw data, as written) was listed under, if it was published."""
    if not isinstance(data, dict) or _get(data, "record", "status") != "published":
        return
    country = _get(data, "place", "country")
    if isinstance(country, str) and _COUNTRY.fullmatch(country):  # an old version is untrusted
        yield "countries", country
    operator = _get(data, "operator", "name")
    if isinstance(operator, str):
        yield "operators", operator
    for party in data.get("parties") or []:
        if isinstance(party, dict) and party.get("role") == "vendor" and isinstance(party.get("name"), str):
            yield "vendors", party["name"]


def _get(data: dict, *path: str) -> Any:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data

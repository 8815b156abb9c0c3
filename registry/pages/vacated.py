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
not published was on none, so a record that never left review makes no page). The page never
names the organisation: a withdrawn record's content is not shown again (only its address,
which the reader already has). Without history (a build from a tarball) none is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from registry import urls
from registry.context import BuildContext
from registry.engine import front_matter, markdown_page
from registry.history.model import History
from registry.pages.browse import INDEX_KEYS
from registry.text import slugify

_COUNTRY = re.compile("[A-Z]{2}")
#: Revisions that took a published record off the site.
_ENDINGS = frozenset({"withdrawn", "merged"})
#: Changed fields that can take a record off a page: its groups, or its status (under review).
_MOVING = ("operator", "parties", "place.country", "record.status")


def vacated_pages(ctx: BuildContext) -> dict[str, str]:
    """`<kind>/<slug>/index.md` for every page once built that no published record fills now."""
    live = {(key.kind, slug) for f in ctx.published for key in INDEX_KEYS for slug, _ in key.groups(f.entry)}
    template = ctx.env.get_template("vacated.html.j2")
    pages = {}
    for kind, slug in sorted(set(_once_built(ctx)) - live):
        title = next(key.title for key in INDEX_KEYS if key.kind == kind)
        body = template.render(u=ctx.config.base, kind=kind, slug=slug, listing=title)
        front = front_matter(f"No deployments listed here now - {title}", hide=["toc"])
        pages[f"{urls.directory_page(kind, slug)}index.md"] = markdown_page(front, body)
    return pages


def names_once_listed(history: History) -> Iterator[tuple[str, str]]:
    """`(kind, name)` of every page the published version before each revision that moved its
    record was on: a country's code, a vendor's or operator's name as written then. Read by
    registry.pages.moved, which needs the name itself (its slug of earlier builds), not the slug,
    and by `check` (registry.old_addresses), which refuses a name taking one of those old
    addresses: it takes the History alone, which `check` reads without a build context."""
    if not history.available:
        return
    for record in history.entries.values():
        revisions = record.revisions
        for newer, older in zip(revisions, revisions[1:], strict=False):
            if newer.kind in _ENDINGS or any(c.field.startswith(_MOVING) for c in newer.changes):
                yield from _names_as_written(older.data)


def _once_built(ctx: BuildContext) -> Iterator[tuple[str, str]]:
    """The pages the published version before each revision that moved its record was on."""
    for kind, name in names_once_listed(ctx.history):
        yield kind, _slug(kind, name)


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

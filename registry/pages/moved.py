"""Vendor and operator pages at the addresses earlier builds gave them: each one redirects.

A vendor's or operator's page lives at its name's slug (registry.text.slugify). Builds before
the slug spelt letters such as ø, ß and ł in ASCII (`TRANSLITERATED`) dropped them instead,
so "Brøndby IF" was listed at `/operators/brndby-if/` and is now at `/operators/brondby-if/`.
Published addresses never break (SECURITY.md rule 16): the old address gets a redirect page
(registry.postbuild.redirects), made from `legacy_slug`, the old function kept unchanged.

Which names had a page: every name a published record lists now (registry.pages.browse) and
every name a page was once built for, read from the history (registry.pages.vacated); only
those whose two slugs differ move. A country's page is its code, which no slug ever changed.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry import urls
from registry.context import BuildContext
from registry.pages.browse import INDEX_KEYS
from registry.pages.vacated import names_once_listed
from registry.text import legacy_slug, slugify

#: The pages whose address is a name's slug.
NAMED_KINDS = ("vendors", "operators")


def moved_pages(ctx: BuildContext) -> dict[str, str]:
    """`{old address: new address}` (site-relative folders) for every vendor and operator page
    whose name's `legacy_slug` differs from its `slugify`.

    Names published records list now come first, then the history's, each group sorted, so that
    two names that shared one old address (which `check` refused while they were both listed)
    send it to the same page in every build: a page listing records before a vacated one.
    """
    moved: dict[str, str] = {}
    for names in (sorted(_listed_names(ctx)), sorted(_once_listed_names(ctx))):
        for kind, name in names:
            old, new = legacy_slug(name), slugify(name)
            if old != new:
                moved.setdefault(urls.directory_page(kind, old), urls.directory_page(kind, new))
    return moved


def _listed_names(ctx: BuildContext) -> set[tuple[str, str]]:
    """`(kind, name)` of every vendor and operator page that a published record fills now."""
    keys = [key for key in INDEX_KEYS if key.kind in NAMED_KINDS]
    return {(key.kind, name) for f in ctx.published for key in keys for _, name in key.groups(f.entry)}


def _once_listed_names(ctx: BuildContext) -> Iterator[tuple[str, str]]:
    """`(kind, name)` of every vendor and operator page once built (registry.pages.vacated)."""
    return ((kind, name) for kind, name in names_once_listed(ctx.history) if kind in NAMED_KINDS)

"""Limits that keep a build's work in proportion to the size of the files it reads.

The file-size limit (registry.loader.MAX_BYTES) bounds what one entry can say, but not what
the pages make of it where they combine two lists: the image-sharing graph (`/sharing/`)
lists every pair of an organisation that supplied a watchlist's images and one that received
them, so 3,000 names on each side of one 44 KB file asked for nine million rows and a build
that ran for eight minutes before it failed (SECURITY.md: no input may make a build hang).
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.checks.base import EntryFile, Finding

#: The most supplier-recipient pairs one record's watchlists may name. The live registry's
#: largest names 2; a record that needs more names units or people, not organisations.
MAX_SHARING_PAIRS = 100


def check_sharing_pairs_bounded(f: EntryFile) -> Iterator[Finding]:
    """At most MAX_SHARING_PAIRS supplier-recipient pairs over all of a record's watchlists,
    told at the longer list of the watchlist whose pairs pass the limit."""
    sides = [
        (w.supplied_by, w.received_by if isinstance(w.received_by, list) else []) for w in f.entry.watchlists
    ]
    pairs = [len(supplied) * len(received) for supplied, received in sides]
    if sum(pairs) <= MAX_SHARING_PAIRS:
        return
    index = next(i for i in range(len(pairs)) if sum(pairs[: i + 1]) > MAX_SHARING_PAIRS)
    supplied, received = sides[index]
    yield Finding(
        ("watchlists", index, "supplied_by" if len(supplied) >= len(received) else "received_by"),
        f"this record's watchlists name {sum(pairs):,} pairs of an organisation that supplied "
        f"images and one that received them; the limit is {MAX_SHARING_PAIRS}: name the "
        "organisations that shared the images, not each unit or person",
    )

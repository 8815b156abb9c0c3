"""The list the 404 page reads to offer the closest published ids for a mistyped address.

One id a line, published records only (withdrawn and merged ones have pages of their own;
old ids of renamed records redirect), so it stays small: 10,000 ids are about 300 KB, 60 KB
gzipped, and only a reader who meets a 404 under /deployments/ ever fetches it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from registry import urls

if TYPE_CHECKING:
    from registry.context import BuildContext

IDS_FILE = urls.DEPLOYMENT_IDS


def ids_file(ctx: BuildContext) -> dict[str, str]:
    """`assets/deployment-ids.txt`: every published id, sorted, one a line."""
    return {IDS_FILE: "".join(f"{i}\n" for i in sorted(f.entry.id for f in ctx.published))}

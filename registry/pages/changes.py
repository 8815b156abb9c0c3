"""The Recent changes page (`/changes/`): the newest revisions across the registry.

Sorting, limiting and choosing what to show happen here; the template only formats. Records
under review are left out (their content is hidden while their address stays), as they are
from the feeds. The page links the Atom feeds written by `registry.feeds`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from registry import urls
from registry.engine import front_matter, markdown_page
from registry.feeds import FEED_ALL, FEED_NEW
from registry.wording import evidence_mark

if TYPE_CHECKING:
    from registry.context import BuildContext

RECENT = 200
#: How many changes of one revision the list shows before "and N more".
CHANGES_SHOWN = 3


def changes_page(ctx: BuildContext) -> dict[str, str]:
    """Returns `changes/index.md`, the Recent changes page."""
    history = ctx.history
    available = bool(getattr(history, "available", False))
    hidden = {f.entry.id for f in ctx.files if not f.entry.history_is_shown}
    rows: list[dict[str, Any]] = []
    if available:
        for entry_history, revision in history.recent():
            if entry_history.id in hidden:
                continue
            page = ctx.by_id.get(entry_history.id)
            shown = page is None or page.entry.content_is_shown  # a retired record: no old values
            rows.append(
                {
                    "id": entry_history.id,
                    "title": page.entry.public_title if page else entry_history.title,
                    "has_page": page is not None,
                    "shown": shown,  # a retired record's revision: its day, kind and commit id only
                    "mark": evidence_mark(page.entry) if page else "",  # beside the link
                    "revision": revision,
                    "changes": [c.text for c in revision.changes[:CHANGES_SHOWN]] if shown else [],
                    "more": max(0, len(revision.changes) - CHANGES_SHOWN) if shown else 0,
                }
            )
            if len(rows) == RECENT:
                break
    body = ctx.env.get_template("changes.html.j2").render(
        u=ctx.config.base,
        repo_url=ctx.config.repo_url,
        available=available,
        reason=getattr(history, "reason", ""),
        rows=rows,
        feed_all=FEED_ALL,
        feed_new=FEED_NEW,
    )
    return {f"{urls.CHANGES}index.md": markdown_page(front_matter("Recent changes", hide=["toc"]), body)}

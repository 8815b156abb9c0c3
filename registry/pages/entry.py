"""The entry pages, `/deployments/<id>/`: one per record, a tombstone when not published;
and, for every record with history, its history page `/deployments/<id>/history/`, where each
revision is an item `#rev-<short>` (a citation's permanent link; registry.exports.revisions).

The template formats; this module decides what it gets: events in date order, vendors
apart from the other parties, the statement each contradiction points at, the revisions the
History section lists, and the links (JSON, YAML on the repository, a prefilled correction
issue).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from registry import urls
from registry.checks.base import EntryFile
from registry.engine import front_matter, markdown_page
from registry.feeds import entry_feed_url
from registry.pages.requests import request_context, request_link
from registry.qualified import date_sort_key
from registry.render import LABELS, date_label, issue_link
from registry.wording import evidence_mark

if TYPE_CHECKING:
    from registry.context import BuildContext

#: How many of its newest revisions an entry page lists. Why a limit: a record reviewed
#: every month has 60 revisions at five years old, and at about 800 bytes each its History
#: would outweigh the rest of the page (issue 3 wants entry pages under 40 KB). Why six: 95%
#: of the synthetic registry's records have six revisions or fewer, so they list them all,
#: and with six the largest of its 10,000 pages is 38.6 KB (40.0 KB with eight, 41.5 with
#: ten), measured before the records-request drafts became a section of the page (issue
#: 18.1: 3.4 KB more on average, the largest of 1,000 synthetic pages 42.9 KB). The others
#: are on the record's history page, which `history.js` brings onto the entry page with one
#: button, so a reader still sees every change without leaving it (issue 4); without
#: JavaScript, a link leads there.
REVISIONS_ON_PAGE = 6
#: The history page's script: the record as written at each revision, from its JSON's patches.
REVISIONS_SCRIPT = "revisions.js"


def entry_pages(ctx: BuildContext) -> dict[str, str]:
    """Returns `deployments/<id>/index.md` for every entry, published or not, and
    `deployments/<id>/history/index.md` for every entry with history.

    The build renders them one record at a time instead (`record_entry_pages`, in the
    forked workers of registry.layout, which write them to files rather than pipe them back).
    """
    return {path: page for f in ctx.files for path, page in record_entry_pages(ctx, f).items()}


def record_entry_pages(ctx: BuildContext, f: EntryFile) -> dict[str, str]:
    """The entry page of one record, and its history page if it has any revision (the layout
    route renders one record at a time: registry.pages.record_pages)."""
    paged = lists_fewer_than_all(ctx, f)
    pages = {f"{urls.entry_page(f.entry.id)}index.md": render_entry_page(ctx, f, paged)}
    if has_history_page(ctx, f):
        pages[f"{urls.history_page(f.entry.id)}index.md"] = render_history_page(ctx, f)
    return pages


def has_history_page(ctx: BuildContext, f: EntryFile) -> bool:
    """True when the record has history: its revisions' permanent links are on that page.

    Every record with a revision, not only those with more than its entry page lists: a
    citation names `/deployments/<id>/history/#rev-<short>` from the first revision on, and
    that address must not change when the record gains its seventh. Whatever the record's
    status: a history page, once published, keeps its address when the record is later
    withdrawn or merged (it then shows what the tombstone shows).
    """
    history = entry_history(ctx.history, f.entry.id)
    return history is not None and len(history.revisions) > 0


def lists_fewer_than_all(ctx: BuildContext, f: EntryFile) -> bool:
    """True when the entry page lists only the newest REVISIONS_ON_PAGE of the record's revisions."""
    history = entry_history(ctx.history, f.entry.id)
    return history is not None and len(history.revisions) > REVISIONS_ON_PAGE


def render_entry_page(ctx: BuildContext, f: EntryFile, paged: bool) -> str:
    """The Markdown page of one entry: safe front matter plus one raw HTML block."""
    entry = f.entry
    title = entry.public_title
    description = _clip(entry.summary, 300) if entry.content_is_shown else title
    meta: dict[str, Any] = {"description": description, "hide": ["toc"], "og_type": "article"}
    if entry.history_is_shown and ctx.history.get(entry.id) is not None:
        meta["feed"] = entry_feed_url(entry.id)  # announced in <head> by the theme override
    if entry.content_is_shown:
        meta["registry_script"] = ["copy.js"]  # the cite box's copy buttons (assets/copy.js)
        if paged:
            meta["registry_script"].append("history.js")  # the button that shows the older revisions here
    front = front_matter(title, **meta)
    return markdown_page(front, render_entry_body(ctx, f))


def render_history_page(ctx: BuildContext, f: EntryFile) -> str:
    """The Markdown page listing every revision of one record (`history.html.j2`)."""
    entry = f.entry
    title = f"History of {entry.public_title}"
    meta: dict[str, Any] = {
        "description": f"Every change to record {entry.id}, newest first.",
        "hide": ["toc"],
    }
    if entry.history_is_shown:
        meta["feed"] = entry_feed_url(entry.id)
    context = entry_context(ctx, f, every_revision=True)
    history = context["history"]
    rebuilt = entry.content_is_shown and history is not None and any(r.has_data for r in history.revisions)
    if rebuilt:
        meta["registry_script"] = [REVISIONS_SCRIPT]
    # The record's JSON carries each revision's patch (registry.exports.json): the script
    # rebuilds the record as written from it. Only for a record whose content is shown.
    json = ctx.config.base + urls.entry_json(entry.id) if rebuilt else ""
    body = ctx.env.get_template("history.html.j2").render(
        context, title=title, revisions_json=json, record_page=ctx.config.base + urls.entry_page(entry.id)
    )
    return markdown_page(front_matter(title, **meta), body)


def render_entry_body(ctx: BuildContext, f: EntryFile) -> str:
    """The HTML of an entry's article (the part the golden test compares)."""
    context = entry_context(ctx, f)
    if not f.entry.content_is_shown:
        return ctx.env.get_template("tombstone.html.j2").render(context)
    request = context["request"]
    # The records-request drafts, a section of this page only: not of the history page or the
    # search record, which share the context (registry.pages.requests).
    drafts = request_context(ctx, f.entry, request["questions"]) if request else None
    return ctx.env.get_template("entry.html.j2").render(context, drafts=drafts)


def entry_context(ctx: BuildContext, f: EntryFile, every_revision: bool = False) -> dict[str, Any]:
    """Everything the entry template and its partials receive.

    `revisions` are the ones the History section lists: the newest REVISIONS_ON_PAGE on an
    entry page, all of them on the history page (`every_revision`).
    """
    e = f.entry
    page_url = ctx.config.site_url + urls.entry_page(e.id)
    statements = {s.id: s for s in e.statements}
    successor = ctx.by_id.get(e.record.merged_into) if e.record.merged_into else None
    history = entry_history(ctx.history, e.id)
    revisions = history.revisions if history is not None else ()
    return {
        "entry": e,
        "file": f,
        "ctx": ctx,
        "u": ctx.config.base,
        "history": history,
        "revisions": revisions if every_revision else revisions[:REVISIONS_ON_PAGE],
        "history_page": ctx.config.base + urls.history_page(e.id),
        "on_history_page": every_revision,  # its revisions link to themselves by fragment
        "vendors": e.vendors,
        "other_parties": [p for p in e.parties if p.role != "vendor"],
        "events": sorted(e.events, key=lambda ev: date_sort_key(ev.date)),
        "political_actions": sorted(e.political_actions, key=lambda a: date_sort_key(a.date)),
        "corrections": sorted(e.corrections, key=lambda c: c.date.sort_key),
        "statement_labels": {
            sid: f"the statement by {s.by} ({date_label(s.date)})" for sid, s in statements.items()
        },
        "related": [_related(ctx.by_id[r].entry) for r in e.related if r in ctx.by_id],
        "successor": successor.entry if successor else None,
        "request": request_link(ctx, e),
        "heading": f"Record {e.id}: {LABELS.record_status[e.record.status].lower()}",
        "links": {
            "page": page_url,
            "json": ctx.config.base + urls.entry_json(e.id),
            "yaml": f"{ctx.config.repo_url}/blob/{ctx.config.repo_branch}/{f.path}",
            "correction": issue_link(ctx.config.repo_url, page_url, f"Correction: {e.id}"),
        },
    }


def _related(other: Any) -> dict[str, str]:
    """A related record as a link: its title and mark ("alleged and denied") when published;
    otherwise only what its own tombstone says ("Record x: withdrawn"), as a withdrawn record's
    words are never shown again."""
    if other.record.status == "published":
        return {"id": other.id, "title": other.title, "mark": evidence_mark(other)}
    status = LABELS.record_status[other.record.status].lower()
    return {"id": other.id, "title": f"Record {other.id}: {status}", "mark": ""}


def entry_history(history: Any, entry_id: str) -> Any:
    """The entry's EntryHistory, or None when history is unavailable or has no record of it."""
    if not history.available:
        return None
    return history.get(entry_id)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"

"""Atom feeds of the registry's changes: all changes, new entries, and one feed per entry.

Made by a data-only step (`feed_files`, in `BESIDE_MKDOCS` of registry.postbuild: a forked
process beside page generation and MkDocs): `feeds/all.xml`, `feeds/new.xml` and
`feeds/deployments/<id>.xml`, straight from the history stage's revisions. Built with
xml.etree, so every text is escaped by the serialiser; characters XML cannot hold are removed
first. Entry ids are tag URIs that depend only on the site's host, the id the record had at
that revision (`id_at_revision` in the exports) and the commit
(`tag:<host>,2019:deployments/<id>/<sha>`), and a record's feed keeps the id of the feed it
had under its first id, so a feed reader never sees an item twice, not even after a rename
(RFC 4287: an id never changes). `updated` comes from commit dates, never the clock, so the
same commit builds the same bytes.
Entries under review are left out, as they are from every listing.

Each feed holds its newest changes only (`ALL_LIMIT`, `NEW_LIMIT`, `ENTRY_LIMIT`): a feed
tells a follower what is new, the record's history page keeps every revision, and a record's
feed no longer grows with each change (issue 18: the site's size must not grow with history).
The XML is not indented (one line per feed element and per entry): readers ignore the white
space, and it was a seventh of every feed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import urlsplit

from registry import urls
from registry.history.model import Change, EntryHistory, History, Revision
from registry.output import Outputs
from registry.render import word_changes_text
from registry.wording import evidence_mark

ATOM = "http://www.w3.org/2005/Atom"
FEED_ALL = urls.FEED_ALL
FEED_NEW = urls.FEED_NEW
ALL_LIMIT = 100
NEW_LIMIT = 50
#: A record's own feed: its newest changes, far more than a feed reader misses between polls.
ENTRY_LIMIT = 20
#: `updated` of a feed with no entries: fixed, so an empty feed is still byte-stable.
EMPTY_UPDATED = "2019-01-01T00:00:00Z"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

ET.register_namespace("", ATOM)


def entry_feed_url(entry_id: str) -> str:
    """The site-relative path of an entry's feed, for `<link rel="alternate">` in its page head."""
    return urls.entry_feed(entry_id)


def feed_files(ctx: Any) -> Outputs:
    """Producer beside the engine (registry.output): every feed (reads ctx.history and ctx.files)."""
    yield from render_feeds(ctx.history, ctx.files, ctx.config).items()


def render_feeds(history: History, files: list, config: Any) -> dict[str, bytes]:
    """Returns {site-relative path: Atom document} for the site-wide and per-entry feeds."""
    hidden = {f.entry.id for f in files if not f.entry.history_is_shown}
    titles = {f.entry.id: _marked_title(f.entry) for f in files}
    retired = {f.entry.id for f in files if not f.entry.content_is_shown}
    entries = getattr(history, "entries", {}) if getattr(history, "available", False) else {}
    visible = [h for h in entries.values() if h.id not in hidden]
    pairs = sorted(((h, r) for h in visible for r in h.revisions), key=lambda p: (-p[1].index, p[0].id))
    site = config.site_url
    feeds = {
        FEED_ALL: _feed(
            config, "All changes", FEED_ALL, site + urls.CHANGES, pairs[:ALL_LIMIT], titles, retired
        ),
        FEED_NEW: _feed(
            config,
            "New records",
            FEED_NEW,
            site + urls.DEPLOYMENTS,
            [p for p in pairs if p[1].kind == "created"][:NEW_LIMIT],
            titles,
            retired,
        ),
    }
    for f in files:
        if f.entry.id in hidden:
            continue
        own = entries.get(f.entry.id)
        feeds[entry_feed_url(f.entry.id)] = _feed(
            config,
            f"Changes to {f.entry.public_title}",
            entry_feed_url(f.entry.id),
            site + urls.entry_page(f.entry.id),
            [(own, r) for r in own.revisions[:ENTRY_LIMIT]] if own else [],
            titles,
            retired,
            feed_id=entry_feed_url(own.revisions[-1].entry_id if own and own.revisions else f.entry.id),
        )
    return feeds


def _marked_title(entry: Any) -> str:
    """A record's title as its items name it, with its mark when it is alleged or denied
    ("... (alleged and denied)"), as every page that links it has the mark beside the link."""
    mark = evidence_mark(entry)
    return f"{entry.public_title} ({mark})" if mark else entry.public_title


def tag_uri(site_url: str, *parts: str) -> str:
    """A stable Atom id: `tag:<host>,2019:<parts joined by />`."""
    host = urlsplit(site_url).hostname or "localhost"
    return f"tag:{host},2019:{'/'.join(parts)}"


def _feed(
    config: Any,
    title: str,
    path: str,
    alternate: str,
    pairs,
    titles: dict[str, str],
    retired: set[str],
    feed_id: str | None = None,
) -> bytes:
    """One Atom feed at `path`; its id names `feed_id` (a record's feed under its first id)."""
    site = config.site_url
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", tag_uri(config.site_url, feed_id or path))
    _text(feed, "title", f"{config.site_name}: {title}")
    _text(feed, "updated", _stamp(pairs[0][1]) if pairs else EMPTY_UPDATED)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=site + path)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=alternate)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", config.site_name)
    for history, revision in pairs:
        shown = history.id not in retired
        _entry(feed, config, history, revision, titles.get(history.id) or history.title, shown)
    feed.text = "\n"
    for child in feed:
        child.tail = "\n"
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"


def _entry(
    feed: ET.Element, config: Any, history: EntryHistory, revision: Revision, title: str, shown: bool
) -> None:
    """One revision; for a withdrawn or merged record, what happened but never the old values,
    nor the words or names of its commit (`_item_title`)."""
    site = config.site_url
    item = ET.SubElement(feed, f"{{{ATOM}}}entry")
    # The id the revision was made under, not the record's id now: a rename changes no item's id.
    _text(item, "id", tag_uri(config.site_url, "deployments", revision.entry_id, revision.sha))
    _text(item, "title", _item_title(title, revision, shown))
    _text(item, "updated", _stamp(revision))
    ET.SubElement(
        item,
        f"{{{ATOM}}}link",
        rel="alternate",
        type="text/html",
        # The revision's permanent address (a citation's), which reaches it without JavaScript
        # however many revisions come after; the entry page lists only the newest.
        href=f"{site}{urls.revision_anchor(history.id, revision.short)}",
    )
    if revision.author and shown:  # a retired record's: the feed's own author stands (RFC 4287)
        author = ET.SubElement(item, f"{{{ATOM}}}author")
        _text(author, "name", revision.author)
    lines = ([_change_line(c) for c in revision.changes] if shown else []) or [revision.kind_label]
    if revision.problem and shown:
        lines.append(
            f"{revision.unreadable.capitalize()} version could not be read as a record; "
            "see the page for its lines."
        )
    lines.append(f"Commit {revision.sha}")
    _text(item, "summary", "\n".join(lines)).set("type", "text")


def _change_line(change: Change) -> str:
    """A change as its history item tells it: the sentence, then a text's changed words (or the
    text before or after, when one side has none), so a follower reads what changed."""
    if change.old is not None and change.new is not None:
        return f"{change.text}: {word_changes_text(change.old, change.new)}"
    if change.new is not None:
        return f"{change.text}. After: {change.new}"
    if change.old is not None:
        return f"{change.text}. Before: {change.old}"
    return change.text


def _item_title(title: str, revision: Revision, shown: bool) -> str:
    """`<record title>: <what the revision did> (<headline>)`; for the revision that withdrew
    or merged a record whose title is now that notice ("Withdrawn: record <id>"), the notice
    once, never "Withdrawn: record <id>: Withdrawn". A retired record's revisions have no
    headline: their subjects and titles can repeat what was withdrawn, and its JSON file gives
    the day and kind alone (DATA.md), as its pages do (partials/tombstone_history.html.j2)."""
    headline = f" ({revision.headline})" if revision.headline and shown else ""
    if not shown and title.startswith(f"{revision.kind_label}: "):
        return f"{title}{headline}"
    return f"{title}: {revision.kind_label}{headline}"


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = _NOT_XML.sub("", text)
    return element


def _stamp(revision: Revision) -> str:
    return revision.datetime.strftime("%Y-%m-%dT%H:%M:%SZ")

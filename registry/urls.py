"""Every address of the site, in one place: the published URLs, which never break.

Each function returns a site-relative path (no leading slash; a folder ends in `/`), to be
put after the site's URL (`config.site_url + ...`) or its base path (`config.base + ...`).
A page, feed, export, redirect, the sitemap and the never-404 guard all spell an address
through here, so a change of shape is one edit and the guard checks what the pages link to.
"""

from __future__ import annotations

#: The list of every deployment, and the folder of each record's page.
DEPLOYMENTS = "deployments/"
#: The open data's folder (registry.exports), versioned by contract major.
API = "api/v1/"
#: The Atom feeds of every change and of new records (registry.feeds).
FEED_ALL = "feeds/all.xml"
FEED_NEW = "feeds/new.xml"
#: The page of recent changes, which the feed of all changes links to.
CHANGES = "changes/"


def entry_page(entry_id: str) -> str:
    """A record's page: `deployments/<id>/`."""
    return f"{DEPLOYMENTS}{entry_id}/"


def history_page(entry_id: str) -> str:
    """A record's history: every revision, newest first, for each record with history."""
    return f"{entry_page(entry_id)}history/"


def revision_anchor(entry_id: str, short: str) -> str:
    """One revision of a record: its item on the history page (a citation's permanent link)."""
    return f"{history_page(entry_id)}#rev-{short}"


def revision_page(entry_id: str, short: str) -> str:
    """A revision's address in builds before issue 18, kept as a redirect page for each
    revision listed in entries/published-revisions.txt (registry.published_revisions)."""
    return f"{entry_page(entry_id)}revisions/{short}/"


def request_page(entry_id: str) -> str:
    """The records-request drafts of a record, from its unknowns."""
    return f"{entry_page(entry_id)}request/"


def _entry_data(entry_id: str) -> str:
    """Where a record's open data sits: its JSON beside the folder of its revisions."""
    return f"{API}{DEPLOYMENTS}{entry_id}"


def entry_json(entry_id: str) -> str:
    """A record with its history as JSON (or its tombstone, or a redirect stub)."""
    return f"{_entry_data(entry_id)}.json"


def revision_json(entry_id: str, short: str) -> str:
    """A record as it stood at one revision, as JSON: written for each listed revision only
    (registry.published_revisions); a newer one is rebuilt from its record's JSON patches."""
    return f"{_entry_data(entry_id)}/revisions/{short}.json"


def entry_feed(entry_id: str) -> str:
    """A record's Atom feed."""
    return f"feeds/deployments/{entry_id}.xml"

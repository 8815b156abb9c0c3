"""What every export format shares: which records are public, their revisions, their URLs.

A record is exported in full only while `record.status` is `published`. A withdrawn,
merged or under-review record keeps a tombstone in the exports (id, status, when, why,
successor) but never its content, the same rule as its page (SECURITY.md 3.8). Aliases
(old ids) are exported as a redirect table. Everything is sorted by id, and every date
comes from the entries or from git, never from the clock, so two builds of one commit
write the same bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from registry import urls
from registry.context import newest_change
from registry.exports.cite import latest_revision
from registry.transparency import Transparency, transparency

if TYPE_CHECKING:
    from registry.checks.base import EntryFile
    from registry.context import BuildContext
    from registry.schema import Entry

LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}


@dataclass(frozen=True)
class PublicRecord:
    """A published entry with its history (None when history is unavailable)."""

    file: EntryFile
    history: Any = None

    @property
    def entry(self) -> Entry:
        return self.file.entry

    @property
    def id(self) -> str:
        return self.file.entry.id

    @cached_property
    def transparency(self) -> Transparency:
        """The record's unknowns by reason (registry.transparency); computed once, shared by
        all.json, the record's own JSON and the tables."""
        return transparency(self.file.entry)

    @property
    def revisions(self) -> tuple[Any, ...]:
        """The entry's revisions, newest first (empty without history)."""
        return tuple(self.history.revisions) if self.history is not None else ()

    @property
    def latest(self) -> Any | None:
        return latest_revision(self.history)

    @property
    def first_published(self) -> dt.date | None:
        """The day the record first appeared (EntryHistory.first_published; None without history)."""
        return self.history.first_published if self.history is not None else None

    @property
    def last_changed(self) -> dt.date | None:
        """The day of its newest revision (EntryHistory.last_changed; None without history)."""
        return self.history.last_changed if self.history is not None else None


@dataclass(frozen=True)
class Tombstone:
    """A record that is no longer published: what happened, when and why, never its content."""

    id: str
    status: str  # withdrawn | merged | under_review
    date: str | None  # the withdrawal date as written (partial dates allowed)
    reason: str | None
    merged_into: str | None
    history: Any = None


@dataclass(frozen=True)
class Export:
    """Everything the exporters write, collected once per build."""

    records: list[PublicRecord]
    tombstones: list[Tombstone]
    aliases: dict[str, str]  # old id -> current id
    site_url: str  # absolute, ending in "/"
    base: str  # the site's path, ending in "/"
    site_name: str
    repo_url: str
    history_available: bool
    head: str | None = None  # the built commit, when history is available
    as_of: dt.date | None = None  # the day of the newest revision of any entry
    by_id: dict[str, PublicRecord] = field(default_factory=dict)
    #: (record id, short) -> the short of its address in builds before issue 18, for each
    #: revision that keeps a JSON file there (registry.published_revisions); others have none.
    revision_files: dict[tuple[str, str], str] = field(default_factory=dict)

    def page_url(self, entry_id: str) -> str:
        return self.site_url + urls.entry_page(entry_id)

    def json_url(self, entry_id: str) -> str:
        return self.site_url + urls.entry_json(entry_id)

    def revision_url(self, entry_id: str, short: str) -> str:
        """A revision's address in builds before issue 18 (a redirect page when listed)."""
        return self.site_url + urls.revision_page(entry_id, short)

    def revision_anchor_url(self, entry_id: str, short: str) -> str:
        """A revision's permanent link: its item on the record's history page."""
        return self.site_url + urls.revision_anchor(entry_id, short)

    def revision_json_url(self, entry_id: str, short: str) -> str | None:
        """The revision's own JSON file, which only listed revisions keep; else None."""
        kept = self.revision_files.get((entry_id, short))
        return self.site_url + urls.revision_json(entry_id, kept) if kept else None


def collect(ctx: BuildContext) -> Export:
    """Returns the export view of the build: public records, tombstones, aliases."""
    history = ctx.history
    available = bool(getattr(history, "available", False))
    records: list[PublicRecord] = []
    tombstones: list[Tombstone] = []
    aliases: dict[str, str] = {}
    for f in sorted(ctx.files, key=lambda f: f.entry.id):
        entry_history = history.get(f.entry.id) if available else None
        for alias in f.entry.aliases:
            aliases[alias] = f.entry.id
        record = f.entry.record
        if f.entry.content_is_shown:
            records.append(PublicRecord(f, entry_history))
            continue
        tombstones.append(
            Tombstone(
                id=f.entry.id,
                status=record.status,
                date=str(record.withdrawn.date) if record.withdrawn else None,
                reason=record.withdrawn.reason if record.withdrawn else None,
                merged_into=record.merged_into,
                history=entry_history,
            )
        )
    revision_files = {}
    if available:
        from registry.published_revisions import read_list, resolve

        resolved, _ = resolve(read_list(ctx.root), ctx.files, history)
        revision_files = {(r.record_id, r.revision.short): r.listed.short for r in resolved}
    newest = newest_change(history)
    as_of = dt.datetime.fromtimestamp(newest, tz=dt.UTC).date() if newest is not None else None
    return Export(
        records=records,
        tombstones=tombstones,
        aliases=dict(sorted(aliases.items())),
        site_url=ctx.config.site_url,
        base=ctx.config.base,
        site_name=ctx.config.site_name,
        repo_url=ctx.config.repo_url,
        history_available=available,
        head=getattr(history, "head", None) if available else None,
        as_of=as_of,
        by_id={r.id: r for r in records},
        revision_files=revision_files,
    )


def revision_summary(
    revision: Any, entry_id: str, export: Export, with_changes: bool = True
) -> dict[str, Any]:
    """One revision as exported in JSON: commit, day, author, subject, kind, and links.

    `with_changes=False` for tombstones: a field-level change would repeat removed content.
    """
    item: dict[str, Any] = {
        "sha": revision.sha,
        "short": revision.short,
        "date": revision.date.isoformat(),
        "kind": revision.kind,
        "id_at_revision": revision.entry_id,
    }
    if not with_changes:
        return item
    item.update(
        author=revision.author,
        subject=revision.subject,
        pull_request=revision.pr,
        commit_url=revision.commit_url(export.repo_url),
    )
    if revision.has_data:
        item["url"] = export.revision_anchor_url(entry_id, revision.short)
        json_url = export.revision_json_url(entry_id, revision.short)
        if json_url is not None:  # a revision published before issue 18 keeps its file
            item["json"] = json_url
    item["changes"] = [
        {"kind": c.kind, "field": c.field, "text": c.text, "old": c.old, "new": c.new}
        for c in revision.changes
    ]
    return item

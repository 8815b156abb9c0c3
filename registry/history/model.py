"""What the history stage hands to the rest of the build: History, EntryHistory, Revision, Change.

These are plain frozen records, built once per build by `registry.history.read_history`.
Every text in them is safe to print (commit subjects and author names are stripped of control
and bidi characters and cut to 120 characters) but NOT HTML-escaped: templates escape it.
Dates are "merged into the registry on": the committer date of the commit on the first-parent
line of the built branch, in UTC. Order is the order of that line (topological), never the
dates, because commit dates are forgeable (SECURITY.md 3.5).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from registry import urls
from registry.dates import day_in_words

#: How each kind of revision is named on the page and in feeds.
KIND_LABELS = {
    "created": "First published",
    "changed": "Changed",
    "renamed": "Renamed",
    "withdrawn": "Withdrawn",
    "merged": "Merged into another record",
    "restored": "Restored",
    "deleted": "File removed",
}

#: How a revision's problem begins when the version before it is the one that could not be read.
PREVIOUS_UNREADABLE = "the previous version could not be read: "

#: The fixed length of a short commit id in URLs (`/deployments/<id>/history/#rev-<short>`).
#: Fixed, not git's repository-size-dependent default, so published URLs never change.
SHORT_SHA = 12


@dataclass(frozen=True, slots=True)
class Change:
    """One field-level change between two consecutive versions, in plain language.

    `text` is the sentence ("status changed from Active to Ended"). For long free text the
    sentence only names the field and `old`/`new` hold the two versions for a details view.
    """

    kind: str  # set | changed | removed | added | reordered | formatting
    field: str  # dotted path into the raw data, list items by key: "sources.s4.title"
    text: str
    old: str | None = None
    new: str | None = None


@dataclass(frozen=True, slots=True)
class Revision:
    """One commit on the first-parent line that changed an entry (a merged PR is one revision).

    `kind` is created, changed, renamed, withdrawn, merged, restored or deleted. `changes` is
    empty when a side could not be parsed; then `diff` holds a line-level diff (or None when a
    redaction forbids showing raw lines) and `problem` says why the version did not load.
    """

    index: int  # position on the first-parent line, 0 = oldest commit that touched entries/
    sha: str
    time: int  # committer time, seconds since the epoch
    author: str
    subject: str
    pr: int | None
    entry_id: str  # the id at this revision (an alias's old id before a rename)
    path: str | None  # the file, or None for a deletion
    kind: str
    changes: tuple[Change, ...] = ()
    diff: tuple[str, ...] | None = None
    problem: str | None = None
    has_data: bool = False
    _load: Callable[[], dict | None] | None = field(default=None, repr=False, compare=False)

    @property
    def short(self) -> str:
        """The commit id as used in revision URLs: always the first 12 hex digits."""
        return self.sha[:SHORT_SHA]

    @property
    def date(self) -> dt.date:
        """The day the commit was merged into the registry (UTC)."""
        return self.datetime.date()

    @property
    def datetime(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.time, tz=dt.UTC)

    @property
    def date_label(self) -> str:
        """The merge day in words: `4 October 2019`."""
        return day_label(self.date)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def unreadable(self) -> str:
        """Which version could not be read as a record, "this" or "the previous", for the
        sentence a page or feed prints (`problem` says why, `problem_detail` without the
        preamble); a revision after an unreadable one shows its lines too."""
        return "the previous" if (self.problem or "").startswith(PREVIOUS_UNREADABLE) else "this"

    @property
    def problem_detail(self) -> str:
        return (self.problem or "").removeprefix(PREVIOUS_UNREADABLE)

    @property
    def data(self) -> dict | None:
        """The entry's raw data (dicts, lists and strings) at this revision, redactions applied.

        None for a deletion or a version that could not be parsed. Read lazily from the
        history cache, so holding every revision costs little until an exporter asks.
        """
        if not self.has_data or self._load is None:
            return None
        return self._load()

    def anchor_path(self, entry_id: str) -> str:
        """Site-relative permanent link of this revision: its item on the record's history page."""
        return urls.revision_anchor(entry_id, self.short)

    def commit_url(self, repo_url: str) -> str:
        """The commit on the repository host: `{repo_url}/commit/<sha>`."""
        return f"{repo_url.rstrip('/')}/commit/{self.sha}"

    def pr_url(self, repo_url: str) -> str | None:
        """The pull request on the repository host, when the commit names one."""
        return f"{repo_url.rstrip('/')}/pull/{self.pr}" if self.pr is not None else None

    @property
    def headline(self) -> str:
        """The revision in a few words: `#12 Add sources`, or the commit subject."""
        if self.pr is not None:
            return f"#{self.pr} {self.subject}".rstrip()
        return self.subject


class EntryHistory:
    """Every revision of one entry, newest first, joined across renames (`aliases`).

    `revisions` is read from the history cache the first time it is asked for: an incremental
    build then costs only the entries its new commits touched, until a page needs the rest.
    Two histories are equal when their ids, titles, aliases and revisions are.
    """

    __slots__ = ("id", "title", "aliases", "_revisions", "_load")

    def __init__(
        self,
        id: str,  # noqa: A002 - the entry id, as everywhere else in the registry
        title: str,
        revisions: tuple[Revision, ...] | None = None,
        aliases: tuple[str, ...] = (),
        load: Callable[[], tuple[Revision, ...]] | None = None,
    ) -> None:
        self.id = id
        self.title = title  # at the newest version that parsed, for feeds and change lists
        self.aliases = aliases  # old ids whose revisions are joined into this history
        self._revisions = revisions
        self._load = load

    @property
    def revisions(self) -> tuple[Revision, ...]:
        if self._revisions is None:
            self._revisions = self._load() if self._load is not None else ()
        return self._revisions

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EntryHistory):
            return NotImplemented
        return (self.id, self.title, self.aliases, self.revisions) == (
            other.id,
            other.title,
            other.aliases,
            other.revisions,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"EntryHistory(id={self.id!r}, aliases={self.aliases!r})"

    @property
    def first_published(self) -> dt.date | None:
        """The day the entry (under any of its ids) first appeared on the branch."""
        return self.revisions[-1].date if self.revisions else None

    @property
    def last_changed(self) -> dt.date | None:
        """The day of the newest revision."""
        return self.revisions[0].date if self.revisions else None

    @property
    def first_published_label(self) -> str:
        return day_label(self.first_published) if self.first_published else ""

    @property
    def last_changed_label(self) -> str:
        return day_label(self.last_changed) if self.last_changed else ""

    @property
    def feed_path(self) -> str:
        """Site-relative path of this entry's Atom feed."""
        return urls.entry_feed(self.id)


def day_label(day: dt.date) -> str:
    """A day in words, as the rest of the site writes dates: `4 October 2019`."""
    return day_in_words(day)


@dataclass(frozen=True)
class History:
    """The history of the built branch, or the reason it is unavailable."""

    available: bool
    reason: str = ""
    head: str | None = None
    entries: dict[str, EntryHistory] = field(default_factory=dict)
    #: every id that ever existed as an entry file on the first-parent line
    ids: frozenset[str] = frozenset()
    #: old id -> the id whose history it was joined into
    joined: dict[str, str] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict, compare=False)

    def get(self, entry_id: str) -> EntryHistory | None:
        """Returns the history of `entry_id` (or of the entry that took it over as an alias)."""
        found = self.entries.get(entry_id)
        if found is None and entry_id in self.joined:
            found = self.entries.get(self.joined[entry_id])
        return found

    def recent(
        self, limit: int | None = None, kinds: set[str] | None = None
    ) -> list[tuple[EntryHistory, Revision]]:
        """Returns (entry history, revision) pairs, newest first, optionally only of some kinds."""
        pairs = [
            (history, revision)
            for history in self.entries.values()
            for revision in history.revisions
            if kinds is None or revision.kind in kinds
        ]
        pairs.sort(key=lambda pair: (-pair[1].index, pair[0].id))
        return pairs[:limit] if limit is not None else pairs

"""Old versions of entries, parsed once: a content-addressed store keyed by blob id.

It also keeps each entry's computed history under a fingerprint of everything that history
depends on (its ids, their touches, the redactions, the code), so an incremental build
recomputes only the entries its new commits touched and reads the others back on demand.

A blob id names its bytes forever, so a parsed version never goes stale: the store survives
force pushes and cache misses of the walk, and an incremental build parses only the versions
its new commits added. It lives in one SQLite file under the cache folder (random access for
`Revision.data` without loading 30,000 versions into memory); without a cache folder it is
kept in memory.

Versions are parsed elsewhere (work.py); this module only keeps what was parsed.

A forked child (the steps run beside MkDocs, registry.parallel.in_child) reads revisions
through the store too. SQLite forbids using a connection across fork, so every store opens
a connection of its own in the child, and leaves the inherited one alone.
"""

from __future__ import annotations

import os
import sqlite3
import weakref
from collections.abc import Iterable
from pathlib import Path

import orjson


class BlobStore:
    """Parsed versions by blob id: `{"data": {...}}` or `{"error": "line:col: code: message"}`."""

    def __init__(self, path: Path | None, version: str = "") -> None:
        """Opens (or creates) the store at `path`; emptied if `version` (the loader's) differs."""
        self._memory: dict[str, dict] = {}
        self._entries: dict[str, dict] = {}
        self._db: sqlite3.Connection | None = None
        self._path = path
        self._inherited: list[sqlite3.Connection] = []
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, check_same_thread=False)
            _OPEN.add(self)
            with self._db:
                self._db.execute(
                    "CREATE TABLE IF NOT EXISTS blobs (sha TEXT PRIMARY KEY, parsed TEXT NOT NULL)"
                )
                self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
                self._db.execute(
                    "CREATE TABLE IF NOT EXISTS entries (sig TEXT PRIMARY KEY, stored TEXT NOT NULL)"
                )
                row = self._db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
                if row is None or row[0] != version:
                    # Made by other code: the same bytes might now parse or read differently.
                    self._db.execute("DELETE FROM blobs")
                    self._db.execute("DELETE FROM entries")
                    self._db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (version,))

    def missing(self, shas: Iterable[str]) -> list[str]:
        """Returns the ids among `shas` that have not been parsed yet, in the order given.

        Order matters to the caller: git reads a pack about seven times faster in history order
        (each version is a delta of its neighbour) than in hash order.
        """
        wanted = [sha for sha in dict.fromkeys(shas) if sha not in self._memory]
        if self._db is None or not wanted:
            return wanted
        known: set[str] = set()
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            marks = ",".join("?" * len(part))
            known |= {
                row[0] for row in self._db.execute(f"SELECT sha FROM blobs WHERE sha IN ({marks})", part)
            }
        return [sha for sha in wanted if sha not in known]

    def get(self, sha: str) -> dict:
        """Returns the parsed form of blob `sha` (KeyError if it was never added)."""
        found = self._memory.get(sha)
        if found is not None:
            return found
        if self._db is not None:
            row = self._db.execute("SELECT parsed FROM blobs WHERE sha = ?", (sha,)).fetchone()
            if row is not None:
                return orjson.loads(row[0])
        raise KeyError(sha)

    def add(self, parsed: dict[str, dict]) -> None:
        """Stores parsed versions, and holds them in memory for this build."""
        self._memory.update(parsed)
        if self._db is not None:
            self.add_parsed({sha: orjson.dumps(p) for sha, p in parsed.items()})

    def add_parsed(self, parsed: dict[str, bytes]) -> None:
        """Stores versions already serialised (by the workers), without keeping them in memory."""
        if self._db is None:
            self._memory.update((sha, orjson.loads(text)) for sha, text in parsed.items())
        elif parsed:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO blobs (sha, parsed) VALUES (?, ?)", parsed.items()
                )

    def known_entries(self, sigs: Iterable[str]) -> set[str]:
        """Returns which of these entry-history fingerprints already have a computed result."""
        wanted = set(sigs)
        found = wanted & set(self._entries)
        if self._db is not None:
            for (sig,) in self._db.execute("SELECT sig FROM entries"):
                if sig in wanted:
                    found.add(sig)
        return found

    def get_entry(self, sig: str) -> dict:
        """Returns the computed history (cacheable form) stored under fingerprint `sig`."""
        found = self._entries.get(sig)
        if found is not None:
            return found
        if self._db is not None:
            row = self._db.execute("SELECT stored FROM entries WHERE sig = ?", (sig,)).fetchone()
            if row is not None:
                return orjson.loads(row[0])
        raise KeyError(sig)

    def add_entries(self, computed: dict[str, dict]) -> None:
        """Stores computed entry histories by fingerprint (kept in memory only without a file)."""
        if self._db is None:
            self._entries.update(computed)
        elif computed:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO entries (sig, stored) VALUES (?, ?)",
                    ((sig, orjson.dumps(c)) for sig, c in computed.items()),
                )

    def release(self) -> None:
        """Drops the in-memory copies once the build no longer needs them all at once."""
        if self._db is not None:
            self._memory.clear()


_OPEN: weakref.WeakSet[BlobStore] = weakref.WeakSet()


def _reconnect_in_child() -> None:
    """Gives each open store in a forked child its own connection to the same file.

    The inherited connection is kept, never used nor closed: closing it could touch locks
    and state the parent still holds.
    """
    for store in list(_OPEN):
        if store._db is not None and store._path is not None:
            store._inherited.append(store._db)
            store._db = sqlite3.connect(store._path, check_same_thread=False)


os.register_at_fork(after_in_child=_reconnect_in_child)

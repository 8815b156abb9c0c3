"""The heavy part of the history stage: parse old versions and assemble entry histories.

A cold build at 10,000 entries reads about 40,000 old versions. Parsing them, diffing each
against the one before and serialising them for the store are all pure Python, so they run
in worker processes, one per core. Each worker gets whole entries (every version of each
entry it assembles, as raw bytes) and sends back only text: each version's parsed form as
JSON for the store, and each entry's computed history. The main process never holds the
40,000 parsed versions, which would cost more to pass back than to compute.

Versions of one entry share most of their text, so one worker parses each shared top-level
piece once (`registry.loader.load_data`).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import orjson

from registry.errors import LoadError
from registry.history.assemble import Event, Versions, assemble_entry
from registry.history.gitlog import TooLarge
from registry.history.redactions import Redaction
from registry.loader import too_large
from registry.parallel import process_map
from registry.yaml_pieces import load_data

#: Below this many versions, starting worker processes costs more than it saves.
PARALLEL_FROM = 200
#: About this many versions per unit of work: big enough to share pieces, small enough to balance.
_CHUNK = 64


@dataclass(frozen=True)
class EntryJob:
    """One entry history to compute: its head id, fingerprint, touches and redactions."""

    head: str
    sig: str
    events: list[Event]
    rules: list[tuple[int, Redaction]]


@dataclass(frozen=True)
class Done:
    """What the work sends back: parsed versions as JSON bytes, and computed histories by sig."""

    parsed: dict[str, bytes]
    entries: dict[str, dict]


def parse_version(raw: bytes | TooLarge, pieces: dict[str, dict] | None = None) -> dict:
    """Parses one old version leniently: its data, or the loader's reason for refusing it.

    `pieces` is `load_data`'s cache of parsed top-level fields; pass the same one for
    versions of the same entry, which share most of their text. A version too large to read
    is refused as the loader refuses a file that size.
    """
    if isinstance(raw, TooLarge):
        return {"error": str(too_large(raw.size))}
    try:
        return {"data": load_data(raw, {} if pieces is None else pieces)}
    except LoadError as exc:
        return {"error": str(exc)}
    except Exception as exc:  # noqa: BLE001 - an old version must never stop the build
        return {"error": f"1:1: unreadable: {type(exc).__name__}"}


def compute(
    jobs: list[EntryJob],
    raw: dict[str, bytes | TooLarge | None],
    known: Callable[[str], dict] | None = None,
    text: Callable[[str], bytes | TooLarge | None] | None = None,
) -> Done:
    """Assembles `jobs`, parsing each version in `raw` at most once.

    A version not in `raw` was parsed by an earlier build: `known` returns it (from the
    store) and `text` its bytes (from git); workers get neither, only whole entries.
    """
    pieces: dict[str, dict] = {}
    parsed: dict[str, dict] = {}

    def get(sha: str) -> dict:
        found = parsed.get(sha)
        if found is None:
            if sha in raw or known is None:
                found = parse_version(raw.get(sha) or b"", pieces)
                parsed[sha] = found
            else:
                found = known(sha)
        return found

    def raw_text(sha: str) -> bytes | TooLarge | None:
        if sha in raw or text is None:
            return raw.get(sha)
        return text(sha)

    versions = Versions(get, raw_text)
    entries = {job.sig: assemble_entry(job.head, job.events, job.rules, versions) for job in jobs}
    for sha in raw:  # a version no job needed is still parsed once, for the store
        get(sha)
    return Done({sha: orjson.dumps(p) for sha, p in parsed.items()}, entries)


def compute_all(
    jobs: list[EntryJob],
    raw: dict[str, bytes | TooLarge | None],
    known: Callable[[str], dict],
    text: Callable[[str], bytes | TooLarge | None],
    workers: int | None = None,
) -> list[Done]:
    """Runs `compute` here for a few versions, else in worker processes over whole entries."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if len(raw) < PARALLEL_FROM or workers < 2:
        return [compute(jobs, raw, known, text)]
    # A job touching a version parsed by an earlier build needs the store: do those here.
    local = {job.sig for job in jobs if any(sha not in raw for sha in _blobs(job))}
    here = [job for job in jobs if job.sig in local]
    done = [compute(here, {sha: raw[sha] for job in here for sha in _blobs(job) if sha in raw}, known, text)]
    covered = {sha for job in jobs for sha in _blobs(job)}
    done.append(compute([], {sha: data for sha, data in raw.items() if sha not in covered}))
    remote = [job for job in jobs if job.sig not in local]
    # Spawned, never forked: the history stage runs in a thread beside loading (registry.build).
    done.extend(process_map(_compute_chunk, _chunks(remote, raw), workers, method="spawn"))
    return done


def _blobs(job: EntryJob) -> Iterator[str]:
    """The versions a job reads (a deletion has none)."""
    return (event[3] for event in job.events if event[3])


def _compute_chunk(args: tuple[list[EntryJob], dict[str, bytes | TooLarge | None]]) -> Done:
    # Workers are spawned (compute_all): what the fresh interpreter has imported stays put, so
    # collections during the job need not walk it again.
    gc.freeze()
    return compute(*args)


def _chunks(jobs: list[EntryJob], raw: dict[str, bytes | TooLarge | None]) -> Iterator[tuple[list, dict]]:
    """Cuts the jobs into units of about _CHUNK versions, each with the bytes it needs."""
    chunk: list[EntryJob] = []
    blobs: dict[str, bytes | TooLarge | None] = {}
    for job in jobs:
        chunk.append(job)
        blobs.update((sha, raw[sha]) for sha in _blobs(job) if sha in raw)
        if len(blobs) >= _CHUNK:
            yield chunk, blobs
            chunk, blobs = [], {}
    if chunk:
        yield chunk, blobs

"""The history stage: per-entry revisions and field-level changes from one walk of git.

`read_history(root, cache_dir)` is the only entry point the build calls. It runs one
first-parent `git log` over the built branch and one `git cat-file --batch` (gitlog.py),
parses old versions leniently through the hardened loader (store.py), matches each entry's
versions across renames and computes plain-language changes with redactions applied
(assemble.py, changes.py, redactions.py), and caches all of it by HEAD (cache.py) so the next
build walks only the new commits. Without `.git` the site still builds: history is then
`available=False`. A shallow clone is an error (HistoryUnavailable), see gitlog.py.
"""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from registry.errors import EntryProblems, Problem
from registry.history.assemble import (
    CommitInfo,
    Event,
    Versions,
    aliases_of,
    build_chains,
    signature,
    to_revisions,
)
from registry.history.cache import cached_heads, code_fingerprint, load_walk, parser_fingerprint, save_walk
from registry.history.commits import describe_commit, shown_author
from registry.history.gitlog import (
    TooLarge,
    is_ancestor,
    open_repository,
    read_blob_text,
    read_commit_texts,
    read_objects,
    walk_log,
)
from registry.history.model import Change, EntryHistory, History, Revision
from registry.history.public_subjects import load_wordings, reworded
from registry.history.redactions import (
    Redaction,
    first_holding,
    load_redactions,
    names_a_value,
    no_such_commit,
    no_such_entry,
    no_such_value,
    still_stands,
    with_texts,
)
from registry.history.store import BlobStore
from registry.history.work import EntryJob, compute_all, parse_version
from registry.loader import MAX_BYTES
from registry.parallel import in_background

__all__ = ["Change", "EntryHistory", "History", "Revision", "published_ids", "read_history"]


def read_history(root: Path, cache_dir: Path | None = None) -> History:
    """Returns the history of every entry on the branch checked out at `root`.

    Runs git in `root`; reads `entries/redactions.yaml` and `entries/public-subjects.yaml`;
    reads and writes `cache_dir` (the walk cache and the parsed-version store) when given.
    Raises HistoryUnavailable on a shallow clone and EntryProblems for a malformed or
    unresolvable redaction or wording.
    """
    root = Path(root)
    repo, head = open_repository(root)
    if repo is None:
        return History(available=False, reason=head)
    try:
        return _read(repo, root, head, Path(cache_dir) if cache_dir is not None else None)
    finally:
        repo.close()


def published_ids(history: History) -> set[str]:
    """Every id that ever existed as an entry file on the first-parent line of the branch."""
    return set(history.ids)


def _read(repo: Any, root: Path, head: str, cache_dir: Path | None) -> History:
    """The whole stage, in the order of its laps: the walk (the cached one, extended by the new
    commits), the problems of the two history files, the entries whose history must be
    computed again, the store and the cache, and the histories, loaded when a page asks."""
    clock = _Clock()
    code = code_fingerprint()
    problems: list[Problem] = []  # every problem of the two history files, as `check` lists them
    redactions = _listed(load_redactions, root, problems)
    wordings = _listed(load_wordings, root, problems)
    store = BlobStore(cache_dir / "blobs.sqlite" if cache_dir else None, version=parser_fingerprint())
    walk = _cached_walk(repo, cache_dir, head, code)
    commits = [CommitInfo(*c) for c in walk["commits"]] if walk else []
    events: list[Event] = [tuple(e) for e in walk["events"]] if walk else []
    mode = "cold" if walk is None else "cached" if walk["head"] == head else "incremental"
    new = walk_log(repo, head, since=walk["head"] if walk else None) if mode != "cached" else []
    raw = _read_new(repo, store, new, commits, events, clock)
    versions = Versions(_parsed(store, repo), lambda blob: read_blob_text(repo, blob))
    by_id: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        by_id[event[1]].append(event)
    aliases = _aliases_by_id(by_id, (walk or {}).get("aliases", {}), raw, versions)
    chains = build_chains({entry_id: evs[-1][3] for entry_id, evs in by_id.items()}, aliases)
    rules = _resolve(redactions, commits, chains, by_id, versions, problems)
    shown = _listed(reworded, commits, problems, wordings)
    if problems:  # before the work: nothing is computed, or cached, from files that do not apply
        raise EntryProblems(sorted(problems))
    lasts = {i: (i, len(evs), commits[evs[-1][0]].sha, evs[-1][3]) for i, evs in by_id.items()}
    sigs = {
        head_id: signature(code, [lasts[i] for i in chain], _rules_of(chain, rules))
        for head_id, chain in chains.items()
    }
    jobs = _jobs(store, chains, sigs, by_id, rules)
    computed = _computed(store, jobs, raw, versions, clock)
    cached_titles = (walk or {}).get("titles", {})
    titles = {
        head_id: computed[sig]["title"]
        if sig in computed
        else cached_titles.get(sig) or store.get_entry(sig)["title"]
        for head_id, sig in sigs.items()
    }
    clock.lap("store")
    if cache_dir is not None and (mode != "cached" or computed):
        walked: dict[str, Any] = {"code": code, "head": head}
        walked["commits"] = [[c.sha, c.time, c.author, c.subject, c.pr] for c in commits]
        walked["events"] = [list(e) for e in events]
        walked["aliases"] = {i: [_last_blob(evs), aliases[i]] for i, evs in by_id.items()}
        walked["titles"] = {sigs[h]: titles[h] for h in chains}
        save_walk(cache_dir, head, walked)
    clock.lap("save")
    store.release()
    histories = {
        head_id: EntryHistory(
            head_id,
            titles[head_id],
            aliases=tuple(chains[head_id][1:]),
            # `shown`: the subjects reworded after the cache, which keeps git's own
            load=_revisions_loader(store, sigs[head_id], shown, _rules_of(chains[head_id], rules), versions),
        )
        for head_id in sorted(chains)
    }
    clock.lap("objects")
    return History(
        available=True,
        head=head,
        entries=histories,
        ids=frozenset(by_id),
        joined={old: h for h, chain in chains.items() for old in chain[1:]},
        stats={
            "mode": mode,
            "commits": len(shown),
            "parsed": len(raw),
            "recomputed": len(computed),
            "seconds": clock.laps,
        },
    )


def _read_new(
    repo: Any, store: BlobStore, new: list, commits: list[CommitInfo], events: list[Event], clock: _Clock
) -> dict[str, bytes | TooLarge | None]:
    """Adds the new commits (and what each touched) to `commits` and `events`; returns the bytes
    of the versions they touched that the store lacks.

    The old versions' bytes are read (newest first, as git log lists them: neighbouring
    versions share deltas in the pack) while the commit texts are read: two git processes.
    A version over an entry's size limit is read as its size alone (gitlog.TooLarge).
    """
    wanted = store.missing(t.blob for c in reversed(new) for t in reversed(c.touches) if t.blob)
    with in_background("blob-reader", lambda: dict(read_objects(repo, wanted, MAX_BYTES))) as reading:
        read_commit_texts(repo, new)
        for commit in new:
            subject, pr = describe_commit(commit.message)
            index = len(commits)
            commits.append(CommitInfo(commit.sha, commit.time, shown_author(commit.author), subject, pr))
            events.extend((index, t.entry_id, t.path, t.blob) for t in commit.touches)
        clock.lap("log")
        raw = reading.join()
    clock.lap("read")
    return raw


def _last_blob(events: list[Event]) -> str | None:
    """The entry's last version that has a file (None if every event is a deletion)."""
    return next((e[3] for e in reversed(events) if e[3]), None)


def _aliases_by_id(
    by_id: dict[str, list[Event]],
    cached: dict[str, list],
    raw: dict[str, bytes | TooLarge | None],
    versions: Versions,
) -> dict[str, list[str]]:
    """Each id's aliases, as its last version with a file lists them: from the cache when that
    version is the one the cache read, else read from the version."""
    aliases: dict[str, list[str]] = {}
    for entry_id, evs in by_id.items():
        last = _last_blob(evs)
        hit = cached.get(entry_id)
        aliases[entry_id] = hit[1] if hit and hit[0] == last else _aliases(last, raw, versions)
    return aliases


def _jobs(
    store: BlobStore,
    chains: dict[str, list[str]],
    sigs: dict[str, str],
    by_id: dict[str, list[Event]],
    rules: dict[str, list[tuple[int, Redaction]]],
) -> list[EntryJob]:
    """One job for each record whose signature (its versions, the redactions, this code) the
    store has not computed yet: an unchanged record is never computed again."""
    known = store.known_entries(sigs.values())
    jobs: dict[str, EntryJob] = {}
    for head_id, chain in chains.items():
        if sigs[head_id] not in known and sigs[head_id] not in jobs:
            chain_events = sorted((e for i in chain for e in by_id[i]), key=lambda e: (e[0], e[2]))
            jobs[sigs[head_id]] = EntryJob(head_id, sigs[head_id], chain_events, _rules_of(chain, rules))
    return list(jobs.values())


def _computed(
    store: BlobStore,
    jobs: list[EntryJob],
    raw: dict[str, bytes | TooLarge | None],
    versions: Versions,
    clock: _Clock,
) -> dict[str, dict]:
    """Runs the jobs (on every core) and stores what they computed; returns signature -> entry."""
    parts = compute_all(jobs, raw, versions.parsed, versions.text)
    clock.lap("parse")
    # Stored after the work, not during it (the workers have every core), in one transaction.
    store.add_parsed({sha: text for part in parts for sha, text in part.parsed.items()})
    computed = {sig: entry for part in parts for sig, entry in part.entries.items()}
    store.add_entries(computed)
    return computed


def _rules_of(chain: list[str], rules: dict[str, list[tuple[int, Redaction]]]) -> list[tuple[int, Redaction]]:
    return [rule for entry_id in chain for rule in rules.get(entry_id, [])]


def _revisions_loader(store: BlobStore, sig: str, commits, rules, versions):
    def load():
        return to_revisions(store.get_entry(sig), commits, rules, versions)

    return load


def _cached_walk(repo: Any, cache_dir: Path | None, head: str, code: str) -> dict | None:
    """The cached walk to extend: at HEAD itself, or at an ancestor of it; else None (cold)."""
    for cached_head in cached_heads(cache_dir):
        if cached_head == head or is_ancestor(repo, cached_head, head):
            walk = load_walk(cache_dir, cached_head, code)
            if walk is not None:
                return walk
    return None


def _aliases(blob: str | None, raw: dict[str, bytes | TooLarge | None], versions: Versions) -> list[str]:
    """The aliases of a version; one read but not yet parsed is parsed only if it may have any."""
    if blob in raw and not (isinstance(raw[blob], bytes) and b"aliases" in raw[blob]):
        return []  # the word is not in the file (or nothing of it was read): no field to find
    return aliases_of(versions.data(blob))


def _parsed(store: BlobStore, repo: Any):
    """Parsed versions from the store; one the store lacks (a deleted store file) is parsed now."""

    def get(blob: str) -> dict:
        try:
            return store.get(blob)
        except KeyError:
            found = parse_version(read_blob_text(repo, blob) or b"")
            store.add({blob: found})
            return found

    return get


def _listed(read: Any, first: Any, problems: list[Problem], *more: Any) -> list:
    """What `read(first, *more)` returns, or [] when it raises EntryProblems, which join
    `problems`: one file's problems never hide the other's (check lists them all too)."""
    try:
        return read(first, *more)
    except EntryProblems as exc:
        problems.extend(exc.problems)
        return []


def _resolve(
    redactions: list[Redaction],
    commits: list[CommitInfo],
    chains: dict[str, list[str]],
    by_id: dict[str, list[Event]],
    versions: Versions,
    problems: list[Problem],
) -> dict[str, list[tuple[int, Redaction]]]:
    """Returns entry id -> [(commit index, redaction)]; adds to `problems` one for each that
    names nothing: no such entry, no such commit on the branch's first-parent line, or no such
    field in the entry as it stood at that commit (a version that cannot be read is taken on
    trust), or whose value a later version still holds."""
    known = {i for chain in chains.values() for i in chain}
    resolved: dict[str, list[tuple[int, Redaction]]] = defaultdict(list)
    for redaction in redactions:
        try:
            at, followed = _commit_of(redaction, commits, chains, by_id, versions, known)
        except EntryProblems as exc:
            problems.extend(exc.problems)
            continue
        resolved[redaction.entry].append((at, followed))
    return resolved


def _commit_of(
    redaction: Redaction,
    commits: list[CommitInfo],
    chains: dict[str, list[str]],
    by_id: dict[str, list[Event]],
    versions: Versions,
    known: set[str],
) -> tuple[int, Redaction]:
    """The index of the commit `redaction` names, and the redaction knowing the texts it hides
    there (`with_texts`; none when that version cannot be read); raises EntryProblems if it
    names nothing."""
    if redaction.entry not in known:
        raise no_such_entry(redaction)
    matches = [i for i, c in enumerate(commits) if c.sha.startswith(redaction.commit)]
    if len(matches) != 1:
        raise no_such_commit(redaction, len(matches))
    at = matches[0]
    # The record's versions under every id it had: a value may outlive a rename, and a
    # redaction may name an old id for a commit after the rename (or the new id before it).
    chain = next((c for c in chains.values() if redaction.entry in c), [redaction.entry])
    then = sorted((e for i in chain for e in by_id[i] if e[0] <= at), key=lambda e: (e[0], e[3] is not None))
    data = versions.data(then[-1][3] if then else None)
    if data is not None and not names_a_value(data, redaction):
        raise no_such_value(redaction, commits[at].sha)
    later = sorted((e for i in chain for e in by_id[i] if e[0] > at and e[3] is not None), key=lambda e: e[0])
    redaction = with_texts(redaction, data) if data else redaction
    held = first_holding(data, redaction, ((e[0], versions.data(e[3])) for e in later)) if data else None
    if held is not None:
        raise still_stands(redaction, commits[held].sha)
    return at, redaction


class _Clock:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self._last, 3)
        self._last = now

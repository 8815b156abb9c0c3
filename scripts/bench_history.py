#!/usr/bin/env python3
"""Benchmark of the history stage against the floor set by git itself.

    python scripts/bench_history.py REPO            # an existing registry checkout
    python scripts/bench_history.py --make OUT --entries 10000 --commits 30000 --seed 1

The floor is what no history reader can avoid, measured in the same run on the same history:
one bare `git log --first-parent --raw --no-abbrev -z` over entries/ plus one
`git cat-file --batch` of every blob that log names. It parses no YAML. Against it we time
`read_history` cold (empty cache), then incremental (one new commit on top, warm cache),
then cached (nothing new), and say how much of the cold time is parsing old versions.
The new commit is removed again afterwards (`git reset --hard HEAD~1`), so the repository
is left as it was. Targets (issue 4): cold within 3x of the floor; incremental under 1 s.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from registry.history import read_history  # noqa: E402
from registry.history.work import parse_version  # noqa: E402

_RAW_BLOB = re.compile(rb":\d{6} \d{6} [0-9a-f]{40} ([0-9a-f]{40}) [A-Z]")


def floor(repo: Path) -> tuple[float, float, int]:
    """Returns (git log seconds, cat-file seconds, blobs read): git's own cost, no parsing."""
    start, cpu = time.perf_counter(), _cpu()
    log = subprocess.run(
        [
            "git",
            "log",
            "--first-parent",
            "--raw",
            "--no-abbrev",
            "--no-renames",
            "-z",
            "HEAD",
            "--",
            "entries/",
        ],
        cwd=repo,
        capture_output=True,
        check=True,
    ).stdout
    log_seconds = time.perf_counter() - start
    # In log order, as read_history reads them (hash order is about 7x slower on a big pack).
    blobs = list(dict.fromkeys(m for m in _RAW_BLOB.findall(log) if m != b"0" * 40))
    start = time.perf_counter()
    subprocess.run(
        ["git", "cat-file", "--batch", "--buffer"],
        cwd=repo,
        input=b"".join(b + b"\n" for b in blobs),
        capture_output=True,
        check=True,
    )
    print(f"  [floor: CPU {_cpu() - cpu:.2f} s]")
    return log_seconds, time.perf_counter() - start, len(blobs)


def add_commit(repo: Path) -> None:
    """Commits one small edit (a review date) to the first entry file, with pinned dates."""
    target = sorted((repo / "entries").glob("*/*.yaml"))[0]
    text = target.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(  last_reviewed: ).*$", r"\g<1>2030-01-01", text, count=1)
    target.write_text(text, encoding="utf-8")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Bench Mark",
        "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "Bench Mark",
        "GIT_COMMITTER_EMAIL": "bench@example.org",
        "GIT_AUTHOR_DATE": "@2000000000 +0000",
        "GIT_COMMITTER_DATE": "@2000000000 +0000",
    }
    subprocess.run(
        ["git", "commit", "-q", "-m", "bench: review", "--", str(target)], cwd=repo, env=env, check=True
    )


def cold_run(repo: Path, cache: Path, floor_s: float) -> None:
    cold_s, cold = timed(repo, cache)
    laps = cold.stats["seconds"]
    work = laps["parse"]
    revisions = sum(len(h.revisions) for h in cold.entries.values())
    print(
        f"cold: {cold_s:.2f} s = {cold_s / floor_s:.2f}x the floor; {cold.stats['commits']} commits, "
        f"{len(cold.entries)} entries, {revisions} revisions, {cold.stats['parsed']} versions parsed"
    )
    print("  stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in laps.items()))
    print(
        f"  parsing and diffing old versions (the 'parse' stage, in worker processes): {work:.2f} s "
        f"({work / cold_s:.0%} of cold); without it: {cold_s - work:.2f} s = "
        f"{(cold_s - work) / floor_s:.1f}x the floor"
    )
    parse_cpu, versions = parse_alone(repo)
    print(f"  of which parsing alone, timed in this process: {parse_cpu:.2f} s CPU for {versions} versions")


def parse_alone(repo: Path) -> tuple[float, int]:
    """CPU seconds `load_data` takes for every version, one entry at a time as the workers do."""
    log = subprocess.run(
        ["git", "log", "--first-parent", "--raw", "--no-abbrev", "--no-renames", "--format=", "HEAD"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    by_path: dict[str, list[str]] = {}
    for line in log.splitlines():
        fields = line.split()
        if len(fields) >= 6 and fields[5].startswith("entries/") and fields[3] != "0" * 40:
            by_path.setdefault(fields[5], []).append(fields[3])
    shas = list(dict.fromkeys(sha for shas in by_path.values() for sha in shas))
    raw = _cat_files(repo, shas)
    start = time.process_time()
    for shas_of_one in by_path.values():
        pieces: dict = {}
        for sha in dict.fromkeys(shas_of_one):
            parse_version(raw[sha], pieces)
    return time.process_time() - start, len(shas)


def _cat_files(repo: Path, shas: list[str]) -> dict[str, bytes]:
    out = subprocess.run(
        ["git", "cat-file", "--batch"],
        cwd=repo,
        input=b"".join(s.encode() + b"\n" for s in shas),
        capture_output=True,
        check=True,
    ).stdout
    found, pos = {}, 0
    while pos < len(out):
        end = out.index(b"\n", pos)
        sha, _, size = out[pos:end].split()
        found[sha.decode()] = out[end + 1 : end + 1 + int(size)]
        pos = end + 2 + int(size)
    return found


def timed(repo: Path, cache: Path):
    """Returns (wall seconds, history); prints CPU seconds too, which other load disturbs less."""
    start, cpu = time.perf_counter(), _cpu()
    history = read_history(repo, cache)
    wall = time.perf_counter() - start
    print(f"  [read_history: wall {wall:.2f} s, CPU {_cpu() - cpu:.2f} s incl. git and workers]")
    return wall, history


def _cpu() -> float:
    """CPU seconds used by this process and its finished children (git, parse workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", nargs="?", help="an existing registry repository")
    parser.add_argument("--make", metavar="OUT", help="first make a synthetic registry at OUT")
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--commits", type=int, default=30_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--warm-cache", metavar="DIR", help="skip the cold run and time incremental reads against this cache"
    )
    args = parser.parse_args()
    if args.make:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from make_synthetic import make_registry

        make_registry(Path(args.make), args.entries, args.commits, args.seed)
        repo = Path(args.make)
    elif args.repo:
        repo = Path(args.repo)
    else:
        parser.error("give REPO or --make OUT")
    repo = repo.resolve()
    log_s, cat_s, blobs = floor(repo)
    floor_s = log_s + cat_s
    print(f"floor: git log {log_s:.2f} s + cat-file {cat_s:.2f} s ({blobs} blobs) = {floor_s:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(args.warm_cache) if args.warm_cache else Path(tmp) / "cache"
        if not args.warm_cache:
            cold_run(repo, cache, floor_s)
        # Keep the walk at HEAD, so the cache is warm again after the new commit is undone.
        walks = {p: p.read_bytes() for p in cache.glob("walk-*.json")}
        add_commit(repo)
        try:
            warm_s, warm = timed(repo, cache)
            print(
                f"incremental (1 new commit): {warm_s:.2f} s, mode {warm.stats['mode']}, "
                f"{warm.stats['parsed']} parsed, {warm.stats['recomputed']} entries recomputed"
            )
            print("  stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in warm.stats["seconds"].items()))
            start = time.perf_counter()
            revisions = sum(len(h.revisions) for h in warm.entries.values())
            took = time.perf_counter() - start
            print(f"  then materialising all {revisions} revisions (as the pages do): {took:.2f} s")
            same_s, _ = timed(repo, cache)
            print(f"cached (no new commit): {same_s:.2f} s")
        finally:
            subprocess.run(["git", "reset", "-q", "--hard", "HEAD~1"], cwd=repo, check=True)
            for path, content in walks.items():
                path.write_bytes(content)
    return 0


if __name__ == "__main__":
    sys.exit(main())

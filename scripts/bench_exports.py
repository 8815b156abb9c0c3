#!/usr/bin/env python3
"""Benchmark the open-data stages on a synthetic registry: their time against the whole build,
the size of every export, and the revision pages.

    python scripts/bench_exports.py --entries 10000 --commits 30000 [--seed 1] [--keep DIR] [--reuse DIR]

Makes a synthetic registry with history (scripts/make_synthetic.py; `--reuse` takes one
made before), copies this checkout's mkdocs.yml and site_templates/ into it, runs the real
`registry build` and reports each stage's seconds. The EXPORTS stages are `exports` (the
/api/v1/ files), `revisions` (a redirect page and a JSON file per revision address listed in
entries/published-revisions.txt: none in a synthetic registry, which never published any),
`redirects`, `sitemap` and `guard`; their sum is compared with the whole build (budget: at most 10%). Then the
exports are written twice more into scratch folders from the same context, alone, to time
them without the noise of a loaded machine, and to check that the bytes are identical.

Sizes: registry.sqlite (budget: under 50 MB, read as 50,000,000 bytes) with the bytes of each of
its tables and indexes (SQLite's dbstat), the other /api/v1/ files, the revision pages and their
JSON (count and bytes). A benchmark, not a test: it prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from make_synthetic import make_registry, use_this_site  # noqa: E402

from registry.build import BuildContext, build_site, read_site_config  # noqa: E402
from registry.entries import load_registry  # noqa: E402
from registry.exports import export_files  # noqa: E402
from registry.exports.revisions import revision_files  # noqa: E402
from registry.history import read_history  # noqa: E402
from registry.output import Site  # noqa: E402

EXPORT_STAGES = ("exports", "revisions", "redirects", "sitemap", "guard")
MB = 1024 * 1024
SQLITE_BUDGET = 50_000_000  # bytes: "under 50 MB", in the stricter decimal reading


def sqlite_tables(path: Path) -> dict[str, float]:
    """Decimal megabytes of every table and index in a SQLite file, largest first (dbstat)."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC, 1")
        return {name: round(size / 1e6, 2) for name, size in rows}
    except sqlite3.OperationalError:  # a SQLite built without dbstat
        return {}
    finally:
        db.close()


def folder_size(folder: Path, pattern: str = "*") -> tuple[int, int]:
    """(number of files, bytes) under `folder` matching `pattern`."""
    files = [p for p in folder.rglob(pattern) if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def bench(root: Path, work: Path) -> dict:
    stages: dict[str, float] = {}

    def report(name: str, seconds: float, detail: str) -> None:
        stages[name] = round(seconds, 2)
        print(f"  {name:<10} {seconds:8.2f} s  {detail}", file=sys.stderr, flush=True)

    start = time.perf_counter()
    build_site(root, site_dir=work / "site", work_dir=work / "build", report=report)
    total = time.perf_counter() - start
    site = work / "site"
    api = site / "api" / "v1"
    ours = sum(stages.get(s, 0.0) for s in EXPORT_STAGES)

    history = read_history(root, work / "build" / "cache")
    ctx = BuildContext(root, load_registry(root), history, read_site_config(root), work / "docs")
    alone = []
    for attempt in range(2):
        scratch = work / f"again-{attempt}"
        t = time.perf_counter()
        Site(scratch).write("exports", export_files(ctx))
        alone.append(round(time.perf_counter() - t, 2))
    identical = all(
        p.read_bytes() == (work / "again-1" / p.relative_to(work / "again-0")).read_bytes()
        for p in (work / "again-0").rglob("*")
        if p.is_file()
    )
    t = time.perf_counter()
    Site(work / "again-revisions").write("revisions", revision_files(ctx))
    revisions_alone = round(time.perf_counter() - t, 2)

    pages, page_bytes = folder_size(site / "deployments", "revisions/*/index.html")
    docs, doc_bytes = folder_size(api / "deployments", "revisions/*.json")
    _, site_bytes = folder_size(site)
    sqlite_bytes = (api / "registry.sqlite").stat().st_size
    return {
        "entries": len(ctx.files),
        "build_seconds": round(total, 1),
        "stages": stages,
        "export_stages_seconds": round(ours, 2),
        "export_share_of_build": f"{100 * ours / total:.1f}%",
        "export_files_alone_seconds": alone,
        "revision_files_alone_seconds": revisions_alone,
        "exports_identical_bytes": identical,
        "sqlite_mb": round(sqlite_bytes / MB, 1),
        "sqlite_bytes": sqlite_bytes,
        "sqlite_under_budget": sqlite_bytes < SQLITE_BUDGET,
        "sqlite_tables_decimal_mb": sqlite_tables(api / "registry.sqlite"),
        "deployments_json_mb": round((api / "deployments.json").stat().st_size / MB, 1),
        "deployments_csv_mb": round((api / "deployments.csv").stat().st_size / MB, 1),
        "entry_json_mb": round(folder_size(api / "deployments", "*.json")[1] / MB - doc_bytes / MB, 1),
        "revision_pages": pages,
        "revision_pages_mb": round(page_bytes / MB, 1),
        "revision_json_mb": round(doc_bytes / MB, 1),
        "revision_json": docs,
        "site_mb": round(site_bytes / MB, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--commits", type=int, default=30_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--keep", type=Path, help="work here and keep everything (default: a temporary folder)"
    )
    parser.add_argument(
        "--reuse", type=Path, help="an existing synthetic registry to build instead of making one"
    )
    args = parser.parse_args(argv)
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-exports-"))
    try:
        root = args.reuse or base / "registry"
        if args.reuse is None:
            t = time.perf_counter()
            make_registry(root, args.entries, args.commits, args.seed)
            print(f"made the registry in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        use_this_site(root)
        print(json.dumps(bench(root, base / "work"), indent=2))
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

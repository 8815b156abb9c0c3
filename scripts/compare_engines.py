#!/usr/bin/env python3
"""Builds the same registry with the old engine (MkDocs 1.6.1) and the current one (ProperDocs)
and diffs the whole sites; then builds again with the current one to show the bytes repeat.

    python scripts/compare_engines.py [--entries 1000] [--seed 1] [--keep DIR] [--no-checkout]

Why a script: issue 21 moved the build from MkDocs to ProperDocs on the promise that the site
comes out the same. This keeps that promise checkable whenever either engine or Material
changes. It builds this checkout's own registry (its `entries/`, read here and never by a
test) and a synthetic one (scripts/make_synthetic.py, 3 commits per entry), each three times
into fresh folders: `registry.engine.ENGINE = "mkdocs"`, then `"properdocs"` twice. MkDocs
1.6.1 is still installed because Material requires it, so both run in this one venv.

Every file that differs is explained by one of KNOWN (a rewrite applied to both sides that
makes them equal) or printed as unexplained; the exit status is 1 if anything is
unexplained or the two ProperDocs builds differ in any byte. Also prints each build's
engine-stage and whole-build seconds.
"""

from __future__ import annotations

import argparse
import difflib
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from make_synthetic import make_registry, use_this_site  # noqa: E402

from registry import engine  # noqa: E402
from registry.build import build_site  # noqa: E402

#: Differences that are expected, each with why. A rewrite maps both sides to the same text.
KNOWN: list[tuple[str, re.Pattern[str], str]] = [
    (
        "generator meta: Material prints `mkdocs-{{ mkdocs_version }}`, and ProperDocs sets that"
        " version to `ProperDocs 1.6.7` (MkDocs: `1.6.1`)",
        re.compile(r'<meta name="generator" content="mkdocs-[^",]*, '),
        '<meta name="generator" content="mkdocs-ENGINE, ',
    ),
]


def build(root: Path, out: Path, name: str) -> tuple[Path, float, float]:
    """Builds `root` with engine `name` into `out/<name>-N/`; returns the site and seconds."""
    engine.ENGINE = name
    n = 1 + sum(1 for _ in out.glob(f"{name}-*")) if out.is_dir() else 1
    site, work = out / f"{name}-{n}", out / f"work-{name}-{n}"
    start = time.perf_counter()
    timings = build_site(root, site_dir=site, work_dir=work)
    return site, timings["engine"], time.perf_counter() - start


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def explain(old: bytes, new: bytes) -> str | None:
    """The KNOWN reason that makes `old` and `new` equal, or None."""
    try:
        a, b = old.decode("utf-8"), new.decode("utf-8")
    except UnicodeDecodeError:
        return None
    for why, pattern, replacement in KNOWN:
        if pattern.sub(replacement, a) == pattern.sub(replacement, b):
            return why
    return None


def compare(old_site: Path, new_site: Path) -> tuple[Counter[str], list[str]]:
    """Explained differences by reason, and a report line (with a diff) per unexplained one."""
    old, new = files_of(old_site), files_of(new_site)
    reasons: Counter[str] = Counter()
    unexplained = [f"only in the old site: {path}" for path in sorted(set(old) - set(new))]
    unexplained += [f"only in the new site: {path}" for path in sorted(set(new) - set(old))]
    for path in sorted(set(old) & set(new)):
        if old[path] == new[path]:
            continue
        why = explain(old[path], new[path])
        if why:
            reasons[why] += 1
            continue
        excerpt = difflib.unified_diff(
            old[path].decode("utf-8", "replace").splitlines(),
            new[path].decode("utf-8", "replace").splitlines(),
            lineterm="",
            n=0,
        )
        unexplained.append(f"{path} differs:\n    " + "\n    ".join(list(excerpt)[2:12]))
    return reasons, unexplained


def run_one(label: str, root: Path, out: Path) -> bool:
    """Builds `root` three times and reports; True when everything is explained and repeatable."""
    shutil.rmtree(out, ignore_errors=True)
    old_site, old_engine, old_total = build(root, out, "mkdocs")
    new_site, new_engine, new_total = build(root, out, "properdocs")
    again_site, again_engine, again_total = build(root, out, "properdocs")
    count = len(files_of(new_site))
    reasons, unexplained = compare(old_site, new_site)
    repeat_reasons, repeat_diff = compare(new_site, again_site)
    print(f"\n## {label}: {count} files")
    print(f"engine stage: mkdocs {old_engine:.2f} s, properdocs {new_engine:.2f} s / {again_engine:.2f} s")
    print(f"whole build:  mkdocs {old_total:.2f} s, properdocs {new_total:.2f} s / {again_total:.2f} s")
    print(f"identical files: {count - sum(reasons.values()) - len(unexplained)}")
    for why, n in reasons.items():
        print(f"explained ({n} files): {why}")
    for line in unexplained:
        print(f"UNEXPLAINED: {line}")
    same = not repeat_reasons and not repeat_diff
    print("two properdocs builds: " + ("byte-identical" if same else "DIFFER"))
    for line in repeat_diff + [f"{why} ({n})" for why, n in repeat_reasons.items()]:
        print(f"  {line}")
    return same and not unexplained


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000, help="synthetic registry size (0: none)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="build here and keep everything (default: a temp folder)")
    parser.add_argument("--no-checkout", action="store_true", help="skip this checkout's own registry")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="compare-engines-"))
    base.mkdir(parents=True, exist_ok=True)
    ok = True
    try:
        if not args.no_checkout:
            ok &= run_one("this checkout's registry", ROOT, base / "checkout")
        if args.entries:
            root = base / f"registry-{args.entries}"
            if not (root / ".git").is_dir():
                make_registry(root, args.entries, 3 * args.entries, args.seed)
            use_this_site(root)
            ok &= run_one(f"synthetic registry, {args.entries} entries", root, base / f"sites-{args.entries}")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print("\nall differences explained, builds repeatable" if ok else "\nFAILED: see above")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

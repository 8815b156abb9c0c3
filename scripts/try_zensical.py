#!/usr/bin/env python3
"""Trial: does Zensical build our generated pages, what breaks, and how fast is it against ProperDocs?

    python scripts/try_zensical.py --zensical /work/venvs/zensical-trial/bin/zensical \\
        [--entries 1000] [--entries 10000] [--repeat 3] [--keep DIR [--reuse-pages]]
        [--zensical-search]

Run it with the project's venv (it generates the pages with `registry`); Zensical runs from
its own venv, named by `--zensical`, because it is not a dependency of the project and this
script installs nothing. Setting that venv up:

    python3.11 -m venv /work/venvs/zensical-trial
    /work/venvs/zensical-trial/bin/pip install zensical

(zensical 0.1.x requires `zensical-ui`, its theme; HACKING.md says what to do where the
package index offers no zensical-ui, as on the machine the figures there were taken on.)

For each size: a synthetic registry (scripts/make_synthetic.py, 3 commits per entry) is
built once by the real `registry build`, which leaves the generated pages and the theme
overrides in its work folder. Those are copied into a trial folder with a config that
inherits nothing (Zensical wants relative folders) plus one canary page carrying a
`<script>`, which our sanitising hook must remove. Then the same folder is built, cold,
`--repeat` times by each engine, alternating: ProperDocs exactly as the build runs it
(strict, our hook), `zensical build --clean` and, while Material keeps it installed, MkDocs
1.6.1 as ProperDocs runs; then Zensical once more without `--clean` (its cache). What the
Zensical and ProperDocs sites differ in is reported by the named checks in `findings`.
Zensical's built-in search is switched off unless `--zensical-search`: with it on, Zensical
0.1.4 writes a 10.9 MB search.json at 1,000 entries and fails at 10,000 (a field over its
index limit). An engine that fails is reported with its last line, not a traceback. Prints
JSON on stdout, progress on stderr. A trial, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from make_synthetic import make_registry, use_this_site  # noqa: E402

from registry import engine  # noqa: E402
from registry.build import build_site  # noqa: E402

CANARY = "deployments/zz-trial-canary/index.md"  # matches not_in_nav, like every entry page
CANARY_TEXT = '---\ntitle: "Canary"\n---\n\n<div class="canary"><p>kept</p><script>alert(1)</script></div>\n'
#: What a move would set for Zensical alone: its built-in search off (Pagefind is ours; with it
#: on, Zensical writes a search.json of 10.9 MB at 1,000 entries whatever `plugins` says), and
#: the `classic` variant, which keeps Material's look (the default `modern` does not).
ZENSICAL_SETTINGS = {"plugins": [{"search": {"enabled": False}}]}
ZENSICAL_THEME = {"variant": "classic"}
CONTENT = re.compile(r"<!--registry:content-->(.*?)<!--/registry:content-->", re.S)


def prepare(entries: int, seed: int, base: Path, reuse: bool) -> tuple[Path, float | None]:
    """A synthetic registry built once by the real build (or, with `reuse`, the pages an earlier
    run left in `base`); returns the trial folder and the build's seconds."""
    root = base / f"registry-{entries}"
    if not (root / ".git").is_dir():
        make_registry(root, entries, 3 * entries, seed)
    shutil.rmtree(root / "trial", ignore_errors=True)
    seconds = None
    if not (reuse and engine.docs_dir(root / "build").is_dir()):
        use_this_site(root)
        start = time.perf_counter()
        build_site(root, site_dir=root / "site", work_dir=root / "build")
        seconds = time.perf_counter() - start
    trial = root / "trial"
    shutil.copytree(engine.docs_dir(root / "build"), trial / "docs")
    shutil.copytree(root / "build" / "overrides", trial / "overrides")
    (trial / "docs" / CANARY).parent.mkdir(parents=True)
    (trial / "docs" / CANARY).write_text(CANARY_TEXT, encoding="utf-8")
    config = engine.read_config(root)
    config.update(docs_dir="docs", site_dir="site", hooks=[str(engine.HOOKS_FILE)])
    config["theme"]["custom_dir"] = "overrides"
    (trial / engine.CONFIG_FILE).write_text(json.dumps(config, indent=1), encoding="utf-8")
    return trial, seconds


CPU: dict[str, float] = {}


class Failed(Exception):
    """An engine exited non-zero; the message is the last line of its output."""


def run(trial: Path, command: list[str], site: str, search: bool = False) -> float:
    """Builds `trial` into `trial/<site>` with `command`; returns wall seconds and records the
    CPU seconds it used in CPU[site] (the machine is shared, so wall time alone misleads).
    For Zensical, its built-in search stays on only with `search`."""
    config = json.loads((trial / engine.CONFIG_FILE).read_text(encoding="utf-8"))
    config["site_dir"] = site
    if site.startswith("zensical"):
        config |= {} if search else ZENSICAL_SETTINGS
        config["theme"] |= ZENSICAL_THEME
    path = trial / f"{site}.yml"
    path.write_text(json.dumps(config), encoding="utf-8")
    start, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        [*command, "-f", path.name],
        cwd=trial,
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "0"},
    )
    seconds, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU[site] = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    (trial / f"{site}.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    if result.returncode != 0:
        lines = (result.stdout + result.stderr).strip().splitlines() or ["(no output)"]
        raise Failed(
            f"{Path(command[0]).name} {' '.join(command[1:3])} failed after {seconds:.1f} s: {lines[-1]}"
        )
    return seconds


class _Tokens(HTMLParser):
    """An HTML fragment as a token list, attribute values unescaped, `rel` aside, so two
    serialisations of one tree compare equal (`&#34;` vs `"`, `reversed=""` vs `reversed`)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[tuple] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.out.append(("<", tag, tuple(sorted((k, v or "") for k, v in attrs if k != "rel"))))

    def handle_endtag(self, tag: str) -> None:
        self.out.append((">", tag))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.out.append(("t", " ".join(data.split())))


def tokens(fragment: str) -> list[tuple]:
    parser = _Tokens()
    parser.feed(fragment)
    return parser.out


def pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text("utf-8") for p in sorted(site.rglob("*.html"))}


def findings(trial: Path, pd_site: Path, z_site: Path) -> dict:
    """Named checks of the Zensical site against the ProperDocs one, on the same pages."""
    a, b = pages(pd_site), pages(z_site)
    files_a = {p.relative_to(pd_site).as_posix() for p in pd_site.rglob("*") if p.is_file()}
    files_b = {p.relative_to(z_site).as_posix() for p in z_site.rglob("*") if p.is_file()}
    common = sorted(set(a) & set(b))
    same_content = same_serialised = no_markers = 0
    first_diff = ""
    for path in common:
        ca, cb = CONTENT.search(a[path]), CONTENT.search(b[path])
        if not cb:
            no_markers += 1
            continue
        if ca and ca.group(1).strip() == cb.group(1).strip():
            same_serialised += 1
        if ca and tokens(ca.group(1)) == tokens(cb.group(1)):
            same_content += 1
        elif not first_diff and ca:
            ta, tb = tokens(ca.group(1)), tokens(cb.group(1))
            at = next(
                (i for i, (x, y) in enumerate(zip(ta, tb, strict=False)) if x != y), min(len(ta), len(tb))
            )
            first_diff = f"{path}: token {at}: {ta[at : at + 3]} vs {tb[at : at + 3]}"
    title = re.compile(r"<title>(.*?)</title>", re.S)
    titles_same = sum(1 for p in common if title.findall(a[p]) == title.findall(b[p]))
    canary = CANARY.replace(".md", ".html")
    origins = re.compile(r"""(?:src|href)=["'](https?://[^/"']+)""")
    third_a = {o for text in a.values() for o in origins.findall(text)}
    third_b = {o for text in b.values() for o in origins.findall(text)}
    generator = re.compile(r'<meta name="generator" content="([^"]*)"')
    return {
        "html pages (ProperDocs / Zensical)": f"{len(a)} / {len(b)}",
        "files only ProperDocs writes": sorted(files_a - files_b)[:10],
        "files only Zensical writes (top 10)": [
            f"{f} ({(z_site / f).stat().st_size} bytes)" for f in sorted(files_b - files_a)[:10]
        ],
        "page content equal as HTML trees (rel aside)": f"{same_content} of {len(common)}",
        "page content byte-equal": f"{same_serialised} of {len(common)}",
        "first content difference": first_diff or "none",
        "pages without our main.html override's markers": no_markers,
        "<title> equal": f"{titles_same} of {len(common)}",
        "our hook ran (canary <script> removed)": "<script>alert(1)</script>" not in b.get(canary, ""),
        "sanitiser's rel (nofollow ugc) on source links": "nofollow ugc" in "".join(b.values()),
        "our header override (search form to /search/)": sum('action="' in b[p] for p in common),
        "generator": sorted({g for t in b.values() for g in generator.findall(t)}),
        "link/src origins only in Zensical's pages": sorted(third_b - third_a),
        "Zensical's log": (trial / "zensical-1.log").read_text("utf-8").strip().splitlines()[-3:],
    }


def same_tree(x: Path, y: Path) -> bool:
    files = sorted(p.relative_to(x) for p in x.rglob("*") if p.is_file())
    if files != sorted(p.relative_to(y) for p in y.rglob("*") if p.is_file()):
        return False
    return all((x / f).read_bytes() == (y / f).read_bytes() for f in files)


def trial_one(entries: int, args: argparse.Namespace, base: Path) -> dict:
    print(f"\n## {entries} entries", file=sys.stderr, flush=True)
    trial, build_seconds = prepare(entries, args.seed, base, args.reuse_pages)
    print(f"  registry build (ProperDocs) {build_seconds} s; pages in {trial}", file=sys.stderr)
    zensical, repeat = args.zensical, args.repeat
    commands = {
        "properdocs": [sys.executable, "-m", "properdocs", "build", "--strict", "--quiet"],
        "zensical --clean": [zensical, "build", "--clean"],
    }
    if importlib.util.find_spec("mkdocs") is not None:  # the old engine, while Material keeps it installed
        commands["mkdocs"] = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
    times: dict[str, list[float]] = {name: [] for name in commands}
    try:
        for n in range(1, repeat + 1):
            for name, command in commands.items():
                times[name].append(run(trial, command, f"{name.split()[0]}-{n}", args.zensical_search))
            print(f"  run {n}: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in times.items()), file=sys.stderr)
        cached = (
            None
            if args.no_cached
            else run(trial, [zensical, "build"], "zensical-cached", args.zensical_search)
        )
    except Failed as failure:
        print(f"  {failure}", file=sys.stderr)
        return {"entries": entries, "failed": str(failure), "seconds so far": times}
    return {
        "entries": entries,
        "zensical settings": "search on"
        if args.zensical_search
        else {**ZENSICAL_SETTINGS, "theme": ZENSICAL_THEME},
        "registry build seconds": build_seconds and round(build_seconds, 1),
        "median seconds": {k: round(statistics.median(v), 1) for k, v in times.items()},
        "all seconds": {k: [round(s, 1) for s in v] for k, v in times.items()},
        "median CPU seconds (user + system)": {
            k: round(statistics.median(CPU[f"{k.split()[0]}-{n}"] for n in range(1, repeat + 1)), 1)
            for k in times
        },
        "zensical again, with its cache (no --clean)": cached
        and f"{cached:.1f} s, CPU {CPU['zensical-cached']:.1f} s",
        "two cold zensical builds byte-identical": repeat < 2
        or same_tree(trial / "zensical-1", trial / "zensical-2"),
        "findings": findings(trial, trial / "properdocs-1", trial / "zensical-1"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zensical", required=True, help="the zensical command of the trial venv")
    parser.add_argument(
        "--entries", type=int, action="append", help="registry size (repeatable; default 1000)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="cold builds per engine (default 3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="work here and keep everything (default: a temp folder)")
    parser.add_argument(
        "--reuse-pages", action="store_true", help="with --keep: reuse the pages of a kept run"
    )
    parser.add_argument("--zensical-search", action="store_true", help="leave Zensical's built-in search on")
    parser.add_argument("--no-cached", action="store_true", help="skip the rebuild with Zensical's cache")
    args = parser.parse_args()
    if shutil.which(args.zensical) is None:
        parser.error(f"{args.zensical}: not found (see this script's docstring to set up its venv)")
    version = subprocess.run([args.zensical, "--version"], capture_output=True, text=True).stdout.strip()
    base = args.keep or Path(tempfile.mkdtemp(prefix="try-zensical-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        results = [trial_one(n, args, base) for n in args.entries or [1000]]
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print(json.dumps({"zensical": html.unescape(version), "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Benchmark `registry build` on a synthetic registry: each stage's time and memory, and the floor.

    python scripts/bench_build.py --entries 1000 [--entries 10000] [--commits N] [--seed S] [--keep DIR]

For each size this makes a synthetic registry with git history (scripts/make_synthetic.py),
copies this checkout's mkdocs.yml and site_templates/ into it, runs the real build and
reports, per stage, wall time and peak memory (this process's peak RSS so far, and the peak
of MkDocs or Pagefind, which run as child processes). In the same run it builds
the same generated pages with plain `mkdocs build` (no sanitiser hook): the floor any
MkDocs-based build pays, as issue 3 defines it. The build itself skips Python-Markdown for
its pages (they are one raw HTML block each, which Markdown returns unchanged), which plain
MkDocs cannot; so a second floor, MkDocs with only that skip, shows what is left of MkDocs'
own cost, and the build is reported against both. Then it measures what a reader pays: an
entry page's HTML, the all-deployments page gzipped, and the files a first search loads in
Chromium; the site's bytes and files in all and per entry (issue 18: static hosts cap both);
the peak resident memory of the whole build, every process together (Pagefind included);
and the preview latency, what `registry serve` takes to show one edited entry (its page, then
its country page, measured over HTTP from the file's write) and to finish the full build behind it.

A benchmark, not a test: it asserts nothing and takes minutes at 10,000 entries.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

from make_synthetic import make_registry, use_this_site  # noqa: E402

from registry import engine  # noqa: E402
from registry.build import build_site  # noqa: E402
from registry.serve import PreviewServer  # noqa: E402


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


# MkDocs and Pagefind run as child processes. RUSAGE_CHILDREN of this (large) process would
# report this process's own size, which each child inherits for an instant when forked, so
# each tool is started through a tiny Python shim that reports its own child's peak instead.
_SHIM = (
    "import resource, subprocess, sys\n"
    "r = subprocess.run(sys.argv[2:])\n"
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(r.returncode)\n"
)
_TOOL_PEAKS_MB: list[float] = []
_real_run = subprocess.run


def _measured_run(cmd, *args, **kwargs):
    if not (isinstance(cmd, list) and any(part in (*engine.ENGINES, "pagefind") for part in cmd)):
        return _real_run(cmd, *args, **kwargs)
    with tempfile.NamedTemporaryFile(suffix=".rss", delete=False) as f:
        out = Path(f.name)
    try:
        result = _real_run([sys.executable, "-c", _SHIM, str(out), *cmd], *args, **kwargs)
        _TOOL_PEAKS_MB.append(int(out.read_text() or 0) / 1024)
    finally:
        out.unlink(missing_ok=True)
    return result


subprocess.run = _measured_run  # registry.build and registry.postbuild.search call subprocess.run


class TreeMemory:
    """Peak resident memory of this process and all its descendants together, sampled from /proc.

    The build runs Pagefind and the data-only steps in processes beside generate and MkDocs,
    so the machine needs their sum at once, which no single process's peak shows. Sampled
    every 0.1 s: a spike shorter than that can be missed, so this is a floor of the true peak.
    The sampler is a process of its own (left out of the sum): a thread here would make the
    build see a second thread, and it then runs its forked steps in threads and its workers
    in one process (registry.parallel.start_method), which is not the build being measured.
    """

    def __init__(self) -> None:
        self.peak_mb = 0.0
        self.peak_pss_mb = 0.0

    def __enter__(self) -> TreeMemory:
        handle, name = tempfile.mkstemp(suffix=".memory")
        os.close(handle)
        self._out = Path(name)
        self._sampler = subprocess.Popen(
            [sys.executable, __file__, "--sample-memory", str(os.getpid()), name], cwd=ROOT
        )
        return self

    def __exit__(self, *exc: object) -> None:
        self._sampler.terminate()
        self._sampler.wait()
        text = self._out.read_text().split()
        self._out.unlink()
        if text:
            self.peak_mb, self.peak_pss_mb = float(text[0]), float(text[1])


#: How often the sampler reads each process's PSS, against RSS every 0.1 s. Reading PSS
#: (/proc/<pid>/smaps_rollup) walks the process's page tables under its memory lock: at 10,000
#: entries, five processes read ten times a second took most of a core and stalled the build's
#: page faults, and the build timed under it was a third slower than without it (120.8 s
#: against 89.1 s, 7 December 2026). A peak lasts seconds (Pagefind alone runs for ten).
PSS_EVERY = 0.5


def sample_memory(root: int, out: Path) -> None:
    """The sampler: writes the tree's peak RSS and PSS sums to `out` whenever one grows."""
    peak = (0.0, 0.0)
    last_pss = 0.0
    while True:
        now = time.monotonic()
        with_pss = now - last_pss >= PSS_EVERY
        rss, pss = _tree_rss_mb(root, skip=os.getpid(), with_pss=with_pss)
        if with_pss:
            last_pss = now
        if rss > peak[0] or pss > peak[1]:
            peak = (max(rss, peak[0]), max(pss, peak[1]))
            out.write_text(f"{peak[0]} {peak[1]}\n")
        time.sleep(0.1)


def _tree_rss_mb(root: int, skip: int = -1, with_pss: bool = True) -> tuple[float, float]:
    """The resident memory of `root` and its descendants: RSS summed, and PSS summed (0
    without `with_pss`).

    RSS counts a page shared by forked processes once in each of them, so forked workers look
    as big as their parent; PSS shares each page among the processes that map it, so its sum
    is what the machine really holds."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
            children.setdefault(int(fields[1]), []).append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue  # a process that ended while being read
    total, pss, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        if pid == skip:
            continue
        total += rss.get(pid, 0)
        pss += _pss(pid) if with_pss else 0
        todo.extend(children.get(pid, []))
    return total / 1e6, pss / 1e6


def _pss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass  # a process that ended while being read
    return 0


#: The site's parts by address, first match wins: what each costs a record is what a decision
#: about bytes (issue 18) weighs. `/api/v1/` is the data contract (DATA.md).
_PARTS = (
    ("record pages", lambda a: a[0] == "deployments" and len(a) == 3),
    ("history pages", lambda a: a[0] == "deployments" and a[2:3] == ("history",)),
    ("other record addresses", lambda a: a[0] == "deployments" and len(a) > 2),
    ("record JSON (contract)", lambda a: a[:3] == ("api", "v1", "deployments")),
    ("bulk downloads (contract)", lambda a: a[0] == "api"),
    ("feeds", lambda a: a[0] == "feeds"),
    ("search index", lambda a: a[0].startswith("pagefind")),
    ("assets", lambda a: a[0] == "assets"),
    ("listings and the rest", lambda a: True),
)


def site_counts(site: Path, entries: int) -> dict:
    """Site bytes and files in all and per entry; KB per entry by part of the site, and the
    largest files (hosts cap single files too: Cloudflare Pages at 25 MiB)."""
    files = [p for p in site.rglob("*") if p.is_file()]
    sizes = {p: p.stat().st_size for p in files}
    size = sum(sizes.values())
    parts = dict.fromkeys((name for name, _ in _PARTS), 0)
    for path, bytes_ in sizes.items():
        address = path.relative_to(site).parts
        parts[next(name for name, test in _PARTS if test(address))] += bytes_
    largest = sorted(sizes, key=lambda p: (-sizes[p], p))[:3]
    return {
        "bytes": size,
        "files": len(files),
        "kb_per_entry": round(size / entries / 1000, 1),
        "files_per_entry": round(len(files) / entries, 2),
        "kb_per_entry_by_part": {name: round(b / entries / 1000, 2) for name, b in parts.items()},
        "largest_files_mb": {p.relative_to(site).as_posix(): round(sizes[p] / 1e6, 1) for p in largest},
    }


def bench(
    entries: int,
    commits: int,
    seed: int,
    base: Path,
    through_engine: bool = False,
    preview_too: bool = True,
    floors: bool = True,
    preview_only: bool = False,
) -> dict:
    """Builds one synthetic registry of `entries` entries; returns the figures."""
    root = base / f"registry-{entries}"
    start = time.perf_counter()
    if not (root / ".git").is_dir():  # --keep DIR reuses a registry made by an earlier run
        make_registry(root, entries, commits, seed)
    for stale in ("site", "build", "floor-site"):
        shutil.rmtree(root / stale, ignore_errors=True)
    use_this_site(root)
    made = time.perf_counter() - start
    stages: list[dict] = []

    def report(name: str, seconds: float, detail: str) -> None:
        tool = max(_TOOL_PEAKS_MB, default=0)
        _TOOL_PEAKS_MB.clear()
        stages.append(
            {
                "stage": name,
                "seconds": round(seconds, 2),
                "process_peak_mb": round(_rss_mb(resource.RUSAGE_SELF)),  # this process, so far
                "tool_peak_mb": round(tool),  # MkDocs or Pagefind, when the stage ran one
                "detail": detail,
            }
        )
        print(
            f"  {name:<10} {seconds:8.2f} s  process {stages[-1]['process_peak_mb']:>5} MB  "
            f"tool {stages[-1]['tool_peak_mb']:>5} MB  {detail}",
            file=sys.stderr,
            flush=True,
        )

    print(f"{entries} entries, {commits} commits (made in {made:.1f} s)", file=sys.stderr)
    total_start = time.perf_counter()
    cpu_start = _cpu_seconds()
    # Through `registry serve`'s own first build (the same `build_site`), so the preview can then
    # be measured as a user meets it, without building a second time.
    server = None if through_engine else PreviewServer(root, report=report)
    with TreeMemory() as memory:
        if server is None:
            site, work = root / "site", root / "build"
            build_site(root, site_dir=site, work_dir=work, report=report, through_engine=True)
        elif not server.first_build():
            raise SystemExit("the synthetic registry did not build")
    total = time.perf_counter() - total_start
    cpu = _cpu_seconds() - cpu_start
    print(f"  whole build {total:.1f} s wall, {cpu:.1f} s CPU (all processes)", file=sys.stderr)
    print(
        f"  peak memory of the whole build (all processes) {memory.peak_mb:.0f} MB RSS summed, "
        f"{memory.peak_pss_mb:.0f} MB PSS summed",
        file=sys.stderr,
    )
    counts = site_counts(root / "site", entries)
    print(
        f"  site {counts['bytes'] / 1e6:.1f} MB, {counts['files']} files: "
        f"{counts['kb_per_entry']} KB and {counts['files_per_entry']} files per entry",
        file=sys.stderr,
    )
    preview = None
    if preview_too and server is not None:
        preview = preview_latency(server, root, everything=not preview_only)
        print(
            f"  preview: the edited entry's page served after {preview['entry_page_seconds']:.2f} s, "
            f"its country page after {preview['listing_page_seconds']:.2f} s, everything rebuilt after "
            f"{preview['everything_seconds']} s (from the file's write, polling included)",
            file=sys.stderr,
        )
    if preview_only or not floors:  # a 10,000-entry run is long: the build (and preview) alone
        return {
            "entries": entries,
            "commits": commits,
            "stages": stages,
            "total_seconds": round(total, 2),
            "cpu_seconds": round(cpu, 1),
            "site_mb": round(counts["bytes"] / 1e6, 1),
            "site": counts,
            "peak_memory_mb": round(memory.peak_mb),
            "peak_memory_pss_mb": round(memory.peak_pss_mb),
            "preview": preview,
        }
    pages = _write_every_page(root)
    floor = _mkdocs_floor(root)
    floor_without_markdown = _mkdocs_floor(root, SKIP_MARKDOWN_ONLY)
    site = root / "site"
    ratios = f"{total / floor:.2f}; / floor without Markdown {total / floor_without_markdown:.2f}"
    print(f"  whole build / floor {ratios}", file=sys.stderr)
    print(f"  in CPU seconds: whole build / floor {cpu / FLOOR_CPU[None]:.2f}", file=sys.stderr)
    return {
        "entries": entries,
        "commits": commits,
        "stages": stages,
        "total_seconds": round(total, 2),
        "cpu_seconds": round(cpu, 1),
        "floor_pages": pages,
        "mkdocs_floor_seconds": round(floor, 2),
        "mkdocs_floor_cpu_seconds": round(FLOOR_CPU[None], 1),
        "mkdocs_floor_without_markdown_seconds": round(floor_without_markdown, 2),
        "entry_page_bytes": _entry_page_sizes(site),
        "deployments_page": _page_sizes(site / "deployments" / "index.html"),
        "home_page": _page_sizes(site / "index.html"),
        "first_search": first_search_transfer(site, "police"),
        "site_mb": round(counts["bytes"] / 1e6, 1),
        "site": counts,
        "peak_memory_mb": round(memory.peak_mb),
        "peak_memory_pss_mb": round(memory.peak_pss_mb),
        "preview": preview,
    }


def preview_latency(server: PreviewServer, root: Path, everything: bool = True) -> dict:
    """What `registry serve` makes a user wait after saving an entry: from the file's write until
    the served entry page (then its country page) shows the edit over HTTP, and until the full
    build behind them has finished (unless `everything` is false); the server polls as
    `registry serve` does."""
    url = server.listen(0)
    stop = threading.Event()
    watcher = threading.Thread(target=server.watch, args=(stop,), daemon=True)
    watcher.start()
    try:
        published = (p for p in sorted((root / "entries").glob("*/*.yaml")) if _is_published(p))
        edited = next(published)
        text = edited.read_text(encoding="utf-8")
        entry_id = edited.stem
        country = edited.parent.name
        mark = f"Edited{time.time_ns()} "  # new on every run, so a kept registry can be measured again
        start = time.perf_counter()
        edited.write_text(text.replace("\ntitle: ", f"\ntitle: {mark}", 1), encoding="utf-8")
        entry_page = _until_shown(f"{url}deployments/{entry_id}/", mark, start)
        listing_page = _until_shown(f"{url}countries/{country}/", mark, start)
        # The pages above are served before the full build is even queued, so wait for the
        # state the page's notice shows ("current" once that build has swapped the site in).
        rebuilt = everything and _until_current(server, start) and server.wait_until_built(3600)
        whole = time.perf_counter() - start if rebuilt else None
    finally:
        stop.set()
        watcher.join()
        server.close()
    fast = {
        f"{name}_{kind}": round(figure, 3)
        for name, pair in server.last_preview.items()
        for kind, figure in zip(("seconds", "cpu_seconds"), pair, strict=True)
    }
    return {
        "fast_path": fast,  # from the change seen to the pages in the overlay, wall and CPU
        "entry_page_seconds": round(entry_page, 2),
        "listing_page_seconds": round(listing_page, 2),
        "everything_seconds": round(whole, 1) if whole is not None else None,
    }


def _is_published(path: Path) -> bool:
    return "\n  status: published\n" in path.read_text(encoding="utf-8")


def _until_current(server: PreviewServer, start: float, timeout: float = 3600) -> bool:
    """Whether the preview's state came back to "current" (the full build done) within `timeout`."""
    while server.preview.state != "current":
        if time.perf_counter() - start > timeout:
            return False
        time.sleep(0.05)
    return True


def _until_shown(url: str, text: str, start: float, timeout: float = 3600) -> float:
    """Seconds from `start` until the page at `url` contains `text`, asked every 10 ms."""
    import urllib.request

    while time.perf_counter() - start < timeout:
        with urllib.request.urlopen(url, timeout=60) as response:
            if text in response.read().decode("utf-8"):
                return time.perf_counter() - start
        time.sleep(0.01)
    raise SystemExit(f"{url} never showed {text!r}")


#: The hook every floor needs: the theme overrides take the site's addresses from the `urls`
#: global (registry.engine.on_env), so the theme cannot render without it. It costs nothing.
THEME_ONLY = "from registry.engine import on_env  # noqa: F401\n"
#: A hook file that only skips Markdown, as the build's own hook does, without sanitising.
SKIP_MARKDOWN_ONLY = THEME_ONLY + (
    "from registry.engine import on_page_markdown  # noqa: F401\n"
    "from registry.engine import restored_html as on_page_content  # noqa: F401\n"
)


def _cpu_seconds() -> float:
    """CPU seconds of this process and its waited-for children (workers, the engine, Pagefind)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _write_every_page(root: Path) -> int:
    """Writes every page the site has, as the engine would get them all (the route before
    registry.layout), into `build/floor-docs`: the floors build those, not the build's few."""
    from registry.build import load_inputs
    from registry.context import BuildContext
    from registry.pages import generate_pages
    from registry.writer import sync_tree

    work = root / "build"
    inputs = load_inputs(root, work)
    ctx = BuildContext(root, inputs.files, inputs.history, inputs.config, work / "floor-docs")
    pages = generate_pages(ctx)
    sync_tree(work / "floor-docs", pages)
    sync_tree(
        work / "floor-docs" / "assets",
        {
            p.relative_to(root / "site_templates" / "assets").as_posix(): p.read_bytes()
            for p in (root / "site_templates" / "assets").rglob("*")
            if p.is_file()
        },
    )
    return len(pages)


def _mkdocs_floor(root: Path, hook: str | None = None) -> float:
    """`mkdocs build` of the same generated pages: plain (the floor issue 3 names: only the
    theme's `urls` global, THEME_ONLY), or with `hook`, which skips Markdown as the build
    does (registry.engine) but does not sanitise: the floor left once Markdown is skipped."""
    work = root / "build"
    (work / "floor_hook.py").write_text(THEME_ONLY if hook is None else hook, encoding="utf-8")
    hooks = [work / "floor_hook.py"]
    plain = engine.write_config(root, work / "floor", root / "floor-site", hooks=hooks)
    data = json.loads(plain.read_text(encoding="utf-8"))
    data["docs_dir"], data["theme"]["custom_dir"] = str(work / "floor-docs"), str(work / "overrides")
    plain.write_text(json.dumps(data), encoding="utf-8")
    start, cpu_start = time.perf_counter(), _cpu_seconds()
    _real_run(
        [sys.executable, "-m", engine.ENGINE, "build", "--quiet", "-f", str(plain)],
        cwd=root,
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu_start
    what = "no hook" if hook is None else "Markdown skipped, no sanitiser"
    print(f"  {engine.ENGINE} alone ({what}) {seconds:.2f} s wall, {cpu:.1f} s CPU", file=sys.stderr)
    FLOOR_CPU[hook] = cpu
    return seconds


#: The floors' CPU seconds, by hook (None: plain), for the CPU ratio beside the wall one.
FLOOR_CPU: dict[str | None, float] = {}


def _page_sizes(path: Path) -> dict:
    raw = path.read_bytes()
    return {"bytes": len(raw), "gzip_bytes": len(gzip.compress(raw, compresslevel=6, mtime=0))}


def _entry_page_sizes(site: Path) -> dict:
    sizes = [p.stat().st_size for p in (site / "deployments").glob("*/index.html")]
    return {"median": int(statistics.median(sizes)), "max": max(sizes), "pages": len(sizes)}


# Pagefind's index files are gzipped when written, and served as they are.
_PRECOMPRESSED = (".pf_meta", ".pf_index", ".pf_filter", ".pf_fragment", ".pagefind")


def first_search_transfer(site: Path, query: str) -> dict:
    """What a reader's first search loads: Pagefind's files and the search page's own scripts.

    Bytes as served, and as they would travel from a server that gzips text (Pagefind's
    index files are already gzipped). The page and the theme's assets, shared by every page
    of the site, are not counted.
    """
    from browser import CHROMIUM_FLAGS, find_chromium, serve
    from playwright.sync_api import sync_playwright

    loaded: dict[str, bytes] = {}
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=find_chromium(), headless=True, args=list(CHROMIUM_FLAGS)
        )
        page = browser.new_page()

        def on_response(response) -> None:
            path = response.url.split("?", 1)[0].removeprefix(base + "/")
            if path.startswith(("pagefind/", "assets/search")):
                loaded[path] = response.body()

        page.on("response", on_response)
        page.goto(f"{base}/search/?q={query}")
        page.locator(".pagefind-ui__result").first.wait_for(timeout=60_000)
        page.wait_for_timeout(1000)
        browser.close()

    def sent(path: str) -> int:
        body = loaded[path]
        return len(body) if path.endswith(_PRECOMPRESSED) else len(gzip.compress(body, 6))

    def kind(path: str) -> str:
        for suffix, name in _KINDS.items():
            if path.endswith(suffix):
                return name
        return "code"

    sent_by_kind: dict[str, int] = {}
    for path in loaded:
        sent_by_kind[kind(path)] = sent_by_kind.get(kind(path), 0) + sent(path)
    return {
        "files": len(loaded),
        "bytes": sum(len(body) for body in loaded.values()),
        "sent_bytes": sum(sent_by_kind.values()),
        "sent_by_kind": dict(sorted(sent_by_kind.items())),
    }


#: What each Pagefind file is, for the breakdown; the rest (scripts, styles, wasm) is "code".
_KINDS = {".pf_meta": "page list", ".pf_index": "index", ".pf_filter": "filters", ".pf_fragment": "results"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--entries", type=int, action="append", help="registry size (repeatable; default 1000)"
    )
    parser.add_argument("--commits", type=int, help="commits of history (default 3 per entry)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--keep",
        help="build here and keep the registries; an existing one is reused (default: a temp folder)",
    )
    parser.add_argument(
        "--through-engine",
        action="store_true",
        help="every page through the engine, the route before registry.layout (a before/after figure)",
    )
    parser.add_argument(
        "--no-preview", action="store_true", help="skip the preview (an edit, and the full build behind it)"
    )
    parser.add_argument(
        "--no-floor", action="store_true", help="only the build: no floors, no search in Chromium"
    )
    parser.add_argument(
        "--preview-only",
        action="store_true",
        help="only the build and the preview's first pages (no floors, no waiting for the rebuild)",
    )
    args = parser.parse_args(argv)
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-build-"))
    results = []
    try:
        for n in args.entries or [1000]:
            results.append(
                bench(
                    n,
                    args.commits or 3 * n,
                    args.seed,
                    base,
                    args.through_engine,
                    not args.no_preview,
                    not args.no_floor,
                    args.preview_only,
                )
            )
            print(json.dumps(results[-1], indent=1))
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--sample-memory"]:
        sample_memory(int(sys.argv[2]), Path(sys.argv[3]))
    raise SystemExit(main())

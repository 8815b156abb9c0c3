"""`registry serve`: a local preview that rebuilds when an entry, a template or the config changes.

Deliberately simple: the full build runs on every change (generation writes only pages whose
content changed, so MkDocs and Pagefind dominate), the finished site is served by Python's
own HTTP server on 127.0.0.1 only, and changes are found by polling modification times
once a second, which works the same on every system and in containers. A failed rebuild
prints its problems and keeps serving the last good site, exactly as `registry build`
leaves `site/` untouched.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
import time
from pathlib import Path

from registry.build import SITE_DIR, WORK_DIR, build_site, print_stage
from registry.errors import EntryProblems, RegistryError

WATCHED = ("entries", "site_templates", "mkdocs.yml")
POLL_SECONDS = 1.0


def run(args: argparse.Namespace) -> int:
    """The `registry serve` command; runs until interrupted."""
    root = Path(args.root).resolve()
    site_dir = root / SITE_DIR
    _rebuild(root, site_dir)
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving {site_dir} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)")
    seen = snapshot(root)
    try:
        while True:
            time.sleep(POLL_SECONDS)
            now = snapshot(root)
            if now != seen:
                seen = now
                print("Change detected; rebuilding", file=sys.stderr)
                _rebuild(root, site_dir)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0


def snapshot(root: Path) -> dict[str, float]:
    """Every watched file with its modification time; a difference means "rebuild"."""
    found: dict[str, float] = {}
    for name in WATCHED:
        path = root / name
        paths = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for p in paths:
            try:
                found[str(p)] = p.stat().st_mtime
            except FileNotFoundError:
                continue
    return found


def _rebuild(root: Path, site_dir: Path) -> None:
    from registry.cli import report_problems

    try:
        build_site(root, site_dir=site_dir, work_dir=root / WORK_DIR, report=print_stage)
    except EntryProblems as exc:
        report_problems(exc.problems)
        print(f"{exc}; still serving the previous site", file=sys.stderr)
    except RegistryError as exc:
        print(f"registry: {exc}; still serving the previous site", file=sys.stderr)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

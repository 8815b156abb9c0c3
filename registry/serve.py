"""`registry serve`: a local preview that rebuilds when an entry, a template or the config
changes, and reloads the pages open in the browser once the rebuild is done.

Deliberately simple: the full build runs on every change (generation writes only pages whose
content changed, so MkDocs and Pagefind dominate), the finished site is served by Python's
own HTTP server on 127.0.0.1 only, and changes are found by polling modification times
once a second, which works the same on every system and in containers. A failed rebuild
prints its problems and keeps serving the last good site, exactly as `registry build`
leaves `site/` untouched; open pages then stay as they are.

Reloading: each HTML page is sent with one extra `<script src="/__registry__/reload.js">`
naming the build it came from. The script asks `/__registry__/build` once a second and
reloads the page when a newer build is there. The script is the server's, same-origin, so
the site's own Content-Security-Policy allows it; it is never written into `site/`.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from registry import engine
from registry.build import SITE_DIR, WORK_DIR, build_site, print_stage
from registry.errors import EntryProblems, RegistryError

WATCHED = ("entries", "site_templates", engine.CONFIG_FILE)
POLL_SECONDS = 1.0


SPECIAL = "/__registry__/"
#: Asks the server for the newest build once a second; reloads when it is newer than the
#: page's own (the number in this script's URL). A failed request (the server is busy or
#: restarting) is simply tried again.
RELOAD_SCRIPT = b"""// registry serve only: never part of the built site.
(() => {
  const own = new URL(document.currentScript.src).searchParams.get("build");
  const ask = () => fetch("/__registry__/build", { cache: "no-store" })
    .then((response) => response.text())
    .then((newest) => { if (newest !== own) location.reload(); else setTimeout(ask, 1000); })
    .catch(() => setTimeout(ask, 1000));
  setTimeout(ask, 1000);
})();
"""


class Preview:
    """What the server tells pages: the number of the newest good build (1, 2, ...)."""

    def __init__(self) -> None:
        self.build = 0


def run(args: argparse.Namespace) -> int:
    """The `registry serve` command; runs until interrupted."""
    root = Path(args.root).resolve()
    site_dir = root / SITE_DIR
    preview = Preview()
    _rebuild(root, site_dir, preview)
    handler = functools.partial(_PreviewHandler, directory=str(site_dir), preview=preview)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving {site_dir} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)", flush=True)
    seen = snapshot(root)
    try:
        while True:
            time.sleep(POLL_SECONDS)
            now = snapshot(root)
            if now != seen:
                seen = now
                print("Change detected; rebuilding", file=sys.stderr)
                _rebuild(root, site_dir, preview)
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


def _rebuild(root: Path, site_dir: Path, preview: Preview) -> None:
    from registry.cli import report_problems
    from registry.terminal import shown_lines

    try:
        build_site(root, site_dir=site_dir, work_dir=root / WORK_DIR, report=print_stage)
    except EntryProblems as exc:
        report_problems(exc.problems)
        print(f"{exc}; still serving the previous site", file=sys.stderr)
    except RegistryError as exc:
        print(shown_lines(f"registry: {exc}; still serving the previous site"), file=sys.stderr)
    else:
        preview.build += 1


def with_reload_script(html: bytes, build: int) -> bytes:
    """The page with the reload script as the last element of its body."""
    tag = f'<script src="{SPECIAL}reload.js?build={build}"></script>'.encode()
    at = html.rfind(b"</body>")
    return html + tag if at == -1 else html[:at] + tag + html[at:]


class _PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site, plus the reload script and the newest build's number."""

    def __init__(self, *args: object, preview: Preview, **kwargs: object) -> None:
        self.preview = preview
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == SPECIAL + "build":
            return self._send(str(self.preview.build).encode(), "text/plain; charset=utf-8")
        if path == SPECIAL + "reload.js":
            return self._send(RELOAD_SCRIPT, "text/javascript; charset=utf-8")
        file = Path(self.translate_path(self.path))
        if path.endswith("/") and file.is_dir():
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            return self._send(
                with_reload_script(file.read_bytes(), self.preview.build), "text/html; charset=utf-8"
            )
        not_found = Path(self.directory) / "404.html"
        if not file.exists() and not_found.is_file():  # what GitHub Pages and most static hosts do
            page = with_reload_script(not_found.read_bytes(), self.preview.build)
            return self._send(page, "text/html; charset=utf-8", status=404)
        return super().do_GET()

    def _send(self, body: bytes, kind: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass

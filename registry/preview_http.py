"""What `registry serve` serves: `site/`, the pages the preview made since the last full build
(an in-memory overlay), and the preview's own script, style sheet and status.

The overlay holds the pages an edit changed (registry.preview), each tagged with the number of
the change it shows; once a full build that read that change has put its `site/` in place,
the page is taken from there again (`drop`).

Reloading and the notice: each HTML page is sent with one extra `<script src=
"/__registry__/preview.js">` naming a fingerprint of the page as sent. The script asks
`/__registry__/status` once a second for the fingerprint of that page now and the state of the
preview, reloads the page when the fingerprint changed, and says in a small notice
(`role="status"`) whether search, exports and feeds are still being rebuilt. A page whose
bytes did not change is not reloaded, whichever build made it. The script and style sheet
are the server's, same-origin, so the site's own Content-Security-Policy allows them (no
inline script or style); none of it is ever written into `site/`.

Only this machine's own pages are answered (`host_is_local`): the preview shows records not
yet published, and an address that leaves the site or holds a NUL gets the site's 404 page,
never a traceback in the terminal.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import mimetypes
import posixpath
import re
import threading
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

SPECIAL = "/__registry__/"

#: The names this machine's own pages use for the server, with or without a port. A page of
#: another site can make its own name point at 127.0.0.1 (DNS rebinding), but its requests
#: still carry that name, so any other Host is refused and it cannot read unpublished pages.
LOCAL_HOST = re.compile(r"(?:127\.0\.0\.1|localhost|\[::1\])(?::[0-9]{1,5})?", re.IGNORECASE)
REFUSED = (
    b"registry serve answers only requests addressed to 127.0.0.1, localhost or [::1]; "
    b"this one named another host.\n"
)

#: Reloads the page when the server has other bytes for it; shows the preview's state.
SCRIPT = b"""// registry serve only: never part of the built site.
(() => {
  const own = new URL(document.currentScript.src).searchParams.get("version");
  const status = "/__registry__/status?path=" + encodeURIComponent(location.pathname);
  const sheet = document.createElement("link");
  sheet.rel = "stylesheet";
  sheet.href = "/__registry__/preview.css";
  document.head.append(sheet);
  const notice = document.createElement("div");
  notice.className = "registry-preview-notice";
  notice.setAttribute("role", "status");
  document.body.append(notice);
  const words = {
    rebuilding: "Preview: this page is current; search, exports and feeds are rebuilding\\u2026",
    waiting: "Preview: the site is rebuilding; this page reloads when it changes\\u2026",
    problems: "Preview: the last edit has problems (see the terminal); this is the last good version.",
    held: "Preview: a file has problems (see the terminal); this entry's page is its last good version.",
    unbuilt: "Preview: this record's file has problems (see the terminal), so it has no page yet; "
      + "this page reloads when they are fixed.",
    failed: "Preview: the full build failed (see the terminal).",
    current: "Preview: up to date",
  };
  let hiding = 0;
  const show = (state) => {
    const text = notice.textContent ? words[state] : (state === "current" ? "" : words[state]);
    if (text === notice.textContent) return;
    clearTimeout(hiding);
    notice.textContent = text;
    if (state === "current") hiding = setTimeout(() => { notice.textContent = ""; }, 5000);
  };
  const ask = () => fetch(status, { cache: "no-store" })
    .then((response) => response.json())
    .then((now) => {
      if (now.version !== own) { location.reload(); return; }
      show(now.state === "rebuilding" && !now.overlay ? "waiting" : now.state);
      setTimeout(ask, 1000);
    })
    .catch(() => setTimeout(ask, 1000));
  ask();
})();
"""

STYLE = b"""/* registry serve only: never part of the built site. */
.registry-preview-notice { position: fixed; right: 1rem; bottom: 1rem; z-index: 10; max-width: 30rem;
  font: 0.8rem/1.4 system-ui, sans-serif; color: #fff; background: #1a237e; border-radius: 0.3rem; }
.registry-preview-notice:not(:empty) { padding: 0.5rem 0.8rem; }
"""


def fingerprint(page: bytes) -> str:
    """A short name for the bytes of a page, the same for the same bytes."""
    return hashlib.sha256(page).hexdigest()[:16]


class Preview:
    """The overlay, the preview's state, and `site/`; shared by the server's threads and the watcher."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self._lock = threading.Lock()
        self._overlay: dict[str, tuple[bytes, int]] = {}
        #: "current", "rebuilding" (a full build runs or waits), "problems" (the last full build
        #: found problems in the entries), "failed" (the last full build failed). A page tells
        #: "held" or "unbuilt" instead when its record's file has problems (`state_of`, `status`).
        self.state = "current"
        #: The site folders of the records whose file has problems (registry.preview
        #: `FastPath.held_pages`): their pages are the last good ones, and say so ("held").
        self.held: frozenset[str] = frozenset()

    def show(self, pages: dict[str, bytes], change: int) -> None:
        """Serves `pages` (site path -> bytes) from now on, as of change number `change`."""
        with self._lock:
            self._overlay = {**self._overlay, **{rel: (page, change) for rel, page in pages.items()}}

    def drop(self, upto: int) -> None:
        """Forgets the overlay's pages of changes up to `upto`: `site/` has them now."""
        with self._lock:
            self._overlay = {rel: kept for rel, kept in self._overlay.items() if kept[1] > upto}

    def overlaid(self) -> set[str]:
        return set(self._overlay)

    def page(self, rel: str) -> tuple[bytes, bool] | None:
        """The bytes served at site path `rel` and whether they are the overlay's; None if none."""
        kept = self._overlay.get(rel)
        if kept is not None:
            return kept[0], True
        file = self.site_dir / rel
        try:
            return file.read_bytes(), False
        except (OSError, ValueError):  # none, a folder, a name too long for the system, a NUL
            return None

    def page_bytes(self, rel: str) -> bytes | None:
        found = self.page(rel)
        return found[0] if found else None

    def state_of(self, rel: str | None) -> str:
        """The state a page at site path `rel` tells: "held" for a record whose file has problems."""
        held = self.held
        if rel is not None and any(rel.startswith(folder) for folder in held):
            return "held"
        return self.state


def site_path(url_path: str) -> str | None:
    """The site-relative file a URL path names (`/a/` -> `a/index.html`); None if it leaves the site."""
    path = unquote(url_path)
    normal = posixpath.normpath("/" + path.lstrip("/")).lstrip("/")
    if normal.startswith("..") or "\0" in normal:
        return None
    if path.endswith("/") or normal in ("", "."):
        normal = posixpath.join("" if normal in ("", ".") else normal, "index.html")
    return normal


def host_is_local(host: str | None) -> bool:
    """Whether a request's Host header names this machine (`LOCAL_HOST`); False without one."""
    return host is not None and LOCAL_HOST.fullmatch(host.strip()) is not None


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):  # a name too long for the system
        return False


def with_script(html: bytes, version: str) -> bytes:
    """The page with the preview's script as the last element of its body."""
    tag = f'<script src="{SPECIAL}preview.js?version={version}"></script>'.encode()
    at = html.rfind(b"</body>")
    return html + tag if at == -1 else html[:at] + tag + html[at:]


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the overlay and the site, plus the preview's script, style sheet and status."""

    def __init__(self, *args: Any, preview: Preview, **kwargs: Any) -> None:
        self.preview = preview
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        if not host_is_local(self.headers.get("Host")):
            return self._send(REFUSED, "text/plain; charset=utf-8", 403)
        url = urlsplit(self.path)
        if url.path == SPECIAL + "preview.js":
            return self._send(SCRIPT, "text/javascript; charset=utf-8")
        if url.path == SPECIAL + "preview.css":
            return self._send(STYLE, "text/css; charset=utf-8")
        if url.path == SPECIAL + "status":
            asked = parse_qs(url.query).get("path", ["/"])[0]
            return self._send(json.dumps(self.status(asked)).encode(), "application/json")
        rel = site_path(url.path)
        if rel is None:  # above the site, or a NUL, which no file name holds
            return self._not_found()
        found = self.preview.page(rel)
        if found is not None:
            body, _ = found
            if rel.endswith(".html"):
                return self._send(with_script(body, fingerprint(body)), "text/html; charset=utf-8")
            kind = mimetypes.guess_type(rel)[0] or "application/octet-stream"
            return self._send(body, kind)
        if not _exists(self.preview.site_dir / rel.removesuffix("index.html")):
            return self._not_found()
        # A folder without its slash is redirected, as before.
        return super().do_HEAD() if self.command == "HEAD" else super().do_GET()

    #: HEAD is answered as GET is, without the body: the standard one read site/ alone.
    do_HEAD = do_GET

    def _not_found(self) -> None:
        """The site's own 404 page, as GitHub Pages and most static hosts answer."""
        missing = self.preview.page("404.html")
        if missing is None:
            return self.send_error(404)
        page = missing[0]
        return self._send(with_script(page, fingerprint(page)), "text/html; charset=utf-8", 404)

    def status(self, url_path: str) -> dict[str, Any]:
        """The fingerprint of the page at `url_path` now, whether it is the overlay's, and the state."""
        rel = site_path(url_path)
        found = self.preview.page(rel) if rel is not None else None
        state = self.preview.state_of(rel)
        if found is None:
            found = (self.preview.page("404.html") or (b"", False))[0], False
            # A new record whose file has problems has no last good version to show.
            state = "unbuilt" if state == "held" else state
        return {"version": fingerprint(found[0]), "overlay": found[1], "state": state}

    def _send(self, body: bytes, kind: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass

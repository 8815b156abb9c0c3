"""Redirects for old ids: every alias keeps its page, its JSON, its feed and its revision links.

A renamed record lists its old id in `aliases` (SECURITY.md 3.8; registry/checks/identity.py
makes sure an alias never shadows a live id). For each alias this step writes:

- `/deployments/<old>/`: a page with a canonical link to the new address, a meta refresh,
  `assets/redirect.js` (same origin, no inline script, so the CSP needs no hash) that keeps
  the `#fragment`, and an ordinary link for everything else;
- `/api/v1/deployments/<old>.json`: `{"redirect": "<base>api/v1/deployments/<new>.json", "id": "<new>"}`
  (static hosts cannot send a 301, and a JSON client cannot follow a meta refresh);
- `/feeds/deployments/<old>.xml`: a copy of the new feed, so subscribers keep receiving it;
- `/deployments/<old>/history/`, when the record has a history page (a revision's permanent
  link under the old id, `/deployments/<old>/history/#rev-<short>`, keeps its fragment).

An old id's revision addresses of builds before issue 18 are listed in
entries/published-revisions.txt and written by registry.exports.revisions.

Runs after the steps beside the engine and before the CSP step (it writes HTML). A redirect is only
ever written to a free address and only to a page that exists and is not itself a redirect.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registry import urls
from registry.errors import BuildError, InternalError
from registry.exports.json import dumps

if TYPE_CHECKING:
    from registry.context import BuildContext

TEMPLATE = "redirect.html.j2"
SCRIPT = "assets/redirect.js"
MARKER = '<meta name="registry-redirect"'


def is_redirect(html_path: Path) -> bool:
    """True when the page at `html_path` is one of our redirect pages."""
    with html_path.open(encoding="utf-8") as stream:
        return MARKER in stream.read(2048)


def write_redirects(ctx: BuildContext, site_dir: Path) -> None:
    """Post-build step: writes every alias's redirect page, JSON stub, feed copy and history redirect."""
    writer = _Writer(ctx, site_dir)
    for f in ctx.files:
        entry = f.entry
        for alias in entry.aliases:
            writer.page(urls.entry_page(alias), urls.entry_page(entry.id), alias, entry.id, entry.title)
            writer.json_stub(urls.entry_json(alias), entry.id, urls.entry_json(entry.id))
            feed = site_dir / urls.entry_feed(entry.id)
            if feed.is_file():
                writer.copy(feed, urls.entry_feed(alias))
            if (site_dir / urls.history_page(entry.id) / "index.html").is_file():
                writer.page(
                    urls.history_page(alias), urls.history_page(entry.id), alias, entry.id, entry.title
                )


class _Writer:
    """Writes redirect files, refusing to overwrite anything or to point at a missing page."""

    def __init__(self, ctx: BuildContext, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.base = ctx.config.base
        self.site_url = ctx.config.site_url
        self.site_name = ctx.config.site_name
        self.template: Any = ctx.env.get_template(TEMPLATE)
        self.script_checked = False

    def _free(self, rel: str) -> Path:
        path = self.site_dir / rel
        if path.exists():
            raise BuildError(
                f"a redirect would replace /{rel}, which already exists; an alias must not name a live page"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def _target(self, rel: str) -> None:
        path = self.site_dir / rel
        if not path.is_file():
            raise BuildError(f"a redirect would point at /{rel}, which does not exist")
        if path.suffix == ".html" and is_redirect(path):
            raise BuildError(f"a redirect would point at /{rel}, which is itself a redirect")

    def page(self, rel: str, target_rel: str, old_id: str, new_id: str, title: str) -> None:
        if not self.script_checked:
            if not (self.site_dir / SCRIPT).is_file():
                raise InternalError(f"{SCRIPT} is missing from the built site (site_templates/{SCRIPT})")
            self.script_checked = True
        self._target(target_rel + "index.html")
        html = self.template.render(
            title=title,
            site_name=self.site_name,
            canonical=self.site_url + target_rel,
            target=self.base + target_rel,
            refresh=f"0; url={self.base}{target_rel}",
            script=self.base + SCRIPT,
            icon=self.base + "assets/images/favicon.png",
            old_id=old_id,
            new_id=new_id,
        )
        self._free(rel + "index.html").write_text(html, encoding="utf-8")

    def json_stub(self, rel: str, new_id: str, target_rel: str) -> None:
        self._target(target_rel)
        stub = {"redirect": self.base + target_rel, "id": new_id}
        self._free(rel).write_text(dumps(stub), encoding="utf-8")

    def copy(self, source: Path, rel: str) -> None:
        shutil.copyfile(source, self._free(rel))

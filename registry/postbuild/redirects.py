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

And for each id listed in entries/published-request-pages.txt (registry.published_requests),
the records-request page builds before issue 18.1 published, `/deployments/<id>/request/`, gets
the same kind of page, to the drafts' section of the record's page, `/deployments/<now>/#request`
(`<now>` being the id's record now, through its aliases), or to the page itself when it has no
such section any more (every question answered, or a tombstone: no longer published).

And for each vendor or operator page that earlier builds published at another address (its
name's slug lost letters such as ø or ß then: registry.pages.moved), the old address gets the
same kind of page, to the page's address now, unless a page of this build already has it.

Runs after the steps beside the engine and before the CSP step (it writes HTML). A redirect is only
ever written to a free address and only to a page that exists and is not itself a redirect.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from registry import urls
from registry.errors import BuildError, InternalError
from registry.exports.json import dumps
from registry.output import Output, Outputs, Site
from registry.pages.browse import INDEX_KEYS
from registry.pages.moved import moved_pages
from registry.pages.requests import has_request
from registry.published_requests import read_list, resolve
from registry.wording import evidence_mark

if TYPE_CHECKING:
    from registry.context import BuildContext

TEMPLATE = "redirect.html.j2"
SCRIPT = urls.REDIRECT_JS
MARKER = '<meta name="registry-redirect"'


def is_redirect(html_path: Path) -> bool:
    """True when the page at `html_path` is one of our redirect pages."""
    with html_path.open(encoding="utf-8") as stream:
        return MARKER in stream.read(2048)


def redirect_files(ctx: BuildContext, site: Site) -> Outputs:
    """Producer after the engine (registry.output): every alias's redirect page, JSON stub, feed
    copy and history redirect, each at an address no file of `site` has."""
    writer = _Writer(ctx, site)
    for f in ctx.files:
        entry = f.entry
        mark = evidence_mark(entry)  # beside the link to it, as every page that links it has it
        for alias in entry.aliases:
            yield writer.page(
                urls.entry_page(alias), urls.entry_page(entry.id), alias, entry.id, entry.public_title, mark
            )
            yield writer.json_stub(urls.entry_json(alias), entry.id, urls.entry_json(entry.id))
            if urls.entry_feed(entry.id) in site:
                yield writer.copy(urls.entry_feed(entry.id), urls.entry_feed(alias))
            if f"{urls.history_page(entry.id)}index.html" in site:
                yield writer.page(
                    urls.history_page(alias),
                    urls.history_page(entry.id),
                    alias,
                    entry.id,
                    entry.public_title,  # a withdrawn record's own title is shown nowhere
                    mark,
                )
    yield from request_redirects(ctx, writer)
    yield from moved_page_redirects(ctx, writer)


def request_redirects(ctx: BuildContext, writer: _Writer) -> Outputs:
    """A redirect page at each listed request page of earlier builds, to its record's drafts.

    A listed id no record answers for makes nothing: the never-404 guard reports it.
    """
    resolved, _ = resolve(read_list(ctx.root), ctx.files)
    for item, f in resolved:
        entry = f.entry
        target = urls.request_section(entry.id) if has_request(entry) else urls.entry_page(entry.id)
        title = entry.public_title
        yield writer.page(
            urls.request_page(item.id), target, item.id, entry.id, title, evidence_mark(entry), drafts=True
        )


def moved_page_redirects(ctx: BuildContext, writer: _Writer) -> Outputs:
    """A redirect page at each vendor and operator page's address of earlier builds, to its
    address now (registry.pages.moved).

    An old address that a page of this build has (another name's page, or a vacated one) keeps
    that page: it resolves, and a redirect must never replace a page.
    """
    titles = {key.kind: key.title for key in INDEX_KEYS}
    for old, new in moved_pages(ctx).items():
        if urls.page_file(old) not in writer.site:
            yield writer.moved_page(old, new, titles[old.split("/", 1)[0]])


class _Writer:
    """Makes redirect files, refusing an address taken or a target that is missing or a redirect."""

    def __init__(self, ctx: BuildContext, site: Site) -> None:
        self.site = site
        self.base = ctx.config.base
        self.site_url = ctx.config.site_url
        self.site_name = ctx.config.site_name
        self.template: Any = ctx.env.get_template(TEMPLATE)
        self.script_checked = False

    def _free(self, rel: str) -> str:
        if rel in self.site:
            raise BuildError(
                f"a redirect would replace /{rel}, which already exists; an alias must not name a live page"
            )
        return rel

    def _target(self, rel: str) -> None:
        if rel not in self.site:
            raise BuildError(f"a redirect would point at /{rel}, which does not exist")
        if rel.endswith(".html") and is_redirect(self.site.folder / rel):
            raise BuildError(f"a redirect would point at /{rel}, which is itself a redirect")

    def page(
        self,
        rel: str,
        target_rel: str,
        old_id: str,
        new_id: str,
        title: str,
        mark: str = "",
        drafts: bool = False,
    ) -> Output:
        """A redirect page at `rel` to `target_rel`, a page's folder with or without a #fragment;
        `mark` ("alleged and denied") goes beside the link to the record, as on every page."""
        return self._render(
            rel, target_rel, title=title, old_id=old_id, new_id=new_id, drafts=drafts, mark=mark
        )

    def moved_page(self, rel: str, target_rel: str, listing: str) -> Output:
        """A redirect page at a directory page's old address `rel` to its address now: it names
        the directory (`listing`, "Operators"), never the organisation, whose page may be vacated
        (registry.pages.vacated: a withdrawn record's names are not shown again)."""
        return self._render(rel, target_rel, title=listing, moved=True)

    def _render(self, rel: str, target_rel: str, **words: Any) -> Output:
        """The redirect page at `rel`; `words` fill the template's wording (a record's by default)."""
        if not self.script_checked:
            if SCRIPT not in self.site:
                raise InternalError(f"{SCRIPT} is missing from the built site (site_templates/{SCRIPT})")
            self.script_checked = True
        self._target(urls.page_file(target_rel.split("#", 1)[0]))
        html = self.template.render(
            site_name=self.site_name,
            canonical=self.site_url + target_rel,
            target=self.base + target_rel,
            refresh=f"0; url={self.base}{target_rel}",
            script=self.base + SCRIPT,
            icon=self.base + urls.FAVICON,
            **{"old_id": "", "new_id": "", "drafts": False, "moved": False, "mark": "", **words},
        )
        return self._free(rel + "index.html"), html.encode("utf-8")

    def json_stub(self, rel: str, new_id: str, target_rel: str) -> Output:
        self._target(target_rel)
        stub = {"redirect": self.base + target_rel, "id": new_id}
        return self._free(rel), dumps(stub)

    def copy(self, source_rel: str, rel: str) -> Output:
        return self._free(rel), self.site.read(source_rel)

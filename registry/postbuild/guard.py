"""The never-404 guard: every id ever published still resolves, or the build fails.

Campaigners, journalists and courts link to records; a link that breaks breaks the
registry's promise (SECURITY.md rule 16, 3.8). This is the LAST post-build step, so it sees
the final list of files the build wrote (registry.output.Site), which it checks instead of
the disk. For every id ever published on the main branch (`history_ids(history)`,
plus `entries/published-ids.txt` for builds without git, plus every current id and alias):

- `/deployments/<id>/` is the live page, a tombstone (withdrawn, merged, under review) or,
  for an alias, a redirect page whose target exists and is not itself a redirect;
- `/api/v1/deployments/<id>.json` exists (a record, a tombstone or a redirect stub);
- `/feeds/deployments/<id>.xml` exists, when this build has history (and so feeds), except
  for a record under review, which registry.feeds hides from every feed.

And every revision a citation can name resolves: each revision with data has its item
`#rev-<short>` on its record's history page, and each revision address of earlier builds
listed in `entries/published-revisions.txt` (`/deployments/<id>/revisions/<short>/` and its
JSON) has its file. So does every records-request page of builds before issue 18.1 listed in
`entries/published-request-pages.txt` (`/deployments/<id>/request/`, now a redirect to the
record's drafts). And each of those three lists still holds every line ever committed to it
on the first-parent line of HEAD (registry.address_lists): a line taken out is an address
no longer written, which the checks above, asking only what is listed, would never see. Each
failure names the id (or the list's line) and what to do; all are reported at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from registry import published_ids, urls
from registry.address_lists import removed_lines
from registry.errors import BuildError
from registry.output import Site
from registry.postbuild.redirects import is_redirect
from registry.published_ids import LIST_PATH, history_ids, read_published_list, vanished_ids
from registry.published_requests import LIST_PATH as REQUESTS_LIST
from registry.published_requests import read_list as read_request_list
from registry.published_requests import resolve as resolve_requests
from registry.published_revisions import read_list, resolve

if TYPE_CHECKING:
    from registry.context import BuildContext


def known_ids(ctx: BuildContext) -> set[str]:
    """Every id that must resolve: the git history's, the committed list's, current ids and aliases."""
    ids = {f.entry.id for f in ctx.files} | {a for f in ctx.files for a in f.entry.aliases}
    return ids | set(read_published_list(ctx.root)) | history_ids(ctx.history)


def check_published_urls(ctx: BuildContext, site: Site) -> None:
    """Post-build step: raises BuildError listing every published URL that would not resolve."""
    problems = list(find_broken(ctx, site))
    if problems:
        raise BuildError(
            f"{len(problems)} published address(es) would break (published URLs are forever):\n"
            + "\n".join(f"  {p}" for p in problems)
        )


def find_broken(ctx: BuildContext, site: Site):
    """Yields one message per published id or revision whose URL would not resolve in `site`."""
    current = {f.entry.id: f for f in ctx.files}
    alias_of = {a: f.entry.id for f in ctx.files for a in f.entry.aliases}
    # Per-entry feeds exist only with history; an entry under review has none (it is hidden
    # from every listing and feed until its review ends), so its feed is not required.
    feeds = getattr(ctx.history, "available", False) and any(urls.entry_feed(i) in site for i in current)
    under_review = {i for i, f in current.items() if not f.entry.history_is_shown}
    known = known_ids(ctx)  # reads entries/published-ids.txt: once
    vanished = set(vanished_ids(ctx.files, known))
    for entry_id in sorted(known):
        if entry_id in vanished:
            yield vanished_message(ctx, entry_id)
            continue
        page = f"{urls.entry_page(entry_id)}index.html"
        if page not in site:
            yield f"{entry_id}: /{urls.entry_page(entry_id)} was not built"
        elif entry_id in alias_of:
            new = alias_of[entry_id]
            target = f"{urls.entry_page(new)}index.html"
            if not is_redirect(site.folder / page):
                yield f"{entry_id}: /{urls.entry_page(entry_id)} should redirect to {new} but is a page"
            elif target not in site or is_redirect(site.folder / target):
                yield f"{entry_id}: redirects to /{urls.entry_page(new)}, which is missing or a redirect"
        if urls.entry_json(entry_id) not in site:
            yield f"{entry_id}: /{urls.entry_json(entry_id)} was not written"
        if feeds and entry_id not in under_review and urls.entry_feed(entry_id) not in site:
            yield f"{entry_id}: /{urls.entry_feed(entry_id)} was not written"
    yield from _broken_revisions(ctx, site)
    yield from _broken_request_pages(ctx, site)
    # What the lists no longer hold they no longer ask for: their git history does.
    yield from (problem.format() for problem in removed_lines(ctx.root))


def _broken_request_pages(ctx: BuildContext, site: Site):
    """Every listed request page of earlier builds has its file, a redirect page."""
    resolved, problems = resolve_requests(read_request_list(ctx.root), ctx.files)
    yield from problems
    for item, _ in resolved:
        address = urls.request_page(item.id)
        if urls.page_file(address) not in site:
            yield f"{item.id}: /{address} (listed in {REQUESTS_LIST}) was not written"
        elif not is_redirect(site.folder / urls.page_file(address)):
            yield f"{item.id}: /{address} (listed in {REQUESTS_LIST}) should be a redirect but is a page"


def _broken_revisions(ctx: BuildContext, site: Site):
    """Every revision's history item, and both files of every listed revision address."""
    if not getattr(ctx.history, "available", False):
        return
    for f in ctx.files:
        history = ctx.history.get(f.entry.id)
        if history is None or history.id != f.entry.id or not f.entry.history_is_shown:
            continue  # under review: its history page says so and lists nothing
        page = f"{urls.history_page(f.entry.id)}index.html"
        text = site.read(page).decode("utf-8") if page in site else ""
        for revision in history.revisions:
            if revision.has_data and f'id="rev-{revision.short}"' not in text:
                yield (
                    f"{f.entry.id}: revision {revision.short} (a citation's permanent link) is not on "
                    f"/{urls.history_page(f.entry.id)}"
                )
    listed = read_list(ctx.root)
    resolved, problems = resolve(listed, ctx.files, ctx.history)
    yield from problems
    for item in resolved:
        entry_id, short = item.listed.id, item.listed.short
        for rel in (f"{urls.revision_page(entry_id, short)}index.html", urls.revision_json(entry_id, short)):
            if rel not in site:
                yield f"{entry_id}: /{rel} (listed in entries/published-revisions.txt) was not written"


def vanished_message(ctx: BuildContext, entry_id: str) -> str:
    """What to do about a published id that no entry has and no entry lists as an alias."""
    where = "the history of the main branch" if entry_id in history_ids(ctx.history) else str(LIST_PATH)
    return published_ids.vanished_message(entry_id, where, _successor(ctx, entry_id))


def _successor(ctx: BuildContext, entry_id: str) -> str | None:
    """The current record that took over `entry_id` once (it was an alias), if history knows one."""
    if not getattr(ctx.history, "available", False):
        return None
    joined = getattr(ctx.history, "joined", {}) or {}
    found = joined.get(entry_id)
    return found if found in {f.entry.id for f in ctx.files} else None

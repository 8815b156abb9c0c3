"""The pages `registry serve` shows at once for an edited entry, finished as the full build finishes them.

Which pages show a record: its own pages (entry, with its request drafts, and history), the
country, vendor and operator pages that list it (those of its old version too: a record that
moved from one operator to another leaves the first one's page), the deployments table and
the home page.

How they are made without the engine:
- the record's own pages and the directory pages come from the layouts the last full build
  kept (registry.layout, `render_record`'s route): the same pieces, the same one-pass
  finishing (pictures, indentation, policy), so byte for byte what the next full build writes;
- the deployments table and the home page are in the nav, so no layout is kept for them:
  their content is put into the page the server shows now, in place of the content that page
  was made with (`spliced`). Both contents are made and finished (sanitised, pictures) the
  way the build makes them; if the old content is not in the page exactly once (a page from an
  older state), the page is left to the full build.
Pages a change removes (a deleted record, an old id) are the full build's to decide.
"""

from __future__ import annotations

import pickle
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from registry import layout, urls
from registry.checks.base import EntryFile
from registry.context import BuildContext
from registry.pages import browse, record_pages
from registry.postbuild import pictures
from registry.sanitize import clean_page_html

#: The pages in the nav that list records, by site path, and how each is generated.
SPLICED: dict[str, Callable[[BuildContext, dict[str, browse.Row]], str]] = {
    urls.page_file(""): lambda ctx, rows: browse._home(ctx, ctx.published, rows),  # noqa: SLF001
    urls.page_file(urls.DEPLOYMENTS): lambda ctx, rows: browse._deployments(ctx, ctx.published, rows),  # noqa: SLF001
}

Served = Callable[[str], bytes | None]


class PageMaker:
    """Renders the finished pages that show changed records; keeps what the next change reuses."""

    def __init__(self, work_dir: Path) -> None:
        self.work_dir = work_dir
        self._layouts: tuple[tuple[int, int], dict[Any, Any]] | None = None
        #: site path -> (the context it was made from, its finished content)
        self._contents: dict[str, tuple[BuildContext, str]] = {}
        #: id(EntryFile) -> (that EntryFile, its table row), so the table's 10,000 rows are made once
        self._rows: dict[int, tuple[EntryFile, browse.Row]] = {}

    def own_pages(self, ctx: BuildContext, new: list[EntryFile]) -> dict[str, bytes]:
        """The first pages shown: each new record's own pages (entry and history)."""
        markdown: dict[str, str] = {}
        for f in new:
            markdown.update(record_pages(ctx, f))
        return self.filled(ctx, markdown)

    def directory_pages(
        self, ctx: BuildContext, old: list[EntryFile], new: list[EntryFile]
    ) -> dict[str, bytes]:
        """The country, vendor and operator pages that list the records `old` became `new`
        (those of either version: a record that moved leaves its old operator's page)."""
        markdown: dict[str, str] = {}
        done = set()
        for f in [*new, *old]:
            groups = tuple(tuple(key.groups(f.entry)) for key in browse.INDEX_KEYS)
            if f.entry.content_is_shown and groups not in done:  # an edit seldom moves a record
                done.add(groups)
                markdown.update(layout.directory_pages_of(ctx, f))
        return self.filled(ctx, markdown)

    def spliced_pages(
        self,
        old_ctx: BuildContext,
        new_ctx: BuildContext,
        old: list[EntryFile],
        new: list[EntryFile],
        served: Served,
    ) -> dict[str, bytes]:
        """The deployments table and the home page, if the records `old` became `new` are listed."""
        if not any(f.entry.content_is_shown for f in [*old, *new]):
            return {}
        pages = {}
        for rel in SPLICED:
            made = self.spliced(rel, old_ctx, new_ctx, served)
            if made is not None:
                pages[rel] = made
        return pages

    def warm(self, ctx: BuildContext, served: Served) -> None:
        """Makes, before any edit, what the first edit would otherwise wait for: the spliced pages'
        contents as served now, the table's rows, and the record templates compiled."""
        for rel in SPLICED:
            if served(rel) is not None:
                self._contents[rel] = (ctx, self.content(rel, ctx))
        if ctx.published:
            self.own_pages(ctx, ctx.published[:1])

    def filled(self, ctx: BuildContext, markdown: dict[str, str]) -> dict[str, bytes]:
        """The generated pages `markdown` filled into the last full build's layouts and finished
        as that build finishes them, with any file they need beside them (a locator's shapes);
        a page without a layout (a new kind of page) waits for the full build."""
        layouts = self.layouts()
        made = (layout.piece(rel, page, ctx.config.repo_url) for rel, page in markdown.items())
        pieces = [p for p in made if p is not None and p.key in layouts]
        if not pieces:
            return {}
        scratch = Path(tempfile.mkdtemp(prefix="registry-preview-"))
        try:
            layout.write_pieces(ctx, layouts, pieces, scratch, pictures.page_pictures(ctx))
            files = (p for p in scratch.rglob("*") if p.is_file())
            return {p.relative_to(scratch).as_posix(): p.read_bytes() for p in files}
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def layouts(self) -> dict[Any, Any]:
        """The layouts the last full build kept, read again only when that file changed."""
        path = self.work_dir / layout.LAYOUTS_FILE
        try:
            stat = path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
            if self._layouts is None or self._layouts[0] != stamp:
                self._layouts = (stamp, pickle.loads(path.read_bytes()))
        except (OSError, pickle.UnpicklingError, EOFError):
            pass  # none yet, or being written by the full build now: keep the last ones read
        return self._layouts[1] if self._layouts else {}

    def spliced(self, rel: str, old_ctx: BuildContext, new_ctx: BuildContext, served: Served) -> bytes | None:
        """The page at `rel` as served now, its content replaced by the content `new_ctx` gives it."""
        page = served(rel)
        if page is None:
            return None
        old = self._contents.get(rel)
        old_content = old[1] if old and old[0] is old_ctx else self.content(rel, old_ctx)
        new_content = self.content(rel, new_ctx)
        self._contents[rel] = (new_ctx, new_content)
        return splice(page, old_content, new_content)

    def content(self, rel: str, ctx: BuildContext) -> str:
        """The finished content of the spliced page `rel`: sanitised as the hook does, pictures in."""
        rows = {f.entry.id: self.row(f) for f in ctx.published}
        body = without_front_matter(SPLICED[rel](ctx, rows))
        body = clean_page_html(body, ctx.config.repo_url)
        return pictures.fill_slots(body, pictures.page_pictures(ctx).get(rel, {}), rel)

    def row(self, f: EntryFile) -> browse.Row:
        kept = self._rows.get(id(f))
        if kept is None or kept[0] is not f:
            kept = self._rows[id(f)] = (f, browse.make_row(f))
        return kept[1]


def without_front_matter(page: str) -> str:
    """The content of a generated page as the engine's hook gets it (`engine.markdown_page`'s body).

    Our front matter is a `---` line, one line per value (JSON literals, never a line break),
    and a `---` line; the engine hands the rest, stripped, to the hook.
    """
    if not page.startswith("---\n"):
        return page.strip()
    return page[4:].split("\n---\n", 1)[1].strip()


def splice(page: bytes, old_content: str, new_content: str) -> bytes | None:
    """`page` with `old_content` replaced by `new_content`; None unless it is there exactly once.

    The one place the preview edits a finished page rather than making it: the content of a
    finished page is the sanitised content with its pictures filled, verbatim (the finishing
    pass leaves the content alone), and everything around it (the theme, the policy, whose
    hashes cover only the theme's scripts) does not depend on the records.
    """
    html = page.decode("utf-8")
    if html.count(old_content) != 1:
        return None
    return html.replace(old_content, new_content).encode("utf-8")

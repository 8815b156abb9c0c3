"""The layout route: the engine renders one layout per kind of record page, and this module fills it.

Why: at 10,000 entries the engine (MkDocs with Material) spent most of the build, and held
every page in memory (1.9 GB), to wrap 20,000 record pages in a theme shell that differs
between them only in a few values. Those pages (a record's page and history page; the
country, vendor and operator pages) are outside the nav (mkdocs.yml `not_in_nav`)
and all of one kind sit at the same depth, so the shell around each is the same but for its
title, description, address and content. So:

1. `render_records` renders every record's pages (in this process: see why there), splits
   each into its values (`Piece`) and sanitises its content once (`clean_page_html`, exactly
   what the engine's hook does to it), and keeps the pieces in the work folder, not in memory.
2. The engine builds the site's own pages plus one layout page per distinct `Key` (the page's
   folder shape, its front matter with tokens for the values, and whether its content has an
   `<h1>`, which decides Material's own heading): a few pages instead of 20,000.
3. `fill_pages` puts each piece's values into its layout and finishes the page in the same
   pass (pictures, the theme's indentation, the policy: postbuild.csp.finish_page) before its
   one write, in forked workers that write their own files.

What goes into a layout is what the engine would have printed: the title and description as
the engine reads them from the front matter, which `engine.front_matter` HTML-escaped
(quotes included, so the same text is safe in element text and in attribute values; a value
with a raw `<`, `>`, `"` or `'` is refused); the slot (the record's id, or a directory
page's slug) only when it matches `[a-z0-9]+(-[a-z0-9]+)*`, which needs no escaping in text,
attributes or URLs; and the content as the hook sanitised it. Values are put in in one pass
over the layout, so a value that happens to contain a token is never read as one.
tests/test_layout.py proves the route gives byte for byte the pages the engine gives.
"""

from __future__ import annotations

import os
import pickle
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from registry import urls
from registry.engine import read_page
from registry.errors import InternalError
from registry.pages import browse, record_pages
from registry.parallel import fork_map
from registry.postbuild import csp, pictures
from registry.sanitize import clean_page_html

if TYPE_CHECKING:
    from registry.context import BuildContext

#: The pages filled from a layout, by their docs path; the slot is the record's id or the slug.
FILLED = re.compile(
    r"^(?P<head>(?:deployments|countries|vendors|operators)/)(?P<slot>[a-z0-9]+(?:-[a-z0-9]+)*)"
    r"(?P<tail>/(?:history/)?index\.md)$"
)
#: Tokens the engine prints where a page's own values go: letters and digits only, which no
#: escaping, filter or URL function changes.
TITLE = "QQ9LAYOUT9TITLE9QQ"
DESCRIPTION = "QQ9LAYOUT9DESCRIPTION9QQ"
CONTENT = "QQ9LAYOUT9CONTENT9QQ"
_TEXT_TOKENS = {"title": TITLE, "description": DESCRIPTION}
#: Where the slot goes in a key (a key is never rendered: each layout gets a token of its own).
_SLOT = "\x00"
#: Where the engine finds front matter (its utils.meta): the lines the key is made of.
_FRONT = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_RAW = re.compile(r"""[<>"']""")
#: A value's path segment shaped like a slot, between a `/` and a `/`, `.` or `"`: where a
#: page's own slot may stand in its front matter. One pattern for every page (a pattern per
#: slot was compiled anew for each record); a segment is keyed only when it is the slot.
_IN_VALUE = re.compile(r"(?<=/)([a-z0-9]+(?:-[a-z0-9]+)*)(?=[/.\"])")
_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
LAYOUTS_FILE = "layouts.pickle"

#: (docs path with the slot as "\x00", front matter with tokens, content has an <h1>)
Key = tuple[str, str, bool]


class LayoutMissing(Exception):
    """A page needs a layout the last build did not make: only a full build can render it."""


@dataclass(frozen=True)
class Piece:
    """What one filled page has of its own: everything else is its layout's."""

    page: str  # site-relative HTML path
    key: Key
    slot: str
    title: str | None
    description: str | None
    content: str  # sanitised, as the engine's hook returns it


@dataclass(frozen=True)
class Layout:
    """A rendered layout page cut at its tokens: literal text and value names, alternating."""

    parts: tuple[str, ...]
    loc: str  # its address in the engine's sitemap, the slot as "\x00"

    def fill(self, piece: Piece) -> str:
        values = {"slot": piece.slot, "title": piece.title, "description": piece.description}
        values["content"] = piece.content
        return "".join(part if i % 2 == 0 else values[part] or "" for i, part in enumerate(self.parts))


def piece(path: str, markdown: str, repository: str) -> Piece | None:
    """The values of the generated page `markdown` at docs path `path`; None if it is not
    filled from a layout (it then goes through the engine as it is). `repository` is the
    site's repository address, as the engine's hook is given it (sanitize.clean_page_html)."""
    where = FILLED.match(path)
    front = _FRONT.match(markdown)
    if where is None or front is None:
        return None
    body, meta = read_page(markdown)
    if not meta:
        return None  # the engine would not read it as front matter either
    slot = where["slot"]

    def keyed_slot(segment: re.Match[str]) -> str:
        return _SLOT if segment[1] == slot else segment[1]

    lines = []
    for line in front.group(1).splitlines():
        name = line.split(":", 1)[0]
        if name in _TEXT_TOKENS:
            if not isinstance(meta.get(name), str):
                return None
            if _RAW.search(meta[name]):
                raise InternalError(
                    f"{path}: the {name} must reach the theme HTML-escaped (engine.front_matter)"
                )
            lines.append(f'{name}: "{_TEXT_TOKENS[name]}"')
            continue
        keyed = _IN_VALUE.sub(keyed_slot, line)
        if keyed.replace(_SLOT, slot) != line or slot in keyed:
            return None  # the slot is part of some other value: the engine renders this page
        lines.append(keyed)
    content = clean_page_html(body.strip(), repository)  # as the engine's hook does (engine.on_page_content)
    key = (f"{where['head']}{_SLOT}{where['tail']}", "\n".join(lines) + "\n", "<h1" in content)
    page = path.removesuffix("index.md") + "index.html"
    return Piece(page, key, slot, meta.get("title"), meta.get("description"), content)


def _token(number: int) -> str:
    return f"qq{number:04d}layoutslot"


def layout_page(key: Key, number: int) -> tuple[str, str]:
    """The docs path and the page the engine renders as layout `number` of `key`."""
    path, front, has_h1 = key
    body = f"<h1>{CONTENT}</h1>" if has_h1 else CONTENT
    token = _token(number)
    return path.replace(_SLOT, token), f"---\n{front.replace(_SLOT, token)}---\n\n{body}\n"


def cut_layout(html: str, key: Key, number: int) -> tuple[str, ...]:
    """The rendered layout as literal text and value names; refuses one whose content is not there once."""
    content = f"<h1>{CONTENT}</h1>" if key[2] else CONTENT
    names = {content: "content", TITLE: "title", DESCRIPTION: "description", _token(number): "slot"}
    parts = re.split("(" + "|".join(re.escape(t) for t in names) + ")", html)
    cut = tuple(part if i % 2 == 0 else names[part] for i, part in enumerate(parts))
    if cut[1::2].count("content") != 1 or any(CONTENT in part for part in cut[::2]):
        raise InternalError(f"layout {key[0]!r}: its content is not in the engine's page exactly once")
    return cut


# --- the build's three steps ---


def render_records(ctx: BuildContext, folder: Path) -> tuple[set[Key], dict[str, str]]:
    """Renders every record's pages into pieces under `folder`, one record at a time.

    Returns the layouts they need and the pages that are not filled (for the engine).
    In this process, not in forked workers: the search index and the data-only steps already
    run in two forked processes beside it, so two workers more bought little on two cores,
    and each cost a copy of the registry (Python's reference counts write to every object a
    worker reads): about 1 GB more at 10,000 entries (BENCHMARKS.md).
    """
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    keys: set[Key] = set()
    rest: dict[str, str] = {}
    job = (ctx, folder)
    for made_keys, made_rest in (_render_record(job, i) for i in range(len(ctx.files))):
        keys.update(made_keys)
        rest.update(made_rest)
    return keys, rest


def _render_record(job: tuple[BuildContext, Path], index: int) -> tuple[set[Key], dict[str, str]]:
    ctx, folder = job
    pages = record_pages(ctx, ctx.files[index])
    return _keep(pages, folder / f"r{index:06d}.pickle", ctx.config.repo_url)


def keep_pieces(pages: dict[str, str], folder: Path, repository: str) -> tuple[set[Key], dict[str, str]]:
    """Keeps the pieces of `pages` under `folder` beside the records'; returns their layouts'
    keys and the pages that are not filled."""
    return _keep(pages, folder / f"d{len(list(folder.glob('d*.pickle'))):06d}.pickle", repository)


def _keep(pages: dict[str, str], path: Path, repository: str) -> tuple[set[Key], dict[str, str]]:
    pieces, rest = [], {}
    for rel, markdown in pages.items():
        made = piece(rel, markdown, repository)
        if made is None:
            rest[rel] = markdown
        else:
            pieces.append(made)
    if pieces:
        path.write_bytes(pickle.dumps(pieces, protocol=pickle.HIGHEST_PROTOCOL))
    return {p.key for p in pieces}, rest


def layout_pages(keys: set[Key]) -> tuple[dict[str, str], dict[Key, int]]:
    """The layout pages for the engine, and each key's number."""
    numbers = {key: n for n, key in enumerate(sorted(keys))}
    return dict(layout_page(key, n) for key, n in numbers.items()), numbers


def take_layouts(numbers: dict[Key, int], site_dir: Path, work_dir: Path) -> dict[Key, Layout]:
    """Cuts each layout out of the engine's output (and its address out of its sitemap) and
    keeps them in `work_dir` for `render_record`."""
    locs = _sitemap_locs(site_dir / "sitemap.xml")
    layouts = {}
    for key, number in numbers.items():
        token = _token(number)
        docs_path, _ = layout_page(key, number)
        html_path = site_dir / (docs_path.removesuffix("index.md") + "index.html")
        cut = cut_layout(html_path.read_text(encoding="utf-8"), key, number)
        shutil.rmtree(site_dir / docs_path.split(token)[0] / token)
        loc = [loc for loc in locs if token in loc]
        if len(loc) != 1:
            raise InternalError(f"layout {key[0]!r}: not once in the engine's sitemap")
        layouts[key] = Layout(cut, loc[0].replace(token, _SLOT))
        locs.remove(loc[0])
    (work_dir / LAYOUTS_FILE).write_bytes(pickle.dumps(layouts, protocol=pickle.HIGHEST_PROTOCOL))
    _write_sitemap(site_dir / "sitemap.xml", locs)
    return layouts


def fill_pages(ctx: BuildContext, layouts: dict[Key, Layout], folder: Path, site_dir: Path) -> int:
    """Writes every kept piece as a finished page into `site_dir`, in forked workers; adds the
    pages to the engine's sitemap and to `ctx.finished_pages`; returns how many it wrote."""
    kept = sorted(folder.glob("*.pickle"))
    job = (ctx, layouts, kept, site_dir, pictures.page_pictures(ctx))
    written, locs = [], []
    for pages, page_locs in fork_map(_fill_file, job, len(kept), chunk=20):
        written += pages
        locs += page_locs
    ctx.finished_pages.update(written)
    shutil.rmtree(folder)  # 30 KB a record, needed by nothing after this
    _write_sitemap(site_dir / "sitemap.xml", _sitemap_locs(site_dir / "sitemap.xml") + locs)
    return len(written)


def _fill_file(job: tuple[Any, ...], index: int) -> tuple[list[str], list[str]]:
    ctx, layouts, kept, site_dir, page_pictures = job
    pieces: list[Piece] = pickle.loads(kept[index].read_bytes())
    return write_pieces(ctx, layouts, pieces, site_dir, page_pictures)


def write_pieces(
    ctx: BuildContext,
    layouts: dict[Key, Layout],
    pieces: list[Piece],
    site_dir: Path,
    page_pictures: dict[str, dict[str, pictures.Picture]],
) -> tuple[list[str], list[str]]:
    """Fills, finishes and writes each piece; returns the pages written and their addresses."""
    written, locs = [], []
    for p in pieces:
        layout = layouts.get(p.key)
        if layout is None:
            raise LayoutMissing(f"{p.page}: no layout for its kind of page; run a full build")
        shapes: dict[str, str] = {}
        slots = pictures.pictures_of(ctx, p.page, page_pictures, shapes)
        html = csp.finish_page(layout.fill(p), p.page, slots)
        target = site_dir / p.page
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        for name, text in shapes.items():
            write_once(site_dir / pictures.locator.FOLDER / name, text)
        written.append(p.page)
        locs.append(layout.loc.replace(_SLOT, p.slot))
    return written, locs


def write_once(path: Path, text: str) -> None:
    """Writes a file many workers may write with the same bytes (a locator's shapes), atomically."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _sitemap_locs(path: Path) -> list[str]:
    if not path.is_file():
        return []
    root = ET.parse(path).getroot()  # the engine's own output, not untrusted input
    return [el.text.strip() for el in root.iter(f"{_SITEMAP_NS}loc") if el.text]


def _write_sitemap(path: Path, locs: list[str]) -> None:
    """The engine's list of pages (postbuild.sitemap rewrites it with dates), as the engine writes it."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{_SITEMAP_NS[1:-1]}">']
    lines += [f"<url><loc>{escape(loc)}</loc></url>" for loc in sorted(locs)]
    path.write_text("\n".join(lines + ["</urlset>"]) + "\n", encoding="utf-8")


# --- one record, for a preview ---


def render_record(ctx: BuildContext, entry_id: str, work_dir: Path, site_dir: Path) -> list[str]:
    """Writes every finished page of record `entry_id`, and the country, vendor and operator
    pages that list it, into `site_dir` from the layouts the last build kept in `work_dir`.

    The seam for a preview that shows one edited record without a full build (`ctx` holds
    the edited registry). Returns the pages written; raises LayoutMissing when a page needs
    a layout the last build did not make (a new kind of page: a full build is needed).
    Pages the record no longer has are not removed here: the full build decides.
    """
    path = work_dir / LAYOUTS_FILE
    if not path.is_file():
        raise LayoutMissing(f"{path}: no layouts kept; run a full build")
    layouts: dict[Key, Layout] = pickle.loads(path.read_bytes())
    f = ctx.by_id[entry_id]
    pages = {**record_pages(ctx, f), **directory_pages_of(ctx, f)}
    made = [piece(rel, markdown, ctx.config.repo_url) for rel, markdown in pages.items()]
    if any(p is None for p in made):
        raise LayoutMissing(f"{entry_id}: a page of this record is not made from a layout; run a full build")
    written, _ = write_pieces(ctx, layouts, [p for p in made if p], site_dir, pictures.page_pictures(ctx))
    return written


def directory_pages_of(ctx: BuildContext, f: Any) -> dict[str, str]:
    """The country, vendor and operator pages that list record `f` (none if it is not published)."""
    if not f.entry.content_is_shown:
        return {}
    pages = {}
    for key in browse.INDEX_KEYS:
        slugs = {slug for slug, _ in key.groups(f.entry)}
        members = [g for g in ctx.published if any(s in slugs for s, _ in key.groups(g.entry))]
        rows = {g.entry.id: browse.make_row(g) for g in members}
        for rel, page in browse.index_pages(ctx, members, rows, key).items():
            where = FILLED.match(rel)
            if where is not None and where["slot"] in slugs:
                pages[rel] = page
    return pages


def new_record_keys(keys: set[Key]) -> set[Key]:
    """The layouts a record added since the last commit needs that no committed record does.

    Such a record has no history yet, so its entry page announces no feed: without its own
    layout, `registry serve` could not show a new entry before the next full build. One more
    layout page per build, whether or not a preview asks for it.
    """
    made = set()
    for path, front, has_h1 in keys:
        if path == f"{urls.entry_page(_SLOT)}index.md" and "\nfeed: " in "\n" + front:
            lines = [line for line in front.splitlines(keepends=True) if not line.startswith("feed: ")]
            made.add((path, "".join(lines), has_h1))
    return made - keys

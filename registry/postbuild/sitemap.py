"""`sitemap.xml` and `robots.txt` for the configured public address (`site_url` in mkdocs.yml).

MkDocs writes a sitemap whose `<lastmod>` is the day of the build (its clock), so two builds
of one commit differ and every page claims to change every day. This step rewrites it from
MkDocs' own list of pages: an entry page's `lastmod` is the day of its latest revision in
git, and so is its history page's; any other page (browse pages, home) changes with any
entry, so it gets the day of the newest revision of all. Without history every page gets
the newest `last_reviewed` date of any entry, as MkDocs' own dates do then
(registry.context.site_day). Tombstones and their history pages are left out
(nothing to index), and so are redirect pages (revision addresses included), which MkDocs never listed and
which carry `noindex`.
Above 50,000 addresses (the protocol's limit per file) the sitemap becomes an index of parts.
"""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from registry.context import site_day
from registry.exports.records import collect
from registry.output import Outputs, Site
from registry.urls import history_page as history_path

if TYPE_CHECKING:
    from registry.context import BuildContext

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MAX_URLS = 50_000


def sitemap_files(ctx: BuildContext, site: Site) -> Outputs:
    """Producer after the engine (registry.output): sitemap.xml (and .gz), in place of MkDocs'
    (taken from `site`), and robots.txt."""
    export = collect(ctx)
    site_url = export.site_url
    listed = _mkdocs_locs(site.take("sitemap.xml"))
    site.take("sitemap.xml.gz")
    hidden = {export.page_url(t.id) for t in export.tombstones}
    hidden |= {site_url + history_path(t.id) for t in export.tombstones}
    changed = {export.page_url(r.id): r.last_changed for r in export.records}
    changed |= {site_url + history_path(r.id): r.last_changed for r in export.records}
    default = site_date(ctx, export)
    urls = []
    for loc in sorted(set(listed) - hidden):
        day = changed[loc].isoformat() if changed.get(loc) else default
        urls.append((loc, day))
    parts = [urls[i : i + MAX_URLS] for i in range(0, len(urls), MAX_URLS)] or [[]]
    if len(parts) == 1:
        yield from _files("sitemap.xml", _urlset(parts[0]))
    else:
        names = [f"sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
        for name, part in zip(names, parts, strict=True):
            yield from _files(name, _urlset(part))
        yield from _files("sitemap.xml", _index([site_url + n for n in names], default))
    yield "robots.txt", robots_text(site_url, export.base).encode("utf-8")


def site_date(ctx: BuildContext, export) -> str | None:
    """The day any page may last have changed: the newest revision, else the newest review.

    One rule for every dated output: `registry.context.site_day`.
    """
    day = site_day(ctx)
    return day.isoformat() if day else None


def robots_text(site_url: str, base: str) -> str:
    """Everything may be crawled; the sitemap is named by its absolute address."""
    note = ""
    if base != "/":
        note = f"# This site lives under {base}: copy these lines into the host's own /robots.txt.\n"
    return f"{note}User-agent: *\nAllow: /\n\nSitemap: {site_url}sitemap.xml\n"


def _mkdocs_locs(data: bytes | None) -> list[str]:
    if data is None:
        return []
    root = ET.fromstring(data)  # our own build output, not untrusted input
    return [el.text.strip() for el in root.iter(f"{NS}loc") if el.text]


def _urlset(urls: list[tuple[str, str | None]]) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for loc, day in urls:
        lastmod = f"<lastmod>{day}</lastmod>" if day else ""
        lines.append(f"<url><loc>{escape(loc)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def _index(locs: list[str], day: str | None) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    lastmod = f"<lastmod>{day}</lastmod>" if day else ""
    lines += [f"<sitemap><loc>{escape(loc)}</loc>{lastmod}</sitemap>" for loc in locs]
    lines.append("</sitemapindex>")
    return "\n".join(lines) + "\n"


def _files(name: str, text: str) -> Outputs:
    data = text.encode("utf-8")
    yield name, data
    yield f"{name}.gz", gzip.compress(data, compresslevel=9, mtime=0)

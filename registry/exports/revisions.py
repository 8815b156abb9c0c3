"""The entry as it stood at each revision: `/deployments/<id>/revisions/<short>/` and its JSON.

These are the permanent links citations point at (registry.exports.cite). A page lists the
fields of the entry file exactly as written at that commit (redactions applied by the
history stage), as escaped text under their dotted paths (`sources.0.title`, as in error
messages), so it reads the same whatever schema the entry had then.

Why a post-build step and not MkDocs pages: a registry of 10,000 entries has tens of
thousands of revisions, and MkDocs with Material renders roughly 100 pages a second, which
would multiply the build time. A small standalone page rendered by our own autoescaping
Jinja environment takes well under a millisecond and a few kilobytes, and reuses the site's
stylesheets. A record no longer published (withdrawn, merged, under review) keeps every
revision URL, but as a short notice that never repeats the removed content.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from registry.exports import records as rec
from registry.exports.contract import DATA_VERSION
from registry.exports.json import dumps
from registry.render import LABELS

if TYPE_CHECKING:
    from registry.build import BuildContext

TEMPLATE = "revision.html.j2"


def flatten(data: Any) -> list[tuple[str, str]]:
    """Returns (dotted path, text) for every scalar in raw entry data, in the file's order.

    A plain recursive walk appending to one list: it runs over every field of every revision
    (tens of thousands of revisions at 10,000 entries), where generators cost more than the work.
    """
    out: list[tuple[str, str]] = []
    append = out.append

    def walk(prefix: str, node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(f"{prefix}.{key}" if prefix else str(key), value)
        elif isinstance(node, list):
            if not node:
                append((prefix, "(empty list)"))
            for index, value in enumerate(node):
                walk(f"{prefix}.{index}", value)
        else:
            append((prefix, node if isinstance(node, str) else "" if node is None else str(node)))

    walk("", data)
    return out


def fields_html(fields: list[tuple[str, str]]) -> Markup:
    """The `<dt>path</dt><dd>value</dd>` lines of a revision page, every text escaped.

    Built here rather than in a template loop because it runs for every field of every
    revision; all the texts are escaped in one call (joined by NUL, which the loader never
    lets into entry text, SECURITY.md rule 5) and the tags around them are our own.
    """
    if not fields:
        return Markup("")
    texts = str(escape("\x00".join(t for pair in fields for t in pair))).split("\x00")
    if len(texts) != 2 * len(fields):  # a NUL in the data after all: escape one by one
        texts = [str(escape(t)) for pair in fields for t in pair]
    pairs = zip(texts[0::2], texts[1::2], strict=True)
    return Markup("".join(f"<dt>{path}</dt><dd>{value}</dd>\n" for path, value in pairs))


def stylesheets(site_dir: Path, base: str) -> list[str]:
    """The theme's and our stylesheets, as built (Material's file names carry a content hash)."""
    found = sorted(p.name for p in (site_dir / "assets" / "stylesheets").glob("main.*.min.css"))
    found += sorted(p.name for p in (site_dir / "assets" / "stylesheets").glob("palette.*.min.css"))
    sheets = [f"{base}assets/stylesheets/{name}" for name in found]
    sheets += [
        f"{base}assets/{name}"
        for name in ("registry.css", "revision.css")
        if (site_dir / "assets" / name).is_file()
    ]
    return sheets


def write_revisions(ctx: BuildContext, site_dir: Path) -> None:
    """Post-build step: writes every revision page and revision JSON of every entry.

    Without history there are no revisions, and nothing is written.
    """
    export = rec.collect(ctx)
    if not export.history_available:
        return
    template = ctx.env.get_template(TEMPLATE)
    common = {
        "site_name": export.site_name,
        "u": export.base,
        "stylesheets": stylesheets(site_dir, export.base),
    }
    status_of = {f.entry.id: f.entry.record.status for f in ctx.files}
    for entry_id in sorted(status_of):
        history = ctx.history.get(entry_id)
        if history is None or history.id != entry_id:
            continue
        status = status_of[entry_id]
        json_dir = site_dir / "api" / "v1" / "deployments" / entry_id / "revisions"
        json_dir.mkdir(parents=True, exist_ok=True)
        for revision in history.revisions:
            if not revision.has_data:
                continue
            data = revision.data if status == "published" else None
            page, record = render_revision(template, common, export, entry_id, status, revision, data)
            folder = site_dir / rec.revision_path(entry_id, revision.short)
            folder.mkdir(parents=True, exist_ok=True)  # parents exist after the first revision
            (folder / "index.html").write_text(page, encoding="utf-8")
            (json_dir / f"{revision.short}.json").write_text(dumps(record), encoding="utf-8")


def render_revision(
    template: Any,
    common: dict[str, Any],
    export: rec.Export,
    entry_id: str,
    status: str,
    revision: Any,
    data: dict | None,
) -> tuple[str, dict[str, Any]]:
    """Returns (HTML page, JSON document) of one revision; `data` None means "not shown"."""
    date = revision.date
    title = data.get("title") if data and isinstance(data.get("title"), str) else f"Record {entry_id}"
    page = template.render(
        **common,
        title=title,
        entry_id=entry_id,
        id_at_revision=revision.entry_id,
        status=status,
        status_label=LABELS.record_status[status].lower(),
        short=revision.short,
        date_label=f"{date.day} {date:%B %Y}",
        canonical=export.revision_url(entry_id, revision.short),
        current=f"{export.base}deployments/{entry_id}/",
        json=f"{export.base}api/v1/deployments/{entry_id}/revisions/{revision.short}.json",
        commit_url=revision.commit_url(export.repo_url),
        fields=fields_html(flatten(data)) if data else Markup(""),
    )
    document: dict[str, Any] = {
        "data_version": DATA_VERSION,
        "id": entry_id,
        "status": status,
        "revision": rec.revision_summary(revision, entry_id, export, with_changes=False),
        "url": export.revision_url(entry_id, revision.short),
        "current_url": export.page_url(entry_id),
        "current_json": export.json_url(entry_id),
    }
    if data is not None:
        document["record_as_written"] = data
    return page, document

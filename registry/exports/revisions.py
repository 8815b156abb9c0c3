"""The entry as it stood at each revision: `/deployments/<id>/revisions/<short>/` and its JSON.

These are the permanent links citations point at (registry.exports.cite). A page shows the
entry file as written at that commit (redactions applied by the history stage) as an
indented outline of escaped text, so it reads the same whatever schema the entry had then.

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

from registry import engine, urls
from registry.csp_policy import page_with_csp
from registry.dates import day_in_words
from registry.exports import records as rec
from registry.exports.contract import DATA_VERSION
from registry.exports.json import dumps
from registry.output import Outputs
from registry.render import LABELS

if TYPE_CHECKING:
    from registry.context import BuildContext

TEMPLATE = "revision.html.j2"


def _neighbour(export: rec.Export, entry_id: str, revision: Any) -> dict[str, str]:
    """The link to a neighbouring revision's page: its site path and its day in words."""
    path = export.base + urls.revision_page(entry_id, revision.short)
    return {"path": path, "date_label": revision.date_label}


def outline(data: Any) -> str:
    """The raw entry data as an indented outline, in the file's order, like the YAML it came from.

    `key: value` lines, nested mappings indented by two spaces, list items as `- `, text on
    several lines as `key: |` followed by its indented lines. It reads like the entry file and
    costs a few kilobytes a page; it is not meant to be parsed (the revision's JSON is for that).
    A plain recursive walk appending to one list, because it runs over every field of tens of
    thousands of revisions.
    """
    lines: list[str] = []
    append = lines.append

    def text(head: str, value: Any, pad: str) -> None:
        value = value if type(value) is str else "" if value is None else str(value)
        if "\n" in value:
            append(f"{head} |")
            lines.extend(f"{pad}  {line}" for line in value.split("\n"))
        else:
            append(f"{head} {value}" if value else head)

    def walk(node: Any, pad: str) -> None:
        # type() rather than isinstance(): the loader builds only dict, list and str, and this
        # is the innermost loop of the step.
        inner = pad + "  "
        if type(node) is dict:
            for key, value in node.items():
                kind = type(value)
                if kind is str and "\n" not in value:
                    append(f"{pad}{key}: {value}")
                elif kind is dict or kind is list:
                    if value:
                        append(f"{pad}{key}:")
                        walk(value, inner)
                    else:
                        append(f"{pad}{key}: {'[]' if kind is list else ''}".rstrip())
                else:
                    text(f"{pad}{key}:", value, pad)
        else:
            for item in node:
                kind = type(item)
                if kind is str and "\n" not in item:
                    append(f"{pad}- {item}")
                elif (kind is dict or kind is list) and item:
                    before = len(lines)
                    walk(item, inner)
                    lines[before] = f"{pad}- {lines[before][len(inner) :]}"
                else:
                    text(f"{pad}-", item, pad)

    walk(data, "")
    return "\n".join(lines) + "\n"


def stylesheets(assets: Path, base: str) -> list[str]:
    """The theme's and our stylesheets, as the engine will publish them.

    Material's file names carry a content hash, so they are read from the theme the engine
    copies them from (registry.engine.theme_dirs: these pages are written while the pages are
    generated and the engine runs, not after); ours from `assets`, the `site_templates/assets`
    folder the build copies.
    """
    theme = [folder / "assets" / "stylesheets" for folder in engine.theme_dirs()]
    found = [p.name for folder in theme for p in sorted(folder.glob("main.*.min.css"))][:1]
    found += [p.name for folder in theme for p in sorted(folder.glob("palette.*.min.css"))][:1]
    sheets = [f"{base}assets/stylesheets/{name}" for name in found]
    sheets += [
        f"{base}assets/{name}" for name in ("registry.css", "revision.css") if (assets / name).is_file()
    ]
    return sheets


def revision_files(ctx: BuildContext) -> Outputs:
    """Producer beside the engine (registry.output): every revision page and JSON of every entry.

    Without history there are no revisions, and nothing is made. A build runs this step
    in the forked process beside page generation and MkDocs (registry.postbuild.beside), so
    it forks no workers of its own.
    """

    export = rec.collect(ctx)
    if not export.history_available:
        return
    template = ctx.env.get_template(TEMPLATE)
    common = {
        "site_name": export.site_name,
        "copyright": ctx.config.copyright,  # mkdocs.yml's, as the site's own footer shows it
        "u": export.base,
        "stylesheets": stylesheets(ctx.root / "site_templates" / "assets", export.base),
    }
    status_of = {f.entry.id: f.entry.record.status for f in ctx.files}
    for entry_id in sorted(ids_with_revision_pages(ctx)):
        history = ctx.history.get(entry_id)
        status = status_of[entry_id]
        shown = [r for r in history.revisions if r.has_data]  # newest first
        for at, revision in enumerate(shown):
            data = revision.data if status == "published" else None
            around = {
                "newer": _neighbour(export, entry_id, shown[at - 1]) if at > 0 else None,
                "older": _neighbour(export, entry_id, shown[at + 1]) if at + 1 < len(shown) else None,
            }
            page, record = render_revision(
                template, common | around, export, entry_id, status, revision, data
            )
            # With its policy now: the CSP step leaves these pages to this one.
            name = f"{urls.revision_page(entry_id, revision.short)}index.html"
            yield name, page_with_csp(page, name).encode("utf-8")
            yield urls.revision_json(entry_id, revision.short), dumps(record).encode("utf-8")


def ids_with_revision_pages(ctx: BuildContext) -> set[str]:
    """The entries this step writes revision pages for: each entry file with its own history.

    An old id's revision URLs are redirects (registry.postbuild.redirects), not these pages.
    """
    if not ctx.history.available:
        return set()
    return {
        f.entry.id
        for f in ctx.files
        if (history := ctx.history.get(f.entry.id)) is not None and history.id == f.entry.id
    }


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
        date_label=day_in_words(date),
        canonical=export.revision_url(entry_id, revision.short),
        current=export.base + urls.entry_page(entry_id),
        json=export.base + urls.revision_json(entry_id, revision.short),
        commit_url=revision.commit_url(export.repo_url),
        record_text=outline(data) if data else "",
        kind=revision.kind,
        changes=revision.changes,
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

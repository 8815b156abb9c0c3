"""Revision addresses: every revision on its record's history page, and the addresses of earlier builds.

A revision's permanent link is its item on the record's history page,
`/deployments/<id>/history/#rev-<short>` (registry.pages.entry renders that page, one per record
with history; registry.exports.cite names it). What changed reads there without script;
`assets/revisions.js` rebuilds the record as written at each revision from the patches in the
record's JSON (registry.exports.patch, registry.exports.json). So the site grows by a history
item and a patch per revision, not by a page and a JSON file (issue 18).

Builds before issue 18 wrote `/deployments/<id>/revisions/<short>/` and its JSON for every
revision, and those addresses are published. This step keeps a real file at both for each
address listed in `entries/published-revisions.txt` (registry.published_revisions), because
GitHub Pages cannot redirect a missing file: a small redirect page (meta refresh, canonical
link, a plain link; no script) to the history item, and the JSON document exactly as those
builds wrote it (the record as written then, redactions applied by the history stage). An old
id's address gets a redirect page and the same JSON stub an alias gets. A record no longer
published keeps its addresses, but its JSON never repeats the removed content.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from registry import urls
from registry.csp_policy import page_with_csp
from registry.exports import records as rec
from registry.exports.contract import DATA_VERSION
from registry.exports.json import dumps
from registry.output import Outputs
from registry.published_revisions import Resolved, read_list, resolve

if TYPE_CHECKING:
    from registry.context import BuildContext

TEMPLATE = "revision_redirect.html.j2"


def outline(data: Any) -> str:
    """The raw entry data as an indented outline, in the file's order, like the YAML it came from.

    `key: value` lines, nested mappings indented by two spaces, list items as `- `, text on
    several lines as `key: |` followed by its indented lines. It reads like the entry file and
    is not meant to be parsed (the JSON is for that). `assets/revisions.js` draws the same
    outline in the browser, from the record's patches; the tests compare the two.
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


def revision_files(ctx: BuildContext) -> Outputs:
    """Producer beside the engine (registry.output): the redirect page and JSON of every listed
    revision address.

    Without history there are no revisions, and nothing is made. A listed line that
    resolves to no revision makes nothing: the never-404 guard reports it with what to do.
    """
    if not ctx.history.available:
        return
    resolved, _ = resolve(read_list(ctx.root), ctx.files, ctx.history)
    if not resolved:
        return
    export = rec.collect(ctx)
    template = ctx.env.get_template(TEMPLATE)
    status_of = {f.entry.id: f.entry.record.status for f in ctx.files}
    title_of = {f.entry.id: f.entry.public_title for f in ctx.files}
    made: set[str] = set()  # a record's JSON once, however many of its addresses are listed
    # A record renamed after the list was made has its revisions listed under the old id only:
    # its JSON's `url` then names the old id's page, the only one written.
    pages = {(item.listed.id, item.listed.short) for item in resolved}

    for item in resolved:
        listed, record_id = item.listed, item.record_id
        page = urls.revision_page(listed.id, listed.short)
        html = redirect_page(template, ctx, item, title_of[record_id])
        yield f"{page}index.html", page_with_csp(html, f"{page}index.html").encode("utf-8")  # CSP skips these
        own = urls.revision_json(record_id, listed.short)
        if own not in made:
            made.add(own)
            page_id = record_id if (record_id, listed.short) in pages else listed.id
            yield own, dumps(legacy_document(export, record_id, status_of[record_id], item, page_id))
        if listed.id != record_id:  # an old id: the stub an alias's JSON gets (registry.postbuild.redirects)
            stub = {"redirect": ctx.config.base + own, "id": record_id}
            yield urls.revision_json(listed.id, listed.short), dumps(stub)


def redirect_page(template: Any, ctx: BuildContext, item: Resolved, title: str) -> str:
    """The page at a listed address: it sends the reader on to the revision's history item."""
    target = urls.revision_anchor(item.record_id, item.revision.short)
    return template.render(
        title=title,
        site_name=ctx.config.site_name,
        canonical=ctx.config.site_url + target,
        target=ctx.config.base + target,
        refresh=f"0; url={ctx.config.base}{target}",
        icon=ctx.config.base + urls.FAVICON,
        entry_id=item.record_id,
        short=item.revision.short,
        date_label=item.revision.date_label,
    )


def legacy_document(
    export: rec.Export, record_id: str, status: str, item: Resolved, page_id: str
) -> dict[str, Any]:
    """The JSON a build before issue 18 wrote at `revisions/<short>.json`, same keys, same values.

    `url` is the revision's page under `page_id`, an id it is listed under, so the page exists:
    the record's id, or the old id when only that is listed (a rename after the list was made).
    The record as written is left out when the record is no longer published, as it was then.
    """
    revision, short = item.revision, item.listed.short
    document: dict[str, Any] = {
        "data_version": DATA_VERSION,
        "id": record_id,
        "status": status,
        "revision": rec.revision_summary(revision, record_id, export, with_changes=False),
        "url": export.revision_url(page_id, short),
        "current_url": export.page_url(record_id),
        "current_json": export.json_url(record_id),
    }
    if status == "published" and revision.data is not None:
        document["record_as_written"] = revision.data
    return document


def ids_with_revision_pages(ctx: BuildContext) -> set[str]:
    """The ids whose `deployments/<id>/revisions/` this step writes (with their policy), so the
    CSP step leaves those pages alone (registry.postbuild.csp)."""
    if not ctx.history.available:
        return set()
    resolved, _ = resolve(read_list(ctx.root), ctx.files, ctx.history)
    return {item.listed.id for item in resolved}

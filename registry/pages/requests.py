"""The records-request drafts, `/deployments/<id>/request/`: one letter per body that could answer.

Every unknown in a published record is a question someone could ask (`registry.questions`);
each body that could answer it (`registry.addressees`) gets a letter under the law that
applies to that kind of body in that country (`research/laws.yaml`), or, where the table has
no row yet, a letter that says so and names no law. Nothing is sent from the site: a reader
copies or prints the letter. A record with no open question gets no draft page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from registry import urls
from registry.addressees import addressees
from registry.engine import front_matter, markdown_page
from registry.questions import questions_for
from registry.research import BODY_KIND_LABELS

if TYPE_CHECKING:
    from registry.context import BuildContext
    from registry.schema import Entry


def has_request(entry: Entry) -> bool:
    """True when the record is published and has at least one question to ask."""
    return entry.content_is_shown and bool(questions_for(entry))


def request_pages(ctx: BuildContext) -> dict[str, str]:
    """Returns `deployments/<id>/request/index.md` for every published record with unknowns."""
    pages = {}
    for f in ctx.published:
        if has_request(f.entry):
            pages[f"{urls.request_page(f.entry.id)}index.md"] = render_request_page(ctx, f.entry)
    return pages


def request_context(ctx: BuildContext, entry: Entry) -> dict[str, Any]:
    """What the request template receives: the questions, and each addressee with its laws."""
    return {
        "entry": entry,
        "u": ctx.config.base,
        "record_url": ctx.config.site_url + urls.entry_page(entry.id),
        "questions": questions_for(entry),
        "addressees": addressees(entry, ctx.research),
        "kind_labels": BODY_KIND_LABELS,
    }


def render_request_page(ctx: BuildContext, entry: Entry) -> str:
    title = f"Ask about: {entry.title}"
    body = ctx.env.get_template("request.html.j2").render(request_context(ctx, entry))
    front = front_matter(
        title,
        description=f"Records-request drafts for the unknowns of record {entry.id}.",
        hide=["toc"],
        registry_script="request.js",
    )
    return markdown_page(front, body)

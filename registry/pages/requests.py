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
from registry.addressees import addressees, body_kinds_words, law_summary
from registry.engine import front_matter, markdown_page
from registry.questions import Question, questions_for

if TYPE_CHECKING:
    from registry.checks.base import EntryFile
    from registry.context import BuildContext
    from registry.schema import Entry


def open_questions(entry: Entry) -> list[Question]:
    """The questions the record's draft asks: none for a record that is not published."""
    return questions_for(entry) if entry.content_is_shown else []


def has_request(entry: Entry) -> bool:
    """True when the record is published and has at least one question to ask."""
    return bool(open_questions(entry))


def request_pages(ctx: BuildContext) -> dict[str, str]:
    """Returns `deployments/<id>/request/index.md` for every published record with unknowns."""
    return {path: page for f in ctx.published for path, page in record_request_page(ctx, f).items()}


def record_request_page(ctx: BuildContext, f: EntryFile) -> dict[str, str]:
    """The request page of one record, or nothing (not published, or no open question)."""
    questions = open_questions(f.entry)  # found once: the draft asks them
    if not questions:
        return {}
    return {f"{urls.request_page(f.entry.id)}index.md": render_request_page(ctx, f.entry, questions)}


def request_context(ctx: BuildContext, entry: Entry, questions: list[Question]) -> dict[str, Any]:
    """What the request template receives: the questions, and each addressee with its laws."""
    return {
        "entry": entry,
        "u": ctx.config.base,
        "record_url": ctx.config.site_url + urls.entry_page(entry.id),
        "questions": questions,
        "addressees": addressees(entry, ctx.research),
        "law_summary": law_summary,  # the "Law" line: Python decides the wording, the template prints it
        "kinds": body_kinds_words,
    }


def render_request_page(ctx: BuildContext, entry: Entry, questions: list[Question]) -> str:
    title = f"Ask about: {entry.title}"
    body = ctx.env.get_template("request.html.j2").render(request_context(ctx, entry, questions))
    front = front_matter(
        title,
        description=f"Records-request drafts for the unknowns of record {entry.id}.",
        hide=["toc"],
        registry_script="copy.js",  # the letters' copy buttons (shared with the cite box)
    )
    return markdown_page(front, body)

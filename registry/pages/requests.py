"""The records-request drafts: a section of the record's page, `/deployments/<id>/#request`.

Every unknown in a published record is a question someone could ask (`registry.questions`);
each body that could answer it (`registry.addressees`) gets a letter under the law that
applies to that kind of body in that country (`research/laws.yaml`), or, where the table has
no row yet, a letter that says so and names no law. Nothing is sent from the site: a reader
copies or prints the letter. A record with no open question has no such section.

Why a section and not a page of its own (issue 18.1): the drafts are about 4 KB of letters,
and a page of their own wrapped them in about 8 KB of the theme's header, navigation and
footer and cost every record one more file. The section is boilerplate about the record,
not the record's words, so search never indexes it (the search record is made from
`search_record.html.j2`, which does not include it). Builds before the switch published
`/deployments/<id>/request/`; those addresses keep a redirect page to the section
(registry.published_requests).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from registry import urls
from registry.addressees import addressees, body_kinds_words, law_source_links, law_summary, law_with_citation
from registry.questions import Question, questions_for
from registry.transparency import transparency

if TYPE_CHECKING:
    from registry.context import BuildContext
    from registry.schema import Entry


def open_questions(entry: Entry) -> list[Question]:
    """The questions the record's drafts ask: none for a record that is not published."""
    return questions_for(entry) if entry.content_is_shown else []


def has_request(entry: Entry) -> bool:
    """True when the record is published and has at least one question to ask."""
    return bool(open_questions(entry))


def request_link(ctx: BuildContext, entry: Entry) -> dict[str, Any] | None:
    """What the top of the record's page says about its open questions, and the questions
    themselves (the section asks them); None for a record without any."""
    questions = open_questions(entry)  # found once: the link counts them, the drafts ask them
    if not questions:
        return None
    figures = transparency(entry)
    return {
        "url": ctx.config.base + urls.request_section(entry.id),
        "open": len(questions),
        "key": figures.key_unknown,
        "key_total": figures.key_total,
        "questions": questions,
    }


def request_context(ctx: BuildContext, entry: Entry, questions: list[Question]) -> dict[str, Any]:
    """What the drafts' partial (`partials/entry_request.html.j2`) receives: the questions, and
    each addressee with its laws. Made for the entry page only, never for its search record."""
    return {
        "record_url": ctx.config.site_url + urls.entry_page(entry.id),
        "questions": questions,
        "addressees": addressees(entry, ctx.research),
        "law_summary": law_summary,  # the "Law" line: Python decides the wording, the template prints it
        "kinds": body_kinds_words,
        "cited": law_with_citation,  # a law and its citation, the name never twice
        "source_links": law_source_links,  # a law's sources, each named by its site, not a cut address
    }

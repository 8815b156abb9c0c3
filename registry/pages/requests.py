"""The records-request drafts: a section of the record's page, `/deployments/<id>/#request`.

Every unknown in a published record is a question someone could ask (`registry.questions`);
each body that could answer some of them (`registry.addressees`) gets a letter under the law
that applies to that kind of body in that country (`research/laws.yaml`), or, where the table
has no row yet, a letter that says so and names no law. A letter asks only the questions its
addressee could hold records on (`questions.AUDIENCE`): a police force asked about another
force's watchlist answers that it holds nothing, and the campaigner looks careless. Nothing is
sent from the site: a reader copies or prints the letter. A record with no open question has no
such section.

Why a section and not a page of its own (issue 18.1): the drafts are about 4 KB of letters,
and a page of their own wrapped them in about 8 KB of the theme's header, navigation and
footer and cost every record one more file. The section is boilerplate about the record,
not the record's words, so search never indexes it (the search record is made from
`search_record.html.j2`, which does not include it). Builds before the switch published
`/deployments/<id>/request/`; those addresses keep a redirect page to the section
(registry.published_requests).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from registry import urls
from registry.addressees import Addressee, addressees
from registry.law_words import body_kinds_words, law_source_links, law_summary, law_with_citation
from registry.letter_words import letter_subject
from registry.question_forms import names_body
from registry.questions import Question, letter_questions, questions_for
from registry.text import clause
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


@dataclass(frozen=True)
class Letter:
    """One letter of the drafts: to whom, and the questions it asks, numbered from 1 in it."""

    number: int  # the addressee's place among all of the record's (the anchors to-N, letter-N)
    addressee: Addressee
    questions: tuple[Question, ...]

    def pending(self, question: Question) -> Any:
        """The records request already put to this addressee with `question`, still unanswered,
        or None: the letter then says it is a reminder. A unit counts as its body (`names_body`)."""
        asked = question.requested
        if asked is None or asked.reply is not None or not names_body(self.addressee.name, asked.to):
            return None
        return asked


def letters(entry: Entry, every: list[Addressee], questions: list[Question]) -> list[Letter]:
    """A letter to each addressee with a question to answer, numbered by its place in `every`:
    a body left without a question leaves a gap, so that to-N and letter-N, which old links
    may name, keep meaning the same body."""
    found = []
    for number, a in enumerate(every, 1):
        asked = letter_questions(entry, questions, a.name, a.role)
        if asked:
            found.append(Letter(number, a, tuple(asked)))
    return found


def no_letter_sentence(every: list[Addressee], written: list[Letter]) -> str | None:
    """The sentence that names the bodies that get no letter, as none of the questions is about
    their records; None when every body gets one.

    The names come last, after a colon, as a list: inside a sentence most names want "the"
    ("no letter goes to the Office of the Australian Information Commissioner") and some must
    not have it ("CNIL"), which a name alone does not tell. They are parted by semicolons where a
    name has a comma of its own, and the last loses its own full stop ("S.A.")."""
    numbers = {letter.number for letter in written}
    names = [a.name for number, a in enumerate(every, 1) if number not in numbers]
    if not names:
        return None
    if len(names) == 1:
        one = "No letter goes to this body, as none of the open questions is one it could answer"
        return f"{one}: {clause(names[0])}."
    listed = ("; " if any("," in name for name in names) else ", ").join(names[:-1])
    return (
        "No letter goes to these bodies, as none of the open questions is one they could answer: "
        f"{listed} and {clause(names[-1])}."
    )


def request_context(ctx: BuildContext, entry: Entry, questions: list[Question]) -> dict[str, Any]:
    """What the drafts' partial (`partials/entry_request.html.j2`) receives: the questions, and
    each letter with its addressee, its laws and its own questions. Made for the entry page
    only, never for its search record."""
    every = addressees(entry, ctx.research)
    written = letters(entry, every, questions)
    return {
        "record_url": ctx.config.site_url + urls.entry_page(entry.id),
        "subject": letter_subject(entry),  # what the letters ask about, in their first sentence
        "questions": questions,
        "letters": written,
        "no_letter": no_letter_sentence(every, written),
        "law_summary": law_summary,  # the "Law" line: Python decides the wording, the template prints it
        "kinds": body_kinds_words,
        "cited": law_with_citation,  # a law and its citation, the name never twice
        "source_links": law_source_links,  # a law's sources, each named by its site, not a cut address
    }

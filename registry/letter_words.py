"""How a records-request letter names the system it asks about.

A record's place is free text written for its page: its `name` may be a site ("Brussels
Airport"), an area described ("Areas of Greater Manchester, West Yorkshire, ... police"), an
investigation ("Investigation of the G20 summit riots of July 2017"), a plan ("...; a rollout to
all regional police offices planned") or the people concerned. Put after "at" in a letter, most
of those read wrong or said more than the record, and no rule over the place's `type` or its
punctuation sorts them. So a letter names the system once, in its first sentence, by what the
registry calls it: its record's title, in quotes, as the registry's words, not the writer's
(`letter_subject`); the questions then say "the system" (`questions.QUESTIONS`), and the
letter's next sentence gives the record's address.

A letter must not say more than its record: where the record does not establish that the
system ever ran (`use_doubts`), the letter names it as attributed to its operator and says why
in doubt, and its questions ask on condition (`questions.IF_USED`).
"""

from __future__ import annotations

from registry.schema import Entry
from registry.text import clause
from registry.types import Unknown

#: Statuses that say the system has not run yet: only planned.
NOT_STARTED_STATUSES = frozenset({"planned"})


def use_doubts(entry: Entry) -> tuple[str, ...]:
    """Why the record does not establish that the system ever ran, as keys of `DOUBT_WORDS`:
    "alleged" (the evidence is an allegation), "denied" (the operator denies it),
    "not_started" (its start is not applicable, or its status is planned). Empty where the use
    is established: its letters then take the use as given, as they always did.

    An operator's unknown position (`denied: unknown`) is no doubt of itself: a record
    established by credible reporting stands, and its letter asks the operator to confirm."""
    doubts = []
    evidence = entry.evidence
    if evidence is not None and evidence.basis == "alleged":
        doubts.append("alleged")
    if evidence is not None and evidence.denied == "yes":
        doubts.append("denied")
    start = entry.timeline.start
    never = isinstance(start, Unknown) and start.unknown == "not_applicable"
    if never or entry.timeline.status in NOT_STARTED_STATUSES:
        doubts.append("not_started")
    return tuple(doubts)


#: What a letter says of each doubt, in brackets after the system it asks about.
DOUBT_WORDS = {
    "alleged": "the registry records its use as alleged",
    "denied": "{operator} denies using it",
    "not_started": "no source in the registry shows that it was ever used",
}


def quoted_title(title: str) -> str:
    """A record's title in quotation marks, as a sentence quotes it, without its own closing full
    stop (`text.clause`). Its words are the contributor's, kept as written, quotation marks
    included: a letter a reader copies quotes the record exactly."""
    return f"\u201c{clause(title)}\u201d"


def letter_subject(entry: Entry) -> str:
    """What a letter asks about, as its first sentence names it: "the facial-recognition system
    operated by Argent that the public Facial Recognition Registry describes as “King's Cross
    Estate live facial recognition ...”". A system whose use is in doubt is "attributed to" its
    operator, with the doubts in brackets after the title: "... (the registry records its use as
    alleged; Macy's denies using it)"."""
    title = quoted_title(entry.title)
    doubts = use_doubts(entry)
    by = "attributed to" if doubts else "operated by"
    subject = (
        f"the facial-recognition system {by} {entry.operator.name} that the public Facial "
        f"Recognition Registry describes as {title}"
    )
    if doubts:
        said = "; ".join(DOUBT_WORDS[d].format(operator=entry.operator.name) for d in doubts)
        subject += f" ({said})"
    return subject

"""Limits that keep a build's work in proportion to the size of the files it reads.

The file-size limit (registry.loader.MAX_BYTES) bounds what one entry can say, but not what
the pages make of it where they combine two lists: the image-sharing graph (`/sharing/`)
lists every pair of an organisation that supplied a watchlist's images and one that received
them, so 3,000 names on each side of one 44 KB file asked for nine million rows and a build
that ran for eight minutes before it failed (SECURITY.md: no input may make a build hang).
The records-request drafts on a record's page combine two more: a letter to each organisation
that could answer (the operator, each image supplier, oversight body and investigating body),
and in each letter
the open questions it could answer, so a page grows, at worst, with their product.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator

from registry.addressees import letter_recipients
from registry.checks.base import EntryFile, Finding
from registry.questions import letter_questions, questions_for

#: The most supplier-recipient pairs one record's watchlists may name. The live registry's
#: largest names 2; a record that needs more names units or people, not organisations.
MAX_SHARING_PAIRS = 100


def check_sharing_pairs_bounded(f: EntryFile) -> Iterator[Finding]:
    """At most MAX_SHARING_PAIRS supplier-recipient pairs over all of a record's watchlists,
    told at the longer list of the watchlist whose pairs pass the limit."""
    sides = [
        (w.supplied_by, w.received_by if isinstance(w.received_by, list) else []) for w in f.entry.watchlists
    ]
    pairs = [len(supplied) * len(received) for supplied, received in sides]
    if sum(pairs) <= MAX_SHARING_PAIRS:
        return
    index = next(i for i, total in enumerate(itertools.accumulate(pairs)) if total > MAX_SHARING_PAIRS)
    supplied, received = sides[index]
    yield Finding(
        ("watchlists", index, "supplied_by" if len(supplied) >= len(received) else "received_by"),
        f"this record's watchlists name {sum(pairs):,} pairs of an organisation that supplied "
        f"images and one that received them; the limit is {MAX_SHARING_PAIRS}: name the "
        "organisations that shared the images, not each unit or person",
    )


#: The most organisations one record's drafts may write to. Each letter carries the laws that
#: apply to its addressee, with their sources: 100 oversight bodies made a 43 KB page 433 KB
#: (26 MB beside a law row of 2,970 sources). The live registry's largest writes to 8.
MAX_LETTERS = 20
#: The most questions one record's letters may ask together: each letter asks the open
#: questions its addressee could answer (`questions.AUDIENCE`), the operator's every one. The
#: live registry's largest asks 19 (letters of 14, 2 and 3); 56 while every letter asked every
#: question (8 letters of 7).
MAX_QUESTIONS_ASKED = 400

_NAME_BODIES = "name the bodies that hold the records, not each office or unit"


def check_request_letters_bounded(f: EntryFile) -> Iterator[Finding]:
    """At most MAX_LETTERS organisations get a letter, and the letters ask at most
    MAX_QUESTIONS_ASKED questions in all, told at the one whose letter passes the limit."""
    others = letter_recipients(f.entry)
    places = [("operator", "name"), *(other.at for other in others)]
    if len(places) > MAX_LETTERS:
        yield Finding(
            places[MAX_LETTERS],
            f"this record names {len(places):,} organisations its records requests would write to "
            "(its operator, image suppliers, oversight bodies and investigating bodies), and its page "
            "carries a letter to "
            f"each; the limit is {MAX_LETTERS}: {_NAME_BODIES}",
        )
        return
    if len(places) * _questions_at_most(f) <= MAX_QUESTIONS_ASKED:
        return  # nearly every record: not worth a walk of the whole record (3.6 s at 10,000)
    questions = questions_for(f.entry)
    recipients = [(f.entry.operator.name, "operator"), *((other.name, other.role) for other in others)]
    counts = [len(letter_questions(f.entry, questions, name, role)) for name, role in recipients]
    total = sum(counts)
    if total <= MAX_QUESTIONS_ASKED:
        return
    passing = next(i for i, so_far in enumerate(itertools.accumulate(counts)) if so_far > MAX_QUESTIONS_ASKED)
    writing = sum(1 for count in counts if count)
    yield Finding(
        places[passing],
        f"this record's letter to its operator asks {counts[0]:,} open questions; the limit is "
        f"{MAX_QUESTIONS_ASKED}: say once, in a note, what many items leave unknown"
        if passing == 0
        else f"this record's letters ask {writing} organisations {total:,} questions in all (of its "
        f"{len(questions):,} open questions, each letter asks those its addressee could answer); "
        f"the limit is {MAX_QUESTIONS_ASKED}: {_NAME_BODIES}",
    )


def _questions_at_most(f: EntryFile) -> int:
    """At least as many as `questions_for(f.entry)`, and so as any one letter asks, without
    walking the record: each question
    is an unknown, written as one (the file then says "unknown") or a yes/no field left at
    its default, "unknown"; and a record whose use is in doubt asks one more, whether the
    system was used at all (`questions.USED_AT_ALL`)."""
    defaults = sum(_defaulting_to_unknown(type(m)) for _, m in f.models)
    return f.loaded.text.count("unknown") + defaults + 1  # and whether it was used at all, if in doubt


@functools.cache
def _defaulting_to_unknown(model: type) -> int:
    """How many fields of `model` default to "unknown" (the yes/no facts a file may leave out)."""
    return sum(1 for field in model.model_fields.values() if field.default == "unknown")


#: The most earlier ids one record may keep. Each alias is a redirect page, a data stub and a
#: feed, published for good (`published-ids.txt` is append-only): 5,500 aliases in one 48 KB
#: file made 16,500 files. The live registry's records have none; a record renamed ten times
#: needs a maintainer, not an eleventh id.
MAX_ALIASES = 10
#: The most organisations one record may name beside its operator. Each vendor has a page of
#: its own, kept when its records go (registry/pages/vacated.py): 1,150 vendors in one file
#: made 1,150 pages. The live registry's largest names 12.
MAX_PARTIES = 40


#: The most records one record may link as related. Each is a link on its page, and each is
#: compared with every record's id when it names none (registry.checks.identity): 5,200 made-up
#: ids in one file printed 5,200 problems. The live registry's records link one at most.
MAX_RELATED = 30


def check_related_bounded(f: EntryFile) -> Iterator[Finding]:
    """At most MAX_RELATED related records, told at the first one past the limit."""
    if len(f.entry.related) > MAX_RELATED:
        yield Finding(
            ("related", MAX_RELATED),
            f"this record links {len(f.entry.related):,} related records; the limit is {MAX_RELATED}: "
            "link the records that describe the same system or its successors, and say in a note "
            "what others did",
        )


def check_aliases_bounded(f: EntryFile) -> Iterator[Finding]:
    """At most MAX_ALIASES earlier ids, told at the first one past the limit."""
    if len(f.entry.aliases) > MAX_ALIASES:
        yield Finding(
            ("aliases", MAX_ALIASES),
            f"this record keeps {len(f.entry.aliases):,} earlier ids; the limit is {MAX_ALIASES}: "
            "an alias is an id this record was published under, and each is kept for good",
        )


def check_parties_bounded(f: EntryFile) -> Iterator[Finding]:
    """At most MAX_PARTIES organisations besides the operator, told at the first one past it."""
    if len(f.entry.parties) > MAX_PARTIES:
        yield Finding(
            ("parties", MAX_PARTIES),
            f"this record names {len(f.entry.parties):,} organisations besides its operator; the "
            f"limit is {MAX_PARTIES}: name the organisations with a role in the deployment, and "
            "say in a note what a long list of others did",
        )

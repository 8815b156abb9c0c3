"""Other words for a records-request question, or none, where the record's own data shows that
the usual words (`questions.QUESTIONS`) would say more than the record does.

Each table is keyed by the same field paths as `QUESTIONS`, and each test reads only the
record's controlled fields, never its free text:

- `IF_USED`: the questions that take the use as given, asked on condition where the record does
  not establish it (`letter_words.use_doubts`: alleged, denied, never started), after
  `USED_AT_ALL`, which such a record asks first;
- `WITHOUT_IDENTIFICATION`: the question about matches, for a system that identifies nobody;
- `NOT_ASKED`: questions that cannot apply (signs where there is no site, a review of matches
  where nothing is matched);
- `SHARED`: the clause about sharing, asked only where the record names some (`shares`);
- `DESCRIBED_WATCHLIST`: a watchlist whose name in the record names nothing
  (`unnamed_watchlist`: "Watchlists used with the system, if any") is described, not quoted.
  The name is the one free text read here, and only whole, against a list of filler words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from registry.schema import Entry

#: The question a record whose use is in doubt (`letter_words.use_doubts`: alleged, denied,
#: never started) asks first, of its operator: whether the system was used at all.
USED_AT_ALL = "Does {operator} use, or has it used, the system?"

#: How a question names a party whose name the record does not give, by its role: "Which
#: organisation was the system's vendor?", "Which product did the system's vendor supply?". Not
#: the role's display label, which read "Which product did vendor supply" and "acted as user of
#: the system for the system".
PARTY_BY_ROLE: dict[str, str] = {
    "site_owner": "the owner of the system's site",
    "site_manager": "the manager of the system's site",
    "vendor": "the system's vendor",
    "integrator": "the system's integrator",
    "image_supplier": "the system's image supplier",
    "alert_recipient": "the recipient of the system's alerts",
    "funder": "the system's funder",
    "oversight": "the body that oversaw the system",
    "evaluator": "the system's evaluator",
    "user": "the system's user",
    "other": "another party to the system",
}

#: The questions that take the use as given, asked on condition where it is in doubt: "On what
#: legal basis did Macy's run facial recognition" of a use Macy's denies said more than the record.
IF_USED: dict[str, str] = {
    "evidence.denied": USED_AT_ALL,
    "legal.basis": "If {operator} used the system, on what legal basis did it do so{shared}?",
    "legal.basis_documented": (
        "If {operator} used the system, is the legal basis for it set out in a document? "
        "Please provide a copy."
    ),
    "system.cameras": "If the system was used, how many cameras ran facial recognition?",
    "system.human_review": (
        "If the system was used, did a person review each match before anyone acted on it?"
    ),
    "timeline.start": "If the system was used, on what date was it first used?",
    "timeline.end": "If the system was used, on what date did its use stop, if it has?",
    "legal.signage": (
        "If the system was used, were people told that facial recognition was in use (signs, "
        "notices)? Please describe them."
    ),
    "outcomes": "If the system was used, how many matches did it make, and what action followed each?",
    # A watchlist the record names was compiled for the system; that it was ever matched against
    # is what is in doubt.
    "watchlists.compiled_by": "If the system was used, who compiled the watchlist \u201c{item}\u201d?",
    "watchlists.received_by": (
        "If the system was used, which organisations received the images on the watchlist \u201c{item}\u201d?"
    ),
    "watchlists.size": (
        "If the system was used, how many images or people were on the watchlist \u201c{item}\u201d?"
    ),
    "watchlists.source_databases": (
        "If the system was used, from which databases were the images on the watchlist "
        "\u201c{item}\u201d taken?"
    ),
    "watchlists.retention": (
        "If the system was used, how long were the images on the watchlist \u201c{item}\u201d kept, "
        "and when were they deleted?"
    ),
    "watchlists.agreement.documented": (
        "If images on the watchlist \u201c{item}\u201d were shared, was the agreement under which "
        "they were shared written down? Please provide a copy."
    ),
    "watchlists.agreement.published": (
        "If images on the watchlist \u201c{item}\u201d were shared, was the agreement for them "
        "published, and where?"
    ),
}


#: Other words where a question depends on another fact the record does not know: whether an
#: impact assessment was published, of one nobody knows was carried out.
IF_KNOWN: dict[str, tuple[str, str]] = {
    "legal.dpia_published": (
        "dpia",
        "If a data protection impact assessment was carried out, was it published, and where?",
    ),
}


#: A question left out where the record's own data shows it cannot apply, with the test that
#: shows it: nobody can be told by a sign about an online service or a search of stored images
#: (retrospective use only).
NOT_ASKED: dict[str, Callable[[Entry], bool]] = {
    "legal.signage": lambda entry: (
        entry.place.type == "online" or set(entry.system.modes) == {"retrospective"}
    ),
    # Facial analytics only (age or gender estimated): nobody is identified, so nothing is matched.
    "system.human_review": lambda entry: not identifies(entry),
}


def identifies(entry: Entry) -> bool:
    """False for a system that only analyses faces (age or gender estimation, `analytics`):
    it identifies nobody, so it makes no match. Any other mode, unknown included, may."""
    return set(entry.system.modes) != {"analytics"}


def shares(entry: Entry) -> bool:
    """True when the record names images or data passing from one organisation to another: a
    watchlist supplied by, or received by, an organisation other than the operator (nor a unit
    of it: `names_body`), or any data flow. Only then is the basis of sharing asked.

    A watchlist alone is no sharing: Temple of Heaven Park compiled its own and used it, and
    Kmart's was "received by" Kmart itself. Who compiled it is not read: the record then says
    who made the list, not that it passed to anyone."""
    operator = entry.operator.name
    for watchlist in entry.watchlists:
        received = watchlist.received_by if isinstance(watchlist.received_by, list) else []
        if any(not names_body(operator, name) for name in [*watchlist.supplied_by, *received]):
            return True
    return bool(entry.data_flows)


def names_body(body: str, named: str) -> bool:
    """True when `named`, as a record gives it, is `body` or one of its units: "Metropolitan
    Police Service (Camden borough)" compiled a watchlist the Metropolitan Police Service holds."""
    return named == body or named.startswith(body + " (")


#: The clause of the legal basis's question that asks about sharing (`{shared}`): "images or
#: data", as a data flow may carry alerts or a device's records, not images; "passed to others",
#: not "shared", as data a record says was seized was not shared by its holder's choice.
SHARED = ", and on what basis were images or data passed to others"

#: Other words for a question about matches, for a system that identifies nobody (`identifies`):
#: neutral about use too, so they serve a record whose use is in doubt.
WITHOUT_IDENTIFICATION: dict[str, str] = {
    "outcomes": (
        "What figures or reports did the system's analysis produce, if any, and what were they used for?"
    ),
}


#: How a question names a watchlist whose name in the record names nothing (`unnamed_watchlist`).
DESCRIBED_WATCHLIST = "the watchlist the record describes"

#: The words a watchlist's name may be made of and still name nothing: words for a list, for a
#: name not known, and the filler around them ("Watchlists used with the system, if any").
_FILLER = frozenset(
    "watchlist watchlists watch list lists unknown unnamed undisclosed unspecified unidentified not "
    "known named name no any if used with by for of on in the a an its this system systems".split()
)


def unnamed_watchlist(name: str) -> bool:
    """True when a watchlist's name is made only of `_FILLER` words, so it names no list, no
    holder and no content: a question then describes the list (`DESCRIBED_WATCHLIST`) instead of
    quoting the placeholder as if it were the list's name. Any other word ("Volunteer test
    watchlist", "Gallery searched") makes it the record's name for the list, quoted."""
    words = re.findall(r"[^\W_]+", name.casefold())
    return all(word in _FILLER for word in words)


def described_watchlist(words: str) -> str:
    """A watchlist question's words with the place of its quoted name ("the watchlist “{item}”",
    "“{item}”") left for `DESCRIBED_WATCHLIST`."""
    return words.replace("the watchlist \u201c{item}\u201d", "{item}").replace("\u201c{item}\u201d", "{item}")

"""How a letter names the laws it cites: the "Law" line, a law with its citation, its sources.

Split from `addressees.py`, which decides who is written to and which law rows apply; this
module only words what was decided, so the template prints runs of words and never decides.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from registry.addressees import GLOSS, Addressee
from registry.research import BODY_KIND_LABELS, LawRow
from registry.text import address_name


@dataclass(frozen=True)
class Words:
    """A run of a sentence: plain text, or the name of a law (`law`), which the page sets apart."""

    text: str
    law: bool = False


def body_kinds_words(row: LawRow) -> str:
    """The kinds of body a law row covers, in words: `police forces, public bodies or federal agencies`."""
    labels = [BODY_KIND_LABELS[kind] for kind in row.body_kinds]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


def citation_after_name(row: LawRow) -> str:
    """What follows a law's name where a letter cites it: `" (5 U.S.C. § 552)"`, or, when the
    citation itself begins with the name (`Freedom of Information Act 2000 (c. 36), section 1`),
    only the rest of it (`" (c. 36), section 1"`), so the name is never printed twice. The
    citation may begin "The" (`The Right to Information Act, 2005 (Act No. 22 of 2005)`), and
    the name may carry a gloss the citation has not (`Wet open overheid (Open Government Act)`
    beside `Wet open overheid (Woo), article 4.1`)."""
    citation = row.citation.removeprefix("The ")
    for name in dict.fromkeys((row.law, GLOSS.sub("", row.law))):
        rest = citation[len(name) :]
        if name and citation.startswith(name) and not rest[:1].isalnum():
            return rest
    return f" ({row.citation})"


def law_with_citation(row: LawRow) -> str:
    """A law as a letter names it, with its citation: `Freedom of Information Act (5 U.S.C. § 552)`;
    `Freedom of Information Act 2000 (c. 36), section 1` (the name once)."""
    return row.law + citation_after_name(row)


def law_source_links(row: LawRow) -> list[tuple[str, str]]:
    """Each source of a law row with the words its link shows (`text.address_name`), the same
    name numbered when two sources share it: `("https://...", "legislation.gov.uk (archived copy)")`."""
    names = [address_name(url) for url in row.sources]
    # Counted once, then numbered as met: one pass, however many sources share a name.
    total, seen = Counter(names), Counter[str]()
    links = []
    for url, name in zip(row.sources, names, strict=True):
        seen[name] += 1
        links.append((url, name if total[name] == 1 else f"{name}, page {seen[name]}"))
    return links


def law_summary(a: Addressee) -> list[Words]:
    """The "Law" line of a letter to `a`: which laws let anyone ask it, as runs of words.

    Decided here so the template only prints runs (a law's name set apart): first the rows
    that cover this kind of body as such, then the conditional ones ("if the body is one of
    the federal agencies: ..."), then the rights of access to one's own data only, one clause
    each, joined by semicolons and ended by one full stop. A body whose kind the record does
    not give says so first. For an addressee with no row at all the letter says "No row
    yet" instead (the template's other branch); this is never called for it.
    """
    words: list[Words] = []
    if a.category == "unknown":
        words.append(Words("The record does not say what kind of body this is. "))
    clauses: list[list[Words]] = []
    for row in a.laws:
        clauses.append(
            [
                Words(row.law, law=True),
                Words(f"{citation_after_name(row)}{_in_region(row)}, for {body_kinds_words(row)}"),
            ]
        )
    for row in a.conditional:
        condition = f"{'If' if not clauses else 'if'} this body is one of the {body_kinds_words(row)}: "
        cited = citation_after_name(row) + _in_region(row)
        clauses.append([Words(condition), Words(row.law, law=True), Words(cited)])
    if a.own_data:
        own_only = "for the requester's own personal data only: "
        if not clauses:  # a sentence of its own, after the one that says no records law applies
            own_only = f"No records law in the table covers this body. {own_only.capitalize()}"
        own: list[Words] = [Words(own_only)]
        for n, row in enumerate(a.own_data):
            own += [Words("; " if n else ""), Words(row.law, law=True), Words(citation_after_name(row))]
        clauses.append(own)
    for n, clause in enumerate(clauses):
        words += [Words("; " if n else ""), *clause]
    words.append(Words("."))
    return _joined(words)


def _in_region(row: LawRow) -> str:
    return f", in {row.region}" if row.region else ""


def _joined(words: list[Words]) -> list[Words]:
    """Adjacent plain runs as one, empty runs dropped: the page gets as few pieces as it prints."""
    out: list[Words] = []
    for w in words:
        if not w.text:
            continue
        if out and not w.law and not out[-1].law:
            out[-1] = Words(out[-1].text + w.text)
        else:
            out.append(w)
    return out

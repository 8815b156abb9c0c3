"""Rules about organisation names: one spelling per organisation page.

The site builds one page per operator and per vendor at `/operators/<slug>/` and
`/vendors/<slug>/` (registry.pages.browse), the slug made by `registry.text.slugify`, which
drops case, accents, punctuation and every letter outside the Latin alphabet. So "Essex
Police", "ESSEX POLICE" and "ESSEX POLICE — ПОДДЕЛКА" share one page, whose heading was the
first of their spellings in code-point order: a new record could rename an organisation's
page. CONTRIBUTING.md asks for one spelling per organisation; this holds it.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from registry import urls
from registry.checks.base import EntryFile, Finding
from registry.questions import organisations
from registry.suggestions import closest
from registry.text import legacy_slug, slugify
from registry.types import Unknown

_OTHER = "or give another organisation a name that tells them apart"


def _organisation_names(f: EntryFile) -> Iterator[tuple[str, tuple[Any, ...], str]]:
    """(page kind, field path, name) of every name that makes an organisation page."""
    yield "operators", ("operator", "name"), f.entry.operator.name
    for index, party in enumerate(f.entry.parties):
        if party.role == "vendor" and not isinstance(party.name, Unknown):
            yield "vendors", ("parties", index, "name"), party.name


def check_one_spelling_per_page(
    files: list[EntryFile], unloaded: frozenset[str] = frozenset()
) -> Iterator[tuple[EntryFile, Finding]]:
    """Two spellings whose slugs are equal would share one operator or vendor page.

    Only published records count (only they are listed on those pages). The spelling the most
    records use is kept; on a tie, the one first by casefold, then by code point. Every place
    that spells it otherwise is told, naming the kept spelling and the first file that uses it.
    A record using the kept spelling is told too, but only when no file spelling it otherwise
    is being checked (`Finding.unless_checked`): a new record can tip the count, and must then
    fail `check --changed` itself.
    """
    pages: dict[tuple[str, str], dict[str, list[tuple[EntryFile, tuple[Any, ...]]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for f in files:
        if f.entry.content_is_shown:
            for kind, loc, name in _organisation_names(f):
                pages[kind, slugify(name)][name].append((f, loc))
    for (kind, slug), spellings in pages.items():
        if len(spellings) < 2:
            continue
        page = f"/{urls.directory_page(kind, slug)}"

        def records(name: str, spellings: dict = spellings) -> int:
            return len({f.path for f, _ in spellings[name]})

        kept = min(spellings, key=lambda name: (-records(name), name.casefold(), name))
        kept_in = spellings[kept][0][0].path
        n = records(kept)
        used = f"the spelling of {n} record{'s' if n != 1 else ''}"
        others = [(name, f, loc) for name, places in spellings.items() if name != kept for f, loc in places]
        for name, f, loc in others:
            yield (
                f,
                Finding(
                    loc,
                    f"'{name}' shares the page {page} with '{kept}' ({kept_in}, {used}); "
                    f"write it '{kept}' if it is the same organisation, {_OTHER}",
                ),
            )
        name, other, _ = others[0]
        for f, loc in spellings[kept]:
            yield (
                f,
                Finding(
                    loc,
                    f"'{kept}' shares the page {page} with '{name}' ({other.path}); spell one "
                    f"organisation the same way on every record, {_OTHER}",
                    unless_checked=other.path,
                ),
            )


def check_no_page_takes_an_old_address(
    files: list[EntryFile], unloaded: frozenset[str] = frozenset()
) -> Iterator[tuple[EntryFile, Finding]]:
    """A name whose page would sit at another organisation's page address of earlier builds.

    Before letters such as ø were spelt out, "Brøndby IF" had its page at `/operators/brndby-if/`,
    which now redirects to `/operators/brondby-if/` (registry.pages.moved). A new operator named
    "Brndby IF" gets that very address, and the build gives the page way to it: a link made
    to Brøndby IF's page then opened another organisation's. Among published records' names;
    the names only the history holds are `check_no_page_takes_a_history_address`'s.

    Which of the two names is new, `check` cannot tell: a new "City Government of Manilaø"
    claims the old address that is "City Government of Manila"'s page, and two names may claim
    one old address ("Brndby IFø" beside "Brøndby IF"). So the record whose page sits at the
    old address is told, and the one whose old address it is when only that one is checked
    (`Finding.unless_checked`): a pull request fails on the record it adds.
    """
    first = _first_places(files)
    names = sorted(first)  # every (kind, name) a published record lists
    old = _old_addresses(names)
    for f, kind, loc, name, earlier, page, now in _takers(files, old):
        other, other_loc = first[(kind, earlier)]
        said = (
            f"'{name}' would have its page at {page}, where earlier builds published the page of "
            f"'{earlier}' (now at {now}), and links to it would open this one: spell this "
            "organisation so its page has an address of its own"
        )
        yield f, Finding(loc, said)
        if other.path != f.path:
            claim = (
                f"'{earlier}' would keep a redirect at {page}, its address in earlier builds, but that is "
                f"the page of '{name}' ({f.path}): if '{earlier}' is new, spell it so its old address "
                "is no other page's"
            )
            yield other, Finding(other_loc, claim, unless_checked=f.path)
    yield from _shared_old_addresses(names, first)


def _first_places(files: list[EntryFile]) -> dict[tuple[str, str], tuple[EntryFile, tuple[Any, ...]]]:
    """`(kind, name)` -> the first published record (in path order) that lists it, and where."""
    first: dict[tuple[str, str], tuple[EntryFile, tuple[Any, ...]]] = {}
    for f in files:
        if f.entry.content_is_shown:
            for kind, loc, name in _organisation_names(f):
                first.setdefault((kind, name), (f, loc))
    return first


def _shared_old_addresses(
    names: list[tuple[str, str]], first: dict[tuple[str, str], tuple[EntryFile, tuple[Any, ...]]]
) -> Iterator[tuple[EntryFile, Finding]]:
    """Two listed names with one old address ("Brøndby IF" and "Brndby IFø": both were
    `/operators/brndby-if/` to `legacy_slug`): the build can redirect it to one page only, and
    a link made to the older one's page could open the newer's. One is told always, the other
    when the first's file is not being checked, so `check --changed` fails on either."""
    claims: dict[tuple[str, str], list[str]] = defaultdict(list)
    for kind, name in names:
        if legacy_slug(name) != slugify(name):
            claims[(kind, legacy_slug(name))].append(name)
    for (kind, slug), claimants in claims.items():
        for told, (name, other) in enumerate(itertools.permutations(claimants[:2], 2)):
            f, loc = first[(kind, name)]
            g, _ = first[(kind, other)]
            said = (
                f"'{name}' and '{other}' ({g.path}) had one page address in earlier builds, "
                f"/{urls.directory_page(kind, slug)}, which can redirect to one of them only: spell "
                "the newer one so its old address is no other name's"
            )
            # The first is told always, the second when the first's file is not being checked.
            yield f, Finding(loc, said, unless_checked=g.path if told and g.path != f.path else None)


def check_no_page_takes_a_history_address(
    files: list[EntryFile], once_listed: Iterable[tuple[str, str]]
) -> Iterator[tuple[EntryFile, Finding]]:
    """The same rule for the old addresses of names only the git history holds: `once_listed`
    is `(kind, name)` of every page once built (registry.pages.vacated.names_once_listed, the
    build's own list, which `check` reads from the history: registry.old_addresses).

    A withdrawn "Brøndby IF" still has a redirect at `/operators/brndby-if/`; a new "Brndby IF"
    took that address in the build while `check` passed. Names listed now keep an old address
    first, as the build orders them (registry.pages.moved), so a clash with one of them is told
    once, by the rule above. The message names the address, never the old name: it may be a
    withdrawn record's, whose content is not shown again.
    """
    listed = _old_addresses(sorted(set(_listed_names(files))))
    old = {key: name for key, name in _old_addresses(sorted(set(once_listed))).items() if key not in listed}
    for f, _, loc, name, _, page, now in _takers(files, old):
        said = (
            f"'{name}' would have its page at {page}, where earlier builds published the page now at "
            f"{now}, and links to that page would open this one: spell this organisation so its page "
            "has an address of its own"
        )
        yield f, Finding(loc, said)


def _listed_names(files: list[EntryFile]) -> Iterator[tuple[str, str]]:
    """`(kind, name)` of every operator and vendor page a published record fills now."""
    for f in files:
        if f.entry.content_is_shown:
            for kind, _, name in _organisation_names(f):
                yield kind, name


def organisation_slugs(files: list[EntryFile]) -> set[str]:
    """The slug of every operator and vendor page the published records among `files` fill."""
    return {slugify(name) for _, name in _listed_names(files)}


def _old_addresses(names: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """`{(kind, old slug): name}` of every name whose `legacy_slug` differs from its slug; the
    first name of two with one old address keeps it, as in the build (registry.pages.moved)."""
    old: dict[tuple[str, str], str] = {}
    for kind, name in names:
        if legacy_slug(name) != slugify(name):
            old.setdefault((kind, legacy_slug(name)), name)
    return old


def _takers(
    files: list[EntryFile], old: dict[tuple[str, str], str]
) -> Iterator[tuple[EntryFile, str, tuple[Any, ...], str, str, str, str]]:
    """Each published name whose page would sit at the old address of `earlier`, another page:
    `(file, page kind, field path, name, earlier, its page's address, earlier's address now)`."""
    if not old:
        return
    for f in files:
        if not f.entry.content_is_shown:
            continue
        for kind, loc, name in _organisation_names(f):
            earlier = old.get((kind, slugify(name)))
            if earlier is not None and slugify(earlier) != slugify(name):
                page, now = (f"/{urls.directory_page(kind, slugify(n))}" for n in (name, earlier))
                yield f, kind, loc, name, earlier, page, now


def _bodies(f: EntryFile) -> set[str]:
    """Every organisation the record names: its operator, parties, investigating bodies, and
    those its watchlists and data flows name."""
    e = f.entry
    named = {name for _, model in f.models for name in organisations(model)}
    named |= {name for flow in e.data_flows for name in (flow.supplier, flow.recipient)}
    return {name for name in (e.operator.name, *named) if isinstance(name, str)}  # unknown: no one


#: How alike two names must be to be one misspelt: "West Yorks Police" and "West Yorkshire
#: Police" are (0.89); "Surrey Police" and "Sussex Police", two forces, are not (0.77). Two names
#: that differ in their first word ("North Wales Police", "South Wales Police": 0.89) never are,
#: so a request is compared only with the names that share its first word.
_SLIP = 0.85
#: Misnamed requests told one by one; the rest are counted in one more line, placed at the first
#: of them: ten say what to fix, and a file of thousands floods no terminal or CI log.
MAX_SLIPS_TOLD = 10
#: The most work the comparisons of one record may take, in pairs of characters (difflib's ratio
#: costs up to the product of the two names' lengths). Compared with every name, 120 requests to
#: 120 parties of 150-character names took 4.8 s; within this, under 0.1 s. A record of 30
#: requests to 60 bodies of 25 characters, all of one first word, takes a quarter of it, and the
#: live registry records no request yet.
MAX_WORK = 4_000_000


def _requests(f: EntryFile) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(field path of the unknown, body named) of every records request the record records."""
    for path, model in f.models:
        request = getattr(model, "requested", None) if isinstance(model, Unknown) else None
        if request is not None:
            yield path, request.to


def _first_word(name: str) -> str:
    words = name.split()
    return words[0].casefold() if words else ""


def _by_first_word(bodies: set[str]) -> dict[str, tuple[list[str], int]]:
    """The record's names by first word, each group with its length in characters (its cost)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for name in sorted(bodies):
        groups[_first_word(name)].append(name)
    return {word: (names, sum(map(len, names))) for word, names in groups.items()}


def _slips(f: EntryFile) -> tuple[list[tuple[tuple[Any, ...], str, str]], tuple[Any, ...] | None]:
    """Every (path, body named, the record's name it is close to) of a request that misnames a
    body, and the path of the first request left unjudged when MAX_WORK ran out (else None).

    Each body named is judged once however many requests name it, against the record's names
    that share its first word."""
    bodies: set[str] | None = None  # walked only for a record with a request
    groups: dict[str, tuple[list[str], int]] = {}
    judged: dict[str, str | None] = {}
    found: list[tuple[tuple[Any, ...], str, str]] = []
    work = 0
    for path, to in _requests(f):
        if bodies is None:
            bodies = _bodies(f)
            groups = _by_first_word(bodies)
        if to not in judged and to not in bodies:
            names, length = groups.get(_first_word(to), ([], 0))
            work += len(to) * length
            if work > MAX_WORK:
                return found, path
            judged[to] = closest(to, names, cutoff=_SLIP)
        close = judged.get(to)
        if close:
            found.append((path, to, close))
    return found, None


def check_request_names_its_body_as_written(f: EntryFile) -> Iterator[Finding]:
    """A records request goes to a body as the record names it: a name close to one of them,
    but not it, is a slip or a name left behind when a party was renamed ("West Yorkshire
    Police" after the party became "West Yorkshire Police (Leeds)"), and the page then said a
    request was pending with a body the record no longer names. A name unlike all of them is a
    body outside the record (a regulator the law table names, a neighbouring force), and stands.
    At most MAX_SLIPS_TOLD are told, then how many more; past MAX_WORK the rest go unjudged,
    and that is told at the first of them."""
    found, unjudged = _slips(f)
    for path, to, close in found[:MAX_SLIPS_TOLD]:
        yield Finding(
            (*path, "requested", "to"),
            f"'{to}' is not how this record names the body; did you mean '{close}'? "
            "(write the name as the record does, so the page and the letters agree)",
        )
    if len(found) > MAX_SLIPS_TOLD:
        more = len(found) - MAX_SLIPS_TOLD
        yield Finding(
            (*found[MAX_SLIPS_TOLD][0], "requested", "to"),
            f"and {more} more request{'s' if more != 1 else ''} from here on name a body close to "
            f"one this record names, but not as written (the first {MAX_SLIPS_TOLD} are told above): "
            "write each name as the record does",
        )
    if unjudged is not None:
        yield Finding(
            (*unjudged, "requested", "to"),
            "this request and those after it were not compared with the names this record gives "
            "organisations: its requests and names are too many and too long to compare (a record "
            "names the bodies that hold the records, not each office or unit)",
        )

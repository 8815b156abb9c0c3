"""Rules about ids, file places, record status and links between records."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from registry.checks.base import EntryFile, Finding, repeated
from registry.checks.bounds import MAX_RELATED
from registry.suggestions import closest


def check_id_matches_file_name(f: EntryFile) -> Iterator[Finding]:
    """`id` must equal the file name without `.yaml`."""
    if f.entry.id != f.stem:
        yield Finding(
            ("id",),
            f"must equal the file name '{f.stem}' (the id is the file's name without .yaml)",
        )


def check_country_matches_folder_and_id(f: EntryFile) -> Iterator[Finding]:
    """The id starts with the country code, and the file lives in that country's folder."""
    cc = f.entry.place.country.lower()
    if not f.entry.id.startswith(f"{cc}-"):
        yield Finding(
            ("id",),
            f"must start with the country code '{cc}-' (place.country is {f.entry.place.country})",
        )
    if f.folder != cc:
        yield Finding(
            ("place", "country"),
            f"is {f.entry.place.country}, so the file must live in entries/{cc}/, not entries/{f.folder}/",
        )


def check_record_status_consistent(f: EntryFile) -> Iterator[Finding]:
    """A withdrawn record says when and why; a merged record names its successor; nothing else does."""
    record = f.entry.record
    if record.status == "withdrawn" and record.withdrawn is None:
        yield Finding(
            ("record", "withdrawn"),
            "is required when record.status is 'withdrawn': give date and reason",
        )
    if record.status != "withdrawn" and record.withdrawn is not None:
        yield Finding(
            ("record", "withdrawn"),
            f"is only allowed when record.status is 'withdrawn' (it is '{record.status}')",
        )
    if record.status == "merged" and record.merged_into is None:
        yield Finding(
            ("record", "merged_into"),
            "is required when record.status is 'merged': name the record it was merged into",
        )
    if record.status != "merged" and record.merged_into is not None:
        yield Finding(
            ("record", "merged_into"),
            f"is only allowed when record.status is 'merged' (it is '{record.status}')",
        )


def check_aliases_are_other_ids(f: EntryFile) -> Iterator[Finding]:
    """An alias is an earlier id of this record: never its own id, never listed twice."""
    seen: set[str] = set()
    for index, alias in enumerate(f.entry.aliases):
        if alias == f.entry.id:
            yield Finding(("aliases", index), "must not repeat the record's own id")
        elif alias in seen:
            yield Finding(("aliases", index), f"'{alias}' is listed twice")
        seen.add(alias)


def check_related_listed_once(f: EntryFile) -> Iterator[Finding]:
    """A related record is listed once: its page showed the link as often as it was written."""
    yield from repeated(("related",), f.entry.related)


def check_vendor_is_stated(f: EntryFile) -> Iterator[Finding]:
    """Every record names its vendor, or says why it cannot."""
    if not f.entry.vendors:
        yield Finding(
            ("parties",),
            "must include the vendor: add a party with role: vendor "
            "(if no source names it, write name: {unknown: not_found, note: ...})",
            at_key=True,
        )


def check_party_country_is_another(f: EntryFile) -> Iterator[Finding]:
    """A party's or the operator's `country` says it is another country's organisation; the
    record's own is implied.

    Given anyway, it would say nothing the page could show, and readers of the exports would
    find two ways to write the same thing (null and the record's country).
    """
    own = f.entry.place.country
    given = [
        (("operator", "country"), f.entry.operator.country, "the operator's", "a military abroad's"),
        *(
            (("parties", index, "country"), party.country, "a party's", "a foreign regulator's")
            for index, party in enumerate(f.entry.parties)
        ),
    ]
    for loc, country, whose, such in given:
        if country == own:
            yield Finding(
                loc,
                f"is {own}, the record's own country (place.country): give {whose} country "
                f"only when it is another, such as {such}; remove this line",
            )


def check_ids_unique(
    files: list[EntryFile], unloaded: frozenset[str] = frozenset()
) -> Iterator[tuple[EntryFile, Finding]]:
    """No two files may carry the same id; the copy is told, not the file named for the id.

    A file copied to start a new record (`X-copy.yaml`, or `X.yaml` in another country's
    folder) still carries the original's id. The file whose name is the id, in the folder of
    the id's country, keeps it: there every other rule holds, and it is the published record.
    Only when no file (or more than one) is that file does path order choose.
    """
    by_id: dict[str, list[EntryFile]] = defaultdict(list)
    for f in files:
        by_id[f.entry.id].append(f)
    for entry_id, same in by_id.items():
        if len(same) < 2:
            continue
        named = [f for f in same if _named_for(f, entry_id)]
        keeper = named[0] if named else same[0]
        for f in same:
            if f is not keeper:
                yield f, Finding(("id",), f"'{entry_id}' is already the id of {keeper.path}")


def _named_for(f: EntryFile, entry_id: str) -> bool:
    """Whether `f` is where a record with `entry_id` belongs: `entries/<cc>/<id>.yaml`."""
    return f.stem == entry_id and f.folder == entry_id.split("-", 1)[0]


def check_aliases_unique_and_not_live(
    files: list[EntryFile], unloaded: frozenset[str] = frozenset()
) -> Iterator[tuple[EntryFile, Finding]]:
    """An alias redirects to one record, so it can be neither a live id nor another record's alias.

    A live id always wins: an alias that shadows one is reported on the alias, and the record
    with the id (whose published id must never change) is told only when the alias's file is
    not being checked (`Finding.unless_checked`): `check --changed` reports only the files a
    pull request touches, and a new file whose id is an old record's alias must fail there.
    Two records with one alias are both told, in path order: either may be the newcomer.
    """
    live = {f.entry.id: f for f in files}
    holders: dict[str, list[tuple[EntryFile, int]]] = defaultdict(list)
    for f in files:
        for index, alias in enumerate(f.entry.aliases):
            holders[alias].append((f, index))
    for alias, held in holders.items():
        record = live.get(alias)
        for f, index in held:
            if record is not None and record is not f:
                yield (
                    f,
                    Finding(
                        ("aliases", index),
                        f"'{alias}' is the id of a live record ({record.path}); an alias may not shadow it",
                    ),
                )
                yield (
                    record,
                    Finding(
                        ("id",),
                        f"'{alias}' is already an alias of {f.path} (an earlier id of that record); "
                        "choose another id",
                        unless_checked=f.path,
                    ),
                )
        first, first_index = held[0]
        others = [(f, index) for f, index in held if f is not first]
        for f, index in others:
            yield f, Finding(("aliases", index), f"'{alias}' is already an alias of {first.path}")
        if others:
            yield (
                first,
                Finding(("aliases", first_index), f"'{alias}' is also an alias of {others[0][0].path}"),
            )


def check_merged_into_is_published(
    files: list[EntryFile], unloaded: frozenset[str] = frozenset()
) -> Iterator[tuple[EntryFile, Finding]]:
    """A merged record points at a published record: the one whose page now shows its content.

    A merge into a record that is itself merged (a chain, or a cycle of two records merged
    into each other), withdrawn or under review leaves the content on no page at all: every
    page of the chain is a tombstone pointing at another. The target is told too when only it
    is checked (`Finding.unless_checked`): a pull request that withdraws or merges a record
    others are merged into must fail `check --changed`.
    """
    live = {f.entry.id: f for f in files}
    for f in files:
        target = live.get(f.entry.record.merged_into or "")
        # No such record: check_links_resolve says so; a target that did not load has its own
        # problems told, and its status is not known until they are fixed.
        if target is None or target is f:
            continue
        status = target.entry.record.status
        if status != "published":
            yield (
                f,
                Finding(
                    ("record", "merged_into"),
                    f"'{target.entry.id}' is not a published record (its record.status is "
                    f"'{status}', in {target.path}); a merged record must point at the published "
                    "record that now shows its content",
                ),
            )
            yield (
                target,
                Finding(
                    ("record", "status"),
                    f"is '{status}', but {f.path} is merged into this record; a merged record must "
                    "point at a published one, so point it at another first",
                    unless_checked=f.path,
                ),
            )


def check_links_resolve(
    files: list[EntryFile], unloaded: frozenset[str] = frozenset()
) -> Iterator[tuple[EntryFile, Finding]]:
    """`related` and `record.merged_into` must name records that exist, by their current ids;
    `related` never a record merged into another (its page is a notice of the merge).

    A record whose file is there but did not load (`unloaded`) exists: its own problems are
    told, and every record that links to it is not also failed in words that blame the link.
    An old id (another record's alias, after a rename) is told with the id to link instead.
    """
    live = {f.entry.id for f in files} | unloaded
    renamed = {alias: f.entry.id for f in reversed(files) for alias in f.entry.aliases}
    merged = {f.entry.id: f.entry.record.merged_into for f in files if f.entry.record.merged_into}
    paths = {f.entry.id: f.path for f in files}
    for f in files:
        # Past the limit (bounds.check_related_bounded) a link is not compared: told once there.
        for index, other in enumerate(f.entry.related[:MAX_RELATED]):
            if other == f.entry.id:
                yield f, Finding(("related", index), "must not name the record itself")
            elif other not in live:
                message = _unknown_id(
                    f,
                    other,
                    renamed,
                    live,
                    "is not the id of any record",
                    "a record is not related to itself",
                )
                # A link to a record renamed away is that rename's doing too (`caused_by`).
                yield f, Finding(("related", index), message, caused_by=paths.get(renamed.get(other, "")))
            elif other in merged and f.entry.content_is_shown:
                # Its page is a notice now: link what it became, as a rename's old id is told.
                into = merged[other]
                where = "this record: remove the link" if into == f.entry.id else f"{into}; link that id"
                told = f"'{other}' was merged into {where}"
                yield f, Finding(("related", index), told, caused_by=paths[other])
        target = f.entry.record.merged_into
        if target is not None and (target not in live or target == f.entry.id):
            message = _unknown_id(
                f,
                target,
                renamed,
                live,
                "is not the id of another record",
                "name the record this one was merged into",
            )
            yield f, Finding(("record", "merged_into"), message)


def _unknown_id(
    f: EntryFile, other: str, renamed: dict[str, str], live: set[str], otherwise: str, own: str
) -> str:
    """What to say of a link to an id no record has: an old id names the record's id now, the
    record's own old id says so (and `own`, what to link instead), and a near miss
    (`gb-kings-cross` for `gb-kings-cross-argent`) the id it was likely meant as."""
    if other in f.entry.aliases:
        return f"'{other}' is this record's own earlier id (aliases.{f.entry.aliases.index(other)}); {own}"
    now = renamed.get(other)
    if now is not None and now != f.entry.id:
        return f"'{other}' is now an alias of {now}; link that id"
    close = closest(other, live - {f.entry.id})
    return f"'{other}' {otherwise}" + (f"; did you mean '{close}'?" if close else "")

"""Browse pages: home, all deployments, and one page per country, vendor and operator.

Every table is built from the same `Row`s, computed once per build. Grouping is written once,
in `index_pages`, and called per key (no copy of the group-by block per kind).
Only published records are listed; withdrawn, merged and under-review records keep their
own URL but are not browsed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from registry import urls
from registry.checks.base import EntryFile
from registry.countries import country_in_sentence
from registry.dates import day_in_words
from registry.engine import front_matter, markdown_page
from registry.pages.pictures import home_pictures, organisation_images
from registry.render import LABELS, country_name
from registry.schema import Entry
from registry.text import legacy_slug, slugify
from registry.types import Unknown
from registry.wording import evidence_notice_parts
from registry.years_in_use import years_in_use

if TYPE_CHECKING:
    from registry.context import BuildContext

LATEST = 10

#: The vendor filter's value for rows whose vendor no source names. Slugs never start with
#: `_` (registry.text.slugify), so no vendor's page or filter value can take this one.
UNKNOWN_VENDOR = "_unknown"


@dataclass(frozen=True)
class Row:
    """One line of a deployments table; `vendor_slugs` and `years` feed the browser filters
    (`years`: the years it was known to be in use, registry.years_in_use, as search has them).

    `vendors` and `start` keep an `Unknown` as it is, so the table can say "Unknown" and why
    instead of leaving the cell blank (a blank reads as "none").
    """

    id: str
    title: str
    country: str
    country_name: str
    operator: str
    kind: str
    vendors: tuple[str | Unknown, ...]
    vendor_slugs: str
    status: str
    #: The year its status was last known: the cell reads "Active as of 2021", since a bare
    #: "Active" of a record last confirmed years ago reads as active now.
    as_of_year: int
    start: str | Unknown
    start_key: str  # "2016-05-00" for May 2016, "" when unknown: what the table sorts by
    years: str
    #: "Alleged", "Denied" or "Alleged and denied" (wording.Notice.label), or "": a table that
    #: lists a record as "Active" says beside it that the sources only allege it.
    evidence: str = ""


@dataclass(frozen=True)
class IndexKey:
    """How to group entries into browse pages: a URL folder, headings, and each entry's groups."""

    kind: str
    title: str
    heading: str
    groups: Callable[[Entry], list[tuple[str, str]]]
    #: The group's name as the heading's sentence says it (slug, name): "the United States".
    in_heading: Callable[[str, str], str] = lambda slug, name: name


def _vendor_groups(e: Entry) -> list[tuple[str, str]]:
    return [(slugify(p.name), p.name) for p in e.vendors if not isinstance(p.name, Unknown)]


INDEX_KEYS = [
    IndexKey(
        "countries",
        "Countries",
        "Deployments in {name}",
        lambda e: [(e.country.lower(), country_name(e.country))],
        lambda slug, name: country_in_sentence(slug.upper()),
    ),
    IndexKey("vendors", "Vendors", "Deployments using technology from {name}", _vendor_groups),
    IndexKey(
        "operators",
        "Operators",
        "Deployments run by {name}",
        lambda e: [(slugify(e.operator.name), e.operator.name)],
    ),
]


def browse_pages(ctx: BuildContext) -> dict[str, str]:
    """Returns the home page, `deployments/index.md` and every country, vendor and operator page."""
    files = ctx.published
    rows = {f.entry.id: make_row(f) for f in files}
    pages = {
        "index.md": _home(ctx, files, rows),
        f"{urls.DEPLOYMENTS}index.md": _deployments(ctx, files, rows),
    }
    for key in INDEX_KEYS:
        pages.update(index_pages(ctx, files, rows, key))
    return pages


def make_row(f: EntryFile) -> Row:
    """The table row of one entry."""
    e = f.entry
    names = [p.name for p in e.vendors if not isinstance(p.name, Unknown)]
    slugs = {slugify(n) for n in names}
    if len(names) < len(e.vendors):
        slugs.add(UNKNOWN_VENDOR)
    start = e.timeline.start
    return Row(
        id=e.id,
        title=e.title,
        country=e.country,
        country_name=country_name(e.country),
        operator=e.operator.name,
        kind=e.operator.kind,
        vendors=tuple(p.name for p in e.vendors),
        vendor_slugs=" ".join(sorted(slugs)),
        status=e.timeline.status,
        as_of_year=e.timeline.as_of.year,
        start=start if isinstance(start, Unknown) else start.label(),
        start_key="" if isinstance(start, Unknown) else "{:04d}-{:02d}-{:02d}".format(*start.sort_key),
        years=" ".join(str(y) for y in years_in_use(e)),
        evidence=notice.label if (notice := evidence_notice_parts(e)) else "",
    )


def _table_order(rows: Iterable[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: (r.country_name, r.title, r.id))


def index_pages(
    ctx: BuildContext, files: list[EntryFile], rows: dict[str, Row], key: IndexKey
) -> dict[str, str]:
    """One page per group of `key` (`<kind>/<slug>/index.md`) plus the list of groups (`<kind>/index.md`)."""
    members: dict[str, list[Row]] = {}
    names: dict[str, set[str]] = {}
    for f in files:
        for slug, name in key.groups(f.entry):
            members.setdefault(slug, []).append(rows[f.entry.id])
            names.setdefault(slug, set()).add(name)
    groups = [
        {"slug": slug, "name": min(names[slug]), "rows": _table_order(members[slug])} for slug in members
    ]
    groups.sort(key=lambda g: (g["name"].casefold(), g["slug"]))
    pages = {}
    index = ctx.env.get_template("index.html.j2")
    images = organisation_images(ctx) if key.kind != "countries" else {}
    for g in groups:
        heading = key.heading.format(name=key.in_heading(g["slug"], g["name"]))
        body = index.render(
            u=ctx.config.base,
            kind=key.kind,
            slug=g["slug"],
            heading=heading,
            rows=g["rows"],
            images=images.get(g["slug"]),
        )
        page = f"{urls.directory_page(key.kind, g['slug'])}index.md"
        pages[page] = markdown_page(front_matter(heading, hide=["toc"]), body)
    directory = ctx.env.get_template("directory.html.j2").render(
        u=ctx.config.base, kind=key.kind, heading=key.title, groups=groups
    )
    front = front_matter(key.title, hide=["toc"])
    pages[f"{urls.directory(key.kind)}index.md"] = markdown_page(front, directory)
    return pages


def _deployments(ctx: BuildContext, files: list[EntryFile], rows: dict[str, Row]) -> str:
    ordered = _table_order(rows.values())
    body = ctx.env.get_template("deployments.html.j2").render(
        u=ctx.config.base, rows=ordered, filters=_filters(files, ordered)
    )
    front = front_matter(
        "All deployments", hide=["toc"], registry_script="deployments.js", new_records_feed=True
    )
    return markdown_page(front, body)


def _filters(files: list[EntryFile], rows: list[Row]) -> list[dict[str, Any]]:
    """The filter controls and their options; only values that occur are offered."""
    countries = sorted({(r.country, r.country_name) for r in rows}, key=lambda c: c[1])
    statuses = [(s, LABELS.status[s]) for s in LABELS.status if any(r.status == s for r in rows)]
    kinds = [(k, LABELS.operator_kind[k]) for k in LABELS.operator_kind if any(r.kind == k for r in rows)]
    vendors: dict[str, str] = {}
    for f in files:
        for slug, name in _vendor_groups(f.entry):
            vendors[slug] = min(name, vendors.get(slug, name))
    vendor_options = sorted(vendors.items(), key=lambda v: (v[1].casefold(), v[1], v[0]))
    if any(UNKNOWN_VENDOR in r.vendor_slugs.split() for r in rows):
        vendor_options.append((UNKNOWN_VENDOR, "Unknown"))
    years = sorted({y for r in rows for y in r.years.split()})
    return [
        {"key": "country", "label": "Country", "options": countries, "legacy": {}},
        {"key": "status", "label": "Status", "options": statuses, "legacy": {}},
        {"key": "kind", "label": "Operator kind", "options": kinds, "legacy": {}},
        {"key": "vendor", "label": "Vendor", "options": vendor_options, "legacy": _legacy_values(vendors)},
        {"key": "years", "label": "In use in year", "options": [(y, y) for y in years], "legacy": {}},
    ]


def _legacy_values(names: dict[str, str]) -> dict[str, str]:
    """`{slug: legacy slug}` for each option whose value earlier builds spelt otherwise.

    A shared view keeps its filter in the address (`?vendor=brndby-if` before "Brøndby IF"
    was spelt `brondby-if`: registry.text.legacy_slug); assets/deployments.js takes the old value
    for the option that carries it, so such a link still shows the view it was shared with.
    """
    legacy = {slug: legacy_slug(name) for slug, name in names.items()}
    return {slug: old for slug, old in legacy.items() if old != slug}


def _home(ctx: BuildContext, files: list[EntryFile], rows: dict[str, Row]) -> str:
    entries = [f.entry for f in files]
    alleged = [e for e in entries if e.evidence is not None and e.evidence.basis == "alleged"]
    counts = {
        "deployments": len(entries),
        "active": sum(1 for e in entries if e.timeline.status == "active"),
        # The headline counts every published record; these say how many the sources only allege.
        "alleged": len(alleged),
        "alleged_denied": sum(1 for e in alleged if e.evidence.denied == "yes"),
        "alleged_active": sum(1 for e in alleged if e.timeline.status == "active"),
        "countries": len({e.country for e in entries}),
        "operators": len({slugify(e.operator.name) for e in entries}),
        "vendors": len({slug for e in entries for slug, _ in _vendor_groups(e)}),
    }
    body = ctx.env.get_template("home.html.j2").render(
        u=ctx.config.base,
        site_name=ctx.config.site_name,
        counts=counts,
        latest=latest_additions(ctx, rows),
        pictures=home_pictures(ctx),
    )
    return markdown_page(front_matter(None, hide=["toc"], new_records_feed=True), body)


def latest_additions(ctx: BuildContext, rows: dict[str, Row]) -> list[dict[str, Any]]:
    """The newest records by first-published date from history; by id when history is unavailable.

    Never by the clock: the same commit must build the same home page.
    """
    first = first_published(ctx.history)
    dated = sorted((first[i], i) for i in rows if i in first)
    if dated:
        chosen = [(i, when.label()) for when, i in reversed(dated[-LATEST:])]
    else:
        chosen = [(i, "") for i in sorted(rows)[:LATEST]]
    return [
        {
            "id": i,
            "title": rows[i].title,
            "mark": rows[i].evidence.lower(),  # beside the link, as every list of records has it
            "country_name": rows[i].country_name,
            "added": added,
        }
        for i, added in chosen
    ]


def first_published(history: Any) -> dict[str, Any]:
    """`{entry id: (position on the branch, date)}` of each entry's first revision.

    Ordered by position on the first-parent line, not by date: commit dates are forgeable.
    """
    if not history.available:
        return {}
    found = {}
    for entry_id, entry_history in history.entries.items():
        if entry_history.revisions:
            first = entry_history.revisions[-1]
            found[entry_id] = _Added(first.index, first.date)
    return found


@dataclass(frozen=True, order=True)
class _Added:
    index: int
    date: Any

    def label(self) -> str:
        return day_in_words(self.date)

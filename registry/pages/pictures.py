"""The picture pages (`/map/`, `/timeline/`, `/sharing/`) and the data their tables show.

A page is generated here with an empty, fixed slot where its SVG goes
(`<div class="picture-slot" data-picture="world-map"></div>`); the SVG itself is put in by
the post-build step `registry.postbuild.pictures`, after the nh3 backstop, whose policy
allows no SVG at all (SECURITY.md 3.2). Everything else on these pages, the tables most of
all, is ordinary autoescaped HTML that the backstop does see. Every picture has its numbers
beside it as a table, for readers who cannot see it.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from registry import urls, vocab
from registry.charts import bars, entries_of, sharing, starts, timeline
from registry.charts import map as world
from registry.charts.geo import countries
from registry.engine import front_matter, markdown_page
from registry.location import GAZETTEER, locate
from registry.render import country_name
from registry.text import slugify
from registry.types import Unknown
from registry.wording import evidence_mark, evidence_marks, evidence_marks_by

if TYPE_CHECKING:
    from registry.context import BuildContext

#: Most record links shown in one row of the sharing table; the rest are counted.
MAX_RECORD_LINKS = 12


def picture_pages(ctx: BuildContext) -> dict[str, str]:
    """Returns `map/index.md`, `timeline/index.md` and `sharing/index.md`."""
    files = ctx.published
    u = ctx.config.base
    pages = {
        f"{urls.MAP}index.md": ("Map", "pictures/map.html.j2", map_context(files)),
        f"{urls.TIMELINE}index.md": ("Timeline", "pictures/timeline.html.j2", timeline_context(files)),
        f"{urls.SHARING}index.md": ("Image sharing", "pictures/sharing.html.j2", sharing_context(files)),
    }
    out = {}
    for path, (title, template, context) in pages.items():
        body = ctx.env.get_template(template).render(u=u, **context)
        out[path] = markdown_page(front_matter(title, hide=["toc"]), body)
    return out


def _present(counter: Counter[str]) -> list[tuple[str, str]]:
    """The statuses that occur, in vocabulary order, as (value, label)."""
    return [(s, label) for s, label in vocab.STATUS_LABELS.items() if counter[s]]


def map_context(files: list[Any]) -> dict[str, Any]:
    """The map page's table (one row per country) and legend."""
    counts = world.country_counts(files)
    totals: Counter[str] = Counter()
    for c in counts.values():
        totals.update(c)
    drawn = set(countries()["countries"]) | set(countries()["small"])
    marks = evidence_marks_by(entries_of(files), lambda e: (e.place.country, e.timeline.status))
    rows = [
        {
            "code": cc,
            "name": country_name(cc),
            "total": sum(c.values()),
            "by_status": c,
            "marks": {s: marks.get((cc, s), "") for s in c},
            "drawn": cc in drawn,
        }
        for cc, c in counts.items()
    ]
    rows.sort(key=lambda r: (r["name"].casefold(), r["code"]))
    located = [locate(e) for e in entries_of(files)]
    with_coords = Counter(place.precision for place in located if place.source == "entry")
    by_city = sum(1 for place in located if place.source == "gazetteer")
    return {
        "rows": rows,
        "statuses": _present(totals),
        "marked": bool(marks),
        "legend": world.legend(files),
        "total": sum(totals.values()),
        "with_coords": [
            (p, vocab.COORDINATE_PRECISION_LABELS[p], with_coords[p])
            for p in world.PRECISIONS
            if with_coords[p]
        ],
        "by_city": by_city,
        "gazetteer": GAZETTEER,
        "country_only": sum(1 for place in located if place.source == "country"),
        "not_drawn": [r for r in rows if not r["drawn"]],
    }


def timeline_context(files: list[Any]) -> dict[str, Any]:
    """The timeline page's tables: starts per year by status, oversight per year, newest bars."""
    started = timeline.started_by_year(files)
    totals: Counter[str] = Counter()
    for c in started.values():
        totals.update(c)
    newest, undated = timeline.newest_bars(files)
    unknown_start, not_started = starts.split_undated(undated)
    by_id = {e.id: e for e in entries_of(files)}
    marks = evidence_marks_by(entries_of(files), lambda e: (timeline.start_year(e), e.timeline.status))
    return {
        "started": started,
        "started_marks": marks,
        "marked": bool(marks),
        "statuses": _present(totals),
        "oversight": timeline.oversight_by_year(files),
        "oversight_kinds": list(timeline.OVERSIGHT.items()),
        "newest": [by_id[b.id] for b in newest],
        "undated": unknown_start,
        "not_started": not_started,
        "left_out": starts.not_drawn_words(len(unknown_start), len(not_started)),
        "limit": timeline.NEWEST,
        "total": len(by_id),
        "open_statuses": vocab.OPEN_STATUSES,
        "arrow_and_fading": timeline.ARROW_AND_FADING,
    }


def sharing_context(files: list[Any]) -> dict[str, Any]:
    """The sharing page's table: every supplier-recipient pair with its records."""
    edges = sharing.sharing_edges(files)
    pages = organisation_pages(files)
    by_id = {e.id: e for e in entries_of(files)}
    marks = {i: evidence_mark(e) for i, e in by_id.items()}
    rows = [
        {
            "supplier": x.supplier,
            "supplier_href": pages.get(x.supplier_slug),
            "recipient": x.recipient,
            "recipient_href": pages.get(x.recipient_slug),
            "whats": _before_mark(_whats(x), flow_mark := _flow_mark([marks[i] for i in x.records])),
            "flow_mark": flow_mark,
            "records": [(i, marks[i]) for i in x.records[:MAX_RECORD_LINKS]],
            "more": max(0, len(x.records) - MAX_RECORD_LINKS),
            "more_marks": evidence_marks(by_id[i] for i in x.records[MAX_RECORD_LINKS:]),
        }
        for x in edges
    ]
    return {"rows": rows}


def _whats(edge: sharing.Edge) -> list[str]:
    """What went along a pair, as its records say it: "Images" (a watchlist's supply), or each
    data flow's own `what` ("HIIDE devices ..., reportedly seized"), never a plain "Other
    data" that would make a seizure read as a supply."""
    return ["Images"] if edge.kind == "images" else list(edge.whats)


#: A qualifier in brackets that ends a flow's own words: "uploaded for searching (alleged)."
_OWN_QUALIFIER = re.compile(r"\s*\(([^()]*)\)$")


def _before_mark(whats: list[str], mark: str) -> list[str]:
    """A flow's words before the table's mark: each without a bracketed qualifier of its own
    that the mark says too ("(alleged)" before "(alleged and denied)"), and the last, which the
    mark follows, without its full stop: "uploaded for searching (alleged and denied)", never
    "uploaded for searching (alleged). (alleged and denied)". Unchanged when no mark follows."""
    if not mark:
        return whats
    said = set(mark.split()) - {"and", "or"}
    shown = [_without_qualifier(w, said) for w in whats]
    return [*shown[:-1], shown[-1].rstrip().removesuffix(".")] if shown else shown


def _without_qualifier(what: str, said: set[str]) -> str:
    """`what` less a last "(alleged)" whose words are all in `said`; its full stop is kept."""
    text = what.rstrip()
    stop = "." if text.endswith(".") else ""
    own = _OWN_QUALIFIER.search(text.removesuffix("."))
    if own is None or not set(own[1].casefold().split()) - {"and", "or"} <= said or not own.start():
        return what
    return text[: own.start()] + stop


def _flow_mark(marks: list[str]) -> str:
    """The mark of a flow that only alleged or denied records name: theirs when they share one
    ("alleged"), "alleged or denied" when they do not; "" when any record names it plainly."""
    if not marks or not all(marks):
        return ""
    return marks[0] if len(set(marks)) == 1 else "alleged or denied"


def organisation_pages(files: list[Any]) -> dict[str, str]:
    """`{slug: "operators/<slug>/"}` for every organisation that has a browse page (docs-relative)."""
    pages: dict[str, str] = {}
    entries = entries_of(files)
    for e in entries:
        for p in e.vendors:
            if not isinstance(p.name, Unknown):
                pages.setdefault(slugify(p.name), urls.vendor_page(p.name))
    for e in entries:
        pages[slugify(e.operator.name)] = urls.operator_page(e.operator.name)
    return pages


def organisation_images(ctx: BuildContext) -> dict[str, dict[str, Any]]:
    """For each organisation slug, what `partials/org_images.html.j2` shows as "Images".

    The SITE helper's operator and vendor pages call this once per build and pass
    `images=organisation_images(ctx).get(slug)` to their template.
    """
    edges = sharing.sharing_edges(ctx.published)
    pages = organisation_pages(ctx.published)
    marks = {e.id: evidence_mark(e) for e in entries_of(ctx.published)}
    result = {}
    for slug, (supplied, received) in sharing.flows_by_org(edges).items():
        result[slug] = {
            "supplied_to": [
                {
                    "name": x.recipient,
                    "href": pages.get(x.recipient_slug),
                    "whats": _whats(x),
                    "records": [(i, marks[i]) for i in x.records],
                }
                for x in supplied
            ],
            "received_from": [
                {
                    "name": x.supplier,
                    "href": pages.get(x.supplier_slug),
                    "whats": _whats(x),
                    "records": [(i, marks[i]) for i in x.records],
                }
                for x in received
            ],
        }
    return result


def home_pictures(ctx: BuildContext) -> dict[str, Any]:
    """What `partials/home_pictures.html.j2` needs: the map's legend, the charts' tables."""
    files = ctx.published
    years, not_counted = bars.year_rows(files)
    return {
        "legend": world.legend(files),
        "by_year": [(label, n) for label, n, _ in years if n],
        "not_counted": not_counted,
        "by_sector": [(label, n) for label, n, _ in bars.sector_rows(files)],
        "by_status": [
            (label, n, mark)
            for (label, n, _), mark in zip(bars.status_rows(files), bars.status_marks(files), strict=True)
        ],
    }

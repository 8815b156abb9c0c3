"""The `/coverage/` page: where the registry has looked, and where transparency is worst.

A map of known deployments is misread wherever the registry is silent, so each country is in
one of three states: it has records; it was searched and no record was made
(`research/coverage.yaml`, outcome `nothing_found`); or nobody has looked yet. A search may have
covered the whole country or only one city or network (Egypt's, the New Administrative
Capital's cameras), so the page never says the country has nothing: each country's cell says
what was searched (`searched_in`). Nor does it say that the search found nothing: it may have
found too little for a record (Saudi Arabia's, plans for "smart cameras" at the Hajj). The page
also lists the records with the most facts left unanswered (no record kept, or withheld), with
their drafts: not "by the operator", since the body that kept no record or withheld it may be
another.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from registry import urls
from registry.charts.coverage_map import STATES
from registry.engine import front_matter, markdown_page
from registry.pages.requests import has_request
from registry.render import country_name
from registry.text import clause
from registry.transparency import transparency

if TYPE_CHECKING:
    from registry.context import BuildContext

#: How many records the "where transparency is worst" list shows.
WORST_LISTED = 20


def country_states(ctx: BuildContext) -> dict[str, str]:
    """Each country the registry knows anything about, and its state; records win over notes."""
    states: dict[str, str] = {}
    for row in ctx.research.coverage:
        if row.region is None or row.country not in states:
            states[row.country] = row.outcome
    for f in ctx.published:
        states[f.entry.country] = "records"
    # By the name a reader looks for ("Afghanistan" before "United Arab Emirates"), not the code.
    return dict(sorted(states.items(), key=lambda item: (country_name(item[0]), item[0])))


def searched_in(ctx: BuildContext, states: dict[str, str]) -> dict[str, str]:
    """`{country: what was searched}` of each country whose state is a search that led to no
    record: its rows' `searched`, each after its region ("Porto: ..."), as the rows word them.

    Why: "Researched, nothing found" beside Egypt, whose one row searched one camera network,
    said more than the row; the scope beside the state says no more.
    """
    scopes: dict[str, list[str]] = {}
    for row in ctx.research.coverage:
        if row.outcome == "nothing_found" and states.get(row.country) == "nothing_found":
            scope = clause(row.searched)
            scopes.setdefault(row.country, []).append(f"{row.region}: {scope}" if row.region else scope)
    return {code: "; ".join(texts) for code, texts in scopes.items()}


def law_kind(rows: list[Any]) -> str:
    """What the law table offers a request in a country: "records" when a row is a records
    (freedom of information) law; "own_data" when every row is only a right of access to one's
    own personal data (GDPR Article 15, scope `own_data`), which is not a records law; "" when
    it has no row."""
    if any(row.scope != "own_data" for row in rows):
        return "records"
    return "own_data" if rows else ""


def coverage_context(ctx: BuildContext) -> dict[str, Any]:
    states = country_states(ctx)
    records = Counter(f.entry.country for f in ctx.published)
    figures = [(f.entry, transparency(f.entry)) for f in ctx.published]
    worst = sorted(
        (pair for pair in figures if pair[1].closed or pair[1].key_unknown),
        key=lambda pair: (-pair[1].closed, -pair[1].key_unknown, pair[0].id),
    )[:WORST_LISTED]
    return {
        "u": ctx.config.base,
        "states": states,
        "searched_in": searched_in(ctx, states),
        "state_labels": STATES,
        "totals": Counter(states.values()),
        "records": records,
        "coverage": ctx.research.coverage,
        "laws": {code: law_kind(ctx.research.laws_in(code)) for code in states},
        "worst": [
            {
                "entry": e,
                "t": t,
                "request": ctx.config.base + urls.request_section(e.id) if has_request(e) else None,
            }
            for e, t in worst
        ],
    }


def coverage_pages(ctx: BuildContext) -> dict[str, str]:
    """Returns `coverage/index.md`."""
    body = ctx.env.get_template("coverage.html.j2").render(coverage_context(ctx))
    front = front_matter(
        "Coverage",
        description=(
            "Where the registry has records, where a search led to no record, "
            "and where nobody has looked yet."
        ),
        hide=["toc"],
    )
    return {f"{urls.COVERAGE}index.md": markdown_page(front, body)}

"""The image-sharing graph: across all records, who supplied images to whom, and where other
data went.

An edge joins a supplier and a recipient named in one record: every `watchlists[]` gives
`supplied_by` x `received_by` image edges, every `data_flows[]` one data edge. A data edge
keeps its flows' own words (`whats`): a flow may be a supply, a sale or a seizure ("HIIDE
devices ... reportedly seized"), so the words for it say only that data went from one to
the other, and its `what` says the rest. Organisations
are matched by their slug (the same function that names their pages), so two spellings that
slug alike are one organisation, shown by the alphabetically first spelling.

The picture is a fixed layout, the same for the same data: suppliers in a left column,
recipients in a right one, each sorted by name, edges as curves whose width grows with the
number of records. Past `MAX_NODES` organisations on a side, the smallest are drawn as one
"other organisations" node; the table on the page lists every pair.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from registry.charts import entries_of
from registry.charts.svg import el, figure_svg, markup
from registry.text import slugify
from registry.types import Unknown

MAX_NODES = 30
OTHERS = "__others__"
WIDTH, ROW, LABEL_W = 800.0, 20.0, 290.0


@dataclass(frozen=True)
class Edge:
    """`supplier` gave images (`kind="images"`) to `recipient`, or other data went from one to
    the other (`"data"`), described by its records' own words (`whats`, sorted, each once)."""

    supplier: str
    recipient: str
    kind: str
    records: tuple[str, ...]  # entry ids, sorted
    whats: tuple[str, ...] = ()

    @property
    def supplier_slug(self) -> str:
        return slugify(self.supplier)

    @property
    def recipient_slug(self) -> str:
        return slugify(self.recipient)


def sharing_edges(files: Iterable[Any]) -> list[Edge]:
    """Every (supplier, recipient, kind) with the records that name it, sorted by names."""
    found: dict[tuple[str, str, str], set[str]] = {}
    names: dict[str, set[str]] = {}
    whats: dict[tuple[str, str, str], set[str]] = {}

    def add(supplier: str, recipient: str, kind: str, entry_id: str, what: str = "") -> None:
        s, r = slugify(supplier), slugify(recipient)
        names.setdefault(s, set()).add(supplier)
        names.setdefault(r, set()).add(recipient)
        found.setdefault((s, r, kind), set()).add(entry_id)
        if what:
            whats.setdefault((s, r, kind), set()).add(what)

    for e in entries_of(files):
        for w in e.watchlists:
            recipients = [] if isinstance(w.received_by, Unknown) else w.received_by
            for supplier in w.supplied_by:
                for recipient in recipients:
                    add(supplier, recipient, "images", e.id)
        for flow in e.data_flows:
            add(flow.supplier, flow.recipient, "data", e.id, flow.what)
    edges = [
        Edge(
            min(names[s]), min(names[r]), kind, tuple(sorted(ids)), tuple(sorted(whats.get((s, r, kind), ())))
        )
        for (s, r, kind), ids in found.items()
    ]
    return sorted(edges, key=_edge_order)


def _name_order(name: str) -> tuple[str, str]:
    """Names in reading order, case aside; two names equal but for case ("Straße Police",
    "STRASSE Police": two organisations, two pages) in one fixed order, never in the order a
    set happens to hold them, which changes from one run to the next."""
    return (name.casefold(), name)


def _edge_order(x: Edge) -> tuple[tuple[str, str], tuple[str, str], str]:
    return (_name_order(x.supplier), _name_order(x.recipient), x.kind)


def flows_for(org_name: str, edges: list[Edge]) -> tuple[list[Edge], list[Edge]]:
    """(edges where the organisation supplied, edges where it received), matched by slug."""
    slug = slugify(org_name)
    supplied_to = [x for x in edges if x.supplier_slug == slug]
    received_from = sorted(
        (x for x in edges if x.recipient_slug == slug), key=lambda x: (_name_order(x.supplier), x.kind)
    )
    return supplied_to, received_from


def flows_by_org(edges: list[Edge]) -> dict[str, tuple[list[Edge], list[Edge]]]:
    """`flows_for` for every organisation at once, keyed by slug (one pass, for browse pages)."""
    result: dict[str, tuple[list[Edge], list[Edge]]] = {}
    for x in edges:
        result.setdefault(x.supplier_slug, ([], []))[0].append(x)
    for x in sorted(edges, key=lambda x: (_name_order(x.supplier), x.kind)):
        result.setdefault(x.recipient_slug, ([], []))[1].append(x)
    return result


def _side(edges: list[Edge], attr: str) -> tuple[list[str], dict[str, str]]:
    """The organisations drawn on one side (sorted by name) and where each one is drawn."""
    weight: dict[str, int] = {}
    for x in edges:
        name = getattr(x, attr)
        weight[name] = weight.get(name, 0) + len(x.records)
    ranked = sorted(weight, key=lambda n: (-weight[n], _name_order(n)))
    kept = set(ranked[:MAX_NODES]) if len(ranked) > MAX_NODES else set(ranked)
    drawn = sorted(kept, key=_name_order)
    place = {n: (n if n in kept else OTHERS) for n in weight}
    if len(kept) < len(ranked):
        drawn.append(OTHERS)
    return drawn, place


def sharing_chart(edges: list[Edge], ident: str = "sharing") -> Markup:
    """Suppliers left, recipients right, one curve per drawn pair, wider for more records."""
    left, left_at = _side(edges, "supplier")
    right, right_at = _side(edges, "recipient")
    pairs: dict[tuple[str, str, str], int] = {}
    for x in edges:
        key = (left_at[x.supplier], right_at[x.recipient], x.kind)
        pairs[key] = pairs.get(key, 0) + len(x.records)
    rows = max(len(left), len(right), 1)
    height = rows * ROW + 30
    n_left, n_right = len({x.supplier for x in edges}), len({x.recipient for x in edges})
    desc = (
        f"Images or other data went from {n_left} organisations to {n_right} others, in {len(edges)} "
        "pairs. Where they went from is on the left and where they went to on the right, each sorted "
        "by name; a wider curve means more records. Solid curves are images supplied for a watchlist, "
        "dashed curves other data (the table says what, in each record's words)."
        + (
            " The smallest organisations are grouped as 'other organisations'."
            if OTHERS in left + right
            else ""
        )
        + " The table below lists every pair."
    )
    svg = figure_svg(ident, "Who supplied images to whom, and where other data went", desc, WIDTH, height)
    svg.attrs["class"] = "chart sharing"
    svg.add(
        el("text", {"class": "section", "x": LABEL_W - 6, "y": 14, "text-anchor": "end"}, "From"),
        el("text", {"class": "section", "x": WIDTH - LABEL_W + 6, "y": 14}, "To"),
    )
    ly = {n: 30 + i * ROW + ROW / 2 for i, n in enumerate(left)}
    ry = {n: 30 + i * ROW + ROW / 2 for i, n in enumerate(right)}
    top = max(pairs.values(), default=1)
    x0, x1 = LABEL_W, WIDTH - LABEL_W
    mid = (x0 + x1) / 2
    for (s, r, kind), n in sorted(pairs.items(), key=lambda p: (-p[1], p[0])):
        y0, y1 = ly[s], ry[r]
        svg.add(
            el(
                "path",
                {
                    "class": f"edge edge-{kind}",
                    "stroke-width": 1 + 7 * n / top,
                    "d": f"M{x0} {y0:.1f}C{mid} {y0:.1f} {mid} {y1:.1f} {x1} {y1:.1f}",
                },
                el(
                    "title",
                    None,
                    f"{edge_words(kind, _name(s), _name(r))} ({n} {'record' if n == 1 else 'records'})",
                ),
            )
        )
    for names, ys, x, anchor in ((left, ly, x0 - 6, "end"), (right, ry, x1 + 6, "start")):
        for name in names:
            svg.add(
                el(
                    "text",
                    {"class": "label", "x": x, "y": ys[name] + 4, "text-anchor": anchor},
                    _short(_name(name)),
                    el("title", None, _name(name)),
                )
            )
    return markup(svg)


def edge_words(kind: str, supplier: str, recipient: str) -> str:
    """A pair in words: "A supplied images to B", "Data went from A to B". Never "A passed
    data to B": a record's flow may be a seizure, and only its `what` says so."""
    if kind == "images":
        return f"{supplier} supplied images to {recipient}"
    return f"Data went from {supplier} to {recipient}"


def _name(name: str) -> str:
    return "other organisations" if name == OTHERS else name


def _short(name: str, limit: int = 44) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"

"""The image-sharing graph: across all records, who supplied images or data to whom.

An edge joins a supplier and a recipient named in one record: every `watchlists[]` gives
`supplied_by` x `received_by` image edges, every `data_flows[]` one data edge. Organisations
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
KIND_LABELS = {"images": "supplied images to", "data": "passed data to"}
WIDTH, ROW, LABEL_W = 800.0, 20.0, 290.0


@dataclass(frozen=True)
class Edge:
    """`supplier` gave images (`kind="images"`) or other data (`"data"`) to `recipient`."""

    supplier: str
    recipient: str
    kind: str
    records: tuple[str, ...]  # entry ids, sorted

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

    def add(supplier: str, recipient: str, kind: str, entry_id: str) -> None:
        s, r = slugify(supplier), slugify(recipient)
        names.setdefault(s, set()).add(supplier)
        names.setdefault(r, set()).add(recipient)
        found.setdefault((s, r, kind), set()).add(entry_id)

    for e in entries_of(files):
        for w in e.watchlists:
            recipients = [] if isinstance(w.received_by, Unknown) else w.received_by
            for supplier in w.supplied_by:
                for recipient in recipients:
                    add(supplier, recipient, "images", e.id)
        for flow in e.data_flows:
            add(flow.supplier, flow.recipient, "data", e.id)
    edges = [
        Edge(min(names[s]), min(names[r]), kind, tuple(sorted(ids))) for (s, r, kind), ids in found.items()
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
        f"{n_left} organisations supplied images or data to {n_right} others, in {len(edges)} "
        "supplier-recipient pairs. Suppliers are on the left and recipients on the right, each sorted "
        "by name; a wider curve means more records. Solid curves are images, dashed curves other data."
        + (
            " The smallest organisations are grouped as 'other organisations'."
            if OTHERS in left + right
            else ""
        )
        + " The table below lists every pair."
    )
    svg = figure_svg(ident, "Who supplied images and data to whom", desc, WIDTH, height)
    svg.attrs["class"] = "chart sharing"
    svg.add(
        el("text", {"class": "section", "x": LABEL_W - 6, "y": 14, "text-anchor": "end"}, "Supplied by"),
        el("text", {"class": "section", "x": WIDTH - LABEL_W + 6, "y": 14}, "Received by"),
    )
    ly = {n: 30 + i * ROW + ROW / 2 for i, n in enumerate(left)}
    ry = {n: 30 + i * ROW + ROW / 2 for i, n in enumerate(right)}
    top = max(pairs.values(), default=1)
    x0, x1 = LABEL_W, WIDTH - LABEL_W
    mid = (x0 + x1) / 2
    for (s, r, kind), n in sorted(pairs.items(), key=lambda p: (-p[1], p[0])):
        y0, y1 = ly[s], ry[r]
        verb = KIND_LABELS[kind]
        svg.add(
            el(
                "path",
                {
                    "class": f"edge edge-{kind}",
                    "stroke-width": 1 + 7 * n / top,
                    "d": f"M{x0} {y0:.1f}C{mid} {y0:.1f} {mid} {y1:.1f} {x1} {y1:.1f}",
                },
                el("title", None, f"{_name(s)} {verb} {_name(r)} ({n} {'record' if n == 1 else 'records'})"),
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


def _name(name: str) -> str:
    return "other organisations" if name == OTHERS else name


def _short(name: str, limit: int = 44) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"

"""The timeline's strip of oversight: investigations opened, fines and court rulings per year.

Counted from every record, whether written as an event, an investigation or a court case,
and drawn as one row per kind under the timeline's columns; the timeline page's table gives
the same counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from registry.charts import entries_of
from registry.charts.svg import Node, el
from registry.qualified import plain_date

OVERSIGHT = {
    "investigation": "investigations opened",
    "fine": "fines",
    "ruling": "court rulings",
}
#: The same, counted one at a time: "2024: 1 court ruling".
OVERSIGHT_ONE = {"investigation": "investigation opened", "fine": "fine", "ruling": "court ruling"}
STRIP_ROW = 16.0


def _year(value: Any) -> int | None:
    known = plain_date(value)
    return known.year if known is not None else None


def oversight_by_year(files: Iterable[Any]) -> dict[int, Counter[str]]:
    """`{year: Counter(kind)}` of investigations opened, fines and court rulings.

    Counted once per entry, year and kind, whether recorded as an event, an investigation or
    a court case, so one ruling written in both places is not counted twice.
    """
    seen: set[tuple[str, str, int]] = set()
    for e in entries_of(files):
        for ev in e.events:
            kind = {"investigation_opened": "investigation", "fine": "fine", "court_ruling": "ruling"}.get(
                ev.type
            )
            if kind and _year(ev.date) is not None:
                seen.add((e.id, kind, _year(ev.date)))
        for inv in e.investigations:
            if _year(inv.opened) is not None:
                seen.add((e.id, "investigation", _year(inv.opened)))
            for penalty in inv.all_penalties:
                # An overturned fine was not a fine in the end; it is not counted as one.
                if penalty.kind != "fine" or penalty.status == "overturned":
                    continue
                year = _year(penalty.date) or _year(inv.closed) or _year(inv.opened)
                if year is not None:
                    seen.add((e.id, "fine", year))
        for case in e.litigation:
            if _year(case.decided) is not None:
                seen.add((e.id, "ruling", _year(case.decided)))
    pairs = Counter((year, kind) for _, kind, year in seen)
    years: dict[int, Counter[str]] = {}
    for (year, kind), n in sorted(pairs.items()):
        years.setdefault(year, Counter())[kind] = n
    return years


def oversight_strip(oversight: dict[int, Counter[str]], x: Any, top: float, label_w: float) -> list[Node]:
    """The strip of the year's investigations, fines and court rulings: a row per kind, a
    numbered square per year, its title the count in words ("2024: 1 court ruling"); each row's
    label ends at `label_w`, where the timeline's plot begins."""
    nodes = []
    for row, (kind, label) in enumerate(OVERSIGHT.items()):
        y = top + row * STRIP_ROW
        nodes.append(
            el(
                "text",
                {"class": "label", "x": label_w - 6, "y": y + 11, "text-anchor": "end"},
                label.capitalize(),
            )
        )
        for year, counts in oversight.items():
            if counts[kind]:
                xm = x(date(year, 7, 1))
                nodes.append(
                    el(
                        "g",
                        {"class": f"oversight oversight-{kind}"},
                        el("title", None, f"{year}: {counts[kind]:,} {_counted(kind, counts[kind])}"),
                        el("rect", {"x": xm - 5, "y": y + 2, "width": 10, "height": 10, "rx": 2}),
                        el(
                            "text",
                            {"class": "count", "x": xm, "y": y + 10.5, "text-anchor": "middle"},
                            str(counts[kind]),
                        ),
                    )
                )
    return nodes


def _counted(kind: str, n: int) -> str:
    return OVERSIGHT_ONE[kind] if n == 1 else OVERSIGHT[kind]

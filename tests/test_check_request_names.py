"""The rule that a records request names its body as the record does (registry/checks/names.py).

A near miss is refused, a neighbour whose first word differs stands, and a file written to
make the rule slow or loud (many requests to many long names) costs a bounded number of
comparisons and a bounded number of lines: the work is counted, never timed.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from registry.checks import names
from registry.checks.base import EntryFile
from registry.loader import Loaded, dump_yaml, load_file
from registry.schema import Entry

FIXTURE = Path(__file__).parent / "fixtures" / "entries" / "valid_full.yaml"
REL = "entries/gb/gb-fixture-full.yaml"


@cache
def _fixture() -> dict[str, Any]:
    return load_file(FIXTURE).data


def entry_file(data: dict[str, Any]) -> EntryFile:
    """The entry as `check` hands it to the rule: loaded from its text, then validated."""
    text = dump_yaml(data)
    loaded = Loaded(data, text)
    return EntryFile(REL, loaded, Entry.model_validate(data))


def with_party_requests(parties: list[tuple[str, str]]) -> dict[str, Any]:
    """The fixture with one integrator per (name, body asked): its product unknown, asked of it."""
    data = copy.deepcopy(_fixture())
    for name, to in parties:
        data["parties"].append(
            {
                "name": name,
                "role": "integrator",
                "product": {"unknown": "not_found", "requested": {"date": "2026-11-20", "to": to}},
                "sources": ["s2"],
            }
        )
    return data


def messages(data: dict[str, Any]) -> list[str]:
    return [
        f"{'.'.join(map(str, f.loc))}: {f.message}"
        for f in names.check_request_names_its_body_as_written(entry_file(data))
    ]


def test_a_near_miss_of_a_name_the_record_gives_is_refused() -> None:
    data = with_party_requests([("West Yorkshire Police", "West Yorks Police")])
    assert messages(data) == [
        "parties.2.product.requested.to: 'West Yorks Police' is not how this record names the body; "
        "did you mean 'West Yorkshire Police'? (write the name as the record does, so the page and "
        "the letters agree)"
    ]


@pytest.mark.parametrize(
    ("name", "to"),
    [
        ("North Wales Police", "South Wales Police"),  # two forces, one word apart
        ("Surrey Police", "Sussex Police"),  # two forces, not alike enough
        ("West Yorkshire Police", "West Yorkshire Police"),  # as written
    ],
)
def test_a_neighbour_or_the_name_itself_stands(name: str, to: str) -> None:
    assert messages(with_party_requests([(name, to)])) == []


def _long_names(count: int, length: int = 150) -> list[tuple[str, str]]:
    """`count` parties of `length`-character names that share their words, each asked under a
    one-letter slip of its own name: the costliest case for difflib, and every one a finding."""
    words = ["North", "South", "Police", "Council", "Authority", "Vision", "Systems", "Group", "Yorkshire"]
    parties = []
    for n in range(count):
        name = " ".join(words[(n * 7 + i * 5) % len(words)] for i in range(40))[: length - 4] + f" {n:03d}"
        parties.append((name, name[:-10] + "x" + name[-9:]))
    return parties


def test_many_misnamed_requests_are_told_ten_then_counted_at_the_eleventh() -> None:
    data = with_party_requests(_long_names(14, length=30))
    found = messages(data)
    assert len(found) == names.MAX_SLIPS_TOLD + 1
    assert found[-1] == (
        "parties.12.product.requested.to: and 4 more requests from here on name a body close to one "
        "this record names, but not as written (the first 10 are told above): write each name as the "
        "record does"
    )


def test_many_requests_to_many_long_names_cost_bounded_work_and_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """120 parties of 150-character names, each asked under a slip: compared with every name,
    14,400 comparisons that took 4.8 s and printed 120 lines."""
    compared: list[int] = []

    def counting(value: str, choices: list[str], cutoff: float) -> str | None:
        compared.append(len(choices))
        return real(value, choices, cutoff=cutoff)

    real = names.closest
    monkeypatch.setattr(names, "closest", counting)
    found = messages(with_party_requests(_long_names(120)))
    assert sum(compared) * 150 * 150 <= names.MAX_WORK
    assert len(found) == names.MAX_SLIPS_TOLD + 2
    assert found[-1].startswith(
        f"parties.{2 + len(compared)}.product.requested.to: this request and those after"
    )
    assert found[-1].endswith(
        "were not compared with the names this record gives organisations: its requests and names are "
        "too many and too long to compare (a record names the bodies that hold the records, not each "
        "office or unit)"
    )


def test_each_body_named_is_compared_once_with_the_names_of_its_first_word(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compared: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(names, "closest", lambda value, choices, cutoff: compared.append((value, choices)))
    parties = [("West Yorkshire Police", "West Yorks Police")] * 3 + [
        ("Example Vision Two", "Example Visions")
    ]
    messages(with_party_requests(parties))
    assert compared == [
        ("West Yorks Police", ["West Yorkshire Police"]),
        (
            "Example Visions",
            [
                "Example Council",
                "Example Council scrutiny committee",
                "Example Police",
                "Example Regulator",
                "Example Vision",
                "Example Vision Two",
            ],
        ),
    ]

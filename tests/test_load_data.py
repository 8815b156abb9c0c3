"""`load_data` (the history's piecewise reader) must agree with `load_yaml` on every input.

It reuses parsed top-level pieces between versions, so each case is read three ways: cold
(empty cache), warm (after a neighbouring version filled the cache) and by `load_yaml`. The
data, or the refusal's exact message, must be the same every way.
"""

from __future__ import annotations

import pytest
from fixture_registry import ENTRY_FILES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry.errors import LoadError
from registry.loader import load_yaml
from registry.yaml_pieces import load_data

#: The fixture registry's records (tests/fixture_registry.py): real texts, frozen.
REAL = ENTRY_FILES

BASE = 'id: a\ntitle: "T"\nrecord:\n  status: published\nsources:\n  - id: s1\n    url: u\n'

# Texts where a cut before a column-0 line could mislead a careless reader.
TRICKY = [
    BASE,
    "# comment\n\n" + BASE,
    'title: "open\nid: quoted continues"\n',  # a double quote carries on past column 0
    "title: 'open\nid: single continues'\n",
    "sources: [s1,\nid: flow]\n",  # a flow list carries on
    "sources: {a: 1,\nid: 2}\n",
    "summary: |\n  keep\n\n\nid: a\n",
    "summary: |+\n  keep\n\n\nid: a\n",  # keep-chomping keeps the blank lines up to the next key
    "summary: >+\n  keep\n\n\n",
    "summary: |\nid: a\n",  # an empty block scalar
    "title: plain\n  continued\nid: a\n",
    "title: plain\ncontinued\n",  # not a key: an error
    "id: a\nid: b\n",  # repeated across pieces
    "id: a\nrecord:\n  x: 1\n  x: 2\n",
    "a: &x 1\nb: *x\n",  # anchor in one piece, alias in another
    "a: 1\n---\nb: 2\n",
    "a: 1\n...\n",
    "---\na: 1\n",
    "%YAML 1.2\n---\na: 1\n",
    '"id": a\ntitle: b\n',
    "? id\n: a\n",
    "- a\n- b\n",
    "  indented: a\nid: b\n",
    "id: a\n# trailing comment\n",
    "id: a\n  # indented comment\ntitle: b",
    'id: a\ntitle: "\\e"\n',  # an escaped control character
    "id: a\ntitle: !!str x\n",
    "id: a\ntitle:\n",
    "id:\n  - a\n  -\n    - b\n",
    "",
    "\n\n# only comments\n",
    "id: a\nx: " + "[" * 40 + "]" * 40 + "\n",
    "id: a\ntitle:x\n",
    "id: a\ntitle: b\n\tc: d\n",
    "id: a\r\ntitle: b\r\n",
    "id: a\nrecord:\n" + "".join(f"{'  ' * i}k{i}:\n" for i in range(1, 20)),
]


def _outcome(read):
    try:
        return ("data", read())
    except LoadError as error:
        return ("error", str(error))


def _agree(text: str, neighbour: str | None = None) -> None:
    raw = text.encode()
    expected = _outcome(lambda: load_yaml(raw).data)
    assert _outcome(lambda: load_data(raw, {})) == expected, "cold"
    pieces: dict = {}
    if neighbour is not None:
        _outcome(lambda: load_data(neighbour.encode(), pieces))
    assert _outcome(lambda: load_data(raw, pieces)) == expected, "warm"
    assert _outcome(lambda: load_data(raw, pieces)) == expected, "warm again"


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_texts_read_as_load_yaml_reads_them(text):
    _agree(text, neighbour=BASE)
    _agree(BASE, neighbour=text)


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.stem)
def test_real_entries_read_the_same(path):
    text = path.read_text(encoding="utf-8")
    edited = text.replace("last_reviewed:", "last_reviewed: 2031-01-01\n  old_reviewed:", 1)
    _agree(text)
    _agree(edited, neighbour=text)


def test_a_warm_cache_parses_only_what_changed():
    pieces: dict = {}
    load_data(BASE.encode(), pieces)
    before = dict(pieces)
    changed = BASE.replace("status: published", "status: withdrawn")
    assert load_data(changed.encode(), pieces)["record"] == {"status": "withdrawn"}
    assert set(pieces) - set(before) == {"record:\n  status: withdrawn\n"}


LINES = st.sampled_from(
    [
        "id: a",
        "id: b",
        "title: x",
        'title: "x',
        "title: 'x",
        "  continued",
        'y"',
        "y'",
        "sources: [a,",
        "b]",
        "summary: |",
        "summary: |+",
        "summary: >-",
        "  text",
        "",
        "# c",
        "  # c",
        "record:",
        "  status: x",
        "  - item",
        "- item",
        "---",
        "...",
        "a: &x 1",
        "b: *x",
        "k: {a: 1,",
        "c: 2}",
        "x:",
        "  y:",
        "    z: w",
        "title: tab\there",
        "# a bidi override \u202e",
        "id: carriage\r",
        "%TAG ! x",
    ]
)


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(LINES, max_size=12), st.lists(LINES, max_size=12))
def test_any_mix_of_lines_reads_as_load_yaml_reads_it(first, second):
    text, neighbour = "\n".join(first) + "\n", "\n".join(second) + "\n"
    _agree(text, neighbour=neighbour)
    _agree(text + "\n".join(second), neighbour=text)

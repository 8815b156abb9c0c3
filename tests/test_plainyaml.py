"""`read_plain` (the loader's fast path) must give the parser's data, or decline.

Declining is always safe: the loader then reads the text through the parser's events. So
every case checks one thing, that an accepted text reads exactly as `load_events` reads it,
and the named cases check which texts are accepted, so the fast path cannot quietly stop
being taken (the fixture copies of the real records must all take it) or start taking what it should not.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from fixture_registry import ENTRY_FILES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry.errors import LoadError
from registry.loader import _check_text, load_events
from registry.plainyaml import read_plain

ROOT = Path(__file__).resolve().parent.parent
#: The fixture registry's records (tests/fixture_registry.py): real texts, frozen.
REAL = ENTRY_FILES


def _agrees(text: str) -> dict | None:
    """Returns read_plain's answer after checking it against the parser's."""
    fast = read_plain(text)
    if fast is not None:
        assert fast == load_events(text).data
    return fast


ACCEPTED = {
    "comments anywhere, quotes with their escapes": (
        '# header\nid: a\n  # indented comment\ntitle: "He said \\"hi\\" \\\\ ok"\n'
        "name: 'it''s'\n# last\n",
        {"id": "a", "title": 'He said "hi" \\ ok', "name": "it's"},
    ),
    "plain values with colons, hashes and quotes inside": (
        "url: https://example.org/a#b\nnote: a:b c#d \"e\" 'f'\n",
        {"url": "https://example.org/a#b", "note": "a:b c#d \"e\" 'f'"},
    ),
    "folded and literal blocks, each chomping": (
        "a: >-\n  one\n  two\nb: >\n  one\n  two\n\nc: |\n  # kept\n  two\nd: |-\n  one\n  two\n",
        {"a": "one two", "b": "one two\n", "c": "# kept\ntwo\n", "d": "one\ntwo"},
    ),
    "flow lists of words and phrases": (
        "a: [s1, s2]\nb: []\nc: [King's Cross Central, Metropolitan Police]\nd: [ x ,y ]\n",
        {"a": ["s1", "s2"], "b": [], "c": ["King's Cross Central", "Metropolitan Police"], "d": ["x", "y"]},
    ),
    "empty values, last and not last": ("a:\nb: x\nc:\n", {"a": "", "b": "x", "c": ""}),
    "lists of mappings and of scalars, nested": (
        "parties:\n  - name: NEC\n    role: vendor\n    sources: [s1]\n"
        "  -   name: Met\n      images:\n        count: 7\n        from:\n          - custody\n"
        "          - 'wanted'\nrecord:\n  status: published\n",
        {
            "parties": [
                {"name": "NEC", "role": "vendor", "sources": ["s1"]},
                {"name": "Met", "images": {"count": "7", "from": ["custody", "wanted"]}},
            ],
            "record": {"status": "published"},
        },
    ),
    "a block inside a list item": (
        "events:\n  - summary: >-\n      one\n      two\n    date: 2019\n",
        {"events": [{"summary": "one two", "date": "2019"}]},
    ),
}


@pytest.mark.parametrize("text, data", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_plain_shapes_are_read_as_the_parser_reads_them(text, data):
    assert _agrees(text) == data


DECLINED = {
    "a plain value carried on": "title: one\n  two\n",
    "a comment after a value": "title: one # two\n",
    "a list at its key's column": "sources:\n- a\n",
    "an anchor": "a: &x 1\n",
    "an alias": "a: 1\nb: *x\n",
    "a tag": "a: !!str 1\n",
    "a key written twice": "a: 1\na: 2\n",
    "a key written twice in a list item": "x:\n  - a: 1\n    a: 2\n",
    "a document marker": "a: 1\n---\nb: 2\n",
    "a document end": "a: 1\n...\n",
    "a directive": "%YAML 1.1\n---\na: 1\n",
    "a trailing space": "a: 1 \nb: 2\n",
    "a blank line inside a block": "a: >-\n  one\n\n  two\n",
    "a more indented line in a block": "a: >-\n  one\n    two\n",
    "keep-chomping": "a: |+\n  one\n\nb: 1\n",
    "an indentation indicator": "a: |2\n  one\n",
    "an empty block": "a: |\nb: 1\n",
    "a block at its key's column": "x:\n  a: >\n  one\n",
    "an escape other than a quote or backslash": 'a: "\\u0041"\n',
    "a quote carried on": 'a: "one\n  two"\n',
    "a nested flow list": "a: [b, [c]]\n",
    "a flow list with a trailing comma": "a: [b,]\n",
    "a quoted flow item": "a: ['b']\n",
    "a flow mapping": "a: {b: 1}\n",
    "a flow list carried on": "a: [b,\n  c]\n",
    "a value ending with a colon": "a: b:\n",
    "a value with a colon and space": "a: b: c\n",
    "a list in a list": "a:\n  - - b\n",
    "a bare dash": "a:\n  -\n    b: 1\n",
    "a list at the top": "- a\n",
    "nothing": "",
    "only comments": "# one\n\n# two\n",
    "an indented first line": "  a: 1\n",
    "uneven indentation": "a:\n    b: 1\n  c: 2\n",
    "a complex key": "? a\n: 1\n",
    "a quoted key": '"a": 1\n',
    "a key of over 100 characters": "k" * 101 + ": 1\n",
    "a value on the line after its key": "a:\n  one\n",
    "nesting deeper than the plain shape": "".join(f"{'  ' * i}k{i}:\n" for i in range(9))
    + "  " * 9
    + "v: 1\n",
}


@pytest.mark.parametrize("text", DECLINED.values(), ids=DECLINED.keys())
def test_other_shapes_are_left_to_the_parser(text):
    assert read_plain(text) is None


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.stem)
def test_every_real_entry_takes_the_fast_path(path):
    assert _agrees(path.read_text(encoding="utf-8")) is not None


def _synthetic():
    spec = importlib.util.spec_from_file_location("make_synthetic", ROOT / "scripts" / "make_synthetic.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_synthetic"] = module  # dataclasses look their module up while importing
    spec.loader.exec_module(module)
    return module


def test_synthetic_entries_take_the_fast_path():
    synthetic = _synthetic()
    for n in range(60):
        assert _agrees(synthetic.render_entry(synthetic.synth_entry(n, seed=3))) is not None


LINES = st.sampled_from(
    [
        "id: a",
        "id: b",
        "title: x y",
        "title: x: y",
        "title: x #y",
        "title: x#y",
        'title: "x \\" y"',
        "title: 'x '' y'",
        'title: "x',
        "  continued",
        "sources: [a, b c]",
        "sources: [a,",
        "b]",
        "summary: |",
        "summary: |-",
        "summary: >",
        "summary: >-",
        "  text",
        "  # text",
        "   deeper text",
        "",
        "# c",
        "  # c",
        "record:",
        "  status: x",
        "  note:",
        "  - item",
        "  - key: v",
        "    other: w",
        "    - nested",
        "- item",
        "x:",
        "  y:",
        "    z: w",
        "    z:",
        "a: &x 1",
        "a: b:",
        "a: 'b' c",
    ]
)


@pytest.mark.slow
@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(LINES, max_size=14), st.booleans())
def test_any_mix_of_lines_is_read_as_the_parser_reads_it_or_declined(lines, newline):
    text = "\n".join(lines) + ("\n" if newline else "")
    try:
        _check_text(text)
    except LoadError:
        return
    _agrees(text)

"""Tests for the hardened YAML loader: the YAML and encoding rows of SECURITY.md §4, positions,
the untouched global SafeLoader, and the dump/load round trip."""

from __future__ import annotations

import datetime
import subprocess
import sys
import textwrap
import unicodedata

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from registry import loader
from registry.errors import LoadError
from registry.loader import (
    MAX_BYTES,
    MAX_DEPTH,
    comments_that_drop_text,
    dump_yaml,
    load_file,
    load_yaml,
)

TRICKY = ["NO", "no", "off", "on", "y", "0755", "012", "01234", "1:20", "1.10", "1e3",
          "~", "null", ".nan", "2021-03-04", "2021-03-04 10:00:00"]  # fmt: skip


@pytest.mark.parametrize("s", TRICKY)
def test_scalar_is_exact_text(s):
    assert load_yaml(f"v: {s}\n".encode()).data["v"] == s


@pytest.mark.parametrize("s", TRICKY)
def test_tricky_key_is_exact_text(s):
    assert load_yaml(f"{s}: v\n".encode()).data == {s: "v"}


def test_nested_values_are_strings_lists_and_dicts():
    raw = b"start: 1614816000\nsources:\n  - url: https://a.example/\n    n: 3\n  - []\n"
    assert load_yaml(raw).data == {
        "start": "1614816000",
        "sources": [{"url": "https://a.example/", "n": "3"}, []],
    }


def _bomb(levels: int) -> bytes:
    """The 'billion laughs' alias pyramid: each level lists the previous one nine times."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


DEEP = b"a: " + b"[" * 65_000  # the most `[` that fit under MAX_BYTES

# (raw bytes, code, line, col); the id names the row of SECURITY.md §4.
REJECTED = [
    # 5: directives
    pytest.param(b"%YAML 1.1\n---\nname: x\n", "directive", 1, 1, id="05-yaml"),
    pytest.param(b"%TAG !e! tag:evil.example,2000:\n---\nname: x\n", "directive", 1, 1, id="05-tag"),
    pytest.param(b"# header\n%FOO bar\n---\nname: x\n", "directive", 2, 1, id="05-unknown"),
    # 6-8: duplicate keys, quoted or not, at any depth
    pytest.param(b"name: A\nid: x\nname: B\n", "dup-key", 3, 1, id="06-dup-key"),
    pytest.param(b'name: A\n"name": B\n', "dup-key", 2, 1, id="07-dup-quoted"),
    pytest.param(b"name: A\n'name': B\n", "dup-key", 2, 1, id="07-dup-single-quoted"),
    pytest.param(b"sources:\n  - url: https://a\n    url: https://b\n", "dup-key", 3, 5, id="08-dup-inner"),
    # 9-11: anchors and aliases
    pytest.param(b"name: x\nx: &a foo\n", "anchor", 2, 4, id="09-single-anchor"),
    pytest.param(b"y: *a\n", "alias", 1, 4, id="10-alias"),
    pytest.param(b"base: x\n<<: *a\n", "alias", 2, 5, id="10-merge-key"),
    pytest.param(_bomb(9), "anchor", 1, 5, id="11-alias-bomb"),
    # 12-13: tags, even harmless ones
    pytest.param(b'x: !!python/object/apply:os.system ["id"]\n', "tag", 1, 4, id="12-python"),
    pytest.param(b"x: !!str 1\n", "tag", 1, 4, id="13-str"),
    pytest.param(b"x: !!binary aGVsbG8=\n", "tag", 1, 4, id="13-binary"),
    pytest.param(b"x: !!set {a}\n", "tag", 1, 4, id="13-set"),
    pytest.param(b"x: !local x\n", "tag", 1, 4, id="13-local"),
    pytest.param(b"!!map\nx: y\n", "tag", 1, 1, id="13-root"),
    # 14-16: document structure
    pytest.param(b"name: A\n---\nname: B\n", "multi-doc", 2, 1, id="14-two-docs"),
    pytest.param(b"---\nname: A\n---\nname: B\n", "multi-doc", 3, 1, id="14-both-marked"),
    pytest.param(b"? [1, 2]\n: x\n", "key-type", 1, 3, id="15-seq-key"),
    pytest.param(b"name: x\n{a: b}: x\n", "key-type", 2, 1, id="15-map-key"),
    pytest.param(b"", "top-level", 1, 1, id="16-empty"),
    pytest.param(b"# only a comment\n", "top-level", 1, 1, id="16-comment-only"),
    pytest.param(b"---\n", "top-level", 1, 1, id="16-empty-doc"),
    pytest.param(b"\n\n- a\n- b\n", "top-level", 1, 1, id="16-list"),
    pytest.param(b"just text\n", "top-level", 1, 1, id="16-scalar"),
    # 17-18: limits
    pytest.param(b"a: " + b"x" * (MAX_BYTES - 3) + b"\n", "size", 1, 1, id="17-size"),
    pytest.param(DEEP, "depth", 1, 4 + MAX_DEPTH - 1, id="18-deep-flow"),
    # 19-20: encoding
    pytest.param(b"id: x\nname: caf\xe9\n", "encoding", 2, 10, id="19-latin1"),
    pytest.param(b"name: \xc3\xa9t\xe9\n", "encoding", 1, 9, id="19-col-in-chars"),
    pytest.param("name: x\n".encode("utf-16"), "encoding", 1, 1, id="20-utf16"),
    pytest.param(b"\xfe\xff\x00n", "encoding", 1, 1, id="20-utf16-be"),
    pytest.param("name: x\n".encode("utf-32"), "encoding", 1, 1, id="20-utf32"),
    # 22: line endings
    pytest.param(b"id: x\r\nname: y\r\n", "eol", 1, 6, id="22-crlf"),
    pytest.param(b"id: x\nname: y\rz\n", "eol", 2, 8, id="22-lone-cr"),
    # 23-24: raw characters
    pytest.param(b"id: x\nname:\tx\n", "char", 2, 6, id="23-tab-after-colon"),
    pytest.param(b"a:\n\tb: x\n", "char", 2, 1, id="23-tab-indent"),
    pytest.param(b"name: a\x00b\n", "char", 1, 8, id="24-nul"),
    pytest.param(b"name: a\x07b\n", "char", 1, 8, id="24-bel"),
    pytest.param(b"name: \x1b[31mred\n", "char", 1, 7, id="24-esc"),
    pytest.param(b"name: a\x7fb\n", "char", 1, 8, id="24-del"),
    pytest.param("name: a\x85b\n".encode(), "char", 1, 8, id="24-c1"),
    # 25: escapes make forbidden characters the raw check never sees
    pytest.param(b'name: "\\0"\n', "char", 1, 7, id="25-esc-nul"),
    pytest.param(b'name: "\\e[31m"\n', "char", 1, 7, id="25-esc-esc"),
    pytest.param(b'name: "\\x85"\n', "char", 1, 7, id="25-esc-c1"),
    pytest.param(b'name: "a\\tb"\n', "char", 1, 7, id="25-esc-tab"),
    pytest.param(b'"a\\u202eb": x\n', "char", 1, 1, id="25-esc-in-key"),
    # 26: bidi and byte order marks
    pytest.param("name: ab\u202ec\n".encode(), "char", 1, 9, id="26-raw-rlo"),
    pytest.param("name: ab\u2066c\n".encode(), "char", 1, 9, id="26-raw-lri"),
    pytest.param(b'name: "\\u202e"\n', "char", 1, 7, id="26-esc-rlo"),
    pytest.param("name: ab\ufeffc\n".encode(), "char", 1, 9, id="26-feff-mid"),
    pytest.param("\ufeff\ufeffname: x\n".encode(), "char", 1, 1, id="26-second-bom"),
    pytest.param("id: x\nname: a\u2028b\n".encode(), "char", 2, 8, id="line-separator"),
    # anything else PyYAML cannot read
    pytest.param(b"a: [1\n", "syntax", 2, 1, id="syntax-unclosed"),
    pytest.param(b"a: b\n  c: d\n", "syntax", 2, 4, id="syntax-indent"),
    pytest.param(b"a: @x\n", "syntax", 1, 4, id="syntax-reserved"),
]


@pytest.mark.parametrize(("raw", "code", "line", "col"), REJECTED)
def test_rejected_with_code_and_position(raw, code, line, col):
    with pytest.raises(LoadError) as caught:
        load_yaml(raw)
    assert (caught.value.code, caught.value.line, caught.value.col) == (code, line, col)


def test_messages_name_the_problem_and_the_fix():
    cases = {
        b"name: A\nid: x\nname: B\n": (
            "3:1: dup-key: key 'name' appears twice in the same section (first on line 1); remove one, "
            "or indent this one if it belongs to the section above"
        ),
        b"a: x\ty\n": "1:5: char: tab characters are not allowed; use a space instead",
        b"a:\n\tb: x\n": "2:1: char: tab characters are not allowed; indent with spaces",
        b"x: &a foo\n": ("1:4: anchor: YAML anchors (&) are not allowed; write the value out in full"),
        # Pasted from a web page: it broke the line's structure with a message about a colon.
        "a:\n  b:\u00a0x\n".encode(): (
            "2:5: char: the special space U+00A0 NO-BREAK SPACE looks like a space but is not one; "
            "use an ordinary space"
        ),
        "a:\n\u202fb: x\n".encode(): (
            "2:1: char: the special space U+202F NARROW NO-BREAK SPACE looks like a space but is not "
            "one; indent with ordinary spaces"
        ),
        b"": "1:1: top-level: the file is empty; it needs 'field: value' lines",
        b"\n  \n": "1:1: top-level: the file is empty; it needs 'field: value' lines",
        # A file of comments is not empty to the person who wrote them.
        b"# yaml-language-server: x\n\n  # id: gb-x\n": (
            "1:1: top-level: the file has no fields, only comments; it needs 'field: value' lines"
        ),
    }
    for raw, expected in cases.items():
        with pytest.raises(LoadError) as caught:
            load_yaml(raw)
        assert str(caught.value) == expected


@pytest.mark.parametrize(
    ("raw", "at"),
    [
        pytest.param(b'title: "Council switches"#on face cameras\n', (1, 26), id="glued-to-a-quote"),
        pytest.param(b"note: Case #3 was opened\n", (1, 12), id="after-a-plain-value"),
        pytest.param(b"a: [s1, s2] #why\n", (1, 13), id="glued-to-its-word"),
    ],
)
def test_a_comment_after_a_value_is_refused_not_dropped(raw: bytes, at: tuple[int, int]) -> None:
    """YAML drops it without a word: the title read "Council switches", the note "Case"."""
    [error] = comments_that_drop_text(load_yaml(raw))
    assert (error.code, error.line, error.col) == ("comment", *at)
    assert "put the whole value in quotes" in error.message


@pytest.mark.parametrize(
    "raw",
    [
        b"a: b\n# a note\n  # indented\nc: d\n",
        b'a: "x #y"\n',
        b"a: |\n  x #y\n",
        b"a: Case#3\n",
        b"aliases: []  # earlier ids of this record\n",  # as `registry new` writes them
        b"a: x #\n",
    ],
)
def test_a_comment_written_as_one_and_a_hash_inside_a_value_are_fine(raw: bytes) -> None:
    assert comments_that_drop_text(load_yaml(raw)) == []


@pytest.mark.parametrize(
    ("raw", "found"),
    [
        pytest.param(b"a:\n\tb: 1\nc: x\ty\n", ["2:1: char", "3:5: char"], id="every-tab"),
        pytest.param(
            "a: x\u200by\nb:\n\tc: 1\n".encode(), ["1:5: char", "3:1: char"], id="tab-and-invisible"
        ),
        pytest.param(
            b"a: 1\nb: 2\na: 3\nb:\n  c: 4\n", ["3:1: dup-key", "4:1: dup-key"], id="every-duplicate"
        ),
        pytest.param(b"a: x\ty\nb: 1\na: 2\n", ["1:5: char", "3:1: dup-key"], id="tab-and-duplicate"),
        pytest.param(
            "a:\n  b: 1\n  b: 2\nc: \u200b\n".encode(),
            ["3:3: dup-key", "4:4: char"],
            id="duplicate-then-invisible",
        ),
        # A tab that indents is told alone: read as a space it would make problems of its own.
        pytest.param(
            b"a:\n\tb: 1\nc: 1\nc: 2\n", ["2:1: char", "4:1: dup-key"], id="tab-indent-and-duplicate"
        ),
        # Characters do not hide what the rest of the file gets wrong, line endings included.
        pytest.param(b"a: 1\r\nb: [1, 2\r\nc: 3\r\n", ["1:5: eol", "3:2: syntax"], id="crlf-then-syntax"),
        pytest.param(
            b"a: x\ty\r\nb: &x 1\r\n", ["1:5: char", "1:7: eol", "2:4: anchor"], id="crlf-tab-anchor"
        ),
        pytest.param(b"a: x\ty\nb: [1, 2\nc: 3\n", ["1:5: char", "3:2: syntax"], id="tab-then-syntax"),
        # A special space in a value is read past as a space, and the rest is checked.
        pytest.param(
            "a: x\u00a0y\nb:\u3000\nb: 2\n".encode(), ["1:5: char", "2:3: char", "3:1: dup-key"], id="nbsp"
        ),
        # A bidi override is both a control and an invisible character: told once.
        pytest.param("a: x\u202ey\nb: 1\nb: 2\n".encode(), ["1:5: char", "3:1: dup-key"], id="bidi-once"),
        # A CR alone is a line break to YAML, and lines are counted without it: told alone.
        pytest.param(b"a: 1\rb: [1, 2\n", ["1:5: eol"], id="lone-cr"),
        pytest.param(b"a: 1\na: 2\nb: &x 3\n", ["2:1: dup-key", "3:4: anchor"], id="duplicate-then-anchor"),
        pytest.param(
            b"a: 1\na: 2\nb: [1, 2\nc: 3\n", ["2:1: dup-key", "4:2: syntax"], id="duplicate-then-syntax"
        ),
    ],
)
def test_the_loader_lists_every_problem_it_can_read_past(raw: bytes, found: list[str]) -> None:
    """The loader stopped at its first problem: two tabs were told one at a time, fix by fix."""
    with pytest.raises(LoadError) as caught:
        load_yaml(raw)
    error = caught.value
    assert [f"{e.line}:{e.col}: {e.code}" for e in (error, *error.more)] == found
    assert [p.field for p in error.problems("f.yaml")] == [f.split(": ")[1] for f in found]


def test_message_for_escaped_character_says_where_it_came_from():
    with pytest.raises(LoadError, match=r"U\+202E RIGHT-TO-LEFT OVERRIDE, made by an escape"):
        load_yaml(b'name: "\\u202e"\n')


def test_file_of_exactly_max_bytes_is_accepted():
    raw = b"a: " + b"x" * (MAX_BYTES - 4) + b"\n"
    assert len(raw) == MAX_BYTES
    assert load_yaml(raw).data["a"] == "x" * (MAX_BYTES - 4)


def test_depth_up_to_the_limit_is_accepted():
    raw = b"a: " + b"[" * (MAX_DEPTH - 1) + b"x" + b"]" * (MAX_DEPTH - 1) + b"\n"
    data = load_yaml(raw).data["a"]
    for _ in range(MAX_DEPTH - 2):
        data = data[0]
    assert data == ["x"]


def test_block_depth_is_counted_too():
    raw = "".join(" " * (2 * n) + f"k{n}:\n" for n in range(MAX_DEPTH)) + " " * 32 + "x: y\n"
    with pytest.raises(LoadError) as caught:
        load_yaml(raw.encode())
    assert (caught.value.code, caught.value.line, caught.value.col) == ("depth", 17, 33)


def test_100_000_brackets_give_depth_not_recursion_error():
    # 100,000 bytes exceed MAX_BYTES, so the public function stops at `size`; the text stage
    # behind it must still answer `depth` without recursing.
    text = "a: " + "[" * 100_000
    with pytest.raises(LoadError) as caught:
        load_yaml(text.encode())
    assert caught.value.code == "size"
    with pytest.raises(LoadError) as caught:
        loader._load_text(text)
    assert (caught.value.code, caught.value.line, caught.value.col) == ("depth", 1, 19)


def test_deep_block_nesting_is_refused_without_recursion():
    # Block sequences nested 40 deep: the explicit stack refuses level 17 at its own line.
    with pytest.raises(LoadError) as caught:
        loader._load_text("a:\n" + "".join("  " * i + "- \n" for i in range(1, 40)) + "x\n")
    assert (caught.value.code, caught.value.line) == ("depth", 17)


def test_alias_bomb_is_refused_with_flat_memory_and_in_time():
    child = textwrap.dedent(
        f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (256 * 2**20, 256 * 2**20))
        from registry.errors import LoadError
        from registry.loader import load_yaml
        try:
            load_yaml({_bomb(9)!r})
        except LoadError as error:
            print(error.code)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", child], capture_output=True, text=True, timeout=2, check=False
    )
    assert (result.returncode, result.stdout.strip()) == (0, "anchor"), result.stderr


def test_utf8_bom_is_stripped():
    raw = b"id: x\nsources:\n  - url: u\n"
    with_bom, without = load_yaml(b"\xef\xbb\xbf" + raw), load_yaml(raw)
    assert with_bom == without
    assert with_bom.values[("sources", 0, "url")] == (3, 10)


def test_global_safe_loader_is_untouched():
    load_yaml(b"a: NO\n")  # the hardened loader has been imported and used
    assert yaml.safe_load("a: NO") == {"a": False}
    assert yaml.safe_load("b: 0755\nc: 2021-03-04") == {"b": 493, "c": datetime.date(2021, 3, 4)}


LOCATED = b"""\
id: x
sources:
  - url: https://a.example/
    title: A
  - url: https://b.example/
    publisher:
      name: P
"""


def test_locate_returns_value_positions():
    loaded = load_yaml(LOCATED)
    assert loaded.locate(()) == (1, 1)
    assert loaded.locate(("id",)) == (1, 5)
    assert loaded.locate(("sources",)) == (3, 3)
    assert loaded.locate(("sources", 0, "title")) == (4, 12)
    assert loaded.locate(("sources", 1, "url")) == (5, 10)
    assert loaded.locate(("sources", 1, "publisher", "name")) == (7, 13)


def test_locate_missing_key_points_at_deepest_parent():
    loaded = load_yaml(LOCATED)
    assert loaded.locate(("sources", 1, "title")) == (5, 5)
    assert loaded.locate(("sources", 7, "url")) == (3, 3)
    assert loaded.locate(("status",)) == (1, 1)


def test_locate_key_returns_key_positions_and_falls_back():
    loaded = load_yaml(LOCATED)
    assert loaded.locate_key(("sources",)) == (2, 1)
    assert loaded.locate_key(("sources", 0, "title")) == (4, 5)
    assert loaded.locate_key(("sources", 1, "publisher", "name")) == (7, 7)
    assert loaded.locate_key(("sources", 1)) == (5, 5)  # a list item has no key
    assert loaded.locate_key(("sources", 1, "title")) == (5, 5)  # missing: locate()


def test_load_file_reads_bytes(tmp_path):
    path = tmp_path / "entry.yaml"
    path.write_bytes(b"\xef\xbb\xbfname: caf\xc3\xa9\n")
    assert load_file(path).data == {"name": "café"}


AWKWARD = {
    "quotes": "it's \"quoted\" and 'single'",
    "colon": "key: value",
    "no": "NO",
    "octal": "0755",
    "null": "~",
    "date": "2021-03-04",
    "leading": "  two leading spaces",
    "trailing": "trailing space ",
    "hash": "# not a comment",
    "inner hash": "a #b",
    "indicators": ["- dash", "? q", "! bang", "& amp", "* star", "%YAML", "@at", "`tick", "|", ">"],
    "unicode": "Zürich – 東京 😀 « »",
    "multi-line": "line one\nline two\n",
    "multi-line, no final newline": "one\n\n  indented\nend",
    "multi-line, trailing space": "one \ntwo",
    "only newlines": "\n\n",
    "empty": "",
    "long": "word " * 400,
    "nested": {"list": ["a", "", {"k": "v"}], "empty list": [], "empty map": {}},
    "key: with colon": "x",
    "": "empty key",
}


def test_dump_round_trips_awkward_strings():
    text = dump_yaml(AWKWARD)
    assert load_yaml(text.encode()).data == AWKWARD


def test_dump_writes_block_style_without_wrapping_or_anchors():
    shared = ["same", "list"]
    long = " ".join(["word"] * 200)
    text = dump_yaml({"a": shared, "b": shared, "note": "one\ntwo\n", "long": long})
    assert text == ("a:\n- same\n- list\nb:\n- same\n- list\nnote: |\n  one\n  two\nlong: " + long + "\n")


def test_dump_refuses_types_that_cannot_load_back_equal():
    with pytest.raises(yaml.representer.RepresenterError):
        dump_yaml({"n": 1})


_FORBIDDEN_CHARS = set(
    [chr(c) for c in range(0x20) if c != 0x0A]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + list("\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029\ufffe\uffff")
    # every space but the ordinary one (category Zs)
    + [c for c in map(chr, range(0xA0, 0x3001)) if unicodedata.category(c) == "Zs"]
)
# Format characters (Cf) are refused, and text loads in its NFC spelling (issue 16.7).
_TEXT = st.text(
    st.characters(exclude_categories=("Cs", "Cf")).filter(lambda c: c not in _FORBIDDEN_CHARS),
    max_size=40,
).map(lambda text: unicodedata.normalize("NFC", text))
_TREES = st.recursive(
    _TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=12,
)


@pytest.mark.slow
@given(st.dictionaries(_TEXT, _TREES, max_size=5))
def test_dump_then_load_is_identity(data):
    assert load_yaml(dump_yaml(data).encode()).data == data

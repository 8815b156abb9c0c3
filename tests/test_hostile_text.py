"""Hostile text in entries: impossible escapes, invisible characters, script addresses.

Repros from the attack on the registry (issue 16); they run in the normal `python -m pytest`,
so CI runs them on every pull request. Helpers: tests/hostile.py.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hostile import REL, entry, registry, write
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

# --- 2. Tracebacks -----------------------------------------------------------------------------

# The escape, and the column the message names: the escape itself, or the value it is in.
BAD_ESCAPES = [("\\U00110000", 22), ("\\UFFFFFFFF", 22), ("\\uD800", 8)]


@pytest.mark.parametrize(("escape", "col"), BAD_ESCAPES)
def test_an_impossible_escape_is_a_positioned_error_in_check(tmp_path: Path, escape: str, col: int) -> None:
    write(tmp_path, entry(**{"title: A fixture deployment": f'title: "King\'s Cross {escape}"'}))
    result = registry(tmp_path, "check", actions=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.fullmatch(
        rf"{REL}:5:{col}: char: [^\n]*\nregistry check failed: 1 error in 1 file\n", result.stderr
    )


@pytest.mark.parametrize(("escape", "col"), BAD_ESCAPES)
def test_an_impossible_escape_is_a_positioned_error_in_build(tmp_path: Path, escape: str, col: int) -> None:
    write(tmp_path, entry(**{"title: A fixture deployment": f'title: "King\'s Cross {escape}"'}))
    result = registry(tmp_path, "build", actions=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.match(rf"{REL}:5:{col}: char: ", result.stderr), result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(("escape", "col"), BAD_ESCAPES)
def test_an_impossible_escape_in_an_old_version_is_a_load_error(escape: str, col: int) -> None:
    from registry.errors import LoadError
    from registry.yaml_pieces import load_data

    raw = entry(**{"title: A fixture deployment": f'title: "King\'s Cross {escape}"'}).encode()
    with pytest.raises(LoadError) as caught:
        load_data(raw, {})
    assert (caught.value.code, caught.value.line, caught.value.col) == ("char", 5, col)


def test_the_escape_message_points_at_the_escape() -> None:
    from registry.errors import LoadError
    from registry.loader import load_yaml

    with pytest.raises(LoadError) as caught:
        load_yaml(b'title: "King\'s Cross \\U00110000"\n')
    assert str(caught.value) == (
        "1:22: char: this escape is not a Unicode character (the largest is \\U0010FFFF); remove it"
    )


def test_an_escaped_surrogate_is_named_as_one() -> None:
    """It was called "the control character U+D800"."""
    from registry.errors import LoadError
    from registry.loader import load_yaml

    with pytest.raises(LoadError) as caught:
        load_yaml(b'title: "King\'s Cross \\uD800"\n')
    assert str(caught.value) == (
        "1:8: char: this value contains the surrogate U+D800 (half of a UTF-16 pair, not a "
        "character), made by an escape such as \\e or \\u200b; remove it"
    )


# --- 7. Invisible characters ---------------------------------------------------------------------

INVISIBLE = [
    ("\u200b", "U+200B ZERO WIDTH SPACE"),
    ("\u200e", "U+200E LEFT-TO-RIGHT MARK"),
    ("\u200f", "U+200F RIGHT-TO-LEFT MARK"),
    ("\u061c", "U+061C ARABIC LETTER MARK"),
    ("\u00ad", "U+00AD SOFT HYPHEN"),
    ("\ufff9", "U+FFF9 INTERLINEAR ANNOTATION ANCHOR"),
    ("\U000e0041", "U+E0041 TAG LATIN CAPITAL LETTER A"),
    ("\u2060", "U+2060 WORD JOINER"),
    ("\u200d", "U+200D ZERO WIDTH JOINER"),  # between Latin letters: no script needs it there
    # Not format characters, but they show nothing: a name of one made a page with an empty heading.
    ("\u3164", "U+3164 HANGUL FILLER"),
    ("\u115f", "U+115F HANGUL CHOSEONG FILLER"),
    ("\u2800", "U+2800 BRAILLE PATTERN BLANK"),
]


@pytest.mark.parametrize(("char", "name"), INVISIBLE)
def test_an_invisible_character_in_a_name_is_refused_and_named(tmp_path: Path, char: str, name: str) -> None:
    write(tmp_path, entry(**{"  name: Example Council": f"  name: Example{char}Council"}))
    result = registry(tmp_path, "check", actions=False)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert re.match(
        rf"{REL}:24:16: char: the invisible (text-direction )?character {re.escape(name)} is ", first
    ), first


@pytest.mark.parametrize(("char", "name"), INVISIBLE)
def test_an_escaped_invisible_character_is_refused_and_named(tmp_path: Path, char: str, name: str) -> None:
    escape = f"\\U{ord(char):08x}"
    write(tmp_path, entry(**{"  name: Example Council": f'  name: "Example{escape}Council"'}))
    result = registry(tmp_path, "check", actions=False)
    assert result.returncode == 1
    assert re.match(
        rf"{REL}:24:9: char: this value contains the invisible (text-direction )?character {re.escape(name)}, made by an escape",
        result.stderr,
    ), result.stderr


@pytest.mark.parametrize(
    "name",
    [
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian: ZWNJ between two letters
        "\u0915\u094d\u200d\u0937",  # Devanagari: ZWJ after a virama, before a letter
    ],
)
def test_joiners_are_allowed_between_letters_of_scripts_that_need_them(tmp_path: Path, name: str) -> None:
    write(tmp_path, entry(**{"  name: Example Council": f"  name: {name}"}))
    result = registry(tmp_path, "check", actions=False)
    assert (result.returncode, result.stderr) == (0, "")


def test_text_is_loaded_in_one_spelling_nfc() -> None:
    from registry.loader import load_yaml

    decomposed = load_yaml('name: Cafe\u0301 Vision\nnote: "Cafe\\u0301"\n'.encode()).data
    assert decomposed == {"name": "Caf\u00e9 Vision", "note": "Caf\u00e9"}


def test_the_format_character_table_is_complete() -> None:
    import unicodedata

    from registry.chars import BLANK, FORMAT

    for code in range(sys.maxunicode + 1):
        char = chr(code)
        category = unicodedata.category(char)
        if category == "Cf":
            assert FORMAT.match(char), f"U+{code:04X} is a format character: add it to chars.FORMAT_RANGES"
        elif FORMAT.match(char) and char not in BLANK:
            assert category == "Cn", f"U+{code:04X} is {category}, not a format character"


# --- 6. `javascript:` after a word ---------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    ["King's Cross javascript:alert(1)", "King's Cross JAVASCRIPT:alert(1)", "Cross data:text/html,x"],
)
def test_a_script_address_after_a_word_fails_check(tmp_path: Path, title: str) -> None:
    write(tmp_path, entry(**{"title: A fixture deployment that uses every field": f"title: {title}"}))
    result = registry(tmp_path, "check", actions=False)
    assert (result.returncode, result.stderr.splitlines()[0]) == (
        1,
        f"{REL}:5:8: title: must be plain text: it contains a script or data address, which is not allowed",
    )


@pytest.mark.parametrize("text", ["Subscript: notes", "Crossjavascript:x", "metadata: text/x"])
def test_a_scheme_inside_a_word_is_not_an_address(text: str) -> None:
    from registry.checks.text import _script_address

    assert not _script_address(text)


# --- Every mutation of a valid entry ends in problems, never an exception -------------------------

_PIECES = [
    "\\U00110000",
    "\\UFFFFFFFF",
    "\\uD800",
    "\\e",
    "\\u200b",
    "\u200b",
    "\u200d",
    "e\u0301",
    "\ufeff",
    '"x\\n::error::y": 1\n',
    "\n  ",
    "- ",
    ": ",
    " #",
    "'",
    '"',
    "&a ",
    "*a",
    "!!str ",
    "%YAML",
    '\nx: "\\U00110000"\n',
    '\nx: "\\uD800"\n',
    '\n"a\\nb": 1\n',
    '\nx: "a\\u200bb"\n',
    "99999999999999999999999999",
    "1e400",
    "-1",
    "TODO ",
    "javascript:",
    "{unknown: x}",
    "[",
    "{",
]


@pytest.mark.slow
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.floats(0, 1, exclude_max=True), st.sampled_from(_PIECES) | st.text(max_size=4), st.booleans()
        ),
        min_size=1,
        max_size=5,
    )
)
@example([(0.5, '\nx: "\\U00110000"\n', True)])
@example([(0.5, '\nx: "\\uD800"\n', True)])
@example([(0.5, '\n"a\\nb": 1\n', True)])
def test_any_mutation_ends_in_one_line_problems_never_an_exception(tmp_path: Path, edits: list) -> None:
    """Pieces go in at any character, or at the start of a line (where a new key is valid YAML)."""
    from registry.entries import check_entries

    text = entry()
    for where, piece, line_start in edits:
        at = int(where * len(text))
        if line_start:
            at = text.rfind("\n", 0, at) + 1
            piece = piece.lstrip("\n")
        text = text[:at] + piece + text[at:]
    path = tmp_path / REL
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    for problem in check_entries(tmp_path).problems:
        line = problem.format()
        assert "\n" not in line and "\r" not in line and "\x1b" not in line, line

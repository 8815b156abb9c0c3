"""The loader's messages: what a contributor reads when a file is not the YAML we accept.

Written for someone who may never have heard of YAML: what is wrong, at a line and column,
then what to do. PyYAML's own complaints are turned into the slip that usually causes them
(`syntax_message`); refused characters are named so they can be found (`refused_char_name`).
Split from registry.loader, which decides what is refused; this module only words it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import yaml

from registry.chars import FORMAT, ZWJ, ZWNJ, char_name
from registry.errors import LoadError
from registry.yaml_slips import slip

MAX_DEPTH = 16

# Messages for a contributor who may never have heard of YAML: what is wrong, then what to do.
MESSAGES = {
    "directive": "YAML directives (%YAML, %TAG) are not allowed; delete the line",
    "comment": (
        "this '#' starts a comment, which YAML drops from the value: if it belongs to the text, "
        "put the whole value in quotes; if it is a note, write '# ' after a space"
    ),
    "anchor": "YAML anchors (&) are not allowed; write the value out in full",
    "alias": "YAML aliases (*) and merge keys (<<) are not allowed; write the value out in full",
    "tag": "YAML tags such as !!str are not allowed; remove the tag",
    "multi-doc": "only one document is allowed per file; remove this '---' and what follows",
    "empty": "the file is empty; it needs 'field: value' lines",
    "only-comments": "the file has no fields, only comments; it needs 'field: value' lines",
    "key-type": "a key must be plain text, not a list or a mapping",
    "depth": f"the data is nested more than {MAX_DEPTH} levels deep; flatten it",
    "eol": (
        "carriage returns are not allowed (Windows CR LF line endings, or a CR alone); "
        "save the file with LF line endings"
    ),
}


@contextmanager
def yaml_errors_as_load_errors(text: str, earlier: list[LoadError] | None = None) -> Iterator[None]:
    """Turns PyYAML's own errors into `LoadError` at the problem's mark, with the problems
    found `earlier` in the same read (duplicate keys before the syntax error).

    `RecursionError` is not a `YAMLError`; the pre-pass caps depth before anything recurses,
    so catching it here is a second line of defence, never the first.
    """
    try:
        yield
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark and "quoted scalar" in (error.context or ""):
            mark = error.context_mark  # an unclosed quote: point at where it opened, not at the end
        line, col = pos(mark) if mark else (1, 1)
        found = slip(error.problem or "", text, line)
        if found is not None:
            line, col, message = found  # where the slip is, not where the parser noticed it
        else:
            message = syntax_message(error.problem or "", text, line, col)
        raise LoadError.together([*(earlier or []), LoadError("syntax", line, col, message)]) from None
    except RecursionError:
        raise LoadError.together([*(earlier or []), LoadError("depth", 1, 1, MESSAGES["depth"])]) from None


# The value part of a `key: value` line (or `- key: value`), to recognise common slips.
KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?)[^\s#'\"\[{][^:#]*?:[ ]+(?P<value>\S.*)?$")


def syntax_message(problem: str, text: str, line: int, col: int) -> str:
    """Returns the parser's complaint as the slip that usually causes it, or generically.

    PyYAML says "mapping values are not allowed here" both for `title: Row: police` and for a
    key indented deeper than its neighbours; the line itself tells the two apart.
    """
    if problem.startswith("expected <block end>, but found"):
        problem = "did not find expected key"  # the pure-Python parser's words for libyaml's
    source = text.split("\n")[line - 1] if line - 1 < text.count("\n") + 1 else ""
    match = KEY_VALUE.match(source)
    value_col = match.start("value") + 1 if match and match.group("value") else None
    if "mapping values are not allowed" in problem:
        if value_col is not None and col > value_col:
            return (
                "this is not valid YAML: a value that contains ': ' (or ends with ':') must be put "
                'in double quotes, such as title: "Row: police gave images"'
                + _curly_quotes_note(source[value_col - 1])
            )
        return (
            "this is not valid YAML: this line is indented further than the line above it; "
            "fields of one group must line up exactly, with spaces"
        )
    if value_col is not None and col >= value_col:
        first = source[value_col - 1]
        if first == "'" and "did not find expected key" in problem:
            return (
                "this is not valid YAML: a value in 'single quotes' cannot contain an apostrophe; "
                'use double quotes instead, such as name: "King\'s Cross"'
            )
        if first in "[{" and "expected" in problem:
            return (
                f"this is not valid YAML: a value that starts with '{first}' is read as a list or "
                "group; if it is text, put the whole value in double quotes"
            )
        if first in "@`*&!|>%":
            return (
                f"this is not valid YAML: a value cannot start with '{first}'; "
                "put the whole value in double quotes"
            )
    if "end of stream" in problem and source[col - 1 : col] in ("'", '"'):
        return (
            "this is not valid YAML: this quote is opened but never closed; "
            "end the value with the same quote mark"
        )
    if "did not find expected key" in problem or "expected '-' indicator" in problem:
        return (
            "this is not valid YAML: this line does not line up with the lines above it; "
            "fields of one group (or of one '- ' item) must start in the same column"
        )
    return f"this is not valid YAML ({problem}); check the indentation and quoting"


#: Typographic quotes, opening and closing, that a word processor puts where YAML wants " or '.
CURLY_QUOTES = {"\u201c": "\u201d", "\u2018": "\u2019"}


def _curly_quotes_note(first: str) -> str:
    """Why the value was not quoted, when it starts with a curly quote: the contributor did
    quote it, in quotes YAML does not know."""
    if first not in CURLY_QUOTES:
        return ""
    pair = f"{first} {CURLY_QUOTES[first]}"
    return f'; curly quotes ({pair}) are not YAML quotes: use straight double quotes (")'


def fail(code: str, mark: yaml.Mark, message: str | None = None) -> NoReturn:
    raise LoadError(code, *pos(mark), message or MESSAGES[code])


def pos(mark: yaml.Mark) -> tuple[int, int]:
    """PyYAML marks are 0-based; convert once, here."""
    return (mark.line + 1, mark.column + 1)


def position(text: str, index: int) -> tuple[int, int]:
    """Returns the 1-based (line, col) of `index` in `text`, counting LF as the only line break."""
    line_start = text.rfind("\n", 0, index) + 1
    return (text.count("\n", 0, index) + 1, index - line_start + 1)


def starts_its_line(text: str, index: int) -> bool:
    """Whether only white space comes before `text[index]` on its line: indentation, or a
    comment line's `#`."""
    return not text[text.rfind("\n", 0, index) + 1 : index].strip()


def refused_char_name(char: str) -> str:
    """Returns a refused character as a contributor can recognise it: kind, code point, name."""
    if char == "\t":
        return "a tab"
    named = char_name(char)
    if char == "\ufeff":
        return f"the invisible byte order mark {named}"
    if char in "\u2028\u2029":
        return f"the line separator {named}"
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069" or char in "\u200e\u200f\u061c":
        return f"the invisible text-direction character {named}"
    if FORMAT.match(char):
        return f"the invisible character {named}"
    if unicodedata.category(char) == "Zs":
        return f"the special space {named}"
    if "\ud800" <= char <= "\udfff":  # only an escape makes one: UTF-8 cannot hold it
        return f"the surrogate {named} (half of a UTF-16 pair, not a character)"
    return f"the control character {named}"


def raw_char_message(char: str, indents: bool = True) -> str:
    """Why `char` is refused and what to do; a tab in a value is replaced, not re-indented."""
    if char == "\t":
        if indents:
            return "tab characters are not allowed; indent with spaces"
        return "tab characters are not allowed; use a space instead"
    if unicodedata.category(char) == "Zs":  # a space other than the ordinary one
        where = "indent with ordinary spaces" if indents else "use an ordinary space"
        return f"{refused_char_name(char)} looks like a space but is not one; {where}"
    if char in (ZWJ, ZWNJ):
        return (
            f"{refused_char_name(char)} is only allowed between two letters of a script that needs it "
            "(such as Persian or Devanagari); delete it"
        )
    return f"{refused_char_name(char)} is not allowed here (it hides in text that looks the same); delete it"


def shown_key(value: object) -> str:
    """Returns `value` as a repr cut to 80 characters, safe to print on one line.

    For keys and for values a message repeats: a 50,000-character value repeated whole made
    a 50 KB line (twice, with the CI annotation); the position already says where it is.
    """
    shown = repr(value)
    return shown if len(shown) <= 80 else shown[:77] + "..."

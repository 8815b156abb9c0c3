"""A fast reader for the plain shape of YAML that entry files use, or None for anything else.

PyYAML's C parser spends most of a load handing Python one event object per token: about
0.9 ms of the 1.2 ms a typical 7 KB entry takes. The contributor guide's entries use a small
part of YAML: block mappings and block lists, one-line plain or quoted values, one-line flow
lists of plain words, and folded or literal blocks. `read_plain` reads exactly that part,
line by line, in about half the time, and returns the data the loader builds from events
(every value a string, exactly as written).

It is a fast path, never a second opinion: on anything outside that part (a comment after a
value, a plain value that carries on to the next line, an escape, an anchor, a key written
twice, uneven indentation, nesting deeper than `_DEEPEST`) it returns None, and the loader
reads the text with the parser as before. So every refusal, every message and every unusual
file stays the parser's own; `tests/test_plainyaml.py` compares the two on the real entries,
on tricky texts and on generated ones. Callers run the loader's whole-text checks first, so
the text has no tab, CR, control character or Unicode line separator.
"""

from __future__ import annotations

import re

# `key:` then a space and the value, or the end of the line. Keys are short plain words
# (libyaml refuses a key of over 1,024 characters).
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,99}):(?: +(.*))?$")
# What a plain value may not start with (YAML's indicators); quoted values start with two of them.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# Double quotes with no escape but \" and \\; single quotes, where '' stands for '.
_DOUBLE = re.compile(r'"((?:[^"\\]|\\["\\])*)"$')
_DOUBLE_ESCAPE = re.compile(r'\\(["\\])')
_SINGLE = re.compile(r"'((?:[^']|'')*)'$")
# One flow list item: a plain word or phrase with no flow indicator, ":" or "#" in it.
_FLOW_ITEM = re.compile(r"[^-?:,\[\]{}#&*!|>'\"%@`\s][^,\[\]{}#:]*")
_BLOCK_HEADERS = {">": (" ", "\n"), ">-": (" ", ""), "|": ("\n", "\n"), "|-": ("\n", "")}
# Lines that mean something to YAML at column 0 whatever follows: markers and directives.
_DOCUMENT_LINE = re.compile(r"^(?:---|\.\.\.|%)", re.MULTILINE)
# Nesting the entries never reach; deeper files are left to the parser and its depth check.
_DEEPEST = 8


class _Unusual(Exception):
    """The text is outside the plain shape; the parser must read it."""


def read_plain(text: str) -> dict | None:
    """Returns the data of `text` if it has the plain shape, else None (read it the slow way)."""
    if not _fits(text):
        return None
    try:
        return _read(text.split("\n"))
    except _Unusual:
        return None


def _read(lines: list[str]) -> dict | None:
    """One pass over the lines with a stack of open blocks, each at its own column.

    A line further left closes blocks until one sits at its column; a line further right is
    only allowed as the first line of a `key:`'s value. `limit` is the column the next line
    may not pass: after a one-line value, a deeper line would carry that value on.
    """
    root: dict = {}
    stack: list[tuple[int, dict | list]] = [(0, root)]
    pending: tuple[dict, str, int] | None = None  # a `key:` whose value starts further down
    limit = 0
    at, count = 0, len(lines)
    while at < count:
        line = lines[at]
        at += 1
        body = line.lstrip(" ")
        if not body or body[0] == "#":
            continue
        col = len(line) - len(body)
        if pending is not None:
            parent, key, column = pending
            pending = None
            if col > column:
                opened: dict | list = [] if body[:2] == "- " else {}
                parent[key] = opened
                stack.append((col, opened))
                if len(stack) > _DEEPEST:
                    return None
            elif col == column and body[0] == "-":
                return None  # a list at its key's own column: legal, but not this shape
            else:
                parent[key] = ""
        elif col > limit:
            return None
        while col < stack[-1][0]:
            stack.pop()
        column, container = stack[-1]
        if col != column:
            return None
        if type(container) is list:
            if body[:2] != "- ":
                return None
            rest = body[2:].lstrip(" ")
            match = _KEY.match(rest)
            if match is None:
                container.append(_scalar(rest))
                limit = column
                continue
            # `- key: value` opens a mapping whose keys sit where this key does.
            column += len(body) - len(rest)
            container.append(mapping := {})
            stack.append((column, mapping))
            if len(stack) > _DEEPEST:
                return None
            container = mapping
        else:
            match = _KEY.match(body)
            if match is None:
                return None
        key, rest = match.groups()
        if key in container:
            return None
        limit = column
        if rest is None:
            pending = (container, key, column)
        elif rest in _BLOCK_HEADERS:
            container[key], at = _block(lines, at, column, *_BLOCK_HEADERS[rest])
        elif rest[0] == "[":
            if rest[-1] != "]" or len(stack) >= _DEEPEST:
                return None
            container[key] = _flow_items(rest[1:-1])
        else:
            container[key] = _scalar(rest)
    if pending is not None:
        pending[0][pending[1]] = ""
    return root or None


def _scalar(rest: str) -> str:
    """A one-line plain, double- or single-quoted scalar."""
    first = rest[0]
    if first not in _INDICATORS and not first.isspace():
        # Plain: ": " or " #" would end it early, and a final ":" would make it a key.
        if ": " in rest or " #" in rest or rest[-1] == ":":
            raise _Unusual
        return rest
    if (double := _DOUBLE.match(rest)) is not None:
        return _DOUBLE_ESCAPE.sub(r"\1", double.group(1))
    if (single := _SINGLE.match(rest)) is not None:
        return single.group(1).replace("''", "'")
    raise _Unusual


def _flow_items(inside: str) -> list[str]:
    """The items of a one-line flow list `[a, b c]`, each a plain word or phrase."""
    if not inside.strip(" "):
        return []
    items = [item.strip(" ") for item in inside.split(",")]
    if not all(_FLOW_ITEM.fullmatch(item) for item in items):
        raise _Unusual  # an empty item, a quote, a nested list: leave it to the parser
    return items


def _block(lines: list[str], at: int, column: int, joiner: str, ending: str) -> tuple[str, int]:
    """A folded (`>`) or literal (`|`) block from line `at`, all of its lines at one column.

    Returns the text and the index of the first line after it.
    """
    first = lines[at] if at < len(lines) else ""
    indent = len(first) - len(first.lstrip(" "))
    if not first or indent <= column:
        raise _Unusual  # empty, or starting with a blank line: leave it to the parser
    kept: list[str] = []
    while at < len(lines):
        line = lines[at]
        if not line:
            after = next((x for x in lines[at:] if x), "")
            if len(after) - len(after.lstrip(" ")) >= indent:
                raise _Unusual  # a blank line inside the block
            break
        if len(line) - len(line.lstrip(" ")) < indent:
            break
        body = line[indent:]
        if body[0] == " ":
            raise _Unusual  # a more indented line keeps its own line break
        kept.append(body)
        at += 1
    if at == len(lines):
        raise _Unusual  # the file ends inside the block, with no final line break to keep
    return joiner.join(kept) + ending, at


def _fits(text: str) -> bool:
    """Whole-text conditions: no trailing spaces, no document markers or directives."""
    return " \n" not in text and not text.endswith(" ") and not _DOCUMENT_LINE.search(text)

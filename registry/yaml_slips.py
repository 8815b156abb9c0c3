"""The slip behind a YAML syntax error, told at the line where it is.

PyYAML reports where it noticed a problem, which is often a line or two after the slip: a
missing space in `summary:"Example"` surfaces on the next line, as does a line of a value
that starts at the left edge, or a field moved out of its group. A contributor then looks at
a line with nothing wrong on it. These few slips are recognised from the text around the
error and reported at their own line; anything else keeps PyYAML's position and the wording
of `registry.yaml_messages.syntax_message`. Only called once the parser has refused a file,
so a valid file is never second-guessed.
"""

from __future__ import annotations

import re

#: How many lines above the error a missing space after a key's colon is looked for.
_LOOK_BACK = 3
_KEY_WITHOUT_SPACE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_-]*):(?=[^\s/:])")
_KEY_WITH_VALUE = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][A-Za-z0-9_-]*:[ ]+(?P<value>\S.*)$")


def slip(problem: str, text: str, line: int) -> tuple[int, int, str] | None:
    """(line, column, message) of the slip behind the parser's `problem` at `line`, or None."""
    lines = text.split("\n")
    return (
        _no_space_after_colon(lines, line)
        or _text_after_closing_quote(lines, line)
        or _line_at_left_edge(problem, lines, line)
        or _field_out_of_its_group(problem, lines, line)
    )


def _no_space_after_colon(lines: list[str], line: int) -> tuple[int, int, str] | None:
    for number in range(line, max(line - _LOOK_BACK, 1) - 1, -1):
        match = _KEY_WITHOUT_SPACE.match(_at(lines, number))
        if match:
            key = match.group(2)
            return (
                number,
                match.end(1) + 1,
                f"this is not valid YAML: there is no space after '{key}:'; "
                f"write '{key}: ' and then the value",
            )
    return None


def _text_after_closing_quote(lines: list[str], line: int) -> tuple[int, int, str] | None:
    """`title: "Council switches" on face cameras`: the value goes on after its quote closed."""
    source = _at(lines, line)
    match = _KEY_WITH_VALUE.match(source)
    if not match or source[match.start("value")] not in "\"'":
        return None
    start = match.start("value")
    end = _closing_quote(source, start)
    rest = source[end + 1 :].strip() if end is not None else ""
    if not rest or rest.startswith("#") or rest.endswith(source[start]):
        return None  # nothing after it, a comment, or a quote inside the value (syntax_message's)
    return (
        line,
        end + 2,
        "this is not valid YAML: the value goes on after its closing quote; put all of it inside "
        'the quotes, such as title: "Council switches on face cameras"',
    )


def _closing_quote(source: str, start: int) -> int | None:
    """The index of the quote that closes the one at `start` on this line, or None."""
    quote, index = source[start], start + 1
    while index < len(source):
        char = source[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and source[index + 1 : index + 2] == "'":
                index += 2  # '' is one apostrophe inside single quotes
                continue
            return index
        index += 1
    return None


def _line_at_left_edge(problem: str, lines: list[str], line: int) -> tuple[int, int, str] | None:
    """A value's next line typed at the left edge, where only a new field may start."""
    if "could not find expected ':'" not in problem:
        return None
    number = _previous_content(lines, line)
    source = _at(lines, number)
    if not number or source[:1] in (" ", "-", "#") or ": " in source or source.endswith(":"):
        return None
    return (
        number,
        1,
        "this is not valid YAML: this line goes on from the value above it but starts at the left "
        "edge, where only a new field may start; indent it under that value, or join it to the line above",
    )


def _field_out_of_its_group(problem: str, lines: list[str], line: int) -> tuple[int, int, str] | None:
    """A field moved left, out of its group: the group's next line then looks indented too far."""
    if "mapping values are not allowed" not in problem:
        return None
    above = _previous_content(lines, line)
    before = _previous_content(lines, above) if above else 0
    indent = _indent(_at(lines, line))
    if not before or not _indent(_at(lines, above)) < indent == _indent(_at(lines, before)):
        return None
    return (
        above,
        1,
        "this is not valid YAML: this line is indented less than the lines around it; if it "
        "belongs to the group above, indent it like them",
    )


def _previous_content(lines: list[str], line: int) -> int:
    """The number of the nearest line above `line` with something on it other than a comment."""
    for number in range(line - 1, 0, -1):
        stripped = _at(lines, number).strip()
        if stripped and not stripped.startswith("#"):
            return number
    return 0


def _at(lines: list[str], number: int) -> str:
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _indent(source: str) -> int:
    return len(source) - len(source.lstrip(" "))

"""The slip behind a YAML syntax error, told at the line where it is.

PyYAML reports where it noticed a problem, which is often a line or two after the slip: a
missing space in `summary:"Example"` surfaces on the next line, as does a line of a value
that starts at the left edge, a field moved out of its group, or a group's first field
indented unlike the rest (the group's second field is then the one that looks wrong). A
contributor then looks at a line with nothing wrong on it. These few slips are recognised
from the text around the error and reported at their own line; anything else keeps PyYAML's
position and the wording of `registry.yaml_messages.syntax_message`. Only called once the
parser has refused a file, so a valid file is never second-guessed.
"""

from __future__ import annotations

import re

#: How many lines above the error a missing space after a key's colon is looked for.
_LOOK_BACK = 3
_KEY_WITHOUT_SPACE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_-]*):(?=[^\s/:])")
_KEY_WITH_VALUE = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][A-Za-z0-9_-]*:[ ]+(?P<value>\S.*)$")
#: A field's line: its indentation, a list item's '- ' (before the item's first field), the key.
_FIELD = re.compile(r"^(?P<indent> *)(?P<dash>-[ ]+)?[A-Za-z_][A-Za-z0-9_-]*:(?:\s|$)")
#: A field's line that opens a group: nothing after its colon but a comment.
_OPENS_GROUP = re.compile(r"^ *(?:-[ ]+)?[A-Za-z_][A-Za-z0-9_-]*:[ ]*(?:#.*)?$")
#: A field whose value is a block of text on the lines below it (`note: >-`, `note: |`).
_BLOCK_TEXT = re.compile(r"^ *(?:-[ ]+)?[A-Za-z_][A-Za-z0-9_-]*:[ ]+[|>]")
_KEY_COLUMN = re.compile(r"^ *(?:-[ ]+)?")
#: What the parser says when a group's fields do not line up (the pure-Python parser's words
#: for libyaml's "did not find expected key" included).
_OUT_OF_LINE = ("did not find expected key", "expected <block end>", "mapping values are not allowed")


def slip(problem: str, text: str, line: int) -> tuple[int, int, str] | None:
    """(line, column, message) of the slip behind the parser's `problem` at `line`, or None."""
    lines = text.split("\n")
    return (
        _no_space_after_colon(lines, line)
        or _quote_never_closed(lines, line)
        or _text_after_closing_quote(lines, line)
        or _line_at_left_edge(problem, lines, line)
        or _field_out_of_its_group(problem, lines, line)
        or _first_field_out_of_line(problem, lines, line)
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


def _quote_never_closed(lines: list[str], line: int) -> tuple[int, int, str] | None:
    """`title: "Council switches on face cameras` (or closed with a curly ”): the quoted value
    runs on to the next quote mark, however far, and the parser stops there or lines later, with
    a complaint about a line with nothing wrong. Looked for above the error at any distance (this
    is only asked of a file already refused); a quote that closes on a line before the error's
    is a value spread over lines, which YAML allows, and not the slip."""
    below = ""  # the quote marks of the lines between this one and the error's (one pass up)
    prose = _in_block_text(lines)
    for number in range(line, 0, -1):
        source = _at(lines, number)
        match = _KEY_WITH_VALUE.match(source) if number not in prose else None
        opens = match is not None and source[match.start("value")] in "\"'"
        if (
            not opens
            or _closing_quote(source, match.start("value")) is not None
            or source[match.start("value")] in below
        ):
            # Not the slip, or closed on a later line before the error: a value spread over lines.
            below += "".join(q for q in "\"'" if q in source and q not in below) if number < line else ""
            continue
        quote, last = source[match.start("value")], source.rstrip()[-1:]
        curly = (
            f" (it ends with {last}, a curly quote, which YAML does not read as one)"
            if last in "\u201d\u2019"
            else ""
        )
        return (
            number,
            match.start("value") + 1,
            f"this is not valid YAML: the {quote} that opens this value is never closed on its line{curly}; "
            f"end the value with {quote} on the same line",
        )
    return None


def _in_block_text(lines: list[str]) -> set[int]:
    """The line numbers inside a block of text (`note: >-` and the lines indented under it): prose,
    where "Consultation: \"the public..." is words, not a key with a quoted value. One pass."""
    inside, block = set(), None  # the indentation of the open block's key line
    for number, source in enumerate(lines, start=1):
        indent = len(source) - len(source.lstrip(" "))
        if block is not None and (not source.strip() or indent > block):
            inside.add(number)
            continue
        # The key's own column: under `- note: >-` the text is indented past the key, not the dash.
        block = _KEY_COLUMN.match(source).end() if _BLOCK_TEXT.match(source) else None
    return inside


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
    if _OPENS_GROUP.match(_at(lines, above)):
        return None  # the line above opens this line's group: the slip is on this line itself
    return (
        above,
        1,
        "this is not valid YAML: this line is indented less than the lines around it; if it "
        "belongs to the group above, indent it like them",
    )


def _first_field_out_of_line(problem: str, lines: list[str], line: int) -> tuple[int, int, str] | None:
    """The first field of a group written in another column than the fields after it.

    The parser takes the group's column from its first field, so it notices at the second,
    which is where it should be. When the next field lines up with the second, the first is
    the one that differs and is told at its own line; when the group has only the two, which
    of them is out of line cannot be seen, and both are named. Anything else (the first two
    fields agree, the third is in a column of its own, a line that is no field) keeps the
    parser's line.
    """
    if not any(words in problem for words in _OUT_OF_LINE):
        return None
    first = _previous_content(lines, line)
    here, before = _FIELD.match(_at(lines, line)), _FIELD.match(_at(lines, first))
    if here is None or here["dash"] or before is None or _key_column(here) == _key_column(before):
        return None
    outer = _group_column(lines, first, before)
    if outer is None or outer >= min(_key_column(here), _key_column(before)):
        return None
    if _OPENS_GROUP.match(here.string) or _BLOCK_TEXT.match(here.string):
        return None  # the lines below may be its own (fields, or text that looks like them)
    below = _next_content(lines, line)
    following = _FIELD.match(_at(lines, below))
    group = "'- ' item" if before["dash"] else "group"
    if following is not None and not following["dash"] and _key_column(following) == _key_column(here):
        return _first_differs(first, before, line, here, group)
    if not below or (following is not None and len(following["indent"]) <= outer):
        return _two_differ(first, before, line, here, group)  # the group has these two fields
    return None


def _group_column(lines: list[str], first: int, before: re.Match[str]) -> int | None:
    """Where the group that `first` starts begins (its opening `key:`, or its item's '- '),
    or None when `first` does not start one (a field above it is in its group)."""
    if before["dash"]:
        return len(before["indent"])
    opener = _FIELD.match(_at(lines, _previous_content(lines, first)))
    if opener is None or not _OPENS_GROUP.match(opener.string):
        return None
    return _key_column(opener)


def _first_differs(
    first: int, before: re.Match[str], line: int, here: re.Match[str], group: str
) -> tuple[int, int, str]:
    shift = _key_column(before) - _key_column(here)
    spaces = f"{abs(shift)} space{'s' if abs(shift) != 1 else ''} {'further' if shift > 0 else 'less'}"
    return (
        first,
        _key_column(before) + 1,
        f"this is not valid YAML: this {'field' if before['dash'] else 'line'} is indented {spaces} "
        f"than the fields after it in its {group} (from line {line}); fields of one {group} must "
        "start in the same column: line it up with them",
    )


def _two_differ(
    first: int, before: re.Match[str], line: int, here: re.Match[str], group: str
) -> tuple[int, int, str]:
    return (
        line,
        _key_column(here) + 1,
        f"this is not valid YAML: this line and line {first} above it are the fields of one "
        f"{group}, but line {first} starts in column {_key_column(before) + 1} and this line in "
        f"column {_key_column(here) + 1}; fields of one {group} must start in the same column: "
        "line the two up",
    )


def _key_column(field: re.Match[str]) -> int:
    """The 0-based column where a field's key starts (after a list item's '- ')."""
    return field.end("dash") if field["dash"] else len(field["indent"])


def _next_content(lines: list[str], line: int) -> int:
    """The number of the nearest line below `line` with something on it other than a comment."""
    for number in range(line + 1, len(lines) + 1):
        stripped = _at(lines, number).strip()
        if stripped and not stripped.startswith("#"):
            return number
    return 0


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

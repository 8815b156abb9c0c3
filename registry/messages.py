"""Turns pydantic's validation errors into `Problem`s a non-programmer can act on.

pydantic reports `("sources", 3, "url")` and `literal_error`; a contributor needs
`entries/gb/x.yaml:58:14: sources.3.url: must be a full web address ...` with a "did you
mean". This module does that translation in one place: the location is mapped through the
loader's position table, the wording through `_MESSAGES`, and suggestions through
`registry.suggestions`.
"""

from __future__ import annotations

import itertools
import re
import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from registry import vocab
from registry.errors import Problem
from registry.loader import Loaded
from registry.suggestions import closest, inexact_hint, qualifier_for, unknown_slips
from registry.types import ENTRY_ID_PATTERN, MAX_COUNT, UNION_TAGS, Unknown, Url
from registry.yaml_messages import shown_key

#: Words people write for "not known"; an OrUnknown field needs `{unknown: <reason>}` instead.
PLAIN_UNKNOWN_WORDS = frozenset({"unknown", "not known", "n/a", "na", "?", "none", "tbc", "tbd"})
_MAX_HINT = 300
_PLACEHOLDER = re.compile(r"^\s*TODO\b[\s:.-]*(.*)$", re.DOTALL)

_PATTERN_MESSAGES = {
    r"^s[1-9][0-9]{0,2}$": "must be a source id such as s1 (the id of an item in sources)",
    r"^st[1-9][0-9]{0,2}$": "must be a statement id such as st1",
    ENTRY_ID_PATTERN: (
        "must be an id of lowercase letters, digits and dashes that starts with the "
        "country code, such as gb-kings-cross-argent"
    ),
}

_MESSAGES = {
    "missing": "is required",
    "int_parsing": "must be a whole number such as 7, without commas or words (got {input})",
    "int_type": (
        "must be a whole number such as 7, or where the form allows it a group such as "
        "{{count: 200, qualifier: approximate}}"
    ),
    "int_from_float": "must be a whole number such as 7 (got {input})",
    "int_parsing_size": f"is far too large: at most {MAX_COUNT}",
    "finite_number": "must be an ordinary number such as 51.53, not infinity",
    "float_parsing": "must be a number such as 51.53 (got {input})",
    "greater_than_equal": "must be at least {ge}",
    "less_than_equal": "must be at most {le}",
    "string_too_long": "is too long: at most {max_length} characters",
    "too_long": "has too many items: at most {max_length}",
    "list_type": "must be a list: one item per line starting with '- ', or [a, b]",
    "model_type": "must be a group of fields (indented 'key: value' lines), not a single value",
    "model_attributes_type": "must be a group of fields (indented 'key: value' lines)",
    "dict_type": "must be a group of fields (indented 'key: value' lines)",
    "string_type": "must be a single text value, not a list or a group of fields",
}
#: `model_type` for a list: `- name: ...` under a group's key, the group written as a list item.
_A_LIST_FOR_A_GROUP = (
    "must be a group of fields (indented 'key: value' lines), not a list: "
    "remove the '- ' before its first field"
)


#: Problems listed per file before "and N more": enough to fix at one sitting, and a bound on
#: the work of wording them (a 62 KB file of 7,000 unknown keys took 5 s to describe in full).
MAX_PROBLEMS_PER_FILE = 50


def problems_from_error(
    exc: ValidationError,
    loaded: Loaded,
    path: str,
    model: type[BaseModel],
    limit: int = MAX_PROBLEMS_PER_FILE,
) -> list[Problem]:
    """Returns one positioned `Problem` for each error pydantic found in one entry file.

    A misspelt or misplaced key also leaves its real field "required"; that second message
    is dropped when the first already says where the key belongs (one mistake, one line).
    At most `limit` are worded; the rest are counted in one last "and N more" problem.
    """
    errors = [(error, clean_location(error["loc"], loaded.data)) for error in exc.errors(include_url=False)]
    # `{unkown: not_found}`: pydantic words it from the field's other form ("date is required",
    # "must be a single text value"), never naming `unknown`; one line says what it is.
    slips = dict(
        itertools.islice(unknown_slips(loaded.data, ()), limit)
    )  # told, like the rest, up to `limit`
    errors = [(error, loc) for error, loc in errors if not any(loc[:n] in slips for n in range(len(loc) + 1))]
    unknown: dict[int, tuple[str, tuple | None]] = {}
    for index, (error, loc) in enumerate(errors):
        if error["type"] == "extra_forbidden" and len(unknown) < limit:
            unknown[index] = _unknown_field(loc, model, loaded.data)
    explained = {home for _, home in unknown.values()}
    problems: list[Problem] = []
    for at, key in slips.items():
        line, col = loaded.locate_key((*at, key))
        field = ".".join(str(part) for part in (*at, key))
        message = f"'{key}' is not a field here; did you mean 'unknown'?"
        problems.append(Problem(path, line, col, field, message))
    omitted = 0
    for index, (error, loc) in enumerate(errors):
        if error["type"] == "missing" and loc in explained:
            continue
        if len(problems) >= limit:
            omitted += 1
            continue
        if error["type"] == "extra_forbidden":
            line, col = loaded.locate_key(loc)
        else:
            line, col = loaded.locate(loc)
        field = ".".join(str(part) for part in loc) or "(top level)"
        message = unknown[index][0] if index in unknown else describe(error, loc, model, loaded.data)
        problems.append(Problem(path, line, col, field, message))
    if omitted:
        problems.append(more_problems(path, omitted))
    return problems


def more_problems(path: str, count: int) -> Problem:
    """The last line of a long list: how many more problems the file has.

    A tally (`Problem.tally_of`), printed without a position: it was placed at the first
    problem left out, as `more:` at a line and column, and read as one more problem there.
    """
    return Problem.tally_of(
        path,
        count,
        f"and {count} more problem{'s' if count != 1 else ''} in this file, not listed; "
        "fix these, then check again",
    )


def capped(problems: list[Problem], limit: int = MAX_PROBLEMS_PER_FILE) -> list[Problem]:
    """At most `limit` problems of one file, then one `more_problems` line counting the rest,
    with those an earlier tally in `problems` already counted."""
    listed = [p for p in problems if not p.tally]
    untold = sum(p.counts_for for p in problems if p.tally) + max(0, len(listed) - limit)
    if not untold:
        return problems
    return listed[:limit] + [more_problems(problems[0].path, untold)]


def clean_location(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """Drops the union tags pydantic inserts (`known`, `unknown`) by following the data itself."""
    cleaned: list[Any] = []
    node = data
    for index, part in enumerate(loc):
        following = loc[index + 1] if index + 1 < len(loc) else None
        if part in UNION_TAGS and isinstance(node, dict) and (part not in node or following in node):
            continue  # a tag: the next step of the path is already at this level
        if isinstance(node, dict) and part in node:
            cleaned.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            cleaned.append(part)
            node = node[part]
        elif part in UNION_TAGS:
            continue
        else:
            cleaned.append(part)  # a missing key: keep it, it names what is missing
            node = None
    return tuple(cleaned)


def placeholder_message(value: Any) -> str | None:
    """Returns the message for a `TODO` placeholder left by `registry new`, or None for real text.

    The placeholder carries its own hint (`"TODO: public, private or mixed"`), so the message
    repeats it: the contributor learns what to write without opening REFERENCE.md.
    """
    if not isinstance(value, str):
        return None
    match = _PLACEHOLDER.match(value)
    if not match:
        return None
    # One line, and bounded: the hint is text from the file, and messages are single lines.
    hint = " ".join(match.group(1).split()) or "the real value (REFERENCE.md explains each field)"
    if len(hint) > _MAX_HINT:
        hint = hint[: _MAX_HINT - 3] + "..."
    return f"still says TODO: replace it with {hint}"


def plain_unknown_message() -> str:
    """Returns the message for a fact written as the bare word "unknown" where a reason is due.

    Every reason with what it means (its label in `vocab`, what the page then says), not one
    reason offered as the answer: `not_found` written everywhere said "researched; nothing
    published" of facts nobody had looked for (`not_requested`) or that cannot exist.
    """
    labels = vocab.UNKNOWN_REASON_LABELS  # in the order of vocab.UnknownReason, vocab checks
    *reasons, last = (f"{reason} ({label[0].lower()}{label[1:]})" for reason, label in labels.items())
    return (
        "to say this is not known, write {unknown: <reason>, note: ...} instead of a bare word, "
        f"with the reason that applies: {', '.join(reasons)} or {last}"
    )


def describe(error: Any, loc: tuple[Any, ...], model: type[BaseModel], data: Any = None) -> str:
    """Returns the sentence for one pydantic error, in the words of the rule that was broken."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    placeholder = placeholder_message(error.get("input"))
    if placeholder:
        return placeholder
    if _is_plain_unknown(error):
        return plain_unknown_message()
    if kind == "missing" and loc and loc[-1] == "sources":
        return "is required: list the ids of the sources that support this group, such as [s1]"
    if kind == "extra_forbidden":
        return _unknown_field(loc, model, data)[0]
    if kind == "literal_error":
        return _not_in_vocabulary(error["input"], ctx.get("expected", ""))
    if kind == "string_pattern_mismatch":
        return _PATTERN_MESSAGES.get(ctx.get("pattern"), "is not written in the expected form")
    if kind == "too_short":
        if loc and loc[-1] == "sources":
            return _at_least_one_source(loc, model)
        return f"must have at least {ctx.get('min_length', 1)} item"
    if kind == "model_type" and isinstance(error.get("input"), list):
        return _A_LIST_FOR_A_GROUP  # "not a single value" is the scalar's wording
    if kind in _MESSAGES:
        numbers = {k: _number(v) for k, v in ctx.items()}
        message = _MESSAGES[kind].format(input=shown_key(error.get("input")), **numbers)
        return message + inexact_hint(error, kind)
    if kind == "date":
        return error["msg"] + inexact_hint(error, kind)
    return error["msg"]  # our own PydanticCustomErrors are already worded for people


def _at_least_one_source(loc: tuple[Any, ...], model: type[BaseModel]) -> str:
    """An entry's claim cites source ids; a law row (research/laws.yaml) lists web addresses,
    where "such as [s1]" would be copied as a wrong kind of value."""
    owner = model_at(model, loc[:-1])
    field = owner.model_fields.get("sources") if owner is not None else None
    if field is not None and _item_type(field.annotation) is Url:
        return (
            "must cite at least one source: the web addresses of the pages you read, "
            "such as [https://www.legislation.gov.uk/ukpga/2000/36]"
        )
    return "must cite at least one source, such as [s1]"


def _is_plain_unknown(error: Any) -> bool:
    """True when a field that accepts `{unknown: ...}` was given a word such as "unknown" instead."""
    value = error.get("input")
    return (
        isinstance(value, str)
        and "known" in error["loc"]  # the union tag: only OrUnknown fields carry it
        and value.strip().strip(".").lower() in PLAIN_UNKNOWN_WORDS
    )


def _number(value: Any) -> Any:
    """Prints 90.0 as 90: limits in the schema are whole numbers even where the field is a float."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _not_in_vocabulary(value: Any, expected: str) -> str:
    allowed = [part.strip().strip("'") for part in expected.replace(" or ", ", ").split(",")]
    allowed = [a for a in allowed if a]
    if isinstance(value, dict | list):
        # A group or a list where one word belongs: say so, never echo it as Python would.
        given = "a list" if isinstance(value, list) else "a group of fields"
        message = f"must be one word, not {given}: one of {', '.join(allowed)}"
        if isinstance(value, dict) and "unknown" in value and "unknown" in allowed:
            message += "; write unknown, and say why in the section's note"
        return message
    message = f"{shown_key(value)} is not allowed here; use one of: {', '.join(allowed)}"
    if isinstance(value, str):
        close = qualifier_for(value, allowed) or closest(value.lower().replace(" ", "_"), allowed)
        if close:
            message += f" (did you mean '{close}'?)"
    return message


def _unknown_field(loc: tuple[Any, ...], model: type[BaseModel], data: Any) -> tuple[str, tuple | None]:
    """Returns the message for a key that is not a field, and the field it probably stands for."""
    key = str(loc[-1]) if loc else "?"
    parent = data_at(data, loc[:-1])
    if isinstance(parent, dict) and "unknown" in parent:
        owner: type[BaseModel] | None = Unknown  # the mapping was written as an unknown
    else:
        owner = model_at(model, loc[:-1])
    if owner is None:
        return f"'{key}' is not a field here", None
    allowed = list(owner.model_fields)
    # A real field of a neighbouring group is more likely misplaced than misspelt.
    moved = _indentation_hint(key, loc, model, owner, parent)
    if moved:
        return f"'{key}' is not a field here{moved[0]}", moved[1]
    close = closest(key, allowed)
    if close:
        return f"'{key}' is not a field here; did you mean '{close}'?", (*loc[:-1], close)
    return f"'{key}' is not a field here; allowed here: {', '.join(allowed)}", None


def _indentation_hint(
    key: str, loc: tuple[Any, ...], model: type[BaseModel], owner: type[BaseModel], parent: Any
) -> tuple[str, tuple] | None:
    """Says where a key belongs when it sits one level too far left or right.

    A key written too far left lands in the enclosing group (`sector:` at the top instead of
    under `operator:`); one written too far right lands inside the group above it.
    """
    group = loc[:-1]
    while group and isinstance(group[-1], int):
        group = group[:-1]
    if group and owner is not Unknown:
        outer = model_at(model, group[:-1])
        if outer is not None and key in outer.model_fields:
            return (
                f"; it belongs one level out: move it left to line up with '{group[-1]}'",
                (*group[:-1], key),
            )
    homes = [
        name
        for name, field in owner.model_fields.items()
        if (inner := _first_model(_item_type(field.annotation) or field.annotation)) is not None
        and key in inner.model_fields
    ]
    keys = list(parent) if isinstance(parent, dict) else []
    before = keys[: keys.index(key)] if key in keys else keys
    home = before[-1] if before and before[-1] in homes else (homes[0] if len(homes) == 1 else None)
    if home is None:
        return None
    return (
        f"; it belongs inside '{home}': indent it to line up with the other fields of '{home}'",
        (*loc[:-1], home, key),
    )


def data_at(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """Follows field annotations from `model` along `loc` to the model that owns the last key."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            current = _item_type(current)
        elif isinstance(current, type) and issubclass(current, BaseModel) and part in current.model_fields:
            current = current.model_fields[part].annotation
        else:
            current = _model_in(current, part)
        if current is None:
            return None
    return _first_model(current)


def accepts_unknown(annotation: Any) -> bool:
    """True when a field's annotation is `OrUnknown[...]` (optional or not)."""
    return any(member is Unknown for member in _members(annotation))


def _members(annotation: Any) -> Iterator[Any]:
    """Yields the alternatives of a (possibly Annotated, Optional or union) annotation."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        yield from _members(typing.get_args(annotation)[0])
    elif origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            yield from _members(arg)
    else:
        yield annotation


def _item_type(annotation: Any) -> Any:
    for member in _members(annotation):
        if typing.get_origin(member) is list:
            return typing.get_args(member)[0]
    return None


def _model_in(annotation: Any, field: str) -> Any:
    for member in _members(annotation):
        if isinstance(member, type) and issubclass(member, BaseModel) and field in member.model_fields:
            return member.model_fields[field].annotation
    return None


def _first_model(annotation: Any) -> type[BaseModel] | None:
    for member in _members(annotation):
        if isinstance(member, type) and issubclass(member, BaseModel) and member is not Unknown:
            return member
    return None

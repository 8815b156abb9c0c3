"""What changed inside a value when its words did not: a note, a qualifier, sources, a request.

A date, a count or an unknown is written in words that leave parts of it out (`changes._show`:
"May 2016", "10 to 20", "unknown (researched; nothing published)"): its note, its sources, a
records request made about it, an exact qualifier. When only such a part changed, "start date
changed from May 2016 to May 2016" told a reader nothing, so the change names the parts instead
("start date: note added"). The parts are those of the schema's `QualifiedDate`, `Quantity`
and `Unknown` (registry/qualified.py, registry/types.py); any other key is named as it is.
"""

from __future__ import annotations

from typing import Any

#: The keys the words of a value already show: when the words are equal, these are too.
_SHOWN = {"unknown", "date", "count", "min", "max", "as_of"}
#: What a qualifier is when none is written (registry.qualified).
_DEFAULT_QUALIFIER = "exact"
#: Keys named otherwise than by their spelling.
_NAMES = {"requested": "records request"}
#: Said when no part differs in meaning: a bare date spelt out as a mapping, an exact
#: qualifier written out.
NO_VALUE_CHANGED = "written in another form; no value changed"


def unseen_parts(old: Any, new: Any) -> list[str]:
    """The parts that differ between two values whose words are equal, each as a short phrase.

    A side that is not a mapping (a bare date or count) has no such part.
    """
    a, b = _parts(old), _parts(new)
    keys = [k for k in dict.fromkeys([*b, *a]) if k not in _SHOWN]
    phrases = (_phrase(key, a.get(key), b.get(key)) for key in keys)
    return [phrase for phrase in phrases if phrase]


def notes(old: Any, new: Any) -> tuple[str | None, str | None]:
    """The two notes when they differ, for the details a reader opens; (None, None) otherwise."""
    before, after = _parts(old).get("note"), _parts(new).get("note")
    if before == after:
        return None, None
    return _text(before), _text(after)


def _phrase(key: str, old: Any, new: Any) -> str:
    if key == "qualifier":
        return _qualifier(old, new)
    if key == "sources":
        return _sources(old, new)
    if key == "requested" and isinstance(old, dict) and isinstance(new, dict) and old != new:
        inner = ", ".join(_presence(_name(k), old.get(k), new.get(k)) for k in _changed_keys(old, new))
        return f"{_name(key)} changed ({inner})"
    return _presence(_name(key), old, new)


def _qualifier(old: Any, new: Any) -> str:
    before, after = old or _DEFAULT_QUALIFIER, new or _DEFAULT_QUALIFIER
    if before == after:
        return ""
    return f"qualifier changed from {_name(str(before))} to {_name(str(after))}"


def _sources(old: Any, new: Any) -> str:
    before, after = old or [], new or []
    if before == after:
        return ""
    if not (isinstance(before, list) and isinstance(after, list)):
        return "sources changed"
    added = [str(s) for s in after if s not in before]
    removed = [str(s) for s in before if s not in after]
    said = []
    if added:
        said.append(f"added {', '.join(added)}")
    if removed:
        said.append(f"removed {', '.join(removed)}")
    return f"sources changed ({'; '.join(said)})" if said else "sources reordered"


def _presence(name: str, old: Any, new: Any) -> str:
    """`name added`, `name removed` or `name changed`; "" when both sides are the same."""
    if old == new:
        return ""
    if old is None:
        return f"{name} added"
    return f"{name} removed" if new is None else f"{name} changed"


def _changed_keys(old: dict, new: dict) -> list[str]:
    return [k for k in dict.fromkeys([*new, *old]) if old.get(k) != new.get(k)]


def _parts(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _name(key: str) -> str:
    return _NAMES.get(key, key.replace("_", " "))


def _text(value: Any) -> str | None:
    return None if value is None else str(value)

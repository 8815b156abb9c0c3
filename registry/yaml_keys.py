"""The event builder's small parts: one open collection, a key taken, an escaped value read.

Apart from registry.loader so that the loader reads in one sitting; nothing else uses them.
"""

from __future__ import annotations

from typing import Any

import yaml

from registry.errors import LoadError
from registry.rawtext import first_refused, nfc
from registry.yaml_messages import fail, pos, refused_char_name, shown_key

#: The key a duplicate's value is read under, and then dropped: the load goes on, so every
#: duplicate key is reported, and the first value is the one kept.
DUPLICATE = object()


class DuplicateKey(LoadError):
    """A key written twice in one mapping, told at its second place; `key` and `first` (its
    first place) let `check` tell a key moved out of its group as that (registry.moved_keys)."""

    def __init__(self, key: str, first: tuple[int, int], at: tuple[int, int]) -> None:
        super().__init__(
            "dup-key",
            *at,
            f"key {shown_key(key)} appears twice in the same section (first on line {first[0]}); "
            "remove one, or indent this one if it belongs to the section above",
        )
        self.key = key
        self.first = first


class Frame:
    """One open collection while events are read: its path, and for a mapping its keys so far."""

    __slots__ = ("container", "path", "key", "seen")

    def __init__(self, container: dict | list, path: tuple) -> None:
        self.container = container
        self.path = path
        self.key: str | None = None  # for a mapping: the key whose value comes next
        self.seen: dict[str, yaml.Mark] = {}


def escaped_text(event: yaml.ScalarEvent, refused: list[LoadError]) -> str:
    """Returns a double-quoted value, refusing what its escapes (such as "\\e" or "\\u200b") made.

    Every other style is raw text, which `check_raw_text` has already read and `decode`
    has normalised; escapes make characters those never saw, so both happen again here. A
    refused one is added to `refused` and the load goes on, as for a duplicate key: it harms
    nothing read after it, and the file's other values are told too. A surrogate stops it.
    """
    value = event.value
    index = first_refused(value)
    if index >= 0:
        error = LoadError(
            "char",
            *pos(event.start_mark),
            f"this value contains {refused_char_name(value[index])}, made by an escape such as "
            "\\e or \\u200b; remove it",
        )
        if "\ud800" <= value[index] <= "\udfff":
            raise error  # half a character: no text can hold it, so nothing after it is read
        refused.append(error)
    return nfc(value)


def take_key(frame: Frame, event: yaml.NodeEvent, duplicates: list[LoadError]) -> Any:
    """Returns the key `event` stands for; refuses a non-scalar key. A duplicate key is added
    to `duplicates`, and its value is read under `DUPLICATE`, which keeps it out of the data."""
    if type(event) is not yaml.ScalarEvent:
        fail("key-type", event.start_mark)
    first = frame.seen.get(event.value)
    if first is not None:
        duplicates.append(DuplicateKey(event.value, pos(first), pos(event.start_mark)))
        return DUPLICATE
    frame.seen[event.value] = event.start_mark
    return event.value

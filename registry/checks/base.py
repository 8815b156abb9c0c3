"""What a rule receives and what it yields."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pydantic import BaseModel

from registry.loader import Loaded
from registry.schema import Entry


@dataclass(frozen=True)
class Finding:
    """A broken rule at a field path; `at_key` points at the key rather than its value."""

    loc: tuple[Any, ...]
    message: str
    at_key: bool = False


@dataclass(frozen=True)
class EntryFile:
    """An entry that passed the schema, with where it came from."""

    path: str  # relative to the repository root, with forward slashes
    loaded: Loaded
    entry: Entry

    @property
    def stem(self) -> str:
        return self.path.rsplit("/", 1)[-1].removesuffix(".yaml")

    @cached_property
    def models(self) -> list[tuple[tuple[Any, ...], BaseModel]]:
        """Every model in the entry with its field path, walked once and shared by the rules."""
        return list(walk_models(self.entry))

    @cached_property
    def texts(self) -> list[tuple[tuple[Any, ...], str, bool]]:
        """Every string the contributor wrote, as (field path, text, is a URL field), walked once."""
        return list(raw_strings(self.loaded.data))

    @property
    def folder(self) -> str:
        parts = self.path.split("/")
        return parts[-2] if len(parts) >= 2 else ""


def walk_models(node: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], BaseModel]]:
    """Yields every model inside `node` (itself included) with its field path."""
    if isinstance(node, BaseModel):
        yield loc, node
        for name in type(node).model_fields:
            yield from walk_models(getattr(node, name), (*loc, name))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from walk_models(item, (*loc, index))


URL_FIELDS = frozenset({"url", "archive_url"})


def raw_strings(data: Any) -> Iterator[tuple[tuple[Any, ...], str, bool]]:
    """Yields (field path, text, is a URL field) for every string in raw loaded data, in file order."""
    pending: list[tuple[tuple[Any, ...], Any, bool]] = [((), data, False)]
    while pending:
        loc, node, is_url = pending.pop()
        if isinstance(node, str):
            yield loc, node, is_url
        elif isinstance(node, dict):
            pending.extend(((*loc, k), v, k in URL_FIELDS) for k, v in reversed(node.items()))
        elif isinstance(node, list):
            pending.extend(((*loc, i), v, is_url) for i, v in reversed(list(enumerate(node))))

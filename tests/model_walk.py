"""Walking pydantic field annotations: what a field can hold, through `Annotated`, unions
(`OrUnknown` too) and lists. Shared by the tests that must reach every field of the models
(tests/test_docs.py, tests/test_every_field_shown.py), so both walk the same way."""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel


def leaves(annotation: Any) -> Iterator[Any]:
    """The alternatives a field can hold, through Annotated, unions and lists (None left out)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        yield from leaves(typing.get_args(annotation)[0])
    elif origin in (typing.Union, types.UnionType, list):
        for arg in typing.get_args(annotation):
            yield from leaves(arg)
    elif annotation is not type(None):
        yield annotation


def models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    """Every model an annotation can hold: itself, list items, union members (OrUnknown too)."""
    for leaf in leaves(annotation):
        if isinstance(leaf, type) and issubclass(leaf, BaseModel):
            yield leaf

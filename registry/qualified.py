"""Contract 1.1: numbers and dates that say how exact they are.

A source says "about 200 cameras", "more than 23 million travellers", "1,200 to 1,600
images", or dates a statement only "in September 2019". Contract 1.0 could store only an exact
number or an exact date, so such facts were either coded as unknown (false: they were
published) or stored as exact (false: they are not). Here a count may be a bare number (exact,
the 1.0 form) or a `Quantity` mapping with its qualifier or range; a date may be a bare date or
a `QualifiedDate` mapping. The rules that need the whole mapping (a range has min < max) are in
`registry/checks/contract.py`, where they can point at the exact key.
"""

from __future__ import annotations

from datetime import date as _date
from typing import Annotated, Any, Union

from pydantic import BaseModel, Discriminator, SerializerFunctionWrapHandler, Tag, model_serializer

from registry import vocab
from registry.dates import PartialDate
from registry.types import Count, StrictModel, Text


def _plain_or_qualified(value: Any) -> str:
    """A mapping (or its model) is the qualified form; anything else is the plain value."""
    return "qualified" if isinstance(value, dict | BaseModel) else "plain"


class Quantity(StrictModel):
    """A count with its exactness: `{count: 200, qualifier: approximate}` or `{min: 1200, max: 1600}`.

    Why a mapping beside the bare number: "about 200" stored as 200 reads as exact, and stored
    as unknown reads as "nothing published"; both mislead.
    """

    count: Count | None = None
    qualifier: vocab.Qualifier = "exact"
    min: Count | None = None
    max: Count | None = None
    as_of: PartialDate | None = None
    note: Text | None = None

    @property
    def is_range(self) -> bool:
        return self.min is not None or self.max is not None

    @model_serializer(mode="wrap")
    def _a_range_has_no_qualifier(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """A range is written without a qualifier, and exported without one: the default,
        "exact", told a script reading the JSON that "1,200 to 1,600" was an exact count."""
        data = handler(self)
        if self.is_range:
            data.pop("qualifier", None)
        return data

    @property
    def is_exact(self) -> bool:
        """True only for a single count the source gives as exact."""
        return not self.is_range and self.qualifier == "exact" and self.count is not None


Amount = Annotated[
    Union[Annotated[Count, Tag("plain")], Annotated[Quantity, Tag("qualified")]],  # noqa: UP007
    Discriminator(_plain_or_qualified),
]
"""A count: a bare whole number (exact), or a `Quantity` mapping."""


class QualifiedDate(StrictModel):
    """A date with how it is known: `{date: 2019-09, qualifier: approximate}` ("about September 2019").

    It answers the questions a `PartialDate` answers (year, earliest, label...) so that code
    which only orders or places dates on a chart takes either form.
    """

    date: PartialDate
    qualifier: vocab.DateQualifier = "exact"
    note: Text | None = None

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def month(self) -> int | None:
        return self.date.month

    @property
    def day(self) -> int | None:
        return self.date.day

    @property
    def precision(self) -> str:
        return self.date.precision

    @property
    def earliest(self) -> _date:
        return self.date.earliest

    @property
    def latest(self) -> _date:
        return self.date.latest

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return self.date.sort_key

    def is_before(self, other: Any) -> bool:
        return self.date.is_before(plain_date(other) or other)

    def label(self) -> str:
        """The date in words with its qualifier: "about September 2019", "September 2019 (inferred)"."""
        words = self.date.label()
        if self.qualifier == "approximate":
            return f"about {words}"
        if self.qualifier == "inferred":
            return f"{words} (inferred)"
        return words

    def __str__(self) -> str:
        return str(self.date)

    def __lt__(self, other: Any) -> bool:
        return self.sort_key < other.sort_key

    def __le__(self, other: Any) -> bool:
        return self.sort_key <= other.sort_key


DateLike = Annotated[
    Union[Annotated[PartialDate, Tag("plain")], Annotated[QualifiedDate, Tag("qualified")]],  # noqa: UP007
    Discriminator(_plain_or_qualified),
]
"""A date: a bare `YYYY[-MM[-DD]]` (as published), or a `QualifiedDate` mapping."""


def plain_date(value: Any) -> PartialDate | None:
    """The `PartialDate` inside a date of either form; None for an unknown or a missing date."""
    if isinstance(value, QualifiedDate):
        return value.date
    return value if isinstance(value, PartialDate) else None


def firm_date(value: Any) -> PartialDate | None:
    """The date if it can be compared with others: not approximate, not unknown, not missing."""
    if isinstance(value, QualifiedDate) and value.qualifier == "approximate":
        return None
    return plain_date(value)


def date_qualifier(value: Any) -> str | None:
    """`approximate` or `inferred` for a qualified date; None for a date as published."""
    if isinstance(value, QualifiedDate) and value.qualifier != "exact":
        return value.qualifier
    return None


def as_quantity(value: Any) -> Quantity | None:
    """A count of either form as a `Quantity`; None for an unknown or a missing count."""
    if isinstance(value, Quantity):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Quantity(count=value)
    return None


def date_sort_key(value: Any) -> tuple[int, int, int]:
    """Orders dates of either form; an unknown or missing date sorts last."""
    known = plain_date(value)
    return known.sort_key if known is not None else (9999, 99, 99)

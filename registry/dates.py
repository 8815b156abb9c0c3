"""Dates that carry their precision: `2018`, `2016-05` and `2019-08-15` are all first-class.

A researcher often knows only the month or the year. Storing such a date as a full
`datetime.date` would invent a day; storing it as free text would make it unsortable. A
`PartialDate` keeps exactly what was written, prints it as written ("May 2016"), sorts
correctly, and compares as the span of days it covers, so `2016` is not "before" `2016-05`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
PATTERN_TEXT = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def day_in_words(day: date) -> str:
    """A day in words, as the whole site writes one: `4 October 2019`, in English whatever the locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def month_in_words(day: date) -> str:
    """The month of `day` in words: `October 2019` (never strftime's month names, which follow the locale)."""
    return f"{_MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class PartialDate:
    """A calendar date known to the year, the month or the day.

    Why: pydantic's own `date` would read `"86400"` as Unix time and cannot hold `2016-05`
    (SECURITY.md 3.1), so dates are parsed here from ISO text only.
    """

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Returns the date written as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; raises ValueError otherwise."""
        match = _PATTERN.fullmatch(text)
        if not match:
            raise ValueError(f"{text!r} is not written as YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else None for g in match.groups())
        if year < 1900 or year > 2100:
            raise ValueError(f"the year {year} is outside 1900-2100")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"there is no month {month:02d}")
        if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise ValueError(f"{text} is not a day of the calendar")
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        """`day`, `month` or `year`."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def earliest(self) -> date:
        """The first day the written date can mean."""
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> date:
        """The last day the written date can mean."""
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Orders by the written text: a year sorts before its months, a month before its days."""
        return (self.year, self.month or 0, self.day or 0)

    def is_before(self, other: PartialDate) -> bool:
        """True only when this date certainly ends before `other` begins."""
        return self.latest < other.earliest

    def label(self) -> str:
        """Returns the date in words, as precise as it is known: `4 October 2019`, `May 2016`, `2018`."""
        if self.month is None:
            return str(self.year)
        month = _MONTHS[self.month - 1]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key < other.sort_key

    def __le__(self, other: PartialDate) -> bool:
        return self.sort_key <= other.sort_key

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _validate,
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        # An unquoted `2018` is a number to YAML editors, so the editor schema accepts both.
        return {
            "type": ["string", "integer"],
            "pattern": PATTERN_TEXT,
            "description": "A date as precise as it is known: YYYY, YYYY-MM or YYYY-MM-DD.",
        }


def _validate(value: Any) -> PartialDate:
    """Accepts only ISO text (the loader gives every scalar as text) or a PartialDate."""
    if isinstance(value, PartialDate):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("date", "must be a date written as YYYY, YYYY-MM or YYYY-MM-DD")
    if not _PATTERN.fullmatch(value):
        raise PydanticCustomError(
            "date",
            "must be a date written as YYYY, YYYY-MM or YYYY-MM-DD (such as 2019, 2019-08 or "
            "2019-08-15), not {value}{hint}",
            {"value": _shown(value), "hint": _suggest(value)},
        )
    try:
        return PartialDate.parse(value)
    except ValueError as exc:
        raise PydanticCustomError(
            "date",
            "must be a date written as YYYY, YYYY-MM or YYYY-MM-DD: {reason}",
            {"reason": str(exc)},
        ) from None


_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_YEAR_FIRST = re.compile(r"^(\d{4})[/.-](\d{1,2})(?:[/.-](\d{1,2}))?(?:[T ]\d{1,2}:\d{2}\S*)?$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]+)\.? (\d{4})$")


def _shown(value: str) -> str:
    """Returns `value` as a repr of at most 80 characters, safe on one line (SECURITY.md 3.6)."""
    shown = repr(value)
    return shown if len(shown) <= 80 else shown[:77] + "..."


def _suggest(text: str) -> str:
    """Returns "; did you mean 2020-01-15?" for a date written the usual non-ISO ways, or ""."""
    text = text.strip()
    match = _YEAR_FIRST.match(text)
    if match:  # 2023/01/05, 2020-2, 2019-11-05T10:00:00Z: the year first, but not as ISO dates are
        year, month, day = match.groups()
        candidate = f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")
    elif match := _DAY_MONTH_YEAR.match(text):
        first, second, year = (int(g) for g in match.groups())
        if first > 12 >= second:  # 15/01/2020: day first, as in most of the world
            day, month = first, second
        elif second > 12 >= first:  # 01/15/2020: month first, as in the United States
            day, month = second, first
        else:  # 01/02/2020 could be either; a guess would put a wrong date in the record
            return "; write the year first, then the month, then the day"
        candidate = f"{year:04d}-{month:02d}-{day:02d}"
    else:
        match = _MONTH_YEAR.match(text)
        names = [m.lower() for m in _MONTHS]
        if not match or match.group(1).lower()[:3] not in [n[:3] for n in names]:
            return ""
        month = [n[:3] for n in names].index(match.group(1).lower()[:3]) + 1
        candidate = f"{match.group(2)}-{month:02d}"
    try:
        PartialDate.parse(candidate)
    except ValueError:
        return ""
    return f"; did you mean {candidate}?"

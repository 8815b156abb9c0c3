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
#: `03/2023`: a month and its year, the month first.
_MONTH_THEN_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
#: `20230301`: a day written without its dashes.
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
#: `June 2021`, `7 December 2026`, `December 7, 2026`, `7th Dec. 2026`: a month in words, with
#: or without its day, before or after it.
_IN_WORDS = re.compile(
    r"^(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([A-Za-z]+)\.?,?\s+(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?(\d{4})$"
)


def _shown(value: str) -> str:
    """Returns `value` as a repr of at most 80 characters, safe on one line (SECURITY.md 3.6)."""
    shown = repr(value)
    return shown if len(shown) <= 80 else shown[:77] + "..."


def _suggest(text: str) -> str:
    """Returns "; did you mean 2020-01-15?" for a date written the usual non-ISO ways, or "".

    The suggestion is exactly as precise as what was written (`03/2023` is 2023-03, never a
    day of it); a day and a month that could be either (`03/04/2023`) are not guessed.
    """
    text = text.strip()
    parts = _written_parts(text)
    if parts is None:
        match = _DAY_MONTH_YEAR.match(text)
        if match is None:
            return ""
        # 01/02/2020 could be either; a guess would put a wrong date in the record
        return (
            "; the day and the month could be either way round, so no date is guessed: "
            f"write it as YYYY-MM-DD, the year first ({match.group(3)}-MM-DD)"
        )
    candidate = "-".join([parts[0], *(f"{int(part):02d}" for part in parts[1:])])
    try:
        PartialDate.parse(candidate)
    except ValueError:
        return ""
    return f"; did you mean {candidate}?"


def _written_parts(text: str) -> tuple[str, ...] | None:
    """(year, month[, day]) of a date written one of the usual non-ISO ways, or None for one
    that is not, or whose day and month could be either way round."""
    if match := _YEAR_FIRST.match(text):  # 2023/01/05, 2020-2, 2019-11-05T10:00:00Z
        return tuple(part for part in match.groups() if part)
    if match := _COMPACT.match(text):  # 20230301
        return match.groups()
    if match := _MONTH_THEN_YEAR.match(text):  # 03/2023
        return match.group(2), match.group(1)
    if match := _DAY_MONTH_YEAR.match(text):
        first, second, year = match.groups()
        if int(first) > 12 >= int(second):  # 15/01/2020: day first, as in most of the world
            return year, second, first
        if int(second) > 12 >= int(first):  # 01/15/2020: month first, as in the United States
            return year, first, second
        return None
    match = _IN_WORDS.match(text)
    month = _month_number(match.group(2)) if match else None
    if match is None or month is None or (match.group(1) and match.group(3)):
        return None
    day = match.group(1) or match.group(3)
    return (match.group(4), str(month), day) if day else (match.group(4), str(month))


def _month_number(word: str) -> int | None:
    """1 to 12 for a word that starts as a month's name does ("Sept", "Janvier"), else None."""
    starts = [name[:3].lower() for name in _MONTHS]
    start = word[:3].lower()
    return starts.index(start) + 1 if len(word) >= 3 and start in starts else None

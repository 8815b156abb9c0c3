"""The field types entries are built from: text, ids, codes, URLs, counts and honest unknowns.

Each type validates one kind of value and raises a `PydanticCustomError` whose type names the
rule, so `messages.py` can turn it into a sentence. The loader gives every scalar as text;
these types are where text becomes a number, a code or a URL, and nowhere else.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated, Any, Union

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    TypeAdapter,
    ValidationError,
    model_validator,
)
from pydantic import HttpUrl as _HttpUrl
from pydantic_core import PydanticCustomError

from registry import vocab
from registry.chars import char_name
from registry.dates import PartialDate

MAX_TEXT = 2000
MAX_LINE = 300
MAX_URL = 2000


def _single_line(value: str) -> str:
    if "\n" in value:
        raise PydanticCustomError("newline", "must be a single line (no line breaks)")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "must not be empty")
    return value


Text = Annotated[str, StringConstraints(max_length=MAX_TEXT), AfterValidator(_not_blank)]
"""Plain free text of up to 2,000 characters. Never Markdown or HTML: the site escapes it."""

Line = Annotated[
    str,
    StringConstraints(max_length=MAX_LINE),
    AfterValidator(_not_blank),
    AfterValidator(_single_line),
]
"""A short single-line text such as a name or a title."""

#: A record id's pattern, the one copy: the schema, its messages, the docs and published-ids use it.
ENTRY_ID_PATTERN = r"^[a-z]{2}-[a-z0-9]+(-[a-z0-9]+)*$"
ENTRY_ID = re.compile(ENTRY_ID_PATTERN)

EntryId = Annotated[
    str,
    StringConstraints(pattern=ENTRY_ID_PATTERN, max_length=81),
]
"""A record id: the country code, a dash, then lowercase words joined by dashes."""

SourceId = Annotated[str, StringConstraints(pattern=r"^s[1-9][0-9]{0,2}$")]
StatementId = Annotated[str, StringConstraints(pattern=r"^st[1-9][0-9]{0,2}$")]

Cites = Annotated[list[SourceId], Field(min_length=1)]
"""The source ids that support a group of facts; a factual group must cite at least one."""
OptionalCites = list[SourceId]

MAX_COUNT = 2**53 - 1
"""The largest count or amount: JSON numbers (read by JavaScript), SQLite integers and
spreadsheets all hold it exactly. Larger counts once passed check, then broke the SQLite export."""

#: A number as a reader writes one: digits, and for a decimal a point with digits on both sides.
#: Python (and so pydantic) also reads `1_000`, `0005`, `+5`, `5.0` as a whole number and
#: `1_0`, `.5`, `1e1` as decimals, so a reviewer reading `1_0` in a file saw 10 on the page.
_WHOLE = re.compile(r"-?(?:0|[1-9][0-9]*)")  # a minus, to be told "must be at least 0"
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")


def _whole_as_written(value: Any) -> Any:
    if isinstance(value, str) and not _WHOLE.fullmatch(value):
        raise PydanticCustomError("int_parsing", "not a whole number as written")
    return value


def decimal_as_written(value: Any) -> Any:
    if isinstance(value, str) and not _DECIMAL.fullmatch(value):
        raise PydanticCustomError("float_parsing", "not a number as written")
    return value


# Each text check comes after the limits: pydantic runs a BeforeValidator before what precedes
# it, and writes the limits into the JSON schema only when they follow the type directly.
Count = Annotated[int, Field(ge=0, le=MAX_COUNT), BeforeValidator(_whole_as_written)]
Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False), BeforeValidator(decimal_as_written)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False), BeforeValidator(decimal_as_written)]


def _check_country(code: str) -> str:
    if len(code) == 2 and code.isascii() and code.isupper() and pycountry.countries.get(alpha_2=code):
        return code
    hint = ""
    if code == "UK":
        hint = "; the United Kingdom is 'GB'"
    elif code.upper() != code and pycountry.countries.get(alpha_2=code.upper()):
        hint = f"; write it in capitals: '{code.upper()}'"
    raise PydanticCustomError(
        "country",
        "'{code}' is not an ISO 3166-1 country code (two capital letters, such as GB or FR){hint}",
        {"code": code, "hint": hint},
    )


CountryCode = Annotated[str, AfterValidator(_check_country)]


def _check_currency(code: str) -> str:
    if len(code) == 3 and code.isupper() and pycountry.currencies.get(alpha_3=code):
        return code
    raise PydanticCustomError(
        "currency",
        "'{code}' is not an ISO 4217 currency code (three capital letters, such as GBP, EUR or USD)",
        {"code": code},
    )


CurrencyCode = Annotated[str, AfterValidator(_check_currency)]


def _check_language(code: str) -> str:
    if len(code) == 2 and code.islower() and pycountry.languages.get(alpha_2=code):
        return code
    named = pycountry.languages.get(name=code.strip()) if len(code) <= 40 else None
    hint = ""
    if named is not None and getattr(named, "alpha_2", None):
        hint = f"; did you mean {named.alpha_2}? ({named.name})"
    elif len(code) == 2 and pycountry.languages.get(alpha_2=code.lower()):
        hint = f"; write it in small letters: {code.lower()}"
    raise PydanticCustomError(
        "language",
        "'{code}' is not an ISO 639-1 language code (two small letters, such as en or fr){hint}",
        {"code": code, "hint": hint},
    )


LanguageCode = Annotated[str, AfterValidator(_check_language)]

_HTTP_URL = TypeAdapter(_HttpUrl)
_BARE_HOST = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/\S*)?$", re.IGNORECASE)


def _check_url(text: str) -> str:
    """Only absolute http(s) URLs to a public DNS host, without user:password (SECURITY.md rule 7)."""
    if len(text) > MAX_URL:
        raise PydanticCustomError("url", "must be at most 2,000 characters")
    if text[:1] in _PASTED_QUOTES and text[1:].lower().startswith(("https://", "http://")):
        raise PydanticCustomError(
            "url", "starts with {q}, pasted with the address: remove the quotes around it", {"q": text[0]}
        )
    if not text.lower().startswith(("https://", "http://")):
        # "www.example.org/page": the address without its scheme, as a browser's bar shows it.
        bare = _BARE_HOST.match(text)
        hint = f"; did you mean 'https://{text}'?" if bare and len(text) <= 80 else ""
        raise PydanticCustomError(
            "url", "must be a full web address starting with https:// (or http://){hint}", {"hint": hint}
        )
    _check_no_white_space(text)
    _check_no_pasted_end(text)
    try:
        url = _HTTP_URL.validate_python(text)
    except ValidationError:
        raise PydanticCustomError("url", "is not a valid web address") from None
    if url.username or url.password:
        raise PydanticCustomError("url", "must not contain a user name or password")
    host = (url.host or "").rstrip(".")
    if _is_ip_literal(host) or "." not in host or host.endswith((".localhost", ".local", ".internal")):
        raise PydanticCustomError("url", "must point at a public web site, not '{host}'", {"host": host})
    return str(url)


#: Quotation marks a copy from a web page or a word processor brings with an address.
_PASTED_QUOTES = frozenset("\u2018\u2019\u201c\u201d\u00ab\u00bb\u201e\u201a")


def _check_no_pasted_end(text: str) -> None:
    """A quotation mark, or a closing bracket with no opening one, at the end of an address was
    copied with it from the sentence around it: the page would link to `.../x%E2%80%99`, an
    address that does not answer. (A full stop may end a real address, so it stays.)"""
    last = text[-1]
    if last in _PASTED_QUOTES or (last == ")" and "(" not in text):
        why = "ends with {last}, copied with the address from the text around it: remove it"
        raise PydanticCustomError("url", why, {"last": last})


def _check_no_white_space(text: str) -> None:
    """A space in an address is a slip in copying it, not part of it.

    pydantic's `HttpUrl` would take `https://example.org/market cameras` and quietly write the
    space as %20: an address no one meant, and one that rarely answers.
    """
    space = next((char for char in text if char.isspace()), None)
    if space is None:
        return
    what = "a space" if space == " " else f"white space ({char_name(space)})"
    raise PydanticCustomError(
        "url",
        "must not contain {what}: a space in a web address is usually a slip in copying it; "
        "remove it, or write it as %20 if the address really has one",
        {"what": what},
    )


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


Url = Annotated[str, AfterValidator(_check_url)]


class StrictModel(BaseModel):
    """Base of every model.

    Why: `extra="forbid"` turns a misspelt key into an error instead of silently dropping
    the fact; `frozen` lets records be shared between stages without defensive copies.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)


class Request(StrictModel):
    """A records request made about an unknown: `{date: 2026-12-01, to: Example Police}`, and its reply.

    Why: an unknown "not yet requested" becomes "requested on DATE from BODY; no reply yet",
    and then the reply, so readers see which questions are already being asked, and of whom.
    """

    date: PartialDate
    to: Line
    reply_date: PartialDate | None = None
    reply: Text | None = None

    @model_validator(mode="after")
    def _reply_with_its_date(self) -> Request:
        if self.reply is not None and self.reply_date is None:
            raise PydanticCustomError("request", "a reply needs its reply_date (when the body answered)")
        if self.reply_date is not None and self.reply is None:
            raise PydanticCustomError(
                "request",
                "a reply_date needs the reply (what the body said); leave both out until it answers",
            )
        if self.reply_date is not None and self.reply_date.is_before(self.date):
            raise PydanticCustomError(
                "request",
                "the reply_date {reply} is before the request's date {asked}",
                {"reply": self.reply_date.label(), "asked": self.date.label()},
            )
        return self


class Unknown(StrictModel):
    """A fact that is not known, and why: `{unknown: not_recorded, note: ..., sources: [s2]}`.

    Why: a blank reads as "nothing happened"; the registry must say "no record was kept"
    (King's Cross: by the Met) or "nobody has asked yet", which are different findings.
    """

    unknown: vocab.UnknownReason
    note: Text | None = None
    requested: Request | None = Field(None, description="A records request made about it, and its reply.")
    sources: OptionalCites = Field(default_factory=list)

    @model_validator(mode="after")
    def _requested_is_not_not_requested(self) -> Unknown:
        if self.requested is not None and self.unknown == "not_requested":
            raise PydanticCustomError(
                "request",
                "is not_requested, but a request is recorded: use not_found while waiting for the "
                "reply, or withheld or not_recorded as the reply says",
            )
        return self


def _known_or_unknown(value: Any) -> str:
    if isinstance(value, Unknown) or (isinstance(value, dict) and "unknown" in value):
        return "unknown"
    return "known"


class _OrUnknown:
    """`OrUnknown[T]` is "a T, or an `Unknown` with its reason".

    Why a callable discriminator: with a plain union pydantic reports the errors of every
    branch, and a contributor who wrote `count: seven` would read two confusing messages.
    """

    def __getitem__(self, known: Any) -> Any:
        return Annotated[
            Union[Annotated[known, Tag("known")], Annotated[Unknown, Tag("unknown")]],  # noqa: UP007
            Discriminator(_known_or_unknown),
        ]


OrUnknown = _OrUnknown()

#: pydantic puts union tags into error locations; `messages.py` drops them. `plain` and
#: `qualified` are the tags of `registry.qualified` (a bare number or date, or its mapping form).
UNION_TAGS = frozenset({"known", "unknown", "plain", "qualified"})

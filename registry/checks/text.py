"""Rules about free text: plain text only, no personal contact details, nothing left unfinished.

The site escapes every value whatever these rules say (SECURITY.md rule 6); these rules are
feedback for the contributor, so that what they wrote is what readers see. `registry new`
writes `TODO` placeholders; `check_no_placeholders` is what turns them into a to-do list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from pydantic import BaseModel

from registry.checks.base import EntryFile, Finding, LoadedFile
from registry.messages import PLAIN_UNKNOWN_WORDS, accepts_unknown, placeholder_message, plain_unknown_message
from registry.yaml_messages import CURLY_QUOTES

_MARKUP = [
    (re.compile(r"<[A-Za-z/!?]"), "looks like HTML ('<' followed by a letter)"),
    (re.compile(r"\]\("), "looks like a Markdown link ('](')"),
    (
        re.compile(r"^\s*\[[^\]]*\]:", re.MULTILINE),
        "looks like a Markdown link definition ('[x]:')",
    ),
    (re.compile(r"\{[:{%#]"), "looks like template or attribute syntax ('{:', '{{', '{%' or '{#')"),
    (re.compile(r"--8<--"), "looks like a file-include marker ('--8<--')"),
    # Named ones too, with or without ';': HTML decodes "&lt" before a letter as '<', and a
    # search filter's label is shown as HTML by Pagefind's UI (registry.render.pagefind_label).
    (
        re.compile(r"&(?:#|[A-Za-z][A-Za-z0-9]*;|(?i:lt|gt|amp|quot))"),
        "looks like an HTML character reference ('&#', '&lt;' or '&name;')",
    ),
]
# One search per string finds whether any markup pattern matches; most strings match none.
_ANY_MARKUP = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in _MARKUP), re.MULTILINE)


def _spaced(word: str) -> str:
    """`word` as a pattern that allows white space between its letters (`java script`)."""
    return r"\s*".join(word)


# A script or data address starts a word: no letter or digit just before it (so "King's Cross
# javascript:" is caught, "subscript:" is not). White space inside the scheme is allowed,
# because browsers drop line breaks and tabs inside an address. Matched on the text as written.
_SCHEMES = re.compile(
    rf"(?<![a-z0-9])(?:{_spaced('javascript')}|{_spaced('vbscript')})\s*:"
    rf"|(?<![a-z0-9]){_spaced('data')}\s*:\s*[a-z]+\s*/",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# A phone number as people write one: international (+44 20 7946 0958), with an area code in
# brackets ((555) 123-4567, (020) 7946 0958), or national with a leading 0 in groups (020 7946
# 0958, 01 23 45 67 89) or three-three-four (555-123-4567). Never a bare run of digits, a date,
# a case number or a figure ("2,000", "2079077-58.2022.8.26.0000"): only these shapes.
_NATIONAL = r"0\d{2,4}[ -]\d{3,4}[ -]?\d{3,4}|0\d(?:[ .]\d\d){4}|\d{3}[-.]\d{3}[-.]\d{4}"
_PHONE = re.compile(
    r"\+\d[\d ()-]{7,}\d"
    r"|\(\d{2,5}\)[ .-]?\d{3,4}[ .-]?\d{3,4}(?!\d)"
    rf"|(?<![\w.,/+-])(?:{_NATIONAL})(?![\w,/-]|\.\d)"  # not inside a longer figure or code
)


def _free_texts(f: LoadedFile) -> Iterator[tuple[tuple[Any, ...], str]]:
    return ((loc, value) for loc, value, is_url in f.texts if not is_url)


def check_plain_text(f: LoadedFile) -> Iterator[Finding]:
    """Text must be plain text: no HTML, Markdown links, templates or script URLs."""
    free = f.joined[0]
    if not any(pattern.search(free) for pattern, _ in _MARKUP) and not _script_address(free):
        return
    for loc, value in _free_texts(f):
        if _ANY_MARKUP.search(value):
            why = next(why for pattern, why in _MARKUP if pattern.search(value))
            yield Finding(loc, f"must be plain text: it {why}, which is not allowed")
        elif _script_address(value):
            yield Finding(
                loc,
                "must be plain text: it contains a script or data address, which is not allowed",
            )


def _script_address(text: str) -> bool:
    """Whether `text` has a script or data address (`_SCHEMES`), case-insensitively.

    The white-space-free text is only a quick first test: every match contains `script:` or
    `data:` once its white space is gone, and most texts contain neither.
    """
    compact = "".join(text.split()).lower()  # split() drops exactly what `\s` matches
    return ("script:" in compact or "data:" in compact) and _SCHEMES.search(text) is not None


def has_contact_details(text: str) -> bool:
    """Whether `text` holds an email address or a phone number, as the rule below finds them:
    for text no entry rule sees, such as a commit's author name."""
    return ("@" in text and bool(_EMAIL.search(text))) or any(
        _is_phone(text, match) for match in _PHONE.finditer(text)
    )


def without_contact_details(text: str, replacement: str) -> str:
    """`text` with every email address and phone number that `has_contact_details` finds
    replaced by `replacement`: for published text that no entry rule sees, such as a commit
    subject, where withholding the whole text would lose what the change was."""
    if "@" in text:
        text = _EMAIL.sub(replacement, text)
    return _PHONE.sub(lambda m: replacement if _is_phone(text, m) else m.group(), text)


def check_no_contact_details(f: LoadedFile) -> Iterator[Finding]:
    """No email addresses or phone numbers: the registry publishes no personal contact details."""
    if "@" not in f.joined[0] and not _PHONE.search(f.joined[0]):
        return
    for loc, value in _free_texts(f):
        if "@" in value and _EMAIL.search(value):
            yield Finding(
                loc,
                "must not contain an email address (personal contact details are never published)",
            )
        elif any(_is_phone(value, match) for match in _PHONE.finditer(value)):
            yield Finding(
                loc,
                "must not contain a phone number (personal contact details are never published)",
            )


#: Words before a number that make it a reference, not a phone: "Case 0123 456 789".
_REFERENCE_WORD = re.compile(
    r"(?:\b(?:no|nº|n°|case|decree|resolution|order|law|act|ref|reference|file|docket|decision|"
    r"ruling|judgment|judgement|processo|expediente|dossier|number))\.?\s*[:#]?\s*$",
    re.IGNORECASE,
)
#: A group that reads as a year: a reference number dated "020-2019-1234" or "(2020) 1234 5678".
_YEAR_GROUP = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _is_phone(text: str, match: re.Match[str]) -> bool:
    """A national-form match is a phone number unless it reads as a reference: after a word such
    as "Case" or "No.", or with a year among its groups. An international one (+44 ...) always is."""
    found = match.group()
    if found.startswith("+"):
        return True
    return not _REFERENCE_WORD.search(
        text[max(0, match.start() - 24) : match.start()]
    ) and not _YEAR_GROUP.search(found)


#: The closing quotes a value wrapped in curly quotes ends with.
_CLOSING = tuple(CURLY_QUOTES.values())


def check_no_curly_quotes_around(f: LoadedFile) -> Iterator[Finding]:
    """A value wrapped whole in curly quotes (“Northbridge …”), unquoted in YAML, is refused.

    Pasted from a word processor, they look like quoting but YAML keeps them as part of the
    text, so the page showed them. Curly quotes inside text are left alone, as is a value put
    in YAML's own quotes around them ('“Guinea pigs”'): that one means them.
    """
    if not any(quote in f.joined[0] for quote in CURLY_QUOTES):
        return
    for loc, value in _free_texts(f):
        pair = _curly_pair_around(value)
        if pair is None or _quoted_in_yaml(f, loc):
            continue
        yield Finding(
            loc,
            f"is wrapped in curly quotes ({pair}), which YAML keeps as part of the text: remove "
            "the curly quotes around the value, or use straight double quotes",
        )


def _curly_pair_around(value: str) -> str | None:
    """The quotes around the whole of `value` ("“ ”"), or None: none there, or quotes that open
    and close inside it (“Guinea pigs” – Cardiff “fans”; ‘Smart’ lampposts ‘gates’). A ’
    before a letter is an apostrophe (council’s), not a closing quote."""
    text = value.strip()
    if len(text) < 2 or text[0] not in CURLY_QUOTES or not text.endswith(_CLOSING):
        return None
    opening, inner = text[0], text[1:-1]
    closing = CURLY_QUOTES[opening]
    if opening in inner or re.search(f"{closing}(?!\\w)", inner):
        return None
    return f"{opening} {text[-1]}"


def _quoted_in_yaml(f: LoadedFile, loc: tuple[Any, ...]) -> bool:
    line, col = f.loaded.locate(loc)
    lines = f.loaded.text.split("\n")
    return line <= len(lines) and lines[line - 1][col - 1 : col] in ("'", '"')


def placeholders(texts: Iterable[tuple[tuple[Any, ...], str, bool]]) -> Iterator[Finding]:
    """Yields a finding for every text that still starts with `TODO`, URL fields included.

    Takes (field path, text, is a URL field) triples: `EntryFile.texts` for a valid entry, or
    `raw_strings(data)` for one that failed the schema, so a new file's first check lists
    every TODO at once.
    """
    for loc, value, _ in texts:
        message = placeholder_message(value)
        if message:
            yield Finding(loc, message)


def check_no_placeholders(f: LoadedFile) -> Iterator[Finding]:
    """No value may still say TODO: replace it with the real value."""
    if "TODO" in f.joined[1]:
        yield from placeholders(f.texts)


def check_unknown_is_explained(f: EntryFile) -> Iterator[Finding]:
    """A fact that is not known is written `{unknown: <reason>}`, never as the bare word "unknown"."""
    for loc, model in f.models:
        for name in _unknown_fields(type(model)):
            value = getattr(model, name)
            if isinstance(value, str) and value.strip().strip(".").lower() in PLAIN_UNKNOWN_WORDS:
                yield Finding((*loc, name), plain_unknown_message())


@cache
def _unknown_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of `model` that take `{unknown: <reason>}`."""
    return tuple(name for name, field in model.model_fields.items() if accepts_unknown(field.annotation))

"""Rules about free text: plain text only, and no personal contact details.

The site escapes every value whatever these rules say (SECURITY.md rule 6); these rules are
feedback for the contributor, so that what they wrote is what readers see.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from registry.checks.base import EntryFile, Finding

_URL_FIELDS = {"url", "archive_url"}

_MARKUP = [
    (re.compile(r"<[A-Za-z/!?]"), "looks like HTML ('<' followed by a letter)"),
    (re.compile(r"\]\("), "looks like a Markdown link ('](')"),
    (
        re.compile(r"^\s*\[[^\]]*\]:", re.MULTILINE),
        "looks like a Markdown link definition ('[x]:')",
    ),
    (re.compile(r"\{[:{%#]"), "looks like template or attribute syntax ('{:', '{{', '{%' or '{#')"),
    (re.compile(r"--8<--"), "looks like a file-include marker ('--8<--')"),
    (re.compile(r"&#"), "looks like an HTML character reference ('&#')"),
]
_SCHEMES = re.compile(
    r"(?<![a-z0-9])(javascript|vbscript):|(?<![a-z0-9])data:[a-z]+/", re.IGNORECASE
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"\+\d[\d ()-]{7,}\d")


def strings(node: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Yields (field path, text) for every string the contributor wrote, except URL fields."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in _URL_FIELDS:
                yield from strings(value, (*loc, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from strings(item, (*loc, index))
    elif isinstance(node, str):
        yield loc, node


def check_plain_text(f: EntryFile) -> Iterator[Finding]:
    """Text must be plain text: no HTML, Markdown links, templates or script URLs."""
    for loc, value in strings(f.loaded.data):
        for pattern, why in _MARKUP:
            if pattern.search(value):
                yield Finding(loc, f"must be plain text: it {why}, which is not allowed")
                break
        else:
            if _SCHEMES.search(re.sub(r"\s+", "", value)):
                yield Finding(
                    loc,
                    "must be plain text: it contains a script or data address, which is not allowed",
                )


def check_no_contact_details(f: EntryFile) -> Iterator[Finding]:
    """No email addresses or phone numbers: the registry publishes no personal contact details."""
    for loc, value in strings(f.loaded.data):
        if _EMAIL.search(value):
            yield Finding(
                loc,
                "must not contain an email address (personal contact details are never published)",
            )
        elif _PHONE.search(value):
            yield Finding(
                loc,
                "must not contain a phone number (personal contact details are never published)",
            )

"""Characters that are invisible, and how to name or show them: shared by the loader and printers.

Why one table: an invisible character does harm in two places. In an entry it makes two
names that look the same differ (a zero-width space in an operator's name made a second
operator page beside the real one), so the loader refuses it at its position. In a message
it can hide or reorder what a reader of a terminal or a CI log sees, so every printer shows
it as an escape. Both use the tables here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# Unicode's format characters (general category Cf) as of Unicode 15.1, as ranges: written out
# because finding them at import would scan 1.1 million code points on every `registry check`.
# tests/test_hostile_text.py checks the table against the running Python's unicodedata.
FORMAT_RANGES = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
#: Letters and symbols that show nothing, though not format characters: the Hangul fillers and
#: the blank Braille pattern. A name of one ("\u3164") made an organisation page with an empty
#: heading and letters "operated by " no one. Refused and shown as escapes with the rest.
BLANK = "\u115f\u1160\u3164\uffa0\u2800"
FORMAT = re.compile(f"[{FORMAT_RANGES}{BLANK}]")

ZWNJ, ZWJ = "\u200c", "\u200d"

# Scripts whose spelling needs a zero-width (non-)joiner between letters: Arabic and Persian,
# Syriac, N'Ko, the Indic scripts from Devanagari to Sinhala, Tibetan, Myanmar, Khmer and
# Mongolian. The standard library has no script property, so these are their blocks.
_JOINING_SCRIPTS = re.compile(
    "[\u0600-\u06ff\u0700-\u074f\u0750-\u077f\u07c0-\u07ff\u0870-\u08ff\u0900-\u0dff"
    "\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff\u1800-\u18af\ua8e0-\ua8ff\ufb50-\ufdff\ufe70-\ufefe]"
)


def joiner_is_needed(text: str, index: int) -> bool:
    """Whether the ZWJ or ZWNJ at `text[index]` sits between two letters of a script that uses it.

    A letter here includes a combining mark: in Devanagari the joiner follows a virama.
    """
    if index == 0 or index + 1 >= len(text):
        return False
    before, after = text[index - 1], text[index + 1]
    return all(
        _JOINING_SCRIPTS.match(char) and unicodedata.category(char)[0] in "LM" for char in (before, after)
    )


def first_invisible(text: str, start: int = 0) -> int:
    """Returns the index of the first format character in `text` that is not allowed, or -1."""
    for match in FORMAT.finditer(text, start):
        if match.group() in (ZWJ, ZWNJ) and joiner_is_needed(text, match.start()):
            continue
        return match.start()
    return -1


def invisible_indexes(text: str) -> Iterator[int]:
    """The index of every format character in `text` that `first_invisible` refuses, in order."""
    index = first_invisible(text)
    while index >= 0:
        yield index
        index = first_invisible(text, index + 1)


def without_invisible(text: str) -> str:
    """`text` without the format characters `first_invisible` finds (a joiner that a script
    needs between two letters stays): for text no rule can refuse, such as a commit's author."""
    dropped = set(invisible_indexes(text))
    return "".join(char for index, char in enumerate(text) if index not in dropped) if dropped else text


def char_name(char: str) -> str:
    """Returns `U+200B ZERO WIDTH SPACE`: the code point and, when Unicode has one, its name
    (a surrogate, a control and an unassigned code point have none: `U+D800`)."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}".rstrip()

"""A file's text before it is parsed: its encoding, its spelling and its characters.

Why a module of its own: these checks read the whole text, not YAML, so they can list every
problem of their kind at once (every tab and every invisible character, each at its line and
column), where the parser must stop at its first. `registry.loader` runs them first.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections.abc import Iterator
from itertools import islice

from registry.chars import first_invisible, invisible_indexes
from registry.errors import LoadError
from registry.yaml_messages import MESSAGES, position, raw_char_message, starts_its_line

#: The most refused characters listed for one file (check shows 50 problems a file at most).
MAX_LISTED = 50

# U+2028/U+2029 and U+FFFE/U+FFFF are refused too: PyYAML counts the first two as line breaks
# (so every later line number would be off) and refuses the last two with a less clear error.
# Surrogates cannot be in decoded UTF-8; the pure-Python parser makes one from "\ud800", and
# no output can encode it.
# Unicode's other spaces (category Zs but U+0020), from a web page or a word processor: YAML
# reads them as text, not as space, so a non-breaking space before a value broke the line's
# structure with a message about something else, and one in a name made two spellings that
# print the same.
_OTHER_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_FORBIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\ufeff\u202a-\u202e\u2066-\u2069\u2028\u2029\ufffe\uffff\ud800-\udfff"
    + _OTHER_SPACES
    + "]"
)
_WIDE_BOMS = {
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\xfe\xff": "UTF-16",
    b"\xff\xfe": "UTF-16",
}
_UTF8_BOM = b"\xef\xbb\xbf"


def decode(raw: bytes) -> str:
    """Returns `raw` decoded as strict UTF-8 without a leading BOM; refuses anything else."""
    for bom, name in _WIDE_BOMS.items():
        if raw.startswith(bom):
            raise LoadError("encoding", 1, 1, f"the file is saved as {name}; save it as UTF-8")
    raw = raw.removeprefix(_UTF8_BOM)
    try:
        text = raw.decode("utf-8", errors="strict")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        line = raw.count(b"\n", 0, error.start) + 1
        col = len(raw[line_start : error.start].decode("utf-8")) + 1
        raise LoadError(
            "encoding",
            line,
            col,
            f"byte 0x{raw[error.start]:02X} is not valid UTF-8; save the file as UTF-8",
        ) from None
    return nfc(text)


def nfc(text: str) -> str:
    """One spelling of each text (NFC): "café" typed with a combining accent is the same name
    as "café" typed with one key, so it makes the same operator page and the same id."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def check_raw_text(text: str) -> None:
    """Refuses CR line endings (said once, for the file), then every forbidden character, each
    at its position: a file with two tabs and a zero-width space is told of all three at once."""
    cr = text.find("\r")
    if cr >= 0:
        raise LoadError("eol", *position(text, cr), MESSAGES["eol"])
    refused = _refused(text)
    if refused:
        raise LoadError.together(
            [
                LoadError("char", *position(text, i), raw_char_message(text[i], starts_its_line(text, i)))
                for i in refused
            ]
        )


def blanked(text: str) -> str:
    """`text` with every refused character a space: the same lines and columns, so a parse of
    it can place what else is wrong (a duplicate key) where the contributor sees it."""
    chars = list(text)
    for index in _every_refused(text):
        chars[index] = " "
    return "".join(chars)


def readable_copy(text: str, code: str) -> str | None:
    """`text` as the file was surely meant, for reading past a refusal of `code`: CR LF as LF
    (`eol`; None when a CR stands alone, as a line break the lines would be counted without),
    or each refused character a space (`char`; None when one indents its line)."""
    if code == "eol":
        copy = text.replace("\r\n", "\n")
        return None if "\r" in copy else copy
    if code != "char" or any(starts_its_line(text, index) for index in _every_refused(text)):
        return None
    return blanked(text)


def _refused(text: str) -> list[int]:
    """The indexes of the first `MAX_LISTED` refused characters, in order."""
    return list(islice(_every_refused(text), MAX_LISTED))


def _every_refused(text: str) -> Iterator[int]:
    """The index of every refused character (`_FORBIDDEN`, or invisible), in order, each once:
    a bidi override is both, and was told twice at one position."""
    forbidden = (match.start() for match in _FORBIDDEN.finditer(text))
    last = -1
    for index in forbidden if text.isascii() else heapq.merge(forbidden, invisible_indexes(text)):
        if index != last:
            yield index
        last = index


def first_refused(text: str) -> int:
    """The index of the first refused character (`_FORBIDDEN`, else an invisible one), or -1."""
    bad = _FORBIDDEN.search(text)
    if bad:
        return bad.start()
    return -1 if text.isascii() else first_invisible(text)

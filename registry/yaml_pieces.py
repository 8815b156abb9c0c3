"""`load_data`: many versions of the same entry files, each top-level piece parsed once.

The history stage reads about 40,000 old versions at 10,000 entries, and consecutive versions
of an entry share most of their text. The result and every error are exactly `load_yaml`'s:
this module only decides when a cached piece can stand in for parsing, and uses the loader's
own steps (decoding, the whole-text checks, the event pass) for everything else.
"""

from __future__ import annotations

import re

import yaml

from registry.errors import LoadError
from registry.loader import (
    _EVENT_LOADER,
    MAX_BYTES,
    _build,
    _check_text,
    _events_of,
    _load_text,
    load_yaml,
)
from registry.plainyaml import read_plain
from registry.rawtext import decode


def load_data(raw: bytes, pieces: dict[str, dict]) -> dict:
    """Returns `load_yaml(raw).data`, or raises its LoadError, reusing already parsed pieces.

    For reading many versions of the same files (the history): consecutive versions of an
    entry share most of their top-level fields byte for byte. The text is cut before each line
    that starts a top-level `key:`, and `pieces` (the caller's cache, shared between versions
    of the same entries) maps each piece's text to the one-key mapping it stands for. A version
    that is mostly new is loaded whole and fills the cache; one that shares most pieces with a
    version already read parses only its new pieces.

    The cut is safe because in a block mapping every top-level key starts a line at column 0,
    and a line at column 0 can only continue a value that is still open (a quote, a flow
    bracket), in which case the piece before it fails to parse on its own. The whole-file checks
    run on every piece not seen before. Anything out of the ordinary (a failing piece, a key repeated
    across pieces, a first line that is not a plain key) is read by `load_yaml` itself, so the
    result and every error are exactly its own.
    """
    if len(raw) > MAX_BYTES:
        return load_yaml(raw).data
    text = decode(raw)
    prefix, *parts = _TOP_LEVEL_LINE.split(text)
    new = [part for part in parts if part not in pieces]
    if len(new) > _MOSTLY_NEW:
        return _load_whole(text, parts, pieces)
    # The whole-text checks, on the new text only: a cached piece passed them in its version.
    if not _COMMENTS_ONLY.fullmatch(prefix) or any(map(_fails_text_checks, [prefix, *new])):
        return load_yaml(raw).data
    data: dict = {}
    for part in parts:
        found = pieces.get(part)
        if found is None:
            found = _piece(part)
            if found is None:
                return load_yaml(raw).data
            pieces[part] = found
        ((key, value),) = found.items()
        if key in data:
            return load_yaml(raw).data
        data[key] = value
    return data if data else load_yaml(raw).data


# Where `load_data` cuts: before each line that starts with neither a space nor a comment.
_TOP_LEVEL_LINE = re.compile(r"^(?=[^\s#])", re.MULTILINE)
_COMMENTS_ONLY = re.compile(r"(?:[ ]*(?:#[^\n]*)?\n)*(?:[ ]*(?:#[^\n]*)?)")
_PLAIN_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: |\n|$)")
#: Above this many unseen pieces, one parse of the whole file is cheaper than one per piece.
_MOSTLY_NEW = 2


def _fails_text_checks(text: str) -> bool:
    try:
        _check_text(text)
    except LoadError:
        return True
    return False


def _load_whole(text: str, parts: list[str], pieces: dict[str, dict]) -> dict:
    """Loads the whole (decoded) file; caches its pieces when each is exactly one top-level key."""
    data = _load_text(text).data
    keys = [_PLAIN_KEY.match(part) for part in parts]
    if len(data) == len(parts) and all(m and m.group(1) in data for m in keys):
        for part, match in zip(parts, keys, strict=True):
            pieces[part] = {match.group(1): data[match.group(1)]}
    return data


def _piece(part: str) -> dict | None:
    """Returns the one-key mapping a `key: ...` piece stands for, or None if it is not one."""
    if not _PLAIN_KEY.match(part):
        return None
    plain = read_plain(part)
    if plain is not None:
        return plain if len(plain) == 1 else None
    try:
        data = _build(_events_of(part, _EVENT_LOADER), track=False)[0]
    except (LoadError, yaml.YAMLError, ValueError, OverflowError):
        return None  # load_yaml reads it again and says what is wrong
    return data if len(data) == 1 else None

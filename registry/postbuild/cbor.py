"""The small subset of CBOR (RFC 8949) that Pagefind's index files use, to read and rewrite them.

Only what those files hold: unsigned and negative integers, byte and text strings, arrays,
maps and the simple values false/true/null, always with definite lengths. Encoding uses the
shortest length form (RFC 8949 4.2.1, "preferred serialization"), as Pagefind does, so a
decoded-then-encoded file is byte-identical to the original.
"""

from __future__ import annotations

import struct
from typing import Any

_SIMPLE = {20: False, 21: True, 22: None}


def decode(data: bytes, offset: int = 0) -> tuple[Any, int]:
    """Returns the item at `offset` and the offset just after it; raises ValueError on anything else."""
    head = data[offset]
    major, info = head >> 5, head & 31
    offset += 1
    if major == 7:
        if info not in _SIMPLE:
            raise ValueError(f"unsupported CBOR simple value {info}")
        return _SIMPLE[info], offset
    if info < 24:
        value = info
    elif info <= 27:
        size = 1 << (info - 24)
        value = int.from_bytes(data[offset : offset + size], "big")
        offset += size
    else:
        raise ValueError(f"unsupported CBOR length encoding {info}")
    if major == 0:
        return value, offset
    if major == 1:
        return -1 - value, offset
    if major == 2:
        return bytes(data[offset : offset + value]), offset + value
    if major == 3:
        return data[offset : offset + value].decode("utf-8"), offset + value
    if major == 4:
        items = []
        for _ in range(value):
            item, offset = decode(data, offset)
            items.append(item)
        return items, offset
    if major == 5:
        mapping = {}
        for _ in range(value):
            key, offset = decode(data, offset)
            mapping[key], offset = decode(data, offset)
        return mapping, offset
    raise ValueError(f"unsupported CBOR major type {major}")


def encode(value: Any) -> bytes:
    """Returns the preferred serialization of `value` (the inverse of `decode`)."""
    if value is False:
        return b"\xf4"
    if value is True:
        return b"\xf5"
    if value is None:
        return b"\xf6"
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(v) for v in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(encode(k) + encode(v) for k, v in value.items())
    raise TypeError(f"cannot encode {type(value).__name__} as CBOR")


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if value < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, value)
    raise ValueError("integer too large for CBOR")

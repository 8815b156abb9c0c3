"""A compact patch between two versions of an entry's raw data, and the function applying it.

Why not a library (jsonpatch): RFC 6902 patches address list items by index and carry an
`op` name per change, and do not say how key order is kept; here the record as written must
come back exactly, key order included, because the revisions page prints it as the file
read. So the format is three operations on a path of dict keys and list indexes:

- `[path, value]` sets the value at `path` (a new key goes last; an index one past the end
  appends);
- `[path]` deletes a dict key;
- `[path, null, n]` cuts a list to its first `n` items.

An empty path is the whole record. A mapping whose kept keys change order, or gain a key
anywhere but at the end, is replaced whole, so applying keys in patch order always gives the
file's order. `assets/revisions.js` applies the same operations in the browser.
"""

from __future__ import annotations

from typing import Any

Op = list


def diff(old: Any, new: Any) -> list[Op]:
    """The operations that turn `old` into `new` (dicts, lists and scalars from the loader)."""
    ops: list[Op] = []
    _diff(old, new, [], ops)
    return ops


def _diff(old: Any, new: Any, path: list, ops: list[Op]) -> None:
    if type(old) is not type(new):
        ops.append([path, new])
    elif type(new) is dict:
        kept = [k for k in old if k in new]
        if list(new)[: len(kept)] != kept:
            ops.append([path, new])
            return
        for key in old:
            if key not in new:
                ops.append([[*path, key]])
        for key in kept:
            _diff(old[key], new[key], [*path, key], ops)
        for key in list(new)[len(kept) :]:
            ops.append([[*path, key], new[key]])
    elif type(new) is list:
        common = min(len(old), len(new))
        for index in range(common):
            _diff(old[index], new[index], [*path, index], ops)
        if len(old) > len(new):
            ops.append([path, None, len(new)])
        for index in range(common, len(new)):
            ops.append([[*path, index], new[index]])
    elif old != new:
        ops.append([path, new])


def apply(data: Any, ops: list[Op]) -> Any:
    """Returns `data` with `ops` applied (in place where it can); the record at the next revision."""
    for op in ops:
        path = op[0]
        if not path:
            data = op[1]
            continue
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        last = path[-1]
        if len(op) == 1:
            del parent[last]
        elif len(op) == 3:
            del parent[last][op[2] :]
        elif type(parent) is list and last == len(parent):
            parent.append(op[1])
        else:
            parent[last] = op[1]
    return data


def revision_patches(revisions: Any) -> dict[str, list[Op]]:
    """Each revision with data (newest first, as a history lists them) by short id: its patch
    from the previous one with data; the oldest's sets the whole record."""
    patches: dict[str, list[Op]] = {}
    previous: Any = None
    for revision in reversed([r for r in revisions if r.has_data]):
        data = revision.data
        patches[revision.short] = diff(previous, data)
        previous = data
    return patches

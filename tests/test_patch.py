"""Revision patches (issue 18): applied from the oldest, they give back each version exactly."""

from __future__ import annotations

import copy
import json

from registry.exports.patch import apply, diff

V1 = {"id": "gb-x", "title": "A", "sources": [{"id": "s1", "title": "T"}], "timeline": {"start": "2019"}}
V2 = {
    "id": "gb-x",
    "title": "B",
    "sources": [{"id": "s1", "title": "T"}, {"id": "s2", "title": "U"}],
    "timeline": {"start": "2019", "end": "2020"},
}
V3 = {"title": "B", "id": "gb-x", "sources": [{"id": "s2", "title": "U"}]}  # keys reordered, one gone


def _replay(versions: list) -> list:
    """Each version rebuilt from JSON-encoded patches, as the browser gets them."""
    patches = [
        json.loads(json.dumps(diff(old, new)))
        for old, new in zip([None, *versions[:-1]], versions, strict=True)
    ]
    out, data = [], None
    for patch in patches:
        data = apply(data, patch)
        out.append(copy.deepcopy(data))
    return out


def test_patches_rebuild_every_version_with_its_key_order() -> None:
    rebuilt = _replay([V1, V2, V3])
    assert rebuilt == [V1, V2, V3]
    assert [list(v) for v in rebuilt] == [list(V1), list(V2), list(V3)]


def test_a_small_edit_is_a_small_patch() -> None:
    assert diff(V1, V2) == [
        [["title"], "B"],
        [["sources", 1], {"id": "s2", "title": "U"}],
        [["timeline", "end"], "2020"],
    ]
    assert diff(V2, V2) == []


def test_a_shorter_list_is_cut_and_a_removed_key_deleted() -> None:
    old = {"a": [1, 2, 3], "b": "x", "c": "y"}
    new = {"a": [1], "c": "y"}
    assert diff(old, new) == [[["b"]], [["a"], None, 1]]
    assert apply(copy.deepcopy(old), diff(old, new)) == new

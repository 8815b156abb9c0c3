"""Reads a history page's revision data as the browser does (assets/revisions.js), in Python."""

from __future__ import annotations

import copy
import html
import json
import re
from pathlib import Path
from typing import Any

from registry.exports.patch import apply
from registry.exports.revisions import outline


def records_as_written(page: Path) -> dict[str, Any]:
    """Each revision's record as written, by short id, rebuilt from the JSON the page names."""
    text = page.read_text(encoding="utf-8")
    found = re.search(r'data-revisions-json="/([^"]+)"', text)
    assert found, page
    site = page.parents[3]  # site/deployments/<id>/history/index.html
    doc = json.loads((site / html.unescape(found.group(1))).read_text(encoding="utf-8"))
    out, data = {}, None
    for revision in reversed(doc["history"]):
        if "patch" in revision:
            data = apply(data, copy.deepcopy(revision["patch"]))
            out[revision["short"]] = copy.deepcopy(data)
    return out


def outlines(page: Path) -> dict[str, str]:
    """Each revision's outline, as the page's script prints it."""
    return {short: outline(data) for short, data in records_as_written(page).items()}

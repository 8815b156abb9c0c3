"""The walk cache: what the last build learnt from git, keyed by the HEAD it was built at.

`walk-<head>.json` holds the cleaned commits and entry touches of the first-parent line and
each entry's computed history with a fingerprint of its inputs. The next build reuses it when
that head is an ancestor of the new HEAD (it then walks only `last..HEAD` and recomputes only
entries whose fingerprint changed); otherwise (a force push, another branch) it starts cold.
Parsed versions live beside it in the blob store, which never goes stale. The cache is a
git-ignored build artefact: deleting it only costs time.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import orjson

FORMAT = 1
_PREFIX = "walk-"


def code_fingerprint() -> str:
    """Changes whenever the code that computes histories changes, so old results are redone."""
    here = Path(__file__).resolve().parent
    return _fingerprint(
        sorted(here.glob("*.py"))
        + [
            here.parent / n
            for n in (
                *_PARSER_FILES,
                "vocab.py",
                "countries.py",  # a country's name in a change's sentence (changes._show)
                "dates.py",
                "terminal.py",
                "checks/text.py",  # what commit text withholds (commits.shown_author, _shown_subject)
            )
        ]
    )


def parser_fingerprint() -> str:
    """Changes whenever the code that parses old versions changes (the loader, the store)."""
    here = Path(__file__).resolve().parent
    return _fingerprint([*(here.parent / n for n in _PARSER_FILES), here / "store.py", here / "work.py"])


#: The modules that read an old version's text into data, and word its problems.
_PARSER_FILES = (
    "loader.py",
    "rawtext.py",
    "yaml_keys.py",
    "yaml_messages.py",
    "yaml_slips.py",
    "chars.py",
    "plainyaml.py",
    "yaml_pieces.py",  # the history's own route into the loader (load_data)
    "errors.py",  # a stored problem is `str(LoadError)`, which it writes
)


def _fingerprint(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.read_bytes())
    return f"{FORMAT}-{digest.hexdigest()[:16]}"


def cached_heads(cache_dir: Path | None) -> list[str]:
    """The heads with a walk cache on disk, newest file first."""
    if cache_dir is None or not cache_dir.is_dir():
        return []
    files = sorted(cache_dir.glob(f"{_PREFIX}*.json"), key=lambda p: (-p.stat().st_mtime, p.name))
    return [p.stem[len(_PREFIX) :] for p in files]


def load_walk(cache_dir: Path, head: str, code: str) -> dict[str, Any] | None:
    """Returns the cached walk at `head`, or None if it is missing, unreadable or from other code."""
    try:
        cached = orjson.loads((cache_dir / f"{_PREFIX}{head}.json").read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(cached, dict) or cached.get("code") != code or cached.get("head") != head:
        return None
    return cached


def save_walk(cache_dir: Path, head: str, walk: dict[str, Any]) -> None:
    """Writes the walk for `head` atomically, then removes the walks of other heads."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = cache_dir / f"{_PREFIX}{head}.json"
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(orjson.dumps(walk))
    os.replace(tmp, target)
    for old in cache_dir.glob(f"{_PREFIX}*.json"):
        if old != target:
            old.unlink(missing_ok=True)

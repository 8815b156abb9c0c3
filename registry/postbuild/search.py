"""The search index: Pagefind over the built HTML, written to `site/pagefind/`.

Why Pagefind (ARCHITECTURE.md): its index is split into chunks, so a query loads a few
hundred kilobytes whatever the registry's size, and its UI is served from the site itself.
Only entry articles carry `data-pagefind-body`, so only entries are indexed; filters come
from `data-pagefind-filter` attributes on their facts.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from registry.errors import BuildError
from registry.postbuild import cbor

if TYPE_CHECKING:
    from registry.build import BuildContext


def index_site(ctx: BuildContext, site_dir: Path) -> None:
    """Runs `python -m pagefind --site <site_dir>`; raises BuildError with its output on failure."""
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--quiet"],
        capture_output=True,
        text=True,
        cwd=site_dir,  # Pagefind panics if the caller's working folder has gone away
    )
    if result.returncode != 0 or not (site_dir / "pagefind" / "pagefind.js").is_file():
        raise BuildError(f"pagefind failed:\n{(result.stderr or result.stdout).strip()}")
    stabilise_index(site_dir / "pagefind")


_MAGIC = b"pagefind_dcd"


def stabilise_index(bundle: Path) -> None:
    """Rewrites Pagefind's filter indexes in a fixed order, so two builds are byte-identical.

    Why: Pagefind 1.5 writes each filter's values in hash-map order, which changes from run to
    run (upstream Pagefind/pagefind#638 fixed the fragments, not the filters), and the
    metadata file and `pagefind-entry.json` name the filter files by content hash. Values
    are sorted, files renamed by the SHA-256 of their new content, and the references
    updated. Pagefind checks no hashes; the names only need to be unique.
    """
    entry_path = bundle / "pagefind-entry.json"
    entry_text = entry_path.read_text(encoding="utf-8")
    for language in sorted(json.loads(entry_text)["languages"]):
        old_hash = json.loads(entry_text)["languages"][language]["hash"]
        meta_path = bundle / f"pagefind.{old_hash}.pf_meta"
        meta = _read(meta_path)
        renamed = {}
        for _name, filter_hash in meta[3]:
            path = bundle / "filter" / f"{filter_hash}.pf_filter"
            data = _read(path)
            data[1] = sorted(data[1], key=lambda item: item[0])
            renamed[filter_hash] = _write_hashed(bundle / "filter", data, language, 7, ".pf_filter")
            path.unlink()
        meta[3] = sorted([name, renamed[h]] for name, h in meta[3])
        new_hash = _write_hashed(bundle, meta, language, 10, ".pf_meta", prefix="pagefind.")
        meta_path.unlink()
        entry_text = entry_text.replace(f'"hash":"{old_hash}"', f'"hash":"{new_hash}"')
    entry_path.write_text(entry_text, encoding="utf-8")


def _read(path: Path) -> list:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_MAGIC):
        raise BuildError(f"{path.name}: not a Pagefind index file this build understands")
    value, end = cbor.decode(raw, len(_MAGIC))
    if end != len(raw):
        raise BuildError(f"{path.name}: trailing data after the index")
    return value


def _write_hashed(
    folder: Path, value: list, language: str, digits: int, suffix: str, prefix: str = ""
) -> str:
    raw = _MAGIC + cbor.encode(value)
    name = f"{language}_{hashlib.sha256(raw).hexdigest()[:digits]}"
    (folder / f"{prefix}{name}{suffix}").write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    return name

"""The search index: Pagefind over our own records, built while MkDocs builds the pages.

Why Pagefind (ARCHITECTURE.md): its index is split into chunks, so a query loads a few
hundred kilobytes whatever the registry's size, and its UI is served from the site itself.

Why not index the built site: at 10,000 entries Pagefind spent most of a minute re-reading
every finished page, theme and all, and it could only start after MkDocs. Search needs the
record, not the page: each published entry is rendered once more through
`search_record.html.j2` (its own words, weighted, from searchwords.py; the record partial,
not indexed, for the same `data-pagefind-filter` facts as its page) into a bare document
under the build folder, and Pagefind indexes those in a forked process of their own
(registry.parallel.in_child) while the pages are generated and MkDocs builds them. The
bundle is moved into the site once both are done. Result URLs are the entry pages'.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from registry import urls
from registry.errors import BuildError, InternalError
from registry.parallel import Background, Child, in_child
from registry.postbuild import cbor
from registry.render import make_environment
from registry.writer import sync_tree

if TYPE_CHECKING:
    from registry.context import BuildContext

BUNDLE = "pagefind"
#: The one record of a registry with nothing published yet, so the search page still works.
NOTHING_PUBLISHED = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>All deployments</title>'
    "</head><body><article data-pagefind-body><h1>All deployments</h1>"
    "<p>No deployment has been published yet.</p></article></body></html>"
)


def start_index(ctx: BuildContext, folder: Path) -> Child[str] | Background[str]:
    """Starts indexing in a forked process; `finish_index` waits for it and places the bundle."""
    return in_child("the search index", build_index, ctx, folder)


def finish_index(job: Child[str] | Background[str], folder: Path, site_dir: Path) -> str:
    """Waits for the index, moves its bundle to `site_dir/pagefind/`; returns what it did."""
    detail = job.join()  # re-raises the job's BuildError
    target = site_dir / BUNDLE
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(folder / "site" / BUNDLE, target)
    return detail


def build_index(ctx: BuildContext, folder: Path) -> str:
    """Writes one bare document per published entry under `folder/site`, indexes them there."""
    start = time.perf_counter()
    site = folder / "site"
    env = make_environment(ctx.root)  # its own: this may run in a thread beside the build
    template = env.get_template("search_record.html.j2")
    from registry.pages.entry import entry_context

    records = {
        f"{urls.entry_page(f.entry.id)}index.html": template.render(entry_context(ctx, f))
        for f in ctx.published
    } or {f"{urls.DEPLOYMENTS}index.html": NOTHING_PUBLISHED}  # Pagefind refuses to index nothing
    shutil.rmtree(site / BUNDLE, ignore_errors=True)
    sync_tree(site, records)
    run_pagefind(site)
    return f"{len(records)} records indexed in {time.perf_counter() - start:.1f} s beside the build"


def run_pagefind(site: Path) -> None:
    """Runs `python -m pagefind --site <site>`; raises BuildError with its output on failure."""
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--quiet"],
        capture_output=True,
        text=True,
        cwd=site,  # Pagefind panics if the caller's working folder has gone away
    )
    if result.returncode != 0 or not (site / BUNDLE / "pagefind.js").is_file():
        raise BuildError(f"pagefind failed:\n{(result.stderr or result.stdout).strip()}")
    stabilise_index(site / BUNDLE)


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
        raise InternalError(f"{path.name}: not a Pagefind index file this build understands")
    value, end = cbor.decode(raw, len(_MAGIC))
    if end != len(raw):
        raise InternalError(f"{path.name}: trailing data after the index")
    return value


def _write_hashed(
    folder: Path, value: list, language: str, digits: int, suffix: str, prefix: str = ""
) -> str:
    raw = _MAGIC + cbor.encode(value)
    name = f"{language}_{hashlib.sha256(raw).hexdigest()[:digits]}"
    (folder / f"{prefix}{name}{suffix}").write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    return name

"""The search index: Pagefind over our own records, built while MkDocs builds the pages.

Why Pagefind (ARCHITECTURE.md): its index is split into chunks, so a query loads a few
hundred kilobytes whatever the registry's size, and its UI is served from the site itself.

Why not index the built site: at 10,000 entries Pagefind spent most of a minute re-reading
every finished page, theme and all, and it could only start after MkDocs. Search needs the
record, not the page: each published entry is rendered once more through
`search_record.html.j2` (its own words, weighted, from searchwords.py; the record partial,
not indexed, for the same `data-pagefind-filter` facts as its page) into a bare document
under the build folder by the forked child that writes the feeds and exports
(registry.postbuild.beside), which then becomes Pagefind (`indexing`), while the pages are
generated and filled. The bundle is moved into the site once both are done. Result URLs are
the entry pages'.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registry import urls
from registry.errors import BuildError, InternalError
from registry.parallel import Handover
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


def write_records(ctx: BuildContext, folder: Path) -> int:
    """Writes one bare document per published entry under `folder/site`; returns how many."""
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
    return len(records)


def indexing(folder: Path, result: Any) -> Handover:
    """Pagefind on the records under `folder/site`, as the program the child that wrote them
    becomes once `result` is sent back (registry.parallel.Handover).

    Why last, and not beside the feeds and exports as before: Pagefind needs about 1.3 GB at
    10,000 records, and the child about 1.5 GB for its copy of the registry; run together,
    they were most of the build's peak. Pagefind alone on two cores takes a fifth of the time
    it took sharing them with two Python processes, so the build is not slower for it.
    """
    site = folder / "site"
    return Handover(
        result,
        (sys.executable, "-m", "pagefind", "--site", str(site), "--quiet"),
        cwd=site,  # Pagefind panics if the caller's working folder has gone away
        log=folder / "pagefind.log",  # a file, so a full pipe never blocks it
    )


def check_index(done: Handover, records: int) -> str:
    """Raises BuildError with Pagefind's output if it failed; makes the index byte-stable;
    returns what it did."""
    output = done.log.read_text(encoding="utf-8", errors="replace").strip() if done.log.exists() else ""
    bundle = done.cwd / BUNDLE
    if done.exit_code != 0 or not (bundle / "pagefind.js").is_file():
        raise BuildError(f"pagefind failed (exit code {done.exit_code}):\n{output}")
    stabilise_index(bundle)
    seconds = time.monotonic() - done.started
    return f"{records} records indexed in {seconds:.1f} s after the feeds and exports"


def place_index(folder: Path, site_dir: Path) -> None:
    """Moves the finished bundle from the search folder to `site_dir/pagefind/`."""
    target = site_dir / BUNDLE
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(folder / "site" / BUNDLE, target)


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

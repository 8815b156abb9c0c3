"""The search index: Pagefind over our own records, built while MkDocs builds the pages.

Why Pagefind: its index is split into chunks, so a query loads a few
hundred kilobytes whatever the registry's size, and its UI is served from the site itself.

Why not index the built site: at 10,000 entries Pagefind spent most of a minute re-reading
every finished page, theme and all, and it could only start after MkDocs. Search needs the
record, not the page: each published entry is rendered once more through
`search_record.html.j2` (its own words, weighted, from searchwords.py; and, not indexed, the
facts it is filtered by and the status, country and years a result shows) into a bare document
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
#: The bundle files a merged shard does not need: Pagefind's UI and code, which come from the first.
_SHARD_SKIPS = ("pagefind*.js", "pagefind*.css", "wasm.*")
#: Runs Pagefind on each shard in turn, stopping at the first that fails with its exit code.
_EACH_SHARD = (
    "import subprocess, sys\n"
    "for site in sys.argv[1:]:\n"
    "    code = subprocess.call([sys.executable, '-m', 'pagefind', '--site', site, '--quiet'])\n"
    "    if code:\n"
    "        sys.exit(code)\n"
)


def write_records(ctx: BuildContext, folder: Path) -> int:
    """Writes one bare document per published entry under `folder/shard-<n>` (urls.search_shards:
    one Pagefind index holds about 135 KB a record while it is built, so a large registry's is
    built in shards, one after the other, and merged in the reader's browser), the entries
    dealt round the shards in id order (so each holds a like share of every country, and
    ranks a word the same way); returns how many records (`urls.search_shards` of it: how many
    shards)."""
    env = make_environment(ctx.root)  # its own: this may run in a thread beside the build
    template = env.get_template("search_record.html.j2")
    published = ctx.published
    sites = _shard_sites(folder, len(published))
    by_shard: list[dict[str, str]] = [{} for _ in sites]
    for index, f in enumerate(published):
        page = f"{urls.entry_page(f.entry.id)}index.html"
        by_shard[index % len(sites)][page] = template.render(entry=f.entry)
    if not published:  # Pagefind refuses to index nothing
        by_shard[0][f"{urls.DEPLOYMENTS}index.html"] = NOTHING_PUBLISHED
    for stale in folder.glob("*"):  # another build's shards and bundles
        if stale.is_dir() and stale not in sites:
            shutil.rmtree(stale)
    for site, documents in zip(sites, by_shard, strict=True):
        shutil.rmtree(site / BUNDLE, ignore_errors=True)
        sync_tree(site, documents)
    return max(len(published), 1)


def indexing(folder: Path, result: Any, records: int) -> Handover:
    """Pagefind on each shard's records in turn, as the program the child that wrote them
    becomes once `result` is sent back (registry.parallel.Handover).

    Why last, and not beside the feeds and exports as before: Pagefind needs about 1.3 GB at
    10,000 records in one index, and the child about 1.5 GB for its copy of the registry; run
    together, they were most of the build's peak. One shard after another, Pagefind holds one
    shard's index at a time.
    """
    sites = [str(site) for site in _shard_sites(folder, records)]
    return Handover(
        result,
        (sys.executable, "-c", _EACH_SHARD, *sites),
        cwd=folder,  # Pagefind panics if the caller's working folder has gone away
        log=folder / "pagefind.log",  # a file, so a full pipe never blocks it
    )


def check_index(done: Handover, records: int) -> str:
    """Raises BuildError with Pagefind's output if it failed; makes every shard's index
    byte-stable; returns what it did. `done.cwd` is the search folder (`indexing`)."""
    bundles = [site / BUNDLE for site in _shard_sites(done.cwd, records)]
    if done.exit_code != 0 or not all((bundle / "pagefind.js").is_file() for bundle in bundles):
        output = done.log.read_text(encoding="utf-8", errors="replace").strip() if done.log.exists() else ""
        raise BuildError(f"pagefind failed (exit code {done.exit_code}):\n{output}")
    # Pagefind's own time: until it wrote its last bundle (the build may have come for it later).
    seconds = (bundles[-1] / "pagefind-entry.json").stat().st_mtime - done.started
    for bundle in bundles:
        stabilise_index(bundle)
    shards = len(bundles)
    shards_said = f" in {shards} shards" if shards > 1 else ""
    return f"{records} records indexed{shards_said} in {seconds:.1f} s, after the feeds and exports"


def place_index(folder: Path, site_dir: Path, records: int) -> None:
    """Moves the finished bundles from the search folder into `site_dir`: the first shard's
    to `pagefind/`, the others', without the code they take from it, to `pagefind-<n>/`."""
    for number, site in enumerate(_shard_sites(folder, records), start=1):
        target = site_dir / urls.pagefind_shard(number)
        shutil.rmtree(target, ignore_errors=True)
        skip = shutil.ignore_patterns(*_SHARD_SKIPS) if number > 1 else None
        shutil.copytree(site / BUNDLE, target, ignore=skip)


def _shard_sites(folder: Path, records: int) -> list[Path]:
    """Where each shard's documents and bundle go, for an index of `records` records."""
    return [folder / f"shard-{number}" for number in range(1, urls.search_shards(records) + 1)]


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

"""The files a step makes, as `(site path, bytes)`, and the one writer that puts them in the site.

Why one writer: the feeds, exports, revision pages, redirects, sitemap and history manifest
each used to write into the site folder themselves, so nothing stopped two of them writing
the same file (the later silently won) or a path escaping the folder, and the never-404
guard had to ask the disk what had been written. Now those steps only say what to write; the
writer here checks every path, refuses a second write of one file (naming both steps), writes
each file atomically, and keeps the list of every file in the site, by the step that wrote
it. The guard checks that list (registry.postbuild.guard), and a redirect takes only an
address not on it (registry.postbuild.redirects).

What a producer looks like (a step that makes files; registry.postbuild lists them):

    def feed_files(ctx: BuildContext) -> Outputs:  # registry.feeds
        yield from render_feeds(ctx.history, ctx.files, ctx.config).items()  # {path: bytes}

    def manifest_files(ctx: BuildContext, site: Site) -> Outputs:  # registry.postbuild.tip
        head = ctx.history.head if ctx.history.available else None
        yield MANIFEST, (json.dumps({"head": head}) + "\n").encode("utf-8")

- It writes nothing itself: it yields `(path, data)` pairs, and the content stays in the
  functions that compute it (`render_feeds` here); the producer is the thin part that names
  the files.
- `path` is site-relative and POSIX, from `registry.urls`: `deployments/<id>/index.html`,
  `api/v1/deployments.json`. No leading `/`, no empty, `.` or `..` part, no backslash, not
  ending in `.partial` (the writer's temporary name); a page's file is
  `<folder>/index.html`, never the folder.
- `data` is `bytes`, the whole file: text is encoded by the producer (`.encode("utf-8")`), so
  the writer never guesses an encoding or a line end.
- Each path is written once in a whole build, by one producer. Another file at the same path
  (from the same producer, another one, or the engine) is an InternalError that names both:
  it is a bug, never an overwrite. A producer that could reach one file twice (two listed
  addresses sharing one JSON document) keeps its own set and yields it once. The one
  producer that replaces a file of the engine takes it first (`Site.take`: the sitemap
  rewrites MkDocs' `sitemap.xml`). Files are listed under their producer's module name
  (`producer_name`: `feeds`, `exports`, `revisions`), and the engine's own as `engine`.
- Yield lazily (a generator): the writer writes each file as it comes, so a producer holds
  one file at a time, and a producer that asks `path in site` sees its own earlier files.
- Two kinds, by what they read:
  - beside the engine (`BESIDE_MKDOCS`): `(ctx) -> Outputs`, reading only the data (feeds,
    exports, revision pages). A forked child writes them into a staging folder and hands
    back its list of files (registry.postbuild.beside);
  - after the engine (`POST_BUILD`): `(ctx, site) -> Outputs`, which may read what is
    already written through `site` (`path in site`, `site.read(path)`): redirects, the
    sitemap, the history manifest.
- Tests look at what a producer yields (`dict(feed_files(ctx))`) or write it into a folder
  (`Site(folder).write("feeds", feed_files(ctx))`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from registry import urls
from registry.errors import InternalError

#: One file of the site: its site-relative POSIX path and its bytes.
Output = tuple[str, bytes]
#: What a producer returns.
Outputs = Iterator[Output]

#: The name a file has while it is being written, before its atomic rename.
PARTIAL = ".partial"


def producer_name(step: Callable[..., object]) -> str:
    """The name a step's files are listed under (and its time reported): its module's, `feeds`."""
    return step.__module__.rsplit(".", 1)[-1]


class Site:
    """A site folder and the list of every file in it, each with the producer that wrote it.

    The list is the build's record of what it wrote: the guard and the redirects read it
    instead of walking or probing the disk.
    """

    def __init__(self, folder: Path, files: Mapping[str, str] | None = None) -> None:
        self.folder = folder
        #: site path -> the name of the producer that wrote it.
        self.files: dict[str, str] = {}
        #: every folder holding a file of the list (site paths), so a file never shadows one.
        self._folders: set[str] = set()
        self._made: set[Path] = set()
        self.add(files or {})

    @classmethod
    def scan(cls, folder: Path, producer: str) -> Site:
        """The files already in `folder` (the engine's output), listed as written by `producer`."""
        files = {}
        for dirpath, _dirnames, filenames in os.walk(folder):
            here = Path(dirpath).relative_to(folder).as_posix()
            prefix = "" if here == "." else here + "/"
            for name in filenames:
                files[prefix + name] = producer
        return cls(folder, files)

    def __contains__(self, path: object) -> bool:
        return path in self.files

    def __len__(self) -> int:
        return len(self.files)

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)

    def producer(self, path: str) -> str | None:
        """The producer that wrote `path`, or None when no file is there."""
        return self.files.get(path)

    def read(self, path: str) -> bytes:
        """The bytes of a file already written (a redirect copies the feed it points at)."""
        if path not in self.files:
            raise InternalError(f"{path}: read from the site, but nothing wrote it")
        return (self.folder / path).read_bytes()

    def take(self, path: str) -> bytes | None:
        """Reads a file already written and removes it, for a producer that writes it anew.

        None when there is no such file. The sitemap takes MkDocs' `sitemap.xml` this way:
        it is the sitemap's input, and the sitemap step writes the published one.
        """
        if path not in self.files:
            return None
        data = (self.folder / path).read_bytes()
        (self.folder / path).unlink()
        del self.files[path]
        return data

    def add(self, files: Mapping[str, str]) -> None:
        """Lists files already in the folder (a child wrote them elsewhere and they were moved in).

        Refuses, as `write` does, a path listed already.
        """
        for path, producer in files.items():
            self._list(path, self._check_free(path, producer), producer)

    def write(self, producer: str, outputs: Iterable[Output]) -> list[str]:
        """Writes every `(path, data)` of `outputs` into the folder, in order; returns their paths.

        Each file is written whole under a temporary name and renamed into place, so no
        reader ever sees half a file. Raises InternalError for a path outside the folder, a
        path written before (naming both producers), or data that is not bytes.
        """
        written = []
        for path, data in outputs:
            if not isinstance(data, bytes):
                raise InternalError(f"{path}: {producer} yielded {type(data).__name__}, not bytes")
            folders = self._check_free(path, producer)
            self._write_file(self.folder / path, data)
            self._list(path, folders, producer)
            written.append(path)
        return written

    def _check_free(self, path: str, producer: str) -> list[str]:
        """Raises InternalError unless `path` may be written; returns the folders it is in."""
        check_path(path, producer)
        if path in self.files:
            raise InternalError(f"{path}: written by {self.files[path]} and again by {producer}")
        if path in self._folders:
            raise InternalError(f"{path}: {producer} wrote a file where the site has a folder")
        parts = path.split("/")
        folders = ["/".join(parts[:n]) for n in range(1, len(parts))]
        for folder in folders:
            if folder in self.files:
                raise InternalError(
                    f"{path}: {producer} wrote inside {folder}, a file {self.files[folder]} wrote"
                )
        return folders

    def _list(self, path: str, folders: list[str], producer: str) -> None:
        self._folders.update(folders)
        self.files[path] = producer

    def _write_file(self, target: Path, data: bytes) -> None:
        parent = target.parent
        if parent not in self._made:
            parent.mkdir(parents=True, exist_ok=True)
            self._made.add(parent)
        if os.path.lexists(target):  # written by a step that bypassed the writer: never replaced
            raise InternalError(f"{target}: in the site folder but not on its list of files written")
        partial = target.with_name(target.name + PARTIAL)
        with open(partial, "wb") as stream:
            stream.write(data)
        os.replace(partial, target)


def check_path(path: object, producer: str) -> None:
    """Raises InternalError unless `path` is a site-relative POSIX path inside the site folder."""
    if (
        not isinstance(path, str)
        or not path
        or "\\" in path
        or "\x00" in path
        or path.endswith(PARTIAL)
        or any(part in ("", ".", "..") for part in path.split("/"))
    ):
        raise InternalError(
            f"{producer} yielded the path {path!r}, which is not inside the site: a path is "
            f"site-relative POSIX, like {urls.page_file(urls.entry_page('<id>'))} (registry.output)"
        )

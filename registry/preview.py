"""`registry serve`'s fast path: an edited entry file shown in under a second, before the full build.

Why: a full build takes minutes at 10,000 entries (search index, exports, feeds, every page),
but a contributor previewing their entry needs only the few pages that show it. So after the
first full build the serve process keeps what those pages need in memory (the checked
entries, the history and site config the build used, the Jinja environment, the layouts of
the per-record pages) and, when only entry files changed:

1. reloads and checks only the changed files, with the rules `registry check` runs (the
   registry-wide ones see them beside every other entry: a duplicate id or alias, a related
   id, a published id that no entry keeps any more), printing problems exactly as a build
   would and keeping the last good pages;
2. renders the pages that show the changed records (registry.preview_pages), finished as
   the full build finishes them, for the server's in-memory overlay;
3. hands the new registry to the full build, which runs in the background (registry.serve).

Anything else (a template, mkdocs.yml, the research tables, the published-ids list, a
redaction) changes what every page looks like: the full build does it all, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from registry import engine
from registry.build import Inputs
from registry.checks.base import EntryFile
from registry.context import BuildContext
from registry.entries import DATA_FILES, ENTRIES_DIR, check_some
from registry.errors import Problem
from registry.preview_pages import PageMaker, Served
from registry.published_ids import history_ids, vanished_problems


def changed_files(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> set[str]:
    """The watched files (absolute paths) added, removed or modified between two snapshots."""
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def record_paths(root: Path, changed: Iterable[str]) -> set[str] | None:
    """The changed files as paths relative to `root`, if every one is an entry file; else None.

    An entry file is a `*.yaml` under `entries/` other than the registry-wide data files
    (redactions, public subjects): those, `published-ids.txt` and everything outside
    `entries/` (templates, the engine's config) need the full build.
    """
    rels = set()
    for path in changed:
        changed = Path(path)
        # The folder resolved, not the file: a symbolic link named like an entry stays the
        # entry file the check refuses, wherever it points.
        rel = (changed.parent.resolve() / changed.name).relative_to(root.resolve()).as_posix()
        first, _, rest = rel.partition("/")
        if first != ENTRIES_DIR or not rel.endswith(".yaml") or rest in DATA_FILES:
            return None
        rels.add(rel)
    return rels


@dataclass
class Outcome:
    """What one fast step found: problems (nothing shown changes), or the pages to show at once
    and the functions that make the next ones (the pages that list the changed records), in
    the order they are best shown."""

    problems: list[Problem] = field(default_factory=list)
    pages: dict[str, bytes] = field(default_factory=dict)
    listings: list[Callable[[], dict[str, bytes]]] = field(default_factory=list)
    #: The registry as it now stands, for the full build that follows (None on problems).
    inputs: Inputs | None = None


class FastPath:
    """The registry the preview last accepted, and how to move it on by one edit.

    `dirty` collects the entry files changed since the last accepted state: a file that
    failed its check stays dirty, so fixing another file checks it again too.
    """

    def __init__(self, root: Path, work_dir: Path, inputs: Inputs, like: BuildContext | None = None) -> None:
        self.root = root.resolve()
        self.work_dir = work_dir
        self.inputs = inputs
        self.by_path = {f.path: f for f in inputs.files}
        self.dirty: set[str] = set()
        #: The ids the history of the last full build holds: the never-404 guard's (published_ids).
        self.published = history_ids(inputs.history)
        self.ctx = self._context(inputs.files, like)
        self.maker = PageMaker(work_dir)

    def apply(self, rels: set[str], served: Served) -> Outcome:
        """Checks the changed entry files `rels` (relative to the root) and renders what shows them.

        `served` gives the page the server shows now at a site path (for the pages whose
        content alone is put into their last finished form). Leaves the accepted state as it
        was when there are problems.
        """
        self.dirty |= rels
        kept = [f for path, f in self.by_path.items() if path not in self.dirty]
        result = check_some(self.root, (self.root / rel for rel in sorted(self.dirty)), kept)
        present = {_stem(path) for path in self.by_path if path not in self.dirty}
        present |= {_stem(rel) for rel in self.dirty if (self.root / rel).is_file()}
        vanished = vanished_problems(self.root, result.files, present, from_git=self.published)
        problems = result.problems + vanished
        if problems:
            return Outcome(problems=sorted(problems))
        old = {rel: self.by_path[rel] for rel in self.dirty if rel in self.by_path}
        new_by_path = {f.path: f for f in result.files}
        new = {rel: new_by_path[rel] for rel in self.dirty if rel in new_by_path}
        new_ctx = self._context(result.files, self.ctx)
        pages = self.maker.own_pages(new_ctx, list(new.values()))
        old_ctx, olds, news = self.ctx, list(old.values()), list(new.values())
        self.inputs = Inputs(result.files, self.inputs.history, self.inputs.config)
        self.by_path = new_by_path
        self.ctx = new_ctx
        self.dirty = set()
        return Outcome(
            pages=pages,
            listings=[
                lambda: self.maker.directory_pages(new_ctx, olds, news),
                lambda: self.maker.spliced_pages(old_ctx, new_ctx, olds, news, served),
            ],
            inputs=self.inputs,
        )

    def warm(self, served: Served) -> None:
        """Prepares the first edit's pages (registry.preview_pages.PageMaker.warm)."""
        self.maker.warm(self.ctx, served)

    def _context(self, files: list[EntryFile], like: BuildContext | None) -> BuildContext:
        """A build context over `files`, reusing `like`'s Jinja environment and research tables.

        They depend on templates and research files only, which never change on this path,
        and compiling the templates again would cost more than the page itself.
        """
        config, history = self.inputs.config, self.inputs.history
        ctx = BuildContext(self.root, files, history, config, engine.docs_dir(self.work_dir))
        if like is not None:
            for name in ("env", "research"):
                if name in like.__dict__:
                    ctx.__dict__[name] = like.__dict__[name]  # a cached_property's own slot
        return ctx


def _stem(path: str) -> str:
    """`entries/gb/gb-x.yaml` -> `gb-x` (a string operation: it runs on every file of the registry)."""
    return path.rsplit("/", 1)[-1].removesuffix(".yaml")

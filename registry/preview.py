"""`registry serve`'s fast path: an edited entry file shown in under a second, before the full build.

Why: a full build takes minutes at 10,000 entries (search index, exports, feeds, every page),
but a contributor previewing their entry needs only the few pages that show it. So after the
first full build the serve process keeps what those pages need in memory (the checked
entries, the history and site config the build used, the Jinja environment, the layouts of
the per-record pages) and, when only entry files changed:

1. reloads and checks only the changed files (and those that still had problems), with the
   rules `registry check` runs (the registry-wide ones see them beside every other entry: a
   duplicate id or alias, a related id, a published id that no entry keeps any more),
   printing problems exactly as a build would; a file with problems keeps its last good
   version, and its problems are printed once for each change of it, not on every other save;
2. renders the pages that show the other changed records (registry.preview_pages), finished
   as the full build finishes them, for the server's in-memory overlay;
3. hands the new registry to the full build, which runs in the background (registry.serve).

So one broken file never holds back the rest: an edit of another entry is shown at once,
as long as the registry with the broken file's last good version still passes every rule.

Anything else (a template, mkdocs.yml, the research tables, the published-ids list, a
redaction) changes what every page looks like: the full build does it all, as before (with the
last good version of a file with problems, registry.serve `_load`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from registry import engine, urls
from registry.build import Inputs
from registry.checks.base import EntryFile
from registry.context import BuildContext
from registry.entries import DATA_FILES, ENTRIES_DIR, check_some
from registry.errors import Problem
from registry.preview_pages import PageMaker, Served
from registry.published_ids import alias_problems, history_ids, vanished_problems


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
    """What one fast step found and made.

    `problems` are those to print now: every problem of the files just changed, and another
    file's when they differ from what was last printed for it (a registry-wide rule the change
    broke or mended), so a file that stays wrong is told once, not again on every other save.
    `waiting` are files just changed, with no problem of their own, that cannot be shown until
    a file with problems is fixed (they name a record that only that file would give).
    `pages` are shown at once; `listings` make the next ones (the pages that list the changed
    records), in the order they are best shown.
    """

    problems: list[Problem] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    pages: dict[str, bytes] = field(default_factory=dict)
    listings: list[Callable[[], dict[str, bytes]]] = field(default_factory=list)
    #: The registry as it now stands, for the full build that follows (None: no change accepted).
    inputs: Inputs | None = None


class FastPath:
    """The registry the preview last accepted, and how to move it on by one edit.

    An edit is accepted file by file: a file with problems keeps its last good version (or
    none, if it never had one) in the accepted registry, and the files changed beside it are
    shown, as long as the registry as a whole still passes every rule with them. `pending`
    collects the files whose version on disk is not the accepted one; each is checked again
    with every later change, as another file's edit may mend (or break) a registry-wide rule.
    """

    def __init__(self, root: Path, work_dir: Path, inputs: Inputs, like: BuildContext | None = None) -> None:
        self.root = root.resolve()
        self.work_dir = work_dir
        self.inputs = inputs
        self.by_path = {f.path: f for f in inputs.files}
        self.pending: set[str] = set()
        #: The problems last printed, by file (a file without problems is not in it).
        self.told: dict[str, list[Problem]] = {}
        #: The ids the history of the last full build holds: the never-404 guard's (published_ids).
        self.published = history_ids(inputs.history)
        self.ctx = self._context(inputs.files, like)
        self.maker = PageMaker(work_dir)

    def apply(self, rels: set[str], served: Served) -> Outcome:
        """Checks the changed entry files `rels` (relative to the root) and renders what shows them.

        `served` gives the page the server shows now at a site path (for the pages whose
        content alone is put into their last finished form). A file with problems, or one that
        needs such a file, keeps its accepted version; the others move on.
        """
        candidates = rels | self.pending
        kept = [f for path, f in self.by_path.items() if path not in candidates]
        result = check_some(self.root, (self.root / rel for rel in sorted(candidates)), kept)
        present = {_stem(path) for path in self.by_path if path not in candidates}
        present |= {_stem(rel) for rel in candidates if (self.root / rel).is_file()}
        vanished = vanished_problems(self.root, result.files, present, from_git=self.published)
        vanished += self._alias_problems(result.files, candidates)
        found: dict[str, list[Problem]] = {}
        for problem in sorted(result.problems + vanished):  # what `registry check` says now
            found.setdefault(problem.path, []).append(problem)
        good = {rel for rel in candidates if rel not in found}
        files = result.files
        if found and good:
            files, good = self._standing(kept, {f.path: f for f in result.files}, candidates, good)
        held = candidates - good
        retold = {path for path, ps in found.items() if path in rels or self.told.get(path) != ps}
        outcome = Outcome(
            problems=[p for path in sorted(retold) for p in found[path]],
            waiting=sorted(rel for rel in held - found.keys() if rel in rels or rel in self.told),
        )
        self.told = found
        self.pending = held | found.keys()
        if not good:
            return outcome
        old = {rel: self.by_path[rel] for rel in good if rel in self.by_path}
        new_by_path = {f.path: f for f in files}
        new = {rel: new_by_path[rel] for rel in good if rel in new_by_path}
        new_ctx = self._context(files, self.ctx)
        outcome.pages = self.maker.own_pages(new_ctx, list(new.values()))
        old_ctx, olds, news = self.ctx, list(old.values()), list(new.values())
        self.inputs = Inputs(files, self.inputs.history, self.inputs.config)
        self.by_path = new_by_path
        self.ctx = new_ctx
        outcome.listings = [
            lambda: self.maker.directory_pages(new_ctx, olds, news),
            lambda: self.maker.spliced_pages(old_ctx, new_ctx, olds, news, served),
        ]
        outcome.inputs = self.inputs
        return outcome

    def _standing(
        self, kept: list[EntryFile], fresh: dict[str, EntryFile], candidates: set[str], good: set[str]
    ) -> tuple[list[EntryFile], set[str]]:
        """The registry with the `good` files as they are now and the other changed files as
        last accepted, and the good files that stand in it.

        Checked again as a whole: with a broken file's last good version (or without a new
        file that does not load), a good file may break a registry-wide rule, such as a related
        id that only the broken file gives. Such a file waits; when a problem falls on a file
        that did not change, which of the changed files caused it is not known, so all wait.
        """
        good = set(good)
        while good:
            files = [
                *kept,
                *(fresh[rel] for rel in good if rel in fresh),
                *(self.by_path[rel] for rel in candidates - good if rel in self.by_path),
            ]
            result = check_some(self.root, (), files)
            present = {_stem(f.path) for f in files}
            problems = result.problems + vanished_problems(
                self.root, result.files, present, from_git=self.published
            )
            if not problems:
                return result.files, good
            good -= {p.path for p in problems} & good or good
        return self.inputs.files, good

    def _alias_problems(self, files: list[EntryFile], candidates: set[str]) -> list[Problem]:
        """What `check` says of an alias a changed file gives (registry.published_ids): asked of
        git only when one does, as the build asks only when some record has aliases. Without it
        the preview published an alias that took over another record's address."""
        if not any(f.path in candidates and f.entry.aliases for f in files):
            return []
        return alias_problems(self.root, files)

    def held_pages(self) -> set[str]:
        """The site folders of the records whose file is pending: they show their last good version."""
        ids = {_stem(rel) for rel in self.pending}
        ids |= {self.by_path[rel].entry.id for rel in self.pending if rel in self.by_path}
        return {urls.entry_page(entry_id) for entry_id in ids}

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

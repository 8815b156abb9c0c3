"""The `registry` command: `check`, `build`, `serve`, `new`, `schema`, `docs`, `forms`,
`published-ids`, `published-revisions`, `check-links`.

User mistakes arrive here as `RegistryError` and are printed without a traceback; any other
exception is a bug and keeps its traceback. Each subcommand lives in the module of its stage;
this file only parses arguments and reports.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from functools import cache, partial
from pathlib import Path
from types import FrameType
from typing import Any

from registry.errors import EntryProblems, Problem, RegistryError, StoppedAfterSwap, Terminated
from registry.terminal import command_message, command_property, shown, shown_lines


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line; returns the exit status (0 ok, 1 problems, 2 usage, 3 a bug)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        require_registry(Path(args.root))
        with sigterm_stops():
            return args.run(args)
    except EntryProblems as exc:
        report_problems(exc.problems)
        print(str(exc), file=sys.stderr)
        return 1
    except RegistryError as exc:
        print(shown_lines(f"registry: {exc}"), file=sys.stderr)
        return 1
    except StoppedAfterSwap as exc:  # the build had finished: its site is in place
        print(shown_lines(f"registry: {exc}"), file=sys.stderr)
        return 0
    except Terminated:  # a cancelled CI job, `kill`: stopped as Ctrl-C stops it
        print("registry: stopped by SIGTERM", file=sys.stderr)
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:  # Ctrl-C is the user's choice, not a bug: no traceback
        print("registry: interrupted", file=sys.stderr)
        return 128 + signal.SIGINT
    except Exception:  # a bug (InternalError or anything else): its traceback, and where to send it
        print(shown_lines(traceback.format_exc().rstrip("\n")), file=sys.stderr)
        print(BUG_REPORT, file=sys.stderr)
        return 3


def require_registry(root: Path) -> None:
    """Refuses a root without `entries/`: every command reads or writes the registry there.

    Why: run from entries/gb, from an empty folder or with a mistyped --root, `check` passed
    with 0 entries checked, `published-ids` crashed with a traceback and `schema --check`
    called the committed schema stale: answers about a registry that was not there.
    """
    if not (root / "entries").is_dir():
        raise RegistryError(
            f"no entries/ folder in {root.resolve()}: run registry from the repository's root, or give --root"
        )


@contextlib.contextmanager
def sigterm_stops() -> Iterator[None]:
    """Meanwhile, SIGTERM stops the command as Ctrl-C does: `Terminated` is raised in it.

    Why: by default SIGTERM (a cancelled CI job) ended this process at once and nothing
    else. The process beside the build and the engine's went on writing into build/, and
    an immediate rebuild was refused, its lock still held by them. Raised, it unwinds as
    Ctrl-C does: each child stopped and waited for, the lock released, site/ as it was, one
    line. A forked child inherits the handler; there SIGTERM keeps its default (it ends the
    child), as the build stops its children with it.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set a handler (a command run by a test's thread)
        return
    before = signal.signal(signal.SIGTERM, partial(_on_sigterm, os.getpid()))
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL if before is None else before)


def _on_sigterm(owner: int, signum: int, frame: FrameType | None) -> None:
    """Raises `Terminated` in the command's process; in a forked child, ends it as by default."""
    if os.getpid() == owner:
        raise Terminated
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


#: Printed under the traceback of a bug: a user mistake is one line and never a traceback.
BUG_REPORT = (
    "registry: this is a bug in the registry, not a mistake in your entries. Please report it "
    "as an issue on the registry's repository, with the traceback above, the command you ran "
    "and the commit you ran it on (git rev-parse HEAD)."
)


def report_problems(problems: Sequence[Problem]) -> None:
    """Prints each problem on one stderr line; under GitHub Actions, also as an annotation.

    Paths, fields and messages carry text from pull requests: the line is `shown` (nothing
    can start a second line), and the annotation escapes its property and message as GitHub
    documents, so an entry can never write a workflow command of its own.
    """
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        print(problem.format(), file=sys.stderr)
        if annotate and problem.tally:  # about the file, at no line of it
            path = command_property(shown(problem.path))
            print(f"::error file={path}::{command_message(shown(problem.message))}", file=sys.stderr)
        elif annotate:
            path = command_property(shown(problem.path))
            message = command_message(shown(f"{problem.field}: {problem.message}"))
            print(f"::error file={path},line={problem.line},col={problem.col}::{message}", file=sys.stderr)


def _cmd_check(args: argparse.Namespace) -> int:
    from registry.address_lines import address_list_problems
    from registry.address_lists import removed_lines
    from registry.entries import check_entries, find_entry_files
    from registry.history_files import history_file_problems
    from registry.old_addresses import history_address_problems
    from registry.published_ids import alias_problems, head_lifetimes, vanished_problems
    from registry.stray_files import stray_file_problems

    root = Path(args.root).resolve()
    only = _named_entry_files(root, args.paths) if args.paths else None
    if args.changed is not None:
        only = _changed_entry_files(root, args.changed)
    result = check_entries(root, only)
    # Whatever the build refuses, check refuses: a published id that no entry keeps (a deleted
    # record, a rename without an alias). Always reported: that file is gone, so never "changed".
    present = [path.stem for path in find_entry_files(root)]
    # With aliases, one `git log` of files added and deleted gives both rules what they read
    # (every id added on HEAD's line is one whose file had a lifetime), not two logs.
    lived = None
    if args.changed is None and any(f.entry.aliases for f in result.files):
        lived = head_lifetimes(root)
    from_git = {i for i, spans in lived.spans.items() if spans} if lived else None
    result.problems.extend(vanished_problems(root, result.files, present, args.changed, from_git))
    result.problems.extend(alias_problems(root, result.files, lived))
    result.problems.extend(history_file_problems(root, result.files))
    # The build keeps the old addresses of names only its history walk finds; so must check.
    walk = _first_parent_walk(root)  # read once, for the two rules below that need it
    result.problems.extend(history_address_problems(root, result.files, walk, only))
    result.problems.extend(stray_file_problems(root))
    result.problems.extend(removed_lines(root, base=args.changed))  # the build's guard refuses them too
    result.problems.extend(address_list_problems(root, result.files, walk, present))  # naming nothing
    if result.problems:
        raise EntryProblems(result.problems)
    n = result.checked
    print(f"registry check passed: {n} entr{'ies' if n != 1 else 'y'} checked, no problems")
    return 0


def _first_parent_walk(root: Path) -> Callable[[], list[Any] | None]:
    """`gitlog.walk_log` of HEAD's first-parent line, made on the first call and kept: at 30,000
    commits one walk is 6.7 s (on a slow machine), and two rules of `check` read it."""
    from registry.history.gitlog import opened, walk_log

    @cache
    def walk() -> list[Any] | None:
        with opened(root) as found:
            return None if found is None else walk_log(*found)

    return walk


def _named_entry_files(root: Path, names: list[str]) -> list[Path]:
    """The files `check` was given, a folder standing for the entry files in it.

    A name check would not read is refused: before, a mistyped name, `README.md` or a file
    outside the registry "passed" with nothing checked. The research tables are named as
    entries are (`--changed` checks them too), and a folder stands for them too: `check
    research` checked nothing and passed. So does a folder holding neither.
    """
    from registry.entries import ENTRIES_DIR, find_entry_files, is_yaml_name
    from registry.research import COVERAGE_FILE, LAWS_FILE

    missing = [name for name in names if not Path(name).exists()]
    if missing:
        raise RegistryError(f"no such file: {', '.join(missing)}")
    found: list[Path] = []
    for name in names:
        path = Path(name).resolve()
        if not path.is_relative_to(root):
            raise RegistryError(f"{name} is not in this registry: entries are entries/<cc>/<id>.yaml")
        if path.is_dir():
            tables = [root / rel for rel in (LAWS_FILE, COVERAGE_FILE) if (root / rel).is_file()]
            inside = [p for p in (*find_entry_files(root), *tables) if p.resolve().is_relative_to(path)]
            if not inside:
                raise RegistryError(
                    f"{name} holds no entry file or research table: entries are entries/<cc>/<id>.yaml"
                )
            found.extend(inside)
            continue
        folder = path.relative_to(root).parts[0]
        if folder not in (ENTRIES_DIR, "research") or not is_yaml_name(path.name):
            raise RegistryError(f"{name} is not an entry file: entries are entries/<cc>/<id>.yaml")
        found.append(path)
    return found


def _changed_entry_files(root: Path, base: str) -> list[Path]:
    """Entry and research files the branch or the working tree change against `base` (a ref),
    for `check --changed` (registry/changed.py says which count)."""
    from registry.changed import changed_names
    from registry.entries import is_yaml_name

    return [root / name for name in sorted(changed_names(root, base)) if is_yaml_name(name)]


def _lazy(module: str, function: str) -> Callable[[argparse.Namespace], int]:
    """Imports a stage only when its command runs, so `registry check` stays fast to start."""

    def run(args: argparse.Namespace) -> int:
        import importlib

        return getattr(importlib.import_module(module), function)(args)

    return run


def _parser() -> argparse.ArgumentParser:
    # The docstring's whole first paragraph: its first line stopped mid-list of the commands.
    parser = argparse.ArgumentParser(prog="registry", description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--root", default=".", help="the repository root (default: the current folder)")
    sub = parser.add_subparsers(title="commands")

    check = sub.add_parser("check", help="check entry files and report every problem")
    check.add_argument("paths", nargs="*", help="only report on these files (default: all)")
    check.add_argument(
        "--changed",
        nargs="?",
        const="origin/main",
        metavar="BASE",
        help="only report on entry files changed against BASE (default origin/main) or not yet committed",
    )
    check.set_defaults(run=_cmd_check)

    schema = sub.add_parser("schema", help="write schema/entry.schema.json from the models")
    schema.add_argument("--check", action="store_true", help="fail if the committed file is stale")
    schema.set_defaults(run=_lazy("registry.docs", "run_schema"))

    build = sub.add_parser("build", help="check everything, then build the site into site/")
    build.add_argument(
        "--site-dir",
        help="where to put the site (default: site/ under the root); the build replaces it whole, so "
        "it must be new, empty or a site a build wrote (history-manifest.json at its top), and "
        "never the repository or a folder in it that git tracks files in",
    )
    build.add_argument(
        "--work-dir",
        help="where generated pages go (default: build/ under the root); new, empty or one a build "
        "used (.lock at its top), and never the repository or a folder in it that git tracks files in",
    )
    build.add_argument(
        "--site-url", help="the public address of the site (default: $REGISTRY_SITE_URL, else mkdocs.yml)"
    )
    build.add_argument(
        "--repo-url", help="the repository's address (default: $REGISTRY_REPO_URL, else mkdocs.yml)"
    )
    build.add_argument(
        "--deploy",
        action="store_true",
        help="a build for publication: refuse the example addresses, uncommitted work, and a folder "
        "without a whole git history (no .git, a shallow clone)",
    )
    build.add_argument(
        "--published-manifest",
        metavar="FILE",
        help="the live site's history-manifest.json: fail if its commit left the history (deploys)",
    )
    build.set_defaults(run=_lazy("registry.build", "run"))

    new = sub.add_parser("new", help="start a new entry file with every section and TODOs to fill in")
    for flag, what in [
        ("--country", "ISO country code, such as GB"),
        ("--operator", "the organisation that runs the system"),
        ("--place", "the named place, such as King's Cross Estate"),
        ("--title", "the record's title"),
        ("--id", "the record id (default: made from the country, operator and place)"),
    ]:
        new.add_argument(flag, help=f"{what}; asked for when missing")
    new.set_defaults(run=_lazy("registry.scaffold", "run"))

    published = sub.add_parser("published-ids", help="add every published id to entries/published-ids.txt")
    published.add_argument("--check", action="store_true", help="fail if a published id is missing from it")
    published.set_defaults(run=_lazy("registry.published_ids", "run"))

    revisions = sub.add_parser(
        "published-revisions",
        help="add the revision addresses earlier builds published to entries/published-revisions.txt",
    )
    revisions.add_argument(
        "--until",
        metavar="COMMIT",
        help="the commit the live site was built from before data contract 1.4.0 (required to add)",
    )
    revisions.add_argument(
        "--check", action="store_true", help="fail if a listed revision address does not resolve"
    )
    revisions.set_defaults(run=_lazy("registry.published_revisions", "run"))

    docs = sub.add_parser(
        "docs",
        help="write every generated document (REFERENCE.md, DATA.md's tables, JSON Schema, issue forms)",
    )
    docs.add_argument("--check", action="store_true", help="fail if any generated document is stale")
    docs.set_defaults(run=_lazy("registry.docs", "run"))

    forms = sub.add_parser("forms", help="write the issue chooser's links from mkdocs.yml")
    forms.add_argument("--check", action="store_true", help="fail if the committed file is stale")
    forms.set_defaults(run=_lazy("registry.docs", "run_forms"))

    links = sub.add_parser("check-links", help="report sources whose web address no longer answers")
    links.add_argument("--report", help="write the Markdown report to this file (default: print it)")
    links.add_argument("--timeout", type=float, default=15.0, help="seconds per request (default 15)")
    links.add_argument("--max-urls", type=int, default=1000, help="check at most this many addresses")
    links.add_argument("--workers", type=int, default=8, help="requests in parallel (default 8)")
    links.set_defaults(run=_lazy("registry.links", "run"))

    serve = sub.add_parser("serve", help="build, serve on 127.0.0.1 and rebuild on changes")
    serve.add_argument("--port", type=int, default=8000, help="the port (default 8000)")
    serve.set_defaults(run=_lazy("registry.serve", "run"))
    return parser

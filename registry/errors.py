"""The project's exceptions: user mistakes are `RegistryError`, everything else (`InternalError`
and any other exception) is a bug.

`cli.main` catches `RegistryError` and prints it without a traceback; any other exception
keeps its traceback, because it means our code is wrong, not the contributor's entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import total_ordering
from typing import Any

from registry.terminal import shown


@total_ordering
@dataclass(frozen=True)
class Problem:
    """One thing wrong with one entry file, already placed at a line and column.

    Ordered by (path, line, col) so that reports are sorted the way a reader scans a file.
    `field` is the dotted field path (`sources.3.url`) or a short code for whole-file and
    YAML-level problems (`dup-key`, `encoding`, `filename`).

    A `tally` (`tally_of`) is no problem at a place: it counts the file's problems left
    unlisted ("and 10 more"), so it has no line, column or field, and comes after the
    file's other problems.
    """

    path: str
    line: int
    col: int
    field: str
    message: str
    #: How many problems the line tells of: more than one only for the "and N more" line.
    counts_for: int = dataclass_field(default=1, compare=False)
    tally: bool = dataclass_field(default=False, compare=False)

    @classmethod
    def tally_of(cls, path: str, count: int, message: str) -> Problem:
        """The line that counts `count` problems of the file at `path` without listing them."""
        return cls(path, 0, 0, "", message, counts_for=count, tally=True)

    def _order(self) -> tuple[str, bool, int, int, str, str]:
        return (self.path, self.tally, self.line, self.col, self.field, self.message)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return self._order() < other._order()

    def format(self) -> str:
        """Returns the one-line form `path:line:col: field: message` (a tally's: `path: message`),
        safe to print.

        The path, field and message may hold text from the entry (a key, a value, a file
        name), so the line goes through `terminal.shown`: one line, nothing invisible.
        """
        if self.tally:
            return shown(f"{self.path}: {self.message}")
        return shown(f"{self.path}:{self.line}:{self.col}: {self.field}: {self.message}")


class RegistryError(Exception):
    """Base class for every error caused by input rather than by a bug in the registry."""


class LoadError(RegistryError):
    """Raised by the loader when an entry file is not the restricted YAML we accept."""

    def __init__(self, code: str, line: int, col: int, message: str) -> None:
        super().__init__(f"{line}:{col}: {code}: {message}")
        self.code = code
        self.line = line
        self.col = col
        self.message = message
        #: The file as it was surely meant, when only its characters were refused (a CR LF, a
        #: tab in a value): `registry.loader.Loaded`, for `check` to tell the rest of it.
        self.readable: Any = None
        #: The same file's other problems, when the loader could go on past this one (every
        #: refused character, every duplicate key): `together` puts them here.
        self.more: tuple[LoadError, ...] = ()

    def problem(self, path: str) -> Problem:
        """This error as the `Problem` of the file at `path` (relative), for `check`'s list."""
        return Problem(path, self.line, self.col, self.code, self.message)

    def problems(self, path: str) -> list[Problem]:
        """This error and the file's other problems (`more`), each a `Problem` of `path`."""
        return [error.problem(path) for error in (self, *self.more)]

    @staticmethod
    def together(errors: list[LoadError]) -> LoadError:
        """One error that carries all of `errors`: the first in the file, the rest in `more`."""
        first, *rest = sorted(errors, key=lambda e: (e.line, e.col))
        first.more = tuple(rest)
        return first


class EntryProblems(RegistryError):
    """Raised by `check` and `build` when one or more entries have problems; carries all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        files = len({p.path for p in self.problems})
        n = sum(p.counts_for for p in self.problems)
        super().__init__(
            f"registry check failed: {n} error{'s' if n != 1 else ''} "
            f"in {files} file{'s' if files != 1 else ''}"
        )


class HistoryUnavailable(RegistryError):
    """Raised by `history` when the git history cannot be trusted (a shallow clone)."""


class BuildError(RegistryError):
    """Raised by the build when a published promise would break (a vanished id, a bad redirect)."""


class Stopped(RegistryError):
    """A process of the build was ended by a signal from outside (a cancelled CI job, `kill`,
    the kernel out of memory): neither a mistake in the entries nor a bug, so one line."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the command's own process (`cli.main` installs the handler).

    A KeyboardInterrupt on purpose: a cancelled CI job is stopped as Ctrl-C stops a build,
    through every `finally` and every place that already stops its children for Ctrl-C.
    """


class StoppedAfterSwap(KeyboardInterrupt):
    """Ctrl-C or SIGTERM while the swap removed the old site: the new one was in place already.

    Why: "registry: interrupted" and exit 130 told a finished build as a failed one. A
    KeyboardInterrupt still, so whatever stops for Ctrl-C (a preview server) stops; the command
    says what happened in one line and exits 0 (`cli.main`).
    """

    def __init__(self, site_dir: object, leftover: object) -> None:
        super().__init__(
            "interrupted while removing the old site; the build had finished: the new site is in "
            f"{site_dir}, and what is left of the old one is in {leftover} (delete it)"
        )


class InternalError(Exception):
    """A fault in the registry's own code or in a tool it runs, never in the entries.

    Not a `RegistryError` on purpose: `cli.main` shows its traceback and how to report it,
    where a user mistake gets one line and no traceback.
    """

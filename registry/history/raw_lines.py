"""The raw lines of a version that did not load, as the History publishes them.

Why a module of their own: such a version has no fields to compare, so its changes are shown
line by line, and those lines are anything a contributor wrote, never checked by the loader
(SECURITY.md: every entry and every commit is untrusted). Here they are diffed, cut to a size
a page can hold, and their controls and invisible characters made visible.
"""

from __future__ import annotations

import difflib

from registry.terminal import visible

#: The characters of a line of a `line_diff` that are shown; the rest is counted, not shown.
LINE_CHARS = 240
#: The characters a `line_diff` shows in all: no more lines are added once they are reached.
DIFF_CHARS = 20_000


def line_diff(old: str, new: str, limit: int = 200) -> tuple[str, ...]:
    """Returns a unified line diff (without file headers), cut to `limit` lines and `DIFF_CHARS`.

    The lines are a version that did not load, published as they were written: untrusted
    (SECURITY.md). So each is cut to `LINE_CHARS`, and its controls and invisible characters
    (ESC, a bidi override, a zero-width space) are shown as escapes (`terminal.visible`), as
    every message shows them; a page of such lines then stays small and reads as it is.
    """
    lines = list(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=2))
    lines = [line for line in lines if not line.startswith(("---", "+++"))]
    shown: list[str] = []
    used = 0
    for number, line in enumerate(lines):
        if number == limit or used >= DIFF_CHARS:
            shown.append(f"... {len(lines) - number} more lines not shown")
            break
        shown.append(_diff_line(line))
        used += len(shown[-1])
    return tuple(shown)


def _diff_line(line: str) -> str:
    """One line of a `line_diff`: cut before it is escaped, so no escape is left half written."""
    cut = visible(line[:LINE_CHARS])
    if len(line) > LINE_CHARS:
        cut += f"\u2026 ({len(line) - LINE_CHARS:,} more characters not shown)"
    return cut

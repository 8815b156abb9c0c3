"""Untrusted text made safe for a terminal line, a CI log and GitHub's workflow commands.

Keys, values and file names in messages come from pull requests. Printed raw, a line break
in one starts a new output line, and under GitHub Actions a line that starts with `::` (or
holds `##[`) is a workflow command: a pull request could forge annotations or worse. Escape
sequences could rewrite the terminal, and format characters reorder what a reader sees.

Every printer passes text through `shown` (one line, every such character visible as an
escape); the GitHub annotation also escapes its message and properties as GitHub documents
(https://docs.github.com/actions/reference/workflow-commands-for-github-actions).
"""

from __future__ import annotations

import re

from registry.chars import FORMAT_RANGES

# C0 and C1 controls, DEL, surrogates, the Unicode line and paragraph separators, and format
# characters (bidi overrides, zero-width spaces, tags): what can hide or reorder text.
_INVISIBLE = f"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff{FORMAT_RANGES}]"
_CONTROLS = re.compile(_INVISIBLE)
# ... and, for a CI log, a backslash-free `##[` opener.
_UNSAFE = re.compile(f"{_INVISIBLE}|##\\[")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "##[": "#\\x23["}
# A line the runner reads as a command: `::` after leading white space (it trims it).
_COMMAND_START = re.compile(r"^(\s*):")


def _escape(match: re.Match[str]) -> str:
    text = match.group()
    if text in _NAMED:
        return _NAMED[text]
    code = ord(text)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def shown(text: str) -> str:
    """Returns `text` as one printable line: controls and invisible characters as escapes.

    A line break becomes the two characters `\\n`; ESC becomes `\\x1b`; U+200B becomes
    `\\u200b`. A line that would start with `:` (a workflow command) starts `\\x3a` instead.
    """
    text = _UNSAFE.sub(_escape, text)
    return _COMMAND_START.sub(r"\1\\x3a", text, count=1)


def visible(text: str) -> str:
    """Returns `text` with its controls and invisible characters as escapes, as `shown` writes them.

    For text a page prints (a broken old version's raw lines): no terminal or log reads it, so
    the workflow-command rules of `shown` (`##[`, a leading `:`) do not apply.
    """
    return _CONTROLS.sub(_escape, text)


def shown_lines(text: str) -> str:
    """Returns a message that is meant to have several lines with each line `shown`."""
    return "\n".join(shown(line) for line in text.split("\n"))


def command_message(text: str) -> str:
    """Escapes the message of a workflow command: `%`, then CR and LF, as GitHub's toolkit does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def command_property(text: str) -> str:
    """Escapes a workflow command property (`file=...`): the message escapes, plus `:` and `,`."""
    return command_message(text).replace(":", "%3A").replace(",", "%2C")

"""Commit text made safe to show: cleaned author names and subjects, pull-request numbers.

Commit metadata is untrusted free text (SECURITY.md rule 11): control and bidi characters are
removed, whitespace collapsed and the result cut to 120 characters; templates then escape it.
The commit's email and body are never shown, nor an email address or phone number written in
a subject or an author name. The one thing read from a body is the first line of
a GitHub merge commit, which GitHub fills with the pull request's title.
"""

from __future__ import annotations

import re

from registry.chars import without_invisible
from registry.checks.text import has_contact_details, without_contact_details

MAX_TEXT = 120
# Line and paragraph separators and noncharacters; the format characters (bidi controls, zero
# widths, tag characters: hidden text) go by `without_invisible`, as entry text refuses them.
_INVISIBLE = re.compile("[\u2028\u2029\ufdd0-\ufdef\ufffe\uffff]")
# Unicode category Cc is exactly these two ranges (C0, DEL and C1 controls).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_MERGE_PR = re.compile(r"^Merge pull request #(\d{1,9}) from \S+$")
_SQUASH_PR = re.compile(r"^(.*\S)\s+\(#(\d{1,9})\)$")


def clean_text(text: str, limit: int = MAX_TEXT) -> str:
    """Returns `text` on one line, without control or bidi characters, at most `limit` long."""
    text = _CONTROL.sub(" ", without_invisible(_INVISIBLE.sub("", text)))
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "\u2026"
    return text


#: What an author name that holds contact details is shown as.
WITHHELD_AUTHOR = "a contributor (name withheld: it held contact details)"
#: What an email address or phone number in a commit subject is shown as.
WITHHELD_CONTACT = "[contact details withheld]"


def shown_author(name: str) -> str:
    """An author name as the site shows it: cleaned, and withheld when it holds an email
    address or a phone number. Git takes any text as a name (`jane@example.org 07700 900123`),
    and the registry never publishes contact details (SECURITY.md), which entries are checked
    for but commit metadata cannot be."""
    cleaned = clean_text(name)
    return WITHHELD_AUTHOR if has_contact_details(cleaned) else cleaned


def describe_commit(message: str) -> tuple[str, int | None]:
    """Returns (subject, pull request number) for a commit message.

    `Merge pull request #N from owner/branch` becomes (PR title from the body, N), so the
    branch name, which the contributor chose, is never shown; a squash merge's
    `Title (#N)` becomes (Title, N).
    """
    paragraphs = message.replace("\r\n", "\n").strip("\n").split("\n\n")
    subject = " ".join(paragraphs[0].split("\n")) if paragraphs else ""
    merge = _MERGE_PR.match(subject.strip())
    if merge:
        body = "\n\n".join(paragraphs[1:]).strip()
        title = body.split("\n", 1)[0] if body else ""
        return _shown_subject(title), int(merge.group(1))
    squash = _SQUASH_PR.match(subject.strip())
    if squash:
        return _shown_subject(squash.group(1)), int(squash.group(2))
    return _shown_subject(subject), None


def _shown_subject(subject: str) -> str:
    """A subject as the site shows it: cleaned, with any email address or phone number
    withheld. Found before the cut to 120 characters, so a cut never leaves half of one."""
    whole = clean_text(subject, limit=len(subject) + 1)
    return clean_text(without_contact_details(whole, WITHHELD_CONTACT))

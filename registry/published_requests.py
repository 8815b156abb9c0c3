"""`entries/published-request-pages.txt`: the request-page addresses earlier builds published.

Builds before issue 18.1 wrote a page of records-request drafts for every published record
with an open question, `/deployments/<id>/request/`: a whole page of the theme's header,
navigation and footer around a few kilobytes of letters, one more file and about 11 KB per
record. The drafts are now a section of the record's own page, `/deployments/<id>/#request`
(registry.pages.requests), and no request page is built. But an address once published never
breaks (SECURITY.md rule 16), and GitHub Pages cannot redirect a missing file, so the ids
whose request page was published are listed here, one a line (sorted, `#` comments allowed),
and each keeps a small redirect page to its record's section (registry.postbuild.redirects),
through the record's current id when it was renamed, to the tombstone when it is no longer
published. A record added after the switch is not listed and gets no such page.

Append-only and frozen: a line is never removed, and none is added. It was made once, from
the build of `main` when the switch was merged: every record with an open question
(`registry.pages.requests.has_request`), which is every record that build gave a request
page (HACKING.md "Request pages"). The never-404 guard (registry.postbuild.guard) fails
when a listed address has no file, when a listed id is no record's id or alias, or when a line
once committed is gone (registry.address_lists; `check` refuses that too).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from registry import address_lists, urls
from registry.published_ids import answering
from registry.published_revisions import read_address_list
from registry.types import ENTRY_ID

LIST_PATH = address_lists.REQUEST_PAGES
HEADER = (
    "# Records-request pages published by builds before issue 18.1, one record id per line, sorted:\n"
    f"# /{urls.request_page('<id>')} keeps a redirect page to /{urls.request_section('<id>')}.\n"
    "# Append-only and frozen: never remove a line, never add one (SECURITY.md rule 16).\n"
    "# Newer records have no request page: their drafts are a section of their page (HACKING.md).\n"
)


@dataclass(frozen=True)
class Listed:
    """One listed id and its line in the list (for messages)."""

    id: str
    line: int


def read_list(root: Path) -> list[Listed]:
    """The ids in `root/entries/published-request-pages.txt` (none when the file does not exist);
    raises RegistryError naming every malformed line."""
    return read_address_list(root / LIST_PATH, LIST_PATH, parse_line, EXPECTED)


#: How a line of the list is written, for the message on one that is not.
EXPECTED = "one record id"


def parse_line(line: str, number: int) -> Listed | None:
    return Listed(line, number) if ENTRY_ID.fullmatch(line) else None


def resolve(listed: list[Listed], files: list[Any]) -> tuple[list[tuple[Listed, Any]], list[str]]:
    """Each listed id with the record (EntryFile) that answers for it now, its own or, after a
    rename, the one that lists it in `aliases`; and a message per id no record answers for."""
    records = answering(files)
    resolved, problems = [], []
    for item in listed:
        record = records.get(item.id)
        if record is None:
            problems.append(f"{LIST_PATH}:{item.line}:1: {item.id}: {NO_RECORD}")
        else:
            resolved.append((item, record))
    return resolved, problems


NO_RECORD = "its request page was published, but no record has this id or lists it in aliases"


def list_text(ids: list[str]) -> str:
    """The list's text for `ids`: the header, then one id a line, sorted (how it was made)."""
    return HEADER + "".join(f"{i}\n" for i in sorted(set(ids)))

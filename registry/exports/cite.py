"""How to cite an entry: plain text, BibTeX and CSL-JSON, pinned to one revision.

A citation must still say the same thing in ten years, so it names the revision it was
made from (the short commit id and the day that commit was merged) and links to that
revision's item on the record's history page, `/deployments/<id>/history/#rev-<short-sha>`,
which never changes once written (the page only gains newer revisions above it) and shows
what changed and, with script, the record as written then. Citations made before issue 18
name `/deployments/<id>/revisions/<short-sha>/`, which keeps redirecting there
(registry.published_revisions).
Without git history (a build from a tarball) there is no revision to name: the citation
says "unversioned" and links to the live page instead.

Pure: the entry template's cite partial calls `citation` through the `citation` filter of
`registry.render`; nothing here writes files. Contributor text (the title) is escaped for
BibTeX here; HTML escaping is the template's job (autoescape).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from registry import urls
from registry.dates import day_in_words

UNVERSIONED = "unversioned"

_BIBTEX_SPECIAL = re.compile(r"([{}\\#$%&~_^])")
_BIBTEX_REPLACEMENTS = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True)
class Citation:
    """One entry's citation in three formats, and the revision it refers to."""

    entry_id: str
    revision: str  # the 12-digit short sha, or "unversioned"
    date: dt.date | None  # the day that revision was merged; None when unversioned
    url: str  # absolute permanent link: the revision's history item, or the live page when unversioned
    path: str  # the same link as a site path (base path included), for hrefs
    page_url: str  # the live page, absolute
    text: str
    bibtex: str
    csl_json: str

    @property
    def versioned(self) -> bool:
        return self.revision != UNVERSIONED

    @property
    def date_label(self) -> str:
        """`26 November 2026`, the way the site prints full dates."""
        return day_in_words(self.date) if self.date else ""


def latest_revision(history: Any) -> Any | None:
    """The newest revision of an EntryHistory that has the entry's data, or None."""
    if history is None:
        return None
    return next((r for r in history.revisions if r.has_data), None)


def citation(entry: Any, history: Any, config: Any) -> Citation:
    """Returns the citation of `entry` at its latest revision in `history` (an EntryHistory or None).

    `config` is the build's SiteConfig (site_url, site_name, base). Registered as the Jinja
    filter `citation`: `{% set c = entry|citation(history, ctx.config) %}`.
    """
    site_url = config.site_url
    page_url = site_url + urls.entry_page(entry.id)
    revision = latest_revision(history)
    if revision is None:
        short, date = UNVERSIONED, None
        url, path = page_url, config.base + urls.entry_page(entry.id)
    else:
        short, date = revision.short, revision.date
        url = site_url + urls.revision_anchor(entry.id, short)
        path = config.base + urls.revision_anchor(entry.id, short)
    publisher = config.site_name
    version = f"revision {short} of {day_in_words(date)}" if date else "unversioned"
    text = f'{publisher}. "{entry.title}" (record {entry.id}), {version}. {url}'
    return Citation(
        entry_id=entry.id,
        revision=short,
        date=date,
        url=url,
        path=path,
        page_url=page_url,
        text=text,
        bibtex=_bibtex(entry, publisher, short, date, url),
        csl_json=_csl_json(entry, publisher, short, date, url),
    )


def bibtex_escape(text: str) -> str:
    """Escapes BibTeX/LaTeX specials so a title can never close a field or run a command."""
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_REPLACEMENTS.get(m.group(1), "\\" + m.group(1)), text)


def _bibtex(entry: Any, publisher: str, short: str, date: dt.date | None, url: str) -> str:
    key = f"frregistry-{entry.id}" + (f"-{short}" if date else "")
    fields = [
        # Braced twice, as the author is: a sentence-case style lowers every capital it is
        # allowed to, and a record's title is full of names ("Metropolitan Police").
        ("title", "{{" + bibtex_escape(entry.title) + "}}"),
        ("author", "{{" + bibtex_escape(publisher) + "}}"),
        # `#` (the revision's anchor) is a macro parameter inside another command's argument:
        # \url prints `\#` as `#`. The url field is read verbatim by biblatex, so it stays.
        ("howpublished", "{\\url{" + url.replace("#", "\\#") + "}}"),
        ("url", "{" + url + "}"),
    ]
    if date:
        fields += [("year", f"{{{date.year}}}"), ("month", _MONTHS[date.month - 1]), ("date", f"{{{date}}}")]
    fields.append(
        (
            "note",
            "{Record "
            + bibtex_escape(entry.id)
            + ", "
            + ("revision " + short if date else UNVERSIONED)
            + "}",
        )
    )
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{key},\n{body},\n}}"


def _csl_json(entry: Any, publisher: str, short: str, date: dt.date | None, url: str) -> str:
    item: dict[str, Any] = {
        "id": f"frregistry-{entry.id}" + (f"-{short}" if date else ""),
        "type": "dataset",
        "title": entry.title,
        "author": [{"literal": publisher}],
        "publisher": publisher,
        "number": entry.id,
        "version": short,
        "URL": url,
    }
    if date:
        item["issued"] = {"date-parts": [[date.year, date.month, date.day]]}
    # One key per line, each value compact: readable, and still exactly JSON.
    lines = [f"    {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in item.items()]
    return "[\n  {\n" + ",\n".join(lines) + "\n  }\n]"

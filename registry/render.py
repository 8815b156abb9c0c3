"""The one Jinja environment for HTML pages, and the small helpers templates call.

Contributor text is never HTML (SECURITY.md 3.3): this environment has a literal
`autoescape=True` (not `select_autoescape`, which is off for `*.j2` names) and
`StrictUndefined`, so a missing value fails the build instead of printing blank. Templates
only format; grouping and sorting happen in `registry.pages`. This module writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote, urlsplit

import pycountry
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from registry import urls, vocab
from registry.countries import country_in_sentence, country_name
from registry.dates import PartialDate
from registry.exports.cite import citation
from registry.history.changes import word_diff
from registry.location import locate
from registry.searchwords import WEIGHTS as SEARCH_WEIGHTS
from registry.searchwords import search_words
from registry.text import clause, joint, slugify
from registry.types import Unknown
from registry.wording import evidence_mark, evidence_notice_parts, measure_label, quantity_label
from registry.years_in_use import in_use_line, years_in_use

TEMPLATES_DIR = "site_templates"

#: Every vocabulary's display labels, as `labels.status["ended"]` in templates.
LABELS = SimpleNamespace(
    record_status=vocab.RECORD_STATUS_LABELS,
    status=vocab.STATUS_LABELS,
    sector=vocab.SECTOR_LABELS,
    operator_kind=vocab.OPERATOR_KIND_LABELS,
    party_role=vocab.PARTY_ROLE_LABELS,
    place_type=vocab.PLACE_TYPE_LABELS,
    coordinate_precision=vocab.COORDINATE_PRECISION_LABELS,
    fr_mode=vocab.FR_MODE_LABELS,
    event_type=vocab.EVENT_TYPE_LABELS,
    investigation_status=vocab.INVESTIGATION_STATUS_LABELS,
    political_action_type=vocab.POLITICAL_ACTION_TYPE_LABELS,
    source_type=vocab.SOURCE_TYPE_LABELS,
    unknown_reason=vocab.UNKNOWN_REASON_LABELS,
    metric=vocab.METRIC_LABELS,
    yes_no=vocab.YES_NO_LABELS,
    penalty_kind=vocab.PENALTY_KIND_LABELS,
    penalty_status=vocab.PENALTY_STATUS_LABELS,
    evidence_basis=vocab.EVIDENCE_BASIS_LABELS,
)


def pagefind_label(text: str) -> Markup:
    """Text for a search filter's value, escaped twice: Pagefind indexes the element's text (the
    first escaping undone), and its UI then writes each filter's label as HTML. Escaped once, a
    vendor named "&lt;meta http-equiv=refresh ...&gt;" became a live element on /search/ that
    sent the reader to another site; escaped twice, every name reads as written."""
    return Markup(escape(str(escape(text))))


def make_environment(root: Path) -> Environment:
    """Returns the HTML environment over `root/site_templates/` (reads templates lazily)."""
    env = Environment(
        loader=FileSystemLoader(str(root / TEMPLATES_DIR)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["date"] = date_label
    env.filters["iso"] = date_iso
    env.filters["country"] = country_name
    env.filters["country_in"] = country_in_sentence  # inside a sentence: "in the United States"
    env.filters["slug"] = slugify
    env.filters["citation"] = citation  # EXPORTS: the cite box of entry pages
    env.filters["quantity"] = quantity_label
    env.filters["measure"] = measure_label
    env.filters["language"] = language_name
    env.filters["clause"] = clause
    env.filters["pagefind_label"] = pagefind_label
    env.filters["joint"] = joint  # "; " or ". " before a note, as its first letter needs
    env.globals["evidence_notice"] = evidence_notice_parts  # label and sentence apart
    env.globals["evidence_mark"] = evidence_mark  # "alleged and denied", beside a status in a table
    env.tests["unknown"] = is_unknown
    env.globals["claim_sources"] = claim_sources  # one group of citations after a claim
    env.globals["labels"] = LABELS
    env.globals["urls"] = urls  # every address of the site: templates never spell one
    env.globals["word_changes"] = word_changes  # HISTORY: a long text's change, word by word
    env.globals["search_words"] = search_words  # SEARCH: a record's own words, for the index
    env.globals["search_weights"] = SEARCH_WEIGHTS
    env.globals["years_in_use"] = years_in_use  # SEARCH: the year filter, the deployments table's rule
    env.globals["in_use_line"] = in_use_line  # SEARCH: a result's "In use: about 2017 to 2022"
    env.globals["locate"] = locate  # PICTURES: where a record is placed, and how precisely
    return env


@dataclass(frozen=True)
class WordPiece:
    """One piece of a word diff, with the spaces worked out so the template only prints them.

    `before` is a space the reader needs between this piece and the one before (a word added
    straight after a removed one, or an ellipsis after a word); `lead` and `trail` are the
    piece's own outer spaces, kept outside `<del>`/`<ins>` so a struck-through space never shows.
    """

    kind: str  # "same", "del", "ins" or "gap"
    text: str
    before: str = ""
    after: str = ""

    @property
    def core(self) -> str:
        return self.text.strip()

    @property
    def lead(self) -> str:
        return self.text[: len(self.text) - len(self.text.lstrip())]

    @property
    def trail(self) -> str:
        return self.text[len(self.text.rstrip()) :]


def word_changes(old: str, new: str) -> SimpleNamespace:
    """`pieces` (WordPiece) of the change from `old` to `new`, and `only_spacing` when no word changed."""
    raw = word_diff(old, new)
    pieces = []
    for index, (kind, words) in enumerate(raw):
        prev = raw[index - 1] if index else None
        glued = prev is not None and not prev[1][-1:].isspace()
        before = after = ""
        if kind == "ins" and glued and prev[0] == "del":
            before = " "
        elif kind == "gap":
            before = " " if glued else ""
            after = " " if index < len(raw) - 1 else ""
        pieces.append(WordPiece(kind, words, before, after))
    return SimpleNamespace(pieces=pieces, only_spacing=all(k in ("same", "gap") for k, _ in raw))


def word_changes_text(old: str, new: str) -> str:
    """The change from `old` to `new` as plain text, in the words the history page gives a screen
    reader: "… running. [added: The record was checked …]" (feeds, which hold no markup)."""
    words = word_changes(old, new)
    if words.only_spacing:
        return "(only the spacing changed)"
    shown = []
    for p in words.pieces:
        if p.kind in ("del", "ins"):
            label = "removed" if p.kind == "del" else "added"
            shown.append(f"{p.before}{p.lead}[{label}: {p.core}]{p.trail}")
        elif p.kind == "gap":
            shown.append(f"{p.before}…{p.after}")
        else:
            shown.append(p.text)
    return "".join(shown)


def is_unknown(value: Any) -> bool:
    """True for an `Unknown` (a fact recorded as not known, with its reason)."""
    return isinstance(value, Unknown)


def claim_sources(own: list[str], *values: Any) -> list[str]:
    """The sources of one claim, each once, in the order the record numbers them (s1, s2...):
    its own, and those of each unknown among `values` (other values have none).

    The page prints them as one group after the claim, where it used to print the unknown's
    group and then the claim's: "Start date unknown (...) [s2] [s1][s2]".
    """
    ids = set(own)
    for value in values:
        if isinstance(value, Unknown):
            ids.update(value.sources)
    return sorted(ids, key=lambda sid: int(sid[1:]))


def date_label(value: PartialDate | Unknown | None) -> str:
    """`May 2016` for a date, as precise as it is known; the reason's label for an Unknown."""
    if value is None:
        return ""
    if isinstance(value, Unknown):
        return f"Unknown ({vocab.UNKNOWN_REASON_LABELS[value.unknown].lower()})"
    return value.label()


@cache
def language_name(code: str) -> str:
    """The English name of an ISO 639-1 code: `cy` -> `Welsh` (a reader may not know the code)."""
    language = pycountry.languages.get(alpha_2=code)
    return language.name if language is not None else code


def date_iso(value: PartialDate) -> str:
    """`2016-05`: the date as written, for `<time datetime>` and for sorting keys."""
    return str(value)


def base_path(site_url: str) -> str:
    """The path the site is served under (`/` or `/registry/`), always ending in a slash."""
    path = urlsplit(site_url).path or "/"
    return path if path.endswith("/") else path + "/"


def issue_link(repo_url: str, page_url: str, title: str) -> str:
    """A new-issue link on the repository host, prefilled with the page's URL (percent-encoded)."""
    body = f"Page: {page_url}\n\nWhat is wrong, and which source shows it:\n"
    return f"{repo_url.rstrip('/')}/issues/new?title={quote(title, safe='')}&body={quote(body, safe='')}"

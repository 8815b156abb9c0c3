"""A tiny registry in a real git repository, built once per test session, for the exports,
redirect, guard and citation tests (not a test module itself).

Five records made from the worked example, with pinned commit dates in three years:

- 2019-10-03 `Add five records`: King's Cross, a second record whose title is a spreadsheet
  formula (CSV injection) and whose operator note names a private person, a record that will
  be withdrawn, one that will be merged and one that will be renamed.
- 2020-06-01 the second record's status changes from ended to paused, its summary gains a
  sentence (a word-level change in its History) and its status note goes (a long text removed
  whole).
- 2021-03-02 the third record is withdrawn (the tombstone stays at its address), a fifth is
  merged into King's Cross, and the operator note the second record had at first, which named
  a private person, is redacted from history (entries/redactions.yaml).
- 2021-04 to 2021-06: the fourth record is reviewed ten times (its last-reviewed date moves),
  so it has more revisions than an entry page lists (registry.pages.entry.REVISIONS_ON_PAGE)
  and gets a history page.
- 2022-01-10 the fourth record is renamed, its old id kept in `aliases`.

The registry "switched" to history pages after the 2021-03-02 commit: `make_repo` lists the
revision addresses built until then in entries/published-revisions.txt with the real command
(`registry published-revisions --until`), so the revisions up to it keep their old addresses
(the fourth record's first under its old id too) and the reviews and the rename do not.

`build()` runs the real `build_site` (MkDocs, Pagefind, every post-build step).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fixture_registry import copy_site_files  # untracked: history reads entries/ only
from gitrepo import EXAMPLE_ID, GitRepo, edit, entry_text, path_of

from registry.build import build_site
from registry.cli import main

KX = EXAMPLE_ID
FORMULA = "gb-formula-title"
FORMULA_TITLE = '=HYPERLINK("https://attacker.example/x","click")'
WITHDRAWN = "gb-withdrawn-trial"
OLD = "gb-old-name"
NEW = "gb-new-name"
MERGED = "gb-merged-duplicate"
PRIVATE = "Jane Q. Private-Person"
WITHDRAWN_REASON = "It duplicated the King's Cross record."
UTC_2019, UTC_2020, UTC_2021, UTC_2022 = 1_570_060_800, 1_590_969_600, 1_614_643_200, 1_641_772_800

_RECORD = "record:\n  status: published\n"
SUMMARY_END = "whether the system matched anyone."
SUMMARY_ADDED = "\n  It was paused in June 2020."
#: Removed in the same commit: a long text taken away whole, shown behind "Show the text".
STATUS_NOTE = (
    "  status_note: >-\n"
    "    In September 2019 the partnership said it did not use facial recognition and had no plans to\n"
    "    reintroduce it. A new image-sharing agreement was reportedly put in place at the start of\n"
    "    2019, under which no images were shared.\n"
)
_REVIEWED = "  last_reviewed: 2026-11-26\n"
#: The fourth record's review commits, after "add" (its history then has 12 revisions).
REVIEWS = 10
_TITLE = "title: King's Cross Estate live facial recognition with Metropolitan Police images"
_NOTE = "  note: The partnership that owns the estate, a consortium led by the property developer Argent.\n"


@dataclass(frozen=True)
class Site:
    root: Path
    site: Path
    commits: dict[str, str]  # name -> full sha


def withdrawn_text(entry_id: str) -> str:
    return edit(
        entry_text(entry_id),
        _RECORD,
        f"record:\n  status: withdrawn\n  withdrawn:\n    date: 2021-03-01\n    reason: {WITHDRAWN_REASON}\n",
    )


def merged_text(entry_id: str) -> str:
    return edit(entry_text(entry_id), _RECORD, f"record:\n  status: merged\n  merged_into: {KX}\n")


def renamed_text() -> str:
    return edit(entry_text(NEW), _RECORD, f"aliases: [{OLD}]\n{_RECORD}")


def reviewed_text(n: int) -> str:
    """The fourth record after its `n`th review: last reviewed on 1 November 2026 plus 2n days."""
    return entry_text(OLD, **{_REVIEWED: f"  last_reviewed: 2026-11-{1 + 2 * n:02d}\n"})


def make_repo(root: Path) -> dict[str, str]:
    """Creates the repository under `root` (history only); returns the commit ids by name."""
    repo = GitRepo(root)
    copy_site_files(root)
    commits = {}
    formula = entry_text(FORMULA, **{_TITLE: f"title: '{FORMULA_TITLE}'"})
    private = edit(formula, _NOTE, f"  note: Told to the registry by {PRIVATE}, a passer-by.\n")
    commits["add"] = repo.commit(
        "Add five records",
        {
            path_of(KX): entry_text(),
            path_of(FORMULA): private,
            path_of(WITHDRAWN): entry_text(WITHDRAWN),
            path_of(MERGED): entry_text(MERGED),
            path_of(OLD): reviewed_text(0),
        },
        when=UTC_2019,
    )
    paused = edit(formula, "  status: ended\n", "  status: paused\n").replace(STATUS_NOTE, "")
    commits["pause"] = repo.commit(
        "Second record: paused",
        {path_of(FORMULA): edit(paused, SUMMARY_END, SUMMARY_END + SUMMARY_ADDED)},
        when=UTC_2020,
    )
    redactions = (
        f"redactions:\n  - entry: {FORMULA}\n    commit: {commits['add'][:12]}\n"
        "    field: operator.note\n    reason: privacy\n"
    )
    commits["withdraw"] = repo.commit(
        "Withdraw one duplicate, merge the other, redact a private name",
        {
            path_of(WITHDRAWN): withdrawn_text(WITHDRAWN),
            path_of(MERGED): merged_text(MERGED),
            "entries/redactions.yaml": redactions,
        },
        when=UTC_2021,
    )
    for n in range(1, REVIEWS + 1):
        commits[f"review-{n}"] = repo.commit(
            f"{OLD}: reviewed against sources",
            {path_of(OLD): reviewed_text(n)},
            when=UTC_2021 + n * 7 * 86400,
        )
    commits["rename"] = repo.commit(
        "Rename gb-old-name to gb-new-name", {path_of(OLD): None, path_of(NEW): renamed_text()}, when=UTC_2022
    )
    # Untracked, as a maintainer would run it before committing the list.
    assert main(["--root", str(root), "published-revisions", "--until", commits["withdraw"]]) == 0
    return commits


def build(root: Path) -> Path:
    """Builds the registry at `root` into `root/site`; returns the site folder."""
    build_site(root, site_dir=root / "site", work_dir=root / "build")
    return root / "site"


_CACHE: dict[str, Site] = {}


def session_site(tmp_path_factory) -> Site:
    """The fixture registry built once per session (shared by every test module that asks)."""
    if "site" not in _CACHE:
        root = tmp_path_factory.mktemp("exports-registry")
        commits = make_repo(root)
        _CACHE["site"] = Site(root, build(root), commits)
    return _CACHE["site"]

"""Tombstones keep their history without repeating removed content (issue 4, SECURITY.md 3).

A real temporary git repository (tests/gitrepo.py, pinned dates) walks one record through
its life: first published, edited by a merged pull request, then withdrawn or merged into
another record. Its page must list every revision with what its JSON file gives (DATA.md: the
tombstone and the revision days only): the day, the kind and the commit id, and none of the
values the edits removed or added, nor a link to a revision page, which would show the record
as it stood, nor the subjects, titles and authors of its commits, which can repeat what was
withdrawn (a pull request titled with the private person a record named). The last test
builds the site for real and reads every page, feed and list that names the record.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from fixture_registry import copy_site_files
from gitrepo import EXAMPLE_ID, GitRepo, edit, entry_text, path_of

from registry.build import build_site
from registry.context import BuildContext, read_site_config
from registry.entries import load_registry
from registry.feeds import render_feeds
from registry.history import read_history
from registry.pages.changes import changes_page
from registry.pages.entry import render_entry_body

ROOT = Path(__file__).resolve().parent.parent
REPO_URL = "https://github.com/fr-registry/registry"
OTHER_ID = "gb-kings-cross-other"
OLD_PLACE = "King's Cross Estate, King's Boulevard"
NEW_PLACE = "Quokka Yard by the canal"
OLD_NOTE = "Property developer leading the partnership"
NEW_NOTE = "Zebra Holdings told a reporter"
ENDINGS = {
    "withdrawn": "  status: withdrawn\n  withdrawn:\n    date: 2019-12\n    reason: Duplicate of a better-sourced record.\n",
    "merged": f"  status: merged\n  merged_into: {OTHER_ID}\n",
}


class _Page(HTMLParser):
    """The history section's revisions (text per <li>) and every href on the page."""

    def __init__(self) -> None:
        super().__init__()
        self.in_history = False
        self.revisions: list[str] = []
        self.current: list[str] | None = None
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "section":
            self.in_history = a.get("id") == "history"
        if tag == "li" and self.in_history and (a.get("id") or "").startswith("rev-"):
            self.current = []
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" and self.current is not None:
            self.revisions.append(" ".join("".join(self.current).split()))
            self.current = None
        if tag == "section":
            self.in_history = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.current is not None:
            self.current.append(data)


def _story(path: Path, ending: str, record: str) -> tuple[dict[str, str], str]:
    """Created, edited by pull request #7, then ended; returns commit ids and the tombstone HTML."""
    shas, ctx, tombstone = _ended_registry(path, ending, record)
    return shas, render_entry_body(ctx, tombstone)


def _ended_registry(path: Path, ending: str, record: str):
    repo = GitRepo(path)
    other = entry_text(OTHER_ID)
    v1 = entry_text()
    shas = {"created": repo.commit("Add the record", {path_of(EXAMPLE_ID): v1, path_of(OTHER_ID): other})}
    repo.git("checkout", "-q", "-b", "edit")
    v2 = edit(v1, f"  name: {OLD_PLACE}\n", f"  name: {NEW_PLACE}\n")
    v2 = edit(v2, f"    note: {OLD_NOTE}", f"    note: {NEW_NOTE}")
    repo.commit("Correct the place", {path_of(EXAMPLE_ID): v2}, author="Contributor Carol")
    shas["changed"] = repo.merge("edit", "Merge pull request #7 from carol/edit\n\nCorrect the place")
    v3 = edit(v2, "  status: published\n", record)
    shas[ending] = repo.commit("End the record", {path_of(EXAMPLE_ID): v3}, author="Maintainer Max")
    history = read_history(repo.path, None)
    files = load_registry(repo.path)
    ctx = BuildContext(ROOT, files, history, read_site_config(ROOT), path / "docs")
    tombstone = next(f for f in files if f.entry.id == EXAMPLE_ID)
    return shas, ctx, tombstone


@pytest.mark.parametrize("ending", ["withdrawn", "merged"])
def test_a_tombstone_lists_its_revisions_without_their_values(tmp_path: Path, ending: str) -> None:
    shas, html = _story(tmp_path / "repo", ending, ENDINGS[ending])
    page = _Page()
    page.feed(html)
    assert len(page.revisions) == 3, page.revisions
    newest, edited, created = page.revisions
    kind = {"withdrawn": "Withdrawn", "merged": "Merged into another record"}[ending]
    assert [newest, edited, created] == [
        f"6 October 2019 · {kind} · commit {shas[ending][:12]}",
        f"5 October 2019 · Changed · commit {shas['changed'][:12]}",
        f"3 October 2019 · First published · commit {shas['created'][:12]}",
    ]
    assert not [h for h in page.hrefs if "/commit/" in h or "/pull/" in h], "the host shows the subjects"
    assert not [h for h in page.hrefs if "revisions/" in h], "no link to a page with old content"
    text = " ".join(page.text)
    for value in (OLD_PLACE, NEW_PLACE, OLD_NOTE, NEW_NOTE, "Quokka", "Zebra", "Before:", "After:"):
        assert value not in html and value not in text, value
    for said in ("End the record", "Correct the place", "Add the record", "#7", "Maintainer Max", "Carol"):
        assert said not in html, said
    assert (
        "Each revision gives the day it was merged into the registry, its kind and its commit, as this "
        "record's data file does: not its title, its author or the values it changed."
    ) in " ".join(text.split())
    if ending == "withdrawn":  # a month: "in December 2019", never "on December 2019"
        assert 'was withdrawn in <time datetime="2019-12">December 2019</time>.' in html


def test_a_record_under_review_shows_no_history(tmp_path: Path) -> None:
    _, html = _story(tmp_path / "repo", "under_review", "  status: under_review\n")
    page = _Page()
    page.feed(html)
    assert page.revisions == []
    assert "Not shown: this record is under review." in html


@pytest.mark.parametrize("ending", ["withdrawn", "merged"])
def test_feeds_and_recent_changes_never_repeat_a_retired_records_values(tmp_path: Path, ending: str) -> None:
    """Feeds and /changes/ say what happened to a withdrawn or merged record, not what it said."""
    _, ctx, _ = _ended_registry(tmp_path / "repo", ending, ENDINGS[ending])
    feeds = render_feeds(ctx.history, ctx.files, ctx.config)
    published = [
        feeds["feeds/all.xml"].decode(),
        feeds[f"feeds/deployments/{EXAMPLE_ID}.xml"].decode(),
        changes_page(ctx)["changes/index.md"],
    ]
    for text in published:
        for value in (OLD_PLACE, NEW_PLACE, OLD_NOTE, NEW_NOTE, "Quokka", "Zebra"):
            assert value not in text.replace("&#x27;", "'").replace("&#39;", "'"), value
        assert f"record {EXAMPLE_ID}" in text  # the notice title, not the record's own
        for said in ("End the record", "Correct the place", "Maintainer Max", "Contributor Carol", "/pull/7"):
            assert said not in text, said
    # The other, published record still shows its changes in full.
    assert "First published" in published[0] or "created" in published[0].lower()


PRIVATE = "Jane Q. Private-Person"
#: What the maintainers' wording of the pull request's title says (entries/public-subjects.yaml).
REWORDED = "A note on who told the registry"


@pytest.fixture(scope="module")
def withdrawn_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real build of a record whose pull request's title and withdrawal's subject name a private
    person; the title has a maintainers' wording too. Both commits touch only that record."""
    repo = GitRepo(tmp_path_factory.mktemp("tombstone") / "repo")
    copy_site_files(repo.path)
    v1 = entry_text()
    repo.commit("Add two records", {path_of(EXAMPLE_ID): v1, path_of(OTHER_ID): entry_text(OTHER_ID)})
    repo.git("checkout", "-q", "-b", "informant")
    v2 = edit(v1, f"    note: {OLD_NOTE}", f"    note: {NEW_NOTE}")
    repo.commit("Name the informant", {path_of(EXAMPLE_ID): v2}, author="Contributor Carol")
    merged = repo.merge("informant", f"Merge pull request #9 from carol/informant\n\n{PRIVATE} told us")
    ended = edit(v2, "  status: published\n", ENDINGS["withdrawn"])
    repo.commit(f"Withdraw it: {PRIVATE} asked", {path_of(EXAMPLE_ID): ended}, author="Maintainer Max")
    wording = f"subjects:\n  - commit: {merged[:12]}\n    subject: {REWORDED}\n"
    repo.commit("Reword a title", {"entries/public-subjects.yaml": wording})
    build_site(repo.path, site_dir=repo.path / "site", work_dir=repo.path / "build")
    return repo.path / "site"


@pytest.mark.slow
def test_a_built_tombstone_never_repeats_its_commits_words(withdrawn_site: Path) -> None:
    """The record page, its history page, the feeds and Recent changes: days and kinds only,
    as the record's JSON file; not the subjects, the pull request's title or its wording, nor
    the authors. The JSON is read too: the pages must say no more than it does."""
    built = {
        name: (withdrawn_site / name).read_text(encoding="utf-8")
        for name in (
            f"deployments/{EXAMPLE_ID}/index.html",
            f"deployments/{EXAMPLE_ID}/history/index.html",
            "feeds/all.xml",
            f"feeds/deployments/{EXAMPLE_ID}.xml",
            "changes/index.html",
            f"api/v1/deployments/{EXAMPLE_ID}.json",
        )
    }
    for name, text in built.items():
        for said in (
            PRIVATE,
            "Private-Person",
            REWORDED,
            "Name the informant",
            "Carol",
            "Maintainer Max",
            "/pull/9",
        ):
            assert said not in text, (name, said)
    assert "<strong>Withdrawn</strong> · commit" in built[f"deployments/{EXAMPLE_ID}/index.html"]
    assert "<strong>Changed</strong> · commit" in built[f"deployments/{EXAMPLE_ID}/history/index.html"]


@pytest.mark.slow
def test_a_withdrawn_records_old_id_redirects_without_its_title(tmp_path: Path) -> None:
    """A record renamed, then withdrawn: the redirect pages at its old id showed its own title
    (`entry.title`), which every other page of a withdrawn record hides behind the notice."""
    repo = GitRepo(tmp_path / "repo")
    copy_site_files(repo.path)
    titled = {"title: King's Cross Estate": f"title: Cameras at {PRIVATE}'s shop"}
    old, new = "gb-kings-cross-first-name", EXAMPLE_ID
    repo.commit(
        "Add a record", {path_of(old): entry_text(old, **titled), path_of(OTHER_ID): entry_text(OTHER_ID)}
    )
    renamed = entry_text(new, **titled, **{"record:": f"aliases: [{old}]\nrecord:"})
    repo.commit("Rename it", {path_of(old): None, path_of(new): renamed})
    repo.commit("Withdraw it", {path_of(new): edit(renamed, "  status: published\n", ENDINGS["withdrawn"])})
    build_site(repo.path, site_dir=repo.path / "site", work_dir=repo.path / "build")
    for page in (f"deployments/{old}/index.html", f"deployments/{old}/history/index.html"):
        text = (repo.path / "site" / page).read_text(encoding="utf-8")
        assert 'name="registry-redirect"' in text and f"/deployments/{new}/" in text, page
        assert "Private-Person" not in text and f"Withdrawn: record {new}" in text, page

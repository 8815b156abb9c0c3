"""The history stage against real git repositories (tests/gitrepo.py), never mocks.

One "story" repository walks an entry through the life the issue describes: created, edited
directly, changed by a merged pull request (two commits, one revision), a removed event, an
invalid version and its fix, a rename with an alias, and a withdrawal. Other tests build small
repositories for one hazard each: hostile commit text, redaction, shallow clones, no git.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from gitrepo import BASE_TIME, EXAMPLE_ID, GitRepo, edit, entry_text, path_of
from hypothesis import given
from hypothesis import strategies as st

from registry.errors import EntryProblems, HistoryUnavailable
from registry.history import History, published_ids, read_history, work
from registry.history.changes import diff_versions, word_diff
from registry.history.model import Change
from registry.render import LABELS, make_environment

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "changes.txt"
NEW_ID = "gb-kings-cross-estate"
REPO_URL = "https://github.com/fr-registry/registry"

BBC_SOURCE = """  - id: s11
    url: https://www.bbc.co.uk/news/technology-49586582
    title: King's Cross facial recognition plans revealed by letter
    publisher: BBC News
    published: 2019-10-04
    type: news
"""
BTP_SIZE_UNKNOWN = """    size:
      unknown: not_found
      note: British Transport Police did not say how many images it shared.
      sources: [s5]
"""
BTP_SIZE_KNOWN = """    size:
      count: "7"
"""
REMOVED_EVENT = """  - date: 2019-09-04
    type: correction
    actor: Metropolitan Police Service
    summary: After earlier denials, the Met and British Transport Police said they had shared images with the estate; the Mayor published an update.
    sources: [s5, s8]
"""


def build_story(repo: GitRepo) -> dict[str, str]:
    """Commits the story; returns the interesting commit ids by name."""
    shas = {}
    v1 = entry_text()
    shas["created"] = repo.commit("Add the King's Cross record", {path_of(EXAMPLE_ID): v1})
    v2 = edit(v1, "  status: ended\n", "  status: active\n")
    shas["direct"] = repo.commit("King's Cross: status is active again", {path_of(EXAMPLE_ID): v2})
    repo.git("checkout", "-q", "-b", "add-source")
    v3 = edit(v2, "    sources: [s4]\n  - date: 2019-10-04", "    sources: [s4, s11]\n  - date: 2019-10-04")
    v3 = v3 + BBC_SOURCE
    repo.commit("Add the BBC report", {path_of(EXAMPLE_ID): v3}, author="Contributor Carol")
    v4 = edit(v3, BTP_SIZE_UNKNOWN, BTP_SIZE_KNOWN)
    repo.commit("Set the BTP watchlist size", {path_of(EXAMPLE_ID): v4}, author="Contributor Carol")
    shas["merge"] = repo.merge(
        "add-source",
        "Merge pull request #12 from carol/add-source\n\nAdd the BBC report and the BTP watchlist size",
    )
    v5 = edit(v4, REMOVED_EVENT, "")
    shas["removed"] = repo.commit("Remove a duplicated event", {path_of(EXAMPLE_ID): v5})
    broken = edit(v5, "  status: active\n", "  status: active\n  status: ended\n")
    shas["broken"] = repo.commit("Edit the status", {path_of(EXAMPLE_ID): broken})
    shas["fixed"] = repo.commit("Fix the duplicated status", {path_of(EXAMPLE_ID): v5})
    renamed = edit(v5, f"id: {EXAMPLE_ID}\n", f"id: {NEW_ID}\naliases: [{EXAMPLE_ID}]\n")
    shas["renamed"] = repo.commit(
        "Rename the King's Cross record", {path_of(EXAMPLE_ID): None, path_of(NEW_ID): renamed}
    )
    withdrawn = edit(
        renamed,
        "  status: published\n",
        "  status: withdrawn\n  withdrawn:\n    date: 2019-12\n    reason: Duplicate of a better-sourced record.\n",
    )
    shas["withdrawn"] = repo.commit("Withdraw the King's Cross record", {path_of(NEW_ID): withdrawn})
    return shas


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> tuple[GitRepo, dict[str, str], History]:
    repo = GitRepo(tmp_path_factory.mktemp("story") / "repo")
    shas = build_story(repo)
    return repo, shas, read_history(repo.path, None)


def test_revisions_newest_first_with_kinds_dates_and_links(story):
    repo, shas, history = story
    entry = history.get(NEW_ID)
    kinds = [r.kind for r in entry.revisions]
    assert kinds == ["withdrawn", "renamed", "changed", "changed", "changed", "changed", "changed", "created"]
    assert [r.sha for r in entry.revisions] == [
        shas[k] for k in ("withdrawn", "renamed", "fixed", "broken", "removed", "merge", "direct", "created")
    ]
    assert entry.first_published.isoformat() == "2019-10-03"
    assert entry.last_changed == entry.revisions[0].date
    assert entry.revisions[0].commit_url(REPO_URL) == f"{REPO_URL}/commit/{shas['withdrawn']}"
    assert entry.revisions[0].short == shas["withdrawn"][:12]


def test_a_merged_pull_request_is_one_revision_with_its_number_and_title(story):
    _, shas, history = story
    merge = next(r for r in history.get(NEW_ID).revisions if r.sha == shas["merge"])
    assert merge.pr == 12
    assert merge.subject == "Add the BBC report and the BTP watchlist size"
    assert merge.headline.startswith("#12 ")
    assert merge.author == "Registry Maintainer"
    texts = [c.text for c in merge.changes]
    assert "added source s11 (BBC News, 4 October 2019)" in texts
    assert (
        "watchlist British Transport Police images: size changed from unknown "
        "(researched; nothing published) to 7" in texts
    )
    # The branch's own commits are not revisions: only the first-parent line counts.
    assert not any(r.subject == "Add the BBC report" for r in history.get(NEW_ID).revisions)


def test_lists_are_matched_by_key_not_position(story):
    _, shas, history = story
    removed = next(r for r in history.get(NEW_ID).revisions if r.sha == shas["removed"])
    assert [c.text for c in removed.changes] == ["removed event Correction (4 September 2019)"]


def test_an_invalid_version_still_shows_with_a_line_diff(story):
    _, shas, history = story
    revisions = {r.sha: r for r in history.get(NEW_ID).revisions}
    broken, fixed = revisions[shas["broken"]], revisions[shas["fixed"]]
    assert broken.changes == () and broken.problem and "dup-key" in broken.problem
    assert "+  status: ended" in broken.diff
    assert broken.data is None and not broken.has_data
    assert "-  status: ended" in fixed.diff and "+  status: ended" not in fixed.diff
    assert fixed.data["timeline"]["status"] == "active"


def test_a_rename_with_an_alias_keeps_the_history(story):
    _, shas, history = story
    entry = history.get(NEW_ID)
    assert entry.aliases == (EXAMPLE_ID,)
    assert history.get(EXAMPLE_ID) is entry
    assert EXAMPLE_ID not in history.entries
    renamed = entry.revisions[1]
    assert renamed.kind == "renamed" and renamed.entry_id == NEW_ID
    assert entry.revisions[2].entry_id == EXAMPLE_ID
    assert [c.text for c in renamed.changes] == [
        f"id changed from {EXAMPLE_ID} to {NEW_ID}",
        f"aliases set to {EXAMPLE_ID}",
    ]
    assert published_ids(history) == {EXAMPLE_ID, NEW_ID}


def test_withdrawn_entries_keep_their_history(story):
    _, _, history = story
    entry = history.get(NEW_ID)
    assert entry.revisions[0].kind == "withdrawn"
    assert "record status changed from Published to Withdrawn" in [c.text for c in entry.revisions[0].changes]
    assert entry.revisions[0].data["record"]["status"] == "withdrawn"


def test_change_list_golden(story, update_golden):
    """The plain-language change list of the whole story, one line per change."""
    _, _, history = story
    lines = []
    for revision in reversed(history.get(NEW_ID).revisions):
        lines.append(f"{revision.date.isoformat()} {revision.kind}: {revision.headline}")
        lines += [f"  - {c.text}" for c in revision.changes]
        lines += [f"  | {line}" for line in revision.diff or ()]
    text = "\n".join(lines) + "\n"
    if update_golden:
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8"), "run pytest --update-golden and review the diff"


def test_commit_text_loses_every_character_entry_text_refuses():
    """Only the bidi controls went: a zero-width space, tag characters (hidden text, U+E0068
    'h'), interlinear annotations and noncharacters reached pages, feeds and exports."""
    from registry.history.commits import clean_text

    subject = "Fix\u200b typo \U000e0068\U000e0069 hidden \ufff9anno\ufffb \uffff\ufffe end\u2028"
    assert clean_text(subject) == "Fix typo hidden anno end"
    assert (
        clean_text("\u0645\u062d\u0645\u062f\u200c\u0631\u0636\u0627")
        == "\u0645\u062d\u0645\u062f\u200c\u0631\u0636\u0627"
    )


def test_an_author_name_that_holds_contact_details_is_withheld(tmp_path):
    """Git takes any text as a name, and the history published it as written: the registry
    never publishes an email address or a phone number, in entries or beside them."""
    repo = GitRepo(tmp_path / "repo")
    repo.commit(
        "Add the record",
        {path_of(EXAMPLE_ID): entry_text()},
        author="Jane Doe jane.doe@mail.example 07700 900123",
    )
    repo.commit(
        "Edit",
        {path_of(EXAMPLE_ID): edit(entry_text(), "  status: ended\n", "  status: active\n")},
        author="Jane Doe",
    )
    authors = [r.author for r in read_history(repo.path, None).get(EXAMPLE_ID).revisions]
    assert authors == ["Jane Doe", "a contributor (name withheld: it held contact details)"]


def test_contact_details_in_a_commit_subject_are_withheld(tmp_path):
    """A subject is published in every record's history, as an author name is; an address or
    number in it is withheld and the rest kept, even one hidden by a zero width or one the
    120-character cut would halve. A case number with a year in it is not a phone number."""
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the record (case 0207 946 2019)", {path_of(EXAMPLE_ID): entry_text()})
    status = edit(entry_text(), "  status: ended\n", "  status: active\n")
    repo.commit("From jane.doe@mail.ex\u200bample, call +44 20 7946 0958 now", {path_of(EXAMPLE_ID): status})
    repo.commit("y" * 100 + " per someone@example.org", {path_of(EXAMPLE_ID): entry_text()})
    merge = "Merge pull request #7 from someone/branch\n\nFix per 020 7946 0958"
    repo.commit(merge, {path_of(EXAMPLE_ID): status})
    subjects = [r.subject for r in read_history(repo.path, None).get(EXAMPLE_ID).revisions]
    assert subjects == [
        "Fix per [contact details withheld]",
        "y" * 100 + " per [contact detai\u2026",
        "From [contact details withheld], call [contact details withheld] now",
        "Add the record (case 0207 946 2019)",
    ]


def test_the_first_commits_files_are_history_whatever_log_show_root_says(tmp_path, monkeypatch):
    """`git log` shows no diff for the root commit under `log.showRoot=false`, a user's setting:
    every record the first commit added had no history, and the same commit built other bytes."""
    from registry.history.gitlog import added_entry_ids, open_repository

    repo = GitRepo(tmp_path / "repo")
    first = repo.commit("Add the record", {path_of(EXAMPLE_ID): entry_text()})
    repo.commit("Edit", {path_of(EXAMPLE_ID): edit(entry_text(), "  status: ended\n", "  status: active\n")})
    for key, value in {
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "log.showRoot",
        "GIT_CONFIG_VALUE_0": "false",
    }.items():
        monkeypatch.setenv(key, value)
    revisions = read_history(repo.path, None).get(EXAMPLE_ID).revisions
    assert [r.sha for r in revisions][-1] == first and revisions[-1].kind == "created"
    assert added_entry_ids(*open_repository(repo.path)) == {EXAMPLE_ID}


def test_hostile_commit_text_is_cleaned_and_escaped(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the record", {path_of(EXAMPLE_ID): entry_text()})
    hostile_subject = "Update <img src=x onerror=alert(1)> status \u202egnp.exe " + "x" * 200
    repo.commit(
        hostile_subject,
        {path_of(EXAMPLE_ID): edit(entry_text(), "  status: ended\n", "  status: active\n")},
        author='Mallory "quoted" \u202eevil\u0007',
    )
    _forge_commit(repo, author="<script>alert(2)</script>", subject="Forged <b>bold</b>")
    history = read_history(repo.path, None)
    revisions = history.get(EXAMPLE_ID).revisions
    hostile = revisions[1]
    assert hostile.subject.startswith("Update <img src=x onerror=alert(1)> status")
    assert "\u202e" not in hostile.subject and len(hostile.subject) <= 120
    assert hostile.author == 'Mallory "quoted" evil'
    assert revisions[0].author == "<script>alert(2)</script>"
    html = _render_partial(history, EXAMPLE_ID)
    audit = _Audit()
    audit.feed(html)
    assert not audit.tags & {"img", "script", "b"}, audit.tags
    assert not [a for a in audit.attrs if a.startswith("on")]
    assert "Update <img src=x onerror=alert(1)> status" in audit.text
    assert "<script>alert(2)</script>" in audit.text
    assert "@example.org" not in html


def _forge_commit(repo: GitRepo, author: str, subject: str) -> None:
    """A hand-made commit object (git's porcelain refuses < and > in names) on top of main."""
    text = edit(entry_text(), "  status: ended\n", "  status: paused\n")
    repo.write({path_of(EXAMPLE_ID): text})
    tree = repo.git("write-tree")
    parent = repo.head()
    stamp = f"{BASE_TIME + 9 * 86_400} +0000"
    raw = (
        f"tree {tree}\nparent {parent}\nauthor {author} <x@example.org> {stamp}\n"
        f"committer Registry Maintainer <m@example.org> {stamp}\n\n{subject}\n"
    ).encode()
    sha = repo.git("hash-object", "-t", "commit", "-w", "--literally", "--stdin", stdin=raw)
    repo.git("update-ref", "refs/heads/main", sha)
    repo.git("reset", "-q", "--hard", sha)


def _render_partial(history: History, entry_id: str) -> str:
    env = make_environment(ROOT)
    ctx = SimpleNamespace(history=history, config=SimpleNamespace(repo_url=REPO_URL))
    entry_history = history.get(entry_id)
    revisions = entry_history.revisions if entry_history is not None else ()
    return env.get_template("partials/entry_history.html.j2").render(
        history=entry_history, revisions=revisions, ctx=ctx, labels=LABELS, u="/"
    )


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: list[str] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs += [name for name, _ in attrs]

    def handle_data(self, data):
        self.text += data


SECRET = "Private Person Named Here"


def entry_with_secret() -> str:
    """The worked example with a private name in a party's note, for the redaction tests."""
    return edit(
        entry_text(),
        "    note: Property developer leading",
        f"    note: {SECRET}. Property developer leading",
    )


def redact(repo: GitRepo, commit: str, field: str = "parties.Argent.note") -> None:
    """Commits `entries/redactions.yaml` with one item: the example's `field` at `commit`."""
    item = f"  - entry: {EXAMPLE_ID}\n    commit: {commit}\n    field: {field}\n    reason: privacy\n"
    repo.commit("Redact the private name from history", {"entries/redactions.yaml": "redactions:\n" + item})


def refused_redaction(repo: GitRepo) -> Any:
    """The one problem the history stage finds in the redactions."""
    with pytest.raises(EntryProblems) as caught:
        read_history(repo.path, None)
    (problem,) = caught.value.problems
    return problem


def test_a_redacted_value_is_absent_everywhere(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    with_secret = entry_with_secret()
    first = repo.commit("Add the record", {path_of(EXAMPLE_ID): with_secret})
    broken = with_secret + "broken: [\n"
    repo.commit("Break the file", {path_of(EXAMPLE_ID): broken})
    last_with = repo.commit("Fix the file", {path_of(EXAMPLE_ID): with_secret})
    repo.commit("Remove a private name", {path_of(EXAMPLE_ID): entry_text()})
    redact(repo, last_with[:10])
    history = read_history(repo.path, tmp_path / "cache")
    entry = history.get(EXAMPLE_ID)
    dumped = json.dumps(
        [[r.subject, r.diff, r.problem, [c.__repr__() for c in r.changes], r.data] for r in entry.revisions]
    )
    assert SECRET not in dumped
    assert SECRET not in _render_partial(history, EXAMPLE_ID)
    assert entry.revisions[-1].sha == first
    assert entry.revisions[-1].data["parties"][0]["note"] == "[redacted: privacy]"
    removal = entry.revisions[0]
    assert [c.text for c in removal.changes] == ["party Argent: note changed"]
    assert removal.changes[0].old == "[redacted: privacy]"
    # The unreadable version's raw lines would show the name: they are withheld.
    assert all(r.diff is None for r in entry.revisions if r.problem)


def test_a_redacted_value_is_hidden_in_earlier_versions_where_its_item_had_another_name(tmp_path):
    """A redaction names a list item by its name at its commit; the party was renamed after
    the private name was written, so the version before the rename held the value outside the
    path's reach, and the history, the JSON and the exports published it."""
    repo = GitRepo(tmp_path / "repo")
    with_secret = entry_with_secret()
    renamed = edit(with_secret, "  - name: Argent\n", "  - name: Argent Group\n")
    first = repo.commit("Add the record", {path_of(EXAMPLE_ID): with_secret})
    last_with = repo.commit("Rename the party", {path_of(EXAMPLE_ID): renamed})
    repo.commit("Remove a private name", {path_of(EXAMPLE_ID): edit(renamed, f"{SECRET}. ", "")})
    redact(repo, last_with[:10], "parties.Argent Group.note")
    history = read_history(repo.path, tmp_path / "cache")
    entry = history.get(EXAMPLE_ID)
    dumped = json.dumps([[r.diff, [repr(c) for c in r.changes], r.data] for r in entry.revisions])
    assert SECRET not in dumped
    assert SECRET not in _render_partial(history, EXAMPLE_ID)
    assert entry.revisions[-1].sha == first
    assert entry.revisions[-1].data["parties"][0] | {"sources": None} == {
        "name": "Argent",
        "role": "site_manager",
        "note": "[redacted: privacy]",
        "sources": None,
    }


def test_a_redacted_value_a_later_version_keeps_under_another_name_fails_the_build(tmp_path):
    """The same rename the other way: the version after the named commit still held the value
    under the party's new name, which the path does not reach, and the redaction passed."""
    repo = GitRepo(tmp_path / "repo")
    with_secret = entry_with_secret()
    named = repo.commit("Add the record", {path_of(EXAMPLE_ID): with_secret})
    renamed = repo.commit(
        "Rename the party",
        {path_of(EXAMPLE_ID): edit(with_secret, "  - name: Argent\n", "  - name: Argent Ltd\n")},
    )
    redact(repo, named[:10])
    problem = refused_redaction(repo)
    assert problem.field == "redactions.0.commit"
    assert problem.message == (
        "the value of 'parties.Argent.note' still stands in gb-kings-cross-argent at the later commit "
        f"{renamed[:12]}, which this redaction does not cover: name the last commit at which it stood"
    )


def test_a_redaction_at_the_last_readable_version_withholds_a_later_unreadable_ones_lines(tmp_path):
    """The history lists a broken version only as "could not be read", so a maintainer names
    the last version that shows the value; the broken one after it still held the value, and
    its raw lines published it. An entry with any redaction shows no raw lines at all."""
    repo = GitRepo(tmp_path / "repo")
    with_secret = entry_with_secret()
    readable = repo.commit("Add the record", {path_of(EXAMPLE_ID): with_secret})
    repo.commit("Break the file", {path_of(EXAMPLE_ID): with_secret + "broken: [\n"})
    repo.commit("Remove a private name and fix the file", {path_of(EXAMPLE_ID): entry_text()})
    redact(repo, readable[:10])
    history = read_history(repo.path, tmp_path / "cache")
    entry = history.get(EXAMPLE_ID)
    assert [r.problem is not None for r in entry.revisions] == [True, True, False]
    assert all(r.diff is None for r in entry.revisions)
    dumped = json.dumps([[r.diff, r.problem, [repr(c) for c in r.changes], r.data] for r in entry.revisions])
    assert SECRET not in dumped
    assert SECRET not in _render_partial(history, EXAMPLE_ID)


def test_a_redaction_that_names_no_commit_fails_the_build(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the record", {path_of(EXAMPLE_ID): entry_text()})
    redact(repo, "deadbeef00", "summary")
    with pytest.raises(EntryProblems) as caught:
        read_history(repo.path, None)
    assert "deadbeef00" in caught.value.problems[0].message


@pytest.mark.parametrize("field", ["sumary", "parties.Nobody.note", "system.purpose.x"])
def test_a_redaction_of_a_field_that_names_nothing_fails_the_build(tmp_path, field):
    """A misspelt field hid nothing, and check and build both passed: the text stayed public."""
    repo = GitRepo(tmp_path / "repo")
    added = repo.commit("Add the record", {path_of(EXAMPLE_ID): entry_text()})
    redact(repo, added[:10], field)
    problem = refused_redaction(repo)
    assert (problem.line, problem.col, problem.field) == (4, 12, "redactions.0.field")  # at the value
    assert problem.message.startswith(
        f"'{field}' names no value of {EXAMPLE_ID} as it stood at commit {added[:12]}"
    )


def test_a_redaction_of_a_version_whose_value_a_later_version_keeps_fails_the_build(tmp_path):
    """It covers its commit and earlier ones only: naming the first version of a value that
    stood for two more left it on the page of each, with nothing said."""
    repo = GitRepo(tmp_path / "repo")
    with_secret = entry_with_secret()
    first = repo.commit("Add the record", {path_of(EXAMPLE_ID): with_secret})
    kept = repo.commit(
        "Another edit", {path_of(EXAMPLE_ID): edit(with_secret, "  status: ended\n", "  status: active\n")}
    )
    repo.commit("Remove a private name", {path_of(EXAMPLE_ID): entry_text()})
    redact(repo, first[:10])
    problem = refused_redaction(repo)
    assert (problem.field, problem.message) == (
        "redactions.0.commit",
        f"the value of 'parties.Argent.note' still stands in {EXAMPLE_ID} at the later commit "
        f"{kept[:12]}, which this redaction does not cover: name the last commit at which it stood",
    )


def test_a_redacted_value_that_outlives_a_rename_fails_the_build(tmp_path):
    """The later versions were looked for under the old id only: a record renamed after the
    named commit, keeping the value, published it under its new id."""
    repo = GitRepo(tmp_path / "repo")
    first = repo.commit("Add the record", {path_of(EXAMPLE_ID): entry_with_secret()})
    renamed = "gb-kings-cross-renamed"
    text = entry_with_secret().replace(f"id: {EXAMPLE_ID}\n", f"id: {renamed}\naliases: [{EXAMPLE_ID}]\n", 1)
    moved = repo.commit("Rename the record", {path_of(EXAMPLE_ID): None, path_of(renamed): text})
    repo.commit("Remove a private name", {path_of(renamed): text.replace(f"{SECRET}. ", "", 1)})
    redact(repo, first[:10])
    problem = refused_redaction(repo)
    assert f"still stands in {EXAMPLE_ID} at the later commit {moved[:12]}" in problem.message


def test_a_redaction_that_names_an_old_id_after_the_rename_is_checked_like_any_other(tmp_path):
    """Its version was looked for under the old id alone, found missing, and taken on trust:
    a misspelt field passed the build and the value it was meant to hide stayed published."""
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the record", {path_of(EXAMPLE_ID): entry_text()})
    renamed = "gb-kings-cross-renamed"
    text = entry_with_secret().replace(f"id: {EXAMPLE_ID}\n", f"id: {renamed}\naliases: [{EXAMPLE_ID}]\n", 1)
    with_secret = repo.commit(
        "Rename, with a private name", {path_of(EXAMPLE_ID): None, path_of(renamed): text}
    )
    repo.commit("Remove a private name", {path_of(renamed): text.replace(f"{SECRET}. ", "", 1)})
    redact(repo, with_secret[:10], "parties.Argent.notes")
    problem = refused_redaction(repo)
    assert problem.message.startswith(f"'parties.Argent.notes' names no value of {EXAMPLE_ID} as it stood")
    redact(repo, with_secret[:10])  # spelt right, under the old id: it hides the value
    assert SECRET not in json.dumps([r.data for r in read_history(repo.path, None).get(renamed).revisions])


def test_a_file_named_like_an_entry_with_a_line_break_after_it_is_not_its_history(tmp_path):
    """`$` matches before a final line break: `<id>.yaml\n` was read as the record's own file,
    so one commit of it rewrote the published history with a title never checked or merged."""
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the record", {path_of(EXAMPLE_ID): entry_text()})
    forged = entry_text().replace("title: ", "title: FORGED ", 1)
    repo.commit("Add notes", {path_of(EXAMPLE_ID) + "\n": forged})
    entry = read_history(repo.path, None).get(EXAMPLE_ID)
    assert [r.subject for r in entry.revisions] == ["Add the record"]
    assert "FORGED" not in json.dumps([r.data for r in entry.revisions])


def test_a_shallow_clone_raises_with_the_fix(tmp_path, monkeypatch):
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the record", {path_of(EXAMPLE_ID): entry_text()})
    repo.commit("Edit", {path_of(EXAMPLE_ID): edit(entry_text(), "  status: ended\n", "  status: active\n")})
    clone = tmp_path / "clone"
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone))
    monkeypatch.delenv("REGISTRY_ALLOW_SHALLOW", raising=False)
    with pytest.raises(HistoryUnavailable) as caught:
        read_history(clone, None)
    assert "git fetch --unshallow" in str(caught.value) and "fetch-depth: 0" in str(caught.value)
    monkeypatch.setenv("REGISTRY_ALLOW_SHALLOW", "1")
    assert read_history(clone, None).available


def test_a_folder_without_git_has_no_history(tmp_path):
    (tmp_path / "entries" / "gb").mkdir(parents=True)
    (tmp_path / "entries" / "gb" / f"{EXAMPLE_ID}.yaml").write_text(entry_text())
    history = read_history(tmp_path, tmp_path / "cache")
    assert history.available is False and history.entries == {} and history.reason
    assert "not available" in _render_partial(history, EXAMPLE_ID)


def test_order_is_topological_not_by_forged_dates(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the record", {path_of(EXAMPLE_ID): entry_text()})
    repo.commit(
        "Backdated edit",
        {path_of(EXAMPLE_ID): edit(entry_text(), "  status: ended\n", "  status: active\n")},
        author="Information Commissioner",
        when=946_598_400,  # 1999-12-31
    )
    entry = read_history(repo.path, None).get(EXAMPLE_ID)
    assert entry.revisions[0].subject == "Backdated edit"
    assert entry.first_published.isoformat() == "2019-10-03"
    assert entry.last_changed.isoformat() == "1999-12-31"


def forged_commit(repo: GitRepo, message: str, files: dict[str, str], stamp: str) -> None:
    """A commit object written by hand, as anyone can push one: `git commit` refuses most
    impossible dates, but git stores whatever a commit object says."""
    repo.write(files)
    tree = repo.git("write-tree")
    body = (
        f"tree {tree}\nparent {repo.head()}\n"
        f"author Mallory <m@example.org> {stamp} +0000\ncommitter Mallory <m@example.org> {stamp} +0000\n"
        f"\n{message}\n"
    )
    sha = repo.git("hash-object", "-t", "commit", "-w", "--literally", "--stdin", stdin=body.encode())
    repo.git("update-ref", "refs/heads/main", sha)


@pytest.mark.parametrize(
    ("stamp", "shown"),
    [
        ("300000000000", "9999-12-31"),  # the year 11476: past what a date can hold
        ("99999999999999999999", "9999-12-31"),  # past 64 bits
        ("-100", "1970-01-01"),  # before 1970: git prints no time at all
    ],
)
def test_a_forged_commit_date_is_held_within_what_a_page_can_show(tmp_path, stamp, shown):
    """Each stopped the build with a traceback (a ValueError, an orjson TypeError, an int('')),
    cached history included."""
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the record", {path_of(EXAMPLE_ID): entry_text()})
    changed = edit(entry_text(), "  status: ended\n", "  status: active\n")
    forged_commit(repo, "Forged date", {path_of(EXAMPLE_ID): changed}, stamp)
    for _ in range(2):  # a cold read, then the cache
        entry = read_history(repo.path, tmp_path / "cache").get(EXAMPLE_ID)
        assert [r.subject for r in entry.revisions] == ["Forged date", "Add the record"]
        assert entry.last_changed.isoformat() == shown


def test_odd_file_names_are_never_options(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add", {path_of(EXAMPLE_ID): entry_text(), "entries/gb/-rf.yaml": "a: b\n"})
    history = read_history(repo.path, None)
    assert published_ids(history) == {EXAMPLE_ID}


def test_incremental_read_equals_a_cold_read(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    build_story(repo)
    cache = tmp_path / "cache"
    assert read_history(repo.path, cache).stats["mode"] == "cold"
    text = (repo.path / path_of(NEW_ID)).read_text()
    repo.commit(
        "Review", {path_of(NEW_ID): edit(text, "last_reviewed: 2026-11-26", "last_reviewed: 2026-11-27")}
    )
    warm = read_history(repo.path, cache)
    assert warm.stats["mode"] == "incremental" and warm.stats["parsed"] == 1
    cold = read_history(repo.path, tmp_path / "cold-cache")
    assert warm == cold
    assert [r.data for r in warm.get(NEW_ID).revisions] == [r.data for r in cold.get(NEW_ID).revisions]
    again = read_history(repo.path, cache)
    assert again.stats["mode"] == "cached" and again == cold


@pytest.mark.slow  # spawns worker processes
def test_worker_processes_compute_what_one_process_computes(tmp_path, monkeypatch):
    """Big histories are parsed and assembled in worker processes; the result must not change."""
    repo = GitRepo(tmp_path / "repo")
    build_story(repo)
    alone = read_history(repo.path, tmp_path / "alone")
    monkeypatch.setattr(work, "PARALLEL_FROM", 0)
    monkeypatch.setattr(work, "_CHUNK", 1)
    workers = read_history(repo.path, tmp_path / "workers")
    assert workers.stats["parsed"] == alone.stats["parsed"] > 5
    assert workers == alone
    for entry_id, history in alone.entries.items():
        ours = [(r.kind, r.changes, r.diff, r.problem, r.data) for r in history.revisions]
        theirs = [(r.kind, r.changes, r.diff, r.problem, r.data) for r in workers.get(entry_id).revisions]
        assert theirs == ours


@pytest.mark.slow  # spawns worker processes
def test_an_incremental_read_with_workers_equals_a_cold_read(tmp_path, monkeypatch):
    """A new commit on an entry parsed before: that entry is assembled here, from the store."""
    repo = GitRepo(tmp_path / "repo")
    build_story(repo)
    monkeypatch.setattr(work, "PARALLEL_FROM", 0)
    read_history(repo.path, tmp_path / "cache")
    text = (repo.path / path_of(NEW_ID)).read_text()
    repo.commit(
        "Review", {path_of(NEW_ID): edit(text, "last_reviewed: 2026-11-26", "last_reviewed: 2026-11-27")}
    )
    warm = read_history(repo.path, tmp_path / "cache")
    assert warm.stats["mode"] == "incremental" and warm.stats["parsed"] == 1
    cold = read_history(repo.path, tmp_path / "cold")
    assert warm == cold
    assert [r.changes for r in warm.get(NEW_ID).revisions] == [r.changes for r in cold.get(NEW_ID).revisions]


def test_a_rewritten_branch_rebuilds_cold(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add", {path_of(EXAMPLE_ID): entry_text()})
    repo.commit("Edit", {path_of(EXAMPLE_ID): edit(entry_text(), "  status: ended\n", "  status: active\n")})
    cache = tmp_path / "cache"
    read_history(repo.path, cache)
    repo.git("reset", "-q", "--hard", "HEAD~1")
    repo.commit(
        "Other edit", {path_of(EXAMPLE_ID): edit(entry_text(), "  status: ended\n", "  status: paused\n")}
    )
    rewritten = read_history(repo.path, cache)
    assert rewritten.stats["mode"] == "cold"
    assert rewritten == read_history(repo.path, None)


def test_an_entry_not_yet_merged_says_so(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the record", {path_of(EXAMPLE_ID): entry_text()})
    history = read_history(repo.path, None)
    assert history.get("gb-not-merged-yet") is None
    assert "has not been merged" in _render_partial(history, "gb-not-merged-yet")


def test_an_entry_not_yet_merged_is_unversioned_for_that_reason_not_for_missing_history(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the record", {path_of(EXAMPLE_ID): entry_text()})
    history = read_history(repo.path, None)
    config = SimpleNamespace(repo_url=REPO_URL, site_url="https://reg.example/", site_name="R", base="/")
    cite = (
        make_environment(ROOT)
        .get_template("partials/entry_cite.html.j2")
        .render(
            entry=SimpleNamespace(id="gb-not-merged-yet", title="T"),
            history=None,
            ctx=SimpleNamespace(history=history, config=config),
        )
    )
    assert "unversioned</strong>: the record has not been merged into the registry yet" in cite
    assert "without its git history" not in cite


def test_recent_changes_page_escapes_and_hides_records_under_review(tmp_path):
    from registry.entries import load_registry
    from registry.pages.changes import changes_page

    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add <script>alert(1)</script> record", {path_of(EXAMPLE_ID): entry_text()})
    hidden_id = "gb-kings-cross-hidden"
    hidden = edit(entry_text(hidden_id), "  status: published\n", "  status: under_review\n")
    repo.commit("Add a disputed record", {path_of(hidden_id): hidden})
    files = load_registry(repo.path)
    ctx = SimpleNamespace(
        history=read_history(repo.path, None),
        files=files,
        by_id={f.entry.id: f for f in files},
        env=make_environment(ROOT),
        config=SimpleNamespace(base="/", repo_url=REPO_URL),
    )
    page = changes_page(ctx)["changes/index.md"]
    audit = _Audit()
    audit.feed(page)
    assert "script" not in audit.tags
    assert "Add <script>alert(1)</script> record" in audit.text
    assert f"/deployments/{EXAMPLE_ID}/history/#rev-" in page  # permanent, and no JavaScript needed
    assert hidden_id not in page and "disputed" not in page


def test_only_files_in_a_country_folder_are_entries(tmp_path):
    """entries/redactions.yaml (and any other top-level file) must never become a record."""
    repo = GitRepo(tmp_path / "repo")
    repo.commit(
        "Add an entry and the redactions list",
        {f"entries/gb/{EXAMPLE_ID}.yaml": entry_text(), "entries/redactions.yaml": "redactions: []\n"},
    )
    history = read_history(repo.path, tmp_path / "cache")
    assert sorted(history.entries) == [EXAMPLE_ID]
    assert "redactions" not in history.ids


SUMMARY = (
    "Argent ran facial recognition on two cameras at King's Cross from May 2016. "
    "The Metropolitan Police gave it seven images and kept no record of the outcome."
)


def test_a_text_change_shows_only_the_changed_words_with_some_around_them():
    added = word_diff(SUMMARY, SUMMARY + " The ICO investigated.")
    assert added == [
        ("gap", ""),
        ("same", "kept no record of the outcome. "),
        ("ins", "The ICO investigated."),
    ]
    swapped = word_diff(SUMMARY, SUMMARY.replace("two cameras", "three cameras"))
    assert swapped == [
        ("same", "Argent ran facial recognition on "),
        ("del", "two "),
        ("ins", "three "),
        ("same", "cameras at King's Cross from May "),
        ("gap", ""),
    ]


def test_a_text_replaced_almost_whole_shows_as_one_removal_and_one_addition():
    """A redacted value has no word in common with what replaced it: scattered matches of
    spaces and short words made it unreadable."""
    new = "“The partnership that owns the estate, a consortium led by the property developer.”"
    assert word_diff("[redacted: privacy]", new) == [("del", "[redacted: privacy]"), ("ins", new)]


def test_a_change_of_spacing_alone_shows_no_changed_word():
    rewrapped = SUMMARY.replace(". The", ".\nThe").replace(" two ", "  two ")
    assert not [kind for kind, _ in word_diff(SUMMARY, rewrapped) if kind in ("del", "ins")]


_TEXT = st.lists(st.sampled_from(["a", "b", "c", "police", " ", "  ", "\n", "."]), max_size=30).map("".join)


@pytest.mark.slow
@given(_TEXT, _TEXT)
def test_word_diff_pieces_give_back_both_texts(old, new):
    pieces = word_diff(old, new, context=10**6)
    assert "".join(text for kind, text in pieces if kind != "del") == new
    assert "".join(text for kind, text in pieces if kind != "ins").split() == old.split()


def test_a_long_text_change_renders_as_marked_words_the_sanitiser_keeps(tmp_path):
    from registry.sanitize import clean_page_html

    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the record", {path_of(EXAMPLE_ID): entry_text()})
    said = "whether the system matched anyone."
    reviewed = said + "\n  The ICO said <b>so</b> in 2019."
    repo.commit("Note the ICO", {path_of(EXAMPLE_ID): edit(entry_text(), said, reviewed)})
    html = clean_page_html(_render_partial(read_history(repo.path, None), EXAMPLE_ID))
    audit = _Audit()
    audit.feed(html)
    assert "ins" in audit.tags and "del" not in audit.tags and "b" not in audit.tags
    words = re.search(r"<ins>(.*?)</ins>", html, re.S)
    assert words is not None and "The ICO said &lt;b&gt;so&lt;/b&gt; in 2019." in words.group(1)
    assert "[added: " in audit.text and "Before:" not in audit.text
    assert "The private owner of London" not in audit.text  # elided, not repeated whole


def test_words_removed_from_the_end_keep_their_space():
    """Found by hypothesis: "a b c" to "a b" joined the removed "c" onto "b"."""
    assert word_diff("aaa aaaa a", "aaa aaaa", context=10**6) == [("same", "aaa aaaa"), ("del", " a")]


def test_marked_words_stop_at_their_last_letter(tmp_path):
    """The spaces around a removed or added run of words stay outside <del> and <ins>, so the
    strike-through and the underline do not run on into the gap."""
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the record", {path_of(EXAMPLE_ID): entry_text()})
    repo.commit("Three cameras", {path_of(EXAMPLE_ID): edit(entry_text(), "on two CCTV", "on three CCTV")})
    html = _render_partial(read_history(repo.path, None), EXAMPLE_ID)
    hidden = '<span class="registry-visually-hidden">'
    assert (
        f"recognition on <del>{hidden}[removed: </span>two{hidden}]</span></del> "
        f"<ins>{hidden}[added: </span>three{hidden}]</span></ins> CCTV cameras"
    ) in html
    assert "</del>  <ins>" not in html and "  …" not in html


def test_a_change_of_spacing_alone_says_so(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the record", {path_of(EXAMPLE_ID): entry_text()})
    repo.commit("Two spaces", {path_of(EXAMPLE_ID): edit(entry_text(), "on two CCTV", "on two  CCTV")})
    html = _render_partial(read_history(repo.path, None), EXAMPLE_ID)
    assert '<p class="change-words">… (only the spacing changed)</p>' in html


REQUEST = {"date": "2026-12-01", "to": "Camden Council"}
REPLIED = {**REQUEST, "reply_date": "2027-01", "reply": "No."}
#: Values whose words are the same before and after: only a part the words leave out changed.
UNSEEN_CHANGES = [
    (("timeline", "start"), "2016-05", {"date": "2016-05", "note": "N."}, "start date: note added"),
    (("timeline", "start"), {"date": "2016-05", "note": "N."}, "2016-05", "start date: note removed"),
    (
        ("timeline", "end"),
        "2022-03-22",
        {"date": "2022-03-22", "qualifier": "exact"},
        "end date: written in another form; no value changed",
    ),
    (
        ("system", "cameras"),
        {"min": 10, "max": 20},
        {"min": 10, "max": 20, "qualifier": "approximate"},
        "number of cameras: qualifier changed from exact to approximate",
    ),
    (
        ("legal", "basis"),
        {"unknown": "not_found", "sources": ["s1", "s3"]},
        {"unknown": "not_found", "sources": ["s1", "s2"]},
        "legal basis: sources changed (added s2; removed s3)",
    ),
    (
        ("legal", "basis"),
        {"unknown": "not_found"},
        {"unknown": "not_found", "requested": REQUEST},
        "legal basis: records request added",
    ),
    (
        ("legal", "basis"),
        {"unknown": "not_found", "requested": REQUEST},
        {"unknown": "withheld", "requested": REPLIED},
        "legal basis changed from unknown (researched; nothing published) to unknown (withheld or redacted)",
    ),
    (
        ("legal", "basis"),
        {"unknown": "withheld", "requested": REQUEST},
        {"unknown": "withheld", "requested": REPLIED},
        "legal basis: records request changed (reply date added, reply added)",
    ),
    (
        ("legal", "basis"),
        {"unknown": "not_found", "note": "A.", "sources": ["s1"]},
        {"unknown": "not_found", "note": "B.", "sources": ["s1", "s4"]},
        "legal basis: note changed; sources changed (added s4)",
    ),
    (
        ("timeline", "start"),
        "2017",
        {"date": "2017", "qualifier": "approximate"},
        "start date changed from 2017 to about 2017",
    ),
]


@pytest.mark.parametrize(("path", "old", "new", "expected"), UNSEEN_CHANGES)
def test_a_change_the_words_would_hide_says_what_changed(path, old, new, expected):
    """ "start date changed from May 2016 to May 2016" told a reader nothing: say what did change."""
    before, after = _nested(path, old), _nested(path, new)
    assert [c.text for c in diff_versions(before, after)] == [expected]


def test_a_changed_note_is_shown_beside_its_line():
    old = _nested(("timeline", "start"), "2016-05")
    new = _nested(("timeline", "start"), {"date": "2016-05", "note": "The partnership's own date."})
    assert diff_versions(old, new) == [
        Change("changed", "timeline.start", "start date: note added", None, "The partnership's own date.")
    ]


def test_a_note_added_to_a_date_and_an_unknown_reads_as_a_note_in_the_history(tmp_path):
    """The audit's edit of King's Cross, in a real repository: two notes, no visible value."""
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the record", {path_of(EXAMPLE_ID): entry_text()})
    noted = edit(
        entry_text(), "\n  start: 2016-05\n", "\n  start:\n    date: 2016-05\n    note: Its own date.\n"
    )
    noted = edit(
        noted,
        "      note: No source says how long the estate kept the images.\n",
        "      note: None of the sources says how long the estate kept the images.\n",
    )
    repo.commit("Explain the dates", {path_of(EXAMPLE_ID): noted})
    latest = read_history(repo.path, None).get(EXAMPLE_ID).revisions[0]
    assert [c.text for c in latest.changes] == [
        "start date: note added",
        "watchlist Camden borough police images: retention: note changed",
    ]
    assert (latest.changes[1].old, latest.changes[1].new) == (
        "No source says how long the estate kept the images.",
        "None of the sources says how long the estate kept the images.",
    )


def _nested(path: tuple[str, ...], value: object) -> dict:
    for key in reversed(path):
        value = {key: value}
    return value


@pytest.mark.parametrize(
    ("path", "old", "new", "expected"),
    [
        (("operator", "country"), None, "US", "operator country set to the United States"),
        (("place", "country"), "GB", "RU", "country changed from the United Kingdom to Russia"),
        (("parties", "country"), "IL", None, "party X: country removed (was Israel)"),
        (("operator", "country"), None, "ZZ", "operator country set to “ZZ”"),
    ],
)
def test_a_country_is_named_as_the_pages_name_it(path, old, new, expected):
    """/changes/ read "operator country set to “US”": a reader sees the country's name, as a
    sentence of the pages says it; a code no country has stays quoted as written."""

    def version(value: object) -> dict:
        if path[0] == "parties":
            party = {"name": "X", "role": "vendor"} | ({"country": value} if value else {})
            return {"parties": [party]}
        return {path[0]: {"name": "Op"} | ({path[1]: value} if value else {})}

    assert [c.text for c in diff_versions(version(old), version(new))] == [expected]

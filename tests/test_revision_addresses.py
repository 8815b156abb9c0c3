"""Revision addresses of earlier builds (issue 18): the append-only list and the files it keeps.

Builds before issue 18 wrote `/deployments/<id>/revisions/<short>/` and its JSON for every
revision; now each address listed in entries/published-revisions.txt keeps a redirect page and
its JSON as it stood, and no other revision gets a file of its own. Real temporary git
repositories with pinned dates (tests/gitrepo.py); the fixture site of tests/exports_site.py
"switched" after its 2021 commit.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import pytest
from exports_site import FORMULA, KX, MERGED, NEW, OLD, WITHDRAWN, session_site
from fixture_registry import copy_site_files
from gitrepo import GitRepo, edit, entry_text, path_of

from registry.context import BuildContext, read_site_config
from registry.entries import load_registry
from registry.errors import RegistryError
from registry.exports.revisions import revision_files
from registry.history import read_history
from registry.output import Site
from registry.postbuild.guard import find_broken
from registry.published_revisions import LIST_PATH, read_list, run

NOTE = "  note: The partnership that owns the estate, a consortium led by the property developer Argent.\n"
RECORD = "record:\n  status: published\n"
REVIEWED = "  last_reviewed: 2026-11-26\n"
PRIVATE_NOTE = "  note: Told to the registry by Jane Q. Private-Person.\n"


def _ctx(root: Path) -> BuildContext:
    return BuildContext(
        root, load_registry(root), read_history(root), read_site_config(root), root / "build" / "docs"
    )


def _run(root: Path, check: bool = False, until: str | None = None) -> int:
    return run(argparse.Namespace(root=str(root), check=check, until=until))


def _listed(root: Path) -> list[str]:
    return [f"{i.id} {i.short}" + (f" {i.now}" if i.now != i.short else "") for i in read_list(root)]


def test_the_command_lists_what_earlier_builds_wrote_until_a_commit(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    first = repo.commit("Add", {path_of("gb-first"): entry_text("gb-first")})
    renamed = edit(entry_text("gb-second"), RECORD, f"aliases: [gb-first]\n{RECORD}")
    second = repo.commit("Rename", {path_of("gb-first"): None, path_of("gb-second"): renamed})
    third = repo.commit(
        "Edit", {path_of("gb-second"): edit(renamed, REVIEWED, "  last_reviewed: 2026-11-27\n")}
    )
    assert _run(tmp_path, until=second) == 0
    # The first revision under both ids (the old id's address redirected), the rename; not the edit.
    assert _listed(tmp_path) == [
        f"gb-first {first[:12]}",
        f"gb-second {first[:12]}",
        f"gb-second {second[:12]}",
    ]
    assert _run(tmp_path, check=True) == 0
    assert f"gb-second {third[:12]}" not in _listed(tmp_path)


def test_the_command_never_adds_a_revision_no_build_published(tmp_path: Path) -> None:
    """Without --until it would list today's revisions; from a commit that already has the list
    (a build after the switch), revisions made since. Both refused, the list untouched."""
    repo = GitRepo(tmp_path)
    first = repo.commit("Add", {path_of("gb-first"): entry_text("gb-first")})
    assert _run(tmp_path, until=first) == 0
    listed = (tmp_path / LIST_PATH).read_text("utf-8")
    with_list = repo.commit("Commit the list", {str(LIST_PATH): listed})
    repo.commit(
        "Edit", {path_of("gb-first"): edit(entry_text("gb-first"), REVIEWED, "  last_reviewed: 2026-11-27\n")}
    )
    with pytest.raises(RegistryError) as failure:
        _run(tmp_path)
    assert str(failure.value) == (
        "published-revisions: give --until <commit>, the commit the live site was built from before "
        "data contract 1.4.0 (its /history-manifest.json); without it every revision would be listed, "
        "and revisions made since were never published"
    )
    for until in (with_list, "HEAD"):
        with pytest.raises(RegistryError) as failure:
            _run(tmp_path, until=until)
        assert str(failure.value) == (
            f"--until {until}: that commit already has {LIST_PATH}, so it was built after the switch "
            "to history pages (data contract 1.4.0) and published no revision address the list "
            "does not hold; there is nothing to add"
        )
    with pytest.raises(RegistryError) as failure:
        _run(tmp_path, until="nonexistent")
    assert str(failure.value) == (
        "--until nonexistent: no such commit in this repository; give the commit the live site "
        "was built from (its /history-manifest.json)"
    )
    assert (tmp_path / LIST_PATH).read_text("utf-8") == listed
    assert _listed(tmp_path) == [f"gb-first {first[:12]}"]


def test_check_names_the_line_that_resolves_to_nothing(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add", {path_of(KX): entry_text()})
    (tmp_path / LIST_PATH).write_text(f"# header\n{KX} 0123456789ab\ngb-nobody 0123456789ab\n", "utf-8")
    with pytest.raises(RegistryError) as failure:
        _run(tmp_path, check=True)
    assert str(failure.value).splitlines() == [
        f"{LIST_PATH}:2:1: {KX} 0123456789ab: record {KX} has no revision 0123456789ab in this history; "
        "if a history rewrite changed its commit id, add the new 12-digit id after it on this line "
        "(HACKING.md 'History redaction procedure')",
        f"{LIST_PATH}:3:1: gb-nobody 0123456789ab: no record has this id or lists it in aliases",
    ]


def test_a_second_commit_id_for_a_commit_still_there_is_refused(tmp_path: Path) -> None:
    """The second id is for a commit a history rewrite removed; added beside a commit still in
    the history, it sent that revision's cited address to another revision, and every check
    passed."""
    repo = GitRepo(tmp_path)
    first = repo.commit("Add", {path_of(KX): entry_text()})
    second = repo.commit("Edit", {path_of(KX): edit(entry_text(), REVIEWED, "  last_reviewed: 2026-11-27\n")})
    (tmp_path / LIST_PATH).write_text(f"{KX} {first[:12]} {second[:12]}\n", "utf-8")
    with pytest.raises(RegistryError) as failure:
        _run(tmp_path, check=True)
    assert str(failure.value).splitlines() == [
        f"{LIST_PATH}:1:1: {KX} {first[:12]}: {first[:12]} is still a revision of record {KX} in this "
        f"history, so it keeps its own address: remove {second[:12]} from this line (a second commit id "
        "is only for a commit a history rewrite removed)"
    ]


def test_a_malformed_line_is_an_error_with_its_position(tmp_path: Path) -> None:
    (tmp_path / "entries").mkdir()
    (tmp_path / LIST_PATH).write_text(f"{KX} 0123456789ab\n{KX} 0123\n<b>x</b>\n", "utf-8")
    with pytest.raises(RegistryError) as failure:
        read_list(tmp_path)
    assert str(failure.value).splitlines() == [
        f"{LIST_PATH}:2:1: line: expected `<record id> <12 hex digits>`, got '{KX} 0123'",
        f"{LIST_PATH}:3:1: line: expected `<record id> <12 hex digits>`, got '<b>x</b>'",
    ]


def test_after_a_history_rewrite_the_old_address_shows_the_rewritten_revision(tmp_path: Path) -> None:
    """SECURITY.md section 5: a rewrite changes commit ids. The old address keeps resolving, to
    the rewritten revision, and never to the removed text."""
    repo = GitRepo(tmp_path)
    copy_site_files(tmp_path)
    leaked = repo.commit("Add", {path_of(KX): edit(entry_text(), NOTE, PRIVATE_NOTE)})
    assert _run(tmp_path, until=leaked) == 0
    # The rewrite (git filter-repo, here an amend): the same commit without the private note.
    repo.write({path_of(KX): entry_text()})
    repo.git("commit", "-q", "--amend", "-m", "Add", env=repo.env(when=1_570_000_000))
    clean = repo.head()[:12]
    assert clean != leaked[:12]
    problems = list(find_broken(_ctx(tmp_path), Site(tmp_path / "empty")))
    assert any(f"{KX} {leaked[:12]}: record {KX} has no revision {leaked[:12]}" in p for p in problems)
    lines = (
        (tmp_path / LIST_PATH)
        .read_text("utf-8")
        .replace(f"{KX} {leaked[:12]}", f"{KX} {leaked[:12]} {clean}")
    )
    (tmp_path / LIST_PATH).write_text(lines, "utf-8")
    assert _run(tmp_path, check=True) == 0
    site = tmp_path / "staging"
    site.mkdir()
    Site(site).write("revisions", revision_files(_ctx(tmp_path)))
    page = (site / "deployments" / KX / "revisions" / leaked[:12] / "index.html").read_text("utf-8")
    assert f"url=/deployments/{KX}/history/#rev-{clean}" in page
    document = json.loads(
        (site / "api/v1/deployments" / KX / "revisions" / f"{leaked[:12]}.json").read_text()
    )
    assert document["revision"]["short"] == clean and "Private-Person" not in json.dumps(document)
    assert document["record_as_written"]["operator"]["note"] == NOTE.split(": ", 1)[1].strip()


# --- on the built fixture site ---


@pytest.fixture(scope="module")
def fx(tmp_path_factory):
    return session_site(tmp_path_factory)


@pytest.mark.slow
def test_every_listed_address_has_both_files_and_no_other_revision_has_one(fx) -> None:
    listed = read_list(fx.root)
    assert {i.id for i in listed} == {KX, FORMULA, WITHDRAWN, MERGED, NEW, OLD}
    for item in listed:
        page = fx.site / "deployments" / item.id / "revisions" / item.short / "index.html"
        assert (
            page.is_file()
            and (fx.site / "api/v1/deployments" / item.id / "revisions" / f"{item.short}.json").is_file()
        )
    written = {p.parent.name for p in fx.site.glob("deployments/*/revisions/*/index.html")}
    assert written == {i.short for i in listed}
    assert fx.commits["review-1"][:12] not in written and fx.commits["rename"][:12] not in written


@pytest.mark.slow
def test_the_json_at_an_old_address_is_the_revision_as_it_stood(fx) -> None:
    history = read_history(fx.root)
    api = fx.site / "api" / "v1" / "deployments"
    for entry_id, name in ((FORMULA, "add"), (FORMULA, "pause"), (KX, "add"), (NEW, "add")):
        short = fx.commits[name][:12]
        revision = next(r for r in history.get(entry_id).revisions if r.short == short)
        document = json.loads((api / entry_id / "revisions" / f"{short}.json").read_text("utf-8"))
        assert document["record_as_written"] == revision.data, (entry_id, name)
        assert document["url"] == f"https://fr-registry.example.org/deployments/{entry_id}/revisions/{short}/"
        assert document["revision"] == {
            "sha": revision.sha,
            "short": short,
            "date": revision.date.isoformat(),
            "kind": revision.kind,
            "id_at_revision": revision.entry_id,
        }
    # The record's JSON links each listed revision's file; a newer revision has only its patch.
    items = {i["short"]: i for i in json.loads((api / f"{NEW}.json").read_text("utf-8"))["history"]}
    add, review = fx.commits["add"][:12], fx.commits["review-1"][:12]
    assert (
        items[add]["json"] == f"https://fr-registry.example.org/api/v1/deployments/{NEW}/revisions/{add}.json"
    )
    assert "json" not in items[review] and items[review]["patch"]
    assert items[review]["url"] == f"https://fr-registry.example.org/deployments/{NEW}/history/#rev-{review}"


@pytest.mark.slow
def test_the_guard_fails_when_a_listed_address_lost_its_file(fx, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(fx.site, site)
    short = fx.commits["pause"][:12]
    (site / "api/v1/deployments" / FORMULA / "revisions" / f"{short}.json").unlink()
    (site / "deployments" / OLD / "revisions" / fx.commits["add"][:12] / "index.html").unlink()
    assert sorted(find_broken(_ctx(fx.root), Site.scan(site, "engine"))) == [
        f"{FORMULA}: /api/v1/deployments/{FORMULA}/revisions/{short}.json "
        "(listed in entries/published-revisions.txt) was not written",
        f"{OLD}: /deployments/{OLD}/revisions/{fx.commits['add'][:12]}/index.html "
        "(listed in entries/published-revisions.txt) was not written",
    ]


@pytest.mark.slow
def test_the_guard_fails_when_a_revision_is_missing_from_its_history_page(fx, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(fx.site, site)
    page = site / "deployments" / KX / "history" / "index.html"
    short = fx.commits["add"][:12]
    page.write_text(page.read_text("utf-8").replace(f'id="rev-{short}"', 'id="gone"'), "utf-8")
    assert list(find_broken(_ctx(fx.root), Site.scan(site, "engine"))) == [
        f"{KX}: revision {short} (a citation's permanent link) is not on /deployments/{KX}/history/"
    ]

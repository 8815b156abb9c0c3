"""Atom feeds from a real git history: well-formed, complete, escaped and stable across builds."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from gitrepo import EXAMPLE_ID, GitRepo, edit, entry_text, path_of

from registry.entries import load_registry
from registry.feeds import FEED_ALL, FEED_NEW, entry_feed_url, render_feeds, tag_uri
from registry.history import read_history

A = "{http://www.w3.org/2005/Atom}"
CONFIG = SimpleNamespace(
    site_url="https://fr-registry.example.org/",
    repo_url="https://github.com/fr-registry/registry",
    site_name="Facial Recognition Registry",
)
OTHER_ID = "gb-kings-cross-granary"
HOSTILE = "Update <img src=x onerror=alert(1)> status & more"


def make_repo(tmp_path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the King's Cross record", {path_of(EXAMPLE_ID): entry_text()})
    repo.commit(HOSTILE, {path_of(EXAMPLE_ID): edit(entry_text(), "  status: ended\n", "  status: paused\n")})
    other = entry_text(OTHER_ID, **{"title: King's Cross Estate": "title: Granary Square"})
    repo.commit("Add the Granary Square record", {path_of(OTHER_ID): other}, author='Bob "the" Builder')
    return repo


def feeds_of(repo: GitRepo, cache) -> dict[str, bytes]:
    return render_feeds(read_history(repo.path, cache), load_registry(repo.path), CONFIG)


def test_feeds_are_valid_atom(tmp_path):
    feeds = feeds_of(make_repo(tmp_path), tmp_path / "cache")
    assert set(feeds) == {FEED_ALL, FEED_NEW, entry_feed_url(EXAMPLE_ID), entry_feed_url(OTHER_ID)}
    for path, content in feeds.items():
        root = ET.fromstring(content)
        assert root.tag == f"{A}feed", path
        for required in ("id", "title", "updated", "author"):
            assert root.find(f"{A}{required}") is not None, (path, required)
        assert root.find(f"{A}link[@rel='self']").get("href") == CONFIG.site_url + path
        for entry in root.findall(f"{A}entry"):
            for required in ("id", "title", "updated", "summary"):
                assert (entry.findtext(f"{A}{required}") or "").strip(), (path, required)
            link = entry.find(f"{A}link[@rel='alternate']").get("href")
            assert re.fullmatch(
                re.escape(CONFIG.site_url) + r"deployments/[a-z0-9-]+/history/#rev-[0-9a-f]{12}", link
            )
            assert entry.findtext(f"{A}updated").endswith("Z")
    all_changes = ET.fromstring(feeds[FEED_ALL]).findall(f"{A}entry")
    assert len(all_changes) == 3
    assert len(ET.fromstring(feeds[FEED_NEW]).findall(f"{A}entry")) == 2
    assert len(ET.fromstring(feeds[entry_feed_url(EXAMPLE_ID)]).findall(f"{A}entry")) == 2


def test_untrusted_text_is_escaped_text(tmp_path):
    feeds = feeds_of(make_repo(tmp_path), None)
    root = ET.fromstring(feeds[entry_feed_url(EXAMPLE_ID)])
    newest = root.find(f"{A}entry")
    assert HOSTILE in newest.findtext(f"{A}title")
    assert "status changed from Ended to Paused" in newest.findtext(f"{A}summary")
    assert b"<img" not in feeds[entry_feed_url(EXAMPLE_ID)]
    other = ET.fromstring(feeds[entry_feed_url(OTHER_ID)]).find(f"{A}entry")
    assert other.findtext(f"{A}author/{A}name") == 'Bob "the" Builder'
    assert b"@example.org" not in b"".join(feeds.values())


def test_a_changed_text_is_told_in_its_changed_words(tmp_path):
    """A follower reads what changed without opening the page: the summary's sentence that was
    added, as the history page marks it for screen readers ("[added: ...]"), with a little
    unchanged text around it; before, the feed said only "summary changed"."""
    repo = make_repo(tmp_path)
    said = "whether the system matched anyone."
    added = "The estate's owner said the trial ended in 2018."
    repo.commit(
        "Add the owner's statement", {path_of(EXAMPLE_ID): edit(entry_text(), said, f"{said} {added}")}
    )
    feed = feeds_of(repo, None)[entry_feed_url(EXAMPLE_ID)]
    summary = ET.fromstring(feed).find(f"{A}entry").findtext(f"{A}summary")
    told = f"summary changed: … of whether the system matched anyone. [added: {added}]”"
    assert summary.splitlines()[0] == told


def test_ids_are_stable_tag_uris_across_builds(tmp_path):
    repo = make_repo(tmp_path)
    cache = tmp_path / "cache"
    before = feeds_of(repo, cache)
    again = feeds_of(repo, cache)
    assert before == again  # byte-identical: no clock anywhere
    repo.commit(
        "Review",
        {path_of(OTHER_ID): edit((repo.path / path_of(OTHER_ID)).read_text(), "2026-11-26", "2026-11-27")},
    )
    after = feeds_of(repo, cache)
    ids_before = [e.findtext(f"{A}id") for e in ET.fromstring(before[FEED_ALL]).findall(f"{A}entry")]
    ids_after = [e.findtext(f"{A}id") for e in ET.fromstring(after[FEED_ALL]).findall(f"{A}entry")]
    assert ids_after[1:] == ids_before
    assert ids_after[0] == tag_uri(CONFIG.site_url, "deployments", OTHER_ID, repo.head())
    assert ids_after[0].startswith("tag:fr-registry.example.org,2019:deployments/")


def _ids(feed: bytes) -> list[str]:
    root = ET.fromstring(feed)
    return [root.findtext(f"{A}id")] + [e.findtext(f"{A}id") for e in root.findall(f"{A}entry")]


def test_a_rename_changes_no_id(tmp_path):
    """RFC 4287: an id never changes, or readers show old changes again. After a rename each
    item keeps the id it was made under, and the record's feed the id it had."""
    repo = make_repo(tmp_path)
    cache = tmp_path / "cache"
    before = feeds_of(repo, cache)
    record = "record:\n  status: published\n"
    renamed = edit(entry_text("gb-kings-cross-estate"), record, f"aliases: [{EXAMPLE_ID}]\n{record}")
    renamed = edit(renamed, "  status: ended\n", "  status: paused\n")
    rename = repo.commit("Rename", {path_of(EXAMPLE_ID): None, path_of("gb-kings-cross-estate"): renamed})
    after = feeds_of(repo, cache)
    new_feed = after[entry_feed_url("gb-kings-cross-estate")]
    assert _ids(new_feed) == [
        *_ids(before[entry_feed_url(EXAMPLE_ID)])[:1],
        tag_uri(CONFIG.site_url, "deployments", "gb-kings-cross-estate", rename),
        *_ids(before[entry_feed_url(EXAMPLE_ID)])[1:],
    ]
    assert _ids(after[FEED_ALL])[2:] == _ids(before[FEED_ALL])[1:]
    assert _ids(after[FEED_NEW]) == _ids(before[FEED_NEW])


def test_without_history_the_feeds_are_empty_but_valid(tmp_path):
    (tmp_path / "entries" / "gb").mkdir(parents=True)
    (tmp_path / "entries" / "gb" / f"{EXAMPLE_ID}.yaml").write_text(entry_text())
    feeds = render_feeds(read_history(tmp_path, None), load_registry(tmp_path), CONFIG)
    root = ET.fromstring(feeds[FEED_ALL])
    assert root.findall(f"{A}entry") == [] and root.findtext(f"{A}updated") == "2019-01-01T00:00:00Z"


def test_a_record_feed_holds_its_newest_changes_and_the_page_keeps_the_rest(tmp_path, monkeypatch):
    """A record's feed stops growing at ENTRY_LIMIT changes, newest first; the entries it
    drops are the oldest, which the record's page and history page still list."""
    from registry import feeds

    repo = make_repo(tmp_path)
    hostile_edit = repo.git("rev-parse", "HEAD~1").strip()  # the record's newest change
    monkeypatch.setattr(feeds, "ENTRY_LIMIT", 1)
    root = ET.fromstring(feeds_of(repo, None)[entry_feed_url(EXAMPLE_ID)])
    entries = root.findall(f"{A}entry")
    assert len(entries) == 1
    assert [e.findtext(f"{A}id") for e in entries] == [
        tag_uri(CONFIG.site_url, "deployments", EXAMPLE_ID, hostile_edit)
    ]
    assert "status changed from Ended to Paused" in entries[0].findtext(f"{A}summary")
    assert len(ET.fromstring(feeds_of(repo, None)[FEED_ALL]).findall(f"{A}entry")) == 3  # its own limit


def test_feeds_are_one_element_per_line(tmp_path):
    """No indentation (white space feed readers ignore), but each entry on a line of its own."""
    content = feeds_of(make_repo(tmp_path), None)[FEED_ALL].decode("utf-8")
    lines = content.splitlines()
    assert not any(line.startswith(" ") for line in lines)
    assert sum(line.startswith("<entry>") for line in lines) == 3


def test_entry_feed_url():
    assert entry_feed_url(EXAMPLE_ID) == f"feeds/deployments/{EXAMPLE_ID}.xml"


@pytest.mark.slow  # builds the whole fixture site
def test_pages_announce_their_feeds_in_the_head(built_site):
    """Feed readers discover the site-wide feed on every page and an entry's own on its page."""
    from html.parser import HTMLParser

    class Links(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.feeds: list[str] = []

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            rel = (a.get("rel") or "").split()
            if tag == "link" and "alternate" in rel and a.get("type") == "application/atom+xml":
                # Not exactly "alternate": Material would fetch a sitemap.xml beside it.
                assert a["rel"] != "alternate"
                self.feeds.append(a["href"])

    def feeds(page):
        parser = Links()
        parser.feed((built_site / page).read_text(encoding="utf-8"))
        return parser.feeds

    assert feeds("index.html") == ["feeds/all.xml", "feeds/new.xml"]
    entry = "deployments/gb-kings-cross-argent/index.html"
    assert feeds(entry) == ["../../feeds/all.xml", "../../feeds/deployments/gb-kings-cross-argent.xml"]
    for href in feeds(entry):
        assert (built_site / "deployments/gb-kings-cross-argent" / href).resolve().is_file()

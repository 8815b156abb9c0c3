"""Renamed records: the old id's page, JSON, feed and revision addresses keep working.

The fixture registry (tests/exports_site.py) renames gb-old-name to gb-new-name with the old
id in `aliases`. A real Chromium follows the redirect and keeps the #fragment; without
JavaScript the meta refresh still gets there, to the top of the page.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from browser import assert_only_origin
from exports_site import FORMULA, KX, MERGED, NEW, OLD, WITHDRAWN, build, session_site
from fixture_registry import copy_site_files
from gitrepo import GitRepo, edit, entry_text, path_of

from registry.cli import main
from registry.errors import BuildError
from registry.output import Site
from registry.postbuild.redirects import _Writer, is_redirect

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fx(tmp_path_factory):
    return session_site(tmp_path_factory)


def test_the_old_page_is_a_redirect_with_canonical_refresh_script_and_link(fx) -> None:
    page = fx.site / "deployments" / OLD / "index.html"
    html = page.read_text(encoding="utf-8")
    assert is_redirect(page)
    assert f'<link rel="canonical" href="https://fr-registry.example.org/deployments/{NEW}/">' in html
    assert f'<meta http-equiv="refresh" content="0; url=/deployments/{NEW}/">' in html
    assert '<script src="/assets/redirect.js"></script>' in html
    assert f'<a href="/deployments/{NEW}/">' in html
    assert html.count("<script") == 1, "no inline script: the CSP needs no hash"
    assert "script-src 'self';" in html  # the CSP step ran over it and found nothing to hash
    assert (fx.site / "assets" / "redirect.js").is_file()


def test_the_old_json_and_feed_point_at_the_new_record(fx) -> None:
    stub = json.loads((fx.site / "api" / "v1" / "deployments" / f"{OLD}.json").read_text(encoding="utf-8"))
    assert stub == {"redirect": f"/api/v1/deployments/{NEW}.json", "id": NEW}
    feeds = fx.site / "feeds" / "deployments"
    assert (feeds / f"{OLD}.xml").read_bytes() == (feeds / f"{NEW}.xml").read_bytes()


def test_revisions_made_under_the_old_id_redirect_to_the_new_history(fx) -> None:
    """A revision listed under both ids (entries/published-revisions.txt) keeps both addresses."""
    short = fx.commits["add"][:12]
    target = f"url=/deployments/{NEW}/history/#rev-{short}"
    for entry_id in (OLD, NEW):
        page = fx.site / "deployments" / entry_id / "revisions" / short / "index.html"
        assert is_redirect(page) and target in page.read_text(encoding="utf-8"), entry_id
    history = (fx.site / "deployments" / NEW / "history" / "index.html").read_text(encoding="utf-8")
    assert f'<li id="rev-{short}">' in history
    api = fx.site / "api" / "v1" / "deployments"
    stub = json.loads((api / OLD / "revisions" / f"{short}.json").read_text(encoding="utf-8"))
    assert stub == {"redirect": f"/api/v1/deployments/{NEW}/revisions/{short}.json", "id": NEW}
    document = json.loads((api / NEW / "revisions" / f"{short}.json").read_text(encoding="utf-8"))
    assert document["revision"]["id_at_revision"] == OLD and "record_as_written" in document


def test_a_rename_after_the_list_was_made_leaves_no_revision_url_dangling(tmp_path: Path) -> None:
    """The list names the revision under the old id only; the JSON under the new id (where the
    old id's stub points) names the old id's page, the one that was written."""
    repo = GitRepo(tmp_path)
    copy_site_files(tmp_path)
    first = repo.commit("Add", {path_of(OLD): entry_text(OLD)})
    assert main(["--root", str(tmp_path), "published-revisions", "--until", first]) == 0
    record = "record:\n  status: published\n"
    renamed = edit(entry_text(NEW), record, f"aliases: [{OLD}]\n{record}")
    repo.commit("Rename", {path_of(OLD): None, path_of(NEW): renamed})
    site = build(tmp_path)
    short = first[:12]
    written = sorted(p.relative_to(site).as_posix() for p in site.glob("api/v1/deployments/*/revisions/*"))
    assert written == [f"api/v1/deployments/{r}/revisions/{short}.json" for r in (NEW, OLD)]
    document = json.loads((site / written[0]).read_text("utf-8"))
    assert document["url"] == f"https://fr-registry.example.org/deployments/{OLD}/revisions/{short}/"
    assert is_redirect(site / document["url"].removeprefix("https://fr-registry.example.org/") / "index.html")
    stub = json.loads((site / written[1]).read_text("utf-8"))
    assert (site / stub["redirect"].removeprefix("/")).is_file()


def test_every_record_with_history_has_a_history_page(fx) -> None:
    """Its revisions' permanent links are there from the first revision on (issue 18)."""
    pages = sorted(p.parent.parent.name for p in fx.site.glob("deployments/*/history/index.html"))
    assert pages == sorted([KX, FORMULA, WITHDRAWN, MERGED, NEW, OLD])
    assert is_redirect(fx.site / "deployments" / OLD / "history" / "index.html")
    assert not is_redirect(fx.site / "deployments" / NEW / "history" / "index.html")
    # Only a record with more revisions than its page lists sends readers there for the rest.
    for entry_id in (KX, FORMULA, WITHDRAWN):
        page = fx.site / "deployments" / entry_id / "index.html"
        assert 'id="history-more"' not in page.read_text("utf-8")
    assert "history.js" not in (fx.site / "deployments" / KX / "index.html").read_text("utf-8")
    assert "history.js" in (fx.site / "deployments" / NEW / "index.html").read_text("utf-8")


@pytest.mark.browser
def test_chromium_follows_the_redirect_and_keeps_the_fragment(page: Any, exports_site_url: str) -> None:
    page.goto(f"{exports_site_url}/deployments/{OLD}/#sources")
    page.wait_for_url(f"{exports_site_url}/deployments/{NEW}/#sources")
    assert page.locator("section#sources").is_visible()
    assert page.evaluate("location.hash") == "#sources"
    assert_only_origin(page.requests, exports_site_url)
    assert page.console_errors == []


@pytest.mark.browser
def test_without_javascript_the_meta_refresh_still_arrives(no_js_page: Any, exports_site_url: str) -> None:
    """Without script the old address's #fragment is lost (README says so): the reader lands
    at the top of the new page."""
    page = no_js_page
    page.goto(f"{exports_site_url}/deployments/{OLD}/#sources")
    page.wait_for_url(f"{exports_site_url}/deployments/{NEW}/")
    assert page.locator(f"h1#{NEW}").is_visible()
    assert page.evaluate("() => location.hash") == ""


def _writer(site: Path) -> _Writer:
    config = SimpleNamespace(base="/", site_url="https://x.example/", site_name="Registry")
    env = SimpleNamespace(get_template=lambda name: SimpleNamespace(render=lambda **kw: "<p>redirect</p>"))
    return _Writer(SimpleNamespace(config=config, env=env), Site.scan(site, "engine"))


def test_a_redirect_never_replaces_a_page_nor_points_at_a_missing_page_or_a_redirect(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "redirect.js").write_text("", encoding="utf-8")
    live = tmp_path / "deployments" / "gb-live" / "index.html"
    live.parent.mkdir(parents=True)
    live.write_text("<p>live</p>", encoding="utf-8")
    hop = tmp_path / "deployments" / "gb-hop" / "index.html"
    hop.parent.mkdir(parents=True)
    hop.write_text('<meta name="registry-redirect" content="/deployments/gb-live/">', encoding="utf-8")
    writer = _writer(tmp_path)
    with pytest.raises(BuildError, match="already exists"):
        writer.page("deployments/gb-live/", "deployments/gb-live/", "gb-live", "gb-live", "t")
    with pytest.raises(BuildError, match="does not exist"):
        writer.page("deployments/gb-old/", "deployments/gb-missing/", "gb-old", "gb-missing", "t")
    with pytest.raises(BuildError, match="itself a redirect"):
        writer.page("deployments/gb-old/", "deployments/gb-hop/", "gb-old", "gb-hop", "t")

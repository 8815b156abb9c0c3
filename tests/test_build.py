"""`registry build` end to end on a small fixture registry: strict engine, failure, determinism, safety.

The fixture is a copy of three records of the fixture registry (tests/fixture_registry.py) with
this checkout's mkdocs.yml and site_templates/, in a temporary folder without git (history
unavailable), built by the real pipeline: generation, `properdocs build --strict`
(registry.engine), Pagefind, the CSP step and the swap.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from fixture_registry import copy_registry, copy_site_files, entry_source
from sitecheck import third_party_fetches, tree_digest

from registry import engine
from registry.build import build_site
from registry.postbuild.csp import script_hash

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_IDS = ["gb-kings-cross-argent", "au-bunnings-stores", "fr-nice-carnival-2019"]
pytestmark = pytest.mark.slow


def make_fixture_registry(root: Path) -> Path:
    """A registry checkout in miniature: three entries, mkdocs.yml and site_templates/."""
    return copy_registry(root, FIXTURE_IDS)


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_fixture_registry(tmp_path_factory.mktemp("registry"))
    build_site(root, site_dir=root / "site", work_dir=root / "build")
    return root


def test_strict_build_of_the_fixture_registry(fixture_site: Path) -> None:
    site = fixture_site / "site"
    for page in [
        "index.html",
        "deployments/index.html",
        "search/index.html",
        "methodology/index.html",
        "contribute/index.html",
        "countries/gb/index.html",
        "vendors/index.html",
        "operators/index.html",
        "deployments/gb-kings-cross-argent/index.html",
    ]:
        assert (site / page).is_file(), page
    assert (site / "pagefind" / "pagefind-ui.js").is_file()
    assert not (site / "search" / "search_index.json").exists(), "Material's lunr index must be off"
    assert not (fixture_site / "site.tmp").exists() and not (fixture_site / "site.old").exists()


def test_the_site_is_built_by_properdocs_with_material(fixture_site: Path) -> None:
    """Material names the engine in every page's generator meta (scripts/compare_engines.py)."""
    page = (fixture_site / "site" / "index.html").read_text(encoding="utf-8")
    generator = re.findall(r'<meta name="generator" content="([^"]*)">', page)
    assert len(generator) == 1
    assert re.fullmatch(r"mkdocs-ProperDocs 1\.\d+\.\d+, mkdocs-material-9\.\d+\.\d+", generator[0])


def test_generation_writes_only_changed_files_and_removes_stale_ones(fixture_site: Path) -> None:
    from registry.writer import sync_tree

    docs = fixture_site / "build" / "docs"
    stale = docs / "deployments" / "gone" / "index.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("old", encoding="utf-8")
    current = {
        p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*") if p.is_file() and p != stale
    }
    assert sync_tree(docs, current) == 0
    assert not stale.exists() and not stale.parent.exists()


def test_bad_entry_fails_with_the_checks_messages_and_leaves_site_untouched(fixture_site: Path) -> None:
    before = tree_digest(fixture_site / "site")
    bad = fixture_site / "entries" / "gb" / "gb-bad-entry.yaml"
    text = entry_source(FIXTURE_IDS[0])
    bad.write_text(
        text.replace("id: gb-kings-cross-argent", "id: gb-bad-entry").replace(
            "  status: ended", "  status: finished"
        ),
        encoding="utf-8",
    )
    try:
        result = subprocess.run(
            [sys.executable, "-m", "registry", "--root", str(fixture_site), "build"],
            capture_output=True,
            text=True,
        )
    finally:
        bad.unlink()
    assert result.returncode == 1
    assert re.search(
        r"^entries/gb/gb-bad-entry\.yaml:\d+:\d+: timeline\.status: ", result.stderr, re.MULTILINE
    ), result.stderr
    assert "registry check failed: 1 error in 1 file" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(fixture_site / "site") == before


def test_two_builds_are_byte_identical(fixture_site: Path, tmp_path: Path) -> None:
    build_site(fixture_site, site_dir=tmp_path / "again", work_dir=tmp_path / "work")
    assert tree_digest(tmp_path / "again") == tree_digest(fixture_site / "site")


def test_sitemap_dates_come_from_the_data_not_the_clock(fixture_site: Path) -> None:
    sitemap = (fixture_site / "site" / "sitemap.xml").read_text(encoding="utf-8")
    # no git here: the newest last_reviewed of the fixture entries
    newest = max(
        re.findall(
            r"last_reviewed: (\S+)",
            "".join(entry_source(entry_id) for entry_id in FIXTURE_IDS),
        )
    )
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {newest}


def test_every_page_has_one_hash_based_csp_first(fixture_site: Path) -> None:
    pages = sorted((fixture_site / "site").rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert html.count("Content-Security-Policy") == 1, page
        head = re.search(
            r'<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="([^"]+)">', html
        )
        assert head, page
        policy = head.group(1)
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy.replace("wasm-unsafe-eval", "")
        assert "registry:content" not in html
        for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.DOTALL):
            if "src=" not in attrs and "application/json" not in attrs:
                assert f"'{script_hash(body)}'" in policy, (page, body[:60])


def test_no_third_party_origin_in_the_built_output(fixture_site: Path) -> None:
    assert third_party_fetches(fixture_site / "site") == []
    assert "fonts.googleapis" not in (fixture_site / "site" / "index.html").read_text(encoding="utf-8")


def test_a_registry_with_no_entries_builds_with_a_working_search(tmp_path: Path) -> None:
    root = tmp_path / "registry"
    (root / "entries").mkdir(parents=True)
    copy_site_files(root)
    build_site(root, site_dir=root / "site", work_dir=root / "build")
    assert (root / "site" / "index.html").is_file()
    assert (root / "site" / "pagefind" / "pagefind-ui.js").is_file()


def test_config_invariants() -> None:
    config = engine.read_config(ROOT)
    assert config["use_directory_urls"] is True
    assert config["docs_dir"] == "build/docs"
    assert config["site_url"].endswith("/")
    assert config["theme"]["font"] is False
    assert config["plugins"] == [] or "search" not in str(config["plugins"])
    assert config["hooks"] == ["registry/engine.py"]
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for forbidden in ("snippets", "macros", "attr_list", "md_in_html", "superfences"):
        assert forbidden not in text.split("# Material's lunr")[1], forbidden


def test_theme_icons_are_drawn_from_a_sprite_of_materials_own_drawings(fixture_site: Path) -> None:
    """The logo, menu and repository icons reference assets/icons.svg instead of carrying their
    drawing inline (partials/icon.html); each symbol there is exactly Material's icon file,
    and every reference in a page names a symbol the sprite has."""
    site = fixture_site / "site"
    sprite = (site / "assets" / "icons.svg").read_text(encoding="utf-8")
    symbols = dict(re.findall(r'<symbol id="([^"]+)" (viewBox="[^"]+">.*?)</symbol>', sprite))
    icons = {"material-library": "material/library", "material-menu": "material/menu"}
    icons["fontawesome-brands-git-alt"] = "fontawesome/brands/git-alt"
    assert set(symbols) == set(icons)
    theme = next(d / ".icons" for d in engine.theme_dirs() if (d / ".icons").is_dir())
    for name, drawing in symbols.items():
        own = (theme / f"{icons[name]}.svg").read_text(encoding="utf-8").strip()
        assert own == f'<svg xmlns="http://www.w3.org/2000/svg" {drawing}</svg>', name
    for page in ["index.html", "deployments/gb-kings-cross-argent/index.html", "countries/gb/index.html"]:
        html = (site / page).read_text(encoding="utf-8")
        chrome = html.split('<div class="md-content"', 1)[0]
        uses = re.findall(r'<use href="([^"#]*)#([^"]+)">', chrome)
        assert sorted({u[1] for u in uses}) == sorted(symbols), page  # logo and repository twice
        assert all(
            (site / page).parent.joinpath(u[0]).resolve() == (site / "assets" / "icons.svg") for u in uses
        )
        assert "<path" not in chrome, page


def test_no_page_carries_materials_script_for_tabbed_blocks(fixture_site: Path) -> None:
    """The override of partials/javascripts/content.html drops an inline script that serves
    only pymdownx.tabbed blocks; the site enables no such extension, so it was dead weight
    (and a CSP hash) on every page."""
    assert not any("tabbed" in str(ext) for ext in engine.read_config(ROOT)["markdown_extensions"])
    for page in (fixture_site / "site").rglob("*.html"):
        assert "__tabbed_" not in page.read_text(encoding="utf-8"), page


def test_the_site_carries_no_theme_file_it_never_loads(fixture_site: Path) -> None:
    """Material's lunr search, its worker and the bundles' source maps were copied into every
    build (2.6 MB, 75 files) though the site searches with Pagefind; none is there now, no
    file names a source map, and the bundle every page loads is still there."""
    site = fixture_site / "site"
    assets = sorted(p.relative_to(site).as_posix() for p in (site / "assets").rglob("*") if p.is_file())
    assert not [a for a in assets if a.endswith(".map") or "/lunr/" in a or "/workers/" in a]
    bundles = [a for a in assets if re.fullmatch(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js", a)]
    assert len(bundles) == 1
    page = (site / "index.html").read_text(encoding="utf-8")
    assert f'<script src="{bundles[0]}"></script>' in page
    for script in (site / "assets").rglob("*.js"):
        assert b"sourceMappingURL" not in script.read_bytes(), script


def test_a_page_that_hides_its_contents_list_has_no_empty_sidebar_for_it(fixture_site: Path) -> None:
    """main.html's site_nav: a page with `hide: [toc]` (an entry page) gets Material's
    navigation sidebar and no hidden table-of-contents block; a page with a contents list
    (the open-data page) keeps both."""
    site = fixture_site / "site"
    entry = (site / "deployments" / "gb-kings-cross-argent" / "index.html").read_text(encoding="utf-8")
    assert entry.count('class="md-sidebar md-sidebar--primary"') == 1
    assert "md-sidebar--secondary" not in entry and 'class="md-nav__list"' in entry
    data = (site / "data" / "index.html").read_text(encoding="utf-8")
    assert 'class="md-sidebar md-sidebar--secondary" data-md-component="sidebar" data-md-type="toc" >' in data


def test_every_pages_skip_link_has_its_target(fixture_site: Path) -> None:
    """Before: 404.html had `<a href="#main-content" class="md-skip">` and no such element."""
    pages = sorted((fixture_site / "site").rglob("*.html"))
    assert "404.html" in [p.name for p in pages]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for target in re.findall(r'<a href="#([^"]+)" class="md-skip"', html):
            assert f'id="{target}"' in html, (page.relative_to(fixture_site).as_posix(), target)


def test_the_404_pages_title_says_what_it_is(fixture_site: Path) -> None:
    """A tab or a history entry of the 404 page read only the site's name."""
    html = (fixture_site / "site" / "404.html").read_text(encoding="utf-8")
    assert "<title>Page not found - Facial Recognition Registry</title>" in html


def test_the_feed_of_new_records_is_announced_on_the_home_and_browse_pages(fixture_site: Path) -> None:
    """feeds/new.xml was linked from /changes/ only: a feed reader given the home page or the
    list of deployments found the feed of all changes, never the one of new records."""
    site = fixture_site / "site"
    new = '<link rel="alternate feed" type="application/atom+xml" title="New records" href="{}feeds/new.xml">'
    assert new.format("") in (site / "index.html").read_text(encoding="utf-8")
    assert new.format("../") in (site / "deployments" / "index.html").read_text(encoding="utf-8")
    assert "feeds/new.xml" not in (site / "methodology" / "index.html").read_text(encoding="utf-8")

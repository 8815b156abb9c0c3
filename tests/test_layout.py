"""The layout route (registry.layout) gives byte for byte the pages the engine gives.

The build renders the records' pages outside the engine, into layouts the engine made, so
this file is its proof: the fixture registry (a real git history) built both ways, and a
registry of hostile records (titles and names that try to end the `<title>`, break out of an
attribute, look like a template or like the layout's own tokens) built both ways, compare
equal file by file; the hostile values land escaped in every place the theme prints them.
"""

from __future__ import annotations

import copy
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fixture_registry import FIXTURE_COMMIT_TIME, FIXTURE_ROOT, copy_registry, copy_site_files
from gitrepo import GitRepo

from registry import layout
from registry.build import Inputs, build_site, load_inputs
from registry.checks.base import EntryFile
from registry.context import BuildContext, no_history, read_site_config
from registry.engine import front_matter, markdown_page, page_meta
from registry.entries import load_registry
from registry.errors import InternalError
from registry.schema import Entry

#: The repository address a piece is sanitised with (links into it lose the sanitiser's rel).
REPO = "https://github.com/example/registry"

HOSTILE = [
    "</title><script>alert(1)</script>",
    '" onmouseover="alert(1)" x="',
    "' onfocus='alert(1)",
    "{{ 7 * 7 }} {% raw %} ${x}",
    f"{layout.TITLE} {layout.CONTENT} qq0000layoutslot",
    "&amp; &lt;b&gt; & <b>",
    "Ünïcödé 名前 😀",
]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found |= {name for name, _ in attrs if name.startswith("on")}
        if tag == "script" and "src" not in dict(attrs):
            self.found.add("inline script")


def _handlers_and_inline_scripts(html: str) -> set[str]:
    """Event-handler attributes, and inline scripts other than the theme's two (hashed by CSP)."""
    tags = _Tags()
    tags.feed(html)
    return tags.found - ({"inline script"} if html.count("<script>") <= 2 else set())


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _assert_same_sites(engine_site: Path, layout_site: Path) -> None:
    by_engine, by_layout = _files(engine_site), _files(layout_site)
    assert sorted(by_layout) == sorted(by_engine)
    differ = [rel for rel in by_engine if by_engine[rel] != by_layout[rel]]
    assert differ == []


def _both_routes(root: Path, base: Path, inputs: Inputs) -> tuple[Path, Path]:
    build_site(root, base / "engine-site", base / "engine-work", inputs=inputs, through_engine=True)
    build_site(root, base / "layout-site", base / "layout-work", inputs=inputs)
    return base / "engine-site", base / "layout-site"


@pytest.mark.slow
def test_the_fixture_registry_builds_byte_identical_both_ways(tmp_path: Path) -> None:
    root = copy_registry(tmp_path / "registry")
    repo = GitRepo(root)
    repo.git("add", "--", "entries")
    repo.commit("Add the fixture registry", when=FIXTURE_COMMIT_TIME)
    inputs = load_inputs(root, tmp_path / "cache")
    engine_site, layout_site = _both_routes(root, tmp_path, inputs)
    _assert_same_sites(engine_site, layout_site)
    # the route really was taken: every record's pages, and no layout page left behind
    assert len(list((layout_site / "deployments").glob("*/index.html"))) == len(inputs.files)
    docs = tmp_path / "layout-work" / "docs"
    assert not list(docs.glob("deployments/[a-z][a-z]-*/index.md"))
    assert [p.name for p in docs.glob("vendors/*/")] == [p.name for p in docs.glob("vendors/qq*layoutslot/")]
    assert len(list(docs.glob("deployments/qq*layoutslot/**/index.md"))) >= 2  # entry, history
    assert not list(layout_site.rglob("*layoutslot*"))
    assert layout.LAYOUTS_FILE in {p.name for p in (tmp_path / "layout-work").iterdir()}


def _hostile_registry(base: Path) -> tuple[Path, Inputs]:
    template = next(f for f in load_registry(FIXTURE_ROOT) if f.entry.id == "gb-kings-cross-argent")
    made = []
    for n, text in enumerate(HOSTILE):
        data = copy.deepcopy(template.loaded.data)
        data.pop("related", None)
        data["id"] = f"gb-hostile-{n:02d}"
        data["title"] = text
        data["summary"] = f"Summary {text}"
        data["operator"]["name"] = f"Operator {text}"
        vendor = next(p for p in data["parties"] if p["role"] == "vendor")
        vendor["name"] = f"Vendor {text}"
        entry = Entry.model_validate(data)  # schema only: the markup check never runs
        made.append(EntryFile(f"entries/gb/{entry.id}.yaml", template.loaded, entry))
    root = base / "registry"
    root.mkdir(parents=True)
    copy_site_files(root)
    return root, Inputs(made, no_history(), read_site_config(root))


@pytest.mark.slow
def test_hostile_values_build_byte_identical_both_ways_and_land_escaped(tmp_path: Path) -> None:
    root, inputs = _hostile_registry(tmp_path)
    assert all(f.entry.vendors[0].name.startswith("Vendor ") for f in inputs.files)
    engine_site, layout_site = _both_routes(root, tmp_path, inputs)
    _assert_same_sites(engine_site, layout_site)
    page = (layout_site / "deployments" / "gb-hostile-00" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; - " in page
    assert 'content="Summary &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;' in page
    quoted = (layout_site / "deployments" / "gb-hostile-01" / "index.html").read_text(encoding="utf-8")
    assert 'content="&quot; onmouseover=&quot;alert(1)&quot; x=&quot;"' in quoted  # og:title
    for path in layout_site.rglob("*.html"):  # no value became markup: no handler, no script of ours
        assert _handlers_and_inline_scripts(path.read_text(encoding="utf-8")) == set(), path
    tokens = (layout_site / "deployments" / "gb-hostile-04" / "index.html").read_text(encoding="utf-8")
    assert f"<title>{layout.TITLE} {layout.CONTENT} qq0000layoutslot - " in tokens  # shown, not filled
    operators = sorted((layout_site / "operators").glob("operator-*/index.html"))
    assert len(operators) == len(HOSTILE)
    for path in operators:  # directory pages: the name in the title, escaped
        text = path.read_text(encoding="utf-8")
        assert "<title>Deployments run by Operator " in text and "<script>alert" not in text


def test_a_title_beyond_the_basic_plane_reaches_the_engine_as_front_matter() -> None:
    # JSON's two surrogate escapes for an emoji are no YAML: the engine silently took the whole
    # front matter for page text (the page lost its title), so front_matter writes \U0001F600
    page = markdown_page(front_matter("Faces 😀 名前", description="😀"), "<p>x</p>")
    assert page_meta(page) == {"title": "Faces 😀 名前", "description": "😀"}
    made = layout.piece("deployments/gb-x/index.md", page, REPO)
    assert made is not None and made.title == "Faces 😀 名前"


def test_a_title_that_was_not_escaped_is_refused() -> None:
    page = markdown_page('---\ntitle: "<b>x</b>"\n---\n\n', "<p>x</p>")
    with pytest.raises(InternalError, match="HTML-escaped"):
        layout.piece("deployments/gb-x/index.md", page, REPO)


def test_only_record_and_directory_pages_with_a_plain_slot_are_filled() -> None:
    page = markdown_page(front_matter("A title", description="d"), "<p>x</p>")
    assert layout.piece("deployments/gb-x/index.md", page, REPO) is not None
    assert layout.piece("deployments/gb-x/history/index.md", page, REPO) is not None
    assert layout.piece("vendors/nec/index.md", page, REPO) is not None
    for path in (
        "index.md",
        "deployments/index.md",
        "map/index.md",
        'vendors/a"b/index.md',
        "vendors/A/index.md",
        "deployments/gb-x/request/index.md",  # no longer a page: the drafts are a section of the record's
    ):
        assert layout.piece(path, page, REPO) is None


def test_the_slot_inside_another_value_is_a_slot_and_nothing_else_is() -> None:
    page = markdown_page(front_matter("T", feed="feeds/deployments/gb-x.xml", og_type="article"), "<p>x</p>")
    made = layout.piece("deployments/gb-x/index.md", page, REPO)
    assert made is not None
    assert '"feeds/deployments/\x00.xml"' in made.key[1] and '"article"' in made.key[1]
    # a slot that is also a word of another value: the engine renders that page itself
    assert layout.piece("vendors/article/index.md", page, REPO) is None


@pytest.mark.slow
def test_render_record_rewrites_one_records_pages_from_the_kept_layouts(tmp_path: Path) -> None:
    root = copy_registry(tmp_path / "registry")
    site, work = tmp_path / "site", tmp_path / "work"
    build_site(root, site, work)
    before = _files(site)
    mine = [rel for rel in before if "/gb-kings-cross-argent/" in rel and rel.endswith(".html")]
    for rel in mine:
        (site / rel).unlink()
    inputs = load_inputs(root, work)
    ctx = BuildContext(root, inputs.files, inputs.history, inputs.config, work / "docs")
    written = layout.render_record(ctx, "gb-kings-cross-argent", work, site)
    assert "deployments/gb-kings-cross-argent/index.html" in written
    assert "operators/kings-cross-central-limited-partnership/index.html" in written
    assert "countries/gb/index.html" in written and "vendors/nec/index.html" in written
    assert _files(site) == before
    (work / layout.LAYOUTS_FILE).unlink()
    with pytest.raises(layout.LayoutMissing):
        layout.render_record(ctx, "gb-kings-cross-argent", work, site)

"""The site's one writer (registry.output): every file once, inside the site, listed by its step.

Producers yield `(path, bytes)`; the writer refuses a path outside the folder and a second
file at one path, naming both producers, whether the two meet in one process or only when
the forked child's list joins the engine's (registry.postbuild.beside). The never-404 guard
checks that list, not the disk.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fixture_registry import KINGS_CROSS, copy_registry

from registry import urls
from registry.context import BuildContext, no_history, read_site_config
from registry.entries import load_registry
from registry.errors import BuildError, InternalError
from registry.output import Output, Outputs, Site, producer_name
from registry.parallel import Handover
from registry.postbuild import beside, search
from registry.postbuild.guard import find_broken


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_the_writer_writes_each_file_whole_and_lists_it_with_its_producer(tmp_path: Path) -> None:
    site = Site(tmp_path / "site")
    written = site.write("feeds", iter([("feeds/all.xml", b"<feed/>"), ("feeds/deployments/a.xml", b"a")]))
    assert written == ["feeds/all.xml", "feeds/deployments/a.xml"]
    assert site.write("tip", [("history-manifest.json", b"{}\n")]) == ["history-manifest.json"]
    assert (tmp_path / "site" / "feeds" / "all.xml").read_bytes() == b"<feed/>"
    assert files_under(tmp_path / "site") == set(site) == set(written) | {"history-manifest.json"}
    assert site.producer("feeds/all.xml") == "feeds" and site.producer("nothing.html") is None
    assert "feeds/all.xml" in site and "feeds" not in site and len(site) == 3
    assert site.read("feeds/deployments/a.xml") == b"a"


@pytest.mark.parametrize(
    "path", ["../x", "a/../../x", "/etc/passwd", "", "a//b", "a/./b", "folder/", ".", "a\\..\\b", "x.partial"]
)
def test_a_path_outside_the_site_folder_is_refused_and_nothing_is_written(tmp_path: Path, path: str) -> None:
    folder = tmp_path / "site"
    with pytest.raises(InternalError, match=r"redirects yielded the path .* which is not inside the site"):
        Site(folder).write("redirects", [(path, b"x")])
    assert files_under(tmp_path) == set()


def test_a_path_written_twice_names_both_producers_and_keeps_the_first_file(tmp_path: Path) -> None:
    site = Site(tmp_path)
    site.write("exports", [("api/v1/deployments/a.json", b"first")])
    with pytest.raises(
        InternalError, match="api/v1/deployments/a.json: written by exports and again by redirects"
    ):
        site.write("redirects", [("api/v1/deployments/a.json", b"second")])
    with pytest.raises(InternalError, match="x.json: written by exports and again by exports"):
        site.write("exports", [("x.json", b"1"), ("x.json", b"2")])
    assert (tmp_path / "api/v1/deployments/a.json").read_bytes() == b"first"
    assert (tmp_path / "x.json").read_bytes() == b"1"


def test_a_file_never_takes_the_place_of_a_folder_nor_a_folder_of_a_file(tmp_path: Path) -> None:
    site = Site(tmp_path)
    site.write("revisions", [("deployments/a/revisions/abc/index.html", b"page")])
    with pytest.raises(
        InternalError, match="deployments/a/revisions: sitemap wrote a file where the site has a folder"
    ):
        site.write("sitemap", [("deployments/a/revisions", b"x")])
    with pytest.raises(
        InternalError, match="wrote inside deployments/a/revisions/abc/index.html, a file revisions wrote"
    ):
        site.write("feeds", [("deployments/a/revisions/abc/index.html/x", b"x")])


def test_a_file_written_behind_the_writers_back_is_never_replaced(tmp_path: Path) -> None:
    site = Site(tmp_path)
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "all.xml").write_bytes(b"written directly")
    with pytest.raises(
        InternalError, match="all.xml: in the site folder but not on its list of files written"
    ):
        site.write("redirects", [("feeds/all.xml", b"copy")])
    assert (tmp_path / "feeds" / "all.xml").read_bytes() == b"written directly"


def test_text_must_be_encoded_by_its_producer(tmp_path: Path) -> None:
    with pytest.raises(InternalError, match="a.json: exports yielded str, not bytes"):
        Site(tmp_path).write("exports", [("a.json", "{}")])  # type: ignore[list-item]


def test_a_step_takes_a_file_of_the_engine_before_writing_it_anew(tmp_path: Path) -> None:
    (tmp_path / "sitemap.xml").write_bytes(b"<urlset/>")
    site = Site.scan(tmp_path, "engine")
    assert site.take("sitemap.xml") == b"<urlset/>" and site.take("sitemap.xml.gz") is None
    assert site.write("sitemap", [("sitemap.xml", b"ours")]) == ["sitemap.xml"]
    assert site.producer("sitemap.xml") == "sitemap"


# --- Producers beside the engine: their child's list joins the engine's ---


def twice(ctx: object) -> Outputs:
    yield "feeds/all.xml", b"1"
    yield "feeds/all.xml", b"2"


def escapes(ctx: object) -> Outputs:
    yield "../outside.txt", b"x"


def engine_page(ctx: object) -> Outputs:
    yield "index.html", b"not ours"


def own_file(ctx: object) -> Outputs:
    yield "api/v1/deployments.json", b"[]"


@pytest.mark.slow  # forks the child the build uses
@pytest.mark.parametrize(
    ("step", "message"),
    [
        (twice, "feeds/all.xml: written by test_output and again by test_output"),
        (escapes, "test_output yielded the path '../outside.txt', which is not inside the site"),
        (engine_page, "index.html: written by engine and again by test_output"),
    ],
)
def test_a_bad_producer_beside_the_engine_fails_the_build(tmp_path: Path, step, message: str) -> None:
    staging, site_dir = tmp_path / "work" / "beside", tmp_path / "work" / "site"
    site_dir.mkdir(parents=True)
    (site_dir / "index.html").write_bytes(b"the engine's")
    with pytest.raises((InternalError, RuntimeError), match=message):
        beside.finish(beside.start(None, [own_file, step], staging), staging, site_dir)  # type: ignore[arg-type]
    assert not (tmp_path / "work" / "outside.txt").exists()
    assert (site_dir / "index.html").read_bytes() == b"the engine's"


@pytest.mark.slow  # forks the child the build uses
def test_the_steps_files_join_the_engines_and_the_list_names_every_file(tmp_path: Path) -> None:
    staging, site_dir = tmp_path / "beside", tmp_path / "site"
    (site_dir / "deployments" / "a").mkdir(parents=True)
    (site_dir / "deployments" / "a" / "index.html").write_bytes(b"page")
    seconds, site, searched = beside.finish(beside.start(None, [own_file], staging), staging, site_dir)  # type: ignore[arg-type]
    assert searched is None, "no search folder, no index"
    assert set(seconds) == {"test_output"} == {producer_name(own_file)}
    assert site.files == {"deployments/a/index.html": "engine", "api/v1/deployments.json": "test_output"}
    assert files_under(site_dir) == set(site) and not staging.exists()


# --- The never-404 guard checks the list of files written, not the disk ---


def test_the_guard_asks_the_list_of_files_written_not_the_disk(tmp_path: Path) -> None:
    root = copy_registry(tmp_path / "registry", [KINGS_CROSS])
    ctx = BuildContext(root, load_registry(root), no_history(), read_site_config(root), tmp_path / "docs")
    page, data = f"{urls.entry_page(KINGS_CROSS)}index.html", urls.entry_json(KINGS_CROSS)
    on_disk = tmp_path / "on-disk"
    for rel in (page, data):
        (on_disk / rel).parent.mkdir(parents=True, exist_ok=True)
        (on_disk / rel).write_bytes(b"<p>x</p>")
    assert list(find_broken(ctx, Site(on_disk))) == [
        f"{KINGS_CROSS}: /{urls.entry_page(KINGS_CROSS)} was not built",
        f"{KINGS_CROSS}: /{data} was not written",
    ]
    listed_only = Site(tmp_path / "empty", {page: "engine", data: "exports"})
    assert list(find_broken(ctx, listed_only)) == []


def _pagefind_on(folder: Path) -> list[str]:
    """The command lines of the running Pagefind processes indexing `folder` (from /proc)."""
    found = []
    for cmdline_file in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            cmdline = cmdline_file.read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue  # a process that ended while we looked
        if "pagefind" in cmdline and str(folder) in cmdline:
            found.append(cmdline)
    return found


@pytest.mark.slow  # forks the child the build uses, and runs Pagefind
def test_the_child_becomes_pagefind_once_the_steps_are_done(tmp_path: Path) -> None:
    """One child writes the feeds and exports, then renders the search records and becomes
    Pagefind (a second child would hold a second copy of the registry, and Pagefind beside the
    first one's copy was most of the build's peak memory); the bundle joins the site as the
    engine's output, listed with the steps' files."""
    root = copy_registry(tmp_path / "registry", [KINGS_CROSS])
    ctx = BuildContext(root, load_registry(root), no_history(), read_site_config(root), tmp_path / "docs")

    def watching(_ctx: BuildContext) -> Output:
        # Runs in the child: what it sees goes back as the file it writes.
        yield "api/v1/deployments.json", "\n".join(_pagefind_on(search_folder)).encode()

    staging, search_folder, site_dir = tmp_path / "beside", tmp_path / "search", tmp_path / "site"
    site_dir.mkdir()
    seconds, site, searched = beside.finish(
        beside.start(ctx, [watching], staging, search_folder), staging, site_dir
    )
    seen = (site_dir / "api" / "v1" / "deployments.json").read_text(encoding="utf-8")
    assert seen == "", f"Pagefind was already running beside the steps: {seen!r}"
    assert searched is not None and searched.startswith("1 records indexed in ")
    assert searched.endswith(" s, after the feeds and exports")
    assert (site_dir / "pagefind" / "pagefind.js").is_file()
    assert site.files["pagefind/pagefind.js"] == "engine"
    assert site.files["api/v1/deployments.json"] == "test_output"


@pytest.mark.parametrize(
    ("exit_code", "bundle", "message"),
    [
        (2, True, r"pagefind failed \(exit code 2\):\nError: the site folder has no pages$"),
        (0, False, r"pagefind failed \(exit code 0\):\nError: the site folder has no pages$"),
        (-9, False, r"pagefind failed \(exit code -9\):"),
    ],
)
def test_pagefind_failing_fails_the_build_with_what_it_said(
    tmp_path: Path, exit_code: int, bundle: bool, message: str
) -> None:
    """Pagefind runs as the child's own process once its result is sent: its exit code and its
    log are all the build has of it, and either failing (or a missing bundle) stops the build."""
    if bundle:
        (tmp_path / "shard-1" / "pagefind").mkdir(parents=True)
        (tmp_path / "shard-1" / "pagefind" / "pagefind.js").write_text("", encoding="utf-8")
    log = tmp_path / "pagefind.log"
    log.write_text("Error: the site folder has no pages\n", encoding="utf-8")
    done = Handover(None, ("pagefind",), cwd=tmp_path, log=log, started=time.time(), exit_code=exit_code)
    with pytest.raises(BuildError, match=message):
        search.check_index(done, 1)


@pytest.mark.slow
def test_a_failing_step_fails_the_build_before_pagefind_starts(tmp_path: Path) -> None:
    root = copy_registry(tmp_path / "registry", [KINGS_CROSS])
    ctx = BuildContext(root, load_registry(root), no_history(), read_site_config(root), tmp_path / "docs")

    def failing(_ctx: BuildContext) -> Output:
        raise BuildError("exports failed: disk full")
        yield  # a producer

    staging, search_folder, site_dir = tmp_path / "beside", tmp_path / "search", tmp_path / "site"
    site_dir.mkdir()
    with pytest.raises(BuildError, match="disk full"):
        beside.finish(beside.start(ctx, [failing], staging, search_folder), staging, site_dir)
    assert not (site_dir / "pagefind").exists()
    assert not (search_folder / "pagefind.log").exists(), "Pagefind was started"
    assert not _pagefind_on(search_folder), "Pagefind was left running"

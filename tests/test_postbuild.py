"""Post-build steps on their own: the CSP meta tag and the Pagefind index rewriting."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from registry.errors import InternalError
from registry.postbuild import BESIDE_MKDOCS, POST_BUILD, beside, cbor, csp, search
from registry.postbuild.csp import (
    CONTENT_END,
    CONTENT_START,
    page_with_csp,
    script_hash,
    without_theme_indentation,
)

PAGE = (
    '<!doctype html><html><head><meta charset="utf-8"><title>t</title>'
    '<script>var a=1</script><script src="x.js"></script>'
    '<script id="__config" type="application/json">{"base":"."}</script></head>'
    f"<body>{CONTENT_START}<p>content</p>{CONTENT_END}<script>var b=2</script></body></html>"
)


def test_theme_indentation_goes_but_content_and_preformatted_text_stay_byte_for_byte() -> None:
    content = f"{CONTENT_START}\n  <p>a\n    b</p>\n\n{CONTENT_END}"
    page = (
        "<div>\n    <nav>\n\n      \n    </nav>\n  "
        + content
        + "\n  <pre>\n  x\n\n</pre>\n  <script>\n  var a\n</script>\n\t<textarea>\n t</textarea>\n   end"
    )
    assert without_theme_indentation(page) == (
        "<div>\n<nav>\n</nav>\n" + content + "\n<pre>\n  x\n\n</pre>\n<script>\n  var a\n</script>\n"
        "<textarea>\n t</textarea>\nend"
    )


def test_csp_meta_is_first_after_charset_and_hashes_inline_scripts() -> None:
    out = page_with_csp(PAGE)
    assert out.startswith(
        '<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy"'
    )
    policy = out.split('content="', 1)[1].split('"', 1)[0]
    assert f"'{script_hash('var a=1')}'" in policy and f"'{script_hash('var b=2')}'" in policy
    assert script_hash('{"base":"."}') not in policy  # data, not script
    assert "unsafe" not in policy and "wasm" not in policy
    assert "form-action 'self'" in policy and "object-src 'none'" in policy
    assert CONTENT_START not in out and CONTENT_END not in out


def test_search_pages_may_compile_webassembly() -> None:
    page = PAGE.replace("</head>", '<script src="../pagefind/pagefind-ui.js"></script></head>')
    assert "'wasm-unsafe-eval'" in page_with_csp(page)


def test_an_inline_script_in_the_page_content_is_refused() -> None:
    with pytest.raises(InternalError, match="inside the page content"):
        page_with_csp(PAGE.replace("<p>content</p>", "<script>evil()</script>"))


def test_text_about_csp_is_not_a_policy() -> None:
    assert (
        page_with_csp(PAGE.replace("<p>content</p>", "<p>Content-Security-Policy</p>")).count("http-equiv")
        == 1
    )


def test_a_page_without_charset_or_with_a_policy_is_refused() -> None:
    with pytest.raises(InternalError):
        page_with_csp(PAGE.replace('<meta charset="utf-8">', ""))
    with pytest.raises(InternalError):
        page_with_csp(page_with_csp(PAGE))


def test_csp_is_last_but_one_or_last_and_search_is_placed_before_every_step() -> None:
    names = [step.__module__ for step in POST_BUILD]
    assert search.__name__ not in names  # finished right after MkDocs, see registry.build
    assert csp.__name__ in names[-2:]
    assert not {step.__module__ for step in BESIDE_MKDOCS} & set(names)


def test_files_written_beside_mkdocs_join_its_output_and_never_overwrite_it(tmp_path: Path) -> None:
    staging, site = tmp_path / "beside", tmp_path / "site"
    for rel in ("api/v1/a.json", "deployments/x/revisions/abc/index.html", "feeds/all.xml"):
        (staging / rel).parent.mkdir(parents=True, exist_ok=True)
        (staging / rel).write_text(rel, encoding="utf-8")
    (site / "deployments" / "x").mkdir(parents=True)
    (site / "deployments" / "x" / "index.html").write_text("page", encoding="utf-8")
    beside.merge_into(staging, site)
    found = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert found == {
        "api/v1/a.json",
        "deployments/x/revisions/abc/index.html",
        "deployments/x/index.html",
        "feeds/all.xml",
    }
    (staging / "deployments" / "x").mkdir(parents=True, exist_ok=True)
    (staging / "deployments" / "x" / "index.html").write_text("other", encoding="utf-8")
    with pytest.raises(InternalError, match="written both by MkDocs and by a step run beside it"):
        beside.merge_into(staging, site)
    assert (site / "deployments" / "x" / "index.html").read_text(encoding="utf-8") == "page"


@pytest.mark.parametrize(
    "value",
    [
        0,
        23,
        24,
        255,
        256,
        65536,
        2**32,
        -1,
        -500,
        "",
        "été",
        b"\x00\x01",
        [],
        [1, [2, "x"]],
        {"a": [1]},
        True,
        None,
    ],
)
def test_cbor_round_trip(value: object) -> None:
    data = cbor.encode(value)
    assert cbor.decode(data) == (value, len(data))


def test_stabilise_index_sorts_filters_and_renames_by_content(tmp_path) -> None:
    def write(path, value):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(gzip.compress(b"pagefind_dcd" + cbor.encode(value)))

    write(
        tmp_path / "filter" / "en_aaaaaaa.pf_filter",
        ["country", [["United Kingdom", [0, 2]], ["France", [1]]]],
    )
    write(tmp_path / "pagefind.en_0123456789.pf_meta", ["1.5.2", [], [], [["country", "en_aaaaaaa"]], [], []])
    (tmp_path / "pagefind-entry.json").write_text('{"languages":{"en":{"hash":"en_0123456789"}}}')
    search.stabilise_index(tmp_path)
    entry = (tmp_path / "pagefind-entry.json").read_text()
    meta_hash = entry.split('"hash":"', 1)[1].split('"', 1)[0]
    meta = search._read(tmp_path / f"pagefind.{meta_hash}.pf_meta")
    ((name, filter_hash),) = meta[3]
    assert search._read(tmp_path / "filter" / f"{filter_hash}.pf_filter")[1] == [
        ["France", [1]],
        ["United Kingdom", [0, 2]],
    ]
    assert sorted(p.name for p in (tmp_path / "filter").iterdir()) == [f"{filter_hash}.pf_filter"]


@pytest.mark.slow
def test_search_records_leave_out_the_citation_markers_their_pages_show(built_site: Path) -> None:
    records = sorted((built_site.parent / "work" / "search" / "shard-1" / "deployments").glob("*/index.html"))
    assert len(records) > 20
    record = (records[0].parent / "index.html").read_text(encoding="utf-8")
    page = (built_site / "deployments" / records[0].parent.name / "index.html").read_text(encoding="utf-8")
    assert 'class="cites"' in page and 'class="cites"' not in record
    assert not [r for r in records if 'class="cite"' in r.read_text(encoding="utf-8")]

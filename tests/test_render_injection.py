"""Hostile text in every free-text field renders as inert text (SECURITY.md 3.2, section 4 rows 38-49).

The validator's markup check is bypassed: entries are validated by the schema alone, which
accepts any plain string, and are never passed through `registry check`. They go through the
real pipeline (`registry build`: our templates, the nh3 backstop, the engine's layout filled
with each page's values, the one rewrite with pictures and the CSP) in ONE build with one entry per payload, and each page is parsed with html.parser.
"""

from __future__ import annotations

import copy
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fixture_registry import copy_site_files, fixture_files
from pydantic import ValidationError

from registry.build import Inputs, build_site
from registry.checks.base import EntryFile
from registry.context import no_history, read_site_config
from registry.schema import Entry

ROOT = Path(__file__).resolve().parent.parent
PAYLOADS = [
    "<script>alert(1)</script>",  # 38
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<iframe src=https://evil.example/>",  # 39
    "<style>body{display:none}</style>",
    '<div id="__config">',
    "[s](javascript:alert(1))",  # 40
    "[x](javascript&#58;alert(1))",
    "[1]: javascript:alert(1)",
    "![](https://tracker.example/p.gif)",  # 41
    "x](javascript:alert(2)) [y",  # 42
    'Paragraph {: onclick="alert(1)" }',  # 43
    "{: #__config }",
    "Visible <!-- hidden -->",  # 44
    '--8<-- ".env"',  # 45
    '--8<-- "mkdocs.yml"',
    "{{ cycler.__init__.__globals__.os.name }}",  # 46
    '{% include "x" %}',
    "GB | x | y",  # 47
    "__config",  # 48
    "__consent",
    '=HYPERLINK("https://evil.example")',  # 49
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',  # mXSS shapes (3.2)
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(1)">',
    '<BASE HREF="javascript:alert(1)//">',
    "<form><button formaction=javascript:alert(1)>x</button></form>",
    "<object data=x></object> jav&#x09;ascript:alert(1)",
]
FORBIDDEN = {
    "script",
    "iframe",
    "svg",
    "style",
    "object",
    "embed",
    "form",
    "img",
    "base",
    "meta",
    "math",
    "noscript",
}
SAFE_HREF = ("http://", "https://", "mailto:", "#")
#: Sections whose content other stages render (history, citation box): their elements and
#: attributes are checked like the rest, but the "text shown literally" count covers only
#: the entry template's own fields (the citation's CSL-JSON writes `</` as `<\/`).
OTHER_OWNERS = {"history", "cite"}


def free_text_paths(data: dict[str, Any]) -> dict[tuple[Any, ...], bool]:
    """Every string leaf the schema accepts any text for -> True if it also accepts a newline."""
    found = {}
    for path in _leaves(data):
        if path[-1] in {"id", "url", "archive_url", "schema_version"}:
            continue
        for probe, multiline in (("Free text probe\nline two", True), ("Free text probe", False)):
            if _valid(_replaced(data, path, probe)):
                found[path] = multiline
                break
    return found


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _leaves(v, (*path, k))]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _leaves(v, (*path, i))]
    return [path] if isinstance(node, str) else []


def _replaced(data: dict[str, Any], path: tuple[Any, ...], value: str) -> dict[str, Any]:
    out = copy.deepcopy(data)
    node = out
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return out


def _valid(data: dict[str, Any]) -> bool:
    try:
        Entry.model_validate(data)
    except ValidationError:
        return False
    return True


class Page(HTMLParser):
    """Elements, attributes and text of a page, split into Material's chrome and our content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # > 0 inside <article class="md-content__inner ...">
        self.content_tags: list[tuple[str, dict[str, str | None]]] = []
        self.all_tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.title = ""
        self._in_title = False
        self._skip = 0  # > 0 inside a section another stage renders (see OTHER_OWNERS)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.all_tags.append((tag, attributes))
        if tag == "article" and "md-content__inner" in (attributes.get("class") or ""):
            self.depth = 1
        elif self.depth and tag == "article":
            self.depth += 1
        if self.depth:
            self.content_tags.append((tag, attributes))
        if self._skip and tag == "section":
            self._skip += 1
        elif tag == "section" and attributes.get("id") in OTHER_OWNERS:
            self._skip = 1
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "article":
            self.depth -= 1
        if self._skip and tag == "section":
            self._skip -= 1
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self.depth and not self._skip:
            self.text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One build with a control entry and one hostile entry per payload; their parsed pages."""
    base = tmp_path_factory.mktemp("hostile")
    files = fixture_files()
    template = next(f for f in files if f.entry.id == "gb-kings-cross-argent")
    data = dict(template.loaded.data)
    data.pop("related", None)
    paths = free_text_paths(data)
    assert ("title",) in paths and ("summary",) in paths and ("sources", 0, "title") in paths
    assert len(paths) > 60, "the probe should find every free-text field"
    made = []
    for n, payload in enumerate(["Benign control text", *PAYLOADS]):
        hostile = copy.deepcopy(data)
        entry_id = f"gb-hostile-{n:02d}"
        hostile["id"] = entry_id
        for path, multiline in paths.items():
            hostile = _replaced(hostile, path, payload if multiline else payload.replace("\n", " "))
        entry = Entry.model_validate(hostile)  # schema only: the markup check never runs
        made.append(EntryFile(f"entries/gb/{entry_id}.yaml", template.loaded, entry))
    root = base / "registry"
    root.mkdir()
    copy_site_files(root)
    inputs = Inputs(made, no_history(), read_site_config(root))
    build_site(root, site_dir=base / "site", work_dir=base / "work", inputs=inputs)
    html = {
        f.entry.id: (base / "site" / "deployments" / f.entry.id / "index.html").read_text(encoding="utf-8")
        for f in made
    }
    return {"html": html, "control": parse(html["gb-hostile-00"])}


@pytest.mark.slow
@pytest.mark.parametrize("n", range(1, len(PAYLOADS) + 1), ids=[p[:30] for p in PAYLOADS])
def test_payload_in_every_free_text_field_is_inert_text(hostile_site: dict[str, Any], n: int) -> None:
    payload = PAYLOADS[n - 1]
    html = hostile_site["html"][f"gb-hostile-{n:02d}"]
    page, control = parse(html), hostile_site["control"]
    # no forbidden element appears beyond what Material's chrome and our pictures (the
    # locator's SVG, put in after the sanitiser) have on the control page
    for tag in FORBIDDEN:
        assert sum(t == tag for t, _ in page.all_tags) == sum(t == tag for t, _ in control.all_tags), tag
        in_content = sum(t == tag for t, _ in page.content_tags)
        assert in_content == sum(t == tag for t, _ in control.content_tags) <= (tag == "svg"), tag
    for tag, attributes in page.content_tags:
        for name, value in attributes.items():
            assert not name.startswith("on") and name not in {"style", "formaction", "src", "action"}, (
                tag,
                name,
            )
            if name == "id":
                assert not (value or "").startswith("__"), value
            if name == "href":
                v = value or ""
                assert v.startswith(SAFE_HREF) or (v.startswith("/") and not v.startswith("//")), v
    # the payload is shown, literally, as text: nothing silently dropped (in the entry
    # template's own fields; the citation box escapes for BibTeX and JSON, see OTHER_OWNERS)
    text = " ".join("".join(page.text).split())
    control_text = " ".join("".join(control.text).split())
    shown = text.count(" ".join(payload.split()))
    assert shown == control_text.count("Benign control text") > 10, "a field lost or changed its text"
    assert payload in page.title
    # nothing was evaluated or included
    assert "posix" not in text and "site_url:" not in html and "evil.example/x" not in html


def test_the_probe_finds_free_text_but_not_codes() -> None:
    data = dict(next(f for f in fixture_files() if f.entry.id == "gb-kings-cross-argent").loaded.data)
    data.pop("related", None)
    paths = free_text_paths(data)
    assert paths[("summary",)] is True and paths[("title",)] is False
    assert ("place", "country") not in paths and ("timeline", "start") not in paths

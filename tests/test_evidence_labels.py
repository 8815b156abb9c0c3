"""An alleged or denied record carries its label beside every link to it (README, "beside its
link"): a reader found the home page's "Latest additions", "Related records" and the feeds'
titles listing such records as plainly as any other.

The fixture registry, two of its records made alleged (one also denied), built once with a
real git history; then every page of the built site is walked and every link to either record
from another page must have the record's mark in the same list item, table row or paragraph.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fixture_registry import FIXTURE_COMMIT_TIME, copy_registry, entry_file
from gitrepo import GitRepo

from registry.build import build_site

#: The records made alleged, and the mark each must carry beside a link to it: in brackets of
#: its own, "(alleged)", or ending the brackets after the link, "(United States, ..., alleged)".
MARKS = {
    "us-clearview-ai-scraped-database": "alleged and denied",
    "ca-rcmp-clearview": "alleged",
}
_EVIDENCE = {  # Clearview's also once had another id: its old address is a redirect page that links it
    "us-clearview-ai-scraped-database": (
        "evidence:\n  basis: alleged\n  denied: 'yes'\n  sources:\n  - s1\naliases:\n- us-clearview-ai\n"
    ),
    "ca-rcmp-clearview": "evidence:\n  basis: alleged\n  denied: 'no'\n  sources:\n  - s1\n",
}
#: The elements a link's mark must share with it.
_BLOCKS = frozenset({"li", "tr", "p", "h1", "h2", "h3", "dd", "dt", "figcaption", "caption"})
_RECORD_LINK = re.compile(r"^/deployments/([a-z0-9-]+)/(?:history/)?(?:#.*)?$")


def _make_alleged(root: Path, entry_id: str) -> None:
    path = root / entry_file(entry_id).relative_to(entry_file(entry_id).parents[2])
    text = path.read_text(encoding="utf-8")
    head, sep, tail = text.partition("\nrelated:\n")
    assert sep, entry_id
    path.write_text(f"{head}\n{_EVIDENCE[entry_id]}related:\n{tail}", encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("labels")
    root = copy_registry(base / "registry")
    for entry_id in MARKS:
        _make_alleged(root, entry_id)
    repo = GitRepo(root)
    repo.git("add", "--", "entries")
    repo.commit("Add the fixture registry", when=FIXTURE_COMMIT_TIME)
    build_site(root, site_dir=base / "site", work_dir=base / "work")
    return base / "site"


class _Links(HTMLParser):
    """Each link to a marked record, with the text of the block it stands in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[list] = []  # [tag, text parts, linked ids]
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.blocks.append([tag, [], []])
        href = (dict(attrs).get("href") or "") if tag == "a" else ""
        linked = _RECORD_LINK.match(href)
        if linked and linked[1] in MARKS and self.blocks:
            self.blocks[-1][2].append(linked[1])

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS and self.blocks and self.blocks[-1][0] == tag:
            _, parts, ids = self.blocks.pop()
            text = " ".join("".join(parts).split())
            self.found += [(i, text) for i in ids]
            if self.blocks:
                self.blocks[-1][1].append(text)

    def handle_data(self, data: str) -> None:
        if self.blocks:
            self.blocks[-1][1].append(data)


def _unmarked_links(site: Path) -> list[tuple[str, str, str]]:
    """(page, record, block text) of each link from another page whose block lacks the mark."""
    missing = []
    for path in sorted(site.rglob("*.html")):
        page = path.relative_to(site).as_posix()
        if "pagefind" in path.parts:
            continue
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        for entry_id, text in parser.found:
            own = page.startswith(f"deployments/{entry_id}/")
            if not own and not re.search(rf"[(,] ?{MARKS[entry_id]}\)", text):
                missing.append((page, entry_id, text[:160]))
    return missing


@pytest.mark.slow
def test_every_link_to_an_alleged_record_carries_its_label(site: Path) -> None:
    assert _unmarked_links(site) == []


@pytest.mark.slow
def test_the_walk_sees_the_lists_the_reader_named(site: Path) -> None:
    """The walk is not vacuous: the home page's latest additions and a record's related records
    link the alleged records, with their marks."""
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r'<a href="/deployments/us-clearview-ai-scraped-database/">[^<]*</a> '
        r'<span class="evidence-mark">\(alleged and denied\)</span>',
        home,
    )
    related = (site / "deployments" / "se-police-clearview" / "index.html").read_text(encoding="utf-8")
    assert '<span class="evidence-mark">(alleged)</span>' in related.split("Related records", 1)[1]


@pytest.mark.slow
def test_a_feed_entry_title_carries_the_label(site: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    root = ET.fromstring((site / "feeds" / "new.xml").read_bytes())
    titles = [e.findtext(f"{atom}title") or "" for e in root.findall(f"{atom}entry")]
    clearview = [t for t in titles if t.startswith("Clearview AI face search")]
    assert clearview == [
        "Clearview AI face search built from images scraped from the web, and the regulatory "
        "actions against it (alleged and denied): First published (Add the fixture registry)"
    ]
    assert not [t for t in titles if "(alleged" in t and not t.startswith(("Clearview", "Royal Canadian"))]

"""Checks any built site must pass, whatever its records (shared by the fixture and live builds),
and the digest by which two builds of one commit are compared byte for byte."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

#: mkdocs.yml's site_url: the only absolute origin a page may name in a <link>.
SITE_URL = "https://fr-registry.example.org/"
_FETCHED = re.compile(
    r"""(?:src|srcset|poster|data)\s*=\s*["']?(https?:)?//|url\(\s*["']?(https?:)?//|@import""",
    re.IGNORECASE,
)
_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)


def third_party_fetches(site: Path) -> list[tuple[str, str]]:
    """(file, markup) for each thing in the site's HTML, CSS or JS that a browser would fetch
    from another origin: a src/srcset/poster/data URL, a CSS url() or @import, or a <link>.

    Links a reader follows (`<a href>`, such as a source's address) fetch nothing and are fine.
    """
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix not in {".html", ".css", ".js"} or "pagefind" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(site).as_posix()
        found += [(rel, m.group(0)) for m in _FETCHED.finditer(text)]
        for tag in _LINK.findall(text):
            href = re.search(r'href="([^"]*)"', tag)
            if href and href.group(1).startswith(("http:", "https:", "//")):
                if not href.group(1).startswith(SITE_URL):
                    found.append((rel, tag))
    return found


def tree_digest(folder: Path) -> dict[str, str]:
    """Each file of a built site, by its path, with the sha256 of its bytes: two builds that
    must be byte-identical (STYLE: deterministic builds) compare equal, file by file."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }

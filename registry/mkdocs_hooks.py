"""MkDocs hooks, named in mkdocs.yml `hooks:`: our pages skip Markdown; the sanitiser
backstop runs on every page.

Kept to a shim so that the policy lives in `registry.sanitize`, where tests import it
without MkDocs. `on_page_content` sees each page's HTML after Markdown and before the theme
wraps it, which is exactly the part that can carry contributor text.

Why Markdown is skipped: every page in the docs folder is written by
`registry.render.markdown_page`, one raw HTML block, which Python-Markdown hands back
unchanged (tests/test_exports.py checks that on every page of the fixture site). Finding
that out took it 6.6 ms per entry page, 66 s of a 10,000-entry build, and ran its
preprocessors over the page's text for nothing. So `on_page_markdown` keeps the page's HTML
aside and gives Markdown nothing to parse; `on_page_content` puts the HTML back and sends it
through the same sanitiser as before.
"""

from __future__ import annotations

from typing import Any

from registry.sanitize import clean_page_html

_KEPT = "registry_html"  # the attribute of the MkDocs page that holds its HTML meanwhile


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Keeps the page's HTML aside and returns no Markdown to convert."""
    setattr(page, _KEPT, markdown)
    return ""


def restored_html(html: str, page: Any, config: Any, files: Any) -> str:
    """The HTML `on_page_markdown` kept aside for this page (or `html` if it kept none).

    A hook of its own too: scripts/bench_build.py measures MkDocs with only the Markdown
    skipped, the floor that our sanitiser and post-build steps are compared with.
    """
    kept = getattr(page, _KEPT, None)
    if kept is None:
        return html
    delattr(page, _KEPT)
    return kept.strip()  # as Markdown returns it, so the page is byte for byte as before


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Returns the page's content HTML cleaned by the explicit nh3 policy (SECURITY.md 3.2)."""
    return clean_page_html(restored_html(html, page, config, files))

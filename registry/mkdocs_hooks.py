"""MkDocs hooks, named in mkdocs.yml `hooks:`: the sanitiser backstop on every page.

Kept to a shim so that the policy lives in `registry.sanitize`, where tests import it
without MkDocs. `on_page_content` sees each page's HTML after Markdown and before the theme
wraps it, which is exactly the part that can carry contributor text.
"""

from __future__ import annotations

from typing import Any

from registry.sanitize import clean_page_html


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Returns the page's content HTML cleaned by the explicit nh3 policy (SECURITY.md 3.2)."""
    return clean_page_html(html)

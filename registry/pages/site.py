"""The fixed pages: methodology, contribute and search.

Written as templates (not hand-kept Markdown) so every link goes through the same base
path as the generated pages and the sanitiser sees the same kind of HTML everywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from registry import urls
from registry.engine import front_matter, markdown_page
from registry.issue_forms import contact_url

if TYPE_CHECKING:
    from registry.context import BuildContext

#: docs path -> (template, title, extra front matter)
FIXED_PAGES = {
    f"{urls.METHODOLOGY}index.md": ("methodology.html.j2", "Methodology", {}),
    f"{urls.CONTRIBUTE}index.md": ("contribute.html.j2", "Contribute", {}),
    f"{urls.SEARCH}index.md": (
        "search.html.j2",
        "Search",
        {"registry_script": "search.js", "pagefind_ui": True},
    ),
}


def site_pages(ctx: BuildContext) -> dict[str, str]:
    """Returns the methodology, contribute and search pages."""
    pages = {}
    # The private channel, also in the issue chooser (issue_forms.py), at the build's address.
    contact = contact_url(ctx.root, ctx.config.repo_url)
    for path, (template, title, meta) in FIXED_PAGES.items():
        body = ctx.env.get_template(template).render(
            u=ctx.config.base,
            repo_url=ctx.config.repo_url,
            repo_branch=ctx.config.repo_branch,
            contact_url=contact,
            merged_search=urls.merged_search_bundles(len(ctx.published)),
        )
        pages[path] = markdown_page(front_matter(title, hide=["toc"], **meta), body)
    return pages

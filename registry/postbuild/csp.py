"""Adds a hash-based Content-Security-Policy meta tag to every HTML page of the built site.

The policy itself, and why it travels in the page, is `registry.csp_policy` (a leaf, so
revision pages take it too). This pass reads and writes every finished page once; the same
read and write also drops the theme's indentation (`without_theme_indentation`), 8% of an
entry page's HTML.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from registry.csp_policy import (  # noqa: F401 (re-exported: the names tests and steps import from here)
    BASE_POLICY,
    CONTENT_END,
    CONTENT_START,
    page_with_csp,
    script_hash,
    without_theme_indentation,
)
from registry.exports.revisions import ids_with_revision_pages
from registry.parallel import fork_map

if TYPE_CHECKING:
    from registry.context import BuildContext


def add_csp(ctx: BuildContext, site_dir: Path) -> None:
    """Inserts the policy into every `*.html` under `site_dir`, in place.

    Every page is read, hashed and rewritten (11,000 at 10,000 entries), and pages do not
    depend on each other, so a big site is done in forked workers (registry.parallel).
    Revision pages are the exception: the revisions step writes them with their policy
    (`page_with_csp` on our own script-free template), as there are four times as many.
    """
    done = ids_with_revision_pages(ctx)
    paths = sorted(p for p in site_dir.rglob("*.html") if not _has_policy_already(p, site_dir, done))
    fork_map(_add_csp_to, (paths, site_dir), len(paths), chunk=200)


def _has_policy_already(path: Path, site_dir: Path, revised: set[str]) -> bool:
    """A revision page of an entry in `revised`: deployments/<id>/revisions/<short>/index.html.

    An old id's revision URLs have the same shape but are redirect pages, which need theirs.
    """
    parts = path.relative_to(site_dir).parts
    return len(parts) == 5 and parts[0] == "deployments" and parts[2] == "revisions" and parts[1] in revised


def _add_csp_to(job: tuple[list[Path], Path], index: int) -> None:
    paths, site_dir = job
    text = paths[index].read_text(encoding="utf-8")
    name = str(paths[index].relative_to(site_dir))
    paths[index].write_text(page_with_csp(without_theme_indentation(text), name), encoding="utf-8")

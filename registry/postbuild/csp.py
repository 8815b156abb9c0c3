"""The one rewrite of every finished page: its pictures, the theme's indentation dropped, and
a hash-based Content-Security-Policy meta tag.

The policy itself, and why it travels in the page, is `registry.csp_policy` (a leaf, so
revision pages take it too). `finish_page` is the whole rewrite of one page: the layout route
(registry.layout) runs it on each record's page as it fills it, before its one write, and
`add_csp`, a post-build step, runs it on every other page of the engine's output (and the
redirect pages), each read and written once. Dropping the indentation saves 8% of an entry
page's HTML.
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
from registry.postbuild import pictures
from registry.postbuild.pictures import Picture

if TYPE_CHECKING:
    from registry.context import BuildContext


def finish_page(html: str, name: str, slots: dict[str, Picture] | None = None) -> str:
    """`html` as published: its picture slots filled, the theme's indentation dropped, its policy in."""
    if slots:
        html = pictures.fill_slots(html, slots, name)
    return page_with_csp(without_theme_indentation(html), name)


def add_csp(ctx: BuildContext, site_dir: Path) -> None:
    """Finishes every `*.html` under `site_dir` not finished yet, in place; writes the locators' shapes.

    Every page is read, rewritten once and written (pages do not depend on each other, so a
    big site is done in forked workers, registry.parallel). Not read again: the pages the
    layout route finished as it wrote them (`ctx.finished_pages`), and the revision pages,
    which the revisions step writes with their policy (`page_with_csp` on our own script-free
    template), as there are four times as many.
    """
    done = ids_with_revision_pages(ctx)
    finished = ctx.finished_pages
    paths = sorted(
        p
        for p in site_dir.rglob("*.html")
        if p.relative_to(site_dir).as_posix() not in finished and not _has_policy_already(p, site_dir, done)
    )
    job = (ctx, paths, site_dir, pictures.page_pictures(ctx))
    shapes: dict[str, str] = {}
    for made in fork_map(_finish, job, len(paths), chunk=200):
        shapes.update(made)
    if shapes:
        pictures.write_shape_files(site_dir, shapes)


def _has_policy_already(path: Path, site_dir: Path, revised: set[str]) -> bool:
    """A revision page of an entry in `revised`: deployments/<id>/revisions/<short>/index.html.

    An old id's revision URLs have the same shape but are redirect pages, which need theirs.
    """
    parts = path.relative_to(site_dir).parts
    return len(parts) == 5 and parts[0] == "deployments" and parts[2] == "revisions" and parts[1] in revised


def _finish(
    job: tuple[BuildContext, list[Path], Path, dict[str, dict[str, Picture]]], index: int
) -> dict[str, str]:
    """Finishes one page in place; returns the locator shape files its picture used."""
    ctx, paths, site_dir, page_pictures = job
    path = paths[index]
    rel = path.relative_to(site_dir).as_posix()
    text = path.read_text(encoding="utf-8")
    pictures.check_required_slot(rel, text)
    shapes: dict[str, str] = {}
    slots = pictures.pictures_of(ctx, rel, page_pictures, shapes)
    path.write_text(finish_page(text, rel, slots), encoding="utf-8")
    return shapes

"""Post-build: puts the SVG pictures into the empty slots the generated pages left for them.

Why after the build and not in the page: the nh3 backstop that MkDocs runs on every page's
content allows no SVG (SECURITY.md 3.2), and it must not be loosened for pages that carry
contributor text. The pictures are built by `registry.charts` from escaped parts only, with
allow-listed tags and attributes (registry/charts/svg.py), so they need no second cleaning.
A slot is a fixed string that contributor text cannot produce (its `<` would be escaped), and
each page has a fixed set of slot names: an unknown name, or a picture page whose slot was
lost, fails the build instead of publishing a page with a hole.

The slots are filled in the one rewrite pass of each page (`registry.postbuild.csp.finish_page`:
pictures, then the theme's indentation and the page's policy), which the layout route runs
on each record's page as it fills it and the finishing step on every other page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from registry import urls
from registry.charts import bars, locator, sharing, timeline
from registry.charts import map as world
from registry.errors import InternalError

if TYPE_CHECKING:
    from registry.context import BuildContext

SLOT = re.compile(r'<div class="picture-slot" data-picture="([a-z0-9-]+)"></div>')

Picture = Callable[[], Markup | None]


def page_pictures(ctx: BuildContext) -> dict[str, dict[str, Picture]]:
    """`{site-relative HTML path: {slot name: picture}}` for every page that may have slots.

    The picture pages must have their slot; the home page may (if its template includes the
    partial); entry pages have the locator slot. Pictures are made only when a slot asks.
    """
    files = ctx.published
    return {
        urls.page_file(""): {
            "home-map": lambda: world.world_map(files, ctx.config.base, ident="home-map"),
            "chart-by-year": lambda: bars.chart_by_year(files),
            "chart-by-sector": lambda: bars.chart_by_sector(files),
            "chart-by-status": lambda: bars.chart_by_status(files),
        },
        urls.page_file(urls.MAP): {"world-map": lambda: world.world_map(files, ctx.config.base)},
        urls.page_file(urls.TIMELINE): {"timeline": lambda: timeline.timeline_chart(files)},
        urls.page_file(urls.SHARING): {
            "sharing": lambda: sharing.sharing_chart(sharing.sharing_edges(files))
        },
        urls.page_file(urls.COVERAGE): {"coverage-map": lambda: _coverage_map(ctx)},
    }


def _coverage_map(ctx: BuildContext) -> Markup:
    from registry.charts.coverage_map import coverage_map
    from registry.pages.coverage import country_states

    return coverage_map(country_states(ctx))


REQUIRED = {urls.page_file(urls.MAP): "world-map", urls.page_file(urls.TIMELINE): "timeline"}


def pictures_of(
    ctx: BuildContext, rel: str, pages: dict[str, dict[str, Picture]], shapes: dict[str, str]
) -> dict[str, Picture]:
    """The pictures the page at site-relative `rel` may have slots for (none for most pages).

    `pages` is `page_pictures(ctx)`; an entry page of a published record has its locator,
    whose shape file is added to `shapes` when the slot asks for it.
    """
    if rel in pages:
        return pages[rel]
    parts = rel.split("/")
    if len(parts) == 3 and parts[0] == "deployments" and parts[2] == "index.html":
        f = ctx.by_id.get(parts[1])
        if f is not None and f.entry.content_is_shown:
            return {"locator": lambda: _locator(ctx, f.entry, shapes)}
    return {}


def _locator(ctx: BuildContext, entry: Any, shapes: dict[str, str]) -> Markup | None:
    made = locator.locator(entry, ctx.config.base)
    if made is None:
        return None
    shapes[made.file] = made.shapes
    return made.svg


def check_required_slot(rel: str, html: str) -> None:
    """A picture page whose slot was lost fails the build instead of publishing a hole."""
    if rel in REQUIRED and f'data-picture="{REQUIRED[rel]}"' not in html:
        raise InternalError(f"{rel}: the slot for the {REQUIRED[rel]} picture is missing")


def write_shape_files(site_dir: Path, shapes: dict[str, str]) -> None:
    """Writes the locators' shape files (registry.charts.locator) the entry pages draw from."""
    folder = site_dir / locator.FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in sorted(shapes.items()):
        (folder / name).write_text(text, encoding="utf-8")


def fill_slots(html: str, pictures: dict[str, Picture], name: str) -> str:
    """Returns `html` with each slot replaced by its picture (an empty string if it has none)."""

    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in pictures:
            raise InternalError(f"{name}: no picture called {key!r}")
        picture = pictures[key]()
        return str(picture) if picture is not None else ""

    return SLOT.sub(replace, html)

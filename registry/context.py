"""The build context and the site configuration: what every page generator and output step receives.

A leaf of the output stages: it imports no stage that uses it, so `pages/`, `exports/`,
`postbuild/` and the commands import it without importing `registry.build`, and `build.py`
imports its stages at the top (tests/test_imports.py keeps it so).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from registry import engine
from registry.errors import BuildError
from registry.history.model import History
from registry.render import base_path, make_environment
from registry.research import Research, load_research
from registry.siteaddress import Address

if TYPE_CHECKING:
    from registry.checks.base import EntryFile

CONFIG_FILE = engine.CONFIG_FILE


@dataclass(frozen=True)
class SiteConfig:
    """The few settings the generators need, read from the engine's config so they are written once."""

    site_url: str
    repo_url: str
    site_name: str
    repo_branch: str = "main"
    copyright: str = ""

    def __post_init__(self) -> None:
        # Normalised once here, so every page, feed and export can append a path to it.
        object.__setattr__(self, "site_url", self.site_url.rstrip("/") + "/")

    @property
    def repo_name(self) -> str:
        """`owner/name` from the repository address, as the header shows it."""
        return urlsplit(self.repo_url).path.strip("/") or self.repo_url

    @property
    def base(self) -> str:
        """The path the site is served under, `/` for a site at the domain's root."""
        return base_path(self.site_url)


@dataclass(frozen=True)
class BuildContext:
    """What every page generator and post-build step receives; frozen, built once per build."""

    root: Path
    files: list[EntryFile]
    history: History
    config: SiteConfig
    docs_dir: Path
    #: The research tables as `load_checked` read them; None reads them when first asked.
    research_tables: Research | None = None
    #: Site-relative HTML pages already finished (pictures, indentation, policy) when written:
    #: the layout route's (registry.layout); the finishing step (postbuild.csp) leaves them be.
    finished_pages: set[str] = field(default_factory=set)

    @cached_property
    def env(self) -> Any:
        """The autoescaping Jinja environment over `site_templates/` (registry.render)."""
        return make_environment(self.root)

    @cached_property
    def by_id(self) -> dict[str, EntryFile]:
        return {f.entry.id: f for f in self.files}

    @cached_property
    def research(self) -> Research:
        """The law and coverage tables (registry.research); checked with the entries at load,
        which read them once (`research_tables`); a context made without them reads them here."""
        return self.research_tables if self.research_tables is not None else load_research(self.root)

    @cached_property
    def published(self) -> list[EntryFile]:
        """Entries shown in browse pages, search and counts (not withdrawn, merged or under review)."""
        return [f for f in self.files if f.entry.content_is_shown]


def no_history(reason: str = "the site was built from a folder without git history") -> History:
    """An unavailable History, for builds and tests that run without git."""
    return History(available=False, reason=reason)


def newest_change(history: History | None) -> int | None:
    """Unix time of the newest revision of any record, None without history."""
    if not getattr(history, "available", False):
        return None
    times = [r.time for h in history.entries.values() for r in h.revisions[:1]]
    return max(times) if times else None


def site_day(ctx: BuildContext) -> dt.date | None:
    """The site's date, the one rule for every output that carries one (MkDocs' build date, the
    exports' `as_of`, the sitemap's `lastmod`): the day of the newest revision when history is
    available, else the newest `last_reviewed`; never the clock, so a build is reproducible.
    """
    newest = newest_change(ctx.history)
    if newest is not None:
        return dt.datetime.fromtimestamp(newest, tz=dt.UTC).date()
    reviewed = [f.entry.record.last_reviewed.latest for f in ctx.files]
    return max(reviewed) if reviewed else None


def read_site_config(root: Path, address: Address | None = None) -> SiteConfig:
    """Returns site_url, repo_url and site_name from `root/mkdocs.yml` (registry.engine reads
    it as the engine does), `address` (registry.siteaddress) overriding the first two."""
    try:
        data = engine.read_config(root)
    except FileNotFoundError:
        raise BuildError(
            f"no {engine.CONFIG_FILE} in {root}: run the build from the repository's root"
        ) from None
    address = address or Address()
    try:
        return SiteConfig(
            site_url=address.site_url or str(data["site_url"]),
            repo_url=(address.repo_url or str(data["repo_url"])).rstrip("/"),
            site_name=str(data["site_name"]),
            copyright=str(data.get("copyright") or ""),
        )
    except KeyError as exc:
        raise BuildError(f"{engine.CONFIG_FILE} must set {exc.args[0]}") from None

"""The site's public address and its repository's, as given to `registry build`.

mkdocs.yml names a placeholder (`fr-registry.example.org`) so a fresh clone builds at once;
the real address comes from the command line or the environment at deploy time, because
the same repository may be published under GitHub Pages, a fork's Pages or a custom domain.
Every citation, canonical link, feed, sitemap, export and "suggest a correction" link is
made from the one SiteConfig that this address overrides (registry.context.read_site_config).

A build for deployment (`--deploy`) refuses a placeholder: a campaigner who pastes a citation
from the live site must not spread a link that cannot work.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from registry.errors import BuildError

SITE_URL_ENV = "REGISTRY_SITE_URL"
REPO_URL_ENV = "REGISTRY_REPO_URL"

#: Hosts reserved for examples and tests (RFC 2606, RFC 6761): nobody can publish there.
PLACEHOLDER_DOMAINS = ("example.org", "example.com", "example.net")
PLACEHOLDER_SUFFIXES = (".example", ".invalid", ".test", ".localhost", "localhost")


@dataclass(frozen=True)
class Address:
    """Overrides of mkdocs.yml's `site_url` and `repo_url`; None keeps mkdocs.yml's value."""

    site_url: str | None = None
    repo_url: str | None = None
    deploy: bool = False

    def __post_init__(self) -> None:
        for flag, value in (("--site-url", self.site_url), ("--repo-url", self.repo_url)):
            if value is not None:
                check_absolute(flag, value)


def check_absolute(flag: str, value: str) -> None:
    """Raises BuildError unless `value` is an absolute http(s) address with a host."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise BuildError(
            f"{flag} must be an absolute http(s) address such as https://owner.github.io/registry/, "
            f"not {value!r}"
        )


def address_from(args: argparse.Namespace, environ: Mapping[str, str]) -> Address:
    """The command line's `--site-url`/`--repo-url`/`--deploy`, else the environment's."""
    return Address(
        site_url=getattr(args, "site_url", None) or environ.get(SITE_URL_ENV) or None,
        repo_url=getattr(args, "repo_url", None) or environ.get(REPO_URL_ENV) or None,
        deploy=bool(getattr(args, "deploy", False)),
    )


def is_placeholder(url: str) -> bool:
    """True when `url`'s host is reserved for examples, so no reader could ever reach it."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if any(host == d or host.endswith("." + d) for d in PLACEHOLDER_DOMAINS):
        return True
    return any(host == s.lstrip(".") or host.endswith(s) for s in PLACEHOLDER_SUFFIXES)


def refuse_placeholder(config: Any) -> None:
    """Raises a one-line BuildError when a build for deployment still names a placeholder.

    `config` is the build's SiteConfig (registry.context, which imports this module)."""
    for name, flag, env, value in (
        ("site address", "--site-url", SITE_URL_ENV, config.site_url),
        ("repository address", "--repo-url", REPO_URL_ENV, config.repo_url),
    ):
        if is_placeholder(value):
            raise BuildError(
                f"refusing to build for deployment: the {name} {value} is a placeholder nobody can "
                f"reach; pass the real one with {flag} URL or {env}"
            )

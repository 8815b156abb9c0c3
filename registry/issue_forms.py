"""`registry forms`: the issue chooser's links, written from mkdocs.yml so no address is hand-kept.

Issues are public, so the chooser (`.github/ISSUE_TEMPLATE/config.yml`) offers a private
channel for personal data and confidential reports, and the Contribute page names the same
one. That address is configuration, never a placeholder in a file: `extra.contact` in
mkdocs.yml (an `https://` or `mailto:` address the maintainers read), or else GitHub's private
vulnerability reporting for the repository (`<repo_url>/security/advisories/new`), which only
maintainers see (turn it on under Settings, Code security). `registry forms --check` (and
tests/test_issue_forms.py) fails while the committed file is stale.
"""

from __future__ import annotations

from pathlib import Path

from registry.errors import RegistryError

FORMS_CONFIG = Path(".github/ISSUE_TEMPLATE/config.yml")
_PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net", ".invalid", ".example", ".test")


def contact_url(root: Path, repo_url: str | None = None) -> str:
    """The private channel: `extra.contact` in mkdocs.yml, or the repository's private reporting
    (at `repo_url`, the build's address given on the command line, else mkdocs.yml's)."""
    from registry.context import read_site_config
    from registry.engine import CONFIG_FILE, read_config

    extra = read_config(root).get("extra") or {}
    contact = extra.get("contact") if isinstance(extra, dict) else None
    if contact is None:
        return f"{repo_url or read_site_config(root).repo_url}/security/advisories/new"
    contact = str(contact).strip()
    if not contact.startswith(("https://", "mailto:")) or any(h in contact for h in _PLACEHOLDER_HOSTS):
        raise RegistryError(
            f"extra.contact in {CONFIG_FILE} must be a real https:// or mailto: address, not {contact!r}"
        )
    return contact


def forms_config(root: Path) -> str:
    """The text of `.github/ISSUE_TEMPLATE/config.yml`."""
    from registry.context import read_site_config

    config = read_site_config(root)
    return (
        "# Written by `registry forms` from mkdocs.yml (extra.contact, repo_url); do not edit by hand.\n"
        "# No blank issues: every report goes through a form that asks for what a reviewer needs.\n"
        "blank_issues_enabled: false\n"
        "contact_links:\n"
        "  - name: Remove personal data or report something confidential\n"
        f"    url: {contact_url(root)}\n"
        "    about: Issues are public. Do not post personal data here; report it privately instead.\n"
        "  - name: How to write an entry\n"
        f"    url: {config.repo_url}/blob/{config.repo_branch}/CONTRIBUTING.md\n"
        "    about: The template, the sourcing standard and what must never be included.\n"
    )

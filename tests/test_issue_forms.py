"""The issue chooser's private channel is configuration, never a placeholder (issue 16.11)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from registry.cli import main
from registry.errors import RegistryError
from registry.issue_forms import FORMS_CONFIG, contact_url, forms_config

ROOT = Path(__file__).resolve().parent.parent


def test_the_committed_issue_chooser_is_current() -> None:
    assert main(["--root", str(ROOT), "forms", "--check"]) == 0


def test_the_issue_chooser_names_no_placeholder_address() -> None:
    text = (ROOT / FORMS_CONFIG).read_text(encoding="utf-8")
    for placeholder in ("example.org", "example.com", ".invalid"):
        assert placeholder not in text


def _registry(tmp_path: Path, contact: str | None) -> Path:
    shutil.copyfile(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    if contact is not None:
        with (tmp_path / "mkdocs.yml").open("a", encoding="utf-8") as config:
            config.write(f"\nextra:\n  contact: {contact}\n")
    (tmp_path / "entries").mkdir()  # a registry: every command refuses a root without entries/
    return tmp_path


def test_without_a_setting_the_channel_is_the_repositorys_private_reporting(tmp_path: Path) -> None:
    assert (
        contact_url(_registry(tmp_path, None))
        == "https://github.com/fr-registry/registry/security/advisories/new"
    )


def test_the_channel_is_configured_in_mkdocs_yml(tmp_path: Path) -> None:
    root = _registry(tmp_path, "mailto:maintainers@registry.org.uk")
    assert "    url: mailto:maintainers@registry.org.uk\n" in forms_config(root)


@pytest.mark.parametrize("contact", ["mailto:you@example.org", "https://x.invalid/", "javascript:alert(1)"])
def test_a_placeholder_or_odd_address_is_refused(tmp_path: Path, contact: str) -> None:
    with pytest.raises(RegistryError, match="must be a real https:// or mailto: address"):
        contact_url(_registry(tmp_path, contact))


def test_a_stale_issue_chooser_fails_the_check(tmp_path: Path) -> None:
    root = _registry(tmp_path, "mailto:maintainers@registry.org.uk")
    (root / FORMS_CONFIG).parent.mkdir(parents=True)
    (root / FORMS_CONFIG).write_text("contact_links: []\n", encoding="utf-8")
    assert main(["--root", str(root), "forms", "--check"]) == 1
    assert main(["--root", str(root), "forms"]) == 0
    assert main(["--root", str(root), "forms", "--check"]) == 0


def test_the_contribute_page_names_the_same_channel() -> None:
    from registry.render import make_environment

    page = (
        make_environment(ROOT)
        .get_template("contribute.html.j2")
        .render(u="/", repo_url="https://github.com/o/r", repo_branch="main", contact_url="mailto:a@b.org")
    )
    assert '<a href="mailto:a@b.org">write to the maintainers privately</a>' in page

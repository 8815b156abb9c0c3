"""No file of the checkout can leak into the site (SECURITY.md 3.4 and rule 9).

The canary: a random token is written to `.env.canary` at the project root and into `.git/`,
and an entry (validator bypassed) asks for it with the snippets syntax `--8<--`. The real
pipeline (`registry build`: our pages, the engine with the production config and hook, Pagefind, CSP) must build a
site in which the token appears nowhere while the literal `--8<--` is shown as text.
"""

from __future__ import annotations

import copy
import secrets
import shutil
import subprocess
from pathlib import Path

import pytest
from fixture_registry import fixture_files

from registry.build import Inputs, build_site
from registry.checks.base import EntryFile
from registry.context import no_history, read_site_config
from registry.schema import Entry

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow  # runs MkDocs
def test_snippet_markers_never_include_files(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "site_templates", root / "site_templates")
    token = secrets.token_hex(16)
    (root / ".env.canary").write_text(f"SECRET={token}\n")
    (root / ".git").mkdir()
    (root / ".git" / "canary").write_text(token)

    template = next(f for f in fixture_files() if f.entry.id == "gb-kings-cross-argent")
    data = copy.deepcopy(template.loaded.data)
    data.pop("related", None)
    data["summary"] = 'Before --8<-- ".env.canary" after'
    data["place"]["note"] = '--8<-- ".git/canary"'
    data["sources"][0]["supports"] = "--8<-- '.env.canary'"
    entry = Entry.model_validate(data)  # schema only: the markup check would refuse this
    hostile = EntryFile("entries/gb/gb-kings-cross-argent.yaml", template.loaded, entry)

    site = tmp_path / "site"
    inputs = Inputs([hostile], no_history(), read_site_config(root))
    build_site(root, site_dir=site, work_dir=tmp_path / "work", inputs=inputs)

    built = [p for p in site.rglob("*") if p.is_file()]
    assert len(built) > 20
    leaked = [p.relative_to(site).as_posix() for p in built if token.encode() in p.read_bytes()]
    assert leaked == []
    page = (site / "deployments" / "gb-kings-cross-argent" / "index.html").read_text(encoding="utf-8")
    assert (
        "Before --8&lt;-- &quot;.env.canary&quot; after" in page
        or 'Before --8&lt;-- ".env.canary" after' in page
    )


def test_no_symlinks_in_the_git_index() -> None:
    """A committed symlink could point a build at files outside the repository (rule 9)."""
    listing = subprocess.run(
        ["git", "ls-files", "-s", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    links = [item.split("\t", 1)[1] for item in listing.split("\0") if item.startswith("120000 ")]
    assert links == []

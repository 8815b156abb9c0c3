"""The site's real address (issue 15): given on the command line or in the environment, it
replaces mkdocs.yml's placeholder everywhere, and a build for deployment refuses the placeholder.

The registry is the exports fixture (a real git repository with five records, withdrawals,
a merge and a rename), built by the real pipeline under a project-site address with a path.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from exports_site import KX, make_repo
from fixture_registry import copy_site_files
from gitrepo import GitRepo

from registry.build import build_site
from registry.siteaddress import Address, is_placeholder

pytestmark = pytest.mark.slow
SITE = "https://frwatch.github.io/registry/"
REPO = "https://github.com/frwatch/registry"


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("addressed")
    make_repo(root)
    build_site(
        root, site_dir=root / "site", work_dir=root / "build", address=Address(SITE, REPO, deploy=True)
    )
    return root / "site"


def _texts(site: Path) -> dict[str, bytes]:
    """Every file of the site, gzip (sitemap.xml.gz, Pagefind's fragments) opened."""
    out = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            out[path.relative_to(site).as_posix()] = (
                gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
            )
    return out


def test_a_build_given_the_real_address_names_no_example_domain(real_site: Path) -> None:
    texts = _texts(real_site)
    assert len(texts) > 100
    for name, data in texts.items():
        assert b"example.org" not in data, (name, data[max(0, data.find(b"example.org") - 80) :][:160])
        assert b"fr-registry/registry" not in data, name


def test_every_published_link_uses_the_real_address(real_site: Path) -> None:
    page = (real_site / "deployments" / KX / "index.html").read_text("utf-8")
    assert f'<link rel="canonical" href="{SITE}deployments/{KX}/">' in page
    assert f"{REPO}/issues/new?" in page, "suggest a correction"
    assert re.search(rf"{re.escape(SITE)}deployments/{KX}/history/#rev-[0-9a-f]+", page), "cite box permalink"
    assert f'href="{REPO}"' in page and "frwatch/registry" in page, "the header's repository link"
    assert f"<loc>{SITE}deployments/{KX}/</loc>" in (real_site / "sitemap.xml").read_text("utf-8")
    assert f"Sitemap: {SITE}sitemap.xml" in (real_site / "robots.txt").read_text("utf-8")
    feed = (real_site / "feeds" / "all.xml").read_text("utf-8")
    assert f'href="{SITE}' in feed and "tag:frwatch.github.io," in feed
    package = (real_site / "api" / "v1" / "datapackage.json").read_text("utf-8")
    assert f'"homepage": "{SITE}data/"' in package and f'"path": "{REPO}"' in package


@pytest.mark.parametrize(
    ("url", "placeholder"),
    [
        ("https://fr-registry.example.org/", True),
        ("https://example.com/registry/", True),
        ("http://localhost:8000/", True),
        ("https://registry.invalid/", True),
        ("https://frwatch.github.io/registry/", False),
        ("https://facewatch-registry.org/", False),
        ("https://notexample.org/", False),
    ],
)
def test_placeholder_hosts(url: str, placeholder: bool) -> None:
    assert is_placeholder(url) is placeholder


def _empty_registry(root: Path) -> Path:
    """A registry with no records, its site files committed: `--deploy` needs a git history."""
    (root / "entries").mkdir(parents=True)
    copy_site_files(root)
    repo = GitRepo(root)
    repo.git("add", "-A")
    repo.commit("The site files")
    return root


def _registry(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("REGISTRY_")}
    return subprocess.run(
        [sys.executable, "-m", "registry", "--root", str(root), "build", *args],
        capture_output=True,
        text=True,
        env={**clean, **env},
        timeout=300,
    )


def test_a_build_for_deployment_refuses_the_example_domain_in_one_line(tmp_path: Path) -> None:
    root = _empty_registry(tmp_path / "registry")
    result = _registry(root, "--deploy")
    assert result.returncode == 1
    assert result.stderr == (
        "registry: refusing to build for deployment: the site address https://fr-registry.example.org/ "
        "is a placeholder nobody can reach; pass the real one with --site-url URL or REGISTRY_SITE_URL\n"
    )
    assert not (root / "site").exists()


def test_the_environment_gives_the_address_and_the_flag_wins_over_it(tmp_path: Path) -> None:
    root = _empty_registry(tmp_path / "registry")
    env = {"REGISTRY_SITE_URL": "https://from-env.org/fr", "REGISTRY_REPO_URL": REPO}
    result = _registry(root, "--deploy", **env)
    assert result.returncode == 0, result.stderr
    assert "Sitemap: https://from-env.org/fr/sitemap.xml" in (root / "site" / "robots.txt").read_text("utf-8")
    result = _registry(root, "--site-url", "https://from-flag.org/", **env)
    assert result.returncode == 0, result.stderr
    assert "Sitemap: https://from-flag.org/sitemap.xml" in (root / "site" / "robots.txt").read_text("utf-8")


def test_an_address_that_is_not_absolute_is_refused_in_one_line(tmp_path: Path) -> None:
    root = _empty_registry(tmp_path / "registry")
    result = _registry(root, "--site-url", "frwatch.github.io/registry")
    assert result.returncode == 1
    assert result.stderr == (
        "registry: --site-url must be an absolute http(s) address such as https://owner.github.io/registry/, "
        "not 'frwatch.github.io/registry'\n"
    )

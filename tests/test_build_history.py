"""Two builds of one commit of a real repository with history are byte-identical (issue 16.9).

tests/test_build.py builds a folder without git, where feeds, revision pages, history pages
and redirects are empty. Here a real temporary repository (tests/gitrepo.py: pinned names and
dates) has edits, a rename with an alias, a second record and a merged pull request, and is
built three times: twice cold (the second from a fresh clone at another path, in another
time zone), once more over the first build's warm history cache. Every file of the three sites must be the same bytes.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest
from fixture_registry import copy_site_files
from gitrepo import GitRepo
from sitecheck import tree_digest

from registry.build import build_site

FIXTURE = (Path(__file__).parent / "fixtures" / "entries" / "valid_full.yaml").read_text(encoding="utf-8")
pytestmark = pytest.mark.slow


def record(entry_id: str, aliases: str = "[]", **replace: str) -> str:
    text = FIXTURE.replace("related: [gb-fixture-other]\n", "")
    text = text.replace("id: gb-fixture-full", f"id: {entry_id}").replace(
        "aliases: [gb-fixture-old-name]", f"aliases: {aliases}"
    )
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    repo = GitRepo(tmp_path_factory.mktemp("history") / "repo")
    copy_site_files(repo.path)
    repo.git("add", "--", "mkdocs.yml", "site_templates")  # a clone builds the same site
    repo.commit(
        "Add the first record", {"entries/gb/gb-first.yaml": record("gb-first")}, author="Ada Example"
    )
    repo.commit(
        "Correct the camera count",
        {"entries/gb/gb-first.yaml": record("gb-first", **{"  cameras: 4": "  cameras: 6"})},
        author="Bo Example",
    )
    repo.git("checkout", "-q", "-b", "second")
    repo.commit("Add a second record", {"entries/fr/fr-second.yaml": record("fr-second", **_french())})
    repo.merge("second", "Merge pull request #7 from contributor/second")
    repo.commit(
        "Rename the first record",
        {
            "entries/gb/gb-first.yaml": None,
            "entries/gb/gb-first-renamed.yaml": record(
                "gb-first-renamed", "[gb-first]", **{"  cameras: 4": "  cameras: 6"}
            ),
        },
        author="Cy Example",
    )
    return repo


def _french() -> dict[str, str]:
    return {"  country: GB": "  country: FR", "  region: England": "  region: Île-de-France"}


def test_two_builds_with_history_are_byte_identical(
    repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = build_site(repo.path, site_dir=tmp_path / "one" / "site", work_dir=tmp_path / "one" / "work")
    assert first  # timings: the build ran every stage
    # The second build: a fresh clone at another path (new file times), in another time zone.
    clone = tmp_path / "elsewhere" / "clone"
    subprocess.run(["git", "clone", "-q", str(repo.path), str(clone)], check=True, env=repo.env(when=0))
    monkeypatch.setenv("TZ", "Pacific/Chatham")
    time.tzset()
    try:
        build_site(clone, site_dir=tmp_path / "two" / "site", work_dir=tmp_path / "two" / "work")
    finally:
        monkeypatch.undo()
        time.tzset()
    one, two = tree_digest(tmp_path / "one" / "site"), tree_digest(tmp_path / "two" / "site")
    # The history really reached the site: feeds, history pages and the alias's redirect. (No
    # revision address of earlier builds: this repository lists none in published-revisions.)
    assert "feeds/deployments/gb-first-renamed.xml" in one
    assert "deployments/gb-first-renamed/history/index.html" in one
    assert not any("/revisions/" in p for p in one)
    assert "deployments/gb-first/index.html" in one
    # The commit built, for the next deploy's force-push guard (registry/postbuild/tip.py).
    manifest = (tmp_path / "one" / "site" / "history-manifest.json").read_text(encoding="utf-8")
    assert json.loads(manifest) == {"head": repo.head()}
    assert len(one) > 50, len(one)
    assert one == two
    # Once more over the first build's warm history cache: the cache never changes the bytes.
    build_site(repo.path, site_dir=tmp_path / "three" / "site", work_dir=tmp_path / "one" / "work")
    assert tree_digest(tmp_path / "three" / "site") == one

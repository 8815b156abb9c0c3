"""Real temporary git repositories with pinned dates and names, for the history tests.

No mocks: each commit is a real `git commit` whose author, committer and
dates come from the environment, so every run on every machine gives the same commit ids.
Entries are made from the worked example, the fixture registry's frozen copy of King's Cross
(tests/fixture_registry.py), with small text edits, so they stay valid under the current schema
unless a test breaks them on purpose, and a correction of the live record changes nothing here.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from fixture_registry import KINGS_CROSS, entry_source

EXAMPLE_ID = KINGS_CROSS
EXAMPLE = entry_source(EXAMPLE_ID)
BASE_TIME = 1_570_000_000  # 2 October 2019, 07:06:40 UTC


class GitRepo:
    """A repository under `path` on branch main; `commit` writes files and commits them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.ticks = 0
        path.mkdir(parents=True, exist_ok=True)
        self.git("-c", "init.defaultBranch=main", "init", "-q")

    def env(self, author: str = "Ada Example", when: int | None = None) -> dict[str, str]:
        if when is None:
            self.ticks += 1
            when = BASE_TIME + self.ticks * 86_400
        stamp = f"@{when} +0000"
        return {
            **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
            "GIT_AUTHOR_NAME": author,
            "GIT_AUTHOR_EMAIL": "ada@example.org",
            "GIT_COMMITTER_NAME": "Registry Maintainer",
            "GIT_COMMITTER_EMAIL": "maintainer@example.org",
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_DATE": stamp,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
        }

    def git(self, *args: str, env: dict[str, str] | None = None, stdin: bytes | None = None) -> str:
        done = subprocess.run(
            ["git", *args],
            cwd=self.path,
            env=env or self.env(when=BASE_TIME),
            input=stdin,
            capture_output=True,
            check=True,
        )
        return done.stdout.decode().strip()

    def write(self, files: dict[str, str | None]) -> None:
        for name, text in files.items():
            target = self.path / name
            if text is None:
                self.git("rm", "-q", "--", name)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
                self.git("add", "--", name)

    def commit(
        self,
        message: str,
        files: dict[str, str | None] | None = None,
        author: str = "Ada Example",
        when: int | None = None,
    ) -> str:
        """Writes `files` (None deletes), commits them with `message`; returns the commit id."""
        self.write(files or {})
        self.git("commit", "-q", "--allow-empty", "-m", message, env=self.env(author, when))
        return self.head()

    def merge(self, branch: str, message: str, author: str = "Registry Maintainer") -> str:
        """Merges `branch` into main with a real two-parent merge commit (`--no-ff`)."""
        self.git("checkout", "-q", "main")
        self.git("merge", "-q", "--no-ff", "-m", message, branch, env=self.env(author))
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD")


def entry_text(entry_id: str = EXAMPLE_ID, **replace: str) -> str:
    """The worked example under `entry_id`, with each `old=new` text replacement applied."""
    text = EXAMPLE.replace(f"id: {EXAMPLE_ID}", f"id: {entry_id}", 1)
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def edit(text: str, old: str, new: str) -> str:
    """`text` with one exact replacement; fails loudly if `old` is not there."""
    assert old in text, old
    return text.replace(old, new, 1)


def path_of(entry_id: str) -> str:
    return f"entries/{entry_id[:2]}/{entry_id}.yaml"

"""`check` refuses a name whose page takes an old address only the git history holds.

Builds before `registry.text.TRANSLITERATED` listed "Brøndby IF" at `/operators/brndby-if/`;
the build keeps a redirect there for every name its history walk finds (registry.pages.moved),
a withdrawn record's too. A new record naming "Brndby IF" took that address in the build, and
`check` passed: it compared only with the names published now. A real git repository with
pinned dates (tests/gitrepo.py), and the real command.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from cli_runner import registry_cli
from gitrepo import GitRepo, edit, entry_text, path_of

import registry.old_addresses
from registry.old_addresses import _may_spell_one
from registry.text import MAX_SLUG, legacy_slug

OLD_ID = "gb-old-stadium"
NEW_ID = "gb-new-club"
OPERATOR = "King's Cross Central Limited Partnership"
LONG = "Department of Public Security and Social Defence of the Region of Br\u00f8ndby"
WITHDRAWN = "  status: withdrawn\n  withdrawn:\n    date: 2019-12\n    reason: Out of scope.\n"


def _record(entry_id: str, operator: str, status: str = "") -> str:
    text = edit(entry_text(entry_id), f"  name: {OPERATOR}", f"  name: {operator}")
    return edit(text, "  status: published\n", status) if status else text


def check(repo: GitRepo, *args: str) -> subprocess.CompletedProcess[str]:
    """`registry check` in this process, in the repository, with git's pinned dates."""
    return registry_cli(
        repo.path, "check", *args, cwd=repo.path, env={**repo.env(when=0), "GITHUB_ACTIONS": ""}
    )


def _withdrawn_history(path: Path, old_name: str = "Br\u00f8ndby IF") -> GitRepo:
    """A record naming `old_name` published, then withdrawn: only the history holds the name."""
    repo = GitRepo(path)
    repo.commit("Add a record", {path_of(OLD_ID): _record(OLD_ID, old_name)})
    repo.commit("Withdraw it", {path_of(OLD_ID): _record(OLD_ID, old_name, WITHDRAWN)})
    return repo


def test_a_name_taking_the_old_address_of_a_withdrawn_records_name_is_refused(tmp_path: Path) -> None:
    repo = _withdrawn_history(tmp_path / "repo")
    repo.git("checkout", "-q", "-b", "new-club")
    repo.commit("Add another record", {path_of(NEW_ID): _record(NEW_ID, "Brndby IF")})
    expected = (
        f"entries/gb/{NEW_ID}.yaml:25:9: operator.name: 'Brndby IF' would have its page at "
        "/operators/brndby-if/, where earlier builds published the page now at /operators/brondby-if/, "
        "and links to that page would open this one: spell this organisation so its page has an "
        "address of its own"
    )
    for args in ((), ("--changed", "main")):
        result = check(repo, *args)
        assert result.returncode == 1, result.stdout
        assert result.stderr.splitlines()[0] == expected, args
        assert "\u00f8" not in result.stderr  # the withdrawn record's name is not told again


def test_a_name_only_like_the_old_one_passes(tmp_path: Path) -> None:
    """ "Brondby IF Supporters" has an address of its own; so has a record beside a history
    whose old names all kept their letters."""
    repo = _withdrawn_history(tmp_path / "repo")
    repo.commit("Add another record", {path_of(NEW_ID): _record(NEW_ID, "Brondby IF Supporters")})
    result = check(repo)
    assert (result.returncode, result.stderr) == (0, "")


def test_a_history_without_a_dropped_letter_is_not_walked(tmp_path: Path, monkeypatch) -> None:
    """The gate: no version spells a published name with a letter `legacy_slug` dropped, so the
    build's walk, which parses every version, is not run at all."""
    repo = _withdrawn_history(tmp_path / "repo", old_name="Brondby IF")
    repo.commit("Add another record", {path_of(NEW_ID): _record(NEW_ID, "Brndby IF")})

    def walked(root: Path) -> list:
        raise AssertionError("the history walk ran")

    monkeypatch.setattr(registry.old_addresses, "_names_once_listed", walked)
    result = check(repo)
    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.parametrize(
    ("text", "slug", "may"),
    [
        ("name: Br\u00f8ndby IF\n", "brndby-if", True),
        ("name: \u00d8stergaard Vision\n", "stergaard-vision", True),  # dropped before the words
        ("name: Vision \u00d8\n", "vision", True),  # dropped after them, past a space
        ('name: "Br\\u00f8ndby IF"\n', "brndby-if", True),  # an escape: the walk decides
        ('note: "It said \\"no\\"."\n', "brndby-if", False),  # an escaped quote spells no letter
        ("name: >-\n  Br\u00f8ndby\n  IF\n", "brndby-if", True),  # folded over lines
        ("name: Br\u00f8ndby IF\n", "if", False),  # a word of it, away from the dropped letter
        ("name: Br\u00f8ndby IF\n", "brndby", True),  # the dropped letter inside a word of it
        ("name: The Br\u00f8ndby IF Club\n", "the-brndby", True),
        ("name: The Br\u00f8ndby IF Club\n", "the-brndby-if-club-is", False),
        ("name: Brondby IF\nnote: \u00f8 here\n", "brondby-if", False),
        ("name: Brondby IF\n", "brondby-if", False),  # ASCII: nothing dropped
        # A name cut to 60 letters and a hash: its words before the hash, the letter after them.
        (f"name: {LONG}\n", legacy_slug(LONG), True),
        (f"name: {LONG.replace(chr(0xF8), 'o')}\nnote: \u00f8\n", legacy_slug(LONG), True),
        (f"note: \u00f8\nname: {LONG.replace(chr(0xF8), 'o')}\n", legacy_slug(LONG), False),
    ],
)
def test_the_gate_finds_a_slug_beside_a_dropped_letter(text: str, slug: str, may: bool) -> None:
    assert len(legacy_slug(LONG)) == MAX_SLUG  # cut
    assert _may_spell_one(text.encode(), {slug}) is may

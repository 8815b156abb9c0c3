"""A record moving from the 1.0 forms to the 1.1 forms, in a real git repository: its History
reads each change in words, and its page, with that History, renders.

Old versions are never validated against today's models (history parsing is lenient), so a
1.0 version beside a 1.1 one is the ordinary case once the registry moves to 1.1.
"""

from __future__ import annotations

from pathlib import Path

from fixture_registry import copy_site_files
from gitrepo import GitRepo, edit

from registry.context import BuildContext, read_site_config
from registry.entries import load_registry
from registry.history import read_history
from registry.pages.entry import render_entry_body

FIXTURES = Path(__file__).parent / "fixtures" / "entries"
FULL, OTHER = "entries/gb/gb-fixture-full.yaml", "entries/gb/gb-fixture-other.yaml"


def to_1_1(text: str) -> str:
    """The 1.0 fixture rewritten in the 1.1 forms, as a contributor would edit it."""
    text = edit(text, 'schema_version: "1"\n', 'schema_version: "1.1"\n')
    text = edit(
        text,
        "aliases: [",
        'evidence:\n  basis: credible_reporting\n  denied: "no"\n  sources: [s1]\naliases: [',
    )
    text = edit(text, "  fr_mode: live\n", "  fr_modes: [live, retrospective]\n")
    text = edit(text, "  cameras: 4\n", "  cameras:\n    count: 200\n    qualifier: approximate\n")
    text = edit(text, "    size:\n      count: 120\n", "    size:\n      min: 100\n      max: 140\n")
    text = edit(
        text,
        "    fine:\n      amount: 10000\n      currency: GBP\n",
        "    penalties:\n      - kind: fine\n        amount: 10000\n        currency: GBP\n        status: overturned\n",
    )
    return edit(text, "  announced: 2019-12\n", "  announced:\n    date: 2020-03\n    qualifier: inferred\n")


def test_a_move_to_the_1_1_forms_reads_in_words_and_renders(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    v1 = (FIXTURES / "valid_full.yaml").read_text(encoding="utf-8")
    other = edit(v1, "id: gb-fixture-full\n", "id: gb-fixture-other\n")
    other = edit(
        edit(other, "related: [gb-fixture-other]\n", "related: []\n"), "aliases: [gb-fixture-old-name]\n", ""
    )
    repo.commit("Add two records", {FULL: v1, OTHER: other})
    repo.commit("Say how exact the figures are", {FULL: to_1_1(v1)})
    history = read_history(repo.path, None)
    newest = history.get("gb-fixture-full").revisions[0]
    assert [c.text for c in newest.changes] == [
        "schema version changed from 1 to 1.1",
        "how this is known set (basis: Established by credible reporting; denied: No; sources: s1)",
        "recognition modes set to Live facial recognition, Retrospective facial recognition",
        "number of cameras changed from 4 to about 200",
        "recognition mode removed (was Live facial recognition)",
        "announcement date changed from December 2019 to March 2020 (inferred)",
        "watchlist Wanted persons: size changed from 120 (as of June 2020) to 100 to 140 (as of June 2020)",
        "investigation by Example Regulator: penalties set to kind: Fine; amount: 10000; "
        "currency: \u201cGBP\u201d; status: Overturned",
        "investigation by Example Regulator: fine removed (was amount: 10000; currency: \u201cGBP\u201d)",
    ]
    copy_site_files(repo.path)
    files = load_registry(repo.path)
    ctx = BuildContext(repo.path, files, history, read_site_config(repo.path), tmp_path / "docs")
    body = render_entry_body(ctx, ctx.by_id["gb-fixture-full"])
    assert "number of cameras changed from 4 to about 200" in body
    assert "cameras running face recognition: about 200" in body

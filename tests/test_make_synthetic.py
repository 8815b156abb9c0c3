"""The synthetic-registry generator: exact commit and entry counts, valid entries, determinism.

Benchmarks rely on `scripts/make_synthetic.py` giving the same repository for the same
(entries, commits, seed), with entries that pass `registry check`. The big run (10,000 entries,
30,000 commits) is measured by hand, not here.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from registry.dates import PartialDate
from registry.loader import load_file, load_yaml
from registry.schema import Entry

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "make_synthetic.py"
ENTRIES, COMMITS, SEED = 40, 120, 7


def _import_script():
    spec = importlib.util.spec_from_file_location("make_synthetic", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_synthetic"] = module  # dataclasses look their module up while importing
    spec.loader.exec_module(module)
    return module


ms = _import_script()


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synthetic") / "registry"
    ms.make_registry(out, ENTRIES, COMMITS, SEED)
    return out


def entry_files(repo: Path) -> list[Path]:
    return sorted(repo.glob("entries/*/*.yaml"))


@pytest.mark.slow  # makes a git history
def test_exact_number_of_commits_on_main(repo):
    assert git(repo, "rev-list", "--count", "HEAD") == str(COMMITS)
    assert git(repo, "branch", "--show-current") == "main"
    assert git(repo, "for-each-ref", "--format=%(refname)") == "refs/heads/main"
    assert git(repo, "status", "--porcelain") == ""


@pytest.mark.slow  # makes a git history
def test_every_entry_exists_at_the_end(repo):
    files = entry_files(repo)
    assert len(files) == ENTRIES
    assert len(git(repo, "ls-files", "entries").splitlines()) == ENTRIES
    assert all(1_500 <= p.stat().st_size <= 20_000 for p in files)


@pytest.mark.slow  # makes a git history
def test_same_inputs_give_the_same_head(repo, tmp_path):
    again = tmp_path / "again"
    ms.make_registry(again, ENTRIES, COMMITS, SEED)
    assert git(again, "rev-parse", "HEAD") == git(repo, "rev-parse", "HEAD")
    other = tmp_path / "other-seed"
    ms.make_registry(other, ENTRIES, COMMITS, SEED + 1)
    assert git(other, "rev-parse", "HEAD") != git(repo, "rev-parse", "HEAD")


@pytest.mark.slow  # makes a git history
def test_every_file_validates_against_the_schema(repo):
    for path in entry_files(repo):
        entry = Entry.model_validate(load_file(path).data)
        assert entry.id == path.stem
        assert path.parent.name == entry.place.country.lower()
        assert entry.vendors
        assert 3 <= len(entry.sources)
        t = entry.timeline
        if isinstance(t.end, PartialDate) and isinstance(t.start, PartialDate):
            assert t.start <= t.end


@pytest.mark.slow  # makes a git history
def test_registry_check_finds_no_problem(repo):
    entries = pytest.importorskip("registry.entries")
    result = entries.check_entries(repo)
    assert result.checked == ENTRIES
    assert [p.format() for p in result.problems] == []


@pytest.mark.slow  # makes a git history
def test_history_is_shaped_like_a_real_one(repo):
    log = git(repo, "log", "--first-parent", "--format=%H %P%x09%at%x09%ae%x09%s").splitlines()
    subjects = [line.split("\t")[3] for line in log]
    merges = [line for line in log if len(line.split("\t")[0].split()) == 3]
    assert merges, "some PRs are merged with two-parent merge commits"
    assert all(line.split("\t")[3].startswith("Merge pull request #") for line in merges)
    assert any(s.startswith("Add ") for s in subjects)
    assert sum(": " in s or s.startswith(("Fix typo", "Review")) for s in subjects) > COMMITS / 3
    when = {}
    parents = {}
    for line in git(repo, "log", "--format=%H %at %ct %P").splitlines():
        sha, authored, committed, *ups = line.split()
        assert authored == committed
        when[sha], parents[sha] = int(committed), ups
    assert all(when[up] < when[sha] for sha, ups in parents.items() for up in ups)
    assert all(line.split("\t")[2].endswith("@example.org") for line in log)
    for merge in git(repo, "rev-list", "--merges", "HEAD").split():
        # A PR branch forks from main's tip and is merged as it is: the merge's tree is the
        # branch's, so the first-parent diff of the merge is the whole pull request.
        assert git(repo, "rev-parse", f"{merge}^{{tree}}") == git(repo, "rev-parse", f"{merge}^2^{{tree}}")
        assert git(repo, "merge-base", f"{merge}^1", f"{merge}^2") == git(repo, "rev-parse", f"{merge}^1")
    git(repo, "fsck", "--strict", "--no-progress")
    root = git(repo, "rev-list", "--max-parents=0", "HEAD")
    assert git(repo, "log", "-1", "--format=%as", root).startswith("2019-01-0")


@pytest.mark.slow  # makes a git history
def test_entries_are_added_in_batches_by_country_then_edited(repo):
    added = git(repo, "log", "--reverse", "--diff-filter=A", "--format=format:>", "--name-only")
    batches = [b.split() for b in added.split(">") if b.strip()]
    assert sum(len(b) for b in batches) == ENTRIES
    assert all(len({p.split("/")[1] for p in b}) == 1 for b in batches)
    modified = git(repo, "log", "--diff-filter=M", "--format=%H", "--", "entries")
    assert len(modified.splitlines()) > COMMITS / 2


@pytest.mark.parametrize("n", range(1, 30))
def test_rendered_entries_load_back_as_the_same_strings(n):
    entry = ms.synth_entry(n, seed=3)
    text = ms.render_entry(entry)
    assert load_yaml(text.encode()).data == entry
    Entry.model_validate(load_yaml(text.encode()).data)


TRICKY = [
    "1",
    "no",
    "~",
    "null",
    "2019-08-15",
    "0755",
    "- a dash",
    "key: value",
    "ends with colon:",
    "a # not a comment",
    "#hash",
    "'single'",
    '"double" quoted',
    'with "inner" quotes',
    "[flow]",
    "{brace}",
    "*star",
    "&amp",
    "!bang",
    "%percent",
    "@at",
    "`tick`",
    "| pipe",
    "> fold",
    "? question",
    " leading space",
    "trailing space ",
    "back\\slash",
    "two  spaces inside a long sentence " * 4,
    "São Paulo, Köln, İstanbul, 東京",
    "line one\nline two",
    "x" * 150,
    "a long sentence with a colon: inside and a #hash and 'quotes' that goes past the width " * 3,
]


@pytest.mark.parametrize("text", TRICKY)
def test_every_kind_of_string_round_trips(text):
    data = {
        "title": text,
        "nested": {"note": text, "items": [text, {"summary": text, "sources": [text]}]},
        "sources": ["s1", text],
    }
    assert load_yaml(ms.render_entry(data).encode()).data == data


def test_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "keep.txt").write_text("x")
    with pytest.raises(FileExistsError):
        ms.make_registry(tmp_path, 3, 3, 1)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


@pytest.mark.slow  # makes a git history
@pytest.mark.parametrize(("entries", "commits"), [(5, 1), (1, 4), (12, 12), (3, 25)])
def test_small_and_lopsided_sizes(tmp_path, entries, commits):
    ms.make_registry(tmp_path / "r", entries, commits, 5)
    assert git(tmp_path / "r", "rev-list", "--count", "HEAD") == str(commits)
    assert len(entry_files(tmp_path / "r")) == entries


@pytest.mark.slow  # makes a git history
def test_command_line_prints_one_summary_line(tmp_path):
    out = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path / "cli"), "--entries", "6", "--commits", "9",
         "--seed", "2"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    assert len(out.splitlines()) == 1
    assert "6 entries, 9 commits" in out
    again = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path / "cli"), "--entries", "6", "--commits", "9"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert again.returncode == 2 and "not empty" in again.stderr

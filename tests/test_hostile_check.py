"""What build refuses, check refuses; --changed sees collisions; mistakes are answered fast; the swap is atomic.

Repros from the attack on the registry (issue 16); they run in the normal `python -m pytest`,
so CI runs them on every pull request. Helpers: tests/hostile.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from gitrepo import GitRepo
from hostile import REL, entry, entry_as, registry, write

# --- 3. Check passes, build fails ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("cameras", "message"),
    [
        ("9223372036854775808", "must be at most 9007199254740991"),
        ("9007199254740992", "must be at most 9007199254740991"),
        ("1" * 5000, "is far too large: at most 9007199254740991"),
    ],
)
def test_a_count_beyond_what_every_output_holds_fails_check(
    tmp_path: Path, cameras: str, message: str
) -> None:
    write(tmp_path, entry(**{"  cameras: 4": f"  cameras: {cameras}"}))
    result = registry(tmp_path, "check", actions=False)
    assert (result.returncode, result.stderr.splitlines()[0]) == (
        1,
        f"{REL}:42:12: system.cameras: {message}",
    )


def test_an_infinite_coordinate_fails_check(tmp_path: Path) -> None:
    write(tmp_path, entry(**{"    lat: 51.5": "    lat: 1e400"}))
    result = registry(tmp_path, "check", actions=False)
    first = result.stderr.splitlines()[0]
    assert (result.returncode, first) == (
        1,
        f"{REL}:18:10: place.coordinates.lat: must be a number such as 51.53 (got '1e400')",
    )


def test_the_largest_count_fits_every_output() -> None:
    import json
    import sqlite3

    from registry.types import MAX_COUNT

    assert sqlite3.connect(":memory:").execute("SELECT ?", (MAX_COUNT,)).fetchone() == (MAX_COUNT,)
    assert int(float(json.loads(json.dumps(MAX_COUNT)))) == MAX_COUNT  # a JavaScript number
    assert float(MAX_COUNT + 2) == float(MAX_COUNT + 1)  # one more would no longer be exact


def two_entries(repo_root: Path) -> GitRepo:

    repo = GitRepo(repo_root)
    repo.commit(
        "Two records",
        {REL: entry(), "entries/gb/gb-fixture-two.yaml": entry_as("gb-fixture-two")},
    )
    return repo


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "public-subjects.yaml",
            'subjects:\n  - commit: {sha}\n    subject: ""\n',
            "entries/public-subjects.yaml:3:14: subjects.0.subject: subject must be 1 to 120 characters",
        ),
        (
            "public-subjects.yaml",
            "subjects:\n  - commit: deadbeef00\n    subject: A wording\n",
            "entries/public-subjects.yaml:2:13: subjects.0.commit: commit deadbeef00 is not a commit that "
            "changed entries on this branch",
        ),
        (
            "redactions.yaml",
            "redactions:\n  - entry: gb-fixture-full\n    commit: {sha}\n    field: sumary\n    reason: privacy\n",
            "entries/redactions.yaml:4:12: redactions.0.field: 'sumary' names no value of gb-fixture-full "
            "as it stood at commit {short}, so nothing would be hidden: check its spelling (list items "
            "by key, id, name or 0-based index, as in parties.Argent.note)",
        ),
    ],
)
def test_check_refuses_what_the_build_refuses_in_the_history_files(
    tmp_path: Path, name: str, text: str, expected: str
) -> None:
    """check passed an empty public subject, a wording of no commit and a misspelt redaction,
    then the build failed (or, for the redaction, passed and hid nothing)."""
    repo = two_entries(tmp_path / "repo")
    sha = repo.head()
    repo.commit("History file", {f"entries/{name}": text.format(sha=sha[:10])})
    # The same words as the build's (the messages are the history stage's own functions).
    check = registry(repo.path, "check", actions=False)
    assert (check.returncode, check.stderr.splitlines()[0]) == (1, expected.format(short=sha[:12]))


NOT_ON_THE_LINE = (
    "is not a commit that changed entries on this branch's first-parent line: for a commit of a "
    "merged branch, name the merge that brought it in (`git log --first-parent -- <entry file>` "
    "lists them)"
)


def test_check_and_the_build_report_every_problem_of_both_history_files(tmp_path: Path) -> None:
    """check listed both files' problems, the build only the redaction's (it stopped at the
    first); and each was placed at its list item, not at the value that is wrong."""
    from registry.errors import EntryProblems
    from registry.history import read_history

    repo = two_entries(tmp_path / "repo")
    sha = repo.head()
    redactions = (
        "redactions:\n"
        f"  - entry: gb-fixture-full\n    commit: {sha[:12]}\n    field: sumary\n    reason: privacy\n"
        "  - entry: gb-fixture-full\n    commit: deadbeef\n    field: summary\n    reason: privacy\n"
        f"  - entry: gb-nobody\n    commit: {sha[:12]}\n    field: summary\n    reason: privacy\n"
    )
    subjects = f"subjects:\n  - commit: {sha[:12]}\n    subject: A wording\n  - commit: deadbeef1234\n    subject: B\n"
    repo.commit(
        "History files", {"entries/redactions.yaml": redactions, "entries/public-subjects.yaml": subjects}
    )
    expected = [
        "entries/public-subjects.yaml:4:13: subjects.1.commit: commit deadbeef1234 is not a commit that "
        "changed entries on this branch",
        f"entries/redactions.yaml:4:12: redactions.0.field: 'sumary' names no value of gb-fixture-full as it "
        f"stood at commit {sha[:12]}, so nothing would be hidden: check its spelling (list items by key, id, "
        "name or 0-based index, as in parties.Argent.note)",
        f"entries/redactions.yaml:7:13: redactions.1.commit: commit deadbeef {NOT_ON_THE_LINE}",
        "entries/redactions.yaml:10:12: redactions.2.entry: no entry 'gb-nobody' in the history of this branch",
    ]
    check = registry(repo.path, "check", actions=False)
    assert (check.returncode, check.stderr.splitlines()) == (
        1,
        [*expected, "registry check failed: 4 errors in 2 files"],
    )
    with pytest.raises(EntryProblems) as caught:
        read_history(repo.path)
    assert [problem.format() for problem in caught.value.problems] == expected


def test_a_malformed_item_of_a_history_file_is_placed_at_its_value(tmp_path: Path) -> None:
    """A misspelt key is placed at itself, a bad value at the value, wherever it is written."""
    write(tmp_path, entry())
    (tmp_path / "entries" / "redactions.yaml").write_text(
        "redactions:\n  - entry: gb-fixture-full\n    commit: 0123456\n    feild: summary\n    reason: privacy\n"
        "  - entry: gb-fixture-full\n    commit: 0123456\n    field: summary\n    reason: curiosity\n"
    )
    (tmp_path / "entries" / "public-subjects.yaml").write_text(
        'subjects:\n  - commit: 0123456\n    subject: "two\\nlines"\n  - comit: 0123456\n    subject: Words\n'
    )
    result = registry(tmp_path, "check", actions=False)
    assert result.stderr.splitlines()[:4] == [
        "entries/public-subjects.yaml:3:14: subjects.0.subject: subject must be one line of plain text",
        "entries/public-subjects.yaml:4:5: subjects.1: needs exactly: commit, subject",
        "entries/redactions.yaml:4:5: redactions.0: needs exactly: entry, commit, field, reason (and optionally "
        "old_tip)",
        "entries/redactions.yaml:9:13: redactions.1.reason: must be one of: privacy, legal, safety",
    ]


def test_check_refuses_a_redaction_whose_value_a_later_version_keeps(tmp_path: Path) -> None:
    repo = two_entries(tmp_path / "repo")
    first = repo.head()
    text = (repo.path / REL).read_text(encoding="utf-8")
    retitled = text.replace("title: A fixture deployment", "title: An edited fixture deployment", 1)
    kept = repo.commit("Another edit", {REL: retitled})
    repo.commit("Reword the summary", {REL: retitled.replace("summary: ", "summary: Now, ", 1)})
    assert check_of_summary_redaction(repo, first) == (1, still_stands(kept))


def test_check_refuses_a_redaction_whose_value_outlives_a_rename(tmp_path: Path) -> None:
    """check read the later versions under the old id only, and passed; the build, which
    follows the record's ids, then failed on the value kept under the new id."""
    repo = two_entries(tmp_path / "repo")
    first = repo.head()
    text = (repo.path / REL).read_text(encoding="utf-8")
    moved_text = text.replace("id: gb-fixture-full\n", "id: gb-fixture-moved\n", 1).replace(
        "aliases: [gb-fixture-old-name]", "aliases: [gb-fixture-old-name, gb-fixture-full]", 1
    )
    moved = repo.commit("Rename", {REL: None, "entries/gb/gb-fixture-moved.yaml": moved_text})
    reworded = moved_text.replace("summary: ", "summary: Now, ", 1)
    repo.commit("Reword the summary", {"entries/gb/gb-fixture-moved.yaml": reworded})
    assert check_of_summary_redaction(repo, first) == (1, still_stands(moved))
    # Named at the last version that held it (the rename), it passes, as the build does.
    assert check_of_summary_redaction(repo, moved)[0] == 0


def test_check_reads_the_version_a_redaction_names_under_the_id_the_record_had_then(tmp_path: Path) -> None:
    """A redaction naming the old id for a commit after the rename was never checked."""
    repo = two_entries(tmp_path / "repo")
    text = (repo.path / REL).read_text(encoding="utf-8")
    moved_text = text.replace("id: gb-fixture-full\n", "id: gb-fixture-moved\n", 1).replace(
        "aliases: [gb-fixture-old-name]", "aliases: [gb-fixture-old-name, gb-fixture-full]", 1
    )
    moved = repo.commit("Rename", {REL: None, "entries/gb/gb-fixture-moved.yaml": moved_text})
    item = f"  - entry: gb-fixture-full\n    commit: {moved[:10]}\n    field: summry\n    reason: privacy\n"
    repo.commit("Redact", {"entries/redactions.yaml": "redactions:\n" + item})
    result = registry(repo.path, "check", actions=False)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith(
        f"entries/redactions.yaml:4:12: redactions.0.field: 'summry' names no value of gb-fixture-full as it "
        f"stood at commit {moved[:12]}"
    )


def check_of_summary_redaction(repo: GitRepo, commit: str) -> tuple[int, str]:
    """Commits a redaction of gb-fixture-full's summary at `commit`; check's exit code and first line."""
    item = f"  - entry: gb-fixture-full\n    commit: {commit[:10]}\n    field: summary\n    reason: privacy\n"
    repo.commit("Redact", {"entries/redactions.yaml": "redactions:\n" + item})
    result = registry(repo.path, "check", actions=False)
    return result.returncode, (result.stderr.splitlines() or [""])[0]


def still_stands(later: str) -> str:
    return (
        "entries/redactions.yaml:3:13: redactions.0.commit: the value of 'summary' still stands in "
        f"gb-fixture-full at the later commit {later[:12]}, which this redaction does not cover: name "
        "the last commit at which it stood"
    )


def test_check_refuses_a_tracked_file_in_a_country_folder_that_is_no_entry(tmp_path: Path) -> None:
    """They passed: a .gitattributes that hides the entries' diffs from a reviewer, and a copy
    of a record named with a line break after `.yaml`, which the history read as the record."""
    repo = two_entries(tmp_path / "repo")
    forged = (repo.path / REL).read_text(encoding="utf-8").replace("title: A fixture", "title: A forged", 1)
    repo.commit("Notes", {"entries/gb/.gitattributes": "*.yaml -diff\n", f"{REL}\n": forged})
    (repo.path / "entries" / "gb" / ".gb-fixture-two.yaml.swp").write_bytes(b"an editor's, untracked")
    result = registry(repo.path, "check", actions=False)
    assert result.returncode == 1
    why = "filename: only entry files (<id>.yaml) belong in a country folder: remove this file, or move it out of entries/"
    assert result.stderr.splitlines()[:2] == [
        f"entries/gb/.gitattributes:1:1: {why}",
        f"entries/gb/gb-fixture-full.yaml\\n:1:1: {why}",
    ]


def test_check_refuses_a_stray_file_anywhere_under_entries_and_a_linked_data_file(tmp_path: Path) -> None:
    """Only a file directly in a country folder was looked at: a `.gitattributes` at the top of
    entries/ (which folds every entry's diff away) or deeper than a country folder passed, and
    a data file committed as a link was read from wherever it pointed."""
    repo = two_entries(tmp_path / "repo")
    (repo.path / "entries/redactions.yaml").symlink_to("/etc/hostname")
    repo.git("add", "--", "entries/redactions.yaml")
    files = {
        "entries/.gitattributes": "*.yaml -diff linguist-generated=true\n",
        "entries/gb/notes/.gitattributes": "*.yaml -diff\n",
        "entries/published-ids.txt": "gb-fixture-full\ngb-fixture-two\n",
    }
    repo.commit("Notes", files)
    result = registry(repo.path, "check", actions=False)
    assert result.returncode == 1
    top = (
        "filename: only the country folders and the registry's data files (public-subjects.yaml, "
        "published-ids.txt, published-request-pages.txt, published-revisions.txt, redactions.yaml) "
        "belong at the top of entries/: remove this file, or move it out of entries/"
    )
    assert result.stderr.splitlines()[:3] == [
        f"entries/.gitattributes:1:1: {top}",
        "entries/gb/notes/.gitattributes:1:1: filename: only entry files (<id>.yaml) belong in a "
        "country folder: remove this file, or move it out of entries/",
        "entries/redactions.yaml:1:1: filename: must be a file, not a symbolic link: commit the file itself",
    ]


def test_a_dot_git_that_is_no_repository_is_no_history_not_a_traceback(tmp_path: Path) -> None:
    """An empty or planted `.git` folder (a tarball's leftover) made every git-reading rule
    raise GitPython's InvalidGitRepositoryError: it is a folder without git history."""
    write(tmp_path, entry())
    (tmp_path / ".git").mkdir()
    result = registry(tmp_path, "check", actions=False)
    assert (result.returncode, result.stderr) == (0, "")


def test_a_deleted_record_fails_check_when_git_is_there(tmp_path: Path) -> None:
    repo = two_entries(tmp_path / "repo")
    repo.commit("Delete a record", {"entries/gb/gb-fixture-two.yaml": None})
    result = registry(repo.path, "check", actions=False)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "entries/gb/gb-fixture-two.yaml:1:1: id: gb-fixture-two: was published (it is in the git history "
        "of HEAD) but no entry has this id or lists it in aliases, so "
        "/deployments/gb-fixture-two/ would be a 404. Withdraw it instead of deleting it: restore "
        "entries/gb/gb-fixture-two.yaml and set record.status: withdrawn (with withdrawn.date and "
        "withdrawn.reason). If it was renamed, add it to the aliases of the record that replaced it."
    )


def test_a_rename_without_an_alias_fails_check_and_with_one_passes(tmp_path: Path) -> None:
    repo = two_entries(tmp_path / "repo")
    repo.commit(
        "Rename a record",
        {
            "entries/gb/gb-fixture-two.yaml": None,
            "entries/gb/gb-fixture-three.yaml": entry_as("gb-fixture-three"),
        },
    )
    result = registry(repo.path, "check", actions=False)
    assert result.returncode == 1
    assert result.stderr.startswith("entries/gb/gb-fixture-two.yaml:1:1: id: gb-fixture-two: was published")
    repo.write({"entries/gb/gb-fixture-three.yaml": entry_as("gb-fixture-three", "[gb-fixture-two]")})
    result = registry(repo.path, "check", actions=False)
    assert (result.returncode, result.stderr) == (0, "")


def refused_by_check_and_build(repo: GitRepo, expected: str) -> None:
    """`check` fails with `expected` first, and the build says it too and writes no site."""
    checked = registry(repo.path, "check", actions=False)
    assert (checked.returncode, checked.stderr.splitlines()[0]) == (1, expected)
    built = registry(repo.path, "build", actions=False)
    assert built.returncode == 1 and expected in built.stderr.splitlines()


def test_an_alias_naming_a_record_that_lived_beside_its_holder_fails_check_and_build(tmp_path: Path) -> None:
    """Any record could take over another's published address: rename gb-fixture-three with
    no alias, list its old id on the unrelated gb-fixture-two, and its page, JSON, feed and
    history redirected there, with check and build passing. A rename moves the file, so an
    earlier id of a record never existed beside it; the same alias on the renamed record passes."""
    repo = two_entries(tmp_path / "repo")
    mkdocs = (Path(__file__).resolve().parent.parent / "mkdocs.yml").read_text(encoding="utf-8")
    third = {"entries/gb/gb-fixture-three.yaml": entry_as("gb-fixture-three"), "mkdocs.yml": mkdocs}
    repo.commit("Add a third", third)
    three = repo.git("rev-parse", "HEAD").strip()
    repo.commit(
        "Tidy ids",
        {
            "entries/gb/gb-fixture-three.yaml": None,
            "entries/gb/gb-fixture-four.yaml": entry_as("gb-fixture-four"),
            "entries/gb/gb-fixture-two.yaml": entry_as("gb-fixture-two", "[gb-fixture-three]"),
        },
    )
    expected = (
        "entries/gb/gb-fixture-two.yaml:10:11: aliases.0: 'gb-fixture-three' was a record of its own "
        f"while this record was one too (both files existed at commit {three[:12]}), so it is not an "
        "earlier id of this record: an alias keeps a renamed record's old address. List it in the "
        "aliases of the record gb-fixture-three became; if it was merged into this one, restore "
        "entries/gb/gb-fixture-three.yaml with record.status: merged and record.merged_into: gb-fixture-two"
    )
    refused_by_check_and_build(repo, expected)
    assert not (repo.path / "site").exists()
    repo.commit(
        "Alias on the renamed record",
        {
            "entries/gb/gb-fixture-two.yaml": entry_as("gb-fixture-two"),
            "entries/gb/gb-fixture-four.yaml": entry_as("gb-fixture-four", "[gb-fixture-three]"),
        },
    )
    checked = registry(repo.path, "check", actions=False)
    assert (checked.returncode, checked.stderr) == (0, "")


def test_an_alias_moved_to_a_record_made_after_the_rename_fails_check_and_build(tmp_path: Path) -> None:
    """The first rule only refused an id that lived beside its holder: once gb-fixture-three
    had been renamed (its alias on gb-fixture-four), a record made later could take the alias,
    and with it the old address and every revision under it. A rename moves the file in one
    commit: the record's next id begins where its old one ends."""
    repo = two_entries(tmp_path / "repo")
    mkdocs = (Path(__file__).resolve().parent.parent / "mkdocs.yml").read_text(encoding="utf-8")
    repo.commit(
        "Add a third",
        {"entries/gb/gb-fixture-three.yaml": entry_as("gb-fixture-three"), "mkdocs.yml": mkdocs},
    )
    four = "entries/gb/gb-fixture-four.yaml"
    renamed = repo.commit(
        "Rename",
        {"entries/gb/gb-fixture-three.yaml": None, four: entry_as("gb-fixture-four", "[gb-fixture-three]")},
    )
    assert registry(repo.path, "check", actions=False).returncode == 0
    repo.commit("Add a fifth", {"entries/gb/gb-fixture-five.yaml": entry_as("gb-fixture-five")})
    repo.commit(
        "Move the alias",
        {
            four: entry_as("gb-fixture-four"),
            "entries/gb/gb-fixture-five.yaml": entry_as("gb-fixture-five", "[gb-fixture-three]"),
        },
    )
    expected = (
        "entries/gb/gb-fixture-five.yaml:10:11: aliases.0: 'gb-fixture-three' ended at commit "
        f"{renamed[:12]} (its file was deleted there), but neither this record nor another of its "
        "earlier ids began there, so it is not an earlier id of this record: an alias keeps the old "
        "address of a record renamed in one commit (git mv). List it in the aliases of the record "
        "gb-fixture-three became; if it was merged into this one, restore "
        "entries/gb/gb-fixture-three.yaml with record.status: merged and record.merged_into: gb-fixture-five"
    )
    refused_by_check_and_build(repo, expected)


def test_check_changed_reports_a_deletion_it_did_not_list(tmp_path: Path) -> None:
    repo = two_entries(tmp_path / "repo")
    repo.git("checkout", "-q", "-b", "remove")
    repo.commit("Delete a record", {"entries/gb/gb-fixture-two.yaml": None})
    result = registry(repo.path, "check", "--changed", "main", actions=False)
    assert result.returncode == 1
    assert result.stderr.startswith("entries/gb/gb-fixture-two.yaml:1:1: id: gb-fixture-two: was published")


def test_an_indented_comment_in_the_published_list_is_a_comment(tmp_path: Path) -> None:
    """It was read as a published id: check failed on 'entries/# /# ids below...yaml', while
    `published-ids --check`, which strips first, passed."""
    write(tmp_path, entry())
    (tmp_path / "entries" / "published-ids.txt").write_text(
        "  # ids below came from an import\ngb-fixture-full\n"
    )
    result = registry(tmp_path, "check", actions=False)
    assert (result.returncode, result.stderr) == (0, "")


def test_an_id_in_the_published_list_must_be_kept_without_git(tmp_path: Path) -> None:
    write(tmp_path, entry())
    (tmp_path / "entries" / "published-ids.txt").write_text("gb-fixture-full\ngb-fixture-gone\n")
    result = registry(tmp_path, "check", actions=False)
    assert result.returncode == 1
    assert result.stderr.startswith(
        "entries/gb/gb-fixture-gone.yaml:1:1: id: gb-fixture-gone: was published (it is in "
        "entries/published-ids.txt)"
    )


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_folder_named_like_an_entry_fails_check_and_build_without_a_traceback(
    tmp_path: Path, command: str
) -> None:
    """A folder `gb-dir.yaml` is committable (it holds a file); `check` and `build` opened it."""
    write(tmp_path, entry())
    write(tmp_path, "id: gb-inner\n", "entries/gb/gb-dir.yaml/gb-inner.yaml")
    result = registry(tmp_path, command, actions=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert (
        "entries/gb/gb-dir.yaml:1:1: filename: entry files must be regular files, not a directory"
        in result.stderr.splitlines()
    )


# --- 5. `check --changed` misses a collision ------------------------------------------------------


def test_check_changed_fails_a_new_file_whose_id_is_an_old_records_alias(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("A record with an old id", {REL: entry()})
    repo.git("checkout", "-q", "-b", "add")
    repo.commit(
        "A record under the old id", {"entries/gb/gb-fixture-old-name.yaml": entry_as("gb-fixture-old-name")}
    )
    changed = registry(repo.path, "check", "--changed", "main", actions=False)
    full = registry(repo.path, "check", actions=False)
    assert (changed.returncode, full.returncode) == (1, 1)
    assert changed.stderr.splitlines()[0] == (
        "entries/gb/gb-fixture-old-name.yaml:4:5: id: 'gb-fixture-old-name' is already an alias of "
        f"{REL} (an earlier id of that record); choose another id"
    )


def test_check_changed_fails_a_new_alias_that_an_old_record_already_has(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit(
        "A record with an old id",
        {"entries/gb/gb-fixture-zz.yaml": entry_as("gb-fixture-zz", "[gb-fixture-old]")},
    )
    repo.git("checkout", "-q", "-b", "add")
    repo.commit(
        "A record sorted first",
        {"entries/gb/gb-fixture-aa.yaml": entry_as("gb-fixture-aa", "[gb-fixture-old]")},
    )
    changed = registry(repo.path, "check", "--changed", "main", actions=False)
    assert changed.returncode == 1
    assert changed.stderr.startswith(
        "entries/gb/gb-fixture-aa.yaml:10:11: aliases.0: 'gb-fixture-old' is also"
    )


# --- 4. Slow rejection ----------------------------------------------------------------------------


def _bench_script():
    """scripts/bench_hostile.py: the hostile shapes live there, beside the timing, in one place."""
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "scripts" / "bench_hostile.py"
    spec = importlib.util.spec_from_file_location("bench_hostile", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BENCH = _bench_script()


@pytest.mark.parametrize("shape", BENCH.SHAPES)
def test_a_file_full_of_mistakes_is_answered_briefly(tmp_path: Path, shape: str) -> None:
    """Only the first 50 problems of a file are worded, so the answer's cost is bounded.

    How fast that is, is measured by `python scripts/bench_hostile.py` (under 0.6 s a file
    here), never by a timed test: a busy CI machine would fail it, not slow code.
    """
    from registry.entries import check_entries

    text = BENCH.hostile_text(entry(), shape)
    assert len(text) > 50_000  # thousands of mistakes, not a handful
    write(tmp_path, text)
    problems = check_entries(tmp_path).problems
    assert len(problems) == 51
    last = problems[-1].format()
    assert re.fullmatch(
        rf"{REL}: and \d+ more problems in this file, not listed; fix these, then check again",
        last,
    ), last
    more = int(re.search(r"and (\d+) more", last).group(1))
    assert more > 1000, last  # the rest are counted, not dropped


# --- 8. The swap leaves no moment without a site ----------------------------------------------------

OBSERVER = """
import os, sys
page, stop = sys.argv[1], sys.argv[2]
checks = misses = 0
print("ready", flush=True)
while True:
    for _ in range(200):
        checks += 1
        if not os.path.exists(page):
            misses += 1
    if os.path.exists(stop):
        break
print(checks, misses)
"""


def _site(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(f"<p>build {n}</p>\n")
    return folder


def test_the_swap_never_leaves_a_moment_without_a_site(tmp_path: Path) -> None:
    from registry.swap import swap_into_place

    site = _site(tmp_path / "site", 0)
    stop = tmp_path / "stop"
    observer = subprocess.Popen(
        [sys.executable, "-c", OBSERVER, str(site / "index.html"), str(stop)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert observer.stdout is not None and observer.stdout.readline() == "ready\n"
    for n in range(1, 301):
        swap_into_place(_site(tmp_path / "work" / str(n), n), site)
    stop.touch()
    checks, misses = map(int, observer.communicate(timeout=60)[0].split())
    assert checks > 10_000  # the observer really looked while the swaps ran
    assert misses == 0
    assert (site / "index.html").read_text() == "<p>build 300</p>\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "stop", "work"]
    assert list((tmp_path / "work").iterdir()) == []


def test_exchange_swaps_two_folders() -> None:
    import tempfile

    from registry.swap import exchange

    with tempfile.TemporaryDirectory() as tmp:
        a, b = _site(Path(tmp) / "a", 1), _site(Path(tmp) / "b", 2)
        assert exchange(a, b)  # Linux with glibc >= 2.28, as CI and the deploy run
        assert ((a / "index.html").read_text(), (b / "index.html").read_text()) == (
            "<p>build 2</p>\n",
            "<p>build 1</p>\n",
        )
        with pytest.raises(FileNotFoundError):
            exchange(a, Path(tmp) / "missing")


def test_a_malformed_redactions_file_fails_check_as_it_fails_the_build(tmp_path: Path) -> None:
    write(tmp_path, entry())
    (tmp_path / "entries" / "redactions.yaml").write_text(
        "redactions:\n  - entry: gb-fixture-full\n    commit: not-hex\n    field: summary\n    reason: privacy\n"
    )
    result = registry(tmp_path, "check", actions=False)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "entries/redactions.yaml:3:13: redactions.0.commit: must be 7 to 40 lowercase hex digits"
    )


def test_checks_ids_from_git_are_the_history_walks(tmp_path: Path) -> None:
    from registry.history.gitlog import added_entry_ids, open_repository, walk_log

    repo = two_entries(tmp_path / "repo")
    repo.git("checkout", "-q", "-b", "side")
    repo.commit("Add on a branch", {"entries/fr/fr-fixture-side.yaml": entry_as("fr-fixture-side")})
    repo.commit("Gone again on the branch", {"entries/fr/fr-fixture-side.yaml": None})
    repo.merge("side", "Merge pull request #3 from contributor/side")
    repo.commit(
        "Rename",
        {
            "entries/gb/gb-fixture-two.yaml": None,
            "entries/gb/gb-fixture-three.yaml": entry_as("gb-fixture-three"),
        },
    )
    repo.commit("Not an entry", {"entries/redactions.yaml": "redactions: []\n"})
    git_repo, head = open_repository(repo.path)
    walked = {touch.entry_id for commit in walk_log(git_repo, head) for touch in commit.touches}
    assert (
        added_entry_ids(git_repo, head) == walked == {"gb-fixture-full", "gb-fixture-two", "gb-fixture-three"}
    )


def test_a_symlink_once_committed_under_entries_was_never_published(tmp_path: Path) -> None:
    """The build refuses a symlinked entry, so its id was never a page and `check` must not
    demand that it be kept; a symlink later replaced by a real file is an entry from then on."""
    from registry.history.gitlog import added_entry_ids, open_repository, walk_log

    repo = two_entries(tmp_path / "repo")
    (repo.path / "entries/gb/gb-fixture-link.yaml").symlink_to("gb-fixture-full.yaml")
    (repo.path / "entries/gb/gb-fixture-turned.yaml").symlink_to("gb-fixture-full.yaml")
    repo.git("add", "--", "entries/gb")
    repo.commit("Add two symlinks")
    (repo.path / "entries/gb/gb-fixture-turned.yaml").unlink()
    repo.commit("One becomes a file", {"entries/gb/gb-fixture-turned.yaml": entry_as("gb-fixture-turned")})
    repo.commit("The other goes", {"entries/gb/gb-fixture-link.yaml": None})
    git_repo, head = open_repository(repo.path)
    walked = {touch.entry_id for commit in walk_log(git_repo, head) for touch in commit.touches}
    expected = {"gb-fixture-full", "gb-fixture-two", "gb-fixture-turned"}
    assert added_entry_ids(git_repo, head) == walked == expected
    # check reads the ids from the alias rule's lifetimes when a record has aliases: the same ids
    from registry.published_ids import head_lifetimes

    lived = head_lifetimes(repo.path)
    assert lived is not None and {i for i, spans in lived.spans.items() if spans} == expected
    result = registry(repo.path, "check", actions=False)
    assert result.returncode == 0, result.stderr


def test_check_changed_counts_only_ids_the_base_published(tmp_path: Path) -> None:
    repo = two_entries(tmp_path / "repo")
    repo.git("checkout", "-q", "-b", "new-record")
    repo.commit("Add a record", {"entries/gb/gb-fixture-draft.yaml": entry_as("gb-fixture-draft")})
    repo.commit(
        "Rename it before it is merged",
        {
            "entries/gb/gb-fixture-draft.yaml": None,
            "entries/gb/gb-fixture-final.yaml": entry_as("gb-fixture-final"),
        },
    )
    changed = registry(repo.path, "check", "--changed", "main", actions=False)
    assert (changed.returncode, changed.stderr) == (0, "")
    # A build of this branch would publish the draft's history, so a full check still asks.
    full = registry(repo.path, "check", actions=False)
    assert full.stderr.startswith("entries/gb/gb-fixture-draft.yaml:1:1: id: gb-fixture-draft: was published")

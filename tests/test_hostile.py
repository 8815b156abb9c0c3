"""Hostile entries, as an outside contributor could write them (issue 16).

Each test is a repro from the attack on the registry: forged CI output, tracebacks, numbers
that pass check and break the build, invisible characters, slow rejection. They run in the
normal `python -m pytest`, so CI runs them on every pull request.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from gitrepo import GitRepo

FIXTURE = (Path(__file__).parent / "fixtures" / "entries" / "valid_full.yaml").read_text(encoding="utf-8")
REL = "entries/gb/gb-fixture-full.yaml"
# Our own annotation: a fixed prefix, then properties that hold no raw ':' or ','.
OWN_ANNOTATION = re.compile(r"^::error file=[^,:]*,line=\d+,col=\d+::")


def entry(**replace: str) -> str:
    """The full fixture (without its link to a record the tests do not have), with text edits."""
    text = FIXTURE.replace("related: [gb-fixture-other]\n", "")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def write(root: Path, text: str, rel: str = REL) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def registry(root: Path, *args: str, actions: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "registry", "--root", str(root), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "GITHUB_ACTIONS": "true" if actions else ""},
        timeout=300,
    )


def assert_no_forged_lines(output: str) -> None:
    """No output line is a workflow command except our own annotations, and none hides text."""
    for line in output.splitlines():
        if line.lstrip().startswith("::"):
            assert OWN_ANNOTATION.match(line), line
        assert "##[" not in line, line
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u200b\u202e]", line), line


# --- 1. Output injection ---------------------------------------------------------------------


def test_a_newline_in_a_key_cannot_forge_a_workflow_command(tmp_path: Path) -> None:
    write(tmp_path, entry() + '"x\\n::error file=README.md,line=1::forged by an entry": y\n')
    result = registry(tmp_path, "check")
    assert result.returncode == 1
    assert_no_forged_lines(result.stdout + result.stderr)
    problem = [line for line in result.stderr.splitlines() if line.startswith(REL)]
    assert problem == [
        f"{REL}:202:1: x\\n::error file=README.md,line=1::forged by an entry: "
        "'x\\n::error file=README.md,line=1::forged by an entry' is not a field here; allowed here: "
        + problem[0].split("allowed here: ")[1]
    ]


def test_a_newline_in_a_value_cannot_forge_a_workflow_command(tmp_path: Path) -> None:
    write(tmp_path, entry(**{"  country: GB": '  country: "GB\\n::warning::forged"'}))
    result = registry(tmp_path, "check")
    assert result.returncode == 1
    assert_no_forged_lines(result.stdout + result.stderr)
    assert f"{REL}:12:12: place.country: 'GB\\n::warning::forged' is not an ISO 3166-1" in result.stderr


def test_a_newline_in_a_file_name_cannot_forge_a_workflow_command(tmp_path: Path) -> None:
    rel = "entries/gb/gb-x\n::error file=README.md,line=1::forged.yaml"
    write(tmp_path, entry(), rel)
    result = registry(tmp_path, "check")
    assert result.returncode == 1
    assert_no_forged_lines(result.stdout + result.stderr)
    assert "entries/gb/gb-x\\n::error file=README.md,line=1::forged.yaml:1:1: filename:" in result.stderr
    # The annotation's file= property is escaped as GitHub documents: ':' and ',' too.
    assert "::error file=entries/gb/gb-x\\n%3A%3Aerror file=README.md%2Cline=1%3A%3Aforged.yaml,line=1" in (
        result.stderr
    )


def test_escape_sequences_and_invisible_characters_are_shown_not_obeyed(tmp_path: Path) -> None:
    write(tmp_path, entry(), "entries/gb/gb-\x1b[2J\u202ekey\x85##[error]x.yaml")
    result = registry(tmp_path, "check")
    assert result.returncode == 1
    assert_no_forged_lines(result.stdout + result.stderr)
    assert "entries/gb/gb-\\x1b[2J\\u202ekey\\x85#\\x23[error]x.yaml:1:1: filename:" in result.stderr


def test_the_one_escaping_function() -> None:
    from registry.terminal import command_message, command_property, shown

    assert shown("a\nb\rc\td\x1b\x7f\x85\u2028\u200b\U000e0041\ud800") == (
        "a\\nb\\rc\\td\\x1b\\x7f\\x85\\u2028\\u200b\\U000e0041\\ud800"
    )
    assert shown("  ::error::x") == "  \\x3a:error::x"
    assert shown("King's Cross: 4 cameras, café") == "King's Cross: 4 cameras, café"
    assert command_message("50%\r\n::x") == "50%25%0D%0A::x"
    assert command_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


# --- 2. Tracebacks -----------------------------------------------------------------------------

# The escape, and the column the message names: the escape itself, or the value it is in.
BAD_ESCAPES = [("\\U00110000", 22), ("\\UFFFFFFFF", 22), ("\\uD800", 8)]


@pytest.mark.parametrize(("escape", "col"), BAD_ESCAPES)
def test_an_impossible_escape_is_a_positioned_error_in_check(tmp_path: Path, escape: str, col: int) -> None:
    write(tmp_path, entry(**{"title: A fixture deployment": f'title: "King\'s Cross {escape}"'}))
    result = registry(tmp_path, "check", actions=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.fullmatch(
        rf"{REL}:5:{col}: char: [^\n]*\nregistry check failed: 1 error in 1 file\n", result.stderr
    )


@pytest.mark.parametrize(("escape", "col"), BAD_ESCAPES)
def test_an_impossible_escape_is_a_positioned_error_in_build(tmp_path: Path, escape: str, col: int) -> None:
    write(tmp_path, entry(**{"title: A fixture deployment": f'title: "King\'s Cross {escape}"'}))
    result = registry(tmp_path, "build", actions=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.match(rf"{REL}:5:{col}: char: ", result.stderr), result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(("escape", "col"), BAD_ESCAPES)
def test_an_impossible_escape_in_an_old_version_is_a_load_error(escape: str, col: int) -> None:
    from registry.errors import LoadError
    from registry.loader import load_data

    raw = entry(**{"title: A fixture deployment": f'title: "King\'s Cross {escape}"'}).encode()
    with pytest.raises(LoadError) as caught:
        load_data(raw, {})
    assert (caught.value.code, caught.value.line, caught.value.col) == ("char", 5, col)


def test_the_escape_message_points_at_the_escape() -> None:
    from registry.errors import LoadError
    from registry.loader import load_yaml

    with pytest.raises(LoadError) as caught:
        load_yaml(b'title: "King\'s Cross \\U00110000"\n')
    assert str(caught.value) == (
        "1:22: char: this escape is not a Unicode character (the largest is \\U0010FFFF); remove it"
    )


# --- 7. Invisible characters ---------------------------------------------------------------------

INVISIBLE = [
    ("\u200b", "U+200B ZERO WIDTH SPACE"),
    ("\u200e", "U+200E LEFT-TO-RIGHT MARK"),
    ("\u200f", "U+200F RIGHT-TO-LEFT MARK"),
    ("\u061c", "U+061C ARABIC LETTER MARK"),
    ("\u00ad", "U+00AD SOFT HYPHEN"),
    ("\ufff9", "U+FFF9 INTERLINEAR ANNOTATION ANCHOR"),
    ("\U000e0041", "U+E0041 TAG LATIN CAPITAL LETTER A"),
    ("\u2060", "U+2060 WORD JOINER"),
    ("\u200d", "U+200D ZERO WIDTH JOINER"),  # between Latin letters: no script needs it there
]


@pytest.mark.parametrize(("char", "name"), INVISIBLE)
def test_an_invisible_character_in_a_name_is_refused_and_named(tmp_path: Path, char: str, name: str) -> None:
    write(tmp_path, entry(**{"  name: Example Council": f"  name: Example{char}Council"}))
    result = registry(tmp_path, "check", actions=False)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert re.match(
        rf"{REL}:24:16: char: the invisible (text-direction )?character {re.escape(name)} is ", first
    ), first


@pytest.mark.parametrize(("char", "name"), INVISIBLE)
def test_an_escaped_invisible_character_is_refused_and_named(tmp_path: Path, char: str, name: str) -> None:
    escape = f"\\U{ord(char):08x}"
    write(tmp_path, entry(**{"  name: Example Council": f'  name: "Example{escape}Council"'}))
    result = registry(tmp_path, "check", actions=False)
    assert result.returncode == 1
    assert re.match(
        rf"{REL}:24:9: char: this value contains the invisible (text-direction )?character {re.escape(name)}, made by an escape",
        result.stderr,
    ), result.stderr


@pytest.mark.parametrize(
    "name",
    [
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian: ZWNJ between two letters
        "\u0915\u094d\u200d\u0937",  # Devanagari: ZWJ after a virama, before a letter
    ],
)
def test_joiners_are_allowed_between_letters_of_scripts_that_need_them(tmp_path: Path, name: str) -> None:
    write(tmp_path, entry(**{"  name: Example Council": f"  name: {name}"}))
    result = registry(tmp_path, "check", actions=False)
    assert (result.returncode, result.stderr) == (0, "")


def test_text_is_loaded_in_one_spelling_nfc() -> None:
    from registry.loader import load_yaml

    decomposed = load_yaml('name: Cafe\u0301 Vision\nnote: "Cafe\\u0301"\n'.encode()).data
    assert decomposed == {"name": "Caf\u00e9 Vision", "note": "Caf\u00e9"}


def test_the_format_character_table_is_complete() -> None:
    import unicodedata

    from registry.chars import FORMAT

    for code in range(sys.maxunicode + 1):
        char = chr(code)
        category = unicodedata.category(char)
        if category == "Cf":
            assert FORMAT.match(char), f"U+{code:04X} is a format character: add it to chars.FORMAT_RANGES"
        elif FORMAT.match(char):
            assert category == "Cn", f"U+{code:04X} is {category}, not a format character"


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
        f"{REL}:18:10: place.coordinates.lat: must be an ordinary number such as 51.53, not infinity",
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


def entry_as(entry_id: str, aliases: str = "[]") -> str:
    return entry(
        **{"id: gb-fixture-full": f"id: {entry_id}", "aliases: [gb-fixture-old-name]": f"aliases: {aliases}"}
    )


def test_a_deleted_record_fails_check_when_git_is_there(tmp_path: Path) -> None:
    repo = two_entries(tmp_path / "repo")
    repo.commit("Delete a record", {"entries/gb/gb-fixture-two.yaml": None})
    result = registry(repo.path, "check", actions=False)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "entries/gb/gb-fixture-two.yaml:1:1: id: gb-fixture-two: was published (it is in the history "
        "of the main branch) but no entry has this id or lists it in aliases, so "
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


def test_check_changed_reports_a_deletion_it_did_not_list(tmp_path: Path) -> None:
    repo = two_entries(tmp_path / "repo")
    repo.git("checkout", "-q", "-b", "remove")
    repo.commit("Delete a record", {"entries/gb/gb-fixture-two.yaml": None})
    result = registry(repo.path, "check", "--changed", "main", actions=False)
    assert result.returncode == 1
    assert result.stderr.startswith("entries/gb/gb-fixture-two.yaml:1:1: id: gb-fixture-two: was published")


def test_an_id_in_the_published_list_must_be_kept_without_git(tmp_path: Path) -> None:
    write(tmp_path, entry())
    (tmp_path / "entries" / "published-ids.txt").write_text("gb-fixture-full\ngb-fixture-gone\n")
    result = registry(tmp_path, "check", actions=False)
    assert result.returncode == 1
    assert result.stderr.startswith(
        "entries/gb/gb-fixture-gone.yaml:1:1: id: gb-fixture-gone: was published (it is in "
        "entries/published-ids.txt)"
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


# --- 6. `javascript:` after a word ---------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    ["King's Cross javascript:alert(1)", "King's Cross JAVASCRIPT:alert(1)", "Cross data:text/html,x"],
)
def test_a_script_address_after_a_word_fails_check(tmp_path: Path, title: str) -> None:
    write(tmp_path, entry(**{"title: A fixture deployment that uses every field": f"title: {title}"}))
    result = registry(tmp_path, "check", actions=False)
    assert (result.returncode, result.stderr.splitlines()[0]) == (
        1,
        f"{REL}:5:8: title: must be plain text: it contains a script or data address, which is not allowed",
    )


@pytest.mark.parametrize("text", ["Subscript: notes", "Crossjavascript:x", "metadata: text/x"])
def test_a_scheme_inside_a_word_is_not_an_address(text: str) -> None:
    from registry.checks.text import _script_address

    assert not _script_address(text)


# --- 4. Slow rejection ----------------------------------------------------------------------------


def _filled(base: str, prefix: str, line: str) -> str:
    """`base` plus `line` repeated (numbered) until the file is just under the size limit."""
    from registry.loader import MAX_BYTES

    count = (MAX_BYTES - len(base.encode()) - len(prefix) - 200) // len(line.format(i=99999))
    return base + prefix + "".join(line.format(i=i) for i in range(count))


SLOW_SHAPES = {
    "unknown keys": (entry(), "", "k{i:05d}: v\n"),
    "misplaced keys": (entry(), "", "sector{i}: v\n"),
    "bad list items": (entry(), "related:\n", "  - X{i}\n"),
    "bad groups": (
        entry().replace("\nevents:", "\nold_events:"),
        "events:\n",
        "  - date: 20x\n    kindd: y\n",
    ),
}


@pytest.mark.parametrize("shape", SLOW_SHAPES)
def test_a_file_full_of_mistakes_is_answered_quickly_and_briefly(tmp_path: Path, shape: str) -> None:
    import time

    from registry.entries import check_entries

    write(tmp_path, _filled(*SLOW_SHAPES[shape]))
    start = time.perf_counter()
    problems = check_entries(tmp_path).problems
    assert time.perf_counter() - start < 1.0
    assert len(problems) == 51
    last = problems[-1].format()
    assert re.fullmatch(
        rf"{REL}:\d+:\d+: more: and \d+ more problems in this file, not listed; fix these, then check again",
        last,
    ), last


# --- 10. Bugs are not user errors -----------------------------------------------------------------


def test_a_bug_shows_its_traceback_and_how_to_report_it(tmp_path: Path) -> None:
    # A bug stands in for one: the check command itself raises, as broken code would.
    code = (
        "import sys\n"
        "from registry import cli\n"
        "def broken(args):\n"
        "    raise RuntimeError('x\\n::error::forged')\n"
        "cli._cmd_check = broken\n"
        "sys.exit(cli.main(['--root', sys.argv[1], 'check']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    from registry.cli import BUG_REPORT

    assert result.returncode == 3
    lines = result.stderr.splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    assert "RuntimeError: x\n\\x3a:error::forged\n" in result.stderr  # a line of its own, defused
    assert lines[-1] == BUG_REPORT
    assert_no_forged_lines(result.stderr)


def test_a_user_mistake_never_shows_a_traceback(tmp_path: Path) -> None:
    write(tmp_path, entry(**{"  cameras: 4": "  cameras: four"}))
    result = registry(tmp_path, "build", actions=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "bug" not in result.stderr


def test_a_child_that_dies_is_an_internal_error_not_a_user_error() -> None:
    from registry.errors import InternalError, RegistryError
    from registry.parallel import in_child

    assert not issubclass(InternalError, RegistryError)
    with pytest.raises(InternalError, match=r"dying ended without a result \(exit code 5\)"):
        in_child("dying", os._exit, 5).join()


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


def test_a_missing_site_config_is_a_user_error_not_a_bug(tmp_path: Path) -> None:
    write(tmp_path, entry())
    result = registry(tmp_path, "build", actions=False)
    assert (result.returncode, result.stderr) == (
        1,
        f"registry: no mkdocs.yml in {tmp_path}: run the build from the repository's root\n",
    )

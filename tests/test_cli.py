"""The `registry` command as a contributor meets it: exit codes, stderr lines, no tracebacks."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from cli_runner import registry_cli, registry_process

from registry.loader import dump_yaml, load_file

FULL = Path(__file__).parent / "fixtures" / "entries" / "valid_full.yaml"


def run(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`registry` in this process (tests/cli_runner.py)."""
    return registry_cli(root, *args, env={**os.environ, "GITHUB_ACTIONS": "", **(env or {})})


def write_entry(root: Path, data: dict, rel: str = "entries/gb/gb-fixture-full.yaml") -> Path:
    data = dict(data)
    data.pop("related", None)
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_yaml(data), encoding="utf-8")
    return path


@pytest.mark.slow
def test_clean_check_prints_a_summary_and_exits_0(tmp_path: Path) -> None:
    write_entry(tmp_path, load_file(FULL).data)
    result = registry_process(tmp_path, "check")  # the real command, once: `python -m registry`
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "registry check passed: 1 entry checked, no problems\n",
        "",
    )


def test_problems_are_listed_then_counted_and_exit_1(tmp_path: Path) -> None:
    data = load_file(FULL).data
    data["timeline"]["status"] = "Ended"
    data["system"]["cameras"] = "two"
    write_entry(tmp_path, data)
    result = run(tmp_path, "check")
    lines = result.stderr.splitlines()
    assert result.returncode == 1
    assert [line.split(": ", 1)[0].rsplit(":", 2)[0] for line in lines[:-1]] == [
        "entries/gb/gb-fixture-full.yaml"
    ] * 2
    assert lines[-1] == "registry check failed: 2 errors in 1 file"
    assert "Traceback" not in result.stderr


def test_github_actions_annotations(tmp_path: Path) -> None:
    data = load_file(FULL).data
    data["timeline"]["status"] = "Ended"
    write_entry(tmp_path, data)
    result = run(tmp_path, "check", env={"GITHUB_ACTIONS": "true"})
    annotations = [line for line in result.stderr.splitlines() if line.startswith("::error ")]
    assert len(annotations) == 1
    assert annotations[0].startswith("::error file=entries/gb/gb-fixture-full.yaml,line=")
    assert "timeline.status: 'Ended' is not allowed here" in annotations[0]


def test_check_given_paths_reports_only_those(tmp_path: Path) -> None:
    good = write_entry(tmp_path, load_file(FULL).data)
    bad = load_file(FULL).data
    bad["id"] = "gb-fixture-bad"
    bad["aliases"] = []
    bad["summary"] = "<b>bold</b>"
    write_entry(tmp_path, bad, "entries/gb/gb-fixture-bad.yaml")
    assert run(tmp_path, "check", str(good)).returncode == 0
    assert run(tmp_path, "check").returncode == 1


@pytest.mark.parametrize(
    ("spoil", "first"),
    [
        (lambda text: text.replace("\n", "\r\n"), "eol"),  # saved on Windows
        (
            lambda text: text.replace("A shopping street", "A shopping\tstreet"),
            "char",
        ),  # a tab typed in a value
    ],
)
def test_a_refused_character_does_not_hide_the_rest_of_the_file(
    tmp_path: Path, spoil: Any, first: str
) -> None:
    """A file saved with Windows line endings, or with a tab in a value, was told of that alone:
    its schema problems and the rules' came one fix at a time."""
    data = load_file(FULL).data
    data["operator"]["kind"] = "govt"  # the schema refuses this
    data["timeline"]["end"] = "2019-06"  # a rule refuses this: before the start
    path = write_entry(tmp_path, data)
    path.write_bytes(spoil(path.read_text(encoding="utf-8")).encode())
    lines = run(tmp_path, "check").stderr.splitlines()
    assert [line.split(": ")[1] for line in lines[:-1]] == [first, "operator.kind"]
    data["operator"]["kind"] = "government"
    path = write_entry(tmp_path, data)
    path.write_bytes(spoil(path.read_text(encoding="utf-8")).encode())
    lines = run(tmp_path, "check").stderr.splitlines()
    assert [line.split(": ")[1] for line in lines[:-1]] == [first, "timeline.end"]


def test_a_refused_character_inside_a_value_is_told_once_not_also_as_the_value_it_spoils(
    tmp_path: Path,
) -> None:
    """The copy read past a zero-width space with a space there, so the URL it sat in was also
    reported "not a valid web address" (and an id "must equal the file name")."""
    data = load_file(FULL).data
    data["operator"]["kind"] = "govt"  # told as well: another line
    path = write_entry(tmp_path, data)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("https://news.example.org/high", "https://news.example.org/\u200bhigh"), encoding="utf-8"
    )
    lines = run(tmp_path, "check").stderr.splitlines()
    assert [line.split(": ")[1] for line in lines[:-1]] == ["operator.kind", "char"]


def test_a_schema_error_does_not_hide_the_text_and_citation_rules(tmp_path: Path) -> None:
    """One bad date used to be the only problem reported; the rest came one fix at a time."""
    data = load_file(FULL).data
    data["system"]["cameras"] = "two"  # the schema refuses this
    data["operator"]["sources"] = ["s1", "s9"]  # s9 is no source
    data["operator"]["note"] = "Ask <b>the</b> council at cctv@example.org."
    data["sources"].append({**data["sources"][-1], "id": "s4"})  # never cited
    write_entry(tmp_path, data)
    lines = run(tmp_path, "check").stderr.splitlines()
    assert [line.split(": ", 1)[1] for line in lines[:-1]] == [
        "operator.note: must be plain text: it looks like HTML ('<' followed by a letter), which is not allowed",
        "operator.note: must not contain an email address (personal contact details are never published)",
        "operator.sources.1: cites 's9', which is not in sources (the sources are s1, s2, s3, s4)",
        "system.cameras: must be a whole number such as 7, without commas or words (got 'two')",
        "sources.3.id: source 's4' is not cited by any claim; cite it where it is used, or remove it",
    ]
    assert lines[-1] == "registry check failed: 5 errors in 1 file"


def sixty_problems(root: Path) -> Path:
    """Writes the fixture with 30 events of two mistakes each: 60 problems, 10 past the cap."""
    data = load_file(FULL).data
    data["events"] = [{**data["events"][0], "date": "2019-13", "type": "announcment"} for _ in range(30)]
    return write_entry(root, data)


@pytest.mark.parametrize(
    ("line_ending", "unlisted", "total"),
    [
        # 60 problems were listed as 50 and "and 10 more", then totalled as 51 errors.
        (b"\n", 10, 60),
        # Line endings refused too: the schema's own "and 10 more" was cut again with the line
        # endings' problem and counted as one ("and 2 more", 52 errors of 61).
        (b"\r\n", 11, 61),
    ],
)
def test_the_total_counts_the_problems_a_file_has_not_the_lines_listed(
    tmp_path: Path, line_ending: bytes, unlisted: int, total: int
) -> None:
    """The "and N more" line is about the file, not a problem at a place in it: it names no
    line, column or field (it was `path:LINE:COL: more: ...`), and under GitHub Actions its
    annotation names the file alone."""
    path = sixty_problems(tmp_path)
    path.write_bytes(path.read_bytes().replace(b"\n", line_ending))
    more = f"and {unlisted} more problems in this file, not listed; fix these, then check again"
    lines = run(tmp_path, "check").stderr.splitlines()
    assert len(lines) == 52
    assert lines[-2] == f"entries/gb/gb-fixture-full.yaml: {more}"
    assert lines[-1] == f"registry check failed: {total} errors in 1 file"
    annotated = run(tmp_path, "check", env={"GITHUB_ACTIONS": "true"}).stderr.splitlines()
    assert annotated[-2] == f"::error file=entries/gb/gb-fixture-full.yaml::{more}"


def test_a_comment_that_would_cut_a_value_is_reported_with_the_rest(tmp_path: Path) -> None:
    """`note: Case #3 was opened` read "Case": YAML took the rest for a comment, silently."""
    data = load_file(FULL).data
    data["operator"]["note"] = "NOTE-MARK"
    data["system"]["cameras"] = "two"
    path = write_entry(tmp_path, data)
    path.write_text(path.read_text(encoding="utf-8").replace("NOTE-MARK", "Case #3 was opened"), "utf-8")
    lines = run(tmp_path, "check").stderr.splitlines()
    assert [line.split(": ", 2)[1] for line in lines[:-1]] == ["comment", "system.cameras"]
    assert lines[0].endswith(
        "comment: this '#' starts a comment, which YAML drops from the value: if it belongs to the "
        "text, put the whole value in quotes; if it is a note, write '# ' after a space"
    )


def test_a_long_bad_value_is_cut_where_the_message_repeats_it(tmp_path: Path) -> None:
    """A 50,000-character value was printed whole: a 50 KB line, twice in a CI log."""
    data = load_file(FULL).data
    data["place"]["type"] = "A" * 5_000
    data["system"]["cameras"] = "B" * 5_000
    write_entry(tmp_path, data)
    lines = run(tmp_path, "check").stderr.splitlines()
    assert [line.split(": ", 2)[1:] for line in lines[:-1]] == [
        ["place.type", f"'{'A' * 76}... is not allowed here; use one of: {lines[0].split('one of: ')[1]}"],
        ["system.cameras", f"must be a whole number such as 7, without commas or words (got '{'B' * 76}...)"],
    ]
    assert max(map(len, lines)) < 400


def test_an_entry_spelt_yml_is_refused_not_passed_over(tmp_path: Path) -> None:
    """A `.yml` file under entries/ would never reach the site: check says so, by name."""
    path = write_entry(tmp_path, load_file(FULL).data, "entries/gb/gb-fixture-full.yml")
    for args in (("check",), ("check", str(path))):
        result = run(tmp_path, *args)
        assert (result.returncode, result.stderr.splitlines()) == (
            1,
            [
                "entries/gb/gb-fixture-full.yml:1:1: filename: entry files end in .yaml: "
                "rename this one gb-fixture-full.yaml",
                "registry check failed: 1 error in 1 file",
            ],
        ), args


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("README.md", "README.md is not an entry file: entries are entries/<cc>/<id>.yaml"),
        (
            "entries/gb/notes.txt",
            "entries/gb/notes.txt is not an entry file: entries are entries/<cc>/<id>.yaml",
        ),
        ("../outside.yaml", "../outside.yaml is not in this registry: entries are entries/<cc>/<id>.yaml"),
    ],
)
def test_check_refuses_a_path_it_would_not_read(tmp_path: Path, name: str, message: str) -> None:
    """Before, `registry check README.md` said "passed: 1 entry checked" without reading it."""
    root = tmp_path / "registry"
    write_entry(root, load_file(FULL).data)
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text("id: x\n", encoding="utf-8")
    result = registry_cli(root, "check", name, cwd=root, env={**os.environ, "GITHUB_ACTIONS": ""})
    assert (result.returncode, result.stdout, result.stderr) == (1, "", f"registry: {message}\n")


def test_check_given_a_folder_checks_the_entries_in_it(tmp_path: Path) -> None:
    write_entry(tmp_path, load_file(FULL).data)
    bad = load_file(FULL).data
    bad["id"] = "fr-fixture-bad"
    bad["aliases"] = []
    bad["summary"] = "<b>bold</b>"
    write_entry(tmp_path, bad, "entries/fr/fr-fixture-bad.yaml")
    passed = run(tmp_path, "check", str(tmp_path / "entries" / "gb"))
    assert (passed.returncode, passed.stdout) == (0, "registry check passed: 1 entry checked, no problems\n")
    failed = run(tmp_path, "check", str(tmp_path / "entries"))
    assert failed.returncode == 1
    assert failed.stderr.splitlines()[0].startswith("entries/fr/fr-fixture-bad.yaml:")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"a: 1\r\n", ":1:5: eol:"),
        (b"\xff\xfea\x00", ":1:1: encoding:"),
        (b"a: &x 1\nb: *x\n", ":1:4: anchor:"),
        (b"a: " + b"[" * 60_000 + b"\n", ": depth:"),
    ],
)
def test_hostile_yaml_never_produces_a_traceback(tmp_path: Path, raw: bytes, expected: str) -> None:
    path = tmp_path / "entries" / "gb" / "gb-hostile.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes(raw)
    result = run(tmp_path, "check")
    assert result.returncode == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_schema_check_says_how_to_regenerate(tmp_path: Path) -> None:
    (tmp_path / "entries").mkdir()
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "entry.schema.json").write_text("{}\n")
    result = run(tmp_path, "schema", "--check")
    assert result.returncode == 1
    assert "Run `registry schema`" in result.stderr


def test_help_names_every_command(tmp_path: Path) -> None:
    """The description was the docstring's first line, cut off mid-list ("`docs`, `forms`,")."""
    result = run(tmp_path, "--help")
    description = " ".join(result.stdout.split("\n\n")[1].split())
    assert result.returncode == 0
    assert description == (
        "The `registry` command: `check`, `build`, `serve`, `new`, `schema`, `docs`, `forms`, "
        "`published-ids`, `published-revisions`, `check-links`."
    )
    commands = re.search(r"\{([a-z,-]+)\}", result.stdout).group(1).split(",")
    assert sorted(re.findall(r"`([a-z-]+)`", description)[1:]) == sorted(commands)


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["check", "--changed"],
        ["published-ids"],
        ["published-ids", "--check"],
        ["published-revisions", "--check"],
        ["schema", "--check"],
        ["docs", "--check"],
        ["forms", "--check"],
        ["check-links"],
        ["new", "--country", "GB"],
        ["build"],
        ["serve"],
    ],
)
def test_every_command_refuses_a_root_without_entries(tmp_path: Path, args: list[str]) -> None:
    """Run from entries/gb or an empty folder, `check` passed with 0 entries checked,
    `published-ids` crashed with a traceback, and `schema --check` called the schema stale."""
    result = run(tmp_path, *args)
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "",
        f"registry: no entries/ folder in {tmp_path}: run registry from the repository's root, "
        "or give --root\n",
    )


def test_a_root_inside_the_registry_or_missing_is_refused_as_it_is_written(tmp_path: Path) -> None:
    """`--root .../entries` and `--root /nonexistent` passed with 0 entries checked; from a
    folder inside the registry, the message names that folder (the root is the current one)."""
    write_entry(tmp_path, load_file(FULL).data)
    inside = registry_cli(
        Path("."), "check", cwd=tmp_path / "entries" / "gb", env={**os.environ, "GITHUB_ACTIONS": ""}
    )
    assert (inside.returncode, inside.stderr) == (
        1,
        f"registry: no entries/ folder in {tmp_path / 'entries' / 'gb'}: run registry from the "
        "repository's root, or give --root\n",
    )
    for root in (tmp_path / "entries", tmp_path / "nonexistent"):
        assert run(root, "check").stderr == (
            f"registry: no entries/ folder in {root}: run registry from the repository's root, or give --root\n"
        )


def test_check_given_the_research_folder_checks_its_tables(tmp_path: Path) -> None:
    """`registry check research` checked nothing and passed; `check research/laws.yaml` worked."""
    write_entry(tmp_path, load_file(FULL).data)
    (tmp_path / "research").mkdir()
    (tmp_path / "research" / "laws.yaml").write_text(
        "laws:\n  - country: GB\n    lawz: x\n", encoding="utf-8"
    )
    result = registry_cli(
        tmp_path, "check", "research", cwd=tmp_path, env={**os.environ, "GITHUB_ACTIONS": ""}
    )
    assert result.returncode == 1
    assert result.stderr.splitlines()[-2:] == [
        "research/laws.yaml:3:5: laws.0.lawz: 'lawz' is not a field here; did you mean 'law'?",
        "registry check failed: 5 errors in 1 file",
    ]


def test_check_refuses_a_folder_with_nothing_it_would_read(tmp_path: Path) -> None:
    write_entry(tmp_path, load_file(FULL).data)
    (tmp_path / "site_templates").mkdir()
    result = registry_cli(
        tmp_path, "check", "site_templates", cwd=tmp_path, env={**os.environ, "GITHUB_ACTIONS": ""}
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "",
        "registry: site_templates holds no entry file or research table: entries are "
        "entries/<cc>/<id>.yaml\n",
    )

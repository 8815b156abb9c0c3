"""`registry new`: ids, refusals, prompts, and a new file that checks as a to-do list."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_runner import registry_cli
from fixture_registry import copy_registry

from registry.scaffold import propose_id, render_scaffold

ROOT = Path(__file__).resolve().parent.parent
FULL = ROOT / "tests" / "fixtures" / "entries" / "valid_full.yaml"


def run(root: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`registry` in this process (tests/cli_runner.py), answering prompts from `stdin`."""
    return registry_cli(root, *args, stdin=stdin or "", cwd=root)


@pytest.fixture
def registry_copy(tmp_path: Path) -> Path:
    """The fixture registry's records (tests/fixture_registry.py), where `registry new` adds one."""
    return copy_registry(tmp_path, site_files=False)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("GB", "King's Cross Central Limited Partnership", "King's Boulevard", "x"),
            "gb-kings-cross-central-boulevard",
        ),
        (("FR", "Ville de Nice", "Carnaval de Nice", "x"), "fr-ville-de-nice-carnaval"),
        (("BR", "Metrô de São Paulo", "Linha 4", "x"), "br-metro-de-sao-paulo-linha-4"),
        (("CN", "公安", "新疆", "Xinjiang police tracking"), "cn-xinjiang-police-tracking"),
        # A dash of any kind joins two words, never one: "devrycourcouronnes" would be for good.
        (("FR", "Mairie d'Évry–Courcouronnes", "Gare RER", "x"), "fr-mairie-devry-courcouronnes-gare-rer"),
        (("FR", "Saint—Denis", "Stade", "x"), "fr-saint-denis-stade"),
        (("FR", "Saint-Denis", "Stade", "x"), "fr-saint-denis-stade"),
        # A letter NFKD cannot fold is spelt, never dropped: an id is for good ("dk-brndby-if-stadion").
        (("DK", "Brøndby IF", "Stadion", "x"), "dk-brondby-if-stadion"),
        (("DE", "Stadt Straße", "Bahnhof", "x"), "de-stadt-strasse-bahnhof"),
    ],
)
def test_proposed_ids_are_short_valid_slugs(args: tuple[str, str, str, str], expected: str) -> None:
    assert propose_id(*args) == expected


def test_new_with_all_flags_asks_nothing(registry_copy: Path) -> None:
    result = run(
        registry_copy,
        "new",
        "--country",
        "gb",
        "--operator",
        "Example Council",
        "--place",
        "High Street",
        "--title",
        "High Street trial: live facial recognition",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "created entries/gb/gb-example-council-high-street.yaml",
        "Replace every value that starts with TODO, then run: registry check entries/gb/gb-example-council-high-street.yaml",
    ]
    text = (registry_copy / "entries/gb/gb-example-council-high-street.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/entry.schema.json\n")
    assert 'title: "High Street trial: live facial recognition"\n' in text


def test_new_asks_for_what_the_flags_did_not_give(registry_copy: Path) -> None:
    # country, operator, place, then Enter to accept the proposed title and id
    result = run(registry_copy, "new", stdin="de\nDeutsche Bahn\nBerlin Südkreuz\n\n\n")
    assert result.returncode == 0, result.stderr
    path = registry_copy / "entries/de/de-deutsche-bahn-berlin-sudkreuz.yaml"
    assert 'title: "Deutsche Bahn facial recognition at Berlin Südkreuz"\n' in path.read_text(
        encoding="utf-8"
    )


def test_new_without_a_terminal_says_which_flag_is_missing(registry_copy: Path) -> None:
    result = run(registry_copy, "new", "--country", "GB", "--operator", "X Ltd")
    assert (result.returncode, result.stderr) == (
        1,
        'registry: no answer to "Place (such as King\'s Cross Estate)": give it with --place\n',
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--id", "gb-kings-cross-argent"],
            "registry: the id 'gb-kings-cross-argent' is taken (entries/gb/gb-kings-cross-argent.yaml); choose another with --id\n",
        ),
        (
            ["--id", "gb-fixture-old-name"],
            "registry: the id 'gb-fixture-old-name' is taken (an alias in entries/gb/gb-fixture-full.yaml); choose another with --id\n",
        ),
        (
            ["--id", "fr-wrong-country"],
            "registry: the id 'fr-wrong-country' must start with the country code 'gb-'\n",
        ),
        (
            ["--id", "GB Bad"],
            "registry: 'GB Bad' is not a valid id: lowercase letters, digits and dashes, starting with the country code, such as gb-example-place\n",
        ),
    ],
)
def test_new_refuses_a_taken_or_invalid_id(registry_copy: Path, extra: list[str], message: str) -> None:
    shutil.copyfile(FULL, registry_copy / "entries/gb/gb-fixture-full.yaml")
    result = run(
        registry_copy, "new", "--country", "GB", "--operator", "A", "--place", "B", "--title", "C", *extra
    )
    assert (result.returncode, result.stderr) == (1, message)


def test_new_passes_over_a_folder_or_a_pipe_named_like_an_entry(registry_copy: Path) -> None:
    """`taken_ids` reads only regular files: a folder gave a traceback, a named pipe a hang.

    Their names are still taken: no entry can be written where they are.
    """
    (registry_copy / "entries/gb/gb-dir.yaml").mkdir()
    (registry_copy / "entries/gb/gb-dir.yaml/gb-inner.yaml").write_text("id: gb-inner\n", encoding="utf-8")
    os.mkfifo(registry_copy / "entries/gb/gb-fifo.yaml")
    common = ("new", "--country", "GB", "--operator", "A", "--place", "B", "--title", "C")
    taken = run(registry_copy, *common, "--id", "gb-fifo")
    assert (taken.returncode, taken.stderr) == (
        1,
        "registry: the id 'gb-fifo' is taken (entries/gb/gb-fifo.yaml); choose another with --id\n",
    )
    made = run(registry_copy, *common, "--id", "gb-example-new")
    assert made.returncode == 0, made.stderr
    assert (registry_copy / "entries/gb/gb-example-new.yaml").is_file()


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [
        (
            "--country",
            "UK",
            "registry: country: 'UK' is not an ISO 3166-1 country code (two capital letters, such as GB or FR); the United Kingdom is 'GB'\n",
        ),
        ("--title", "   ", "registry: title: must not be empty\n"),
    ],
)
def test_new_checks_its_answers(registry_copy: Path, flag: str, value: str, message: str) -> None:
    args = {"--country": "GB", "--operator": "A", "--place": "B", "--title": "C", flag: value}
    result = run(registry_copy, "new", *[part for pair in args.items() for part in pair])
    assert (result.returncode, result.stderr) == (1, message)


def test_the_scaffold_sends_contributors_to_the_document_that_explains_each_field() -> None:
    """It said CONTRIBUTING.md "explains every field and shows a complete example", and sent
    readers there for the watchlists' fields and the system's optional texts: CONTRIBUTING.md
    has none of them; REFERENCE.md has every field, in its complete template.

    Each line that names a document must name one that shows the fields the line is about
    (the header: every field of the file) as `field:` lines.
    """
    text = render_scaffold("gb-example-place", "GB", "Example Council", "High Street", "A title")
    top_level = re.findall(r"^([a-z_]+):", text, re.MULTILINE)
    pointers = [(line, re.search(r"\b([A-Z]+\.md)\b", line)) for line in text.splitlines()]
    pointers = [(line, match.group(1)) for line, match in pointers if match]
    assert pointers, "the scaffold names no document"
    for line, name in pointers:
        document = (ROOT / name).read_text(encoding="utf-8")
        key = re.match(r"^\s*(?:#\s*)?([a-z_, ]+):", line)
        fields = [part.strip() for part in key.group(1).split(",")] if key else top_level
        missing = [f for f in fields if not re.search(rf"^\s*(?:#\s*)?(?:- )?{f}:", document, re.MULTILINE)]
        assert not missing, (
            f"{name} shows no {', '.join(missing)}, though the scaffold's line {line!r} sends readers there"
        )

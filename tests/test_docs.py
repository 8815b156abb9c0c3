"""The contributor docs name every field and every allowed value, and stay in step with the models.

A field added to the schema without help fails here (and `registry docs` refuses to run) before
it can reach a contributor who has no way to learn what it means.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from model_walk import models_in
from pydantic import BaseModel

from registry import vocab
from registry.cli import main
from registry.docs import BEGIN, GENERATED, generated_section, template_text
from registry.loader import load_yaml
from registry.qualified import QualifiedDate, Quantity
from registry.schema import Entry
from registry.types import Request, Unknown

ROOT = Path(__file__).resolve().parent.parent
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
REFERENCE = (ROOT / "REFERENCE.md").read_text(encoding="utf-8")
HACKING = (ROOT / "HACKING.md").read_text(encoding="utf-8")
REVIEWING = (ROOT / "REVIEWING.md").read_text(encoding="utf-8")


def field_paths(model: type[BaseModel], prefix: str = "") -> Iterator[tuple[str, type[BaseModel], str]]:
    """Yields (dotted path, owning model, field name) for every field, nested ones included."""
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        yield path, model, name
        for inner in models_in(field.annotation):
            yield from field_paths(inner, f"{path}.")


FIELDS = sorted(set(field_paths(Entry)), key=lambda f: f[0])
VALUES = sorted({(name, value) for name, labels in vocab.VOCABULARIES.items() for value in labels})
TEMPLATE = load_yaml(template_text(REFERENCE).encode("utf-8")).data
_UNKNOWN_TEXT = re.search(r"### Saying that something is not known.*?```yaml\n(.*?)\n```", REFERENCE, re.S)
UNKNOWN_BLOCK = load_yaml(_UNKNOWN_TEXT.group(1).encode("utf-8")).data if _UNKNOWN_TEXT else {}
_FORMS_TEXT = re.findall(
    r"### Saying how exact a number or a date is.*?```yaml\n(.*?)\n```.*?```yaml\n(.*?)\n```",
    REFERENCE,
    re.S,
)
#: The blocks that document the qualified forms of a count and of a date (contract 1.1).
FORM_BLOCKS = {
    Quantity: load_yaml(_FORMS_TEXT[0][0].encode("utf-8")).data if _FORMS_TEXT else {},
    QualifiedDate: load_yaml(_FORMS_TEXT[0][1].encode("utf-8")).data if _FORMS_TEXT else {},
}


def test_the_walk_reaches_deep_and_unknown_fields() -> None:
    paths = {path for path, _, _ in FIELDS}
    assert {
        "watchlists.agreement.documented",
        "outcomes.measures.value.unknown",
        "place.coordinates.lat",
    } <= paths
    assert len(FIELDS) > 150


@pytest.mark.parametrize(("path", "model", "name"), FIELDS, ids=[f[0] for f in FIELDS])
def test_every_field_is_in_the_template(path: str, model: type[BaseModel], name: str) -> None:
    if model is Unknown:
        assert name in UNKNOWN_BLOCK, f"{name} is missing from the 'not known' block of REFERENCE.md"
        return
    if model is Request:  # the records request an unknown may carry, inside the same block
        assert name in UNKNOWN_BLOCK.get("requested", {}), (
            f"requested.{name} is missing from the 'not known' block"
        )
        return
    if model in FORM_BLOCKS:
        assert name in FORM_BLOCKS[model], f"{name} is missing from the 'how exact' blocks of REFERENCE.md"
        return
    node: Any = TEMPLATE
    for part in [p for p in path.split(".")]:
        node = node[0] if isinstance(node, list) else node
        if isinstance(node, dict) and "unknown" in node:  # a field through an unknown-able group
            return
        assert isinstance(node, dict) and part in node, f"{path} is missing from the REFERENCE.md template"
        node = node[part]
    assert re.search(rf"^\s*(- )?{name}:", REFERENCE, re.MULTILINE)


@pytest.mark.parametrize(("vocabulary", "value"), VALUES, ids=[f"{n}={v}" for n, v in VALUES])
def test_every_allowed_value_is_documented(vocabulary: str, value: str) -> None:
    assert f"`{value}`" in REFERENCE, f"{vocabulary} value {value!r} is missing from REFERENCE.md"


def test_the_template_is_a_valid_entry() -> None:
    assert Entry.model_validate(TEMPLATE).id == "gb-example-high-street"
    assert Unknown.model_validate(UNKNOWN_BLOCK).unknown == "not_recorded"


def test_every_generated_document_is_fresh(capsys: pytest.CaptureFixture[str]) -> None:
    """REFERENCE.md, DATA.md's tables, the JSON Schema and the issue forms: one command, one check."""
    assert main(["--root", str(ROOT), "docs", "--check"]) == 0, (
        "a generated document is stale. Run `registry docs`."
    )
    assert f"{BEGIN}\n\n{generated_section()}" in REFERENCE
    assert [str(path) for path, _ in GENERATED] == [
        "REFERENCE.md",
        "DATA.md",
        "schema/entry.schema.json",
        ".github/ISSUE_TEMPLATE/config.yml",
    ]


def _generated_copy(root: Path) -> None:
    for path, _ in GENERATED:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / path, root / path)
    shutil.copyfile(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "entries").mkdir()  # a registry: every command refuses a root without entries/


def test_docs_check_says_how_to_fix_a_stale_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _generated_copy(tmp_path)
    (tmp_path / "REFERENCE.md").write_text(REFERENCE.replace("`not_recorded`", "`gone`"), encoding="utf-8")
    assert main(["--root", str(tmp_path), "docs", "--check"]) == 1
    assert capsys.readouterr().err == (
        "registry: REFERENCE.md is stale. Run `registry docs` and commit the result.\n"
    )


def test_docs_rewrites_every_stale_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _generated_copy(tmp_path)
    data = (tmp_path / "DATA.md").read_text(encoding="utf-8")
    (tmp_path / "DATA.md").write_text(data.replace("| `id` |", "| `gone` |", 1), encoding="utf-8")
    (tmp_path / "schema" / "entry.schema.json").write_text("{}\n", encoding="utf-8")
    assert main(["--root", str(tmp_path), "docs", "--check"]) == 1
    assert capsys.readouterr().err == (
        "registry: DATA.md, schema/entry.schema.json are stale. Run `registry docs` and commit the result.\n"
    )
    assert main(["--root", str(tmp_path), "docs"]) == 0
    assert capsys.readouterr().out == "wrote DATA.md\nwrote schema/entry.schema.json\n"
    for path, _ in GENERATED:
        assert (tmp_path / path).read_bytes() == (ROOT / path).read_bytes(), path


@pytest.mark.parametrize(
    "topic",
    [
        "personal data of private individuals",
        "Images of people",
        "right of reply",
        "corrections",
        "withdrawn",
        "archive_url",
        "two independent sources",
        "not when the record or the pull request was written",
    ],
)
def test_contributing_covers_the_policy(topic: str) -> None:
    assert topic.lower() in CONTRIBUTING.lower()


def test_hacking_names_every_module_of_the_package() -> None:
    names = sorted(
        p.stem if p.is_file() else p.name
        for p in (ROOT / "registry").iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p.is_dir() and (p / "__init__.py").exists())
    )
    missing = [name for name in names if f"`{name}" not in HACKING]
    assert missing == [], "add these to the module table in HACKING.md"


@pytest.mark.parametrize(
    "step",
    [
        "supports its claim",
        "archived copy",
        "neutral",
        "personal",
        "contradiction",
        "https://",
        "registry check",
    ],
)
def test_the_review_checklist_has_each_step(step: str) -> None:
    assert step.lower() in REVIEWING.lower()

"""Page wording that must never say more than the record: an editor's findings, each reproduced
with a fixture record varied to the shape of the live record it was found on."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from fixture_registry import KINGS_CROSS, fixture_files

from registry.checks.base import EntryFile
from registry.context import BuildContext, no_history, read_site_config
from registry.pages.entry import render_entry_body
from registry.schema import Evidence

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def files() -> list[EntryFile]:
    return fixture_files()


def _ctx(files: list[EntryFile]) -> BuildContext:
    return BuildContext(ROOT, files, no_history(), read_site_config(ROOT), ROOT / "build" / "docs")


def _text(body: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def _with(files: list[EntryFile], entry_id: str, **update: object) -> list[EntryFile]:
    """`files` with record `entry_id`'s fields replaced by `update`."""
    return [
        EntryFile(f.path, f.loaded, f.entry.model_copy(update=update)) if f.entry.id == entry_id else f
        for f in files
    ]


def _planned(files: list[EntryFile], denied: str) -> tuple[list[EntryFile], str]:
    """A record whose sources allege only a planned capability, as Singapore's lamppost plan."""
    evidence = Evidence(
        basis="alleged",
        denied=denied,
        note="This record documents a planned capability, not a confirmed deployment.",
        sources=["s1"],
    )
    return _with(files, KINGS_CROSS, evidence=evidence), KINGS_CROSS


@pytest.mark.parametrize(
    ("denied", "notice"),
    [
        ("no", "Alleged: what this record describes is reported by its sources but not established."),
        (
            "yes",
            "Alleged and denied: what this record describes is reported by its sources but not "
            "established; King's Cross Central Limited Partnership denies it.",
        ),
    ],
)
def test_an_alleged_plan_is_never_said_to_have_been_used(files, denied: str, notice: str) -> None:
    """The notice said "sources allege that GovTech used face recognition here" of a record
    whose sources allege only a plan, a capability or an agreement."""
    varied, entry_id = _planned(files, denied)
    ctx = _ctx(varied)
    page = _text(render_entry_body(ctx, ctx.by_id[entry_id]))
    assert notice in page
    assert "used face recognition" not in page


def test_no_record_kept_never_names_the_operator_as_the_one_that_kept_none(files) -> None:
    """King's Cross's outcomes read "Unknown: Not recorded by the operator. The Met told the
    Mayor it had no record ...": the Met supplied images; the operator was another company.
    The unknown's reason says no record was kept, and not by whom, since the data does not."""
    from registry.pages.coverage import coverage_pages

    ctx = _ctx(files)
    page = _text(render_entry_body(ctx, ctx.by_id[KINGS_CROSS]))
    assert "Unknown: No record kept. The Met told the Mayor it had no record" in page
    assert "by the operator" not in page
    coverage = coverage_pages(ctx)["coverage/index.md"]
    assert (
        "The records with the most facts of which no record was kept, or that were withheld, "
        "then the most key facts unknown."
    ) in coverage
    assert "the operator did not record" not in coverage

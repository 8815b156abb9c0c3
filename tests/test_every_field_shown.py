"""Every field the check accepts reaches the entry page, or is declared not shown, with why.

The audit found `system.note` and a vendor's `note` accepted by `registry check` and exported,
yet never on the page. This test walks the pydantic models recursively: a field that is
neither rendered nor listed in `NOT_SHOWN` fails it, so a field added to the models without a
place on the page (or a reason not to have one) cannot ship. The fixture registry
(tests/fixtures/every_field/) sets every field to a distinctive value (`ZQ-n`, numbers 7301
and up), in two records so that alternatives are both covered (`fr_modes` and `fr_mode`,
`penalties` and the 1.0 `fine`, known and unknown values); each value must appear on its page.
"""

from __future__ import annotations

import html
import re
import typing
from typing import Any

import pytest
from fixture_registry import copy_every_field
from model_walk import leaves, models_in
from pydantic import BaseModel

from registry import vocab
from registry.checks.base import walk_models
from registry.context import BuildContext, no_history, read_site_config
from registry.dates import PartialDate
from registry.entries import load_registry
from registry.pages.entry import render_entry_body
from registry.render import LABELS, country_name, language_name
from registry.schema import Entry
from registry.types import Unknown
from registry.wording import quantity_label
from registry.years_in_use import years_in_use

#: Fields deliberately not printed on the entry page, each with the reason. Everything else is.
NOT_SHOWN = {
    # The record's own state: a published record shows its content, and a withdrawn, merged or
    # under-review one gets a tombstone page instead (tests/test_tombstone.py covers those).
    "Record.status",
    "Record.withdrawn",
    "Record.merged_into",
    "Withdrawal.date",
    "Withdrawal.reason",
    # A fact about the file's format, not about the deployment.
    "Entry.schema_version",
    # Earlier ids: each becomes a redirect to this page (tests/test_redirects.py), not text on it.
    "Entry.aliases",
    # The point is drawn as the locator's marker after the build (registry/charts/locator.py);
    # the page says its precision in words (Coordinates.precision is checked below).
    "Coordinates.lat",
    "Coordinates.lon",
}


def _only_groups(model: type[BaseModel], name: str) -> bool:
    """A field that holds only groups (`place`, `periods`...): its groups' own fields are checked."""
    alternatives = list(leaves(model.model_fields[name].annotation))
    return all(isinstance(leaf, type) and issubclass(leaf, BaseModel) for leaf in alternatives)


def all_models(model: type[BaseModel] = Entry, seen: dict | None = None) -> dict[str, type[BaseModel]]:
    """Every model reachable from `Entry`, by name, walking field annotations recursively."""
    seen = {} if seen is None else seen
    if model.__name__ not in seen:
        seen[model.__name__] = model
        for field in model.model_fields.values():
            for inner in models_in(field.annotation):
                all_models(inner, seen)
    return seen


MODELS = all_models()
FIELDS = sorted(f"{name}.{field}" for name, model in MODELS.items() for field in model.model_fields)


def _label_table(values: tuple[str, ...]) -> dict[str, str] | None:
    for table in vars(vocab).values():
        if isinstance(table, dict) and set(table) == set(values):
            return table
    return None


def _literal_values(annotation: Any) -> tuple[str, ...] | None:
    """The allowed values when the field (or its list items) is a vocabulary `Literal`."""
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return typing.get_args(annotation)
    for arg in typing.get_args(annotation) if origin is not None else ():
        found = _literal_values(arg)
        if found:
            return found
    return None


def expected(model: BaseModel, name: str) -> list[str]:
    """What must appear on the page for one field of one model instance (lowercased page text,
    or a fragment of the raw HTML when it starts with '<' or is an attribute)."""
    key = f"{type(model).__name__}.{name}"
    value = getattr(model, name)
    special = {
        "Quantity.qualifier": lambda: [quantity_label(model)],
        "QualifiedDate.qualifier": lambda: ["about " if value == "approximate" else "inferred"],
        "Source.title_kind": lambda: [f"[{model.title}]"] if value == "descriptive" else [],
        "Statement.verbatim": lambda: ["(verbatim)"] if value == "yes" else [],
        "Evidence.denied": lambda: ["denies using face recognition"] if value == "yes" else [],
        "Statement.id": lambda: [f'id="statement-{value}"'],
        "Statement.contradicted_by": lambda: [f'href="#statement-{v}"' for v in value],
        "Source.id": lambda: [f'id="source-{value}"'],
        "Entry.related": lambda: [f"/deployments/{v}/" for v in value],
        "Entry.id": lambda: [f"<code>{value}</code>"],
        "Source.language": lambda: [language_name(value)],
        "Place.country": lambda: [country_name(value)],
        "Party.country": lambda: [f"({country_name(value)})"],
        "Operator.country": lambda: [f"sector, {country_name(value)})"],
        "Source.url": lambda: [f'href="{html.escape(value)}"'],
        "Source.archive_url": lambda: [f'href="{html.escape(value)}"'],
        "Measure.percent": lambda: [f"{value:g}%"],
    }
    if key in special:
        return special[key]()
    if name == "sources":
        return [f'href="#source-{v}"' for v in value]
    values = value if isinstance(value, list) else [value]
    allowed = _literal_values(type(model).model_fields[name].annotation)
    out = []
    for v in values:
        if isinstance(v, BaseModel):
            continue  # a group: its own fields are checked one by one
        if allowed and isinstance(v, str) and v in allowed:
            table = _label_table(allowed)
            assert table is not None, f"{key}: no label table for {allowed}"
            out.append(table[v])
        elif isinstance(v, PartialDate):
            out.append(v.label())
        elif isinstance(v, int):
            out.append(f"{v:,}")
        elif isinstance(v, str):
            out.append(v.removesuffix("."))  # a note's own full stop gives way to the sentence
        else:
            raise AssertionError(f"{key}: no rule for a {type(v).__name__}; add one to expected()")
    return out


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> BuildContext:
    root = tmp_path_factory.mktemp("every_field")
    copy_every_field(root)
    files = load_registry(root)
    return BuildContext(root, files, no_history(), read_site_config(root), tmp_path_factory.mktemp("docs"))


@pytest.fixture(scope="module")
def pages(ctx: BuildContext) -> dict[str, tuple[Entry, str, str]]:
    """id -> (entry, raw article HTML, its text in lower case without tags)."""
    files = ctx.files
    out = {}
    for f in files:
        body = render_entry_body(ctx, f)
        text = html.unescape(re.sub(r"<[^>]+>", "", body)).lower()
        out[f.entry.id] = (f.entry, body, " ".join(text.split()))
    return out


def test_the_walk_reaches_every_model_and_the_notes_the_audit_found_missing() -> None:
    assert {"Quantity", "QualifiedDate", "Penalty", "Evidence", "Unknown", "Withdrawal"} <= set(MODELS)
    assert {"System.note", "Party.note", "Watchlist.note", "Quantity.note", "Penalty.note"} <= set(FIELDS)
    assert NOT_SHOWN <= set(FIELDS), "NOT_SHOWN names a field that no longer exists"


SHOWN = [
    f for f in FIELDS if f not in NOT_SHOWN and not _only_groups(MODELS[f.split(".")[0]], f.split(".")[1])
]


@pytest.mark.parametrize("field", SHOWN)
def test_every_field_is_on_the_page(pages: dict[str, tuple[Entry, str, str]], field: str) -> None:
    model_name, name = field.split(".")
    checked = 0
    for entry, body, text in pages.values():
        for _, model in walk_models(entry):
            if type(model).__name__ != model_name or name not in model.model_fields_set:
                continue
            if getattr(model, name) in (None, []) or isinstance(getattr(model, name), Unknown | BaseModel):
                continue  # a group or an unknown: its own fields are checked
            for want in expected(model, name):
                where = body if want.startswith("<") or '="' in want or want.startswith("/") else text
                assert (want if where is body else " ".join(want.lower().split())) in where, (
                    f"{field} = {getattr(model, name)!r} of {entry.id} is not on its page ({want!r} is "
                    "missing): render it in site_templates/, or add it to NOT_SHOWN with the reason"
                )
            checked += 1
    assert checked, (
        f"{field} is set nowhere in tests/fixtures/every_field/: give it a distinctive value there"
    )


def test_periods_of_use_carry_the_timelines_citations(pages: dict[str, tuple[Entry, str, str]]) -> None:
    """Every claim is cited where it is shown: the periods of use, notes and all, stood under
    the Timeline heading with no source, the timeline's sources shown only beside its dates."""
    checked = 0
    for entry, body, _ in pages.values():
        if entry.timeline.periods:
            links = "".join(
                f'<a href="#source-{s}" aria-label="source {s}">[{s}]</a>' for s in entry.timeline.sources
            )
            assert f'<p>Periods of use <span class="cites">{links}</span>:</p>' in body, entry.id
            checked += 1
    assert checked


def test_no_doubled_stops_after_notes(pages: dict[str, tuple[Entry, str, str]]) -> None:
    """The audit's glitches: ".." and ".;" after a note that ends with its own full stop, and
    "published Unknown: ..." for a source whose date is not known."""
    for entry, _, text in pages.values():
        assert not re.search(r"(?<!\.)\.\.(?!\.)", text), entry.id
        assert ".;" not in text and ".:" not in text and ".)" not in text, entry.id
        assert "?." not in text and "!." not in text, entry.id
        assert "published unknown" not in text, entry.id


def test_an_alleged_and_denied_record_says_so_first_on_its_page_and_in_search(
    ctx: BuildContext, pages: dict[str, tuple[Entry, str, str]]
) -> None:
    notice = (
        "Alleged and denied: what this record describes is reported by its sources but not established; "
        "Operator ZQ-6 denies it."
    )
    _, body, _ = pages["gb-every-field-a"]
    assert html.unescape(re.sub(r"<[^>]+>", "", body)).index(notice) < body.index('id="summary"')
    record = _search_record(ctx, "gb-every-field-a")
    # The result's title, which Pagefind shows first, carries the label.
    assert "<h1>Alleged and denied: Every field fixture A ZQ title</h1>" in record
    other = _search_record(ctx, "fr-every-field-b")
    assert "<h1>Every field fixture B ZQ title</h1>" in other and "Alleged" not in other


def test_a_search_result_gives_the_label_its_page_gives(ctx: BuildContext) -> None:
    """A result read "Denied: Alleged facial recognition..." while its page said "Alleged and
    denied": the label is dropped a word the title starts with no more; the same words everywhere."""
    entry = ctx.by_id["gb-every-field-a"].entry.model_copy(
        update={"title": "Alleged facial recognition misidentification ZQ"}
    )
    record = ctx.env.get_template("search_record.html.j2").render(entry=entry)
    assert "<h1>Alleged and denied: Alleged facial recognition misidentification ZQ</h1>" in record


def _search_record(ctx: BuildContext, entry_id: str) -> str:
    entry = ctx.by_id[entry_id].entry
    return ctx.env.get_template("search_record.html.j2").render(entry=entry)


def test_a_search_record_carries_every_fact_the_search_page_filters_by(ctx: BuildContext) -> None:
    """Status, operator kind, each named vendor (not an unknown one), country and every year in
    use, worded as the record's page words them; and the status, country and years in use a
    result shows beside its title."""
    # The years it was in use with the record's qualifiers: A's start is "about 2017" and it is
    # alleged and denied (registry.years_in_use; tests/test_years_in_use.py has every form).
    in_use = {
        "gb-every-field-a": "about 2017 to 2021 (alleged and denied)",
        "fr-every-field-b": "2020 to 2022",
    }
    for entry_id, in_use_words in in_use.items():
        e = ctx.by_id[entry_id].entry
        record = _search_record(ctx, entry_id)
        filters = re.findall(r'data-pagefind-filter="([^"]+)">([^<]*)<', record)
        years = years_in_use(e)
        assert years, "the fixture has active years"
        assert filters == [
            ("status", LABELS.status[e.timeline.status]),
            ("operator kind", LABELS.operator_kind[e.operator.kind]),
            *[("vendor", p.name) for p in e.vendors if not isinstance(p.name, Unknown)],
            ("country", country_name(e.place.country)),
            *[("year", str(y)) for y in years],
        ]
        assert any(name == "vendor" for name, _ in filters), "the fixture names a vendor"
        shown = dict(re.findall(r'data-pagefind-meta="([^"]+)">([^<]*)<', record))
        assert shown == {
            "status": f"{LABELS.status[e.timeline.status]} as of {e.timeline.as_of.label()}",
            "country": country_name(e.place.country),
            "in use": in_use_words,
        }

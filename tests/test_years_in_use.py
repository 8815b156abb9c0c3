"""The years a record was known to be in use (registry.years_in_use): one definition that the
deployments table's "In use in year" filter, the search page's year filter and a search
result's line all use, so they never disagree.

Each case is a fixture record: the frozen King's Cross record with its timeline written as an
entry file would write it (`_record`), so the rule is tested on the shapes the schema accepts.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fixture_registry import KINGS_CROSS, fixture_files

from registry.checks.base import EntryFile
from registry.context import BuildContext, no_history, read_site_config
from registry.dates import PartialDate
from registry.pages.browse import make_row
from registry.schema import Evidence, Period, Timeline
from registry.years_in_use import in_use_line, years_in_use

ROOT = Path(__file__).resolve().parent.parent

#: "Active as of 2023" with no known start (Southern Co-op's Facewatch, before: in no year at all).
UNKNOWN_START_ACTIVE = {
    "status": "active",
    "as_of": "2023",
    "start": {"unknown": "not_found", "note": "No source gives the start."},
}
#: Rio's periods: March 2019, July 2019 and from 31 December 2023 (before: also 2020 to 2022).
PERIODS_WITH_A_GAP = {
    "status": "active",
    "as_of": "2025-12-31",
    "start": "2019-03-01",
    "periods": [
        {"start": "2019-03-01", "end": "2019-03"},
        {"start": "2019-07", "end": "2019-07"},
        {"start": "2023-12-31"},
    ],
}
#: ID.me's: started about 2017, active as of March 2022 (before: "Years: 2017–2022").
APPROXIMATE_START = {
    "status": "active",
    "as_of": "2022-03",
    "start": {"date": "2017", "qualifier": "approximate"},
}
#: Washington County's: started about 2017, status unknown since (before: "Years: 2017").
APPROXIMATE_START_THEN_NOTHING = {
    "status": "unknown",
    "as_of": "2021-05-18",
    "start": {"date": "2017", "qualifier": "approximate", "note": "Sources disagree."},
}
#: A plan with a foreseen start: not in use, whatever year it names.
PLANNED_WITH_A_START = {"status": "planned", "as_of": "2025-05", "start": "2027"}
#: A stop ordered before any known use (Zaventem): its end is no year of use.
ENDED_WITH_NO_KNOWN_START = {
    "status": "ended",
    "as_of": "2019-09",
    "start": {"unknown": "not_found"},
    "end": "2019-09",
}


@pytest.fixture(scope="module")
def kings_cross() -> EntryFile:
    return next(f for f in fixture_files() if f.entry.id == KINGS_CROSS)


def _record(base: EntryFile, timeline: dict[str, Any], evidence: dict[str, Any] | None = None) -> EntryFile:
    """King's Cross with `timeline` (and `evidence`) as an entry file would write them."""
    update: dict[str, Any] = {
        "timeline": Timeline.model_validate({**timeline, "sources": ["s1"]}),
        "evidence": Evidence.model_validate({**evidence, "sources": ["s1"]}) if evidence else None,
    }
    return EntryFile(base.path, base.loaded, base.entry.model_copy(update=update))


@pytest.mark.parametrize(
    ("timeline", "years"),
    [
        (UNKNOWN_START_ACTIVE, [2023]),  # in use at its status date, so in that year at least
        (PERIODS_WITH_A_GAP, [2019, 2023, 2024, 2025]),  # never the years between two periods
        (APPROXIMATE_START, [2017, 2018, 2019, 2020, 2021, 2022]),  # "about 2017" counts as 2017
        (APPROXIMATE_START_THEN_NOTHING, [2017]),  # only the start is known
        (PLANNED_WITH_A_START, []),
        (ENDED_WITH_NO_KNOWN_START, []),
    ],
)
def test_the_years_a_record_was_known_to_be_in_use(
    kings_cross: EntryFile, timeline: dict[str, Any], years: list[int]
) -> None:
    assert years_in_use(_record(kings_cross, timeline).entry) == years


@pytest.mark.parametrize(
    ("timeline", "evidence", "line"),
    [
        (APPROXIMATE_START, None, ("in use", "about 2017 to 2022")),
        (APPROXIMATE_START_THEN_NOTHING, None, ("started", "about 2017")),
        (UNKNOWN_START_ACTIVE, None, ("in use", "2023 (start unknown)")),
        (PERIODS_WITH_A_GAP, None, ("in use", "2019, 2023 to 2025")),
        (
            PERIODS_WITH_A_GAP,
            {"basis": "alleged", "denied": "yes"},
            ("in use", "2019, 2023 to 2025 (alleged and denied)"),
        ),
        (
            {**APPROXIMATE_START, "start": {"date": "2017", "qualifier": "inferred"}},
            None,
            ("in use", "2017 (inferred) to 2022"),
        ),
        (PLANNED_WITH_A_START, None, None),
    ],
)
def test_a_search_result_says_what_its_years_are_with_the_records_qualifiers(
    kings_cross: EntryFile, timeline: dict[str, Any], evidence: dict[str, Any] | None, line: Any
) -> None:
    assert in_use_line(_record(kings_cross, timeline, evidence).entry) == line


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> BuildContext:
    docs = tmp_path_factory.mktemp("docs")
    return BuildContext(ROOT, fixture_files(), no_history(), read_site_config(ROOT), docs)


@pytest.mark.parametrize(
    "timeline", [UNKNOWN_START_ACTIVE, PERIODS_WITH_A_GAP, APPROXIMATE_START, APPROXIMATE_START_THEN_NOTHING]
)
def test_the_table_filter_the_search_filter_and_the_result_agree(
    ctx: BuildContext, kings_cross: EntryFile, timeline: dict[str, Any]
) -> None:
    record = _record(kings_cross, timeline)
    years = [str(y) for y in years_in_use(record.entry)]
    assert make_row(record).years == " ".join(years)
    html = ctx.env.get_template("search_record.html.j2").render(entry=record.entry)
    assert re.findall(r'data-pagefind-filter="year">([^<]*)<', html) == years
    key, words = in_use_line(record.entry)
    assert f'<span data-pagefind-meta="{key}">{words}</span>' in html
    assert 'data-pagefind-meta="years"' not in html


def test_a_record_in_use_in_no_year_has_no_line_and_no_year_filter(
    ctx: BuildContext, kings_cross: EntryFile
) -> None:
    record = _record(kings_cross, PLANNED_WITH_A_START)
    html = ctx.env.get_template("search_record.html.j2").render(entry=record.entry)
    assert "in use" not in html and 'data-pagefind-filter="year"' not in html
    assert make_row(record).years == ""


def test_years_in_use_span_start_to_end(ctx: BuildContext) -> None:
    assert years_in_use(ctx.by_id[KINGS_CROSS].entry) == [2016, 2017, 2018]


@pytest.mark.parametrize(
    ("status", "years"),
    [
        ("active", [2016, 2017, 2018, 2019, 2020]),  # in use to its status date
        ("trial", [2016, 2017, 2018, 2019, 2020]),
        ("unknown", [2016]),  # only its start is certain: never "in use in 2020" on no evidence
        ("ended", [2016]),  # ended at a date nobody has published
        ("paused", [2016]),
    ],
)
def test_without_an_end_only_a_running_status_counts_later_years(
    ctx: BuildContext, status: str, years: list[int]
) -> None:
    entry = ctx.by_id[KINGS_CROSS].entry
    timeline = entry.timeline.model_copy(
        update={"status": status, "end": None, "as_of": PartialDate.parse("2020-06")}
    )
    assert years_in_use(entry.model_copy(update={"timeline": timeline})) == years


@pytest.mark.parametrize(
    ("periods", "years"),
    [
        # A record whose end is not known but whose sources give periods of use: every year of
        # them is a year in use (before: only its start year, though its page said 2018 to 2021).
        ([("2016", "2019-04")], [2016, 2017, 2018, 2019]),
        ([("2016-05", "2016-06"), ("2021", "2022")], [2016, 2021, 2022]),
        ([("2019", None)], [2016, 2019]),  # a period with no end: its start year only
    ],
)
def test_periods_of_use_count_every_year_they_cover(
    ctx: BuildContext, periods: list[tuple[str, str | None]], years: list[int]
) -> None:
    entry = ctx.by_id[KINGS_CROSS].entry
    timeline = entry.timeline.model_copy(
        update={
            "status": "unknown",
            "end": None,
            "periods": [
                Period(start=PartialDate.parse(a), end=PartialDate.parse(b) if b else None)
                for a, b in periods
            ],
        }
    )
    assert years_in_use(entry.model_copy(update={"timeline": timeline})) == years


def test_the_year_filter_links_to_the_rule_the_methodology_page_sets_out(ctx: BuildContext) -> None:
    from registry.pages.browse import browse_pages
    from registry.pages.site import site_pages

    methodology = site_pages(ctx)["methodology/index.md"]
    assert '<h2 id="years-in-use">The years a deployment was in use</h2>' in methodology
    assert "is not counted in 2020, 2021 or 2022" in methodology
    assert 'a deployment "Active as of 2023" was in use in 2023 at least' in methodology
    deployments = browse_pages(ctx)["deployments/index.md"]
    assert (
        'A deployment is counted in the years it is known to have been in use (<a href="/methodology/#years-in-use">'
        in deployments
    )

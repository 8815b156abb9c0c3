"""The registry's reviewed research tables: the laws a records request can rely on, and coverage.

`research/laws.yaml` says which law lets anyone ask which kind of body in which country, with
the sources a reviewer read; `research/coverage.yaml` says where researchers have looked and
made no record (they found nothing, or too little for one). Both are contributor data like
entries, so they are read by the same hardened loader, validated by strict models and reported
as `file:line:col: field: message`.

Why a table and not code: a law row is a fact with sources, reviewed like a record; a
country with no row must say "no row yet" rather than borrow a neighbour's law.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, ValidationError

from registry.dates import PartialDate
from registry.errors import LoadError, Problem
from registry.loader import comments_that_drop_text, load_file
from registry.messages import problems_from_error
from registry.schema import StrictModel
from registry.types import CountryCode, Line, Text, Url, _check_country

LAWS_FILE = "research/laws.yaml"
COVERAGE_FILE = "research/coverage.yaml"

BodyKind = Literal["police", "public_body", "federal_agency", "state_local_agency", "private_company"]
Scope = Literal["records", "own_data"]
BODY_KIND_LABELS = {
    "police": "police forces",
    "public_body": "public bodies",
    "federal_agency": "federal agencies",
    "state_local_agency": "state and local agencies",
    "private_company": "private companies",
}

#: The most sources one law row may cite. Every letter to a body the row covers links each of
#: them: 2,970 sources in one EU row (what fits in the file's 64 KB) took a build's pages from
#: 1 to 8 seconds and the site from 20 to 30 MB. The live table's rows cite at most 2.
MAX_LAW_SOURCES = 20

#: The member states of the European Union: a row for `EU` applies in each of them.
EU_MEMBERS = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)


def _country_or_eu(code: str) -> str:
    """`EU` for a law of every member state, otherwise an ISO 3166-1 code."""
    return code if code == "EU" else _check_country(code)


Area = Annotated[str, AfterValidator(_country_or_eu)]


class LawRow(StrictModel):
    """One law and the kinds of body it lets anyone ask, in one country (or every EU country).

    Why at most `MAX_LAW_SOURCES` sources: each letter the law applies to links every one.
    """

    country: Area
    region: Line | None = Field(None, description="A state or province, when the law is not national.")
    body_kinds: list[BodyKind] = Field(min_length=1)
    scope: Scope = Field(
        "records",
        description="records: any information the body holds; own_data: only the requester's personal data.",
    )
    law: Line
    citation: Line
    time_limit: Line | None = None
    send_to: Line
    regulator: Line | None = Field(None, description="Where to complain when a request is ignored.")
    note: Text | None = None
    sources: list[Url] = Field(min_length=1, max_length=MAX_LAW_SOURCES)


class LawTable(StrictModel):
    laws: list[LawRow] = Field(default_factory=list)


Outcome = Literal["nothing_found", "not_researched"]


class CoverageRow(StrictModel):
    """What was searched in one country (or one region of it), when, how, and what was found."""

    country: CountryCode
    region: Line | None = None
    searched: Text
    when: PartialDate
    method: Text
    outcome: Outcome
    found: Text


class CoverageTable(StrictModel):
    coverage: list[CoverageRow] = Field(default_factory=list)


@dataclass(frozen=True)
class Research:
    """Both tables, loaded and checked; empty when the files are absent (a bare test registry)."""

    laws: tuple[LawRow, ...] = ()
    coverage: tuple[CoverageRow, ...] = ()
    problems: tuple[Problem, ...] = field(default=())

    def laws_in(self, country: str) -> list[LawRow]:
        """Every row that applies in `country`: its own rows, then the EU's for a member state."""
        own = [row for row in self.laws if row.country == country]
        eu = [row for row in self.laws if row.country == "EU" and country in EU_MEMBERS]
        return own + eu

    def coverage_of(self, country: str) -> list[CoverageRow]:
        return [row for row in self.coverage if row.country == country]


def load_research(root: Path) -> Research:
    """Reads and checks `research/laws.yaml` and `research/coverage.yaml` under `root`.

    Never raises for a contributor's mistake: the problems come back, positioned, for
    `registry check` and the build to report with the entries' own.
    """
    problems: list[Problem] = []
    laws = _load(root, LAWS_FILE, LawTable, problems)
    coverage = _load(root, COVERAGE_FILE, CoverageTable, problems)
    return Research(
        laws=tuple(laws.laws) if isinstance(laws, LawTable) else (),
        coverage=tuple(coverage.coverage) if isinstance(coverage, CoverageTable) else (),
        problems=tuple(sorted(problems)),
    )


def _load(root: Path, rel: str, model: type[StrictModel], problems: list[Problem]) -> StrictModel | None:
    path = root / rel
    if not path.is_file():
        return None
    try:
        loaded = load_file(path)
    except LoadError as exc:
        problems.extend(exc.problems(rel))
        return None
    dropped = comments_that_drop_text(loaded)
    if dropped:
        problems.extend(error.problem(rel) for error in dropped)
        return None
    try:
        table = model.model_validate(loaded.data)
    except ValidationError as exc:
        problems.extend(problems_from_error(exc, loaded, rel, model))
        return None
    repeated = (
        _repeated_places(table, loaded, rel)
        if isinstance(table, CoverageTable)
        else _repeated_laws(table, loaded, rel)
    )
    problems.extend(repeated)
    return None if repeated else table


def _repeated_places(table: CoverageTable, loaded: Any, rel: str) -> list[Problem]:
    """A country (or one region of it) has one coverage row. Two ("not yet researched" left
    beside a new "researched, nothing found") made /coverage/ say both of one country."""
    first: dict[tuple[str, str | None], int] = {}
    found = []
    for n, row in enumerate(table.coverage):
        place = (row.country, row.region)
        if place in first:
            line, col = loaded.locate(("coverage", n, "country"))
            where = f"{row.country}, {row.region}" if row.region else row.country
            found.append(
                Problem(
                    rel,
                    line,
                    col,
                    f"coverage.{n}.country",
                    f"{where} already has a row (coverage.{first[place]}, line "
                    f"{loaded.locate(('coverage', first[place]))[0]}): a place has one row, so "
                    "update that one instead",
                )
            )
        else:
            first[place] = n
    return found


def _repeated_laws(table: LawTable, loaded: Any, rel: str) -> list[Problem]:
    """A law has one row per country and kind of body. A second (the same citation or law, a
    kind of body in common) made each letter to such a body cite the law twice, with two time
    limits. Told at the second row's citation (or law), naming the first row and its line."""
    found = []
    for n, row in enumerate(table.laws):
        for m, earlier in enumerate(table.laws[:n]):
            same = _same_law(row, earlier)
            shared = [kind for kind in earlier.body_kinds if kind in row.body_kinds]
            if earlier.country != row.country or same is None or not shared:
                continue
            line, col = loaded.locate(("laws", n, same))
            found.append(
                Problem(
                    rel,
                    line,
                    col,
                    f"laws.{n}.{same}",
                    f"{row.country} already has a row for this law that covers {' and '.join(shared)} "
                    f"(laws.{m}, line {loaded.locate(('laws', m))[0]}): a law has one row per country "
                    "and kind of body, so add to that row instead",
                )
            )
            break
    return found


def _same_law(row: LawRow, earlier: LawRow) -> str | None:
    """The field by which two rows name one law (`citation`, else `law`), or None. Compared
    without case or runs of spaces: "Ley  n° 18.381" is "Ley N° 18.381"."""
    for name in ("citation", "law"):
        if " ".join(getattr(row, name).casefold().split()) == " ".join(
            getattr(earlier, name).casefold().split()
        ):
            return name
    return None

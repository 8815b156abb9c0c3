"""Country, vendor and operator pages keep their address when no published record lists them.

A real git history, then a real build: a record is withdrawn (its operator, vendor and country
pages had no other record) and another record's vendor is respelt. Every page once built still
resolves, says that nothing is listed there now, and never names the organisation again.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_registry import copy_site_files
from gitrepo import EXAMPLE_ID, GitRepo, edit, entry_text, path_of

from registry.build import build_site

OTHER_ID = "fr-other-record"
WITHDRAWN = "  status: withdrawn\n  withdrawn:\n    date: 2019-12\n    reason: Duplicate of a better-sourced record.\n"
KINGS_CROSS_OPERATOR = "King's Cross Central Limited Partnership"


def _other(vendor: str, entry_id: str = OTHER_ID, country: str = "FR", status: str = "published") -> str:
    text = entry_text(entry_id)
    for old, new in (
        ("  country: GB", f"  country: {country}"),
        ("  region: England", "  region: Somewhere"),
        (f"  name: {KINGS_CROSS_OPERATOR}", f"  name: {vendor} Operator"),
        ("  - name: NEC\n    role: vendor", f"  - name: {vendor}\n    role: vendor"),
        ("  status: published\n", f"  status: {status}\n"),
    ):
        text = edit(text, old, new)
    return text


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = GitRepo(tmp_path_factory.mktemp("vacated") / "repo")
    copy_site_files(repo.path)
    repo.commit(
        "Add two records",
        {path_of(EXAMPLE_ID): entry_text(), f"entries/fr/{OTHER_ID}.yaml": _other("Vision SA")},
    )
    repo.commit("Withdraw one", {path_of(EXAMPLE_ID): edit(entry_text(), "  status: published\n", WITHDRAWN)})
    repo.commit("Respell a vendor", {f"entries/fr/{OTHER_ID}.yaml": _other("Vision S.A. Europe")})
    repo.commit(
        "Add a third", {"entries/de/de-third-record.yaml": _other("Dritter", "de-third-record", "DE")}
    )
    repo.commit(
        "Put it under review",
        {"entries/de/de-third-record.yaml": _other("Dritter", "de-third-record", "DE", "under_review")},
    )
    repo.commit(  # never published: its names never made a page, and must not now
        "Add one under review",
        {"entries/it/it-never-shown.yaml": _other("Segreto", "it-never-shown", "IT", "under_review")},
    )
    repo.commit(
        "Add a fourth", {"entries/es/es-fourth-record.yaml": _other("Cuarto", "es-fourth-record", "ES")}
    )
    unnamed = (
        "  - name:\n      unknown: not_found\n      note: No source seen names the vendor.\n    role: vendor"
    )
    repo.commit(  # the vendor no longer named at all: no page lists its record under another name
        "Unname its vendor",
        {
            "entries/es/es-fourth-record.yaml": edit(
                _other("Cuarto", "es-fourth-record", "ES"), "  - name: Cuarto\n    role: vendor", unnamed
            )
        },
    )
    build_site(repo.path, site_dir=repo.path / "site", work_dir=repo.path / "build")
    return repo.path / "site"


@pytest.mark.slow
@pytest.mark.parametrize(
    "page",
    [
        "operators/kings-cross-central-limited-partnership",
        "vendors/nec",
        "countries/gb",
        "vendors/vision-sa",
        "vendors/dritter",
    ],
    ids=["withdrawn-operator", "withdrawn-vendor", "withdrawn-country", "respelt-vendor", "under-review"],
)
def test_a_page_no_record_lists_now_still_resolves_and_says_why(site: Path, page: str) -> None:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    assert "<h1>No deployments are listed here now</h1>" in html
    assert f'href="/{page.split("/")[0]}/">all ' in html
    # The withdrawn record's content is not shown again, not even its operator's name.
    assert "King&#39;s Cross" not in html and "King's Cross" not in html and "NEC" not in html


@pytest.mark.slow
@pytest.mark.parametrize(
    ("page", "name", "now"),
    [
        (
            "vision-sa",
            "Vision SA",
            'Those records now name <a href="/vendors/vision-s-a-europe/">Vision S.A. Europe</a>.',
        ),
        (
            "cuarto",
            "Cuarto",
            'Those records do not say which page lists them now: see <a href="/vendors/">all vendors</a>.',
        ),
    ],
    ids=["respelt", "unnamed-since"],
)
def test_a_respelt_name_is_named_and_its_page_now_linked(site: Path, page: str, name: str, now: str) -> None:
    """/vendors/cognitec-systems/ said only that nothing was listed there, though its records
    were listed under "Cognitec": the page names the vendor as the records spelt it (their
    history pages show it) and links the page that lists them now, or says the records do not
    tell (a vendor no longer named at all)."""
    html = (site / "vendors" / page / "index.html").read_text(encoding="utf-8")
    said = f"<p>This page listed the deployments of the vendor <strong>{name}</strong>, as their records then spelt it."
    assert f"{said} {now}</p>" in html


@pytest.mark.slow
def test_a_record_under_review_or_withdrawn_is_not_named(site: Path) -> None:
    for page in ("vendors/dritter", "vendors/nec", "countries/gb"):
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert "This page listed the deployments of" not in html, page
    assert "Dritter" not in (site / "vendors" / "dritter" / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_record_never_published_makes_no_page(site: Path) -> None:
    assert not (site / "vendors" / "segreto").exists() and not (site / "countries" / "it").exists()


@pytest.mark.slow
def test_pages_records_still_fill_are_untouched(site: Path) -> None:
    respelt = (site / "vendors" / "vision-s-a-europe" / "index.html").read_text(encoding="utf-8")
    assert "Vision S.A. Europe" in respelt and "No deployments are listed here now" not in respelt
    assert "No deployments are listed here now" not in (site / "countries" / "fr" / "index.html").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize("country", ["../x", "index", "gb", "GBR", ""])
def test_an_old_versions_country_makes_a_page_only_if_it_is_a_country_code(country: str) -> None:
    """An old version is untrusted: its country becomes part of a path only as two capitals."""
    from registry.pages.vacated import _names_as_written

    data = {"record": {"status": "published"}, "place": {"country": country}, "operator": {"name": "Op"}}
    assert list(_names_as_written(data)) == [("operators", "Op")]
    assert list(_names_as_written({**data, "place": {"country": "GB"}}))[0] == ("countries", "GB")

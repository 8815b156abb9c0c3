"""Vendor and operator pages whose old address lost letters of the name keep that address.

Builds before `registry.text.TRANSLITERATED` listed "Brøndby IF" at `/operators/brndby-if/`
(`legacy_slug`); it is now at `/operators/brondby-if/`, and the old address redirects there.
A real git history, then a real build: one record's operator and vendor are spelt with ø and
æ; another record's vendor was, until a correction respelt it (its page is vacated); a third
names a vendor whose page took the old address of a name the history alone holds, and keeps
that page (`check` refuses it, tests/test_old_addresses.py; the build, given it anyway, must
still never replace a page with a redirect).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_registry import copy_site_files
from gitrepo import EXAMPLE_ID, GitRepo, edit, entry_text, path_of

from registry.build import build_site
from registry.postbuild.redirects import is_redirect

OTHER_ID = "fr-other-record"
THIRD_ID = "de-third-record"
OPERATOR = "King's Cross Central Limited Partnership"


def _record(entry_id: str, operator: str, vendor: str, country: str = "GB") -> str:
    text = entry_text(entry_id)
    text = edit(text, "  country: GB", f"  country: {country}")
    text = edit(text, f"  name: {OPERATOR}", f"  name: {operator}")
    return edit(text, "  - name: NEC\n    role: vendor", f"  - name: {vendor}\n    role: vendor")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = GitRepo(tmp_path_factory.mktemp("moved") / "repo")
    copy_site_files(repo.path)
    repo.commit(
        "Add three records",
        {
            path_of(EXAMPLE_ID): _record(EXAMPLE_ID, "Brøndby IF", "Østergaard Vision"),
            path_of(OTHER_ID): _record(OTHER_ID, "Ville de Paris", "Ærø Kameras", "FR"),
            path_of(THIRD_ID): _record(THIRD_ID, "Stadt Köln", "Stergaard Vision", "DE"),
        },
    )
    respelt = {
        path_of(OTHER_ID): _record(OTHER_ID, "Ville de Paris", "Aero Kameras SA", "FR"),
        # "Stergaard Vision" took this name's old address: check refuses that (whether the name
        # is listed now or only the history holds it), and the build keeps the page it has.
        path_of(EXAMPLE_ID): _record(EXAMPLE_ID, "Brøndby IF", "Østergaard Vision A/S"),
    }
    repo.commit("Respell two vendors", respelt)
    build_site(repo.path, site_dir=repo.path / "site", work_dir=repo.path / "build")
    return repo.path / "site"


def _html(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_name_with_o_slash_has_its_page_at_the_spelt_address(site: Path) -> None:
    page = _html(site, "operators/brondby-if")
    assert not is_redirect(site / "operators" / "brondby-if" / "index.html")
    assert "Deployments run by Brøndby IF" in page
    assert 'href="/operators/brondby-if/"' in _html(site, f"deployments/{EXAMPLE_ID}")


@pytest.mark.slow
def test_the_old_address_redirects_to_the_new_one(site: Path) -> None:
    old = site / "operators" / "brndby-if" / "index.html"
    html = old.read_text(encoding="utf-8")
    assert is_redirect(old)
    assert '<meta http-equiv="refresh" content="0; url=/operators/brondby-if/">' in html
    assert '/operators/brondby-if/">\n<meta name="robots" content="noindex">' in html  # the canonical link
    assert "<title>Moved: a page of operators - " in html
    assert (
        '<p>This page of operators is now at <a href="/operators/brondby-if/">/operators/brondby-if/</a>. '
        "The old address left out letters such as ø and ß; the new one spells them as o and ss.</p>"
    ) in html
    assert "script-src 'self';" in html  # the CSP step ran over it


@pytest.mark.slow
def test_a_vacated_page_of_a_respelt_name_keeps_its_old_address_too(site: Path) -> None:
    """ "Ærø Kameras" was at /vendors/r-kameras/ once; its page now is a vacated one, which the
    old address redirects to. The redirect names no organisation; the vacated page names the
    vendor as its record, still published, spelt it, and links its page now (tests/test_vacated.py)."""
    old = site / "vendors" / "r-kameras" / "index.html"
    assert is_redirect(old)
    assert "url=/vendors/aero-kameras/" in old.read_text(encoding="utf-8")
    vacated = _html(site, "vendors/aero-kameras")
    assert "<h1>No deployments are listed here now</h1>" in vacated
    assert "<strong>Ærø Kameras</strong>" in vacated and 'href="/vendors/aero-kameras-sa/"' in vacated
    assert "Ærø" not in old.read_text(encoding="utf-8") and "Kameras" not in old.read_text(encoding="utf-8")


@pytest.mark.slow
def test_an_old_address_another_page_has_keeps_that_page(site: Path) -> None:
    """ "Østergaard Vision" (respelt since) was at /vendors/stergaard-vision/, now the page of
    "Stergaard Vision", which stays; its own page now is a vacated one."""
    old = site / "vendors" / "stergaard-vision" / "index.html"
    assert not is_redirect(old)
    assert "Deployments using technology from Stergaard Vision" in old.read_text(encoding="utf-8")
    assert "<h1>No deployments are listed here now</h1>" in _html(site, "vendors/ostergaard-vision")

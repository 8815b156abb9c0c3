"""`slugify`: the one function that turns vendor and operator names into URL segments; and
`address_name`, which names a web address in link text; `joint`, which puts a note after our words."""

from __future__ import annotations

import re
import unicodedata

import pytest

from registry.text import MAX_SLUG, TRANSLITERATED, address_name, joint, legacy_slug, slugify


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("King's Cross Central Limited Partnership", "kings-cross-central-limited-partnership"),
        ("NEC", "nec"),
        ("Sécurité & Co.", "securite-co"),
        ("  Metropolitan   Police Service ", "metropolitan-police-service"),
        ("Clearview AI, Inc.", "clearview-ai-inc"),
        ("__config", "config"),
        ("x](javascript:alert(2)) [y", "x-javascript-alert-2-y"),
    ],
)
def test_slug_of_a_name(name: str, slug: str) -> None:
    assert slugify(name) == slug


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        # Before: "brndby-if", "strae", "odz", "rskbing", "a-nang" (legacy_slug, below).
        ("Brøndby IF", "brondby-if"),
        ("Straße", "strasse"),
        ("Łódź", "lodz"),
        ("Ærøskøbing", "aeroskobing"),
        ("Đà Nẵng", "da-nang"),
        ("Þórshöfn", "thorshofn"),
        ("Œuvre", "oeuvre"),
        ("Bakı Metropoliteni", "baki-metropoliteni"),
        ("Ħamrun", "hamrun"),
        ("Ŧ ĸ ð", "t-k-d"),
        ("Paraŀlel", "parallel"),  # NFKD parts ŀ into l and a middle dot: no row needed
        ("Ǿresund", "oresund"),  # Ø with an acute: the mark goes, the letter is spelt
        ("GROẞE", "grosse"),
        ("Əli Ŋoma", "eli-ngoma"),
    ],
)
def test_letters_without_a_decomposition_are_spelt_not_dropped(name: str, slug: str) -> None:
    assert slugify(name) == slug


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Brøndby IF", "brndby-if"),
        ("Straße", "strae"),
        ("Łódź", "odz"),
        ("Ærøskøbing", "rskbing"),
        ("Đà Nẵng", "a-nang"),
        ("King's Cross Central Limited Partnership", "kings-cross-central-limited-partnership"),
        ("ẞ", "n-0cfba399"),
    ],
)
def test_the_legacy_slug_is_what_earlier_builds_published(name: str, slug: str) -> None:
    """Frozen: these addresses were published, and redirect to `slugify`'s (registry.pages.moved)."""
    assert legacy_slug(name) == slug


@pytest.mark.parametrize(("low", "high"), [(0xC0, 0xFF), (0x100, 0x17F)], ids=["latin-1", "extended-a"])
def test_every_letter_of_the_european_latin_blocks_keeps_a_letter(low: int, high: int) -> None:
    """Latin-1 and Latin Extended-A hold the letters of Europe's languages: none may vanish."""
    letters = [chr(c) for c in range(low, high + 1) if unicodedata.category(chr(c)).startswith("L")]
    assert [c for c in letters if not re.fullmatch("[a-z]+", slugify(c))] == []


def test_every_transliteration_is_ascii_letters() -> None:
    assert all(
        re.fullmatch("[A-Za-z]+", v) and not unicodedata.decomposition(k) for k, v in TRANSLITERATED.items()
    )


def test_names_without_latin_letters_get_a_stable_distinct_slug() -> None:
    assert slugify("公安") == slugify("公安")
    assert slugify("公安") != slugify("警察")
    assert re.fullmatch(r"n-[0-9a-f]{8}", slugify("公安"))


def test_long_names_are_cut_but_stay_distinct() -> None:
    a, b = "A" * 80 + " one", "A" * 80 + " two"
    assert len(slugify(a)) <= MAX_SLUG and slugify(a) != slugify(b)


@pytest.mark.parametrize("name", ["<script>", "../../etc", "a/b", "?q=1#x", "-lead", "émigré"])
def test_slugs_are_safe_in_paths_and_ids(name: str) -> None:
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", slugify(name))


@pytest.mark.parametrize(
    ("url", "name"),
    [
        # Before: the link read "https://tnaqa.mirrorweb.com/ukgwa/20260409162222mp_/https://www.legis…".
        (
            "https://tnaqa.mirrorweb.com/ukgwa/20260409162222mp_/https://www.legislation.gov.uk/ukpga/2000/36",
            "legislation.gov.uk (archived copy)",
        ),
        (
            "https://webarchive.library.unt.edu/eot2008/20080916010952/http://dna.gov/more/foia/",
            "dna.gov (archived copy)",
        ),
        (
            "https://www.newcastle-staffs.gov.uk/data-protection-freedom-information-1/",
            "newcastle-staffs.gov.uk",
        ),
        (
            "https://sourcebook.acus.gov/index.php?title=Freedom_of_Information_Act&oldid=832",
            "sourcebook.acus.gov",
        ),
        (
            "https://web.archive.org/web/2020/https://news.example.org/high-street-cameras",
            "news.example.org (archived copy)",
        ),
        # An address in the query is where a link goes, not a copy of it.
        ("https://example.org/out?to=https://elsewhere.example/", "example.org"),
        # Only a known archive's path holds a copy: any site can put an address in its own path.
        ("https://evil.example/x/https://www.legislation.gov.uk/", "evil.example"),
        (
            "https://web.archive.org.evil.example/web/2020/https://www.legislation.gov.uk/",
            "web.archive.org.evil.example",
        ),
        ("https://web.archive.org@evil.example/web/2020/https://www.legislation.gov.uk/", "evil.example"),
    ],
)
def test_a_web_address_is_named_by_its_site(url: str, name: str) -> None:
    assert address_name(url) == name


@pytest.mark.parametrize(
    ("note", "punctuation"),
    [("One report gives 200", ". "), ("the council's estimate", "; "), ("78 cameras", "; "), ("É", ". ")],
)
def test_a_note_opening_with_a_capital_is_a_sentence_of_its_own(note: str, punctuation: str) -> None:
    assert joint(note) == punctuation

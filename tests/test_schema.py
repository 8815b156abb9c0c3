"""The models: round-trips, the committed JSON Schema, and the vocabulary in one place."""

from __future__ import annotations

import decimal
import json
import posixpath
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from fixture_registry import ENTRY_FILES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry import vocab
from registry.dates import PartialDate
from registry.jsonschema import SCHEMA_PATH, entry_schema_text
from registry.loader import dump_yaml, load_file, load_yaml
from registry.schema import Entry

ROOT = Path(__file__).parent.parent
FULL = ROOT / "tests" / "fixtures" / "entries" / "valid_full.yaml"


def as_yaml_data(value: Any) -> Any:
    """The model's JSON form with every scalar as text, as an author would write it."""
    if isinstance(value, dict):
        return {k: as_yaml_data(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [as_yaml_data(v) for v in value]
    return (
        value if isinstance(value, str) else plain_decimal(value) if isinstance(value, float) else str(value)
    )


def plain_decimal(value: float) -> str:
    """The float in digits, never in exponent form (`1e-05` is refused: not how a person writes it)."""
    text = format(decimal.Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# Plain text an author may write: letters, digits, punctuation, spaces, accents; no controls.
# In its one spelling (NFC), as the loader keeps every text (registry.loader): a compatibility
# ideograph such as U+F900 loads as U+8C48, so a record holding the former cannot come from a file.
plain_text = (
    st.text(
        alphabet=st.characters(
            codec="utf-8",
            categories=("L", "N", "Zs"),
            include_characters="'\"-.,;:?!()%/&@#*+=_",
            exclude_characters="\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000",
        ),
        min_size=1,
        max_size=80,
    )
    .map(lambda s: unicodedata.normalize("NFC", s))
    .filter(lambda s: s.strip() and "&#" not in s and not s.startswith(("-", "#")) and s == s.strip())
)
partial_dates = (
    st.dates()
    .map(lambda d: d.isoformat())
    .flatmap(lambda iso: st.sampled_from([iso[:4], iso[:7], iso]))
    .filter(lambda s: 1900 <= int(s[:4]) <= 2100)
)


# Health checks about speed and filtering fire on a loaded CI machine; the assertion is what matters.
@pytest.mark.slow
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
@given(
    title=plain_text,
    summary=plain_text,
    operator=plain_text,
    status=st.sampled_from(list(vocab.STATUS_LABELS)),
    as_of=partial_dates,
    cameras=st.integers(min_value=0, max_value=10**9),
    lat=st.floats(min_value=-90, max_value=90, allow_nan=False),
)
def test_any_valid_record_dumped_to_yaml_loads_back_equal(
    title: str, summary: str, operator: str, status: str, as_of: str, cameras: int, lat: float
) -> None:
    data = load_file(FULL).data
    data.update(title=title, summary=summary)
    data["operator"]["name"] = operator
    data["timeline"].update(status=status, as_of=as_of)
    if status != "ended":
        data["timeline"].pop("end")
    data["system"]["cameras"] = str(cameras)
    data["place"]["coordinates"]["lat"] = plain_decimal(lat)
    entry = Entry.model_validate(data)
    text = dump_yaml(as_yaml_data(entry.model_dump(mode="json")))
    assert Entry.model_validate(load_yaml(text.encode()).data) == entry


def test_committed_json_schema_is_fresh() -> None:
    committed = (ROOT / SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == entry_schema_text(), (
        "schema/entry.schema.json is stale. Run `registry schema` and commit the result."
    )


def test_json_schema_lists_the_vocabulary() -> None:
    text = json.dumps(json.loads(entry_schema_text()))
    for labels in vocab.VOCABULARIES.values():
        for value in labels:
            assert f'"{value}"' in text


def test_every_entry_file_starts_with_the_schema_modeline() -> None:
    """Editors find the schema from an entry's folder, entries/<cc>/ (fixture copies of the records)."""
    modeline = "# yaml-language-server: $schema=../../schema/entry.schema.json"
    assert posixpath.normpath(f"entries/gb/{modeline.split('=', 1)[1]}") == SCHEMA_PATH.as_posix()
    assert (ROOT / SCHEMA_PATH).is_file()
    for path in ENTRY_FILES:
        assert path.read_text(encoding="utf-8").splitlines()[0] == modeline, path


def test_partial_dates_keep_their_precision() -> None:
    assert PartialDate.parse("2016-05").label() == "May 2016"
    assert PartialDate.parse("2018").label() == "2018"
    assert PartialDate.parse("2019-10-04").label() == "4 October 2019"
    assert str(PartialDate.parse("2016-05")) == "2016-05"
    assert not PartialDate.parse("2016").is_before(PartialDate.parse("2016-05"))
    assert PartialDate.parse("2016-04").is_before(PartialDate.parse("2016-05"))
    assert sorted(["2016-05-02", "2016", "2016-05"], key=lambda s: PartialDate.parse(s).sort_key) == [
        "2016",
        "2016-05",
        "2016-05-02",
    ]


def test_the_country_code_no_is_norway_not_false() -> None:
    data = load_file(FULL).data
    data["place"]["country"] = "NO"
    data["id"] = "no-fixture-full"
    assert Entry.model_validate(data).place.country == "NO"

"""One copy of each rule (issue 17.3): a day in words, the id pattern, the site's date."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from registry.dates import PartialDate, day_in_words, month_in_words
from registry.types import ENTRY_ID_PATTERN

PACKAGE = Path(__file__).resolve().parent.parent / "registry"


def test_a_day_in_words_is_english_and_matches_partial_dates():
    day = dt.date(2019, 10, 4)
    assert day_in_words(day) == "4 October 2019" == PartialDate(2019, 10, 4).label()
    assert month_in_words(day) == "October 2019" == PartialDate(2019, 10).label()


def test_no_module_spells_a_month_through_the_locale():
    """`%B` and `%b` follow the process's locale: a build in a French shell would say `octobre`."""
    found = [
        f"{p.relative_to(PACKAGE)}:{n}"
        for p in sorted(PACKAGE.rglob("*.py"))
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"%[bB]\b", line)
    ]
    assert not found, found


def test_the_id_pattern_is_written_once():
    spelled = [
        p.relative_to(PACKAGE).as_posix()
        for p in sorted(PACKAGE.rglob("*.py"))
        if ENTRY_ID_PATTERN in p.read_text(encoding="utf-8")
    ]
    assert spelled == ["types.py"], spelled

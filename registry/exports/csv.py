"""`/api/v1/deployments.csv`: one row per published deployment, columns as in DATA.md.

RFC 4180 CSV in UTF-8 with a header row, CRLF line ends, every field quoted only when it
must be (the csv module's default). Cells that a spreadsheet would run as a formula are
neutralised (SECURITY.md 3.2): a text cell starting with `=`, `+`, `-`, `@`, a tab or a
carriage return, or whose first character after white space is one of those signs or its
full-width form (`＝`, `＋`, `－`, `＠`), gets a leading `'`, which spreadsheets show as text
and which DATA.md tells programs to strip. Numbers are written as numbers (a negative
longitude stays `-0.12`), since a plain number is not a formula.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from registry.exports.records import Export
from registry.exports.tables import TABLES_BY_NAME

FILE_NAME = "deployments.csv"
#: The signs that open a formula. After white space too: spreadsheets may trim a cell before
#: they read it (" =HYPERLINK(...)"). The full-width forms too: a spreadsheet in a Chinese or
#: Japanese locale may read "＝" as "=".
FORMULA_SIGNS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
FORMULA_STARTS = (*FORMULA_SIGNS, "\t", "\r")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def neutralise(value: Any) -> str:
    """Returns a cell's text, with a `'` in front of anything a spreadsheet could evaluate."""
    if value is None:
        return ""
    if isinstance(value, bool):  # never in our tables, but True is an int in Python
        raise TypeError("booleans are written as yes/no/unknown, not True/False")
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    text = str(value)
    formula = text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_SIGNS)
    if formula and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_text(export: Export) -> str:
    """The deployments table as CSV text."""
    table = TABLES_BY_NAME["deployments"]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.names)
    for row in table.rows(export):
        writer.writerow([neutralise(v) for v in row])
    return out.getvalue()

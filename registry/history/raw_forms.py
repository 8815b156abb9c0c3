"""The forms of contract 1.1 in raw loaded data, in words, for the History's change sentences.

`changes.py` compares raw data (strings, lists and dicts), so that an old version written under
another schema still compares. A 1.1 count or date is a mapping there; read through the models
where it parses ("about 200", "1,200 to 1,600", "about September 2019"), and left to the
generic wording where it does not (an old or invalid version).
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError

from registry import vocab
from registry.dates import PartialDate
from registry.qualified import Amount, QualifiedDate
from registry.wording import quantity_label

_AMOUNT = TypeAdapter(Amount)
_QUANTITY_KEYS = {"count", "qualifier", "min", "max", "as_of", "note"}
_DATE_KEYS = {"date", "qualifier", "note"}

#: Vocabulary labels of the fields contract 1.1 added, by abstract path (see changes.py).
VOCAB_FIELDS: dict[str, dict[str, str]] = {
    "system.fr_modes.*": vocab.FR_MODE_LABELS,
    "evidence.basis": vocab.EVIDENCE_BASIS_LABELS,
    "investigations.*.penalties.*.kind": vocab.PENALTY_KIND_LABELS,
    "investigations.*.penalties.*.status": vocab.PENALTY_STATUS_LABELS,
    "sources.*.title_kind": vocab.TITLE_KIND_LABELS,
}
FIELD_LABELS: dict[str, str] = {
    "system.fr_modes": "recognition modes",
    "system.cameras_installed": "number of cameras installed",
    "evidence": "how this is known",
    "evidence.basis": "how this is known",
    "evidence.denied": "denied by the operator",
    "sources.*.title_kind": "kind of title",
    "sources.*.original_publisher": "original publisher",
}
LIST_KEYS: dict[str, tuple[str, ...]] = {"investigations.*.penalties": ("kind", "date")}


def form_words(value: dict) -> str | None:
    """A 1.1 count or qualified date in words, or None if `value` is neither (or does not parse)."""
    if value and set(value) <= _QUANTITY_KEYS and ({"count", "min", "max"} & set(value)):
        try:
            amount = _AMOUNT.validate_python(value)
        except ValidationError:
            return None
        as_of = date_words(value.get("as_of"))
        return quantity_label(amount) + (f" (as of {as_of})" if as_of else "")
    if "date" in value and set(value) <= _DATE_KEYS:
        try:
            return QualifiedDate.model_validate(value).label()
        except ValidationError:
            return None
    return None


def reshaped(old: dict, new: dict) -> bool:
    """True when a count or date changed form (a count became a range): compared whole."""
    return set(old) != set(new) and form_words(old) is not None and form_words(new) is not None


def date_words(value: Any) -> str:
    """A date of either form in words; "" for an unknown, a missing or an unreadable date."""
    if isinstance(value, dict):
        return (form_words(value) or "") if "date" in value else ""
    if not isinstance(value, str):
        return ""
    try:
        return PartialDate.parse(value).label()
    except ValueError:
        return ""


def key_text(value: Any) -> str:
    """A list item's key part as text: a qualified date by its date, an unknown as "undated"."""
    if isinstance(value, dict):
        return str(value.get("date", "undated")) if "unknown" not in value else "undated"
    return str(value)

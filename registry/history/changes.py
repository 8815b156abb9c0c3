"""Field-level changes between two versions of an entry, in plain language.

Works on the raw loaded data (dicts, lists and strings), never on the pydantic model, so a
version written under an older schema, or one the schema would now reject, still compares.
Lists of objects are matched by their key (a source by its id, an event by date and type, a
party by name and role...), not by position, so inserting one source reads as "added source
s4", not as every later source changing. Values print through the vocab labels and
`PartialDate.label()` where they parse, a country's code as the pages name the country
("the United States"), and as quoted text otherwise.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from registry import vocab
from registry.countries import country_in_sentence, country_name
from registry.history import raw_forms, unseen
from registry.history.model import Change
from registry.history.raw_forms import date_words as _date

#: How each list of objects is matched between versions: the fields that name an item.
LIST_KEYS: dict[str, tuple[str, ...]] = {
    "sources": ("id",),
    "statements": ("id",),
    "events": ("date", "type"),
    "parties": ("name", "role"),
    "investigations": ("body",),
    "litigation": ("case",),
    "political_actions": ("date", "type", "actor"),
    "watchlists": ("name",),
    "data_flows": ("supplier", "recipient"),
    "responses": ("by", "date"),
    "corrections": ("date", "summary"),
    "timeline.periods": ("start",),
    "outcomes.measures": ("metric",),
    "outcomes.harms": ("summary",),
    **raw_forms.LIST_KEYS,
}

#: Vocabulary labels by abstract field path (list positions written as `*`).
VOCAB_FIELDS: dict[str, dict[str, str]] = {
    "record.status": vocab.RECORD_STATUS_LABELS,
    "timeline.status": vocab.STATUS_LABELS,
    "operator.sector": vocab.SECTOR_LABELS,
    "operator.kind": vocab.OPERATOR_KIND_LABELS,
    "parties.*.role": vocab.PARTY_ROLE_LABELS,
    "place.type": vocab.PLACE_TYPE_LABELS,
    "place.coordinates.precision": vocab.COORDINATE_PRECISION_LABELS,
    "system.fr_mode": vocab.FR_MODE_LABELS,
    "events.*.type": vocab.EVENT_TYPE_LABELS,
    "investigations.*.status": vocab.INVESTIGATION_STATUS_LABELS,
    "political_actions.*.type": vocab.POLITICAL_ACTION_TYPE_LABELS,
    "sources.*.type": vocab.SOURCE_TYPE_LABELS,
    "outcomes.measures.*.metric": vocab.METRIC_LABELS,
    **raw_forms.VOCAB_FIELDS,
}
_YES_NO_KEYS = {"human_review", "basis_documented", "dpia", "dpia_published", "signage"}
_YES_NO_KEYS |= {"documented", "published", "verbatim", "denied"}
_DATE_KEYS = {"date", "start", "end", "as_of", "announced", "opened", "closed", "filed"}
_DATE_KEYS |= {"decided", "published", "accessed", "last_reviewed", "requested"}

#: Field labels where the key alone reads badly.
FIELD_LABELS: dict[str, str] = {
    "timeline.status": "status",
    "timeline.as_of": "status date",
    "timeline.status_note": "status note",
    "timeline.start": "start date",
    "timeline.end": "end date",
    "timeline.announced": "announcement date",
    "record.status": "record status",
    "record.last_reviewed": "last reviewed",
    "system.fr_mode": "recognition mode",
    "system.cameras": "number of cameras",
    "place.country": "country",
    "system.human_review": "human review",
    "system.matching_location": "matching location",
    "legal.basis_documented": "legal basis documented",
    "legal.signage": "signage",
    "place.type": "type of place",
    "legal.dpia": "DPIA",
    "legal.dpia_published": "DPIA published",
    "watchlists.*.size.count": "size",
    "watchlists.*.size.as_of": "size as of",
    **raw_forms.FIELD_LABELS,
}
#: Lists of ids, shown bare ("added s10"), not quoted.
_ID_LISTS = {"sources", "aliases", "related", "contradicted_by"}
LONG_TEXT = 80
REDACTED = re.compile(r"^\[redacted: [a-z]+\]$")


def diff_versions(old: dict, new: dict) -> list[Change]:
    """Returns the changes from `old` to `new` (both raw loaded data), in the new file's order."""
    changes = list(_diff(old, new, ()))
    if not changes and old != new:
        changes.append(Change("reordered", "", "fields reordered; no value changed"))
    return changes


#: Words of unchanged text kept on each side of a change in `word_diff`; the rest is elided.
CONTEXT_WORDS = 6
#: The share of the longer text's words that must be unchanged for a word-by-word view.
#: Below it the texts are shown as one removed and one added whole: a rewrite, or a value
#: replaced by "[redacted: privacy]", where a few common words scattered through read as noise.
SHARED_AT_LEAST = 0.5
#: A word with the spaces after it, a quotation mark `_show` puts around a text, or the
#: spaces a text starts with. Words are compared without their spaces.
_WORD = re.compile(r"\s+|[“”]\s*|[^\s“”]+\s*")


def word_diff(old: str, new: str, context: int = CONTEXT_WORDS) -> list[tuple[str, str]]:
    """The words that changed between two texts, with a little unchanged text around them.

    Returns (kind, text) pieces in reading order, kind one of "same", "del", "ins" and "gap"
    (unchanged words left out). Why words and not the two whole texts: a summary that gained
    one sentence read as two near-identical paragraphs, and printed both on every entry page
    it passed through; a reader wants the sentence. "same" and "ins" pieces are the new
    text's own, so joined without "del" and "gap" they give back `new` when nothing is
    elided. Texts that differ only in spacing give no "del" or "ins" piece at all.
    """
    a, b = _WORD.findall(old), _WORD.findall(new)
    matcher = difflib.SequenceMatcher(None, [w.strip() for w in a], [w.strip() for w in b], autojunk=False)
    codes = matcher.get_opcodes()
    shared = sum(i2 - i1 for op, i1, i2, _, _ in codes if op == "equal")
    if shared < SHARED_AT_LEAST * max(len(a), len(b)):
        return [("del", old), ("ins", new)]
    if len(codes) == 1 and codes[0][0] == "equal":  # no word changed
        return [("same", new)] if len(b) <= context else [("gap", "")]
    pieces: list[tuple[str, str]] = []
    for number, (op, i1, i2, j1, j2) in enumerate(codes):
        if op != "equal":
            if i2 > i1:
                # The new text's word before may lack the space the old one had ("a b c" to
                # "a b"): the removed words keep it, so they do not read as part of that word.
                glued = bool(pieces) and not pieces[-1][1][-1:].isspace() and i1 > 0
                space = a[i1 - 1][len(a[i1 - 1].rstrip()) :] if glued else ""
                pieces.append(("del", space + "".join(a[i1:i2])))
            if j2 > j1:
                pieces.append(("ins", "".join(b[j1:j2])))
            continue
        same = b[j1:j2]
        head = [] if number == 0 else same[:context]
        tail = [] if number == len(codes) - 1 else same[-context:]
        if len(head) + len(tail) >= len(same):
            pieces.append(("same", "".join(same)))
            continue
        if head:
            pieces.append(("same", "".join(head)))
        pieces.append(("gap", ""))
        if tail:
            pieces.append(("same", "".join(tail)))
    return pieces


def _diff(old: Any, new: Any, path: tuple) -> Iterator[Change]:
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict) and raw_forms.reshaped(old, new):
        yield _changed(path, old, new)  # "size changed from 120 to 100 to 140", not key by key
    elif isinstance(old, dict) and isinstance(new, dict) and not _is_unknown(old) and not _is_unknown(new):
        for key in new:
            if key not in old:
                yield _set(path + (key,), new[key])
            else:
                yield from _diff(old[key], new[key], path + (key,))
        for key in old:
            if key not in new:
                yield _unset(path + (key,), old[key])
    elif isinstance(old, list) and isinstance(new, list):
        if _all_dicts(old) and _all_dicts(new) and (old or new):
            yield from _diff_items(old, new, path)
        else:
            yield from _diff_scalars(old, new, path)
    else:
        yield _changed(path, old, new)


def _diff_items(old: list, new: list, path: tuple) -> Iterator[Change]:
    """Matches items by key; reports added and removed items whole, matched ones field by field."""
    old_keyed, new_keyed = _keyed(old, path), _keyed(new, path)
    for key, item in new_keyed.items():
        if key not in old_keyed:
            yield Change("added", _dotted(path, key), f"added {_item_name(path, item, details=True)}")
        else:
            step = _Key(key)
            step.item = item
            yield from _diff(old_keyed[key], item, path + (step,))
    for key, item in old_keyed.items():
        if key not in new_keyed:
            yield Change("removed", _dotted(path, key), f"removed {_item_name(path, item, details=True)}")
    if list(old_keyed) != [k for k in new_keyed if k in old_keyed] and set(old_keyed) & set(new_keyed):
        common = [k for k in new_keyed if k in old_keyed]
        if [k for k in old_keyed if k in new_keyed] != common:
            yield Change("reordered", _dotted(path, None), f"{_label(path)}: reordered")


def _diff_scalars(old: list, new: list, path: tuple) -> Iterator[Change]:
    shown_old = [_show(path + ("*",), v) for v in old]
    shown_new = [_show(path + ("*",), v) for v in new]
    added = [s for s in shown_new if s not in shown_old]
    removed = [s for s in shown_old if s not in shown_new]
    parts = []
    if added:
        parts.append(f"added {', '.join(added)}")
    if removed:
        parts.append(f"removed {', '.join(removed)}")
    if parts:
        yield Change("changed", _dotted(path, None), f"{_label(path)}: {'; '.join(parts)}")
    else:
        yield Change("reordered", _dotted(path, None), f"{_label(path)}: reordered")


def _set(path: tuple, value: Any) -> Change:
    shown = _show(path, value)
    if _is_long(value):
        return Change("set", _dotted(path, None), f"{_label(path)} added", None, shown)
    if isinstance(value, dict) and not _is_unknown(value) and not raw_forms.form_words(value):
        return Change("set", _dotted(path, None), f"{_label(path)} set ({shown})")  # its fields
    return Change("set", _dotted(path, None), f"{_label(path)} set to {shown}")


def _unset(path: tuple, value: Any) -> Change:
    shown = _show(path, value)
    if _is_long(value):
        return Change("removed", _dotted(path, None), f"{_label(path)} removed", shown, None)
    return Change("removed", _dotted(path, None), f"{_label(path)} removed (was {shown})")


def _changed(path: tuple, old: Any, new: Any) -> Change:
    before, after = _show(path, old), _show(path, new)
    if before == after:  # only a part the words leave out changed: name it (unseen.py)
        parts = "; ".join(unseen.unseen_parts(old, new)) or unseen.NO_VALUE_CHANGED
        return Change("changed", _dotted(path, None), f"{_label(path)}: {parts}", *unseen.notes(old, new))
    if _is_long(old) or _is_long(new):
        return Change("changed", _dotted(path, None), f"{_label(path)} changed", before, after)
    return Change("changed", _dotted(path, None), f"{_label(path)} changed from {before} to {after}")


def _keyed(items: list, path: tuple) -> dict[str, Any]:
    """Returns items by a string key; repeated keys (an invalid old version) get a counter."""
    fields = LIST_KEYS.get(_abstract(path)) or (("id",) if all("id" in i for i in items) else ())
    keyed: dict[str, Any] = {}
    for position, item in enumerate(items):
        if fields:
            key = " ".join(raw_forms.key_text(item.get(f, "")) for f in fields).strip() or f"#{position + 1}"
        else:
            key = f"#{position + 1}"
        unique, n = key, 1
        while unique in keyed:
            n += 1
            unique = f"{key} ({n})"
        keyed[unique] = item
    return keyed


def _item_name(path: tuple, item: Any, details: bool = False) -> str:
    """Names an item of a list for a sentence: `source s4 (BBC News, 4 October 2019)`."""
    if not isinstance(item, dict):
        return f"{_singular(path)} {_show(path, item)}"
    where = _abstract(path)
    g = item.get
    if where == "sources":
        name = f"source {g('id', '?')}"
        extra = [_plain(g("publisher")), _date(g("published"))]
    elif where == "statements":
        name = f"statement {g('id', '?')}"
        extra = [_plain(g("by")), _date(g("date"))]
    elif where == "events":
        name = f"event {_vocab(vocab.EVENT_TYPE_LABELS, g('type'))} ({_date(g('date')) or 'undated'})"
        extra = []
    elif where == "parties":
        name = f"party {_plain(g('name'))}"
        extra = [_vocab(vocab.PARTY_ROLE_LABELS, g("role"))]
    elif where == "political_actions":
        name = f"political action {_vocab(vocab.POLITICAL_ACTION_TYPE_LABELS, g('type'))}"
        extra = [_plain(g("actor")), _date(g("date"))]
    elif where == "investigations":
        name, extra = f"investigation by {_plain(g('body'))}", [_date(g("opened"))]
    elif where == "litigation":
        name, extra = f"case {_plain(g('case'))}", [_plain(g("court"))]
    elif where == "watchlists":
        name, extra = f"watchlist {_plain(g('name'))}", []
    elif where == "data_flows":
        name, extra = f"data flow from {_plain(g('supplier'))} to {_plain(g('recipient'))}", []
    elif where in ("responses", "corrections"):
        who = f" from {_plain(g('by'))}" if where == "responses" else ""
        name, extra = f"{_singular(path)}{who}", [_date(g("date"))]
    elif where == "timeline.periods":
        name, extra = f"period from {_date(g('start'))}", []
    elif where == "investigations.*.penalties":
        name, extra = f"penalty {_vocab(vocab.PENALTY_KIND_LABELS, g('kind'))}", [_date(g("date"))]
    elif where == "outcomes.measures":
        name, extra = f"measure {_vocab(vocab.METRIC_LABELS, g('metric'))}", []
    else:
        name, extra = _singular(path), []
    extra = [e for e in extra if e]
    return f"{name} ({', '.join(extra)})" if details and extra else name


def _label(path: tuple) -> str:
    """The field's name in a sentence; inside a list item, prefixed with the item's name."""
    for cut in range(len(path) - 1, -1, -1):
        if isinstance(path[cut], _Key):
            prefix = _item_name(path[:cut], path[cut].item)
            rest = path[cut + 1 :]
            return f"{prefix}: {_field_label(path, rest)}" if rest else prefix
    return _field_label(path, path)


def _field_label(full: tuple, rest: tuple) -> str:
    label = FIELD_LABELS.get(_abstract(full))
    if label:
        return label
    return " ".join(str(k).replace("_", " ") for k in rest if not isinstance(k, _Key))


_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_COUNTRY = re.compile("[A-Z]{2}")  # a country's code as the schema writes it (an old version: anything)


def _show(path: tuple, value: Any) -> str:
    """A value as a reader should see it: a label, a date in words, a number or quoted text."""
    if isinstance(value, str):
        if REDACTED.fullmatch(value):
            return value
        labels = VOCAB_FIELDS.get(_abstract(path))
        key = path[-1] if path else ""
        if labels is None and key in _YES_NO_KEYS:
            labels = vocab.YES_NO_LABELS
        if labels and value in labels:
            return labels[value]
        if key in _DATE_KEYS:
            shown = _date(value)
            if shown:
                return shown
        if key == "country" and _COUNTRY.fullmatch(value) and country_name(value) != value:
            return country_in_sentence(value)  # "set to the United States", as the pages name it
        if (
            _NUMBER.fullmatch(value)
            or key == "id"
            or (key == "*" and len(path) > 1 and path[-2] in _ID_LISTS)
        ):
            return value  # "from 1 to 1.1", never "from 1 to “1.1”"
        return f"\u201c{value}\u201d"
    if isinstance(value, dict):
        if _is_unknown(value):
            reason = vocab.UNKNOWN_REASON_LABELS.get(str(value["unknown"]), str(value["unknown"]))
            return f"unknown ({reason.lower()})"
        words = raw_forms.form_words(value)
        if words:
            return words
        # "basis: Admitted by the operator; denied: No; note: “…”", never "denied No, note …".
        return "; ".join(f"{str(k).replace('_', ' ')}: {_show(path + (k,), v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_show(path + ("*",), v) for v in value) or "none"
    return str(value)


class _Key(str):
    """A list position written as the item's key, remembering the item for naming it."""

    item: Any


def _dotted(path: tuple, key: str | None) -> str:
    parts = [str(p) for p in path] + ([key] if key is not None else [])
    return ".".join(parts)


def _abstract(path: tuple) -> str:
    return ".".join("*" if isinstance(p, _Key) else str(p) for p in path)


def _is_unknown(value: Any) -> bool:
    return isinstance(value, dict) and "unknown" in value


def _is_long(value: Any) -> bool:
    return isinstance(value, str) and (len(value) > LONG_TEXT or "\n" in value)


def _all_dicts(items: list) -> bool:
    return all(isinstance(i, dict) for i in items)


def _singular(path: tuple) -> str:
    name = str(path[-1]).replace("_", " ") if path else "item"
    return name[:-1] if name.endswith("s") else name


def _plain(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _vocab(labels: dict[str, str], value: Any) -> str:
    return labels.get(value, str(value)) if isinstance(value, str) else "?"

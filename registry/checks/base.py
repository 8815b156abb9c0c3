"""What a rule receives and what it yields."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from registry.loader import Loaded
from registry.schema import Entry


@dataclass(frozen=True)
class Finding:
    """A broken rule at a field path; `at_key` points at the key rather than its value.

    `at` points at another key instead: for a missing field whose need another field states
    (a missing `evidence` is reported on the `schema_version: "1.1"` line that requires it).

    `unless_checked` (a registry-wide rule's) is the path of the other file of a collision,
    whose own finding states the problem: this one is reported only when that file is not
    (`check --changed` or named files leave it out). An alias that shadows a live id is the
    alias's fault, but when a pull request touches only the file with the id (a new record
    took an old record's alias as its id), that file must still fail.

    `caused_by` is the path of the file whose change caused this one's problem: it is reported
    when either file is checked. A link to a record renamed or merged away is the linking
    record's to mend, but a pull request that renames or merges it must fail `check --changed`.
    """

    loc: tuple[Any, ...]
    message: str
    at_key: bool = False
    at: tuple[Any, ...] | None = None
    unless_checked: str | None = None
    caused_by: str | None = None


@dataclass(frozen=True)
class LoadedFile:
    """A file that loaded as YAML, with where it came from: all the text rules read.

    An entry that fails the schema is still one of these, so its text and citation rules run
    (`RAW_CHECKS`) and a contributor sees every problem at once, not the schema's first.
    """

    path: str  # relative to the repository root, with forward slashes
    loaded: Loaded

    @cached_property
    def texts(self) -> list[tuple[tuple[Any, ...], str, bool]]:
        """Every string the contributor wrote, as (field path, text, is a URL field), walked once."""
        return list(raw_strings(self.loaded.data))

    @cached_property
    def joined(self) -> tuple[str, str]:
        """(free text, every text) of the entry, each joined into one string by `SEPARATOR`.

        The text rules look for rare things; one search over the whole entry says whether
        there is anything to find, and only then do they walk `texts` to say where.
        """
        free: list[str] = []
        urls: list[str] = []
        _gather(self.loaded.data, free, urls, False)
        text = SEPARATOR.join(free)
        return text, SEPARATOR.join((text, *urls))


@dataclass(frozen=True)
class EntryFile(LoadedFile):
    """An entry that passed the schema, with where it came from."""

    entry: Entry

    @property
    def stem(self) -> str:
        return self.path.rsplit("/", 1)[-1].removesuffix(".yaml")

    def drop_data(self) -> None:
        """Forgets the parsed YAML and what the rules derived from it, keeping the model and
        the text (positions for a registry-wide rule's problem are found from the text).

        Why (issue 18): once its own rules have run, a build reads an entry only through its
        model, and the parsed YAML with the rules' caches is nearly half of a loaded entry
        (about 340 MB at 10,000 entries). Dropped file by file, while the next files are
        parsed into the memory it leaves, not after all are loaded, when it would be freed
        in pieces too scattered to give back.
        """
        for klass in type(self).__mro__:
            for name, attribute in vars(klass).items():
                if isinstance(attribute, cached_property):
                    self.__dict__.pop(name, None)
        self.loaded.drop_data()

    @cached_property
    def models(self) -> list[tuple[tuple[Any, ...], BaseModel]]:
        """Every model in the entry with its field path, walked once and shared by the rules."""
        return list(walk_models(self.entry))

    @property
    def folder(self) -> str:
        parts = self.path.split("/")
        return parts[-2] if len(parts) >= 2 else ""


def repeated(loc: tuple[Any, ...], ids: list[str]) -> Iterator[Finding]:
    """A finding for each id of the list at `loc` already listed earlier in it, naming where.

    Why: in a list of ids (related records, a claim's sources, contradicting statements) a
    second copy says nothing more, and the page listed the link twice.
    """
    first: dict[str, int] = {}
    for index, item in enumerate(ids):
        if item in first:
            where = ".".join(str(part) for part in (*loc, first[item]))
            yield Finding((*loc, index), f"'{item}' is already listed ({where})")
        first.setdefault(item, index)


def walk_models(node: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], BaseModel]]:
    """Yields every model inside `node` (itself included) with its field path, parents first."""
    pending: list[tuple[tuple[Any, ...], Any]] = [(loc, node)]
    while pending:
        loc, node = pending.pop()
        if isinstance(node, BaseModel):
            yield loc, node
            children = [((*loc, name), getattr(node, name)) for name in _nested_fields(type(node))]
            pending.extend(reversed(children))
        elif isinstance(node, list):
            pending.extend(reversed([((*loc, index), item) for index, item in enumerate(node)]))


@cache
def _nested_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of `model` that can hold a model or a list; the rest are plain values."""
    return tuple(name for name, field in model.model_fields.items() if _may_nest(field.annotation))


def _may_nest(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    if get_origin(annotation) in (list, tuple):
        return True
    return any(_may_nest(arg) for arg in get_args(annotation))


URL_FIELDS = frozenset({"url", "archive_url"})
#: Joins an entry's texts for `EntryFile.joined`: the loader refuses NUL in entries, so no
#: pattern can match across it, and the line break keeps `^` matching at each text's start.
SEPARATOR = "\x00\n"


def _gather(node: Any, free: list[str], urls: list[str], is_url: bool) -> None:
    """Appends every string in raw loaded data to `free` or, in a URL field, to `urls`."""
    kind = type(node)
    if kind is str:
        (urls if is_url else free).append(node)
    elif kind is dict:
        for key, value in node.items():
            _gather(value, free, urls, key in URL_FIELDS)
    elif kind is list:
        for item in node:
            _gather(item, free, urls, is_url)


def raw_strings(data: Any) -> Iterator[tuple[tuple[Any, ...], str, bool]]:
    """Yields (field path, text, is a URL field) for every string in raw loaded data, in file order."""
    pending: list[tuple[tuple[Any, ...], Any, bool]] = [((), data, False)]
    while pending:
        loc, node, is_url = pending.pop()
        if isinstance(node, str):
            yield loc, node, is_url
        elif isinstance(node, dict):
            pending.extend(((*loc, k), v, k in URL_FIELDS) for k, v in reversed(node.items()))
        elif isinstance(node, list):
            pending.extend(((*loc, i), v, is_url) for i, v in reversed(list(enumerate(node))))

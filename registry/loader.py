"""The one hardened YAML loader: entry bytes in, plain strings, lists and dicts out.

Every entry file, every exporter and every test reads YAML through `load_yaml`; a lint test
(`tests/test_no_other_yaml.py`) fails on any other YAML call. SECURITY.md §3.1 says why: stock
PyYAML turns `NO` into False and `0755` into 493, silently keeps the last of two duplicate keys,
expands alias bombs and recurses on deep nesting. Entries come from untrusted pull requests.

`load_yaml` works in stages, cheapest first, and raises `LoadError` at the first problem:

1. bytes: size, then strict UTF-8 decoding (we decode, so PyYAML never guesses UTF-16);
2. raw text: CR line endings, then forbidden characters (tabs, controls, bidi overrides);
3. directives (`%` at the start of a line) are refused on the raw text, at their line;
4. one pass over the parser's events (libyaml's when available) that refuses anchors, aliases,
   tags, extra documents, bad keys, excess depth and escaped control characters at the event
   that carries them, and builds only str, list and dict: every scalar stays its exact source
   text and typing is left to the pydantic schema. Nothing recurses, and nothing is expanded.
   Files in the plain shape of the contributor guide (nearly all) are first offered to
   `registry.plainyaml.read_plain`, which gives the same data twice as fast, or declines.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from registry.errors import LoadError
from registry.plainyaml import read_plain
from registry.rawtext import MAX_LISTED, blanked, check_raw_text, decode, readable_copy
from registry.yaml_dump import dump_yaml  # noqa: F401 (re-exported: callers import it from here)
from registry.yaml_keys import DUPLICATE, Frame, escaped_text, take_key
from registry.yaml_messages import (
    MAX_DEPTH,
    MESSAGES,
    fail,
    pos,
    position,
    starts_its_line,
    yaml_errors_as_load_errors,
)

MAX_BYTES = 64 * 1024
#: A line with something on it other than a comment (tabs and CRs are refused before this).
_CONTENT_LINE = re.compile(r"^[ ]*[^ #\n]", re.MULTILINE)


class Loaded:
    """A loaded entry file: its data, and where each key and value sits in the source.

    Paths are tuples of mapping keys (str) and list indices (int), as in pydantic's `loc`;
    positions are 1-based `(line, col)`, with columns counted in characters.

    Positions are only needed to report a problem, and most files have none, so they are
    found on first use by a second pass over the same text; a valid file never pays for them.
    """

    __slots__ = ("data", "_text", "_positions")

    def __init__(self, data: dict, text: str) -> None:
        self.data = data
        self._text = text
        self._positions: tuple[dict, dict] | None = None

    @property
    def text(self) -> str:
        """The file's text as decoded and checked: what it was loaded from."""
        return self._text

    @property
    def values(self) -> dict[tuple, tuple[int, int]]:
        """Where each value starts, by path (the whole file is `()`)."""
        return self._located()[0]

    @property
    def keys(self) -> dict[tuple, tuple[int, int]]:
        """Where each mapping key starts, by the path of its value."""
        return self._located()[1]

    def _located(self) -> tuple[dict, dict]:
        if self._positions is None:
            _, values, keys = _build(_events(self._text), track=True, tolerant=True)
            self._positions = (values, keys)
        return self._positions

    def drop_data(self) -> None:
        """Forgets the parsed data (EntryFile.drop_data); positions stay available."""
        self.data = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Loaded):
            return NotImplemented
        if self.data is None or other.data is None:  # dropped: the same text, the same file
            return self.data is other.data and self._text == other._text
        return self.data == other.data and self._located() == other._located()

    __hash__ = None  # type: ignore[assignment]  # mutable data, like a dict

    def locate(self, loc: tuple) -> tuple[int, int]:
        """Returns the value position of the deepest prefix of `loc` that exists.

        A missing field therefore points at the mapping that should have held it.
        """
        values = self.values
        for end in range(len(loc), -1, -1):
            if loc[:end] in values:
                return values[loc[:end]]
        return (1, 1)

    def locate_key(self, loc: tuple) -> tuple[int, int]:
        """Returns the position of the key at `loc` itself, or `locate(loc)` if it has none."""
        return self.keys.get(tuple(loc)) or self.locate(tuple(loc))


# libyaml's parser when PyYAML was built with it (about 10x faster); the pure-Python one
# otherwise. Only its events are used, never its constructor, so both behave the same.
_EVENT_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DIRECTIVE = re.compile(r"^%", re.MULTILINE)
#: A `#` glued to the quote before it or to the word after it (the match starts one before it).
_GLUED_HASH = re.compile(r"""["']#|[ \t]#[^\s]""")


def load_file(path: Path) -> Loaded:
    """Returns the loaded entry at `path`; reads that file, raises `LoadError` if it is refused."""
    return load_yaml(Path(path).read_bytes())


def load_yaml(raw: bytes) -> Loaded:
    """Returns the loaded entry for the bytes of one file, or raises `LoadError` with a position."""
    if len(raw) > MAX_BYTES:
        raise too_large(len(raw))
    return _load_text(decode(raw))


def too_large(size: int) -> LoadError:
    """The refusal of a file of `size` bytes, over MAX_BYTES.

    Shared with the history, which says it of an old version it never read (only git's count
    of its bytes), so a version is refused in the same words wherever it is met.
    """
    return LoadError("size", 1, 1, f"the file is {size:,} bytes; the limit is {MAX_BYTES:,} bytes")


def _load_text(text: str) -> Loaded:
    """Returns the loaded entry for decoded text: raw checks, then the plain reader or events.

    Nearly every entry has the plain shape `read_plain` reads in half the time; anything else,
    and every file with a problem to report, goes through the parser's events.
    """
    _check_text(text)
    plain = read_plain(text)
    if plain is not None:
        return Loaded(plain, text)
    if not _CONTENT_LINE.search(text):
        # The parser reads nothing either way; a file of comments is not empty to its writer.
        raise LoadError("top-level", 1, 1, MESSAGES["only-comments" if text.strip() else "empty"])
    return load_events(text)


def comments_that_drop_text(loaded: Loaded) -> list[LoadError]:
    """Every `#` after a value that looks like text YAML would drop as a comment, in a registry
    data file (an entry, a research table; not a CI workflow, whose comments are the tools').

    YAML drops a comment from the value without a word: `note: Case #3 was opened` reads
    "Case", and `title: "Council switches"#on face cameras` reads "Council switches". So a `#`
    glued to a closing quote, or glued to the word after it (`#3`, `#hashtag`), is refused. A
    comment written as comments are, `# ` with a space (as `registry new` writes them after a
    value or on a line of their own), is fine, as is any `#` inside a value.
    """
    text = loaded.text
    # The `#` of each glued match, where something comes before it on its line. Nearly every
    # file has none (its only `#` starts a comment line), and is not parsed again.
    glued = [m.start() + 1 for m in _GLUED_HASH.finditer(text) if not starts_its_line(text, m.start() + 1)]
    if not glued:
        return []
    scalars = [(e.start_mark.index, e.end_mark.index) for e in _events(text) if type(e) is yaml.ScalarEvent]
    starts = [start for start, _ in scalars]
    found = []
    for at in glued:
        inside = bisect.bisect_right(starts, at) - 1
        if inside < 0 or at >= scalars[inside][1]:  # outside every value: a comment
            found.append(LoadError("comment", *position(text, at), MESSAGES["comment"]))
    return found[:MAX_LISTED]


def load_events(text: str) -> Loaded:
    """Loads checked text by one pass over the parser's events: the reference for every file."""
    if _EVENT_LOADER is not yaml.SafeLoader:
        try:
            return Loaded(_build(_events_of(text, _EVENT_LOADER), track=False, text=text)[0], text)
        except yaml.YAMLError:
            pass  # re-read below, so every install reports the same first problem
    # libyaml scans ahead through flow brackets and has its own nesting limit (libyaml 0.2.6
    # stops 100,000 `[` at level 1,000, before our depth check), and it words errors its own
    # way. The pure-Python parser reads lazily, so a file libyaml refused is re-read with it:
    # valid files never pay for this, and contributors see one set of messages everywhere.
    duplicates: list[LoadError] = []  # found before a syntax error: reported with it
    with yaml_errors_as_load_errors(text, duplicates):
        parser = yaml.SafeLoader(text)
        try:
            events = iter(parser.get_event, None)
            return Loaded(_build(events, track=False, duplicates=duplicates, text=text)[0], text)
        except (ValueError, OverflowError):
            # PyYAML's parser turns "\U00110000" into chr(0x110000) unchecked: ValueError, or
            # OverflowError past 2**31. The mark is just after the `\U`.
            mark = parser.get_mark()
            line, col = mark.line + 1, max(mark.column - 1, 1)
            raise LoadError(
                "char",
                line,
                col,
                "this escape is not a Unicode character (the largest is \\U0010FFFF); remove it",
            ) from None


def _check_text(text: str) -> None:
    """The checks made on the whole decoded text before any parsing.

    Line endings and refused characters are told all at once, and they do not hide the rest
    of the file: it is read from a copy with each CR LF an LF and each refused character a
    space (the same lines and columns). The copy's own problems are told beside them, and the
    copy, if it loads, rides on the error (`LoadError.readable`) for `check` to run the schema
    and the rules on. A refused character that indents a line (a tab before a key) would
    change what the copy means: then only the copy's duplicate keys are told, which no
    indentation can make.
    """
    try:
        check_raw_text(text)
    except LoadError as refused:
        found, readable = [refused, *refused.more], None
        copy = readable_copy(text, refused.code)
        if copy is None:
            if refused.code == "char":
                found += _duplicate_keys(blanked(text))
        else:
            try:
                readable = _load_text(copy)
            except LoadError as more:
                # Not on a line whose refused character the copy replaced: the space may have
                # made that problem ("key: <ZWSP>- x" reads as a list where none may be).
                spaced = refused_lines(found)
                found += [e for e in (more, *more.more) if e.code == "dup-key" or e.line not in spaced]
                readable = more.readable
        error = LoadError.together(sorted(found, key=lambda e: (e.line, e.col)))
        error.readable = readable
        raise error from None
    directive = _DIRECTIVE.search(text)
    if directive:
        raise LoadError("directive", *position(text, directive.start()), MESSAGES["directive"])


def refused_lines(errors: list[LoadError]) -> set[int]:
    """The lines of refused characters: there a readable copy holds a space the file does not."""
    return {error.line for error in errors if error.code == "char"}


def _duplicate_keys(text: str) -> list[LoadError]:
    """The duplicate keys `load_events` finds in `text`, before anything stops it."""
    try:
        load_events(text)
    except LoadError as error:
        return [e for e in (error, *error.more) if e.code == "dup-key"]
    return []


def _events(text: str) -> Iterator[yaml.Event]:
    """The parser events of text that has already loaded once (so libyaml accepted it)."""
    try:
        return iter(list(_events_of(text, _EVENT_LOADER)))
    except yaml.YAMLError:
        return _events_of(text, yaml.SafeLoader)


def _events_of(text: str, loader: type) -> Iterator[yaml.Event]:
    """The parser's events, lazily: what `yaml.parse` yields, without its per-event overhead.

    Only the parser part of the loader is used; both parsers return None after the last event.
    """
    return iter(loader(text).get_event, None)


def _build(
    events: Iterator[yaml.Event],
    track: bool,
    duplicates: list[LoadError] | None = None,
    text: str | None = None,
    tolerant: bool = False,
) -> tuple[dict, dict, dict]:
    """Checks each event and builds the data (and, if `track`, its positions) in one pass.

    Returns `(data, values, keys)`; the two position maps stay empty unless `track`.
    Every refusal happens at the event that causes it, before anything after it is read: an
    anchor ends the load at its `&` (so an alias bomb never expands), and depth is the length
    of an explicit stack (so 60,000 `[` cost no recursion; the parser is lazy and stops there).
    The exceptions harm nothing read after them: a duplicate key, and a character an escape
    made that is refused. Each is kept in `duplicates` and the load goes on, so all of them
    (and the next refusal) are reported; when nothing else stops the load, the data without
    them rides on the error as a file `check` runs the schema on (`LoadError.readable`, made
    from `text`), so the file's other mistakes are told with them.
    `tolerant` takes the data as it is (the positions of a file already told about them).
    """
    duplicates = [] if duplicates is None else duplicates
    try:
        built = _build_checked(events, track, duplicates)
    except LoadError as error:
        raise LoadError.together([*duplicates, error]) from None
    if duplicates and not tolerant:
        error = LoadError.together(duplicates)
        error.readable = Loaded(built[0], text) if text is not None else None
        raise error
    return built


def _build_checked(
    events: Iterator[yaml.Event], track: bool, duplicates: list[LoadError]
) -> tuple[dict, dict, dict]:
    stack: list[Frame] = []
    values: dict[tuple, tuple[int, int]] = {}
    keys: dict[tuple, tuple[int, int]] = {}
    root: dict | None = None
    documents = 0
    scalar, mapping, sequence = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    for event in events:
        kind = type(event)
        if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            stack.pop()
            continue
        if kind is scalar:
            node: dict | list | str = event.value
            if event.style == '"':
                node = escaped_text(event, duplicates)
        elif kind is mapping:
            node = {}
        elif kind is sequence:
            node = []
        else:
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    fail("multi-doc", event.start_mark)
            elif kind is yaml.AliasEvent:
                fail("alias", event.start_mark)
            continue
        if event.anchor is not None:
            fail("anchor", event.start_mark)
        if event.tag is not None:
            fail("tag", event.start_mark)
        if not stack:
            if kind is not mapping:
                raise LoadError(
                    "top-level", 1, 1, "the file must be 'field: value' lines, not a list or one value"
                )
            root = node
            if track:
                values[()] = pos(event.start_mark)
            stack.append(Frame(node, ()))
            continue
        frame = stack[-1]
        container = frame.container
        if type(container) is dict:
            if frame.key is None:
                frame.key = take_key(frame, event, duplicates)
                if track:
                    keys[frame.path + (frame.key,)] = pos(event.start_mark)
                continue
            step: str | int = frame.key
            if step is not DUPLICATE:
                container[step] = node
            frame.key = None
        else:
            step = len(container)
            container.append(node)
        if track:
            values[frame.path + (step,)] = pos(event.start_mark)
        if kind is not scalar:
            stack.append(Frame(node, frame.path + (step,) if track else ()))
            if len(stack) > MAX_DEPTH:
                fail("depth", event.start_mark)
    if root is None:
        raise LoadError("top-level", 1, 1, MESSAGES["empty"])
    return root, values, keys

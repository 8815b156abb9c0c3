"""The one hardened YAML loader: entry bytes in, plain strings, lists and dicts out.

Every entry file, every exporter and every test reads YAML through `load_yaml`; a lint test
(`tests/test_no_other_yaml.py`) fails on any other YAML call. SECURITY.md §3.1 says why: stock
PyYAML turns `NO` into False and `0755` into 493, silently keeps the last of two duplicate keys,
expands alias bombs and recurses on deep nesting. Entries come from untrusted pull requests.

`load_yaml` works in stages, cheapest first, and raises `LoadError` at the first problem:

1. bytes: size, then strict UTF-8 decoding (we decode, so PyYAML never guesses UTF-16);
2. raw text: CR line endings, then forbidden characters (tabs, controls, bidi overrides);
3. an event pre-pass over `yaml.parse()`: directives, anchors, aliases and tags are refused by
   the scanner at their first character; the top level, extra documents, depth, keys and every
   parsed scalar are checked from the events with an explicit stack, so nothing recurses and
   nothing is built before the whole file has passed;
4. construction with a loader that knows only str, seq and map, so every scalar stays its
   exact source text and typing is left to the pydantic schema.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import yaml
from yaml.constructor import SafeConstructor
from yaml.representer import SafeRepresenter

from registry.errors import LoadError

MAX_BYTES = 64 * 1024
MAX_DEPTH = 16
MAX_TEXT = 2000  # free-text limit; enforced by the schema, kept here beside the other limits

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

# U+2028/U+2029 and U+FFFE/U+FFFF are refused too: PyYAML counts the first two as line breaks
# (so every later line number would be off) and refuses the last two with a less clear error.
_FORBIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\ufeff\u202a-\u202e\u2066-\u2069\u2028\u2029\ufffe\uffff]"
)
_WIDE_BOMS = {
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\xfe\xff": "UTF-16",
    b"\xff\xfe": "UTF-16",
}
_UTF8_BOM = b"\xef\xbb\xbf"

# Messages for a contributor who may never have heard of YAML: what is wrong, then what to do.
_MESSAGES = {
    "directive": "YAML directives (%YAML, %TAG) are not allowed; delete the line",
    "anchor": "YAML anchors (&) are not allowed; write the value out in full",
    "alias": "YAML aliases (*) and merge keys (<<) are not allowed; write the value out in full",
    "tag": "YAML tags such as !!str are not allowed; remove the tag",
    "multi-doc": "only one document is allowed per file; remove this '---' and what follows",
    "key-type": "a key must be plain text, not a list or a mapping",
    "depth": f"the data is nested more than {MAX_DEPTH} levels deep; flatten it",
    "eol": "Windows line endings (CR) are not allowed; save the file with LF line endings",
}


@dataclass(frozen=True)
class Loaded:
    """A loaded entry file: its data, and where each key and value sits in the source.

    Paths are tuples of mapping keys (str) and list indices (int), as in pydantic's `loc`;
    positions are 1-based `(line, col)`, with columns counted in characters.
    """

    data: dict
    values: dict[tuple, tuple[int, int]]
    keys: dict[tuple, tuple[int, int]]

    def locate(self, loc: tuple) -> tuple[int, int]:
        """Returns the value position of the deepest prefix of `loc` that exists.

        A missing field therefore points at the mapping that should have held it.
        """
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.values:
                return self.values[loc[:end]]
        return (1, 1)

    def locate_key(self, loc: tuple) -> tuple[int, int]:
        """Returns the position of the key at `loc` itself, or `locate(loc)` if it has none."""
        return self.keys.get(tuple(loc)) or self.locate(tuple(loc))


class _StrictLoader(yaml.SafeLoader):
    """A SafeLoader that builds only str, list and dict, and whose scanner refuses YAML features.

    The dicts are assigned, never mutated: deleting from the inherited ones would change
    `yaml.SafeLoader` for the whole process (MkDocs included). With no implicit resolvers every
    plain scalar resolves to str. Refusing in the scanner gives the exact position of the `&`,
    `*`, `!` or `%`, and stops an alias bomb at its first anchor, before anything expands.
    """

    yaml_implicit_resolvers: dict = {}
    yaml_path_resolvers: dict = {}
    yaml_constructors = {
        _STR: SafeConstructor.construct_yaml_str,
        _SEQ: SafeConstructor.construct_yaml_seq,
        _MAP: SafeConstructor.construct_yaml_map,
        None: SafeConstructor.construct_undefined,
    }
    yaml_multi_constructors: dict = {}

    def fetch_directive(self) -> None:
        _fail("directive", self.get_mark())

    def fetch_anchor(self) -> None:
        _fail("anchor", self.get_mark())

    def fetch_alias(self) -> None:
        _fail("alias", self.get_mark())

    def fetch_tag(self) -> None:
        _fail("tag", self.get_mark())


class _Mapping:
    """Pre-pass bookkeeping for one open mapping: which keys it has and whether a key is next."""

    def __init__(self) -> None:
        self.seen: dict[str, yaml.Mark] = {}
        self.key_next = True


def load_file(path: Path) -> Loaded:
    """Returns the loaded entry at `path`; reads that file, raises `LoadError` if it is refused."""
    return load_yaml(Path(path).read_bytes())


def load_yaml(raw: bytes) -> Loaded:
    """Returns the loaded entry for the bytes of one file, or raises `LoadError` with a position."""
    if len(raw) > MAX_BYTES:
        raise LoadError("size", 1, 1, f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,} bytes")
    return _load_text(_decode(raw))


def _load_text(text: str) -> Loaded:
    """Returns the loaded entry for decoded text: raw checks, the event pre-pass, then building."""
    _check_raw_text(text)
    with _yaml_errors_as_load_errors():
        _check_events(text)
        return _construct(text)


@contextmanager
def _yaml_errors_as_load_errors() -> Iterator[None]:
    """Turns PyYAML's own errors into `LoadError` at the problem's mark.

    `RecursionError` is not a `YAMLError`; the pre-pass caps depth before anything recurses,
    so catching it here is a second line of defence, never the first.
    """
    try:
        yield
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise LoadError(
            "syntax",
            *(_pos(mark) if mark else (1, 1)),
            f"this is not valid YAML ({error.problem}); check the indentation and quoting",
        ) from None
    except RecursionError:
        raise LoadError("depth", 1, 1, _MESSAGES["depth"]) from None


def _decode(raw: bytes) -> str:
    """Returns `raw` decoded as strict UTF-8 without a leading BOM; refuses anything else."""
    for bom, name in _WIDE_BOMS.items():
        if raw.startswith(bom):
            raise LoadError("encoding", 1, 1, f"the file is saved as {name}; save it as UTF-8")
    raw = raw.removeprefix(_UTF8_BOM)
    try:
        return raw.decode("utf-8", errors="strict")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        line = raw.count(b"\n", 0, error.start) + 1
        col = len(raw[line_start : error.start].decode("utf-8")) + 1
        raise LoadError(
            "encoding",
            line,
            col,
            f"byte 0x{raw[error.start]:02X} is not valid UTF-8; save the file as UTF-8",
        ) from None


def _check_raw_text(text: str) -> None:
    """Refuses CR line endings, then the first forbidden character, at its position."""
    cr = text.find("\r")
    if cr >= 0:
        raise LoadError("eol", *_position(text, cr), _MESSAGES["eol"])
    bad = _FORBIDDEN.search(text)
    if bad:
        raise LoadError("char", *_position(text, bad.start()), _raw_char_message(bad.group()))


def _check_events(text: str) -> None:
    """Refuses, from parser events alone, everything that `_construct` must never see.

    The stack is explicit and depth is its length, so 100,000 `[` cost no recursion; the parser
    is lazy, so it stops at the first `[` past the limit.
    """
    stack: list[_Mapping | None] = []  # one item per open collection; None for a sequence
    documents = 0
    for event in yaml.parse(text, Loader=_StrictLoader):
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                _fail("multi-doc", event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            stack.pop()
        elif isinstance(event, yaml.NodeEvent):
            _check_node(event, stack)
    if documents == 0:
        raise LoadError("top-level", 1, 1, "the file is empty; it needs 'field: value' lines")


def _check_node(event: yaml.NodeEvent, stack: list[_Mapping | None]) -> None:
    """Refuses a node that is a bad root, a bad key, bad text or one level too deep."""
    if not stack and not isinstance(event, yaml.MappingStartEvent):
        raise LoadError("top-level", 1, 1, "the file must be 'field: value' lines, not a list or one value")
    if stack and stack[-1] is not None:
        _check_key_slot(stack[-1], event)
    if isinstance(event, yaml.ScalarEvent):
        # Escapes such as "\e" or "\u202e" make characters the raw-text check never saw.
        bad = _FORBIDDEN.search(event.value)
        if bad:
            _fail(
                "char",
                event.start_mark,
                f"this value contains {_char_name(bad.group())}, made by an escape such as "
                "\\e or \\u202e; remove it",
            )
    if isinstance(event, yaml.CollectionStartEvent):
        stack.append(_Mapping() if isinstance(event, yaml.MappingStartEvent) else None)
        if len(stack) > MAX_DEPTH:
            _fail("depth", event.start_mark)


def _check_key_slot(mapping: _Mapping, event: yaml.NodeEvent) -> None:
    """Refuses a non-scalar or duplicate key; every other node in a mapping is a value."""
    is_key, mapping.key_next = mapping.key_next, not mapping.key_next
    if not is_key:
        return
    if not isinstance(event, yaml.ScalarEvent):
        _fail("key-type", event.start_mark)
    first = mapping.seen.get(event.value)
    if first is not None:
        _fail(
            "dup-key",
            event.start_mark,
            f"key {_shown(event.value)} appears twice (first on line {first.line + 1}); remove one",
        )
    mapping.seen[event.value] = event.start_mark


def _construct(text: str) -> Loaded:
    """Returns the data built by `_StrictLoader` and the positions of its nodes."""
    loader = _StrictLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root)
    finally:
        loader.dispose()
    values: dict[tuple, tuple[int, int]] = {(): _pos(root.start_mark)}
    keys: dict[tuple, tuple[int, int]] = {}
    pending = [((), root)]
    while pending:
        path, node = pending.pop()
        if isinstance(node, yaml.MappingNode):
            children = [(key.value, key, value) for key, value in node.value]
        elif isinstance(node, yaml.SequenceNode):
            children = [(index, None, item) for index, item in enumerate(node.value)]
        else:
            continue
        for step, key, child in children:
            values[path + (step,)] = _pos(child.start_mark)
            if key is not None:
                keys[path + (step,)] = _pos(key.start_mark)
            pending.append((path + (step,), child))
    return Loaded(data=data, values=values, keys=keys)


def _fail(code: str, mark: yaml.Mark, message: str | None = None) -> NoReturn:
    raise LoadError(code, *_pos(mark), message or _MESSAGES[code])


def _pos(mark: yaml.Mark) -> tuple[int, int]:
    """PyYAML marks are 0-based; convert once, here."""
    return (mark.line + 1, mark.column + 1)


def _position(text: str, index: int) -> tuple[int, int]:
    """Returns the 1-based (line, col) of `index` in `text`, counting LF as the only line break."""
    line_start = text.rfind("\n", 0, index) + 1
    return (text.count("\n", 0, index) + 1, index - line_start + 1)


def _char_name(char: str) -> str:
    """Returns a refused character as a contributor can recognise it."""
    code = f"U+{ord(char):04X}"
    if char == "\t":
        return "a tab"
    if char == "\ufeff":
        return f"the invisible byte order mark {code}"
    if char in "\u2028\u2029":
        return f"the line separator {code}"
    if "\u202a" <= char <= "\u2069":
        return f"the invisible text-direction character {code}"
    return f"the invisible control character {code}"


def _raw_char_message(char: str) -> str:
    if char == "\t":
        return "tab characters are not allowed; indent with spaces"
    return f"{_char_name(char)} is not allowed here; delete it"


def _shown(value: str) -> str:
    """Returns `value` as a repr cut to 80 characters, safe to print on one line."""
    shown = repr(value)
    return shown if len(shown) <= 80 else shown[:77] + "..."


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    """Asks for a `|` block for multi-line text, which is what people expect to edit.

    The emitter itself falls back to quotes when a block cannot hold the text exactly.
    """
    return dumper.represent_scalar(_STR, text, style="|" if "\n" in text else None)


class _StrictDumper(yaml.SafeDumper):
    """A SafeDumper for str, list and dict only, never writing anchors or aliases.

    It keeps SafeDumper's YAML 1.1 resolvers on purpose: they make it quote `NO`, `0755` or
    `2021-03-04`, which our loader keeps as text anyway but other YAML readers would not.
    Any other type raises, because it could not load back equal.
    """

    yaml_representers: dict = {
        str: _represent_str,
        dict: SafeRepresenter.represent_dict,
        list: SafeRepresenter.represent_list,
        None: SafeRepresenter.represent_undefined,
    }
    yaml_multi_representers: dict = {}

    def ignore_aliases(self, data: object) -> bool:
        return True


def dump_yaml(data: dict) -> str:
    """Returns `data` as block-style YAML that `load_yaml` loads back equal."""
    return yaml.dump(
        data,
        Dumper=_StrictDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=sys.maxsize,
    )

"""`dump_yaml`: data back to block-style YAML that `registry.loader.load_yaml` loads back equal.

For `registry new` and the tests that write entries; split from the loader, which only reads.
"""

from __future__ import annotations

import sys

import yaml
from yaml.representer import SafeRepresenter

_STR = "tag:yaml.org,2002:str"


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

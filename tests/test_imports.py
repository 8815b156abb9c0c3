"""Imports run one way (HACKING.md, "The pipeline"): no cycle, and no stage imports a later one.

Every module under `registry/` is parsed with `ast`, so an import inside a function or under
`if TYPE_CHECKING:` counts as much as one at the top: a deferred import hides a cycle from
Python, not from a reader. A new module must be given its stage in `STAGE_OF` (the test names
it), so the order is decided once, here, and HACKING.md describes it.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "registry"

# The pipeline, earliest first. A module may import from its own stage and any earlier one.
STAGES = (
    "shared",  # vocabularies, types, dates, errors, text helpers, process helpers
    "load",  # the hardened YAML loader
    "schema",  # the pydantic models and their messages
    "checks",  # rules beyond the schema; loading and checking every entry
    "history",  # one git walk
    "render",  # the Jinja environment, the build context, the pictures
    "data",  # feeds and exports: the records as data, which pages also show
    "pages",  # page generators
    "post-build",  # steps over MkDocs' output
    "build",  # `registry build`: the whole pipeline
    "commands",  # the command line and the commands beside build
)

# Longest prefix wins: a package's stage, then the modules that differ from it.
STAGE_OF = {
    "registry": "shared",
    "registry.__main__": "commands",
    "registry.vocab": "shared",
    "registry.errors": "shared",
    "registry.types": "shared",
    "registry.dates": "shared",
    "registry.qualified": "shared",
    "registry.wording": "shared",
    "registry.text": "shared",
    "registry.countries": "shared",
    "registry.chars": "shared",
    "registry.terminal": "shared",
    "registry.parallel": "shared",
    "registry.writer": "shared",
    "registry.output": "shared",  # the site's one writer of (path, bytes) outputs: errors only
    "registry.csp_policy": "shared",
    "registry.urls": "shared",
    "registry.exports.cite": "shared",  # the citation's wording: the render helpers use it too
    "registry.docs_help": "shared",
    "registry.loader": "load",
    "registry.rawtext": "load",  # the loader's checks on the whole text, before parsing
    "registry.plainyaml": "load",
    "registry.yaml_messages": "load",
    "registry.yaml_slips": "load",
    "registry.yaml_keys": "load",
    "registry.yaml_pieces": "load",
    "registry.yaml_dump": "load",
    "registry.schema": "schema",
    "registry.schema_followup": "schema",
    "registry.messages": "schema",
    "registry.moved_keys": "schema",  # a key moved out of its group, told as that (check)
    "registry.suggestions": "shared",
    "registry.jsonschema": "schema",
    "registry.research": "schema",  # the law and coverage tables: models and their loader
    # What a record implies, from the models alone (requests, coverage): pages and exports use it.
    "registry.questions": "schema",
    "registry.letter_words": "schema",
    "registry.question_forms": "schema",
    "registry.addressees": "schema",
    "registry.law_words": "schema",
    "registry.transparency": "schema",
    "registry.years_in_use": "schema",  # the years a record was in use: filters and search alike
    "registry.checks": "checks",
    "registry.entries": "checks",
    "registry.history": "history",
    "registry.address_lists": "history",
    "registry.address_lines": "history",
    "registry.published_ids": "history",
    "registry.history_files": "history",
    "registry.stray_files": "history",
    "registry.changed": "history",  # which files `check --changed` judges, asked of git
    "registry.published_revisions": "history",
    "registry.published_requests": "history",
    "registry.render": "render",
    "registry.engine": "render",  # the site engine's seam (config, page format, theme): pages and outputs use it
    "registry.context": "render",
    "registry.location": "render",  # where a record is placed: the maps, locators and exports
    "registry.searchwords": "render",  # what search indexes of a record
    "registry.siteaddress": "render",  # the public addresses given to `registry build`
    "registry.charts": "render",
    "registry.issue_forms": "render",  # the contact channel the site's pages show; `registry forms` too
    "registry.feeds": "data",
    "registry.exports": "data",
    "registry.pages": "pages",
    "registry.postbuild": "post-build",
    "registry.layout": "post-build",  # fills the engine-made layouts with the records' pages
    "registry.sanitize": "shared",  # the nh3 backstop: no registry imports
    "registry.mkdocs_hooks": "build",
    "registry.swap": "build",
    "registry.worklock": "build",
    "registry.worktree": "build",
    "registry.folder_guard": "build",
    "registry.build": "build",
    "registry.serve": "commands",
    "registry.preview": "commands",  # serve's fast path: it hands the full build prepared inputs
    "registry.preview_pages": "commands",
    "registry.preview_http": "commands",
    "registry.preview_watch": "commands",
    "registry.cli": "commands",
    "registry.docs": "commands",
    "registry.scaffold": "commands",
    "registry.links": "commands",
    "registry.old_addresses": "commands",  # check asks the build's own list of pages (pages.vacated)
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported(name: str, path: Path) -> set[str]:
    """The registry modules `name` imports anywhere in its text, deferred and TYPE_CHECKING alike."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:  # `from registry.pages import entry` imports the module
                found.add(f"{source}.{alias.name}" if f"{source}.{alias.name}" in MODULES else source)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: imported(name, path) for name, path in MODULES.items()}


def stage(name: str) -> str:
    prefix = name
    while prefix not in STAGE_OF:
        if "." not in prefix:
            raise AssertionError(f"{name}: no stage in tests/test_imports.py STAGE_OF; add it")
        prefix = prefix.rpartition(".")[0]
    return STAGE_OF[prefix]


def test_every_module_has_a_known_stage():
    unknown = [
        m for m in MODULES if m not in STAGE_OF and m.count(".") == 1 and MODULES[m].name != "__init__.py"
    ]
    assert not unknown, f"give these modules a stage in STAGE_OF: {unknown}"
    assert set(STAGE_OF.values()) <= set(STAGES)
    for name in MODULES:
        stage(name)


def test_no_stage_imports_a_later_stage():
    order = {s: i for i, s in enumerate(STAGES)}
    back = sorted(
        f"{name} ({stage(name)}) imports {dep} ({stage(dep)})"
        for name, deps in GRAPH.items()
        for dep in deps
        if order[stage(dep)] > order[stage(name)]
    )
    assert not back, "imports from a later stage:\n" + "\n".join(back)


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle in `graph` as a list of modules (first == last), or None."""
    done: set[str] = set()
    path: list[str] = []
    on_path: set[str] = set()

    def visit(node: str) -> list[str] | None:
        path.append(node)
        on_path.add(node)
        for dep in sorted(graph[node]):
            if dep in on_path:
                return path[path.index(dep) :] + [dep]
            if dep not in done and (cycle := visit(dep)):
                return cycle
        path.pop()
        on_path.discard(node)
        done.add(node)
        return None

    for start in sorted(graph):
        if start not in done and (cycle := visit(start)):
            return cycle
    return None


def test_no_import_cycle():
    cycle = find_cycle(GRAPH)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_deferred_and_type_checking_imports_count(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from registry.build import x\n"
        "def f():\n    from registry.pages import entry\n",
        encoding="utf-8",
    )
    assert imported("registry.m", module) == {"registry.build", "registry.pages.entry"}


def test_build_imports_its_stages_at_the_top_and_no_stage_imports_build():
    tree = ast.parse(MODULES["registry.build"].read_text(encoding="utf-8"))
    deferred = [
        n
        for f in tree.body
        if isinstance(f, ast.FunctionDef)
        for n in ast.walk(f)
        if isinstance(n, ast.ImportFrom)
        if (n.module or "").startswith("registry")
    ]
    assert not deferred, [n.module for n in deferred]
    assert not [n for n, deps in GRAPH.items() if "registry.build" in deps and stage(n) != "commands"]


def test_the_history_cache_is_redone_when_any_code_that_parses_an_old_version_changes():
    """The blob store keeps parsed versions across builds, keyed by the parser's fingerprint:
    a module the loader uses but the fingerprint leaves out (yaml_slips.py, which words its
    syntax errors, was) would let a changed parser reuse old results."""
    from registry.history.cache import _PARSER_FILES

    seen, todo = set(), ["registry.loader", "registry.yaml_pieces"]  # how work.py parses a version
    while todo:
        name = todo.pop()
        if name not in seen and name in GRAPH:
            seen.add(name)
            todo.extend(GRAPH[name])
    # terminal.py is in the code's fingerprint; yaml_dump.py writes files and reads none.
    left_out = {"registry.terminal", "registry.yaml_dump"}
    assert {name.removeprefix("registry.") + ".py" for name in seen - left_out} == set(_PARSER_FILES)

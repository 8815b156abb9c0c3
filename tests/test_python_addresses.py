"""Python never spells an address of the site: `registry/urls.py` owns every one (issue 17).

The templates already take theirs from `urls` (tests/test_template_addresses.py); this is the
same rule for the code. Each module under `registry/` (but `urls.py`) is parsed with `ast`, and
every string constant, f-string parts included, is read for something that looks like an
address: one of the site's top-level folders followed by `/` (`deployments/`, `feeds/`,
`api/`...), or a page's file (`.../index.html`). The folders are read from `registry.urls`
itself, so a folder added there is checked here without an edit. Docstrings say what an
address looks like to people and are skipped; comments are not in the tree at all.
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

from registry import urls

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "registry"
OWNER = "registry/urls.py"


def _addresses() -> set[str]:
    """Every address `urls` spells: its constants, and each function's result for placeholders."""
    found = set()
    for name, value in vars(urls).items():
        if name.startswith("_"):
            continue
        if isinstance(value, str):
            found.add(value)
        elif inspect.isfunction(value) and value.__module__ == urls.__name__:
            params = inspect.signature(value).parameters.values()
            result = value(*[1 if p.annotation in (int, "int") else "<x>" for p in params])
            found.update(
                item for item in (result if isinstance(result, list) else [result]) if isinstance(item, str)
            )
    return found


#: The site's top-level folders, as `urls` spells them (`directory("<x>")` gives no folder).
FOLDERS = frozenset(
    a.split("/")[0] for a in _addresses() if "/" in a and re.fullmatch(r"[\w-]+", a.split("/")[0])
)
#: A folder of the site at the start of a path (not inside another path: `site_templates/assets`
#: is a file of the repository), or the file that serves a page.
_ADDRESS = re.compile(r"(?<![\w./-])/?(?:" + "|".join(sorted(map(re.escape, FOLDERS))) + r")/|/index\.html\b")


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring constants of a module, its classes and its functions."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def address_literals(source: str) -> list[str]:
    """Every address `source` (a Python module) spells itself, as `line N: 'literal'`."""
    tree = ast.parse(source)
    skipped = _docstrings(tree)
    found = [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skipped
        and _ADDRESS.search(node.value)
    ]
    return [f"line {line}: {value!r}" for line, value in sorted(found)]


def modules() -> list[str]:
    names = (p.relative_to(ROOT).as_posix() for p in PACKAGE.rglob("*.py"))
    return sorted(n for n in names if n != OWNER)


def test_python_spells_no_address() -> None:
    found = [
        f"{name}:{where.removeprefix('line ')}"
        for name in modules()
        for where in address_literals((ROOT / name).read_text(encoding="utf-8"))
    ]
    assert not found, "these spell an address of the site; take it from `registry.urls`:\n" + "\n".join(found)


def test_the_folders_come_from_urls() -> None:
    assert {"deployments", "api", "feeds", "assets", "changes", "map", "countries", "pagefind"} <= FOLDERS
    assert "<x>" not in FOLDERS


@pytest.mark.parametrize(
    "source",
    [
        'SITE = site + "changes/"',
        "URL = \"(SELECT value FROM meta) || 'deployments/' || t.id || '/'\"",
        'LINK = f"{base}countries/{code.lower()}/"',
        'PAGES = {"map/index.html": "world-map"}',
        'def f():\n    """Docstring."""\n    return "/api/v1/deployments.json"',
        'ERROR = f"so /deployments/{entry_id}/ would be a 404"',
        'FEED = "feeds/all.xml"',
    ],
)
def test_a_spelled_address_is_found(source: str) -> None:
    found = address_literals(source)
    assert len(found) == 1 and found[0].startswith(f"line {source.count(chr(10)) + 1}: "), found


@pytest.mark.parametrize(
    "source",
    [
        '"""The page at deployments/<id>/index.html."""',
        'def f():\n    """Writes map/index.html."""\n    return urls.page_file(urls.MAP)',
        "# the page at /deployments/<id>/\nx = urls.entry_page(entry_id)",
        'TEMPLATES = root / "site_templates" / "assets"',
        'PATH = "site_templates/assets/search.js"',
        'NAME = "index.html"',
        'WORK = work_dir / "search"',
        'URL = "https://example.org/deployments/"',
    ],
)
def test_docstrings_comments_and_other_paths_pass(source: str) -> None:
    assert address_literals(source) == []

"""The quick subset stays quick: a test that does something slow carries the `slow` marker.

`python -m pytest -m "not browser and not slow"` is the loop a developer runs while working
(HACKING.md, "Set up and run the tests"); it must stay under 30 s on a two-core machine. Each
of these costs seconds or starts processes, so a test that does one, itself or through a
fixture of its module, must be marked `slow` (or `browser`, which the subset leaves out too):
a real build, a real `python -m registry`, a hypothesis run. The test reads the test files
with `ast`, as tests/test_imports.py reads the package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent

#: Calls that build a site or start `python -m registry` (tests/cli_runner.py runs it in-process).
SLOW_CALLS = frozenset({"build_site", "session_site", "registry_process", "registry_as_a_process"})
#: Fixtures (tests/conftest.py and the helpers) that build a site or serve one.
SLOW_FIXTURES = frozenset({"built_site", "built_site_url", "exports_site_url"})
EXCLUDED = frozenset({"slow", "browser"})


def _names_called(node: ast.AST) -> set[str]:
    called = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            func = sub.func
            called.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return called


def _marks(node: ast.FunctionDef) -> set[str]:
    """The names of `@pytest.mark.<name>` and `@given` on a function."""
    found = set()
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        text = ast.unparse(target)
        if text.startswith("pytest.mark."):
            found.add(text.removeprefix("pytest.mark.").split(".")[0])
        if text in ("given", "hypothesis.given"):
            found.add("given")
    return found


def unmarked_slow_tests(source: str) -> list[str]:
    """The tests in `source` (a test module) that do something slow without the marker."""
    tree = ast.parse(source)
    module_marks = {
        ast.unparse(el).removeprefix("pytest.mark.")
        for node in tree.body
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "pytestmark" for t in node.targets)
        for el in (node.value.elts if isinstance(node.value, ast.List | ast.Tuple) else [node.value])
    }
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    slow = set(SLOW_FIXTURES)
    changed = True
    while changed:  # a fixture is slow when it calls something slow or asks for a slow fixture
        changed = False
        for name, node in functions.items():
            args = {a.arg for a in node.args.args}
            if name not in slow and (_names_called(node) & (SLOW_CALLS | slow) or args & slow):
                slow.add(name)
                changed = True
    found = []
    for name, node in functions.items():
        if not name.startswith("test_") or (_marks(node) | module_marks) & EXCLUDED:
            continue
        if name in slow or "given" in _marks(node):
            found.append(name)
    return found


@pytest.mark.parametrize("path", sorted(TESTS.glob("test_*.py")), ids=lambda p: p.name)
def test_every_slow_test_is_marked(path: Path) -> None:
    found = unmarked_slow_tests(path.read_text(encoding="utf-8"))
    assert not found, f"{path.name}: mark these @pytest.mark.slow (a build, a process, hypothesis): {found}"


@pytest.mark.parametrize(
    "source",
    [
        "def test_a(tmp_path):\n    build_site(tmp_path, site_dir=tmp_path, work_dir=tmp_path)\n",
        "@given(st.text())\ndef test_b(text):\n    assert text == text\n",
        "def test_c(built_site):\n    assert built_site\n",
        "@pytest.fixture\ndef site(tmp_path):\n    return session_site(tmp_path)\n\n"
        "@pytest.fixture\ndef page(site):\n    return site\n\n"
        "def test_d(page):\n    assert page\n",
        "def test_e(tmp_path):\n    registry_process(tmp_path, 'check')\n",
    ],
)
def test_an_unmarked_slow_test_is_found(source: str) -> None:
    assert len(unmarked_slow_tests(source)) == 1


def test_a_marked_one_passes() -> None:
    source = (
        "import pytest\n\n@pytest.mark.slow\ndef test_a(built_site):\n    assert built_site\n\n"
        "@pytest.mark.slow\n@given(st.text())\ndef test_b(text):\n    assert text\n\n"
        "@pytest.mark.browser\ndef test_c(built_site_url):\n    assert built_site_url\n\n"
        "def test_d(tmp_path):\n    assert registry_cli(tmp_path, 'check')\n"
    )
    assert unmarked_slow_tests(source) == []

"""Templates never spell an address of the site: `registry/urls.py` owns every one (issue 17).

A template that writes `{{ u }}deployments/{{ id }}/` keeps working until the address changes
shape, and then it is the one place nobody thought to edit. So the templates under
`site_templates/` (ours and the theme overrides) get every address from `urls` (a Jinja global
in both environments: registry.render and the engine's `on_env` hook), and this test reads
them for anything that looks like one: a link attribute that starts with literal text, the
base path followed by literal text, or a quoted path inside `{{ }}` / `{% %}`. In-page
fragments (`#sources`) and other sites (`https://...`) are not addresses of the site.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parent.parent / "site_templates"

_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_SCRIPT_TAG = re.compile(r"<(script|style)\b[^>]*>.*?</\1>", re.S)
#: An attribute that names an address, starting with literal text (not `{{`, not a fragment,
#: not another site). The theme's `{{ config.extra.homepage | ... }}` starts with `{{`.
_LITERAL_ATTRIBUTE = re.compile(
    r"""\b(?:href|src|action)=["'](?!\{\{|#|https?://|mailto:|["'])([^"']*)"""
    r"""|\bdata-[\w-]+=["'](?!\{\{|https?://)([^"']*/[^"']*)""",
    re.I,
)
#: The base path with a literal path after it: `{{ u }}deployments/`, `u ~ "api/v1/"`.
_BASE_THEN_TEXT = re.compile(r"""\{\{\s*u\s*\}\}(?=[\w.-])|\bu\s*~\s*["']""")
#: A quoted path inside a Jinja expression or statement: `'search/' | url`, `"feeds/all.xml"`.
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_PATH_LITERAL = re.compile(
    r"""["'](?=[^"']*\w)((?:[\w.-]*/[\w./<>-]*)|(?:[\w/-]+\.(?:json|xml|js|css|txt|csv|sqlite|html|md)))["']"""
)
#: Statements that name templates (`{% include "partials/macros.html.j2" %}`), and the theme's
#: icon names (`"material/menu"`): paths, but not addresses of the site.
_NOT_AN_ADDRESS = re.compile(
    r"\{%-?\s*(?:include|extends|import|from)\b|^[\"'](?:material|fontawesome|octicons|simple)/"
)
#: Shapes of the site's addresses in plain text (the brief's list): a page or file of ours
#: written out in a sentence is an address too.
_TEXT_ADDRESS = re.compile(r"(?<![\w.])/?(?:deployments/|revisions/|feeds/|api/v\d)")


def address_literals(text: str) -> list[str]:
    """Every address `text` (a template) spells itself, as `line N: what`; comments are skipped."""
    found = []
    text = _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)

    def line(pos: int) -> int:
        return text.count("\n", 0, pos) + 1

    for match in _LITERAL_ATTRIBUTE.finditer(text):
        found.append((match.start(), f"attribute {match.group()!r}"))
    for match in _BASE_THEN_TEXT.finditer(text):
        found.append((match.start(), f"base path then text {text[match.start() : match.end() + 20]!r}"))
    for block in _JINJA.finditer(text):
        if _NOT_AN_ADDRESS.match(block.group()):
            continue
        for match in _PATH_LITERAL.finditer(block.group()):
            if not _NOT_AN_ADDRESS.match(match.group()):
                found.append((block.start() + match.start(), f"quoted path {match.group()!r}"))
    outside = _JINJA.sub(lambda m: " " * len(m.group()), _SCRIPT_TAG.sub("", text))
    for match in _TEXT_ADDRESS.finditer(outside):
        found.append((match.start(), f"address in text {outside[match.start() : match.end() + 20]!r}"))
    return [f"line {line(pos)}: {what}" for pos, what in sorted(found)]


def templates() -> list[str]:
    names = [p for p in TEMPLATES.rglob("*") if p.suffix in (".j2", ".html") and p.is_file()]
    return sorted(p.relative_to(TEMPLATES).as_posix() for p in names)


@pytest.mark.parametrize("name", templates())
def test_the_template_spells_no_address(name: str) -> None:
    found = address_literals((TEMPLATES / name).read_text(encoding="utf-8"))
    assert not found, f"site_templates/{name}: take these from `urls` (registry/urls.py): {found}"


@pytest.mark.parametrize(
    ("template", "what"),
    [
        ('<a href="{{ u }}deployments/{{ id }}/">', "base path then text"),
        ('<a href="/deployments/">', "attribute"),
        ("<form action=\"{{ 'search/' | url }}\">", "quoted path"),
        ('{% for part in (u ~ "api/v1/" ~ name) %}', "base path then text"),
        ("<link href=\"{{ 'feeds/all.xml' | url }}\">", "quoted path"),
        ("<p>Fetch /api/v1/deployments.json for everything.</p>", "address in text"),
        ('<a data-next="revisions/{{ short }}/">', "attribute"),
        ('<p>{{ urls.asset("notfound.js") }}</p>', "quoted path"),
    ],
)
def test_each_kind_of_spelled_address_is_found(template: str, what: str) -> None:
    found = address_literals(template)
    assert found and found[0].startswith(f"line 1: {what}"), found


@pytest.mark.parametrize(
    "template",
    [
        '<a href="{{ u }}{{ urls.entry_page(id) }}">',
        '<a href="#sources">',
        '<a href="https://creativecommons.org/licenses/by/4.0/">',
        '<a href="{{ urls.SEARCH | url }}">',
        "{# the page at /deployments/<id>/ #}<p>{{ notice.label }}</p>",
        '<p>{{ "{:,}".format(total) }} records</p>',
        '{% include "partials/macros.html.j2" %}<div data-picture="world-map">',
        '{% set icon = config.theme.icon.repo or "fontawesome/brands/git-alt" %}',
        '{% for part in path.split("/") %}{{ part }}{% endfor %}',
    ],
)
def test_addresses_from_urls_fragments_and_other_sites_pass(template: str) -> None:
    assert address_literals(template) == []

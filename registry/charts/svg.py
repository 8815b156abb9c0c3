"""A tiny SVG builder that escapes every text and attribute value it is given.

Why not string formatting: organisation names, places and titles are contributor text, and
they end up in `<title>`, `aria-label` and `<text>`. Every value goes through `html.escape`
with quotes, so `"><img onerror=...>` stays text. Tag and attribute names are ours only:
they must be in the allow-lists below, so a chart can never emit `<script>`, `<foreignObject>`,
`on*` handlers or `style=` (SECURITY.md rule 14), and an `href` must be one of our own paths.

The pictures are put into the built pages after the nh3 backstop has run (its policy
allows no SVG: registry/postbuild/pictures.py), so these lists are the backstop for them.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from markupsafe import Markup

TAGS = frozenset(
    "svg g path circle rect line polyline polygon text tspan title desc defs pattern "
    "linearGradient stop a use".split()
)
ATTRIBUTES = frozenset(
    """id class role viewBox width height preserveAspectRatio focusable tabindex aria-label
    aria-labelledby aria-describedby aria-hidden href d x y x1 y1 x2 y2 cx cy r rx ry
    points transform text-anchor dominant-baseline fill stroke stroke-width
    stroke-dasharray fill-opacity stroke-opacity opacity patternUnits patternTransform
    offset stop-color stop-opacity gradientUnits xmlns""".split()
)


@dataclass
class Node:
    """One element: a tag, its attributes in order, and children.

    A child is a Node, plain text (escaped when written), or Markup returned by `markup`
    for a part that is rendered once and reused (the locators' country shapes).
    """

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    def add(self, *children: Node | str | None) -> Node:
        """Appends children (None is skipped, so optional parts read naturally); returns self."""
        self.children.extend(c for c in children if c is not None)
        return self


def el(tag: str, attrs: dict[str, object] | None = None, *children: Node | str | None) -> Node:
    """Returns a new element; raises ValueError for a tag or attribute outside the allow-lists.

    Attribute values may be numbers (formatted by `num`) or text; None drops the attribute.
    """
    if tag not in TAGS:
        raise ValueError(f"SVG tag {tag!r} is not allowed")
    clean: dict[str, str] = {}
    for name, value in (attrs or {}).items():
        name = name.rstrip("_").replace("_", "-")  # class_ -> class, aria_label -> aria-label
        if name not in ATTRIBUTES:
            raise ValueError(f"SVG attribute {name!r} is not allowed")
        if value is None:
            continue
        clean[name] = num(value) if isinstance(value, int | float) else str(value)
    if "href" in clean and not _own_path(clean["href"]):
        raise ValueError(f"href {clean['href']!r} is not one of our own paths")
    return Node(tag, clean).add(*children)


def _own_path(href: str) -> bool:
    return href.startswith("/") and not href.startswith("//") and "\\" not in href and ":" not in href


def num(value: float) -> str:
    """A coordinate as short text: one decimal at most, no trailing zeros (`12`, `3.5`, `-.5`)."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        return "0"
    if text.startswith("0."):
        return text[1:]
    if text.startswith("-0."):
        return "-" + text[2:]
    return text


def render(node: Node | str) -> str:
    """Serialises a tree; every text and attribute value is escaped."""
    out: list[str] = []
    _write(node, out)
    return "".join(out)


def _write(node: Node | str, out: list[str]) -> None:
    if isinstance(node, Markup):  # our own earlier output of `render` (a cached part): already escaped
        out.append(str(node))
        return
    if isinstance(node, str):
        out.append(html.escape(node, quote=True))
        return
    out.append("<" + node.tag)
    for name, value in node.attrs.items():
        out.append(f' {name}="{html.escape(value, quote=True)}"')
    if not node.children:
        out.append("/>")
        return
    out.append(">")
    for child in node.children:
        _write(child, out)
    out.append(f"</{node.tag}>")


def markup(node: Node) -> Markup:
    """The rendered SVG as Markup: safe because every value in it was escaped by `render`."""
    return Markup(render(node))  # noqa: S704 (built from escaped parts only)


def figure_svg(
    ident: str, title: str, desc: str, width: float, height: float, *, interactive: bool = False
) -> Node:
    """The outer `<svg>` of a picture, labelled for screen readers by its title and description.

    A static chart is `role="img"`; a map of links is a `group` instead, because an image's
    children are presentational and its links would be hidden from keyboard and screen
    reader users (axe's nested-interactive rule).
    """
    return el(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {num(width)} {num(height)}",
            "class": "chart",
            "role": "group" if interactive else "img",
            "aria-labelledby": f"{ident}-title {ident}-desc",
        },
        el("title", {"id": f"{ident}-title"}, title),
        el("desc", {"id": f"{ident}-desc"}, desc),
    )

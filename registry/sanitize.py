"""The nh3 backstop: an explicit allow-list policy applied to every page's content HTML.

Rendering is already safe without it (contributor text is autoescaped and never parsed as
Markdown); this is the second wall of SECURITY.md 3.2, run by the MkDocs hook on the HTML
that Markdown produced, so a template mistake or an extension surprise still cannot put a
script, an external image, an inline style or a `__config` id on the page.
"""

from __future__ import annotations

import re

import nh3

TAGS = frozenset(
    """a abbr article blockquote br caption cite code dd del details div dl dt em figcaption
    figure h1 h2 h3 h4 h5 h6 hr ins kbd label li nav ol option p pre q section select small
    span strong sub summary sup table tbody td tfoot th thead time tr ul wbr""".split()
)
#: Removed with their content, not just unwrapped (nh3 keeps the text of other dropped tags).
CLEAN_CONTENT_TAGS = frozenset({"script", "style", "template", "noscript", "iframe", "object", "svg", "math"})
ATTRIBUTES = {
    "*": {
        "id",
        "class",
        "hidden",
        "role",
        "lang",
        "title",
        "aria-label",
        "aria-labelledby",
        "aria-describedby",
        "aria-live",
        "aria-hidden",
    },
    "a": {"href", "type"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "time": {"datetime"},
    "label": {"for"},
    "option": {"value", "selected"},
    "ol": {"start", "reversed"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow ugc"
_REL = f' rel="{LINK_REL}"'
#: A start tag of a link, as nh3 writes it: attribute values are double-quoted with `"` escaped,
#: so ` href="` and ` rel="` inside one can only begin real attributes.
_LINK_TAG = re.compile(r"<a\s[^>]*>")
_OWN_HREF = re.compile(r' href="(?:#|/(?!/)|\.\./)')

_SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def clean_page_html(html: str) -> str:
    """Returns `html` with everything outside the policy removed (tags, attributes, comments)."""
    cleaned = nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags=set(CLEAN_CONTENT_TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=_filter_attribute,
        generic_attribute_prefixes={"data-"},
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
        link_rel=LINK_REL,
    )
    return _LINK_TAG.sub(_without_own_rel, cleaned)


def _without_own_rel(match: re.Match[str]) -> str:
    """A link within the site, without the rel nh3 gives every link.

    Why: `nofollow ugc` and `noreferrer` are about leaving the site (SECURITY.md 3.2), and
    on a page citing 140 sources, the rel on every `#source-sN` marker and every link to
    another page of the registry came to 7 KB. Removing is the safe direction: a tag this
    does not recognise keeps its rel.
    """
    tag = match.group(0)
    return tag.replace(_REL, "") if _OWN_HREF.search(tag) else tag


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    if name == "id":
        return value if _SAFE_ID.match(value) else None
    if name == "class":
        kept = [c for c in value.split() if not c.startswith("md-")]
        return " ".join(kept) or None
    if name == "href":
        return value if is_allowed_href(value) else None
    if name.startswith("data-md-"):
        return None  # Material's script reads these; page content must not steer it
    return value


def is_allowed_href(value: str) -> bool:
    """http(s) and mailto links, fragments, and paths on this site (`/x`, `../x`, never `//x`)."""
    text = value.strip()
    scheme = _SCHEME.match(text)
    if scheme:
        return scheme.group(1).lower() in URL_SCHEMES
    if text.startswith("//") or "\\" in text:
        return False
    return text.startswith(("#", "/", "../"))

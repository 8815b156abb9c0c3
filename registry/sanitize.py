"""The nh3 backstop: an explicit allow-list policy applied to every page's content HTML.

Rendering is already safe without it (contributor text is autoescaped and never parsed as
Markdown); this is the second wall of SECURITY.md 3.2, run by the MkDocs hook on the HTML
that Markdown produced, so a template mistake or an extension surprise still cannot put a
script, an external image, an inline style or a `__config` id on the page.
"""

from __future__ import annotations

import contextlib
import re
import sys
import threading
from collections.abc import Callable, Iterator
from functools import cache, partial
from html import escape
from typing import Any

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
_OWN_START = r"#|/(?!/)|\.\./"
_OWN_HREF = re.compile(f' href="(?:{_OWN_START})')

_SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# What the URL standard ignores: tabs and line breaks anywhere, C0 controls and spaces around.
_URL_IGNORED = re.compile(r"[\t\n\r]")
_URL_TRIMMED = "".join(chr(code) for code in range(0x21))


def clean_page_html(html: str, repository: str = "") -> str:
    """Returns `html` with everything outside the policy removed (tags, attributes, comments).

    `repository` is the site's own repository address (mkdocs.yml `repo_url`, or the build's
    `--repo-url`): links into it, like links within the site, lose the `rel` (`_without_own_rel`).
    Every caller passes the same one (the engine's hook, registry.layout, the preview), so a page
    is sanitised the same whichever route renders it."""
    cleaned = clean_with(html, _filter_attribute)
    return _LINK_TAG.sub(partial(_without_own_rel, _own_href(repository)), cleaned)


#: What a filter of attributes is: (tag, attribute, value) to the value kept, or None to drop it.
AttributeFilter = Callable[[str, str, str], str | None]


def clean_with(html: str, attribute_filter: AttributeFilter) -> str:
    """nh3's clean with the policy and `attribute_filter`, raising what the filter raised.

    Why: nh3 swallows an exception raised in its filter: it prints it as "Exception ignored",
    drops that one attribute and carries on, so the page comes out different and the build
    goes on as if nothing happened. A Ctrl-C during a build lands exactly there (nh3 runs
    without the interpreter lock; Python raises the pending KeyboardInterrupt on the next
    line of Python it runs, the filter's), and the build finished with exit 0 and a page
    missing an href. A `try` inside the filter cannot catch that one (it is raised as the
    filter is entered, before its first line), so what nh3 reports as unraisable on this
    thread while it runs is kept and raised here, once nh3 has returned.
    """
    with _unraisable_kept() as kept:
        cleaned = nh3.clean(
            html,
            tags=set(TAGS),
            clean_content_tags=set(CLEAN_CONTENT_TAGS),
            attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
            attribute_filter=attribute_filter,
            generic_attribute_prefixes={"data-"},
            url_schemes=set(URL_SCHEMES),
            strip_comments=True,
            link_rel=LINK_REL,
        )
    if kept:
        raise kept[0]
    return cleaned


_KEEPING = threading.local()  # `kept`: this thread's list while it runs nh3, else absent
_HOOK_LOCK = threading.Lock()
_hook_users = 0
_hook_before: Any = None


@contextlib.contextmanager
def _unraisable_kept() -> Iterator[list[BaseException]]:
    """Meanwhile, what Python reports as unraisable on this thread goes into the list yielded,
    not to stderr; other threads' reports go where they went before.

    `sys.unraisablehook` is the process's, and the preview sanitises in two threads at once
    (its fast path beside the background build): one hook is installed while any thread
    needs it, and it tells the threads apart.
    """
    global _hook_users, _hook_before
    kept: list[BaseException] = []
    with _HOOK_LOCK:
        if _hook_users == 0:
            _hook_before, sys.unraisablehook = sys.unraisablehook, _keep_unraisable
        _hook_users += 1
    _KEEPING.kept = kept
    try:
        yield kept
    finally:
        del _KEEPING.kept
        with _HOOK_LOCK:
            _hook_users -= 1
            if _hook_users == 0 and sys.unraisablehook is _keep_unraisable:
                sys.unraisablehook = _hook_before


def _keep_unraisable(unraisable: Any) -> None:
    """`sys.unraisablehook` while nh3 runs: this thread's report kept, another's passed on."""
    kept = getattr(_KEEPING, "kept", None)
    if kept is None or unraisable.exc_value is None:
        _hook_before(unraisable)
    else:
        kept.append(unraisable.exc_value)


def _without_own_rel(own: re.Pattern[str], match: re.Match[str]) -> str:
    """A link within the site or into its own repository, without the rel nh3 gives every link.

    Why: `nofollow ugc` and `noreferrer` are about leaving the site for an address a
    contributor gave (SECURITY.md 3.2), and on a page citing 140 sources, the rel on every
    `#source-sN` marker and every link to another page of the registry came to 7 KB. The
    repository is the site's own too (its address comes from the configuration, never from an
    entry): the header's repository link never had a rel, and on a history page the commit and
    pull-request links of its revisions carried 0.8 KB of it. Without a target there is no
    opener to cut, and every page already sends no referrer (the theme's referrer meta).
    Removing is the safe direction: a tag this does not recognise keeps its rel.
    """
    tag = match.group(0)
    return tag.replace(_REL, "") if own.search(tag) else tag


@cache
def _own_href(repository: str) -> re.Pattern[str]:
    """`_OWN_HREF`, and with a repository also an href inside it (as nh3 writes it, escaped)."""
    if not repository:
        return _OWN_HREF
    inside = re.escape(escape(repository.rstrip("/") + "/"))
    return re.compile(f' href="(?:{_OWN_START}|{inside})')


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    if name == "id":
        return value if _SAFE_ID.fullmatch(value) else None
    if name == "class":
        kept = [c for c in value.split() if not c.startswith("md-")]
        return " ".join(kept) or None
    if name == "href":
        return value if is_allowed_href(value) else None
    if name.startswith("data-md-"):
        return None  # Material's script reads these; page content must not steer it
    return value


def is_allowed_href(value: str) -> bool:
    """http(s) and mailto links, fragments, and paths on this site (`/x`, `../x`, never `//x`).

    Read as a browser reads it: the URL standard drops every tab and line break inside an
    address and C0 controls and spaces around it, so `/<TAB>/evil.example` is `//evil.example`
    and `java<TAB>script:` a script address.
    """
    text = _URL_IGNORED.sub("", value).strip(_URL_TRIMMED)
    scheme = _SCHEME.match(text)
    if scheme:
        return scheme.group(1).lower() in URL_SCHEMES
    if text.startswith("//") or "\\" in text:
        return False
    return text.startswith(("#", "/", "../"))

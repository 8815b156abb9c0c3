"""The Content-Security-Policy of one page: `page_with_csp`, and the theme's indentation dropped.

A leaf (errors only), so every step that writes a finished page, the post-build CSP pass
(registry.postbuild.csp) and the revision redirect pages (registry.exports.revisions) alike, takes the
policy from one place without importing each other.

GitHub Pages and most static hosts set no headers, so the policy travels in the page, as
the first element after `<meta charset>` (SECURITY.md 3.2). No 'unsafe-inline' and no
'unsafe-eval': each inline script Material emits is allowed by its SHA-256, per page
(the first one embeds the page's base URL). Contributor text only ever appears in the page
content, which the theme override wraps in `<!--registry:content-->` markers; a script
found there is never hashed: it fails the build. The markers are removed here.
"""

from __future__ import annotations

import base64
import hashlib
import re

from registry import urls
from registry.errors import InternalError

CONTENT_START = "<!--registry:content-->"
CONTENT_END = "<!--/registry:content-->"
_EXISTING_POLICY = re.compile(r"<meta[^>]*content-security-policy", re.IGNORECASE)
_CHARSET = re.compile(r'<meta charset="utf-8">', re.IGNORECASE)
_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
_EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)

_KEPT = re.compile(
    re.escape(CONTENT_START) + ".*?" + re.escape(CONTENT_END) + r"|<(pre|textarea|script|style)\b.*?</\1\s*>",
    re.DOTALL | re.IGNORECASE,
)
_INDENTATION = re.compile(r"\n[ \t\n]*")

BASE_POLICY = (
    "default-src 'self'",
    "script-src 'self'{extra}",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)


def page_with_csp(html: str, name: str = "page") -> str:
    """Returns `html` with its CSP meta tag inserted and the content markers removed."""
    if _EXISTING_POLICY.search(html):  # a tag, not the words: an entry may discuss CSP
        raise InternalError(f"{name}: already has a Content-Security-Policy")
    start, end = html.find(CONTENT_START), html.find(CONTENT_END)
    hashes = set()
    for match in _INLINE_SCRIPT.finditer(html):
        if re.search(r"\bsrc\s*=", match.group("attrs"), re.IGNORECASE):
            continue
        if start != -1 and start < match.start() < end:
            raise InternalError(f"{name}: an inline script inside the page content; refusing to hash it")
        kind = _TYPE.search(match.group("attrs"))
        if kind is None or kind.group(1).lower() in _EXECUTABLE_TYPES:
            hashes.add(script_hash(match.group("body")))
    extra = "".join(f" '{h}'" for h in sorted(hashes))
    if urls.PAGEFIND_UI_JS in html or urls.PAGEFIND_JS in html:
        extra = " 'wasm-unsafe-eval'" + extra  # Pagefind compiles its WebAssembly search core
    policy = "; ".join(BASE_POLICY).format(extra=extra)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    html = html.replace(CONTENT_START, "", 1).replace(CONTENT_END, "", 1)
    charset = _CHARSET.search(html)
    if charset is None:
        raise InternalError(f'{name}: no <meta charset="utf-8"> to put the policy after')
    return html[: charset.end()] + meta + html[charset.end() :]


def without_theme_indentation(html: str) -> str:
    """`html` with every line break plus indentation and blank lines made one line break,
    outside the page content and outside `pre`, `textarea`, `script` and `style`.

    Material's templates indent their markup and leave blank lines where a block is empty:
    about 3 KB of each entry page's 35 KB, on 10,000 pages. The page content (between the
    markers) and the elements whose white space matters are kept byte for byte; elsewhere
    a browser renders one line break exactly as the run of white space it replaces.
    """
    parts = []
    at = 0
    for kept in _KEPT.finditer(html):
        parts.append(_INDENTATION.sub("\n", html[at : kept.start()]))
        parts.append(kept.group(0))
        at = kept.end()
    parts.append(_INDENTATION.sub("\n", html[at:]))
    return "".join(parts)


def script_hash(body: str) -> str:
    """`sha256-...` of a script's text exactly as the browser sees it."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")

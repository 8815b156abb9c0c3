"""The nh3 backstop policy (SECURITY.md 3.2), applied by the engine hook (registry/engine.py) to every page."""

from __future__ import annotations

import os
import signal
import sys

import pytest

from registry.engine import on_page_content
from registry.sanitize import _filter_attribute, clean_page_html, clean_with, is_allowed_href


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<img src="https://tracker.example/p.gif">',
        "<svg onload=alert(1)></svg>",
        "<iframe src=//evil.example></iframe>",
        "<style>body{display:none}</style>",
        "<form action=/x><button formaction=javascript:alert(1)>x</button></form>",
        '<base href="//evil.example/">',
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
        "<object data=x></object>",
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    ],
)
def test_dangerous_elements_are_removed(html: str) -> None:
    cleaned = clean_page_html(html)
    for tag in (
        "<script",
        "<img",
        "<svg",
        "<iframe",
        "<style",
        "<form",
        "<base",
        "<meta",
        "<object",
        "onerror",
    ):
        assert tag not in cleaned


def test_attributes_policy() -> None:
    cleaned = clean_page_html(
        '<p id="__config" class="md-typeset note" style="color:red" onclick="x" data-md-component="x" '
        'data-pagefind-filter="country">t</p><h2 id="sources">S</h2>'
    )
    assert cleaned in {
        '<p class="note" data-pagefind-filter="country">t</p><h2 id="sources">S</h2>',
        '<p data-pagefind-filter="country" class="note">t</p><h2 id="sources">S</h2>',
    }


@pytest.mark.parametrize(
    ("href", "kept"),
    [
        ("https://example.org/a", True),
        ("http://example.org/a", True),
        ("mailto:a@example.org", True),
        ("#source-s1", True),
        ("/deployments/x/", True),
        ("../methodology/", True),
        ("//evil.example/x", False),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
        ("evil.example", False),
        ("/\\evil.example", False),
        # A browser drops tabs and line breaks inside an address, and controls around it.
        ("/\t/evil.example", False),
        ("/\n/evil.example", False),
        ("java\tscript:alert(1)", False),
        ("\x01//evil.example", False),
        ("\t/deployments/x/", True),
    ],
)
def test_hrefs(href: str, kept: bool) -> None:
    assert is_allowed_href(href) is kept
    assert ("href=" in clean_page_html(f'<a href="{href}">x</a>')) is kept


def test_links_elsewhere_get_rel_and_comments_go() -> None:
    assert clean_page_html('<a href="https://example.org/x">x</a><!-- hidden -->') == (
        '<a href="https://example.org/x" rel="noopener noreferrer nofollow ugc">x</a>'
    )


@pytest.mark.parametrize("href", ["/x/", "../x/", "#source-s1"])
def test_links_within_the_site_carry_no_rel(href: str) -> None:
    """A page can cite 140 sources: the rel on each "#source-sN" marker was 7 KB of the page."""
    assert clean_page_html(f'<a class="c" href="{href}" aria-label="a">x</a>') == (
        f'<a class="c" href="{href}" aria-label="a">x</a>'
    )


@pytest.mark.parametrize(
    "html",
    [
        '<a href="mailto:a@example.org">x</a>',
        '<a href="http://example.org/#x">x</a>',
        '<a title="href=/x" href="https://example.org/">x</a>',
        '<a title="a > b" href="https://example.org/">x</a>',
        '<a href="https://example.org/" title=\'x" href="/y\'>x</a>',
        '<a href="//evil.example/">x</a>',
        "<a>no href</a>",
    ],
)
def test_every_other_link_keeps_rel(html: str) -> None:
    assert 'rel="noopener noreferrer nofollow ugc"' in clean_page_html(html)


REPO = "https://github.com/example/registry"


@pytest.mark.parametrize(
    "href",
    [f"{REPO}/commit/0123456789abcdef0123456789abcdef01234567", f"{REPO}/pull/12", f"{REPO}/"],
)
def test_a_link_into_the_sites_own_repository_loses_rel(href: str) -> None:
    assert clean_page_html(f'<a href="{href}">x</a>', REPO) == f'<a href="{href}">x</a>'
    assert clean_page_html(f'<a href="{href}">x</a>', REPO + "/") == f'<a href="{href}">x</a>'


@pytest.mark.parametrize(
    "html",
    [
        '<a href="https://github.com/example/registry-fork/commit/0123">x</a>',  # a lookalike
        '<a href="https://github.com/example/registry">x</a>',  # not inside it
        '<a href="https://github.com/other/registry/commit/0123">x</a>',
        '<a title="https://github.com/example/registry/x" href="https://example.org/">x</a>',
    ],
)
def test_a_link_beside_the_repository_keeps_rel(html: str) -> None:
    assert 'rel="noopener noreferrer nofollow ugc"' in clean_page_html(html, REPO)
    assert 'rel="noopener noreferrer nofollow ugc"' in clean_page_html(html)


def test_without_a_repository_its_links_keep_rel() -> None:
    assert 'rel="noopener noreferrer nofollow ugc"' in clean_page_html(f'<a href="{REPO}/pull/1">x</a>')


def test_hook_applies_the_policy() -> None:
    assert on_page_content("<p>a<script>x</script></p>", page=None, config=None, files=None) == "<p>a</p>"


def test_the_hook_skips_markdown_and_still_sanitises_the_kept_html() -> None:
    from types import SimpleNamespace

    from registry.engine import on_page_markdown

    page = SimpleNamespace()
    body = '\n<div class="x">*not emphasis*<script>x</script></div>\n'
    assert on_page_markdown(body, page=page, config=None, files=None) == ""
    assert on_page_content("", page=page, config=None, files=None) == '<div class="x">*not emphasis*</div>'
    assert not hasattr(page, "registry_html"), "nothing is left on the page object"


#: Enough attributes that nh3 calls the filter again after the one that fails.
MANY_ATTRIBUTES = '<article class="record"><a class="feed" href="/feed.xml">feed</a></article>' * 20


@pytest.mark.parametrize("error", [RuntimeError("a bug in the filter"), KeyboardInterrupt(), SystemExit(4)])
def test_an_exception_in_the_filter_is_raised_not_swallowed(
    error: BaseException, capsys: pytest.CaptureFixture[str]
) -> None:
    # nh3 alone prints "Exception ignored", drops the attribute and goes on: a different page.
    def failing(tag: str, name: str, value: str) -> str | None:
        if name == "href":
            raise error
        return _filter_attribute(tag, name, value)

    before = sys.unraisablehook
    with pytest.raises(type(error)) as raised:
        clean_with(MANY_ATTRIBUTES, failing)
    assert raised.value is error
    assert capsys.readouterr().err == ""  # raised here, not printed by nh3
    assert sys.unraisablehook is before


def test_ctrl_c_while_nh3_runs_stops_the_clean() -> None:
    # A real SIGINT, sent by the filter itself so no timing is involved: Python raises the
    # KeyboardInterrupt as the filter is next entered, before any line of it could catch it
    # (how a Ctrl-C during a build came to exit 0 with a page missing an href).
    sent = []

    def interrupting(tag: str, name: str, value: str) -> str | None:
        if not sent:
            sent.append(name)
            os.kill(os.getpid(), signal.SIGINT)
        return _filter_attribute(tag, name, value)

    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    with pytest.raises(KeyboardInterrupt):
        clean_with(MANY_ATTRIBUTES, interrupting)
    assert sent


def test_a_page_cleans_the_same_after_a_failed_clean() -> None:
    def failing(tag: str, name: str, value: str) -> str | None:
        raise ValueError(name)

    before = clean_page_html(MANY_ATTRIBUTES)
    with pytest.raises(ValueError):
        clean_with(MANY_ATTRIBUTES, failing)
    assert clean_page_html(MANY_ATTRIBUTES) == before
    assert '<article class="record"><a class="feed" href="/feed.xml">' in before

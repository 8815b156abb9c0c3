"""`registry check-links`: do the entries' sources still answer? A report, never a gate.

Link rot is real but slow, and the web is flaky: a PR must never fail because a newspaper's
site was down for a minute (SECURITY.md). So this is a separate
command, run weekly by `.github/workflows/links.yml`, which files the Markdown report as an
issue. It is not part of `registry check` and imports nothing from the build.

Each address gets at most two requests, HEAD and then GET (some servers refuse HEAD), each with
a timeout; at most `--max-urls` addresses are checked per run, in sorted order, so a run's cost
is bounded and the same registry gives the same report. Only the standard library is used.
"""

from __future__ import annotations

import argparse
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import TYPE_CHECKING

from registry.errors import RegistryError

if TYPE_CHECKING:
    from registry.checks.base import EntryFile

USER_AGENT = "fr-registry-link-check/1 (+https://github.com/fr-registry/registry)"
#: Answers that say "not for robots" rather than "gone": reported apart, never as dead.
_BLOCKED = frozenset({401, 403, 429})
_MAX_READ = 1024


@dataclass(frozen=True)
class Link:
    """One web address in one entry: where it is, so the report can point at the line to fix."""

    entry_id: str
    path: str
    field: str
    url: str


@dataclass(frozen=True)
class LinkResult:
    """What an address answered: `ok` is True, False (dead) or None (blocked or not checked)."""

    url: str
    ok: bool | None
    detail: str
    #: Whether a site answered at all (a working page, a 404, a refusal): False when none did
    #: (no name, no route, a timeout), None when it was not asked. Left out of equality: it
    #: follows from how `ok` and `detail` were made.
    answered: bool | None = dataclass_field(default=None, compare=False)


def collect_links(files: Iterable[EntryFile]) -> list[Link]:
    """Returns every source `url` and `archive_url` of the given entries, sorted."""
    links = []
    for f in files:
        for index, source in enumerate(f.entry.sources):
            for name in ("url", "archive_url"):
                url = getattr(source, name)
                if url:
                    links.append(Link(f.entry.id, f.path, f"sources.{index}.{name}", url))
    return sorted(links, key=lambda link: (link.entry_id, link.field))


def check_urls(
    urls: Sequence[str], timeout: float = 15.0, max_urls: int = 1000, workers: int = 8
) -> dict[str, LinkResult]:
    """Returns a result for each distinct address; makes at most two requests for each of the
    first `max_urls` addresses (sorted) and none for the rest. Touches the network."""
    distinct = sorted(set(urls))
    checked, skipped = distinct[:max_urls], distinct[max_urls:]
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        results = dict(zip(checked, pool.map(lambda u: check_url(u, timeout), checked), strict=True))
    for url in skipped:
        results[url] = LinkResult(url, None, f"not checked: over the limit of {max_urls} addresses")
    return results


def check_url(url: str, timeout: float) -> LinkResult:
    """Returns what `url` answers to HEAD, or to GET when HEAD fails (at most two requests)."""
    first = _request(url, "HEAD", timeout)
    return first if first.ok else _request(url, "GET", timeout)


def _request(url: str, method: str, timeout: float) -> LinkResult:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) only: validated Url)
            if method == "GET":
                response.read(_MAX_READ)
            return LinkResult(url, True, f"HTTP {response.status}", answered=True)
    except urllib.error.HTTPError as error:
        if error.code in _BLOCKED:
            refused = f"HTTP {error.code}: the site refused an automated check"
            return LinkResult(url, None, refused, answered=True)
        return LinkResult(url, False, f"HTTP {error.code}", answered=True)
    except urllib.error.URLError as error:
        return LinkResult(url, False, f"no answer: {_reason(error.reason)}", answered=False)
    except (TimeoutError, OSError) as error:
        return LinkResult(url, False, f"no answer: {_reason(error)}", answered=False)


def _reason(reason: object) -> str:
    text = str(reason) or type(reason).__name__
    return "timed out" if "timed out" in text else text


def render_report(links: Sequence[Link], results: dict[str, LinkResult]) -> str:
    """Returns the Markdown report: dead addresses first, then the ones that could not be checked."""
    dead = [link for link in links if results[link.url].ok is False]
    unsure = [link for link in links if results[link.url].ok is None]
    working = sum(1 for link in links if results[link.url].ok)
    lines = [
        f"# Source links: {len(dead)} dead, {len(unsure)} not checked, {working} working",
        "",
        "Found by `registry check-links`. For each dead source, find the document again (or its",
        "archived copy) and update the entry; if it is gone for good, keep the source and add an",
        "`archive_url`. A source is never silently removed.",
    ]
    for title, group in (("Dead", dead), ("Could not be checked", unsure)):
        if group:
            lines += ["", f"## {title}", "", "| entry | field | address | result |", "|---|---|---|---|"]
            lines += [
                f"| `{link.entry_id}` ({_cell(link.path)}) | `{link.field}` | {_cell(link.url)} "
                f"| {_cell(results[link.url].detail)} |"
                for link in group
            ]
    return "\n".join(lines) + "\n"


def unreachable_report(asked: Sequence[LinkResult]) -> str:
    """The short report when no address answered: the network is blamed, no source is called dead.

    Why a report at all: the weekly workflow files whatever the command wrote, and without one
    its `head -c 60000 links-report.md` failed with only "No such file or directory".
    """
    from registry.terminal import shown

    return (
        "# Source links: not checked, the network could not be reached\n\n"
        f"`registry check-links` tried {len(asked)} source addresses and none answered (the first: "
        f"{shown(asked[0].detail)}), so the fault is the network where it ran, not the sources: "
        "nothing is reported dead. Run it again where the web can be reached.\n"
    )


def _write_report(path: str | None, report: str) -> None:
    """Writes the report to `path`, or prints it without one."""
    if path:
        Path(path).write_text(report, encoding="utf-8")
    else:
        print(report, end="")


def _cell(text: str) -> str:
    """Keeps a value inside its table cell (no pipes) and its line (`terminal.shown`).

    Paths come from pull requests and details from remote servers: both are untrusted.
    """
    from registry.terminal import shown

    return shown(text).replace("|", "%7C")


def run(args: argparse.Namespace) -> int:
    """`registry check-links`: writes the report; exits 1 when any source address is dead."""
    from registry.entries import check_entries

    root = Path(args.root).resolve()
    links = collect_links(check_entries(root).files)
    results = check_urls([link.url for link in links], args.timeout, args.max_urls, args.workers)
    asked = [result for result in results.values() if result.answered is not None]
    if asked and not any(result.answered for result in asked):
        # Every address unanswered is this machine's network, not 900 dead sources: the weekly
        # workflow would otherwise file an issue calling every source dead. It files this report.
        _write_report(args.report, unreachable_report(asked))
        raise RegistryError(
            f"no source address answered ({len(asked)} tried; the first: "
            f"{asked[0].detail}): the network seems unreachable from here, "
            "so nothing is reported dead; run it where the web can be reached"
        )
    _write_report(args.report, render_report(links, results))
    dead = sum(1 for result in results.values() if result.ok is False)
    print(f"registry check-links: {len(results)} addresses, {dead} dead", flush=True)
    return 1 if dead else 0

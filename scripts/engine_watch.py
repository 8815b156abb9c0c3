#!/usr/bin/env python3
"""Watch the ground: has the support status of the site's engine or theme changed on PyPI?

    python scripts/engine_watch.py [--expect .github/engine-watch.json] [--report status.md]

Run weekly by .github/workflows/engine-watch.yml (issue 21); security advisories are
.github/workflows/audit.yml's (pip-audit over the locks). The site rests on ProperDocs (the
engine), Material for MkDocs (the theme, in maintenance mode until its end of life), MkDocs
1.6.1 (installed only because Material requires it) and, as the road past Material, Zensical.
For each, this reads PyPI's JSON API and compares what decides whether we must act with the
expectation committed in `.github/engine-watch.json`:

- `status`: the latest release's `Development Status` classifiers (Material says Inactive);
- `series`: the latest release's major version (`0.minor` below 1.0): a new series of an
  engine is a new engine, and MkDocs 2.0 is the rewrite that cannot run Material;
- `installed_yanked`: whether the release the build installs was yanked (the version locked
  in requirements/run.txt, else the one installed here);
- `engine_requirements`: what the latest release requires of `mkdocs` or `properdocs`
  (Material dropping its `mkdocs<2` bound, or requiring ProperDocs, changes our pins).

A new patch release is listed in the report but is not a change of status. Exit status: 0
when everything matches, 1 when something changed (the report says what, and the workflow
opens or updates one issue), 2 when PyPI could not be read. No dependencies beyond Python,
and nothing needs installing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.request
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXPECTATION = ROOT / ".github" / "engine-watch.json"
LOCK = ROOT / "requirements" / "run.txt"
PYPI = "https://pypi.org/pypi/{name}/json"
WATCHED = ("properdocs", "mkdocs-material", "mkdocs", "zensical")
ENGINE_NAMES = {"mkdocs", "properdocs"}


def series(release: str) -> str:
    """`9` for 9.8.2, `0.1` for 0.1.4: the part of a version that promises compatibility."""
    parts = re.findall(r"\d+", release)[:2] or ["0"]
    return parts[0] if parts[0] != "0" or len(parts) == 1 else f"0.{parts[1]}"


def status(project: dict[str, Any], installed: str | None) -> dict[str, Any]:
    """The watched facts of one project, from its PyPI JSON document."""
    info = project["info"]
    requires = [
        r for r in info.get("requires_dist") or [] if _req_name(r) in ENGINE_NAMES and "extra ==" not in r
    ]
    files = project.get("releases", {}).get(installed, []) if installed else []
    return {
        "status": sorted(c for c in info.get("classifiers") or [] if c.startswith("Development Status")),
        "series": series(info["version"]),
        "installed_yanked": any(f.get("yanked") for f in files),
        "engine_requirements": sorted(requires),
    }


def _req_name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def changes(expected: dict[str, Any], found: dict[str, Any]) -> list[str]:
    """One line per watched fact that differs from the expectation."""
    lines = []
    for name in sorted(set(expected) | set(found)):
        want, have = expected.get(name, {}), found.get(name, {})
        for key in sorted(set(want) | set(have)):
            if want.get(key) != have.get(key):
                lines.append(f"- `{name}` {key}: expected `{want.get(key)}`, now `{have.get(key)}`")
    return lines


def fetch(name: str) -> dict[str, Any]:
    with urllib.request.urlopen(PYPI.format(name=name), timeout=30) as response:  # noqa: S310 (fixed https URL)
        return json.load(response)


def installed_version(name: str, lock: Path = LOCK) -> str | None:
    """The version the build installs: pinned in the hash lock, else installed here, else None."""
    if lock.is_file():
        pinned = re.search(rf"^{re.escape(name)}==(\S+)", lock.read_text(encoding="utf-8"), re.MULTILINE)
        if pinned:
            return pinned.group(1)
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def report(found: dict[str, Any], latest: dict[str, str], lines: list[str]) -> str:
    head = "Support status changed" if lines else "No change in support status"
    out = [f"## Engine watch: {head.lower()}", ""]
    out += lines or ["Everything matches `.github/engine-watch.json`."]
    out += ["", "| project | locked | latest | status |", "|---|---|---|---|"]
    for name, facts in found.items():
        out.append(
            f"| {name} | {installed_version(name) or '-'} | {latest[name]} | {', '.join(facts['status'])} |"
        )
    if lines:
        out += [
            "",
            'What to do: read the project\'s announcement, decide (HACKING.md, "The engine"), then update',
            "`.github/engine-watch.json` in the same pull request, so this issue is not filed again.",
        ]
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--expect", type=Path, default=EXPECTATION)
    parser.add_argument("--report", type=Path, help="also write the report (Markdown) here")
    args = parser.parse_args()
    expected = json.loads(args.expect.read_text(encoding="utf-8"))
    found, latest = {}, {}
    for name in WATCHED:
        try:
            project = fetch(name)
        except OSError as exc:
            print(f"engine-watch: could not read {PYPI.format(name=name)}: {exc}", file=sys.stderr)
            return 2
        found[name] = status(project, installed_version(name))
        latest[name] = project["info"]["version"]
    lines = changes(expected, found)
    text = report(found, latest, lines)
    print(text, end="")
    if args.report:
        args.report.write_text(text, encoding="utf-8")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())

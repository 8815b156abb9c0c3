"""`check`'s side of the old page addresses that only the git history holds.

The build keeps a redirect at the address earlier builds gave every vendor and operator page
(registry.pages.moved), for names listed now and for names the history alone holds: those
the build learns from its history walk (registry.pages.vacated.names_once_listed). A new name
whose page falls on one of those addresses takes it, and the redirect is dropped; `check`
refused that only for names listed now (checks/names.py). Here it asks the same function, over
the same walk (registry.history.read_history), so both know the same names.

Why a gate first: the walk parses every version of every record (about 20 s cold at 30,000
commits, as long as `check` itself), and it can only matter when an old version holds a
letter that `legacy_slug` drops (TRANSLITERATED) next to the very words of a name published
now. Listing the versions and reading their bytes is git's quick part of the walk (one
`git log`, one `cat-file`); the live registry and the synthetic ones stop there (8 December
2026). The gate may let through a version that is not one (a word in a note); the walk then
decides, exactly.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from registry.checks.names import check_no_page_takes_a_history_address, organisation_slugs
from registry.errors import EntryProblems, HistoryUnavailable, Problem
from registry.text import MAX_SLUG, TRANSLITERATED

#: The slug `slugify` gives a name with no Latin letter or digit: a hash, no words to look for.
_NO_LATIN = re.compile(r"n-[0-9a-f]{8}")
#: The hash `slugify` ends a name cut to MAX_SLUG with.
_CUT = re.compile(r"-[0-9a-f]{8}$")
_DROPPED = frozenset(TRANSLITERATED)
#: A double-quoted YAML scalar's escape of a code point (`\xf8`, `\u00f8`, `\U000000f8`), which
#: can spell a dropped letter in ASCII; an escaped quote (`\"`), common in notes, cannot.
_CODE_POINT = re.compile(rb"\\[xuU][0-9a-fA-F]")


def history_address_problems(
    root: Path, files: list[Any], walk: Callable[[], list[Any] | None], only: Iterable[Path] | None = None
) -> list[Problem]:
    """Every published name (of `only`'s files when given) whose page would take the old address
    of a name only the history holds. Runs git in `root`; `walk()` gives the first-parent walk
    (`gitlog.walk_log`), which `check` reads once for this rule and the address lists'. Nothing
    without a usable history (no git, a shallow clone) or with a redaction or wording the build
    refuses (`check` tells those: registry.history_files)."""
    from registry.entries import place_finding

    wanted = None if only is None else {Path(p).resolve() for p in only}
    told = [f for f in files if wanted is None or (root / f.path).resolve() in wanted]
    slugs = organisation_slugs(told)
    paths = {f.path for f in told}
    if not slugs or not _history_may_hold_one(root, slugs, walk):
        return []
    once = _names_once_listed(root)
    found = check_no_page_takes_a_history_address(files, once)
    return [place_finding(f, finding) for f, finding in found if f.path in paths]


def _names_once_listed(root: Path) -> list[tuple[str, str]]:
    """The build's own list of names once listed, from the build's own walk (no cache: `check`
    writes nothing)."""
    from registry.history import read_history
    from registry.pages.vacated import names_once_listed

    try:
        history = read_history(root, None)
    except (HistoryUnavailable, EntryProblems):
        return []
    return list(names_once_listed(history))


def _history_may_hold_one(root: Path, slugs: set[str], walk: Callable[[], list[Any] | None]) -> bool:
    """Whether some version of an entry file on HEAD's first-parent line spells one of `slugs`
    as the slug earlier builds made: with a letter `legacy_slug` dropped inside or beside it."""
    from registry.history.gitlog import opened, read_objects
    from registry.loader import MAX_BYTES

    commits = walk()
    with opened(root) as found:
        if found is None or commits is None:
            return False
        repo, _ = found
        for _, raw in read_objects(repo, sorted(_replaced_versions(commits)), MAX_BYTES):
            # Too large or missing: the build reads no name from it either (gitlog.TooLarge).
            if isinstance(raw, bytes) and _may_spell_one(raw, slugs):
                return True
    return False


def _replaced_versions(commits: list[Any]) -> set[str]:
    """The blobs of every version a later commit replaced: the only ones a name once listed is
    read from (the version before the revision that moved its record). A file's version at
    HEAD is read by `check` itself, and a name it holds is either listed now or never was."""
    now: dict[str, str | None] = {}
    for commit in commits:
        for touch in commit.touches:
            now[touch.path] = touch.blob
    return {t.blob for commit in commits for t in commit.touches if t.blob} - set(now.values())


def _may_spell_one(raw: bytes, slugs: set[str]) -> bool:
    """Whether a version's text may hold a name whose `legacy_slug` is one of `slugs`."""
    if _CODE_POINT.search(raw):
        return True  # a YAML escape (\u00f8 in quotes) may spell a letter: let the walk decide
    if raw.isascii():
        return False  # no letter to drop
    try:
        text = unicodedata.normalize("NFKD", raw.decode("utf-8"))
    except UnicodeDecodeError:
        return False  # the loader refuses it: the build reads no name from it
    if _DROPPED.isdisjoint(text):
        return False
    if any(_NO_LATIN.fullmatch(slug) for slug in slugs):
        return True  # a name of no Latin letters: its words are not in the text to look for
    skeleton, drops = _skeleton(text)
    return _spelt_beside_a_drop(skeleton, drops, slugs)


def _skeleton(text: str) -> tuple[str, list[int]]:
    """The whole text as `legacy_slug` spells a name (ASCII letters and digits, one dash for
    each run of anything else), and where in it a TRANSLITERATED letter was dropped."""
    out: list[str] = []
    drops: list[int] = []
    for ch in text:
        if ch in _DROPPED:
            drops.append(len(out))
        elif ch.isascii() and ch.isalnum():
            out.append(ch.lower())
        elif ch.isascii() and ch not in "'`" and (not out or out[-1] != "-"):
            out.append("-")  # anything else not ASCII vanishes, as in legacy_slug
    return "".join(out), drops


def _spelt_beside_a_drop(skeleton: str, drops: list[int], slugs: set[str]) -> bool:
    """Whether one of `slugs` stands in `skeleton` as whole words with a dropped letter in it or
    in the dash on either side: a name spelt so has that slug as its old slug and another new one.

    Looked for around each dropped letter, not slug by slug: a version holds a few such letters,
    a registry thousands of names (a search per name and version took 0.2 s at 136 records and
    four versions with an ø). A slug cut to MAX_SLUG is looked for by its words before the hash
    (`_cut_words_before_a_drop`)."""
    whole = {slug for slug in slugs if not _is_cut(slug)}
    starts = [i for i in range(len(skeleton)) if skeleton[i] != "-" and (i == 0 or skeleton[i - 1] == "-")]
    ends = [
        j for j in range(1, len(skeleton) + 1) if skeleton[j - 1] != "-" and skeleton[j : j + 1] in ("", "-")
    ]
    for at in drops:
        # A slug at [i, j) touches the letter dropped at `at` when i - 1 <= at <= j + 1.
        near_starts = starts[
            bisect.bisect_left(starts, at - MAX_SLUG - 1) : bisect.bisect_right(starts, at + 1)
        ]
        near_ends = ends[bisect.bisect_left(ends, at - 1) : bisect.bisect_right(ends, at + MAX_SLUG + 1)]
        if any(skeleton[i:j] in whole for i in near_starts for j in near_ends if 0 < j - i <= MAX_SLUG):
            return True
    return any(_cut_words_before_a_drop(skeleton, drops, slug) for slug in slugs if _is_cut(slug))


def _is_cut(slug: str) -> bool:
    """Whether `slugify` cut `slug` to MAX_SLUG and ended it with a hash."""
    return len(slug) == MAX_SLUG and _CUT.search(slug) is not None


def _cut_words_before_a_drop(skeleton: str, drops: list[int], slug: str) -> bool:
    """Whether the words of a cut slug before its hash begin a name with a dropped letter: an
    old slug equal to it begins with them, and the rest of that name may be anywhere after."""
    words = slug[: -len("-12345678")]
    return any(
        match.start() - 1 <= drops[-1] for match in re.finditer(rf"(?<![a-z0-9]){re.escape(words)}", skeleton)
    )

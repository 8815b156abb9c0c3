"""How fast `registry check` answers a file made of mistakes (issue 16, item 4).

A hostile pull request can fill a file, up to the loader's size limit, with thousands of
mistakes. Check lists the first 50 of a file and counts the rest, so the work of wording
messages (did-you-mean, indentation hints) stays bounded. This script times each shape of
such a file; the target is under one second for any file under the size limit.

    python scripts/bench_hostile.py [--runs 5] [--base tests/fixtures/entries/valid_full.yaml]

The tests take their shapes from here (tests/test_hostile_check.py) and check the answer;
only this script measures time, since a timed test fails on a busy machine, not on slow code.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "tests" / "fixtures" / "entries" / "valid_full.yaml"
REL = "entries/gb/gb-fixture-full.yaml"

# name -> (edit to the base entry, the text opening the repeated part, one repeated line)
SHAPES: dict[str, tuple[tuple[str, str] | None, str, str]] = {
    "unknown keys": (None, "", "k{i:05d}: v\n"),
    "misplaced keys": (None, "", "sector{i}: v\n"),
    "bad list items": (None, "related:\n", "  - X{i}\n"),
    "bad groups": (("\nevents:", "\nold_events:"), "events:\n", "  - date: 20x\n    kindd: y\n"),
}


def hostile_text(base: str, shape: str) -> str:
    """`base` (an entry) edited for `shape`, then its line repeated until just under the size limit."""
    from registry.loader import MAX_BYTES

    edit, prefix, line = SHAPES[shape]
    if edit is not None:
        assert edit[0] in base, edit[0]
        base = base.replace(edit[0], edit[1], 1)
    count = (MAX_BYTES - len(base.encode()) - len(prefix) - 200) // len(line.format(i=99999))
    return base + prefix + "".join(line.format(i=i) for i in range(count))


def fixture_base() -> str:
    """The full fixture entry, without its link to a record a lone file does not have."""
    return BASE.read_text(encoding="utf-8").replace("related: [gb-fixture-other]\n", "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per shape; the best and worst are shown")
    args = parser.parse_args()

    from registry.entries import check_entries

    base = fixture_base()
    print(f"{'shape':<16} {'bytes':>7} {'problems':>8} {'best s':>7} {'worst s':>8}")
    for shape in SHAPES:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / REL
            path.parent.mkdir(parents=True)
            text = hostile_text(base, shape)
            path.write_text(text, encoding="utf-8")
            seconds = []
            for _ in range(args.runs):
                start = time.perf_counter()
                problems = check_entries(Path(folder)).problems
                seconds.append(time.perf_counter() - start)
        size, best, worst = len(text.encode()), min(seconds), max(seconds)
        print(f"{shape:<16} {size:>7} {len(problems):>8} {best:>7.3f} {worst:>8.3f}")


if __name__ == "__main__":
    main()

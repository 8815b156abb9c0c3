"""Benchmark of `registry check` against its floor and a generic peer, measured in one run.

For each size it builds (or reuses) a synthetic registry and reports three wall-clock times:

- ours: `registry check` in a fresh process (load, schema, every rule, positions);
- floor: reading the same files and parsing them with PyYAML's C loader, nothing else;
- peer: `check-jsonschema` validating the same files against schema/entry.schema.json
  (generic, no line mapping for pydantic-level rules, no cross-record checks).

Targets (issue 2): ours within 3x of the floor, and faster than the peer.

    python scripts/bench_check.py --sizes 1000 10000 [--work /tmp/bench-check]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from make_synthetic import make_registry  # noqa: E402

FLOOR = """
import sys, time, yaml
from pathlib import Path
files = sorted(Path(sys.argv[1]).glob("entries/*/*.yaml"))
start = time.perf_counter()
for path in files:
    # The floor is stock PyYAML by definition; it never feeds the registry.
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
print(time.perf_counter() - start)
"""


def _timed(cmd: list[str], cwd: Path | None = None) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - start, result


def _registry(work: Path, size: int) -> Path:
    target = work / f"registry-{size}"
    if not (target / "entries").is_dir():
        shutil.rmtree(target, ignore_errors=True)
        make_registry(target, entries=size, commits=size, seed=1)
    return target


def bench(size: int, work: Path) -> dict[str, float | int | str]:
    """Returns the three timings (seconds) and the outcome of each run at one size."""
    root = _registry(work, size)
    files = sorted(str(p) for p in root.glob("entries/*/*.yaml"))
    ours, ours_run = _timed([sys.executable, "-m", "registry", "--root", str(root), "check"])
    floor_start = time.perf_counter()
    floor_run = subprocess.run([sys.executable, "-c", FLOOR, str(root)], capture_output=True, text=True)
    floor_wall = time.perf_counter() - floor_start
    peer, peer_run = _timed(
        ["check-jsonschema", "--schemafile", str(ROOT / "schema" / "entry.schema.json"), *files]
    )
    return {
        "entries": len(files),
        "ours_s": round(ours, 2),
        "ours_ok": ours_run.returncode == 0,
        "floor_s": round(floor_wall, 2),
        "floor_parse_only_s": round(float(floor_run.stdout.strip() or "nan"), 2),
        "peer_s": round(peer, 2),
        "peer_exit": peer_run.returncode,
        "ours_vs_floor": round(ours / floor_wall, 2),
        "ours_vs_peer": round(ours / peer, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench-check"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    for size in args.sizes:
        print(bench(size, args.work), flush=True)


if __name__ == "__main__":
    main()

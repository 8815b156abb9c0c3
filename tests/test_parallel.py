"""Steps that fork workers (registry.parallel) must write exactly what one process writes.

Each check runs in a fresh interpreter: forking is only done with no other thread running,
and this test process may have a browser test's server thread. The script asserts that it
really forks, then compares the two results.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRELUDE = """
import json, sys
from pathlib import Path
from registry import parallel
parallel.WORKERS = 2
"""


def _run(script: str, *args: Path) -> object:
    code = PRELUDE + textwrap.dedent(script)
    done = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_csp_from_forked_workers_is_the_same(tmp_path: Path) -> None:
    page = (
        '<!doctype html><html><head><meta charset="utf-8"><script>var a={n}</script></head>'
        "<body><p>{n}</p></body></html>"
    )
    for folder in ("alone", "workers"):
        for n in range(30):
            path = tmp_path / folder / f"p{n}" / "index.html"
            path.parent.mkdir(parents=True)
            path.write_text(page.format(n=n), encoding="utf-8")
    forked = _run(
        """
        from registry.build import BuildContext, no_history
        from registry.postbuild.csp import add_csp
        base = Path(sys.argv[1])
        ctx = BuildContext(base, [], no_history(), None, base)
        add_csp(ctx, base / "alone")
        parallel.PARALLEL_FROM = 0
        forked = parallel.can_fork(30, parallel.WORKERS)
        add_csp(ctx, base / "workers")
        print(json.dumps(forked))
        """,
        tmp_path,
    )
    assert forked
    for n in range(30):
        ours = (tmp_path / "alone" / f"p{n}" / "index.html").read_text(encoding="utf-8")
        assert ours == (tmp_path / "workers" / f"p{n}" / "index.html").read_text(encoding="utf-8")
        assert "Content-Security-Policy" in ours and f"var a={n}" in ours

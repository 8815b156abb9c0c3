"""`registry ...` for tests: in this process (quick) or as a real process (what a shell sees).

Why in this process: a new Python that imports the registry costs about half a second of CPU,
and the checks' tests run the command some 150 times; in this process it costs what the
command itself does. `registry.cli.main` is the whole command (`python -m registry` is one
line around it), so the answer is the same: the exit status and every line it prints. What
only a real process shows (its encoding of hostile text on a pipe, a crash at import, what a
CI log receives) is tested with `registry_process`, in tests/test_hostile_output.py and
tests/test_cli.py.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from registry.cli import main


@contextlib.contextmanager
def _environment(env: Mapping[str, str]) -> Iterator[None]:
    """`os.environ` is `env` meanwhile (git's dates and names, GITHUB_ACTIONS), then as before."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def registry_cli(
    root: Path,
    *args: str,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    stdin: str = "",
) -> subprocess.CompletedProcess[str]:
    """`registry --root ROOT ARGS` in this process: exit status, stdout and stderr, as a process.

    `env` replaces the environment (default: this one without GITHUB_ACTIONS), `cwd` the working
    folder and `stdin` what the command reads (nothing, as from /dev/null, by default).
    """
    argv = ["--root", str(root), *args]
    out, err = io.StringIO(), io.StringIO()
    environment = {**os.environ, "GITHUB_ACTIONS": ""} if env is None else env
    with (
        _environment(environment),
        contextlib.chdir(cwd or os.getcwd()),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        saved_stdin, sys.stdin = sys.stdin, io.StringIO(stdin)
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            sys.stdin = saved_stdin
    return subprocess.CompletedProcess(["registry", *argv], code, out.getvalue(), err.getvalue())


def registry_process(
    root: Path, *args: str, env: Mapping[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m registry --root ROOT ARGS` as a real process, for what only a process shows."""
    return subprocess.run(
        [sys.executable, "-m", "registry", "--root", str(root), *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "GITHUB_ACTIONS": ""} if env is None else dict(env),
        cwd=cwd,
        timeout=300,
    )

"""Supply chain (SECURITY.md 3.6, issue 16.11): hash-locked installs, Dependabot, a scheduled
pip-audit, Pagefind pinned exactly, and the deploy's force-push guard wired in.

The workflows are read through our own loader (as tests/test_workflows.py does), so a failure
names the rule that broke.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

from registry.loader import load_file

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
LOCKS = {
    name: (ROOT / "requirements" / name).read_text(encoding="utf-8")
    for name in ("run.txt", "test.txt", "audit.txt")
}
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
_PIN = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+) \\$", re.MULTILINE)


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _pins(lock: str) -> dict[str, str]:
    return {name.lower().replace("_", "-"): pinned for name, pinned in _PIN.findall(lock)}


def _runs() -> dict[str, str]:
    runs = {}
    for path in sorted((GITHUB / "workflows").glob("*.yml")):
        data = load_file(path).data
        runs[path.name] = "\n".join(
            step.get("run", "") for job in data["jobs"].values() for step in job.get("steps", [])
        )
    return runs


@pytest.mark.parametrize("name", sorted(LOCKS))
def test_every_locked_package_is_pinned_with_hashes(name: str) -> None:
    lock = LOCKS[name]
    blocks = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", lock)
    packages = [b for b in blocks if re.match(r"[A-Za-z0-9_.-]+==", b)]
    assert packages
    for block in packages:
        assert "--hash=sha256:" in block, block.splitlines()[0]
    options = [line for line in lock.splitlines() if line.startswith("-")]
    assert options == [] and "file://" not in lock, "a lock names no index: pip's own (PyPI) is used"


@pytest.mark.parametrize(("lock", "extras"), [("run.txt", []), ("test.txt", ["test"])])
def test_the_locks_hold_every_dependency_of_pyproject(lock: str, extras: list[str]) -> None:
    wanted = list(PYPROJECT["project"]["dependencies"])
    for extra in extras:
        wanted += PYPROJECT["project"]["optional-dependencies"][extra]
    pins = _pins(LOCKS[lock])
    missing = sorted({_name(r) for r in wanted} - set(pins))
    assert not missing, f"{missing}: run pip-compile (HACKING.md, Dependencies) and commit requirements/"
    build = PYPROJECT["build-system"]["requires"]
    assert {_name(r) for r in build} <= set(pins), "the build backend must be locked too (--all-build-deps)"


def test_the_test_lock_agrees_with_the_run_lock() -> None:
    run, test = _pins(LOCKS["run.txt"]), _pins(LOCKS["test.txt"])
    assert {name: test.get(name) for name in run} == run


def _commands(script: str) -> list[str]:
    """The command lines of a shell script: no comments, no blank lines."""
    return [
        line.strip() for line in script.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]


def unlocked_installs(scripts: dict[str, str]) -> list[str]:
    """Every `pip install` line of `scripts` (name -> text) that is not hash-locked: neither a
    lock installed with --require-hashes, nor the project itself installed with --no-deps."""
    return [
        f"{name}: {line}"
        for name, script in scripts.items()
        for line in _commands(script)
        if "pip install" in line
        and not ("--require-hashes" in line and "-r requirements/" in line)
        and not ("--no-deps" in line and "-e ." in line)
    ]


def test_every_workflow_install_is_hash_locked() -> None:
    assert (
        unlocked_installs({**_runs(), INSTALL_SCRIPT: (ROOT / INSTALL_SCRIPT).read_text(encoding="utf-8")})
        == []
    )


@pytest.mark.parametrize(
    "line",
    [
        "pip install -r requirements/run.txt",
        "python -m pip install -e .",
        "python -m pip install pyyaml",
        "python -m pip install --require-hashes --no-deps pagefind",
    ],
)
def test_an_unlocked_install_is_found(line: str) -> None:
    script = (
        f"# an install\npython -m pip install --require-hashes --no-deps -r requirements/run.txt\n{line}\n"
    )
    assert unlocked_installs({"job": script}) == [f"job: {line}"]


#: The one place the jobs that run `registry` install it (the tests job installs the test lock).
INSTALL_SCRIPT = ".ci/install-locked"
INSTALL_STEP = f"bash {INSTALL_SCRIPT}"
#: A line of a step's script that runs the registry's command.
_REGISTRY = re.compile(r"^\s*(if )?registry ", re.MULTILINE)


def test_the_locked_install_is_written_once_and_every_registry_job_uses_it() -> None:
    assert [
        c for c in _commands((ROOT / INSTALL_SCRIPT).read_text(encoding="utf-8")) if "pip install" in c
    ] == [
        "python -m pip install --require-hashes --no-deps -r requirements/run.txt",
        "python -m pip install --no-deps --no-build-isolation -e .",
    ]
    users = []
    for path in sorted((GITHUB / "workflows").glob("*.yml")):
        for job, spec in load_file(path).data["jobs"].items():
            runs = [step.get("run", "") for step in spec.get("steps", [])]
            assert not any("requirements/run.txt" in r and "pip install" in r for r in runs), (
                f"{path.name} {job}: install through {INSTALL_STEP}, not a copy of its lines"
            )
            first_registry = next((i for i, r in enumerate(runs) if _REGISTRY.search(r)), None)
            if first_registry is not None:
                assert INSTALL_STEP in runs[:first_registry], f"{path.name} {job} runs registry uninstalled"
            if INSTALL_STEP in runs:
                users.append(f"{path.name} {job}")
    assert sorted(users) == [
        "deploy.yml build",
        "links.yml check-links",
        "validate.yml build",
        "validate.yml check",
    ]


def test_the_tests_job_installs_the_lock_before_running_ci() -> None:
    data = load_file(GITHUB / "workflows" / "validate.yml").data
    runs = [step.get("run", "") for step in data["jobs"]["tests"]["steps"]]
    lock = next(i for i, run in enumerate(runs) if "-r requirements/test.txt" in run)
    assert runs.index("bash .ci/run") > lock


def test_ci_run_still_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r'^TEST_COMMAND="(.+)"$', ci, re.MULTILINE).group(1)
    assert command == "pip install -e '.[test]' && python -m pytest"
    assert command in readme


@pytest.mark.slow  # check-jsonschema in a process of its own
def test_dependabot_watches_pip_and_actions() -> None:
    data = load_file(GITHUB / "dependabot.yml").data
    ecosystems = {(u["package-ecosystem"], u["directory"]) for u in data["updates"]}
    assert {("pip", "/"), ("pip", "/requirements"), ("github-actions", "/")} <= ecosystems
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.dependabot",
            str(GITHUB / "dependabot.yml"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pip_audit_runs_on_a_schedule_over_both_locks() -> None:
    data = load_file(GITHUB / "workflows" / "audit.yml").data
    assert set(data["on"]) == {"schedule", "workflow_dispatch"}
    runs = _runs()["audit.yml"]
    for lock in ("requirements/run.txt", "requirements/test.txt"):
        assert re.search(rf"pip_audit --strict --disable-pip --require-hashes -r {re.escape(lock)}\b", runs)
    assert "pip-audit" in _pins(LOCKS["audit.txt"])


def test_pagefind_is_pinned_exactly_to_the_installed_version() -> None:
    (spec,) = [d for d in PYPROJECT["project"]["dependencies"] if _name(d) == "pagefind"]
    assert re.fullmatch(r"pagefind\[bin\]==\d+\.\d+\.\d+", spec), spec
    pinned = spec.split("==")[1]
    assert pinned == version("pagefind") == _pins(LOCKS["run.txt"])["pagefind"]


def test_the_deploy_build_is_given_the_live_sites_manifest() -> None:
    runs = _runs()["deploy.yml"]
    assert "history-manifest.json" in runs
    # --deploy: the build for publication, at the Pages address (tests/test_workflows.py)
    assert "registry build --deploy --published-manifest published-manifest.json" in runs


def test_a_container_image_is_pinned_by_digest_or_marked_as_not_yet() -> None:
    """A digest cannot be read offline; until one is, the workflow must say the tag is a gap."""
    raw = (GITHUB / "workflows" / "validate.yml").read_text(encoding="utf-8")
    for image in re.findall(r"image: (\S+)", raw):
        assert "@sha256:" in image or "Not yet pinned by digest" in raw, image

"""The repository host's files: workflows with least privilege, forms that ask for sources.

Three layers: zizmor (the GitHub Actions security linter, offline) must find nothing; the
files validate against the host's own schemas (check-jsonschema's bundled copies, offline);
and a structural reading through our own loader asserts the rules of SECURITY.md 3.6 one by
one, so a failure names the rule. The data-only job's script runs for real in a temp clone.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from gitrepo import GitRepo, entry_text, path_of

from registry.loader import load_file

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
LOADED = {path.name: load_file(path).data for path in WORKFLOWS}
RAW = {path.name: path.read_text(encoding="utf-8") for path in WORKFLOWS}
SHA_PIN = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def _tool(name: str) -> str:
    """The console script installed beside this Python (the test extra installs both tools)."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'", pytrace=False)
    return found


def steps(name: str) -> list[tuple[str, dict[str, Any]]]:
    return [(job, step) for job, spec in LOADED[name]["jobs"].items() for step in spec.get("steps", [])]


def test_the_five_workflows_exist() -> None:
    assert [p.name for p in WORKFLOWS] == [
        "audit.yml",
        "deploy.yml",
        "engine-watch.yml",
        "links.yml",
        "validate.yml",
    ]


def test_zizmor_finds_nothing() -> None:
    result = subprocess.run(
        [_tool("zizmor"), "--offline", "--no-progress", str(GITHUB / "workflows")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("schema", "files"),
    [
        ("vendor.github-workflows", WORKFLOWS),
        ("custom.github-workflows-require-timeout", WORKFLOWS),
        (
            "vendor.github-issue-forms",
            sorted(
                set((GITHUB / "ISSUE_TEMPLATE").glob("*.yml")) - {GITHUB / "ISSUE_TEMPLATE" / "config.yml"}
            ),
        ),
        ("vendor.github-issue-config", [GITHUB / "ISSUE_TEMPLATE" / "config.yml"]),
    ],
)
def test_files_match_the_hosts_schemas(schema: str, files: list[Path]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", [p.name for p in WORKFLOWS])
def test_no_dangerous_triggers(name: str) -> None:
    triggers = set(LOADED[name]["on"])
    assert not triggers & {"pull_request_target", "workflow_run"}


@pytest.mark.parametrize("name", [p.name for p in WORKFLOWS])
def test_least_privilege(name: str) -> None:
    data = LOADED[name]
    assert data["permissions"] == {}, "top-level permissions must be {}"
    allowed_writes = {
        ("deploy.yml", "deploy"): {"pages", "id-token"},
        ("links.yml", "check-links"): {"issues"},
        ("engine-watch.yml", "watch"): {"issues"},
    }
    for job, spec in data["jobs"].items():
        permissions = spec["permissions"]
        writes = {scope for scope, level in permissions.items() if level == "write"}
        assert writes == allowed_writes.get((name, job), set()), (job, permissions)
        assert permissions.get("contents", "read") == "read", job


@pytest.mark.parametrize("name", [p.name for p in WORKFLOWS])
def test_every_job_has_a_timeout(name: str) -> None:
    for job, spec in LOADED[name]["jobs"].items():
        assert int(spec["timeout-minutes"]) <= 60, job


@pytest.mark.parametrize("name", [p.name for p in WORKFLOWS])
def test_every_action_is_pinned_to_a_commit_with_its_version(name: str) -> None:
    uses = [step["uses"] for _, step in steps(name) if "uses" in step]
    assert uses
    for use in uses:
        assert SHA_PIN.match(use), use
        assert re.search(rf"uses: {re.escape(use)} # v\d+\.\d+\.\d+\n", RAW[name]), (
            f"{use} needs a # vX.Y.Z comment"
        )


@pytest.mark.parametrize("name", [p.name for p in WORKFLOWS])
def test_checkouts_keep_no_credentials_and_say_how_deep(name: str) -> None:
    for job, step in steps(name):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] == "false", job
            assert "fetch-depth" in step["with"], job
    # a comment saying why, on the line above every fetch-depth
    lines = RAW[name].splitlines()
    for index, line in enumerate(lines):
        if line.strip().startswith("fetch-depth:"):
            assert lines[index - 1].strip().startswith("#"), f"{name}:{index + 1}: say why"


@pytest.mark.parametrize("name", [p.name for p in WORKFLOWS])
def test_jobs_that_build_or_compare_have_the_full_history(name: str) -> None:
    for job, spec in LOADED[name]["jobs"].items():
        runs = " ".join(step.get("run", "") for step in spec.get("steps", []))
        if any(word in runs for word in ("registry build", "--changed", ".ci/run", "git diff")):
            (checkout,) = [s for s in spec["steps"] if s.get("uses", "").startswith("actions/checkout@")]
            assert checkout["with"]["fetch-depth"] == "0", job


@pytest.mark.parametrize("name", [p.name for p in WORKFLOWS])
def test_no_expressions_inside_run_scripts(name: str) -> None:
    """Values reach scripts through env:, so a crafted branch name or title is never code."""
    for job, step in steps(name):
        assert "${{" not in step.get("run", ""), (job, step.get("name"))


def test_validate_runs_on_pull_requests_only_and_checks_the_changed_entries() -> None:
    data = LOADED["validate.yml"]
    assert list(data["on"]) == ["pull_request"]
    assert set(data["jobs"]) == {"check", "tests", "build", "data-only"}
    (check,) = [s for s in data["jobs"]["check"]["steps"] if "registry check" in s.get("run", "")]
    assert check["run"] == 'registry check --changed "origin/${BASE_REF}"'
    assert check["env"] == {"BASE_REF": "${{ github.base_ref }}"}


def test_deploy_publishes_from_main_only() -> None:
    data = LOADED["deploy.yml"]
    assert data["on"]["push"] == {"branches": ["main"]}
    assert data["jobs"]["build"]["if"] == "github.ref == 'refs/heads/main'"
    assert data["jobs"]["deploy"]["environment"]["name"] == "github-pages"
    assert data["jobs"]["deploy"]["needs"] == "build"


def test_links_run_on_a_schedule_and_never_on_pull_requests() -> None:
    data = LOADED["links.yml"]
    assert set(data["on"]) == {"schedule", "workflow_dispatch"}
    runs = " ".join(step.get("run", "") for _, step in steps("links.yml"))
    assert "registry check-links --report" in runs and "gh issue create" in runs
    # A command that failed before checking writes no report: one clear error, not `head`'s.
    assert runs.index("if [ ! -s links-report.md ]; then") < runs.index("head -c 60000 links-report.md")


def test_engine_watch_runs_on_a_schedule_installs_nothing_and_reports_in_one_issue() -> None:
    data = LOADED["engine-watch.yml"]
    assert set(data["on"]) == {"schedule", "workflow_dispatch"}
    runs = " ".join(step.get("run", "") for _, step in steps("engine-watch.yml"))
    assert "python scripts/engine_watch.py --report status.md" in runs
    assert "pip install" not in runs, "advisories are audit.yml's; the watch needs only Python"
    assert "gh issue create" in runs and "gh issue comment" in runs
    assert (ROOT / ".github" / "engine-watch.json").is_file()


# --- the data-only job's script, run for real ---

DATA_ONLY = next(s["run"] for _, s in steps("validate.yml") if s.get("name") == "Only entries, at most 50")


@pytest.fixture
def clone(tmp_path: Path) -> GitRepo:
    upstream = GitRepo(tmp_path / "upstream")
    upstream.commit("An entry", {path_of("gb-kings-cross-argent"): entry_text()})
    subprocess.run(
        ["git", "clone", "-q", str(upstream.path), str(tmp_path / "clone")], check=True, capture_output=True
    )
    repo = GitRepo(tmp_path / "clone")
    repo.git("checkout", "-q", "-b", "pr")
    return repo


def data_only(clone: GitRepo, association: str = "NONE") -> subprocess.CompletedProcess[str]:
    env = {**clone.env(when=0), "BASE_REF": "main", "AUTHOR_ASSOCIATION": association}
    return subprocess.run(
        ["bash", "-c", DATA_ONLY], cwd=clone.path, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.slow
def test_data_only_passes_an_entries_only_pull_request(clone: GitRepo) -> None:
    clone.commit("Add", {path_of("gb-new-one"): entry_text("gb-new-one")})
    result = data_only(clone)
    assert (result.returncode, result.stdout) == (0, "data only: 1 entry files, nothing else\n")


@pytest.mark.slow
def test_data_only_stops_code_changes_from_outside(clone: GitRepo) -> None:
    clone.commit(
        "Sneak", {path_of("gb-new-one"): entry_text("gb-new-one"), "registry/checks/x.py": "x = 1\n"}
    )
    result = data_only(clone)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "This pull request changes files that are not entries:",
        "  - registry/checks/x.py",
        "Please change only entry files, and only add to the published lists (see CONTRIBUTING.md).",
    ]
    assert data_only(clone, "MEMBER").returncode == 0


@pytest.mark.slow
def test_data_only_keeps_what_history_shows_for_the_maintainers(clone: GitRepo) -> None:
    """A redaction (or a reworded commit subject) removed by an outside pull request would
    republish what was withdrawn: those files under entries/ are not entries."""
    clone.commit(
        "Unredact", {"entries/redactions.yaml": "redactions: []\n", "entries/public-subjects.yaml": "x\n"}
    )
    result = data_only(clone)
    assert result.returncode == 1
    assert result.stdout.splitlines()[:3] == [
        "This pull request changes files that are not entries:",
        "  - entries/public-subjects.yaml",
        "  - entries/redactions.yaml",
    ]


@pytest.mark.slow
def test_data_only_counts_only_entry_files_as_entries(clone: GitRepo) -> None:
    """Any name in a country folder passed: a .gitattributes there (`-diff`, or marked as
    generated so the host folds the entries' diffs away from a reviewer) was "an entry"."""
    clone.commit(
        "Sneak",
        {
            "entries/gb/.gitattributes": "*.yaml -diff linguist-generated=true\n",
            "entries/gb/gb-notes.html": "<script>\n",
            path_of("gb-new-one"): entry_text("gb-new-one"),
        },
    )
    result = data_only(clone)
    assert result.returncode == 1
    assert result.stdout.splitlines()[:3] == [
        "This pull request changes files that are not entries:",
        "  - entries/gb/.gitattributes",
        "  - entries/gb/gb-notes.html",
    ]


@pytest.mark.slow
def test_data_only_lets_a_new_entry_add_its_id_but_never_remove_one(clone: GitRepo) -> None:
    clone.git("checkout", "-q", "main")
    base = clone.commit("The list", {"entries/published-ids.txt": "gb-a\n"})
    clone.git("update-ref", "refs/remotes/origin/main", base)
    clone.git("checkout", "-q", "-b", "adds")
    clone.commit(
        "Add", {path_of("gb-new-one"): entry_text("gb-new-one"), "entries/published-ids.txt": "gb-a\ngb-b\n"}
    )
    assert data_only(clone).stdout == "data only: 1 entry files, nothing else\n"
    clone.commit("Drop one", {"entries/published-ids.txt": "gb-b\n"})
    result = data_only(clone)
    assert result.returncode == 1
    assert (
        "This pull request removes 1 line(s) from the published lists; they are append-only." in result.stdout
    )


@pytest.mark.slow
def test_data_only_sees_a_list_emptied_behind_a_nul_or_a_rename(clone: GitRepo) -> None:
    """A NUL made git count the list as binary ('-' removed lines, read as 0), and a history file
    renamed into a country folder was listed only as the new entry."""
    clone.git("checkout", "-q", "main")
    base = clone.commit(
        "The lists",
        {"entries/published-ids.txt": "gb-a\ngb-b\n", "entries/public-subjects.yaml": "subjects: []\n"},
    )
    clone.git("update-ref", "refs/remotes/origin/main", base)
    clone.git("checkout", "-q", "-b", "nul")
    clone.commit("Empty it", {"entries/published-ids.txt": "# \0\n"})
    assert "removes 2 line(s) from the published lists" in data_only(clone).stdout
    clone.git("checkout", "-q", "-b", "moved", base)
    clone.git("mv", "entries/public-subjects.yaml", "entries/gb/gb-x-y.yaml")
    clone.commit("Move it")
    assert "  - entries/public-subjects.yaml" in data_only(clone).stdout.splitlines()


@pytest.mark.slow
def test_data_only_limits_a_pull_request_to_50_entries(clone: GitRepo) -> None:
    clone.commit("Many", {path_of(f"gb-bulk-{n:02d}"): entry_text(f"gb-bulk-{n:02d}") for n in range(51)})
    result = data_only(clone)
    assert result.returncode == 1
    assert "This pull request changes 51 entry files; the limit is 50. Split it." in result.stdout


@pytest.mark.slow
def test_data_only_never_prints_a_file_name_at_the_start_of_a_line(clone: GitRepo) -> None:
    (clone.path / "::error::pwned").write_text("x\n", encoding="utf-8")
    clone.git("--literal-pathspecs", "add", "--", "::error::pwned")  # ':' starts pathspec magic
    clone.commit("Crafted")
    result = data_only(clone)
    assert result.returncode == 1
    assert not any(line.startswith("::") for line in result.stdout.splitlines())


# --- the other host files ---


def test_pre_commit_runs_registry_check_on_entry_files() -> None:
    (repo,) = load_file(ROOT / ".pre-commit-config.yaml").data["repos"]
    hooks = {hook["id"]: hook for hook in repo["hooks"]}
    assert repo["repo"] == "local"
    check = hooks["registry-check"]
    assert (check["entry"], check["language"], check["pass_filenames"]) == (
        "registry check",
        "system",
        "true",
    )
    assert re.search(check["files"], "entries/gb/gb-kings-cross-argent.yaml")
    assert not re.search(check["files"], "registry/loader.py")


def test_report_incorrect_details_requires_a_source() -> None:
    form = load_file(GITHUB / "ISSUE_TEMPLATE" / "report_incorrect_details.yml").data
    fields = {item.get("id"): item for item in form["body"]}
    assert fields["source"]["validations"]["required"] == "true"
    assert fields["entry"]["validations"]["required"] == "true"


def test_pull_request_templates_exist_per_change_type() -> None:
    names = sorted(p.name for p in (GITHUB / "PULL_REQUEST_TEMPLATE").glob("*.md"))
    assert names == ["new_deployment.md", "other.md", "update.md"]
    assert (GITHUB / "pull_request_template.md").is_file()


def test_codeowners_guard_code_and_ci() -> None:
    owners = (GITHUB / "CODEOWNERS").read_text(encoding="utf-8")
    for path in ("/.github/", "/registry/", "/site_templates/", "/mkdocs.yml", "/pyproject.toml", "/.ci/"):
        assert re.search(rf"^{re.escape(path)}\s+@", owners, re.MULTILINE), path


def test_deploy_builds_for_the_pages_address_and_this_repository() -> None:
    """The published site names where it lives, not mkdocs.yml's placeholder (issue 15)."""
    build_steps = LOADED["deploy.yml"]["jobs"]["build"]["steps"]
    (pages,) = [s for s in build_steps if s.get("uses", "").startswith("actions/configure-pages@")]
    (build,) = [s for s in build_steps if "registry build" in s.get("run", "")]
    assert [line.split()[:3] for line in build["run"].splitlines() if "registry build" in line] == [
        ["registry", "build", "--deploy"]
    ] * 2, "both the first publication and every later one build for deployment"
    assert build["env"] == {
        "REGISTRY_SITE_URL": "${{ steps." + pages["id"] + ".outputs.base_url }}",
        "REGISTRY_REPO_URL": "${{ github.server_url }}/${{ github.repository }}",
    }
    assert build_steps.index(pages) < build_steps.index(build)

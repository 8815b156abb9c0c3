"""Old versions that fail to load: their raw lines are untrusted, bounded and made visible.

An unreadable version is published as a line diff on the entry page and its history page
(SECURITY.md: every entry and every commit is untrusted). A version broken on purpose could
carry terminal escapes, a bidi override or a zero-width space into those pages, or, as one
50 MB value, make the build hold gigabytes and write pages of hundreds of megabytes. Real
temporary repositories (tests/gitrepo.py); the oversized blob is just over the loader's limit.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import git
from gitrepo import EXAMPLE_ID, GitRepo, edit, entry_text, path_of

from registry.history import read_history
from registry.history.gitlog import (
    MAX_COMMIT_BYTES,
    TOO_LARGE_MESSAGE,
    TooLarge,
    read_blob_text,
    read_objects,
)
from registry.history.raw_lines import DIFF_CHARS, LINE_CHARS, line_diff
from registry.loader import MAX_BYTES
from registry.render import LABELS, make_environment

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = (
    "\tphone: +44 20 7946 0958 victim@example.com \x1b[2J \u202egnp.exe \u200b javascript:alert(1) <script>\n"
)
SHOWN = "\\tphone: +44 20 7946 0958 victim@example.com \\x1b[2J \\u202egnp.exe \\u200b javascript:alert(1) <script>"
#: The published line as the page holds it (autoescaped).
SHOWN_HTML = SHOWN.replace("<", "&lt;").replace(">", "&gt;")
STATUS = "  status: ended\n"


def _render_partial(history, entry_id: str) -> str:
    """The History section as the entry page and the history page both print it."""
    env = make_environment(ROOT)
    ctx = SimpleNamespace(history=history, config=SimpleNamespace(repo_url="https://example.org/r"))
    entry = history.get(entry_id)
    return env.get_template("partials/entry_history.html.j2").render(
        history=entry, revisions=entry.revisions, ctx=ctx, labels=LABELS, u="/"
    )


def _oversized() -> str:
    """The example with a comment that takes it one byte over the loader's limit."""
    base = entry_text()
    filler = MAX_BYTES + 1 - len(base.encode()) - len("# \n")
    return base + "# " + "z" * filler + "\n"


def test_a_broken_version_shows_controls_and_invisible_characters_as_escapes(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the record", {path_of(EXAMPLE_ID): entry_text()})
    broken_at = repo.commit("Break it", {path_of(EXAMPLE_ID): edit(entry_text(), STATUS, STATUS + HOSTILE)})
    fixed_at = repo.commit("Fix it", {path_of(EXAMPLE_ID): entry_text()})
    history = read_history(repo.path, None)
    revisions = {r.sha: r for r in history.get(EXAMPLE_ID).revisions}
    context = ("@@ -61,4 +61,5 @@", " timeline:", "   status: ended")
    after = ("   as_of: 2019-09", "   status_note: >-")
    assert revisions[broken_at].diff == (*context, f"+{SHOWN}", *after)
    assert revisions[fixed_at].diff == ("@@ -61,5 +61,4 @@", *context[1:], f"-{SHOWN}", *after)
    html = _render_partial(history, EXAMPLE_ID)
    assert f'<code class="diff-line diff-add">+{SHOWN_HTML}</code>' in html
    assert f'<code class="diff-line diff-del">-{SHOWN_HTML}</code>' in html
    for raw in ("\t", "\x1b", "\u202e", "\u200b", "<script>"):
        assert raw not in html, repr(raw)


def test_a_long_line_is_cut_and_says_how_much_was_left_out():
    line = "+" + "x" * (LINE_CHARS - 1)
    assert line_diff("", "x" * 1000) == ("@@ -0,0 +1 @@", f"{line}… (761 more characters not shown)")


def test_a_cut_line_keeps_its_escapes_whole():
    """The line is cut before its characters are escaped, so no escape is left half written."""
    cut = line_diff("", "\u200b" * 300)[1]
    assert cut == "+" + "\\u200b" * (LINE_CHARS - 1) + "… (61 more characters not shown)"


def test_a_diff_stops_at_its_character_budget_and_says_how_many_lines_are_left():
    text = "\n".join("y" * 199 for _ in range(150))
    diff = line_diff("", text)
    assert diff[0] == "@@ -0,0 +1,150 @@" and diff[-1] == "... 50 more lines not shown"
    assert len(diff) == 102 and sum(map(len, diff)) <= DIFF_CHARS + LINE_CHARS


def test_a_version_over_the_size_limit_is_never_read_and_gets_one_line(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the record", {path_of(EXAMPLE_ID): entry_text()})
    big_at = repo.commit("Add a huge comment", {path_of(EXAMPLE_ID): _oversized()})
    fixed_at = repo.commit("Remove it", {path_of(EXAMPLE_ID): entry_text()})
    history = read_history(repo.path, None)
    revisions = {r.sha: r for r in history.get(EXAMPLE_ID).revisions}
    size = "65,537 bytes; the limit is 65,536 bytes"
    big, fixed = revisions[big_at], revisions[fixed_at]
    assert big.problem == f"1:1: size: the file is {size}"
    assert big.diff == (f"this version is too large to show: {size}",)
    assert fixed.problem == f"the previous version could not be read: 1:1: size: the file is {size}"
    assert (big.unreadable, fixed.unreadable) == ("this", "the previous")
    html = _render_partial(history, EXAMPLE_ID)
    assert (
        f"The previous version could not be read as a record (1:1: size: the file is {size}), so this "
        "revision's changes are shown line by line." in html
    )
    assert f"This version could not be read as a record (1:1: size: the file is {size})" in html
    assert fixed.diff == (f"the previous version is too large to show: {size}",)
    html = _render_partial(history, EXAMPLE_ID)
    assert "zzz" not in html and len(html.encode()) < 8_000
    assert f'<code class="diff-line">this version is too large to show: {size}</code>' in html


def test_git_gives_the_size_of_a_blob_over_the_limit_but_never_its_bytes(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add a huge comment", {path_of(EXAMPLE_ID): _oversized()})
    big = repo.git("rev-parse", f"HEAD:{path_of(EXAMPLE_ID)}")
    repo.commit("Remove it", {path_of(EXAMPLE_ID): entry_text()})
    small = repo.git("rev-parse", f"HEAD:{path_of(EXAMPLE_ID)}")
    with git.Repo(repo.path) as opened:
        # The blob after the oversized one still reads whole: git's output stays in step.
        assert list(read_objects(opened, [big, small], MAX_BYTES)) == [
            (big, TooLarge(MAX_BYTES + 1)),
            (small, entry_text().encode()),
        ]
        assert read_blob_text(opened, big) == TooLarge(MAX_BYTES + 1)
        assert read_blob_text(opened, small) == entry_text().encode()


def test_an_oversized_version_reads_the_same_from_the_cache(tmp_path):
    """An incremental build reads the previous version's lines from git, one blob at a time."""
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the record", {path_of(EXAMPLE_ID): entry_text()})
    repo.commit("Add a huge comment", {path_of(EXAMPLE_ID): _oversized()})
    read_history(repo.path, tmp_path / "cache")
    repo.commit("Remove it", {path_of(EXAMPLE_ID): entry_text()})
    warm = read_history(repo.path, tmp_path / "cache")
    assert warm.stats["mode"] == "incremental"
    cold = read_history(repo.path, None)
    assert warm == cold
    assert [r.diff for r in warm.get(EXAMPLE_ID).revisions] == [
        r.diff for r in cold.get(EXAMPLE_ID).revisions
    ]


def test_a_commit_message_over_the_limit_is_never_read(tmp_path):
    """A hostile 50 MB commit message was held whole, to show its first 120 characters."""
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the record", {path_of(EXAMPLE_ID): entry_text()})
    repo.write({path_of(EXAMPLE_ID): edit(entry_text(), "  status: ended\n", "  status: active\n")})
    message = tmp_path / "message.txt"
    message.write_text("Edit\n\n" + "z" * MAX_COMMIT_BYTES, encoding="utf-8")
    repo.git("commit", "-q", "-F", str(message), env=repo.env())
    newest, first = read_history(repo.path, None).get(EXAMPLE_ID).revisions
    assert (newest.subject, first.subject) == (TOO_LARGE_MESSAGE, "Add the record")


def test_a_reader_may_stop_before_the_last_object(tmp_path):
    """`check` stops at the first later version that answers its question. Closing the pipe
    while git still wrote gave git a SIGPIPE, and the reader a GitCommandError (a traceback
    from `registry check`). 40 versions of 64 KB outrun any pipe's buffer."""
    repo = GitRepo(tmp_path / "repo")
    names = []
    for n in range(40):
        repo.commit(f"Edit {n}", {path_of(EXAMPLE_ID): entry_text() + f"# {n}\n" + "#" * 65_536 + "\n"})
        names.append(repo.git("rev-parse", f"HEAD:{path_of(EXAMPLE_ID)}"))
    with git.Repo(repo.path) as opened:
        objects = read_objects(opened, names)
        sha, first = next(objects)
        objects.close()  # no error: the reader had what it wanted
        assert (sha, first[: len(entry_text())]) == (names[0], entry_text().encode())
        # Read to the end, every object comes whole.
        assert [len(data) for _, data in read_objects(opened, names)] == [
            len(entry_text()) + len(f"# {n}\n") + 65_537 for n in range(40)
        ]

"""The only code that talks to git: one first-parent log walk and one `cat-file --batch`.

Why this shape (HACKING.md, "The pipeline"): one `git log --raw -z`
over the whole branch gives, for every commit, the entry files it touched and their new blob
ids; one long-lived `git cat-file --batch` then reads every commit message and every old
version in a single process. Per-file `git log` or GitPython's per-path `iter_commits` take
hours at 10,000 entries. Both processes are run through GitPython's command wrapper.

The log's format carries only hex ids and digits; names and messages are read from the commit
objects, which `cat-file` returns length-prefixed, so no commit text (which anyone can forge,
SECURITY.md 3.5) can be mistaken for structure. Every git call puts `--` before its paths and
never passes a string that came from a contributor as a ref or an option.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import git

from registry.errors import HistoryUnavailable, RegistryError
from registry.loader import MAX_BYTES

ENTRIES_PATHSPEC = "entries/"
ALLOW_SHALLOW = "REGISTRY_ALLOW_SHALLOW"
_HEX40 = re.compile(rb"^[0-9a-f]{40}$")
_RAW = re.compile(rb"^:(\d{6}) (\d{6}) ([0-9a-f]{40}) ([0-9a-f]{40}) ([A-Z])\d*$")
# Only files in a country folder are entries: entries/redactions.yaml and others are not.
_ENTRY_PATH = re.compile(rb"^entries/[a-z]{2}/([a-z0-9][a-z0-9-]{2,80})\.yaml$")
_NULL = "0" * 40
#: Git's mode for a regular file, executable or not. A symlink (120000) or a submodule (160000)
#: under entries/ is no entry: the build refuses it, so it was never published.
_REGULAR_MODES = (b"100644", b"100755")
#: How much of an object too large to keep is read from git at a time, and thrown away.
_SKIP_CHUNK = 64 * 1024
SHALLOW_MESSAGE = (
    "this is a shallow clone, so its history is incomplete and the site would publish wrong "
    "dates. Fetch the whole history with `git fetch --unshallow` (in GitHub Actions, set "
    "`fetch-depth: 0` on actions/checkout). For a local preview only, set "
    f"{ALLOW_SHALLOW}=1."
)


@dataclass(frozen=True, slots=True)
class Touch:
    """An entry file touched by a commit: its path, id and new blob (None when deleted)."""

    path: str
    entry_id: str
    blob: str | None


@dataclass(frozen=True, slots=True)
class TooLarge:
    """A blob over the size limit: git said how many bytes it has, and none of them was kept.

    Why not its bytes: an old version is untrusted, and three 50 MB versions once made a build
    hold 5.7 GB and publish pages of 314 MB. The loader refuses such a file anyway
    (`registry.loader.too_large`), so nothing of it could ever be shown.
    """

    size: int


@dataclass(slots=True)
class Commit:
    """A commit on the first-parent line that touched entries/; text fields are raw, uncleaned."""

    sha: str
    time: int
    touches: list[Touch]
    author: str = ""
    message: str = ""


def open_repository(root: Path) -> tuple[git.Repo | None, str]:
    """Returns the repository at `root` and its HEAD commit, or (None, reason) without one.

    Raises HistoryUnavailable on a shallow clone unless REGISTRY_ALLOW_SHALLOW=1 (local
    previews only): a shallow clone silently yields one commit per file (SECURITY.md rule 12).
    Only a `.git` at `root` itself counts, so a folder inside another checkout never borrows
    that checkout's history.
    """
    if not (root / ".git").exists():
        return None, "the site was built from a folder without git history"
    try:
        repo = git.Repo(root)
    except git.InvalidGitRepositoryError:  # a `.git` that is no repository: no history either
        return None, "the site was built from a folder whose .git is not a git repository"
    try:
        head = repo.git.rev_parse("--verify", "--quiet", "HEAD^{commit}")
    except git.GitCommandError:
        return None, "the repository has no commits yet"
    shallow = repo.git.rev_parse("--is-shallow-repository").strip() == "true"
    if shallow and os.environ.get(ALLOW_SHALLOW) != "1":
        raise HistoryUnavailable(SHALLOW_MESSAGE)
    return repo, head.strip()


def is_ancestor(repo: git.Repo, old: str, new: str) -> bool:
    """True if commit `old` exists here and is an ancestor of (or equal to) `new`."""
    if not (_HEX40.fullmatch(old.encode()) and _HEX40.fullmatch(new.encode())):
        return False
    try:
        repo.git.merge_base("--is-ancestor", old, new)
    except git.GitCommandError:
        return False
    return True


def on_first_parent_line(repo: git.Repo, sha: str, head: str) -> bool:
    """True if commit `sha` is `head` or one of its first-parent ancestors (the branch's own line).

    Stronger than being an ancestor: a commit reached only through a merge's second parent is
    not on the line the history walks, so its revisions would not be shown.
    """
    if not (_HEX40.fullmatch(sha.encode()) and _HEX40.fullmatch(head.encode())):
        return False
    line = repo.git.execute(["git", "rev-list", "--first-parent", head, "--"], stdout_as_string=True)
    return sha in line.split()


def commit_of(repo: git.Repo, ref: str) -> str:
    """The full id of the commit `ref` (a name a person typed) stands for; GitCommandError if none.
    `--end-of-options`: a ref that starts with `-` is never read as an option."""
    return repo.git.rev_parse("--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}").strip()


@contextlib.contextmanager
def opened(root: Path) -> Iterator[tuple[git.Repo, str] | None]:
    """The repository at `root` and its HEAD, closed afterwards; None without a usable history
    (no git, or a shallow clone): for `check`, which then learns nothing from git."""
    try:
        repo, head = open_repository(root)
    except HistoryUnavailable:
        repo = None
    if repo is None:
        yield None
        return
    try:
        yield repo, head
    finally:
        repo.close()


def changed_files(repo: git.Repo, paths: tuple[str, ...]) -> str | None:
    """`git status --porcelain=v1 -z` over `paths` (untracked files that are not ignored
    included), or None when git cannot tell. `--no-optional-locks`: a look must not take the
    index's lock from a git command the contributor runs meanwhile."""
    command = ["git", "--no-optional-locks", "status", "--porcelain=v1", "-z", "--untracked-files=all", "--"]
    try:
        return repo.git.execute([*command, *paths], strip_newline_in_stdout=False)
    except git.GitCommandError:
        return None


def added_entry_ids(repo: git.Repo, head: str) -> set[str]:
    """The id of every entry file ever added on the first-parent line of `head`.

    The same ids as the walk's (`walk_log`), from one `git log --raw` of additions only:
    `registry check` needs just these, and the full walk costs it seconds at 30,000 commits.
    """
    out = repo.git.execute(
        [
            "git",
            "log",
            "--root",
            "--first-parent",
            "--diff-merges=first-parent",
            "--no-renames",
            "--diff-filter=AT",
            "--raw",
            "--no-abbrev",
            "-z",
            "--format=",
            head,
            "--",
            ENTRIES_PATHSPEC,
        ],
        stdout_as_string=False,
        strip_newline_in_stdout=False,
    )
    tokens = [token.lstrip(b"\n") for token in out.split(b"\0")]
    ids = set()
    for status, path in zip(tokens, tokens[1:], strict=False):
        raw, named = _RAW.fullmatch(status), _ENTRY_PATH.fullmatch(path)
        # Added as a regular file, or a symlink turned into one (T): never a symlink itself.
        if raw and named and raw.group(2) in _REGULAR_MODES:
            ids.add(named.group(1).decode())
    return ids


def entry_commits(
    repo: git.Repo, head: str, path: str = ENTRIES_PATHSPEC, after: str | None = None
) -> list[str]:
    """The first-parent commits of `head` (after `after`, if given) that changed `path`, oldest
    first: for `check`, which needs the commits a redaction or a wording may name, not the walk."""
    revision = f"{after}..{head}" if after else head
    return repo.git.execute(["git", "rev-list", "--first-parent", "--reverse", revision, "--", path]).split()


def walk_log(repo: git.Repo, head: str, since: str | None = None, only: str = "") -> list[Commit]:
    """Returns the commits of `since..head` (or all of head) that touched entry files, oldest first.

    One `git log --first-parent --raw --no-abbrev -z` call; merges are diffed against their
    first parent, so a merged pull request is one commit with all of its changes. `only` keeps
    the changes of those kinds (`--diff-filter`: "ADT" for files added, deleted or retyped).
    """
    revision = f"{since}..{head}" if since else head
    out = repo.git.execute(
        [
            "git",
            "-c",
            "log.showSignature=false",
            "log",
            "--root",  # whatever log.showRoot says: the first commit's files are history too
            "--first-parent",
            "--diff-merges=first-parent",
            "--raw",
            "--no-abbrev",
            "--no-renames",
            "--no-ext-diff",
            "--no-color",
            "-z",
            "--format=%x1e%H%x00%ct",
            *([f"--diff-filter={only}"] if only else []),
            revision,
            "--",
            ENTRIES_PATHSPEC,
        ],
        stdout_as_string=False,
        strip_newline_in_stdout=False,
    )
    commits = list(_parse_log(out))
    commits.reverse()
    return commits


def _parse_log(out: bytes) -> Iterator[Commit]:
    tokens = out.split(b"\0")
    current: Commit | None = None
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip(b"\n")
        if not token:
            i += 1
        elif token.startswith(b"\x1e"):
            if current is not None:
                yield current
            sha = token[1:]
            if not _HEX40.fullmatch(sha) or i + 1 >= len(tokens):
                raise RegistryError(f"cannot read the git log: unexpected {token[:60]!r}")
            current = Commit(sha.decode(), commit_time(tokens[i + 1]), [])
            i += 2
        elif token.startswith(b":") and current is not None and i + 1 < len(tokens):
            raw = _RAW.fullmatch(token)
            if raw is None:
                raise RegistryError(f"cannot read the git log: unexpected {token[:60]!r}")
            path = tokens[i + 1]
            named = _ENTRY_PATH.fullmatch(path)
            # Other files under entries/ (redactions.yaml, READMEs) are not entries, and a
            # change between two versions that are not regular files touches no entry.
            if named and (raw.group(1) in _REGULAR_MODES or raw.group(2) in _REGULAR_MODES):
                blob = raw.group(4).decode()
                if raw.group(2) not in _REGULAR_MODES or blob == _NULL:
                    blob = None  # deleted, or no longer a regular file: no version to read
                current.touches.append(Touch(path.decode(), named.group(1).decode(), blob))
            i += 2
        else:
            raise RegistryError(f"cannot read the git log: unexpected {token[:60]!r}")
    if current is not None:
        yield current


#: The latest commit time a page can show: 31 December 9999, 23:59:59 UTC.
LATEST_TIME = 253_402_300_799


def commit_time(field: bytes) -> int:
    """The commit time git printed (`%ct`), within what a date can show: 1970 to 9999.

    A commit's date is whatever its author wrote, and any commit can reach the main line by a
    push or a fast-forward: git prints a time before 1970 as nothing, and a forged one can be
    past the year 9999 or past 64 bits, which stopped the build with a traceback. Such a time
    is held at the nearest end of the range, so the history still reads.
    """
    text = field.strip()
    if not text.isdigit():
        return 0
    return min(int(text), LATEST_TIME)


def read_objects(
    repo: git.Repo, shas: Iterable[str], limit: int | None = None
) -> Iterator[tuple[str, bytes | TooLarge | None]]:
    """Yields (sha, content) for each object, in order, from one `git cat-file --batch` process.

    The ids go in through a temporary file rather than a pipe, so git can never block writing
    output that we have not read yet while we are still writing ids. A missing object gives None.
    An object over `limit` bytes gives `TooLarge`: its size comes from the header git writes
    before the bytes, which are read past in small pieces and never held.
    """
    wanted = list(shas)
    if not wanted:
        return
    with tempfile.TemporaryFile() as ids:
        ids.write("".join(f"{sha}\n" for sha in wanted).encode())
        ids.seek(0)
        proc = repo.git.execute(["git", "cat-file", "--batch", "--buffer"], istream=ids, as_process=True)
        stream = proc.proc.stdout
        read_all = False
        try:
            for sha in wanted:
                header = stream.readline().split()
                if len(header) != 3:
                    yield sha, None
                    continue
                size = int(header[2])
                if limit is not None and size > limit:
                    _skip(stream, size + 1)
                    yield sha, TooLarge(size)
                    continue
                data = stream.read(size)
                stream.read(1)
                yield sha, data
            read_all = True
        finally:
            stream.close()
            try:
                proc.wait()
            except git.GitCommandError:
                # A reader that stopped early (`check` has its answer at the first later
                # version) closed the pipe while git was writing: git's SIGPIPE is expected.
                if read_all:
                    raise


def _skip(stream: IO[bytes], size: int) -> None:
    """Reads `size` bytes from `stream` and drops them, a piece at a time."""
    while size > 0:
        piece = stream.read(min(size, _SKIP_CHUNK))
        if not piece:
            return
        size -= len(piece)


#: A commit object larger than this is not read: only its first line is ever shown (cut to
#: 120 characters), and a hostile 50 MB message would otherwise be held whole.
MAX_COMMIT_BYTES = 1024 * 1024
TOO_LARGE_MESSAGE = "(a commit message too large to show)"


def read_commit_texts(repo: git.Repo, commits: list[Commit]) -> None:
    """Fills in each commit's author name and message from the commit objects."""
    by_sha = {c.sha: c for c in reversed(commits)}  # newest first: the pack's own order
    for sha, raw in read_objects(repo, by_sha, limit=MAX_COMMIT_BYTES):
        if isinstance(raw, TooLarge):
            by_sha[sha].message = TOO_LARGE_MESSAGE
        elif raw is not None:
            by_sha[sha].author, by_sha[sha].message = parse_commit_object(raw)


def parse_commit_object(raw: bytes) -> tuple[str, str]:
    """Returns (author name, message) of a raw commit object; tolerant of hand-made objects.

    The name is everything before the last `<` of the author line, because a forged name may
    itself contain `<`, `>` or quotes (SECURITY.md 3.5). Undecodable bytes are replaced.
    """
    head, _, message = raw.partition(b"\n\n")
    author = b""
    for line in head.split(b"\n"):
        if line.startswith(b"author "):
            ident = line[len(b"author ") :]
            cut = ident.rfind(b"<")
            author = ident[:cut] if cut >= 0 else ident
            break
    return author.decode("utf-8", "replace").strip(), message.decode("utf-8", "replace")


def read_blob_text(repo: git.Repo, sha: str, limit: int = MAX_BYTES) -> bytes | TooLarge | None:
    """Returns one blob's bytes through GitPython's persistent `cat-file` processes.

    Its size is asked first (`--batch-check`), so a blob over `limit` (an entry's size limit)
    is `TooLarge` and never read.
    """
    try:
        binsha = bytes.fromhex(sha)
        size = repo.odb.info(binsha).size
        if size > limit:
            return TooLarge(size)
        return repo.odb.stream(binsha).read()
    except (ValueError, git.BadName, git.GitCommandError, OSError):
        return None

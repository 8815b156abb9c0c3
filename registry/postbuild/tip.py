"""The force-push guard: what the live site published must still be in the history.

A force push to `main` silently rewrites the history the site shows (SECURITY.md 3.5): the
revisions the live site lists, which citations link to, would vanish from the next build.
Every build writes `/history-manifest.json` with the commit it was built from. The deploy
workflow fetches the live site's manifest and passes it to `registry build
--published-manifest`; the build then refuses, before writing anything, unless that commit is
still on the first-parent line of the commit being built, or an item of
`entries/redactions.yaml` names it as `old_tip` (the one sanctioned rewrite: HACKING.md,
"History redaction procedure").
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registry.errors import BuildError
from registry.output import Outputs, Site

if TYPE_CHECKING:
    from registry.context import BuildContext

MANIFEST = "history-manifest.json"
_SHA = re.compile(r"^[0-9a-f]{40}$")


def manifest_files(ctx: BuildContext, site: Site) -> Outputs:
    """Producer after the engine (registry.output): `/history-manifest.json`, the commit built."""
    head = ctx.history.head if ctx.history.available else None
    yield MANIFEST, (json.dumps({"head": head}) + "\n").encode("utf-8")


def published_head(manifest: Path) -> str | None:
    """The commit the live site was built from, as its manifest says (None: built without git)."""
    try:
        data: Any = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BuildError(f"cannot read the published manifest {manifest}: {exc}") from None
    head = data.get("head") if isinstance(data, dict) else "?"
    if head is not None and not (isinstance(head, str) and _SHA.fullmatch(head)):
        raise BuildError(f"{manifest}: 'head' must be a 40-digit commit id or null")
    return head


def check_published_tip(root: Path, history: Any, manifest: Path | None) -> None:
    """Raises BuildError if the live site's commit vanished from the history being built.

    Does nothing without a manifest (the first publication, a local build).
    """
    if manifest is None:
        return
    old = published_head(manifest)
    if old is None:
        return
    if not history.available:
        raise BuildError(
            f"the live site was built from {old}, and this build has no git history to keep its "
            f"revisions ({history.reason})"
        )
    from registry.history.gitlog import on_first_parent_line, open_repository
    from registry.history.redactions import load_redactions

    repo, head = open_repository(root)
    try:
        if repo is not None and on_first_parent_line(repo, old, head):
            return
    finally:
        if repo is not None:
            repo.close()
    if any(r.old_tip and old.startswith(r.old_tip) for r in load_redactions(root)):
        return
    raise BuildError(
        f"the live site was built from commit {old}, which is no longer in the history of "
        f"{head}: the history was rewritten (a force push), and revisions the site published, "
        "which citations link to, would vanish. Restore the history; or, if this rewrite is a "
        "redaction (HACKING.md, History redaction procedure), name the old tip in its item of "
        f"entries/redactions.yaml: old_tip: {old}"
    )

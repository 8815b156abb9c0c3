"""The search index: Pagefind over the built HTML, written to `site/pagefind/`.

Why Pagefind (ARCHITECTURE.md): its index is split into chunks, so a query loads a few
hundred kilobytes whatever the registry's size, and its UI is served from the site itself.
Only entry articles carry `data-pagefind-body`, so only entries are indexed; filters come
from `data-pagefind-filter` attributes on their facts.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from registry.errors import BuildError

if TYPE_CHECKING:
    from registry.build import BuildContext


def index_site(ctx: BuildContext, site_dir: Path) -> None:
    """Runs `python -m pagefind --site <site_dir>`; raises BuildError with its output on failure."""
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--quiet"],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0 or not (site_dir / "pagefind" / "pagefind.js").is_file():
        raise BuildError(f"pagefind failed:\n{(result.stderr or result.stdout).strip()}")

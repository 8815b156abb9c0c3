"""Static SVG pictures made at build time: the world map and locators, the timeline, the
image-sharing graph and the home page's bar charts. See registry/charts/svg.py for how
every picture is built from escaped parts, and registry/postbuild/pictures.py for how the
pictures reach the pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from registry.schema import Entry


def entries_of(files: Iterable[Any]) -> list[Entry]:
    """Entries from EntryFiles (the build) or from Entry objects (benchmarks and tests).

    Why isinstance and not getattr(f, "entry", f): a missing attribute on a pydantic model
    costs a raised and caught exception, a tenth of a second over 10,000 entries.
    """
    return [f if isinstance(f, Entry) else f.entry for f in files]

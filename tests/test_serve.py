"""`registry serve` notices changes to entries, templates and the config by polling mtimes."""

from __future__ import annotations

import os
from pathlib import Path

from registry.serve import snapshot


def test_snapshot_changes_when_a_watched_file_changes(tmp_path: Path) -> None:
    (tmp_path / "entries" / "gb").mkdir(parents=True)
    (tmp_path / "site_templates").mkdir()
    entry = tmp_path / "entries" / "gb" / "gb-x.yaml"
    entry.write_text("a", encoding="utf-8")
    (tmp_path / "site_templates" / "entry.html.j2").write_text("t", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("c", encoding="utf-8")
    (tmp_path / "site").mkdir()
    before = snapshot(tmp_path)
    assert len(before) == 3
    (tmp_path / "site" / "index.html").write_text("output is not watched", encoding="utf-8")
    assert snapshot(tmp_path) == before
    os.utime(entry, (1, 1))
    assert snapshot(tmp_path) != before
    (tmp_path / "site_templates" / "new.html.j2").write_text("n", encoding="utf-8")
    assert len(snapshot(tmp_path)) == 4

"""Every text file is checked out with LF, whatever the clone's `core.autocrlf`.

Builds must be byte-identical from any clone. With `core.autocrlf=true` (Git for Windows's
default) the assets (JS, CSS, SVG) and `.ci/*` were checked out with CRLF, and the site copies
the assets byte for byte. `.gitattributes` pins every text file to LF and leaves binary files
alone; here a real clone of a small real repository with the project's `.gitattributes` shows it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from fixture_registry import ROOT
from gitrepo import GitRepo

TEXT = {
    "site_templates/assets/app.js": "const a = 1;\nconst b = 2;\n",
    "site_templates/assets/site.css": "a {\n  color: red;\n}\n",
    "site_templates/assets/mark.svg": '<svg xmlns="http://www.w3.org/2000/svg">\n</svg>\n',
    ".ci/run": "#!/bin/sh\necho run\n",
    "entries/gb/x.yaml": "id: x\n",
}
#: A picture: its bytes hold LF and NUL, and must come back exactly.
PICTURE = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\n\n\x00"


def test_a_clone_with_autocrlf_gets_every_text_file_with_lf_and_pictures_unchanged(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "origin")
    shutil.copyfile(ROOT / ".gitattributes", repo.path / ".gitattributes")
    repo.commit("files", {".gitattributes": (ROOT / ".gitattributes").read_text(encoding="utf-8"), **TEXT})
    (repo.path / "site_templates/assets/logo.png").write_bytes(PICTURE)
    repo.git("add", "site_templates/assets/logo.png")
    repo.commit("a picture")
    clone = tmp_path / "clone"
    repo.git("clone", "-q", "-c", "core.autocrlf=true", str(repo.path), str(clone))
    assert {name: (clone / name).read_bytes() for name in TEXT} == {
        name: text.encode("utf-8") for name, text in TEXT.items()
    }
    assert (clone / "site_templates/assets/logo.png").read_bytes() == PICTURE

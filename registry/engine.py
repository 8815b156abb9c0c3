"""The seam to the static-site engine: the one module that knows an MkDocs-1.x-like engine
(ProperDocs, the maintained continuation of MkDocs 1.x) turns our pages into the site, with
Material for MkDocs as its theme.

Why one module: MkDocs 1.x is unmaintained, Material for MkDocs is in maintenance mode
(end of life May 2027) and the road past both (Zensical, see HACKING.md) will be walked
again, so a move should rewrite this file and nothing else. Everything that knows it runs
under the engine lives here:

- the page wrapper: `front_matter` and `markdown_page` (front matter, then one raw HTML
  block that Python-Markdown hands back unchanged), and `page_meta`, the engine's reading;
- the configuration: `read_config` (the repository's mkdocs.yml, by the engine's reader)
  and `write_config` (the per-build config that inherits it);
- the theme: `write_overrides` (site_templates/overrides -> the theme's `custom_dir`) and
  `theme_dirs` (where Material's hashed stylesheets are, for the revision pages);
- the build: `build` runs `<engine> build --strict` in a child process;
- the hooks: this file is also the hook file mkdocs.yml names (`hooks:`): the engine loads
  it as a module and calls `on_page_markdown` and `on_page_content` for every page, and
  `on_files` and `on_post_build` once (the theme files the site never loads stay out).
  So no other module-level name may start with `on_` (the engine would take it for an event).

What crosses the seam: in, the generated pages (`{path: text}`, written by the caller into
`docs_dir(work_dir)`), the repository root (mkdocs.yml, site_templates/overrides), a site
folder and the build's date; out, a finished site folder, the config's plain values and the
theme's folders. Nothing else in `registry` imports `properdocs`, `mkdocs` or `material`.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from html import escape
from pathlib import Path
from typing import Any

from registry import urls
from registry.errors import BuildError
from registry.sanitize import clean_page_html

#: The engine's Python package and command: `python -m <ENGINE> build`. "mkdocs" (1.6.1,
#: still installed because Material depends on it) is kept selectable only so that
#: scripts/compare_engines.py can build the same commit with the old engine.
ENGINE = "properdocs"
ENGINES = ("properdocs", "mkdocs")
#: The repository's engine config. ProperDocs reads `mkdocs.yml` when named with `-f`, and so
#: does Zensical, so the name that keeps every road open stays.
CONFIG_FILE = "mkdocs.yml"
#: This file, named as the hook file in every config the build writes.
HOOKS_FILE = Path(__file__)
_OVERRIDES = Path("site_templates") / "overrides"


def _engine_module(name: str) -> Any:
    """`<ENGINE>.<name>`, imported only when asked: the build's own process rarely needs it."""
    if ENGINE not in ENGINES:
        raise BuildError(f"unknown site engine {ENGINE!r} (known: {', '.join(ENGINES)})")
    return importlib.import_module(f"{ENGINE}.{name}")


# --- the page wrapper ---


def front_matter(title: str | None, **meta: Any) -> str:
    """Returns a YAML front-matter block whose strings are HTML-escaped JSON literals.

    Why escaped: Material prints `page.meta.title` and `description` into the page without
    escaping (the engine's theme environment has autoescape off), so the value must already
    be HTML text. JSON string literals are valid YAML double-quoted scalars, so no YAML
    syntax in a title (`: `, `#`, `---`) can break out of the value.
    """
    lines = ["---"]
    if title is not None:  # the home page has none: Material then shows the site name alone
        lines.append(f"title: {_yaml_str(escape(title))}")
    for key, value in meta.items():
        if isinstance(value, str):
            lines.append(f"{key}: {_yaml_str(escape(value))}")
        else:
            lines.append(f"{key}: {json.dumps(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def _yaml_str(text: str) -> str:
    """A JSON string literal that YAML reads back as the same string.

    JSON writes a character beyond U+FFFF (an emoji) as two `\\uD8xx\\uDCxx` escapes, which YAML
    refuses, and the engine then silently drops the whole front matter into the page; YAML's
    own `\\UXXXXXXXX` escape says it in one.
    """
    literal = json.dumps(" ".join(text.split()), ensure_ascii=True)
    return _SURROGATE_PAIR.sub(_one_escape, literal)


_SURROGATE_PAIR = re.compile(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})")


def _one_escape(match: re.Match[str]) -> str:
    high, low = int(match.group(1), 16), int(match.group(2), 16)
    return f"\\U{0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00):08X}"


def markdown_page(front: str, body_html: str) -> str:
    """A Markdown page that is one raw HTML block: Markdown never parses the body's text.

    The body is flattened onto lines with no blank line inside, so Python-Markdown's raw
    HTML detection sees one block from the first tag to the last.
    """
    lines = [line.rstrip() for line in body_html.splitlines()]
    body = "\n".join(line for line in lines if line.strip())
    return front + body + "\n"


def page_meta(page: str) -> dict[str, Any]:
    """The front matter of `page` as the engine reads it (tests check titles survive it)."""
    return read_page(page)[1]


def read_page(page: str) -> tuple[str, dict[str, Any]]:
    """`page` as the engine reads it: its Markdown after the front matter, and the front
    matter (empty when the engine would not take it for one); registry.layout splits pages so."""
    return _engine_module("utils.meta").get_data(page)


# --- configuration ---


def read_config(root: Path) -> dict[str, Any]:
    """`root/mkdocs.yml` as the engine reads it.

    The config may use `!ENV` and `!relative` tags that the hardened entry loader refuses by
    design, so it is read by the engine's own reader, as its build reads it (SECURITY.md
    rule 1 exempts the engine's config).
    """
    with (root / CONFIG_FILE).open(encoding="utf-8") as stream:
        return _engine_module("utils.yaml").yaml_load(stream) or {}


def docs_dir(work_dir: Path) -> Path:
    """Where the caller writes the generated pages for the engine."""
    return work_dir / "docs"


def write_config(
    root: Path,
    work_dir: Path,
    site_dir: Path,
    hooks: list[Path] | None = None,
    public: dict[str, str] | None = None,
) -> Path:
    """Writes `work_dir/mkdocs.yml`, which inherits the repository's and redirects its folders.

    Why: the repository's mkdocs.yml names `build/docs` and `build/overrides`; a build into
    another work folder (tests, benchmarks, parallel builds) must not touch those, and the
    sanitising hook must be this installed package's, whatever checkout is being built.
    `hooks` replaces the hook files (benchmarks measure the engine without ours). `public`
    overrides site_url, repo_url and repo_name (`registry build --site-url`, registry.siteaddress),
    for the canonical links and the header's repository link.
    """
    work_dir.mkdir(parents=True, exist_ok=True)
    derived = {
        "INHERIT": str(root / CONFIG_FILE),
        "docs_dir": str(docs_dir(work_dir)),
        "site_dir": str(site_dir),
        "theme": {"custom_dir": str(work_dir / "overrides")},
        "hooks": [str(p) for p in ([HOOKS_FILE] if hooks is None else hooks)],
        **(public or {}),
    }
    path = work_dir / CONFIG_FILE
    path.write_text(json.dumps(derived, indent=1) + "\n", encoding="utf-8")
    return path


def markdown_settings(work_dir: Path) -> tuple[list[Any], dict[str, Any]]:
    """The Markdown extensions and their settings the engine runs a page through, from the
    config `write_config` wrote into `work_dir` (tests check each of our pages comes back
    unchanged, the ground `on_page_markdown` stands on)."""
    config = _engine_module("config").load_config(str(work_dir / CONFIG_FILE))
    return list(config["markdown_extensions"]), dict(config["mdx_configs"] or {})


# --- the theme ---


def write_overrides(root: Path, work_dir: Path) -> int:
    """Copies `site_templates/overrides` to the theme's `custom_dir`; returns files written.

    Material's blocks (`main.html`, partials) are overridden there; a file no longer in the
    repository is removed, so a deleted override never lingers in a reused work folder.
    """
    from registry.writer import sync_tree

    folder = root / _OVERRIDES
    files = (
        {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
        if folder.is_dir()
        else {}
    )
    return sync_tree(work_dir / "overrides", files)


def theme_dirs() -> list[Path]:
    """Material's template folders, as the engine resolves `theme: material` (its own first)."""
    return [Path(folder) for folder in _engine_module("theme").Theme(name="material").dirs]


# --- the build ---


def build(
    root: Path, work_dir: Path, site_dir: Path, epoch: int, public: dict[str, str] | None = None
) -> None:
    """Runs `<engine> build --strict` over `docs_dir(work_dir)` into `site_dir`.

    `epoch` is the build's date (SOURCE_DATE_EPOCH: sitemap `lastmod`, the gzip header),
    from the data and never the clock, so two builds of one commit are byte-identical.
    Raises BuildError with the engine's output when it fails or warns.
    """
    if site_dir.exists():
        shutil.rmtree(site_dir)
    config = write_config(root, work_dir, site_dir, public=public)
    if ENGINE not in ENGINES or importlib.util.find_spec(ENGINE) is None:
        raise BuildError(f"the site engine {ENGINE!r} is not installed: pip install -e .")
    result = subprocess.run(
        [sys.executable, "-m", ENGINE, "build", "--strict", "--quiet", "-f", str(config)],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "NO_MKDOCS_2_WARNING": "1"},
    )
    if result.returncode != 0:
        output = result.stderr.strip() or result.stdout.strip()
        raise BuildError(f"{ENGINE} build --strict failed:\n{output}")


# --- the hooks (this file is the engine's hook module) ---

_KEPT = "registry_html"  # the attribute of the engine's page that holds its HTML meanwhile


def on_env(env: Any, config: Any, files: Any) -> Any:
    """Gives the theme's templates (site_templates/overrides) every address of the site
    (`registry.urls`), as our own templates have them, so no template spells one."""
    env.globals["urls"] = urls
    return env


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Keeps the page's HTML aside and returns no Markdown to convert.

    Why: every page is written by `markdown_page`, one raw HTML block, which Python-Markdown
    hands back unchanged (tests/test_exports.py checks that on every page of the fixture
    site). Finding that out took it 6.6 ms per entry page, 66 s of a 10,000-entry build.
    """
    setattr(page, _KEPT, markdown)
    return ""


def restored_html(html: str, page: Any, config: Any, files: Any) -> str:
    """The HTML `on_page_markdown` kept aside for this page (or `html` if it kept none).

    A hook of its own too: scripts/bench_build.py measures the engine with only the Markdown
    skipped, the floor that our sanitiser and post-build steps are compared with.
    """
    kept = getattr(page, _KEPT, None)
    if kept is None:
        return html
    delattr(page, _KEPT)
    return kept.strip()  # as Markdown returns it, so the page is byte for byte as before


#: The theme's files the site never loads: Material's own search (lunr and its worker; the site
#: searches with Pagefind, so mkdocs.yml enables no plugin) and the source maps of its bundles.
#: The engine copies them anyway: 2.6 MB and 75 files in every build, 2.6 KB a record at 1,000.
_UNUSED_THEME_FILE = re.compile(rf"^{re.escape(urls.ASSETS)}(javascripts/(lunr|workers)/.*|.*\.map)$")
#: The comment that names a bundle's source map, a file the site no longer has.
_SOURCE_MAP_COMMENT = re.compile(rb"\n//# sourceMappingURL=[^\n]*\n?$")


def on_files(files: Any, config: Any) -> Any:
    """Leaves the theme's unused files (`_UNUSED_THEME_FILE`) out of the site."""
    for file in [f for f in files if _UNUSED_THEME_FILE.match(f.src_uri)]:
        files.remove(file)
    return files


def on_post_build(config: Any) -> None:
    """Drops the source-map comment from the theme's bundles, so nothing names a missing file."""
    for bundle in sorted(Path(config["site_dir"], urls.ASSETS, "javascripts").glob("*.js")):
        text = bundle.read_bytes()
        trimmed = _SOURCE_MAP_COMMENT.sub(b"\n", text)
        if trimmed != text:
            bundle.write_bytes(trimmed)


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Returns the page's content HTML cleaned by the explicit nh3 policy (SECURITY.md 3.2).

    `on_page_content` sees each page's HTML after Markdown and before the theme wraps it,
    which is exactly the part that can carry contributor text; the policy itself lives in
    `registry.sanitize`, where tests import it without the engine.
    """
    repository = (config.get("repo_url") if config else None) or ""
    return clean_page_html(restored_html(html, page, config, files), repository)

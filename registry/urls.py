"""Every address of the site, in one place: the published URLs, which never break.

Each function returns a site-relative path (no leading slash; a folder ends in `/`), to be
put after the site's URL (`config.site_url + ...`) or its base path (`config.base + ...`).
A page, feed, export, redirect, the sitemap and the never-404 guard all spell an address
through here, so a change of shape is one edit and the guard checks what the pages link to.
"""

from __future__ import annotations

from registry.text import slugify

#: The list of every deployment, and the folder of each record's page.
DEPLOYMENTS = "deployments/"
#: The open data's folder (registry.exports), versioned by contract major.
API = "api/v1/"  # api_folder(1)
#: The Atom feeds of every change and of new records (registry.feeds).
FEED_ALL = "feeds/all.xml"
FEED_NEW = "feeds/new.xml"
#: The page of recent changes, which the feed of all changes links to.
CHANGES = "changes/"
#: The site's own pages at fixed addresses (registry.pages.site, data, coverage).
SEARCH = "search/"
METHODOLOGY = "methodology/"
#: The corrections policy: a section of the methodology page.
CORRECTIONS = f"{METHODOLOGY}#corrections"
CONTRIBUTE = "contribute/"
COVERAGE = "coverage/"
DATA = "data/"
#: The pictures' pages (registry.pages.pictures).
MAP = "map/"
TIMELINE = "timeline/"
SHARING = "sharing/"
#: Static files (site_templates/assets), and the list of published ids the 404 page reads.
ASSETS = "assets/"
DEPLOYMENT_IDS = f"{ASSETS}deployment-ids.txt"
NOTFOUND_JS = f"{ASSETS}notfound.js"
SEARCH_CSS = f"{ASSETS}search.css"
#: The theme's icon, which the redirect pages (registry.postbuild.redirects, registry.exports.revisions)
#: link themselves, and the script that carries a redirect's #fragment along.
FAVICON = f"{ASSETS}images/favicon.png"
REDIRECT_JS = f"{ASSETS}redirect.js"
#: The search page's Pagefind bundle with filters (registry.postbuild.search).
SEARCH_BUNDLE = f"{ASSETS}search-bundle/"
#: Pagefind's bundle (registry.postbuild.search) and the two files of its search box.
PAGEFIND = "pagefind/"
PAGEFIND_UI_CSS = f"{PAGEFIND}pagefind-ui.css"
PAGEFIND_UI_JS = f"{PAGEFIND}pagefind-ui.js"
#: Pagefind's own API, which the search page's bundle (assets/search-bundle/pagefind.js) imports.
PAGEFIND_JS = f"{PAGEFIND}pagefind.js"


#: Records per search index shard (issue 18: memory). Pagefind holds the whole index it builds:
#: about 135 KB a record on the synthetic registry, 1.25 GB at 10,000, the most of any process
#: of the build. Past this many records the index is built in shards of nearly equal size, one
#: Pagefind run after the other (registry.postbuild.search), each a bundle of its own
#: (`pagefind/`, then `pagefind-2/`, ...) that the search page merges in the reader's browser
#: (Pagefind's `mergeIndex`): the other shards use the first one's code and WebAssembly, so a
#: search loads their page lists and index chunks only, and filters count across them all.
SEARCH_SHARD_RECORDS = 4000


def search_shards(records: int) -> int:
    """How many shards the search index of `records` records is built in."""
    return max(1, -(-records // SEARCH_SHARD_RECORDS))


def pagefind_shard(number: int) -> str:
    """The bundle of the search index's shard `number`: the first is PAGEFIND."""
    return PAGEFIND if number == 1 else f"pagefind-{number}/"


def merged_search_bundles(records: int) -> list[str]:
    """The shards the search page merges into the first: none below SEARCH_SHARD_RECORDS."""
    return [pagefind_shard(number) for number in range(2, search_shards(records) + 1)]


def page_file(page: str) -> str:
    """The HTML file that serves a page: `map/` is `map/index.html`, the home page (`""`) is
    `index.html` (registry.output writes files, never folders)."""
    return f"{page}index.html"


def directory(kind: str) -> str:
    """A browse directory: `countries/`, `vendors/` or `operators/` (registry.pages.browse)."""
    return f"{kind}/"


def directory_page(kind: str, slug: str) -> str:
    """One group of a browse directory: `countries/gb/`, `vendors/nec/`, `operators/<slug>/`."""
    return f"{directory(kind)}{slug}/"


def country_page(code: str) -> str:
    """The page of a country's deployments: `countries/<iso code in lower case>/`."""
    return directory_page("countries", code.lower())


def vendor_page(name: str) -> str:
    """The page of a vendor's deployments, by its name's slug."""
    return directory_page("vendors", slugify(name))


def operator_page(name: str) -> str:
    """The page of an operator's deployments, by its name's slug."""
    return directory_page("operators", slugify(name))


def asset(name: str) -> str:
    """A static file of the site: `assets/<name>` (a page's script, a style sheet)."""
    return f"{ASSETS}{name}"


def api_file(name: str) -> str:
    """A file of the open data: `api/v1/<name>` (deployments.json, deployments.csv...)."""
    return f"{API}{name}"


def api_name(address: str) -> str:
    """A file of the open data as named inside its folder: `deployments/<id>.json` for
    `entry_json("<id>")` (the data page and the schemas name files that way)."""
    return address.removeprefix(API)


def api_folder(major: int) -> str:
    """The open data of one contract major version, `api/v<major>/`: a breaking change is
    published beside the current one (registry.exports.contract)."""
    return f"api/v{major}/"


#: The two bulk files the home page offers.
DEPLOYMENTS_JSON = api_file("deployments.json")
DEPLOYMENTS_CSV = api_file("deployments.csv")


def entry_page(entry_id: str) -> str:
    """A record's page: `deployments/<id>/`."""
    return f"{DEPLOYMENTS}{entry_id}/"


def history_page(entry_id: str) -> str:
    """A record's history: every revision, newest first, for each record with history."""
    return f"{entry_page(entry_id)}history/"


def revision_anchor(entry_id: str, short: str) -> str:
    """One revision of a record: its item on the history page (a citation's permanent link)."""
    return f"{history_page(entry_id)}{revision_fragment(short)}"


def revision_fragment(short: str) -> str:
    """A revision's item on the page that lists it, `#rev-<short>`: how the history page
    links each revision to itself (the same address as `revision_anchor`, in fewer bytes)."""
    return f"#rev-{short}"


def revision_page(entry_id: str, short: str) -> str:
    """A revision's address in builds before issue 18, kept as a redirect page for each
    revision listed in entries/published-revisions.txt (registry.published_revisions)."""
    return f"{entry_page(entry_id)}revisions/{short}/"


def request_section(entry_id: str) -> str:
    """The records-request drafts of a record, from its unknowns: a section of its page."""
    return f"{entry_page(entry_id)}#request"


def request_page(entry_id: str) -> str:
    """The records-request drafts' own page in builds before issue 18.1, kept as a redirect page
    to `request_section` for each id listed in entries/published-request-pages.txt
    (registry.published_requests)."""
    return f"{entry_page(entry_id)}request/"


def _entry_data(entry_id: str) -> str:
    """Where a record's open data sits: its JSON beside the folder of its revisions."""
    return f"{API}{DEPLOYMENTS}{entry_id}"


def entry_json(entry_id: str) -> str:
    """A record with its history as JSON (or its tombstone, or a redirect stub)."""
    return f"{_entry_data(entry_id)}.json"


def revision_json(entry_id: str, short: str) -> str:
    """A record as it stood at one revision, as JSON: written for each listed revision only
    (registry.published_revisions); a newer one is rebuilt from its record's JSON patches."""
    return f"{_entry_data(entry_id)}/revisions/{short}.json"


def entry_feed(entry_id: str) -> str:
    """A record's Atom feed."""
    return f"feeds/deployments/{entry_id}.xml"

"""Text helpers shared by every stage that turns names into URLs.

Browse pages for vendors and operators live at `/vendors/<slug>/` and `/operators/<slug>/`.
The slug is derived from the name, so it must be stable, ASCII, lowercase and safe in a path
and in an element id; the same function is used by the pages, the exports and the pictures,
so a link written by one stage always lands on a page written by another.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from urllib.parse import urlsplit

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
MAX_SLUG = 60


#: Latin letters that NFKD does not take apart into an ASCII letter and marks, spelt as their
#: usual ASCII stand-ins. Without this table `legacy_slug` dropped them: "Brøndby IF" was
#: `brndby-if`, "Straße" `strae`, "Łódź" `odz`. Applied after NFKD, so a letter with a mark on
#: top of one of these (Ǿ, Ǽ, Ǯ) loses the mark and keeps its letter, and Ŀ, which NFKD already
#: parts into L and a middle dot, needs no row. Chosen: the letters of
#: living languages' alphabets (European, Vietnamese, Azerbaijani and Turkish, the African
#: reference alphabet); left out, so still dropped, are phonetic symbols, small capitals and
#: letters of old texts (wynn, yogh), which no organisation's name spells.
TRANSLITERATED = {
    "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "ß": "ss", "ẞ": "SS",
    "Ø": "O", "ø": "o", "Ð": "D", "ð": "d", "Đ": "D", "đ": "d", "Þ": "TH", "þ": "th",
    "Ł": "L", "ł": "l", "Ħ": "H", "ħ": "h", "Ŧ": "T", "ŧ": "t",
    "ı": "i", "ĸ": "k", "Ŋ": "NG", "ŋ": "ng",
    "Ə": "E", "ə": "e", "Ǝ": "E", "ǝ": "e", "Ɛ": "E", "ɛ": "e", "Ɔ": "O", "ɔ": "o",
    "Ɓ": "B", "ɓ": "b", "Ɗ": "D", "ɗ": "d", "Ɖ": "D", "ɖ": "d", "Ƒ": "F", "ƒ": "f",
    "Ɣ": "G", "ɣ": "g", "Ǥ": "G", "ǥ": "g", "Ƙ": "K", "ƙ": "k", "Ɲ": "N", "ɲ": "n",
    "Ʋ": "V", "ʋ": "v", "Ƴ": "Y", "ƴ": "y", "Ɨ": "I", "ɨ": "i", "Ʉ": "U", "ʉ": "u",
    "Ʒ": "Z", "ʒ": "z", "Ƶ": "Z", "ƶ": "z",
}  # fmt: skip
_TRANSLITERATION = str.maketrans(TRANSLITERATED)


@functools.lru_cache(maxsize=1 << 16)  # pure, and asked for the same few thousand names again and again
def slugify(name: str) -> str:
    """Returns the URL slug of a name: `"King's Cross Central LP"` -> `"kings-cross-central-lp"`.

    Accents are folded (`"Sécurité"` -> `"securite"`) and letters without a decomposition
    spelt in ASCII (`"Brøndby"` -> `"brondby"`, `"Straße"` -> `"strasse"`: TRANSLITERATED),
    apostrophes vanish rather than split a word, and everything else that is not a letter or
    digit becomes one dash. A name with no Latin letters or digits at all (`"公安"`) gets
    `"n-"` plus a short hash of the name, so it still has a stable, distinct page. The result
    never starts with `_` (SECURITY.md rule 10) and is at most 60 characters (long names are
    cut and suffixed with a hash so they stay distinct).

    Remembered: a page listing records slugs every operator and vendor name of the registry
    (28,000 calls to show one edited entry at 1,000 entries, a third of the preview's time).
    """
    return _slug_of_folded(_folded(name), name)


def plain_letters(text: str) -> str:
    """`text` in plain ASCII letters, folded as `slugify` folds them (`"Brøndby"` -> `"Brondby"`,
    `"Straße"` -> `"Strasse"`), case kept; what no Latin letter stands for is dropped. For search
    (registry.searchwords), so a reader typing a name as its page's address spells it finds it."""
    return _folded(text).encode("ascii", "ignore").decode("ascii")


def _folded(text: str) -> str:
    """`text` decomposed (NFKD) and with TRANSLITERATED's letters spelt in ASCII; marks still on."""
    return unicodedata.normalize("NFKD", text).translate(_TRANSLITERATION)


def legacy_slug(name: str) -> str:
    """The slug builds made before TRANSLITERATED: letters without a decomposition dropped
    (`"Brøndby IF"` -> `"brndby-if"`). Never change it: the pages once published at these
    addresses redirect to `slugify`'s (registry.pages.moved), and only this function knows them."""
    return _slug_of_folded(unicodedata.normalize("NFKD", name), name)


def _slug_of_folded(folded: str, name: str) -> str:
    """The slug of `name` from its folded text: the non-ASCII rest dropped, dashes between words."""
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    ascii_text = re.sub(r"['\u2019`]", "", ascii_text)
    slug = _NOT_SLUG.sub("-", ascii_text).strip("-")
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    if not slug:
        return f"n-{digest}"
    if len(slug) > MAX_SLUG:
        slug = f"{slug[: MAX_SLUG - 9].rstrip('-')}-{digest}"
    return slug


def clause(text: str) -> str:
    """Text to go on inside a sentence: without its own closing full stop, so that a page or a
    question never prints ".." or ".?" after it. An ellipsis ("...") is the contributor's and stays."""
    text = str(text)
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def joint(note: str) -> str:
    """The punctuation that puts a contributor's note after words of ours inside one bracket:
    "; " before a note that goes on the sentence ("as of 2020; the council's estimate"), ". "
    before one that opens with a capital ("as of May 2025. One report gives..."), which is a
    sentence of its own. The note itself is never changed, so its case decides."""
    return ". " if note[:1].isupper() else "; "


#: Where an archive's address holds the address it copied: `.../20260409162222mp_/https://...`.
_COPIED_ADDRESS = re.compile(r"https?://", re.IGNORECASE)

#: The web archives whose addresses hold the address they copied, so a link to one is named
#: after the copied page. Only these: any site can put `https://...` in its own path, and
#: `https://evil.example/x/https://www.legislation.gov.uk/` must not read "legislation.gov.uk".
#: Add a host here when research/laws.yaml or an entry cites a copy from another archive.
ARCHIVE_HOSTS = frozenset(
    {
        "web.archive.org",  # the Internet Archive's Wayback Machine (/web/<time>/<address>)
        "archive.org",
        "webarchive.nationalarchives.gov.uk",  # the UK Government Web Archive
        "tnaqa.mirrorweb.com",  # the same archive's copies as its host serves them (laws.yaml cites one)
        "webarchive.library.unt.edu",  # the End of Term archive of US government sites (laws.yaml)
        "archive.ph",  # archive.today, under its several names
        "archive.today",
        "archive.is",
    }
)


def address_name(url: str) -> str:
    """A web address as a reader can name it: its host without `www.` (`sourcebook.acus.gov`),
    or, for a known archive's (`ARCHIVE_HOSTS`) copy of another page, that page's host and
    "(archived copy)".

    For link text where a page has no title to show: a bare address cut to fit says nothing
    (`https://tnaqa.mirrorweb.com/ukgwa/2026...`); `legislation.gov.uk (archived copy)` does.
    """
    parts = urlsplit(url)
    copied = _COPIED_ADDRESS.search(parts.path)  # in the path: a query's address is a link, not a copy
    if copied and parts.hostname in ARCHIVE_HOSTS:
        host = urlsplit(parts.path[copied.start() :]).hostname
        if host:
            return f"{host.removeprefix('www.')} (archived copy)"
    return (parts.hostname or url).removeprefix("www.")

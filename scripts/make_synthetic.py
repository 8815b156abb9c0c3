#!/usr/bin/env python3
"""Deterministic synthetic registry: N valid entries and C commits of history, from one seed.

    python scripts/make_synthetic.py OUT_DIR --entries N --commits C --seed S

Benchmarks of the build, the history walk and the checks need a registry much bigger than the
real one, with a history shaped like a real one: entries added in batches by country early on,
then years of small edits (status changes, new sources, new events, typo fixes, reviews), many
of them arriving through pull requests merged with real two-parent merge commits whose subject
is `Merge pull request #N from user/branch`. First-parent history is the main line.

Why `git fast-import`: one process fed one stream writes 30,000 commits in seconds, where one
`git commit` per commit would take an hour. The stream is built here from pinned dates, fixed
synthetic authors (`@example.org`) and seeded random choices only, so the same
(entries, commits, seed) always gives the same HEAD commit id.

Why YAML is written by hand: the project reads YAML only through `registry/loader.py` (a lint
test forbids any other YAML call). `render_entry` writes block-style YAML whose every scalar
loads back as exactly the text it was given, by a loader that keeps all scalars as strings.

Importable: `make_registry(out_dir, entries, commits, seed)`, `use_this_site(out_dir)` (this
checkout's site config and templates, fresh, so a benchmark builds the site as it is now),
`synth_entry(n, seed, country)` (one entry as a dict of strings) and `render_entry(entry)`
(that dict as YAML text).
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

# --------------------------------------------------------------------------------------------
# Pools of names. Everything is invented or generic; no real people, no real addresses.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    weight: int
    currency: str
    language: str
    regulator: str
    police: str  # a template using {city} and {region}
    places: tuple[tuple[str, str], ...]  # (region, city)


COUNTRIES: tuple[Country, ...] = (
    Country(
        "GB", "United Kingdom", 20, "GBP", "en", "Information Commissioner's Office",
        "{city} Police",
        (("England", "London"), ("England", "Manchester"), ("Wales", "Cardiff"),
         ("Scotland", "Glasgow"), ("England", "Leeds"), ("England", "Sheffield")),
    ),
    Country(
        "US", "United States", 18, "USD", "en", "Federal Trade Commission",
        "{city} Police Department",
        (("New York", "New York City"), ("California", "Los Angeles"), ("Illinois", "Chicago"),
         ("Michigan", "Detroit"), ("Louisiana", "New Orleans"), ("Texas", "Houston"),
         ("Oregon", "Portland")),
    ),
    Country(
        "IN", "India", 8, "INR", "en", "Ministry of Electronics and Information Technology",
        "{city} City Police",
        (("Telangana", "Hyderabad"), ("Delhi", "New Delhi"), ("Maharashtra", "Mumbai"),
         ("Karnataka", "Bengaluru"), ("Tamil Nadu", "Chennai"), ("Uttar Pradesh", "Lucknow")),
    ),
    Country(
        "FR", "France", 6, "EUR", "fr", "CNIL", "Police nationale ({city})",
        (("Provence-Alpes-Côte d'Azur", "Nice"), ("Île-de-France", "Paris"),
         ("Auvergne-Rhône-Alpes", "Lyon"), ("Occitanie", "Toulouse")),
    ),
    Country(
        "DE", "Germany", 6, "EUR", "de", "Landesbeauftragte für Datenschutz", "Polizei {region}",
        (("Berlin", "Berlin"), ("Hamburg", "Hamburg"), ("Bayern", "München"),
         ("Nordrhein-Westfalen", "Köln")),
    ),
    Country(
        "BR", "Brazil", 6, "BRL", "pt", "ANPD", "Polícia Militar de {region}",
        (("São Paulo", "São Paulo"), ("Rio de Janeiro", "Rio de Janeiro"), ("Bahia", "Salvador"),
         ("Ceará", "Fortaleza")),
    ),
    Country(
        "AU", "Australia", 5, "AUD", "en", "Office of the Australian Information Commissioner",
        "{region} Police",
        (("New South Wales", "Sydney"), ("Victoria", "Melbourne"), ("Queensland", "Brisbane"),
         ("Western Australia", "Perth")),
    ),
    Country(
        "CN", "China", 4, "CNY", "zh", "Cyberspace Administration of China",
        "{city} Public Security Bureau",
        (("Guangdong", "Shenzhen"), ("Shanghai", "Shanghai"), ("Beijing", "Beijing"),
         ("Zhejiang", "Hangzhou")),
    ),
    Country(
        "RU", "Russia", 3, "RUB", "ru", "Roskomnadzor", "{city} police",
        (("Moscow", "Moscow"), ("Saint Petersburg", "Saint Petersburg")),
    ),
    Country(
        "NL", "Netherlands", 3, "EUR", "nl", "Autoriteit Persoonsgegevens", "Politie {city}",
        (("Noord-Holland", "Amsterdam"), ("Zuid-Holland", "Rotterdam")),
    ),
    Country(
        "IT", "Italy", 3, "EUR", "it", "Garante per la protezione dei dati personali",
        "Polizia di Stato ({city})",
        (("Lombardia", "Milano"), ("Lazio", "Roma"), ("Lombardia", "Como")),
    ),
    Country(
        "ES", "Spain", 3, "EUR", "es", "Agencia Española de Protección de Datos",
        "Policía Nacional ({city})",
        (("Comunidad de Madrid", "Madrid"), ("Cataluña", "Barcelona"), ("Illes Balears", "Palma")),
    ),
    Country(
        "CA", "Canada", 3, "CAD", "en", "Office of the Privacy Commissioner of Canada",
        "{city} Police Service",
        (("Ontario", "Toronto"), ("British Columbia", "Vancouver"), ("Québec", "Montréal")),
    ),
    Country(
        "AR", "Argentina", 2, "ARS", "es", "Agencia de Acceso a la Información Pública",
        "Policía de la Ciudad de {city}",
        (("Buenos Aires", "Buenos Aires"), ("Córdoba", "Córdoba")),
    ),
    Country(
        "MX", "Mexico", 2, "MXN", "es", "INAI", "Secretaría de Seguridad Ciudadana de {city}",
        (("Coahuila", "Torreón"), ("Ciudad de México", "Ciudad de México")),
    ),
    Country(
        "ZA", "South Africa", 2, "ZAR", "en", "Information Regulator",
        "South African Police Service ({city})",
        (("Gauteng", "Johannesburg"), ("Western Cape", "Cape Town")),
    ),
    Country(
        "JP", "Japan", 2, "JPY", "ja", "Personal Information Protection Commission",
        "{region} Prefectural Police",
        (("Tokyo", "Tokyo"), ("Osaka", "Osaka")),
    ),
    Country(
        "KR", "South Korea", 2, "KRW", "ko", "Personal Information Protection Commission",
        "{city} Metropolitan Police Agency",
        (("Seoul", "Seoul"), ("Gyeonggi", "Bucheon")),
    ),
    Country(
        "SE", "Sweden", 1, "SEK", "sv", "Integritetsskyddsmyndigheten", "Polisen {region}",
        (("Västerbotten", "Skellefteå"), ("Stockholm", "Stockholm")),
    ),
    Country(
        "IE", "Ireland", 1, "EUR", "en", "Data Protection Commission",
        "An Garda Síochána ({city})",
        (("Leinster", "Dublin"),),
    ),
    Country(
        "AE", "United Arab Emirates", 1, "AED", "ar", "UAE Data Office", "{city} Police",
        (("Dubai", "Dubai"),),
    ),
    Country(
        "SG", "Singapore", 1, "SGD", "en", "Personal Data Protection Commission",
        "Singapore Police Force",
        (("Central Region", "Singapore"),),
    ),
    Country(
        "NZ", "New Zealand", 1, "NZD", "en", "Office of the Privacy Commissioner",
        "New Zealand Police ({city})",
        (("Auckland", "Auckland"), ("Canterbury", "Christchurch")),
    ),
    Country(
        "PL", "Poland", 1, "PLN", "pl", "UODO", "Policja ({city})",
        (("Mazowieckie", "Warszawa"),),
    ),
    Country(
        "TR", "Türkiye", 1, "TRY", "tr", "KVKK", "{city} Emniyet Müdürlüğü",
        (("İstanbul", "İstanbul"), ("Ankara", "Ankara")),
    ),
)  # fmt: skip
COUNTRY_BY_CODE = {c.code: c for c in COUNTRIES}

VENDORS: tuple[tuple[str, str | None], ...] = (
    ("NEC", "NeoFace Live"), ("Idemia", "MorphoFace Investigate"),
    ("Clearview AI", "Clearview AI"), ("Facewatch", "Facewatch"), ("Hikvision", "DeepinView"),
    ("Huawei", "Safe City"), ("SenseTime", "SenseFace"), ("Megvii", "Face++"),
    ("Cognitec", "FaceVACS-VideoScan"), ("NtechLab", "FindFace"), ("Dahua", "WizMind"),
    ("Corsight AI", "Fortify"), ("Oosto", "OnWatch"), ("Amazon", "Rekognition"),
    ("Rank One Computing", None), ("Paravision", None),
)  # fmt: skip

BRAND_WORDS = (
    "Northgate", "Riverbend", "Crownfield", "Harbourview", "Meridian", "Oakhollow",
    "Beaconridge", "Granite Bay", "Lakemont", "Pioneer Point", "Silverline", "Kingsmere",
    "Albridge", "Horizonte", "Cobalt", "Tidewater", "Redwing", "Stonebridge", "Fairhaven",
    "Ashcombe", "Brightwater", "Elmstead",
)  # fmt: skip

# (kind, weight, sector, place types, fr modes, name templates)
OPERATOR_KINDS: tuple[tuple[str, int, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    ("police", 30, "public", ("street", "event", "citywide", "stadium", "transport_hub"),
     ("live", "live", "retrospective", "operator_initiated"), ("{police}",)),
    ("retail", 14, "private", ("retail",), ("live", "live", "analytics"),
     ("{brand} Supermarkets", "{brand} Stores", "{brand} Pharmacy", "{brand} Home and Garden")),
    ("property", 8, "private", ("private_public_space",), ("live", "unknown"),
     ("{brand} Estates", "{brand} Property Partners", "{brand} Developments")),
    ("transport", 8, "public", ("transport_hub", "airport"), ("live", "verification"),
     ("{city} Metro", "{city} Transit Authority", "{city} Airport Company")),
    ("government", 8, "public", ("citywide", "nationwide", "street"),
     ("live", "retrospective", "analytics"), ("{city} City Council", "{country} Ministry of the Interior")),
    ("border", 5, "public", ("border", "airport"), ("verification", "live"),
     ("{country} Border Agency", "{country} Immigration Service")),
    ("stadium", 6, "mixed", ("stadium",), ("live",),
     ("{brand} Football Club", "{city} Stadium Company")),
    ("venue", 5, "private", ("venue", "event"), ("live", "analytics"),
     ("{brand} Arena", "{brand} Music Hall", "{brand} Theatre Group")),
    ("school", 4, "public", ("school",), ("verification", "live", "analytics"),
     ("{brand} Academy", "{city} {brand} High School")),
    ("vendor", 4, "private", ("online",), ("retrospective",), ("{vendor}",)),
    ("nonprofit", 2, "private", ("other", "event"), ("analytics",), ("{brand} Foundation",)),
    ("other", 6, "private", ("other", "private_public_space", "venue"), ("live", "unknown"),
     ("{brand} Group", "{brand} Holdings")),
)  # fmt: skip

PUBLISHERS = (
    "The Example Times", "Example Daily", "Example Broadcasting Corporation", "Metro Example",
    "The Example Post", "Civic Example Review", "The Example Herald", "Example Wire",
    "Example Tech News", "Example Public Radio",
)  # fmt: skip
NGOS = (
    "Example Rights Watch", "Open Example Foundation", "Privacy Example",
    "Civil Liberties Example",
)  # fmt: skip
FIRST_NAMES = (
    "Alex", "Priya", "Jonas", "Maria", "Kenji", "Amara", "Lucas", "Sofia", "Omar", "Elena",
    "Tomás", "Ingrid", "Wei", "Fatima", "Noah", "Chloé",
)  # fmt: skip
LAST_NAMES = ("Example", "Sample", "Placeholder", "Testwood", "Demo", "Mockford", "Fakeley")

# Git identities: (name, login, timezone). Logins become PR branch owners; emails are @example.org.
AUTHORS = (
    ("Robin Example", "robin-example", "+0000"), ("Casey Sample", "csample", "+0100"),
    ("Jordan Placeholder", "jplaceholder", "-0500"), ("Dana Testwood", "dtestwood", "+0530"),
    ("Morgan Demo", "mdemo", "+1000"), ("Riley Mockford", "rmockford", "-0300"),
    ("Sasha Fakeley", "sfakeley", "+0200"), ("Quinn Example", "qexample", "+0000"),
)  # fmt: skip
MAINTAINERS = AUTHORS[:3]

MODE_WORDS = {
    "live": "live facial recognition",
    "retrospective": "retrospective facial recognition",
    "operator_initiated": "a facial recognition phone app",
    "verification": "facial verification",
    "analytics": "facial analytics",
    "unknown": "facial recognition",
}
PURPOSES = (
    "ensure public safety", "prevent crime", "find wanted people", "deter shoplifting",
    "protect staff and customers", "speed up boarding", "check identities at entry",
    "find missing people", "improve security",
)  # fmt: skip
DATABASES = (
    "Custody image database", "National wanted persons list", "Local offender register",
    "Missing persons database", "Shared retail offender list", "Passport photograph database",
)  # fmt: skip
# Correct word -> the misspelling some summaries are created with (fixed later by a commit).
TYPOS = {
    "received": "recieved", "government": "goverment", "surveillance": "surveilance",
    "cameras": "camreas", "recognition": "recogntion", "operator": "opertor",
    "published": "publsihed", "investigation": "investigaton", "compared": "comapred",
    "system": "sytem",
}  # fmt: skip
FIXES = {wrong: right for right, wrong in TYPOS.items()}
REVIEW_TAIL = "The record was checked against its sources again after new reporting."

ENTRY_ORDER = (
    "schema_version", "id", "title", "summary", "record", "aliases", "related", "place",
    "operator", "parties", "system", "timeline", "events", "watchlists", "data_flows", "legal",
    "outcomes", "investigations", "litigation", "political_actions", "statements", "responses",
    "corrections", "sources",
)  # fmt: skip
TIMELINE_ORDER = ("status", "as_of", "status_note", "announced", "start", "end", "periods", "sources")

FIRST_DAY = date(2010, 1, 1)
LAST_DAY = date(2025, 12, 31)  # content dates of a new entry stay within 2010-2025
EDIT_LAST_DAY = date(2026, 6, 30)  # later edits reach into 2026, never past a day `check` has seen
MAX_SOURCES = 16
MAX_EVENTS = 10
START_EPOCH = 1546300800  # 2019-01-01T00:00:00Z
SPAN_SECONDS = int(6.5 * 365.25 * 86400)  # history never runs past mid-2025
HEADER = "# yaml-language-server: $schema=../../schema/entry.schema.json\n"
PR_REF = "refs/heads/synthetic-pr"


# --------------------------------------------------------------------------------------------
# Small helpers: dates as written (YYYY, YYYY-MM, YYYY-MM-DD), slugs, weighted choice.
# --------------------------------------------------------------------------------------------


def _fmt(d: date, precision: str) -> str:
    if precision == "y":
        return f"{d.year:04d}"
    if precision == "m":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


def _key(text: str) -> tuple[int, int, int]:
    parts = [int(p) for p in text.split("-")]
    return (parts + [0, 0])[0], (parts + [0, 0])[1], (parts + [0, 0])[2]


def _earliest(text: str) -> date:
    y, m, d = _key(text)
    return date(y, m or 1, d or 1)


def _latest(text: str) -> date:
    y, m, d = _key(text)
    if d:
        return date(y, m, d)
    if m:
        return (date(y + (m == 12), m % 12 + 1, 1)) - timedelta(days=1)
    return date(y, 12, 31)


def _fmt_after(rng: random.Random, d: date, lower: str | None, weights=(2, 5, 3)) -> str:
    """`d` written at a random precision, never sorting before `lower` (which is not after d)."""
    text = _fmt(d, rng.choices("ymd", weights)[0])
    if lower is not None and _key(text) < _key(lower):
        text = d.isoformat()  # (y, m, d) of d is never before a truncation of an earlier date
    return text


def _day_between(rng: random.Random, lo: date, hi: date) -> date:
    if hi <= lo:
        return lo
    return lo + timedelta(days=rng.randint(0, (hi - lo).days))


def _label(text: str) -> str:
    """`2016-05` -> `May 2016`, `2019-10-04` -> `4 October 2019`."""
    y, m, d = _key(text)
    if not m:
        return str(y)
    month = date(2000, m, 1).strftime("%B")
    return f"{d} {month} {y}" if d else f"{month} {y}"


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _weighted(rng: random.Random, items, weight_of):
    return rng.choices(items, [weight_of(i) for i in items])[0]


def _sid(source_id: str) -> int:
    return int(source_id[1:])


def _reorder(mapping: dict, order: tuple[str, ...]) -> None:
    """Puts the keys of `mapping` in schema order, in place (unknown keys keep their place last)."""
    items = [(k, mapping[k]) for k in order if k in mapping]
    items += [(k, v) for k, v in mapping.items() if k not in order]
    mapping.clear()
    mapping.update(items)


# --------------------------------------------------------------------------------------------
# One entry, as a dict of strings in the shape of entries/gb/gb-kings-cross-argent.yaml.
# --------------------------------------------------------------------------------------------


class _Citer:
    """Hands out source ids for each factual group and makes sure every source is cited."""

    def __init__(self, rng: random.Random, ids: list[str]):
        self.rng = rng
        self.ids = ids
        self.groups: list[list[str]] = []

    def cite(self, most: int = 3) -> list[str]:
        k = self.rng.randint(1, min(most, len(self.ids)))
        chosen = sorted(self.rng.sample(self.ids, k), key=_sid)
        self.groups.append(chosen)
        return chosen

    def finish(self) -> None:
        cited = {s for group in self.groups for s in group}
        for source_id in self.ids:
            if source_id not in cited:
                group = self.rng.choice(self.groups)
                group.append(source_id)
                group.sort(key=_sid)


def _context(entry: dict) -> dict[str, str]:
    """The names a new sentence or source about `entry` may mention."""
    vendor = next((p["name"] for p in entry.get("parties", []) if p["role"] == "vendor"), "the vendor")
    return {
        "id": entry["id"],
        "cc": entry["place"]["country"],
        "city": entry["place"].get("city", "the city"),
        "place": entry["place"].get("name", entry["place"].get("city", "the site")),
        "op": entry["operator"]["name"],
        "vendor": vendor if isinstance(vendor, str) else "the vendor",
        "regulator": COUNTRY_BY_CODE[entry["place"]["country"]].regulator,
    }


def _make_source(rng: random.Random, index: int, ctx: dict[str, str], lo: date, hi: date) -> dict:
    kind = rng.choices(
        ("news", "regulator", "ngo_report", "official_statement", "foi_response", "academic",
         "court", "database", "vendor"),
        (50, 8, 10, 10, 6, 4, 3, 4, 5),
    )[0]  # fmt: skip
    day = _day_between(rng, lo, hi)
    city, op, place, vendor = ctx["city"], ctx["op"], ctx["place"], ctx["vendor"]
    title = rng.choice(
        (
            f"{city} facial recognition cameras: what we know",
            f"{op} confirms facial recognition at {place}",
            f"Regulator questions {op} over face scanning",
            f"Campaigners challenge facial recognition in {city}",
            f"{vendor} system scanned faces at {place}",
            f"Facial recognition at {place}: {op} answers questions",
            f"{op} to expand face matching after trial",
            f"How {city} came to rely on facial recognition",
            f"Face scanning at {place} paused after complaints",
            f"Inside the watchlist: who {op} was looking for",
        )
    )
    if kind == "regulator":
        publisher, host = ctx["regulator"], "regulator.example.org"
    elif kind == "ngo_report":
        publisher, host = rng.choice(NGOS), "rights.example.org"
    elif kind in ("official_statement", "foi_response"):
        publisher, host = op, "gov.example.org"
    elif kind == "vendor":
        publisher, host = vendor, "vendor.example.com"
    elif kind == "court":
        publisher, host = f"{COUNTRY_BY_CODE[ctx['cc']].name} High Court", "courts.example.org"
    elif kind == "academic":
        publisher, host = "Example University Press", "journals.example.org"
    elif kind == "database":
        publisher, host = "Example Incident Database", "incidents.example.org"
    else:
        publisher = rng.choice(PUBLISHERS)
        host = rng.choice(("news.example.org", "www.example.com", "daily.example.org"))
    slug = slugify(title)[:70].strip("-")
    src: dict = {"id": f"s{index}"}
    has_url = kind != "foi_response" or rng.random() < 0.3
    if has_url:
        src["url"] = f"https://{host}/{day.year}/{day.month:02d}/{slug}-{rng.randint(100, 99999)}"
    src["title"] = title
    src["publisher"] = publisher
    if kind == "news" and rng.random() < 0.5:
        src["author"] = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    if not has_url or rng.random() < 0.85:
        src["published"] = _fmt(day, rng.choices("ymd", (1, 3, 6))[0])
    else:
        src["published"] = {"unknown": "not_found"}
        if rng.random() < 0.5:
            src["published"]["note"] = "Undated in the copy read."
    if has_url and rng.random() < 0.2:
        src["archive_url"] = f"https://archive.example.org/web/{day:%Y%m%d}/{host}/{slug}"
    src["type"] = kind
    lang = COUNTRY_BY_CODE[ctx["cc"]].language
    if lang != "en" and rng.random() < 0.4:
        src["language"] = lang
    src["supports"] = rng.choice(
        (
            "The dates of the deployment and the number of cameras.",
            f"The role of {vendor}; the watchlist and who supplied it.",
            f"{op}'s statement and the stated purpose.",
            "The investigation and its outcome.",
            "Overview of the case.",
            f"The operator's figures on alerts and arrests in {city}.",
            "That the system was paused, and why.",
        )
    )
    return src


def _summary(rng: random.Random, f: dict) -> str:
    period = (
        f"from {_label(f['start'])} to {_label(f['end'])}"
        if f.get("end")
        else (f"from {_label(f['start'])}" if f["status"] != "planned" else "")
    )
    verb = (
        "plans to use"
        if f["status"] == "planned"
        else rng.choice(("ran", "used", "deployed", "operated", "tested"))
    )
    cams = ""
    if f.get("cameras"):
        cams = " on one camera" if f["cameras"] == "1" else f" on {f['cameras']} cameras"
    parts = [
        f"{f['op']} {verb} {f['vendor_phrase']}{f['mode_words']}{cams} at {f['place']} "
        f"in {f['city']} {period}".rstrip()
        + "."
    ]
    if f.get("watchlist_count"):
        parts.append(
            f"Faces were compared against a watchlist of {f['watchlist_count']} people "
            f"supplied by {f['supplier']}."
        )
    elif f.get("has_watchlist"):
        parts.append("The size of the watchlist was not disclosed.")
    parts.append(f'{f["op"]} said the system was there "to {f["purpose"]}".')
    if f.get("inv_year"):
        parts.append(f"{f['regulator']} opened an investigation in {f['inv_year']}.")
    parts.append(
        rng.choice(
            (
                "No figures on matches, false alerts or arrests have been published.",
                "The operator received several freedom-of-information requests about it.",
                "Local councillors asked for the government to set national rules for "
                "surveillance cameras of this kind.",
                "The operator did not say how long the images of passers-by were kept.",
                "Campaigners said the public was not told that the cameras were running.",
            )
        )
    )
    if f["status"] == "ended":
        parts.append("The system has since been switched off.")
    text = " ".join(parts)
    if rng.random() < 0.35:
        present = [w for w in TYPOS if re.search(rf"\b{w}\b", text)]
        if present:
            word = rng.choice(present)
            text = re.sub(rf"\b{word}\b", TYPOS[word], text, count=1)
    return text


def synth_entry(n: int, seed: int, country: str | None = None, reviewed: str = "2019-01-01") -> dict:
    """Returns synthetic entry number `n` for `seed`: a dict of strings, lists and dicts.

    The same arguments always give the same entry. `country` (ISO code, e.g. "GB") defaults to a
    weighted choice; `reviewed` becomes `record.last_reviewed`.
    """
    rng = random.Random(f"synthetic-entry:{seed}:{n}")
    c = COUNTRY_BY_CODE[country.upper()] if country else _weighted(rng, COUNTRIES, lambda c: c.weight)
    region, city = rng.choice(c.places)
    kind, _, sector, place_types, modes, names = _weighted(rng, OPERATOR_KINDS, lambda k: k[1])
    vendor, product = rng.choice(VENDORS)
    brand = rng.choice(BRAND_WORDS)
    police = c.police.format(city=city, region=region)
    op_name = rng.choice(names).format(brand=brand, city=city, country=c.name, police=police, vendor=vendor)
    place_type = rng.choice(place_types)
    mode = rng.choice(modes)
    site = {
        "street": f"{rng.choice(('High Street', 'Market Square', 'Central Avenue', 'Station Road'))}",
        "event": f"{city} {rng.choice(('Carnival', 'Marathon', 'Summer Festival', 'New Year celebrations'))}",
        "citywide": f"{city} city centre",
        "nationwide": f"Public spaces across {c.name}",
        "transport_hub": f"{city} {rng.choice(('Central Station', 'Bus Terminal', 'Metro Line 2'))}",
        "airport": f"{city} International Airport",
        "border": f"{city} border crossing",
        "stadium": f"{brand} Stadium",
        "retail": f"{op_name} stores in {city}",
        "private_public_space": f"{brand} Quarter",
        "venue": f"{brand} Arena",
        "school": f"{brand} Academy campus",
        "online": "Images collected from public websites",
        "other": f"{brand} Business Park",
    }[place_type]
    slug_words = slugify(f"{city} {brand if kind not in ('police', 'government', 'border') else kind}")
    entry_id = f"{c.code.lower()}-{slug_words[:60].strip('-')}-{n}"

    # Timeline first: every other date hangs off it.
    status = rng.choices(
        ("active", "ended", "trial", "paused", "planned", "blocked", "unknown"),
        (30, 25, 15, 6, 8, 6, 10),
    )[0]
    start_day = _day_between(rng, FIRST_DAY, date(2024, 6, 30))
    announced_day = max(FIRST_DAY, start_day - timedelta(days=rng.randint(20, 400)))
    end_day = None
    if status in ("ended", "blocked") or (status == "paused" and rng.random() < 0.5):
        end_day = min(start_day + timedelta(days=rng.randint(30, 2500)), LAST_DAY)
    as_of_day = _day_between(rng, end_day or start_day, LAST_DAY)
    timeline: dict = {"status": status}
    as_of = _fmt_after(rng, as_of_day, _fmt(end_day or start_day, "d"), (0, 2, 1))
    timeline["as_of"] = as_of
    if rng.random() < 0.5:
        timeline["status_note"] = rng.choice(
            (
                f"{op_name} said in {_label(as_of)} that the system was still in use.",
                "The operator confirmed the status in reply to a freedom-of-information request.",
                f"Reported as {status} by local press; the operator did not comment.",
                "No public statement since; the status is taken from the latest report found.",
            )
        )
    announced = None
    if rng.random() < 0.4 or status == "planned":
        announced = _fmt_after(rng, announced_day, None)
        timeline["announced"] = announced
    timeline["start"] = _fmt_after(rng, start_day, announced)
    if end_day is not None:
        timeline["end"] = _fmt_after(rng, end_day, timeline["start"])
    elif status == "ended":
        raise AssertionError("ended without end")  # pragma: no cover

    n_sources = rng.randint(3, 12)
    ids = [f"s{i}" for i in range(1, n_sources + 1)]
    citer = _Citer(rng, ids)
    has_watchlist = mode in ("live", "retrospective", "operator_initiated") and rng.random() < 0.55
    wl_count = str(rng.randint(5, 20000)) if has_watchlist and rng.random() < 0.6 else None
    supplier = police if kind != "police" else f"{c.name} national police database"
    inv = rng.random() < 0.35
    inv_day = _day_between(rng, start_day, min(LAST_DAY, as_of_day + timedelta(days=60)))
    cameras = str(rng.choice((1, 2, 2, 3, 4, 6, 8, 12, 24, 40, 120))) if place_type != "online" else None

    facts = {
        "status": status,
        "start": timeline["start"],
        "end": timeline.get("end"),
        "op": op_name,
        "vendor_phrase": f"{vendor} " if rng.random() < 0.8 else "",
        "mode_words": MODE_WORDS[mode],
        "cameras": cameras,
        "place": site,
        "city": city,
        "watchlist_count": wl_count,
        "has_watchlist": has_watchlist,
        "supplier": supplier,
        "purpose": rng.choice(PURPOSES),
        "inv_year": inv_day.year if inv else None,
        "regulator": c.regulator,
    }
    entry: dict = {
        "schema_version": "1",
        "id": entry_id,
        "title": rng.choice(
            (
                f"{site} {MODE_WORDS[mode]} by {op_name}",
                f"{op_name} {MODE_WORDS[mode]} in {city}",
                f"{MODE_WORDS[mode].capitalize()} at {site}",
            )
        ),
        "summary": _summary(rng, facts),
        "record": {
            "status": rng.choices(("published", "under_review"), (95, 5))[0],
            "last_reviewed": reviewed,
        },
    }
    place: dict = {"country": c.code, "region": region, "city": city}
    if place_type not in ("nationwide", "online"):
        place["name"] = site
    place["type"] = place_type
    if rng.random() < 0.5:
        place["note"] = rng.choice(
            (
                f"The operator said the cameras covered the main entrances of {site}.",
                "Reports disagree on how many sites were covered; this record follows the "
                "operator's statement.",
                f"A privately managed area of {city} that is mostly open to the public.",
            )
        )
    place["sources"] = citer.cite()
    entry["place"] = place
    operator: dict = {"name": op_name, "sector": sector, "kind": kind}
    if rng.random() < 0.5:
        operator["note"] = f"Named as the operator by {rng.choice(PUBLISHERS)} and by its own statement."
    operator["sources"] = citer.cite(2)
    entry["operator"] = operator

    parties: list[dict] = []
    if rng.random() < 0.9:
        party = {"name": vendor, "role": "vendor"}
        if product and rng.random() < 0.7:
            party["product"] = product
        if rng.random() < 0.5:
            party["note"] = f"{op_name} had declined to name the vendor; later reporting named {vendor}."
    else:
        party = {
            "name": {"unknown": "withheld", "note": "The operator declined to name the vendor."},
            "role": "vendor",
        }
    party["sources"] = citer.cite()
    parties.append(party)
    if has_watchlist and kind != "police":
        parties.append(
            {
                "name": police,
                "role": "image_supplier",
                "note": "Supplied images of people for the watchlist under a local agreement.",
                "sources": citer.cite(),
            }
        )
    if inv or rng.random() < 0.3:
        parties.append({"name": c.regulator, "role": "oversight", "sources": citer.cite(2)})
    if kind in ("retail", "venue", "stadium") and rng.random() < 0.4:
        parties.append(
            {
                "name": f"{rng.choice(BRAND_WORDS)} Security Services",
                "role": "integrator",
                "note": "Installed the cameras and ran the control room.",
                "sources": citer.cite(2),
            }
        )
    entry["parties"] = parties

    system: dict = {"fr_mode": mode}
    if cameras:
        system["cameras"] = cameras
    elif rng.random() < 0.5:
        system["cameras"] = {"unknown": "not_recorded"}
    if rng.random() < 0.5:
        system["matching_location"] = rng.choice(
            ("A server in the site's CCTV control room.", f"{vendor}'s cloud service.",
             "A van parked near the cameras.", "On the cameras themselves.")
        )  # fmt: skip
    if rng.random() < 0.4:
        system["access"] = rng.choice(
            ("Trained operators in the control room.", "Two named staff members, according to "
             "the operator.", "Not stated.")
        )  # fmt: skip
    system["purpose"] = f'The operator said the system was there "to {facts["purpose"]}".'
    system["human_review"] = rng.choice(("yes", "no", "unknown"))
    system["sources"] = citer.cite()
    entry["system"] = system

    timeline["sources"] = citer.cite(4)
    entry["timeline"] = timeline

    events = []
    lo_day = _earliest(announced) if announced else start_day - timedelta(days=90)
    for _ in range(rng.randint(1, 6)):
        day = _day_between(rng, max(FIRST_DAY, lo_day), as_of_day)
        events.append(_make_event(rng, day, op_name, c.regulator, city, citer.cite()))
    events.sort(key=lambda e: _key(e["date"]))
    entry["events"] = events

    if has_watchlist:
        wl: dict = {
            "name": f"{op_name} watchlist",
            "compiled_by": supplier if rng.random() < 0.8 else {"unknown": "not_found"},
            "supplied_by": [supplier],
            "received_by": [op_name],
            "criteria": rng.choice(
                (
                    "People wanted on warrant or for serious offences.",
                    '"persons who had been arrested and charged"; their names were not shared.',
                    "People banned from the premises after an incident.",
                    "Not stated by the operator.",
                )
            ),  # fmt: skip
        }
        if wl_count:
            wl["size"] = {"count": wl_count, "as_of": _fmt(as_of_day, "m")}
        else:
            wl["size"] = {"unknown": "withheld", "note": "The operator did not say how many."}
        if end_day is not None and rng.random() < 0.6:
            wl["period"] = {"start": timeline["start"], "end": timeline["end"]}
        if rng.random() < 0.6:
            wl["source_databases"] = rng.sample(DATABASES, rng.randint(1, 3))
        if rng.random() < 0.5:
            wl["agreement"] = {
                "kind": "Local agreement between the police and the operator",
                "documented": rng.choice(("yes", "no", "unknown")),
                "published": rng.choice(("no", "unknown")),
            }
        if rng.random() < 0.5:
            wl["retention"] = {"unknown": "not_found", "note": "No source says how long images were kept."}
        wl["sources"] = citer.cite(3)
        entry["watchlists"] = [wl]

    legal: dict = {}
    if rng.random() < 0.5:
        legal["basis"] = rng.choice(
            ("The operator cited its legitimate interests in preventing crime.",
             "Common-law policing powers, according to the police.",
             "\"Consent\" given by entering the premises past a sign.")
        )  # fmt: skip
    else:
        legal["basis"] = {"unknown": "not_found", "note": "The operator stated no legal basis."}
    legal["basis_documented"] = rng.choice(("yes", "no", "unknown"))
    legal["dpia"] = rng.choice(("yes", "no", "unknown"))
    legal["dpia_published"] = rng.choice(("no", "unknown"))
    legal["signage"] = rng.choice(("yes", "no", "unknown"))
    legal["sources"] = citer.cite(2)
    entry["legal"] = legal

    if rng.random() < 0.5:
        entry["outcomes"] = {
            "unknown": "not_recorded",
            "note": "The operator said it kept no record of matches or of what followed them.",
            "sources": citer.cite(2),
        }
    else:
        measures = []
        for metric in rng.sample(
            ("alerts", "true_alerts", "false_alerts", "arrests", "faces_scanned"), rng.randint(1, 3)
        ):
            measures.append({"metric": metric, "value": str(rng.randint(0, 5000)), "sources": citer.cite(1)})
        entry["outcomes"] = {
            "summary": f"{op_name} published figures for the period of the deployment.",
            "measures": measures,
            "sources": citer.cite(2),
        }

    if inv:
        closed = rng.random() < 0.5
        investigation: dict = {"body": c.regulator, "opened": _fmt(inv_day, rng.choice("md"))}
        if closed:
            closed_day = _day_between(rng, inv_day, LAST_DAY)
            investigation["closed"] = _fmt_after(rng, closed_day, investigation["opened"])
        investigation["status"] = "closed" if closed else rng.choice(("open", "unknown"))
        if closed:
            investigation["outcome"] = rng.choice(
                ("The regulator found that the processing was unlawful and ordered it to stop.",
                 "The regulator issued a reprimand and closed the case.",
                 "No breach was found.")
            )  # fmt: skip
            if rng.random() < 0.3:
                investigation["fine"] = {"amount": str(rng.randint(10, 9000) * 1000), "currency": c.currency}
        else:
            investigation["outcome"] = {
                "unknown": "not_found",
                "note": "No published outcome was found; that is not a finding of no breach.",
            }
        investigation["sources"] = citer.cite(3)
        entry["investigations"] = [investigation]

    if rng.random() < 0.2:
        entry["political_actions"] = [
            {
                "actor": f"{city} City Council",
                "date": _fmt(_day_between(rng, start_day, as_of_day), "d"),
                "type": rng.choice(("question", "letter", "motion", "hearing")),
                "summary": f"Councillors asked {op_name} to publish its impact assessment.",
                "sources": citer.cite(2),
            }
        ]
    if rng.random() < 0.2:
        d1 = _day_between(rng, start_day, as_of_day)
        d2 = _day_between(rng, d1, min(LAST_DAY, d1 + timedelta(days=200)))
        entry["statements"] = [
            {
                "id": "st1",
                "by": op_name,
                "date": _fmt(d1, "m"),
                "text": f"{op_name} said it did not use facial recognition in {city}.",
                "contradicted_by": ["st2"],
                "sources": citer.cite(2),
            },
            {
                "id": "st2",
                "by": op_name,
                "date": _fmt_after(rng, d2, _fmt(d1, "m")),
                "text": f"{op_name} said it had used facial recognition at {site}.",
                "verbatim": "no",
                "sources": citer.cite(2),
            },
        ]

    ctx = _context(entry)
    src_lo = max(FIRST_DAY, start_day - timedelta(days=200))
    entry["sources"] = [_make_source(rng, i, ctx, src_lo, as_of_day) for i in range(1, n_sources + 1)]
    citer.finish()
    _reorder(entry, ENTRY_ORDER)
    return entry


def _make_event(
    rng: random.Random, day: date, op: str, regulator: str, city: str, sources: list[str]
) -> dict:
    kind = rng.choice(
        ("announcement", "first_use", "deployment", "media_exposure", "investigation_opened",
         "statement", "policy_change", "foi_request", "correction")
    )  # fmt: skip
    actor, summary = {
        "announcement": (op, f"{op} announced plans for facial recognition in {city}."),
        "first_use": (op, "The cameras were first used during a busy weekend."),
        "deployment": (op, f"The system was deployed at a further site in {city}."),
        "media_exposure": (None, "Local press reported that the cameras were scanning faces."),
        "investigation_opened": (regulator, f"{regulator} opened an investigation."),
        "statement": (op, f"{op} defended the cameras as being there for public safety."),
        "policy_change": (op, f"{op} changed how long images are kept."),
        "foi_request": (None, "A freedom-of-information request asked for the watchlist criteria."),
        "correction": (op, f"{op} corrected its earlier account of where the cameras were."),
    }[kind]
    event: dict = {"date": _fmt(day, rng.choices("ymd", (1, 3, 8))[0]), "type": kind}
    if actor:
        event["actor"] = actor
    event["summary"] = summary
    event["sources"] = sources
    return event


# --------------------------------------------------------------------------------------------
# Block-style YAML writer. Each scalar is plain when that is unambiguous, a folded `>-` block
# for long prose, and double-quoted otherwise; all three load back as exactly the same text.
# --------------------------------------------------------------------------------------------

_FLOW_KEYS = frozenset({"sources", "contradicted_by", "supplied_by", "received_by", "aliases", "related"})
# Quoted like the real entries, so that editors checking against the JSON Schema see a string.
_ALWAYS_QUOTED = frozenset({"schema_version"})
_KEY = re.compile(r"^[a-z_][a-z0-9_]*$")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_WIDTH = 96


def _plain_ok(text: str, flow: bool = False) -> bool:
    if not text or text != text.strip() or not text.isprintable():
        return False
    if text[0] in _INDICATORS or text.endswith(":") or ": " in text or " #" in text:
        return False
    return not (flow and any(ch in text for ch in ",[]{}:#"))


def _double_quoted(text: str) -> str:
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == " " or ch.isprintable():
            out.append(ch)
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


def _foldable(text: str) -> bool:
    return text == text.strip() and "  " not in text and text.isprintable() and " " in text


def _scalar(text: str, indent: int, column: int) -> str:
    """The text after `key:` or `- `: a leading space and the scalar, or a `>-` block."""
    if column + 1 + len(text) > _WIDTH and _foldable(text):
        pad = " " * indent
        lines, line = [], ""
        for word in text.split(" "):
            if line and len(pad) + len(line) + 1 + len(word) > _WIDTH:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
        return " >-\n" + "\n".join(pad + ln for ln in lines)
    return " " + (text if _plain_ok(text) else _double_quoted(text))


# Rendering is most of the generator's time, and most scalars repeat (ids, dates, vocabulary,
# names), so finished lines and flow lists are cached by their text. The caches are bounded.
_LINES: dict[tuple[str, str], str] = {}
_FLOWS: dict[tuple[str, ...], str | None] = {}
_KEYS_OK: set[str] = set()
_CACHE_LIMIT = 400_000


def _flow_list(items: list) -> str | None:
    """`[a, b]` for a list of short plain strings, else None (the list is written as a block)."""
    if not all(isinstance(v, str) for v in items):
        return None
    key = tuple(items)
    found = _FLOWS.get(key, False)
    if found is False:
        ok = all(_plain_ok(v, flow=True) for v in items)
        found = f" [{', '.join(items)}]\n" if ok else None
        if len(_FLOWS) > _CACHE_LIMIT:
            _FLOWS.clear()
        _FLOWS[key] = found
    return found


def _scalar_line(head: str, text: str, indent: int) -> str:
    """`head` (`key:` or `-`) and the scalar, as a line; `indent` is where a `>-` block's text
    starts. `head` always implies the same `indent`, so the cache is keyed by the texts alone."""
    line = _LINES.get((head, text))
    if line is None:
        line = head + _scalar(text, indent, len(head)) + "\n"
        if len(_LINES) > _CACHE_LIMIT:
            _LINES.clear()
        _LINES[(head, text)] = line
    return line


def _emit_map(out: list[str], mapping: dict, indent: int, first_prefix: str | None = None) -> None:
    pad = " " * indent
    prefix = pad if first_prefix is None else first_prefix
    for key, value in mapping.items():
        if key not in _KEYS_OK:
            if not isinstance(key, str) or not _KEY.match(key):
                raise ValueError(f"unsupported key {key!r}")
            _KEYS_OK.add(key)
        head = f"{prefix}{key}:"
        prefix = pad
        if isinstance(value, str):
            if key in _ALWAYS_QUOTED:
                out.append(f"{head} {_double_quoted(value)}\n")
            else:
                out.append(_scalar_line(head, value, indent + 2))
        elif isinstance(value, dict):
            if value:
                out.append(head + "\n")
                _emit_map(out, value, indent + 2)
            else:
                out.append(head + " {}\n")
        elif isinstance(value, list):
            flow = _flow_list(value) if value and key in _FLOW_KEYS else None
            if flow is not None:
                out.append(head + flow)
            elif value:
                out.append(head + "\n")
                _emit_seq(out, value, indent + 2)
            else:
                out.append(head + " []\n")
        else:
            raise TypeError(f"only strings, lists and dicts can be written, not {type(value).__name__}")


def _emit_seq(out: list[str], items: list, indent: int) -> None:
    pad = " " * indent
    dash = pad + "- "
    for item in items:
        if isinstance(item, str):
            out.append(_scalar_line(pad + "-", item, indent + 2))
        elif isinstance(item, dict) and item:
            _emit_map(out, item, indent + 2, first_prefix=dash)
        else:
            raise TypeError("lists may hold only strings and non-empty mappings")


def render_entry(entry: dict) -> str:
    """Returns `entry` (a dict of strings, lists and dicts) as the text of an entry file."""
    out = [HEADER]
    _emit_map(out, entry, 0)
    return "".join(out)


# --------------------------------------------------------------------------------------------
# Edits a later commit makes to an existing entry. Each returns a commit subject, or None when
# it does not apply to this entry (the caller then tries another).
# --------------------------------------------------------------------------------------------


def _all_dates(entry: dict) -> Iterator[str]:
    t = entry["timeline"]
    for key in ("as_of", "announced", "start", "end"):
        if isinstance(t.get(key), str):
            yield t[key]
    for event in entry.get("events", []):
        yield event["date"]


def _latest_day(entry: dict) -> date:
    return max(_latest(d) for d in _all_dates(entry))


def _edit_status(rng: random.Random, entry: dict, today: date) -> str | None:
    t = entry["timeline"]
    nxt = {
        "planned": ("trial", "active", "blocked"),
        "trial": ("active", "ended", "paused"),
        "active": ("paused", "ended"),
        "paused": ("active", "ended"),
        "unknown": ("active", "ended"),
    }.get(t["status"])
    if not nxt:
        return None
    lo = _latest_day(entry)
    if lo >= EDIT_LAST_DAY:
        return None
    new = rng.choice(nxt)
    day = _day_between(rng, lo + timedelta(days=1), min(EDIT_LAST_DAY, lo + timedelta(days=400)))
    t["status"] = new
    if new in ("ended", "blocked") or (new == "paused" and rng.random() < 0.3):
        if not isinstance(t.get("end"), str) or _key(t["end"]) < _key(t["start"]):
            t["end"] = _fmt_after(rng, day, t["start"])
        t["as_of"] = _fmt_after(rng, day, t["end"], (0, 1, 1))
    else:
        t.pop("end", None)
        t["as_of"] = _fmt(day, rng.choice("md"))
    t["status_note"] = f"Reported as {new} in {_label(t['as_of'])}."
    _reorder(t, TIMELINE_ORDER)
    return f"{entry['id']}: status is now {new}"


def _edit_as_of(rng: random.Random, entry: dict, today: date) -> str | None:
    t = entry["timeline"]
    lo = max(_latest(t["as_of"]), _latest(t["end"]) if isinstance(t.get("end"), str) else FIRST_DAY)
    if lo >= EDIT_LAST_DAY:
        return None
    day = _day_between(rng, lo + timedelta(days=1), min(EDIT_LAST_DAY, lo + timedelta(days=180)))
    t["as_of"] = _fmt(day, rng.choice("md"))
    return f"{entry['id']}: status still {t['status']} as of {_label(t['as_of'])}"


def _edit_end_date(rng: random.Random, entry: dict, today: date) -> str | None:
    t = entry["timeline"]
    end = t.get("end")
    if not isinstance(end, str) or len(end) == 10:
        return None
    # Make a year or month end date more precise, within the span it already covers.
    lo = max(_earliest(end), _latest(t["start"]))
    hi = min(_latest(end), EDIT_LAST_DAY)  # "2026" made "2026-12-17": a day `check` has not seen
    if lo > hi:
        return None
    day = _day_between(rng, lo, hi)
    t["end"] = _fmt_after(rng, day, t["start"], (0, 1, 1) if len(end) == 4 else (0, 0, 1))
    if _key(t["as_of"]) < _key(t["end"]):
        t["as_of"] = t["end"]
    return f"{entry['id']}: more precise end date ({_label(t['end'])})"


def _edit_add_source(rng: random.Random, entry: dict, today: date) -> str | None:
    sources = entry["sources"]
    if len(sources) >= MAX_SOURCES:
        return None
    index = max(_sid(s["id"]) for s in sources) + 1
    hi = min(EDIT_LAST_DAY, max(_latest_day(entry), today))
    lo = max(FIRST_DAY, hi - timedelta(days=365))
    src = _make_source(rng, index, _context(entry), lo, hi)
    sources.append(src)
    events = entry.get("events", [])
    if events and rng.random() < 0.5:
        target = rng.choice(events)["sources"]
    else:
        target = entry["timeline"]["sources"]
    target.append(src["id"])
    target.sort(key=_sid)
    return f"{entry['id']}: add source from {src['publisher']}"


def _edit_add_event(rng: random.Random, entry: dict, today: date) -> str | None:
    events = entry.setdefault("events", [])
    if len(events) >= MAX_EVENTS:
        return None
    _reorder(entry, ENTRY_ORDER)
    lo = _latest_day(entry)
    day = _day_between(rng, min(lo, EDIT_LAST_DAY), min(EDIT_LAST_DAY, lo + timedelta(days=300)))
    ctx = _context(entry)
    ids = [s["id"] for s in entry["sources"]]
    cited = sorted(rng.sample(ids, rng.randint(1, min(2, len(ids)))), key=_sid)
    event = _make_event(rng, day, ctx["op"], ctx["regulator"], ctx["city"], cited)
    events.append(event)
    events.sort(key=lambda e: _key(e["date"]))
    t = entry["timeline"]
    if _key(t["as_of"]) < _key(event["date"]):
        t["as_of"] = _fmt(day, "m")
    return f"{entry['id']}: add {event['type'].replace('_', ' ')} event"


def _edit_typo(rng: random.Random, entry: dict, today: date) -> str | None:
    summary = entry["summary"]
    for wrong, right in FIXES.items():
        if re.search(rf"\b{wrong}\b", summary):
            entry["summary"] = re.sub(rf"\b{wrong}\b", right, summary, count=1)
            return f"Fix typo in {entry['id']} summary ({wrong} -> {right})"
    return None


def _edit_review(rng: random.Random, entry: dict, today: date) -> str | None:
    if entry["record"]["last_reviewed"] == today.isoformat():
        return None
    entry["record"]["last_reviewed"] = today.isoformat()
    return f"{entry['id']}: reviewed against sources"


def _edit_summary(rng: random.Random, entry: dict, today: date) -> str:
    """Always changes the entry: adds or removes the review sentence at the end of the summary."""
    summary = entry["summary"]
    if summary.endswith(" " + REVIEW_TAIL):
        entry["summary"] = summary[: -len(REVIEW_TAIL) - 1]
        return f"{entry['id']}: shorten summary"
    entry["summary"] = f"{summary} {REVIEW_TAIL}"
    return f"{entry['id']}: note the latest review in the summary"


EDITS = (
    (_edit_status, 14),
    (_edit_as_of, 10),
    (_edit_end_date, 4),
    (_edit_add_source, 22),
    (_edit_add_event, 18),
    (_edit_typo, 12),
    (_edit_review, 20),
)


# --------------------------------------------------------------------------------------------
# History plan and the fast-import stream.
# --------------------------------------------------------------------------------------------


@dataclass
class _Plan:
    add_slots: set[int]
    batches: list[tuple[str, int]]  # (country code, number of entries), one per add slot
    units: list[tuple[str, int]]  # ("direct", 1) or ("pr", k changes); covers every change


def _plan(entries: int, commits: int, rng: random.Random) -> _Plan:
    adds = min(commits, max(1, math.ceil(entries / 8)))
    prs = max(0, min(round(commits * 0.15), commits - adds, commits // 2))
    changes = commits - prs

    late = adds // 8 if adds >= 8 else 0
    front = adds - late
    window = min(changes - late, max(front, math.ceil(front * 1.5)))
    add_slots = {0, *rng.sample(range(1, window), front - 1), *rng.sample(range(window, changes), late)}

    weights = [rng.uniform(0.3, 2.0) for _ in range(front)] + [0.1] * late
    sizes = [1] * adds
    for i in rng.choices(range(adds), weights, k=entries - adds):
        sizes[i] += 1
    batches = [(_weighted(rng, COUNTRIES, lambda c: c.weight).code, size) for size in sizes]

    budget = max(0, changes - 1 - prs)  # one direct root commit, at least one change per PR
    pr_sizes = []
    for _ in range(prs):
        extra = min(budget, rng.choice((0, 0, 0, 1, 2)))
        budget -= extra
        pr_sizes.append(1 + extra)
    direct = changes - sum(pr_sizes)
    tokens = ["pr"] * prs + ["direct"] * (direct - 1)
    rng.shuffle(tokens)
    units = [("direct", 1)]
    sizes_iter = iter(pr_sizes)
    for token in tokens:
        units.append(("pr", next(sizes_iter)) if token == "pr" else ("direct", 1))
    return _Plan(add_slots, batches, units)


class _Stream:
    """Writes a `git fast-import` stream: blobs with marks, commits with explicit parents."""

    def __init__(self, pipe):
        self.pipe = pipe
        self.next_mark = 0
        self.commits = 0

    def _mark(self) -> int:
        self.next_mark += 1
        return self.next_mark

    def blob(self, text: str) -> int:
        data = text.encode("utf-8")
        mark = self._mark()
        self.pipe.write(b"blob\nmark :%d\ndata %d\n%s\n" % (mark, len(data), data))
        return mark

    def commit(
        self,
        ref: str,
        who: tuple[str, str, str],
        when: int,
        message: str,
        parents: list[int],
        files: list[tuple[str, int]],
        committer: tuple[str, str, str] | None = None,
    ) -> int:
        mark = self._mark()
        self.commits += 1
        name, login, tz = who
        cname, clogin, ctz = committer or who
        msg = message.encode("utf-8")
        head = [
            f"commit {ref}",
            f"mark :{mark}",
            f"author {name} <{login}@example.org> {when} {tz}",
            f"committer {cname} <{clogin}@example.org> {when} {ctz}",
        ]
        self.pipe.write(("\n".join(head) + f"\ndata {len(msg)}\n").encode() + msg + b"\n")
        lines = []
        if parents:
            lines.append(f"from :{parents[0]}")
        lines += [f"merge :{p}" for p in parents[1:]]
        lines += [f"M 100644 :{blob} {path}" for path, blob in files]
        self.pipe.write(("\n".join(lines) + "\n\n").encode() if lines else b"\n")
        return mark


def _git_env() -> dict[str, str]:
    """Git without the user's or the system's configuration, so nothing local changes the result."""
    env = dict(os.environ)
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, LC_ALL="C")
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY"):
        env.pop(var, None)
    return env


def _git(out_dir: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=out_dir, env=_git_env(), check=True, **kwargs)


class _History:
    """The registry as it grows, and the commits that record it."""

    def __init__(self, stream: _Stream, rng: random.Random, seed: int, commits: int):
        self.stream = stream
        self.rng = rng
        self.seed = seed
        self.entries: dict[str, dict] = {}  # path -> entry
        self.texts: dict[str, str] = {}  # path -> rendered text at the tip
        self.rendered: dict[str, str] = {}  # path -> text already rendered for the next write
        self.order: list[str] = []  # paths in the order they were added
        self.when = START_EPOCH + 12 * 3600  # local dates of every time zone fall in 2019
        self.gap = max(120, min(4 * 3600, SPAN_SECONDS // max(1, commits)))
        self.count = 0
        self.next_entry = 1
        self.pr_number = 0

    def tick(self) -> int:
        self.when += self.rng.randint(self.gap // 2, self.gap * 3 // 2)
        return self.when

    def today(self) -> date:
        return date(1970, 1, 1) + timedelta(seconds=self.when)

    def write(self, paths: list[str]) -> list[tuple[str, int]]:
        files = []
        for path in paths:
            text = self.rendered.pop(path, None) or render_entry(self.entries[path])
            self.texts[path] = text
            files.append((path, self.stream.blob(text)))
        return files

    def add_batch(self, country: str, size: int) -> tuple[str, list[str], str]:
        reviewed = self.today().isoformat()
        paths = []
        for _ in range(size):
            entry = synth_entry(self.next_entry, self.seed, country, reviewed)
            self.next_entry += 1
            path = f"entries/{country.lower()}/{entry['id']}.yaml"
            self.entries[path] = entry
            self.order.append(path)
            paths.append(path)
        name = COUNTRY_BY_CODE[country].name
        if size == 1:
            subject = f"Add {self.entries[paths[0]]['id']}"
        else:
            subject = f"Add {size} entries for {name}"
        body = "\n".join(f"- {self.entries[p]['id']}" for p in paths[:20])
        return subject, paths, body

    def _pick(self) -> str:
        if self.rng.random() < 0.4:
            return self.rng.choice(self.order[-50:])
        return self.rng.choice(self.order)

    def edit(self) -> tuple[str, list[str], str]:
        today = self.today()
        if self.rng.random() < 0.07:
            paths = sorted({self._pick() for _ in range(self.rng.randint(2, 6))})
            for path in paths:
                if _edit_review(self.rng, self.entries[path], today) is None:
                    _edit_summary(self.rng, self.entries[path], today)
            return f"Review {len(paths)} entries", paths, ""
        path = self._pick()
        entry = self.entries[path]
        subject = None
        for _ in range(4):
            edit = _weighted(self.rng, EDITS, lambda e: e[1])[0]
            subject = edit(self.rng, entry, today)
            if subject is not None:
                break
        text = render_entry(entry)
        if subject is None or text == self.texts[path]:
            subject = _edit_summary(self.rng, entry, today)
        else:
            self.rendered[path] = text
        return subject, [path], ""

    def change(self, is_add: bool, batch: tuple[str, int] | None) -> tuple[str, list[str], str]:
        return self.add_batch(*batch) if is_add else self.edit()


def _message(subject: str, body: str) -> str:
    return f"{subject}\n\n{body}\n" if body else f"{subject}\n"


def _generate(stream: _Stream, entries: int, commits: int, seed: int) -> None:
    rng = random.Random(f"synthetic-history:{seed}:{entries}:{commits}")
    plan = _plan(entries, commits, rng)
    history = _History(stream, rng, seed, commits)
    batches = iter(plan.batches)
    slot = 0
    tip: int | None = None

    def next_change() -> tuple[str, list[str], str]:
        nonlocal slot
        is_add = slot in plan.add_slots
        slot += 1
        return history.change(is_add, next(batches) if is_add else None)

    for kind, size in plan.units:
        author = rng.choice(AUTHORS)
        if kind == "direct":
            subject, paths, body = next_change()
            files = history.write(paths)
            tip = stream.commit("refs/heads/main", author, history.tick(), _message(subject, body),
                                [tip] if tip else [], files)  # fmt: skip
            continue
        side = tip
        changed: dict[str, int] = {}
        subjects = []
        for _ in range(size):
            subject, paths, body = next_change()
            files = history.write(paths)
            changed.update(files)
            subjects.append(subject)
            side = stream.commit(PR_REF, author, history.tick(), _message(subject, body), [side], files)
        history.pr_number += rng.randint(1, 4)
        branch = slugify(subjects[0])[:40].strip("-")
        title = subjects[0] if size == 1 else f"{subjects[0]} and {size - 1} more"
        merger = rng.choice(MAINTAINERS)
        message = f"Merge pull request #{history.pr_number} from {author[1]}/{branch}\n\n{title}\n"
        tip = stream.commit("refs/heads/main", merger, history.tick(), message, [tip, side],
                            sorted(changed.items()))  # fmt: skip
    if stream.commits != commits:  # pragma: no cover - a planning bug
        raise AssertionError(f"wrote {stream.commits} commits, not {commits}")
    if len(history.entries) != entries:  # pragma: no cover
        raise AssertionError(f"made {len(history.entries)} entries, not {entries}")
    stream.pipe.write(b"done\n")


def use_this_site(root: Path) -> None:
    """Copies this checkout's mkdocs.yml and site_templates/ into the registry at `root`,
    replacing any earlier copy: a synthetic registry holds only entries and their history, and
    a benchmark kept between runs must still build with the templates as they are now."""
    checkout = Path(__file__).resolve().parent.parent
    shutil.copyfile(checkout / "mkdocs.yml", root / "mkdocs.yml")
    shutil.rmtree(root / "site_templates", ignore_errors=True)
    shutil.copytree(checkout / "site_templates", root / "site_templates")


def make_registry(out_dir: Path, entries: int, commits: int, seed: int) -> None:
    """Creates a git repository at `out_dir` (absent or empty) holding `entries` synthetic entries
    in exactly `commits` commits on branch `main`, all derived from `seed`, and checks it out."""
    if entries < 1 or commits < 1:
        raise ValueError("need at least one entry and one commit")
    out_dir = Path(out_dir)
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise FileExistsError(f"{out_dir} exists and is not empty; give a new or empty folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    _git(out_dir, "init", "--quiet", "--initial-branch=main", "--object-format=sha1")
    proc = subprocess.Popen(
        ["git", "fast-import", "--quiet", "--done", "--date-format=raw"],
        cwd=out_dir,
        env=_git_env(),
        stdin=subprocess.PIPE,
    )
    try:
        _generate(_Stream(proc.stdin), entries, commits, seed)
    finally:
        proc.stdin.close()
        status = proc.wait()
    if status != 0:
        raise RuntimeError(f"git fast-import failed with status {status}")
    refs = _git(out_dir, "for-each-ref", "--format=%(refname)", PR_REF, capture_output=True, text=True)
    if refs.stdout.strip():
        _git(out_dir, "update-ref", "-d", PR_REF)
    _git(out_dir, "reset", "--quiet", "--hard", "main")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="where to create the repository (new or empty)")
    parser.add_argument("--entries", type=int, required=True, help="number of entries at the end")
    parser.add_argument("--commits", type=int, required=True, help="exact number of commits")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    if args.entries < 1 or args.commits < 1:
        parser.error("--entries and --commits must be at least 1")
    started = time.perf_counter()
    try:
        make_registry(args.out_dir, args.entries, args.commits, args.seed)
    except FileExistsError as exc:
        print(f"make_synthetic: {exc}", file=sys.stderr)
        return 2
    head = _git(args.out_dir, "rev-parse", "HEAD", capture_output=True, text=True).stdout.strip()
    print(
        f"make_synthetic: {args.entries} entries, {args.commits} commits, seed {args.seed}, "
        f"HEAD {head[:12]}, {time.perf_counter() - started:.1f} s -> {args.out_dir}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

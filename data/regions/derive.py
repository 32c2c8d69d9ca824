"""Derive data/regions/ningxia.csv from the shared statistical-code reference.

Usage (from the project root): python data/regions/derive.py [SOURCE] [TARGET]

Only facts are taken: code, name, level, parent code and the township kind (街道/镇/乡, or 其他 for the
farms, parks and zones). The script refuses to write when the counts differ from the published ones
(1 province, 5 cities, 22 counties, 243 townships: 50 街道, 103 镇, 90 乡; plus 16 其他).
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / ".." / "shared" / "reference" / "regions" / "ningxia.csv"
TARGET = Path(__file__).resolve().parent / "ningxia.csv"
COLUMNS = ("code", "name", "level", "parent_code", "kind")
LEVELS = ("province", "city", "county", "township")
TOWNSHIP_KINDS = ("街道", "镇", "乡")
EXPECTED = {
    ("province", ""): 1,
    ("city", ""): 5,
    ("county", ""): 22,
    ("township", "街道"): 50,
    ("township", "镇"): 103,
    ("township", "乡"): 90,
    ("township", "其他"): 16,
}


def derive(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    out = []
    for row in rows:
        level = row["level"].strip()
        if level not in LEVELS:
            raise ValueError(f"unknown level {level!r} for {row['code']}")
        kind = row.get("kind", "").strip() if level == "township" else ""
        if level == "township" and kind not in TOWNSHIP_KINDS:
            kind = "其他"
        out.append(
            {
                "code": row["code"].strip(),
                "name": row["name"].strip(),
                "level": level,
                "parent_code": row.get("parent_code", "").strip(),
                "kind": kind,
            }
        )
    return sorted(out, key=lambda r: (len(r["code"]), r["code"]))


def check(rows: list[dict[str, str]]) -> None:
    counts = Counter((r["level"], r["kind"]) for r in rows)
    if dict(counts) != EXPECTED:
        raise ValueError(f"unexpected counts {dict(counts)}, expected {EXPECTED}")
    codes = {r["code"] for r in rows}
    orphans = [r["code"] for r in rows if r["parent_code"] and r["parent_code"] not in codes]
    if orphans:
        raise ValueError(f"parents missing for {orphans}")


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else SOURCE
    target = Path(argv[2]) if len(argv) > 2 else TARGET
    with source.open(encoding="utf-8-sig", newline="") as f:
        rows = derive(list(csv.DictReader(f)))
    check(rows)
    with target.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} regions to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

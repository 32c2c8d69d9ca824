"""The region registry: Ningxia's statistical divisions and the lookups importers need.

`load_regions(path)` reads `data/regions/ningxia.csv`; `RegionIndex` answers by code, by name and by
free text. Free-text lookups never guess: a township name shared by several counties (several 城关镇)
resolves only when the text, or the caller, also names the county.
"""

from __future__ import annotations

import csv
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from kg.chinese import to_simplified
from kg.model import Level, Region

_COUNTY_SUFFIXES = ("县", "区", "市")
_CITY_SUFFIXES = ("市",)
_TOWNSHIP_SUFFIXES = ("街道", "镇", "乡")


def load_regions(path: Path) -> tuple[Region, ...]:
    """Read a `code,name,level,parent_code,kind` CSV (UTF-8, optional BOM)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        return tuple(
            Region(
                code=row["code"].strip(),
                name=row["name"].strip(),
                level=Level(row["level"].strip()),
                parent_code=row["parent_code"].strip() or None,
                kind=(row.get("kind") or "").strip() or None,
            )
            for row in csv.DictReader(f)
        )


@lru_cache(maxsize=131072)
def name_key(text: str) -> str:
    """Compare names after width folding (NFKC), traditional → simplified and without whitespace."""
    folded = to_simplified(unicodedata.normalize("NFKC", text))
    return "".join(folded.split())


def _short(name: str, suffixes: Sequence[str]) -> str | None:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


def scan_names(text: str, names: Iterable[str]) -> list[str]:
    """Names found in `text`, leftmost-longest and non-overlapping (马高庄乡 is not also 高庄乡)."""
    vocabulary = sorted(set(names), key=len, reverse=True)
    found: list[str] = []
    i = 0
    while i < len(text):
        hit = next((n for n in vocabulary if text.startswith(n, i)), None)
        if hit:
            found.append(hit)
            i += len(hit)
        else:
            i += 1
    return found


class RegionIndex:
    """Lookups over a fixed set of regions; names are compared with `name_key`."""

    def __init__(self, regions: Iterable[Region]) -> None:
        self.regions: tuple[Region, ...] = tuple(regions)
        self._by_code = {r.code: r for r in self.regions}
        self._by_name: dict[str, list[Region]] = defaultdict(list)
        self._county_names: dict[str, list[Region]] = defaultdict(list)
        for r in self.regions:
            self._by_name[name_key(r.name)].append(r)
            if r.level is Level.COUNTY:
                self._add_county_names(r)
        self._townships_by_county: dict[str, dict[str, Region]] = defaultdict(dict)
        for r in self.regions:
            if r.level is Level.TOWNSHIP and r.parent_code:
                self._townships_by_county[r.parent_code][name_key(r.name)] = r
        self._full_names = sorted({name_key(r.name) for r in self.regions if r.level is not Level.PROVINCE})

    def _add_county_names(self, county: Region) -> None:
        key = name_key(county.name)
        forms = {key}
        short = _short(key, _COUNTY_SUFFIXES)
        if short:
            forms.add(short)
        city = self._by_code.get(county.parent_code or "")
        if city:
            city_forms = {name_key(city.name)} | {s for s in [_short(name_key(city.name), _CITY_SUFFIXES)] if s}
            forms |= {c + f for c in city_forms for f in (key, short) if f}
        for form in forms:
            self._county_names[form].append(county)

    def by_code(self, code: str) -> Region | None:
        return self._by_code.get(code.strip())

    def county(self, name: str) -> Region | None:
        """The county named exactly: 平罗县, 平罗 or 石嘴山市平罗县."""
        found = self._county_names.get(name_key(name), [])
        return found[0] if len(found) == 1 else None

    def township(self, name: str, county_code: str) -> Region | None:
        """The township of a county named exactly, or by its short form (高仁 for 高仁乡)."""
        townships = self._townships_by_county.get(county_code, {})
        key = name_key(name)
        if key in townships:
            return townships[key]
        matches = [r for k, r in townships.items() if _short(k, _TOWNSHIP_SUFFIXES) == key]
        return matches[0] if len(matches) == 1 else None

    def find_county(self, text: str) -> Region | None:
        """The one county named in a free text by its full name (short forms are too risky here)."""
        counties = {r.code: r for r in self._mentioned(text) if r.level is Level.COUNTY}
        return next(iter(counties.values())) if len(counties) == 1 else None

    def township_candidates(self, text: str, county: Region | None = None) -> tuple[Region, ...]:
        """Every township the text may name, narrowed to `county` or to the county the text names."""
        mentioned = self._mentioned(text)
        townships = [r for r in mentioned if r.level is Level.TOWNSHIP]
        county = county or self.find_county(text)
        if county is not None:
            townships = [r for r in townships if r.parent_code == county.code]
        unique = {r.code: r for r in townships}
        return tuple(unique.values())

    def find_township(self, text: str, county: Region | None = None) -> Region | None:
        """The township named in a title row or a file name; None when unknown or ambiguous."""
        candidates = self.township_candidates(text, county)
        return candidates[0] if len(candidates) == 1 else None

    def _mentioned(self, text: str) -> list[Region]:
        key = name_key(text)
        return [r for name in scan_names(key, self._full_names) for r in self._by_name[name]]

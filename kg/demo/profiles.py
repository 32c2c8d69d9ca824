"""County habits and township profiles of the demonstration generator, read from
kg/resources/demo_counties.toml and demo_profiles.toml (data, not code)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from kg.importer.text import load_resource
from kg.model import ListKind, Region

RURAL = "rural"
URBAN = "urban"


@dataclass(frozen=True)
class CountyHabit:
    """How one county publishes: header style, title rows, categories, numbering, files, date."""

    code: str
    style: str
    titles: int
    category: str
    numbering: str
    layout: str
    departments: str
    published: date
    published_text: str


@dataclass(frozen=True)
class SizeSpec:
    mean: float
    sd: float
    low: int
    high: int

    def draw(self, rng: random.Random) -> int:
        return max(self.low, min(self.high, round(rng.gauss(self.mean, self.sd))))


@dataclass(frozen=True)
class Profiles:
    sizes: dict[tuple[str, ListKind], SizeSpec]
    variation: dict[str, float]
    cells: dict[str, tuple[str, ...]]
    office_rules: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    fallback_office: tuple[str, ...]
    category_roles: dict[str, str]


def profile_of(township: Region) -> str:
    return URBAN if township.kind == "街道" else RURAL


def _published(text: str) -> tuple[date, str]:
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 2:
        return date(parts[0], parts[1], 1), f"{parts[0]}年{parts[1]}月"
    return date(parts[0], parts[1], parts[2]), f"{parts[0]}年{parts[1]}月{parts[2]}日"


@cache
def county_habits() -> dict[str, CountyHabit]:
    raw: dict[str, dict[str, Any]] = load_resource("demo_counties.toml")["county"]
    habits = {}
    for code, h in raw.items():
        published, text = _published(str(h["published"]))
        habits[code] = CountyHabit(
            code=code,
            style=h["style"],
            titles=int(h["titles"]),
            category=h["category"],
            numbering=h["numbering"],
            layout=h["layout"],
            departments=h["departments"],
            published=published,
            published_text=text,
        )
    return habits


@cache
def profiles() -> Profiles:
    raw = load_resource("demo_profiles.toml")
    sizes = {
        (profile, ListKind(kind)): SizeSpec(float(s["mean"]), float(s["sd"]), int(s["min"]), int(s["max"]))
        for profile, kinds in raw["sizes"].items()
        for kind, s in kinds.items()
    }
    return Profiles(
        sizes=sizes,
        variation={k: float(v) for k, v in raw["variation"].items()},
        cells={k: tuple(v) for k, v in raw["cells"].items()},
        office_rules=tuple((tuple(r["keywords"]), tuple(r["office"])) for r in raw["offices"]),
        fallback_office=tuple(raw["fallback"]["office"]),
        category_roles=dict(raw.get("category_roles", {})),
    )


def office_for(section: str, category: str, offices: tuple[str, ...]) -> str:
    """The township office that handles an item of this section and category (see [[offices]])."""
    rules = profiles().office_rules
    text = f"{section} {category}"
    for keywords, wanted in rules:
        if any(k in text for k in keywords):
            found = next((o for w in wanted for o in offices if w in o), None)
            if found:
                return found
    fallback = next((o for w in profiles().fallback_office for o in offices if w in o), None)
    return fallback or offices[0]

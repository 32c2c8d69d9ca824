"""What a sheet is: its list kind, its township, its publication date, or not a list at all.

Vocabulary from kg/resources/import_rules.toml. Detection never guesses: a text naming two kinds,
or a township name shared by several counties without the county, names nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from kg.importer.text import folded, key, load_resource
from kg.model import ListKind, Region
from kg.regions import RegionIndex

RULES = "import_rules.toml"


@dataclass(frozen=True)
class Vocabulary:
    kinds: dict[ListKind, tuple[str, ...]]
    ignored_sheets: frozenset[str]
    note: re.Pattern[str]
    total: re.Pattern[str]
    headings: tuple[re.Pattern[str], ...]
    heading_numbers: tuple[re.Pattern[str], ...]
    ditto: frozenset[str]
    name_number: re.Pattern[str]
    dates: tuple[re.Pattern[str], ...]


@cache
def vocabulary() -> Vocabulary:
    raw = load_resource(RULES)
    prefixes = sorted(raw["notes"]["prefixes"], key=len, reverse=True)
    return Vocabulary(
        kinds={kind: tuple(key(w) for w in raw["kinds"][kind.value]) for kind in ListKind},
        ignored_sheets=frozenset(key(n) for n in raw["sheets"]["ignored"]),
        note=re.compile(r"^(?:" + "|".join(map(re.escape, prefixes)) + r")\s*\d*\s*[:：]"),
        total=re.compile(r"^(?:" + "|".join(map(re.escape, raw["notes"]["totals"])) + ")"),
        headings=tuple(re.compile(p) for p in raw["headings"]["patterns"]),
        heading_numbers=tuple(re.compile(p) for p in raw["headings"]["numbers"]),
        ditto=frozenset(key(w) for w in raw["ditto"]["words"]),
        name_number=re.compile(raw["names"]["number_prefix"]),
        dates=tuple(re.compile(p) for p in raw["dates"]["patterns"]),
    )


def kinds_named(text: str | None) -> set[ListKind]:
    if not text:
        return set()
    k = key(text)
    return {kind for kind, words in vocabulary().kinds.items() if any(w in k for w in words)}


def detect_kind(*texts: str | None) -> ListKind | None:
    """The kind named by the first text that names exactly one; a text naming several stops the search."""
    for text in texts:
        named = kinds_named(text)
        if len(named) == 1:
            return named.pop()
        if named:
            return None
    return None


def is_ignored_sheet(name: str | None) -> bool:
    return bool(name) and key(name or "") in vocabulary().ignored_sheets


def is_note(text: str) -> bool:
    return bool(vocabulary().note.match(folded(text)))


def is_total(text: str) -> bool:
    return bool(vocabulary().total.match(key(text)))


def heading_label(text: str) -> str | None:
    """The category a heading row names ("一、党的建设" → "党的建设"), or None."""
    for pattern in vocabulary().headings:
        match = pattern.match(folded(text))
        if match:
            return match.group("label").strip()
    return None


def heading_number(text: str) -> bool:
    """A 序号 that numbers a category ("一", "（二）"), not an item."""
    return any(p.match(folded(text)) for p in vocabulary().heading_numbers)


def split_name_number(name: str) -> tuple[str | None, str]:
    """A name's own leading number and the name without it: "1.发展党员" → ("1.", "发展党员")."""
    match = vocabulary().name_number.match(name.strip())
    if match is None:
        return None, name
    return match["number"].strip(), name.strip()[match.end():]


def is_ditto(text: str) -> bool:
    """A cell saying "same as above" (同上)."""
    return key(text).rstrip("。.") in vocabulary().ditto


def find_date(texts: Iterable[str]) -> date | None:
    """The first valid date in the texts: "（2024年9月）" → 2024-09-01, "2024年9月12日" → 2024-09-12."""
    for text in texts:
        for pattern in vocabulary().dates:
            for match in pattern.finditer(folded(text)):
                found = _date(match)
                if found:
                    return found
    return None


def _date(match: re.Match[str]) -> date | None:
    try:
        return date(int(match["year"]), int(match["month"]), int(match["day"] or 1))
    except ValueError:
        return None


@dataclass(frozen=True)
class TownshipClue:
    """Where the township was looked for, and what was found there."""

    source: str
    text: str
    candidates: tuple[Region, ...]


def county_hint(regions: RegionIndex, texts: Iterable[str]) -> Region | None:
    """The county named by the first text that names exactly one (title, file name, folder name)."""
    for text in texts:
        county = regions.find_county(text)
        if county:
            return county
    return None


def township_clues(regions: RegionIndex, sources: Iterable[tuple[str, str]], county: Region | None) -> TownshipClue:
    """The first source (label, text) that names any township; its candidates may be several."""
    last = TownshipClue("", "", ())
    for label, text in sources:
        if not text.strip():
            continue
        exact = regions.township(text, county.code) if county else None
        candidates = (exact,) if exact else regions.township_candidates(text, county)
        if candidates:
            return TownshipClue(label, text, candidates)
        last = last if last.text else TownshipClue(label, text, ())
    return last

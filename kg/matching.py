"""Item identity across townships: each duty item matched to its reference-catalogue entry.

Checks that compare townships (duplicates, minority classifications, lead-department conflicts,
mandatory coverage) need to know that 组织开展安全生产检查 and 开展安全生产检查工作 are one item. A
duty item is matched, in this order, by

1. an explicit catalogue code written in its 序号 or 备注 cell (confidence 1, method `code`);
2. its normalised name equal to a catalogue name (1, `name`) or alias (1, `alias`);
3. the best rapidfuzz ratio against every normalised name and alias, at or above the threshold
   (confidence = ratio / 100, method `fuzzy`).

Below the threshold the item is an individual (个性) item: no match is recorded rather than a wrong
one. Where several entries fit equally, the one whose default list is the item's list wins. The
vocabulary of normalisation (fillers such as 组织/开展/工作) is data: `kg/resources/matching.toml`.
The catalogue itself is read by kg.reference from `data/catalogue/`.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

from rapidfuzz import fuzz, process

from kg.model import ListKind
from kg.reference import CatalogueItem, ReferenceCatalogue, load_reference_catalogue
from kg.regions import name_key


@dataclass(frozen=True)
class Match:
    code: str
    confidence: float
    method: str


@dataclass(frozen=True)
class Vocabulary:
    code_pattern: re.Pattern[str]
    drop_categories: tuple[str, ...]
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    min_core: int
    threshold: float
    synonyms: tuple[tuple[str, str], ...] = ()


@cache
def vocabulary() -> Vocabulary:
    raw = tomllib.loads(files("kg").joinpath("resources", "matching.toml").read_text(encoding="utf-8"))
    return Vocabulary(
        code_pattern=re.compile(raw["code_pattern"]),
        drop_categories=tuple(raw["drop_categories"]),
        prefixes=tuple(sorted(raw["prefixes"], key=len, reverse=True)),
        suffixes=tuple(sorted(raw["suffixes"], key=len, reverse=True)),
        min_core=int(raw["min_core"]),
        threshold=float(raw["threshold"]),
        synonyms=tuple((str(a), str(b)) for a, b in raw.get("synonyms", [])),
    )


def plain_key(text: str, vocab: Vocabulary | None = None) -> str:
    """Width-folded, simplified, without whitespace, punctuation and symbols."""
    drop = (vocab or vocabulary()).drop_categories
    return "".join(ch for ch in name_key(text) if not unicodedata.category(ch).startswith(drop))


def normalise(text: str, vocab: Vocabulary | None = None) -> str:
    """The key two wordings of one item share: `plain_key` without filler words at either end."""
    v = vocab or vocabulary()
    key = plain_key(text, v)
    for written, folded in v.synonyms:
        key = key.replace(written, folded)
    changed = True
    while changed:
        changed = False
        for prefix in v.prefixes:
            if key.startswith(prefix) and len(key) - len(prefix) >= v.min_core:
                key, changed = key[len(prefix):], True
                break
        for suffix in v.suffixes:
            if key.endswith(suffix) and len(key) - len(suffix) >= v.min_core:
                key, changed = key[: -len(suffix)], True
                break
    return key


def load_catalogue(folder: Path) -> ReferenceCatalogue:
    """The reference catalogue in `folder` (read by kg.reference); empty when there is no items.csv."""
    if not (folder / "items.csv").is_file():
        return ReferenceCatalogue((), (), ())
    return load_reference_catalogue(folder)


class Matcher:
    """Matches item names to catalogue entries; results are cached per (name as written, list kind)
    and per (normalised name, list kind)."""

    def __init__(self, entries: Iterable[CatalogueItem], vocab: Vocabulary | None = None) -> None:
        self.vocab = vocab or vocabulary()
        self.entries = {e.code: e for e in entries}
        self._exact: dict[str, list[tuple[CatalogueItem, str]]] = {}
        for entry in self.entries.values():
            for label, method in ((entry.name, "name"), *((a, "alias") for a in entry.aliases)):
                self._exact.setdefault(normalise(label, self.vocab), []).append((entry, method))
        self._choices = list(self._exact)
        self._cache: dict[tuple[str, ListKind], Match | None] = {}
        self._written: dict[tuple[str, ListKind], Match | None] = {}

    def match(self, name: str, kind: ListKind, written: Sequence[str | None] = ()) -> Match | None:
        """The catalogue match of an item named `name` in a list of `kind`; `written` are cells that
        may carry an explicit code (序号, 备注)."""
        for cell in written:
            for code in self.vocab.code_pattern.findall(cell or ""):
                if code in self.entries:
                    return Match(code, 1.0, "code")
        written_key = (name, kind)
        if written_key not in self._written:
            key = (normalise(name, self.vocab), kind)
            if key not in self._cache:
                self._cache[key] = self._by_name(*key)
            self._written[written_key] = self._cache[key]
        return self._written[written_key]

    def _by_name(self, key: str, kind: ListKind) -> Match | None:
        if not key:
            return None
        if key in self._exact:
            entry, method = _prefer(self._exact[key], kind)
            return Match(entry.code, 1.0, method)
        hits = process.extract(key, self._choices, scorer=fuzz.ratio, score_cutoff=self.vocab.threshold, limit=5)
        if not hits:
            return None
        best = max(score for _, score, _ in hits)
        candidates = [pair for label, score, _ in hits if score == best for pair in self._exact[label]]
        entry, _ = _prefer(candidates, kind)
        return Match(entry.code, round(best / 100, 3), "fuzzy")


def _prefer(candidates: list[tuple[CatalogueItem, str]], kind: ListKind) -> tuple[CatalogueItem, str]:
    """Among equally good entries, the one whose default list is the item's list, then by code."""
    return min(candidates, key=lambda pair: (pair[0].default_list != kind, pair[1] != "name", pair[0].code))

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
The catalogue itself is `data/catalogue/items.csv` and `negative_list.csv` (formats in
data/catalogue/README.md).
"""

from __future__ import annotations

import csv
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
from kg.regions import name_key

ITEMS_FILE = "items.csv"
NEGATIVE_FILE = "negative_list.csv"


class CatalogueFileError(ValueError):
    """A reference-catalogue file that cannot be read; the message is for users (Chinese)."""


@dataclass(frozen=True)
class CatalogueEntry:
    """One row of the reference catalogue (`data/catalogue/items.csv`)."""

    code: str
    name: str
    default_list: ListKind
    aliases: tuple[str, ...] = ()
    section: str = ""
    category: str = ""
    mandatory: bool = False
    mandatory_category: str = ""
    to_be_returned: bool = False
    negative: bool = False
    department_role: str = ""
    profile: str = "both"


@dataclass(frozen=True)
class NegativePattern:
    """A duty not to be pushed down to townships: a regular expression over the normalised name."""

    code: str
    pattern: re.Pattern[str]
    label: str
    reason: str


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
    )


def plain_key(text: str, vocab: Vocabulary | None = None) -> str:
    """Width-folded, simplified, without whitespace, punctuation and symbols."""
    drop = (vocab or vocabulary()).drop_categories
    return "".join(ch for ch in name_key(text) if not unicodedata.category(ch).startswith(drop))


def normalise(text: str, vocab: Vocabulary | None = None) -> str:
    """The key two wordings of one item share: `plain_key` without filler words at either end."""
    v = vocab or vocabulary()
    key = plain_key(text, v)
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


def _flag(value: str) -> bool:
    return value.strip().lower() == "true"


def _entry(row: dict[str, str], where: str) -> CatalogueEntry:
    code, name = (row.get("code") or "").strip(), (row.get("name") or "").strip()
    try:
        default_list = ListKind((row.get("default_list") or "").strip())
    except ValueError:
        raise CatalogueFileError(f"{where}：default_list 应为 basic、cooperative 或 returned。") from None
    if not code or not name:
        raise CatalogueFileError(f"{where}：缺少 code 或 name，请补全。")
    return CatalogueEntry(
        code=code,
        name=name,
        default_list=default_list,
        aliases=tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()),
        section=(row.get("section") or "").strip(),
        category=(row.get("category") or "").strip(),
        mandatory=_flag(row.get("mandatory") or ""),
        mandatory_category=(row.get("mandatory_category") or "").strip(),
        to_be_returned=_flag(row.get("to_be_returned") or ""),
        negative=_flag(row.get("negative") or ""),
        department_role=(row.get("department_role") or "").strip(),
        profile=(row.get("profile") or "both").strip() or "both",
    )


def load_catalogue(directory: Path) -> tuple[CatalogueEntry, ...]:
    """The reference catalogue in `directory/items.csv`; empty when the file is absent."""
    path = directory / ITEMS_FILE
    if not path.is_file():
        return ()
    with path.open(encoding="utf-8-sig", newline="") as f:
        return tuple(_entry(row, f"{path.name} 第{i}行") for i, row in enumerate(csv.DictReader(f), start=2))


def load_negative_list(directory: Path) -> tuple[NegativePattern, ...]:
    """Negative-list patterns in `directory/negative_list.csv`; empty when the file is absent."""
    path = directory / NEGATIVE_FILE
    if not path.is_file():
        return ()
    patterns: list[NegativePattern] = []
    with path.open(encoding="utf-8-sig", newline="") as f:
        for i, row in enumerate(csv.DictReader(f), start=2):
            try:
                compiled = re.compile(row["pattern"])
            except (re.error, KeyError) as exc:
                raise CatalogueFileError(f"{path.name} 第{i}行：pattern 不是有效的正则表达式（{exc}）。") from None
            patterns.append(NegativePattern(row.get("code", ""), compiled, row.get("label", ""), row.get("reason", "")))
    return tuple(patterns)


def negative_hit(name: str, patterns: Sequence[NegativePattern]) -> NegativePattern | None:
    """The first negative-list pattern that the item name (as `plain_key`) matches."""
    key = plain_key(name)
    return next((p for p in patterns if p.pattern.search(key)), None)


class Matcher:
    """Matches item names to catalogue entries; results are cached per (name, list kind)."""

    def __init__(self, entries: Iterable[CatalogueEntry], vocab: Vocabulary | None = None) -> None:
        self.vocab = vocab or vocabulary()
        self.entries = {e.code: e for e in entries}
        self._exact: dict[str, list[tuple[CatalogueEntry, str]]] = {}
        for entry in self.entries.values():
            for label, method in ((entry.name, "name"), *((a, "alias") for a in entry.aliases)):
                self._exact.setdefault(normalise(label, self.vocab), []).append((entry, method))
        self._choices = list(self._exact)
        self._cache: dict[tuple[str, ListKind], Match | None] = {}

    def match(self, name: str, kind: ListKind, written: Sequence[str | None] = ()) -> Match | None:
        """The catalogue match of an item named `name` in a list of `kind`; `written` are cells that
        may carry an explicit code (序号, 备注)."""
        for cell in written:
            for code in self.vocab.code_pattern.findall(cell or ""):
                if code in self.entries:
                    return Match(code, 1.0, "code")
        key = (normalise(name, self.vocab), kind)
        if key not in self._cache:
            self._cache[key] = self._by_name(*key)
        return self._cache[key]

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


def _prefer(candidates: list[tuple[CatalogueEntry, str]], kind: ListKind) -> tuple[CatalogueEntry, str]:
    """Among equally good entries, the one whose default list is the item's list, then by code."""
    return min(candidates, key=lambda pair: (pair[0].default_list != kind, pair[1] != "name", pair[0].code))

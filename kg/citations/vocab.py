"""The citation engine's vocabulary, read from kg/resources/citation_*.toml on first use."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.citations.normalize import simple_text
from kg.model import StatuteKind

RESOURCES = Path(__file__).resolve().parents[1] / "resources"


@dataclass(frozen=True)
class KindRule:
    kind: StatuteKind
    pattern: re.Pattern[str]
    needs_doc_number: bool = False


@dataclass(frozen=True)
class Vocab:
    empty_bases: frozenset[str]
    trailing_phrases: tuple[str, ...]
    lead_words: tuple[str, ...]
    title_suffixes: tuple[str, ...]
    generic_titles: frozenset[str]
    counted_words: tuple[str, ...]
    doc_number: re.Pattern[str]
    qualifier: re.Pattern[str]
    aliases: dict[str, str]
    national_prefixes: tuple[str, ...]
    kind_rules: tuple[KindRule, ...]
    level_kinds: dict[str, StatuteKind]


def _read(name: str) -> dict[str, Any]:
    with (RESOURCES / name).open("rb") as fh:
        return tomllib.load(fh)


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted({simple_text(w) for w in words}, key=len, reverse=True))


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    words = _read("citation_vocab.toml")
    titles = _read("citation_titles.toml")
    kinds = _read("citation_kinds.toml")
    return Vocab(
        empty_bases=frozenset(simple_text(w) for w in words["empty_bases"]),
        trailing_phrases=_longest_first(words["trailing_phrases"]),
        lead_words=_longest_first(words["lead_words"]),
        title_suffixes=_longest_first(words["title_suffixes"]),
        generic_titles=frozenset(simple_text(w) for w in words["generic_titles"]),
        counted_words=_longest_first(words["counted_words"]),
        doc_number=re.compile(words["doc_number_pattern"]),
        qualifier=re.compile(words["qualifier_pattern"]),
        aliases={simple_text(k): v for k, v in titles["aliases"].items()},
        national_prefixes=tuple(titles["prefixes"]["national"]),
        kind_rules=tuple(
            KindRule(StatuteKind(r["kind"]), re.compile(r["pattern"]), bool(r.get("needs_doc_number", False)))
            for r in kinds["rules"]
        ),
        level_kinds={k: StatuteKind(v) for k, v in kinds["levels"].items()},
    )


def kind_from_level(label: str | None) -> StatuteKind | None:
    """The kind for a level label such as 法律 or 行政法规, None when the label is unknown."""
    return vocab().level_kinds.get(label.strip()) if label else None


@lru_cache(maxsize=65536)
def guess_kind(title: str | None, doc_number: str | None = None) -> StatuteKind:
    """Judge the kind of a statute that is not in the catalogue from its title (and 文号)."""
    if not title:
        return StatuteKind.POLICY_DOCUMENT if doc_number else StatuteKind.UNKNOWN
    text = simple_text(title).replace("(", "（").replace(")", "）")
    for rule in vocab().kind_rules:
        if rule.needs_doc_number and not doc_number:
            continue
        if rule.pattern.search(text):
            return rule.kind
    return StatuteKind.UNKNOWN

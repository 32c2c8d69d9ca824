"""Title matching: from a title as written to a catalogue statute, with how sure the match is.

Tried in order: the exact key (full title, without 中华人民共和国, a 简称 of the catalogue or an alias
from citation_titles.toml), the same after traditional → simplified conversion, for a title found in
running text the longest known title it ends with, and last a fuzzy match (rapidfuzz ratio). A fuzzy
score below `FUZZY_ACCEPT`, or more than `FUZZY_MAX_EDITS` characters away (long policy titles differ
in few characters and mean another document), is never accepted: the best candidate is only named.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from kg.chinese import to_simplified
from kg.citations.normalize import title_key
from kg.citations.vocab import vocab
from kg.model import Statute

FUZZY_ACCEPT = 90.0
FUZZY_MAX_EDITS = 2
FUZZY_NAME = 60.0


@dataclass(frozen=True)
class TitleMatch:
    statute: Statute | None
    confidence: float
    candidate: str | None = None
    reason: str | None = None


class TitleIndex:
    """Statutes by every key they may be cited by; a key claimed by two statutes is ambiguous."""

    def __init__(self, statutes: Sequence[Statute]) -> None:
        self._prefixes = tuple(vocab().national_prefixes)
        self._by_key: dict[str, Statute] = {}
        self._ambiguous: set[str] = set()
        by_title = {s.title: s for s in statutes}
        for s in statutes:
            for name in (s.title, *s.short_titles):
                self._claim(self._key(name), s)
        for alias, title in vocab().aliases.items():
            target = by_title.get(title)
            if target is not None:
                self._claim(self._key(alias), target)
        self._keys = list(self._by_key)
        self._cache: dict[tuple[str, bool], TitleMatch] = {}

    def _key(self, title: str) -> str:
        return title_key(title, self._prefixes)

    def _claim(self, key: str, statute: Statute) -> None:
        if not key:
            return
        other = self._by_key.get(key)
        if other is not None and other.title != statute.title:
            self._ambiguous.add(key)
        else:
            self._by_key[key] = statute

    def match(self, title: str, *, bracketed: bool = True) -> TitleMatch:
        found = self._cache.get((title, bracketed))
        if found is None:
            found = self._cache[(title, bracketed)] = self._match(title, bracketed)
        return found

    def _exact(self, key: str) -> Statute | None:
        return None if key in self._ambiguous else self._by_key.get(key)

    def _match(self, title: str, bracketed: bool) -> TitleMatch:
        key = self._key(title)
        if key in self._ambiguous:
            return TitleMatch(None, 0.0, self._by_key[key].title, "ambiguous_title")
        for candidate_key, reason in ((key, None), (self._key(to_simplified(title)), "traditional_title")):
            statute = self._exact(candidate_key)
            if statute is not None:
                return TitleMatch(statute, 1.0, reason=reason)
        if not bracketed:
            for i in range(1, len(key) - 1):
                statute = self._exact(key[i:])
                if statute is not None:
                    return TitleMatch(statute, 0.9, reason="title_in_running_text")
        return self._fuzzy(key)

    def _fuzzy(self, key: str) -> TitleMatch:
        if not self._keys:
            return TitleMatch(None, 0.0)
        for prefix in self._prefixes:
            head = key[: len(prefix)]
            if len(key) > len(prefix) and Levenshtein.distance(head, prefix) <= 1:
                key = key[len(prefix):]
                break
        best = process.extractOne(key, self._keys, scorer=fuzz.ratio, score_cutoff=FUZZY_NAME)
        if best is None:
            return TitleMatch(None, 0.0)
        statute = self._by_key[best[0]]
        score = float(best[1])
        close = Levenshtein.distance(key, best[0]) <= FUZZY_MAX_EDITS
        if score >= FUZZY_ACCEPT and close and best[0] not in self._ambiguous:
            return TitleMatch(statute, round(score / 100, 2), reason="fuzzy_title")
        return TitleMatch(None, 0.0, statute.title, "title_unknown")

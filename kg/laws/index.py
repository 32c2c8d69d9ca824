"""What an imported law corpus can confirm: which statute versions exist, which article, paragraph
and item exist in a version, and the text of each."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from kg.laws.records import CorpusStatute
from kg.model import Statute, StatuteKind, StatuteVersion


@dataclass
class _Version:
    effective: date | None
    kind: StatuteKind
    level: str | None
    expired: bool
    history: set[date] = field(default_factory=set)
    # article → items per paragraph (index 0 = paragraph 1)
    articles: dict[int, list[int]] = field(default_factory=dict)
    texts: dict[tuple[int, int | None, int | None], str] = field(default_factory=dict)


class CorpusIndex:
    """Built from `CorpusStatute` records (parts of one statute version are merged)."""

    def __init__(self, statutes: Iterable[CorpusStatute]) -> None:
        self._versions: dict[tuple[str, date], _Version] = {}
        for s in statutes:
            self._add(s)

    def _add(self, s: CorpusStatute) -> None:
        key = (s.title, s.version_date)
        v = self._versions.get(key)
        if v is None:
            v = self._versions[key] = _Version(s.effective_date, s.kind, s.level, s.expired)
        v.history.update(s.history)
        for p in s.provisions:
            v.texts[(p.article, p.paragraph, p.item)] = p.text
            if p.paragraph is None:
                v.articles.setdefault(p.article, [])
            elif p.item is None:
                v.articles.setdefault(p.article, []).append(0)
            else:
                v.articles[p.article][p.paragraph - 1] = p.item

    def __len__(self) -> int:
        return len(self._versions)

    def versions(self) -> list[tuple[str, date]]:
        return sorted(self._versions)

    def has_version(self, title: str, version: date) -> bool:
        return (title, version) in self._versions

    def article_count(self, title: str, version: date) -> int | None:
        v = self._versions.get((title, version))
        return len(v.articles) if v else None

    def provision_exists(
        self, title: str, version: date, article: int, paragraph: int | None = None, item: int | None = None
    ) -> bool | None:
        """Whether the provision exists in that version; None when the corpus lacks the version.

        An item cited without a paragraph (第九条第（三）项) exists when some paragraph of the
        article has that many items."""
        v = self._versions.get((title, version))
        if v is None:
            return None
        paras = v.articles.get(article)
        if paras is None:
            return False
        if paragraph is not None and not 1 <= paragraph <= len(paras):
            return False
        if item is None:
            return True
        counts = [paras[paragraph - 1]] if paragraph is not None else paras
        return any(item <= c for c in counts)

    def paragraph_of_item(self, title: str, version: date, article: int, item: int) -> int | None:
        """The paragraph that holds item `item` of an article cited without a paragraph
        (第七十六条第（二）项): the only paragraph with that many items, else None."""
        v = self._versions.get((title, version))
        paras = v.articles.get(article) if v else None
        holders = [n for n, count in enumerate(paras or [], start=1) if item <= count]
        return holders[0] if len(holders) == 1 else None

    def text(
        self, title: str, version: date, article: int, paragraph: int | None = None, item: int | None = None
    ) -> str | None:
        v = self._versions.get((title, version))
        return v.texts.get((article, paragraph, item)) if v else None

    def statutes(self) -> tuple[Statute, ...]:
        """The corpus as catalogue records: one statute per title with every version it names.

        Versions known only from history lines (修正 dates) carry no effective date and no article
        count: they let the resolver call an older citation superseded, never confirm an article."""
        by_title: dict[str, list[tuple[date, _Version]]] = {}
        for (title, version), v in self._versions.items():
            by_title.setdefault(title, []).append((version, v))
        return tuple(_statute(title, entries) for title, entries in sorted(by_title.items()))


def _statute(title: str, entries: list[tuple[date, _Version]]) -> Statute:
    entries.sort(key=lambda e: e[0])
    versions = {d: StatuteVersion(d, v.effective, len(v.articles)) for d, v in entries}
    for _, v in entries:
        for d in v.history:
            versions.setdefault(d, StatuteVersion(d))
    latest = entries[-1][1]
    return Statute(
        title=title,
        kind=latest.kind,
        versions=tuple(versions[d] for d in sorted(versions)),
        level_label=latest.level,
        expired=latest.expired,
        source="corpus",
    )

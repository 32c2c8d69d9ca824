"""What a law corpus file yields: a statute version with its provisions, or an error naming the file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kg.model import Provision, StatuteKind


@dataclass(frozen=True)
class CorpusStatute:
    """One version of one statute as read from a corpus file.

    `provisions` holds article, paragraph and item records (paragraph/item None for the article
    itself); a statute split over several files (民法典 by 编) yields one record per file with the
    same title and version date. `history` lists the dates of the versions its history lines name
    (通过, 修正, 修订), oldest first. `level` is the level label as the source writes it (法律 …).
    """

    title: str
    version_date: date
    kind: StatuteKind
    provisions: tuple[Provision, ...]
    file: str
    effective_date: date | None = None
    level: str | None = None
    expired: bool = False
    history: tuple[date, ...] = ()
    part: str | None = None

    @property
    def article_numbers(self) -> tuple[int, ...]:
        return tuple(p.article for p in self.provisions if p.paragraph is None and p.item is None)


@dataclass(frozen=True)
class CorpusError:
    """A corpus file that could not be read as a statute; `reason` is a Chinese sentence."""

    file: str
    reason: str

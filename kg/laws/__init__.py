"""Law corpus import: LawRefBook Markdown (+ db.sqlite3) and plain-text statutes → versions with
articles, paragraphs and items, and an index of what exists."""

from __future__ import annotations

from pathlib import Path

from kg.laws.corpus import iter_corpus
from kg.laws.index import CorpusIndex
from kg.laws.records import CorpusError, CorpusStatute

__all__ = ["CorpusError", "CorpusIndex", "CorpusStatute", "iter_corpus", "load_corpus"]


def load_corpus(folder: Path) -> tuple[CorpusIndex, list[CorpusStatute], list[CorpusError]]:
    """Read a whole corpus folder: the index, the statute records and the files that were skipped."""
    statutes: list[CorpusStatute] = []
    errors: list[CorpusError] = []
    for record in iter_corpus(folder):
        if isinstance(record, CorpusError):
            errors.append(record)
        else:
            statutes.append(record)
    return CorpusIndex(statutes), statutes, errors

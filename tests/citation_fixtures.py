"""Fixtures of the citation tests: the test catalogue and the shared law corpus (skips without it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.citations import CorpusIndex, Resolver
from kg.laws import CorpusStatute, load_corpus
from kg.statutes import load_statutes

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "tests" / "data" / "citation_catalogue.csv"
CORPUS = ROOT / ".." / "shared" / "reference" / "lawrefbook"
NO_CORPUS = "需要 ../shared/reference/lawrefbook（共享法律法规全文库），当前不存在"

_corpus: tuple[CorpusIndex, list[CorpusStatute]] | None = None


def corpus() -> tuple[CorpusIndex, list[CorpusStatute]]:
    global _corpus
    if not CORPUS.is_dir():
        pytest.skip(NO_CORPUS)
    if _corpus is None:
        index, statutes, _ = load_corpus(CORPUS)
        _corpus = (index, statutes)
    return _corpus


@pytest.fixture(scope="session")
def catalogue_resolver() -> Resolver:
    return Resolver(load_statutes(CATALOGUE))


@pytest.fixture(scope="session")
def corpus_resolver() -> Resolver:
    return Resolver(load_statutes(CATALOGUE), corpus()[0])

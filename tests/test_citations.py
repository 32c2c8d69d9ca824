"""The labelled table tests/data/citation_cases.csv: text + reference date → expected citations.

Each expected citation lists the contract fields it cares about (those of `qingdan cite`); a case
marked corpus=yes is resolved with the shared law corpus loaded and skips without it.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from citation_fixtures import catalogue_resolver, corpus_resolver  # noqa: F401

from kg.citations import Resolver
from kg.commands.cite import citation_record

CASES = Path(__file__).parent / "data" / "citation_cases.csv"


def _cases() -> list[Any]:
    with CASES.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    marks = {"yes": [pytest.mark.corpus]}
    return [
        pytest.param(r["text"], r["date"], r["corpus"] == "yes", json.loads(r["expected"]),
                     id=f"{n:03d}-{r['text'][:24]}", marks=marks.get(r["corpus"], []))
        for n, r in enumerate(rows, start=2)
    ]


@pytest.mark.parametrize(("text", "on", "with_corpus", "expected"), _cases())
def test_citation_case(
    text: str, on: str, with_corpus: bool, expected: list[dict[str, Any]], request: pytest.FixtureRequest
) -> None:
    resolver: Resolver = request.getfixturevalue("corpus_resolver" if with_corpus else "catalogue_resolver")
    got = [citation_record(c) for c in resolver.resolve(text, date.fromisoformat(on))]
    assert [{k: g.get(k) for k in e} for g, e in zip(got, expected, strict=False)] == expected, got
    assert len(got) == len(expected), got

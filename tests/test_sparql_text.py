"""kg.sparql_text over the cases of tests/data/sparql_text_cases.toml: SERVICE, UPDATE and the query's
own dataset found by tokens, not by words inside strings, IRIs, variables or prefixed names; and the
size (depth, terms) the endpoint limits."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from kg.sparql_text import Dataset, is_update, query_dataset, query_size, uses_service
from kg.vocab import PREFIXES

CASES = tomllib.loads((Path(__file__).parent / "data" / "sparql_text_cases.toml").read_text(encoding="utf-8"))["case"]


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:60] for c in CASES])
def test_sparql_text(case: dict[str, Any]) -> None:
    text = case["text"]
    assert uses_service(text) is case.get("service", False)
    assert is_update(text) is case.get("update", False)
    expected = (Dataset(tuple(case.get("default", [])), tuple(case.get("named", [])))
                if "default" in case or "named" in case else None)
    assert query_dataset(text, PREFIXES) == expected
    if "depth" in case:
        size = query_size(text)
        assert (size.depth, size.terms) == (case["depth"], case["terms"])

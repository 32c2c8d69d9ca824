"""Region registry: counts of the shipped file and table-driven lookups."""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from kg.model import Level
from kg.regions import RegionIndex, load_regions

ROOT = Path(__file__).resolve().parents[1]
CASES = tomllib.loads((ROOT / "tests" / "data" / "import_cases_regions.toml").read_text(encoding="utf-8"))
REFERENCE = ROOT / ".." / "shared" / "reference" / "regions" / "ningxia.csv"


@pytest.fixture(scope="module")
def index() -> RegionIndex:
    return RegionIndex(load_regions(ROOT / "data" / "regions" / "ningxia.csv"))


def _ids(cases: list[dict[str, Any]], key: str) -> list[str]:
    return [f"{c[key]}→{c['code'] or '∅'}" for c in cases]


def test_shipped_counts(index: RegionIndex) -> None:
    counts = Counter((r.level, r.kind) for r in index.regions)
    assert counts[(Level.PROVINCE, None)] == 1
    assert counts[(Level.CITY, None)] == 5
    assert counts[(Level.COUNTY, None)] == 22
    assert (counts[(Level.TOWNSHIP, "街道")], counts[(Level.TOWNSHIP, "镇")], counts[(Level.TOWNSHIP, "乡")]) == (
        50,
        103,
        90,
    )
    assert counts[(Level.TOWNSHIP, "其他")] == 16


def test_every_parent_exists(index: RegionIndex) -> None:
    assert all(index.by_code(r.parent_code) for r in index.regions if r.parent_code)


@pytest.mark.corpus
def test_matches_reference(index: RegionIndex) -> None:
    if not REFERENCE.exists():
        pytest.skip("缺少共享参考数据 ../shared/reference/regions/ningxia.csv")
    reference = {(r.code, r.name, r.level, r.parent_code) for r in load_regions(REFERENCE)}
    assert {(r.code, r.name, r.level, r.parent_code) for r in index.regions} == reference


@pytest.mark.parametrize("case", CASES["county"], ids=_ids(CASES["county"], "name"))
def test_county(index: RegionIndex, case: dict[str, str]) -> None:
    found = index.county(case["name"])
    assert (found.code if found else "") == case["code"]


@pytest.mark.parametrize("case", CASES["township"], ids=_ids(CASES["township"], "name"))
def test_township_within_county(index: RegionIndex, case: dict[str, str]) -> None:
    found = index.township(case["name"], case["county"])
    assert (found.code if found else "") == case["code"]


@pytest.mark.parametrize("case", CASES["find"], ids=_ids(CASES["find"], "text"))
def test_find_township(index: RegionIndex, case: dict[str, str]) -> None:
    found = index.find_township(case["text"])
    assert (found.code if found else "") == case["code"]


@pytest.mark.parametrize("case", CASES["find_within"], ids=_ids(CASES["find_within"], "text"))
def test_find_township_within(index: RegionIndex, case: dict[str, str]) -> None:
    found = index.find_township(case["text"], index.by_code(case["county"]))
    assert (found.code if found else "") == case["code"]


def test_ambiguous_candidates_are_reported(index: RegionIndex) -> None:
    names = {r.parent_code for r in index.township_candidates("城关镇")}
    assert names == {"640221", "640423"}

"""Organisations of 平罗县: the shipped file's shape and table-driven name lookups."""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from kg.organizations import OrganizationFileError, OrganizationIndex, load_organizations, read_organizations
from kg.regions import RegionIndex, load_regions

ROOT = Path(__file__).resolve().parents[1]
DIRECTORY = ROOT / "data" / "organizations"
CASES = tomllib.loads((ROOT / "tests" / "data" / "organization_cases.toml").read_text(encoding="utf-8"))
SAMPLE_TOWNSHIPS = ("640221100", "640221104", "640221204")


@pytest.fixture(scope="module")
def index() -> OrganizationIndex:
    return OrganizationIndex(load_organizations(DIRECTORY))


def test_scopes_are_real_regions(index: OrganizationIndex) -> None:
    regions = RegionIndex(load_regions(ROOT / "data" / "regions" / "ningxia.csv"))
    for org in index.organizations:
        region = regions.by_code(org.township_code or org.county_code or "")
        assert region is not None, org.name
        assert region.parent_code == "640221" if org.is_office else region.code == "640221"


def test_offices_per_township(index: OrganizationIndex) -> None:
    counts = Counter(o.township_code for o in index.organizations if o.is_office)
    assert set(counts) == set(SAMPLE_TOWNSHIPS)
    assert all(n <= 10 for n in counts.values())


def test_departments_are_unique(index: OrganizationIndex) -> None:
    names = [o.name for o in index.departments("640221")]
    assert len(names) == len(set(names)) >= 20


def _id(case: dict[str, Any]) -> str:
    return f"{case['text']}→{case['expected'] or '∅'}"


@pytest.mark.parametrize("case", CASES["department"], ids=_id)
def test_find_department(index: OrganizationIndex, case: dict[str, str]) -> None:
    found = index.find_department(case["county"], case["text"])
    assert (found.name if found else "") == case["expected"]


@pytest.mark.parametrize("case", CASES["office"], ids=_id)
def test_find_office(index: OrganizationIndex, case: dict[str, str]) -> None:
    found = index.find_office(case["township"], case["text"])
    assert (found.name if found else "") == case["expected"]


@pytest.mark.parametrize("case", CASES["bad_file"], ids=lambda c: c["message"])
def test_bad_file(tmp_path: Path, case: dict[str, str]) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(case["content"], encoding="utf-8")
    with pytest.raises(OrganizationFileError, match=case["message"]):
        OrganizationIndex(read_organizations(path))

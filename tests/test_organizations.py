"""County registries of all 22 Ningxia counties: shape, coverage, roles and table-driven lookups."""

from __future__ import annotations

import csv
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
REGIONS = RegionIndex(load_regions(ROOT / "data" / "regions" / "ningxia.csv"))
COUNTIES = {r.code for r in REGIONS.regions if r.level.value == "county"}
TOWNSHIPS = {r.code: r for r in REGIONS.regions if r.level.value == "township" and r.kind != "其他"}
with (DIRECTORY / "roles.csv").open(encoding="utf-8", newline="") as _f:
    ROLES = {row["role"] for row in csv.DictReader(_f)}


@pytest.fixture(scope="module")
def index() -> OrganizationIndex:
    return OrganizationIndex(load_organizations(DIRECTORY))


def test_scopes_are_real_regions(index: OrganizationIndex) -> None:
    for org in index.organizations:
        region = REGIONS.by_code(org.township_code or org.county_code or "")
        assert region is not None, org.name
        if org.is_office:
            assert region.code in TOWNSHIPS, org.name
        else:
            assert region.code in COUNTIES, org.name


def test_every_county_has_a_file() -> None:
    assert {p.stem for p in DIRECTORY.glob("*.csv") if p.stem.isdigit()} == COUNTIES


def test_every_township_has_offices(index: OrganizationIndex) -> None:
    counts = Counter(o.township_code for o in index.organizations if o.is_office)
    assert set(counts) == set(TOWNSHIPS)
    assert len(counts) == 243
    assert all(3 <= n <= 10 for n in counts.values()), {k: v for k, v in counts.items() if not 3 <= v <= 10}


def test_rural_and_urban_sets_differ(index: OrganizationIndex) -> None:
    sets = {kind: {frozenset(o.name for o in index.offices(c)) for c, r in TOWNSHIPS.items() if r.kind == kind}
            for kind in ("乡", "镇", "街道")}
    assert not (sets["街道"] & (sets["乡"] | sets["镇"]))


def test_departments_are_unique_and_have_roles(index: OrganizationIndex) -> None:
    for county in COUNTIES:
        departments = index.departments(county)
        names = [o.name for o in departments]
        assert len(names) == len(set(names)) >= 20, county
        assert all(o.role in ROLES for o in departments), county


def test_roles_file_shape() -> None:
    with (DIRECTORY / "roles.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["role", "label", "default_name", "aliases"]
    assert len({r["role"] for r in rows}) == len(rows) >= 30
    assert all(r["role"].isidentifier() and r["role"].islower() and r["default_name"] for r in rows)


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


@pytest.mark.parametrize("case", CASES["role"], ids=lambda c: f"{c['county']}:{c['role']}→{c['expected'] or '∅'}")
def test_department_by_role(index: OrganizationIndex, case: dict[str, str]) -> None:
    found = index.department_by_role(case["county"], case["role"])
    assert (found.name if found else "") == case["expected"]
    assert found is None or found.role == case["role"]


@pytest.mark.parametrize("case", CASES["bad_file"], ids=lambda c: c["message"])
def test_bad_file(tmp_path: Path, case: dict[str, str]) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(case["content"], encoding="utf-8")
    with pytest.raises(OrganizationFileError, match=case["message"]):
        OrganizationIndex(read_organizations(path))

"""What the demonstration generator reads: regions, the reference catalogue with its negative-list
patterns (through kg.reference, as the build reads them), county departments by role, township
offices and the statute catalogue — all from `data/`.

Formats are those fixed for the demonstration dataset (GitHub issue 4): `catalogue/` as kg.reference
describes it, `organizations/roles.csv` and `organizations/<county>.csv`
(`scope_code,kind,name,aliases,role`). A county file without the `role` column still works: a
department then takes the role whose label (应急管理局 …) ends its name.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kg.model import Region, Statute
from kg.reference import (
    CatalogueItem,
    NegativePattern,
    ReferenceCatalogue,
    ReferenceCatalogueError,
    load_reference_catalogue,
)
from kg.regions import RegionIndex, load_regions, name_key
from kg.statutes import load_statutes


@cache
def cached_key(text: str) -> str:
    """`kg.regions.name_key`, cached: the generator compares the same few thousand names many times."""
    return name_key(text)


class GenerationError(ValueError):
    """Input the generator cannot work from; the message (Chinese) says what to fix."""


@dataclass(frozen=True)
class Department:
    name: str
    aliases: tuple[str, ...]
    role: str


@dataclass(frozen=True)
class Role:
    role: str
    label: str
    default_name: str


@dataclass(frozen=True)
class DemoInputs:
    regions: RegionIndex
    reference: ReferenceCatalogue
    roles: dict[str, Role]
    departments: dict[str, tuple[Department, ...]]
    offices: dict[str, tuple[str, ...]]
    statutes: tuple[Statute, ...]
    positions: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    _department_keys: dict[str, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.positions.update({e.code: i for i, e in enumerate(self.catalogue)})
        self._department_keys.update(
            {
                county: frozenset(name_key(n) for d in depts for n in (d.name, *d.aliases))
                for county, depts in self.departments.items()
            }
        )

    @property
    def catalogue(self) -> tuple[CatalogueItem, ...]:
        return self.reference.items

    @property
    def negatives(self) -> tuple[NegativePattern, ...]:
        return self.reference.negative_patterns

    def entry(self, code: str) -> CatalogueItem | None:
        return self.reference.item(code) if code else None

    def department(self, county_code: str, role: str) -> Department | None:
        """The county's department for a role key (first listed when several)."""
        return next((d for d in self.departments.get(county_code, ()) if d.role == role), None)

    def knows_department(self, county_code: str, text: str) -> bool:
        return cached_key(text) in self._department_keys.get(county_code, frozenset())

    def townships(self, county_code: str) -> tuple[Region, ...]:
        """Township-level units of a county that publish lists (乡, 镇, 街道), by code."""
        return tuple(
            sorted(
                (r for r in self.regions.regions if r.parent_code == county_code and r.kind in ("乡", "镇", "街道")),
                key=lambda r: r.code,
            )
        )


def _rows(path: Path) -> Iterator[dict[str, str]]:
    if not path.is_file():
        raise GenerationError(f"找不到演示数据生成器需要的文件“{path}”，请先准备该文件。")
    with path.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            yield {k: (v or "").strip() for k, v in row.items() if k}


def _split(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.split("|") if p.strip())


def load_roles(path: Path) -> dict[str, Role]:
    return {r["role"]: Role(r["role"], r["label"], r.get("default_name", "")) for r in _rows(path)}


def _role_by_label(name: str, roles: dict[str, Role]) -> str:
    """The role whose label ends the department's name (longest label first); "" when none."""
    for role in sorted(roles.values(), key=lambda r: len(r.label), reverse=True):
        if role.label and name.endswith(role.label):
            return role.role
    return ""


def load_organizations(
    directory: Path, roles: dict[str, Role]
) -> tuple[dict[str, tuple[Department, ...]], dict[str, tuple[str, ...]]]:
    departments: dict[str, list[Department]] = {}
    offices: dict[str, list[str]] = {}
    for path in sorted(directory.glob("[0-9]*.csv")):
        for row in _rows(path):
            if row.get("kind") == "office":
                offices.setdefault(row["scope_code"], []).append(row["name"])
            elif row.get("kind") == "department":
                role = row.get("role") or _role_by_label(row["name"], roles)
                dept = Department(row["name"], _split(row.get("aliases", "")), role)
                departments.setdefault(row["scope_code"], []).append(dept)
    return {k: tuple(v) for k, v in departments.items()}, {k: tuple(v) for k, v in offices.items()}


def load_inputs(data_dir: Path) -> DemoInputs:
    roles = load_roles(data_dir / "organizations" / "roles.csv")
    departments, offices = load_organizations(data_dir / "organizations", roles)
    return DemoInputs(
        regions=RegionIndex(load_regions(data_dir / "regions" / "ningxia.csv")),
        reference=_reference(data_dir / "catalogue"),
        roles=roles,
        departments=departments,
        offices=offices,
        statutes=load_statutes(data_dir / "statutes" / "catalogue.csv"),
    )


def _reference(folder: Path) -> ReferenceCatalogue:
    """The catalogue as the build reads it; its errors become GenerationError, which `qingdan demo` reports."""
    try:
        return load_reference_catalogue(folder)
    except ReferenceCatalogueError as exc:
        raise GenerationError(str(exc)) from exc

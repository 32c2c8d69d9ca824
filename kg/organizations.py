"""County departments and township offices: loading `data/organizations/*.csv` and name lookups.

Each file holds one county: `scope_code,kind,name,aliases,role`, where `kind` is `department` (scope_code =
the county's code) or `office` (scope_code = the township's code), aliases are `|`-separated and `role`
is a department's kind (a key of `roles.csv`, empty for offices). Files without the `role` column
(`scope_code,kind,name,aliases`) are still read.
Lookups compare names after width folding, traditional → simplified and without whitespace
(`kg.regions.name_key`) and accept only the name or a listed alias: an organisation the lists name
differently is reported as unknown rather than guessed.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from kg.model import Organization
from kg.regions import name_key

COLUMNS = ("scope_code", "kind", "name", "aliases", "role")
LEGACY_COLUMNS = COLUMNS[:4]
DEPARTMENT = "department"
OFFICE = "office"


class OrganizationFileError(ValueError):
    """A row of an organisations file that cannot be read; the message is for users (Chinese)."""


def _organization(row: dict[str, str], where: str) -> Organization:
    scope, kind, name = (row.get(c, "").strip() for c in ("scope_code", "kind", "name"))
    aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
    if not scope or not name:
        raise OrganizationFileError(f"{where}：缺少 scope_code 或 name，请补全。")
    if kind == DEPARTMENT:
        return Organization(name=name, aliases=aliases, county_code=scope, role=(row.get("role") or "").strip() or None)
    if kind == OFFICE:
        return Organization(name=name, aliases=aliases, township_code=scope)
    raise OrganizationFileError(f"{where}：kind 应为 department 或 office，实为“{kind}”。")


def read_organizations(path: Path) -> tuple[Organization, ...]:
    """Read one `scope_code,kind,name,aliases,role` CSV (UTF-8, optional BOM; `role` may be absent)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        if tuple(reader.fieldnames or ()) not in (COLUMNS, LEGACY_COLUMNS):
            raise OrganizationFileError(f"{path.name}：表头应为 {','.join(COLUMNS)}。")
        return tuple(_organization(row, f"{path.name} 第{i}行") for i, row in enumerate(reader, start=2))


def load_organizations(directory: Path) -> tuple[Organization, ...]:
    """All organisations of every county file (`<county_code>.csv`) in `directory`, in file-name order.

    Other CSVs there (`roles.csv`, the naming tables) are not organisation files.
    """
    paths = sorted(p for p in directory.glob("*.csv") if p.stem.isdigit())
    return tuple(org for path in paths for org in read_organizations(path))


def _scope(org: Organization) -> str:
    return org.township_code or org.county_code or ""


class OrganizationIndex:
    """Exact lookups by name or alias within one county (departments) or one township (offices)."""

    def __init__(self, organizations: Iterable[Organization]) -> None:
        self.organizations: tuple[Organization, ...] = tuple(organizations)
        self._departments: dict[tuple[str, str], Organization] = {}
        self._offices: dict[tuple[str, str], Organization] = {}
        self._roles: dict[tuple[str, str], Organization] = {}
        for org in self.organizations:
            if org.role and org.county_code:
                if (org.county_code, org.role) in self._roles:
                    raise OrganizationFileError(
                        f"{org.county_code} 内有多个部门的 role 为“{org.role}”，每类部门只能有一个。"
                    )
                self._roles[(org.county_code, org.role)] = org
            table = self._offices if org.is_office else self._departments
            for label in (org.name, *org.aliases):
                key = (_scope(org), name_key(label))
                if key in table and table[key] != org:
                    raise OrganizationFileError(f"名称“{label}”在 {key[0]} 内指向多个机构，请删去重复的别名。")
                table[key] = org

    def find_department(self, county_code: str, text: str) -> Organization | None:
        """The county department named exactly (or by a listed alias) by `text`."""
        return self._departments.get((county_code, name_key(text)))

    def department_by_role(self, county_code: str, role: str) -> Organization | None:
        """The county's department of a kind (a key of roles.csv), or None where the county has none."""
        return self._roles.get((county_code, role))

    def find_office(self, township_code: str, text: str) -> Organization | None:
        """The township office named exactly (or by a listed alias) by `text`."""
        return self._offices.get((township_code, name_key(text)))

    def departments(self, county_code: str) -> tuple[Organization, ...]:
        return tuple(o for o in self.organizations if o.county_code == county_code)

    def offices(self, township_code: str) -> tuple[Organization, ...]:
        return tuple(o for o in self.organizations if o.township_code == township_code)

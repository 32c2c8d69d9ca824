"""County departments and township offices: loading `data/organizations/*.csv` and name lookups.

Each file holds one county: `scope_code,kind,name,aliases`, where `kind` is `department` (scope_code =
the county's code) or `office` (scope_code = the township's code) and aliases are `|`-separated.
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

COLUMNS = ("scope_code", "kind", "name", "aliases")
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
        return Organization(name=name, aliases=aliases, county_code=scope)
    if kind == OFFICE:
        return Organization(name=name, aliases=aliases, township_code=scope)
    raise OrganizationFileError(f"{where}：kind 应为 department 或 office，实为“{kind}”。")


def read_organizations(path: Path) -> tuple[Organization, ...]:
    """Read one `scope_code,kind,name,aliases` CSV (UTF-8, optional BOM)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise OrganizationFileError(f"{path.name}：表头应为 {','.join(COLUMNS)}。")
        return tuple(_organization(row, f"{path.name} 第{i}行") for i, row in enumerate(reader, start=2))


def load_organizations(directory: Path) -> tuple[Organization, ...]:
    """All organisations of every `*.csv` in `directory`, in file-name order."""
    return tuple(org for path in sorted(directory.glob("*.csv")) for org in read_organizations(path))


def _scope(org: Organization) -> str:
    return org.township_code or org.county_code or ""


class OrganizationIndex:
    """Exact lookups by name or alias within one county (departments) or one township (offices)."""

    def __init__(self, organizations: Iterable[Organization]) -> None:
        self.organizations: tuple[Organization, ...] = tuple(organizations)
        self._departments: dict[tuple[str, str], Organization] = {}
        self._offices: dict[tuple[str, str], Organization] = {}
        for org in self.organizations:
            table = self._offices if org.is_office else self._departments
            for label in (org.name, *org.aliases):
                key = (_scope(org), name_key(label))
                if key in table and table[key] != org:
                    raise OrganizationFileError(f"名称“{label}”在 {key[0]} 内指向多个机构，请删去重复的别名。")
                table[key] = org

    def find_department(self, county_code: str, text: str) -> Organization | None:
        """The county department named exactly (or by a listed alias) by `text`."""
        return self._departments.get((county_code, name_key(text)))

    def find_office(self, township_code: str, text: str) -> Organization | None:
        """The township office named exactly (or by a listed alias) by `text`."""
        return self._offices.get((township_code, name_key(text)))

    def departments(self, county_code: str) -> tuple[Organization, ...]:
        return tuple(o for o in self.organizations if o.county_code == county_code)

    def offices(self, township_code: str) -> tuple[Organization, ...]:
        return tuple(o for o in self.organizations if o.township_code == township_code)

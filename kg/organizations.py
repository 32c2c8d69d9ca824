"""County departments and township offices: loading `data/organizations/*.csv` and name lookups.

Each file holds one county: `scope_code,kind,name,aliases,role`, where `kind` is `department` (scope_code =
the county's code) or `office` (scope_code = the township's code), aliases are `|`-separated and `role`
is a department's kind (a key of `roles.csv`, empty for offices). Files without the `role` column
(`scope_code,kind,name,aliases`) are still read.
Lookups compare names after width folding, traditional → simplified and without whitespace
(`kg.regions.name_key`) and accept only the name or a listed alias: an organisation the lists name
differently is reported as unknown rather than guessed. A cell that is not one name may list several
(县林草局、县应急局): `resolve_names` looks each part up (`split_names`, separators in
kg/resources/organization_names.toml).
"""

from __future__ import annotations

import csv
import tomllib
from collections.abc import Callable, Iterable
from functools import cache
from importlib.resources import files
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


@cache
def _name_marks() -> tuple[frozenset[str], dict[str, str]]:
    """Separators, and closing bracket by opening bracket (kg/resources/organization_names.toml)."""
    text = files("kg.resources").joinpath("organization_names.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return frozenset(data["separators"]), {pair[0]: pair[1] for pair in data["brackets"]}


def name_separator_class() -> str:
    """The separators as a regular-expression class, for a query that looks for cells of several names."""
    separators, _ = _name_marks()
    return "[" + "".join(sorted("\\" + s if s in "]\\^-" else s for s in separators)) + "]"


def split_names(text: str) -> tuple[str, ...]:
    """The names a cell lists, in order: `text` split at the separators outside brackets, each part
    stripped, empty parts dropped (县林草局、县应急局 → 县林草局, 县应急局)."""
    separators, brackets = _name_marks()
    parts: list[str] = []
    current: list[str] = []
    closing: list[str] = []
    for char in text:
        if char in brackets:
            closing.append(brackets[char])
        elif closing and char == closing[-1]:
            closing.pop()
        elif not closing and char in separators:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return tuple(p.strip() for p in parts if p.strip())


Resolved = tuple[tuple[str, Organization | None], ...]
"""The names of a cell as written, each with the organisation it names (None: unknown)."""


def resolve_names(text: str, find: Callable[[str], Organization | None]) -> Resolved:
    """What a cell names: the whole text when it is a name or alias (one organisation), else each
    part of `split_names` looked up on its own. A cell of one unknown name is one unknown part."""
    whole = find(text)
    if whole is not None:
        return ((text.strip(), whole),)
    return tuple((part, find(part)) for part in split_names(text)) or ((text.strip(), None),)

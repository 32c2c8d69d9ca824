"""The generator's plain data: one `Row` per list item and one `TownshipPlan` per township."""

from __future__ import annotations

from dataclasses import dataclass

from kg.demo.profiles import CountyHabit
from kg.model import ListKind, Region


@dataclass(frozen=True)
class Row:
    """One item as it will be printed. `code` is its reference catalogue code ("" for an individual
    item); `injected` the citation defect written into its basis ("" when the basis is clean)."""

    kind: ListKind
    code: str
    name: str
    category: str
    section: str = ""
    tasks: str = ""
    basis: str = ""
    office: str = ""
    lead_department: str = ""
    department_duties: str = ""
    township_duties: str = ""
    guarantee: str = ""
    receiving_department: str = ""
    note: str = ""
    injected: str = ""
    order: int = 0


@dataclass(frozen=True)
class TownshipPlan:
    """Everything written for one township. `dropped` holds the mandatory catalogue codes removed by
    the missing_mandatory defect."""

    township: Region
    county: Region
    city: Region
    habit: CountyHabit
    rows: tuple[Row, ...]
    dropped: tuple[str, ...] = ()

    def rows_of(self, kind: ListKind) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.kind is kind)

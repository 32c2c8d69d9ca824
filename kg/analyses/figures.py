"""Counts and shares per township, county and region: list sizes against the regional averages,
category mix, department burden and mandatory coverage. Pure functions over `AnalysisData`."""

from __future__ import annotations

import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from kg.analyses.data import AnalysisData, Item, Township
from kg.model import ListKind

INDIVIDUAL_SECTION = "个性事项"
"""The category-mix section of items matched to no catalogue entry."""
SECTION_ORDER = (
    "党的建设", "经济发展", "民生服务", "平安法治", "保民生", "保安全", "保底线", "收回", INDIVIDUAL_SECTION,
)
NO_DEPARTMENT = "（未写明主责部门）"


@dataclass(frozen=True)
class Reference:
    """Published regional figures (kg/resources/analysis_reference.toml) and the analysis settings."""

    label: str
    basic: float
    cooperative: float
    returned: float
    share: float
    nation_share: float
    common_share: float
    neighbours: int
    resolution: float
    seed: int


@cache
def reference() -> Reference:
    raw = tomllib.loads(files("kg.resources").joinpath("analysis_reference.toml").read_text(encoding="utf-8"))
    region, analysis = raw["region"], raw["analysis"]
    return Reference(
        label=str(region["label"]),
        basic=float(region["basic"]),
        cooperative=float(region["cooperative"]),
        returned=float(region["returned"]),
        share=float(region["share"]),
        nation_share=float(raw["nation"]["share"]),
        common_share=float(analysis["common_share"]),
        neighbours=int(analysis["neighbours"]),
        resolution=float(analysis["resolution"]),
        seed=int(analysis["seed"]),
    )


@dataclass(frozen=True)
class TownshipCounts:
    code: str
    name: str
    kind: str
    county_code: str
    county: str
    basic: int
    cooperative: int
    returned: int
    total: int
    share: float
    """Cooperative plus returned items over all items."""


@dataclass(frozen=True)
class Averages:
    """Average items per township of a scope (a county, a city or the region), and the share of
    cooperative plus returned items among all its items."""

    code: str
    name: str
    townships: int
    basic: float
    cooperative: float
    returned: float
    share: float


def township_counts(data: AnalysisData, county: str | None = None, township: str | None = None) -> list[TownshipCounts]:
    """Items per list of each loaded township (of one county, or one township), by code."""
    return [_counts(t, data.items_by_township[t.code]) for t in data.loaded_in(county, township)]


def _counts(t: Township, items: Iterable[Item]) -> TownshipCounts:
    n = Counter(i.kind for i in items)
    total = sum(n.values())
    pushed = n[ListKind.COOPERATIVE] + n[ListKind.RETURNED]
    return TownshipCounts(
        t.code, t.name, t.kind, t.county_code, t.county_name,
        n[ListKind.BASIC], n[ListKind.COOPERATIVE], n[ListKind.RETURNED], total, _share(pushed, total),
    )


def _averages(code: str, name: str, rows: list[TownshipCounts]) -> Averages:
    k = len(rows) or 1
    basic, coop, ret = (sum(getattr(r, f) for r in rows) for f in ("basic", "cooperative", "returned"))
    return Averages(code, name, len(rows), round(basic / k, 1), round(coop / k, 1), round(ret / k, 1),
                    _share(coop + ret, basic + coop + ret))


def county_averages(data: AnalysisData, county: str | None = None) -> list[Averages]:
    """Per county (or the one county): average basic, cooperative and returned items per township."""
    by_county: dict[tuple[str, str], list[TownshipCounts]] = defaultdict(list)
    for row in township_counts(data, county):
        by_county[(row.county_code, row.county)].append(row)
    return [_averages(code, name, rows) for (code, name), rows in sorted(by_county.items())]


def region_averages(data: AnalysisData) -> Averages:
    """The same figures over every loaded township (compare with `reference()`)."""
    return _averages("640000", "全区（图谱中已导入的乡镇）", township_counts(data))


@dataclass(frozen=True)
class SectionShare:
    township_code: str
    township: str
    county_code: str
    section: str
    items: int
    share: float


def section_of(data: AnalysisData, item: Item) -> str:
    entry = data.catalogue.get(item.code or "")
    return entry.section if entry is not None and entry.section else INDIVIDUAL_SECTION


def category_mix(
    data: AnalysisData, county: str | None = None, township: str | None = None, kind: ListKind | None = None
) -> list[SectionShare]:
    """How each township's items spread over the catalogue's sections (党的建设 … 收回, and 个性事项
    for items matched to no catalogue entry); one row per township and section it has."""
    rows = []
    for t in data.loaded_in(county, township):
        items = [i for i in data.items_by_township[t.code] if kind is None or i.kind is kind]
        n = Counter(section_of(data, i) for i in items)
        order = {s: k for k, s in enumerate(SECTION_ORDER)}
        for section, count in sorted(n.items(), key=lambda kv: order.get(kv[0], 99)):
            rows.append(SectionShare(t.code, t.name, t.county_code, section, count, _share(count, len(items))))
    return rows


@dataclass(frozen=True)
class DepartmentBurden:
    county_code: str
    county: str
    department: str
    items: int
    townships: int
    without_guarantee: int
    share_without: float


def department_burden(data: AnalysisData, county: str | None = None) -> list[DepartmentBurden]:
    """Cooperative items each county department leads across its county's townships, and how many of
    them state no 履职保障 (as the `no_guarantee` check finds); heaviest first. An item led by several
    departments counts for each of them."""
    groups: dict[tuple[str, str], list[Item]] = defaultdict(list)
    for t in data.loaded_in(county):
        for item in data.items_by_township[t.code]:
            if item.kind is ListKind.COOPERATIVE:
                for lead in item.leads or (NO_DEPARTMENT,):
                    groups[(t.county_code, lead)].append(item)
    rows = []
    for (code, department), items in groups.items():
        lacking = sum(1 for i in items if i.no_guarantee)
        county_name = data.township_by_code[items[0].township_code].county_name
        rows.append(DepartmentBurden(code, county_name, department, len(items),
                                     len({i.township_code for i in items}), lacking, _share(lacking, len(items))))
    return sorted(rows, key=lambda r: (-r.items, r.county_code, r.department))


@dataclass(frozen=True)
class MandatoryCoverage:
    township_code: str
    township: str
    county_code: str
    county: str
    listed: int
    total: int
    share: float
    missing: tuple[str, ...]
    """Names of the mandatory items the township lists neither as basic nor as cooperative."""


def mandatory_coverage(
    data: AnalysisData, county: str | None = None, township: str | None = None
) -> list[MandatoryCoverage]:
    """Of the catalogue's mandatory (兜底) items, how many each township lists as basic or
    cooperative (the rule of the `missing_mandatory` check); least covered first."""
    mandatory = [e for e in data.catalogue.values() if e.mandatory]
    rows = []
    for t in data.loaded_in(county, township):
        own = {i.code for i in data.items_by_township[t.code] if i.kind is not ListKind.RETURNED}
        missing = tuple(e.name for e in mandatory if e.code not in own)
        listed = len(mandatory) - len(missing)
        rows.append(MandatoryCoverage(t.code, t.name, t.county_code, t.county_name, listed, len(mandatory),
                                      _share(listed, len(mandatory)), missing))
    return sorted(rows, key=lambda r: (r.share, r.township_code))


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0

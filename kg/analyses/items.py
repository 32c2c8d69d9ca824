"""Items across townships: the township × item matrix, common (共性) and individual (个性) items,
where one item sits in each township, and two townships side by side. Pure functions over
`AnalysisData`; an item is known by `Item.key` (its catalogue code, or its normalised name)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kg.analyses.data import AnalysisData, Item
from kg.analyses.figures import INDIVIDUAL_SECTION, reference, section_of
from kg.model import ListKind

_ORDER = {k: n for n, k in enumerate(ListKind)}


def kinds_of(items: list[Item]) -> tuple[str, ...]:
    """The distinct list kinds of some items, in the order basic, cooperative, returned."""
    return tuple(k.value for k in sorted({i.kind for i in items}, key=_ORDER.__getitem__))


def _keyed(data: AnalysisData, code: str, kind: ListKind | None = None) -> dict[str, list[Item]]:
    by_key: dict[str, list[Item]] = defaultdict(list)
    for item in data.items_by_township.get(code, ()):
        if kind is None or item.kind is kind:
            by_key[item.key].append(item)
    return by_key


@dataclass(frozen=True)
class MatrixCell:
    """One non-empty cell of the township × item matrix: the lists the township has the item in."""

    township_code: str
    township: str
    county_code: str
    key: str
    name: str
    kinds: tuple[str, ...]


def matrix(
    data: AnalysisData, county: str | None = None, township: str | None = None, kind: ListKind | None = None
) -> list[MatrixCell]:
    """The township × catalogue item matrix in long form (one row per township and item it lists)."""
    cells = []
    for t in data.loaded_in(county, township):
        for key, items in sorted(_keyed(data, t.code, kind).items()):
            cells.append(MatrixCell(t.code, t.name, t.county_code, key, data.label(key), kinds_of(items)))
    return cells


@dataclass(frozen=True)
class ItemSpread:
    """How widely one item is listed in a scope: by how many townships, and in which lists."""

    key: str
    name: str
    section: str
    townships: int
    scope_townships: int
    share: float
    basic: int
    cooperative: int
    returned: int


def item_spread(data: AnalysisData, county: str | None = None, kind: ListKind | None = None) -> list[ItemSpread]:
    """Every item listed in the scope, most widely listed first."""
    scope = data.loaded_in(county)
    listing: dict[str, dict[str, list[Item]]] = defaultdict(dict)
    for t in scope:
        for key, items in _keyed(data, t.code, kind).items():
            listing[key][t.code] = items
    rows = []
    for key, by_township in listing.items():
        per_kind = {k: sum(1 for items in by_township.values() if any(i.kind is k for i in items)) for k in ListKind}
        first = next(iter(by_township.values()))[0]
        rows.append(ItemSpread(
            key, data.label(key), section_of(data, first), len(by_township), len(scope),
            round(len(by_township) / len(scope), 4) if scope else 0.0,
            per_kind[ListKind.BASIC], per_kind[ListKind.COOPERATIVE], per_kind[ListKind.RETURNED],
        ))
    return sorted(rows, key=lambda r: (-r.townships, r.key))


def common_items(
    data: AnalysisData, county: str | None = None, kind: ListKind | None = None, threshold: float | None = None
) -> list[ItemSpread]:
    """Items listed by at least `threshold` (default 90%) of the scope's townships."""
    limit = reference().common_share if threshold is None else threshold
    return [r for r in item_spread(data, county, kind) if r.share >= limit]


@dataclass(frozen=True)
class IndividualItem:
    """An item matched to no catalogue entry, with every township (of the scope) that lists it."""

    key: str
    name: str
    kinds: tuple[str, ...]
    township_codes: tuple[str, ...]
    townships: tuple[str, ...]


def individual_items(
    data: AnalysisData, county: str | None = None, township: str | None = None, kind: ListKind | None = None
) -> list[IndividualItem]:
    """Individual (个性) items of the scope, those listed by fewest townships first."""
    found: dict[str, list[Item]] = defaultdict(list)
    for t in data.loaded_in(county, township):
        for key, items in _keyed(data, t.code, kind).items():
            if items[0].code is None:
                found[key].extend(items)
    rows = []
    for key, items in found.items():
        codes = tuple(sorted({i.township_code for i in items}))
        rows.append(IndividualItem(key, data.label(key), kinds_of(items), codes,
                                   tuple(data.township_by_code[c].name for c in codes)))
    return sorted(rows, key=lambda r: (len(r.township_codes), r.name))


@dataclass(frozen=True)
class Placement:
    """Where one item sits in one township: the lists it is in (empty when the township lacks it)."""

    township_code: str
    township: str
    township_kind: str
    county_code: str
    county: str
    kinds: tuple[str, ...]


def placements(data: AnalysisData, key: str, county: str | None = None) -> list[Placement]:
    """For every loaded township of the scope, the lists item `key` is in."""
    return [
        Placement(t.code, t.name, t.kind, t.county_code, t.county_name, kinds_of(_keyed(data, t.code).get(key, [])))
        for t in data.loaded_in(county)
    ]


@dataclass(frozen=True)
class ComparedItem:
    """One item in a comparison of townships a and b; `status` is shared, different, only_a or only_b."""

    key: str
    name: str
    section: str
    status: str
    kinds_a: tuple[str, ...]
    kinds_b: tuple[str, ...]


COMPARE_ORDER = ("different", "only_a", "only_b", "shared")


def compare(data: AnalysisData, a: str, b: str) -> list[ComparedItem]:
    """Two townships side by side: items both list the same way, items classified differently, and
    items only one of them lists."""
    left, right = _keyed(data, a), _keyed(data, b)
    rows = []
    for key in sorted(set(left) | set(right)):
        ka, kb = kinds_of(left.get(key, [])), kinds_of(right.get(key, []))
        status = "only_b" if not ka else "only_a" if not kb else "shared" if ka == kb else "different"
        first = (left.get(key) or right[key])[0]
        rows.append(ComparedItem(key, data.label(key), section_of(data, first), status, ka, kb))
    order = {s: n for n, s in enumerate(COMPARE_ORDER)}
    return sorted(rows, key=lambda r: (order[r.status], r.section == INDIVIDUAL_SECTION, r.key))

"""Clean lists for the townships of one county, before any defect is injected.

County-wide choices come first (as a county template would fix them): which list each catalogue
item belongs to, its wording, how departments are named and the cooperative cells. Each township
then draws its list sizes from its profile, keeps every mandatory item and samples the rest of its
pools. Randomness comes from `random.Random` seeded with strings built from the seed and the
county or township code, so one county's lists do not depend on which other counties are generated.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from kg.demo.inputs import DemoInputs, Department
from kg.demo.profiles import CountyHabit, office_for, profile_of, profiles
from kg.demo.rows import Row
from kg.demo.wording import variants
from kg.importer.text import load_resource
from kg.model import ListKind, Region
from kg.reference import CatalogueItem

INDIVIDUAL_ORDER = 100_000


@dataclass(frozen=True)
class CountyContext:
    """County-wide decisions every township of the county shares."""

    county: Region
    city: Region
    habit: CountyHabit
    kinds: dict[str, ListKind]
    names: dict[str, str]
    coop_cells: dict[str, tuple[str, str, str]]
    entries: tuple[CatalogueItem, ...]
    seed: int

    def department_text(self, dept: Department) -> str:
        if self.habit.departments == "alias" and dept.aliases:
            return dept.aliases[0]
        return dept.name


def county_rng(seed: int, code: str, purpose: str) -> random.Random:
    return random.Random(f"qingdan-demo:{seed}:{code}:{purpose}")


def county_context(inputs: DemoInputs, county: Region, city: Region, habit: CountyHabit, seed: int) -> CountyContext:
    rng = county_rng(seed, county.code, "county")
    var = profiles().variation
    kinds = _county_kinds(inputs, county.code, rng)
    usable = tuple(e for e in inputs.catalogue if e.code in kinds)
    names: dict[str, str] = {}
    cells: dict[str, tuple[str, str, str]] = {}
    for entry in usable:
        options = variants(entry.name, entry.aliases)
        names[entry.code] = rng.choice(options) if options and rng.random() < var["county_variant"] else entry.name
        cells[entry.code] = _coop_cells(rng, names[entry.code])
    return CountyContext(county, city, habit, kinds, names, cells, usable, seed)


def lead_role(entry: CatalogueItem) -> str:
    """The department role that leads (cooperative) or takes back (returned) an item: the catalogue's,
    else the one [category_roles] names for its category."""
    return entry.department_role or profiles().category_roles.get(entry.category, "")


def _county_kinds(inputs: DemoInputs, county_code: str, rng: random.Random) -> dict[str, ListKind]:
    """The list each catalogue item belongs to in this county; items the county cannot place (no
    department for their role) are left out, except mandatory ones, which stay township duties
    (basic): every township must list them. Then basic items move to cooperative until the county's
    cooperative share reaches `cooperative_share`."""
    kinds: dict[str, ListKind] = {}
    for entry in inputs.catalogue:
        if _placeable(inputs, county_code, entry, entry.default_list):
            kinds[entry.code] = entry.default_list
        elif entry.mandatory and entry.default_list is not ListKind.RETURNED:
            kinds[entry.code] = ListKind.BASIC
    own = [code for code, kind in kinds.items() if kind in (ListKind.BASIC, ListKind.COOPERATIVE)]
    cooperative = sum(1 for code in own if kinds[code] is ListKind.COOPERATIVE)
    wanted = round(profiles().variation["cooperative_share"] * len(own)) - cooperative
    movable = [
        e.code for e in inputs.catalogue if kinds.get(e.code) is ListKind.BASIC and _movable(inputs, county_code, e)
    ]
    for code in rng.sample(movable, max(0, min(wanted, len(movable)))):
        kinds[code] = ListKind.COOPERATIVE
    return kinds


def _placeable(inputs: DemoInputs, county_code: str, entry: CatalogueItem, kind: ListKind) -> bool:
    """A cooperative or returned item needs its department in the county registry."""
    if kind is ListKind.BASIC:
        return True
    role = lead_role(entry)
    return bool(role) and inputs.department(county_code, role) is not None


def _movable(inputs: DemoInputs, county_code: str, entry: CatalogueItem) -> bool:
    return (
        not entry.mandatory
        and not entry.to_be_returned
        and not entry.negative
        and _placeable(inputs, county_code, entry, ListKind.COOPERATIVE)
    )


def _coop_cells(rng: random.Random, name: str) -> tuple[str, str, str]:
    cells = profiles().cells
    guarantees = rng.sample(cells["guarantees"], rng.randint(1, 3))
    return (
        rng.choice(cells["department_duties"]).format(name=name),
        rng.choice(cells["township_duties"]).format(name=name),
        "；".join(guarantees),
    )


def township_rows(inputs: DemoInputs, ctx: CountyContext, township: Region) -> tuple[Row, ...]:
    """The clean rows of one township's three lists, in catalogue order."""
    rng = county_rng(ctx.seed, township.code, "township")
    profile = profile_of(township)
    chosen: list[tuple[int, CatalogueItem, ListKind]] = []
    for kind in ListKind:
        target = profiles().sizes[(profile, kind)].draw(rng)
        forced = [e for e in ctx.entries if ctx.kinds[e.code] is kind and e.mandatory]
        pool = [e for e in ctx.entries if ctx.kinds[e.code] is kind and not e.mandatory and _fits(e, profile)]
        picked = forced + rng.sample(pool, max(0, min(len(pool), target - len(forced))))
        chosen.extend((inputs.positions[e.code], e, kind) for e in picked)
    offices = inputs.offices.get(township.code, ())
    rows = [_row(inputs, ctx, township, offices, order, e, kind, rng) for order, e, kind in sorted(chosen, key=_order)]
    rows.extend(individual_rows(inputs, ctx, township, offices))
    return tuple(rows)


def _fits(entry: CatalogueItem, profile: str) -> bool:
    """An item of profile `both` suits every township; a `rural` or `urban` one only townships of that profile."""
    return entry.profile in ("both", profile)


def _order(chosen: tuple[int, CatalogueItem, ListKind]) -> int:
    return chosen[0]


def _row(
    inputs: DemoInputs,
    ctx: CountyContext,
    township: Region,
    offices: tuple[str, ...],
    order: int,
    entry: CatalogueItem,
    kind: ListKind,
    rng: random.Random,
) -> Row:
    name = ctx.names[entry.code]
    if rng.random() < profiles().variation["township_variant"]:
        name = rng.choice((entry.name, *variants(entry.name, entry.aliases)))
    note = rng.choice(profiles().cells["notes"]) if rng.random() < profiles().variation["note"] else ""
    base = Row(kind, entry.code, name, entry.category, entry.section, entry.tasks, entry.basis, order=order)
    return dress(inputs, ctx, base, kind, offices, note, rng)


def dress(
    inputs: DemoInputs,
    ctx: CountyContext,
    row: Row,
    kind: ListKind,
    offices: tuple[str, ...],
    note: str,
    rng: random.Random,
    role: str | None = None,
) -> Row:
    """`row` filled for list `kind`: office, departments, cooperative cells and note as the county
    writes them. `role` overrides the catalogue entry's department role."""
    entry = inputs.entry(row.code)
    role = role if role is not None else (lead_role(entry) if entry else "")
    dept = inputs.department(ctx.county.code, role) if role else None
    office = office_for(row.section, row.category, offices) if offices else ""
    if kind is ListKind.RETURNED:
        note = note or rng.choice(profiles().cells["returned_notes"])
        return replace(
            row,
            kind=kind,
            office="",
            lead_department="",
            department_duties="",
            township_duties="",
            guarantee="",
            receiving_department=ctx.department_text(dept) if dept else "",
            note=note,
        )
    if kind is ListKind.COOPERATIVE:
        duties, township_duties, guarantee = ctx.coop_cells.get(row.code) or _coop_cells(rng, row.name)
        return replace(
            row,
            kind=kind,
            office=office,
            lead_department=ctx.department_text(dept) if dept else "",
            department_duties=duties,
            township_duties=township_duties,
            guarantee=guarantee,
            receiving_department="",
            note=note,
        )
    return replace(
        row,
        kind=kind,
        office=office,
        lead_department="",
        department_duties="",
        township_duties="",
        guarantee="",
        receiving_department="",
        note=note,
    )


def individual_rows(
    inputs: DemoInputs, ctx: CountyContext, township: Region, offices: tuple[str, ...]
) -> list[Row]:
    """The individual items kg/resources/demo_individual.toml names for this township."""
    rows = []
    for n, item in enumerate(load_resource("demo_individual.toml")["item"]):
        if item["county"] != ctx.county.name or item["township"] != township.name:
            continue
        kind = ListKind(item["list"])
        base = Row(kind, "", item["name"], item["category"], item["category"], item["tasks"], item["basis"],
                   order=INDIVIDUAL_ORDER + n)
        rng = county_rng(ctx.seed, township.code, f"individual:{n}")
        rows.append(dress(inputs, ctx, base, kind, offices, "", rng, role=item.get("role", "")))
    return rows

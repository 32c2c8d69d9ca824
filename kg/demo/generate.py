"""`generate(seed, out)`: the demonstration province — every township's workbook(s), manifest.csv,
summary.json and README.md — the same bytes for the same seed and data.

Stages: plan (clean lists per county, `kg.demo.plan`) → inject defects (`kg.demo.defects`) →
ground truth per county → layout (`kg.demo.layout`) → files and manifest (`kg.demo.manifest`).
`counties` restricts the run to some counties; a county's files do not depend on the others.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.demo.defects import BASIS_KINDS, Injection, basis_defects, county_defects, inject
from kg.demo.inputs import DemoInputs, GenerationError, load_inputs
from kg.demo.layout import WorkbookPlan, render, workbooks
from kg.demo.manifest import ManifestRow, manifest_csv, readme, summary, summary_json
from kg.demo.plan import county_context, county_rng, township_rows
from kg.demo.profiles import county_habits
from kg.demo.rows import TownshipPlan
from kg.model import Level, ListKind, Region

OWN_LISTS = (ListKind.BASIC, ListKind.COOPERATIVE)


@dataclass(frozen=True)
class Province:
    """Everything generated, before any file is written."""

    seed: int
    plans: tuple[TownshipPlan, ...]
    books: tuple[WorkbookPlan, ...]
    manifest: tuple[ManifestRow, ...]
    summary: dict[str, Any]


@dataclass(frozen=True)
class GenerationResult:
    province: Province
    files: tuple[Path, ...]
    seconds: float


def select_counties(inputs: DemoInputs, counties: Iterable[str] | None) -> list[Region]:
    """Counties by code or name (all when None), in code order; an unknown one is an error."""
    every = sorted((r for r in inputs.regions.regions if r.level is Level.COUNTY), key=lambda r: r.code)
    if counties is None:
        return every
    chosen = []
    for wanted in counties:
        found = inputs.regions.by_code(wanted) or inputs.regions.county(wanted)
        if found is None or found.level is not Level.COUNTY:
            raise GenerationError(
                f"找不到县（市、区）“{wanted}”，请使用统计用区划代码（如 640221）或全称（如 平罗县）。"
            )
        chosen.append(found)
    return sorted({c.code: c for c in chosen}.values(), key=lambda r: r.code)


def _neighbours(inputs: DemoInputs, county: Region) -> tuple[str, ...]:
    """Other counties, those of the same city first, each group in code order."""
    others = [r for r in inputs.regions.regions if r.level is Level.COUNTY and r.code != county.code]
    return tuple(r.code for r in sorted(others, key=lambda r: (r.parent_code != county.parent_code, r.code)))


def plan_county(inputs: DemoInputs, county: Region, seed: int) -> tuple[list[TownshipPlan], list[str]]:
    """The township plans of one county, and the citation defects its date cannot support."""
    habit = county_habits().get(county.code)
    city = inputs.regions.by_code(county.parent_code or "")
    if habit is None or city is None:
        raise GenerationError(
            f"kg/resources/demo_counties.toml 中没有“{county.name}”（{county.code}）的发布习惯，请补充。"
        )
    ctx = county_context(inputs, county, city, habit, seed)
    bases = basis_defects(inputs.statutes, habit.published)
    plans = []
    for township in inputs.townships(county.code):
        offices = inputs.offices.get(township.code, ())
        if not offices:
            raise GenerationError(
                f"机构名录中没有{county.name}{township.name}（{township.code}）的承办机构，请在 "
                f"data/organizations/{county.code}.csv 中补充。"
            )
        job = Injection(inputs, ctx, offices, bases, _neighbours(inputs, county))
        rows, dropped = inject(job, township_rows(inputs, ctx, township), county_rng(seed, township.code, "defects"))
        plans.append(TownshipPlan(township, county, city, habit, rows, dropped))
    return plans, [k for k in BASIS_KINDS if not bases.available(k)]


def plan_province(inputs: DemoInputs, seed: int, counties: Iterable[str] | None = None) -> Province:
    plans: list[TownshipPlan] = []
    books: list[WorkbookPlan] = []
    manifest: list[ManifestRow] = []
    unavailable: dict[str, list[str]] = {}
    for county in select_counties(inputs, counties):
        county_plans, missing = plan_county(inputs, county, seed)
        if missing:
            unavailable[county.code] = missing
        truth = county_defects(county_plans, inputs)
        for plan in county_plans:
            plan_books = workbooks(plan, seed)
            books.extend(plan_books)
            manifest.extend(_manifest_rows(plan, plan_books, truth))
            manifest.extend(_missing_mandatory(inputs, plan))
        plans.extend(county_plans)
    return Province(seed, tuple(plans), tuple(books), tuple(manifest), summary(seed, plans, manifest, unavailable))


def _manifest_rows(
    plan: TownshipPlan, books: Sequence[WorkbookPlan], truth: dict[tuple[str, int], tuple[str, ...]]
) -> list[ManifestRow]:
    rows = []
    for book in books:
        for sheet in book.sheets:
            for excel_row, index in sheet.items:
                r = plan.rows[index]
                defects = truth.get((plan.township.code, index), ())
                rows.append(
                    ManifestRow(book.path.name, sheet.name, excel_row, plan.township.code, r.kind.value, r.name, r.code,
                                defects)
                )
    return rows


def _missing_mandatory(inputs: DemoInputs, plan: TownshipPlan) -> list[ManifestRow]:
    present = {r.code for r in plan.rows if r.kind in OWN_LISTS}
    return [
        ManifestRow("", "", None, plan.township.code, e.default_list.value, e.name, e.code, ("missing_mandatory",))
        for e in inputs.catalogue
        if e.mandatory and e.code not in present
    ]


def write_province(province: Province, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for book in province.books:
        path = out.joinpath(*book.path.parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render(book))
        written.append(path)
    for name, data in (
        ("manifest.csv", manifest_csv(province.manifest)),
        ("summary.json", summary_json(province.summary)),
        ("README.md", readme(province.seed)),
    ):
        (out / name).write_bytes(data)
        written.append(out / name)
    return written


def generate(
    seed: int,
    out: Path,
    *,
    data_dir: Path = Path("data"),
    counties: Iterable[str] | None = None,
    write: bool = True,
) -> GenerationResult:
    """Generate the province (or `counties`) into `out`; `write=False` plans without writing files."""
    started = time.perf_counter()
    inputs = load_inputs(data_dir)
    province = plan_province(inputs, seed, counties)
    files = write_province(province, out) if write else []
    return GenerationResult(province, tuple(files), time.perf_counter() - started)

"""The demonstration generator on the real reference data (`data/`): determinism, importability,
manifest truth, sizes, defects and labelling. Files are written for two counties (惠农区: 街道, 镇
and 乡, with 礼和乡's individual items; 平罗县); the whole province is planned without writing."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from kg.citations import Resolver
from kg.citations.parse import basis_is_empty
from kg.demo import Province, generate, load_inputs, plan_province
from kg.demo.defects import BASIS_KINDS, KINDS
from kg.demo.layout import workbooks
from kg.demo.profiles import county_habits
from kg.importer import import_file
from kg.model import CitationStatus, DutyList, ListKind, Origin
from kg.regions import RegionIndex, load_regions

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
NEEDED = [
    DATA / "catalogue" / "items.csv",
    DATA / "catalogue" / "negative_list.csv",
    DATA / "organizations" / "roles.csv",
]
COUNTIES = ["640205", "640221"]
SEED = 7

pytestmark = pytest.mark.skipif(
    not all(p.is_file() for p in NEEDED),
    reason="参考目录或机构名录尚未就绪（需要 data/catalogue/items.csv、negative_list.csv 和 "
    "data/organizations/roles.csv）",
)

STATUS_KIND = {
    CitationStatus.NONEXISTENT_ARTICLE: "nonexistent_provision",
    CitationStatus.NONEXISTENT_PARAGRAPH: "nonexistent_provision",
    CitationStatus.NONEXISTENT_ITEM: "nonexistent_provision",
    CitationStatus.REPEALED: "repealed_statute",
    CitationStatus.SUPERSEDED: "superseded_version",
    CitationStatus.NOT_YET_EFFECTIVE: "not_yet_effective",
}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    first, second = tmp_path_factory.mktemp("demo_a"), tmp_path_factory.mktemp("demo_b")
    generate(SEED, first, data_dir=DATA, counties=COUNTIES)
    generate(SEED, second, data_dir=DATA, counties=COUNTIES)
    return first, second


@pytest.fixture(scope="module")
def province() -> Province:
    return plan_province(load_inputs(DATA), 1)


@pytest.fixture(scope="module")
def imported(written: tuple[Path, Path]) -> list[tuple[Path, DutyList]]:
    regions = RegionIndex(load_regions(DATA / "regions" / "ningxia.csv"))
    return [(p, lst) for p in sorted(written[0].rglob("*.xlsx")) for lst in import_file(p, regions).lists]


def _manifest(out: Path) -> list[dict[str, str]]:
    with (out / "manifest.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes(written: tuple[Path, Path]) -> None:
    a, b = (_files(d) for d in written)
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []
    assert {"manifest.csv", "summary.json", "README.md"} <= a.keys()


def test_other_seed_other_lists(written: tuple[Path, Path], tmp_path: Path) -> None:
    generate(SEED + 1, tmp_path, data_dir=DATA, counties=COUNTIES[:1])
    assert (tmp_path / "manifest.csv").read_bytes() != (written[0] / "manifest.csv").read_bytes()


def test_a_county_alone_is_the_same_as_with_others(written: tuple[Path, Path], tmp_path: Path) -> None:
    generate(SEED, tmp_path, data_dir=DATA, counties=COUNTIES[1:])
    alone = {k: v for k, v in _files(tmp_path).items() if k.endswith(".xlsx")}
    both = _files(written[0])
    assert alone and all(both[name] == data for name, data in alone.items())


def test_every_file_imports_as_the_manifest_says(
    written: tuple[Path, Path], imported: list[tuple[Path, DutyList]]
) -> None:
    rows = {(r["file"], r["sheet"], r["row"]): r for r in _manifest(written[0]) if r["row"]}
    seen = {}
    for path, lst in imported:
        for item in lst.items:
            where = (path.name, item.origin.sheet or "", str(item.origin.row))
            seen[where] = (lst.township_code, lst.kind.value, item.name)
    assert seen.keys() == rows.keys()
    assert all(seen[k] == (r["township_code"], r["list"], r["item_name"]) for k, r in rows.items())


def test_title_dates_are_the_county_dates(imported: list[tuple[Path, DutyList]]) -> None:
    habits = county_habits()
    assert {(lst.township_code[:6], lst.published) for _, lst in imported} == {
        (c, habits[c].published) for c in COUNTIES
    }


def test_every_table_is_labelled_as_generated(written: tuple[Path, Path]) -> None:
    for path in sorted(written[0].rglob("*.xlsx"))[:6]:
        for ws in load_workbook(path).worksheets:
            last = [c for c in next(ws.iter_rows(min_row=ws.max_row, values_only=True)) if c]
            assert last == [f"注：本表由清单图谱演示数据生成器生成（种子 {SEED}），非正式发布清单。"]
    assert "不是任何乡镇（街道）正式发布的清单" in (written[0] / "README.md").read_text(encoding="utf-8")


def test_citation_defects_are_what_the_resolver_finds(
    imported: list[tuple[Path, DutyList]], written: tuple[Path, Path]
) -> None:
    """Every basis the manifest calls clean resolves without a problem; every citation defect it
    records is what the resolver reports at the list's date."""
    inputs = load_inputs(DATA)
    resolver = Resolver(inputs.statutes)
    truth = {(r["file"], r["sheet"], r["row"]): set(r["defect"].split("|")) & set(BASIS_KINDS)
             for r in _manifest(written[0]) if r["row"]}
    wrong = []
    for path, lst in imported:
        for item in lst.items:
            found = _basis_kinds(resolver, item.basis or "", lst)
            expected = truth[(path.name, item.origin.sheet or "", str(item.origin.row))]
            if found != expected:
                wrong.append((path.name, item.origin.row, item.basis, sorted(expected), sorted(found)))
    assert wrong == []


def _basis_kinds(resolver: Resolver, basis: str, lst: DutyList) -> set[str]:
    if basis_is_empty(basis):
        return {"missing_basis"}
    citations = resolver.resolve(basis, lst.published)
    if not citations:
        return {"unresolved_basis"}
    kinds = {STATUS_KIND[c.status] for c in citations if c.status in STATUS_KIND}
    unknown = [c for c in citations if c.status is CitationStatus.NOT_IN_CORPUS and c.statute_title is None]
    return kinds | ({"unknown_statute"} if unknown else set())


def test_manifest_has_one_row_per_item(written: tuple[Path, Path], imported: list[tuple[Path, DutyList]]) -> None:
    manifest = _manifest(written[0])
    items = sum(len(lst.items) for _, lst in imported)
    assert sum(1 for r in manifest if r["row"]) == items
    absent = [r for r in manifest if not r["row"]]
    assert all(r["defect"] == "missing_mandatory" and r["catalogue_code"] and not r["file"] for r in absent)


def test_named_places_have_their_individual_items(imported: list[tuple[Path, DutyList]]) -> None:
    names = {item.name for _, lst in imported if lst.township_code == "640205201" for item in lst.items}
    assert {"组织群众做好湿地保护工作", "开展鹤类等野生鸟类保护宣传"} <= names


def test_province_counts(province: Province) -> None:
    s = province.summary
    kinds = Counter(t["kind"] for t in s["township_counts"])
    assert kinds == {"街道": 50, "镇": 103, "乡": 90}
    assert abs(s["items"] - 72_000) <= 0.05 * 72_000
    for kind, mean in (("basic", 127), ("cooperative", 77), ("returned", 92)):
        assert abs(s["average_per_list"][kind] - mean) <= 0.10 * mean, kind
    assert 0.54 <= s["cooperative_returned_share"] <= 0.60


def test_every_defect_kind_is_injected_at_a_low_rate(province: Province) -> None:
    s: dict[str, Any] = province.summary
    assert {k for k, n in s["defects"].items() if n == 0} == set()
    assert all(n <= 0.03 * s["items"] for n in s["defects"].values())
    assert set(s["defects"]) == set(KINDS)


def test_manifest_defects_are_check_kinds(province: Province) -> None:
    assert {d for r in province.manifest for d in r.defects} <= set(KINDS)
    assert len([r for r in province.manifest if r.row is not None]) == province.summary["items"]


def test_citation_defects_province_wide(province: Province) -> None:
    """Across every county's publication date: clean bases resolve without a problem and each
    injected citation defect is what the resolver reports (no law corpus loaded)."""
    resolver = Resolver(load_inputs(DATA).statutes)
    truth = {(r.file, r.sheet, r.row): set(r.defects) & set(BASIS_KINDS) for r in province.manifest}
    wrong: Counter[tuple[str, str]] = Counter()
    for plan in province.plans:
        for book in workbooks(plan, province.seed):
            for sheet in book.sheets:
                for excel_row, index in sheet.items:
                    row = plan.rows[index]
                    if row.kind is ListKind.RETURNED:
                        continue
                    lst = DutyList(plan.township.code, row.kind, (), Origin(book.path.name), None, plan.habit.published)
                    if _basis_kinds(resolver, row.basis, lst) != truth[(book.path.name, sheet.name, excel_row)]:
                        wrong[(plan.county.name, row.basis)] += 1
    assert dict(wrong) == {}

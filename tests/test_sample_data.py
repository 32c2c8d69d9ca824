"""The demonstration sample: sources, rendered files, importability and the deliberate defects."""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from kg.model import DutyItem, DutyList, ListKind
from kg.organizations import OrganizationIndex, load_organizations
from kg.regions import RegionIndex, load_regions

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
SRC = SAMPLE / "_src"
LAYOUT = tomllib.loads((SRC / "layout.toml").read_text(encoding="utf-8"))
DEFECTS = tomllib.loads((ROOT / "tests" / "data" / "sample_defects.toml").read_text(encoding="utf-8"))["defect"]
COUNTY = "640221"
SOURCES = sorted(SRC.glob("*.csv"))
RENDERED = sorted(p for p in SAMPLE.iterdir() if p.suffix in (".xlsx", ".csv"))
STATUTE_TITLE = re.compile(r"《([^》]+)》")


def _render_module() -> Any:
    spec = importlib.util.spec_from_file_location("sample_render", SAMPLE / "render.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _importer() -> Any:
    try:
        from kg.importer import import_file
    except ImportError as exc:
        pytest.skip(f"导入器 kg.importer 尚不可用（{exc}），暂不检查样例能否导入")
    return import_file


@pytest.fixture(scope="module")
def regions() -> RegionIndex:
    return RegionIndex(load_regions(ROOT / "data" / "regions" / "ningxia.csv"))


@pytest.fixture(scope="module")
def imported(regions: RegionIndex) -> dict[str, tuple[DutyList, ...]]:
    import_file = _importer()
    return {p.name: import_file(p, regions).lists for p in RENDERED}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_source_list_size(path: Path) -> None:
    assert 10 <= len(_rows(path)) <= 20


def test_rendered_files_match_sources(tmp_path: Path) -> None:
    written = _render_module().render_all(tmp_path, SRC)
    assert sorted(p.name for p in written) == [p.name for p in RENDERED]
    for fresh in written:
        committed = SAMPLE / fresh.name
        if fresh.suffix == ".csv":
            assert fresh.read_bytes() == committed.read_bytes(), fresh.name
            continue
        a, b = load_workbook(fresh), load_workbook(committed)
        assert a.sheetnames == b.sheetnames
        for name in a.sheetnames:
            assert list(a[name].values) == list(b[name].values), (fresh.name, name)
            assert sorted(map(str, a[name].merged_cells.ranges)) == sorted(map(str, b[name].merged_cells.ranges))


def test_every_organisation_is_known() -> None:
    index = OrganizationIndex(load_organizations(ROOT / "data" / "organizations"))
    for town in LAYOUT["township"]:
        for kind in ("basic", "cooperative", "returned"):
            for row in _rows(SRC / f"{town['code']}_{kind}.csv"):
                if row.get("office"):
                    assert index.find_office(town["code"], row["office"]), row["office"]
                for field in ("lead_department", "receiving_department"):
                    if row.get(field):
                        assert index.find_department(COUNTY, row[field]), row[field]


def test_every_cited_title_is_catalogued() -> None:
    with (ROOT / "data" / "statutes" / "catalogue.csv").open(encoding="utf-8", newline="") as f:
        names = {n for r in csv.DictReader(f) for n in (r["title"], *r["short_titles"].split("|")) if n}
    cited = {t for p in SOURCES for r in _rows(p) for t in STATUTE_TITLE.findall(r.get("basis", ""))}
    assert cited - names == set()


@pytest.mark.parametrize("path", RENDERED, ids=lambda p: p.name)
def test_file_imports(imported: dict[str, tuple[DutyList, ...]], path: Path) -> None:
    lists = imported[path.name]
    assert lists
    for duty_list in lists:
        assert duty_list.township_code in {t["code"] for t in LAYOUT["township"]}
        assert 10 <= len(duty_list.items) <= 20
        assert duty_list.published and "2024-06-01" <= duty_list.published.isoformat() <= "2025-04-30"


def test_each_township_has_three_lists(imported: dict[str, tuple[DutyList, ...]]) -> None:
    kinds: dict[str, set[ListKind]] = {}
    for lists in imported.values():
        for duty_list in lists:
            kinds.setdefault(duty_list.township_code, set()).add(duty_list.kind)
    assert kinds == {t["code"]: set(ListKind) for t in LAYOUT["township"]}


def _item_at(imported: dict[str, tuple[DutyList, ...]], defect: dict[str, Any]) -> tuple[DutyList, DutyItem]:
    for duty_list in imported[defect["file"]]:
        for item in duty_list.items:
            if item.origin.sheet == defect.get("sheet") and item.origin.row == defect["row"]:
                return duty_list, item
    raise AssertionError(f"no item at {defect['file']} {defect.get('sheet')} row {defect['row']}")


@pytest.mark.parametrize("defect", DEFECTS, ids=lambda d: d["code"])
def test_deliberate_defect(imported: dict[str, tuple[DutyList, ...]], defect: dict[str, Any]) -> None:
    duty_list, item = _item_at(imported, defect)
    assert item.name == defect["name"]
    if "basis_contains" in defect:
        assert defect["basis_contains"] in (item.basis or "")
    if defect.get("basis_empty"):
        assert not item.basis
    if defect.get("guarantee_empty"):
        assert duty_list.kind is ListKind.COOPERATIVE and not item.guarantee
    if defect.get("also_in_returned"):
        returned = [
            i.name
            for lists in imported.values()
            for other in lists
            if other.township_code == duty_list.township_code and other.kind is ListKind.RETURNED
            for i in other.items
        ]
        assert item.name in returned


def test_readme_lists_every_defect() -> None:
    readme = (SAMPLE / "README.md").read_text(encoding="utf-8")
    assert "演示样例" in readme and "demonstration sample" in readme
    for defect in DEFECTS:
        assert defect["name"] in readme and defect["file"] in readme


CORPUS = ROOT / ".." / "shared" / "reference" / "lawrefbook"


@pytest.mark.corpus
def test_citations_resolve_except_declared_defects(imported: dict[str, tuple[DutyList, ...]]) -> None:
    if not CORPUS.is_dir():
        pytest.skip("缺少共享参考数据 ../shared/reference/lawrefbook，无法逐条核对样例引用的条文")
    from kg.citations import Resolver
    from kg.laws import load_corpus
    from kg.statutes import load_statutes

    corpus, _, _ = load_corpus(CORPUS)
    resolver = Resolver(load_statutes(ROOT / "data" / "statutes" / "catalogue.csv"), corpus)
    found = {
        (name, item.origin.sheet, item.origin.row, r.status.value)
        for name, lists in imported.items()
        for duty_list in lists
        for item in duty_list.items
        if item.basis
        for r in resolver.resolve(item.basis, duty_list.published)
        if r.status.value != "ok"
    }
    expected = {(d["file"], d.get("sheet"), d["row"], d["status"]) for d in DEFECTS if "status" in d}
    assert found == expected

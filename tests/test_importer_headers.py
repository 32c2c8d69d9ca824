"""Every header spelling of kg/resources/headers.toml, and messy real-world spellings, fill the right
field. The alias table is generated from headers.toml, so a new alias is tested without a new row."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from fixtures_import import SheetSpec, write_xlsx

from kg.importer import import_file
from kg.model import DutyItem, ListKind
from kg.regions import RegionIndex, load_regions

ROOT = Path(__file__).resolve().parents[1]
HEADERS = tomllib.loads((ROOT / "kg" / "resources" / "headers.toml").read_text(encoding="utf-8"))
MESSY = tomllib.loads((ROOT / "tests" / "data" / "import_cases_headers.toml").read_text(encoding="utf-8"))["case"]


def spelling_cases() -> list[tuple[str, str, str]]:
    return [
        (kind.value, field, spelling)
        for kind in ListKind
        for field, spec in HEADERS[kind.value].items()
        for spelling in [spec["header"], *spec.get("aliases", [])]
    ]


@pytest.fixture(scope="module")
def regions() -> RegionIndex:
    return RegionIndex(load_regions(ROOT / "data" / "regions" / "ningxia.csv"))


PARENT = "parent"
"""The 一级事项 column: not a DutyItem field, it names an item whose 二级事项 (name) cell is empty."""


def value_for(field: str) -> str:
    return "7" if field == "number" else f"{field}内容"


def row_for(specs: dict[str, Any], field: str) -> list[str]:
    """One item row; a row testing the parent column leaves the name empty, so the parent names it."""
    return ["" if field == PARENT and f == "name" else value_for(f) for f in specs]


def field_of(item: DutyItem, field: str) -> str | None:
    value: str | None = item.name if field == PARENT else getattr(item, field)
    return value


def import_one(tmp_path: Path, regions: RegionIndex, kind: ListKind, field: str, spelling: str) -> DutyItem:
    """A one-item list whose `field` column is headed `spelling` and every other column canonically."""
    specs: dict[str, Any] = HEADERS[kind.value]
    header = [spelling if f == field else spec["header"] for f, spec in specs.items()]
    sheet = SheetSpec("Sheet1", [[f"平罗县高仁乡{kind.label_zh}"], header, row_for(specs, field)])
    (lst,) = import_file(write_xlsx(tmp_path / "清单.xlsx", [sheet]), regions).lists
    assert lst.kind is kind
    (item,) = lst.items
    return item


@pytest.mark.parametrize(("kind", "field", "spelling"), spelling_cases())
def test_every_listed_spelling(kind: str, field: str, spelling: str, tmp_path: Path, regions: RegionIndex) -> None:
    item = import_one(tmp_path, regions, ListKind(kind), field, spelling)
    assert field_of(item, field) == value_for(field)


@pytest.mark.parametrize("case", MESSY, ids=[f"{c['kind']}:{c['header']!r}" for c in MESSY])
def test_messy_spelling(case: dict[str, str], tmp_path: Path, regions: RegionIndex) -> None:
    item = import_one(tmp_path, regions, ListKind(case["kind"]), case["field"], case["header"])
    assert field_of(item, case["field"]) == value_for(case["field"])


TOWNSHIP = HEADERS["township"]


@pytest.mark.parametrize("spelling", [TOWNSHIP["header"], *TOWNSHIP["aliases"], "乡镇\n（街道）", "鄉鎮"])
def test_township_column_spellings(spelling: str, tmp_path: Path, regions: RegionIndex) -> None:
    sheet = SheetSpec("基本履职事项清单", [["序号", spelling, "履职事项"], [1, "高仁乡", "甲"]])
    (lst,) = import_file(write_xlsx(tmp_path / "平罗县.xlsx", [sheet]), regions).lists
    assert lst.township_code == "640221204"

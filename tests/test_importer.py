"""Duty-list importer, table-driven: tests/data/import_cases.toml (files as counties write them)."""

from __future__ import annotations

import hashlib
import io
import random
import re
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fixtures_import import SheetSpec, sheet_from_case, write_workbook, write_xlsx

from kg.importer import ImportFailure, import_file, import_files
from kg.model import DutyItem, ImportedSource
from kg.regions import RegionIndex, load_regions

ROOT = Path(__file__).resolve().parents[1]
CASES = tomllib.loads((ROOT / "tests" / "data" / "import_cases.toml").read_text(encoding="utf-8"))["case"]
CHINESE = re.compile(r"[\u4e00-\u9fff]")
BASIC = SheetSpec("基本履职事项清单", [["序号", "履职事项", "设定依据"], [1, "甲", "《安全生产法》"]])


@pytest.fixture(scope="module")
def regions() -> RegionIndex:
    return RegionIndex(load_regions(ROOT / "data" / "regions" / "ningxia.csv"))


def raw_bytes(kind: str, tmp_path: Path) -> bytes:
    if kind == "empty":
        return b""
    if kind == "random":
        return random.Random(7).randbytes(2048)
    if kind == "truncated-xlsx":
        data = write_xlsx(tmp_path / "whole.xlsx", [BASIC]).read_bytes()
        return data[: len(data) // 2]
    if kind == "zip-not-workbook":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("word/document.xml", "<w:document/>")
        return buffer.getvalue()
    if kind == "undecodable":
        return b"\xff\xff\xff\xfe\x80\x80"
    raise ValueError(kind)


def write_case(case: dict[str, Any], tmp_path: Path) -> Path:
    path = tmp_path / case.get("folder", "in") / case["file"]
    if "raw" in case:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw_bytes(case["raw"], tmp_path))
        return path
    return write_workbook(path, [sheet_from_case(s) for s in case["sheets"]])


def check_item(item: DutyItem, expected: dict[str, Any]) -> None:
    for field, value in expected.items():
        actual = item.origin.row if field == "row" else getattr(item, field)
        assert actual == (value if value != "" else None), f"item {item.ordinal} {field}"


def check_lists(source: ImportedSource, expected: list[dict[str, Any]]) -> None:
    assert len(source.lists) == len(expected)
    for lst, want in zip(source.lists, expected, strict=True):
        actual = {
            "sheet": lst.origin.sheet,
            "kind": lst.kind.value,
            "township": lst.township_code,
            "header_row": lst.origin.row,
            "count": len(lst.items),
            "title": lst.title,
            "published": lst.published.isoformat() if lst.published else None,
        }
        for key, value in want.items():
            if key != "items":
                assert actual[key] == (value if value != "" else None), key
        assert [i.ordinal for i in lst.items] == list(range(1, len(lst.items) + 1))
        by_ordinal = {i.ordinal: i for i in lst.items}
        for item in want.get("items", []):
            check_item(by_ordinal[item["ordinal"]], item)


def check_failure(failure: ImportFailure, case: dict[str, Any]) -> None:
    want = case["failure"]
    assert failure.file == case["file"]
    assert (failure.sheet, failure.row, failure.column) == (want.get("sheet"), want.get("row"), want.get("column"))
    assert f"文件“{case['file']}”" in failure.message
    assert CHINESE.search(failure.message) and failure.message.endswith("。")
    assert str(failure) == failure.message
    for text in want.get("contains", []):
        assert text in failure.message
    if "message" in want:
        assert failure.message == want["message"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_import_case(case: dict[str, Any], tmp_path: Path, regions: RegionIndex) -> None:
    path = write_case(case, tmp_path)
    if "failure" in case:
        with pytest.raises(ImportFailure) as caught:
            import_file(path, regions)
        check_failure(caught.value, case)
    else:
        source = import_file(path, regions)
        assert source.file_name == case["file"]
        assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        check_lists(source, case["lists"])


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_encodings(encoding: str, tmp_path: Path, regions: RegionIndex) -> None:
    path = tmp_path / "平罗县高仁乡基本履职事项清单.csv"
    text = "序号,履职事项,设定依据\n1,城乡居民养老保险,《社会保险法》第二十条\n"
    path.write_bytes(text.encode(encoding))
    (lst,) = import_file(path, regions).lists
    assert (lst.items[0].name, lst.items[0].basis) == ("城乡居民养老保险", "《社会保险法》第二十条")


def test_xls_with_merged_category(tmp_path: Path, regions: RegionIndex) -> None:
    pytest.importorskip("xlwt", reason="写 .xls 测试文件需要 xlwt（非项目依赖）；未安装时跳过 .xls 读取测试")
    sheet = SheetSpec(
        "配合履职事项清单",
        [
            ["平罗县高仁乡配合履职事项清单", None, None, None],
            ["序号", "事项类别", "履职事项", "县级主责部门"],
            [1, "平安法治", "安全生产检查", "县应急管理局"],
            [2, None, "森林防火", "县自然资源局"],
        ],
        ["A1:D1", "B3:B4"],
    )
    (lst,) = import_file(write_workbook(tmp_path / "平罗县高仁乡.xls", [sheet]), regions).lists
    assert lst.kind.value == "cooperative" and lst.township_code == "640221204"
    assert [(i.number, i.category, i.lead_department) for i in lst.items] == [
        ("1", "平安法治", "县应急管理局"),
        ("2", "平安法治", "县自然资源局"),
    ]


def test_xlsx_saved_under_xls_name_is_read_by_content(tmp_path: Path, regions: RegionIndex) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", [BASIC]).rename(tmp_path / "平罗县高仁乡.xls")
    assert len(import_file(path, regions).lists[0].items) == 1


def test_import_files_keeps_going_after_a_bad_file(tmp_path: Path, regions: RegionIndex) -> None:
    good = write_xlsx(tmp_path / "平罗县高仁乡.xlsx", [BASIC])
    bad = tmp_path / "平罗县黄渠桥镇.xlsx"
    bad.write_bytes(b"not a workbook")
    other = write_xlsx(tmp_path / "平罗县黄渠桥镇基本.xlsx", [BASIC])
    sources, failures = import_files([good, bad, other, tmp_path / "missing.xlsx"], regions)
    assert [s.file_name for s in sources] == ["平罗县高仁乡.xlsx", "平罗县黄渠桥镇基本.xlsx"]
    assert [f.file for f in failures] == ["平罗县黄渠桥镇.xlsx", "missing.xlsx"]
    assert all(f.message.startswith(f"文件“{f.file}”") for f in failures)
    assert "文件不存在" in failures[1].message

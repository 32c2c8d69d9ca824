"""Damaged copies of the held-out workbooks: bad input never crashes the importer or half-loads a file.

Each copy has a few cells blanked, overwritten with stray text (注, 合计, 同上, numbers, long text …) or
a row blanked, at seeded random places. Importing it either returns lists whose every item has a name
and a row inside the sheet, or raises ImportFailure: a Chinese sentence naming the file (and the sheet
of a workbook with several), nothing else.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace
from pathlib import Path

import pytest
from build_workbooks import Book, Cell, Sheet, load_books, write_workbook

from kg.importer import ImportFailure, import_file
from kg.regions import RegionIndex, load_regions

DATA = Path(__file__).resolve().parents[2] / "data"
SEEDS = range(6)
STRAY: tuple[Cell, ...] = ("注", "合计", "同上", "一、", "1.1", 7, "设定依据", "无", "（空）", "事项" * 40, "")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def regions() -> RegionIndex:
    return RegionIndex(load_regions(DATA / "regions" / "ningxia.csv"))


def damaged(sheet: Sheet, rng: random.Random) -> Sheet:
    rows = [list(row) for row in sheet.rows]
    for _ in range(rng.randint(1, 4)):
        r = rng.randrange(len(rows))
        if rng.random() < 0.2:
            rows[r] = [None] * len(rows[r])
        else:
            rows[r][rng.randrange(len(rows[r]))] = rng.choice(STRAY) or None
    return replace(sheet, rows=tuple(tuple(row) for row in rows))


def cases() -> list[object]:
    books = load_books()
    return [pytest.param(book, seed, id=f"{Path(book.path).stem[:8]}-{seed}") for book in books for seed in SEEDS]


@pytest.mark.parametrize(("book", "seed"), cases())
def test_damaged_workbook_loads_whole_or_not_at_all(
    book: Book, seed: int, tmp_path: Path, regions: RegionIndex
) -> None:
    rng = random.Random(seed)
    sheets = [damaged(s, rng) for s in book.sheets]
    path = tmp_path / Path(book.path).name
    write_workbook(path, sheets)
    try:
        source = import_file(path, regions)
    except ImportFailure as failure:
        assert failure.file == path.name and f"文件“{path.name}”" in failure.message
        assert CHINESE.search(failure.message) and failure.message.endswith("。")
        visible = [s for s in sheets if not s.hidden]
        if len(visible) > 1 and failure.sheet is None:
            pytest.fail(f"a failure in a workbook of several sheets names no sheet: {failure.message}")
        return
    for lst in source.lists:
        sheet = next(s for s in sheets if s.name == lst.origin.sheet)
        for item in lst.items:
            assert item.name.strip()
            assert item.origin.row is not None and 1 <= item.origin.row <= len(sheet.rows)

"""Write real duty-list files (xlsx with openpyxl, csv, xls when xlwt is installed) into a test folder.

A workbook is described as data — sheet name, rows of cell values, merged ranges ("A3:A6") — so the
cases in tests/data/import_cases*.toml can say exactly what a county file looks like.
"""

from __future__ import annotations

import csv
import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import range_boundaries

Cell = str | int | float | date | None


@dataclass(frozen=True)
class SheetSpec:
    name: str
    rows: Sequence[Sequence[Cell]]
    merges: Sequence[str] = field(default_factory=tuple)
    hidden: bool = False


def sheet_from_case(raw: dict[str, Any]) -> SheetSpec:
    """A sheet as written in a TOML case: `name`, `rows` ("" = empty cell), optional `merges` and `hidden`."""
    rows = [[None if v == "" else v for v in row] for row in raw.get("rows", [])]
    return SheetSpec(raw.get("name", "Sheet1"), rows, tuple(raw.get("merges", ())), bool(raw.get("hidden", False)))


def write_xlsx(path: Path, sheets: Sequence[SheetSpec]) -> Path:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for spec in sheets:
        sheet = book.create_sheet(spec.name)
        for row in spec.rows:
            sheet.append(list(row))
        for merged in spec.merges:
            sheet.merge_cells(merged)
        if spec.hidden:
            sheet.sheet_state = "hidden"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def write_csv(path: Path, rows: Sequence[Sequence[Cell]], encoding: str = "utf-8-sig") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows([["" if v is None else v for v in row] for row in rows])
    return path


def xlwt_available() -> bool:
    try:
        importlib.import_module("xlwt")
    except ImportError:
        return False
    return True


def write_xls(path: Path, sheets: Sequence[SheetSpec]) -> Path:
    """Legacy .xls through xlwt (not a project dependency: callers skip when it is missing)."""
    xlwt = importlib.import_module("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    for spec in sheets:
        sheet = book.add_sheet(spec.name)
        merged_cells = set()
        for merged in spec.merges:
            c1, r1, c2, r2 = range_boundaries(merged)
            value = spec.rows[r1 - 1][c1 - 1]
            sheet.write_merge(r1 - 1, r2 - 1, c1 - 1, c2 - 1, value)
            merged_cells |= {(r, c) for r in range(r1 - 1, r2) for c in range(c1 - 1, c2)}
        for r, row in enumerate(spec.rows):
            for c, value in enumerate(row):
                if value is not None and (r, c) not in merged_cells:
                    sheet.write(r, c, value)
        if spec.hidden:
            sheet.visibility = 1
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(str(path))
    return path


def write_workbook(path: Path, sheets: Sequence[SheetSpec]) -> Path:
    """By suffix: .csv (first sheet, UTF-8 with BOM), .xls (xlwt) or .xlsx."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return write_csv(path, sheets[0].rows)
    if suffix == ".xls":
        return write_xls(path, sheets)
    return write_xlsx(path, sheets)

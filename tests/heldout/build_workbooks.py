"""Write the held-out workbooks of tests/heldout/workbooks.toml into a folder, at test time.

The held-out set imitates how Ningxia counties publish their duty lists (title and 填报单位 rows above a
two-row header, merged cells, 一级/二级事项, 同上, notes, hidden sheets, old .xls files …) for four real
townships. The lists are generated test data, not the townships' published lists: each sheet says so
in a note row (SPEC §8). Statute titles and article numbers are real (checked against
../shared/reference/lawrefbook and data/statutes); wrong ones are injected defects named in
tests/heldout/expected.csv.

Run as a script to look at the files: `python tests/heldout/build_workbooks.py /tmp/heldout`.
"""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import xlwt
from openpyxl import Workbook
from openpyxl.utils import range_boundaries

HERE = Path(__file__).resolve().parent
SPEC = HERE / "workbooks.toml"

Cell = str | int | float | date | None


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: tuple[tuple[Cell, ...], ...]
    merges: tuple[str, ...] = ()
    hidden: bool = False


@dataclass(frozen=True)
class Book:
    path: str
    sheets: tuple[Sheet, ...]


def load_books(spec: Path = SPEC) -> list[Book]:
    raw = tomllib.loads(spec.read_text(encoding="utf-8"))
    return [Book(f["path"], tuple(_sheet(s) for s in f["sheet"])) for f in raw["file"]]


def _sheet(raw: dict[str, Any]) -> Sheet:
    rows = tuple(tuple(None if v == "" else v for v in row) for row in raw["rows"])
    return Sheet(raw["name"], rows, tuple(raw.get("merges", ())), bool(raw.get("hidden", False)))


def build_workbooks(out: Path, spec: Path = SPEC) -> list[Path]:
    """Every workbook of the spec under `out` (sub-folders as the spec names them)."""
    written = []
    for book in load_books(spec):
        path = out / book.path
        path.parent.mkdir(parents=True, exist_ok=True)
        (write_xls if path.suffix == ".xls" else write_xlsx)(path, book.sheets)
        written.append(path)
    return written


def write_xlsx(path: Path, sheets: Sequence[Sheet]) -> None:
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
    book.save(path)


def write_xls(path: Path, sheets: Sequence[Sheet]) -> None:
    """Legacy Excel 97–2003 through xlwt: merged ranges are written once, with their top-left value."""
    book = xlwt.Workbook(encoding="utf-8")
    wrap = xlwt.easyxf("align: wrap on")
    for spec in sheets:
        sheet = book.add_sheet(spec.name)
        covered: set[tuple[int, int]] = set()
        for merged in spec.merges:
            c1, r1, c2, r2 = range_boundaries(merged)
            assert c1 is not None and r1 is not None and c2 is not None and r2 is not None
            sheet.write_merge(r1 - 1, r2 - 1, c1 - 1, c2 - 1, spec.rows[r1 - 1][c1 - 1], wrap)
            covered |= {(r, c) for r in range(r1 - 1, r2) for c in range(c1 - 1, c2)}
        for r, row in enumerate(spec.rows):
            for c, value in enumerate(row):
                if value is not None and (r, c) not in covered:
                    sheet.write(r, c, value, wrap)
        if spec.hidden:
            sheet.visibility = 1
    book.save(str(path))


if __name__ == "__main__":
    for written in build_workbooks(Path(sys.argv[1] if len(sys.argv) > 1 else "heldout")):
        print(written)

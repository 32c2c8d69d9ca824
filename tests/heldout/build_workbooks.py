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
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for fixtures_import as a script
from fixtures_import import Cell, SheetSpec, sheet_from_case, write_workbook

HERE = Path(__file__).resolve().parent
SPEC = HERE / "workbooks.toml"

Sheet = SheetSpec
__all__ = ["Book", "Cell", "Sheet", "build_workbooks", "load_books", "write_workbook"]


@dataclass(frozen=True)
class Book:
    path: str
    sheets: tuple[Sheet, ...]


def load_books(spec: Path = SPEC) -> list[Book]:
    raw = tomllib.loads(spec.read_text(encoding="utf-8"))
    return [Book(f["path"], tuple(sheet_from_case(s) for s in f["sheet"])) for f in raw["file"]]


def build_workbooks(out: Path, spec: Path = SPEC) -> list[Path]:
    """Every workbook of the spec under `out` (sub-folders as the spec names them)."""
    written = []
    for book in load_books(spec):
        path = out / book.path
        path.parent.mkdir(parents=True, exist_ok=True)
        write_workbook(path, book.sheets)
        written.append(path)
    return written


if __name__ == "__main__":
    for written in build_workbooks(Path(sys.argv[1] if len(sys.argv) > 1 else "heldout")):
        print(written)

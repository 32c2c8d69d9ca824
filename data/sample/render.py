"""Render the demonstration sample's published-layout files from its plain sources.

Usage (from the project root): python data/sample/render.py [OUTDIR]

Sources: `_src/<township code>_<list kind>.csv` (canonical columns named after kg.model.DutyItem
fields) and `_src/layout.toml` (per township: file format, header style, publication month, title
layout). Output, by default into data/sample/: what a county web page publishes — a title row above
the header ("附件1 平罗县高仁乡基本履职事项清单（2024年9月）"), county-specific header names, the 事项类别
cell merged over its group (left blank below the first row in a CSV, as an export of merged cells
reads), multi-line cells, and the demonstration note row under the table.
"""

from __future__ import annotations

import csv
import sys
import tomllib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
SRC = HERE / "_src"
KINDS = ("basic", "cooperative", "returned")
LIST_LABELS = {"basic": "基本履职事项清单", "cooperative": "配合履职事项清单", "returned": "上级部门收回事项清单"}
WIDTHS = {"number": 6, "category": 10, "name": 22, "note": 14, "office": 14, "lead_department": 14,
          "receiving_department": 16}
DEFAULT_WIDTH = 36
FIXED_TIME = datetime(2025, 4, 1)
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")


def load_layout(path: Path = SRC / "layout.toml") -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def read_items(code: str, kind: str, src: Path = SRC) -> list[dict[str, str]]:
    with (src / f"{code}_{kind}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def title_lines(town: dict[str, Any], kind: str, layout: dict[str, Any]) -> list[str]:
    annex = f"附件{layout['annex'][kind]}"
    title = f"{town['county']}{town['name']}{LIST_LABELS[kind]}（{town['published']}）"
    return [annex, title] if town["title_rows"] == 2 else [f"{annex} {title}"]


def table(town: dict[str, Any], kind: str, layout: dict[str, Any], src: Path) -> tuple[list[str], list[list[str]]]:
    """Header names and item rows (columns in the style's order) of one list."""
    columns: dict[str, str] = layout["style"][town["style"]][kind]
    items = read_items(town["code"], kind, src)
    return list(columns.values()), [[item.get(field, "") for field in columns] for item in items]


def category_groups(rows: list[list[str]], col: int) -> Iterator[tuple[int, int]]:
    """(first, last) row indexes of each run of equal 事项类别 values."""
    start = 0
    for i in range(1, len(rows) + 1):
        if i == len(rows) or rows[i][col] != rows[start][col]:
            yield start, i - 1
            start = i


def fill_sheet(ws: Worksheet, town: dict[str, Any], kind: str, layout: dict[str, Any], src: Path) -> None:
    headers, rows = table(town, kind, layout, src)
    fields = list(layout["style"][town["style"]][kind])
    width = len(headers)
    titles = title_lines(town, kind, layout)
    for r, text in enumerate(titles, start=1):
        ws.cell(r, 1, text).font = Font(bold=r == len(titles), size=16 if r == len(titles) else 11)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        ws.cell(r, 1).alignment = CENTER if r == len(titles) else WRAP
    top = len(titles) + 1
    for c, text in enumerate(headers, start=1):
        cell = ws.cell(top, c, text)
        cell.font, cell.alignment, cell.border = Font(bold=True), CENTER, BOX
        ws.column_dimensions[get_column_letter(c)].width = WIDTHS.get(fields[c - 1], DEFAULT_WIDTH)
    for i, row in enumerate(rows):
        for c, text in enumerate(row, start=1):
            cell = ws.cell(top + 1 + i, c, text or None)
            cell.alignment, cell.border = (CENTER if c <= 2 else WRAP), BOX
    cat = fields.index("category") + 1
    for first, last in category_groups(rows, cat - 1):
        if last > first:
            ws.merge_cells(start_row=top + 1 + first, start_column=cat, end_row=top + 1 + last, end_column=cat)
    note_row = top + len(rows) + 1
    ws.cell(note_row, 1, layout["note"]["text"]).alignment = WRAP
    ws.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=width)
    ws.freeze_panes = ws.cell(top + 1, 1)


def new_workbook() -> Workbook:
    wb = Workbook()
    wb.properties.creator = "qingdan demonstration sample"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    return wb


def render_workbook(town: dict[str, Any], layout: dict[str, Any], out: Path, src: Path) -> list[Path]:
    wb = new_workbook()
    wb.remove(wb.active)
    for kind in KINDS:
        fill_sheet(wb.create_sheet(LIST_LABELS[kind]), town, kind, layout, src)
    path = out / town["file"]
    wb.save(path)
    return [path]


def render_files(town: dict[str, Any], layout: dict[str, Any], out: Path, src: Path) -> list[Path]:
    paths = []
    for kind in KINDS:
        wb = new_workbook()
        ws = wb.active
        ws.title = "Sheet1"
        fill_sheet(ws, town, kind, layout, src)
        path = out / town["file"].format(list=LIST_LABELS[kind])
        wb.save(path)
        paths.append(path)
    return paths


def render_csv(town: dict[str, Any], layout: dict[str, Any], out: Path, src: Path) -> list[Path]:
    paths = []
    for kind in KINDS:
        headers, rows = table(town, kind, layout, src)
        cat = list(layout["style"][town["style"]][kind]).index("category")
        for first, last in category_groups(rows, cat):
            for i in range(first + 1, last + 1):
                rows[i][cat] = ""
        pad = [""] * (len(headers) - 1)
        lines = [[t, *pad] for t in title_lines(town, kind, layout)]
        lines += [headers, *rows, [layout["note"]["text"], *pad]]
        path = out / town["file"].format(list=LIST_LABELS[kind])
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f, lineterminator="\r\n").writerows(lines)
        paths.append(path)
    return paths


RENDERERS = {"workbook": render_workbook, "files": render_files, "csv": render_csv}


def render_all(out: Path = HERE, src: Path = SRC) -> list[Path]:
    layout = load_layout(src / "layout.toml")
    return [p for town in layout["township"] for p in RENDERERS[town["format"]](town, layout, out, src)]


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else HERE
    out.mkdir(parents=True, exist_ok=True)
    for path in render_all(out):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

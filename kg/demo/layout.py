"""The published layout: a township's rows → sheets (pure) → .xlsx bytes that are the same for the
same input (fixed document dates and zip entry dates).

A sheet has the title row(s) "附件1 XX县XX镇基本履职事项清单（2024年9月）", the county's header names
(kg/resources/demo_layouts.toml), the items grouped by 事项类别 (merged, repeated, written once or as
heading rows "一、安全生产"), the county's numbering and the generator's note row.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import PurePosixPath
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.xml.functions import tostring

from kg.demo.rows import Row, TownshipPlan
from kg.demo.wording import chinese_number
from kg.importer.text import load_resource
from kg.model import ListKind

Cell = str | int | None
WIDTHS = {"number": 7, "category": 12, "name": 26, "office": 14, "lead_department": 16, "receiving_department": 16,
          "note": 14}
DEFAULT_WIDTH = 34
WRAP = Alignment(wrap_text=True, vertical="center")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
CORE_PART = "docProps/core.xml"


@dataclass(frozen=True)
class Sheet:
    """One sheet as values. Rows and columns are 1-based in `merges` and `items` as in Excel;
    `items` maps a spreadsheet row to the index of its Row in the township plan."""

    name: str
    cells: tuple[tuple[Cell, ...], ...]
    merges: tuple[tuple[int, int, int, int], ...]
    items: tuple[tuple[int, int], ...]
    fields: tuple[str, ...]
    header_row: int


@dataclass(frozen=True)
class WorkbookPlan:
    path: PurePosixPath
    sheets: tuple[Sheet, ...]
    stamp: datetime


@cache
def layouts() -> dict[str, Any]:
    return load_resource("demo_layouts.toml")


def workbooks(plan: TownshipPlan, seed: int) -> tuple[WorkbookPlan, ...]:
    """The files of one township: one workbook with three sheets, or one workbook per list."""
    habit = plan.habit
    folder = PurePosixPath(plan.city.name, plan.county.name)
    stem = f"{plan.county.name}{plan.township.name}"
    stamp = datetime(habit.published.year, habit.published.month, habit.published.day, 9, 0, 0)
    kinds = [k for k in ListKind if plan.rows_of(k)]
    if habit.layout == "files":
        return tuple(
            WorkbookPlan(folder / f"{stem}{kind.label_zh}.xlsx", (sheet(plan, kind, seed, "Sheet1"),), stamp)
            for kind in kinds
        )
    sheets = tuple(sheet(plan, kind, seed, kind.label_zh) for kind in kinds)
    return (WorkbookPlan(folder / f"{stem}履职事项清单.xlsx", sheets, stamp),)


def sheet(plan: TownshipPlan, kind: ListKind, seed: int, name: str) -> Sheet:
    habit = plan.habit
    columns: dict[str, str] = dict(layouts()["styles"][habit.style][kind.value])
    if habit.category == "heading":
        columns.pop("category", None)
    fields = tuple(columns)
    width = len(fields)
    cells: list[tuple[Cell, ...]] = []
    merges: list[tuple[int, int, int, int]] = []
    for text in _titles(plan, kind):
        cells.append(_wide(text, width))
        merges.append((len(cells), 1, len(cells), width))
    cells.append(tuple(columns.values()))
    header_row = len(cells)
    items: list[tuple[int, int]] = []
    indexed = [(i, r) for i, r in enumerate(plan.rows) if r.kind is kind]
    number = 0
    for g, (category, group) in enumerate(_groups(indexed)):
        if habit.category == "heading":
            cells.append(_wide(f"{chinese_number(g + 1)}、{category}", width))
            merges.append((len(cells), 1, len(cells), width))
        first = len(cells) + 1
        for j, (index, row) in enumerate(group):
            number += 1
            values = _values(row, fields, habit.numbering, number, g, j, category, habit.category, j == 0)
            cells.append(values)
            items.append((len(cells), index))
        if habit.category == "merged" and len(group) > 1 and "category" in fields:
            col = fields.index("category") + 1
            merges.append((first, col, len(cells), col))
    cells.append(_wide(str(layouts()["note"]["text"]).format(seed=seed), width))
    merges.append((len(cells), 1, len(cells), width))
    return Sheet(name, tuple(cells), tuple(merges), tuple(items), fields, header_row)


def _titles(plan: TownshipPlan, kind: ListKind) -> list[str]:
    annex = f"附件{layouts()['annex'][kind.value]}"
    title = f"{plan.county.name}{plan.township.name}{kind.label_zh}（{plan.habit.published_text}）"
    return [annex, title] if plan.habit.titles == 2 else [f"{annex} {title}"]


def _wide(text: str, width: int) -> tuple[Cell, ...]:
    return (text, *([None] * (width - 1)))


def _groups(indexed: Sequence[tuple[int, Row]]) -> Iterator[tuple[str, list[tuple[int, Row]]]]:
    """Rows grouped by category, groups in order of first appearance, rows in their order."""
    groups: dict[str, list[tuple[int, Row]]] = {}
    for index, row in indexed:
        groups.setdefault(row.category, []).append((index, row))
    yield from groups.items()


def _number(style: str, n: int, group: int, within: int) -> Cell:
    if style == "dotted":
        return f"{group + 1}.{within + 1}"
    if style == "paren":
        return f"({n})"
    if style == "chinese":
        return f"（{chinese_number(n)}）"
    return n


def _values(
    row: Row, fields: Sequence[str], numbering: str, n: int, group: int, within: int, category: str, mode: str,
    first: bool,
) -> tuple[Cell, ...]:
    out: list[Cell] = []
    for field in fields:
        if field == "number":
            out.append(_number(numbering, n, group, within))
        elif field == "category":
            out.append(category if mode == "repeated" or first else None)
        else:
            out.append(getattr(row, field) or None)
    return tuple(out)


def render(book: WorkbookPlan) -> bytes:
    """The workbook's bytes: identical for identical plans."""
    wb = Workbook()
    for sheet_ in wb.worksheets:
        wb.remove(sheet_)
    for plan in book.sheets:
        _fill(wb.create_sheet(plan.name), plan)
    wb.properties.creator = "qingdan demo generator"
    wb.properties.created = wb.properties.modified = book.stamp
    buffer = io.BytesIO()
    wb.save(buffer)
    wb.properties.modified = book.stamp  # saving stamps the clock's time; the core part is rewritten
    core = tostring(wb.properties.to_tree())
    return _fixed_zip(buffer.getvalue(), book.stamp, {CORE_PART: core})


def _fill(ws: Any, plan: Sheet) -> None:
    for values in plan.cells:
        ws.append(values)
    for c, field in enumerate(plan.fields, start=1):
        ws.column_dimensions[get_column_letter(c)].width = WIDTHS.get(field, DEFAULT_WIDTH)
        ws.cell(plan.header_row, c).font = BOLD
        ws.cell(plan.header_row, c).alignment = WRAP
    ws.cell(1, 1).font = TITLE if plan.header_row == 2 else BOLD
    if plan.header_row > 2:
        ws.cell(plan.header_row - 1, 1).font = TITLE
    for r1, c1, r2, c2 in plan.merges:
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    ws.freeze_panes = ws.cell(plan.header_row + 1, 1)


def _fixed_zip(data: bytes, stamp: datetime, parts: dict[str, bytes]) -> bytes:
    """Rewrite the zip with every entry dated `stamp` and `parts` replaced, so the bytes do not
    depend on the clock."""
    when = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            dst.writestr(entry, parts.get(info.filename) or src.read(info.filename))
    return out.getvalue()

"""File → grids: one rectangle of cell texts per sheet, merged ranges filled down.

A merged range's value is copied into the rows below it in its first column (a 事项类别 cell spanning
many rows then names the category of each row) and those copies are marked `continued`; cells to its
right stay empty, so a title or a note merged across the table still reads as one filled cell.
The file type is decided by content (zip → .xlsx, OLE2 → .xls) among the suffixes accepted, because
counties save .xlsx files under a .xls name and the other way round. Hidden sheets are not read: what a
county published is what a reader of the file sees (hidden sheets hold drafts and lookup lists).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

import openpyxl
import xlrd

from kg.importer.errors import ImportFailure

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls")
ACCEPTED_SUFFIXES = (*SPREADSHEET_SUFFIXES, ".csv")
_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CSV_ENCODINGS = ("utf-8-sig", "gb18030")
_MAX_EMPTY_RUN = 1000


@dataclass(frozen=True)
class Grid:
    """One sheet as text. `rows[r][c]` is "" for an empty cell; indexes are 0-based.

    `continued` holds the cells filled down from a merged cell above; `wide` the top-left cells of
    ranges merged across the table; `across` maps each cell covered by a range merged across columns
    (but not its first column) to that first column, so a two-row header can name its sub-columns.
    """

    sheet: str | None
    rows: tuple[tuple[str, ...], ...]
    continued: frozenset[tuple[int, int]] = frozenset()
    wide: frozenset[tuple[int, int]] = frozenset()
    across: Mapping[tuple[int, int], int] = field(default_factory=dict, compare=False)

    def cell(self, row: int, col: int) -> str:
        line = self.rows[row]
        return line[col] if col < len(line) else ""

    def is_empty(self) -> bool:
        return not any(c.strip() for row in self.rows for c in row)


Merge = tuple[int, int, int, int]  # first row, last row, first column, last column; 0-based, inclusive
WIDE = 3  # a cell merged across this many columns or more spans the table (a title, a note, a heading)


def read_grids(file: str, suffix: str, data: bytes) -> list[Grid]:
    """Every sheet of a file; raises ImportFailure for a wrong type, an empty or a corrupt file."""
    suffix = suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        raise ImportFailure(
            file,
            f"不支持“{suffix or '无扩展名'}”类型的文件，只能导入 .xlsx、.xls 或 .csv 格式的履职事项清单",
            "请用 Excel 或 WPS 将其另存为 .xlsx 后重新导入",
        )
    if not data.strip():
        raise ImportFailure(file, "文件是空的，没有任何内容", "请确认选择了正确的文件后重新导入")
    if data.startswith(_ZIP):
        return _guard(file, lambda: _read_xlsx(data))
    if data.startswith(_OLE2):
        return _guard(file, lambda: _read_xls(data))
    if suffix == ".csv":
        return [_read_csv(file, data)]
    raise _corrupt(file, "它不是有效的 Excel 文件")


def _guard(file: str, read: Callable[[], list[Grid]]) -> list[Grid]:
    """Run a spreadsheet reader; any failure of the third-party parser means a damaged file."""
    try:
        grids = read()
    except ImportFailure:
        raise
    except Exception as exc:  # openpyxl/xlrd raise many unrelated types for damaged input
        raise _corrupt(file, _reason(exc)) from exc
    return grids


def _reason(exc: Exception) -> str:
    if isinstance(exc, zipfile.BadZipFile | EOFError):
        return "文件不完整或已损坏"
    return "文件已损坏、已加密或不是 Excel 格式"


def _corrupt(file: str, reason: str) -> ImportFailure:
    return ImportFailure(
        file,
        f"无法读取该文件，{reason}",
        "请用 Excel 或 WPS 打开并另存为 .xlsx 后重新导入",
    )


def _read_xlsx(data: bytes) -> list[Grid]:
    # Normal (not read-only) mode: openpyxl reports merged ranges only there; lists are small.
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    grids = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        values = _trim(sheet.iter_rows(values_only=True))
        merges = [(m.min_row - 1, m.max_row - 1, m.min_col - 1, m.max_col - 1) for m in sheet.merged_cells.ranges]
        grids.append(_fill(sheet.title, values, merges))
    return grids


def _read_xls(data: bytes) -> list[Grid]:
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True)
    except NotImplementedError:
        book = xlrd.open_workbook(file_contents=data)
    grids = []
    for sheet in book.sheets():
        if sheet.visibility != 0:
            continue
        values = [
            [_xls_value(sheet.cell(r, c), book.datemode) for c in range(sheet.ncols)] for r in range(sheet.nrows)
        ]
        merges = [(rlo, rhi - 1, clo, chi - 1) for rlo, rhi, clo, chi in sheet.merged_cells]
        grids.append(_fill(sheet.name, _trim(values), merges))
    return grids


def _xls_value(cell: xlrd.sheet.Cell, datemode: int) -> object:
    if cell.ctype == xlrd.XL_CELL_DATE:
        return xlrd.xldate.xldate_as_datetime(cell.value, datemode)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return cell.value


def _read_csv(file: str, data: bytes) -> Grid:
    for encoding in _CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return _fill(None, _trim(csv.reader(io.StringIO(text, newline=""))), [])
    raise ImportFailure(
        file,
        "无法识别该 CSV 文件的文字编码（支持 UTF-8 和 GB18030/GBK）",
        "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后重新导入",
    )


def _trim(rows: Iterable[Sequence[object]]) -> list[list[str]]:
    """Cells as text, without trailing empty rows and columns; stops after a long run of empty rows
    (sheets formatted down to row 1,048,576)."""
    out: list[list[str]] = []
    empty_run = 0
    for row in rows:
        texts = [_text(v) for v in row]
        if any(t.strip() for t in texts):
            empty_run = 0
        else:
            empty_run += 1
            if empty_run > _MAX_EMPTY_RUN:
                break
        out.append(texts)
    while out and not any(t.strip() for t in out[-1]):
        out.pop()
    width = max((i + 1 for row in out for i, t in enumerate(row) if t.strip()), default=0)
    return [row[:width] + [""] * (width - len(row)) for row in out]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def _fill(name: str | None, rows: list[list[str]], merges: Iterable[Merge]) -> Grid:
    continued: set[tuple[int, int]] = set()
    wide: set[tuple[int, int]] = set()
    across: dict[tuple[int, int], int] = {}
    for first, last, col, last_col in merges:
        if first >= len(rows) or col >= len(rows[first]):
            continue
        if last_col - col + 1 >= WIDE:
            wide.add((first, col))
        for r in range(first, min(last, len(rows) - 1) + 1):
            across.update({(r, c): col for c in range(col + 1, min(last_col, len(rows[r]) - 1) + 1)})
        value = rows[first][col]
        for r in range(first + 1, min(last, len(rows) - 1) + 1):
            rows[r][col] = value
            continued.add((r, col))
    return Grid(name, tuple(tuple(row) for row in rows), frozenset(continued), frozenset(wide), across)

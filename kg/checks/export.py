"""Findings as files: JSON lines and CSV (field names of the public contract) for other systems, a
plain-text table for the terminal, and the Excel workbook a reviewer sends back to townships (one
sheet per township, Chinese headers)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from kg.checks.model import Finding
from kg.checks.registry import BY_KIND, Severity
from kg.model import ListKind

FIELDS = (
    "kind", "severity", "township_code", "township", "list", "item", "source_file", "sheet", "row", "message",
    "fix", "subject", "related",
)

SHEET_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("序号", "", 6),
    ("严重程度", "severity", 9),
    ("问题类型", "title", 20),
    ("检查代码", "kind", 22),
    ("清单", "list", 20),
    ("事项", "item", 28),
    ("来源文件", "source_file", 30),
    ("工作表", "sheet", 16),
    ("行号", "row", 6),
    ("问题说明", "message", 60),
    ("修改建议", "fix", 45),
)
NO_TOWNSHIP_SHEET = "全区"


def record(f: Finding) -> dict[str, Any]:
    """One finding in the public contract: the jsonl/csv fields and the IRIs involved."""
    data = asdict(f)
    return {k: data[k] for k in FIELDS}


def write_jsonl(findings: Iterable[Finding], out: IO[str]) -> None:
    for f in findings:
        out.write(json.dumps(record(f), ensure_ascii=False) + "\n")


def write_csv(findings: Iterable[Finding], out: IO[str]) -> None:
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    for f in findings:
        row = record(f)
        writer.writerow({**row, "related": "|".join(row["related"])})


def table_lines(findings: Sequence[Finding]) -> list[str]:
    """One line per finding, then the count per check."""
    lines = []
    for f in findings:
        where = "".join(x for x in (f.township, _list_label(f.list), f"第{f.row}行" if f.row else "") if x)
        lines.append(f"[{Severity(f.severity).label_zh}] {f.kind}  {where}  {f.message}")
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    lines.append(f"共 {len(findings)} 条发现" + ("：" + "，".join(
        f"{BY_KIND[k].title_zh}（{k}）{n}" for k, n in counts.items()
    ) if counts else "。"))
    return lines


def _list_label(kind: str | None) -> str:
    return ListKind(kind).label_zh if kind else ""


def _cell(f: Finding, key: str) -> Any:
    if key == "severity":
        return Severity(f.severity).label_zh
    if key == "title":
        return BY_KIND[f.kind].title_zh
    if key == "list":
        return _list_label(f.list)
    return getattr(f, key)


def sheet_name(f: Finding) -> str:
    """`城关镇（640221100）`: names repeat across counties, codes do not; at most 31 characters."""
    if not f.township_code:
        return NO_TOWNSHIP_SHEET
    return f"{f.township or ''}（{f.township_code}）"[-31:]


def write_xlsx(findings: Sequence[Finding], path: Path) -> int:
    """One sheet per township (and 全区 for findings about no township); returns the sheet count."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    by_sheet: dict[str, list[Finding]] = {}
    for f in findings:
        by_sheet.setdefault(sheet_name(f), []).append(f)
    for name, rows in by_sheet.items():
        sheet = book.create_sheet(name)
        sheet.append([title for title, _, _ in SHEET_COLUMNS])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for n, f in enumerate(rows, start=1):
            sheet.append([n, *(_cell(f, key) for _, key, _ in SHEET_COLUMNS[1:])])
        for col, (_, _, width) in enumerate(SHEET_COLUMNS, start=1):
            sheet.column_dimensions[sheet.cell(1, col).column_letter].width = width
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
    if not by_sheet:
        book.create_sheet("无发现").append(["未发现问题。"])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return len(by_sheet)

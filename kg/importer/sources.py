"""A file → an ImportedSource: every list it holds, or one ImportFailure and nothing at all."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from kg.importer.errors import ImportFailure
from kg.importer.headers import (
    TOWNSHIP_FIELD,
    expected_headers,
    find_header_row,
    header_rules,
    map_columns,
    missing_required,
    read_header,
)
from kg.importer.kinds import county_hint, detect_kind, find_date, is_ignored_sheet, kinds_named, township_clues
from kg.importer.reader import Grid, read_grids
from kg.importer.rows import Rows, read_rows
from kg.importer.segments import split_lists
from kg.model import DutyItem, DutyList, ImportedSource, ListKind, Origin, Region
from kg.regions import RegionIndex

TITLE_ROWS_FOR_KIND = 5


@dataclass(frozen=True)
class FileContext:
    """What the file's name and place say; `file` is the base name used in every message."""

    file: str
    stem: str
    folder: str

    @classmethod
    def of(cls, path: Path) -> FileContext:
        return cls(path.name, path.stem, path.parent.name)


def import_files(paths: Iterable[Path], regions: RegionIndex) -> tuple[list[ImportedSource], list[ImportFailure]]:
    """Import each file on its own: one bad file does not stop the others."""
    sources: list[ImportedSource] = []
    failures: list[ImportFailure] = []
    for path in paths:
        try:
            sources.append(import_file(path, regions))
        except ImportFailure as failure:
            failures.append(failure)
    return sources, failures


def import_file(path: Path, regions: RegionIndex) -> ImportedSource:
    """Every duty list in one file (.xlsx, .xls or .csv); raises ImportFailure, returning nothing, if
    any part of the file cannot be read."""
    ctx = FileContext.of(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        problem = f"无法打开该文件（{_os_reason(exc)}）"
        raise ImportFailure(ctx.file, problem, "请检查文件是否存在、是否被占用后重新导入") from exc
    parts = [part for grid in read_grids(ctx.file, path.suffix, data) for part in split_lists(grid)]
    grids = [part.grid for part in parts]
    headers = [find_header_row(part.grid, start=part.start) for part in parts]
    single = sum(h is not None for h in headers) == 1
    lists: list[DutyList] = []
    skipped: list[ImportFailure] = []
    for grid, header in zip(grids, headers, strict=True):
        if is_ignored_sheet(grid.sheet) and not grid.is_empty():
            skipped.append(_not_a_list(ctx, grid))
            continue
        if header is None:
            failure = _no_header(ctx, grid)
            if not _ignorable(grid):
                raise failure
            skipped.append(failure)
            continue
        lists.extend(_lists(grid, header, ctx, regions, file_names_kind=single))
    if not lists:
        raise skipped[0] if skipped and not all(g.is_empty() for g in grids) else _empty(ctx)
    _check_unique(ctx, lists)
    return ImportedSource(ctx.file, hashlib.sha256(data).hexdigest(), tuple(lists))


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "文件不存在"
    if isinstance(exc, PermissionError):
        return "没有读取权限"
    if isinstance(exc, IsADirectoryError):
        return "这是一个文件夹"
    return f"系统错误 {exc.errno}" if exc.errno else "系统错误"


def _ignorable(grid: Grid) -> bool:
    """A sheet without a header row that is clearly not a list: empty, or naming no list kind in its
    name or first rows. (Sheets named 说明, 汇总 … are skipped before, header or not.)"""
    if grid.is_empty():
        return True
    first_rows = [" ".join(c for c in row if c.strip()) for row in grid.rows[:TITLE_ROWS_FOR_KIND]]
    return not kinds_named(grid.sheet) and len(kinds_named(" ".join(first_rows))) != 1


def _not_a_list(ctx: FileContext, grid: Grid) -> ImportFailure:
    return ImportFailure(
        ctx.file,
        "文件中没有可导入的履职事项清单：该工作表按名称视为说明或汇总表，已跳过",
        "请将清单放在以“基本履职事项清单”“配合履职事项清单”或“上级部门收回事项清单”命名的工作表中后重新导入",
        sheet=grid.sheet,
    )


def _no_header(ctx: FileContext, grid: Grid) -> ImportFailure:
    return ImportFailure(
        ctx.file,
        "未找到表头行（在前几行中没有找到至少两个可识别的列名，应包含："
        + "、".join(expected_headers())
        + " 等）",
        "请确认表头行写有列名（如“序号”“履职事项”“设定依据”）后重新导入",
        sheet=grid.sheet,
    )


def _empty(ctx: FileContext) -> ImportFailure:
    return ImportFailure(ctx.file, "文件中没有任何内容", "请确认选择了正确的文件后重新导入")


def _lists(grid: Grid, found: int, ctx: FileContext, regions: RegionIndex, *, file_names_kind: bool) -> list[DutyList]:
    rules = header_rules()
    head = read_header(grid, found, rules)
    header = head.row
    titles = _title_rows(grid, header)
    title = _title(titles)
    kind = detect_kind(grid.sheet, " ".join(titles), ctx.stem if file_names_kind else None)
    if kind is None:
        raise _unknown_kind(ctx, grid, titles, header)
    columns = map_columns(head.texts, kind, rules)
    missing = missing_required(columns, kind, rules)
    if missing is not None:
        raise ImportFailure(
            ctx.file,
            f"未找到“{missing.header}”列" + _aliases_hint(missing.aliases),
            "请在表头中补充该列后重新导入",
            sheet=grid.sheet,
            row=header + 1,
        )
    name_spec = next(s for s in rules.kinds[kind] if s.field == "name")
    rows = read_rows(grid, head, columns, ctx.file, name_spec.header)
    if not rows.items:
        raise ImportFailure(
            ctx.file,
            f"{kind.label_zh}在表头（第{head.last + 1}行）下没有任何事项",
            "请补充事项后重新导入；若该工作表不是清单，请将其删除",
            sheet=grid.sheet,
        )
    published = find_date(titles) or find_date(rows.notes)
    origin = Origin(ctx.file, grid.sheet, header + 1)
    return [
        DutyList(code, kind, _renumber(items), origin, title, published, notes=rows.notes)
        for code, items in _by_township(grid, ctx, regions, rows, titles, TOWNSHIP_FIELD in columns)
    ]


ALIASES_IN_MESSAGE = 4
TITLES_IN_MESSAGE = 4
TITLE_IN_MESSAGE = 40


def _aliases_hint(aliases: Sequence[str]) -> str:
    """（也可写作：主责部门、县级部门、牵头部门、上级主责部门等） — the first few other spellings of a column."""
    if not aliases:
        return ""
    more = "等" if len(aliases) > ALIASES_IN_MESSAGE else ""
    return f"（也可写作：{'、'.join(aliases[:ALIASES_IN_MESSAGE])}{more}）"


def _title_rows(grid: Grid, header: int) -> list[str]:
    return [t for t in (" ".join(c.strip() for c in row if c.strip()) for row in grid.rows[:header]) if t]


def _title(titles: Sequence[str]) -> str | None:
    """The title row naming the list's kind (附件1 … 基本履职事项清单), else one naming a 清单, else the
    longest row above the header."""
    naming = [t for t in titles if kinds_named(t)] or [t for t in titles if "清单" in t]
    chosen = naming or sorted(titles, key=len, reverse=True)
    return chosen[0] if chosen else None


def _unknown_kind(ctx: FileContext, grid: Grid, titles: Sequence[str], header: int) -> ImportFailure:
    shown = [t if len(t) <= TITLE_IN_MESSAGE else t[:TITLE_IN_MESSAGE] + "…" for t in [grid.sheet, *titles] if t]
    more = "等" if len(shown) > TITLES_IN_MESSAGE else ""
    seen = "、".join(f"“{t}”" for t in shown[:TITLES_IN_MESSAGE]) + more or "（无）"
    return ImportFailure(
        ctx.file,
        f"无法判断这是哪一类清单：工作表名和标题行（{seen}）中没有或同时出现了“基本”“配合”“收回”",
        "请在工作表名或标题行中写明“基本履职事项清单”“配合履职事项清单”或“上级部门收回事项清单”之一",
        sheet=grid.sheet,
        row=next((r + 1 for r in range(header) if any(c.strip() for c in grid.rows[r])), None),
    )


def _by_township(
    grid: Grid,
    ctx: FileContext,
    regions: RegionIndex,
    rows: Rows,
    titles: Sequence[str],
    has_column: bool,
) -> list[tuple[str, list[DutyItem]]]:
    """Items grouped by township: the 乡镇 column where filled, else the title, file or folder name."""
    title = " ".join(titles)
    county = county_hint(regions, [title, ctx.stem, ctx.folder])
    groups: dict[str, list[DutyItem]] = {}
    fallback: Region | None = None
    for item, text in zip(rows.items, rows.townships, strict=True):
        if has_column and text:
            region = _township(ctx, grid, regions, [("乡镇（街道）列", text)], county, item.origin.row)
        else:
            fallback = fallback or _township(
                ctx, grid, regions, [("标题行", title), ("文件名", ctx.stem), ("文件夹名", ctx.folder)], county, None
            )
            region = fallback
        groups.setdefault(region.code, []).append(item)
    return list(groups.items())


def _township(
    ctx: FileContext,
    grid: Grid,
    regions: RegionIndex,
    sources: list[tuple[str, str]],
    county: Region | None,
    row: int | None,
) -> Region:
    clue = township_clues(regions, sources, county)
    if len(clue.candidates) == 1:
        return clue.candidates[0]
    if clue.candidates:
        names = "、".join(_full_name(regions, r) for r in clue.candidates)
        raise ImportFailure(
            ctx.file,
            f"无法确定乡镇（街道）：{clue.source}“{clue.text}”中的名称可能指 {names}",
            "请在标题行或文件名中写明所属县（市、区），如“平罗县城关镇”",
            sheet=grid.sheet,
            row=row,
        )
    seen = "；".join(f"{label}“{text}”" for label, text in sources if text.strip()) or "（无）"
    raise ImportFailure(
        ctx.file,
        f"无法确定乡镇（街道）：在{seen}中没有找到宁夏的乡镇（街道）名称",
        "请在标题行、文件名或“乡镇（街道）”列中写明乡镇（街道）全称，如“平罗县高仁乡”",
        sheet=grid.sheet,
        row=row,
    )


def _full_name(regions: RegionIndex, township: Region) -> str:
    county = regions.by_code(township.parent_code or "")
    return f"{county.name if county else ''}{township.name}"


def _renumber(items: list[DutyItem]) -> tuple[DutyItem, ...]:
    return tuple(item if item.ordinal == i else replace(item, ordinal=i) for i, item in enumerate(items, start=1))


def _check_unique(ctx: FileContext, lists: Sequence[DutyList]) -> None:
    seen: dict[tuple[str, ListKind], DutyList] = {}
    for lst in lists:
        other = seen.setdefault((lst.township_code, lst.kind), lst)
        if other is not lst:
            raise ImportFailure(
                ctx.file,
                f"工作表“{other.origin.sheet}”和“{lst.origin.sheet}”是同一乡镇（街道）的{lst.kind.label_zh}",
                "请将两张表合并为一张，或删除重复的一张后重新导入",
                sheet=lst.origin.sheet,
            )

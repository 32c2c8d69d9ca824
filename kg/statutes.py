"""The statute catalogue: data/statutes/catalogue.csv → `Statute` records.

The CSV is UTF-8 with the header
`title,short_titles,kind,level_label,issuer,version_date,effective_date,repealed_date,article_count,source`
and one row per version. Rows of one statute share title, short titles, kind, level, issuer and
repeal date; short titles are separated by `|`; dates are ISO or empty. `repealed_date` may instead be
`expired`: a source marks the statute no longer in force without giving the date (`Statute.expired`;
citations of it resolve as repealed, date unknown) — empty would wrongly say it is in force. A
malformed row raises `CatalogueError` naming the file, line and column — a wrong catalogue would make
every citation wrong.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from kg.model import Statute, StatuteKind, StatuteVersion

COLUMNS = (
    "title", "short_titles", "kind", "level_label", "issuer", "version_date", "effective_date",
    "repealed_date", "article_count", "source",
)
_SHARED = ("short_titles", "kind", "level_label", "issuer", "repealed_date")
EXPIRED = "expired"


class CatalogueError(ValueError):
    """A malformed catalogue; the message (Chinese) says where and what to fix."""


def load_statutes(path: Path) -> tuple[Statute, ...]:
    """Every statute of the catalogue, versions oldest first, in the order titles first appear."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = tuple(reader.fieldnames or ())
            if header != COLUMNS:
                raise CatalogueError(
                    f"法规目录“{path}”的表头应为 {','.join(COLUMNS)}，实际为 {','.join(header) or '（空）'}。"
                )
            rows = [(n, row) for n, row in enumerate(reader, start=2)]
    except FileNotFoundError as exc:
        raise CatalogueError(f"找不到法规目录“{path}”。") from exc
    except UnicodeDecodeError as exc:
        raise CatalogueError(f"法规目录“{path}”不是 UTF-8 编码，请另存为 UTF-8。") from exc
    return statutes_from_rows(rows, str(path))


def statutes_from_rows(rows: Sequence[tuple[int, dict[str, str]]], where: str) -> tuple[Statute, ...]:
    groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for line, row in rows:
        if None in row or any(row.get(c) is None for c in COLUMNS):
            raise CatalogueError(f"法规目录“{where}”第 {line} 行的列数不对，应为 {len(COLUMNS)} 列。")
        title = row["title"].strip()
        if not title:
            raise CatalogueError(f"法规目录“{where}”第 {line} 行缺少 title（法规标题）。")
        groups.setdefault(title, []).append((line, row))
    return tuple(_statute(title, group, where) for title, group in groups.items())


def _statute(title: str, group: list[tuple[int, dict[str, str]]], where: str) -> Statute:
    first_line, first = group[0]
    for line, row in group[1:]:
        for column in _SHARED:
            if row[column].strip() != first[column].strip():
                raise CatalogueError(
                    f"法规目录“{where}”第 {line} 行：同一法规“{title}”各版本的 {column} 应相同，"
                    f"与第 {first_line} 行不一致。"
                )
    versions = sorted((_version(line, row, where) for line, row in group), key=lambda v: v.version_date)
    dates = [v.version_date for v in versions]
    if len(set(dates)) != len(dates):
        raise CatalogueError(f"法规目录“{where}”：法规“{title}”有重复的 version_date。")
    repealed, expired = _repeal(first_line, first["repealed_date"], where)
    return Statute(
        title=title,
        kind=_kind(first_line, first["kind"], where),
        versions=tuple(versions),
        short_titles=tuple(s.strip() for s in first["short_titles"].split("|") if s.strip()),
        issuer=first["issuer"].strip() or None,
        repealed_date=repealed,
        expired=expired,
        source="; ".join(sorted({row["source"].strip() for _, row in group if row["source"].strip()})) or None,
        level_label=first["level_label"].strip() or None,
    )


def _version(line: int, row: dict[str, str], where: str) -> StatuteVersion:
    version = _date(line, "version_date", row["version_date"], where)
    if version is None:
        raise CatalogueError(f"法规目录“{where}”第 {line} 行缺少 version_date（版本日期，YYYY-MM-DD）。")
    count = row["article_count"].strip()
    if count and not (count.isdigit() and int(count) > 0):
        raise CatalogueError(f"法规目录“{where}”第 {line} 行的 article_count“{count}”应为正整数或留空。")
    return StatuteVersion(
        version_date=version,
        effective_date=_date(line, "effective_date", row["effective_date"], where),
        article_count=int(count) if count else None,
    )


def _kind(line: int, value: str, where: str) -> StatuteKind:
    try:
        return StatuteKind(value.strip())
    except ValueError:
        allowed = "、".join(k.value for k in StatuteKind)
        raise CatalogueError(f"法规目录“{where}”第 {line} 行的 kind“{value}”无效，应为：{allowed}。") from None


def _repeal(line: int, value: str, where: str) -> tuple[date | None, bool]:
    """(repeal date, expired without a known date) from the `repealed_date` column."""
    if value.strip() == EXPIRED:
        return None, True
    return _date(line, "repealed_date", value, where, f"，已失效但废止日期不明的写 {EXPIRED}"), False


def _date(line: int, column: str, value: str, where: str, hint: str = "") -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CatalogueError(
            f"法规目录“{where}”第 {line} 行的 {column}“{value}”不是有效日期，应为 YYYY-MM-DD 或留空{hint}。"
        ) from None

"""Walk a law corpus folder: LawRefBook Markdown (with its db.sqlite3) and plain-text statutes.

`iter_corpus(folder)` yields one `CorpusStatute` per statute file, or a `CorpusError` naming a file
that is not a statute or cannot be read; an error never stops the walk.

What counts as a statute: files whose db.sqlite3 level is 法律, 宪法, 行政法规, 部门规章 (and the
local regulations under a 地方性法规 folder, which the db does not list). 司法解释 and 案例 rows
have no files in the shared corpus; files whose level is 其他, or which the db does not know, are
reported and skipped.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kg.citations.vocab import guess_kind, kind_from_level
from kg.laws.markdown import date_in_name, split_markdown
from kg.laws.plaintext import split_plain
from kg.laws.records import CorpusError, CorpusStatute
from kg.laws.text import HistoryLine, effective_from, parse_articles, version_dates

STATUTE_LEVELS = frozenset({"法律", "宪法", "行政法规", "部门规章", "地方性法规"})
LOCAL_FOLDER = "地方性法规"
_TAKES_EFFECT = re.compile(r"自(\d{4})年(\d{1,2})月(\d{1,2})日起施行")


@dataclass(frozen=True)
class DbRow:
    level: str
    name: str
    publish: date | None
    valid_from: date | None
    expired: bool


def iter_corpus(folder: Path) -> Iterator[CorpusStatute | CorpusError]:
    """Every statute file under `folder` (sorted), read into a `CorpusStatute` or a `CorpusError`."""
    db_path = folder / "db.sqlite3"
    rows = _db_rows(db_path) if db_path.exists() else {}
    for path in sorted(folder.rglob("*")):
        if path.suffix not in (".md", ".txt") or path.name.startswith(("_", ".")):
            continue
        rel = path.relative_to(folder)
        if rows and len(rel.parts) == 1:
            continue
        yield _read_file(path, rel, rows)


def _db_rows(db_path: Path) -> dict[tuple[str, str], DbRow]:
    """db.sqlite3 rows keyed by (category folder, file stem) in each spelling LawRefBook uses, and by
    ("*", stem) because some files sit in another folder than their db category says."""
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        found = con.execute(
            "SELECT l.level, l.name, l.publish, l.valid_from, l.expired, l.subtitle, l.filename, c.folder "
            "FROM law l JOIN category c ON c.id = l.category_id"
        ).fetchall()
    finally:
        con.close()
    rows: dict[tuple[str, str], DbRow] = {}
    for level, name, publish, valid_from, expired, subtitle, filename, folder in found:
        row = DbRow(level, name, _iso(publish), _iso(valid_from), bool(expired))
        stems = [name, f"{name}({publish})" if publish else name, subtitle or "", filename or ""]
        for stem in stems:
            if stem:
                rows.setdefault((folder, stem.removesuffix(".md")), row)
                rows.setdefault(("*", stem.removesuffix(".md")), row)
    return rows


def _iso(value: object) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _read_text(path: Path) -> str | None:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return path.read_text(encoding=encoding)
        except UnicodeDecodeError:
            continue
    return None


def _read_file(path: Path, rel: Path, rows: dict[tuple[str, str], DbRow]) -> CorpusStatute | CorpusError:
    name = rel.as_posix()
    text = _read_text(path)
    if text is None:
        return CorpusError(name, "文件编码无法识别（应为 UTF-8 或 GB18030）。")
    row = rows.get((rel.parent.as_posix(), path.stem)) or rows.get(("*", path.stem))
    local = LOCAL_FOLDER in rel.parts
    if rows and row is None and not local:
        return CorpusError(name, "db.sqlite3 中没有这个文件的登记，无法确定效力级别，未作为法律法规导入。")
    level = row.level if row is not None else (LOCAL_FOLDER if local else None)
    if level is not None and level not in STATUTE_LEVELS:
        return CorpusError(name, f"效力级别为“{level}”，不是法律法规，未导入。")
    if path.suffix == ".md":
        parts = split_markdown(text)
        if parts is None:
            return CorpusError(name, "没有找到标题行（# 标题）。")
        title, part, history, body = parts.title, parts.part, parts.history, parts.body
    else:
        plain = split_plain(text)
        if plain is None:
            return CorpusError(name, "文件为空。")
        title, part, history, body = plain.title, None, plain.history, plain.body
    return _statute(name, path.stem, title, part, history, body, row, level)


def _statute(
    name: str,
    stem: str,
    title: str,
    part: str | None,
    history: list[HistoryLine],
    body: list[str],
    row: DbRow | None,
    level: str | None,
) -> CorpusStatute | CorpusError:
    versions = version_dates(history)
    version = (row.publish if row else None) or date_in_name(stem) or (versions[-1] if versions else None)
    if version is None:
        return CorpusError(name, "无法确定版本日期：文件名、db.sqlite3 和历史沿革中都没有日期。")
    provisions = parse_articles(body, title, version)
    if not provisions:
        return CorpusError(name, "没有找到任何条文（以“第一条”开头的行）。")
    effective = (row.valid_from if row else None) or effective_from(history) or _takes_effect(body)
    return CorpusStatute(
        title=title,
        version_date=version,
        kind=kind_from_level(level) or guess_kind(title),
        provisions=provisions,
        file=name,
        effective_date=effective,
        level=level,
        expired=row.expired if row else False,
        history=tuple(sorted(set(versions) | {version})),
        part=part,
    )


def _takes_effect(body: list[str]) -> date | None:
    for line in reversed(body[-40:]):
        m = _TAKES_EFFECT.search(line)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None

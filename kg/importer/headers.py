"""Find the header of a sheet and map its columns to DutyItem fields (kg/resources/headers.toml).

A header is one row, or two when a group name is merged across sub-columns named in the row below it
(责任部门 over 牵头部门 | 配合部门, 职责分工 over 县级部门职责 | 乡镇配合职责): a sub-column is then named by
its own name where that is a known header, else by group（sub）, whose loose form is the group name.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from kg.importer.reader import Grid
from kg.importer.text import key, load_resource, loose_key
from kg.model import ListKind

HEADER_SEARCH_ROWS = 30
MIN_HEADER_SCORE = 2
MAX_HEADER_LENGTH = 40
TOWNSHIP_FIELD = "township"
NAME_FIELD = "name"
PARENT_FIELD = "parent"


@dataclass(frozen=True)
class ColumnSpec:
    """One accepted column: the DutyItem field it fills, its canonical header and other spellings."""

    field: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    keys: frozenset[str] = dataclasses.field(init=False, repr=False, compare=False)
    loose_keys: frozenset[str] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", frozenset(key(s) for s in self.spellings))
        object.__setattr__(self, "loose_keys", frozenset(loose_key(s) for s in self.spellings) - {""})

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)

    def matches(self, cell: HeaderCell) -> bool:
        return cell.key in self.keys

    def matches_loosely(self, cell: HeaderCell) -> bool:
        return cell.loose_key in self.loose_keys


@dataclass(frozen=True)
class HeaderCell:
    """A header cell's comparison keys, computed once."""

    key: str
    loose_key: str

    @classmethod
    def of(cls, text: str) -> HeaderCell:
        return cls(key(text), loose_key(text))


@dataclass(frozen=True)
class HeaderRules:
    kinds: dict[ListKind, tuple[ColumnSpec, ...]]
    township: ColumnSpec

    def columns(self, kind: ListKind) -> tuple[ColumnSpec, ...]:
        return (*self.kinds[kind], self.township)

    def all_columns(self) -> tuple[ColumnSpec, ...]:
        return (*(spec for specs in self.kinds.values() for spec in specs), self.township)

    @functools.cached_property
    def any_keys(self) -> tuple[frozenset[str], frozenset[str]]:
        """The keys and loose keys of every column of every kind, to tell a header cell at once."""
        columns = self.all_columns()
        return frozenset().union(*(s.keys for s in columns)), frozenset().union(*(s.loose_keys for s in columns))


@cache
def header_rules() -> HeaderRules:
    raw = load_resource("headers.toml")
    kinds = {
        kind: tuple(
            ColumnSpec(field, spec["header"], tuple(spec.get("aliases", ())), bool(spec.get("required", False)))
            for field, spec in raw[kind.value].items()
        )
        for kind in ListKind
    }
    town = raw[TOWNSHIP_FIELD]
    return HeaderRules(kinds, ColumnSpec(TOWNSHIP_FIELD, town["header"], tuple(town.get("aliases", ()))))


@functools.lru_cache(maxsize=8192)
def _cell_keys(text: str) -> HeaderCell:
    return HeaderCell.of(text)


def _is_header_cell(text: str, keys: frozenset[str], loose_keys: frozenset[str]) -> bool:
    """The cell names a known column of some kind, exactly or loosely."""
    if not text.strip() or len(text) > MAX_HEADER_LENGTH:
        return False
    cell = _cell_keys(text)
    return cell.key in keys or cell.loose_key in loose_keys


@dataclass(frozen=True)
class Header:
    """The header of a sheet: its first and last rows (0-based) and the name of each column."""

    row: int
    last: int
    texts: tuple[str, ...]


def read_header(grid: Grid, row: int, rules: HeaderRules | None = None) -> Header:
    """The header found at `row` (see `find_header_row`): that row alone, or with the group row above
    it or the sub-column row below it."""
    top = row - 1 if row > 0 and _is_sub_header(grid, row - 1, row) else row
    below = top + 1
    texts = list(grid.rows[top])
    if not _is_sub_header(grid, top, below):
        return Header(top, top, tuple(texts))
    keys, loose_keys = (rules or header_rules()).any_keys
    for col, sub in enumerate(grid.rows[below]):
        if not sub.strip() or (below, col) in grid.continued:
            continue
        group = grid.cell(top, grid.across.get((top, col), col)).strip()
        known = _is_header_cell(sub, keys, loose_keys)
        texts[col] = sub if known or not group else f"{group}（{sub.strip()}）"
    return Header(top, below, tuple(texts))


def _is_sub_header(grid: Grid, row: int, below: int) -> bool:
    """The row below a header row names sub-columns: each of its own cells sits under a group cell
    merged across columns in the header row, and there is at least one. A title merged across the
    table (the header row's only cell) is no group."""
    if below >= len(grid.rows):
        return False
    if sum(1 for v in grid.rows[row] if v.strip()) < 2:
        return False
    own = [c for c, v in enumerate(grid.rows[below]) if v.strip() and (below, c) not in grid.continued]
    groups = {grid.across.get((row, c), c) for c in range(len(grid.rows[row])) if (row, c) in grid.across}
    return bool(own) and all(grid.across.get((row, c), c) in groups for c in own)


def find_header_row(grid: Grid, rules: HeaderRules | None = None, start: int = 0) -> int | None:
    """0-based index of the row most like a header (at least two known column names) among the rows
    from `start` on, or None."""
    best, best_score = None, MIN_HEADER_SCORE - 1
    for index, row in enumerate(grid.rows[start : start + HEADER_SEARCH_ROWS], start=start):
        score = header_score(row, rules)
        if score > best_score:
            best, best_score = index, score
    return best


def header_score(row: Sequence[str], rules: HeaderRules | None = None) -> int:
    """How many cells of the row name a known column of some kind."""
    keys, loose_keys = (rules or header_rules()).any_keys
    return sum(1 for cell in row if _is_header_cell(cell, keys, loose_keys))


def map_columns(header: Sequence[str], kind: ListKind, rules: HeaderRules | None = None) -> dict[str, int]:
    """Field → 0-based column. Exact spellings win over loose ones; the first column wins a tie. A list
    split into 一级事项 (`parent`) and 二级事项 names its items by the second; one with only a 一级事项
    column, by that."""
    specs = (rules or header_rules()).columns(kind)
    mapping: dict[str, int] = {}
    cells = [HeaderCell.of(text) if text.strip() else None for text in header]
    for matcher in (ColumnSpec.matches, ColumnSpec.matches_loosely):
        for col, cell in enumerate(cells):
            if cell is None or col in mapping.values():
                continue
            spec = next((s for s in specs if s.field not in mapping and matcher(s, cell)), None)
            if spec:
                mapping[spec.field] = col
    if NAME_FIELD not in mapping and PARENT_FIELD in mapping:
        mapping[NAME_FIELD] = mapping.pop(PARENT_FIELD)
    return mapping


def missing_required(mapping: dict[str, int], kind: ListKind, rules: HeaderRules | None = None) -> ColumnSpec | None:
    return next((s for s in (rules or header_rules()).kinds[kind] if s.required and s.field not in mapping), None)


def expected_headers(rules: HeaderRules | None = None) -> list[str]:
    """Canonical headers of every kind, in file order, for messages."""
    seen: dict[str, None] = {}
    for specs in (rules or header_rules()).kinds.values():
        for spec in specs:
            seen.setdefault(spec.header, None)
    return list(seen)

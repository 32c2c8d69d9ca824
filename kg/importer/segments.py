"""One sheet holding several lists one below the other → one part per list.

Some counties put all three lists in one sheet: a row naming a list (二、配合履职事项清单) with a header
row under it, then the items, then the next list. Read as one list, the cooperative items would be
read under the basic list's columns. The sheet is split at such title rows. Each part keeps the sheet's
own rows above the first list (they name the township and the date) and blanks the rows of the other
parts, so row numbers in items and messages stay those of the sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kg.importer.headers import MIN_HEADER_SCORE, header_score
from kg.importer.kinds import kinds_named
from kg.importer.reader import Grid
from kg.importer.text import key
from kg.model import ListKind

TITLE_MAX_CELLS = 2
"""A list's title row has one or two filled cells (二、 | 配合履职事项清单)."""
HEADER_WITHIN = 3
"""Its header row follows within this many rows."""
LIST_WORD = "清单"


@dataclass(frozen=True)
class Part:
    """One list's rows of a sheet (`grid`, the other lists' rows blanked) and its first row."""

    grid: Grid
    start: int


def split_lists(grid: Grid) -> list[Part]:
    """The lists of a sheet; the sheet itself when it does not hold lists of two kinds."""
    titles = _list_titles(grid)
    if len({kind for _, kind in titles}) < 2:
        return [Part(grid, 0)]
    common = titles[0][0]
    ends = [start for start, _ in titles[1:]] + [len(grid.rows)]
    return [_part(grid, common, start, end) for (start, _), end in zip(titles, ends, strict=True)]


def _part(grid: Grid, common: int, start: int, end: int) -> Part:
    rows = tuple(
        row if r < common or start <= r < end else ("",) * len(row) for r, row in enumerate(grid.rows)
    )
    return Part(replace(grid, rows=rows), start)


def _list_titles(grid: Grid) -> list[tuple[int, ListKind]]:
    """Rows naming one list kind with a header under them, in order; a title naming the kind of the
    one before it (基本履职事项清单（续）) continues that list."""
    found: list[tuple[int, ListKind]] = []
    for r, row in enumerate(grid.rows):
        own = [c.strip() for c in row if c.strip()]
        if not own or len(own) > TITLE_MAX_CELLS:
            continue
        text = " ".join(own)
        kinds = kinds_named(text)
        if LIST_WORD not in key(text) or len(kinds) != 1 or not _header_follows(grid, r):
            continue
        kind = kinds.pop()
        if not found or found[-1][1] is not kind:
            found.append((r, kind))
    return found


def _header_follows(grid: Grid, row: int) -> bool:
    following = grid.rows[row + 1 : row + 1 + HEADER_WITHIN]
    return any(header_score(r) >= MIN_HEADER_SCORE for r in following)

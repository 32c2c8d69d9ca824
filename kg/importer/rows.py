"""Grid rows below the header → DutyItems.

Rows are classified one by one: blank, a repeated header, a note (注：…, or a lone cell merged across
the table), a total (合计…), a template row with only its 序号, a category heading ("一、党的建设", a
lone 事项类别 cell, or a heading numeral such as 一 in the 序号 cell beside one label), the continuation
of the item above (its name cell merged down), or an item. Any other row with content but no item
name is an error. A name written with its number (1.发展党员) gives that number to an item without a
序号. An item without a 二级事项 is named by its 一级事项; an item with one gets its 一级事项
as category when it has none. A cell that says 同上 (ditto) takes the value of the item above.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from kg.importer.errors import ImportFailure, column_letter
from kg.importer.headers import NAME_FIELD, PARENT_FIELD, TOWNSHIP_FIELD, Header
from kg.importer.kinds import heading_label, heading_number, is_ditto, is_note, is_total, split_name_number
from kg.importer.reader import Grid
from kg.importer.text import clean_name, clean_text, key
from kg.model import DutyItem, Origin

NAME_FIELDS = frozenset({"name", "category", "office", "lead_department", "receiving_department"})


@dataclass(frozen=True)
class Rows:
    """Items in sheet order; `townships[i]` is the township column's text for `items[i]` ("" if none)."""

    items: tuple[DutyItem, ...]
    townships: tuple[str, ...]
    notes: tuple[str, ...]


@dataclass
class _Draft:
    row: int
    fields: dict[str, str]
    township: str


ORGANIZATION_FIELDS = frozenset({"office", "lead_department", "receiving_department"})
"""Cells that may list several organisations one per line: each line is cleaned as a name and the
line breaks stay (the linker splits there, kg.organizations.split_names)."""


def clean(field: str, value: str) -> str:
    if field in ORGANIZATION_FIELDS:
        return "\n".join(clean_name(line) for line in clean_text(value).split("\n") if line.strip())
    if field in NAME_FIELDS:
        return clean_name(value)
    return value.strip() if field == "number" else clean_text(value)


def read_rows(grid: Grid, header: Header, columns: dict[str, int], file: str, name_header: str) -> Rows:
    """Items below the header; `columns` maps DutyItem fields (and "township", "parent") to 0-based
    columns."""
    cat_col = columns.get("category")
    state = _Category(grouping=cat_col is not None and _is_grouping(grid, header.last, columns, cat_col))
    header_name = key(header.texts[columns[NAME_FIELD]])
    drafts: list[_Draft] = []
    notes: list[str] = []
    for r in range(header.last + 1, len(grid.rows)):
        own = [(c, v.strip()) for c, v in enumerate(grid.rows[r]) if v.strip() and (r, c) not in grid.continued]
        name_col = _name_column(grid, r, columns)
        name = grid.cell(r, name_col).strip()
        if not own or key(name) == header_name:
            continue
        if name and (r, name_col) in grid.continued:
            if drafts:
                _extend(drafts[-1], own, columns)
            continue
        if _not_an_item(grid, r, own, name, columns, state, notes):
            continue
        if not name:
            raise ImportFailure(
                file,
                f"该行有内容，但“{name_header}”列为空",
                "请填写事项名称；若该行是说明文字，请以“注：”开头",
                sheet=grid.sheet,
                row=r + 1,
                column=column_letter(name_col),
            )
        drafts.append(_draft(grid, r, columns, state))
    _fill_ditto(drafts)
    items = tuple(_item(d, i, file, grid.sheet) for i, d in enumerate(drafts, start=1))
    return Rows(items, tuple(d.township for d in drafts), tuple(notes))


@dataclass
class _Category:
    """The running category: set by a heading row, or by a 事项类别 column written once per group."""

    grouping: bool
    current: str | None = None
    from_heading: bool = False

    def heading(self, label: str) -> None:
        self.current, self.from_heading = clean_name(label), True

    def cell(self, value: str) -> str | None:
        if value:
            self.current, self.from_heading = clean_name(value), False
            return self.current
        return self.current if self.grouping or self.from_heading else None


def _not_an_item(
    grid: Grid,
    r: int,
    own: Sequence[tuple[int, str]],
    name: str,
    cols: dict[str, int],
    state: _Category,
    notes: list[str],
) -> bool:
    """Handle a note, total, template or heading row; False when the row is an item (or an error).

    A row with nothing but a 序号 is a template row left empty and is skipped like a blank row.
    """
    name_col, cat_col, number_col = _name_column(grid, r, cols), cols.get("category"), cols.get("number")
    col, first = own[0]
    if is_note(first) and (not name or len(own) == 1 or col != name_col):
        notes.append(" ".join(v for _, v in own))
        return True
    if is_total(first) and (not name or col != name_col):
        return True
    if len(own) == 2 and col == number_col and heading_number(first) and own[1][0] in (name_col, cat_col):
        state.heading(own[1][1])
        return True
    if len(own) != 1:
        return False
    label = heading_label(first)
    if label:
        state.heading(label)
        return True
    if col == number_col:
        return True
    if col == cat_col and not name:
        state.heading(first)
        return True
    if (r, col) in grid.wide and not name:
        notes.append(first)
        return True
    return False


def _name_column(grid: Grid, r: int, columns: dict[str, int]) -> int:
    """The 二级事项 (name) column, or the 一级事项 column on a row whose 二级事项 is empty."""
    name_col, parent_col = columns[NAME_FIELD], columns.get(PARENT_FIELD)
    if parent_col is not None and not grid.cell(r, name_col).strip() and grid.cell(r, parent_col).strip():
        return parent_col
    return name_col


def _draft(grid: Grid, r: int, columns: dict[str, int], state: _Category) -> _Draft:
    skipped = (TOWNSHIP_FIELD, "category", PARENT_FIELD)
    fields = {f: grid.cell(r, c) for f, c in columns.items() if f not in skipped}
    fields[NAME_FIELD] = grid.cell(r, _name_column(grid, r, columns))
    category = state.cell(grid.cell(r, columns["category"]).strip() if "category" in columns else "")
    parent = grid.cell(r, columns[PARENT_FIELD]).strip() if PARENT_FIELD in columns else ""
    category = category or (parent if parent != fields[NAME_FIELD].strip() else "")
    if category:
        fields["category"] = category
    town_col = columns.get(TOWNSHIP_FIELD)
    return _Draft(r, fields, grid.cell(r, town_col).strip() if town_col is not None else "")


def _extend(draft: _Draft, own: Sequence[tuple[int, str]], columns: dict[str, int]) -> None:
    """A row whose name cell is merged with the item above adds its own texts to that item."""
    fields_at = {c: f for f, c in columns.items() if f not in (TOWNSHIP_FIELD, NAME_FIELD, "category", PARENT_FIELD)}
    for col, value in own:
        field = fields_at.get(col)
        if field is None:
            continue
        before = draft.fields.get(field, "").strip()
        draft.fields[field] = f"{before}\n{value}" if before and value != before else value


def _fill_ditto(drafts: Sequence[_Draft]) -> None:
    """A cell saying 同上 takes the value of the same column in the item above (itself filled first);
    the first item's 同上 stays as written."""
    for above, draft in pairwise(drafts):
        for field, value in draft.fields.items():
            if field != NAME_FIELD and is_ditto(value) and above.fields.get(field, "").strip():
                draft.fields[field] = above.fields[field]


def _item(draft: _Draft, ordinal: int, file: str, sheet: str | None) -> DutyItem:
    values = {f: clean(f, v) for f, v in draft.fields.items()}
    if not values.get("number"):
        number, name = split_name_number(values[NAME_FIELD])
        values.update({"number": number or "", NAME_FIELD: name})

    def text(field: str) -> str | None:
        return values.get(field) or None

    return DutyItem(
        ordinal=ordinal,
        name=values["name"],
        origin=Origin(file, sheet, draft.row + 1),
        number=text("number"),
        category=text("category"),
        tasks=text("tasks"),
        basis=text("basis"),
        office=text("office"),
        note=text("note"),
        lead_department=text("lead_department"),
        department_duties=text("department_duties"),
        township_duties=text("township_duties"),
        guarantee=text("guarantee"),
        receiving_department=text("receiving_department"),
    )


def _is_grouping(grid: Grid, header_row: int, columns: dict[str, int], cat_col: int) -> bool:
    """A 事项类别 column written once per group: the first item has one, some items have none, and
    no value repeats the one before it (so a blank clearly means "same as above")."""
    item_rows = [
        r
        for r in range(header_row + 1, len(grid.rows))
        if grid.cell(r, (col := _name_column(grid, r, columns))).strip() and (r, col) not in grid.continued
    ]
    values = [grid.cell(r, cat_col).strip() for r in item_rows]
    written = [v for r, v in zip(item_rows, values, strict=True) if v and (r, cat_col) not in grid.continued]
    return bool(values) and bool(values[0]) and "" in values and all(a != b for a, b in pairwise(written))

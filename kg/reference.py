"""The reference catalogue: data/catalogue/ → `ReferenceCatalogue`.

Three CSV files (UTF-8, header row, `|` between multiple values, booleans `true`/`false`):
`items.csv` (one row per catalogue item: the four basic duties, the 保民生/保安全/保底线 items with the
53 mandatory 兜底 items, and the to-be-returned catalogue), `mandatory_categories.csv` (`code,name`,
the 14 mandatory categories) and `negative_list.csv` (`code,pattern,label,reason,example`: regular
expressions over a normalised item name for duties not to be pushed down to townships, SPEC §4.4).
`items.csv` may end with one more column, `basis_review`: empty, or why the item's basis needs review
(e.g. the statute it cites is no longer in force and the corpus shows no successor) — the item stays
in the catalogue, its basis is not presented as a valid ground.

The demonstration catalogue shipped in data/catalogue/ is compiled for qingdan, not the official one;
see data/catalogue/README.md. A malformed file raises `ReferenceCatalogueError` naming file, line and
column: a wrong catalogue would silently misclassify every township's items.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.model import ListKind
from kg.regions import name_key

ITEM_COLUMNS = (
    "code",
    "section",
    "category",
    "name",
    "aliases",
    "default_list",
    "mandatory",
    "mandatory_category",
    "to_be_returned",
    "negative",
    "tasks",
    "department_role",
    "basis",
    "profile",
    "note",
)
REVIEW_COLUMN = "basis_review"
CATEGORY_COLUMNS = ("code", "name")
NEGATIVE_COLUMNS = ("code", "pattern", "label", "reason", "example")
BASIC_SECTIONS = ("党的建设", "经济发展", "民生服务", "平安法治")
GUARANTEE_SECTIONS = ("保民生", "保安全", "保底线")
RETURNED_SECTION = "收回"
SECTIONS = (*BASIC_SECTIONS, *GUARANTEE_SECTIONS, RETURNED_SECTION)
PROFILES = ("rural", "urban", "both")
_BOOLEANS = {"true": True, "false": False}


class ReferenceCatalogueError(ValueError):
    """A malformed catalogue file; the message (Chinese) says where and what to fix."""


@dataclass(frozen=True)
class CatalogueItem:
    """One catalogue item; `basis` is the legal basis as lists write it (parse it with kg.citations)."""

    code: str
    section: str
    category: str
    name: str
    aliases: tuple[str, ...]
    default_list: ListKind
    mandatory: bool
    mandatory_category: str | None
    to_be_returned: bool
    negative: bool
    tasks: str
    department_role: str | None
    basis: str
    profile: str
    note: str | None = None
    basis_review: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by its wording variants."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class NegativePattern:
    """A negative-list pattern (不得转嫁乡镇), matched against `kg.regions.name_key` of an item name."""

    code: str
    pattern: re.Pattern[str]
    label: str
    reason: str
    example: str

    def matches(self, item_name: str) -> bool:
        return self.pattern.search(name_key(item_name)) is not None


@dataclass(frozen=True)
class ReferenceCatalogue:
    items: tuple[CatalogueItem, ...]
    mandatory_categories: tuple[tuple[str, str], ...]
    negative_patterns: tuple[NegativePattern, ...]
    _by_code: dict[str, CatalogueItem] = field(default_factory=dict, repr=False, compare=False)
    _by_name: dict[str, CatalogueItem] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_code.update((i.code, i) for i in self.items)
        for item in self.items:
            for n in item.names:
                self._by_name.setdefault(name_key(n), item)

    def item(self, code: str) -> CatalogueItem | None:
        return self._by_code.get(code)

    def by_name(self, name: str) -> CatalogueItem | None:
        """The item whose name or alias equals `name` after width/script folding; None otherwise."""
        return self._by_name.get(name_key(name))

    def in_section(self, *sections: str) -> tuple[CatalogueItem, ...]:
        return tuple(i for i in self.items if i.section in sections)

    @property
    def mandatory(self) -> tuple[CatalogueItem, ...]:
        return tuple(i for i in self.items if i.mandatory)

    @property
    def returned(self) -> tuple[CatalogueItem, ...]:
        return tuple(i for i in self.items if i.to_be_returned)

    def negative_matches(self, item_name: str) -> tuple[NegativePattern, ...]:
        """The negative-list patterns an item name falls under."""
        return tuple(p for p in self.negative_patterns if p.matches(item_name))


def load_reference_catalogue(folder: Path) -> ReferenceCatalogue:
    """Read items.csv, mandatory_categories.csv and negative_list.csv from `folder`."""
    categories = tuple((r["code"], r["name"]) for _, r in _rows(folder / "mandatory_categories.csv", CATEGORY_COLUMNS))
    names = {name for _, name in categories}
    items = tuple(
        _item(line, row, names, folder / "items.csv")
        for line, row in _rows(folder / "items.csv", ITEM_COLUMNS, optional=REVIEW_COLUMN)
    )
    _unique((i.code for i in items), "code", folder / "items.csv")
    patterns = tuple(
        _pattern(line, row, folder / "negative_list.csv")
        for line, row in _rows(folder / "negative_list.csv", NEGATIVE_COLUMNS)
    )
    return ReferenceCatalogue(items, categories, patterns)


def _rows(path: Path, columns: Sequence[str], optional: str | None = None) -> list[tuple[int, dict[str, str]]]:
    """Rows of a CSV whose header is `columns`, or `columns` and then the `optional` column."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = tuple(reader.fieldnames or ())
            if header not in (tuple(columns), (*columns, optional)):
                extra = f"（可在末尾加 {optional} 列）" if optional else ""
                raise ReferenceCatalogueError(
                    f"参考目录文件“{path}”的表头应为 {','.join(columns)}{extra}，"
                    f"实际为 {','.join(header) or '（空）'}。"
                )
            columns = header
            rows = [(reader.line_num, row) for row in reader]
    except FileNotFoundError as exc:
        raise ReferenceCatalogueError(f"找不到参考目录文件“{path}”。") from exc
    except UnicodeDecodeError as exc:
        raise ReferenceCatalogueError(f"参考目录文件“{path}”不是 UTF-8 编码，请另存为 UTF-8。") from exc
    for line, row in rows:
        if None in row or any(row.get(c) is None for c in columns):
            raise ReferenceCatalogueError(f"参考目录文件“{path}”第 {line} 行的列数不对，应为 {len(columns)} 列。")
    return rows


def _item(line: int, row: dict[str, str], categories: set[str], path: Path) -> CatalogueItem:
    def fail(column: str, why: str) -> ReferenceCatalogueError:
        return ReferenceCatalogueError(f"参考目录“{path}”第 {line} 行 {column} 列：{why}")

    values = {k: v.strip() for k, v in row.items()}
    for column in ("code", "section", "category", "name", "tasks", "basis"):
        if not values[column]:
            raise fail(column, "不能为空。")
    if values["section"] not in SECTIONS:
        raise fail("section", f"“{values['section']}”无效，应为：{'、'.join(SECTIONS)}。")
    if values["profile"] not in PROFILES:
        raise fail("profile", f"“{values['profile']}”无效，应为 rural、urban 或 both。")
    try:
        default_list = ListKind(values["default_list"])
    except ValueError:
        raise fail("default_list", f"“{values['default_list']}”无效，应为 basic、cooperative 或 returned。") from None
    flags = {c: _boolean(values[c], lambda why, c=c: fail(c, why)) for c in ("mandatory", "to_be_returned", "negative")}  # type: ignore[misc]
    mandatory_category = values["mandatory_category"] or None
    if flags["mandatory"] != (mandatory_category is not None) or (
        mandatory_category is not None and mandatory_category not in categories
    ):
        raise fail("mandatory_category", "兜底事项须填写 mandatory_categories.csv 中的类别，非兜底事项须留空。")
    if flags["to_be_returned"] != (values["section"] == RETURNED_SECTION):
        raise fail("to_be_returned", "收回目录（section 为“收回”）的事项应为 true，其他事项应为 false。")
    return CatalogueItem(
        code=values["code"],
        section=values["section"],
        category=values["category"],
        name=values["name"],
        aliases=_split(values["aliases"]),
        default_list=default_list,
        mandatory=flags["mandatory"],
        mandatory_category=mandatory_category,
        to_be_returned=flags["to_be_returned"],
        negative=flags["negative"],
        tasks=values["tasks"],
        department_role=values["department_role"] or None,
        basis=row["basis"].strip(),
        profile=values["profile"],
        note=values["note"] or None,
        basis_review=values.get(REVIEW_COLUMN) or None,
    )


def _boolean(value: str, fail: Callable[[str], ReferenceCatalogueError]) -> bool:
    if value not in _BOOLEANS:
        raise fail(f"“{value}”应为 true 或 false。")
    return _BOOLEANS[value]


def _pattern(line: int, row: dict[str, str], path: Path) -> NegativePattern:
    try:
        compiled = re.compile(row["pattern"].strip())
    except re.error as exc:
        raise ReferenceCatalogueError(f"负面清单“{path}”第 {line} 行的正则表达式无效：{exc}。") from None
    return NegativePattern(
        row["code"].strip(), compiled, row["label"].strip(), row["reason"].strip(), row["example"].strip()
    )


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def _unique(values: Iterable[str], column: str, path: Path) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ReferenceCatalogueError(f"参考目录“{path}”的 {column}“{value}”重复，请改为唯一值。")
        seen.add(value)

"""How things look, as pure functions: labels, colours, numbering and the list tables.

Nothing here touches Streamlit or the store, so the whole presentation layer is tested with plain
tables of cases (tests/test_ui_presentation.py). Status labels and colours are data
(`ui/resources/status.toml`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from kg import browse

RESOURCES = Path(__file__).resolve().parent / "resources"
NO_CITATION = "none"
KIND_ORDER = ("basic", "cooperative", "returned")
KIND_SHORT = {"basic": "基本", "cooperative": "配合", "returned": "收回"}
KIND_LABELS = {
    "basic": "基本履职事项清单",
    "cooperative": "配合履职事项清单",
    "returned": "上级部门收回事项清单",
}


@dataclass(frozen=True)
class Tone:
    name: str
    label: str
    help: str
    badge: str
    background: str
    text: str


@dataclass(frozen=True)
class StatusStyle:
    code: str
    label: str
    tone: str
    help: str


@cache
def _styles() -> tuple[dict[str, StatusStyle], dict[str, Tone]]:
    data = tomllib.loads((RESOURCES / "status.toml").read_text(encoding="utf-8"))
    statuses = {
        code: StatusStyle(code, s.get("label") or browse.status_label(code), s["tone"], s["help"])
        for code, s in data["status"].items()
    }
    tones = {
        name: Tone(name, t["label"], t["help"], t["badge"], t["background"], t["text"])
        for name, t in data["tone"].items()
    }
    return statuses, tones


def status_style(status: str | None) -> StatusStyle:
    """Style of a status code; an unknown code is shown as a problem under its own name."""
    statuses, _ = _styles()
    code = status or NO_CITATION
    return statuses.get(code, StatusStyle(code, code, "problem", "未知状态。"))


def status_label(status: str | None) -> str:
    return status_style(status).label


def status_tone(status: str | None, confidence: float | None = None) -> Tone:
    """Green only for a verified citation resolved with full confidence, amber when the resolver
    was less sure, red for every other status, grey when there is nothing to resolve."""
    _, tones = _styles()
    tone = status_style(status).tone
    if tone == "ok" and confidence is not None and confidence < 1.0:
        tone = "uncertain"
    return tones[tone]


def tones() -> list[Tone]:
    return list(_styles()[1].values())


def statuses() -> list[StatusStyle]:
    return list(_styles()[0].values())


_DIGITS = "零一二三四五六七八九"
_UNITS = ((1000, "千"), (100, "百"), (10, "十"))


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 105 → 一百零五, 1010 → 一千零一十 (articles run below 10,000)."""
    if not 0 < n < 10000:
        return str(n)
    out: list[str] = []
    rest = n
    pending_zero = False
    for value, unit in _UNITS:
        digit, rest = divmod(rest, value)
        if digit:
            if pending_zero:
                out.append("零")
            out.append(_DIGITS[digit] + unit)
            pending_zero = False
        elif out:
            pending_zero = True
    if rest:
        if pending_zero:
            out.append("零")
        out.append(_DIGITS[rest])
    text = "".join(out)
    return text[1:] if text.startswith("一十") else text


def provision_label(article: int | None, paragraph: int | None = None, item: int | None = None) -> str:
    """第九条第二款第（三）项, the way Chinese legal texts cite a provision; empty when no article."""
    if article is None:
        return ""
    text = f"第{chinese_numeral(article)}条"
    if paragraph is not None:
        text += f"第{chinese_numeral(paragraph)}款"
    if item is not None:
        text += f"第（{chinese_numeral(item)}）项"
    return text


def date_label(value: date | str | None) -> str:
    """2024年3月1日; empty when unknown."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    return f"{value.year}年{value.month}月{value.day}日"


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def responsible_column(kind: str) -> tuple[str, str]:
    """Header and ItemRow field of the organisation column each list kind shows."""
    return {
        "cooperative": ("县级主责部门", "lead_department"),
        "returned": ("收回部门", "receiving_department"),
    }.get(kind, ("承办机构", "office"))


def name_column(kind: str) -> str:
    """The published header of the item name: 事项名称 in the returned list, 履职事项 elsewhere."""
    return "事项名称" if kind == "returned" else "履职事项"


class ItemLike(Protocol):
    id: str
    ordinal: int
    number: str | None
    category: str | None
    name: str
    basis: str | None
    citation_count: int
    worst_status: str | None


def item_number(row: ItemLike) -> str:
    return row.number or str(row.ordinal)


def item_option(row: ItemLike) -> str:
    """One line naming an item in a selectbox: its number as published and its name."""
    return f"{item_number(row)}．{row.name}"


def row_status(row: ItemLike) -> str:
    return (row.worst_status if row.citation_count else None) or NO_CITATION


def filter_rows(rows: Iterable[ItemLike], text: str = "", *, only_problems: bool = False) -> list[ItemLike]:
    """Rows whose name, category, basis or organisation contains `text` (case-insensitive); with
    `only_problems`, only rows whose worst status is not `ok` (no ground counts as a problem)."""
    needle = text.strip().lower()
    kept = []
    for r in rows:
        if only_problems and row_status(r) == "ok":
            continue
        fields = (r.name, r.category, r.basis, *(getattr(r, a, None) for a in ("office", "lead_department",
                                                                               "receiving_department")))
        if needle and not any(needle in f.lower() for f in fields if f):
            continue
        kept.append(r)
    return kept


STATUS_COLUMN = "依据状态"


def item_table(rows: Sequence[ItemLike], kind: str) -> pd.DataFrame:
    """The table of one list, in the columns and order a reviewer reads a published list."""
    header, attr = responsible_column(kind)
    name = name_column(kind)
    records = [
        {
            "序号": item_number(r),
            "事项类别": r.category or "",
            name: r.name,
            "设定依据": r.basis or "",
            header: getattr(r, attr, None) or "",
            "引用": r.citation_count,
            STATUS_COLUMN: status_label(row_status(r)),
        }
        for r in rows
    ]
    columns = ["序号", "事项类别", name, "设定依据", header, "引用", STATUS_COLUMN]
    return pd.DataFrame.from_records(records, columns=columns)


def status_cell_css(label: Any) -> str:
    """CSS for one cell of the status column (by its Chinese label)."""
    by_label = {s.label: s for s in statuses()}
    style = by_label.get(str(label))
    tone = status_tone(style.code if style else "unknown")
    return f"background-color: {tone.background}; color: {tone.text}; font-weight: 600"


def status_counts(rows: Iterable[ItemLike]) -> list[tuple[str, str, int]]:
    """(status code, Chinese label, number of items) of a list's worst statuses, in the legend's order."""
    counts: dict[str, int] = {}
    for r in rows:
        code = row_status(r) or NO_CITATION
        counts[code] = counts.get(code, 0) + 1
    order = {s.code: i for i, s in enumerate(statuses())}
    return [(code, status_label(code), counts[code]) for code in sorted(counts, key=lambda c: order.get(c, 99))]


@cache
def demonstration_markers() -> tuple[str, ...]:
    data = tomllib.loads((RESOURCES / "demonstration.toml").read_text(encoding="utf-8"))
    return tuple(str(m).lower() for m in data["markers"])


def is_demonstration(name: str) -> bool:
    """Whether a file name or list title says it is demonstration (generated) data."""
    lowered = name.lower()
    return any(marker in lowered for marker in demonstration_markers())


_MD_SPECIAL = "\\`*_{}[]<>()#+-.!|$~"


def md_escape(text: str | None) -> str:
    """Text from the data shown literally inside Streamlit Markdown (no emphasis, links or LaTeX)."""
    if not text:
        return ""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text).replace("\n", "  \n")

"""`qingdan stats`: townships and items per county and list kind, averages per list and the share of
cooperative plus returned items — from the store, or from a generated dataset's summary.json, printed
the same way so the two can be compared."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode

from kg.config import Settings
from kg.model import ListKind
from kg.vocab import QD_NS

KINDS = tuple(k.value for k in ListKind)


@dataclass(frozen=True)
class CountyFigures:
    code: str
    name: str
    townships: int
    items: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.items.values())


@dataclass(frozen=True)
class Figures:
    """Counts per county; province-wide totals, averages and share derived from them."""

    counties: tuple[CountyFigures, ...]

    @property
    def townships(self) -> int:
        return sum(c.townships for c in self.counties)

    @property
    def items(self) -> dict[str, int]:
        return {k: sum(c.items.get(k, 0) for c in self.counties) for k in KINDS}

    @property
    def total(self) -> int:
        return sum(self.items.values())

    def averages(self) -> dict[str, float]:
        n = self.townships
        return {k: round(v / n, 2) if n else 0.0 for k, v in self.items.items()}

    def share(self) -> float:
        """Cooperative plus returned items as a share of all items."""
        items = self.items
        return round((items["cooperative"] + items["returned"]) / self.total, 4) if self.total else 0.0


def store_figures(store_path: str, county: str | None = None) -> Figures:
    from kg.queries import load_query
    from kg.store import open_store, select

    store = open_store(store_path, read_only=True)
    try:
        bindings = {"county_code": Literal(county)} if county else None
        rows = select(store, load_query("stats_township_lists"), bindings)
    finally:
        store.close()
    names: dict[str, str] = {}
    townships: dict[str, set[str]] = {}
    items: dict[str, dict[str, int]] = {}
    for r in rows:
        code = _text(r["county_code"])
        kind = _kind(r["list_kind"])
        if kind is None:
            continue
        names[code] = _text(r["county_name"])
        townships.setdefault(code, set()).add(_text(r["township_code"]))
        counts = items.setdefault(code, dict.fromkeys(KINDS, 0))
        counts[kind] += int(_text(r["items"]))
    return Figures(
        tuple(CountyFigures(c, names[c], len(townships[c]), items[c]) for c in sorted(names))
    )


def _text(term: object) -> str:
    return str(getattr(term, "value", "")) if term is not None else ""


def _kind(term: object) -> str | None:
    if not isinstance(term, NamedNode) or not term.value.startswith(QD_NS):
        return None
    code = term.value[len(QD_NS) :]
    return code if code in KINDS else None


def manifest_figures(summary_path: Path, county: str | None = None) -> Figures:
    """The same figures from a generated dataset's summary.json (`qingdan demo generate`)."""
    data: dict[str, Any] = json.loads(summary_path.read_text(encoding="utf-8"))
    return Figures(
        tuple(
            CountyFigures(c["code"], c["name"], int(c["townships"]), {k: int(c["items_per_list"][k]) for k in KINDS})
            for c in sorted(data["counties"], key=lambda c: c["code"])
            if county is None or c["code"] == county
        )
    )


def table(figures: Figures, source: str) -> Iterable[str]:
    yield f"来源：{source}"
    yield "县（市、区）代码\t名称\t乡镇（街道）数\t基本\t配合\t收回\t合计"
    for c in figures.counties:
        yield "\t".join((c.code, c.name, str(c.townships), *(str(c.items[k]) for k in KINDS), str(c.total)))
    items, avg = figures.items, figures.averages()
    yield "\t".join(("合计", "", str(figures.townships), *(str(items[k]) for k in KINDS), str(figures.total)))
    yield (
        f"平均每个乡镇（街道）：基本 {avg['basic']:.1f} 项，配合 {avg['cooperative']:.1f} 项，"
        f"收回 {avg['returned']:.1f} 项；配合和收回事项占 {figures.share() * 100:.1f}%"
    )


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    settings = Settings.from_env()
    p = sub.add_parser(
        "stats",
        help="按县统计乡镇数和各类清单事项数",
        description="按县（市、区）统计已导入的乡镇（街道）数和基本、配合、收回清单事项数，以及平均数和配合、收回事项占比。"
        "指定 --manifest 时同时列出演示数据生成器 summary.json 中的数字以便核对。",
    )
    p.add_argument("--store", default=settings.store, help=f"图数据库路径（默认 {settings.store}）")
    p.add_argument("--county", help="只统计该县（市、区），填统计用区划代码，如 640221")
    p.add_argument("--manifest", type=Path, metavar="SUMMARY_JSON",
                   help="演示数据的 summary.json（qingdan demo generate 生成），与图数据库中的数字对照")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.store import StoreError

    outputs: list[tuple[Figures, str]] = []
    try:
        if args.manifest is not None:
            outputs.append((manifest_figures(args.manifest, args.county), f"演示数据清单 {args.manifest}"))
        if args.manifest is None or _store_exists(args.store):
            outputs.append((store_figures(args.store, args.county), f"图数据库 {args.store}"))
    except (StoreError, OSError, ValueError, KeyError) as exc:
        print(f"无法统计：{exc}", file=sys.stderr)
        return 2
    for figures, source in outputs:
        print("\n".join(table(figures, source)))
        print()
    return _compare(outputs)


def _store_exists(location: str) -> bool:
    from kg.store import is_remote

    return is_remote(location) or Path(location).exists()


def _compare(outputs: Sequence[tuple[Figures, str]]) -> int:
    if len(outputs) < 2:
        return 0
    if outputs[0][0] == outputs[1][0]:
        print("核对结果：图数据库中的计数与演示数据清单一致。")
        return 0
    print("核对结果：图数据库中的计数与演示数据清单不一致，请检查导入失败的文件。", file=sys.stderr)
    return 1

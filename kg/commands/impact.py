"""`qingdan impact`: which items, lists, townships and counties rely on a statute (version, article).

Answers "if this statute is repealed or amended, what must be reviewed?". `--format json` prints the
grouped result (county → township → list → items) for other tools.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import date

from kg.config import Settings


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    settings = Settings.from_env()
    p = sub.add_parser(
        "impact",
        help="法规影响分析：哪些事项、清单、乡镇依据该法规",
        description="给出一部法律法规（可限定版本和条），列出依据它的全部事项，按县、乡镇、清单分组；"
        "用于法规修改或废止后确定需要复核的事项。",
    )
    p.add_argument("--statute", required=True, metavar="TITLE", help="法规全称或简称，如 安全生产法")
    p.add_argument("--version", type=_iso_date, metavar="DATE", help="只看引用该版本（版本日期 YYYY-MM-DD）的事项")
    p.add_argument("--article", type=int, metavar="N", help="只看引用第 N 条的事项")
    p.add_argument("--store", default=settings.store, help=f"图数据库路径或 SPARQL 服务地址（默认 {settings.store}）")
    p.add_argument("--format", choices=("table", "json"), default="table", help="输出格式（默认 table）")
    p.set_defaults(func=run)


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{value}”格式不对，应为 YYYY-MM-DD。") from None


def run(args: argparse.Namespace) -> int:
    from kg.impact import ImpactError, impact
    from kg.store import StoreError, open_store

    try:
        store = open_store(args.store, read_only=True)
    except StoreError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        result = impact(store, args.statute, args.version, args.article)
    except ImpactError as exc:
        print(exc, file=sys.stderr)
        return 1
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps(asdict(result), ensure_ascii=False, default=str, indent=1))
        return 0
    scope = "".join(x for x in (
        f"{args.version.isoformat()}版本" if args.version else "", f"第{args.article}条" if args.article else ""
    ) if x)
    print(f"《{result.statute_title}》{scope}：{result.item_count} 个事项，{result.list_count} 张清单，"
          f"{result.township_count} 个乡镇（街道），{len(result.counties)} 个县（市、区）。")
    for county in result.counties:
        print(f"{county.name}（{county.code}）：{county.item_count} 个事项")
        for township in county.townships:
            print(f"  {township.name}（{township.code}）")
            for lst in township.lists:
                print(f"    {lst.kind_label}：")
                for item in lst.items:
                    print(f"      {item.name}  [{item.citation}]")
    return 0

"""`qingdan check`: run the registered checks over the store and report the findings.

Formats: `table` (terminal), `jsonl` and `csv` (the public field names: kind, severity,
township_code, township, list, item, source_file, sheet, row, message, fix, subject, related) and
`xlsx` (one sheet per township with Chinese headers, to send back to townships; needs --out).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import IO

from kg.checks.registry import KINDS
from kg.config import Settings

FORMATS = ("table", "jsonl", "xlsx", "csv")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    settings = Settings.from_env()
    p = sub.add_parser(
        "check",
        help="检查清单：无依据、依据错误或过时、机构缺失、重复、分类不一致等问题",
        description="对图数据库中的全部清单运行检查，列出需要处理的事项及问题说明和修改建议。"
        f"检查代码：{'、'.join(KINDS)}。",
    )
    p.add_argument("--store", default=settings.store, help=f"图数据库路径或 SPARQL 服务地址（默认 {settings.store}）")
    p.add_argument("--county", metavar="CODE", help="只列该县（市、区）的发现（6 位代码）")
    p.add_argument("--township", metavar="CODE", help="只列该乡镇（街道）的发现（9 位代码）")
    p.add_argument("--kind", action="append", metavar="K", choices=KINDS, help="只运行该检查；可重复")
    p.add_argument("--format", choices=FORMATS, default="table", help="输出格式（默认 table）")
    p.add_argument("--out", type=Path, metavar="FILE", help="输出文件（xlsx 必填；其他格式默认输出到屏幕）")
    p.add_argument("--data", type=Path, default=settings.data_dir,
                   help="参考数据目录，读取其中的负面清单 catalogue/negative_list.csv（默认 data）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.checks import run_checks
    from kg.checks.export import table_lines, write_csv, write_jsonl, write_xlsx
    from kg.store import StoreError, open_store

    if args.format == "xlsx" and args.out is None:
        print("导出 Excel 需要用 --out 指定文件，例如 --out 检查结果.xlsx。", file=sys.stderr)
        return 2
    try:
        store = open_store(args.store, read_only=True)
    except StoreError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        findings = run_checks(store, kinds=args.kind, county=args.county, township=args.township, data_dir=args.data)
    finally:
        store.close()
    if args.format == "xlsx":
        sheets = write_xlsx(findings, args.out)
        print(f"已导出 {len(findings)} 条发现到 {args.out}（{sheets} 个工作表，每个乡镇一个）。")
        return 0
    out: IO[str] = args.out.open("w", encoding="utf-8", newline="") if args.out else sys.stdout
    try:
        if args.format == "jsonl":
            write_jsonl(findings, out)
        elif args.format == "csv":
            write_csv(findings, out)
        else:
            out.write("\n".join(table_lines(findings)) + "\n")
    finally:
        if args.out:
            out.close()
    return 0

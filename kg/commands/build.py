"""`qingdan build`: import duty lists into the store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.config import Settings


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    settings = Settings.from_env()
    p = sub.add_parser(
        "build",
        help="导入履职事项清单并构建图谱",
        description="导入履职事项清单（.xlsx/.xls/.csv 文件或文件夹），解析设定依据，写入图数据库。"
        "同名文件再次导入时整体替换其命名图；文件夹中以 . 或 _ 开头的文件和子文件夹被跳过。",
    )
    p.add_argument("sources", nargs="*", type=Path, default=[settings.data_dir / "sample"],
                   metavar="SOURCE", help="清单文件或文件夹（默认 data/sample）")
    p.add_argument("--store", default=settings.store, help=f"图数据库路径（默认 {settings.store}）")
    p.add_argument("--data", type=Path, default=settings.data_dir,
                   help="参考数据目录：行政区划、机构、法规目录（默认 data）")
    p.add_argument("--corpus", type=Path, default=None, metavar="DIR",
                   help="法律法规全文库目录（LawRefBook 格式或纯文本）：据此核对条、款、项是否存在，并写入条文原文")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.build import build
    from kg.store import StoreError, open_store

    try:
        store = open_store(args.store)
    except StoreError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        report = build(args.sources, store, data_dir=args.data, corpus_dir=args.corpus, progress=True)
    finally:
        store.close()
    for s in report.sources:
        print(f"已导入 {s.file}：{s.lists} 张清单，{s.items} 个事项，{s.citations} 条依据引用")
    if report.corpus_errors:
        print(f"全文库中 {len(report.corpus_errors)} 个文件无法识别为法规，已跳过（qingdan laws import 可列出明细）。")
    for failure in report.failures:
        print(f"未导入：{failure.message}", file=sys.stderr)
    print(
        f"完成：{len(report.sources)} 个文件，{report.items} 个事项，"
        f"{len(report.failures)} 个文件未导入，用时 {report.seconds:.1f} 秒。图数据库：{args.store}"
    )
    return 1 if report.failures else 0

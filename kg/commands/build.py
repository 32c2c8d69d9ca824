"""`qingdan build`: import duty lists into the store."""

from __future__ import annotations

import argparse
import shutil
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
    p.add_argument("--fresh", action="store_true",
                   help="弃用原有内容，在新文件夹中从头构建，成功后替换原图数据库（仅本地路径）；"
                   "重建整个自治区时比在原库上逐图替换快得多，构建失败时原库保持不变")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.build import build
    from kg.store import StoreError, is_remote, open_store

    remote = is_remote(args.store)
    if args.fresh and remote:
        print("--fresh 只适用于本地图数据库路径。", file=sys.stderr)
        return 2
    target = fresh_folder(Path(args.store)) if args.fresh else args.store
    try:
        store = open_store(target)
    except StoreError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        report = build(args.sources, store, data_dir=args.data, corpus_dir=args.corpus, progress=True)
    finally:
        store.close()
    if args.fresh:
        swap_in(Path(target), Path(args.store))
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


def fresh_folder(store: Path) -> Path:
    """An empty sibling folder to build into (`<store>.new`), cleared of an earlier failed attempt."""
    folder = store.with_name(store.name + ".new")
    shutil.rmtree(folder, ignore_errors=True)
    return folder


def swap_in(built: Path, store: Path) -> None:
    """Put the freshly built store in place of the old one; the old one is removed only after."""
    old = store.with_name(store.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if store.exists():
        store.rename(old)
    built.rename(store)
    shutil.rmtree(old, ignore_errors=True)

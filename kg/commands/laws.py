"""`qingdan laws import DIR`: load a law corpus (articles, paragraphs, items with text) into the store."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from kg.config import Settings


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    settings = Settings.from_env()
    p = sub.add_parser("laws", help="法律法规全文库", description="管理法律法规全文库。")
    laws = p.add_subparsers(dest="laws_command", required=True, metavar="COMMAND")
    imp = laws.add_parser(
        "import",
        help="导入法律法规全文库",
        description="读取 LawRefBook 格式（Markdown + db.sqlite3）或纯文本的法律法规全文，"
        "按条、款、项写入图数据库的“laws”命名图（整体替换）。无法读取的文件会列出，不影响其他文件。",
    )
    imp.add_argument("folder", type=Path, metavar="DIR", help="全文库目录")
    imp.add_argument("--store", default=settings.store, help=f"图数据库路径（默认 {settings.store}）")
    imp.add_argument("--catalogue", type=Path, default=settings.data_dir / "statutes" / "catalogue.csv",
                     help="法规目录 CSV，用于统一标题写法（可选）")
    imp.set_defaults(func=run_import)


def run_import(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from kg.citations import Resolver
    from kg.graph.statutes import corpus_quads
    from kg.iris import Iris
    from kg.laws import CorpusError, CorpusIndex, CorpusStatute, iter_corpus
    from kg.statutes import CatalogueError, load_statutes
    from kg.store import StoreError, open_store

    if not args.folder.is_dir():
        print(f"找不到全文库目录“{args.folder}”。", file=sys.stderr)
        return 2
    started = time.perf_counter()
    statutes: list[CorpusStatute] = []
    errors: list[CorpusError] = []
    files = sum(1 for p in args.folder.rglob("*") if p.suffix in (".md", ".txt"))
    for record in tqdm(iter_corpus(args.folder), total=files, desc="读取全文库", unit="个文件"):
        if isinstance(record, CorpusError):
            errors.append(record)
        else:
            statutes.append(record)
    titles: dict[str, str] = {}
    if args.catalogue.exists():
        try:
            catalogue = load_statutes(args.catalogue)
        except CatalogueError as exc:
            print(exc, file=sys.stderr)
            return 2
        titles = Resolver(catalogue, CorpusIndex(statutes)).corpus_renames()
    iris = Iris()
    graph = iris.reference_graph("laws")
    try:
        store = open_store(args.store)
    except StoreError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        store.replace_graphs({graph: corpus_quads(statutes, iris, graph, titles)})
    finally:
        store.close()
    for error in errors:
        print(f"未导入 {error.file}：{error.reason}", file=sys.stderr)
    print(
        f"完成：导入 {len(statutes)} 个文件（{sum(len(s.provisions) for s in statutes)} 个条款项），"
        f"{len(errors)} 个文件未导入，用时 {time.perf_counter() - started:.1f} 秒。图数据库：{args.store}"
    )
    return 0
